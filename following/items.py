"""What can be followed: the agendas, minutes and memos a page lists, each as one item with its address.

A page that lists them (a body, working group or consortium, a memo archive, the home page) has a feed and can
be followed; ``item_for`` says what a published page is (an agenda, minutes, a memo, or nothing to follow).
Every list is narrowed by the visibility rule for the viewer it is given (the public for feeds and e-mails).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from pages import visibility
from pages.models import HomePage, MeetingPage, MemoIndexPage, MemoPage, OrganisationPage
from portal import addresses

FEED_LENGTH = 30


@dataclass
class Item:
    """One agenda, minutes or memo as a feed entry or an e-mail line."""

    page: Page
    kind: str  # "agenda", "minutes" or "memo"
    title: str
    url: str
    date: object  # the meeting's start or the memo's date
    updated: dt.datetime
    organisation: str = ""

    @property
    def kind_label(self):
        return {"agenda": _("Agenda"), "minutes": _("Minutes"), "memo": _("Memo")}[self.kind]

    @property
    def heading(self):
        return f"{self.kind_label}: {self.title}"

    @property
    def guid(self):
        return self.url + ("-" if "#" in self.url else "#") + self.kind


def kind_of(page):
    """What a page is to a follower: "agenda", "minutes", "memo", or "" when it is none of them."""
    if isinstance(page, MeetingPage):
        code, _label = page.status()
        return code if code in ("agenda", "minutes") else ""
    if isinstance(page, MemoPage):
        return "memo"
    return ""


def is_listing(page):
    """Whether ``page`` lists agendas, minutes or memos, and so has a feed and can be followed."""
    return isinstance(page, OrganisationPage | MemoIndexPage | HomePage)


def item_for(page, kind=None):
    """The item for a (specific) page, or None when it is nothing to follow."""
    kind = kind or kind_of(page)
    if not kind:
        return None
    organisation = ""
    if isinstance(page, MeetingPage):
        parent = page.get_parent().specific
        organisation = getattr(parent, "display_short_name", parent.title)
        date = page.start
    else:
        date = page.date
    return Item(
        page=page,
        kind=kind,
        title=page.title,
        url=addresses.page_url(page),
        date=date,
        updated=page.last_published_at or page.first_published_at or timezone.now(),
        organisation=organisation,
    )


def pages_listed(page, viewer):
    """The meetings and memos ``page`` lists, as a queryset of pages ``viewer`` may see, newest change first."""
    if isinstance(page, OrganisationPage):
        meetings = MeetingPage.objects.child_of(page).values("pk")
        memos = MemoPage.objects.filter(
            locale=page.locale, related_organisations__translation_key=page.translation_key
        ).values("pk")
        queryset = Page.objects.filter(pk__in=meetings) | Page.objects.filter(pk__in=memos)
    elif isinstance(page, MemoIndexPage):
        queryset = MemoPage.objects.child_of(page)
    else:
        below = visibility.subtree_q(page, inclusive=False)
        queryset = Page.objects.filter(below).type(MeetingPage, MemoPage)
    return viewer.pages(Page.objects.filter(pk__in=queryset.values("pk"))).order_by("-last_published_at", "-pk")


def listed_items(page, viewer, limit=FEED_LENGTH):
    """The newest agendas, minutes and memos ``page`` lists, for ``viewer``."""
    items = []
    for listed in pages_listed(page, viewer).specific()[: limit * 2]:
        item = item_for(listed)
        if item is not None:
            items.append(item)
        if len(items) == limit:
            break
    return items


def in_language(page, language):
    """``page`` in ``language`` when the public may see it there, else ``page`` itself."""
    if page.locale.language_code == language:
        return page
    translated = page.get_translations(inclusive=False).filter(locale__language_code=language).first()
    if translated is not None and visibility.public().can_see(translated):
        return translated.specific
    return page
