"""A meeting's editorial cycle in the admin: agenda approved and scheduled, minutes approved after the start."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import (
    Collection,
    GroupPagePermission,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from pages.models import MeetingChange, MeetingPage, OrganisationRoles, ParticipantsApprovalTask
from tests import factories
from tests.workflow_support import (
    action_url,
    add_url,
    edit_url,
    fresh,
    meeting_form,
    meeting_form_from,
    page_state,
    role_users,
    user,
)

pytestmark = pytest.mark.django_db


def da(msgid):
    """The Danish text the visitor reads for an English message id."""
    with translation.override("da"):
        return translation.gettext(msgid)


def later(start, **delta):
    return mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(**delta))


@pytest.fixture
def n17():
    return factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")


@pytest.fixture
def people(n17):
    return role_users(n17, "n17")


def member_mail(outbox, people):
    """The e-mails sent to the body's member (Wagtail also mails approvers and submitters about the workflow)."""
    return [message for message in outbox if message.to == [people["member"].email]]


def start_in(days):
    return (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)


def public(path):
    return Client().get(path)


def test_one_meeting_from_empty_to_published_minutes(
    client, n17, people, django_capture_on_commit_callbacks, mailoutbox
):
    # Within the two weeks a login session lasts, as the clock is moved forward below.
    start = start_in(8)
    path = "/da/n17/mode-i-marts/"

    # The editor drafts the agenda and submits it.
    client.force_login(people["editor"])
    data = meeting_form(
        title="Møde i marts",
        slug="mode-i-marts",
        start=start,
        items=[
            {"title": "Status for vækstforum", "description": "<p>Orientering om status.</p>"},
            {
                "title": "Ansøgning fra virksomhed",
                "description": "<p>Fortrolig sag.</p>",
                "closed": True,
                "legal_basis": "Forvaltningslovens § 30",
            },
        ],
    )
    data["action-submit"] = "Submit"
    response = client.post(add_url(n17), data)
    assert response.status_code == 302
    meeting = MeetingPage.objects.get(slug="mode-i-marts")
    assert not meeting.live and meeting.workflow_in_progress
    assert public(path).status_code == 404

    # The approver previews the draft and approves it: it is scheduled for five days before the meeting.
    client.force_login(people["approver"])
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(meeting.pk,)))
    assert preview.status_code == 200 and "Status for vækstforum" in preview.content.decode()
    state = meeting.current_workflow_task_state
    response = client.post(action_url(meeting, "approve", state), {"comment": "Godkendt"})
    assert response.status_code == 302
    meeting = fresh(meeting)
    assert not meeting.live
    assert meeting.scheduled_revision.approved_go_live_at == start - dt.timedelta(days=5)
    assert PageLogEntry.objects.filter(page=meeting, action="portal.agenda_scheduled").exists()
    assert public(path).status_code == 404
    assert member_mail(mailoutbox, people) == []

    # Five days before the meeting the agenda goes live and the members are told.
    with later(start, days=-5, minutes=1), django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    meeting = fresh(meeting)
    assert meeting.live
    page = public(path).content.decode()
    assert da("Agenda published") in page
    assert "Status for vækstforum" in page
    assert "Fortrolig sag" not in page and "Ansøgning fra virksomhed" not in page
    assert len(member_mail(mailoutbox, people)) == 1

    # Minutes drafted before the meeting cannot be approved before it starts.
    client.force_login(people["editor"])
    data = meeting_form_from(
        meeting,
        minutes="<p>Mødet blev holdt som planlagt.</p>",
        items=[
            {
                "title": "Status for vækstforum",
                "description": "<p>Orientering om status.</p>",
                "decision": "<p>Taget til efterretning.</p>",
            },
            {
                "title": "Ansøgning fra virksomhed",
                "description": "<p>Fortrolig sag.</p>",
                "closed": True,
                "decision": "<p>Indstillet.</p>",
            },
        ],
    )
    data["action-submit"] = "Submit"
    assert client.post(edit_url(meeting), data).status_code == 302
    meeting = fresh(meeting)
    state = meeting.current_workflow_task_state
    client.force_login(people["approver"])
    response = client.post(action_url(meeting, "approve", state), {"comment": ""}, follow=True)
    assert (
        da("Minutes and decisions cannot be published before the meeting has started. Approve them after the start.")
        in response.content.decode()
    )
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert "Mødet blev holdt som planlagt" not in public(path).content.decode()

    # Once the meeting has started the approver approves the minutes; the public sees them, the members are told.
    with later(start, hours=3), django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(meeting, "approve", state), {"comment": ""})
        assert response.status_code == 302
        page = public(path).content.decode()
    assert da("Minutes approved") in page
    assert "Mødet blev holdt som planlagt" in page and "Taget til efterretning" in page
    assert "Indstillet" not in page
    assert [m.subject.split(":")[0] for m in member_mail(mailoutbox, people)] == [
        da("Agenda published: %(meeting)s (%(body)s)").split(":")[0],
        da("Minutes approved: %(meeting)s (%(body)s)").split(":")[0],
    ]
    # Every step is in the page's history.
    actions = list(PageLogEntry.objects.filter(page=meeting).values_list("action", flat=True))
    for action in (
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "wagtail.publish.scheduled",
        "wagtail.publish",
        "portal.members_notified",
    ):
        assert action in actions, action


