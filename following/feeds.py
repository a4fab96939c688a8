"""Atom feeds of new agendas, minutes and memos: one for each page that lists them, one for any search.

Built with Django's syndication framework (``Atom1Feed``); every address in them is absolute and comes from
``portal.addresses``, and every entry is what the public may see (``pages.visibility``), whoever asks.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Page

from pages import visibility
from pages.formatting import long_date, site_name
from portal import addresses
from search.views import current_language

from . import searches
from .items import is_listing, listed_items


class _ItemFeed(Feed):
    feed_type = Atom1Feed

    def author_name(self):
        return site_name()

    def items(self, obj):
        return obj["items"]

    def title(self, obj):
        return obj["title"]

    def subtitle(self, obj):
        return _("New agendas, minutes and memos – %(site)s") % {"site": site_name()}

    def link(self, obj):
        return obj["link"]

    def feed_url(self, obj):
        return obj["feed_url"]

    def item_title(self, item):
        return item.heading

    def item_description(self, item):
        parts = [item.kind_label]
        if item.organisation:
            parts.append(item.organisation)
        if item.date:
            parts.append(long_date(item.date))
        return " · ".join(parts)

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.guid

    def item_guid_is_permalink(self, item):
        return False

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return item.page.first_published_at or item.updated

    def item_author_name(self, item):
        return item.organisation or site_name()


def page_feed_title(page):
    name = getattr(page, "display_short_name", None) or page.title
    return _("%(name)s – agendas, minutes and memos") % {"name": name}


def search_feed_title(search):
    return _("%(search)s – agendas, minutes and memos") % {"search": searches.label(search)}


class PageFeed(_ItemFeed):
    """The new agendas, minutes and memos a body, working group, consortium, memo archive or home page lists."""

    def get_object(self, request, page_id):
        page = get_object_or_404(Page, pk=page_id).specific
        if not is_listing(page) or not visibility.public().can_see(page):
            raise Http404
        return {
            "title": page_feed_title(page),
            "link": addresses.page_url(page),
            "feed_url": addresses.absolute(reverse("following:page_feed", args=[page.pk])),
            "items": listed_items(page, visibility.public()),
        }


class SearchFeed(_ItemFeed):
    """The newest agendas, minutes and memos a search (its words and filters) finds."""

    def get_object(self, request):
        search = searches.clean(request.GET)
        query = searches.query_string(search)
        return {
            "title": search_feed_title(search),
            "link": addresses.absolute(reverse("search") + "?" + query),
            "feed_url": addresses.absolute(reverse("following:search_feed") + "?" + query),
            "items": searches.results(search, current_language()),
        }

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except searches.BadSearch as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")


page_feed = PageFeed()
search_feed = SearchFeed()
