"""Document uploads are checked by size and by content, show a clear error, and never leave half a document."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_save
from django.urls import reverse
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from pages.models import PortalDocument
from tests import factories


def pdf_bytes(text="Dagsorden for mødet"):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    drawing.drawString(72, 720, text)
    drawing.save()
    return buffer.getvalue()


def docx_bytes():
    import docx

    document = docx.Document()
    document.add_paragraph("Referat")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 240


def editor(language):
    user = get_user_model().objects.create_superuser(f"redaktoer-{language}", "r@example.dk", "hemmelig-kode-123")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(editor("en"))
    return client


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def upload(client, name, content, title="Bilag"):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "collection": Collection.get_first_root_node().pk, "file": SimpleUploadedFile(name, content)},
    )


def upload_multiple(client, name, content):
    return client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": Collection.get_first_root_node().pk, "files[]": SimpleUploadedFile(name, content)},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content",
    [
        ("dagsorden.pdf", pdf_bytes()),
        ("referat.docx", docx_bytes()),
        ("notat.txt", "Kommunerne i Region Sjælland".encode()),
        ("deltagere.csv", "navn;kommune\nHenning Jensen;Næstved\n".encode("cp1252")),
    ],
)
def test_a_real_document_is_saved(editor_client, settings, name, content):
    response = upload(editor_client, name, content, title="Bilag 1")
    assert response.status_code == 302
    document = PortalDocument.objects.get(title="Bilag 1")
    assert document.file.read() == content
    assert len(stored_files(settings)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("dagsorden.pdf", WINDOWS_PROGRAM, "PDF"),
        ("referat.docx", pdf_bytes(), "Word (DOCX)"),
        ("notat.txt", pdf_bytes(), "plain text"),
        ("notat.txt", b"\x00\x01\x02binary\x00", "plain text"),
        ("regneark.xlsx", docx_bytes(), "Excel (XLSX)"),
    ],
)
def test_content_that_does_not_match_the_name_is_refused_with_a_clear_error(
    editor_client, settings, name, content, kind
):
    response = upload(editor_client, name, content)
    assert response.status_code == 200  # the form again, with the error
    page = response.content.decode()
    assert f"but its content is not {kind}" in page
    assert not PortalDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_the_error_is_in_danish_for_a_danish_editor(client):
    client.force_login(editor("da"))
    response = upload(client, "dagsorden.pdf", WINDOWS_PROGRAM)
    assert response.status_code == 200
    assert "men indholdet er ikke PDF" in response.content.decode()
    assert not PortalDocument.objects.exists()


@pytest.mark.django_db
def test_a_forbidden_file_type_is_refused(editor_client, settings):
    response = upload(editor_client, "program.exe", WINDOWS_PROGRAM)
    assert response.status_code == 200
    assert "program.exe" not in [d.filename for d in PortalDocument.objects.all()]
    assert "exe" in response.content.decode()
    assert not PortalDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(editor_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 2_000
    response = upload(editor_client, "stor.txt", b"a" * 5_000)
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not PortalDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_multiple_uploader_checks_content_too(editor_client, settings):
    refused = upload_multiple(editor_client, "dagsorden.pdf", WINDOWS_PROGRAM).json()
    assert refused["success"] is False
    assert "but its content is not PDF" in refused["error_message"]
    assert "not allowed" not in refused["error_message"]  # one clear reason, not two
    accepted = upload_multiple(editor_client, "dagsorden.pdf", pdf_bytes()).json()
    assert accepted["success"] is True
    assert PortalDocument.objects.count() == 1
    assert len(stored_files(settings)) == 1


@pytest.fixture
def failing_save():
    """The database refuses the document row after its file has been written to storage."""

    def fail(sender, instance, **kwargs):
        raise RuntimeError("database refused the row")

    post_save.connect(fail, sender=PortalDocument, dispatch_uid="test-failing-document-save")
    yield
    post_save.disconnect(sender=PortalDocument, dispatch_uid="test-failing-document-save")


@pytest.mark.django_db
@pytest.mark.parametrize("send", [upload, upload_multiple])
def test_a_failed_upload_leaves_neither_row_nor_file(editor_client, settings, failing_save, send):
    editor_client.raise_request_exception = False
    response = send(editor_client, "dagsorden.pdf", pdf_bytes())
    assert response.status_code == 500
    assert not PortalDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_replacing_a_file_keeps_the_old_one_until_the_new_one_is_saved(editor_client, settings):
    upload(editor_client, "dagsorden.pdf", pdf_bytes("Første udgave"), title="Dagsorden")
    document = PortalDocument.objects.get()
    old_name = document.file.name
    response = editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Dagsorden",
            "collection": document.collection_id,
            "file": SimpleUploadedFile("dagsorden.pdf", WINDOWS_PROGRAM),
        },
    )
    assert response.status_code == 200
    assert "but its content is not PDF" in response.content.decode()
    document.refresh_from_db()
    assert document.file.name == old_name
    assert document.file.storage.exists(old_name)


def upload_without_collection(client):
    """A multiple upload that leaves the title and collection to a second form (the uploaded file waits): with the
    collections a body brings, the uploader must say which one."""
    factories.body()
    response = client.post(reverse("wagtaildocs:add_multiple"), {"files[]": SimpleUploadedFile("a.txt", b"Bilag")})
    return response.json()["uploaded_file_id"]


def finish_upload(client, uploaded_file_id, data):
    url = reverse("wagtaildocs:create_multiple_from_uploaded_document", args=(uploaded_file_id,))
    return client.post(url, data, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


@pytest.mark.django_db
def test_a_waiting_upload_becomes_a_document_once_its_form_is_complete(editor_client):
    uploaded = upload_without_collection(editor_client)
    prefix = f"uploaded-document-{uploaded}"
    data = {f"{prefix}-title": "Bilag", f"{prefix}-collection": Collection.get_first_root_node().pk}
    assert finish_upload(editor_client, uploaded, data).json()["success"] is True


@pytest.mark.django_db
def test_a_waiting_upload_with_an_incomplete_form_answers_with_the_form_again(editor_client):
    uploaded = upload_without_collection(editor_client)
    response = finish_upload(editor_client, uploaded, {f"uploaded-document-{uploaded}-title": ""})
    assert (response.status_code, response.json()["success"]) == (200, False)


@pytest.mark.django_db
def test_a_file_type_not_allowed_is_refused_before_it_can_wait_for_its_form(editor_client):
    factories.body()
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": SimpleUploadedFile("program.exe", b"MZ\x90\x00")}
    )
    assert response.json()["success"] is False


def chooser_upload(client, content, title, collection=None):
    """An upload from the document chooser of a page's edit form, as the admin sends it."""
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": title,
            "document-chooser-upload-collection": (collection or Collection.get_first_root_node()).pk,
            "document-chooser-upload-file": SimpleUploadedFile("varmeplan.pdf", content),
        },
    )
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_the_same_file_uploaded_again_after_a_failed_page_save_is_the_same_document(editor_client, settings):
    content = pdf_bytes("Udkast til fælles varmeplan")
    first = chooser_upload(editor_client, content, "Udkast til varmeplan")
    # The page's save failed, so nothing uses the document; the editor uploads the file again.
    second = chooser_upload(editor_client, content, "Udkast til fælles varmeplan")
    assert second["result"]["id"] == first["result"]["id"]
    document = PortalDocument.objects.get()
    assert document.title == "Udkast til fælles varmeplan"
    assert [path.name for path in stored_files(settings)] == ["varmeplan.pdf"]


@pytest.mark.django_db
def test_the_same_file_uploaded_again_is_a_new_document_when_a_page_uses_the_first(editor_client, settings):
    content = pdf_bytes("Udkast til fælles varmeplan")
    first = chooser_upload(editor_client, content, "Udkast til varmeplan")
    factories.memo(factories.memo_archive(), attachments=factories.attachment(PortalDocument.objects.get()))
    second = chooser_upload(editor_client, content, "Udkast til fælles varmeplan")
    assert second["result"]["id"] != first["result"]["id"]
    assert PortalDocument.objects.get(pk=first["result"]["id"]).title == "Udkast til varmeplan"
    assert len(stored_files(settings)) == 2


@pytest.mark.django_db
def test_another_file_uploaded_after_a_failed_page_save_is_a_new_document(editor_client):
    first = chooser_upload(editor_client, pdf_bytes("Første udkast"), "Udkast")
    second = chooser_upload(editor_client, pdf_bytes("Andet udkast"), "Udkast")
    assert second["result"]["id"] != first["result"]["id"]
