from django.apps import AppConfig, apps


class CalendarsConfig(AppConfig):
    """Calendar feeds: the iCalendar text of meetings, the feeds per body, person and member, and their links."""

    name = "calendars"
    verbose_name = "Kalendere"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .views import ensure_validator_index

        # The feeds' index is on the page table, so it follows the pages app's migrations.
        post_migrate.connect(
            ensure_validator_index, sender=apps.get_app_config("pages"), dispatch_uid="portal-feed-index"
        )
