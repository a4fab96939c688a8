"""Notices about what a workflow step did, shown to the person who took it, whichever admin view they used."""

from django.contrib import messages
from django.utils.translation import gettext as _

from pages.formatting import meeting_datetime

NOTICES_ATTRIBUTE = "_portal_workflow_notices"


def agenda_scheduled(user, go_live_at):
    """Remembers for ``user``'s current request that the agenda they approved goes live at ``go_live_at``."""
    notices = getattr(user, NOTICES_ATTRIBUTE, None) or []
    notices.append(("scheduled", go_live_at))
    setattr(user, NOTICES_ATTRIBUTE, notices)


def scheduled_text(go_live_at):
    """“Dagsordenen offentliggøres 22. januar 2027 kl. 10.00.” in the admin's language."""
    return _("The agenda goes live on %(when)s.") % {"when": meeting_datetime(go_live_at)}


def drop_success_messages(request):
    """Removes the success messages queued in this request: a refused action must not also say it went well."""
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None)
    if queued:
        queued[:] = [message for message in queued if message.level != messages.SUCCESS]


class WorkflowNoticeMiddleware:
    """Turns the notices a workflow task left during the request into messages for the person who acted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        notices = getattr(user, NOTICES_ATTRIBUTE, None) if user is not None else None
        if notices:
            setattr(user, NOTICES_ATTRIBUTE, None)
            for kind, value in notices:
                if kind == "scheduled":
                    messages.info(request, scheduled_text(value))
        return response
