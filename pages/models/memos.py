"""Memos (notater) with their journal metadata, and the archive that lists them."""

from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from pages import visibility
from pages.attachments import AttachmentPermissionForm
from pages.blocks import AttachmentStreamBlock
from pages.pdf import memo_pdf, pdf_filename

from .mixins import paginate

kle_subject_validator = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}$", _("Write the KLE subject number as three pairs of digits, e.g. 04.00.00.")
)
kle_facet_validator = RegexValidator(
    r"^[A-Z]\d{2}$", _("Write the action facet as a capital letter and two digits, e.g. P16.")
)


def resolve_attachments(stream, include_unpublishable=False):
    """The documents of an attachments stream in one query, with their titles; by default the publishable ones."""
    rows = [b.get("value") or {} for b in stream.raw_data]
    ids = {
        r.get("document") for r in rows if r.get("document") and (include_unpublishable or r.get("publishable", True))
    }
    documents = get_document_model().objects.in_bulk(ids) if ids else {}
    return [
        {
            "document": documents[r["document"]],
            "title": r.get("title") or documents[r["document"]].title,
            "publishable": r.get("publishable", True),
        }
        for r in rows
        if r.get("document") in documents
    ]


class MemoIndexPage(Page):
    """The memo archive: every memo filed under it, newest first, by year, with paging."""

    page_description = _("The archive of memos, listed by year; a body may keep its own.")

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    # The archive sits under the home page or under a body that keeps its own (one each); it holds memos only.
    parent_page_types = ["pages.HomePage", "pages.BodyPage"]
    subpage_types = ["pages.MemoPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("memo archive")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        viewer = visibility.for_request(request)
        filed = MemoPage.objects.descendant_of(self)
        memos = viewer.pages(filed).order_by("-date", "-pk")
        # Memos for members are not listed to others, but the archive says that it holds them.
        context["members_only"] = viewer.withheld(filed)
        years = sorted({d.year for d in memos.dates("date", "year")}, reverse=True)
        year = request.GET.get("year", "")
        if year.isdigit() and int(year) in years:
            memos = memos.filter(date__year=int(year))
        else:
            year = ""
        context["memos"] = paginate(request, memos)
        context["years"] = years
        context["selected_year"] = year
        return context


class MemoTag(TaggedItemBase):
    content_object = ParentalKey("pages.MemoPage", on_delete=models.CASCADE, related_name="tagged_items")


class MemoPage(RoutablePageMixin, Page):
    """A memo with its date, journal number, case id and author reference, its text and attached files."""

    page_description = _("A memo with its date, journal number, case id and reference, its text and its files.")

    date = models.DateField(_("date"))
    journal_number = models.CharField(
        _("journal number"),
        max_length=8,
        blank=True,
        validators=[kle_subject_validator],
        help_text=_("KLE subject, e.g. 04.00.00."),
    )
    action_facet = models.CharField(
        _("action facet"), max_length=3, blank=True, validators=[kle_facet_validator], help_text=_("e.g. P16")
    )
    case_id = models.CharField(_("case id"), max_length=50, blank=True, db_index=True)
    author_reference = models.CharField(
        _("author reference"), max_length=20, blank=True, help_text=_("The author's initials, e.g. MEN.")
    )
    sender = models.CharField(_("sender"), max_length=200, blank=True, help_text=_("Organisation that wrote the memo."))
    body = RichTextField(_("text"), blank=True)
    attachments = StreamField(AttachmentStreamBlock(), verbose_name=_("attachments"), blank=True)
    related_organisations = ParentalManyToManyField(
        "pages.OrganisationPage", verbose_name=_("related bodies"), blank=True, related_name="memos"
    )
    related_meetings = ParentalManyToManyField(
        "pages.MeetingPage", verbose_name=_("related meetings"), blank=True, related_name="memos"
    )
    focus_areas = ParentalManyToManyField("pages.FocusArea", verbose_name=_("focus areas"), blank=True)
    topics = ClusterTaggableManager(through=MemoTag, verbose_name=_("topics"), blank=True)
    # A briefing memo gathers the case handlers' comments on a forum meeting's agenda (pages/briefing.py).
    briefing_for = models.ForeignKey(
        "pages.MeetingPage",
        verbose_name=_("briefing memo for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="briefing_memos",
        help_text=_("The meeting whose agenda this memo comments on."),
    )
    briefing = RichTextField(
        _("comments on the agenda"),
        blank=True,
        help_text=_(
            "Written by “Generate briefing memo”. Generating it again replaces this part with the newest comments; "
            "the text above is kept."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("sender")]),
                FieldRowPanel([FieldPanel("journal_number"), FieldPanel("action_facet")]),
                FieldRowPanel([FieldPanel("case_id"), FieldPanel("author_reference")]),
            ],
            heading=_("Record"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("briefing_for", read_only=True), FieldPanel("briefing")],
            heading=_("Briefing memo"),
            classname="collapsed",
        ),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [
                FieldPanel("related_organisations"),
                FieldPanel("related_meetings"),
                FieldPanel("focus_areas"),
                FieldPanel("topics"),
            ],
            heading=_("Related"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.SearchField("case_id"),
        index.SearchField("journal_number"),
        index.SearchField("author_reference"),
        index.SearchField("sender"),
        index.FilterField("date"),
    ]

    # A memo's record (date, journal number, case id, author) is the same in every language and is never translated.
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in ("date", "journal_number", "action_facet", "case_id", "author_reference", "briefing_for")
    ]

    # Memos are filed in a memo archive and have no children.
    parent_page_types = ["pages.MemoIndexPage"]
    subpage_types = []

    # An attachment may only name a document its editor may choose (pages/attachments.py).
    base_form_class = AttachmentPermissionForm

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memos")

    @property
    def journal_label(self):
        """The journal number as written on the memo: “04.00.00 P16”."""
        return " ".join(filter(None, [self.journal_number, self.action_facet]))

    @path("", name="memo")
    def show(self, request):
        return self.render(request)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        """The memo as a PDF document, under the same view restrictions as the page."""
        response = HttpResponse(memo_pdf(self), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{pdf_filename(self.title)}"'
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        viewer = visibility.for_request(request)
        context["members_only"] = bool(self.get_view_restrictions())
        context["attachments"] = viewer.attachments(self, self.attachments)
        context["organisations"] = viewer.pages(self.related_organisations.filter(locale=self.locale))
        context["meetings"] = viewer.pages(self.related_meetings.filter(locale=self.locale))
        context["topics"] = self.topics.all()
        context["focus_area_list"] = self.focus_areas.all()
        return context
