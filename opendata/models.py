"""Bookkeeping for the open data API: deleted-object stubs, change stamps, meeting places and public file links."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The OParl object types the portal publishes."""

    ORGANIZATION = "organization", "Organization"
    PERSON = "person", "Person"
    MEMBERSHIP = "membership", "Membership"
    MEETING = "meeting", "Meeting"
    AGENDA_ITEM = "agendaitem", "AgendaItem"
    PAPER = "paper", "Paper"
    FILE = "file", "File"
    LOCATION = "location", "Location"


class Tombstone(models.Model):
    """Records that a once public object was deleted, unpublished or hidden, so the API can show a deleted stub."""

    kind = models.CharField(_("object type"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("object id"))
    parent_id = models.BigIntegerField(
        _("parent id"), null=True, blank=True, help_text=_("For a meeting, the page of the body that held it.")
    )
    created = models.DateTimeField(_("created"), help_text=_("When the object was first published."))
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now)

    class Meta:
        verbose_name = _("deleted object")
        verbose_name_plural = _("deleted objects")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="tombstone_once_per_object")]
        indexes = [models.Index(fields=["kind", "deleted_at"])]

    def __str__(self):
        return f"{self.kind} {self.object_id} (deleted {self.deleted_at:%Y-%m-%d %H:%M})"


class Stamp(models.Model):
    """When an object without timestamps of its own (a person, a membership) was created and last changed."""

    kind = models.CharField(_("object type"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("object id"))
    created = models.DateTimeField(_("created"), default=timezone.now)
    modified = models.DateTimeField(_("modified"), default=timezone.now)

    class Meta:
        verbose_name = _("change stamp")
        verbose_name_plural = _("change stamps")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="stamp_once_per_object")]
        indexes = [models.Index(fields=["kind", "modified"])]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class Location(models.Model):
    """A meeting place, as written on the meetings held there, with a stable number."""

    description = models.CharField(_("description"), max_length=255, unique=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")

    def __str__(self):
        return self.description


class FileLink(models.Model):
    """A document attached, for the public, to a published memo or to an open item of a published meeting."""

    document = models.ForeignKey(
        "pages.PortalDocument", verbose_name=_("document"), on_delete=models.CASCADE, related_name="public_links"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="public_file_links"
    )
    agenda_item = models.ForeignKey(
        "pages.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="public_file_links",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("public file link")
        verbose_name_plural = _("public file links")

    def __str__(self):
        return f"{self.document_id} → {self.page_id}"
