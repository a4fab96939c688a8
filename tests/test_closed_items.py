"""Closed agenda items: what the public, a member of another body and a member of this body see."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from pages.models import AgendaItem, OrganisationRoles
from tests import factories
from tests.workflow_support import role_users

pytestmark = pytest.mark.django_db


def da(msgid):
    with translation.override("da"):
        return translation.gettext(msgid)


@pytest.fixture
def setting():
    n17 = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    eko = factories.body(title="Erhvervskoordinationsgruppen", short_name="EKO")
    n17_people = role_users(n17, "n17")
    eko_people = role_users(eko, "eko")
    public_doc = factories.document(title="Offentligt bilag", filename="offentligt.txt")
    # What stays with the members lives in the body's members-only collection.
    internal_doc = factories.document(
        title="Internt bilag",
        filename="internt.txt",
        content=b"Kun for medlemmer",
        collection=OrganisationRoles.for_page(n17).private_collection,
    )
    offer_doc = factories.document(title="Tilbudsoversigt", filename="tilbud.txt")
    meeting = factories.meeting(n17, start=timezone.now() - dt.timedelta(days=2), publish=False, title="Møde i februar")
    meeting.agenda_items.add(
        AgendaItem(
            title="Orientering om vækstforum",
            description="<p>Åben sagsfremstilling.</p>",
            decision="<p>Taget til efterretning.</p>",
            attachments=factories.attachment(public_doc) + factories.attachment(internal_doc, publishable=False),
        )
    )
    meeting.agenda_items.add(
        AgendaItem(
            title="Køb af grund i Sorø",
            description="<p>Fortrolig pris.</p>",
            decision="<p>Købet blev godkendt.</p>",
            closed=True,
            legal_basis="Forvaltningslovens § 30",
        )
    )
    meeting.agenda_items.add(
        AgendaItem(
            title="Valg af leverandør",
            description="<p>Tilbud fra tre firmaer.</p>",
            recommendation="<p>Det indstilles at vælge firma A.</p>",
            decision="<p>Firma A blev valgt.</p>",
            closed=True,
            publish_title_and_decision=True,
            legal_basis="Offentlighedslovens § 30",
            attachments=factories.attachment(offer_doc, publishable=True),
        )
    )
    meeting.save()
    meeting.save_revision().publish()
    return {
        "meeting": meeting,
        "n17": n17_people,
        "eko": eko_people,
        "documents": {"public": public_doc, "internal": internal_doc, "offer": offer_doc},
    }


PUBLIC = [
    "Åben sagsfremstilling",
    "Offentligt bilag",
    "Taget til efterretning",
    "Valg af leverandør",
    "Firma A blev valgt.",
]
MEMBERS_ONLY = [
    "Internt bilag",
    "Køb af grund i Sorø",
    "Fortrolig pris",
    "Købet blev godkendt",
    "Tilbud fra tre firmaer",
    "Det indstilles at vælge firma A",
    "Tilbudsoversigt",
]


def page_for(client, setting):
    response = client.get(setting["meeting"].url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("visitor", ["anonymous", "member of another body", "editor of another body"])
def test_outsiders_see_only_what_may_be_published(setting, visitor):
    client = Client()
    if visitor == "member of another body":
        client.force_login(setting["eko"]["member"])
    if visitor == "editor of another body":
        client.force_login(setting["eko"]["editor"])
    page = page_for(client, setting)
    for text in PUBLIC:
        assert text in page, text
    for text in MEMBERS_ONLY:
        assert text not in page, text
    # The closed item keeps its number and says it is closed; the public title comes with its legal basis.
    assert 'id="punkt-2"' in page and da("Closed item") in page
    assert "Offentlighedslovens § 30" in page


@pytest.mark.parametrize("role", ["member", "editor", "approver"])
def test_the_bodys_own_people_see_everything_when_logged_in(setting, role):
    client = Client()
    client.force_login(setting["n17"][role])
    page = page_for(client, setting)
    for text in PUBLIC + MEMBERS_ONLY:
        assert text in page, text


def test_closed_text_is_not_in_the_public_search_text(setting):
    items = list(setting["meeting"].agenda_items.order_by("sort_order", "pk"))
    assert "Fortrolig pris" not in items[1].public_text and "Købet" not in items[1].public_text
    assert items[2].public_text == "<p>Firma A blev valgt.</p>"


def content_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_members_only_files_are_served_to_the_bodys_people_only(setting):
    documents = setting["documents"]
    member = Client()
    member.force_login(setting["n17"]["member"])
    other = Client()
    other.force_login(setting["eko"]["member"])

    for name in ("internal", "offer"):
        url = documents[name].url
        for outsider in (Client(), other):
            response = outsider.get(url)
            # To anyone outside the body the file does not exist.
            assert response.status_code == 404, name
        response = member.get(url)
        assert response.status_code == 200, name
    assert content_of(member.get(documents["internal"].url)) == b"Kun for medlemmer"
    public = Client().get(documents["public"].url)
    assert public.status_code == 200 and content_of(public) == b"Bilag til dagsordenen"
