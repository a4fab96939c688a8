"""Approvers and scheduling in the admin: when an approved agenda goes live, corrections to a scheduled agenda, one
clear message after a refused action and one way to approve."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from pages.templatetags.portal_tags import meeting_datetime
from tests import factories
from tests.workflow_support import action_url, edit_url, fresh, meeting_form_from, role_users

pytestmark = pytest.mark.django_db


def da(msgid):
    with translation.override("da"):
        return translation.gettext(msgid)


@pytest.fixture
def n17():
    return factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")


@pytest.fixture
def people(n17):
    return role_users(n17, "n17")


def submitted_meeting(n17, people, days=30, items=1):
    start = (timezone.now() + dt.timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0)
    meeting = factories.meeting(n17, items=items, publish=False, start=start)
    meeting.save_revision(user=people["editor"])
    meeting.get_workflow().start(meeting, people["editor"])
    return fresh(meeting)


def goes_live_text(when):
    with translation.override("da"):
        return da("The agenda goes live on %(when)s.") % {"when": meeting_datetime(when)}


def test_approving_a_scheduled_agenda_says_when_it_goes_live(client, n17, people):
    meeting = submitted_meeting(n17, people)
    client.force_login(people["approver"])
    response = client.post(
        action_url(meeting, "approve", meeting.current_workflow_task_state), {"comment": ""}, follow=True
    )
    go_live = meeting.start - dt.timedelta(days=n17.agenda_publish_days_before)
    assert goes_live_text(go_live) in response.content.decode()
    assert goes_live_text(go_live).startswith("Dagsordenen offentliggøres ")


def test_the_meeting_page_in_the_admin_shows_when_its_agenda_goes_live(client, n17, people):
    meeting = submitted_meeting(n17, people)
    client.force_login(people["approver"])
    client.post(action_url(meeting, "approve", meeting.current_workflow_task_state), {"comment": ""})
    go_live = meeting.start - dt.timedelta(days=n17.agenda_publish_days_before)
    client.force_login(people["editor"])
    assert goes_live_text(go_live) in client.get(edit_url(meeting)).content.decode()


def test_a_scheduled_agenda_can_be_corrected_and_keeps_its_time_once_approved_again(client, n17, people):
    meeting = submitted_meeting(n17, people)
    client.force_login(people["approver"])
    client.post(action_url(meeting, "approve", meeting.current_workflow_task_state), {"comment": ""})
    meeting = fresh(meeting)
    go_live = meeting.scheduled_revision.approved_go_live_at

    client.force_login(people["editor"])
    data = meeting_form_from(meeting, items=[{"title": "Orientering om vækstforum, rettet"}])
    data["action-submit"] = "Submit"
    response = client.post(edit_url(meeting), data)
    assert response.status_code == 302
    meeting = fresh(meeting)
    assert meeting.workflow_in_progress

    client.force_login(people["approver"])
    client.post(action_url(meeting, "approve", meeting.current_workflow_task_state), {"comment": ""})
    meeting = fresh(meeting)
    scheduled = meeting.scheduled_revision
    assert not meeting.live
    assert scheduled.approved_go_live_at == go_live
    assert [item.title for item in scheduled.as_object().agenda_items.all()] == ["Orientering om vækstforum, rettet"]


def test_a_refused_approval_in_the_editor_shows_only_the_refusal(client, n17, people):
    meeting = submitted_meeting(n17, people, days=3)
    client.force_login(people["approver"])
    data = meeting_form_from(meeting, minutes="<p>For tidligt referat.</p>")
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    response = client.post(edit_url(meeting), data, follow=True)
    shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert [level for level, _text in shown] == ["error"]


def test_an_approver_is_not_offered_publish_while_the_meeting_awaits_approval(client, n17, people):
    meeting = submitted_meeting(n17, people)
    client.force_login(people["approver"])
    html = client.get(edit_url(meeting)).content.decode()
    assert 'name="action-publish"' not in html
    assert 'data-workflow-action-name="approve"' in html
