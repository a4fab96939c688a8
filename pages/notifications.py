"""E-mails sent after a publication is committed: to a body's members when an agenda or minutes are published, and to
the case handlers of a focus area when a new application in it is published."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from portal import addresses

logger = logging.getLogger(__name__)

NOTIFIED_ACTION = "portal.members_notified"


def publication_kind(meeting):
    """What a live meeting page now shows its members: "minutes", "agenda" or None."""
    from pages.workflows import has_minutes

    if meeting.cancelled:
        return None
    if has_minutes(meeting) and meeting.start <= timezone.now():
        return "minutes"
    if meeting.agenda_items.exists():
        return "agenda"
    return None


def already_notified(meeting, kind):

    return PageLogEntry.objects.filter(
        page__translation_key=meeting.translation_key, action=NOTIFIED_ACTION, data__kind=kind
    ).exists()


def recipients(meeting):
    """The active members of the meeting's organisation that have an e-mail address and may see the meeting page
    (a page restricted to fewer people than the body's members is announced to those people only)."""
    from pages import visibility
    from pages.models import OrganisationRoles

    roles = OrganisationRoles.for_page(meeting)
    if roles is None:
        return []
    users = roles.members.user_set.filter(is_active=True).exclude(email="").order_by("pk")
    restrictions = visibility.page_restrictions()
    seen = [user for user in users if visibility.for_user(user, restrictions).can_see(meeting)]
    return list(dict.fromkeys(user.email for user in seen))


def schedule_notification(meeting):
    """After the surrounding transaction commits, tells the members what was published; once per agenda and minutes."""
    if not meeting.live:
        return
    kind = publication_kind(meeting)
    if kind is None or already_notified(meeting, kind):
        return
    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_notification(meeting_id, kind))


def _message(meeting, kind):
    organisation = meeting.get_parent().specific
    with translation.override(meeting.locale.language_code):
        if kind == "minutes":
            subject = gettext("Minutes approved: %(meeting)s (%(body)s)")
            lead = gettext("The minutes of %(meeting)s (%(body)s) have been approved and published.")
        else:
            subject = gettext("Agenda published: %(meeting)s (%(body)s)")
            lead = gettext("The agenda of %(meeting)s (%(body)s) has been published.")
        names = {"meeting": meeting.title, "body": organisation.display_short_name}
        link = gettext("Read it here, logged in to see closed items: %(url)s") % {"url": addresses.page_url(meeting)}
        footer = gettext("You receive this e-mail because you are a member of %(body)s.") % names
        return subject % names, f"{lead % names}\n\n{link}\n\n{footer}\n"


def send_notification(meeting_id, kind):
    """Sends one e-mail per member and records it in the page's history; failures are logged, never raised."""

    from pages.models import MeetingPage

    try:
        meeting = MeetingPage.objects.filter(pk=meeting_id, live=True).first()
        if meeting is None or already_notified(meeting, kind):
            return 0
        addresses = recipients(meeting)
        if not addresses:
            return 0
        subject, body = _message(meeting, kind)
        messages = [
            EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
            for address in addresses
        ]
        sent = get_connection(fail_silently=False).send_messages(messages) or 0
        log(instance=meeting, action=NOTIFIED_ACTION, data={"kind": kind, "recipients": sent})
        return sent
    except Exception:
        logger.exception("Could not notify the members about meeting %s (%s).", meeting_id, kind)
        return 0


CASE_HANDLERS_NOTIFIED_ACTION = "portal.case_handlers_notified"


def case_handler_recipients(application):
    """The current case handlers of the application's focus area who may read it, as {address: viewer}: a handler's
    login (its address first, else the person's), or for a handler without one, the public."""
    from pages import visibility

    restrictions = visibility.page_restrictions()
    found = {}
    for person in application.case_handlers().select_related("user"):
        user = person.user
        if user is not None and not user.is_active:
            continue
        address = (user.email if user is not None else "") or person.email
        if not address or address in found:
            continue
        viewer = visibility.for_user(user, restrictions) if user is not None else visibility.public()
        if viewer.can_see(application):
            found[address] = viewer
    return found


def schedule_case_handler_notification(application):
    """After the surrounding transaction commits, tells the case handlers of a new application; once per application."""

    if PageLogEntry.objects.filter(page=application, action=CASE_HANDLERS_NOTIFIED_ACTION).exists():
        return
    application_id = application.pk
    transaction.on_commit(lambda: send_case_handler_notification(application_id))


def _application_message(application, viewer):

    from pages.formatting import long_date

    with translation.override(application.locale.language_code):
        names = {
            "title": application.title,
            "applicant": application.applicant,
            "area": application.focus_area.name,
            "amount": formats.number_format(application.amount, decimal_pos=0, use_l10n=True, force_grouping=True),
        }
        subject = gettext("New application in %(area)s: %(title)s") % names
        lines = [
            gettext("%(applicant)s applies for DKK %(amount)s for “%(title)s” in your focus area %(area)s.") % names,
        ]
        meeting = application.decision_meeting if application.decision_meeting_id else None
        # The meeting that decides is named only to a recipient who may see it.
        if meeting is not None and viewer.can_see(meeting):
            lines.append(
                gettext("It is to be decided at %(meeting)s on %(date)s.")
                % {"meeting": meeting.title, "date": long_date(meeting.start)}
            )
        lines.append(gettext("Read it and write your comment here: %(url)s") % {"url": addresses.page_url(application)})
        lines.append(gettext("You receive this e-mail because you are a case handler of %(area)s.") % names)
        return subject, "\n\n".join(lines) + "\n"


def send_case_handler_notification(application_id):
    """One e-mail per case handler, recorded in the page's history; failures are logged, never raised."""

    from pages.models import ApplicationPage

    try:
        application = ApplicationPage.objects.filter(pk=application_id, live=True).first()
        if application is None:
            return 0
        if PageLogEntry.objects.filter(page=application, action=CASE_HANDLERS_NOTIFIED_ACTION).exists():
            return 0
        found = case_handler_recipients(application)
        if not found:
            # Nobody handles the area: the dashboard lists the application for the editors instead.
            return 0
        messages = []
        for address, viewer in found.items():
            subject, body = _application_message(application, viewer)
            messages.append(
                EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
            )
        sent = get_connection(fail_silently=False).send_messages(messages) or 0
        log(instance=application, action=CASE_HANDLERS_NOTIFIED_ACTION, data={"recipients": sent})
        return sent
    except Exception:
        logger.exception("Could not notify the case handlers about application %s.", application_id)
        return 0
