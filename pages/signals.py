"""Roles for new organisations, the record of meeting changes, member e-mails, and the admin's workflow messages."""

import logging

from django.db.models.signals import post_delete, post_save
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail.signals import page_published

from pages import workflow_notices

logger = logging.getLogger(__name__)


def _organisation_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from pages.roles import ensure_roles

        ensure_roles(instance)


def record_change(meeting, revision=None):
    """Records a published cancellation, reinstatement or move of a meeting that was already public."""
    from pages.models import MeetingChange

    before = getattr(meeting, "_public_before", None)
    meeting._public_before = None
    if not before:
        return None
    if meeting.cancelled and not before["cancelled"]:
        kind, reason = MeetingChange.Kind.CANCELLED, meeting.cancellation_reason
    elif before["cancelled"] and not meeting.cancelled:
        kind, reason = MeetingChange.Kind.REINSTATED, meeting.change_reason
    elif any(before[f] != getattr(meeting, f) for f in ("start", "end", "location")):
        kind, reason = MeetingChange.Kind.MOVED, meeting.change_reason
    else:
        return None
    fields = {
        "old_start": before["start"],
        "new_start": meeting.start,
        "old_end": before["end"],
        "new_end": meeting.end,
        "old_location": before["location"],
        "new_location": meeting.location,
    }
    change = MeetingChange.objects.create(
        meeting=meeting,
        kind=kind,
        reason=reason,
        changed_by=revision.user if revision else None,
        sequence=meeting.sequence,
        **fields,
    )
    log(
        instance=meeting,
        action="portal.meeting_changed",
        user=change.changed_by,
        revision=revision,
        data={"kind": kind, "reason": reason, **{k: str(v) for k, v in fields.items()}},
    )
    return change


def _meeting_published(sender, instance, revision=None, **kwargs):
    from pages.notifications import schedule_notification

    if not instance.live:
        return
    record_change(instance, revision)
    schedule_notification(instance)


def _application_archive_created(sender, instance, created, raw=False, **kwargs):
    """An application archive is for members only from the moment it exists."""
    if created and not raw:
        from pages.roles import restrict_to_members

        restrict_to_members(instance)


def _application_published(sender, instance, revision=None, **kwargs):
    from pages.notifications import schedule_case_handler_notification

    if instance.live:
        schedule_case_handler_notification(instance)


def _case_handlers_changed(sender, instance=None, raw=False, **kwargs):
    if raw:
        return
    from pages.roles import sync_case_handlers

    sync_case_handlers()


def connect():

    from pages.models import (
        ApplicationIndexPage,
        ApplicationPage,
        BodyPage,
        CaseHandlerAssignment,
        ConsortiumPage,
        MeetingPage,
        Person,
        WorkingGroupPage,
    )

    post_save.connect(
        _application_archive_created, sender=ApplicationIndexPage, dispatch_uid="portal-application-archive"
    )
    page_published.connect(_application_published, sender=ApplicationPage, dispatch_uid="portal-application-published")
    for model in (CaseHandlerAssignment, Person):
        post_save.connect(_case_handlers_changed, sender=model, dispatch_uid=f"portal-case-handlers-{model.__name__}")
        post_delete.connect(
            _case_handlers_changed, sender=model, dispatch_uid=f"portal-case-handlers-d-{model.__name__}"
        )

    for model in (BodyPage, WorkingGroupPage, ConsortiumPage):
        post_save.connect(_organisation_created, sender=model, dispatch_uid=f"portal-roles-{model.__name__}")
    page_published.connect(_meeting_published, sender=MeetingPage, dispatch_uid="portal-meeting-published")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("portal.members_notified", _("Notify members"), _("Members notified by e-mail"))
    actions.register_action("portal.meeting_changed", _("Change meeting"), _("Meeting cancelled or moved"))
    actions.register_action("portal.agenda_scheduled", _("Schedule agenda"), _("Agenda scheduled for publication"))
    actions.register_action("portal.participant_approved", _("Participant approval"), _("Approved by a participant"))
    actions.register_action(
        "portal.case_handlers_notified", _("Notify case handlers"), _("Case handlers notified by e-mail")
    )


@hooks.register("before_edit_page")
def report_refusal(request, page):
    """Shows why a workflow approval was refused when the approver lands on the edit page."""
    from pages.workflows import refusal_message

    if request.method == "GET" and (message := refusal_message(request.GET.get("refused", ""))):
        messages.error(request, message)
    return None


@hooks.register("after_edit_page")
def report_refusal_in_editor(request, page):
    """An approval given from the editor that the workflow refused: say so and stay on the page."""
    from pages.workflows import REFUSAL_ATTRIBUTE, refusal_message

    code = getattr(request.user, REFUSAL_ATTRIBUTE, None)
    if code and (message := refusal_message(code)):
        setattr(request.user, REFUSAL_ATTRIBUTE, None)
        # Only the refusal: the "saved" message the editor queued before the action would say the opposite.
        workflow_notices.drop_success_messages(request)
        messages.error(request, message)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
