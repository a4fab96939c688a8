"""Settings shared by every environment; each value that differs per machine comes from the environment."""

import os
from pathlib import Path

import dj_database_url
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
    "search",
    "opendata",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
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
    "django.contrib.humanize",
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
                "wagtail.contrib.settings.context_processors.settings",
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

# Content security policy (portal/middleware.py). The admin needs inline styles and scripts of its own.
PORTAL_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
PORTAL_CSP_ADMIN = {
    **PORTAL_CSP,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}
PORTAL_CSP_REPORT_ONLY = env_bool("PORTAL_CSP_REPORT_ONLY", False)
# No editor avatars from a third party: it would leak e-mail hashes and needs a hole in the policy.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Security defaults that hold everywhere; production.py adds HTTPS, HSTS and secure cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

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
# Elasticsearch 7.10 cluster, e.g. http://127.0.0.1:9200 (see search/README.md); several nodes comma-separated.
PORTAL_SEARCH_URL = os.environ.get("SEARCH_URL", "")
PORTAL_SEARCH_INDEX = os.environ.get("SEARCH_INDEX", "portal")
# Wagtail's own search (the admin's page search, API v2's ?search=): the database, or on the same cluster with the
# portal's Danish analysis (search/wagtail_backend.py), in indexes named "<SEARCH_INDEX>-wagtail-…".
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if PORTAL_SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.wagtail_backend",
            "URLS": [url.strip() for url in PORTAL_SEARCH_URL.split(",") if url.strip()],
            "INDEX_PREFIX": f"{PORTAL_SEARCH_INDEX}-wagtail-",
            "TIMEOUT": 10,
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
