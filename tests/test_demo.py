"""The demo loader builds the memo's organisation, changes nothing when run again, and makes logins only if asked."""

import datetime as dt
import io
import re
from html import escape
from types import SimpleNamespace
from unittest import mock
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Collection, Page, Revision, Site

from pages.models import (
    AgendaItem,
    ApplicationComment,
    ApplicationIndexPage,
    ApplicationPage,
    Attendance,
    BodyPage,
    CaseHandlerAssignment,
    ConsortiumPage,
    FocusArea,
    MeetingPage,
    Membership,
    MemoIndexPage,
    MemoPage,
    Municipality,
    OrganisationRoles,
    Person,
    PortalDocument,
    StandardPage,
    WorkingGroupPage,
)
from pages.roles import case_handler_group_name
from tests.checks import assert_asks_to_log_in

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
CODES = {
    "Faxe": 320,
    "Greve": 253,
    "Guldborgsund": 376,
    "Holbæk": 316,
    "Kalundborg": 326,
    "Køge": 259,
    "Lejre": 350,
    "Lolland": 360,
    "Næstved": 370,
    "Odsherred": 306,
    "Ringsted": 329,
    "Roskilde": 265,
    "Slagelse": 330,
    "Solrød": 269,
    "Sorø": 340,
    "Stevns": 336,
    "Vordingborg": 390,
}
WORKING_GROUPS = [
    "Basisfunktioner, koordinering og udveksling med K17",
    "Erhvervsservice og kompetenceudvikling",
    "Sundhed",
    "Turisme/oplevelsesøkonomi",
    "Energi og Klima",
    "Transport og logistik",
    "Overvågningsprogrammet og ”Gode lokale rammer for erhvervslivet”",
    "Infrastruktur/trafik",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Loads the demo once for this module, inside a transaction that is rolled back afterwards."""
    media_root = tmp_path_factory.mktemp("demo-media")
    output = io.StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media_root)), transaction.atomic():
        call_command("load_demo", stdout=output)
        yield SimpleNamespace(output=output.getvalue(), media_root=media_root)
        transaction.set_rollback(True)


def home():
    """The Danish home page: the demo is built there (translations hang under the English one)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def body(short_name):
    return BodyPage.objects.descendant_of(home()).get(short_name=short_name)


def snapshot():
    """Row counts and latest revisions of everything the demo creates."""
    models = [
        Page,
        Revision,
        PortalDocument,
        Collection,
        Municipality,
        Person,
        Membership,
        FocusArea,
        AgendaItem,
        Attendance,
        CaseHandlerAssignment,
        ApplicationComment,
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["latest revisions"] = sorted(Page.objects.values_list("pk", "latest_revision_id", "last_published_at"))
    return counts


def test_first_load_reports_each_section_and_makes_no_logins_without_debug(demo):
    assert "Municipalities: 17 (17 new)" in demo.output
    assert "Meetings: " in demo.output
    assert re.search(r"^Applications, case handlers and comments: \d+ \(\d+ new\)", demo.output, re.M)
    assert "Demo logins are off (PORTAL_DEMO_LOGINS): none were created." in demo.output
    assert not get_user_model().objects.filter(username__in=["admin", "editor", "reviewer"]).exists()


def test_second_run_creates_and_changes_nothing(demo):
    before = snapshot()
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert snapshot() == before
    assert "0 new pages" in output.getvalue()
    assert all("(0 new)" in line for line in output.getvalue().splitlines() if "new)" in line)


def test_every_page_is_live_and_published_through_a_revision(demo):
    pages = Page.objects.descendant_of(home())
    assert pages.count() > 100
    assert not pages.filter(live=False).exists()
    assert not pages.filter(latest_revision__isnull=True).exists()


def test_memo_has_its_metadata_full_text_and_pdf(demo, client, settings):
    memo = MemoPage.objects.descendant_of(home()).get(slug="kommunernes-organisering-af-arbejdet-med-vaekstforum")
    assert memo.title == "Kommunernes organisering af arbejdet med vækstforum i Region Sjælland"
    assert (memo.date, memo.journal_number, memo.action_facet) == (dt.date(2009, 1, 19), "04.00.00", "P16")
    assert (memo.case_id, memo.author_reference, memo.sender) == ("000198683", "MEN", "KL")
    assert isinstance(memo.get_parent().specific, MemoIndexPage)
    assert {o.short_name for o in memo.related_organisations.all()} == {"EKO", "N17", "K17", "KKR", "Vækstforum"}

    response = client.get(memo.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Ny model</h2>" in html
    assert "<li>Infrastruktur/trafik.</li>" in html
    # The last sentence of the memo, and a word hyphenated across its page break joined again.
    assert "vanskeligt at få kræfter til selv at sætte dagsordenen." in html
    assert "Kommunerne mister indflydelse" in html
    # The letterhead is metadata, not text.
    assert "Weidekampsgade" not in html

    settings.MEDIA_ROOT = str(demo.media_root)
    pdf = PortalDocument.objects.get(pk=memo.attachments[0].value["document"].pk)
    assert pdf.url in html
    download = client.get(pdf.url)
    assert download.status_code == 200
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages)
    assert "Erhvervskoordinationsgruppen (EKO)" in text
    assert "Niels Hörup" in text
    assert all(letter in text for letter in "æøå")


def test_seventeen_municipalities_with_official_codes(demo):
    assert dict(Municipality.objects.values_list("name", "code")) == CODES


def test_bodies_hang_together_as_the_memo_describes(demo):
    bodies = {b.short_name: b for b in BodyPage.objects.descendant_of(home())}
    assert bodies["KKR"].kind == "political"
    assert bodies["K17 erhverv"].get_parent().specific == bodies["K17"]
    assert bodies["K17 erhverv"].reports_to.specific == bodies["K17"]
    assert bodies["EKO"].reports_to.specific == bodies["K17 erhverv"]
    assert bodies["N17"].established == dt.date(2008, 3, 1)
    assert bodies["N17"].meeting_rhythm == "6 gange om året"
    assert "onsdagssekretariat" in bodies["EKO"].purpose
    forum_children = {p.title for p in BodyPage.objects.child_of(bodies["Vækstforum"])}
    assert forum_children == {
        "Vækstforumsekretariatet",
        "Indstillingssekretariatet",
        "Formandskabet for Vækstforum Sjælland",
    }
    assert StandardPage.objects.child_of(home()).filter(title="Om portalen").exists()

    groups = WorkingGroupPage.objects.child_of(bodies["N17"])
    assert sorted(groups.values_list("title", flat=True)) == sorted(WORKING_GROUPS)
    assert all(g.start_date == dt.date(2008, 3, 1) and g.field and g.mandate for g in groups)
    consortia = ConsortiumPage.objects.child_of(bodies["KKR"])
    assert consortia.count() == 3
    assert all(c.lead_municipality in c.participating_municipalities.all() for c in consortia)
    assert FocusArea.objects.filter(locale__language_code="da").count() >= 6


def test_members_of_forum_eko_and_n17(demo):
    def current(short_name):
        return Membership.objects.current().filter(organisation__short_name=short_name).select_related("person")

    forum = {m.person.label for m in current("Vækstforum")}
    assert {"Poul Lindor Nielsen (S)", "Jens Stenbæk (V)", "Niels Hörup (V)"} <= forum
    assert len(forum) == 6
    business_group = current("K17 erhverv")
    assert business_group.get(role="chair").person.name == "Thomas Knudsen"
    assert {m.person.name for m in business_group} <= {m.person.name for m in current("K17")}
    eko = current("EKO").select_related("person__municipality")
    assert {m.person.municipality.name for m in eko} == {
        "Holbæk",
        "Kalundborg",
        "Køge",
        "Lolland",
        "Næstved",
        "Slagelse",
        "Sorø",
    }
    assert eko.get(role="secretary").person.municipality.name == "Sorø"
    assert eko.filter(role="coordinator").count() == 1
    n17 = current("N17").select_related("person__municipality")
    assert sorted(m.person.municipality.name for m in n17) == sorted(CODES)
    assert {m.person for m in eko} <= {m.person for m in n17}


def test_n17_page_lists_current_and_former_members(demo, client):
    n17 = body("N17")
    response = client.get(n17.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Martin Skov" in html
    assert "Tidligere medlemmer" in html
    assert "Birgitte Lund" in html


def test_calendar_has_held_upcoming_planned_and_one_cancelled_meeting(demo):
    meetings = MeetingPage.objects.descendant_of(home())
    today = timezone.localdate()
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=CPH)
    held = meetings.filter(end__lt=midnight, cancelled=False)
    assert held.filter(start__lt=midnight - dt.timedelta(days=600)).exists()
    for meeting in held:
        items = list(meeting.agenda_items.all())
        assert items and all(item.decision for item in items), meeting.title
        assert meeting.minutes and meeting.attendance.exists(), meeting.title

    upcoming = meetings.filter(start__gte=midnight + dt.timedelta(days=1), cancelled=False)
    assert upcoming.filter(start__gte=midnight + dt.timedelta(days=300)).exists()
    assert not AgendaItem.objects.filter(meeting__in=upcoming).exclude(decision="").exists()
    with_agenda = [m for m in upcoming if m.agenda_items.exists()]
    planned = [m for m in upcoming if not m.agenda_items.exists()]
    assert with_agenda and planned
    assert max(m.start for m in with_agenda) < min(m.start for m in planned)

    cancelled = meetings.get(cancelled=True)
    assert cancelled.cancellation_reason

    n17 = meetings.child_of(body("N17"))
    assert n17.filter(start__year=today.year).count() == 6
    first = n17.order_by("start").first()
    assert first.slug == f"{first.start.astimezone(CPH):%Y-%m-%d}-n17"
    assert first.start.astimezone(CPH).time() == dt.time(9, 0)


def test_every_forum_meeting_has_a_pre_meeting_a_day_or_two_before(demo):
    forum_meetings = MeetingPage.objects.child_of(body("Vækstforum"))
    eko = body("EKO")
    assert forum_meetings.count() >= 12
    for forum in forum_meetings:
        pre = forum.pre_meetings.get(locale=forum.locale)
        assert pre.kind == MeetingPage.Kind.PRE_MEETING
        assert pre.get_parent().specific == eko
        assert 1 <= (forum.start.date() - pre.start.date()).days <= 2


def test_closed_item_and_its_attachment_stay_with_the_members(demo, client, settings):
    settings.MEDIA_ROOT = str(demo.media_root)
    held = MeetingPage.objects.descendant_of(home()).filter(end__lt=timezone.now())
    item = AgendaItem.objects.filter(closed=True, meeting__in=held).first()
    assert item.legal_basis.startswith("Forvaltningslovens § 30")
    attachment = item.attachments[0].value
    assert attachment["publishable"] is False

    response = client.get(item.meeting.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert item.title not in html
    assert item.description not in html
    assert attachment["document"].url not in html
    # Even someone who has the file's address cannot open it: to the public it does not exist.
    assert client.get(attachment["document"].url).status_code == 404

    public = next(i for i in AgendaItem.objects.filter(closed=False, meeting__in=held) if i.attachments)
    assert public.attachments[0].value["document"].url in client.get(public.meeting.url).content.decode()


def danish_applications():
    return ApplicationPage.objects.descendant_of(home())


def forum_meetings_around_today():
    """The last forum meeting held and the next one."""
    meetings = MeetingPage.objects.child_of(body("Vækstforum")).filter(cancelled=False)
    now = timezone.now()
    last = meetings.filter(end__lt=now).order_by("start").last()
    return last, meetings.filter(end__gte=now).order_by("start").first()


def test_applications_stand_on_the_agendas_of_the_forum_meetings_that_decide_them(demo):
    archive = ApplicationIndexPage.objects.descendant_of(home()).get()
    assert (archive.title, archive.slug, archive.live) == ("Ansøgninger om medfinansiering", "ansoegninger", True)
    assert archive.get_parent().specific == body("N17")
    assert archive.forum.specific == body("Vækstforum")
    applications = ApplicationPage.objects.child_of(archive)
    assert 6 <= applications.count() <= 8
    last, upcoming = forum_meetings_around_today()
    for application in applications:
        assert application.live and application.applicant and application.summary, application.title
        assert 250_000 <= application.amount <= 4_000_000
        assert re.fullmatch(r"VF-\d{4}-\d{3}", application.reference)
        assert application.received < timezone.localdate()
        item = application.agenda_item()
        assert item is not None and application.title in item.title and not item.closed, application.title
        if application.is_decided:
            assert application.decision_meeting.pk == last.pk and item.decision
        else:
            assert application.decision_meeting.pk == upcoming.pk and not item.decision
    assert set(applications.filter(decision_meeting=last).values_list("status", flat=True)) == {"granted", "refused"}
    areas = {a.focus_area.name for a in applications.filter(decision_meeting=upcoming)}
    assert {"Turisme", "Sundhed og velfærdsteknologi", "Energi og klima", "Transport og logistik"} < areas

    # The next meeting's applications follow the approvals, together and in case-number order.
    items = list(upcoming.agenda_items.order_by("sort_order"))
    assert [i.title for i in items[:2]] == ["Godkendelse af dagsorden", "Godkendelse af referat fra sidste møde"]
    numbers = [i.case_reference for i in items if i.case_reference.startswith("VF-")]
    assert numbers == sorted(applications.filter(decision_meeting=upcoming).values_list("reference", flat=True))
    assert [i.case_reference for i in items[2 : 2 + len(numbers)]] == numbers


def test_n17_members_split_the_focus_areas_and_one_area_has_nobody(demo):
    n17 = body("N17")
    current = CaseHandlerAssignment.objects.current().filter(focus_area__locale__language_code="da")
    for area in ["Turisme", "Sundhed og velfærdsteknologi", "Energi og klima", "Transport og logistik"]:
        assert 1 <= current.filter(focus_area__name=area).count() <= 2, area
    assert not current.filter(focus_area__name="Iværksætteri").exists()
    members = Membership.objects.current().filter(organisation=n17).values_list("person_id", flat=True)
    assert set(current.values_list("person_id", flat=True)) <= set(members)
    for assignment in CaseHandlerAssignment.objects.all():
        assert assignment.network.specific == n17
        assignment.full_clean()  # the case handler sat in N17 for the whole period
    # So the entrepreneurship application is the one with nobody to comment on it.
    unhandled = [a.focus_area.name for a in danish_applications() if not a.case_handlers().exists()]
    assert unhandled == ["Iværksætteri"]


def test_case_handlers_comment_on_most_applications(demo):
    applications = list(danish_applications())
    commented = [a for a in applications if a.comments.exists()]
    assert len(applications) / 2 < len(commented) < len(applications)
    for comment in ApplicationComment.objects.select_related("application", "author"):
        application = comment.application
        assert comment.author in application.case_handlers(), (comment.author, application.title)
        assert comment.recommendation in ApplicationComment.Recommendation.values
        assert len(re.findall(r"[.!?](\s|$)", comment.text)) >= 2
        assert application.received <= comment.created_at.date() < timezone.localdate()
    last, upcoming = forum_meetings_around_today()
    waiting = [a for a in applications if a.decision_meeting == upcoming and not a.comments.exists()]
    assert any(a.case_handlers().exists() for a in waiting)


def test_the_next_forum_meeting_has_one_briefing_memo_with_the_comments(demo):
    _last, upcoming = forum_meetings_around_today()
    memo = MemoPage.objects.descendant_of(home()).get(briefing_for__isnull=False)
    assert memo.briefing_for.pk == upcoming.pk
    assert memo.live and memo.journal_number
    assert memo.get_parent().get_parent().specific == body("EKO")
    # The only memo about this meeting: no second, hand-written one beside it.
    assert list(MemoPage.objects.descendant_of(home()).filter(related_meetings=upcoming)) == [memo]
    for comment in ApplicationComment.objects.filter(application__decision_meeting=upcoming):
        assert escape(comment.text.splitlines()[0]) in memo.briefing
    for application in danish_applications().filter(decision_meeting=upcoming):
        assert escape(application.title) in memo.briefing


def test_applications_and_the_briefing_memo_are_for_members_only(demo, client):
    memo = MemoPage.objects.descendant_of(home()).get(briefing_for__isnull=False)
    application = danish_applications().filter(comments__isnull=False).first()
    comment = application.comments.first()
    archive = application.get_parent()
    # In Danish and in the English placeholders alike.
    pages = [
        page
        for original in (archive, application, memo)
        for page in Page.objects.filter(translation_key=original.translation_key)
    ]
    assert len(pages) == 6
    for page in pages:
        assert_asks_to_log_in(client.get(page.url), page.url)

    member = get_user_model().objects.create_user("n17-medlem", password="x")
    member.groups.add(OrganisationRoles.for_page(body("N17")).members)
    client.force_login(member)
    response = client.get(application.url)
    assert response.status_code == 200
    assert escape(comment.text.splitlines()[0]) in response.content.decode()
    assert client.get(archive.url).status_code == 200
    # The memo is filed with EKO, so it is EKO's members who read it.
    assert_asks_to_log_in(client.get(memo.url), memo.url)
    member.groups.add(OrganisationRoles.for_page(body("EKO")).members)
    assert client.get(memo.url).status_code == 200


def test_loading_again_after_meetings_were_held_adds_their_minutes(demo):
    meetings = MeetingPage.objects.descendant_of(home())
    later = timezone.now() + dt.timedelta(days=100)
    due = [m for m in meetings.filter(end__lt=later, start__gt=timezone.now(), cancelled=False) if m.has_agenda]
    assert due
    count = meetings.count()
    applications = danish_applications().count()

    output = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("load_demo", stdout=output)

    assert "Meetings brought up to date" in output.getvalue()
    for meeting in due:
        meeting.refresh_from_db()
        assert meeting.minutes, meeting.title
        assert all(item.decision for item in meeting.agenda_items.all()), meeting.title
        assert meeting.revisions.count() == 2
    # The calendar moved on by a hundred days, and the demo still shows one cancelled meeting.
    assert meetings.count() > count
    assert meetings.filter(cancelled=True).count() == 1
    # No application is added, each is still on its meeting's agenda, and there is still one briefing memo.
    assert danish_applications().count() == applications
    for application in danish_applications():
        assert application.agenda_item() is not None, application.title
    assert MemoPage.objects.descendant_of(home()).filter(briefing_for__isnull=False).count() == 1


def test_logins_are_made_only_where_the_settings_ask_for_them(demo, client, settings):
    settings.PORTAL_DEMO_LOGINS = True
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert "admin / admin-demo-2009" in output.getvalue()
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    # The editor and reviewer work through N17's own roles, not site-wide groups; the editor, being a case handler,
    # is in the case handlers' group too, which opens the dashboard of her applications.
    for username in ("editor", "reviewer"):
        names = set(users.get(username=username).groups.values_list("name", flat=True))
        if username == "editor":
            assert case_handler_group_name() in names
            names.discard(case_handler_group_name())
        assert names and all(name.startswith("N17:") for name in names), (username, names)
    assert not users.get(username="editor").is_superuser
    # The editor is Karen Munk Jørgensen, one of N17's case handlers: she comments as herself.
    karen = users.get(username="editor").person
    assert karen.name == "Karen Munk Jørgensen"
    assert CaseHandlerAssignment.objects.current().filter(person=karen).exists()

    settings.DEBUG = False
    assert client.login(username="editor", password="editor-demo-2009")
    assert client.get("/admin/").status_code == 200
    application = next(a for a in danish_applications() if karen in a.case_handlers() and not a.is_decided)
    response = client.get(application.url)
    assert response.status_code == 200
    assert 'class="comment-form"' in response.content.decode()


def test_the_demo_member_logs_in_on_the_portal_and_finds_both_bodies(demo, client, settings):
    settings.PORTAL_DEMO_LOGINS = True
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert "member / member-demo-2009" in output.getvalue()
    assert "/da/log-ind/" in output.getvalue()
    settings.DEBUG = False
    member = get_user_model().objects.get(username="member")
    assert not member.is_staff and member.person.name == "Lars Bjerregaard"
    response = client.post("/da/log-ind/", {"username": "member", "password": "member-demo-2009"}, follow=True)
    assert response.redirect_chain[-1][0] == "/da/mit-omraade/"
    area = response.content.decode()
    bodies = area.split('id="bodies-heading"')[1].split("</section>")[0]
    assert "Kommunalt erhvervsnetværk" in bodies and "Erhvervskoordinationsgruppen" in bodies
    members_only = area.split('id="members-only-heading"')[1].split("</section>")[0]
    assert "Ansøgninger om medfinansiering" in members_only
    assert client.get("/admin/").status_code == 302
