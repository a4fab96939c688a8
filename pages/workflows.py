"""The rules of a meeting's editorial cycle: what may be approved or published, and when an agenda goes live."""

import datetime as dt

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from pages import workflow_notices
from pages.attachments import AttachmentPermissionForm

# Refusals are reported on the edit page through ``?refused=<code>``; only these fixed texts are ever shown.
REFUSALS = {
    "stale-revision": _(
        "The meeting was changed after it was submitted, so that approval was not recorded. "
        "The latest version is now awaiting approval: review it and approve again."
    ),
    "minutes-before-start": _(
        "Minutes and decisions cannot be published before the meeting has started. Approve them after the start."
    ),
}
REFUSAL_ATTRIBUTE = "_portal_workflow_refusal"


def _model(name):
    # The page models use these rules (their workflow tasks and the meeting form), so this module names the page
    # types it checks through Django's app registry instead of importing pages.models.
    return apps.get_model("pages", name)


def has_text(html):
    """Whether rich text holds any words (an empty editor leaves an empty paragraph)."""
    return bool(strip_tags(html or "").strip())


def has_minutes(meeting):
    """Whether a meeting (or a revision of it) carries minutes or any decision."""
    if has_text(getattr(meeting, "minutes", "")):
        return True
    return any(has_text(item.decision) for item in meeting.agenda_items.all())


def minutes_too_early(meeting, now=None):
    """Whether publishing this version of a meeting would show minutes before the meeting has started."""
    if not isinstance(meeting, _model("MeetingPage")) or not has_minutes(meeting):
        return False
    now = now or timezone.now()
    goes_live = meeting.go_live_at if meeting.go_live_at and meeting.go_live_at > now else now
    return goes_live < meeting.start


def agenda_publish_days(meeting):
    """How many days before a meeting its approved agenda goes live, from the organisation it belongs to."""
    organisations = _model("OrganisationPage").objects.only("agenda_publish_days_before")
    parent = organisations.filter(pk=meeting.get_parent().pk).first()
    return parent.agenda_publish_days_before if parent else None


def agenda_go_live_at(meeting, now=None):
    """When an agenda approved now should go live: a set number of days before the meeting, or None for at once."""
    now = now or timezone.now()
    days = agenda_publish_days(meeting)
    if days is None or not meeting.agenda_items.all():
        return None
    go_live = meeting.start - dt.timedelta(days=days)
    return go_live if go_live > now else None


def refuse(task_state, user, code):
    """Records a refusal for the editor view and returns the edit page address that reports it."""
    setattr(user, REFUSAL_ATTRIBUTE, code)
    page_id = task_state.workflow_state.object_id
    return reverse("wagtailadmin_pages:edit", args=[page_id]) + f"?refused={code}"


def check_approval(task_state, user):
    """Why an approval of ``task_state`` by ``user`` must be refused, as a redirect address; None when it may go on.

    A task state whose revision is no longer the latest (someone else changed the page since) is stale: the task
    restarts on the latest revision so that what gets published is what the approver has seen. Minutes are not
    approved before the meeting starts.
    """
    page = task_state.workflow_state.content_object.specific
    latest = page.get_latest_revision()
    if latest and latest.pk != task_state.revision_id and latest.user_id != user.pk:
        task_state.cancel(user=user, resume=True, comment=gettext("Restarted: the page changed after submission."))
        return refuse(task_state, user, "stale-revision")
    if latest and minutes_too_early(latest.as_object()):
        return refuse(task_state, user, "minutes-before-start")
    return None


