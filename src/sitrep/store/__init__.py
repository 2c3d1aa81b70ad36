"""The event store: a backend-neutral API over DuckDB (embedded default) and PostgreSQL.

>>> from sitrep.store import open_store
>>> with open_store("news.duckdb") as store:           # or "postgresql://user@host/db"
...     report = ingest(store, iter_articles(["news.jsonl"]))
...     columns, rows = store.incidents(Filters(country="SYR"))
"""

from __future__ import annotations

import os

from sitrep.store.backend import Backend, StoreError
from sitrep.store.loader import IngestReport, Stored, ingest, ingest_iter
from sitrep.store.query import Filters
from sitrep.store.schema import LATEST, MIGRATIONS, current_version, migrate
from sitrep.store.store import TABLES, PutStatus, ResolveReport, Store

__all__ = [
    "DEFAULT_DB",
    "LATEST",
    "MIGRATIONS",
    "TABLES",
    "Backend",
    "Filters",
    "IngestReport",
    "PutStatus",
    "ResolveReport",
    "Store",
    "StoreError",
    "Stored",
    "connect",
    "current_version",
    "default_url",
    "ingest",
    "ingest_iter",
    "migrate",
    "open_store",
]

DEFAULT_DB = "sitrep.duckdb"


def default_url() -> str:
    """``$SITREP_DB``, else ``sitrep.duckdb`` in the working directory."""
    return os.environ.get("SITREP_DB") or DEFAULT_DB


def connect(url: str | None = None) -> Backend:
    """A raw backend for a URL: ``postgresql://...`` (or ``postgres://``), else a DuckDB path."""
    target = url or default_url()
    if target.startswith(("postgresql://", "postgres://")):
        from sitrep.store.postgres_backend import PostgresBackend

        return PostgresBackend(target)
    from sitrep.store.duckdb_backend import DuckDBBackend

    return DuckDBBackend(target.removeprefix("duckdb://"))


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open the store at ``url`` (default :func:`default_url`), creating or upgrading it."""
    return Store(connect(url), upgrade=upgrade)
