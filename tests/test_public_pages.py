"""Public pages that say the right thing: cancelled meetings, empty bodies, the footer, robots.txt, search wording."""

from urllib.parse import quote

import pytest
from wagtail.models import Locale, PageViewRestriction

from demo.translations import translate_page
from pages.models import Attendance, OrganisationRoles
from tests import factories as f
from tests.workflow_support import role_users

pytestmark = pytest.mark.django_db


def html(response, status=200):
    assert response.status_code == status, response.status_code
    return response.content.decode()


@pytest.fixture
def body():
    f.home_page()
    return f.body(title="Kommunalt erhvervsnetværk", short_name="N17")


@pytest.fixture
def cancelled(body):
    meeting = f.meeting(body, start=f.copenhagen(2025, 11, 5, 10), title="Novembermøde")
    meeting.cancelled = True
    meeting.cancellation_reason = "For få punkter på dagsordenen"
    meeting.save_revision().publish()
    return meeting


def test_a_cancelled_meeting_says_so_once_with_its_reason(client, cancelled):
    page = html(client.get(cancelled.url))
    assert page.count("Mødet er aflyst.") == 1
    assert page.count("For få punkter på dagsordenen") == 1


def test_a_cancelled_meeting_does_not_promise_an_agenda_or_attendance(client, cancelled):
    page = html(client.get(cancelled.url))
    assert "Dagsordenen er endnu ikke offentliggjort" not in page
    assert "Der er ikke registreret noget fremmøde" not in page


def test_a_cancelled_meetings_calendar_button_offers_the_cancellation(client, cancelled):
    page = html(client.get(cancelled.url))
    assert "Føj aflysningen til min kalender" in page
    event = client.get(f"/da/kalender/moede/{cancelled.pk}.ics").content.decode()
    assert "STATUS:CANCELLED" in event


def test_a_body_without_meetings_says_so_instead_of_offering_a_calendar(client, body):
    page = html(client.get(body.url))
    assert "N17 har endnu ingen offentliggjorte møder." in page
    assert "calendar-subscribe" not in page


def test_the_attendance_table_can_be_scrolled_from_the_keyboard(client, body):
    meeting = f.meeting(body, start=f.copenhagen(2025, 6, 12, 10))
    person = f.person()
    Attendance.objects.create(meeting=meeting, person=person)
    page = html(client.get(meeting.url))
    assert '<div class="table-wrap" role="region" aria-labelledby="attendance-caption" tabindex="0">' in page


def test_agenda_items_are_marked_danish_on_an_english_meeting(client, body):
    english = Locale.objects.get(language_code="en")
    translate_page(f.home_page(), {"title": "Front page", "slug": "home"}, english)
    meeting = f.meeting(body, items=1, start=f.copenhagen(2025, 6, 12, 10))
    meeting_en, _ = translate_page(meeting, {"title": "Network meeting", "slug": "network-meeting"}, english)
    page = html(client.get(meeting_en.url))
    title = meeting.agenda_items.first().title
    assert f'<span lang="da">{title}</span>' in page


@pytest.mark.parametrize(
    "label, address",
    [("Tilgængelighedserklæring", "/da/tilgaengelighed/"), ("Privatliv og cookies", "/da/privatliv/")],
)
def test_the_footer_links_the_statements_a_public_site_must_publish(client, body, label, address):
    page = html(client.get("/da/"))
    assert f'<a href="{address}">{label}</a>' in page
    # Long headings may carry a soft hyphen where they wrap on a phone.
    assert f"<h1>{label}</h1>" in html(client.get(address)).replace("\u00ad", "")


def test_the_statements_have_english_addresses(client, body):
    assert "<h1>Accessibility statement</h1>" in html(client.get("/en/accessibility/"))
    assert "<h1>Privacy and cookies</h1>" in html(client.get("/en/privacy/"))


def test_the_footer_gives_contact_details(client, body, settings):
    assert f'href="mailto:{settings.PORTAL_CONTACT_EMAIL}"' in html(client.get("/da/"))


def test_robots_txt_names_the_sitemap_on_the_portal_address(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_a_search_of_symbols_alone_asks_for_a_word(client, body):
    page = html(client.get("/da/search/", {"q": "+-/*"}))
    assert "Din søgning har hverken bogstaver eller tal." in page
    assert "meget almindelige ord" not in page


def test_search_dates_are_written_the_danish_way(client, body):
    page = html(client.get("/da/search/", {"q": "møde", "from": "19.01.2009"}))
    assert 'value="19.01.2009"' in page
    assert "dd.mm.åååå" in page


def test_english_search_results_have_english_dates(client, body):
    english = Locale.objects.get(language_code="en")
    translate_page(f.home_page(), {"title": "Front page", "slug": "home"}, english)
    memo = f.memo(f.memo_archive(), title="Strategi for vækst", date=f.copenhagen(2009, 1, 19).date())
    translate_page(memo, {"title": "Growth strategy", "slug": "growth-strategy"}, english)
    page = html(client.get("/en/search/", {"q": "strategy"}))
    assert '<time class="search-result__date" datetime="2009-01-19">19 January 2009</time>' in page


@pytest.fixture
def members_only_archive(body):
    """The body's memo archive holding one memo, for the body's members only."""
    archive = f.memo_archive(body, title="Notater")
    memo = f.memo(archive, title="Samlet notat til formødet")
    restriction = PageViewRestriction.objects.create(page=memo, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(OrganisationRoles.for_page(body).members)
    return archive


def test_a_members_only_archive_tells_the_public_it_is_for_members(client, members_only_archive):
    page = html(client.get(members_only_archive.url))
    assert "Notaterne i dette arkiv er kun for medlemmer." in page
    assert "Der er endnu ikke offentliggjort nogen notater." not in page
    assert "Samlet notat til formødet" not in page


def test_a_members_only_archive_links_the_login_coming_back_to_it(client, members_only_archive, settings):
    settings.LOGIN_URL = "/da/log-ind/"
    page = html(client.get(members_only_archive.url))
    back = quote(members_only_archive.url, safe="")
    assert f'<a href="/da/log-ind/?next={back}">Log ind for at læse dem</a>' in page


def test_a_members_only_archive_lists_its_memos_to_the_members(client, body, members_only_archive):
    client.force_login(role_users(body, "n17")["member"])
    page = html(client.get(members_only_archive.url))
    assert "Samlet notat til formødet" in page
    assert "kun for medlemmer" not in page


def test_a_meeting_archive_of_members_only_meetings_says_so(client, body):
    meeting = f.meeting(body, start=f.copenhagen(2025, 6, 12, 10), title="Lukket netværksmøde")
    PageViewRestriction.objects.create(page=meeting, restriction_type=PageViewRestriction.LOGIN)
    page = html(client.get(body.url + "meetings/"))
    assert "Møderne i dette arkiv er kun for medlemmer." in page
    assert "Ingen møder." not in page
    assert "Lukket netværksmøde" not in page
