"""The public pages in Chromium: the language switcher stays on the page, the phone header, the search page at both
widths, a cancelled meeting, and axe-core on the pages this adds (a placeholder, a cancelled meeting, statements)."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .content import PDF_WORD
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_switcher_keeps_the_visitor_on_an_untranslated_page(portal, page):
    page.goto(portal.url + portal.kkr.url)
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    expect(page).to_have_url(portal.url + portal.kkr_placeholder.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "da")
    expect(page.get_by_text("This page has not been translated yet; it is shown in Danish.")).to_be_visible()


def test_on_a_phone_the_header_takes_at_most_a_quarter_of_the_screen(portal, browser_context):
    page = browser_context(viewport=PHONE, is_mobile=True).new_page()
    page.goto(portal.url + portal.meeting.url)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE["height"] / 4, header
    menu = page.get_by_role("button", name="Menu")
    expect(page.locator(".main-nav__list")).to_be_hidden()
    menu.click()
    expect(page.locator(".main-nav__list").get_by_role("link", name="N17")).to_be_visible()


# Each body card's title and text as wide as its words need when words may not break: wider than the card means a
# word only fits by breaking mid-word.
CARD_WORDS_WIDER_THAN_THE_CARD = """() => [...document.querySelectorAll('.card__title, .card__text')].flatMap(e => {
    e.style.overflowWrap = 'normal';
    const wide = e.scrollWidth > e.clientWidth;
    e.style.overflowWrap = '';
    return wide ? [e.textContent.trim()] : [];
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_body_cards_do_not_break_words_mid_word(portal, browser_context, viewport):
    from tests import factories as f

    f.body(
        title="Erhvervskoordinationsgruppen",
        short_name="EKO",
        slug="eko",
        summary="Koordinerer kommunernes erhvervsudviklingsprojekter med vækstforumsekretariatet.",
    )
    page = browser_context(viewport=viewport, is_mobile=viewport is PHONE).new_page()
    page.goto(portal.url + portal.home.url)
    expect(page.locator(".card__title").filter(has_text="Erhvervskoordinationsgruppen")).to_be_visible()
    assert page.evaluate(CARD_WORDS_WIDER_THAN_THE_CARD) == []


def test_search_facets_stand_beside_the_results_on_a_desktop(portal, browser_context):
    page = browser_context(viewport=DESKTOP).new_page()
    page.goto(f"{portal.url}/da/search/?q={PDF_WORD}")
    facets, results = page.locator(".search-facets").bounding_box(), page.locator(".search-results").bounding_box()
    assert facets["x"] + facets["width"] <= results["x"]
    assert abs(facets["y"] - results["y"]) < 5
    expect(page.get_by_role("button", name="Vis filtre")).to_be_hidden()


def test_search_facets_fold_away_on_a_phone(portal, browser_context):
    page = browser_context(viewport=PHONE, is_mobile=True).new_page()
    page.goto(f"{portal.url}/da/search/?q={PDF_WORD}")
    expect(page.locator(".search-facets__groups")).to_be_hidden()
    page.get_by_role("button", name="Vis filtre").click()
    expect(page.locator(".search-facets__groups")).to_be_visible()


def test_search_dates_are_typed_the_danish_way(portal, page):
    page.goto(f"{portal.url}/da/search/?q={PDF_WORD}")
    page.get_by_label("Fra").fill("01.01.2009")
    page.get_by_role("button", name="Søg", exact=True).last.click()
    expect(page.get_by_label("Fra")).to_have_value("01.01.2009")
    expect(page.locator(".search-count")).to_contain_text("resultat")


def test_a_cancelled_meeting_says_so_and_offers_the_cancellation(portal, page):
    page.goto(portal.url + portal.cancelled.url)
    expect(page.get_by_text("Mødet er aflyst.")).to_have_count(1)
    expect(page.get_by_text("For få punkter på dagsordenen")).to_be_visible()
    expect(page.get_by_text("Dagsordenen er endnu ikke offentliggjort")).to_have_count(0)
    href = page.get_by_role("link", name="Føj aflysningen til min kalender").get_attribute("href")
    assert "STATUS:CANCELLED" in page.request.get(href).text()


def test_the_added_pages_have_no_axe_violations_at_either_width(portal, browser_context, axe_source):
    paths = {
        "placeholder": portal.kkr_placeholder.url,
        "cancelled meeting": portal.cancelled.url,
        "meeting with a long attendance list": portal.meeting.url,
        "accessibility statement": "/da/tilgaengelighed/",
        "privacy notice": "/en/privacy/",
        "search without results": "/da/search/?q=zzzyyy",
    }
    found = []
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_context(viewport=viewport, is_mobile=viewport is PHONE).new_page()
        for name, path in paths.items():
            assert page.goto(portal.url + path).ok, path
            found += [f"{viewport_name} {name}: {v}" for v in axe_violations(page, axe_source)]
            if viewport is PHONE:
                # Opened menus and filters are checked too.
                for toggle in page.locator(".fold-toggle:visible").all():
                    toggle.click()
                found += [f"{viewport_name} {name} (opened): {v}" for v in axe_violations(page, axe_source)]
    assert found == [], "\n".join(found)
