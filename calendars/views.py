"""Calendar feeds: all public meetings, one organisation, one person, a member's private feed and one meeting.

Every feed answers conditional requests from a validator computed with one cheap aggregate statement
(how many meetings, which, their newest publication …), so a calendar server polling an unchanged feed
gets a 304 without the feed being built.
"""

import datetime as dt
import hashlib
import re
import threading
from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.encoding import iri_to_uri
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.models import Locale, Page, PageLogEntry, Site, get_page_models

from pages import visibility
from pages.formatting import site_name
from pages.models import AgendaItem, CalendarToken, MeetingPage, OrganisationPage, Person
from pages.models.calendars import KEY_PATTERN
from pages.tree import parents_of
from portal import addresses

from . import ical
from .links import all_name, link, organisation_name

FORMAT_VERSION = 1
PAST_DAYS_MAX = 3650
PUBLIC_CACHE = "public, max-age=900"
PRIVATE_CACHE = "private, max-age=900"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Page history entries that change a feed without publishing anything.
FEED_CHANGING_ACTIONS = (
    "wagtail.unpublish",
    "wagtail.unpublish.scheduled",
    "wagtail.delete",
    "wagtail.move",
    "wagtail.view_restriction.create",
    "wagtail.view_restriction.edit",
    "wagtail.view_restriction.delete",
)
_KEY = re.compile(KEY_PATTERN)


# Who may see what: the portal's one rule (pages/visibility.py), as a condition on the page table's columns ----------


def _below(page, *, children=False, inclusive=False):
    return visibility.subtree_q(page, children=children, inclusive=inclusive)


def _scope(below, viewer):
    """The pages in ``below`` that ``viewer`` may see."""
    return viewer.page_q() & below


def _language_root(request):
    """The home page of the requested language, or the site's root when that language has no tree of its own."""
    site = Site.find_for_request(request) or Site.objects.select_related("root_page").get(is_default_site=True)
    root = site.root_page
    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    if locale and root.locale_id != locale.pk:
        translated = root.get_translation_or_none(locale)
        if translated is not None and translated.live:
            return translated
    return root


# Building and answering ---------------------------------------------------------------------


class BadParameter(ValueError):
    pass


class BuiltFeeds:
    """Feeds already built, by ETag, so a poll without conditional headers is not rebuilt either; bounded in size."""

    def __init__(self, max_bytes=64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self._feeds = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, etag):
        with self._lock:
            body = self._feeds.get(etag)
            if body is not None:
                self._feeds.move_to_end(etag)
            return body

    def put(self, etag, body):
        if len(body) > self.max_bytes:
            return
        with self._lock:
            if etag in self._feeds:
                return
            self._feeds[etag] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _etag, oldest = self._feeds.popitem(last=False)
                self._size -= len(oldest)

    def clear(self):
        with self._lock:
            self._feeds.clear()
            self._size = 0


# The ETag covers everything a feed's bytes depend on (see _validator), so it is a safe key.
built_feeds = BuiltFeeds()


def _past_days(request):
    raw = request.GET.get("past_days")
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 5 or int(raw) > PAST_DAYS_MAX:
        raise BadParameter(_("past_days must be a whole number of days from 0 to %(max)d.") % {"max": PAST_DAYS_MAX})
    return int(raw)


def _bad_request(message):
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")


def _meeting_types():
    """The content types of meeting pages (MeetingPage and any page type made from it), from Django's cache."""
    models = [model for model in get_page_models() if issubclass(model, MeetingPage)]
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]


