"""Members log in on the portal's own page in their language, see that they are logged in, log out, and find their
bodies, the members-only pages open to them, their private calendar and their upcoming meetings on “My area”."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone, translation
from wagtail.models import Locale, PageViewRestriction

from demo.translations import translate_page
from pages.models import CalendarToken, Membership, StandardPage
from pages.roles import ensure_roles, restrict_to_members
from tests import factories as f
from tests.workflow_support import PASSWORD, user

pytestmark = pytest.mark.django_db


def login_path(language):
    with translation.override(language):
        return resolve_url(settings.LOGIN_URL)


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def header(response):
    html = response.content.decode()
    return html[html.index('<header class="site-header"') : html.index("</header>", html.index("main-nav"))]


@pytest.fixture
def world():
    """N17 with a members-only application archive, an upcoming meeting and an English translation; EKO with a
    members-only memo archive; a member of N17 only."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    home = f.home_page()
    translate_page(home, {"title": "Front page", "slug": "home"}, english)
    n17 = f.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")
    n17_en, _ = translate_page(n17, {"title": "Municipal Business Network", "slug": "n17"}, english)
    eko = f.body(title="Erhvervskoordinationsgruppen", short_name="EKO", slug="eko")
    n17_roles, eko_roles = ensure_roles(n17), ensure_roles(eko)
    archive = f.application_archive(n17, title="Ansøgninger om medfinansiering")
    restrict_to_members(archive)
    eko_memos = f.memo_archive(eko, title="EKO's interne notater")
    restrict_to_members(eko_memos)
    start = timezone.now() + dt.timedelta(days=7)
    meeting = f.meeting(n17, start=start, title="Netværksmøde om turisme", slug="netvaerksmoede")
    f.meeting(eko, start=start, title="EKO-møde om ansøgninger", slug="eko-moede")
    member = user("medlem", n17_roles.members)
    member.first_name, member.last_name = "Peter", "Vinther"
    member.save()
    return {
        "n17": n17,
        "n17_en": n17_en,
        "eko": eko,
        "archive": archive,
        "eko_memos": eko_memos,
        "meeting": meeting,
        "member": member,
        "eko_roles": eko_roles,
    }


@pytest.mark.parametrize(("language", "address"), [("da", "/da/log-ind/"), ("en", "/en/login/")])
def test_the_login_address_is_the_portals_own_in_each_language(language, address):
    assert login_path(language) == address


def test_a_members_only_page_sends_a_visitor_to_the_portals_login_page(client, world):
    archive = world["archive"]
    response = client.get(archive.url)
    assert response.status_code == 302
    assert response["Location"] == f"{login_path('da')}?next={archive.url}"


