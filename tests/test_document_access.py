"""A document can be downloaded by exactly the people who see it attached on a page."""

import pytest
from django.contrib.auth.models import User

from tests import factories as f


def _meeting_with(doc, closed=False, publishable=True, publish=True):
    meeting = f.meeting(f.body(), items=1, closed=(1,) if closed else (), publish=False)
    item = meeting.agenda_items.first()
    item.attachments = f.attachment(doc, publishable=publishable)
    item.save()
    if publish:
        meeting.save_revision().publish()
    else:
        meeting.save_revision()
    return meeting


@pytest.mark.django_db
def test_public_attachment_downloads(client):
    doc = f.document(filename="aaben.txt", content=b"Offentligt bilag")
    _meeting_with(doc)
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Offentligt bilag"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    ["closed_item", "not_publishable", "draft_meeting", "not_attached"],
)
def test_hidden_attachment_is_404_for_the_public_but_served_to_editors(client, kind):
    doc = f.document(filename="lukket.txt", content=b"Fortroligt bilag")
    if kind == "closed_item":
        _meeting_with(doc, closed=True)
    elif kind == "not_publishable":
        _meeting_with(doc, publishable=False)
    elif kind == "draft_meeting":
        _meeting_with(doc, publish=False)
    response = client.get(doc.url)
    assert response.status_code == 404
    assert b"Fortroligt" not in response.content

    admin = User.objects.create_superuser("admin", "admin@example.dk", "pw")
    client.force_login(admin)
    response = client.get(doc.url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_memo_attachment_follows_its_publishable_flag(client):
    public_doc = f.document(filename="notat.txt", content=b"Notatets bilag")
    private_doc = f.document(filename="intern.txt", content=b"Internt bilag")
    archive = f.memo_archive()
    memo = f.memo(archive, publish=False)
    memo.attachments = f.attachment(public_doc) + f.attachment(private_doc, publishable=False)
    memo.save_revision().publish()
    assert client.get(public_doc.url).status_code == 200
    assert client.get(private_doc.url).status_code == 404


@pytest.mark.django_db
def test_media_folder_does_not_expose_documents(client, settings):
    doc = f.document(filename="fil.txt", content=b"Fil")
    assert client.get(f"/media/{doc.file.name}").status_code == 404