def _validator(request, pages, extra):
    """ETag and Last-Modified from aggregates only, without reading the meetings themselves.

    One statement over the feed's meeting pages (how many, which, and their newest publication), every organisation
    (renamed or moved ones change names and links in the feed) and the page history entries that change a feed
    without a publication (unpublish, delete, move, view restrictions). Every change made in the portal publishes
    the meeting or writes one of those entries; a correction written straight to the database shows in the feed
    once the meeting is published again.
    """
    quote = connections[pages.db].ops.quote_name
    inner, params = pages.order_by().values(v_id=F("pk"), v_published=F("last_published_at")).query.sql_with_params()
    page, organisation, log = Page._meta.db_table, OrganisationPage._meta.db_table, PageLogEntry._meta.db_table
    actions = ", ".join(["%s"] * len(FEED_CHANGING_ACTIONS))
    # Table names come from the models and every value is a parameter.
    sql = (
        "SELECT COUNT(*), MAX(m.v_published), SUM(m.v_id), "  # noqa: S608
        # Each organisation's page by its id: a handful of lookups, whatever the planner knows of the tables.
        f"(SELECT MAX((SELECT p.last_published_at FROM {quote(page)} p WHERE p.id = o.page_ptr_id)) "
        f"FROM {quote(organisation)} o), "
        f"(SELECT COUNT(*) FROM {quote(organisation)}), "
        f"(SELECT MAX(l.timestamp) FROM {quote(log)} l WHERE l.action IN ({actions})) "
        f"FROM ({inner}) m"
    )
    with connections[pages.db].cursor() as cursor:
        cursor.execute(sql, (*FEED_CHANGING_ACTIONS, *params))  # in the order of their placeholders
        row = cursor.fetchone()
    n, published, ids, organisations_published, organisations, logged = row
    stamps = tuple(_naive_utc(stamp) for stamp in (published, organisations_published, logged))
    state = (
        FORMAT_VERSION,
        translation.get_language(),
        addresses.base_url(),
        n,
        ids,
        organisations,
        stamps,
        extra,
    )
    etag = '"' + hashlib.sha256(repr(state).encode()).hexdigest()[:40] + '"'
    known = [stamp for stamp in stamps if stamp is not None]
    last_modified = max(known).replace(tzinfo=dt.UTC) if known else None
    return etag, last_modified


# The validator reads the meeting pages of a subtree from this index alone: it finds them by their type and the
# range of their paths, and holds the depth (for children only), live, the publication stamp and the id. Wagtail's
# page table is not the portal's to migrate, and SQLite rebuilds a table without the indexes its migrations do not
# know when a later Wagtail migration alters it, so the index is made, when missing, after every migrate
# (pages/signals.py).
# It also holds what the visibility rule reads of a page (expiry, language, alias and translation key).
VALIDATOR_INDEX = "pages_feed_visibility"
VALIDATOR_INDEX_COLUMNS = (
    "content_type_id",
    "path",
    "depth",
    "live",
    "expire_at",
    "locale_id",
    "alias_of_id",
    "translation_key",
    "last_published_at",
    "id",
)
OLD_VALIDATOR_INDEXES = ("pages_feed_validator",)


def ensure_validator_index(using="default", **kwargs):
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in VALIDATOR_INDEX_COLUMNS)
    table = quote(Page._meta.db_table)
    with connection.cursor() as cursor:
        for old in OLD_VALIDATOR_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {quote(old)}")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {quote(VALIDATOR_INDEX)} ON {table} ({columns})")


# The feed's columns, read without the ORM's per-value converters: building a feed of 10,000 meetings spent a
# third of its time in them. Each column costs time on every row, so the stamp and the cancellation arrive as one
# column each, and the times arrive as text (see _events). _naive_utc and _uid below normalise the values, for SQLite
# and PostgreSQL alike.
EVENT_COLUMNS = (
    "pk",
    "uid",
    "sequence",
    "title",
    "slug",
    "path",
    "feed_start",
    "feed_end",
    "location",
    "feed_changed",
    "feed_cancellation",
)


def _raw_rows(queryset):
    """The rows of a ``values_list`` query of plain columns, as the database driver returns them, one by one."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor


def _naive_utc(value):
    """A stored timestamp as a naive UTC datetime, from the ISO text of SQLite (naive UTC) or PostgreSQL (with its
    offset from UTC, "+00" in the UTC sessions Django opens), or from a datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value[:-3] if value.endswith("+00") else value)
    return value if value.tzinfo is None else ical.naive_utc(value)


