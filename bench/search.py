"""Search benchmark: indexes N synthetic Danish memos and prints indexing speed and search page latency.

    .venv/bin/python bench/search.py                 # 1,000 memos on SQLite and PostgreSQL
    .venv/bin/python bench/search.py 100000          # 100,000 memos
    .venv/bin/python bench/search.py 10000 --only sqlite
    .venv/bin/python bench/search.py 100000 --only postgres --keep    # leave the filled database in place
    .venv/bin/python bench/search.py 100000 --only postgres --reuse   # time the searches on it again
    .venv/bin/python bench/search.py --engine elasticsearch 100000    # PostgreSQL and Elasticsearch in one run

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

`--engine elasticsearch` runs PostgreSQL's database search and then Elasticsearch (SEARCH_URL, default
http://127.0.0.1:9200, from `make search-engine`) on the same entries: they are bulk-indexed into an index of the
benchmark's own (progress and documents/s printed), the same search pages are timed, and the index is removed.
A fourth query set, misspelled words, is timed on every backend. The portal process's memory (resident set) is
printed as the entries are indexed and after each query set, so that runs at different N can be compared.
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


def make_text(rng, lemmas, weights, length, sentences=False):
    """``length`` words: a third function words, the rest Zipf-drawn words of the lexicon, most inflected; with
    ``sentences`` in sentences of 8-20 words and paragraphs of five sentences, as a memo is written."""
    drawn = rng.choices(lemmas, cum_weights=weights, k=length)
    endings = rng.choices(ENDINGS, k=length)
    function = rng.choices(FUNCTION_WORDS, k=length)
    words = [function[i] if rng.random() < 0.33 else drawn[i] + endings[i] for i in range(length)]
    if not sentences:
        return " ".join(words)
    paragraphs, sentence_list, start = [], [], 0
    while start < length:
        end = start + rng.randint(8, 20)
        sentence = " ".join(words[start:end])
        sentence_list.append(sentence[:1].upper() + sentence[1:] + ".")
        if len(sentence_list) == 5:
            paragraphs.append(" ".join(sentence_list))
            sentence_list = []
        start = end
    if sentence_list:
        paragraphs.append(" ".join(sentence_list))
    return "\n\n".join(paragraphs)


def misspell(rng, word):
    """``word`` with two neighbouring letters swapped or one left out, as a hurried visitor types it."""
    if len(word) < 5:
        return word + word[-1]
    position = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + word[position + 1 :]


def query_sets(rng, lemmas):
    """Named portal queries, realistic (words of middling to low frequency, one or two), broad (the commonest) and
    misspelled (realistic words and the named queries with a typing error)."""
    selective = []
    for _ in range(50):
        first = lemmas[int(rng.uniform(150, 15_000))]
        if rng.random() < 0.3:
            selective.append(f"{first} {lemmas[int(rng.uniform(20, 1_500))]}")
        else:
            selective.append(first)
    broad = lemmas[:25] + [f"{a} {b}" for a, b in zip(lemmas[:10], lemmas[10:20], strict=True)][:5]
    known = set(lemmas)
    misspelled = []
    for text in QUERIES[:15] + [lemmas[int(rng.uniform(150, 15_000))] for _ in range(15)]:
        word = misspell(rng, text.split()[0])
        if word not in known:
            misspelled.append(word)
    return [
        ("named portal queries (domain words)", QUERIES),
        ("realistic (rank 150-15,000)", selective),
        ("broad (commonest words)", broad),
        ("misspelled", misspelled),
    ]


def memory_mb():
    """The resident memory of this process now, and its peak so far, in MB."""
    import resource

    now = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
    return now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
                docs.append((number, title, make_text(rng, lemmas, weights, length, sentences=True), date, focus))
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
            rss, _peak = memory_mb()
            print(
                f"\r  indexed {done:>7}/{count}  {done / elapsed:7.0f} documents/s  memory {rss:6.0f} MB",
                end="",
                flush=True,
            )
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


def fill_database(count, reuse, rng, lemmas):
    """The benchmark's entries in the database: made and indexed, or (``reuse``) kept from an earlier run."""
    from django.db import connection

    from search.models import SearchEntry

    pages, bodies, areas = bench_fixtures()
    if reuse and SearchEntry.objects.filter(page__in=pages).count() == count:
        print(f"  indexing: skipped, the database already holds {count} entries")
        with connection.cursor() as cursor:  # after a migration rewrote rows, as autovacuum would in time
            postgres = connection.vendor == "postgresql"
            cursor.execute(f"VACUUM ANALYZE {SearchEntry._meta.db_table}" if postgres else "ANALYZE")
    else:
        index_entries(count, rng, lemmas, pages, bodies, areas)


