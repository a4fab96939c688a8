"""The network's application work in a real Chromium: a case handler comments on an application from the admin
dashboard, and the coordination group's briefing memo goes from the forum meeting's page header to the members."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from pages.models import ApplicationComment, ApplicationPage, MemoPage
from tests.workflow_support import PASSWORD

from .helpers import admin_login, login_path, member_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Long enough for the admin's JavaScript on a loaded machine, short enough to fail in minutes.
SLOW = 60_000


def da(message):
    """``message`` as the portal shows it in Danish: its translation, or the message itself until there is one."""
    with translation.override("da"):
        return gettext(message)


def label(choice):
    with translation.override("da"):
        return str(choice.label)


def login_url_for(portal, path):
    """Where a members-only page sends a visitor who is not logged in."""
    return re.compile(re.escape(portal.url + login_path() + "?next=") + re.escape(path).replace("/", "(/|%2F)") + "$")


# Two paragraphs, as a case handler would write them in the comment field.
TEXT = "Projektet styrker kystturismen.\n\nStøtten bør afhænge af en fælles booking."


def test_case_handler_comments_from_the_dashboard_and_a_plain_member_only_reads(portal, applications, browser_context):
    coast = applications.coast
    handler = browser_context().new_page()
    handler.set_default_timeout(SLOW)
    admin_login(handler, portal.url, "anna", PASSWORD)

    # The dashboard lists the application in Anna's focus area, awaiting her comment, and none from other areas.
    panel = handler.locator("#case-handler-applications-section")
    expect(panel.get_by_role("heading", level=2)).to_have_text(da("Applications in your focus areas"))
    row = panel.get_by_role("row").filter(has=handler.get_by_role("link", name=coast.title))
    expect(row).to_contain_text(da("Awaiting your comment"))
    expect(panel).not_to_contain_text(applications.freight.title)

    row.get_by_role("link", name=coast.title).click()
    expect(handler).to_have_url(portal.url + coast.url)
    expect(handler.get_by_role("heading", level=1)).to_have_text(coast.title)
    comments = handler.locator("#kommentarer")
    expect(comments).to_contain_text(da("No comments yet."))

    form = comments.get_by_role("form", name=da("Write your comment"))
    form.get_by_label("Indstilling").select_option(label=label(ApplicationComment.Recommendation.CONDITIONS))
    form.get_by_label("Kommentar").fill(TEXT)
    form.get_by_role("button", name=da("Save comment")).click()

    # Back on the application, at its comments, with a message that the comment was saved.
    expect(handler).to_have_url(portal.url + coast.url + "#kommentarer")
    expect(handler.locator(".messages .notice--success")).to_have_text(da("Your comment has been saved."))
    comment = comments.locator("article.comment")
    expect(comment).to_have_count(1)
    expect(comment.get_by_role("heading", level=3)).to_have_text("Anna Holm, Sorø")
    expect(comment.locator(".comment__recommendation")).to_contain_text(
        label(ApplicationComment.Recommendation.CONDITIONS)
    )
    expect(comment.locator(".comment__text p")).to_have_text(
        ["Projektet styrker kystturismen.", "Støtten bør afhænge af en fælles booking."]
    )
    # The form now changes her one comment, and the application has moved on to "commented".
    form = comments.get_by_role("form", name=da("Change your comment"))
    expect(form.get_by_label("Indstilling")).to_have_value("conditions")
    expect(form.get_by_label("Kommentar")).to_have_value(TEXT)
    expect(handler.locator(".status")).to_have_text(label(ApplicationPage.Status.COMMENTED))
    saved = ApplicationComment.objects.get(application=coast)
    assert (saved.author.name, saved.recommendation) == ("Anna Holm", "conditions")

    handler.goto(portal.url + "/admin/")
    row = (
        handler.locator("#case-handler-applications-section")
        .get_by_role("row")
        .filter(has=handler.get_by_role("link", name=coast.title))
    )
    expect(row).to_contain_text(da("Commented"))
    expect(row).not_to_contain_text(da("Awaiting your comment"))

    # Carl is in the network but handles no focus area: he logs in, reads Anna's comment and has no form.
    member = browser_context().new_page()
    member.goto(portal.url + coast.url)
    expect(member).to_have_url(login_url_for(portal, coast.url))
    member_login(member, "carl", PASSWORD)
    expect(member).to_have_url(portal.url + coast.url)
    expect(member.get_by_role("heading", level=1)).to_have_text(coast.title)
    expect(member.locator("#kommentarer article.comment")).to_contain_text("Projektet styrker kystturismen.")
    expect(member.locator("form.comment-form")).to_have_count(0)
    expect(member.locator("#kommentarer").get_by_role("textbox")).to_have_count(0)
    expect(member.get_by_role("button", name=da("Save comment"))).to_have_count(0)


def test_eko_writes_the_briefing_memo_from_the_forum_meeting_and_members_download_it(
    portal, applications, browser_context, settings
):
    # The editor pings its editing session every ten seconds; the shared in-memory SQLite test database takes one
    # writer at a time, so a ping landing during a save would refuse it.
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 600_000
    meeting, pre_meeting = applications.meeting, applications.pre_meeting
    anna = applications.people["anna"]
    ApplicationComment.objects.create(
        application=applications.coast,
        author=anna,
        user=anna.user,
        text="Kystturismen i Sydsjælland trænger til et fælles løft.",
        recommendation=ApplicationComment.Recommendation.SUPPORT,
    )

    # The EKO editor, who edits none of the forum's pages, finds the coming forum meeting on the dashboard.
    editor = browser_context().new_page()
    editor.set_default_timeout(SLOW)
    admin_login(editor, portal.url, "eko-editor", PASSWORD)
    panel = editor.locator("#briefing-memos-content")
    row = panel.get_by_role("row").filter(has_text=meeting.title)
    row.get_by_role("link", name=da("Generate"), exact=True).click()

    # The confirmation says what will be gathered and for which pre-meeting.
    expect(editor).to_have_url(portal.url + reverse("pages_generate_briefing", args=[meeting.pk]))
    summary = editor.locator(".briefing-summary")
    expect(summary).to_contain_text(pre_meeting.title)
    expect(summary.locator("dd").nth(0)).to_have_text("4")  # agenda items
    expect(summary.locator("dd").nth(1)).to_have_text("1")  # comments gathered
    assert not MemoPage.objects.filter(briefing_for=meeting).exists()
    editor.get_by_role("button", name=da("Generate the briefing memo")).click()

    # It lands in the new memo's editor, with the comment in the memo's "comments on the agenda" field.
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    memo = MemoPage.objects.get(briefing_for=meeting)
    expect(editor).to_have_url(portal.url + reverse("wagtailadmin_pages:edit", args=[memo.pk]))
    expect(editor.locator(".messages")).to_contain_text(
        da("The briefing memo was written as a draft for members only. Submit it for approval when it is ready.")
    )
    section = editor.locator("section.w-panel", has=editor.locator("input[name='briefing']"))
    section.get_by_role("button", name="Fold afsnittet ud eller sammen").first.click()
    expect(section.locator("label[for='id_briefing']")).to_have_text(da("Comments on the agenda"))
    field = section.locator("[data-field-wrapper]", has=editor.locator("input[name='briefing']")).get_by_role("textbox")
    expect(field).to_be_visible()
    expect(field).to_contain_text("Kystturismen i Sydsjælland trænger til et fælles løft.")
    expect(field).to_contain_text("2. Ansøgning: Kystturisme")
    assert not memo.live

    # The editor submits it to EKO's approvers; the approver approves it from the dashboard.
    editor.get_by_role("navigation", name="Handlinger (bund)").get_by_role("button", name="Flere handlinger").click()
    editor.get_by_role("button", name=re.compile("^Send til godkendelse – EKO")).click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    memo.refresh_from_db()
    assert memo.workflow_in_progress and not memo.live

    approver = browser_context().new_page()
    approver.set_default_timeout(SLOW)
    admin_login(approver, portal.url, "eko-approver", PASSWORD)
    awaiting = approver.get_by_role("region", name="Venter på din godkendelse")
    row = awaiting.get_by_role("row").filter(has=approver.get_by_role("link", name=memo.title))
    row.get_by_role("button", name="Handlinger").click()
    with approver.expect_navigation():
        row.get_by_role("button", name="Godkend", exact=True).click()
    expect(approver.get_by_role("region", name="Venter på din godkendelse")).to_have_count(0)
    memo.refresh_from_db()
    assert memo.live

    # An EKO member logs in and finds the memo on the pre-meeting's page, and downloads its PDF.
    member = browser_context().new_page()
    member.goto(portal.url + login_path() + "?next=" + pre_meeting.url)
    member_login(member, "eko-member", PASSWORD)
    expect(member).to_have_url(portal.url + pre_meeting.url)
    briefings = member.locator("section.briefing-memos")
    expect(briefings.get_by_role("heading", level=2)).to_contain_text(da("Briefing memo"))
    expect(briefings.get_by_role("link", name=memo.title, exact=True)).to_be_visible()
    with member.expect_download() as download_info:
        briefings.get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    briefings.get_by_role("link", name=memo.title, exact=True).click()
    expect(member).to_have_url(portal.url + memo.url)
    expect(member.get_by_role("heading", level=1)).to_have_text(memo.title)
    gathered = member.get_by_role("region", name=da("Comments on the agenda"))
    expect(gathered).to_contain_text("Kystturismen i Sydsjælland trænger til et fælles løft.")

    # A visitor sees no memo on the pre-meeting's page and is sent to log in for the memo and its PDF.
    visitor = browser_context().new_page()
    visitor.goto(portal.url + pre_meeting.url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(pre_meeting.title)
    expect(visitor.locator("section.briefing-memos")).to_have_count(0)
    expect(visitor.locator("main")).not_to_contain_text(memo.title)
    visitor.goto(portal.url + memo.url)
    expect(visitor).to_have_url(login_url_for(portal, memo.url))
    expect(visitor.locator("body")).not_to_contain_text("Kystturismen i Sydsjælland")
    response = visitor.request.get(portal.url + memo.url + "pdf/", max_redirects=0)
    assert response.status == 302 and response.headers["location"].startswith(login_path() + "?next=")
