"""The search page (/<lang>/search/) and its suggestions endpoint (/<lang>/search/suggest/)."""

import datetime as dt
import difflib
import logging
import re
import time
from dataclasses import replace
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from pages import visibility
from pages.formatting import current_language
from pages.models import FocusArea, OrganisationPage

from .analysis import WORD_RE, analyzer_for, danish_lexicon
from .backends import Query, SearchUnavailable, get_backend
from .backends.database import DatabaseBackend
from .models import SearchAttachment, SearchEntry

logger = logging.getLogger(__name__)

PER_PAGE = 20
MAX_QUERY_CHARS = 500
MAX_PAGE = 10_000
SUGGESTIONS = 8
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BadRequest(Exception):
    """A search parameter that cannot be understood; the message tells the visitor what to fix."""


def clean_query(raw):
    return " ".join(CONTROL_RE.sub(" ", raw or "").split())


def parse_int(value, message):
    if value in (None, ""):
        return None
    # An id longer than 18 digits is none the database can hold.
    if not str(value).isdigit() or len(str(value)) > 18:
        raise BadRequest(message)
    return int(value)


DANISH_DATE_RE = re.compile(r"^(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4})$")


def parse_date(value, message):
    """A date as the form's fields ask for it (19.01.2009, also 19-1-2009 or 19/1/2009) or as ISO (2009-01-19)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        match = DANISH_DATE_RE.match(value)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest(message) from exc


def parse_params(request):
    """The search request's query and filters; raises BadRequest with a message for any malformed value."""
    raw = request.GET.get("q", "")
    if len(raw) > MAX_QUERY_CHARS:
        raise BadRequest(_("The search text is too long: use at most %(max)d characters.") % {"max": MAX_QUERY_CHARS})
    params = {"q": clean_query(raw)}
    kinds = [k for k in request.GET.getlist("type") if k]
    if any(k not in SearchEntry.Kind.values for k in kinds):
        raise BadRequest(_("Unknown type of result. Choose one of the types listed."))
    params["kinds"] = kinds
    params["organisation_id"] = parse_int(request.GET.get("body"), _("Unknown body. Choose one of the bodies listed."))
    if (
        params["organisation_id"]
        and not visibility.public().pages(OrganisationPage.objects.filter(pk=params["organisation_id"])).exists()
    ):
        raise BadRequest(_("Unknown body. Choose one of the bodies listed."))
    year = parse_int(request.GET.get("year"), _("The year must be written with four digits, e.g. 2009."))
    if year is not None and not 1900 <= year <= 2100:
        raise BadRequest(_("The year must be written with four digits, e.g. 2009."))
    params["year"] = year
    params["focus_area_id"] = parse_int(request.GET.get("focus"), _("Unknown focus area."))
    if params["focus_area_id"] and not FocusArea.objects.filter(pk=params["focus_area_id"]).exists():
        raise BadRequest(_("Unknown focus area."))
    date_message = _("Write dates as DD.MM.YYYY, e.g. 19.01.2009.")
    params["date_from"] = parse_date(request.GET.get("from"), date_message)
    params["date_to"] = parse_date(request.GET.get("to"), date_message)
    if params["date_from"] and params["date_to"] and params["date_from"] > params["date_to"]:
        raise BadRequest(_("The start of the date range must come before its end."))
    sort = request.GET.get("sort") or "relevance"
    if sort not in ("relevance", "date"):
        raise BadRequest(_("Results can be sorted by relevance or by date only."))
    params["sort"] = sort
    page = request.GET.get("page") or "1"
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        raise BadRequest(_("The page number must be a whole number from 1 up."))
    params["page"] = int(page)
    return params


class ResultWindow:
    """A result list of known length whose one visible page is already fetched, for Django's Paginator."""

    def __init__(self, total, offset, items):
        self.total, self.offset, self.items = total, offset, items

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        start = (key.start or 0) - self.offset
        stop = (key.stop or self.total) - self.offset
        return self.items[max(start, 0) : max(stop, 0)]


