"""Snippets: the municipalities, people, memberships and focus areas that pages refer to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Municipality(index.Indexed, models.Model):
    """One of the municipalities that take part in the bodies."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.PositiveSmallIntegerField(
        _("municipality code"), unique=True, null=True, blank=True, help_text=_("The official three-digit code.")
    )
    website = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class Person(index.Indexed, models.Model):
    """A person who sits in one or more bodies."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("For example “Borgmester”."))
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    party = models.CharField(_("party"), max_length=20, blank=True, help_text=_("Party letter, e.g. S or V."))
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_("The portal login of this person, for commenting on applications as a case handler."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("municipality"),
        FieldPanel("party"),
        FieldPanel("email"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("title")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name} ({self.municipality})" if self.municipality_id else self.name

    @property
    def calendar_feed_url(self):
        """The address of the calendar of the meetings of every body this person sits or sat in."""
        return reverse("calendars:person", kwargs={"person_id": self.pk})

    @property
    def label(self):
        """Name with party letter, the way Danish minutes name politicians: “Henning Jensen (S)”."""
        return f"{self.name} ({self.party})" if self.party else self.name


class FocusArea(TranslatableMixin, models.Model):
    """A focus area of the growth forum's strategy; a label, translated per language."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def former(self, on=None):
        on = on or timezone.localdate()
        return self.filter(end_date__lt=on)


class Membership(models.Model):
    """A person's seat in a body, working group or consortium, with a role and dates."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")
        OBSERVER = "observer", _("Observer")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "pages.OrganisationPage",
        verbose_name=_("body, group or consortium"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = MembershipQuerySet.as_manager()

    panels = [
        FieldPanel("person"),
        FieldPanel("organisation"),
        FieldPanel("role"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["organisation", "role", "person__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.person.name} – {self.get_role_display()} – {self.organisation.title}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    @property
    def is_current(self):
        today = timezone.localdate()
        return (self.start_date is None or self.start_date <= today) and (
            self.end_date is None or self.end_date >= today
        )
