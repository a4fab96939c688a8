"""Journeys through the public portal and its admin in a real Chromium."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from .content import PDF_WORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_finds_a_word_in_a_memos_pdf_narrows_by_type_and_opens_the_memo(portal, page):
    page.goto(portal.url + "/da/")
    page.get_by_role("searchbox", name="Søg efter møder, dagsordener, referater og notater").fill(PDF_WORD)
    page.get_by_role("search").get_by_role("button", name="Søg").click()
    expect(page).to_have_url(re.compile(r"/da/search/\?q=" + PDF_WORD))
    results = page.locator(".search-result__title a")
    expect(page.locator(".search-count")).to_contain_text("2 resultater")
    expect(results).to_have_count(2)

    facets = page.get_by_role("complementary", name="Afgræns resultaterne")
    facets.get_by_role("link", name=re.compile(r"^Notat")).click()
    expect(results).to_have_count(1)
    expect(results).to_have_text("Varmeforsyning i de mindre byer")
    expect(page.locator(".search-result__files")).to_contain_text("Notat om varmeforsyning")
    expect(page.get_by_role("link", name=re.compile("Fjern filter"))).to_be_visible()

    results.first.click()
    expect(page).to_have_url(portal.url + portal.memo.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Varmeforsyning i de mindre byer")
    pdf = page.locator("a.attachment", has_text="Notat om varmeforsyning")
    response = page.request.get(pdf.evaluate("a => a.href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_visitor_subscribes_to_a_body_and_downloads_a_meeting(portal, page):
    page.goto(portal.url + portal.n17.url)
    subscribe = page.locator(".calendar-subscribe").get_by_role("link", name=re.compile("^Abonnér – N17"))
    expect(subscribe).to_be_visible()
    webcal = subscribe.get_attribute("href")
    host = portal.url.split("://", 1)[1]
    assert webcal == f"webcal://{host}/da/kalender/organisation/{portal.n17.pk}.ics"

    https = page.get_by_role("link", name="Kalenderadresse (https)").get_attribute("href")
    assert https == "http://" + webcal.split("://", 1)[1]
    response = page.request.get(https)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.body())
    summaries = sorted(str(event["SUMMARY"]) for event in feed.walk("VEVENT"))
    assert "N17: Møde i N17" in summaries
    assert all(event.get("UID") for event in feed.walk("VEVENT"))

    page.goto(portal.url + portal.meeting.url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Føj til min kalender").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    meeting = Calendar.from_ical(open(download.path(), "rb").read())
    (event,) = meeting.walk("VEVENT")
    assert str(event["SUMMARY"]).endswith("Møde i N17")
    assert event.decoded("DTSTART") == portal.meeting.start
    assert str(event["UID"]).startswith(str(portal.meeting.uid))
    assert str(event["LOCATION"]) == "Rådhuset, Sorø"


def test_language_switcher_round_trip(portal, page):
    page.goto(portal.url + portal.n17.url)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    switcher = page.get_by_role("navigation", name="Sprog")
    expect(switcher.get_by_role("link", name="Dansk")).to_have_attribute("aria-current", "true")

    switcher.get_by_role("link", name="English").click()
    expect(page).to_have_url(portal.url + portal.n17_en.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Municipal Business Network")
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")

    switcher.get_by_role("link", name="Dansk").click()
    expect(page).to_have_url(portal.url + portal.n17.url)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommunalt erhvervsnetværk")
