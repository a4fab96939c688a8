"""The open data app: the OParl 1.1 read API and the bulk export of everything public."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """Connects the signal handlers that keep deleted-object stubs and the public file index current."""

    name = "opendata"
    verbose_name = _("Open data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
