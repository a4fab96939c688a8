"""Every step of the public journeys works from the keyboard alone, and focus lands where the visitor expects."""

import re

import pytest
from playwright.sync_api import expect

from .content import PDF_WORD
from .helpers import focused_matches, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_skip_link_search_and_language_switcher_by_keyboard(portal, page):
    page.goto(portal.url + portal.n17.url)
    page.keyboard.press("Tab")
    assert focused_matches(page, "a.skip-link")
    expect(page.locator("a.skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    assert focused_matches(page, "main#main")

    page.goto(portal.url + portal.n17.url)
    tab_to(page, "#header-search-q")
    page.keyboard.type(PDF_WORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/da/search/\?q=" + PDF_WORD))
    tab_to(page, ".search-facets a")
    link = tab_to(page, ".search-result__title a")
    href = link.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))

    page.goto(portal.url + portal.n17.url)
    tab_to(page, '.language-switcher a[hreflang="en"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(portal.url + portal.n17_en.url)
    tab_to(page, '.language-switcher a[hreflang="da"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(portal.url + portal.n17.url)


def test_subscribe_links_and_agenda_attachments_by_keyboard(portal, page):
    page.goto(portal.url + portal.n17.url)
    link = tab_to(page, ".calendar-subscribe__button")
    assert link.get_attribute("href").startswith("webcal://")
    link = tab_to(page, ".calendar-subscribe__link")
    assert "/kalender/organisation/" in link.get_attribute("href")

    tab_to(page, f'a[href="{portal.meeting.url}"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(portal.url + portal.meeting.url)
    download_link = tab_to(page, ".calendar-subscribe__button")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    assert download_info.value.suggested_filename.endswith(".ics")
    attachment = tab_to(page, "a.attachment")
    expect(attachment).to_contain_text("Bilag: budget for energiprojekter")
    response = page.request.get(attachment.evaluate("a => a.href"))
    assert response.ok and response.body().startswith(b"%PDF")
    assert download_link is not None