def test_history_comparison_and_locking_work_for_meetings(client, n17, people):
    meeting = factories.meeting(n17, items=1, title="Møde med historik")
    meeting.title = "Møde med historik, rettet"
    second = meeting.save_revision(user=people["editor"])
    first = meeting.revisions.order_by("pk").first()
    client.force_login(people["approver"])
    history = client.get(reverse("wagtailadmin_pages:history", args=(meeting.pk,)))
    assert history.status_code == 200
    compare = client.get(reverse("wagtailadmin_pages:revisions_compare", args=(meeting.pk, first.pk, second.pk)))
    assert compare.status_code == 200 and "rettet" in compare.content.decode()

    assert client.post(reverse("wagtailadmin_pages:lock", args=(meeting.pk,))).status_code == 302
    assert fresh(meeting).locked
    before = page_state(meeting)
    client.force_login(people["editor"])
    response = client.post(edit_url(meeting), meeting_form_from(meeting, title="Ændret trods lås"))
    assert response.status_code == 200
    assert page_state(meeting) == before


def test_agenda_is_published_at_once_when_the_body_sets_no_days(client, n17, people):
    n17.agenda_publish_days_before = None
    n17.save_revision().publish()
    meeting = factories.meeting(n17, items=1, publish=False, start=start_in(30))
    meeting.save_revision(user=people["editor"])
    meeting.get_workflow().start(meeting, people["editor"])
    client.force_login(people["approver"])
    meeting = fresh(meeting)
    client.post(action_url(meeting, "approve", meeting.current_workflow_task_state), {"comment": ""})
    assert fresh(meeting).live


def test_approver_cannot_publish_minutes_before_the_start_from_the_editor(client, n17, people):
    meeting = factories.meeting(n17, items=1, start=start_in(3))
    before = page_state(meeting)
    client.force_login(people["approver"])
    data = meeting_form_from(meeting, minutes="<p>For tidligt referat.</p>")
    data["action-publish"] = "Publish"
    response = client.post(edit_url(meeting), data)
    assert response.status_code == 200
    assert "For tidligt referat" not in public(meeting.url).content.decode()
    assert page_state(meeting) == before


