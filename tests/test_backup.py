"""A backup restored into an empty database (and an empty media folder) gives back every page, revision, document
and membership."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests import factories as f

ROOT = Path(__file__).resolve().parent.parent

SNAPSHOT = """
import json, django
django.setup()
from django.test import Client
from wagtail.models import Page, Revision
from pages.models import Membership, PortalDocument

def _file_text(document):
    with document.file.open("rb") as handle:
        return handle.read().decode("latin-1")

def snapshot():
    return {
        "pages": sorted(
            [p.pk, p.title, p.url_path, p.live, p.content_type.natural_key(), p.locale.language_code]
            for p in Page.objects.select_related("content_type", "locale")
        ),
        "revisions": sorted(
            [r.pk, r.object_id, r.content_type.model, r.content.get("title", "")]
            for r in Revision.objects.select_related("content_type")
        ),
        "documents": sorted(
            [d.pk, d.title, d.file.name, _file_text(d)] for d in PortalDocument.objects.all()
        ),
        "memberships": sorted(
            [m.pk, m.person.name, getattr(m.person.municipality, "name", ""), m.organisation_id, m.role]
            for m in Membership.objects.select_related("person__municipality")
        ),
    }
"""


def snapshot_here():
    namespace = {}
    exec(SNAPSHOT.replace("django.setup()", ""), namespace)  # noqa: S102 - the same code runs in the restored copy
    return json.loads(json.dumps(namespace["snapshot"]()))


def build_content():
    body = f.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    group = f.working_group(body, title="Energi og Klima")
    meeting = f.meeting(group, items=3, closed=(2,), publish=False)
    document = f.document(
        title="Bilag om vækstforum", filename="bilag.txt", content="Bilag til punkt 1 – Næstved".encode()
    )
    item = meeting.agenda_items.first()
    item.attachments = f.attachment(document)
    item.save()
    meeting.save_revision().publish()
    meeting.title = "Møde i Energi og Klima (ændret)"
    meeting.save_revision().publish()
    archive = f.memo_archive()
    f.memo(archive)
    f.memo(archive, title="Udkast til notat", publish=False)
    for name, role in (("Henning Jensen", "chair"), ("Lis Tribler", "member")):
        f.membership(f.person(name=name, municipality_name="Næstved"), body, role=role)
    return meeting


@pytest.fixture
def empty_database(tmp_path):
    """The address of a database that has nothing in it yet, of the same kind as the test database."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_restore"
    admin = psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run_manage(args, database_url, media_root, script=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-c", script] if script else [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


@pytest.mark.django_db
def test_backup_restores_into_an_empty_database(tmp_path, empty_database):
    meeting = build_content()
    before = snapshot_here()
    assert len(before["revisions"]) >= 6 and before["documents"] and len(before["memberships"]) == 2

    archive = tmp_path / "portal-backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Backup written to" in out.getvalue()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names
    assert any(name.startswith("media/documents/") for name in names)

    restored_media = tmp_path / "restored-media"
    log = run_manage(["restore", str(archive), "--noinput"], empty_database, restored_media)
    assert "Restored" in log

    script = (
        SNAPSHOT
        + f"""
client = Client(HTTP_HOST="localhost")
status = client.get({meeting.url!r}).status_code
print(json.dumps({{"snapshot": snapshot(), "meeting_status": status}}))
"""
    )
    after = json.loads(run_manage([], empty_database, restored_media, script=script).strip().splitlines()[-1])
    assert after["snapshot"] == before
    assert after["meeting_status"] == 200


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "not-a-backup.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        data = b"hello"
        info = tarfile.TarInfo("hello.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="manifest.json is missing"):
        call_command("restore", str(bogus), "--noinput", "--no-index", stdout=io.StringIO())
