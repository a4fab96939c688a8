"""Settings shared by every environment; each value that differs per machine comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "pages",
    "calendars",
    "demo",
    "members",
    "packets",
    "search",
    "opendata",
    "following",
    "wagtail_localize",
    "wagtail_localize.locales",
    "django_tasks_db",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# The page cache sits outside the session and auth middleware: a stored page is served without touching them.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "portal.middleware.ServiceUnavailableMiddleware",
    "portal.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.ids.OversizedIdMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.reports.AdministratorReportsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside the messages middleware: what a workflow step did becomes a message for the person who took it.
    "pages.workflow_notices.WorkflowNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# Database: SQLite next to the project unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Members log in on the portal's own page, in the visitor's language (/da/log-ind/, /en/login/). This is the one
# address of the login form: view-restricted pages, the private calendar page, "My area" and every login link read it
# (resolve it with django.shortcuts.resolve_url or redirect_to_login). Wagtail's own login address and password form
# use the portal's templates too.
LOGIN_URL = reverse_lazy("members:login")
LOGIN_REDIRECT_URL = reverse_lazy("members:area")
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "members/login.html"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "members/password_required.html"  # noqa: S105 a template name

# Languages: Danish is the source language, English the translation.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# The portal's own strings, then its Danish for the admin's (Wagtail's) strings an editor, approver, case handler or
# member meets: Wagtail's Danish is incomplete and partly wrong. makemessages leaves the second catalogue alone.
LOCALE_PATHS = [BASE_DIR / "portal" / "locale", BASE_DIR / "portal" / "admin_locale" / "locale"]
# "/" goes to /da/ or /en/ by the browser's Accept-Language (Django's LocaleMiddleware with i18n_patterns does this).
# Editors translate pages in wagtail-localize's editor; a translation follows later changes to its Danish source
# (pages/i18n.py), and the English tree follows the Danish one when the English locale is set to synchronise from
# Danish (Settings → Locales; load_demo sets it).
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"
WAGTAILLOCALIZE_JOBS = {"BACKEND": "wagtail_localize.tasks.ImmediateBackend"}
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
# The query parameter that asks a home page to say the page the visitor came from is not translated yet.
PORTAL_UNTRANSLATED_PARAMETER = "untranslated"
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def cache_config(url):
    """One CACHES entry from a URL: redis://host:port/db, locmem://name or dummy://; local memory when empty."""
    from urllib.parse import urlparse

    scheme = urlparse(url).scheme if url else "locmem"
    if scheme in {"redis", "rediss"}:
        return {
            # Django's Redis backend, made to treat an unreachable server as an empty cache.
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": (urlparse(url).netloc if url else "") or "portal",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
        }
    raise ValueError(f"CACHE_URL must start with redis://, rediss://, locmem:// or dummy://, not {scheme}://")


# Cache: local memory (per process) unless CACHE_URL names Redis, e.g. redis://127.0.0.1:6379/1.
CACHES = {"default": cache_config(os.environ.get("CACHE_URL", ""))}
# Anonymous pages, feeds and search results are stored and served without rendering (portal/middleware.py);
# any content change makes them stale at once (portal/cache.py). The timeout bounds time-dependent content
# such as "upcoming meetings".
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "600"))
# How long browsers (max-age) and shared caches such as a CDN (s-maxage) may keep an anonymous page.
PORTAL_BROWSER_CACHE_SECONDS = int(os.environ.get("PORTAL_BROWSER_CACHE_SECONDS", "0"))
PORTAL_SHARED_CACHE_SECONDS = int(os.environ.get("PORTAL_SHARED_CACHE_SECONDS", "0"))
# The cache (a CACHES alias) that holds the stored pages.
PORTAL_PAGE_CACHE_ALIAS = "default"
# Paths never stored: the admin, documents (each download is checked), health, static and media files.
PORTAL_CACHE_UNCACHED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/static/", "/media/", "/django-admin/")
# Cookies that mean a request belongs to someone: a logged-in session or messages waiting for them.
SESSION_COOKIE_NAME = "sessionid"
PORTAL_CACHE_PERSONAL_COOKIES = (SESSION_COOKIE_NAME, "messages")
# With a process-local cache, the file whose number every process reads to see that content changed
# (empty: one file per project and database in the temporary folder; portal/cache.py).
PORTAL_CACHE_GENERATION_FILE = os.environ.get("PORTAL_CACHE_GENERATION_FILE", "")

