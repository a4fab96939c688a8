"""`manage.py import_documents` turns a folder of files into published, searchable memos, once."""

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command

from pages.models import MemoPage, PortalDocument
from tests import factories
from tests.test_extraction import docx_bytes, odt_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

CSV = """file;title;date;journal number;case id;author reference;body
strategi.pdf;Vækstforummets strategi;19.01.2009;04.00.00 P16;000198683;MEN;N17
referat.docx;Referat fra N17;2009-03-04;;;;
"""


@pytest.fixture
def folder(tmp_path):
    files = tmp_path / "arkiv"
    files.mkdir()
    (files / "strategi.pdf").write_bytes(pdf_bytes("Erhvervsudviklingsstrategien for Region Sjælland"))
    (files / "referat.docx").write_bytes(docx_bytes("Referat om turismekonsortiet"))
    (files / "notat.odt").write_bytes(odt_bytes("Notat om energiområdet"))
    (files / "note.txt").write_text("Kort note om trafikplanen", encoding="utf-8")
    return files


def run(folder, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_documents", str(folder), *args, stdout=out, stderr=err)
        failed = None
    except CommandError as exc:
        failed = str(exc)
    return out.getvalue(), err.getvalue(), failed


def test_import_creates_published_memos_with_metadata_and_is_searchable(client, folder, tmp_path):
    archive = factories.memo_archive()
    factories.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    metadata = tmp_path / "meta.csv"
    metadata.write_text(CSV, encoding="utf-8")
    out, err, failed = run(folder, "--metadata", str(metadata), "--parent", str(archive.pk))
    assert failed is None, out
    assert "Imported 4 file(s)" in out
    assert "4/4" in err
    memo = MemoPage.objects.get(title="Vækstforummets strategi")
    assert memo.live and memo.date == dt.date(2009, 1, 19)
    assert (memo.journal_number, memo.action_facet, memo.case_id, memo.author_reference) == (
        "04.00.00",
        "P16",
        "000198683",
        "MEN",
    )
    assert memo.related_organisations.get().short_name == "N17"
    assert MemoPage.objects.get(title="notat").get_parent().pk == archive.pk
    html = client.get("/da/search/", {"q": "strategi"}).content.decode()
    assert "Vækstforummets strategi" in html
    assert "trafikplan" in client.get("/da/search/", {"q": "trafikplanen"}).content.decode()


def test_running_again_imports_nothing_twice(folder):
    factories.memo_archive()
    run(folder)
    out, _err, failed = run(folder)
    assert failed is None
    assert "Imported 0 file(s); 4 already imported" in out
    assert MemoPage.objects.count() == 4
    assert PortalDocument.objects.count() == 4


def test_failures_are_listed_with_reasons_and_leave_nothing_behind(folder, tmp_path):
    factories.memo_archive()
    (folder / "billede.png").write_bytes(b"\x89PNG....")
    (folder / "tom.txt").write_bytes(b"")
    (folder / "ødelagt.pdf").write_bytes(b"%PDF-1.4 broken")
    metadata = tmp_path / "meta.csv"
    metadata.write_text(
        "file,title,date,journal number\n"
        "note.txt,Note,31.02.2009,\n"
        "notat.odt,Notat,2009-01-01,4.0.0\n"
        "mangler.pdf,Mangler,2009-01-01,\n",
        encoding="utf-8",
    )
    out, _err, failed = run(folder, "--metadata", str(metadata))
    assert failed and "could not be imported" in failed
    assert "billede.png: not a PDF, DOCX, ODT or TXT file" in out
    assert "tom.txt: the file is empty" in out
    assert "note.txt: the date “31.02.2009” is not a date" in out
    assert re.search(r"notat\.odt: .*04\.00\.00", out)
    assert "mangler.pdf: listed in the metadata file but not found" in out
    # A damaged file is archived all the same, with its problem reported.
    assert "imported without text:" in out and "ødelagt.pdf" in out
    assert sorted(MemoPage.objects.values_list("title", flat=True)) == ["referat", "strategi", "ødelagt"]
    assert PortalDocument.objects.count() == 3


def test_a_failure_inside_the_transaction_rolls_back_the_file(folder, monkeypatch):
    factories.memo_archive()

    def explode(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(MemoPage, "save_revision", explode)
    out, _err, failed = run(folder)
    assert failed
    assert "RuntimeError: database went away" in out
    assert MemoPage.objects.count() == 0
    assert PortalDocument.objects.count() == 0


def test_unknown_parent_is_refused(folder):
    with pytest.raises(CommandError, match="not a memo archive"):
        call_command("import_documents", str(folder), "--parent", "999999", stdout=io.StringIO())