def mark_words(text, terms, analyzer):
    """``text`` HTML-escaped with every matched word wrapped in <mark>."""
    out, cursor = [], 0
    for start, end in analyzer.matched_spans(text, terms):
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def present(entry_ids, terms, analyzer, request, highlights=None):
    """The result rows for one page of entry ids, in order, each with its URL, snippet and matched files.

    ``highlights`` are an engine's own title and snippet per entry id (used where given). Hits found only through
    the same attachment (one memo attached to many agenda items) show once, saying how many other entries it is
    attached to."""
    highlights = highlights or {}
    # The analysed terms are as long as the text and not needed to show a hit; an attachment's text is read only
    # when the entry's own text has no match to show.
    attachments = Prefetch(
        "attachments", queryset=SearchAttachment.objects.select_related("document").defer("document__extracted_text")
    )
    # Of the body only the title is shown: no need to build its page object.
    entries = (
        SearchEntry.objects.filter(pk__in=entry_ids)
        .select_related("page")
        .annotate(organisation_title=F("organisation__title"))
        .defer("title_terms", "terms")
        .prefetch_related(attachments)
    )
    entries = {e.pk: e for e in entries}
    wanted = set(terms)
    kind_labels = {kind: str(label) for kind, label in SearchEntry.Kind.choices}
    page_urls = {}  # the agenda items of one meeting share its page
    rows = []
    shown_through = {}  # document id -> the row that shows a hit found only in it
    for entry_id in entry_ids:
        entry = entries.get(entry_id)
        if entry is None:
            continue
        found = highlights.get(entry_id, {})
        title = mark_safe(found["title"]) if found.get("title") else mark_words(entry.title, terms, analyzer)  # noqa: S308 - the engine escapes the text (encoder html)
        own_snippet = found.get("snippet") or analyzer.highlight(entry.text, terms, paragraph=True)
        all_files = list(entry.attachments.all())
        matched_files = [a for a in all_files if wanted.intersection(a.terms.split())]
        own_match = bool(own_snippet) or "<mark>" in title
        if not matched_files and not own_match and len(all_files) == 1:
            matched_files = all_files  # the engine found it in the one attachment (a folded or corrected word)
        if not own_match and matched_files:
            document_ids = [a.document_id for a in matched_files]
            earlier = next((shown_through[d] for d in document_ids if d in shown_through), None)
            if earlier is not None:
                continue
        if entry.page_id not in page_urls:
            page_urls[entry.page_id] = entry.page.get_url(request) or ""
        url = page_urls[entry.page_id]
        if entry.item_number:
            url = f"{url}#punkt-{entry.item_number}"
        snippet = own_snippet or found.get("files_snippet")
        if not snippet:
            for attachment in matched_files:
                snippet = analyzer.highlight(attachment.document.extracted_text, terms)
                if snippet:
                    break
        if not snippet:
            snippet = escape(entry.text[:240]) + ("…" if len(entry.text) > 240 else "")
        row = {
            "entry": entry,
            "url": url,
            "title": title,
            "snippet": mark_safe(snippet),  # noqa: S308 - the highlighter escapes the text
            "kind_label": kind_labels.get(entry.kind, entry.kind),
            "organisation": {"title": entry.organisation_title} if entry.organisation_id else None,
            "matched_files": [
                {"title": a.title, "url": a.document.url, "filename": a.document.filename} for a in matched_files
            ],
            "also_attached": 0,
        }
        if not own_match and matched_files:
            for attachment in matched_files:
                shown_through.setdefault(attachment.document_id, row)
            row["also_attached"] = (
                SearchEntry.objects.public(entry.language)
                .filter(attachments__document_id=matched_files[0].document_id)
                .exclude(pk=entry.pk)
                .distinct()
                .count()
            )
        rows.append(row)
    return rows


def narrowed_query(current, parameter, value):
    """The query string of ``current`` (a list of (name, values)) with ``parameter`` set to ``value`` alone, in the
    order and encoding of QueryDict.urlencode, without copying the request's QueryDict for every facet value."""
    pairs, replaced = [], False
    for key, values in current:
        if key == parameter:
            pairs.append((key, value))
            replaced = True
        else:
            pairs.extend((key, v) for v in values)
    if not replaced:
        pairs.append((parameter, value))
    return urlencode(pairs)


def facet_options(request, facets, params):
    """Facet values with counts and the link that narrows to them, labelled for display."""
    labels = {"kind": dict(SearchEntry.Kind.choices)}
    organisation_ids = [value for value, _count in facets.get("organisation", [])]
    labels["organisation"] = dict(
        visibility.public().pages(OrganisationPage.objects.filter(pk__in=organisation_ids)).values_list("pk", "title")
    )
    focus_ids = [value for value, _count in facets.get("focus_area", [])]
    labels["focus_area"] = dict(FocusArea.objects.filter(pk__in=focus_ids).values_list("pk", "name"))
    parameter = {"kind": "type", "organisation": "body", "year": "year", "focus_area": "focus"}
    selected = {
        "kind": params["kinds"],
        "organisation": [params["organisation_id"]],
        "year": [params["year"]],
        "focus_area": [params["focus_area_id"]],
    }
    groups = []
    headings = {
        "kind": _("Type"),
        "organisation": _("Body or group"),
        "year": _("Year"),
        "focus_area": _("Focus area"),
    }
    current = [(key, values) for key, values in request.GET.lists() if key != "page"]
    for name in ("kind", "organisation", "year", "focus_area"):
        options = []
        for value, count in facets.get(name, []):
            if name == "year":
                label = str(value)
            else:
                label = labels[name].get(value)
                if label is None:
                    continue
            options.append(
                {
                    "label": label,
                    "count": count,
                    "url": "?" + narrowed_query(current, parameter[name], value),
                    "selected": value in selected[name],
                }
            )
        if name == "year":
            options.sort(key=lambda o: o["label"], reverse=True)
        else:
            options.sort(key=lambda o: (-o["count"], str(o["label"])))
        if options:
            groups.append({"name": parameter[name], "heading": headings[name], "options": options})
    return groups


