"""Middleware for serving the portal in production: the anonymous page cache, outage pages and the security policy."""

import hashlib
import logging
import sys
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from django.utils.module_loading import import_string

from portal.cache import current_generation, page_cache

logger = logging.getLogger(__name__)

# Response headers that depend on the request rather than on the page; never stored.
UNSTORED_HEADERS = {"set-cookie", "date", "x-cache", "age"}
# A stored response may vary on these request headers only: the portal's sole per-visitor state is the session,
# and a request carrying a session cookie never reads from or writes to the cache.
STORABLE_VARY = {"cookie"}


def visitor_language(request):
    """The language of the address: English under /en/, Danish everywhere else."""
    path = request.path_info
    return "en" if path == "/en" or path.startswith("/en/") else "da"


def service_unavailable(request, service="database"):
    """A 503 page in the visitor's language, rendered from a self-contained template without the database."""
    language = visitor_language(request)
    html = get_template("503.html").render({"language": language, "service": service})
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "60"
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    # The outage page carries its own styles inline; this policy allows exactly that and nothing else.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"
    return response


_SEARCH_ERRORS = None


def _search_errors():
    global _SEARCH_ERRORS
    if _SEARCH_ERRORS is None:
        errors = []
        for dotted in (
            "search.backends.SearchUnavailable",
            "elasticsearch.exceptions.ConnectionError",
            "elasticsearch.exceptions.ConnectionTimeout",
        ):
            try:
                errors.append(import_string(dotted))
            except ImportError:
                continue
        _SEARCH_ERRORS = tuple(errors)
    return _SEARCH_ERRORS


def unavailable_service(exception):
    """Which service an exception says is down: "database", "search" or None."""
    if isinstance(exception, (OperationalError, InterfaceError)):
        return "database"
    if isinstance(exception, _search_errors()):
        return "search"
    return None


class ServiceUnavailableMiddleware:
    """Answers 503 with a polite page when the database or the search engine cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A failure inside another middleware has already become a 500; the request was flagged on the way.
        if response.status_code == 500 and getattr(request, "portal_unavailable", None):
            return service_unavailable(request, request.portal_unavailable)
        return response

    def process_exception(self, request, exception):
        service = unavailable_service(exception)
        if service is None:
            return None
        logger.error("%s unavailable while serving %s: %s", service, request.path, exception, exc_info=exception)
        return service_unavailable(request, service)


def flag_unavailable_service(sender, request=None, **kwargs):
    """A ``got_request_exception`` receiver: remembers on the request which service failed."""
    exception = sys.exc_info()[1]
    if request is not None and exception is not None:
        service = unavailable_service(exception)
        if service:
            request.portal_unavailable = service


def _etag_for(content):
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


class PageCacheMiddleware:
    """Stores anonymous GET responses and serves them without rendering until a content change bumps the generation.

    A request is anonymous when it carries no session (or messages) cookie and no Authorization header; such a
    request cannot see anything personal. Responses are stored only when they are a plain 200, set no cookie,
    are not marked private or no-store, vary on nothing but the cookie, and are not pages behind a view
    restriction. Every GET answer gets an ETag and Last-Modified and conditional requests get a 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    # Settings are read per request so that tests (and operators) can switch the cache on and off.
    @property
    def enabled(self):
        return settings.PORTAL_PAGE_CACHE

    @property
    def timeout(self):
        return settings.PORTAL_PAGE_CACHE_SECONDS

    def is_personal(self, request):
        cookies = settings.PORTAL_CACHE_PERSONAL_COOKIES
        return "HTTP_AUTHORIZATION" in request.META or any(name in request.COOKIES for name in cookies)

    def is_cacheable_request(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        prefixes = settings.PORTAL_CACHE_UNCACHED_PREFIXES
        return not request.path_info.startswith(tuple(prefixes))

    def key(self, generation, request):
        raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return f"portal:page:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if self.is_personal(request):
            response = self.get_response(request)
            # Whatever a signed-in visitor sees is theirs: no proxy or CDN may keep it.
            if not response.has_header("Cache-Control") or "public" in response["Cache-Control"]:
                patch_cache_control(response, private=True, no_cache=True)
            return self.conditional(request, response)
        if not (self.enabled and self.is_cacheable_request(request)):
            return self.conditional(request, self.get_response(request))

        try:
            generation = current_generation()
        except Exception:  # noqa: BLE001 - a broken cache must never break the site
            logger.exception("Page cache unavailable")
            generation = None
        if generation is None:
            return self.conditional(request, self.get_response(request))

        store = page_cache()
        key = self.key(generation, request)
        try:
            entry = store.get(key)
        except Exception:  # noqa: BLE001
            logger.exception("Page cache read failed")
            entry = None
        if entry is not None:
            return self.conditional(request, self.response_from(entry, request), hit=True)

        response = self.get_response(request)
        if request.method == "GET" and self.is_storable(request, response):
            self.add_validators(response)
            try:
                store.set(key, self.entry_from(response), self.timeout)
            except Exception:  # noqa: BLE001
                logger.exception("Page cache write failed")
            response["X-Cache"] = "MISS"
        return self.conditional(request, response)

    def is_storable(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, "portal_cache_forbidden", False):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
        return vary <= STORABLE_VARY

    def add_validators(self, response):
        if not response.has_header("ETag"):
            response["ETag"] = _etag_for(response.content)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(time.time())
        if not response.has_header("Cache-Control"):
            max_age = settings.PORTAL_BROWSER_CACHE_SECONDS
            shared_max_age = settings.PORTAL_SHARED_CACHE_SECONDS
            options = {"max_age": max_age}
            if max_age == 0:
                options["must_revalidate"] = True
            if shared_max_age:
                options["s_maxage"] = shared_max_age
            patch_cache_control(response, **options)

    def entry_from(self, response):
        headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
        return {"status": response.status_code, "headers": headers, "content": response.content}

    def response_from(self, entry, request):
        response = HttpResponse(entry["content"] if request.method == "GET" else b"", status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Cache"] = "HIT"
        return response

    def conditional(self, request, response, hit=False):
        """Adds an ETag to a GET answer that has none and answers a matching conditional request with a 304."""
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag") and not hit:
            response["ETag"] = _etag_for(response.content)
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.PORTAL_CSP) with the admin's replacements (PORTAL_CSP_ADMIN) under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if parts.replace is None and request.path_info.startswith("/admin/"):
            parts.replace = settings.PORTAL_CSP_ADMIN
        return parts
