"""Extraction throughput on FA-KES (articles/s on one core) and peak memory.

    python benchmarks/throughput.py [--repeat 3] [--limit N]

Lexicon and gazetteer loading is timed separately (once per process); throughput is
the best of ``--repeat`` passes over the corpus in one process on one core.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from _data import DATA, require

from sitrep.ingest import IngestOptions, iter_articles
from sitrep.lexicons import default_lexicons
from sitrep.models import Article
from sitrep.pipeline import extract_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    path = require(DATA / "fa-kes" / "fa-kes-dev.csv")
    options = IngestOptions(
        columns={"text": "article_content", "title": "article_title", "published": "date"}
    )
    articles = [a for a in iter_articles([path], options) if isinstance(a, Article)]
    if args.limit:
        articles = articles[: args.limit]
    chars = sum(len(a.text) for a in articles)

    t0 = time.perf_counter()
    default_lexicons()
    load_s = time.perf_counter() - t0

    rates = []
    events = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        events = sum(len(extract_article(a).events) for a in articles)
        rates.append(len(articles) / (time.perf_counter() - t0))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(articles)} articles, {chars / len(articles):.0f} chars on average")
    print(f"lexicons + gazetteer load: {load_s:.2f} s")
    print(f"events per pass: {events}")
    print(
        f"throughput: {max(rates):.0f} articles/s (best of {args.repeat}; "
        f"median {statistics.median(rates):.0f}) on one core"
    )
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
