"""The ``sitrep`` command: a thin layer over the library.

It parses arguments, calls ``sitrep.ingest`` and ``sitrep.pipeline``, writes results and
turns library errors into one-line messages (``file:line: reason``). Exit status: 0 when
every article was processed, 1 when any was skipped, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from sitrep import __version__
from sitrep.cli_gazetteer import add_gazetteer_commands, run_gazetteer
from sitrep.cli_store import (
    add_input_options,
    add_store_commands,
    run_events,
    run_incidents,
    run_ingest,
)
from sitrep.errors import ExtractionError, InputError, SitrepError
from sitrep.ingest import IngestOptions, iter_articles, parse_column_specs, parse_published
from sitrep.models import ExtractionResult
from sitrep.pipeline import extract_batch
from sitrep.server.commands import add_server_commands, run_server_command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Turn news about armed conflict, political violence and protest "
        "into a sourced event dataset.",
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser(
        "extract",
        help="extract events, casualty claims and statements from articles",
        description="Read articles (txt, jsonl, csv/tsv, html, RSS/Atom, a directory, or - "
        "for stdin) and print one result per article in the output contract.",
    )
    ex.add_argument("paths", nargs="+", metavar="PATH")
    add_input_options(ex)
    ex.add_argument("--format", choices=("json", "jsonl"), default="jsonl", help="output format")
    ex.add_argument("--output", "-o", help="write results to this file instead of stdout")
    ex.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")
    ex.add_argument("--strict", action="store_true", help="stop at the first bad article")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress or summary")
    add_store_commands(sub)
    add_gazetteer_commands(sub)
    add_server_commands(sub)
    ev = sub.add_parser(
        "eval",
        help="score extraction against hand-coded gold",
        description="Match predicted events to gold events and report precision, recall and "
        "F1 by event and sub-event type, field accuracy, claims and statements. GOLD is a "
        "JSONL file (with article texts) or a directory of annotation files; without PRED, "
        "extraction runs on the gold articles.",
    )
    ev.add_argument("gold", metavar="GOLD")
    ev.add_argument("pred", metavar="PRED", nargs="?", help="sitrep extract output or annotations")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument(
        "--articles", metavar="FILE", help="JSONL of article texts for gold files without them"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "ingest":
            return run_ingest(args, _options(args))
        if args.command == "events":
            return run_events(args)
        if args.command == "incidents":
            return run_incidents(args)
        if args.command == "gazetteer":
            return run_gazetteer(args)
        if args.command in ("serve", "demo"):
            return run_server_command(args)
        if args.command == "eval":
            return _eval(args)
    except SitrepError as exc:
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    return 2


def _eval(args: argparse.Namespace) -> int:
    from sitrep.evaluation import evaluate, format_table, load_annotations, predict

    gold = load_annotations(args.gold)
    texts = load_annotations(args.articles) if args.articles else None
    pred = load_annotations(args.pred) if args.pred else predict(gold, texts)
    report = evaluate(gold, pred)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(format_table(report))
    return 0


def _options(args: argparse.Namespace) -> IngestOptions:
    try:
        published = parse_published(args.published) if args.published else None
        columns = parse_column_specs(args.column)
        return IngestOptions(
            published=published,
            source=args.source,
            columns=columns,
            input_format=args.input_format,
        )
    except ValueError as exc:
        print(f"sitrep: usage error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def _extract(args: argparse.Namespace) -> int:
    options = _options(args)
    out: TextIO = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    skipped = processed = events = 0
    first = True
    try:
        if args.format == "json":
            out.write("[\n")
        articles = iter_articles(args.paths, options, stdin=sys.stdin)
        for item in extract_batch(articles, workers=max(1, args.workers)):
            if isinstance(item, (InputError, ExtractionError)):
                skipped += 1
                print(f"sitrep: skipped {item}", file=sys.stderr)
                if args.strict:
                    return 1
                continue
            processed += 1
            events += len(item.events)
            _write(out, item, args.format, first)
            first = False
        if args.format == "json":
            out.write("\n]\n")
    finally:
        if args.output:
            out.close()
    if not args.quiet:
        print(
            f"sitrep: {processed} articles, {events} events, {skipped} skipped",
            file=sys.stderr,
        )
    return 1 if skipped else 0


def _write(out: TextIO, result: ExtractionResult, fmt: str, first: bool) -> None:
    if fmt == "jsonl":
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    else:
        if not first:
            out.write(",\n")
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