def _uid(value):
    """A stored UUID in its canonical text form (SQLite returns 32 hex digits, PostgreSQL a UUID)."""
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def _events(request, meetings):
    """The meetings as written VEVENTs, in date order, with their agenda titles and owning organisation."""
    columns = meetings.annotate(
        # Times as ISO text: the database drivers turn timestamps into datetimes more slowly than _naive_utc does
        # (psycopg by way of the session's time zone, SQLite through Django's converters).
        feed_start=Cast("start", CharField()),
        feed_end=Cast("end", CharField()),
        # When the content last changed: the last publication, else the latest revision, else the first publication.
        feed_changed=Cast(
            Coalesce("last_published_at", "latest_revision_created_at", "first_published_at"), CharField()
        ),
        # The reason for a cancellation ("" when none was given), or None when the meeting is not cancelled.
        feed_cancellation=Case(
            When(cancelled=True, then=F("cancellation_reason")), default=Value(None), output_field=CharField()
        ),
    )
    rows = list(_raw_rows(columns.order_by("start", "pk").values_list(*EVENT_COLUMNS)))
    if not rows:
        return []
    write = ical.EventWriter(memo=ical.written_events)
    agenda = write.agenda_lines(
        _raw_rows(
            AgendaItem.objects.filter(meeting_id__in=meetings.values("pk"))
            # A closed item's title is not even read: the feed shows its number and "Closed item".
            .annotate(
                feed_title=Case(When(closed=True, then=Value(None)), default=F("title"), output_field=CharField())
            )
            .order_by("meeting_id", "sort_order", "pk")
            .values_list("meeting_id", "feed_title")
        )
    )
    parents = {
        path: (org.short_name or org.title, addresses.page_url(org))
        for path, org in parents_of({row[5] for row in rows}, OrganisationPage.objects.defer_streamfields()).items()
    }
    naive_utc = _naive_utc
    no_agenda = ()
    no_parent = ("", "")
    return write.many(
        [
            (
                _uid(uid),
                naive_utc(start),
                naive_utc(end),
                naive_utc(changed),
                sequence,
                f"{short_name}: {title}" if short_name else title,
                location,
                f"{parent_url}{slug if slug.isascii() else iri_to_uri(slug)}/" if parent_url else "",
                cancellation is not None,
                cancellation,
                agenda.get(pk, no_agenda),
            )
            for pk, uid, sequence, title, slug, path, start, end, location, changed, cancellation in rows
            for short_name, parent_url in (parents.get(path, no_parent),)
        ]
    )


def _headers(response, etag, last_modified, cache_control):
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = cache_control
    return response


def _not_modified(request, etag, last_modified, cache_control):
    """A 304 (or 412) when the client's conditional headers match the validators, else None."""
    headers = _headers(HttpResponse(), etag, last_modified, cache_control)
    answer = get_conditional_response(
        request, etag=etag, last_modified=last_modified and int(last_modified.timestamp()), response=headers
    )
    return None if answer is headers else answer


def _serve_feed(request, scope, name, *, dated=None, cache_control=PUBLIC_CACHE, extra=(), filename="kalender.ics"):
    """Answers with the feed of the meetings in ``scope`` (a condition on the page table's columns) and, when given,
    ``dated`` (one on the meetings' dates), or with a 304 when the client's copy is current."""
    request.portal_cache_forbidden = True  # feeds answer conditional requests themselves, from cheap validators
    try:
        past_days = _past_days(request)
    except BadParameter as error:
        return _bad_request(str(error))
    if past_days is not None:
        today = timezone.localdate()
        since = dt.datetime.combine(today - dt.timedelta(days=past_days), dt.time.min, tzinfo=ical.COPENHAGEN)
        dated = Q(start__gte=since) & (dated or Q())
        extra = (extra, past_days, today.isoformat())
    meetings = MeetingPage.objects.filter(scope)
    if dated is not None:
        meetings = meetings.filter(dated)
    # Without conditions on dates, the validator reads the meeting pages from the page table's index alone.
    pages = meetings if dated is not None else Page.objects.filter(scope, content_type__in=_meeting_types())
    etag, last_modified = _validator(request, pages, extra)
    not_modified = _not_modified(request, etag, last_modified, cache_control)
    if not_modified is not None:
        return not_modified
    body = built_feeds.get(etag)
    if body is None:
        body = ical.calendar_bytes(_events(request, meetings), name=name)
        built_feeds.put(etag, body)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Robots-Tag"] = "noindex"
    return _headers(response, etag, last_modified, cache_control)


@require_safe
def all_meetings(request):
    """Every public meeting of the portal in the requested language."""
    viewer = visibility.public()
    scope = _scope(_below(_language_root(request)), viewer)
    return _serve_feed(
        request, scope, all_name(), extra=("all", visibility.restrictions_signature(viewer.restrictions))
    )


@require_safe
def organisation(request, page_id):
    """The public meetings of one body, working group or consortium; ``?include=subgroups`` adds its groups'."""
    include = request.GET.get("include", "")
    if include not in ("", "subgroups"):
        return _bad_request(_("include can only be “subgroups”."))
    viewer = visibility.public()
    page = (
        viewer.pages(OrganisationPage.objects.all())
        .filter(pk=page_id)
        .only("path", "depth", "slug", "title", "short_name")
        .first()
    )
    if page is None:
        raise Http404(_("No such body, group or consortium."))
    return _serve_feed(
        request,
        _scope(_below(page, children=not include), viewer),
        organisation_name(page, bool(include)),
        extra=("organisation", page.pk, include, visibility.restrictions_signature(viewer.restrictions)),
        filename=f"{page.slug}.ics",
    )


