"""axe-core in Chromium on the public page types, in both languages, at desktop and phone widths; on the members-only
application and briefing memo pages as their members see them; print styles."""

import pytest
from playwright.sync_api import expect

from pages import briefing
from pages.models import ApplicationComment
from tests.workflow_support import PASSWORD

from .conftest import DESKTOP, PHONE
from .content import PDF_WORD
from .helpers import login_path, member_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def pages_to_check(portal):
    """One page of every public type in each language, with realistic content (a long attendance list, many
    attachments, long titles), the English ones partly untranslated placeholders showing Danish."""
    return {
        "da": {
            "home": portal.home.url,
            "body": portal.n17.url,
            "working group": portal.group.url,
            "consortium": portal.consortium.url,
            "meeting": portal.meeting.url,
            "past meeting": portal.past.url,
            "cancelled meeting": portal.cancelled.url,
            "meeting archive": portal.n17.url + "meetings/",
            "memo archive": portal.archive.url,
            "members-only memo archive": portal.members_archive.url,
            "memo": portal.memo.url,
            "standard page": portal.about.url,
            "search": f"/da/search/?q={PDF_WORD}",
            "accessibility statement": "/da/tilgaengelighed/",
            "privacy notice": "/da/privatliv/",
            "not found": "/da/denne-side-findes-ikke/",
            "follow": f"/da/foelg/?side={portal.n17.pk}",
        },
        "en": {
            "home": portal.home_en.url,
            "body": portal.n17_en.url,
            "body placeholder": portal.kkr_placeholder.url,
            "working group placeholder": portal.group_en.url,
            "consortium placeholder": portal.consortium_en.url,
            "meeting": portal.meeting_en.url,
            "meeting archive": portal.n17_en.url + "meetings/",
            "memo archive": portal.archive_en.url,
            "members-only memo archive": portal.members_archive_en.url,
            "memo": portal.memo_en.url,
            "standard page": portal.about_en.url,
            "search": "/en/search/?q=heating",
            "accessibility statement": "/en/accessibility/",
            "privacy notice": "/en/privacy/",
            "not found": "/en/no-such-page/",
            "follow": f"/en/foelg/?side={portal.n17_en.pk}",
        },
    }


def axe_violations(page, axe_source):
    """axe's findings on the page, of every impact: critical, serious, moderate and minor."""
    page.evaluate(axe_source)
    return page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))})))"
    )


def test_public_pages_have_no_axe_violations_at_all(portal, browser_context, axe_source):
    """Not even moderate or minor ones, such as content outside a landmark or two search landmarks of one name."""
    found = []
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_context(viewport=viewport, is_mobile=viewport is PHONE).new_page()
        for language, urls in pages_to_check(portal).items():
            for name, path in urls.items():
                response = page.goto(portal.url + path)
                assert response.status == (404 if name == "not found" else 200), (path, response.status)
                expect(page.locator("html")).to_have_attribute("lang", language)
                for violation in axe_violations(page, axe_source):
                    found.append(f"{viewport_name} {language} {name} {path}: {violation}")
                wide, screen = page.evaluate(PAGE_AND_SCREEN_WIDTH)
                if wide > screen:
                    found.append(f"{viewport_name} {language} {name} {path}: {wide}px wide in {screen}px")
    assert found == [], "\n".join(found)


PAGE_AND_SCREEN_WIDTH = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def test_members_only_pages_have_no_axe_violations_at_all(portal, applications, browser_context, axe_source):
    anna = applications.people["anna"]
    ApplicationComment.objects.create(
        application=applications.freight,
        author=applications.people["bo"],
        user=applications.people["bo"].user,
        text="Godstransporten bør flyttes til banen.",
        recommendation=ApplicationComment.Recommendation.REJECT,
    )
    ApplicationComment.objects.create(
        application=applications.coast,
        author=anna,
        user=anna.user,
        text="Kystturismen trænger til et fælles løft.",
        recommendation=ApplicationComment.Recommendation.SUPPORT,
    )
    memo, _created = briefing.generate(applications.meeting)
    memo.get_latest_revision().publish()
    memo.refresh_from_db()
    # Who sees what: Anna handles tourism in N17 (the archive, and the application with her comment form);
    # Bo handles transport, so on the tourism application he reads without a form; EKO's member reads the memo.
    pages = {
        "anna": {
            "application archive": applications.archive.url,
            "application with a comment form": applications.coast.url,
        },
        "bo": {"application without a comment form": applications.coast.url},
        "eko-member": {"briefing memo": memo.url, "pre-meeting with the briefing memo": applications.pre_meeting.url},
    }
    found = []
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        for username, urls in pages.items():
            page = browser_context(viewport=viewport, is_mobile=viewport is PHONE).new_page()
            page.goto(portal.url + login_path() + "?next=/da/")
            member_login(page, username, PASSWORD)
            for name, path in urls.items():
                response = page.goto(portal.url + path)
                assert response.ok and response.url == portal.url + path, (path, response.status, response.url)
                expect(page.locator("html")).to_have_attribute("lang", "da")
                for violation in axe_violations(page, axe_source):
                    found.append(f"{viewport_name} {username} {name} {path}: {violation}")
                # Tables and forms fit the screen: the page itself never scrolls sideways (WCAG 1.4.10).
                wide, screen = page.evaluate(PAGE_AND_SCREEN_WIDTH)
                if wide > screen:
                    found.append(f"{viewport_name} {username} {name} {path}: {wide}px wide in {screen}px")
            if username == "anna":
                # The comment form as it comes back with an error: an empty comment is refused.
                page.goto(portal.url + applications.coast.url)
                form = page.locator("form.comment-form")
                form.get_by_label("Kommentar").fill("   ")
                with page.expect_navigation():
                    form.get_by_role("button").click()
                expect(form.locator(".form-errors")).to_have_count(1)
                for violation in axe_violations(page, axe_source):
                    found.append(f"{viewport_name} anna comment form with an error: {violation}")
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
