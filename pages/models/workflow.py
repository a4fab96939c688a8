"""Editorial roles per organisation, the meeting approval tasks and the record of meetings cancelled or moved."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, Collection, Task, TaskState, Workflow

from pages.workflows import check_approval, schedule_agenda

from .organisations import OrganisationPage


class OrganisationRoles(models.Model):
    """The editors, approvers and members groups, document collections and workflow of one organisation."""

    organisation = models.OneToOneField(
        "pages.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    # Translations of an organisation page share its roles; they are found through this key.
    translation_key = models.UUIDField(_("translation key"), unique=True)
    editors = models.ForeignKey(Group, verbose_name=_("editors"), on_delete=models.PROTECT, related_name="+")
    approvers = models.ForeignKey(Group, verbose_name=_("approvers"), on_delete=models.PROTECT, related_name="+")
    members = models.ForeignKey(Group, verbose_name=_("members"), on_delete=models.PROTECT, related_name="+")
    collection = models.ForeignKey(
        Collection,
        verbose_name=_("document collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    private_collection = models.ForeignKey(
        Collection,
        verbose_name=_("members-only document collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workflow = models.ForeignKey(
        Workflow,
        verbose_name=_("approval workflow"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisation roles")
        verbose_name_plural = _("organisation roles")

    def __str__(self):
        return str(self.organisation)

    @classmethod
    def for_page(cls, page):
        """The roles of the organisation ``page`` is, or sits under; None when there is none."""
        if page is None:
            return None
        if not isinstance(page, OrganisationPage):
            page = OrganisationPage.objects.ancestor_of(page).order_by("-depth").first()
            if page is None:
                return None
        return (
            cls.objects.select_related("editors", "approvers", "members")
            .filter(translation_key=page.translation_key)
            .first()
        )

    def group_ids(self):
        return {self.editors_id, self.approvers_id, self.members_id}


class MeetingChange(models.Model):
    """A published change of time, place or cancellation of a meeting whose page was already public."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")
        REINSTATED = "reinstated", _("Reinstated")

    meeting = models.ForeignKey(
        "pages.MeetingPage", verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    old_start = models.DateTimeField(_("previous start"), null=True, blank=True)
    new_start = models.DateTimeField(_("new start"), null=True, blank=True)
    old_end = models.DateTimeField(_("previous end"), null=True, blank=True)
    new_end = models.DateTimeField(_("new end"), null=True, blank=True)
    old_location = models.CharField(_("previous location"), max_length=255, blank=True)
    new_location = models.CharField(_("new location"), max_length=255, blank=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)

    class Meta:
        verbose_name = _("meeting change")
        verbose_name_plural = _("meeting changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.meeting}: {self.get_kind_display()}"


class MeetingApprovalTask(AbstractGroupApprovalTask):
    """Approval by a body's approvers that refuses stale revisions and minutes before the meeting starts."""

    class Meta:
        verbose_name = _("meeting approval task")
        verbose_name_plural = _("meeting approval tasks")

    @classmethod
    def get_description(cls):
        return _("Approvers of the body approve agendas and minutes; minutes only once the meeting has started")

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            refusal = check_approval(task_state, user)
            if refusal:
                return refusal
            schedule_agenda(task_state, user)
        return super().on_action(task_state, user, action_name, **kwargs)


class ParticipantsApprovalTask(Task):
    """Approval that is complete only once every named participant has approved (“Godkend”)."""

    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        related_name="+",
        help_text=_("Each of these people must approve before the task is complete."),
    )

    admin_form_fields = Task.admin_form_fields + ["participants"]

    class Meta:
        verbose_name = _("participants approval task")
        verbose_name_plural = _("participants approval tasks")

    @classmethod
    def get_description(cls):
        return _("Each named participant approves; the task is complete when all have")

    def is_participant(self, user):
        return user.is_authenticated and self.participants.filter(pk=user.pk).exists()

    def user_can_access_editor(self, obj, user):
        return self.is_participant(user)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or self.is_participant(user))

    def get_actions(self, obj, user):
        if not self.is_participant(user):
            return []
        state = obj.current_workflow_task_state
        if state and state.task_id == self.pk and state.participant_approvals.filter(user=user).exists():
            return [("reject", _("Request changes"), True)]
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self.is_participant(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).exclude(
                participant_approvals__user=user
            )
        return TaskState.objects.none()

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        if not self.is_participant(user):
            raise PermissionDenied
        refusal = check_approval(task_state, user)
        if refusal:
            return refusal
        _approval, created = ParticipantApproval.objects.get_or_create(
            task_state=task_state, user=user, defaults={"comment": kwargs.get("comment", "")}
        )
        if created:
            log(
                instance=task_state.workflow_state.content_object.specific,
                action="portal.participant_approved",
                user=user,
                revision=task_state.revision,
                data={"task": self.name, "comment": kwargs.get("comment", "")},
            )
        approved = set(task_state.participant_approvals.values_list("user_id", flat=True))
        if set(self.participants.values_list("pk", flat=True)) <= approved:
            return super().on_action(task_state, user, action_name, **kwargs)
        return None


class ParticipantApproval(models.Model):
    """One participant's approval of a task state of a participants approval task."""

    task_state = models.ForeignKey(
        TaskState, verbose_name=_("task state"), on_delete=models.CASCADE, related_name="participant_approvals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("participant approval")
        verbose_name_plural = _("participant approvals")
        constraints = [models.UniqueConstraint(fields=["task_state", "user"], name="participant_approves_once")]

    def __str__(self):
        return f"{self.user} – {self.task_state_id}"
