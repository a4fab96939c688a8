"""The OParl 1.1 endpoint: valid against the OParl schemas, pageable, filterable, and never showing what is not
public."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from opendata.models import Tombstone
from pages.models import Membership
from tests import factories as f
from tests.oparl_schema.validate import SCHEMA, validate, validate_list

ROOT = "/api/oparl/v1/"
SECRET = "HEMMELIG"  # every text the public must never see carries this word


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def path_of(url):
    return url.removeprefix("http://testserver")


def crawl(client, list_url, **params):
    """Every object of a list, following links.next; validates each page on the way."""
    objects, url, pages = [], path_of(list_url), 0
    while url:
        page = get(client, url, **params) if pages == 0 else get(client, url)
        validate_list(page)
        objects += page["data"]
        url = path_of(page["links"]["next"]) if "next" in page["links"] else None
        pages += 1
        assert pages < 1000
    return objects


def with_attachments(meeting, per_item):
    """Sets attachments on a meeting's items (``{item number: [(document, publishable)]}``) and republishes it."""
    for number, item in enumerate(meeting.agenda_items.all(), start=1):
        rows = []
        for doc, publishable in per_item.get(number, []):
            rows += f.attachment(doc, publishable=publishable)
        item.attachments = rows
        item.save()
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def portal(db):
    """A small portal: a body with a working group and a consortium, people, a meeting and a memo, plus secrets."""
    n17 = f.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    group = f.working_group(n17, title="Energi og Klima")
    consortium = f.consortium(n17, title="Turismekonsortiet")
    jensen = f.person(name="Henning Jensen")
    tribler = f.person(name="Lis Tribler", municipality_name="Slagelse")
    f.membership(jensen, n17, role=Membership.Role.CHAIR)
    f.membership(tribler, group)

    public_doc = f.document(title="Offentligt bilag", filename="offentligt.txt", content=b"Offentlig tekst")
    held_doc = f.document(title=f"Bilag {SECRET} ikke til offentligheden", filename="internt.txt")
    closed_doc = f.document(title=f"Bilag til lukket punkt {SECRET}", filename="lukket.txt")
    meeting = f.meeting(n17, items=3, closed=(2,), publish=False, location="Rådhuset, Sorø")
    item2 = meeting.agenda_items.all()[1]
    item2.title = f"Personsag {SECRET}"
    item2.description = f"<p>Fortroligt {SECRET}</p>"
    item2.save()
    meeting = with_attachments(meeting, {1: [(public_doc, True), (held_doc, False)], 2: [(closed_doc, True)]})

    archive = f.memo_archive()
    memo_doc = f.document(title="Notatbilag", filename="notatbilag.txt")
    memo_held = f.document(title=f"Notatbilag {SECRET}", filename="notat-internt.txt")
    memo = f.memo(archive, publish=False)
    memo.attachments = f.attachment(memo_doc) + f.attachment(memo_held, publishable=False)
    memo.related_organisations = [n17]
    memo.save_revision().publish()
    memo.refresh_from_db()

    # What must stay hidden: a draft, an unpublished meeting, a body behind a view restriction.
    draft = f.meeting(group, items=1, publish=False, title=f"Udkast {SECRET}")
    gone = f.meeting(group, items=1, title=f"Trukket tilbage {SECRET}", location=f"Lokale {SECRET}")
    gone.unpublish()
    private_body = f.body(title=f"Lukket kreds {SECRET}", short_name="LK")
    private_meeting = f.meeting(private_body, items=1, title=f"Lukket møde {SECRET}")
    f.membership(f.person(name=f"Skjult Person {SECRET}"), private_body)
    PageViewRestriction.objects.create(page=private_body, restriction_type="password", password="x")
    f.memo(archive, title=f"Notatudkast {SECRET}", publish=False)

    return {
        "body": n17,
        "group": group,
        "consortium": consortium,
        "jensen": jensen,
        "meeting": meeting,
        "memo": memo,
        "public_doc": public_doc,
        "held_doc": held_doc,
        "closed_doc": closed_doc,
        "memo_doc": memo_doc,
        "draft": draft,
        "gone": gone,
        "private_body": private_body,
        "private_meeting": private_meeting,
    }


def body_lists(client):
    system = get(client, ROOT)
    body = get(client, path_of(system["body"]))["data"][0]
    return system, body


def test_system_and_body_are_valid_oparl(client, portal):
    system, body = body_lists(client)
    validate(system)
    validate(body)
    assert system["oparlVersion"] == SCHEMA
    assert system["id"] == "http://testserver/api/oparl/v1/"
    assert body["name"] == "Region Sjælland – fælleskommunalt samarbejde"
    assert get(client, path_of(body["id"])) == body


