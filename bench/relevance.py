"""The relevance set (tests/relevance.py) on SQLite, PostgreSQL and Elasticsearch, in one table.

    .venv/bin/python bench/relevance.py        # SQLite, PostgreSQL and (when it answers) Elasticsearch

Runs tests/test_relevance.py once per backend: SQLite, PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/portal; pytest makes its own test database beside it) and Elasticsearch
(SEARCH_URL, default http://127.0.0.1:9200, over SQLite). Prints success@5 (the share of queries answered in the first
five results) and MRR per backend; for Elasticsearch also the engine's own figures from its _rank_eval API.
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def engine_answers(url):
    try:
        with urllib.request.urlopen(f"{url.split(',')[0].rstrip('/')}/_cluster/health", timeout=3):
            return True
    except OSError:
        return False


def main():
    postgres = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    engine = os.environ.get("SEARCH_URL", "http://127.0.0.1:9200")
    runs = [
        ("SQLite", {"DATABASE_URL": ""}, ["-k", "database"]),
        ("PostgreSQL", {"DATABASE_URL": postgres}, ["-k", "database"]),
    ]
    if engine_answers(engine):
        runs.append(("Elasticsearch", {"DATABASE_URL": "", "SEARCH_URL": engine}, ["-m", "elasticsearch"]))
    else:
        print(f"Elasticsearch at {engine} does not answer (make search-engine): leaving it out")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "relevance.json"
        for label, env, selection in runs:
            print(f"{label}: running the relevance set …", flush=True)
            environment = {**os.environ, **env, "RELEVANCE_REPORT": str(report)}
            if not environment["DATABASE_URL"]:
                del environment["DATABASE_URL"]
            command = [sys.executable, "-m", "pytest", "tests/test_relevance.py", "-q", "-p", "no:cacheprovider"]
            result = subprocess.run([*command, *selection], cwd=ROOT, env=environment, capture_output=True, text=True)
            if result.returncode:
                print(result.stdout[-3000:])
        rows = json.loads(report.read_text()) if report.exists() else []
    print()
    print("| backend | queries | success@5 | MRR | missed in the first five |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        missed = ", ".join(f"{m['query']} ({m['language']})" for m in row["misses"]) or "none"
        print(f"| {row['backend']} | {row['queries']} | {row['success_at_5']:.3f} | {row['mrr']:.3f} | {missed} |")
        if "rank_eval_mrr" in row:
            print(
                f"| Elasticsearch, _rank_eval (the engine alone) | {row['queries']} | "
                f"{row['rank_eval_success_at_5']:.3f} | {row['rank_eval_mrr']:.3f} | |"
            )
    sys.exit(0 if rows and all(row["success_at_5"] >= 0.95 for row in rows) else 1)


if __name__ == "__main__":
    main()
