"""The OParl 1.1 endpoint: plain views that answer with JSON, a fixed number of queries per list page."""

import datetime as dt
import functools
import math
import mimetypes
import posixpath
import re
from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import oparl
from .models import Kind, Tombstone
from .unprefixed_urls import keep_status

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
FILTERS = {
    "created_since": ("oparl_created__gte", "created__gte"),
    "created_until": ("oparl_created__lte", "created__lte"),
    "modified_since": ("oparl_modified__gte", "deleted_at__gte"),
    "modified_until": ("oparl_modified__lte", "deleted_at__lte"),
}
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)
# A "+" in an unencoded offset arrives as a space: "2014-01-01T00:00:00 01:00".
UNENCODED_PLUS = re.compile(r"^(.*T[0-9:.]+) (\d{2}:?\d{2})$")


class BadRequest(Exception):
    """A query parameter the API cannot use; the message says which and why."""


def json(data, status=200):
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}, content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(status, message, debug=""):
    """OParl's error object (https://schema.oparl.org/1.1/Error) with an HTTP error status."""
    data = {"type": oparl.SCHEMA + "Error", "message": str(message)}
    if debug:
        data["debug"] = debug
    return json(data, status=status)


def oparl_view(view):
    """Answers GET and HEAD (as HTTP asks wherever GET works) in the portal's content language, turns bad parameters
    into 400 and allows any origin."""

    @require_safe
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                response = view(request, *args, **kwargs)
            except BadRequest as exc:
                response = error(400, exc)
        keep_status(request)
        return response

    return wrapper


def parse_moment(name, value):
    value = value.strip()
    match = UNENCODED_PLUS.match(value)
    if match:
        value = f"{match.group(1)}+{match.group(2)}"
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest(_("%(name)s must be a full date and time, e.g. 2024-01-31T12:00:00+01:00.") % {"name": name})
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        utc = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        utc = EARLIEST if moment.year < 5000 else LATEST
    # Dates before the portal's first record or far in the future all mean "since ever" or "until ever".
    return min(max(utc, EARLIEST), LATEST)


def parse_positive(request, name, default):
    value = request.GET.get(name)
    if value in (None, ""):
        return default
    if not value.isdigit() or int(value) < 1:
        raise BadRequest(_("%(name)s must be a whole number of 1 or more.") % {"name": name})
    return int(value)


class ListRequest:
    """The filters, page and page size of one request for a list, and the canonical URLs of its pages."""

    def __init__(self, request, list_url):
        self.list_url = list_url
        self.filters = {}
        for name in FILTERS:
            if request.GET.get(name, "") != "":
                self.filters[name] = parse_moment(name, request.GET[name])
        self.omit_internal = request.GET.get("omit_internal", "").lower() == "true"
        self.page = parse_positive(request, "page", 1)
        self.limit = min(parse_positive(request, "limit", DEFAULT_LIMIT), MAX_LIMIT)
        self.requested_limit = request.GET.get("limit")

    def url(self, page):
        params = {name: oparl.stamp(moment) for name, moment in self.filters.items()}
        if self.omit_internal:
            params["omit_internal"] = "true"
        if self.requested_limit:
            params["limit"] = str(self.limit)
        if page > 1:
            params["page"] = str(page)
        query = urlencode(sorted(params.items()))
        return f"{self.list_url}?{query}" if query else self.list_url

    def live_filter(self):
        return {FILTERS[name][0]: moment for name, moment in self.filters.items()}

    def tombstone_filter(self):
        return {FILTERS[name][1]: moment for name, moment in self.filters.items()}


def list_response(listing, object_type, queryset, ctx, deleted=None, web=None):
    """One OParl list page: live objects first, then (with modified_since) the deleted-object stubs."""
    queryset = queryset.filter(**listing.live_filter())
    live_total = queryset.count()
    dead_total = 0
    if deleted is not None and "modified_since" in listing.filters:
        deleted = deleted.filter(**listing.tombstone_filter())
        dead_total = deleted.count()
    total = live_total + dead_total
    pages = max(1, math.ceil(total / listing.limit))
    if listing.page > pages:
        return error(
            404, _("There is no page %(page)s; the list has %(pages)s.") % {"page": listing.page, "pages": pages}
        )
    start = (listing.page - 1) * listing.limit
    end = start + listing.limit
    data = []
    if start < live_total:
        objects = list(queryset[start : min(end, live_total)])
        data = object_type.serialise_many(objects, ctx)
    if end > live_total and dead_total:
        stubs = deleted[max(0, start - live_total) : end - live_total]
        data += [oparl.deleted_stub(object_type.kind, stub) for stub in stubs]
    links = {"first": listing.url(1), "self": listing.url(listing.page), "last": listing.url(pages)}
    if listing.page > 1:
        links["prev"] = listing.url(listing.page - 1)
    if listing.page < pages:
        links["next"] = listing.url(listing.page + 1)
    if web:
        links["web"] = web
    return json(
        {
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": listing.limit,
                "currentPage": listing.page,
                "totalPages": pages,
            },
            "links": links,
        }
    )


