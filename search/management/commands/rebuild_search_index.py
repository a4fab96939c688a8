"""Indexes every published page again (after changing the word list, or to fill a new search engine)."""

from django.core.management.base import BaseCommand, CommandError

from search.backends import SearchUnavailable, get_backend
from search.indexing import rebuild
from search.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Rebuilds the portal's search index from the published pages (and the search engine's, if SEARCH_URL is set)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--engine",
            action="store_true",
            help="Only fill a new search engine index from the database's entries and move the alias to it.",
        )

    def handle(self, **options):
        backend = get_backend()
        bar = ProgressBar(self.stdout, "Search engine")
        try:
            if options["engine"]:
                if not backend.external:
                    raise CommandError("No search engine: set SEARCH_URL, e.g. SEARCH_URL=http://127.0.0.1:9200")
                count = backend.rebuild_index(progress=bar)
            else:
                count = rebuild(progress=bar if backend.external else None)
        except SearchUnavailable as exc:
            raise CommandError(f"The search engine did not answer: {exc}") from exc
        self.stdout.write(f"Indexed {count} entries.")
