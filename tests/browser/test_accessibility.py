"""axe-core in Chromium on the public page types, in both languages, at desktop and phone widths; print styles."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .content import PDF_WORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}


def pages_to_check(portal):
    return {
        "da": {
            "home": portal.home.url,
            "body": portal.n17.url,
            "meeting": portal.meeting.url,
            "memo": portal.memo.url,
            "search": f"/da/search/?q={PDF_WORD}",
        },
        "en": {
            "home": portal.home_en.url,
            "body": portal.n17_en.url,
            "meeting": portal.meeting_en.url,
            "memo": portal.memo_en.url,
            "search": "/en/search/?q=heating",
        },
    }


def serious_violations(page, axe_source):
    page.evaluate(axe_source)
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))})))"
    )
    return [v for v in result if v["impact"] in BLOCKING]


def test_no_serious_or_critical_axe_violations(portal, browser_context, axe_source):
    found = []
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_context(viewport=viewport, is_mobile=viewport is PHONE).new_page()
        for language, urls in pages_to_check(portal).items():
            for name, path in urls.items():
                response = page.goto(portal.url + path)
                assert response.ok, (path, response.status)
                expect(page.locator("html")).to_have_attribute("lang", language)
                for violation in serious_violations(page, axe_source):
                    found.append(f"{viewport_name} {language} {name} {path}: {violation}")
    assert found == [], "\n".join(found)


def test_agenda_prints_without_navigation_or_search(portal, page):
    page.goto(portal.url + portal.meeting.url)
    expect(page.locator(".header-search")).to_be_visible()
    page.emulate_media(media="print")
    for selector in (".header-search", ".main-nav", ".language-switcher", ".skip-link", ".calendar-subscribe"):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Møde i N17")
    expect(page.locator(".agenda-item")).to_have_count(3)
    expect(page.locator("a.attachment").first).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