def test_stale_approval_is_refused_and_the_latest_version_awaits_approval(client, n17, people):
    other_approver = user("n17-approver-2", OrganisationRoles.for_page(n17).approvers)
    meeting = factories.meeting(n17, items=0, publish=False, title="Oprindelig titel")
    meeting.save_revision(user=people["editor"])
    meeting.get_workflow().start(meeting, people["editor"])
    meeting = fresh(meeting)
    stale_state = meeting.current_workflow_task_state

    # Another approver changes the meeting while it awaits approval.
    client.force_login(other_approver)
    client.post(edit_url(meeting), meeting_form_from(meeting, title="Ny titel"))
    assert fresh(meeting).get_latest_revision_as_object().title == "Ny titel"

    client.force_login(people["approver"])
    response = client.post(action_url(meeting, "approve", stale_state), {"comment": ""})
    assert response.status_code == 302 and response["Location"] == edit_url(meeting) + "?refused=stale-revision"
    page = client.get(response["Location"]).content.decode()
    assert (
        da(
            "The meeting was changed after it was submitted, so that approval was not recorded. "
            "The latest version is now awaiting approval: review it and approve again."
        )
        in page
    )
    meeting = fresh(meeting)
    assert not meeting.live
    stale_state.refresh_from_db()
    assert stale_state.status == TaskState.STATUS_CANCELLED
    current = meeting.current_workflow_task_state
    assert current.status == TaskState.STATUS_IN_PROGRESS and current.revision_id == meeting.latest_revision_id

    client.post(action_url(meeting, "approve", current), {"comment": ""})
    meeting = fresh(meeting)
    assert meeting.live and meeting.title == "Ny titel"


def test_every_named_participant_must_approve(client, n17, people):
    roles = OrganisationRoles.for_page(n17)
    chair = user("formand", roles.approvers)
    deputy = user("naestformand", roles.approvers)
    task = ParticipantsApprovalTask.objects.create(name="Godkend referat")
    task.participants.set([chair, deputy])
    workflow = Workflow.objects.create(name="Godkendelse af deltagere")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.filter(page=n17).update(workflow=workflow)

    meeting = factories.meeting(n17, items=0, publish=False, title="Møde med godkendelse")
    meeting.save_revision(user=people["editor"])
    meeting.get_workflow().start(meeting, people["editor"])
    meeting = fresh(meeting)
    state = meeting.current_workflow_task_state

    # An approver of the body who is not named cannot approve this step.
    client.force_login(people["approver"])
    client.post(action_url(meeting, "approve", state), {"comment": ""})
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS

    client.force_login(chair)
    client.post(action_url(meeting, "approve", state), {"comment": "Godkendt af formanden"})
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS and not fresh(meeting).live
    # Approving twice counts once.
    client.post(action_url(meeting, "approve", state), {"comment": ""})
    assert not fresh(meeting).live

    client.force_login(deputy)
    client.post(action_url(meeting, "approve", state), {"comment": ""})
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_APPROVED and fresh(meeting).live
    assert PageLogEntry.objects.filter(page=meeting, action="portal.participant_approved").count() == 2


def test_moving_and_cancelling_a_public_meeting_keeps_it_live_and_on_record(client, n17, people):
    start = start_in(10)
    meeting = factories.meeting(n17, items=1, start=start, title="Møde der flyttes")
    client.force_login(people["approver"])

    # A public meeting cannot be moved without a reason.
    data = meeting_form_from(meeting, start=start + dt.timedelta(days=1), end=start + dt.timedelta(days=1, hours=2))
    data["action-publish"] = "Publish"
    response = client.post(edit_url(meeting), data)
    assert response.status_code == 200
    assert fresh(meeting).start == start and not MeetingChange.objects.exists()

    data = meeting_form_from(
        meeting,
        start=start + dt.timedelta(days=1),
        end=start + dt.timedelta(days=1, hours=2),
        change_reason="Formanden er forhindret.",
    )
    data["action-publish"] = "Publish"
    assert client.post(edit_url(meeting), data).status_code == 302
    meeting = fresh(meeting)
    assert meeting.live and meeting.start == start + dt.timedelta(days=1)
    moved = MeetingChange.objects.get()
    assert (moved.kind, moved.reason, moved.old_start, moved.new_start) == (
        "moved",
        "Formanden er forhindret.",
        start,
        meeting.start,
    )
    assert moved.sequence == meeting.sequence > 0
    page = public(meeting.url).content.decode()
    assert "Formanden er forhindret." in page

    data = meeting_form_from(meeting, cancelled=True, cancellation_reason="Ingen punkter til behandling.")
    data["action-publish"] = "Publish"
    assert client.post(edit_url(meeting), data).status_code == 302
    meeting = fresh(meeting)
    assert meeting.live and meeting.cancelled
    cancelled = MeetingChange.objects.filter(kind="cancelled").get()
    assert cancelled.reason == "Ingen punkter til behandling." and cancelled.changed_by == people["approver"]
    page = public(meeting.url).content.decode()
    assert da("Cancelled") in page and "Ingen punkter til behandling." in page
    assert PageLogEntry.objects.filter(page=meeting, action="portal.meeting_changed").count() == 2


