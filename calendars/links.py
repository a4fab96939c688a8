"""The names and addresses of the calendar feeds, for a page's “Subscribe” button and its alternate link.

Pages ask for these while they render; the feeds themselves are served by ``calendars.views``.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from pages import visibility
from pages.formatting import site_name
from portal import addresses


@dataclass(frozen=True)
class CalendarFeed:
    """A feed's name and addresses, for the “Subscribe” button and the page's alternate link."""

    title: str
    https_url: str
    webcal_url: str
    download: bool = False
    subgroups_https_url: str = ""
    subgroups_webcal_url: str = ""


def absolute(request, path):
    """The https and webcal addresses of a feed's path."""
    https_url = addresses.absolute(path)
    return https_url, addresses.webcal(https_url)


def link(request, title, url_name, download=False, query="", **kwargs):
    """The feed named ``calendars:<url_name>`` with ``kwargs``, under ``title``."""
    https_url, webcal_url = absolute(request, reverse(f"calendars:{url_name}", kwargs=kwargs) + query)
    return CalendarFeed(title=str(title), https_url=https_url, webcal_url=webcal_url, download=download)


def home_feed(request):
    """The feed of every public meeting, for the home page."""
    return link(request, all_name(), "all")


def organisation_feed(request, page, subgroups):
    """The feed of one body, working group or consortium, or None when the page itself is members-only.

    ``subgroups`` are the public working groups and consortia below it: when there are any, a second address
    includes their meetings."""
    if not visibility.public().can_see(page):
        return None
    feed = link(request, organisation_name(page, False), "organisation", page_id=page.pk)
    if subgroups.exists():
        https_url, webcal_url = absolute(
            request, reverse("calendars:organisation", kwargs={"page_id": page.pk}) + "?include=subgroups"
        )
        feed = CalendarFeed(
            title=feed.title,
            https_url=feed.https_url,
            webcal_url=feed.webcal_url,
            subgroups_https_url=https_url,
            subgroups_webcal_url=webcal_url,
        )
    return feed


def meeting_download(request, page):
    """The single-event file of one meeting (“Add to my calendar”)."""
    return link(request, page.title, "meeting", download=True, page_id=page.pk)


def all_name():
    return _("All meetings – %(site)s") % {"site": site_name()}


def organisation_name(page, subgroups):
    name = page.short_name or page.title
    if subgroups:
        return _("%(name)s and its groups – meetings") % {"name": name}
    return _("%(name)s – meetings") % {"name": name}
