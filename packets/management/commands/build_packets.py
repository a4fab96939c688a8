"""Queues the packets of every published meeting with an agenda, e.g. after the packets' look has changed."""

from django.core.management.base import BaseCommand

from packets import build, tasks
from pages.models import AgendaItem, MeetingPage


class Command(BaseCommand):
    help = "Queue a build of both editions of the packet of every published meeting with an agenda."

    def handle(self, *args, **options):
        with_agenda = AgendaItem.objects.values("meeting_id")
        ids = list(MeetingPage.objects.live().filter(pk__in=with_agenda).values_list("pk", flat=True))
        for meeting_id in ids:
            for edition in build.EDITIONS:
                tasks.enqueue(meeting_id, edition)
        self.stdout.write(f"Queued the packets of {len(ids)} meetings.")
