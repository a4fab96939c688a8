"""Test settings: fast password hashing, in-memory e-mail and media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105 only ever signs the test suite's own sessions
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PORTAL_BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"

# Cache: local memory unless CACHE_URL names another (CI also runs with Redis). Keys carry this run's process id,
# so test runs sharing one Redis server never see each other's entries.
import os  # noqa: E402

CACHES = {"default": cache_config(os.environ.get("CACHE_URL", "locmem://portal-tests"))}  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"
PORTAL_CACHE_GENERATION_FILE = os.path.join(tempfile.mkdtemp(prefix="portal-test-cache-"), "generation")
# The anonymous page cache is off by default here so that every test sees a fresh rendering;
# tests/test_cache.py switches it on.
PORTAL_PAGE_CACHE = False
# No collected static files in tests: WhiteNoise looks files up per request instead of scanning STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True
# Tests choose their search backend: the database, or the engine SEARCH_URL names in tests/test_search_elasticsearch.py
# (which also puts Wagtail's own search there, in indexes of its own).
PORTAL_SEARCH_URL = ""
# Background tasks (packets, the text of uploads) run as soon as they are queued: a test reads what it called for.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Each test builds its own content: the "did you mean" vocabulary is read afresh for every search that needs it.
PORTAL_SEARCH_VOCABULARY_SECONDS = 0
