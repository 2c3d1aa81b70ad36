"""Ingest throughput (articles/s) into DuckDB and, given a URL, PostgreSQL.

    python benchmarks/ingest.py [--limit N] [--workers N] [--pg postgresql://...]

Each run starts from an empty store and includes extraction, writing (one transaction
per article) and incident resolution; a second pass over the same articles measures the
unchanged-article path (hash check only).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from _data import DATA, require

from sitrep.ingest import IngestOptions, iter_articles
from sitrep.lexicons import default_lexicons
from sitrep.models import Article
from sitrep.store import ingest, open_store


def bench(url: str, articles: list[Article], workers: int) -> None:
    with open_store(url) as store:
        t0 = time.perf_counter()
        report = ingest(store, articles, workers=workers)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        ingest(store, articles, workers=workers)
        second = time.perf_counter() - t0
        counts = store.counts()
    name = "postgresql" if url.startswith("postgres") else "duckdb"
    print(
        f"{name:>10}: {len(articles) / first:6.1f} articles/s first pass "
        f"({report.events} events, {counts['incidents']} incidents, {workers} worker(s)); "
        f"{len(articles) / second:7.0f} articles/s rerun (unchanged)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pg", help="an empty PostgreSQL database URL")
    args = parser.parse_args()
    path = require(DATA / "fa-kes" / "fa-kes-dev.csv")
    options = IngestOptions(
        columns={
            "text": "article_content",
            "title": "article_title",
            "published": "date",
            "source": "source",
        }
    )
    articles = [a for a in iter_articles([path], options) if isinstance(a, Article)]
    if args.limit:
        articles = articles[: args.limit]
    default_lexicons()
    with tempfile.TemporaryDirectory() as tmp:
        bench(os.path.join(tmp, "bench.duckdb"), articles, args.workers)
    if args.pg:
        bench(args.pg, articles, args.workers)


if __name__ == "__main__":
    main()