@pytest.mark.parametrize(
    "name, minimum",
    [
        ("organization", 3),
        ("person", 2),
        ("membership", 2),
        ("meeting", 1),
        ("agendaItem", 3),
        ("paper", 1),
        ("file", 2),
        ("locationList", 1),
        ("legislativeTermList", 0),
    ],
)
def test_every_list_is_valid_and_each_id_answers_with_its_object(client, portal, name, minimum):
    _, body = body_lists(client)
    objects = crawl(client, body[name], limit=1)
    assert len(objects) >= minimum
    for obj in objects:
        assert obj["id"].startswith("http://testserver/api/oparl/v1/")
        assert get(client, path_of(obj["id"])) == obj


def test_nothing_private_appears_anywhere_in_the_api(client, portal):
    _, body = body_lists(client)
    seen = []
    for name in ("organization", "person", "membership", "meeting", "agendaItem", "paper", "file", "locationList"):
        seen += crawl(client, body[name])
        seen += crawl(client, body[name], modified_since="2000-01-01T00:00:00+00:00")
    text = json.dumps(seen, ensure_ascii=False)
    assert SECRET not in text
    assert "internt.txt" not in text and "lukket.txt" not in text
    get(client, f"{ROOT}meeting/{portal['draft'].pk}", status=404)
    # Live for a moment before its body was restricted, these now answer only as deleted stubs.
    for url in (f"meeting/{portal['private_meeting'].pk}", f"organization/{portal['private_body'].pk}"):
        stub = get(client, ROOT + url)
        assert set(stub) == {"id", "type", "created", "modified", "deleted"}
    for doc in ("held_doc", "closed_doc"):
        get(client, f"{ROOT}file/{portal[doc].pk}", status=404)
        assert client.get(f"{ROOT}file/{portal[doc].pk}/access").status_code == 404
        assert client.get(f"{ROOT}file/{portal[doc].pk}/download").status_code == 404


def test_closed_item_shows_only_its_number_and_that_it_is_closed(client, portal):
    meeting = get(client, f"{ROOT}meeting/{portal['meeting'].pk}")
    items = meeting["agendaItem"]
    assert [i["number"] for i in items] == ["1", "2", "3"]
    closed = items[1]
    assert closed["name"] == "Lukket punkt" and closed["public"] is False
    assert set(closed) == {"id", "type", "number", "order", "name", "public", "created", "modified"}
    standalone = get(client, path_of(closed["id"]))
    assert standalone["name"] == "Lukket punkt" and "auxiliaryFile" not in standalone
    open_item = items[0]
    assert open_item["public"] is True
    assert open_item["sjaelland:caseText"] == "Sagsfremstilling for punkt 1."
    assert [f["name"] for f in open_item["auxiliaryFile"]] == ["Offentligt bilag"]
    memo = get(client, f"{ROOT}paper/{portal['memo'].pk}")
    assert [f["name"] for f in memo["auxiliaryFile"]] == ["Notatbilag"]
    assert memo["originatorOrganization"] == meeting["organization"]
    assert memo["reference"] == "000198683" and memo["date"] == "2009-01-19"
    assert meeting["location"]["description"] == "Rådhuset, Sorø"
    assert meeting["organization"] == [f"http://testserver{ROOT}organization/{portal['body'].pk}"]


def test_public_file_can_be_fetched_inline_and_downloaded(client, portal):
    file = get(client, f"{ROOT}file/{portal['public_doc'].pk}")
    assert file["meeting"] == [f"http://testserver{ROOT}meeting/{portal['meeting'].pk}"]
    access = client.get(path_of(file["accessUrl"]))
    assert access.status_code == 200
    assert b"".join(access.streaming_content) == b"Offentlig tekst"
    assert "attachment" not in access.get("Content-Disposition", "")
    download = client.get(path_of(file["downloadUrl"]))
    assert download["Content-Disposition"].startswith('attachment; filename="offentligt')


def test_person_embeds_memberships_and_links_organizations(client, portal):
    person = get(client, f"{ROOT}person/{portal['jensen'].pk}")
    assert person["name"] == "Henning Jensen"
    assert person["sjaelland:municipality"] == "Næstved"
    [membership] = person["membership"]
    assert membership["organization"].endswith(f"organization/{portal['body'].pk}")
    assert membership["role"]
    organization = get(client, path_of(membership["organization"]))
    assert membership["id"] in organization["membership"]
    meetings = get(client, path_of(organization["meeting"]))
    assert [m["id"] for m in meetings["data"]] == [f"http://testserver{ROOT}meeting/{portal['meeting'].pk}"]
    group = get(client, f"{ROOT}organization/{portal['group'].pk}")
    assert group["subOrganizationOf"] == organization["id"]


