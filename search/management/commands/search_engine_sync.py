"""Brings the search engine in step with the database: fills it on first start, sends updates kept while it was down."""

from django.core.management.base import BaseCommand

from search.backends import SearchUnavailable, get_backend, send_pending
from search.models import SearchEntry
from search.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Fills the search engine's index if it is empty or incomplete and sends updates that failed while it was down."
    )

    def handle(self, **options):
        backend = get_backend()
        if not backend.external:
            self.stdout.write("No search engine configured (SEARCH_URL): the database's search is used.")
            return
        try:
            pending = send_pending(backend)
            expected = SearchEntry.objects.filter(is_public=True).count()
            indexed = backend.count()
            if indexed != expected:
                self.stdout.write(f"Search engine holds {indexed} of {expected} entries: indexing them all.")
                backend.rebuild_index(progress=ProgressBar(self.stdout, "Indexing"))
            else:
                self.stdout.write(f"Search engine up to date: {indexed} entries ({pending} kept updates sent).")
        except SearchUnavailable as exc:
            # The portal still answers searches from the database; say so rather than stopping `make run`.
            self.stderr.write(f"The search engine at {backend.url} does not answer ({exc}); searching the database.")
