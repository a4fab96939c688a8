from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.core.signals import got_request_exception

        from portal import ids  # noqa: F401  (registers the <id:…> path converter before any urls are read)
        from portal.cache import connect_signals
        from portal.middleware import flag_unavailable_service

        connect_signals()
        got_request_exception.connect(flag_unavailable_service, dispatch_uid="portal-flag-unavailable-service")
