"""The meeting packet: one PDF per meeting with its cover, agenda, items and merged attachments, read with pypdf."""

import io

import pytest
from django.core.cache import cache
from pypdf import PdfReader
from reportlab.lib.pdfencrypt import StandardEncryption
from wagtail.models import PageViewRestriction

from packets.models import MeetingPacket
from pages.models import AgendaItem, OrganisationRoles
from tests import factories
from tests.checks import assert_asks_to_log_in
from tests.workflow_support import role_users, user

pytestmark = pytest.mark.django_db

SECRET = "Fortroligt salg af grunden"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """A build queued in one test (page ids come again after a rollback) must not hold back another test's."""
    cache.clear()


@pytest.fixture
def body():
    return factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")


@pytest.fixture
def people(body):
    return role_users(body, "n17")


def pdf_document(title, pages=1, content=None, **kwargs):
    return factories.document(
        title=title,
        filename=f"{title.lower().replace(' ', '-')}.pdf",
        content=content or factories.pdf_bytes(pages, title),
        **kwargs,
    )


@pytest.fixture
def meeting(body, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _meeting(body)


def _meeting(body):
    plan = pdf_document("Projektbeskrivelse", pages=2)
    budget = pdf_document("Budget", pages=3)
    closed_file = pdf_document("Købsaftale")
    members_file = pdf_document("Intern vurdering", collection=OrganisationRoles.for_page(body).private_collection)
    page = factories.meeting(body, publish=False, title="Møde i N17 27. januar 2027", location="Rådhuset, Sorø")
    page.agenda_items.add(
        AgendaItem(
            sort_order=0,
            title="Kystturisme i Sydsjælland",
            description="<p>Sagsfremstilling om kystturisme.</p>",
            recommendation="<p>Det indstilles, at projektet støttes.</p>",
            attachments=factories.attachment(plan) + factories.attachment(budget) + factories.attachment(members_file),
        )
    )
    page.agenda_items.add(
        AgendaItem(
            sort_order=1,
            title="Salg af grund",
            description=f"<p>{SECRET}.</p>",
            closed=True,
            legal_basis="Forvaltningslovens § 30",
            attachments=factories.attachment(closed_file),
        )
    )
    page.agenda_items.add(AgendaItem(sort_order=2, title="Eventuelt", description="<p>Intet.</p>"))
    page.save()
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def packet_url(meeting, members=False):
    return f"/da/dagsorden/{meeting.pk}/medlemmer.pdf" if members else f"/da/dagsorden/{meeting.pk}.pdf"


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    return response, (b"".join(response.streaming_content) if response.streaming else response.content)


def read(client, url):
    response, content = fetch(client, url)
    assert response.status_code == 200, response.status_code
    return PdfReader(io.BytesIO(content))


def text_of(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def outline_titles(reader):
    titles = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(reader.outline)
    return titles


def test_the_cover_names_the_body_time_and_place(client, meeting):
    cover = read(client, packet_url(meeting)).pages[0].extract_text()
    assert "Møde i N17 27. januar 2027" in cover
    assert "Kommunalt erhvervsnetværk" in cover
    assert "Rådhuset, Sorø" in cover


def test_the_open_items_and_their_attachments_are_in_order(client, meeting):
    reader = read(client, packet_url(meeting))
    text = "\n".join(page.extract_text() for page in reader.pages[2:])
    order = [
        "Sagsfremstilling om kystturisme",
        "Det indstilles",
        "Projektbeskrivelse – side 2",
        "Budget – side 3",
        "Eventuelt",
    ]
    positions = [text.index(words) for words in order]
    assert positions == sorted(positions)


def test_a_packet_has_the_pages_of_its_parts(client, meeting):
    # Cover, agenda, item 1 (1 page), its two files (2 + 3), item 3 (1): nine pages for the public.
    assert len(read(client, packet_url(meeting)).pages) == 9


def test_every_page_is_numbered(client, meeting):
    reader = read(client, packet_url(meeting))
    for number, page in enumerate(reader.pages, start=1):
        assert f"Side {number} af {len(reader.pages)}" in page.extract_text()


def test_the_agenda_gives_the_page_of_each_item_and_attachment(client, meeting):
    agenda = " ".join(read(client, packet_url(meeting)).pages[1].extract_text().split())
    assert (
        "1. Kystturisme i Sydsjælland 3 Bilag: Projektbeskrivelse 4 Bilag: Budget 6 2. Lukket punkt 3. Eventuelt 9"
        in agenda
    )


def test_bookmarks_name_every_item_and_attachment(client, meeting):
    titles = outline_titles(read(client, packet_url(meeting)))
    assert titles == [
        "Forside",
        "Dagsorden",
        "1. Kystturisme i Sydsjælland",
        "Bilag: Projektbeskrivelse",
        "Bilag: Budget",
        "3. Eventuelt",
    ]


def test_a_bookmark_opens_its_page(client, meeting):
    reader = read(client, packet_url(meeting))
    budget = reader.outline[3][1]
    assert reader.get_destination_page_number(budget) == 5


def test_the_public_packet_shows_a_closed_item_only_by_number(client, meeting):
    text = text_of(read(client, packet_url(meeting)))
    assert SECRET not in text
    assert "Salg af grund" not in text
    assert "Købsaftale" not in text
    assert "2. Lukket punkt" in " ".join(text.split())


def test_the_public_packet_leaves_out_members_only_files(client, meeting):
    assert "Intern vurdering" not in text_of(read(client, packet_url(meeting)))


def test_the_members_packet_holds_the_closed_items(client, meeting, people):
    client.force_login(people["member"])
    text = text_of(read(client, packet_url(meeting, members=True)))
    assert SECRET in text
    assert "Købsaftale – side 1" in text
    assert "Intern vurdering – side 1" in text


def test_the_members_packet_is_marked_for_members(client, meeting, people):
    client.force_login(people["member"])
    assert "Kun for medlemmer" in read(client, packet_url(meeting, members=True)).pages[3].extract_text()


def test_the_members_packet_is_refused_to_a_user_of_no_body(client, meeting):
    client.force_login(user("borger"))
    response, content = fetch(client, packet_url(meeting, members=True))
    assert response.status_code == 403
    assert SECRET.encode() not in content


def test_the_members_packet_sends_the_public_to_the_login(client, meeting):
    assert_asks_to_log_in(client.get(packet_url(meeting, members=True)), packet_url(meeting, True))


def test_a_members_only_meetings_packet_sends_the_public_to_the_login(client, meeting, body):
    restriction = PageViewRestriction.objects.create(page=meeting, restriction_type="groups")
    restriction.groups.add(OrganisationRoles.for_page(body).members)
    assert_asks_to_log_in(client.get(packet_url(meeting)), packet_url(meeting))


def test_a_members_only_meetings_packet_is_not_found_by_a_user_of_no_body(client, meeting, body):
    restriction = PageViewRestriction.objects.create(page=meeting, restriction_type="groups")
    restriction.groups.add(OrganisationRoles.for_page(body).members)
    client.force_login(user("borger"))
    assert client.get(packet_url(meeting)).status_code == 404


def test_a_broken_attachment_gets_a_placeholder_page(client, body):
    broken = factories.document(
        title="Ødelagt regnskab", filename="regnskab.pdf", content=b"%PDF-1.4\nnot really a pdf"
    )
    page = factories.meeting(body, publish=False)
    page.agenda_items.add(AgendaItem(title="Regnskab", attachments=factories.attachment(broken)))
    page.save()
    page.save_revision().publish()
    text = text_of(read(client, packet_url(page)))
    assert "Ødelagt regnskab" in text
    assert "Filen er beskadiget" in text


def test_an_encrypted_attachment_gets_a_placeholder_page(client, body):
    locked = pdf_document(
        "Låst bilag", content=factories.pdf_bytes(1, "hemmelig", encrypt=StandardEncryption("kode", canPrint=0))
    )
    page = factories.meeting(body, publish=False)
    page.agenda_items.add(AgendaItem(title="Regnskab", attachments=factories.attachment(locked)))
    page.save()
    page.save_revision().publish()
    text = text_of(read(client, packet_url(page)))
    assert "Låst bilag" in text
    assert "Filen er krypteret" in text


def test_the_packet_is_built_when_the_agenda_is_published(body, django_capture_on_commit_callbacks):
    page = factories.meeting(body, items=2, publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert MeetingPacket.objects.filter(meeting=page, edition="public").exists()


def test_a_changed_attachment_builds_a_new_version(client, meeting, django_capture_on_commit_callbacks):
    before = client.get(packet_url(meeting))["ETag"]
    budget = meeting.agenda_items.first().attachments[1].value["document"]
    with django_capture_on_commit_callbacks(execute=True):
        budget.title = "Budget 2027"
        budget.save()
    assert MeetingPacket.objects.get(meeting=meeting, edition="public").version not in before


def test_an_unchanged_packet_answers_304(client, meeting):
    etag = client.get(packet_url(meeting))["ETag"]
    assert client.get(packet_url(meeting), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_changed_agenda_changes_the_etag(client, meeting):
    etag = client.get(packet_url(meeting))["ETag"]
    meeting.agenda_items.add(AgendaItem(sort_order=3, title="Nyt punkt"))
    meeting.save_revision().publish()
    assert client.get(packet_url(meeting), HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.fixture
def queued_only(settings):
    """Builds are queued and wait for a worker, as in production: nothing builds them during the test."""
    settings.TASKS = {**settings.TASKS, "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_packet_not_built_yet_is_being_prepared(client, body, queued_only):
    page = factories.meeting(body, items=2)
    response = client.get(packet_url(page))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Den samlede dagsorden er ved at blive lavet" in response.content.decode()


def test_the_being_prepared_page_is_in_english_under_en(client, body, queued_only):
    page = factories.meeting(body, items=2)
    response = client.get(f"/en/dagsorden/{page.pk}.pdf")
    assert "The full agenda is being prepared" in response.content.decode()


def test_a_request_queues_the_missing_build(client, body, queued_only):
    from django_tasks import task_backends  # the dummy backend keeps what was queued

    page = factories.meeting(body, items=2)
    client.get(packet_url(page))
    assert [list(r.args) for r in task_backends["background"].results] == [[page.pk, "public"]]


def test_while_a_new_version_is_built_the_previous_one_is_served(client, meeting, request):
    previous = client.get(packet_url(meeting))["ETag"]
    request.getfixturevalue("queued_only")
    item = meeting.agenda_items.last()
    item.description = "<p>Nyt om eventuelt.</p>"
    item.save()
    response = client.get(packet_url(meeting))
    assert (response.status_code, response["ETag"]) == (200, previous)


def test_the_previous_version_is_not_served_once_it_shows_what_is_now_closed(client, meeting, request):
    client.get(packet_url(meeting))
    request.getfixturevalue("queued_only")
    item = meeting.agenda_items.first()
    item.closed = True
    item.save()
    assert client.get(packet_url(meeting)).status_code == 503


def test_the_meeting_page_links_its_packet(client, meeting):
    html = client.get(meeting.url).content.decode()
    assert f'<a href="{packet_url(meeting)}" type="application/pdf">Hent samlet dagsorden (PDF)</a>' in html


def test_the_meeting_page_announces_its_packet_as_an_alternate(client, meeting):
    html = client.get(meeting.url).content.decode()
    title = "Hent samlet dagsorden (PDF)"
    assert f'<link rel="alternate" type="application/pdf" title="{title}" href="{packet_url(meeting)}">' in html


def test_a_meeting_without_an_agenda_has_no_packet(client, body):
    page = factories.meeting(body)
    assert client.get(packet_url(page)).status_code == 404


def test_members_see_the_link_to_the_members_edition(client, meeting, people):
    client.force_login(people["member"])
    assert f'<a href="{packet_url(meeting, members=True)}"' in client.get(meeting.url).content.decode()


def test_the_public_sees_no_link_to_the_members_edition(client, meeting):
    assert "medlemmer.pdf" not in client.get(meeting.url).content.decode()


def test_an_unpublished_meetings_packet_is_gone(client, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting.unpublish()
    assert client.get(packet_url(meeting)).status_code == 404
    assert not MeetingPacket.objects.filter(meeting=meeting).exists()


def test_the_english_meeting_packet_speaks_english(client, meeting, body):
    from wagtail.models import Locale

    from demo.translations import translate_page

    english = Locale.objects.get_or_create(language_code="en")[0]
    translate_page(body.get_parent().specific, {"title": "Front page", "slug": "home"}, english)
    translate_page(body, {"title": "Municipal business network", "slug": "n17-en"}, english)
    alias = meeting.copy_for_translation(english, alias=True)
    reader = read(client, f"/en/dagsorden/{alias.pk}.pdf")
    assert "Page 1 of 9" in reader.pages[0].extract_text()


def test_the_build_command_queues_every_meeting_with_an_agenda(meeting, body, queued_only):
    from django.core.management import call_command
    from django_tasks import task_backends

    factories.meeting(body)  # no agenda
    call_command("build_packets", stdout=io.StringIO())
    assert sorted(list(r.args) for r in task_backends["background"].results) == [
        [meeting.pk, "members"],
        [meeting.pk, "public"],
    ]


def test_the_previous_version_is_not_served_once_a_file_is_replaced(client, meeting, request):
    from django.core.files.base import ContentFile

    client.get(packet_url(meeting))
    request.getfixturevalue("queued_only")
    budget = meeting.agenda_items.first().attachments[1].value["document"]
    budget.file.save("budget-rettet.pdf", ContentFile(factories.pdf_bytes(1, "Rettet budget")), save=False)
    budget.save()
    assert client.get(packet_url(meeting)).status_code == 503
