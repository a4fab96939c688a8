"""Creates the secretariat group and the roles of every organisation page; safe to run again."""

from django.core.management.base import BaseCommand

from pages.roles import ensure_all_roles


class Command(BaseCommand):
    help = "Create the secretariat group and each organisation's groups, collections and approval workflow."

    def handle(self, *args, **options):
        count = ensure_all_roles()
        if options["verbosity"]:
            self.stdout.write(f"Roles are in place for {count} organisation pages.")