@oparl_view
def system(request):
    return json(oparl.system_object(oparl.Context()))


@oparl_view
def body_list(request):
    listing = ListRequest(request, oparl.api_url("body-list"))
    body = oparl.body_object(oparl.Context(omit_internal=listing.omit_internal))
    keep = all(
        (name.startswith("created") and _within(body["created"], name, moment))
        or (name.startswith("modified") and _within(body["modified"], name, moment))
        for name, moment in listing.filters.items()
    )
    data = [body] if keep and listing.page == 1 else []
    if listing.page > 1:
        return error(404, _("There is no page %(page)s; the list has %(pages)s.") % {"page": listing.page, "pages": 1})
    return json(
        {
            "data": data,
            "pagination": {
                "totalElements": len(data),
                "elementsPerPage": listing.limit,
                "currentPage": 1,
                "totalPages": 1,
            },
            "links": {"first": listing.url(1), "self": listing.url(1), "last": listing.url(1)},
        }
    )


def _within(value, name, moment):
    stamp = parse_datetime(value)
    return stamp >= moment if name.endswith("since") else stamp <= moment


@oparl_view
def body(request, slug):
    if slug != oparl.BODY_SLUG:
        return not_found(request)
    listing = ListRequest(request, oparl.api_url("body", slug))
    return json(oparl.body_object(oparl.Context(omit_internal=listing.omit_internal)))


@oparl_view
def legislative_terms(request):
    listing = ListRequest(request, oparl.api_url("legislativeterm-list"))
    return json(
        {
            "data": [],
            "pagination": {"totalElements": 0, "elementsPerPage": listing.limit, "currentPage": 1, "totalPages": 1},
            "links": {"first": listing.url(1), "self": listing.url(1), "last": listing.url(1)},
        }
    )


@oparl_view
def object_list(request, kind):
    object_type = oparl.TYPES.get(kind)
    if object_type is None:
        return not_found(request)
    listing = ListRequest(request, oparl.api_url("list", kind))
    ctx = oparl.Context(omit_internal=listing.omit_internal)
    return list_response(listing, object_type, object_type.annotated(ctx), ctx, deleted=oparl.tombstones(kind, ctx))


@oparl_view
def organization_meetings(request, pk):
    ctx = oparl.Context()
    organisation = ctx.scope.organisations().filter(pk=pk).first()
    if organisation is None:
        return not_found(request)
    listing = ListRequest(request, oparl.api_url("organization-meetings", pk))
    ctx.omit_internal = listing.omit_internal
    object_type = oparl.TYPES[Kind.MEETING]
    meetings = object_type.annotated(ctx).child_of(organisation)
    deleted = oparl.tombstones(Kind.MEETING, ctx).filter(parent_id=organisation.pk)
    return list_response(listing, object_type, meetings, ctx, deleted=deleted)


@oparl_view
def object_detail(request, kind, pk):
    object_type = oparl.TYPES.get(kind)
    if object_type is None:
        return not_found(request)
    ctx = oparl.Context(omit_internal=request.GET.get("omit_internal", "").lower() == "true")
    obj = object_type.annotated(ctx).filter(pk=pk).first()
    if obj is not None:
        return json(object_type.serialise_many([obj], ctx)[0])
    stub = Tombstone.objects.filter(kind=kind, object_id=pk).first()
    if stub is not None:
        return json(oparl.deleted_stub(kind, stub))
    return error(404, _("There is no %(type)s with the id %(id)s.") % {"type": object_type.type_name, "id": pk})


def _serve_file(request, pk, download):
    ctx = oparl.Context()
    document = ctx.scope.files().filter(pk=pk).first()
    if document is None:
        if Tombstone.objects.filter(kind=Kind.FILE, object_id=pk).exists():
            return error(410, _("This file is no longer published."))
        return error(404, _("There is no File with the id %(id)s.") % {"id": pk})
    name = posixpath.basename(document.file.name)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        return error(404, _("The file is missing from the portal's storage."))
    response = FileResponse(
        handle,
        as_attachment=download,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    # As /documents/ serves files: a file is never run as a page of the portal, whatever it holds.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"  # only public files get here (Scope.files)
    return response


@oparl_view
def file_access(request, pk):
    return _serve_file(request, pk, download=False)


@oparl_view
def file_download(request, pk):
    return _serve_file(request, pk, download=True)


def not_found(request, *args, **kwargs):
    keep_status(request)
    with translation.override(settings.LANGUAGE_CODE):
        return error(404, _("There is nothing at this address in the OParl API."), debug=request.path)
