from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.apps import apps
        from django.core.signals import got_request_exception
        from django.db.models.signals import post_migrate

        from portal import ids  # noqa: F401  (registers the <id:…> path converter before any urls are read)
        from portal.cache import connect_signals
        from portal.middleware import flag_unavailable_service

        connect_signals()
        got_request_exception.connect(flag_unavailable_service, dispatch_uid="portal-flag-unavailable-service")
        # Sent once per app with models: after Wagtail's core app, whose tables hold the Site.
        post_migrate.connect(
            _site_address, sender=apps.get_app_config("wagtailcore"), dispatch_uid="portal-site-address"
        )


def _site_address(using="default", **kwargs):
    """After migrating, the default Site's address is PORTAL_BASE_URL (portal/addresses.py)."""
    from portal import addresses

    addresses.set_default_site(using=using)
