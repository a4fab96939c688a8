"""Meetings with their numbered agenda items, decisions, minutes and attendance."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.locks import ScheduledForPublishLock
from wagtail.models import LockableMixin, Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from pages import visibility
from pages.blocks import AttachmentStreamBlock
from pages.panels import PageActionsPanel, SavedPageOnlyPanel
from pages.workflows import MeetingPageForm

from .memos import MemoPage


class MeetingQuerySet(PageQuerySet):
    def upcoming(self):
        return self.filter(start__gte=timezone.now()).order_by("start")

    def past(self):
        return self.filter(start__lt=timezone.now()).order_by("-start")


class MeetingPage(Page):
    """A meeting of a body, working group or consortium (its parent page)."""

    page_description = _("A meeting with its time and place, agenda, decisions, minutes and attendance.")

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary meeting")
        EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")
        PRE_MEETING = "pre_meeting", _("Pre-meeting")

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    precedes = models.ForeignKey(
        "self",
        verbose_name=_("pre-meeting for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pre_meetings",
        help_text=_("For a pre-meeting: the meeting it prepares."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancellation_reason = models.CharField(_("reason for cancellation"), max_length=500, blank=True)
    change_reason = models.CharField(
        _("reason for the change"),
        max_length=500,
        blank=True,
        help_text=_("When a public meeting is moved: why. It is shown to the public and kept in the change record."),
    )
    minutes = RichTextField(_("minutes"), blank=True, help_text=_("Summary and remarks recorded at the meeting."))

    # Calendar identity: a UID that never changes, and a sequence that grows when time or place change.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, editable=False, db_index=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)

    objects = PageManager.from_queryset(MeetingQuerySet)()

    # A copied meeting is another meeting: it gets its own calendar identity.
    exclude_fields_in_copy = ["uid", "sequence"]

    # A translation is the same meeting: time, place, kind and cancellation follow the Danish page and cannot be
    # changed in the translation editor. Agenda items and attendance are copied as they are (they are records).
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in ("start", "end", "location", "kind", "cancelled", "precedes")
    ]

    content_panels = (
        [PageActionsPanel()]
        + Page.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                    FieldPanel("location"),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("precedes")]),
                ],
                heading=_("When and where"),
            ),
            # A meeting not saved yet has nothing to cancel or move.
            SavedPageOnlyPanel(
                [FieldPanel("cancelled"), FieldPanel("cancellation_reason"), FieldPanel("change_reason")],
                heading=_("Cancellation or move"),
            ),
            InlinePanel("agenda_items", heading=_("Agenda"), label=_("Agenda item")),
            FieldPanel("minutes"),
            InlinePanel("attendance", heading=_("Attendance"), label=_("Participant")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("location"),
        index.SearchField("minutes"),
        index.FilterField("start"),
        index.FilterField("cancelled"),
        # A closed item's title and text stay out of Wagtail's index (the admin's and API v2's search) unless the item
        # says its title and decision may be published.
        index.RelatedFields("agenda_items", [index.SearchField("public_title"), index.SearchField("public_text")]),
    ]

    # A meeting belongs to the body, working group or consortium it is filed under, and has no children.
    parent_page_types = ["pages.BodyPage", "pages.WorkingGroupPage", "pages.ConsortiumPage"]
    subpage_types = []

    # Publishing refuses minutes before the start, and a public meeting moved needs a reason (pages/workflows.py).
    base_form_class = MeetingPageForm

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["start"])]

    # Fields whose change moves the meeting in members' calendars.
    CALENDAR_FIELDS = ("start", "end", "location", "cancelled")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The meeting must end after it starts.")
        if self.cancelled and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = _("Give the reason for the cancellation; it is shown to the public.")
        if self.kind != self.Kind.PRE_MEETING and self.precedes_id:
            errors["precedes"] = _("Only a pre-meeting can prepare another meeting.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.pk:
            stored = MeetingPage.objects.filter(pk=self.pk).values(*self.CALENDAR_FIELDS, "live").first()
            if stored and any(stored[f] != getattr(self, f) for f in self.CALENDAR_FIELDS):
                self.sequence += 1
            # What the public saw before this save, for the change record (pages/signals.py).
            self._public_before = stored if stored and stored["live"] else None
        return super().save(*args, **kwargs)

    def get_lock(self):
        """A scheduled agenda stays editable: a correction goes through the body's approval like any change and, once
        approved, goes live at the time already set. Only a lock someone took, or a workflow step, holds it."""
        lock = super().get_lock()
        if isinstance(lock, ScheduledForPublishLock):
            lock = LockableMixin.get_lock(self)
            if lock is None and (task := self.current_workflow_task):
                lock = task.lock_class(self, task)
        return lock

    @staticmethod
    def default_title(organisation, start):
        """“Møde i N17 27. januar 2027”: the body's short name and the day, in the default language."""
        with override(settings.LANGUAGE_CODE):
            day = date_format(timezone.localtime(start), "j. F Y")
            return gettext("Meeting of %(body)s %(day)s") % {"body": organisation.display_short_name, "day": day}

    @staticmethod
    def default_slug(organisation, start, taken=()):
        """``2027-01-27-n17``, then ``-2``, ``-3`` … when the body has a meeting at that address already."""
        base = f"{timezone.localtime(start):%Y-%m-%d}-{slugify(organisation.display_short_name) or 'mode'}"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    @property
    def organisation(self):
        return self.get_parent().specific

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def has_agenda(self):
        return self.agenda_items.exists()

    def status(self, agenda_items=None):
        """The meeting's state as the public sees it: cancelled, planned, agenda published or minutes published."""
        items = self.agenda_items.all() if agenda_items is None else agenda_items
        if self.cancelled:
            return "cancelled", _("Cancelled")
        # Published minutes have passed the body's approval: only its approvers can publish them.
        if self.start <= timezone.now() and (self.minutes or any(i.decision for i in items)):
            return "minutes", _("Minutes approved")
        if items:
            return "agenda", _("Agenda published")
        return "planned", _("Planned")

    def user_can_see_closed_items(self, user):
        """Closed items' text is for the body's members, editors and approvers, the secretariat and page editors."""
        return visibility.for_user(user).sees_closed_items(self)

    def agenda_with_attachments(self, request):
        """The agenda items with their attachments resolved in one query, as the visitor may see them."""
        viewer = visibility.for_request(request)
        items = list(self.agenda_items.all())
        if all(item.pk for item in items):
            return viewer.agenda(self)
        # A preview of items not saved yet: they have no ids to tell their attachments apart, so each is read on
        # its own, by the same rule, and numbered in the editor's order.
        rows = [row for item in items for row in viewer.agenda(self, items=[item])]
        for number, item in enumerate(rows, start=1):
            item.number = number
        return rows

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.agenda_with_attachments(request)
        context["agenda_items"] = items
        context["status_code"], context["status_label"] = self.status(items)
        context["attendance"] = self.attendance.select_related("person", "person__municipality")
        context["organisation"] = self.organisation
        # Published moves, cancellations and reinstatements, newest first (pages/signals.py records them).
        # A meeting previewed before its first save has no record of changes and no calendar file yet.
        context["meeting_changes"] = list(self.changes.all()[:10]) if self.pk else []
        context["briefing_memos"] = self.briefing_memos_for(request)
        return context

    def briefing_memos_for(self, request):
        """The approved briefing memos on this meeting's agenda (or, for a pre-meeting, on the meeting it prepares)
        that this visitor may read; members only, so never any for the public."""
        if request is None or not request.user.is_authenticated:
            return []
        subject = self.precedes if self.kind == self.Kind.PRE_MEETING and self.precedes_id else self
        memos = MemoPage.objects.filter(briefing_for__translation_key=subject.translation_key).order_by("-date")
        return list(visibility.for_request(request).pages(memos))


