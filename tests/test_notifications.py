"""E-mails to a body's members when its agenda or minutes are published."""

import datetime as dt
import logging
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages.models import OrganisationRoles
from tests import factories
from tests.workflow_support import action_url, edit_url, fresh, meeting_form_from, role_users, user

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def n17():
    return factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")


@pytest.fixture
def people(n17):
    people = role_users(n17, "n17")
    members = OrganisationRoles.for_page(n17).members
    people["second_member"] = user("n17-member-2", members)
    people["no_address"] = user("n17-member-3", members)
    people["no_address"].email = ""
    people["no_address"].save()
    eko = factories.body(title="Erhvervskoordinationsgruppen", short_name="EKO")
    people["eko_member"] = role_users(eko, "eko")["member"]
    return people


def member_mail(outbox):
    """The members' e-mails (Wagtail also mails the approvers and the submitter about the workflow itself)."""
    return [message for message in outbox if message.to[0].startswith(("n17-member", "eko-member"))]


def submitted(n17, people, start, items=1):
    start = start.replace(second=0, microsecond=0)
    meeting = factories.meeting(n17, items=items, start=start, publish=False, title="Møde i april", slug="mode-i-april")
    meeting.save_revision(user=people["editor"])
    meeting.get_workflow().start(meeting, people["editor"])
    return fresh(meeting)


def approve(client, people, meeting):
    client.force_login(people["approver"])
    return client.post(action_url(meeting, "approve", meeting.current_workflow_task_state), {"comment": ""})


def test_members_are_mailed_a_link_once_the_agenda_is_published(
    client, n17, people, mailoutbox, django_capture_on_commit_callbacks
):
    # Two days before the meeting: past the five days, so the approved agenda goes live at once.
    meeting = submitted(n17, people, timezone.now() + dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert approve(client, people, meeting).status_code == 302
        assert fresh(meeting).live
    # Nothing is sent until the publication has been committed.
    assert member_mail(mailoutbox) == []
    for callback in callbacks:
        callback()
    sent = member_mail(mailoutbox)
    assert sorted(message.to[0] for message in sent) == sorted([people["member"].email, people["second_member"].email])
    assert all(fresh(meeting).get_full_url() in message.body for message in sent)
    assert all("Møde i april" in message.subject and "N17" in message.subject for message in sent)


def test_republishing_does_not_mail_again_but_approved_minutes_do(
    client, n17, people, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = submitted(n17, people, timezone.now() - dt.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, people, meeting)
    assert len(member_mail(mailoutbox)) == 2

    # A correction to the agenda is published without a new e-mail.
    data = meeting_form_from(fresh(meeting), title="Møde i april (rettet)")
    data["action-publish"] = "Publish"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url(meeting), data).status_code == 302
    assert len(member_mail(mailoutbox)) == 2

    # The minutes, after the meeting, are news again.
    data = meeting_form_from(fresh(meeting), minutes="<p>Referat af mødet.</p>")
    data["action-publish"] = "Publish"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url(meeting), data).status_code == 302
    sent = member_mail(mailoutbox)
    assert len(sent) == 4
    assert sent[-1].subject != sent[0].subject
    assert people["eko_member"].email not in [message.to[0] for message in sent]


def test_a_mail_server_failure_never_breaks_publishing(
    client, n17, people, mailoutbox, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_notifications.BrokenBackend"
    meeting = submitted(n17, people, timezone.now() + dt.timedelta(days=1))
    with caplog.at_level(logging.ERROR, logger="pages.notifications"), django_capture_on_commit_callbacks(execute=True):
        response = approve(client, people, meeting)
    assert response.status_code == 302
    assert fresh(meeting).live
    assert any("Could not notify the members" in record.getMessage() for record in caplog.records)


def test_a_scheduled_agenda_is_not_announced_before_it_goes_live(
    client, n17, people, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = submitted(n17, people, timezone.now() + dt.timedelta(days=12))
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, people, meeting)
    assert not fresh(meeting).live
    assert member_mail(mailoutbox) == []


def test_a_meeting_restricted_to_fewer_than_the_members_is_not_announced_to_the_others(
    n17, people, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = factories.meeting(n17, items=1, publish=False, title="Møde for formandskabet")
    restriction = PageViewRestriction.objects.create(page=meeting, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(OrganisationRoles.for_page(n17).approvers)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()
    assert [m for m in member_mail(mailoutbox) if "Møde for formandskabet" in m.subject] == []


def test_a_case_handler_is_not_told_of_a_decision_meeting_they_may_not_see(
    mailoutbox, django_capture_on_commit_callbacks
):
    n17 = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")
    work = factories.application_work(n17)
    work.meeting.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        factories.application(
            work.archive, work.areas["tourism"], title="Kystturisme i Sydsjælland", decision_meeting=work.meeting
        )
    message = next(m for m in mailoutbox if m.to == ["anna@example.dk"])
    assert "Møde i Vækstforum" not in message.body
