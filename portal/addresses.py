"""The portal's own address, in one place: every absolute link it writes starts with ``PORTAL_BASE_URL``.

Feeds, subscribe buttons, the sitemap, API v2, OParl ids, e-mails, PDFs and ``hreflang`` links build their
addresses here. Wagtail builds page addresses from the default Site record, so that record is kept equal to
``PORTAL_BASE_URL`` (``set_site_address``, run by ``make run`` and ``make serve``, and after every migration).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import iri_to_uri
from wagtail.models import Site


class AddressError(ValueError):
    """``PORTAL_BASE_URL`` is not an address a Wagtail Site record can hold."""


def base_url():
    """The address the portal is served on, without a trailing slash, e.g. ``https://moeder.example.dk``."""
    return settings.PORTAL_BASE_URL.rstrip("/")


def absolute(path):
    """The full address of a path on the portal (``/da/…``); full addresses are returned as they are."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return iri_to_uri(path)
    if not path.startswith("/"):
        path = "/" + path
    return base_url() + iri_to_uri(path)


def webcal(url):
    """The ``webcal://`` form of a feed's ``https://`` (or ``http://``) address, for calendar programs."""
    return "webcal://" + url.split("://", 1)[1]


def page_path(page):
    """A page's path on the portal (``/da/…/``), or "" for a page outside every site."""
    parts = page.get_url_parts()
    return parts[2] if parts else ""


def page_url(page):
    """A page's full address on the portal, or "" for a page outside every site."""
    path = page_path(page)
    return absolute(path) if path else ""


def site_fields(url=None):
    """The hostname and port a Wagtail Site record needs so that its ``root_url`` is ``url`` (or the base url)."""
    parts = urlsplit(url or base_url())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise AddressError(f"PORTAL_BASE_URL must be an http:// or https:// address, not {url or base_url()!r}")
    if parts.path not in {"", "/"}:
        raise AddressError("PORTAL_BASE_URL must be the portal's root address, without a path")
    default_port = 443 if parts.scheme == "https" else 80
    port = parts.port or default_port
    # Wagtail's Site.root_url writes https only on port 443, and http on every other port.
    if parts.scheme == "https" and port != 443:
        raise AddressError("An https:// PORTAL_BASE_URL must use port 443 (Wagtail's Site cannot hold another)")
    if parts.scheme == "http" and port == 443:
        raise AddressError("An http:// PORTAL_BASE_URL cannot use port 443")
    return {"hostname": parts.hostname, "port": port}


def set_default_site(using="default"):
    """Makes the default Site record's address the base url; returns the site, or None when there is none yet."""

    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return None
    fields = site_fields()
    if (site.hostname, site.port) != (fields["hostname"], fields["port"]):
        site.hostname, site.port = fields["hostname"], fields["port"]
        site.save(using=using, update_fields=["hostname", "port"])  # Wagtail's signals drop its cached roots
    return site