@require_safe
def person(request, person_id):
    """The public meetings of every body a person sat in, held while they were a member."""
    member = get_object_or_404(Person, pk=person_id)
    memberships = list(
        member.memberships.order_by("pk").values_list(
            "pk", "organisation_id", "organisation__translation_key", "start_date", "end_date"
        )
    )
    # Memberships are recorded against the Danish pages; the English feed uses their translations.
    language = translation.get_language()
    translated = dict(
        OrganisationPage.objects.filter(
            translation_key__in={m[2] for m in memberships}, locale__language_code=language
        ).values_list("translation_key", "pk")
    )
    organisations = {
        o.pk: o
        for o in OrganisationPage.objects.filter(
            pk__in={translated.get(key, org_id) for _pk, org_id, key, _s, _e in memberships}
        )
    }
    seats = Q()
    for _pk, org_id, key, start_date, end_date in memberships:
        org = organisations.get(translated.get(key, org_id))
        if org is None:
            continue
        seat = _below(org, children=True)
        if start_date:
            seat &= Q(start__date__gte=start_date)
        if end_date:
            seat &= Q(start__date__lte=end_date)
        seats |= seat
    viewer = visibility.public()
    return _serve_feed(
        request,
        _scope(Q(), viewer) if seats else Q(pk__isnull=True),  # no seat, no meeting
        # A person's meetings are "for" them in Danish ("Møder for …"), a body's are "in" it.
        pgettext("calendar of a person", "Meetings of %(name)s") % {"name": member.name},
        dated=seats or None,
        extra=(
            "person",
            member.pk,
            member.name,
            tuple(memberships),
            visibility.restrictions_signature(viewer.restrictions),
        ),
        filename=f"person-{member.pk}.ics",
    )


@require_safe
def private(request, key):
    """A member's own feed: the public meetings and the members-only meetings they may see."""
    if not _KEY.fullmatch(key):
        raise Http404(_("No such calendar."))
    token = CalendarToken.objects.select_related("user").filter(key=key, user__is_active=True).first()
    if token is None:
        raise Http404(_("No such calendar."))
    user = token.user
    viewer = visibility.for_user(user)
    scope = _scope(_below(_language_root(request)), viewer)
    signature = (
        "private",
        user.pk,
        key,
        user.is_superuser,
        tuple(sorted(user.groups.values_list("pk", flat=True))),
        visibility.restrictions_signature(viewer.restrictions),
    )
    response = _serve_feed(
        request,
        scope,
        _("My meetings – %(site)s") % {"site": site_name()},
        cache_control=PRIVATE_CACHE,
        extra=signature,
        filename="mine-moeder.ics",
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def meeting(request, page_id):
    """One meeting as a single-event file to add to a calendar; members-only meetings need the visitor's session."""
    request.portal_cache_forbidden = True
    page = get_object_or_404(MeetingPage, pk=page_id)
    if not visibility.for_request(request).can_see(page):
        raise Http404(_("No such meeting."))
    meetings = MeetingPage.objects.filter(pk=page.pk)
    cache_control = PUBLIC_CACHE if visibility.public().can_see(page) else PRIVATE_CACHE
    etag, last_modified = _validator(request, Page.objects.filter(pk=page.pk), ("single", page.pk))
    not_modified = _not_modified(request, etag, last_modified, cache_control)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(ical.calendar_bytes(_events(request, meetings)), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{page.slug}.ics")
    return _headers(response, etag, last_modified, cache_control)


# The member's own page ----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def my_calendar(request):
    """Shows a member their private feed's address and lets them create, replace or revoke its key."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())  # to settings.LOGIN_URL
    token = CalendarToken.objects.filter(user=request.user).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create" and token is None:
            CalendarToken.objects.create(user=request.user)
            messages.success(request, _("Your private calendar address is ready."))
        elif action == "regenerate" and token is not None:
            token.regenerate()
            messages.success(request, _("You have a new address; the old one no longer works."))
        elif action == "revoke" and token is not None:
            token.delete()
            messages.success(request, _("Your private calendar address has been revoked."))
        else:
            return render(
                request,
                "calendars/my_calendar.html",
                {"feed": _private_feed(request, token), "error": _("That action is not possible.")},
                status=400,
            )
        return HttpResponseRedirect(reverse("calendars:mine"))
    response = render(request, "calendars/my_calendar.html", {"feed": _private_feed(request, token)})
    response["Cache-Control"] = "private, no-store"
    return response


def _private_feed(request, token):
    if token is None:
        return None
    return link(
        request,
        _("My meetings – %(site)s") % {"site": site_name()},
        "private",
        key=token.key,
    )
