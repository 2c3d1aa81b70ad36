"""What a database backend provides to the store: SQL with ``?`` placeholders, transactions."""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sitrep.errors import SitrepError

__all__ = ["Backend", "StoreError"]


class StoreError(SitrepError):
    """The store cannot be opened or written (locked, unreachable, wrong schema)."""


class Backend(abc.ABC):
    """A connection to one database. SQL uses ``?`` placeholders in every backend."""

    name: str
    url: str

    @abc.abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""

    @abc.abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return all rows."""

    @abc.abstractmethod
    def stream(
        self, sql: str, params: Sequence[Any] = (), batch: int = 10_000
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """Run a query; return its column names and an iterator over its rows."""

    @abc.abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Everything inside commits together, or not at all."""

    @abc.abstractmethod
    def has_table(self, name: str) -> bool:
        """Does the table exist?"""

    def lock_schema(self) -> None:  # noqa: B027 - optional hook
        """Serialise schema migrations between processes (inside a transaction)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection."""


def drain(cursor: Any, batch: int) -> Iterator[tuple[Any, ...]]:
    """A DB-API cursor's rows, fetched ``batch`` at a time; the cursor is closed at the end."""
    try:
        while chunk := cursor.fetchmany(batch):
            yield from chunk
    finally:
        cursor.close()
