"""Time to page through every meeting (with its agenda items) in the OParl API, and the queries each page costs.

Run: .venv/bin/python bench/api.py [--meetings 10000] [--items 5] [--limits 20,100,500]
Builds N published meetings of one body, each with a few agenda items (one closed, some with a public
attachment), in a throwaway SQLite database (or the database DATABASE_URL names), then follows
links.next through /api/oparl/v1/meeting/ with Django's test client for each page size.
Target: the number of queries per page is the same for every page size.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on the path; a bench module named like a standard one would shadow it.
sys.path = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
_tmp = tempfile.mkdtemp(prefix="portal-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def build(meetings, items):
    """Creates the meetings in bulk (page rows written directly, as a data import would), then indexes them."""
    from wagtail.models import Page

    from opendata import index
    from pages.models import AgendaItem, MeetingPage
    from tests import factories as f

    call_command("migrate", verbosity=0)
    body = f.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    doc = f.document(title="Bilag", filename="bilag.txt")
    now = timezone.now()
    places = ["Rådhuset, Sorø", "Regionshuset, Sorø", "Næstved Rådhus", "Roskilde Rådhus"]
    with transaction.atomic():
        Page.objects.bulk_create(f.page_rows(body, MeetingPage, meetings, "moede", "Møde"), batch_size=1000)
        Page.objects.filter(pk=body.pk).update(numchild=meetings)
        ids = dict(Page.objects.filter(path__startswith=body.path, depth=body.depth + 1).values_list("slug", "pk"))
        for n in range(1, meetings + 1):
            start = now + dt.timedelta(days=n - meetings // 2, hours=1)
            MeetingPage(
                page_ptr_id=ids[f"moede-{n}"],
                start=start,
                end=start + dt.timedelta(hours=2),
                location=places[n % len(places)],
                uid=uuid.uuid4(),
            ).save_base(raw=True)
        rows = []
        for n in range(1, meetings + 1):
            for i in range(1, items + 1):
                attachments = f.attachment(doc) if i == 1 and n % 10 == 0 else []
                rows.append(
                    AgendaItem(
                        meeting_id=ids[f"moede-{n}"],
                        sort_order=i,
                        title=f"Punkt {i}",
                        description=f"<p>Sagsfremstilling {n}.{i}</p>",
                        recommendation="<p>Det indstilles, at orienteringen tages til efterretning.</p>",
                        closed=i == 2,
                        attachments=attachments,
                    )
                )
        AgendaItem.objects.bulk_create(rows, batch_size=2000)
    index.rebuild()


def page_through(client, limit):
    url = f"/api/oparl/v1/meeting/?limit={limit}"
    queries, seen, items = [], 0, 0
    started = time.perf_counter()
    while url:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page = response.json()
        queries.append(len(ctx.captured_queries))
        seen += len(page["data"])
        items += sum(len(m.get("agendaItem", [])) for m in page["data"])
        url = page["links"].get("next", "").removeprefix("http://testserver") or None
    return time.perf_counter() - started, seen, items, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--limits", default="20,100,500")
    args = parser.parse_args()
    print(f"building {args.meetings} meetings with {args.items} agenda items each …", flush=True)
    started = time.perf_counter()
    build(args.meetings, args.items)
    print(f"built in {time.perf_counter() - started:.1f} s ({connection.vendor})", flush=True)
    client = Client()
    client.get("/api/oparl/v1/meeting/?limit=1")  # warm caches (site roots, locale)
    print(f"{'limit':>6} {'pages':>6} {'meetings':>9} {'items':>7} {'seconds':>8} {'ms/page':>8} {'queries/page':>13}")
    per_page = {}
    for limit in [int(x) for x in args.limits.split(",")]:
        seconds, seen, items, queries = page_through(client, limit)
        assert seen == args.meetings, (seen, args.meetings)
        per_page[limit] = (min(queries), max(queries))
        spread = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}–{max(queries)}"
        print(
            f"{limit:>6} {len(queries):>6} {seen:>9} {items:>7} {seconds:>8.2f}"
            f" {statistics.mean([seconds * 1000 / len(queries)]):>8.1f} {spread:>13}"
        )
    constant = len({q for pair in per_page.values() for q in pair}) == 1
    print(f"queries per page independent of page size: {'yes' if constant else 'NO'}")


if __name__ == "__main__":
    main()