def test_the_login_page_is_in_the_portals_design_and_danish(client, world):
    response = client.get(login_path("da"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "<h1>Log ind</h1>" in html
    assert '<label for="id_username">Brugernavn</label>' in html


def test_the_login_page_is_in_english_at_its_english_address(client, world):
    response = client.get(login_path("en"))
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html and '<label for="id_username">Username</label>' in html


def test_wagtails_own_login_address_shows_the_portals_form(client, world):
    response = client.get("/da/_util/login/")
    assert 'class="site-header"' in response.content.decode() and "<h1>Log ind</h1>" in response.content.decode()


def test_logging_in_sends_the_member_back_to_the_page_they_asked_for(client, world):
    archive = world["archive"]
    response = client.post(
        login_path("da"), {"username": "medlem", "password": PASSWORD, "next": archive.url}, follow=True
    )
    assert response.redirect_chain[-1][0] == archive.url
    assert "<h1>Ansøgninger om medfinansiering</h1>" in response.content.decode()


def test_a_wrong_password_is_a_form_error_in_danish(client, world):
    response = client.post(login_path("da"), {"username": "medlem", "password": "forkert"})
    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode." in main(response)


def test_logging_in_without_a_destination_opens_my_area(client, world):
    response = client.post(login_path("da"), {"username": "medlem", "password": PASSWORD})
    assert response["Location"] == "/da/mit-omraade/"


def test_the_header_offers_a_visitor_the_login(client, world):
    response = client.get(world["n17"].url)
    assert f'href="{login_path("da")}?next=%2Fda%2Fn17%2F"' in header(response)
    assert "Log ud" not in header(response)


def test_the_header_says_who_is_logged_in_and_offers_my_area_and_logging_out(client, world):
    client.force_login(world["member"])
    response = client.get(world["n17"].url)
    assert "Logget ind som <strong>Peter Vinther</strong>" in header(response)
    assert 'href="/da/mit-omraade/">Mit område</a>' in header(response)
    assert re.search(r'<form class="member-tools__logout" method="post" action="/da/log-ud/">', header(response))


def test_logging_out_takes_a_post_and_ends_the_session(client, world):
    client.force_login(world["member"])
    assert client.get("/da/log-ud/").status_code == 405
    response = client.post("/da/log-ud/", follow=True)
    assert response.redirect_chain[-1][0] == "/da/"
    assert "Du er logget ud." in main(response)
    assert client.get(world["archive"].url).status_code == 302


@pytest.mark.parametrize(("language", "address"), [("da", "/da/mit-omraade/"), ("en", "/en/my-area/")])
def test_my_area_asks_a_visitor_to_log_in_first(client, world, language, address):
    response = client.get(address)
    assert response["Location"] == f"{login_path(language)}?next={address}"


def test_my_area_lists_the_members_bodies(client, world):
    client.force_login(world["member"])
    area = main(client.get("/da/mit-omraade/"))
    assert '<a href="/da/n17/">Kommunalt erhvervsnetværk</a> <span class="member-bodies__roles">(medlem)' in area
    assert "Erhvervskoordinationsgruppen" not in area


def test_my_area_names_the_role_of_a_recorded_seat(client, world):
    person = f.person(name="Peter Vinther")
    person.user = world["member"]
    person.save()
    f.membership(person, world["n17"], role=Membership.Role.COORDINATOR)
    client.force_login(world["member"])
    assert "(tovholder, medlem)" in main(client.get("/da/mit-omraade/"))


def test_my_area_names_a_seat_and_the_group_of_the_same_role_once(client, world):
    person = f.person(name="Peter Vinther")
    person.user = world["member"]
    person.save()
    f.membership(person, world["n17"], role=Membership.Role.MEMBER)
    client.force_login(world["member"])
    assert "(medlem)</span>" in main(client.get("/da/mit-omraade/"))


def test_my_area_lists_the_members_only_pages_open_to_the_member_and_no_others(client, world):
    client.force_login(world["member"])
    area = main(client.get("/da/mit-omraade/"))
    assert f'<a href="{world["archive"].url}">Ansøgninger om medfinansiering</a>' in area
    assert "EKO's interne notater" not in area


def test_my_area_in_english_links_the_english_pages(client, world):
    client.force_login(world["member"])
    area = main(client.get("/en/my-area/"))
    assert "<h1>My area</h1>" in area
    assert '<a href="/en/n17/">Municipal Business Network</a>' in area


def test_my_area_lists_the_upcoming_meetings_of_the_members_bodies_only(client, world):
    client.force_login(world["member"])
    area = main(client.get("/da/mit-omraade/"))
    assert "Netværksmøde om turisme" in area
    assert "EKO-møde om ansøgninger" not in area


def test_my_area_does_not_list_an_unpublished_members_only_page(client, world):
    page = f.add_page(world["n17"], StandardPage(title="Intern kladde", slug="intern-kladde"), publish=False)
    restrict_to_members(page)
    client.force_login(world["member"])
    assert "Intern kladde" not in main(client.get("/da/mit-omraade/"))


def test_my_area_does_not_list_a_page_shared_by_password(client, world):
    page = f.add_page(world["n17"], StandardPage(title="Delt med adgangskode", slug="delt"))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig")
    client.force_login(world["member"])
    assert "Delt med adgangskode" not in main(client.get("/da/mit-omraade/"))


def test_my_area_offers_to_create_the_private_calendar_and_then_shows_it(client, world):
    client.force_login(world["member"])
    area = main(client.get("/da/mit-omraade/"))
    assert 'name="action" value="create"' in area
    response = client.post("/da/kalender/mine/", {"action": "create"}, follow=True)
    assert main(response).count("Din private kalenderadresse er klar.") == 1
    key = CalendarToken.objects.get(user=world["member"]).key
    assert f"/da/kalender/privat/{key}.ics" in main(client.get("/da/mit-omraade/"))


def test_revoking_the_calendar_address_is_set_apart_from_making_a_new_one(client, world):
    client.force_login(world["member"])
    client.post("/da/kalender/mine/", {"action": "create"})
    page = main(client.get("/da/kalender/mine/"))
    forms = re.findall(r"<form .*?</form>", page, re.S)
    (regenerate,) = [form for form in forms if 'value="regenerate"' in form]
    (revoke,) = [form for form in forms if 'value="revoke"' in form]
    assert 'class="button--danger"' in revoke and "button--danger" not in regenerate
    assert "Dit kalenderprogram holder op med at vise møderne" in revoke


def test_a_body_page_links_its_members_only_archive_for_its_members(client, world):
    client.force_login(world["member"])
    assert f'<a href="{world["archive"].url}">Ansøgninger om medfinansiering</a>' in main(client.get(world["n17"].url))


@pytest.mark.parametrize("who", ["visitor", "member of another body"])
def test_a_body_page_does_not_link_its_members_only_archive_for_others(client, world, who):
    if who != "visitor":
        client.force_login(user("eko-medlem", world["eko_roles"].members))
    assert "Ansøgninger om medfinansiering" not in main(client.get(world["n17"].url))


def test_a_meeting_shared_by_password_does_not_name_itself_or_its_calendar_before_the_password(client, world):
    meeting = f.meeting(world["n17"], title="Fortroligt møde om budgettet", slug="fortroligt")
    PageViewRestriction.objects.create(page=meeting, restriction_type=PageViewRestriction.PASSWORD, password="x")
    html = client.get(meeting.url).content.decode()
    assert "<h1>Adgangskode påkrævet</h1>" in html
    assert "Fortroligt møde" not in html and f"/kalender/moede/{meeting.pk}.ics" not in html


def test_a_page_shared_by_password_asks_for_it_on_the_portals_page_without_describing_the_page(client, world):
    page = f.add_page(
        world["n17"], StandardPage(title="Delt side", slug="delt-side", search_description="Hemmelig beskrivelse")
    )
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig")
    response = client.get(page.url)
    html = response.content.decode()
    assert "<h1>Adgangskode påkrævet</h1>" in html and 'class="site-header"' in html
    assert "Hemmelig beskrivelse" not in html and "Delt side" not in html
