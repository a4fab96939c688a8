"""The home page and plain content pages."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from pages import visibility

from .meetings import MeetingPage
from .memos import MemoPage
from .mixins import with_parents
from .organisations import OrganisationPage


class HomePage(Page):
    """The portal's front page for one language: bodies, upcoming meetings and the latest memos."""

    page_description = _("The front page of one language, with the bodies, the upcoming meetings and the latest memos.")

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    # The home page is the root of a language tree; bodies, the memo archive and plain pages hang under it.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.BodyPage", "pages.MemoIndexPage", "pages.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        viewer = visibility.for_request(request)
        context["bodies"] = viewer.pages(OrganisationPage.objects.child_of(self)).specific()
        upcoming = (
            viewer.pages(MeetingPage.objects.descendant_of(self))
            .filter(start__gte=timezone.now())
            .order_by("start")[:8]
        )
        context["upcoming_meetings"] = with_parents(upcoming)
        context["latest_memos"] = viewer.pages(MemoPage.objects.descendant_of(self)).order_by("-date", "-pk")[:5]
        return context


class StandardPage(Page):
    """A plain content page: about the portal, contact, accessibility statement."""

    page_description = _("A page of plain text, such as “About the portal” or a body's rules of procedure.")

    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["pages.HomePage", "pages.BodyPage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
