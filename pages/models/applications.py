"""Applications for co-financing from the growth forum, the network's case handlers per focus area, and their comments.

The network's members (N17) split the forum's focus areas among themselves as case handlers. Each comments on the
applications in their areas; the coordination group gathers the comments into the briefing memo (pages/briefing.py).
Applications and comments are for members only: the application archive is restricted to its organisation's groups
when it is created.
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page

from pages import visibility
from pages.attachments import AttachmentPermissionForm
from pages.blocks import AttachmentStreamBlock

from .memos import resolve_attachments
from .mixins import paginate
from .snippets import FocusArea, Membership, Person


class CaseHandlerQuerySet(models.QuerySet):
    def current(self, on=None):
        """Assignments in force on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))

    def for_area(self, focus_area):
        """Assignments of ``focus_area`` in any of its languages."""
        return self.filter(focus_area__translation_key=focus_area.translation_key)


class CaseHandlerAssignment(models.Model):
    """A network member who handles the applications of one focus area, for a period."""

    focus_area = models.ForeignKey(
        "pages.FocusArea", verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="case_handlers"
    )
    person = models.ForeignKey(
        "pages.Person",
        verbose_name=_("case handler"),
        on_delete=models.CASCADE,
        related_name="case_handler_assignments",
    )
    network = models.ForeignKey(
        "pages.OrganisationPage",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="case_handler_assignments",
        help_text=_("The network the case handler is a member of, e.g. N17."),
    )
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty while the assignment lasts."))

    objects = CaseHandlerQuerySet.as_manager()

    panels = [
        FieldPanel("focus_area"),
        FieldPanel("person"),
        FieldPanel("network"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    class Meta:
        ordering = ["focus_area__name", "start_date", "person__name"]
        verbose_name = _("case handler")
        verbose_name_plural = _("case handlers")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="case_handler_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.person.name}: {self.focus_area}"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The assignment must end on or after the day it starts.")
        if not errors and self.person_id and self.network_id and self.start_date:
            # The case handler must sit in the network for the whole period of the assignment.
            memberships = Membership.objects.filter(
                person_id=self.person_id, organisation__translation_key=self.network.translation_key
            )
            covered = memberships.filter(Q(start_date__isnull=True) | Q(start_date__lte=self.start_date))
            if self.end_date:
                covered = covered.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.end_date))
            else:
                covered = covered.filter(end_date__isnull=True)
            if not covered.exists():
                errors["person"] = _("%(person)s is not a member of %(network)s for the whole period.") % {
                    "person": self.person.name,
                    "network": self.network.title,
                }
        if not errors and self.person_id and self.focus_area_id and self.start_date:
            overlapping = CaseHandlerAssignment.objects.filter(
                person_id=self.person_id, focus_area__translation_key=self.focus_area.translation_key
            ).exclude(pk=self.pk)
            overlapping = overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
            if self.end_date:
                overlapping = overlapping.filter(start_date__lte=self.end_date)
            if overlapping.exists():
                errors["start_date"] = _("%(person)s already handles this focus area in that period.") % {
                    "person": self.person.name
                }
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self):
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


def current_case_handlers(focus_area, on=None):
    """The people who handle ``focus_area`` on ``on`` (today by default), by name."""
    if focus_area is None:
        return Person.objects.none()
    assignments = CaseHandlerAssignment.objects.current(on).for_area(focus_area)
    return Person.objects.filter(pk__in=assignments.values("person_id")).order_by("name")


def one_per_application(applications, locale=None):
    """Each application once, whatever its translations: in ``locale`` when it has one, else in the default language."""
    preferred = {locale.pk if locale else None, Locale.get_default().pk}
    chosen = {}
    for application in applications:
        key = application.translation_key
        if key not in chosen or (application.locale_id in preferred and chosen[key].locale_id not in preferred):
            chosen[key] = application
    return list(chosen.values())