def engine_cpu_seconds(client):
    """CPU time the engine's processes have used so far (nodes that share one JVM counted once)."""
    nodes = client.nodes.info(metric="process")["nodes"]
    processes = {node["process"]["id"]: node_id for node_id, node in nodes.items()}
    stats = client.nodes.stats(metric="process")["nodes"]
    return sum(stats[node_id]["process"]["cpu"]["total_in_millis"] for node_id in processes.values()) / 1000


def fill_engine(backend):
    """Bulk-indexes every entry into a new index of the engine, printing progress, documents/s and memory, and the
    engine's CPU time per document (what the machine's other work left it shows in documents/s, not in this)."""
    from search.models import SearchEntry

    total = SearchEntry.objects.filter(is_public=True).count()
    started = time.perf_counter()
    marks = {}

    def progress(done, total):
        elapsed = max(time.perf_counter() - started, 1e-6)
        rss, _peak = memory_mb()
        share = done / total if total else 1.0
        bar = "#" * int(30 * share)
        print(
            f"\r  [{bar:<30}] {done:>7}/{total}  {done / elapsed:7.0f} documents/s  memory {rss:6.0f} MB",
            end="",
            flush=True,
        )
        marks[done] = (elapsed, rss)

    cpu_before = engine_cpu_seconds(backend.client)
    done = backend.rebuild_index(progress=progress)
    elapsed = time.perf_counter() - started
    engine_cpu = engine_cpu_seconds(backend.client) - cpu_before
    sent = max((d for d in marks if d <= done), default=done)
    bulk_seconds = marks.get(sent, (elapsed, 0))[0]
    print()
    print(
        f"  indexing into Elasticsearch: {done} of {total} documents in {elapsed:.1f} s = {done / elapsed:.0f} "
        f"documents/s ({done / bulk_seconds:.0f}/s while sending in bulk; then the replica and the alias swap "
        f"{elapsed - bulk_seconds:.1f} s); the engine used {engine_cpu:.1f} CPU-seconds = "
        f"{1000 * engine_cpu / max(done, 1):.1f} ms per document, {done / max(engine_cpu, 1e-6):.0f} documents "
        "per CPU-second"
    )


