"""Views that belong to the portal as a whole rather than to a page type."""

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.static import serve

from portal.cache import cache_status


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return False, exc.__class__.__name__
    return True, None


def _search_ok():
    """Whether the portal's own search answers: the search engine's cluster health when SEARCH_URL names one,
    otherwise a query of the database's full-text index."""
    from search.backends import Query, get_backend

    backend = get_backend()
    try:
        if backend.external:
            health = backend.health()
            if health["status"] == "red":
                return False, "cluster status red", {"backend": backend.name, **health, "fallback": "database"}
            return True, None, {"backend": backend.name, **health}
        backend.search(Query(language="da", terms=["healthz"], limit=1))
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        details = {"backend": backend.name, "fallback": "database"} if backend.external else {"backend": backend.name}
        return False, exc.__class__.__name__, details
    return True, None, {"backend": backend.name}


@never_cache
def healthz(request):
    """Answers whether the database, the search backend and the cache respond; 503 when the portal cannot serve."""
    db_ok, db_error = _database_ok()
    search_ok, search_error, search_details = _search_ok() if db_ok else (False, "database unavailable", {})
    cache_ok, cache_error = cache_status()
    checks = {
        "database": {"ok": db_ok, **({"error": db_error} if db_error else {})},
        "search": {"ok": search_ok, **search_details, **({"error": search_error} if search_error else {})},
        # The site works without its cache (only slower), so a cache outage alone is "degraded", not down.
        "cache": {"ok": cache_ok, **({"error": cache_error} if cache_error else {})},
    }
    # Search falls back to the database when the search engine is down: the site answers, "degraded".
    search_answers = search_ok or search_details.get("fallback") == "database"
    healthy = db_ok and search_answers
    status = ("ok" if cache_ok and search_ok else "degraded") if healthy else "unavailable"
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)


# Under debug settings the development server serves image files from MEDIA_ROOT; documents never come this way.
IMAGE_FOLDERS = ("images", "original_images")


def media_image(request, path):
    """An image file under MEDIA_ROOT's image folders, for the development server; never a document, never ``..``."""
    parts = path.replace("\\", "/").split("/")
    if len(parts) < 2 or parts[0] not in IMAGE_FOLDERS or any(p in ("", ".", "..") for p in parts):
        raise Http404("No such image.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def robots_txt(request):
    """/robots.txt: everything public may be indexed except searches, feeds and the admin; names the sitemap."""

    from portal import addresses

    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /da/search/",
        "Disallow: /en/search/",
        "Disallow: /da/kalender/",
        "Disallow: /en/kalender/",
        "Disallow: /api/",
        f"Sitemap: {addresses.absolute('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def accessibility_statement(request):
    """The accessibility statement (tilgængelighedserklæring) that Danish public-sector sites must publish."""

    return render(request, "portal/accessibility.html", {"contact_email": settings.PORTAL_CONTACT_EMAIL})


def privacy_notice(request):
    """How the portal treats visitors' data: no tracking, one session cookie for those who log in."""

    return render(request, "portal/privacy.html", {"contact_email": settings.PORTAL_CONTACT_EMAIL})