def active_filters(request, params):
    """The filters in force, each with a link that removes it."""
    names = []
    kind_labels = dict(SearchEntry.Kind.choices)
    for kind in params["kinds"]:
        names.append(("type", kind, kind_labels[kind]))
    if params["organisation_id"]:
        title = OrganisationPage.objects.filter(pk=params["organisation_id"]).values_list("title", flat=True).first()
        names.append(("body", params["organisation_id"], title))
    if params["year"]:
        names.append(("year", params["year"], str(params["year"])))
    if params["focus_area_id"]:
        name = FocusArea.objects.filter(pk=params["focus_area_id"]).values_list("name", flat=True).first()
        names.append(("focus", params["focus_area_id"], name))
    if params["date_from"]:
        names.append(("from", params["date_from"], _("from %(date)s") % {"date": params["date_from"].isoformat()}))
    if params["date_to"]:
        names.append(("to", params["date_to"], _("until %(date)s") % {"date": params["date_to"].isoformat()}))
    filters = []
    for parameter, value, label in names:
        query = request.GET.copy()
        query.pop("page", None)
        query.setlist(parameter, [v for v in query.getlist(parameter) if v != str(value)])
        filters.append({"label": label, "remove_url": "?" + query.urlencode()})
    return filters


VOCABULARY_TITLES = 20_000
VOCABULARY_TEXTS = 2_000
_vocabularies = {}


def vocabulary(language):
    """Words a "did you mean" suggestion may use, by first letter: those of public titles, of the texts of bodies,
    plain pages and the newest memos, and the shipped word list.
    Built at most every PORTAL_SEARCH_VOCABULARY_SECONDS."""
    cached = _vocabularies.get(language)
    seconds = settings.PORTAL_SEARCH_VOCABULARY_SECONDS
    if cached and time.monotonic() - cached[0] < seconds:
        return cached[1]
    public = SearchEntry.objects.public(language)
    texts = list(public.values_list("title", flat=True)[:VOCABULARY_TITLES])
    texts += public.filter(kind__in=["organisation", "page"]).values_list("text", flat=True)[:VOCABULARY_TEXTS]
    texts += public.filter(kind="memo").order_by("-date").values_list("text", flat=True)[:VOCABULARY_TEXTS]
    found = {w.lower() for text in texts for w in WORD_RE.findall(text) if len(w) > 2 and not w.isdigit()}
    if language == "da":
        found |= set(danish_lexicon()[0])
    by_letter = {}
    for word in sorted(found):
        by_letter.setdefault(word[0], []).append(word)
    _vocabularies[language] = (time.monotonic(), by_letter)
    return by_letter


