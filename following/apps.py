from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    """Following bodies, memo archives and searches: Atom feeds and e-mail alerts without an account."""

    name = "following"
    verbose_name = _("Following")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
