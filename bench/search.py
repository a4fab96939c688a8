"""Search benchmark: indexes N synthetic Danish memos and prints indexing speed and query latency.

    .venv/bin/python bench/search.py                 # 1,000 memos on SQLite and PostgreSQL
    .venv/bin/python bench/search.py 100000          # 100,000 memos
    .venv/bin/python bench/search.py 10000 --only sqlite

Each database gets its own throw-away benchmark database (SQLite: a file in the temp folder; PostgreSQL:
the `portal_bench_search` database on BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432).
The memos have PDF-sized texts (about 900 words) built from Danish municipal vocabulary with compounds.
What is timed: analysis and insertion of the search entries (the database's own full-text index is kept
up by it), and 50 searches through the same backend code the search page uses (count, facets and one
page of ids).
"""

import sys
from pathlib import Path

# This folder holds other benchmarks whose names would shadow modules (search, http): import from the project root.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
QUERIES = [
    "vækstforum", "kommunerne", "strategi", "erhvervsudviklingsstrategien", "koordinationsgruppen",
    "turisme", "sekretariatet", "medfinansiering", "handlingsplanen", "arbejdsgruppe",
    "energi klima", "transport logistik", "ansøgning", "indstilling", "borgmester",
    "sundhed", "uddannelse", "innovation", "infrastruktur", "netværket",
    "vækstforummets sekretariat", "kommune strategi", "projekt", "konsortium", "overvågning",
    "beskæftigelse", "rekruttering", "iværksætter", "kompetenceudvikling", "erhvervsservice",
    "formandskab", "dagsorden", "referat", "beslutning", "orientering",
    "plan", "møde", "region", "samarbejde", "udvikling",
    "oplevelsesøkonomi", "havn", "jernbane", "motorvej", "bolig",
    "budget", "tilskud", "pulje", "evaluering", "partnerskab",
]


def vocabulary():
    words = [
        w.strip()
        for w in (ROOT / "search" / "data" / "da_words.txt").read_text(encoding="utf-8").splitlines()
        if w.strip() and not w.startswith("#")
    ]
    endings = ["", "", "", "en", "et", "er", "erne", "ens", "s", "e"]
    return words, endings


FUNCTION_WORDS = ["og", "i", "at", "der", "til", "for", "som", "med", "på", "af", "om", "den", "det", "en", "er"]


def word_forms(rng, words, endings, size=30_000):
    """A vocabulary of word forms, a fifth of them compounds, ranked so that text drawn from it is Zipf-like."""
    forms = set()
    while len(forms) < size:
        if rng.random() < 0.2:
            word = rng.choice(words) + rng.choice(["s", ""]) + rng.choice(words)
        else:
            word = rng.choice(words)
        forms.add(word + rng.choice(endings))
    forms = sorted(forms)
    rng.shuffle(forms)
    return forms


def make_text(rng, forms, length):
    out = []
    for _ in range(length):
        if rng.random() < 0.35:
            out.append(rng.choice(FUNCTION_WORDS))
        else:
            # Skewed towards the first forms, so a few words are common and most are rare.
            out.append(forms[int(len(forms) * rng.random() ** 4)])
    return " ".join(out)


def run_one(count):
    """Runs inside a process whose DATABASE_URL names the benchmark database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from pages.models import MemoIndexPage, MemoPage
    from search.analysis import analyzer_for
    from search.backends import Query
    from search.backends.database import DatabaseBackend
    from search.models import SearchEntry
    from tests import factories

    SearchEntry.objects.all().delete()
    archive = MemoIndexPage.objects.first() or factories.memo_archive()
    pages = list(MemoPage.objects.child_of(archive).live()[:20])
    while len(pages) < 20:
        pages.append(factories.memo(archive, title=f"Benchmarknotat {len(pages)}"))
    SearchEntry.objects.all().delete()

    rng = random.Random(20090119)
    words, endings = vocabulary()
    forms = word_forms(rng, words, endings)
    analyzer = analyzer_for("da")
    organisation_id = None
    started = time.perf_counter()
    batch, done, total_words, generating, analysing = [], 0, 0, 0.0, 0.0
    for number in range(count):
        t_generate = time.perf_counter()
        length = rng.randint(600, 1200)
        total_words += length
        title = make_text(rng, forms, rng.randint(3, 8)).capitalize()
        text = make_text(rng, forms, length)
        t_analyse = time.perf_counter()
        generating += t_analyse - t_generate
        title_terms, terms = analyzer.index_terms(title), analyzer.index_terms(text)
        analysing += time.perf_counter() - t_analyse
        year = rng.randint(2007, 2024)
        import datetime as dt

        date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        batch.append(
            SearchEntry(
                page_id=pages[number % len(pages)].pk,
                kind="memo",
                language="da",
                title=title[:500],
                text=text,
                date=date,
                year=year,
                organisation_id=organisation_id,
                title_terms=title_terms,
                terms=terms,
            )
        )
        if len(batch) == 500 or number == count - 1:
            with transaction.atomic():
                SearchEntry.objects.bulk_create(batch)
            done += len(batch)
            batch = []
            elapsed = time.perf_counter() - started
            print(f"\r  indexed {done:>7}/{count}  {done / elapsed:7.0f} documents/s", end="", flush=True)
    elapsed = time.perf_counter() - started - generating
    print()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
    else:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    print(f"  indexing: {count} documents ({total_words / count:.0f} words each) in {elapsed:.1f} s "
          f"= {count / elapsed:.0f} documents/s (analysis {analysing:.1f} s, database {elapsed - analysing:.1f} s; "
          f"generating the texts took another {generating:.1f} s, not counted)")

    backend = DatabaseBackend()
    timings, totals = [], []
    for query_text in QUERIES[:1] + QUERIES:  # the first query warms the caches and is not counted
        query = Query(language="da", terms=analyzer.query_terms(query_text), raw=query_text)
        t0 = time.perf_counter()
        results = backend.search(query)
        timings.append((time.perf_counter() - t0) * 1000)
        totals.append(results.total)
    timings = timings[1:]
    quantiles = statistics.quantiles(timings, n=100)
    print(f"  queries: {len(timings)}, median hits {statistics.median(totals[1:]):.0f}; "
          f"p50 {quantiles[49]:.1f} ms, p95 {quantiles[94]:.1f} ms, max {max(timings):.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000, help="number of memos (default 1000)")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="benchmark one database only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.count)
        return
    targets = []
    if args.only in (None, "sqlite"):
        targets.append(("SQLite (FTS5)", f"sqlite:///{Path(tempfile.gettempdir()) / 'portal_bench_search.sqlite3'}"))
    if args.only in (None, "postgres"):
        base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        subprocess.run(["psql", f"{base}/postgres", "-qc", "CREATE DATABASE portal_bench_search"],
                       capture_output=True, check=False)
        targets.append(("PostgreSQL", f"{base}/portal_bench_search"))
    for label, url in targets:
        print(f"{label}: {args.count} memos")
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "LOG_LEVEL": "WARNING"}
        subprocess.run([sys.executable, __file__, str(args.count), "--child"], env=env, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
