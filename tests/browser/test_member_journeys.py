"""A member's journey in a real Chromium: sent to the portal's own login page by a members-only page, logged in and
shown so in the header, “Mit område” with their bodies, members-only pages, private calendar and next meetings, the
calendar subscribed, logged out; the same pages in English; axe on the login page and the member's area."""

import os
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from pages.models import StandardPage
from pages.roles import ensure_roles, restrict_to_members
from tests import factories as f
from tests.workflow_support import PASSWORD, user

from .conftest import DESKTOP, PHONE
from .helpers import login_path, member_login
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# `MEMBER_SCREENSHOTS=1` also writes the README's screenshots of the members' area.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
INTERNAL = "Intern orientering om budgettet"


def screenshot(page, name):
    if os.environ.get("MEMBER_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / f"member-{name}.png"), full_page=True)


@pytest.fixture
def member(portal):
    """Peter Vinther, a member of N17, and N17's members-only page."""
    roles = ensure_roles(portal.n17)
    account = user("peter", roles.members)
    account.first_name, account.last_name = "Peter", "Vinther"
    account.save()
    internal = f.add_page(
        portal.n17, StandardPage(title=INTERNAL, slug="intern-orientering", body="<p>Kun for netværkets medlemmer.</p>")
    )
    restrict_to_members(internal)
    portal.internal = internal
    return account


def test_member_logs_in_finds_their_area_subscribes_to_their_calendar_and_logs_out(portal, member, page):
    # A members-only page sends the visitor to the portal's own login page, in Danish.
    page.goto(portal.url + portal.internal.url)
    expect(page).to_have_url(re.compile(re.escape(portal.url + login_path("da") + "?next=")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    expect(page.get_by_role("banner")).to_contain_text("Fælleskommunal mødeportal")
    page.get_by_label("Brugernavn").fill("peter")
    screenshot(page, "login")
    member_login(page, "peter", PASSWORD)

    # Back on the page, with the login shown in the header.
    expect(page).to_have_url(portal.url + portal.internal.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(INTERNAL)
    login = page.get_by_role("banner").get_by_role("group", name="Dit login")
    expect(login).to_contain_text("Logget ind som Peter Vinther")
    expect(login.get_by_role("button", name="Log ud")).to_be_visible()

    # The body page links its members-only page for him.
    page.goto(portal.url + portal.n17.url)
    expect(page.get_by_role("region", name="For medlemmer").get_by_role("link", name=INTERNAL)).to_be_visible()

    # Mit område: his body, the members-only page, the next meeting and no calendar yet.
    login = page.get_by_role("banner").get_by_role("group", name="Dit login")
    login.get_by_role("link", name="Mit område").click()
    expect(page).to_have_url(portal.url + "/da/mit-omraade/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mit område")
    expect(page.get_by_role("region", name="Dine organer")).to_contain_text("Kommunalt erhvervsnetværk (medlem)")
    expect(page.get_by_role("region", name="Kun for medlemmer").get_by_role("link", name=INTERNAL)).to_be_visible()
    expect(
        page.get_by_role("region", name="Dine kommende møder").get_by_role("link", name=portal.meeting.title)
    ).to_be_visible()
    screenshot(page, "area")

    # He makes his private calendar: one message says it is ready, and its address serves his meetings.
    page.get_by_role("button", name="Opret min private kalenderadresse").click()
    expect(page.get_by_text("Din private kalenderadresse er klar.")).to_have_count(1)
    subscribe = page.get_by_role("link", name=re.compile("^Abonnér – Mine møder"))
    assert subscribe.get_attribute("href").startswith("webcal://")
    # Revoking stands apart from making a new address, with its own heading and warning.
    revoke = page.locator("form", has=page.get_by_role("button", name="Tilbagekald adressen"))
    expect(revoke).to_contain_text("Dit kalenderprogram holder op med at vise møderne")
    expect(revoke.get_by_role("button", name="Lav en ny adresse")).to_have_count(0)
    https = page.get_by_label("Adresse til Google Kalender (“Fra webadresse”)").input_value()
    response = page.request.get(https)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    summaries = [str(event["SUMMARY"]) for event in Calendar.from_ical(response.body()).walk("VEVENT")]
    assert f"N17: {portal.meeting.title}" in summaries

    page.get_by_role("link", name="Tilbage til Mit område").click()
    expect(
        page.get_by_role("region", name="Din private kalender").get_by_role("link", name=re.compile("^Abonnér"))
    ).to_be_visible()

    # He logs out: the front page says so, the header offers the login again and the page is closed to him.
    page.get_by_role("banner").get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(portal.url + "/da/")
    expect(page.get_by_role("status")).to_contain_text("Du er logget ud.")
    expect(page.get_by_role("banner").get_by_role("link", name=re.compile("^Log ind"))).to_be_visible()
    page.goto(portal.url + portal.internal.url)
    expect(page).to_have_url(re.compile(re.escape(portal.url + login_path("da"))))


def test_member_logs_in_and_finds_their_area_in_english(portal, member, page):
    page.goto(portal.url + portal.n17_en.url)
    page.get_by_role("banner").get_by_role("link", name=re.compile("^Log in")).click()
    expect(page).to_have_url(re.compile(re.escape(portal.url + login_path("en") + "?next=")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_label("Username").fill("peter")
    password = page.get_by_label("Password")
    password.fill(PASSWORD)
    with page.expect_navigation():
        password.press("Enter")
    expect(page).to_have_url(portal.url + portal.n17_en.url)
    page.get_by_role("banner").get_by_role("link", name="My area").click()
    expect(page).to_have_url(portal.url + "/en/my-area/")
    expect(page.get_by_role("region", name="Your bodies").get_by_role("link")).to_have_text(
        "Municipal Business Network"
    )


def test_the_login_page_and_the_members_area_have_no_axe_violations(portal, member, browser_context, axe_source):
    found = []
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_context(viewport=viewport, is_mobile=viewport is PHONE).new_page()
        for language in ("en", "da"):
            page.goto(portal.url + login_path(language))
            found += [f"{viewport_name} login {language}: {v}" for v in axe_violations(page, axe_source)]
        member_login(page, "peter", PASSWORD)
        for path in ("/da/mit-omraade/", "/en/my-area/", "/da/kalender/mine/", portal.n17.url):
            page.goto(portal.url + path)
            found += [f"{viewport_name} {path}: {v}" for v in axe_violations(page, axe_source)]
            # The header holds the login without pushing the page sideways.
            wide, screen = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            if wide > screen:
                found.append(f"{viewport_name} {path}: {wide}px wide in {screen}px")
    assert found == [], "\n".join(found)
