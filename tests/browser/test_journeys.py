"""Journeys through the public portal and its admin in a real Chromium."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect
from wagtail.models import WorkflowPage

from demo.documents import pdf_bytes
from pages.models import MeetingPage
from pages.roles import ensure_roles
from tests import factories as f
from tests.workflow_support import PASSWORD, user

from .content import PDF_WORD
from .helpers import admin_login

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
    with open(download.path(), "rb") as handle:
        meeting = Calendar.from_ical(handle.read())
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


AGENDA = ["Godkendelse af dagsorden", "Fælles varmeplan for de 17 kommuner", "Eventuelt"]
# Long enough for the admin's JavaScript and an upload on a loaded machine, short enough to fail in minutes.
SLOW = 60_000


def test_editor_submits_a_meeting_an_approver_publishes_it_and_a_visitor_opens_its_attachment(
    portal, browser_context, settings
):
    # The editor pings its editing session every ten seconds; the shared in-memory SQLite test database takes one
    # writer at a time, so a ping landing during the upload would refuse it.
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 600_000
    roles = ensure_roles(portal.n17)
    user("n17-redaktoer", roles.editors)
    user("n17-godkender", roles.approvers)
    # N17 approves its working group's agendas here: the group is given N17's workflow instead of its own.
    WorkflowPage.objects.update_or_create(page=portal.group, defaults={"workflow": roles.workflow})
    # Two days ahead: within the days before a meeting in which an approved agenda goes live at once.
    start = (timezone.now() + dt.timedelta(days=2)).astimezone(f.CPH)
    start = start.replace(hour=13, minute=0, second=0, microsecond=0)
    days_before = portal.group.agenda_publish_days_before
    assert days_before is None or start - dt.timedelta(days=days_before) < timezone.now()

    # The editor drafts the meeting in the working group and submits it for approval.
    editor = browser_context().new_page()
    editor.set_default_timeout(SLOW)
    admin_login(editor, portal.url, "n17-redaktoer", PASSWORD)
    editor.goto(portal.url + "/admin/pages/")
    editor.get_by_role("link", name="Udforsk undersider af „Forside“").click()
    editor.get_by_role("link", name="Udforsk undersider af „Kommunalt erhvervsnetværk“").click()
    editor.get_by_role("link", name="Udforsk undersider af „Energi og Klima“").click()
    editor.get_by_role("link", name="Tilføj en underside").first.click()
    # A working group holds only meetings, so the admin goes straight to the meeting form.
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Møde")
    editor.get_by_role("textbox", name=re.compile("^Titel")).first.fill("Møde om varmeplaner")
    editor.get_by_label("Starter").fill(start.strftime("%d.%m.%Y %H:%M"))
    editor.keyboard.press("Escape")
    editor.get_by_label("Slutter").fill((start + dt.timedelta(hours=2)).strftime("%d.%m.%Y %H:%M"))
    editor.keyboard.press("Escape")
    editor.get_by_label("Sted").fill("Rådhuset, Ringsted")
    add_item = editor.get_by_role("button", name="Tilføj Dagsordenspunkt")
    for index, title in enumerate(AGENDA):
        add_item.click()
        item = editor.locator(f"#inline_child_agenda_items-{index}")
        item.get_by_role("textbox", name=re.compile("^Titel")).fill(title)

    # The varmeplan item gets its attachment, uploaded through the document chooser.
    item = editor.locator("#inline_child_agenda_items-1")
    item.locator("[id$='-attachments-root']").get_by_role("button", name="Indsæt en blok").click()
    item.get_by_role("button", name="Vælg et dokument").click()
    # Wagtail's chooser modal is a dialog without a name of its own; its heading says what it is for.
    chooser = editor.get_by_role("dialog").filter(has=editor.get_by_role("heading", name="Vælg et dokument"))
    chooser.get_by_role("tab", name="Upload").click()
    upload = chooser.get_by_role("tabpanel", name="Upload")
    upload.get_by_label("Titel").fill("Udkast til fælles varmeplan")
    upload.get_by_label("Fil").set_input_files(
        {
            "name": "varmeplan.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf_bytes("Udkast til fælles varmeplan", [("p", "Varmeplanen for de 17 kommuner.")]),
        }
    )
    upload.get_by_label("Samling").select_option(label="N17")
    upload.get_by_role("button", name="Upload").click()
    expect(chooser).to_be_hidden()
    expect(item).to_contain_text("Udkast til fælles varmeplan")

    editor.get_by_role("navigation", name="Handlinger (bund)").get_by_role("button", name="Flere handlinger").click()
    editor.get_by_role("button", name=re.compile("^Send til godkendelse – N17")).click()
    # Submitted, the editor is back in the working group's listing.
    editor.wait_for_url(f"{portal.url}/admin/pages/{portal.group.pk}/")
    meeting = MeetingPage.objects.get(title="Møde om varmeplaner")
    assert meeting.get_parent().pk == portal.group.pk
    assert not meeting.live and meeting.workflow_in_progress

    # The approver finds it awaiting review on the dashboard and approves it.
    approver = browser_context().new_page()
    approver.set_default_timeout(SLOW)
    admin_login(approver, portal.url, "n17-godkender", PASSWORD)
    awaiting = approver.get_by_role("region", name="Venter på din godkendelse")
    row = awaiting.get_by_role("row").filter(has=approver.get_by_role("link", name="Møde om varmeplaner"))
    expect(row).to_contain_text("n17-redaktoer")
    row.get_by_role("button", name="Handlinger").click()
    with approver.expect_navigation():
        row.get_by_role("button", name="Godkend", exact=True).click()
    expect(approver.get_by_role("region", name="Venter på din godkendelse")).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.live and not meeting.workflow_in_progress

    # A visitor finds the meeting among the working group's upcoming meetings and opens its attachment.
    visitor = browser_context().new_page()
    visitor.goto(portal.url + portal.group.url)
    upcoming = visitor.get_by_role("region", name="Kommende møder")
    upcoming.get_by_role("link", name=re.compile("Møde om varmeplaner")).click()
    expect(visitor).to_have_url(portal.url + meeting.url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Møde om varmeplaner")
    agenda = visitor.get_by_role("region", name="Dagsorden")
    expect(agenda.get_by_role("heading", level=3)).to_have_text(
        [f"{number}. {title}" for number, title in enumerate(AGENDA, 1)]
    )
    attachment = agenda.get_by_role("link", name=re.compile("Udkast til fælles varmeplan"))
    expect(attachment).to_have_count(1)
    response = visitor.request.get(attachment.evaluate("a => a.href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
