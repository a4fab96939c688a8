"""The editor's and approver's main journey in a real Chromium: a new meeting from the dashboard, its agenda,
submitted, approved with the agenda scheduled, and live for the public at its time."""

import datetime as dt
import os
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from pages.models import MeetingPage
from pages.roles import ensure_roles
from pages.templatetags.portal_tags import meeting_datetime
from tests import factories as f
from tests.workflow_support import PASSWORD, user

from .helpers import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLOW = 60_000
AGENDA = ["Godkendelse af dagsorden", "Fælles varmeplan for de 17 kommuner", "Eventuelt"]
# `ADMIN_SCREENSHOTS=1` also writes the README's screenshots of the admin.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(page, name):
    if os.environ.get("ADMIN_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / f"admin-{name}.png"))


def test_editor_creates_a_meeting_from_the_dashboard_and_the_approved_agenda_goes_live_at_its_time(
    portal, browser_context, settings
):
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 600_000
    roles = ensure_roles(portal.n17)
    user("n17-redaktoer", roles.editors)
    user("n17-godkender", roles.approvers)
    start = (
        (timezone.now() + dt.timedelta(days=30)).astimezone(f.CPH).replace(hour=10, minute=0, second=0, microsecond=0)
    )
    days_before = portal.n17.agenda_publish_days_before
    go_live = start - dt.timedelta(days=days_before)

    # The editor finds "Nyt møde" for N17 on the dashboard and lands straight in the meeting form.
    editor = browser_context().new_page()
    editor.set_default_timeout(SLOW)
    admin_login(editor, portal.url, "n17-redaktoer", PASSWORD)
    panel = editor.get_by_role("region", name="Nyt møde")
    panel.get_by_role("link", name="Nyt møde – N17").click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Møde")

    # Dates are typed as the editor writes them; ISO stays as typed when the field loses focus.
    starts = editor.get_by_label("Starter")
    expect(starts).to_have_attribute("placeholder", "dd.mm.åååå tt:mm")
    starts.fill(start.strftime("%Y-%m-%d %H:%M"))
    editor.keyboard.press("Escape")
    editor.get_by_label("Sted").click()
    expect(starts).to_have_value(start.strftime("%Y-%m-%d %H:%M"))
    editor.get_by_label("Slutter").fill((start + dt.timedelta(hours=2)).strftime("%d.%m.%Y kl. %H.%M"))
    editor.keyboard.press("Escape")
    editor.get_by_label("Sted").fill("Rådhuset, Sorø")
    # No cancellation on a meeting that does not exist yet.
    expect(editor.get_by_text("Aflysning eller flytning")).to_have_count(0)
    add_item = editor.get_by_role("button", name="Tilføj Dagsordenspunkt")
    for index, title in enumerate(AGENDA):
        add_item.click()
        editor.locator(f"#inline_child_agenda_items-{index}").get_by_role("textbox", name=re.compile("^Titel")).fill(
            title
        )
    screenshot(editor, "new-meeting")

    # The title is left empty: the meeting is named after its body and day.
    editor.get_by_role("navigation", name="Handlinger (bund)").get_by_role("button", name="Flere handlinger").click()
    editor.get_by_role("button", name=re.compile("^Send til godkendelse – N17")).click()
    editor.wait_for_url(f"{portal.url}/admin/pages/{portal.n17.pk}/")
    expect(editor.locator(".messages")).to_contain_text(
        f"Siden „{MeetingPage.default_title(portal.n17, start)}“ er oprettet og sendt til godkendelse."
    )
    meeting = MeetingPage.objects.get(slug=f"{start:%Y-%m-%d}-n17")
    assert meeting.title == MeetingPage.default_title(portal.n17, start)
    assert meeting.workflow_in_progress and not meeting.live

    # The approver approves from the dashboard and is told when the agenda goes live.
    approver = browser_context().new_page()
    approver.set_default_timeout(SLOW)
    admin_login(approver, portal.url, "n17-godkender", PASSWORD)
    awaiting = approver.get_by_role("region", name="Venter på din godkendelse")
    row = awaiting.get_by_role("row").filter(has=approver.get_by_role("link", name=meeting.title))
    screenshot(approver, "awaiting-approval")
    row.get_by_role("button", name="Handlinger").click()
    with approver.expect_navigation():
        row.get_by_role("button", name="Godkend", exact=True).click()
    when = meeting_datetime(go_live)
    expect(approver.locator(".messages")).to_contain_text(f"Dagsordenen offentliggøres {when}.")
    meeting = MeetingPage.objects.get(pk=meeting.pk)
    assert not meeting.live and meeting.scheduled_revision.approved_go_live_at == go_live

    # The meeting's edit page says the same, and the page stays editable.
    approver.goto(f"{portal.url}/admin/pages/{meeting.pk}/edit/")
    expect(approver.get_by_role("navigation", name="Handlinger for denne side")).to_contain_text(
        f"Dagsordenen offentliggøres {when}."
    )
    expect(approver.get_by_label("Sted")).to_be_editable()
    screenshot(approver, "scheduled-meeting")

    # Before its time the public does not find it; at its time it is live.
    visitor = browser_context().new_page()
    path = f"/da/n17/{meeting.slug}/"
    assert visitor.goto(portal.url + path).status == 404
    moment = go_live + dt.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("publish_scheduled")
    assert MeetingPage.objects.get(pk=meeting.pk).live
    visitor.goto(portal.url + path)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(meeting.title)
    agenda = visitor.get_by_role("region", name="Dagsorden")
    expect(agenda.get_by_role("heading", level=3)).to_have_text(
        [f"{number}. {title}" for number, title in enumerate(AGENDA, 1)]
    )
