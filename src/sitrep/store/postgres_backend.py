"""PostgreSQL (psycopg 3): the server-grade store, for many readers and a shared database."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from sitrep.store.backend import Backend, StoreError, drain

__all__ = ["PostgresBackend"]


def _pg(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (the store's SQL has no literal ``?`` or ``%``)."""
    return sql.replace("?", "%s")


class PostgresBackend(Backend):
    """A PostgreSQL database given by a ``postgresql://`` URL."""

    name = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self._con = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL store: {exc}") from exc
        self._depth = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(_pg(sql), list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._con.execute(_pg(sql), list(params)).fetchall()

    def stream(
        self, sql: str, params: Sequence[Any] = (), batch: int = 10_000
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        cur = self._con.cursor()
        cur.execute(_pg(sql), list(params))
        columns = [d.name for d in cur.description or []]
        return columns, drain(cur, batch)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            yield
            return
        self._depth = 1
        try:
            with self._con.transaction():
                yield
        finally:
            self._depth = 0

    def has_table(self, name: str) -> bool:
        rows = self.query(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_name = ? AND table_schema = current_schema()",
            (name,),
        )
        return bool(rows[0][0])

    def lock_schema(self) -> None:
        self.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE")

    def close(self) -> None:
        self._con.close()
