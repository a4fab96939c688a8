"""Wagtail's API v2 at /api/v2/: only live public pages, and documents only where they are attached publicly."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests import factories as f
from tests.test_oparl import SECRET, with_attachments

API = "/api/v2/"


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response.json()


@pytest.fixture
def site(db):
    body = f.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    public_doc = f.document(title="Offentligt bilag", filename="offentligt.txt")
    held_doc = f.document(title=f"Internt bilag {SECRET}", filename="internt.txt")
    closed_doc = f.document(title=f"Lukket bilag {SECRET}", filename="lukket.txt")
    loose_doc = f.document(title=f"Løst dokument {SECRET}", filename="loest.txt")
    meeting = f.meeting(body, items=2, closed=(2,), publish=False)
    item = meeting.agenda_items.all()[1]
    item.title, item.description = f"Personsag {SECRET}", f"<p>{SECRET}</p>"
    item.save()
    meeting = with_attachments(meeting, {1: [(public_doc, True), (held_doc, False)], 2: [(closed_doc, True)]})
    draft = f.meeting(body, publish=False, title=f"Udkast {SECRET}")
    gone = f.meeting(body, title=f"Trukket {SECRET}")
    gone.unpublish()
    private = f.body(title=f"Lukket kreds {SECRET}", short_name="LK")
    private_meeting = f.meeting(private, title=f"Lukket møde {SECRET}")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    return {
        "body": body,
        "meeting": meeting,
        "public_doc": public_doc,
        "hidden_docs": [held_doc, closed_doc, loose_doc],
        "hidden_pages": [draft, gone, private, private_meeting],
    }


def all_pages(client):
    return get(client, f"{API}pages/", limit=20, fields="*")


def test_pages_lists_only_live_public_pages(client, site):
    listing = all_pages(client)
    ids = {p["id"] for p in listing["items"]}
    assert site["body"].pk in ids and site["meeting"].pk in ids
    assert not ids & {p.pk for p in site["hidden_pages"]}
    for page in site["hidden_pages"]:
        get(client, f"{API}pages/{page.pk}/", status=404)
    assert SECRET not in json.dumps(listing, ensure_ascii=False)


def test_meeting_detail_never_carries_closed_item_text(client, site):
    detail = get(client, f"{API}pages/{site['meeting'].pk}/", fields="*")
    assert detail["title"] == site["meeting"].title
    assert SECRET not in json.dumps(detail, ensure_ascii=False)


def test_restricted_pages_stay_hidden_even_for_a_visitor_who_knows_the_password(client, site):
    private = site["hidden_pages"][2]
    restriction = private.view_restrictions.first()
    with translation.override("da"):
        url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, private.pk])
    response = client.post(url, {"password": "x", "return_url": private.url})
    assert response.status_code == 302
    assert client.get(private.url).status_code == 200  # the visitor's session now sees the page on the site
    get(client, f"{API}pages/{private.pk}/", status=404)


def test_restricted_pages_stay_hidden_from_a_logged_in_editor(client, site):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "secret-pw")
    client.force_login(editor)
    ids = {p["id"] for p in all_pages(client)["items"]}
    assert not ids & {p.pk for p in site["hidden_pages"]}


def test_documents_are_only_those_attached_publicly(client, site):
    listing = get(client, f"{API}documents/")
    assert [d["id"] for d in listing["items"]] == [site["public_doc"].pk]
    assert SECRET not in json.dumps(listing, ensure_ascii=False)
    for doc in site["hidden_docs"]:
        get(client, f"{API}documents/{doc.pk}/", status=404)


def test_document_disappears_when_its_meeting_is_unpublished(client, site):
    site["meeting"].unpublish()
    assert get(client, f"{API}documents/")["items"] == []
    get(client, f"{API}documents/{site['public_doc'].pk}/", status=404)


def _image(title, collection):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, collection=collection, file=ImageFile(buffer, name=f"{title}.png")
    )


def test_images_endpoint_lists_public_images_and_hides_members_only_ones(client, site):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Kun for medlemmer")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    public = _image("Kort over regionen", root)
    _image("Fortroligt kort", private)
    listing = get(client, f"{API}images/")
    assert [item["id"] for item in listing["items"]] == [public.pk]


def test_an_unknown_search_operator_answers_400_with_a_message(client, site):
    response = client.get(f"{API}pages/", {"search": "møde", "search_operator": "xor"})
    assert response.status_code == 400
    assert response.json() == {"message": "search_operator must be 'and' or 'or'"}


def test_bad_api_input_answers_400(client, site):
    response = client.get(f"{API}pages/?limit=abc")
    assert response.status_code == 400
    assert "message" in response.json()
