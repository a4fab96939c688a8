from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Bodies, meetings and memos")

    def ready(self):
        from pages import datetime_input, i18n, signals

        datetime_input.register()
        signals.connect()
        i18n.connect()