def close_word(word, vocab):
    """The known word nearest to ``word`` (same first letter, similar length), or None; ``word`` itself if known."""
    candidates = vocab.get(word[0], [])
    if word in candidates:
        return word
    slack = max(2, len(word) // 4)
    candidates = [c for c in candidates if abs(len(c) - len(word)) <= slack]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return close[0] if close else None


def analysed(query, text, analyzer):
    """``query`` searching for ``text``: its terms and the strict and relaxed expressions the analyzer makes of it."""
    expression = analyzer.query_expression(text)
    return replace(
        query,
        raw=text,
        terms=analyzer.query_terms(text),
        expression=expression,
        relaxed=analyzer.query_expression(text, relaxed=True),
    )


def search_with_fallback(backend, query):
    """The results of ``query`` and the backend that gave them; when the search engine is down, the database's
    (the entries table is always kept), and whether that happened."""
    try:
        return backend.search(query), backend, False
    except SearchUnavailable:
        if not backend.external:
            raise
        logger.exception("The search engine is unavailable; searching the database instead")
    backend = DatabaseBackend()
    return backend.search(query), backend, True


def did_you_mean(query, language, backend, base_query):
    """A corrected query that finds something, or None."""
    analyzer = analyzer_for(language)
    vocab = vocabulary(language)
    changed, words = False, []
    for word in query.split():
        lowered = word.lower()
        if not WORD_RE.fullmatch(lowered) or lowered in analyzer.query_stop_words or lowered.isdigit():
            words.append(word)
            continue
        close = close_word(lowered, vocab)
        if close and close != lowered:
            words.append(close)
            changed = True
        else:
            words.append(word)
    if not changed:
        return None
    suggestion = " ".join(words)
    attempt = analysed(base_query, suggestion, analyzer)
    attempt.offset, attempt.limit = 0, 1
    if attempt.terms and backend.search(attempt).total:
        return suggestion
    return None


def search(request):
    """Full-text search of the published archive, with facets, paging and highlighted snippets."""
    language = current_language()
    analyzer = analyzer_for(language)
    context = {"query": clean_query(request.GET.get("q", ""))[:MAX_QUERY_CHARS], "sort": "relevance"}
    try:
        params = parse_params(request)
    except BadRequest as exc:
        context["error"] = str(exc)
        return render(request, "search/search.html", context, status=400)
    context.update(query=params["q"], sort=params["sort"], params=params)
    context["active_filters"] = active_filters(request, params)
    terms = analyzer.query_terms(params["q"])
    if not params["q"]:
        return render(request, "search/search.html", context)
    if not terms and not WORD_RE.search(params["q"]):
        context["notice"] = _("Your search has no letters or digits. Search for a word, a name or a case number.")
        return render(request, "search/search.html", context)
    if not terms:
        context["notice"] = _("Your search has only very common words. Add a more specific word.")
        return render(request, "search/search.html", context)
    backend = get_backend()
    query = Query(
        language=language,
        terms=terms,
        kinds=params["kinds"],
        organisation_id=params["organisation_id"],
        year=params["year"],
        focus_area_id=params["focus_area_id"],
        date_from=params["date_from"],
        date_to=params["date_to"],
        sort=params["sort"],
        offset=(params["page"] - 1) * PER_PAGE,
        limit=PER_PAGE,
    )
    query = analysed(query, params["q"], analyzer)
    try:
        results, backend, fallback = search_with_fallback(backend, query)
        if not results.total:
            # Nothing found as written: search again with a corrected spelling, if one finds something, and say so.
            suggestion = did_you_mean(params["q"], language, backend, replace(query))
            if suggestion:
                query = analysed(query, suggestion, analyzer)
                results = backend.search(query)
                terms = query.terms
                context["corrected"] = suggestion
        if results.total and query.offset >= results.total:
            context["error"] = _("There is no such page of results.")
            return render(request, "search/search.html", context, status=404)
        rows = present(results.ids, terms, analyzer, request, results.highlights)
    except SearchUnavailable:
        logger.exception("Search is unavailable")
        context["unavailable"] = True
        return render(request, "search/search.html", context, status=503)
    context["fallback"] = fallback
    context["fuzzy"] = results.fuzzy
    paginator = Paginator(ResultWindow(results.total, query.offset, rows), PER_PAGE)
    context.update(
        searched=True,
        total=results.total,
        total_exact=results.total_exact,
        results=rows,
        page_obj=paginator.page(params["page"]) if results.total else None,
        facets=facet_options(request, results.facets, params),
    )
    return render(request, "search/search.html", context)


def suggest(request):
    """Titles that start with what the visitor is typing, as JSON for the search box."""
    text = clean_query(request.GET.get("q", ""))[:100]
    if len(text) < 2:
        return JsonResponse({"query": text, "suggestions": []})
    language = current_language()
    entries = None
    backend = get_backend()
    if backend.external:
        try:
            ids = backend.suggest(text, language, SUGGESTIONS * 2)
        except SearchUnavailable:
            logger.warning("The search engine is unavailable; suggesting titles from the database")
        else:
            found = SearchEntry.objects.public(language).filter(pk__in=ids).select_related("page").in_bulk()
            entries = [found[pk] for pk in ids if pk in found]
    if entries is None:
        entries = list(
            SearchEntry.objects.public(language)
            .filter(Q(title__istartswith=text) | Q(title__icontains=f" {text}"))
            .select_related("page")
            .order_by("-date", "title")[: SUGGESTIONS * 2]
        )
    # The public flag is kept by the publishing signals; check the few titles shown against the page tree too.
    visible = set(
        visibility.public().pages(Page.objects.filter(pk__in={e.page_id for e in entries})).values_list("pk", flat=True)
    )
    suggestions = []
    for entry in [e for e in entries if e.page_id in visible][:SUGGESTIONS]:
        url = entry.page.get_url(request) or ""
        if entry.item_number:
            url = f"{url}#punkt-{entry.item_number}"
        suggestions.append({"title": entry.title, "type": str(entry.get_kind_display()), "url": url})
    return JsonResponse({"query": text, "suggestions": suggestions})
