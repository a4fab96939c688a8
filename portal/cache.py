"""The anonymous page cache: a generation that every content change bumps, and a Redis backend that fails open.

Stored responses are keyed by the current generation, so bumping it makes every stored page stale at once:
publishing, unpublishing, moving or deleting a page, changing a snippet, a document, a view restriction or a
site, a scheduled page going live (``publish_scheduled`` publishes a revision) and wagtail-localize syncing a
translation all bump it. Old entries are never read again and expire on their own.

The generation lives in the cache itself when the cache is shared between processes (Redis); with the
process-local memory cache it lives in a small file, so every gunicorn worker on the machine sees a bump.
"""

import hashlib
import logging
import os
import tempfile
import time
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from pages import visibility

logger = logging.getLogger(__name__)

GENERATION_KEY = "portal:page-generation"


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that treats an unreachable server as an empty cache instead of raising."""

    # After a failure the server is not asked again for this many seconds (per process).
    retry_after = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _guard(self, name, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        import redis

        try:
            return getattr(super(), name)(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            self._down_until = time.monotonic() + self.retry_after
            logger.warning("Cache server unreachable (%s); serving without the cache.", exc.__class__.__name__)
            return default

    def ping(self):
        """Raises when the server does not answer; used by /healthz."""
        self._cache.get_client(write=False).ping()

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version)

    def add(self, key, value, timeout=None, version=None):
        return self._guard("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=None, version=None):
        return self._guard("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._guard("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._guard("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", None, key, delta, version)

    def clear(self):
        return self._guard("clear", None)


def page_cache():
    """The cache that holds stored pages (settings.PORTAL_PAGE_CACHE_ALIAS, "default" unless set)."""
    return caches[settings.PORTAL_PAGE_CACHE_ALIAS]


def cache_status():
    """Whether the page cache answers: (True, None) or (False, the error's class name)."""
    store = page_cache()
    try:
        if isinstance(store, ResilientRedisCache):
            store.ping()
        else:
            store.set("portal:healthz", "1", 5)
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return False, exc.__class__.__name__
    return True, None


def _is_process_local(store):
    return isinstance(store, LocMemCache)


def generation_file():
    """The file that holds the generation for a process-local cache (one per project and database)."""
    configured = settings.PORTAL_CACHE_GENERATION_FILE
    if configured:
        return Path(configured)
    database = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.sha256(f"{settings.BASE_DIR}|{database}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"portal-cache-generation-{digest}"


def _write_generation_file(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(value)
    os.replace(temporary, path)


def current_generation():
    """The current generation token, or None when the cache cannot be used right now."""
    store = page_cache()
    if _is_process_local(store):
        path = generation_file()
        try:
            return path.read_text() or None
        except FileNotFoundError:
            value = uuid.uuid4().hex
            _write_generation_file(path, value)
            return value
        except OSError:
            return None
    value = store.get(GENERATION_KEY)
    if value is None:
        store.add(GENERATION_KEY, uuid.uuid4().hex, None)
        value = store.get(GENERATION_KEY)
    return value


def _new_generation():
    value = uuid.uuid4().hex
    store = page_cache()
    if _is_process_local(store):
        try:
            _write_generation_file(generation_file(), value)
        except OSError:
            logger.exception("Could not write the page cache generation file.")
    else:
        store.set(GENERATION_KEY, value, None)


def bump_generation(*args, **kwargs):
    """Makes every stored page stale; usable directly as a signal receiver.

    Inside a transaction it bumps again once the transaction commits, so a page rendered from the old
    data while the change was still uncommitted is not kept under the new generation.
    """
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


_BASE_CONTENT_MODELS = None


def _content_models():
    """Models whose changes can show on public pages, besides pages themselves."""
    global _BASE_CONTENT_MODELS
    if _BASE_CONTENT_MODELS is None:
        models = {get_document_model(), get_image_model(), Site, Locale, PageViewRestriction, CollectionViewRestriction}
        # wagtail-localize keeps a translation's strings and sources in these; a sync changes them.
        labels = (
            "wagtail_localize.Translation",
            "wagtail_localize.TranslationSource",
            "wagtail_localize.StringTranslation",
        )
        for label in labels:
            try:
                models.add(apps.get_model(label))
            except LookupError:
                continue
        _BASE_CONTENT_MODELS = frozenset(models)
    # Snippets are registered from wagtail_hooks modules, which load after the apps are ready.
    hooks.search_for_hooks()
    return _BASE_CONTENT_MODELS.union(get_snippet_models())


def _bump_for_change(sender, **kwargs):
    if sender in _content_models():
        bump_generation()


def _bump_for_page_deleted(sender, instance=None, **kwargs):
    if isinstance(instance, Page) or sender in _content_models():
        bump_generation()


def connect_signals():
    """Connects every change that public pages can show to ``bump_generation``."""
    page_published.connect(bump_generation, dispatch_uid="portal-cache-page-published")
    page_unpublished.connect(bump_generation, dispatch_uid="portal-cache-page-unpublished")
    post_page_move.connect(bump_generation, dispatch_uid="portal-cache-page-moved")
    post_save.connect(_bump_for_change, dispatch_uid="portal-cache-content-saved")
    post_delete.connect(_bump_for_page_deleted, dispatch_uid="portal-cache-content-deleted")


def mark_restricted_page(page, request, serve_args, serve_kwargs):
    """A ``before_serve_page`` hook: only a page the public may see (by the visibility rule) is stored in the shared
    cache; a restricted page, or a copy of one in another language, never is."""
    if not visibility.public().can_see(page):
        request.portal_cache_forbidden = True
