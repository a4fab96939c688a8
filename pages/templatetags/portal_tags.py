"""Template tags and filters for the public pages: site name, navigation, breadcrumbs and dates in Copenhagen time."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import resolve_url
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from wagtail.models import Page, Site

from pages import formatting, visibility
from portal import addresses

register = template.Library()

# The date, time and name filters are the formatting module's functions, registered for templates.
long_date = register.filter(formatting.long_date)
weekday_date = register.filter(formatting.weekday_date)
meeting_time = register.filter(formatting.meeting_time)
meeting_datetime = register.filter(formatting.meeting_datetime)
time_range = register.simple_tag(formatting.time_range)
site_name = register.simple_tag(formatting.site_name)


def _home_page(context):
    """The home page of the page being shown, or of the visitor's language when there is no page (e.g. a 404)."""

    page = context.get("page")
    if isinstance(page, Page) and page.depth >= 2:
        if page.depth == 2:
            return page.specific
        home = page.get_ancestors().filter(depth=2).first()
        return home.specific if home else None
    request = context.get("request")
    if request is None:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    return root.localized.specific


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The main menu: the home page's live, public bodies and memo archives."""
    from pages.models import MemoIndexPage, OrganisationPage

    home = _home_page(context)
    items = []
    if home is not None:
        viewer = visibility.for_request(context.get("request"))
        children = viewer.pages(home.get_children().type(OrganisationPage, MemoIndexPage)).specific()
        items = list(children)
    page = context.get("page")
    current_path = page.path if page is not None and hasattr(page, "path") else ""
    for item in items:
        item.nav_is_current = bool(current_path) and current_path.startswith(item.path)
    return {"home": home, "items": items, "request": context.get("request"), "page": page}


@register.simple_tag(takes_context=True)
def home_page(context):
    """The home page for the page being shown, for links back to the front page."""
    return _home_page(context)


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context, page):
    """The ancestors of ``page`` the visitor may see, from the home page down, not including the page itself."""

    if not isinstance(page, Page) or page.depth <= 2:
        return []
    return list(visibility.for_request(context.get("request")).pages(page.get_ancestors().filter(depth__gte=2)))


@register.simple_tag(takes_context=True)
def visible_page(context, page):
    """``page`` in the visitor's language when they may see it (or in Danish when it has no translation), else None:
    a link to another page never names a page the visitor may not see."""

    if not isinstance(page, Page):
        return None
    viewer = visibility.for_request(context.get("request"))
    localized = page.localized
    for candidate in (localized, page) if localized.pk != page.pk else (page,):
        if viewer.can_see(candidate):
            return candidate.specific
    return None


@register.simple_tag(takes_context=True)
def sees_closed_items(context, meeting):
    """True when the visitor may read the closed items of ``meeting`` in full."""
    request = context.get("request")
    if request is None or not hasattr(meeting, "agenda_items"):
        return False
    return visibility.for_request(request).sees_closed_items(meeting)


@register.simple_tag(takes_context=True)
def login_url(context):
    """The portal's login address (``LOGIN_URL``), coming back to the page being shown."""
    request = context.get("request")
    url = resolve_url(settings.LOGIN_URL)
    if request is None:
        return url
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """The full address of ``url`` for print stylesheets and calendar links."""
    return addresses.absolute(url)


@register.filter
def file_label(document):
    """A short description of a document file: its type and size, e.g. “PDF, 120 KB”."""

    parts = []
    extension = (getattr(document, "file_extension", "") or "").upper()
    if extension:
        parts.append(extension)
    size = getattr(document, "file_size", None)
    if size:
        parts.append(filesizeformat(size))
    return ", ".join(parts)


@register.filter
def is_current_year(value, selected):
    """True when a year link is the selected one (the selection arrives as a string from the query)."""
    return str(value) == str(selected)


@register.filter
def dkk(value):
    """An amount in whole kroner with the visitor's thousands separator: “1.250.000” or “1,250,000”."""
    if value in (None, ""):
        return ""

    return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


@register.filter
def page_numbers(page_obj):
    """The page numbers a pager shows — the first, the last and two either side of the current — with None for a
    gap; computed without walking every page, so an archive of thousands of pages pages as fast as a short one."""
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]


@register.simple_tag(takes_context=True)
def footer_links(context):
    """The footer's "About the portal" page (the home page's first public standard page) and the contact details."""
    from pages.models import StandardPage

    home = _home_page(context)
    about = None
    if home is not None:
        viewer = visibility.for_request(context.get("request"))
        about = viewer.pages(home.get_children().type(StandardPage)).order_by("path").first()
    return {
        "about": about,
        "contact_name": settings.PORTAL_CONTACT_NAME,
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
    }
