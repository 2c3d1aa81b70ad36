"""The ``serve`` and ``demo`` subcommands of ``sitrep`` (FastAPI is imported only to run)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["add_server_commands", "run_server_command"]

COMMANDS = ("serve", "demo")


def add_server_commands(sub: Any) -> None:
    """Register ``serve`` and ``demo`` on the ``sitrep`` subparsers."""
    serve = sub.add_parser(
        "serve",
        help="serve the REST API and the dashboard over a store",
        description="Serve the REST API (/api, docs at /docs) and the dashboard (/). Writing "
        "(POST /api/articles) needs SITREP_API_TOKEN set and sent as a bearer token; set "
        "SITREP_API_READ_AUTH=1 to require it for reading too.",
    )
    serve.add_argument(
        "--db",
        help="store: a DuckDB file or postgresql:// URL (default $SITREP_DB or sitrep.duckdb)",
    )
    demo = sub.add_parser(
        "demo",
        help="fill a fresh store from the bundled examples and serve it",
        description="Ingest the bundled example articles into a new store in a temporary "
        "directory and serve the dashboard over it.",
    )
    for p in (serve, demo):
        p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
        p.add_argument("--port", type=int, default=8000, help="port (8000)")


def _examples() -> list[str]:
    root = resources.files("sitrep") / "examples"
    return sorted(
        str(root / name) for name in ("fa-kes-sample.jsonl", "reuters-deir-ez-zor-2016.txt")
    )


def fill_demo_store(url: str) -> None:
    """Ingest the bundled examples into the store at ``url`` (the Reuters report is dated)."""
    from sitrep.ingest import IngestOptions, iter_articles
    from sitrep.store import ingest, open_store

    # the reference article carries no date line; its publication date is documented
    # in src/sitrep/examples/README.md (17 September 2016)
    options = IngestOptions(published=dt.date(2016, 9, 17))
    with open_store(url) as store:
        report = ingest(store, iter_articles(_examples(), options))
        totals = store.counts()
    print(
        f"sitrep: demo store {url}: {report.added} articles, {totals['events']} events, "
        f"{totals['incidents']} incidents",
        file=sys.stderr,
    )


def run_server_command(args: argparse.Namespace) -> int:
    from sitrep.server.app import Settings, create_app

    try:
        import uvicorn
    except ImportError:  # pragma: no cover
        print("sitrep: error: serving needs uvicorn and fastapi", file=sys.stderr)
        return 1
    if args.command == "demo":
        tmp = tempfile.TemporaryDirectory(prefix="sitrep-demo-")
        db = str(Path(tmp.name) / "demo.duckdb")
        fill_demo_store(db)
    else:
        db = args.db
    settings = Settings.from_env(db=db)
    print(
        f"sitrep: serving on http://{args.host}:{args.port}/ (API docs at /docs)", file=sys.stderr
    )
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0