def run_one(count, reuse, engine):
    """Runs inside a process whose DATABASE_URL names the benchmark database (and, for Elasticsearch,
    PORTAL_BENCH_ENGINE the cluster)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    from search.backends.database import DatabaseBackend
    from search.backends.elasticsearch import ElasticsearchBackend

    rss, _peak = memory_mb()
    print(f"  memory at start: {rss:.0f} MB")
    rng = random.Random(SEED)
    lemmas = lexicon(rng)
    fill_database(count, reuse or engine == "elasticsearch", rng, lemmas)
    backend_class = DatabaseBackend
    if engine == "elasticsearch":
        settings.PORTAL_SEARCH_URL = os.environ["PORTAL_BENCH_ENGINE"]
        settings.PORTAL_SEARCH_INDEX = f"portal-bench-{os.getpid()}"
        backend_class = ElasticsearchBackend
        backend = ElasticsearchBackend(settings.PORTAL_SEARCH_URL, settings.PORTAL_SEARCH_INDEX)
        fill_engine(backend)
    rss, peak = memory_mb()
    print(f"  memory after indexing: {rss:.0f} MB (peak {peak:.0f} MB)")

    # Every request goes through the search page; the backend's share is measured on the way.
    backend_ms = []
    search = backend_class.search

    def timed_search(self, query):
        t0 = time.perf_counter()
        try:
            return search(self, query)
        finally:
            backend_ms.append((time.perf_counter() - t0) * 1000)

    backend_class.search = timed_search
    client = Client()
    try:
        for label, texts in query_sets(random.Random(SEED + 1), lemmas):
            for sort in ("relevance", "date"):
                time_queries(client, label, texts, sort, backend_ms)
            rss, peak = memory_mb()
            print(f"    memory after {label}: {rss:.0f} MB (peak {peak:.0f} MB)")
    finally:
        if engine == "elasticsearch" and not os.environ.get("PORTAL_BENCH_KEEP"):
            backend.delete_all_indices()


def time_queries(client, label, texts, sort, backend_ms):
    """Requests the search page for each text (the first twice: the first request warms caches, not counted)."""
    timings, backend, hits, capped, fallbacks = [], [], [], 0, 0
    for n, query_text in enumerate(texts[:1] + texts):
        backend_ms.clear()
        t0 = time.perf_counter()
        response = client.get("/da/search/", {"q": query_text, "sort": sort})
        elapsed = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            raise SystemExit(f"/da/search/?q={query_text}&sort={sort} answered {response.status_code}")
        if n == 0:
            continue
        html = response.content.decode()
        total, exact = shown_count(html)
        fallbacks += "enklere databasesøgning" in html or "simpler database search" in html
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
        + (f"; {fallbacks} answered by the database fallback!" if fallbacks else "")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000, help="number of memos (default 1000)")
    parser.add_argument(
        "--only",
        choices=["sqlite", "postgres", "elasticsearch"],
        help="benchmark one database only (elasticsearch: only the engine, on PostgreSQL's entries)",
    )
    parser.add_argument(
        "--engine",
        choices=["database", "elasticsearch"],
        default="database",
        help="elasticsearch: PostgreSQL's database search, then Elasticsearch on the same entries (SEARCH_URL)",
    )
    parser.add_argument("--keep", action="store_true", help="leave the benchmark database in place afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="skip indexing when the kept database holds N entries (implies --keep)"
    )
    parser.add_argument("--child", choices=["database", "elasticsearch"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.count, args.reuse, args.child)
        return
    keep = args.keep or args.reuse
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    sqlite_url = f"sqlite:///{Path(tempfile.gettempdir()) / 'portal_bench_search.sqlite3'}"
    postgres_url = f"{base}/portal_bench_search"
    targets = []
    if args.engine == "elasticsearch" or args.only == "elasticsearch":
        database = ("SQLite", sqlite_url) if args.only == "sqlite" else ("PostgreSQL", postgres_url)
        if args.only != "elasticsearch":
            targets.append((database[0], database[1], "database"))
        targets.append((f"Elasticsearch (entries in {database[0]})", database[1], "elasticsearch"))
    else:
        if args.only in (None, "sqlite"):
            targets.append(("SQLite (FTS5)", sqlite_url, "database"))
        if args.only in (None, "postgres"):
            targets.append(("PostgreSQL", postgres_url, "database"))
    if any("postgres" in url for _label, url, _engine in targets):
        subprocess.run(
            ["psql", f"{base}/postgres", "-qc", "CREATE DATABASE portal_bench_search"], capture_output=True, check=False
        )
    engine_url = os.environ.get("SEARCH_URL", "http://127.0.0.1:9200")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:
        for label, url, engine in targets:
            print(f"{label}: {args.count} memos")
            if "sqlite" in url and not args.reuse and engine == "database":
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                "LOG_LEVEL": "WARNING",
                # Timed like production: no debug query log, and every search rendered rather than served from the
                # cache.
                "DJANGO_DEBUG": "0",
                "PORTAL_PAGE_CACHE": "0",
                "DJANGO_ALLOWED_HOSTS": "testserver",
                "PORTAL_BENCH_ENGINE": engine_url,
                # Wagtail's own search stays on the database: the benchmark times the portal's search page.
                "SEARCH_URL": "",
            }
            command = [sys.executable, __file__, str(args.count), "--child", engine] + (
                ["--reuse"] if args.reuse else []
            )
            subprocess.run(command, env=env, check=True, cwd=ROOT)
    finally:
        for url in dict.fromkeys(url for _label, url, _engine in targets):
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