class AgendaItem(Orderable):
    """One numbered item on a meeting's agenda, with its recommendation and decision."""

    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("title"), max_length=500)
    case_reference = models.CharField(_("case reference"), max_length=100, blank=True)
    description = RichTextField(_("case text"), blank=True)
    recommendation = RichTextField(_("recommendation"), blank=True, help_text=_("Indstilling"))
    decision = RichTextField(_("decision"), blank=True, help_text=_("Beslutning"))
    closed = models.BooleanField(
        _("closed to the public"), default=False, help_text=_("The public sees only the item number and “Closed item”.")
    )
    legal_basis = models.CharField(
        _("legal basis for closing"), max_length=255, blank=True, help_text=_("For example “Forvaltningslovens § 30”.")
    )
    publish_title_and_decision = models.BooleanField(
        _("publish title and decision"),
        default=False,
        help_text=_(
            "For a closed item: the public sees its title and decision; case text and attachments stay closed."
        ),
    )
    attachments = StreamField(AttachmentStreamBlock(), verbose_name=_("attachments"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("case_reference"),
        FieldPanel("description"),
        FieldPanel("recommendation"),
        FieldPanel("decision"),
        FieldRowPanel([FieldPanel("closed"), FieldPanel("legal_basis")]),
        FieldPanel("publish_title_and_decision"),
        FieldPanel("attachments"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title

    @property
    def public_title(self):
        """The title the public may read: none for a closed item unless its title and decision may be published."""
        return self.title if not self.closed or self.publish_title_and_decision else ""

    @property
    def public_text(self):
        """What of this item may be indexed for the public: for a closed item nothing, or its decision when allowed."""
        if self.closed:
            return self.decision if self.publish_title_and_decision else ""
        return " ".join(filter(None, [self.case_reference, self.description, self.recommendation, self.decision]))


class Attendance(Orderable):
    """Whether a member was present at a meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Sent apologies")

    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("pages.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("person"), FieldPanel("status")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_person")]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"
