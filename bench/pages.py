"""Median server render time of the home, body, meeting and memo pages next to a plain page, as ratios.

Run: .venv/bin/python bench/pages.py [--runs 30]
Builds a meeting with 40 agenda items, a body with 200 meetings and 50 members, in a throwaway SQLite
database, and renders each page through Django's test client (the full request/response cycle).
Target: each page within 3x of the plain page.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="portal-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402


def build():
    from pages.models import StandardPage
    from tests import factories as f

    call_command("migrate", verbosity=0)
    home = f.home_page()
    plain = f.add_page(home, StandardPage(title="Om portalen", slug="om", body="<p>Om portalen.</p>"))
    body = f.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    now = timezone.now()
    for i in range(50):
        f.membership(f.person(name=f"Medlem {i}"), body)
    for i in range(200):
        f.meeting(body, start=now + dt.timedelta(days=i - 100, hours=1), items=0)
    meeting = f.meeting(body, start=now + dt.timedelta(days=3), items=40, closed=(7,))
    archive = f.memo_archive()
    memo = None
    for i in range(30):
        memo = f.memo(archive, title=f"Notat {i}")
    return {"plain page": plain.url, "home": home.url, "body": body.url, "meeting": meeting.url, "memo": memo.url}


def median_ms(client, url, runs):
    client.get(url)  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print("building content …", flush=True)
    urls = build()
    client = Client()
    results = {name: median_ms(client, url, args.runs) for name, url in urls.items()}
    base = results["plain page"]
    print(f"{'page':<12} {'median ms':>10} {'x plain':>8}")
    for name, ms in results.items():
        print(f"{name:<12} {ms:>10.1f} {ms / base:>8.2f}")
    worst = max(ms / base for name, ms in results.items() if name != "plain page")
    print(f"worst ratio {worst:.2f} (target ≤ 3.00): {'OK' if worst <= 3 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
