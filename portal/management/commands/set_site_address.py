"""Sets the default Wagtail Site's hostname and port from PORTAL_BASE_URL, so page links and ids agree."""

from django.core.management.base import BaseCommand, CommandError

from portal import addresses


class Command(BaseCommand):
    help = "Make the default Site's address the portal's PORTAL_BASE_URL (run after deploying or changing it)."

    def handle(self, *args, **options):
        try:
            site = addresses.set_default_site()
        except addresses.AddressError as error:
            raise CommandError(str(error)) from error
        if site is None:
            raise CommandError("There is no default site yet: run the migrations first.")
        self.stdout.write(f"Site address: {site.root_url}")