# Content security policy, sent by django-csp (portal/middleware.py picks the admin's). Public pages allow scripts
# and styles from the portal only; the admin needs inline styles and scripts of its own.
PORTAL_CSP = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
    "base-uri": [SELF],
    "form-action": [SELF],
}
# What the admin (/admin/) replaces in that policy.
PORTAL_CSP_ADMIN = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}
# PORTAL_CSP_REPORT_ONLY=true sends the policy as report-only while a change is tried.
PORTAL_CSP_REPORT_ONLY = env_bool("PORTAL_CSP_REPORT_ONLY", False)
CONTENT_SECURITY_POLICY = None if PORTAL_CSP_REPORT_ONLY else {"DIRECTIVES": PORTAL_CSP}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": PORTAL_CSP} if PORTAL_CSP_REPORT_ONLY else None
# No editor avatars from a third party: it would leak e-mail hashes and needs a hole in the policy.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Security defaults that hold everywhere; production.py adds HTTPS, HSTS and secure cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (django-tasks). Wagtail's own small tasks run at once, as Wagtail does by default; meeting packets
# (packets/) and the text of uploaded files (search/tasks.py) are queued in the database and run by a worker
# (`manage.py db_worker --backend background`, started by `make run` and `make serve`). PORTAL_BACKGROUND_TASKS
# names another backend, e.g. the immediate one for a single process.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": os.environ.get("PORTAL_BACKGROUND_TASKS", "django_tasks_db.DatabaseBackend")},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "Fælleskommunal mødeportal – Region Sjælland")
# The address the portal is served on: every absolute link starts with it (portal/addresses.py), and the
# default Site record is set from it (manage.py set_site_address, also run after every migration).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILAPI_BASE_URL = PORTAL_BASE_URL
# The public search page (search app): the database's full-text index unless SEARCH_URL names an
# Elasticsearch 7.10 cluster, e.g. http://127.0.0.1:9200 from `make search-engine` (see search/README.md); several
# nodes comma-separated.
PORTAL_SEARCH_URL = os.environ.get("SEARCH_URL", "")
PORTAL_SEARCH_INDEX = os.environ.get("SEARCH_INDEX", "portal")
# Seconds the portal waits for the search engine before it answers from the database instead.
PORTAL_SEARCH_TIMEOUT = int(os.environ.get("SEARCH_TIMEOUT", "10"))
# How long the "did you mean" vocabulary (the words of all titles) is kept before it is read again.
PORTAL_SEARCH_VOCABULARY_SECONDS = 600
# The groups of the joint secretariat (all bodies' editors) and of the growth forum's case handlers (pages/roles.py).
PORTAL_SECRETARIAT_GROUP = "Sekretariatet"
PORTAL_CASE_HANDLER_GROUP = "Sagsbehandlere"
# Demo logins are created by load_demo only where a settings module turns this on (portal/settings/dev.py).
PORTAL_DEMO_LOGINS = False
# Uploaded files served by Django itself (development); production serves MEDIA_ROOT from the web server.
PORTAL_SERVE_MEDIA = False
# Wagtail's own search (the admin's page search, API v2's ?search=): the database, or on the same cluster with the
# portal's Danish analysis (search/wagtail_backend.py), in indexes named "<SEARCH_INDEX>-wagtail-…".
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if PORTAL_SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.wagtail_backend",
            "URLS": [url.strip() for url in PORTAL_SEARCH_URL.split(",") if url.strip()],
            "INDEX_PREFIX": f"{PORTAL_SEARCH_INDEX}-wagtail-",
            "TIMEOUT": PORTAL_SEARCH_TIMEOUT,
            "OPTIONS": {"max_retries": 1, "retry_on_timeout": True},
        }
    }
WAGTAILDOCS_DOCUMENT_MODEL = "pages.PortalDocument"
# Documents are streamed through Wagtail's view, which checks who may see them; never link the files directly.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "xlsx", "pptx", "rtf", "csv", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
# Uploads are checked by content, not by name, and saved all or nothing (portal/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.uploads.PortalDocumentForm"
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Who answers visitors' questions about the portal, its accessibility and their data (shown in the footer).
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "moedeportal@regionsjaelland.dk")
PORTAL_CONTACT_NAME = os.environ.get("PORTAL_CONTACT_NAME", "KKR Sjællands sekretariat")
# How long the link in an alert subscription's confirmation e-mail works (following/tokens.py).
PORTAL_ALERT_CONFIRM_DAYS = int(os.environ.get("PORTAL_ALERT_CONFIRM_DAYS", "7"))

PORTAL_LANGUAGE_NAMES = {"da": _("Danish"), "en": _("English")}
# The portal's name per interface language; Danish uses WAGTAIL_SITE_NAME.
PORTAL_SITE_NAMES = {"en": os.environ.get("PORTAL_SITE_NAME_EN", "Inter-municipal meeting portal – Region Sjælland")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
