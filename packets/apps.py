from django.apps import AppConfig


class PacketsConfig(AppConfig):
    """The meeting packet: each meeting's agenda, items and attachments as one PDF, built in the background."""

    name = "packets"
    verbose_name = "Samlede dagsordener"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers

        receivers.connect()
