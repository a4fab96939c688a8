"""Building packets in the background: a django-tasks task on the ``packets`` backend (settings.TASKS), enqueued
once the change that calls for it is committed."""

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from . import build

# A build asked for by a visitor is queued once per version, for this long.
QUEUED_SECONDS = 300


@task(backend="background")
def build_packet(meeting_id: int, edition: str) -> int | None:
    """Builds the current version of one edition of a meeting's packet; returns its page count."""
    packet = build.build(meeting_id, edition)
    return packet.pages if packet else None


def enqueue(meeting_id, edition):
    build_packet.enqueue(meeting_id, str(edition))


def rebuild_after_commit(meeting_ids):
    """Queues both editions of each meeting's packet once the current transaction is committed."""
    ids = sorted(set(meeting_ids))
    if not ids:
        return

    def queue():
        for meeting_id in ids:
            for edition in build.EDITIONS:
                enqueue(meeting_id, edition)

    transaction.on_commit(queue)


def request_build(meeting_id, edition, version):
    """Queues a build a visitor's request found missing, unless one for this version is queued already."""
    if cache.add(f"portal-packet-queued:{meeting_id}:{edition}:{version}", 1, QUEUED_SECONDS):
        enqueue(meeting_id, edition)
