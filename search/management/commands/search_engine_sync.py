"""Brings the search engine in step with the database: fills it on first start, sends updates kept while it was down,
and fills Wagtail's own indexes on the cluster (the admin's search) when they are empty."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

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
            return
        self.sync_wagtail()

    def sync_wagtail(self):
        """Runs Wagtail's update_index when its page index on the cluster is missing or empty (first start)."""
        from search.wagtail_backend import DanishElasticsearch7SearchBackend

        wagtail = get_search_backend()
        if not isinstance(wagtail, DanishElasticsearch7SearchBackend):
            return
        index = wagtail.get_index_for_model(Page).name
        try:
            held = wagtail.es.count(index=index)["count"] if wagtail.es.indices.exists(index=index) else 0
        except Exception as exc:  # noqa: BLE001 - the admin's search is a convenience; never stop `make run` for it
            self.stderr.write(f"Wagtail's search indexes could not be checked ({exc}).")
            return
        if not held and Page.objects.exists():
            self.stdout.write(f"Wagtail's search index holds {held} pages: filling it (manage.py update_index).")
            call_command("update_index", stdout=self.stdout)