def test_roles_are_created_with_the_body_and_by_setup_roles_idempotently(n17):
    roles = OrganisationRoles.for_page(n17)
    assert {roles.editors.name, roles.approvers.name, roles.members.name} == {
        da("%(name)s: editors") % {"name": "N17"},
        da("%(name)s: approvers") % {"name": "N17"},
        da("%(name)s: members") % {"name": "N17"},
    }
    assert WorkflowPage.objects.get(page=n17).workflow == roles.workflow
    assert roles.private_collection.get_parent() == roles.collection
    assert roles.private_collection.get_view_restrictions().get().groups.filter(pk=roles.members.pk).exists()
    counts = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Collection.objects.count(),
        Workflow.objects.count(),
    )
    call_command("setup_roles", verbosity=0)
    call_command("setup_roles", verbosity=0)
    assert Group.objects.filter(name="Sekretariatet").exists()
    assert (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Collection.objects.count(),
        Workflow.objects.count(),
    ) == counts


def test_a_body_added_in_the_admin_gets_its_roles(client):
    admin = user("admin", superuser=True)
    client.force_login(admin)
    home = factories.home_page()
    from wagtail.test.utils.form_data import nested_form_data

    data = nested_form_data(
        {
            "title": "Erhvervskoordinationsgruppen",
            "slug": "eko",
            "short_name": "EKO",
            "kind": "coordination",
            "summary": "",
            "purpose": "null",
            "reports_to": "",
            "meeting_rhythm": "",
            "established": "",
            "agenda_publish_days_before": "7",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:add", args=("pages", "bodypage", home.pk)), data)
    assert response.status_code == 302
    from pages.models import BodyPage

    eko = BodyPage.objects.get(slug="eko")
    assert eko.agenda_publish_days_before == 7
    assert OrganisationRoles.for_page(eko).editors.name == da("%(name)s: editors") % {"name": "EKO"}


def test_the_demo_editor_and_reviewer_work_in_n17(settings):
    import io

    from pages.models import BodyPage, OrganisationPage

    settings.PORTAL_DEMO_LOGINS = True
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert "Editorial roles:" in output.getvalue()
    assert OrganisationRoles.objects.count() == OrganisationPage.objects.filter(locale__language_code="da").count()
    n17 = BodyPage.objects.get(short_name="N17", locale__language_code="da")
    eko = BodyPage.objects.get(short_name="EKO", locale__language_code="da")
    roles = OrganisationRoles.for_page(n17)
    users = get_user_model().objects
    assert users.get(username="editor").groups.filter(pk=roles.editors.pk).exists()
    assert users.get(username="reviewer").groups.filter(pk=roles.approvers.pk).exists()
    assert not users.get(username="editor").groups.filter(pk=OrganisationRoles.for_page(eko).editors.pk).exists()
    # Running it again adds nobody twice.
    call_command("load_demo", stdout=io.StringIO())
    assert users.get(username="editor").groups.filter(pk=roles.editors.pk).count() == 1
