"""Bodies, working groups and consortia: the organisations that hold meetings and have members."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from pages import visibility
from pages.panels import PageActionsPanel

from .meetings import MeetingPage
from .memos import MemoPage
from .mixins import paginate
from .snippets import Membership


def body_kind(page):
    """The kind of body ``page`` is (political council, network …), or None when it is no body."""
    return getattr(page.specific, "kind", None)


class OrganisationPage(RoutablePageMixin, Page):
    """What bodies, working groups and consortia share: a short name, members, meetings and a meetings archive."""

    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("Used in calendars and lists, e.g. “KKR” or “N17”.")
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences shown in lists."))
    agenda_publish_days_before = models.PositiveSmallIntegerField(
        _("publish agendas this many days before the meeting"),
        null=True,
        blank=True,
        default=5,
        help_text=_("An approved agenda goes live this many days before its meeting. Leave empty to publish at once."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("short_name"),
        index.AutocompleteField("short_name"),
        index.SearchField("summary"),
    ]

    settings_panels = Page.settings_panels + [FieldPanel("agenda_publish_days_before")]

    # Only the concrete kinds below can be created; this model is their shared table.
    is_creatable = False

    class Meta:
        verbose_name = _("organisation")

    def __str__(self):
        return self.title

    @property
    def display_short_name(self):
        return self.short_name or self.title

    # Memberships are recorded once, against the Danish page; every translation shows the same people.
    def memberships_qs(self):
        return Membership.objects.filter(organisation__translation_key=self.translation_key).select_related(
            "person", "person__municipality"
        )

    def meetings_qs(self, request=None):
        """The meetings of this organisation that the visitor may see."""
        return visibility.for_request(request).pages(MeetingPage.objects.child_of(self))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        memberships = list(self.memberships_qs().order_by("role", "person__name"))
        context["current_memberships"] = sorted(
            (m for m in memberships if m.is_current), key=lambda m: (m.role != "chair", m.role, m.person.name)
        )
        context["former_memberships"] = sorted(
            (m for m in memberships if m.end_date and m.end_date < today), key=lambda m: m.end_date, reverse=True
        )
        now = timezone.now()
        meetings = self.meetings_qs(request)
        context["upcoming_meetings"] = meetings.filter(start__gte=now).order_by("start")[:10]
        context["past_meetings"] = meetings.filter(start__lt=now).order_by("-start")[:10]
        viewer = visibility.for_request(request)
        context["sub_organisations"] = viewer.pages(OrganisationPage.objects.child_of(self)).specific()
        # Archives and pages kept for the members, linked only for a visitor who may open them.
        context["members_only_pages"] = viewer.members_only(Page.objects.child_of(self)).order_by("path")
        context["related_memos"] = viewer.pages(
            MemoPage.objects.filter(locale=self.locale, related_organisations__translation_key=self.translation_key)
            .distinct()
            .order_by("-date")
        )[:5]
        return context

    @path("meetings/", name="meetings")
    def meetings_archive(self, request):
        """All meetings of this organisation, newest first, by year, with paging."""
        meetings = self.meetings_qs(request).order_by("-start")
        years = sorted({d.year for d in meetings.dates("start", "year")}, reverse=True)
        year = request.GET.get("year", "")
        if year.isdigit() and int(year) in years:
            meetings = meetings.filter(start__year=int(year))
        else:
            year = ""
        return self.render(
            request,
            template="pages/meeting_archive.html",
            context_overrides={
                "meetings": paginate(request, meetings),
                "years": years,
                "selected_year": year,
                # Meetings for members are not listed to others, but the archive says that it holds them.
                "members_only": visibility.for_request(request).withheld(MeetingPage.objects.child_of(self)),
            },
        )


class BodyPage(OrganisationPage):
    """A body of the collaboration: KKR Sjælland, K17, EKO, N17, the growth forum and its secretariats."""

    page_description = _(
        "A council, circle, group, network or forum with members and meetings, such as KKR Sjælland, K17 or N17."
    )

    class Kind(models.TextChoices):
        POLITICAL = "political", _("Political council")
        ADMINISTRATIVE = "administrative", _("Administrative circle")
        COORDINATION = "coordination", _("Coordination group")
        NETWORK = "network", _("Network")
        FORUM = "forum", _("Regional forum")
        SECRETARIAT = "secretariat", _("Secretariat")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ADMINISTRATIVE)
    purpose = RichTextField(_("purpose and tasks"), blank=True)
    reports_to = models.ForeignKey(
        OrganisationPage,
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporting_bodies",
    )
    meeting_rhythm = models.CharField(
        _("meeting rhythm"), max_length=200, blank=True, help_text=_("For example “6 times a year”.")
    )
    established = models.DateField(_("established"), null=True, blank=True)

    content_panels = (
        [PageActionsPanel()]
        + Page.content_panels
        + [
            MultiFieldPanel(
                [FieldPanel("short_name"), FieldPanel("kind"), FieldPanel("summary")],
                heading=_("Identity"),
            ),
            FieldPanel("purpose"),
            MultiFieldPanel(
                [FieldPanel("reports_to"), FieldPanel("meeting_rhythm"), FieldPanel("established")],
                heading=_("Place in the organisation"),
            ),
        ]
    )
    search_fields = OrganisationPage.search_fields + [index.SearchField("purpose")]

    # Bodies sit under the home page or under the body they belong to (K17's business group under K17).
    parent_page_types = ["pages.HomePage", "pages.BodyPage"]
    subpage_types = [
        "pages.BodyPage",
        "pages.WorkingGroupPage",
        "pages.ConsortiumPage",
        "pages.MeetingPage",
        "pages.MemoIndexPage",
        "pages.ApplicationIndexPage",
        "pages.StandardPage",
    ]

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        subs = list(context["sub_organisations"])
        context["sub_bodies"] = [p for p in subs if isinstance(p, BodyPage)]
        context["working_groups"] = [p for p in subs if isinstance(p, WorkingGroupPage)]
        context["consortia"] = [p for p in subs if isinstance(p, ConsortiumPage)]
        return context


class WorkingGroupPage(OrganisationPage):
    """A working group set up by a body (its parent page) for one field of work."""

    page_description = _("A working group the network sets up for one field, with its own members and meetings.")

    field = models.CharField(_("field"), max_length=255, blank=True)
    mandate = RichTextField(_("mandate"), blank=True)
    start_date = models.DateField(_("set up on"), null=True, blank=True)
    end_date = models.DateField(
        _("closed on"), null=True, blank=True, help_text=_("Leave empty while the group is active.")
    )

    content_panels = (
        [PageActionsPanel()]
        + Page.content_panels
        + [
            FieldPanel("short_name"),
            FieldPanel("summary"),
            FieldPanel("field"),
            FieldPanel("mandate"),
            MultiFieldPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Active period")),
        ]
    )
    search_fields = OrganisationPage.search_fields + [index.SearchField("field"), index.SearchField("mandate")]

    # A working group is set up by a body and is filed under it; it holds its own meetings.
    parent_page_types = ["pages.BodyPage"]
    subpage_types = ["pages.MeetingPage"]

    @classmethod
    def can_create_at(cls, parent):
        # N17 sets up the working groups: a new one is offered under a network only.
        return super().can_create_at(parent) and body_kind(parent) == BodyPage.Kind.NETWORK

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    @property
    def set_up_by(self):
        return self.get_parent().specific

    @property
    def is_active(self):
        return self.end_date is None or self.end_date >= timezone.localdate()

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A group cannot close before it was set up.")})


class ConsortiumPage(OrganisationPage):
    """A consortium set up by KKR (its parent page) on a cross-municipal theme."""

    page_description = _("A consortium KKR sets up on a theme across the municipalities, such as tourism or education.")

    theme = models.CharField(_("theme"), max_length=255)
    description = RichTextField(_("description"), blank=True)
    participating_municipalities = ParentalManyToManyField(
        "pages.Municipality", verbose_name=_("participating municipalities"), blank=True, related_name="consortia"
    )
    lead_municipality = models.ForeignKey(
        "pages.Municipality",
        verbose_name=_("lead municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_consortia",
    )

    content_panels = (
        [PageActionsPanel()]
        + Page.content_panels
        + [
            FieldPanel("short_name"),
            FieldPanel("summary"),
            FieldPanel("theme"),
            FieldPanel("description"),
            FieldPanel("lead_municipality"),
            FieldPanel("participating_municipalities", widget=forms.CheckboxSelectMultiple),
        ]
    )
    search_fields = OrganisationPage.search_fields + [index.SearchField("theme"), index.SearchField("description")]

    # KKR sets up consortia, so they are filed under a body; they hold their own meetings.
    parent_page_types = ["pages.BodyPage"]
    subpage_types = ["pages.MeetingPage"]

    @classmethod
    def can_create_at(cls, parent):
        # KKR, the political council, sets up the consortia: a new one is offered under a political council only.
        return super().can_create_at(parent) and body_kind(parent) == BodyPage.Kind.POLITICAL

    class Meta:
        verbose_name = _("consortium")
        verbose_name_plural = _("consortia")

    @property
    def set_up_by(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["municipalities"] = self.participating_municipalities.all()
        return context
