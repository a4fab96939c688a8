"""Text of uploaded PDF, DOCX, ODT and plain-text files is read after upload, stored, indexed and searchable."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from django_tasks import task_backends
from odf.opendocument import OpenDocumentText
from odf.text import H, P
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from pages.models import PortalDocument
from search import extraction
from tests import factories

pytestmark = pytest.mark.django_db

SENTENCE = "Vækstforummets erhvervsudviklingsstrategi blev drøftet af kommunerne"


def pdf_bytes(text=SENTENCE, encrypt=None):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_bytes(text=SENTENCE):
    document = docx.Document()
    document.add_heading("Notat", level=1)
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "Tabelcelle om turisme"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(text=SENTENCE):
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Notat"))
    document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


SAMPLES = {
    "notat.pdf": pdf_bytes,
    "notat.docx": docx_bytes,
    "notat.odt": odt_bytes,
    "notat.txt": lambda: SENTENCE.encode("utf-8"),
}


@pytest.fixture
def inline_extraction(settings, django_capture_on_commit_callbacks):
    """Runs the after-upload extraction inside the test (the test settings run background tasks at once)."""

    def upload(filename, content, title="Bilag"):
        with django_capture_on_commit_callbacks(execute=True):
            document = factories.document(title=title, filename=filename, content=content)
        document.refresh_from_db()
        return document

    return upload


@pytest.mark.parametrize("filename", sorted(SAMPLES))
def test_text_of_each_file_type_is_read_on_upload(inline_extraction, filename):
    document = inline_extraction(filename, SAMPLES[filename]())
    assert "erhvervsudviklingsstrategi" in document.extracted_text
    assert document.extraction_error == ""
    assert len(document.sha256) == 64


def test_word_tables_are_read_too(inline_extraction):
    document = inline_extraction("tabel.docx", docx_bytes())
    assert "Tabelcelle om turisme" in document.extracted_text


@pytest.mark.parametrize(
    "filename, content, reason",
    [
        ("broken.pdf", b"%PDF-1.4\n this is not really a pdf", "PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip at all", ""),
        ("secret.pdf", None, "encrypted"),
        ("scan.pdf", None, "No text"),
        ("image.png", b"\x89PNG\r\n\x1a\n....", "PDF, DOCX, ODT"),
    ],
)
def test_a_problem_file_is_saved_and_its_problem_recorded(inline_extraction, filename, content, reason):
    if filename == "secret.pdf":
        content = pdf_bytes(encrypt=StandardEncryption("hemmelig", canPrint=0))
    if filename == "scan.pdf":
        content = pdf_bytes(text="")
    document = inline_extraction(filename, content)
    assert PortalDocument.objects.filter(pk=document.pk).exists()
    assert document.extracted_text == ""
    assert document.extraction_error
    assert reason in document.extraction_error


def test_a_huge_file_is_not_read(inline_extraction, monkeypatch):
    monkeypatch.setattr(extraction, "MAX_FILE_BYTES", 1000)
    document = inline_extraction("stor.txt", b"ord " * 1000)
    assert document.extracted_text == ""
    assert "larger than" in document.extraction_error


def test_a_slow_file_is_stopped_after_the_time_limit():
    text, error = extraction.extract(pdf_bytes(), "notat.pdf", timeout=0.001)
    assert text == ""
    assert "longer than" in error


def test_an_upload_is_read_by_a_background_task_after_it_is_saved(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {**settings.TASKS, "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        document = factories.document(filename="bilag.txt", content=b"tekst om fjernvarme")
    queued = task_backends["background"].results
    assert [(r.task.name, list(r.args)) for r in queued] == [("extract_document_text", [document.pk])]
    document.refresh_from_db()
    assert document.extracted_text == ""  # not read in the upload's own request


def test_attachment_text_is_searchable_and_replacing_the_file_reindexes(
    client, inline_extraction, django_capture_on_commit_callbacks
):
    document = inline_extraction("bilag.pdf", pdf_bytes("Bilaget handler om fjernvarmeværker i kommunerne"))
    archive = factories.memo_archive()
    factories.memo(archive, title="Energinotat", body="<p>Se bilaget.</p>", attachments=factories.attachment(document))
    html = client.get("/da/search/", {"q": "fjernvarmeværket"}).content.decode()
    assert "Energinotat" in html
    assert "bilag.pdf" in html

    with django_capture_on_commit_callbacks(execute=True):
        replaced = PortalDocument.objects.get(pk=document.pk)
        replaced.file.save("nyt-bilag.pdf", ContentFile(pdf_bytes("Nu handler bilaget om solcelleparker")), save=False)
        replaced.save()
    replaced.refresh_from_db()
    assert "solcelleparker" in replaced.extracted_text
    assert replaced.sha256 != document.sha256
    assert "Energinotat" in client.get("/da/search/", {"q": "solcellepark"}).content.decode()
    assert "Energinotat" not in client.get("/da/search/", {"q": "fjernvarmeværket"}).content.decode()


def test_editors_see_which_documents_could_not_be_read(admin_client, inline_extraction):
    inline_extraction("broken.pdf", b"%PDF-1.4 broken", title="Ødelagt bilag")
    inline_extraction("fine.txt", SENTENCE.encode(), title="Fint bilag")
    response = admin_client.get("/admin/reports/unreadable-documents/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ødelagt bilag" in html
    assert "damaged" in html
    assert "Fint bilag" not in html