def schedule_agenda(task_state, user):
    """Before an agenda is approved, schedules it to go live the organisation's set number of days before the meeting.

    This applies to a meeting whose public page shows no agenda yet, and whose latest version has an agenda, no
    minutes and no publication time of its own. The schedule is saved as a new revision by the approver, so the
    history shows it; Wagtail's scheduled publishing then makes it live.
    """
    page = task_state.workflow_state.content_object.specific
    if not isinstance(page, _model("MeetingPage")):
        return None
    latest = page.get_latest_revision()
    version = latest.as_object()
    if version.go_live_at or has_minutes(version):
        return None
    if page.live and page.agenda_items.exists():
        return None
    go_live = agenda_go_live_at(version)
    if go_live is None:
        return None
    version.go_live_at = go_live
    revision = version.save_revision(user=user, clean=False, previous_revision=latest)
    # Finishing the workflow publishes the latest revision of the object the workflow state holds: this one.
    task_state.workflow_state.content_object.refresh_from_db(fields=["latest_revision"])
    workflow_notices.agenda_scheduled(user, go_live)
    log(
        instance=page,
        action="portal.agenda_scheduled",
        user=user,
        revision=revision,
        data={"go_live_at": go_live.isoformat()},
    )
    return revision


class MeetingPageForm(AttachmentPermissionForm):
    """The meeting editor's form: a new meeting's title and address come from its body and day unless the editor
    writes their own; publishing refuses early minutes, and a public meeting moved needs a reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and "title" in self.fields:
            body = getattr(self.parent_page, "display_short_name", "")
            self.fields["title"].required = False
            self.fields["title"].help_text = _(
                "Leave it empty for “Meeting of %(body)s” and the day, e.g. “Meeting of %(body)s 27 January 2027”."
            ) % {"body": body}
            if "slug" in self.fields:
                self.fields["slug"].required = False

    def clean(self):
        if self.instance.pk is None and self.parent_page is not None:
            self._fill_in_title_and_slug()
        return super().clean()

    def _fill_in_title_and_slug(self):
        meeting_model = type(self.instance)
        data = self.cleaned_data
        start = data.get("start")
        if start is None:
            if not data.get("title"):
                self.add_error("title", _("Give the meeting a title, or its start for the title “Meeting of …”."))
            return
        organisation = self.parent_page.specific
        if not (data.get("title") or "").strip():
            data["title"] = meeting_model.default_title(organisation, start)
        if not data.get("slug"):
            taken = set(self.parent_page.get_children().values_list("slug", flat=True))
            data["slug"] = meeting_model.default_slug(organisation, start, taken)

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        data = self.cleaned_data
        # Only someone who may publish is publishing; for anyone else the admin saves a draft.
        publishing = bool(self.data.get("action-publish")) and self._user_can_publish()
        if publishing and data.get("start"):
            now = timezone.now()
            go_live = data.get("go_live_at")
            goes_live = go_live if go_live and go_live > now else now
            if goes_live < data["start"] and self._has_minutes_in_form():
                self.add_error(
                    None,
                    _("Minutes and decisions cannot be published before the meeting has started (%(start)s).")
                    % {"start": date_format(timezone.localtime(data["start"]), "DATETIME_FORMAT")},
                )
                return False
        if self.instance.pk and self.instance.live and not data.get("cancelled"):
            stored = self._meta.model.objects.filter(pk=self.instance.pk).values("start", "end", "location").first()
            moved = stored and any(
                data.get(field) is not None and data.get(field) != stored[field]
                for field in ("start", "end", "location")
            )
            if moved and not (data.get("change_reason") or "").strip():
                self.add_error(
                    "change_reason", _("The meeting is public: give the reason it is moved; it is shown to the public.")
                )
                return False
        return True

    def _has_minutes_in_form(self):
        if has_text(self.cleaned_data.get("minutes")):
            return True
        formset = self.formsets.get("agenda_items")
        if formset is None:
            return False
        for form in formset.forms:
            cleaned = getattr(form, "cleaned_data", None) or {}
            if cleaned.get("DELETE"):
                continue
            if has_text(cleaned.get("decision")):
                return True
        return False

    def _user_can_publish(self):
        user = getattr(self, "for_user", None)
        if user is None:
            return False
        if self.instance.pk:
            return self.instance.permissions_for_user(user).can_publish()
        parent = getattr(self, "parent_page", None)
        return bool(parent and parent.permissions_for_user(user).can_publish_subpage())


def refusal_message(code):
    """The text reported for a refusal code, or None for an unknown one."""
    message = REFUSALS.get(code)
    return str(message) if message else None
