"""Indexes every published page again (after changing the word list, or to fill a new search engine)."""

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuilds the portal's search index from the published pages."

    def handle(self, **options):
        count = rebuild()
        self.stdout.write(f"Indexed {count} entries.")