def test_paging_follows_next_and_caps_huge_limits(client, portal):
    group = portal["group"]
    start = timezone.now() + dt.timedelta(days=30)
    for day in range(7):
        f.meeting(group, start=start + dt.timedelta(days=day))
    first = get(client, f"{ROOT}meeting/", limit=3)
    assert first["pagination"] == {"totalElements": 8, "elementsPerPage": 3, "currentPage": 1, "totalPages": 3}
    assert first["links"]["next"] == f"http://testserver{ROOT}meeting/?limit=3&page=2"
    assert "prev" not in first["links"]
    ids = [m["id"] for m in crawl(client, f"{ROOT}meeting/", limit=3)]
    assert len(ids) == len(set(ids)) == 8
    last = get(client, f"{ROOT}meeting/", limit=3, page=3)
    assert "next" not in last["links"] and len(last["data"]) == 2
    huge = get(client, f"{ROOT}meeting/", limit=10**9)
    assert huge["pagination"]["elementsPerPage"] == 500 and len(huge["data"]) == 8


def test_filters_select_by_time_and_survive_paging(client, portal):
    later = timezone.now() + dt.timedelta(hours=1)
    assert get(client, f"{ROOT}meeting/", created_since=later.isoformat())["data"] == []
    everything = get(client, f"{ROOT}meeting/", modified_until=later.isoformat(), limit=1)
    assert everything["pagination"]["totalElements"] == 1
    assert "modified_until=" in everything["links"]["self"]
    # An unencoded "+" in the offset arrives as a space and is still understood.
    response = client.get(f"{ROOT}meeting/?created_since=2000-01-01T00:00:00+01:00")
    assert response.status_code == 200 and len(response.json()["data"]) == 1


