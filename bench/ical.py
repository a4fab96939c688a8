"""Benchmark: the calendar feed of a body with 10,000 meetings — time to build it, and to answer a conditional request.

Run as ``.venv/bin/python bench/ical.py`` (``--meetings N`` to change the size). It migrates a temporary
SQLite database (or the one ``BENCH_DATABASE_URL`` names), puts the meetings in the page tree in bulk,
beside a neighbouring body with ``--other-pages`` pages of its own (20,000 by default, so that the feed must find
its body's meetings in a page table that holds more than them), and prints figures.
Targets: build under 300 ms, 304 under 10 ms.

Four figures: a cold build (nothing kept: neither the feed nor any event written before, as after a restart),
a build after one meeting changed (every other event is reused as written), the unchanged feed
fetched without conditional headers, and the 304. The build target is for the cold build.
"""

import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, where this file would shadow
# the ical package: the project root takes its place.
BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BASE_DIR / "bench"]
sys.path.insert(0, str(BASE_DIR))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

TMP = tempfile.mkdtemp(prefix="portal-bench-ical-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models.sql import InsertQuery  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page  # noqa: E402

from calendars.ical import written_events  # noqa: E402
from calendars.views import built_feeds  # noqa: E402
from pages.models import AgendaItem, MeetingPage  # noqa: E402
from tests import factories  # noqa: E402


def bulk_pages(parent, count):
    """Adds ``count`` plain published pages under ``parent``, without per-page saves."""
    with transaction.atomic():
        Page.objects.bulk_create(factories.page_rows(parent, Page, count, "side", "Side"), batch_size=500)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)


def bulk_meetings(parent, count):
    """Adds ``count`` published meetings under ``parent`` with a few agenda items each, without per-page saves."""
    pages = factories.page_rows(parent, MeetingPage, count, "moede", "Møde nr.")
    first = factories.copenhagen(2009, 1, 5, 10)
    meetings = []
    for n in range(1, count + 1):
        start = first + dt.timedelta(days=n // 2, hours=(n % 2) * 4)
        meetings.append(
            {
                "start": start,
                "end": start + dt.timedelta(hours=2),
                "location": "Rådhuset, Sorø; mødelokale 2",
                "cancelled": n % 50 == 0,
                "cancellation_reason": "Aflyst, for få punkter" if n % 50 == 0 else "",
                "uid": uuid.uuid4(),
                "sequence": n % 3,
            }
        )
    with transaction.atomic():
        created = Page.objects.bulk_create(pages, batch_size=500)
        if created[0].pk is None:  # databases that do not return ids
            created = list(Page.objects.filter(path__in=[p.path for p in pages]).order_by("path"))
        rows = []
        for page, fields in zip(created, meetings, strict=True):
            row = MeetingPage(page_ptr_id=page.pk, **fields)
            rows.append(row)
        local_fields = list(MeetingPage._meta.local_concrete_fields)
        for i in range(0, len(rows), 500):
            query = InsertQuery(MeetingPage)
            query.insert_values(local_fields, rows[i : i + 500], raw=True)
            query.get_compiler(connection=connection).execute_sql(returning_fields=None)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
        items = []
        for page in created:
            items.append(AgendaItem(meeting_id=page.pk, sort_order=0, title="Godkendelse af dagsorden"))
            items.append(AgendaItem(meeting_id=page.pk, sort_order=1, title="Orientering fra vækstforum, K17 og KKR"))
            items.append(AgendaItem(meeting_id=page.pk, sort_order=2, title="Salg af grund", closed=True))
        AgendaItem.objects.bulk_create(items, batch_size=1000)


def timed(client, url, runs, before=None, **headers):
    """Wall-clock and CPU milliseconds per request; CPU time is the fairer figure on a busy shared machine."""
    wall, cpu, response = [], [], None
    for _ in range(runs):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, **headers)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return (wall, cpu), response


def figure(label, times, target=""):
    wall, cpu = times
    return (
        f"{label:<22} wall median {statistics.median(wall):8.2f} ms (min {min(wall):8.2f})   "
        f"CPU median {statistics.median(cpu):8.2f} ms (min {min(cpu):8.2f})   {target}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--other-pages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL']})")
    call_command("migrate", verbosity=0)
    logging.disable(logging.INFO)  # the page publications below would each log a line
    body = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17", slug="n17")
    started = time.perf_counter()
    bulk_meetings(body, args.meetings)
    print(f"created {args.meetings} meetings with 3 agenda items each in {time.perf_counter() - started:.1f} s")
    neighbour = factories.body(title="Kommunekontaktrådet", short_name="KKR", slug="kkr")
    bulk_pages(neighbour, args.other_pages)
    print(f"and {args.other_pages} pages under a neighbouring body")
    if connection.vendor == "postgresql":
        # What autovacuum does on a live database within a minute of such a load: statistics and a visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print("PostgreSQL: VACUUM ANALYZE after the load")

    client = Client()
    url = f"/da/kalender/organisation/{body.pk}.ics"
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    events = first.content.count(b"BEGIN:VEVENT")
    assert events == args.meetings, events
    print(f"feed: {events} events, {len(first.content) / 1e6:.1f} MB")

    def cold():
        # A real build: not the feed kept from the previous request, and no event written before.
        built_feeds.clear()
        written_events.clear()

    changed = MeetingPage.objects.child_of(body).order_by("start").values_list("pk", flat=True)[args.meetings // 2]
    published = MeetingPage.objects.get(pk=changed).last_published_at

    def one_changed():
        # One meeting published again: the feed's validator changes, so the next poll builds the feed.
        nonlocal published
        published += dt.timedelta(seconds=1)
        MeetingPage.objects.filter(pk=changed).update(last_published_at=published)

    # Taken in turns, so that a slow spell of the shared machine falls on both figures alike.
    build, rebuild = ([], []), ([], [])
    for _ in range(args.runs):
        (wall, cpu), response = timed(client, url, 1, before=cold)
        build[0].extend(wall)
        build[1].extend(cpu)
        (wall, cpu), rebuilt = timed(client, url, 1, before=one_changed)
        rebuild[0].extend(wall)
        rebuild[1].extend(cpu)
    assert rebuilt.content != response.content and rebuilt.content.count(b"BEGIN:VEVENT") == args.meetings
    cold()
    assert client.get(url).content == rebuilt.content, "events reused as written differ from events written afresh"
    cached, response = timed(client, url, args.runs)
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    conditional, not_modified = timed(client, url, args.runs * 5, HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304, not_modified.status_code

    print(f"machine load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(figure("cold build (200)", build, "target < 300 ms (nothing kept)"))
    print(figure("one meeting changed", rebuild, "(other events reused as written)"))
    print(figure("unchanged feed (200)", cached, "(bytes kept from the last build)"))
    print(figure("conditional (304)", conditional, f"target < 10 ms; {len(queries)} queries"))


if __name__ == "__main__":
    main()
