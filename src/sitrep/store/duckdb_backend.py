"""DuckDB: the embedded default store (one file, one writing process at a time)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb

from sitrep.store.backend import Backend, StoreError, drain

__all__ = ["DuckDBBackend"]


def _settle_missing_pandas() -> None:
    """DuckDB's Python binding tries ``import pandas`` for every bound parameter (twice, as
    of duckdb 1.5); without pandas installed each try searches the whole import path again,
    which took two thirds of an ingest's time. Recording it once as missing (a None entry
    in ``sys.modules``, Python's own mark for "not importable") makes each try fail at once.
    Nothing changes when pandas is installed."""
    if "pandas" not in sys.modules and importlib.util.find_spec("pandas") is None:
        sys.modules["pandas"] = None  # type: ignore[assignment]


class DuckDBBackend(Backend):
    """A DuckDB database file (or ``:memory:``)."""

    name = "duckdb"

    def __init__(self, path: str) -> None:
        _settle_missing_pandas()
        self.url = path
        try:
            self._con = duckdb.connect(path)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open DuckDB store {path}: {exc}") from exc
        self._depth = 0
        if path != ":memory:":
            # fold a WAL left by an interrupted run into the file before writing more
            self._con.execute("CHECKPOINT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._con.execute(sql, list(params)).fetchall()

    def stream(
        self, sql: str, params: Sequence[Any] = (), batch: int = 10_000
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        cur = self._con.cursor()
        cur.execute(sql, list(params))
        columns = [d[0] for d in cur.description or []]
        return columns, drain(cur, batch)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            yield
            return
        self._con.begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._con.rollback()
            raise
        self._depth = 0
        self._con.commit()

    def has_table(self, name: str) -> bool:
        rows = self.query(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", (name,)
        )
        return bool(rows[0][0])

    def copy_to_parquet(self, sql: str, params: Sequence[Any], path: str) -> None:
        """Write a query's result straight to a Parquet file."""
        escaped = path.replace("'", "''")
        self._con.execute(f"COPY ({sql}) TO '{escaped}' (FORMAT parquet)", list(params))

    def close(self) -> None:
        self._con.close()
