"""Search benchmark: indexes N synthetic Danish memos and prints indexing speed and search page latency.

    .venv/bin/python bench/search.py                 # 1,000 memos on SQLite and PostgreSQL
    .venv/bin/python bench/search.py 100000          # 100,000 memos
    .venv/bin/python bench/search.py 10000 --only sqlite
    .venv/bin/python bench/search.py 100000 --only postgres --keep    # leave the filled database in place
    .venv/bin/python bench/search.py 100000 --only postgres --reuse   # time the searches on it again

Each database gets its own throw-away benchmark database (SQLite: a file in the temp folder; PostgreSQL:
the `portal_bench_search` database on BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432).
`--keep` leaves it in place afterwards; `--reuse` skips indexing when it already holds N entries (and keeps it).
The memos have PDF-sized texts (about 900 words) drawn with Zipf frequencies from a 50,000-word lexicon:
the Danish municipal word list and the seed memo's words spread over the common ranks, made-up
Danish-shaped words for the long tail, and a fifth of it compounds of those; most words are inflected. Each
entry belongs to one of eight bodies and to up to two of six focus areas, so the facets have work to do.
What is timed: analysis and insertion of the search entries in batches (PostgreSQL's GIN index is built once
at the end, as `rebuild_search_index` does), and whole requests to the search page with the page cache off
(count, facets, one page of hits, snippets, rendering), by relevance and by date, for three sets of queries:
the named portal queries (domain words, hundreds to thousands of hits), realistic ones (words of middling to
low frequency) and broad ones (the commonest words, tens of thousands of hits). The time spent in the search
backend (count, facets, ids) is shown as well.
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

BATCH = 2_000
QUERIES = [
    "vækstforum",
    "kommunerne",
    "strategi",
    "erhvervsudviklingsstrategien",
    "koordinationsgruppen",
    "turisme",
    "sekretariatet",
    "medfinansiering",
    "handlingsplanen",
    "arbejdsgruppe",
    "energi klima",
    "transport logistik",
    "ansøgning",
    "indstilling",
    "borgmester",
    "sundhed",
    "uddannelse",
    "innovation",
    "infrastruktur",
    "netværket",
    "vækstforummets sekretariat",
    "kommune strategi",
    "projekt",
    "konsortium",
    "overvågning",
    "beskæftigelse",
    "rekruttering",
    "iværksætter",
    "kompetenceudvikling",
    "erhvervsservice",
    "formandskab",
    "dagsorden",
    "referat",
    "beslutning",
    "orientering",
    "plan",
    "møde",
    "region",
    "samarbejde",
    "udvikling",
    "oplevelsesøkonomi",
    "havn",
    "jernbane",
    "motorvej",
    "bolig",
    "budget",
    "tilskud",
    "pulje",
    "evaluering",
    "partnerskab",
]


SEED_MEMO = Path("/work/shared/seeds/000_d5c86e9164f7a20d.txt")
FUNCTION_WORDS = ["og", "i", "at", "der", "til", "for", "som", "med", "på", "af", "om", "den", "det", "en", "er"]
ENDINGS = ["", "", "", "", "en", "et", "er", "erne", "ens", "s", "e"]
ONSETS = [
    "b",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "bl",
    "br",
    "fl",
    "fr",
    "gr",
    "kl",
    "kr",
    "pl",
    "pr",
    "sk",
    "sl",
    "sp",
    "st",
    "tr",
    "sv",
    "",
]
VOWELS = ["a", "e", "i", "o", "u", "y", "æ", "ø", "å", "ie", "ej", "av"]
CODAS = ["", "", "n", "r", "l", "s", "t", "d", "g", "k", "nd", "ng", "rt", "st", "lt", "rk", "ld"]
LEMMAS = 40_000
ZIPF_EXPONENT = 1.0


def real_words():
    """Danish base words: the compound word list and the words of the seed memo."""
    words = [
        w.strip().lower()
        for w in (ROOT / "search" / "data" / "da_words.txt").read_text(encoding="utf-8").splitlines()
        if w.strip() and not w.startswith("#")
    ]
    if SEED_MEMO.exists():
        import re

        words += [w.lower() for w in re.findall(r"[^\W\d_]{4,}", SEED_MEMO.read_text(encoding="utf-8"))]
    return list(dict.fromkeys(words))


def lexicon(rng):
    """Words ranked by frequency: the real Danish words spread over the first ranks, the long tail filled with
    made-up words of Danish shape (so a rare word is rare, as in a real archive), plus compounds of them."""
    real = real_words()
    made = set()
    while len(made) < LEMMAS - len(real):
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(rng.randint(2, 3)))
        if len(word) >= 4:
            made.add(word)
    made = sorted(made - set(real))
    rng.shuffle(made)
    ranked = made[: LEMMAS - len(real)]
    # Municipal vocabulary is common in memos, but not all of it equally: ranks between 1 and 6,000.
    for word in real:
        ranked.insert(int(6000 * rng.random() ** 2), word)
    # A quarter of the lexicon is compounds of two base words (common parts more often), each a word of its own.
    weights = zipf_weights(len(ranked))
    heads = rng.choices(ranked, cum_weights=weights, k=LEMMAS // 4)
    tails = rng.choices(ranked, cum_weights=weights, k=LEMMAS // 4)
    for head, tail in zip(heads, tails, strict=True):
        ranked.insert(rng.randrange(len(ranked)), head + rng.choice(("s", "", "")) + tail)
    return ranked


def zipf_weights(n):
    weights, total = [], 0.0
    for rank in range(1, n + 1):
        total += 1.0 / rank**ZIPF_EXPONENT
        weights.append(total)
    return weights


def make_text(rng, lemmas, weights, length):
    """``length`` words: a third function words, the rest Zipf-drawn words of the lexicon, most inflected."""
    drawn = rng.choices(lemmas, cum_weights=weights, k=length)
    endings = rng.choices(ENDINGS, k=length)
    function = rng.choices(FUNCTION_WORDS, k=length)
    return " ".join(function[i] if rng.random() < 0.33 else drawn[i] + endings[i] for i in range(length))


def query_sets(rng, lemmas):
    """Named portal queries, realistic (words of middling to low frequency, one or two) and broad (the commonest)."""
    selective = []
    for _ in range(50):
        first = lemmas[int(rng.uniform(150, 15_000))]
        if rng.random() < 0.3:
            selective.append(f"{first} {lemmas[int(rng.uniform(20, 1_500))]}")
        else:
            selective.append(first)
    broad = lemmas[:25] + [f"{a} {b}" for a, b in zip(lemmas[:10], lemmas[10:20], strict=True)][:5]
    return [
        ("named portal queries (domain words)", QUERIES),
        ("realistic (rank 150-15,000)", selective),
        ("broad (commonest words)", broad),
    ]


SEED = 20090119
BODIES = ["KKR Sjælland", "K17", "EKO", "N17", "Vækstforum Sjælland", "Energi og Klima", "Turisme", "Transport"]
FOCUS_AREAS = ["Uddannelse", "Innovation", "Turisme og oplevelser", "Energi og klima", "Sundhed", "Infrastruktur"]


def bench_fixtures():
    """The memo pages, bodies and focus areas the synthetic entries point to (made when missing)."""
    from pages.models import BodyPage, FocusArea, MemoIndexPage, MemoPage
    from tests import factories

    archive = MemoIndexPage.objects.first() or factories.memo_archive()
    pages = list(MemoPage.objects.child_of(archive).live()[:20])
    while len(pages) < 20:
        pages.append(factories.memo(archive, title=f"Benchmarknotat {len(pages)}"))
    bodies = {b.title: b for b in BodyPage.objects.live()}
    bodies = [bodies.get(title) or factories.body(title=title, short_name=title[:10]) for title in BODIES]
    areas = [FocusArea.objects.get_or_create(name=name, locale_id=archive.locale_id)[0] for name in FOCUS_AREAS]
    return pages, bodies, areas


def index_entries(count, rng, lemmas, pages, bodies, areas):
    """Analyses and inserts ``count`` synthetic entries, printing the indexing speed."""
    import datetime as dt

    from django.db import connection, transaction

    from search.analysis import analyzer_for
    from search.backends.database import bulk_loading
    from search.models import SearchEntry

    SearchEntry.objects.all().delete()
    weights = zipf_weights(len(lemmas))
    analyzer = analyzer_for("da")
    focus_through = SearchEntry.focus_areas.through
    kinds = ["memo"] * 6 + ["item"] * 3 + ["meeting"]
    started = time.perf_counter()
    done, total_words, generating, analysing = 0, 0, 0.0, 0.0
    with bulk_loading():
        for first in range(0, count, BATCH):
            t_generate = time.perf_counter()
            docs = []
            for number in range(first, min(first + BATCH, count)):
                length = rng.randint(600, 1200)
                total_words += length
                year = rng.randint(2007, 2024)
                title = make_text(rng, lemmas, weights, rng.randint(3, 8)).capitalize()
                date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                focus = rng.sample(areas, rng.choice((0, 0, 1, 1, 2)))
                docs.append((number, title, make_text(rng, lemmas, weights, length), date, focus))
            t_analyse = time.perf_counter()
            generating += t_analyse - t_generate
            # The whole batch is analysed, then written with one multi-row INSERT per 500 entries.
            batch = [
                SearchEntry(
                    page_id=pages[number % len(pages)].pk,
                    kind=kinds[number % len(kinds)],
                    is_public=True,
                    language="da",
                    title=title[:500],
                    text=text,
                    date=date,
                    year=date.year,
                    organisation_id=bodies[number % len(bodies)].pk,
                    focus_area_ids=" ".join(str(pk) for pk in sorted(a.pk for a in focus)),
                    title_terms=analyzer.index_terms(title),
                    terms=analyzer.index_terms(text),
                )
                for number, title, text, date, focus in docs
            ]
            analysing += time.perf_counter() - t_analyse
            with transaction.atomic():
                SearchEntry.objects.bulk_create(batch, batch_size=500)
                focus_through.objects.bulk_create(
                    [
                        focus_through(searchentry_id=entry.pk, focusarea_id=area.pk)
                        for entry, (*_doc, focus) in zip(batch, docs, strict=True)
                        for area in focus
                    ],
                    batch_size=1000,
                )
            done += len(batch)
            elapsed = time.perf_counter() - started - generating
            print(f"\r  indexed {done:>7}/{count}  {done / elapsed:7.0f} documents/s", end="", flush=True)
        t_index = time.perf_counter()
    finishing = time.perf_counter() - t_index  # building PostgreSQL's GIN index in one pass
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    elapsed = time.perf_counter() - started - generating
    print()
    print(
        f"  indexing: {count} documents ({total_words / count:.0f} words each) in {elapsed:.1f} s "
        f"= {count / elapsed:.0f} documents/s (analysis {analysing:.1f} s, index build {finishing:.1f} s, "
        f"rows {elapsed - analysing - finishing:.1f} s; generating the texts took another {generating:.1f} s, "
        "not counted)"
    )


def shown_count(html):
    """The number of results the page states, and whether it is exact (not "more than …")."""
    import re

    status = re.search(r'<p class="search-count"[^>]*>(.*?)</p>', html, re.S)
    if status is None:
        return 0, True
    number = re.search(r"\d[\d.,\xa0]*", status.group(1))
    total = int(re.sub(r"\D", "", number.group())) if number else 0
    return total, not re.search(r"More than|Flere end", status.group(1))


def run_one(count, reuse):
    """Runs inside a process whose DATABASE_URL names the benchmark database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from search.backends.database import DatabaseBackend
    from search.models import SearchEntry

    rng = random.Random(SEED)
    lemmas = lexicon(rng)
    pages, bodies, areas = bench_fixtures()
    if reuse and SearchEntry.objects.filter(page__in=pages).count() == count:
        print(f"  indexing: skipped, the database already holds {count} entries")
        with connection.cursor() as cursor:  # after a migration rewrote rows, as autovacuum would in time
            postgres = connection.vendor == "postgresql"
            cursor.execute(f"VACUUM ANALYZE {SearchEntry._meta.db_table}" if postgres else "ANALYZE")
    else:
        index_entries(count, rng, lemmas, pages, bodies, areas)

    # Every request goes through the search page; the backend's share is measured on the way.
    backend_ms = []
    search = DatabaseBackend.search

    def timed_search(self, query):
        t0 = time.perf_counter()
        try:
            return search(self, query)
        finally:
            backend_ms.append((time.perf_counter() - t0) * 1000)

    DatabaseBackend.search = timed_search
    client = Client()
    for label, texts in query_sets(random.Random(SEED + 1), lemmas):
        for sort in ("relevance", "date"):
            timings, backend, hits, capped = [], [], [], 0
            for n, query_text in enumerate(texts[:1] + texts):  # the first query warms the caches and is not counted
                backend_ms.clear()
                t0 = time.perf_counter()
                response = client.get("/da/search/", {"q": query_text, "sort": sort})
                elapsed = (time.perf_counter() - t0) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"/da/search/?q={query_text}&sort={sort} answered {response.status_code}")
                if n == 0:
                    continue
                total, exact = shown_count(response.content.decode())
                timings.append(elapsed)
                backend.append(sum(backend_ms))
                hits.append(total)
                capped += not exact
            quantiles = statistics.quantiles(timings, n=100)
            backend_q = statistics.quantiles(backend, n=100)
            print(
                f"  {label}, by {sort}: {len(timings)} queries, median hits {statistics.median(hits):.0f} "
                f"(counted up to 10,000), {capped} over 10,000; "
                f"page p50 {quantiles[49]:.1f} ms, p95 {quantiles[94]:.1f} ms, max {max(timings):.1f} ms "
                f"(backend p50 {backend_q[49]:.1f}, p95 {backend_q[94]:.1f} ms)"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000, help="number of memos (default 1000)")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="benchmark one database only")
    parser.add_argument("--keep", action="store_true", help="leave the benchmark database in place afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="skip indexing when the kept database holds N entries (implies --keep)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.count, args.reuse)
        return
    keep = args.keep or args.reuse
    targets = []
    if args.only in (None, "sqlite"):
        targets.append(("SQLite (FTS5)", f"sqlite:///{Path(tempfile.gettempdir()) / 'portal_bench_search.sqlite3'}"))
    if args.only in (None, "postgres"):
        base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        subprocess.run(
            ["psql", f"{base}/postgres", "-qc", "CREATE DATABASE portal_bench_search"], capture_output=True, check=False
        )
        targets.append(("PostgreSQL", f"{base}/portal_bench_search"))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for label, url in targets:
        print(f"{label}: {args.count} memos")
        if "sqlite" in url and not args.reuse:
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "LOG_LEVEL": "WARNING",
            # Timed like production: no debug query log, and every search rendered rather than served from the cache.
            "DJANGO_DEBUG": "0",
            "PORTAL_PAGE_CACHE": "0",
            "DJANGO_ALLOWED_HOSTS": "testserver",
        }
        command = [sys.executable, __file__, str(args.count), "--child"] + (["--reuse"] if args.reuse else [])
        try:
            subprocess.run(command, env=env, check=True, cwd=ROOT)
        finally:
            if keep:
                print(f"  kept {url}")
            elif "sqlite" in url:
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            else:
                subprocess.run(
                    ["psql", f"{base}/postgres", "-qc", "DROP DATABASE IF EXISTS portal_bench_search"],
                    capture_output=True,
                    check=False,
                )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
