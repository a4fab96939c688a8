"""A followed search: the query and filters of the search page, kept as its query string, and its newest results.

The search page's own parsing (``search.views.parse_params``) checks what is kept, so a followed search finds what
the search page finds; results are read newest first and only the agendas, minutes and memos among them count.
"""

from types import SimpleNamespace
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _
from wagtail.models import Page

from pages import visibility
from pages.models import MeetingPage, MemoPage, OrganisationPage
from search.analysis import analyzer_for
from search.backends import Query, SearchUnavailable, get_backend
from search.models import SearchEntry
from search.views import BadRequest, analysed, parse_params, search_with_fallback

from .items import FEED_LENGTH, item_for

# The search page's parameters that say what is searched; sorting and paging do not change what is followed.
KEPT = ("q", "type", "body", "year", "focus", "from", "to")
# How many of a search's newest results are read to see whether a page just published is among them.
MATCH_WINDOW = 200

BadSearch = BadRequest


def clean(querydict):
    """The followed part of a search's query string as a dict of lists; raises ``BadSearch`` for what the search
    page would refuse, and for a search without words."""
    params = parse_params(SimpleNamespace(GET=querydict))
    if not params["q"]:
        raise BadSearch(_("Write what to search for before following the search."))
    return {name: [v for v in querydict.getlist(name) if v] for name in KEPT if any(querydict.getlist(name))}


def querydict(search):
    query = QueryDict(mutable=True)
    for name, values in search.items():
        query.setlist(name, values)
    return query


def query_string(search):
    return urlencode([(name, v) for name, values in search.items() for v in values])


def label(search):
    """How a followed search is named in e-mails and lists: its words and its filters."""
    params = parse_params(SimpleNamespace(GET=querydict(search)))
    parts = []
    kinds = dict(SearchEntry.Kind.choices)
    parts += [str(kinds[k]) for k in params["kinds"]]
    if params["organisation_id"]:
        title = OrganisationPage.objects.filter(pk=params["organisation_id"]).values_list("title", flat=True).first()
        if title:
            parts.append(title)
    if params["year"]:
        parts.append(str(params["year"]))
    if params["date_from"]:
        parts.append(_("from %(date)s") % {"date": params["date_from"].strftime("%d.%m.%Y")})
    if params["date_to"]:
        parts.append(_("until %(date)s") % {"date": params["date_to"].strftime("%d.%m.%Y")})
    words = _("Search for “%(query)s”") % {"query": params["q"]}
    return f"{words} ({', '.join(parts)})" if parts else words


def _entries(search, language, limit):
    params = parse_params(SimpleNamespace(GET=querydict(search)))
    analyzer = analyzer_for(language)
    terms = analyzer.query_terms(params["q"])
    if not terms:
        return []
    query = Query(
        language=language,
        terms=terms,
        kinds=params["kinds"],
        organisation_id=params["organisation_id"],
        year=params["year"],
        focus_area_id=params["focus_area_id"],
        date_from=params["date_from"],
        date_to=params["date_to"],
        sort="date",
        offset=0,
        limit=limit,
    )
    # Analysed as the search page analyses it (compounds, synonyms, the looser form), so both find the same.
    query = analysed(query, params["q"], analyzer)
    try:
        results, _backend, _fallback = search_with_fallback(get_backend(), query)
    except SearchUnavailable:
        return []
    entries = SearchEntry.objects.filter(pk__in=results.ids).select_related("organisation").in_bulk()
    return [entries[pk] for pk in results.ids if pk in entries]


def results(search, language, limit=FEED_LENGTH):
    """The newest agendas, minutes and memos the search finds, as the public may see them, newest first."""
    entries = _entries(search, language, max(limit * 2, 40))
    page_ids = {entry.page_id for entry in entries}
    pages = visibility.public().pages(Page.objects.filter(pk__in=page_ids)).type(MeetingPage, MemoPage).specific()
    pages = {page.pk: page for page in pages}
    items = []
    for entry in entries:
        page = pages.get(entry.page_id)
        item = item_for(page) if page is not None else None
        if item is None:
            continue
        if entry.item_number:
            item.title = entry.title
            item.url = f"{item.url}#punkt-{entry.item_number}"
        items.append(item)
        if len(items) == limit:
            break
    items.sort(key=lambda i: i.updated, reverse=True)
    return items


def finds(search, language, page):
    """Whether the search finds ``page`` (or its copy in ``language``) among its newest results."""
    entries = _entries(search, language, MATCH_WINDOW)
    keys = set(Page.objects.filter(pk__in={e.page_id for e in entries}).values_list("translation_key", flat=True))
    return page.translation_key in keys