@pytest.mark.parametrize(
    "query",
    ["modified_since=yesterday", "created_until=2024-13-40T00:00:00", "limit=0", "limit=ten", "page=-1", "page=x"],
)
def test_bad_parameters_answer_400_with_an_oparl_error(client, portal, query):
    response = client.get(f"{ROOT}meeting/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == SCHEMA + "Error" and body["message"]


@pytest.mark.parametrize(
    "url",
    [
        f"{ROOT}meeting/999999",
        f"{ROOT}person/999999",
        f"{ROOT}file/999999",
        f"{ROOT}body/kobenhavn",
        f"{ROOT}nonsense/",
        f"{ROOT}meeting/?page=99",
        f"{ROOT}organization/999999/meeting/",
    ],
)
def test_unknown_addresses_answer_404_with_an_oparl_error(client, portal, url):
    response = client.get(url)
    assert response.status_code == 404
    body = response.json()
    assert body["type"] == SCHEMA + "Error" and body["message"]


def test_deleted_and_unpublished_objects_remain_as_deleted_stubs(client, portal):
    meeting = portal["meeting"]
    before = get(client, f"{ROOT}meeting/{meeting.pk}")
    item_ids = [i["id"] for i in before["agendaItem"]]
    since = timezone.now()
    meeting.delete()

    stub = get(client, f"{ROOT}meeting/{meeting.pk}")
    assert stub["deleted"] is True
    assert stub["created"] == before["created"]
    validate(stub)
    for item_id in item_ids:
        assert get(client, path_of(item_id))["deleted"] is True
    # The file lost its only public link, and the meeting place is no longer used.
    assert get(client, f"{ROOT}file/{portal['public_doc'].pk}")["deleted"] is True
    assert client.get(f"{ROOT}file/{portal['public_doc'].pk}/access").status_code == 410

    listed = crawl(client, f"{ROOT}meeting/", modified_since=since.isoformat())
    assert [m["id"] for m in listed if m.get("deleted")] == [before["id"]]
    assert all(not m.get("deleted") for m in crawl(client, f"{ROOT}meeting/"))
    items = crawl(client, f"{ROOT}agendaitem/", modified_since=since.isoformat())
    assert sorted(i["id"] for i in items if i.get("deleted")) == sorted(item_ids)
    organization_meetings = crawl(
        client, f"{ROOT}organization/{portal['body'].pk}/meeting/", modified_since=since.isoformat()
    )
    assert [m["id"] for m in organization_meetings] == [before["id"]]

    # Stubs carry only what OParl allows, and never the secret the unpublished meeting had.
    gone = get(client, f"{ROOT}meeting/{portal['gone'].pk}")
    assert gone["deleted"] is True and SECRET not in json.dumps(gone)


def test_unpublish_restrict_and_remove_membership_leave_stubs(client, portal):
    memo = portal["memo"]
    memo.unpublish()
    assert get(client, f"{ROOT}paper/{memo.pk}")["deleted"] is True
    assert get(client, f"{ROOT}file/{portal['memo_doc'].pk}")["deleted"] is True

    group = portal["group"]
    PageViewRestriction.objects.create(page=group, restriction_type="password", password="x")
    assert get(client, f"{ROOT}organization/{group.pk}")["deleted"] is True
    tribler = Membership.objects.get(organisation=group)
    assert get(client, f"{ROOT}membership/{tribler.pk}")["deleted"] is True
    assert get(client, f"{ROOT}person/{tribler.person_id}")["deleted"] is True

    chair = Membership.objects.get(organisation=portal["body"])
    chair_id = chair.pk
    chair.delete()
    assert get(client, f"{ROOT}membership/{chair_id}")["deleted"] is True
    assert get(client, f"{ROOT}person/{chair.person_id}")["deleted"] is True
    assert Tombstone.objects.filter(kind="person", object_id=chair.person_id).exists()

    # Published again, the memo is back in full and no longer listed as deleted.
    memo.save_revision().publish()
    back = get(client, f"{ROOT}paper/{memo.pk}")
    assert "deleted" not in back and back["name"] == memo.title
    since = (timezone.now() - dt.timedelta(minutes=5)).isoformat()
    assert all(not p.get("deleted") for p in crawl(client, f"{ROOT}paper/", modified_since=since))


def test_removed_agenda_item_leaves_a_stub(client, portal):
    meeting = portal["meeting"]
    third = meeting.agenda_items.all()[2]
    meeting.agenda_items.remove(third)
    meeting.save_revision().publish()
    stub = get(client, f"{ROOT}agendaitem/{third.pk}")
    assert stub["deleted"] is True
    assert len(get(client, f"{ROOT}meeting/{meeting.pk}")["agendaItem"]) == 2


def test_omit_internal_leaves_out_embedded_lists(client, portal):
    meeting = get(client, f"{ROOT}meeting/{portal['meeting'].pk}", omit_internal="true")
    assert "agendaItem" not in meeting
    person = get(client, f"{ROOT}person/{portal['jensen'].pk}", omit_internal="true")
    assert "membership" not in person


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", ["meeting", "agendaitem", "paper", "person", "organization", "file", "membership"])
def test_queries_per_list_page_do_not_grow_with_page_size(client, portal, kind):
    group = portal["group"]
    archive = f.memo_archive()
    for i in range(6):
        meeting = f.meeting(group, items=3, closed=(2,), publish=False)
        with_attachments(meeting, {1: [(f.document(title=f"B{i}", filename=f"b{i}.txt"), True)]})
        f.membership(f.person(name=f"Medlem {i}"), group)
        f.memo(archive, title=f"Notat {i}")
    count_queries(client, f"{ROOT}{kind}/?limit=1")
    small = count_queries(client, f"{ROOT}{kind}/?limit=2")
    large = count_queries(client, f"{ROOT}{kind}/?limit=100")
    assert small == large, (kind, small, large)


# As a real OParl client reads it (Meine Stadt Transparent's importer) ----------------------------------------


def test_a_file_has_the_same_name_embedded_in_its_agenda_item_and_on_its_own(client, portal):
    doc = f.document(title="Oversigt over projekter", filename="oversigt.txt")
    meeting = portal["meeting"]
    item = meeting.agenda_items.all()[0]
    item.attachments = f.attachment(doc, title="Bilag 1")
    item.save()
    meeting.save_revision().publish()
    embedded = get(client, f"{ROOT}agendaitem/{item.pk}")["auxiliaryFile"]
    assert [file["name"] for file in embedded] == [get(client, f"{ROOT}file/{doc.pk}")["name"]]


@pytest.mark.parametrize("kind", ["system", "list", "object", "download"])
def test_head_answers_wherever_get_does(client, portal, kind):
    url = {
        "system": ROOT,
        "list": f"{ROOT}meeting/",
        "object": f"{ROOT}meeting/{portal['meeting'].pk}",
        "download": f"{ROOT}file/{portal['public_doc'].pk}/download",
    }[kind]
    head, got = client.head(url), client.get(url)
    assert (head.status_code, head["Content-Type"]) == (200, got["Content-Type"])


def test_republishing_an_english_copy_leaves_no_stub_for_its_items(client, portal):
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    copy = portal["meeting"].copy_for_translation(english, copy_parents=True)
    copy.save_revision().publish()
    copy.refresh_from_db()
    removed = copy.agenda_items.all()[0]
    copy.agenda_items.remove(removed)
    copy.save_revision().publish()
    assert get(client, f"{ROOT}agendaitem/{removed.pk}", status=404)["type"] == f"{SCHEMA}Error"


def test_an_item_of_a_meeting_that_was_always_members_only_never_gets_a_stub(client, portal):
    closed_circle = f.body(title="Formandskabet", short_name="FM")
    PageViewRestriction.objects.create(page=closed_circle, restriction_type="login")
    meeting = f.meeting(closed_circle, items=2)
    item = meeting.agenda_items.all()[0]
    meeting.agenda_items.remove(item)
    meeting.save_revision().publish()
    assert get(client, f"{ROOT}agendaitem/{item.pk}", status=404)["type"] == f"{SCHEMA}Error"
