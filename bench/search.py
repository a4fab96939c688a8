"""Search benchmark: indexes N synthetic Danish memos and prints indexing speed and query latency.

    .venv/bin/python bench/search.py                 # 1,000 memos on SQLite and PostgreSQL
    .venv/bin/python bench/search.py 100000          # 100,000 memos
    .venv/bin/python bench/search.py 10000 --only sqlite

Each database gets its own throw-away benchmark database (SQLite: a file in the temp folder; PostgreSQL:
the `portal_bench_search` database on BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432).
The memos have PDF-sized texts (about 900 words) drawn with Zipf frequencies from a 50,000-word lexicon:
the Danish municipal word list and the seed memo's words spread over the common ranks, made-up
Danish-shaped words for the long tail, and a fifth of it compounds of those; most words are inflected. What is timed:
analysis and insertion of the search entries in batches (PostgreSQL's GIN index is built once at the end,
as `rebuild_search_index` does), and searches through the same backend code the search page uses (count,
facets, one page of ids), by relevance and by date, for three sets of queries: the named portal queries,
realistic ones (words of middling to low frequency) and broad ones (the commonest words).
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


SEED_MEMO = Path("/work/shared/seeds/000_d5c86e9164f7a20d.txt")
FUNCTION_WORDS = ["og", "i", "at", "der", "til", "for", "som", "med", "på", "af", "om", "den", "det", "en", "er"]
ENDINGS = ["", "", "", "", "en", "et", "er", "erne", "ens", "s", "e"]
ONSETS = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "bl", "br", "fl", "fr", "gr",
          "kl", "kr", "pl", "pr", "sk", "sl", "sp", "st", "tr", "sv", ""]
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
    for head, tail in zip(heads, tails):
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
    return " ".join(
        function[i] if rng.random() < 0.33 else drawn[i] + endings[i] for i in range(length)
    )


def query_sets(rng, lemmas):
    """Named portal queries, realistic (words of middling to low frequency, one or two) and broad (the commonest)."""
    selective = []
    for _ in range(50):
        first = lemmas[int(rng.uniform(150, 15_000))]
        if rng.random() < 0.3:
            selective.append(f"{first} {lemmas[int(rng.uniform(20, 1_500))]}")
        else:
            selective.append(first)
    broad = lemmas[:25] + [f"{a} {b}" for a, b in zip(lemmas[:10], lemmas[10:20])][:5]
    return [("named portal queries", QUERIES), ("realistic (rank 150-15,000)", selective), ("broad (top ranks)", broad)]


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
    lemmas = lexicon(rng)
    weights = zipf_weights(len(lemmas))
    analyzer = analyzer_for("da")
    import datetime as dt

    from search.backends.database import bulk_loading

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
                docs.append((number, title, make_text(rng, lemmas, weights, length), date))
            t_analyse = time.perf_counter()
            generating += t_analyse - t_generate
            # The whole batch is analysed, then written with one multi-row INSERT per 500 entries.
            batch = [
                SearchEntry(
                    page_id=pages[number % len(pages)].pk, kind=kinds[number % len(kinds)], is_public=True,
                    language="da", title=title[:500], text=text, date=date, year=date.year,
                    title_terms=analyzer.index_terms(title), terms=analyzer.index_terms(text),
                )
                for number, title, text, date in docs
            ]
            analysing += time.perf_counter() - t_analyse
            with transaction.atomic():
                SearchEntry.objects.bulk_create(batch, batch_size=500)
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
    print(f"  indexing: {count} documents ({total_words / count:.0f} words each) in {elapsed:.1f} s "
          f"= {count / elapsed:.0f} documents/s (analysis {analysing:.1f} s, index build {finishing:.1f} s, "
          f"rows {elapsed - analysing - finishing:.1f} s; generating the texts took another {generating:.1f} s, "
          "not counted)")

    backend = DatabaseBackend()
    for label, texts in query_sets(rng, lemmas):
        for sort in ("relevance", "date"):
            timings, totals, exact = [], [], []
            for query_text in texts[:1] + texts:  # the first query warms the caches and is not counted
                query = Query(language="da", terms=analyzer.query_terms(query_text), raw=query_text, sort=sort)
                t0 = time.perf_counter()
                results = backend.search(query)
                timings.append((time.perf_counter() - t0) * 1000)
                totals.append(results.total)
                exact.append(results.total_exact)
            timings, totals, capped = timings[1:], totals[1:], exact[1:].count(False)
            quantiles = statistics.quantiles(timings, n=100)
            print(f"  {label}, by {sort}: {len(timings)} queries, median hits {statistics.median(totals):.0f} "
                  f"(counted up to 10,000), {capped} over 10,000; "
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
        if "sqlite" in url:
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "LOG_LEVEL": "WARNING"}
        try:
            subprocess.run([sys.executable, __file__, str(args.count), "--child"], env=env, check=True, cwd=ROOT)
        finally:
            # The benchmark databases are thrown away.
            if "sqlite" in url:
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            else:
                subprocess.run(["psql", f"{base}/postgres", "-qc", "DROP DATABASE IF EXISTS portal_bench_search"],
                               capture_output=True, check=False)


if __name__ == "__main__":
    main()
