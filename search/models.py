"""The search index: one row per result (a page or an agenda item) with its analysed terms and facets."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntryQuerySet(models.QuerySet):
    def public(self, language):
        """The entries of ``language`` anyone may find now: public when indexed, and not expired since."""
        return self.filter(language=language, is_public=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class SearchEntry(models.Model):
    """One searchable result: a page, or an agenda item on a meeting page, with the terms it is found by."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        ITEM = "item", _("Agenda item")
        MEMO = "memo", _("Memo")
        ORGANISATION = "organisation", _("Body or group")
        PAGE = "page", _("Page")

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    item_number = models.PositiveIntegerField(
        _("agenda item number"), null=True, blank=True, help_text=_("1-based position on the agenda.")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Whether the page was live and under no view restriction when it was last indexed."),
    )
    # A page stops being visible at its expiry (or its source's) before anything unpublishes it: searches leave such
    # entries out from that moment on.
    expires_at = models.DateTimeField(
        _("hidden from"),
        null=True,
        blank=True,
        help_text=_("When the page, or the page it is a copy of, expires; empty when it does not."),
    )
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    organisation = models.ForeignKey(
        "pages.OrganisationPage",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    focus_areas = models.ManyToManyField("pages.FocusArea", verbose_name=_("focus areas"), blank=True, related_name="+")
    # The same focus areas as their ids on the entry itself ("3 17", sorted), so facet counts need no join.
    # NULL (entries written before the column existed) and "" both mean no focus area, and are read alike. The column
    # stays nullable: making it NOT NULL would have SQLite rebuild the table and lose its full-text triggers.
    focus_area_ids = models.TextField(  # noqa: DJ001
        _("focus area ids"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The ids of the focus areas, sorted and separated by spaces; written with them."),
    )
    title_terms = models.TextField(_("title terms"), blank=True)
    terms = models.TextField(_("terms"), blank=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            models.Index(fields=["language", "kind"]),
            models.Index(fields=["language", "date"]),
            models.Index(fields=["page", "item_number"]),
            models.Index(fields=["language", "is_public", "date"], name="search_entry_public_date"),
        ]

    def __str__(self):
        return self.title


class SearchAttachment(models.Model):
    """A published attachment whose text is indexed with an entry; tells which file a hit came from."""

    entry = models.ForeignKey(
        SearchEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "pages.PortalDocument", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    terms = models.TextField(_("distinct terms"), blank=True)

    class Meta:
        verbose_name = _("indexed attachment")
        verbose_name_plural = _("indexed attachments")

    def __str__(self):
        return self.title


class PendingEngineUpdate(models.Model):
    """An entry the search engine could not be told about (it was down); sent again once it answers."""

    entry_id = models.BigIntegerField(_("entry id"), db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending search engine update")
        verbose_name_plural = _("pending search engine updates")

    def __str__(self):
        return str(self.entry_id)
