"""The store subcommands of ``sitrep``: ``ingest``, ``events``, ``incidents``.

Thin: argument parsing and messages here, the work in :mod:`sitrep.store`,
:mod:`sitrep.incidents` and :mod:`sitrep.export`. Exit status as for ``extract``: 0 when
every article was processed, 1 when any was skipped, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from typing import Any, TextIO

from sitrep.errors import ExtractionError, InputError
from sitrep.export import FORMATS, write
from sitrep.ingest import IngestOptions, iter_articles
from sitrep.store import Filters, Stored, ingest_iter, open_store

__all__ = ["add_input_options", "add_store_commands", "run_events", "run_incidents", "run_ingest"]


def add_input_options(p: argparse.ArgumentParser) -> None:
    """The reading options shared by ``extract`` and ``ingest``."""
    p.add_argument("--published", help="publication date for articles without one (ISO)")
    p.add_argument("--source", help="outlet for articles without one")
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=NAME",
        help="map a field (text, title, published, source, url, id) to a CSV column or JSON "
        "key, e.g. --column text=article_content (repeatable)",
    )
    p.add_argument("--input-format", help="force the input format (txt, jsonl, csv, html, feed)")


def add_store_commands(sub: Any) -> None:
    """Register ``ingest``, ``events`` and ``incidents`` on the ``sitrep`` subparsers."""
    db_help = "store: a DuckDB file or postgresql:// URL (default $SITREP_DB or sitrep.duckdb)"
    ing = sub.add_parser(
        "ingest",
        help="extract articles into the event store and merge incidents",
        description="Read articles like `extract`, store articles, events, claims and "
        "statements (unchanged articles are skipped, changed ones replaced), then merge "
        "events reporting the same happening into incidents.",
    )
    ing.add_argument("paths", nargs="+", metavar="PATH")
    ing.add_argument("--db", help=db_help)
    add_input_options(ing)
    ing.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")
    ing.add_argument("--strict", action="store_true", help="stop at the first bad article")
    ing.add_argument("--quiet", "-q", action="store_true", help="no progress or summary")
    ing.add_argument("--verbose", "-v", action="store_true", help="one line per stored article")
    ing.add_argument("--no-incidents", action="store_true", help="do not merge incidents")
    for name, what in (("events", "events"), ("incidents", "incidents (merged events)")):
        p = sub.add_parser(name, help=f"list stored {what}", description=f"List stored {what}.")
        p.add_argument("--db", help=db_help)
        p.add_argument("--country", help="country name or ISO alpha-3 code")
        p.add_argument("--admin1", help="first-level region")
        p.add_argument("--type", help="event type or sub-event type")
        p.add_argument("--actor", help="substring of an actor name")
        p.add_argument("--since", type=_date, help="from this day (ISO)")
        p.add_argument("--until", type=_date, help="up to this day (ISO)")
        p.add_argument("--bbox", type=_bbox, help="min_lon,min_lat,max_lon,max_lat")
        p.add_argument("--text", help="substring of the evidence (events) or notes (incidents)")
        p.add_argument("--limit", type=int, help="at most this many rows")
        p.add_argument("--format", choices=FORMATS, default="table", help="output format")
        p.add_argument("--output", "-o", help="write to this file instead of stdout")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date: {value!r}") from exc


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        a, b, c, d = (float(x) for x in value.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError("expected min_lon,min_lat,max_lon,max_lat") from exc
    return a, b, c, d


class _Progress:
    """A rich progress line on stderr (articles, articles/s, events) when it is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = time.perf_counter()
        self.articles = self.events = 0
        if enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.completed} articles"),
                TextColumn("{task.fields[rate]:.1f} articles/s"),
                TextColumn("{task.fields[events]} events"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._task = self._bar.add_task("ingest", total=None, rate=0.0, events=0)
            self._bar.start()

    def update(self, events: int) -> None:
        self.articles += 1
        self.events += events
        if self.enabled:
            rate = self.articles / max(time.perf_counter() - self.start, 1e-9)
            self._bar.update(self._task, completed=self.articles, rate=rate, events=self.events)

    def stop(self) -> None:
        if self.enabled:
            self._bar.stop()


def run_ingest(args: argparse.Namespace, options: IngestOptions) -> int:
    skipped = 0
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    progress = _Progress(sys.stderr.isatty() and not args.quiet)
    with open_store(args.db) as store:
        try:
            items = iter_articles(args.paths, options, stdin=sys.stdin)
            for out in ingest_iter(store, items, workers=max(1, args.workers)):
                if isinstance(out, (InputError, ExtractionError)):
                    skipped += 1
                    print(f"sitrep: skipped {out}", file=sys.stderr)
                    if args.strict:
                        break
                    continue
                assert isinstance(out, Stored)
                counts[out.status] += 1
                progress.update(out.events)
                if args.verbose:
                    print(
                        f"sitrep: {out.status} {out.article_id} ({out.events} events)",
                        file=sys.stderr,
                    )
        finally:
            progress.stop()
        resolved = None if args.no_incidents else store.resolve_incidents()
        totals = store.counts()
    if not args.quiet:
        placed = f", {resolved.incidents_written} incidents written" if resolved else ""
        print(
            f"sitrep: {counts['added']} added, {counts['replaced']} replaced, "
            f"{counts['unchanged']} unchanged, {skipped} skipped, {progress.events} new events"
            f"{placed}; store: {totals['articles']} articles, {totals['events']} events, "
            f"{totals['incidents']} incidents",
            file=sys.stderr,
        )
    return 1 if skipped else 0


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        country=args.country,
        admin1=args.admin1,
        type=args.type,
        actor=args.actor,
        since=args.since,
        until=args.until,
        bbox=args.bbox,
        text=args.text,
        limit=args.limit,
    )


def _list(args: argparse.Namespace, kind: str) -> int:
    if args.format == "parquet" and not args.output:
        print("sitrep: usage error: --format parquet needs --output FILE", file=sys.stderr)
        return 2
    with open_store(args.db) as store:
        columns, rows = (store.events if kind == "events" else store.incidents)(_filters(args))
        if args.format == "parquet":
            write("parquet", kind, columns, rows, sys.stdout, args.output)  # type: ignore[arg-type]
            return 0
        out: TextIO = (
            open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
            if args.output
            else sys.stdout
        )
        try:
            write(args.format, kind, columns, rows, out)  # type: ignore[arg-type]
        finally:
            if args.output:
                out.close()
    return 0


def run_events(args: argparse.Namespace) -> int:
    return _list(args, "events")


def run_incidents(args: argparse.Namespace) -> int:
    return _list(args, "incidents")
