"""The bulk export: all public data as OParl JSON plus the public attachments, in a folder or a zip file."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.oparl_schema.validate import validate, validate_list
from tests.test_oparl import SECRET, portal  # noqa: F401  (the fixture)

KINDS = ("organization", "person", "membership", "location", "meeting", "agendaitem", "paper", "file")


def export(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_open_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_to_a_folder_writes_valid_oparl_and_the_public_files(tmp_path, portal):  # noqa: F811
    target = tmp_path / "export"
    out, progress = export(str(target))
    assert "Exported" in out
    assert "Meeting" in progress and "[" in progress  # a progress bar per list
    validate(json.loads((target / "oparl" / "system.json").read_text()))
    validate(json.loads((target / "oparl" / "body.json").read_text()))
    lists = {kind: json.loads((target / "oparl" / f"{kind}.json").read_text()) for kind in KINDS}
    for page in lists.values():
        validate_list(page)
    assert len(lists["meeting"]["data"]) == 1
    assert {f["name"] for f in lists["file"]["data"]} == {"Offentligt bilag", "Notatbilag"}
    [meeting] = lists["meeting"]["data"]
    assert meeting["id"] == f"http://testserver/api/oparl/v1/meeting/{portal['meeting'].pk}"

    files = sorted(p.relative_to(target / "files").as_posix() for p in (target / "files").rglob("*") if p.is_file())
    assert len(files) == 2
    public = portal["public_doc"]
    assert (target / "files" / str(public.pk)).is_dir()
    assert next((target / "files" / str(public.pk)).iterdir()).read_bytes() == b"Offentlig tekst"

    everything = "".join(p.read_text(encoding="utf-8") for p in target.rglob("*") if p.is_file())
    assert SECRET not in everything
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["counts"]["Meeting"] == 1 and manifest["counts"]["attachments"] == 2


def test_export_again_replaces_the_previous_export(tmp_path, portal):  # noqa: F811
    target = tmp_path / "export"
    export(str(target))
    portal["memo"].unpublish()
    export(str(target))
    assert json.loads((target / "oparl" / "paper.json").read_text())["data"] == []
    assert len([p for p in (target / "files").rglob("*") if p.is_file()]) == 1
    assert sorted(p.name for p in target.iterdir()) == ["files", "manifest.json", "oparl"]


def test_export_to_a_zip(tmp_path, portal):  # noqa: F811
    target = tmp_path / "nightly"
    out, _ = export(str(target), "--zip")
    archive_path = target / "open-data.zip"
    assert str(archive_path) in out
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        assert "oparl/meeting.json" in names and "manifest.json" in names
        assert sum(n.startswith("files/") for n in names) == 2
        for name in names:
            if name.startswith("oparl/"):
                data = json.loads(archive.read(name))
                validate_list(data) if "data" in data else validate(data)
            assert SECRET.encode() not in archive.read(name)
    assert [p.name for p in target.iterdir()] == ["open-data.zip"]


def test_export_refuses_a_file_as_its_folder(tmp_path, db):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    with pytest.raises(CommandError, match="not a folder"):
        export(str(not_a_folder))
