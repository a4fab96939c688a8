"""What a subscription follows (a listing page or a search), how it is named, and whether a new item concerns it."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from pages import visibility
from pages.models import MeetingPage, MemoPage
from portal import addresses

from . import searches
from .items import is_listing


def label(subscription):
    """The followed page's title or the followed search's words and filters."""
    if subscription.page_id:
        page = subscription.page.specific
        if not visibility.public().can_see(page):
            return _("A page that is no longer public")
        return getattr(page, "display_short_name", None) or page.title
    try:
        return searches.label(subscription.search)
    except searches.BadSearch:
        return _("A search that no longer works")


def followed_url(subscription):
    """The address of what is followed: the page, or the search page with the search filled in."""
    if subscription.page_id:
        return addresses.page_url(subscription.page)
    with translation.override(subscription.language):
        return addresses.absolute(reverse("search") + "?" + searches.query_string(subscription.search))


def listing_keys(page):
    """The translation keys of the listing pages that list ``page`` (a Danish meeting or memo)."""
    keys = set()
    parent = page.get_parent()
    if parent is not None and is_listing(parent.specific):
        keys.add(parent.translation_key)
    if isinstance(page, MemoPage):
        keys |= set(page.related_organisations.values_list("translation_key", flat=True))
    if isinstance(page, MeetingPage | MemoPage):
        keys |= set(
            Page.objects.filter(depth=2, path=page.path[: Page.steplen * 2]).values_list("translation_key", flat=True)
        )
    return keys


def page_subscriptions(queryset, page):
    """The page subscriptions in ``queryset`` that ``page`` concerns, in any language."""
    return queryset.filter(page__translation_key__in=listing_keys(page))


def search_subscriptions(queryset, page):
    """The search subscriptions in ``queryset`` whose search finds ``page``."""
    found = []
    for subscription in queryset.filter(page__isnull=True):
        try:
            if searches.finds(subscription.search, subscription.language, page):
                found.append(subscription)
        except searches.BadSearch:
            continue
    return found