class ApplicationIndexPage(RoutablePageMixin, Page):
    """The applications a network handles for the forum, and who handles which focus area; for members only."""

    page_description = _("The network's archive of applications for co-financing, for its members only; one a network.")

    intro = RichTextField(_("introduction"), blank=True)
    forum = models.ForeignKey(
        "pages.BodyPage",
        verbose_name=_("deciding body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The body whose meetings decide the applications, e.g. the growth forum."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("forum")]

    parent_page_types = ["pages.BodyPage"]
    subpage_types = ["pages.ApplicationPage"]
    max_count_per_parent = 1

    @classmethod
    def can_create_at(cls, parent):
        # The network's case handlers comment on the applications: an archive is offered under a network only.
        return super().can_create_at(parent) and getattr(parent.specific, "kind", None) == "network"

    class Meta:
        verbose_name = _("application archive")

    @property
    def network(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        applications = (
            visibility.for_request(request)
            .pages(ApplicationPage.objects.child_of(self))
            .select_related("focus_area", "decision_meeting")
            .order_by("-received", "-pk")
        )
        status = request.GET.get("status", "")
        if status in ApplicationPage.Status.values:
            applications = applications.filter(status=status)
        else:
            status = ""
        context["applications"] = paginate(request, applications)
        context["statuses"] = ApplicationPage.Status.choices
        context["selected_status"] = status
        # Who handles what: every focus area of the page's language with its current case handlers.
        areas = FocusArea.objects.filter(locale=self.locale).order_by("name")
        handlers = {}
        for assignment in (
            CaseHandlerAssignment.objects.current()
            .select_related("person", "person__municipality", "focus_area")
            .order_by("person__name")
        ):
            handlers.setdefault(assignment.focus_area.translation_key, []).append(assignment)
        context["case_handlers"] = [(area, handlers.get(area.translation_key, [])) for area in areas]
        return context


class ApplicationPageForm(AttachmentPermissionForm):
    """The application editor: the deciding meeting must be one of the archive's deciding body."""

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("decision_meeting")
        archive = self.parent_page.specific if self.parent_page is not None else None
        forum = getattr(archive, "forum", None)
        if (
            meeting is not None
            and forum is not None
            and meeting.get_parent().specific.translation_key != forum.translation_key
        ):
            self.add_error("decision_meeting", _("Choose a meeting of %(forum)s.") % {"forum": forum.title})
        return cleaned


class ApplicationPage(RoutablePageMixin, Page):
    """An application for co-financing from the forum, with its case handlers' comments; for members only."""

    page_description = _("An application for co-financing from the growth forum, commented on by its case handlers.")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        COMMENTED = "commented", _("Commented")
        RECOMMENDED = "recommended", _("Recommended")
        GRANTED = "granted", _("Decided: granted")
        REFUSED = "refused", _("Decided: refused")

    DECIDED = (Status.GRANTED, Status.REFUSED)

    reference = models.CharField(
        _("case number"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The forum's case number; the agenda item with the same case reference is this application's."),
    )
    applicant = models.CharField(_("applicant"), max_length=255)
    focus_area = models.ForeignKey(
        "pages.FocusArea", verbose_name=_("focus area"), on_delete=models.PROTECT, related_name="applications"
    )
    amount = models.DecimalField(
        _("amount applied for (DKK)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    received = models.DateField(_("received"), default=timezone.localdate)
    decision_meeting = models.ForeignKey(
        "pages.MeetingPage",
        verbose_name=_("deciding meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        help_text=_("The forum meeting that will decide the application."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    summary = RichTextField(_("summary"), blank=True)
    attachments = StreamField(AttachmentStreamBlock(), verbose_name=_("attachments"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("applicant"), FieldPanel("reference")]),
                FieldRowPanel([FieldPanel("focus_area"), FieldPanel("amount")]),
                FieldRowPanel([FieldPanel("received"), FieldPanel("status")]),
                FieldPanel("decision_meeting"),
            ],
            heading=_("Application"),
        ),
        FieldPanel("summary"),
        FieldPanel("attachments"),
    ]

    parent_page_types = ["pages.ApplicationIndexPage"]
    subpage_types = []

    # The deciding meeting must be one of the archive's deciding body.
    base_form_class = ApplicationPageForm

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def clean(self):
        super().clean()
        errors = {}
        if self.status in self.DECIDED:
            if self.decision_meeting_id is None:
                errors["decision_meeting"] = _("A decided application needs the meeting that decided it.")
            elif self.decision_meeting.start > timezone.now():
                errors["status"] = _("The application cannot be decided before its deciding meeting is held.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_decided(self):
        return self.status in self.DECIDED

    def case_handlers(self):
        return current_case_handlers(self.focus_area)

    def agenda_item(self):
        """The deciding meeting's agenda item with this application's case number, numbered as on the agenda."""
        if not (self.decision_meeting_id and self.reference):
            return None
        items = list(self.decision_meeting.agenda_items.order_by("sort_order", "pk"))
        for number, item in enumerate(items, start=1):
            if item.case_reference.strip() == self.reference.strip():
                item.number = number
                return item
        return None

    def comment_author(self, user):
        """The person ``user`` comments as, when they currently handle this application's focus area; else None."""
        if not user.is_authenticated:
            return None
        person = getattr(user, "person", None)
        if person is None:
            return None
        if not self.case_handlers().filter(pk=person.pk).exists():
            return None
        return person

    @path("", name="application")
    def show(self, request):
        return self.render(request, context_overrides={"comment_form": self.comment_form_for(request)})

    @path("kommentar/", name="comment")
    def comment(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        author = self.comment_author(request.user)
        if author is None:
            raise PermissionDenied(_("Only the case handlers of this application's focus area may comment on it."))
        if self.is_decided:
            messages.error(request, _("The application has been decided; its comments can no longer be changed."))
            response = self.render(request, context_overrides={"comment_form": None})
            response.status_code = 409
            return response
        existing = self.all_comments().filter(author=author).first()
        form = ApplicationCommentForm(request.POST, instance=existing)
        if not form.is_valid():
            response = self.render(request, context_overrides={"comment_form": form})
            response.status_code = 400
            return response
        comment = form.save(commit=False)
        if comment.pk is None:
            comment.application = self
        comment.author = author
        comment.user = request.user
        comment.save()
        self.mark_commented()
        messages.success(request, _("Your comment has been saved."))
        return redirect(self.url + "#kommentarer")

    def all_comments(self):
        """The comments on this application in any of its languages: a translation is the same application."""
        return ApplicationComment.objects.filter(application__translation_key=self.translation_key).select_related(
            "author", "author__municipality"
        )

    def mark_commented(self):
        """The first comment moves a received application on to "commented": in the live page and in its live and
        latest revisions, so that publishing a draft later does not move it back."""
        waiting = (self.Status.RECEIVED, self.Status.UNDER_REVIEW)
        if self.status not in waiting:
            return
        ApplicationPage.objects.filter(pk=self.pk).update(status=self.Status.COMMENTED)
        self.status = self.Status.COMMENTED
        revisions = {r.pk: r for r in (self.live_revision, self.latest_revision) if r is not None}
        for revision in revisions.values():
            if revision.content.get("status") in waiting:
                revision.content["status"] = self.Status.COMMENTED
                revision.save(update_fields=["content"])

    def comment_form_for(self, request):
        author = self.comment_author(request.user)
        if author is None or self.is_decided:
            return None
        return ApplicationCommentForm(instance=self.all_comments().filter(author=author).first())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The page is for members only, so the files not for publication are listed too.
        context["attachments"] = resolve_attachments(self.attachments, include_unpublishable=True)
        context["comments"] = self.all_comments().order_by("created_at")
        context["handlers"] = list(self.case_handlers())
        context["agenda_item"] = self.agenda_item()
        context["can_comment"] = self.comment_author(request.user) is not None
        return context


class ApplicationComment(models.Model):
    """A case handler's comment and recommendation on one application; one per case handler, editable."""

    class Recommendation(models.TextChoices):
        SUPPORT = "support", _("Recommend")
        CONDITIONS = "conditions", _("Recommend with conditions")
        REJECT = "reject", _("Do not recommend")
        NONE = "none", _("No recommendation")

    application = models.ForeignKey(
        ApplicationPage, verbose_name=_("application"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        "pages.Person", verbose_name=_("case handler"), on_delete=models.PROTECT, related_name="application_comments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment on an application")
        verbose_name_plural = _("comments on applications")
        constraints = [
            models.UniqueConstraint(fields=["application", "author"], name="one_comment_per_case_handler"),
        ]

    def __str__(self):
        return f"{self.author.name}: {self.application.title}"


# A comment long enough for a careful review, short enough to gather into one memo.
COMMENT_MAX_LENGTH = 10_000


class ApplicationCommentForm(forms.ModelForm):
    """The case handler's comment form on an application page."""

    class Meta:
        model = ApplicationComment
        fields = ["recommendation", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write your comment."))
        if len(text) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                _("Shorten the comment to at most %(limit)s characters.") % {"limit": f"{COMMENT_MAX_LENGTH:,}"}
            )
        return text
