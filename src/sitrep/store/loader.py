"""Ingest: read articles, extract what has not been stored yet, write it to a store.

Articles whose id and content hash are already stored are not extracted again, so a rerun
after an interruption only does the remaining work.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sitrep.errors import ExtractionError, InputError
from sitrep.ingest import article_id
from sitrep.models import Article, ExtractionResult
from sitrep.pipeline import extract_batch
from sitrep.store.rows import content_hash
from sitrep.store.store import PutStatus, ResolveReport, Store

__all__ = ["IngestReport", "Stored", "ingest", "ingest_iter"]


@dataclass(frozen=True, slots=True)
class Stored:
    """One article handled by ingest."""

    article_id: str
    status: PutStatus
    events: int
    origin: str | None


@dataclass
class IngestReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    errors: list[InputError | ExtractionError] = field(default_factory=list)
    incidents: ResolveReport | None = None

    @property
    def articles(self) -> int:
        return self.added + self.replaced + self.unchanged


def ingest_iter(
    store: Store, items: Iterable[Article | InputError], *, workers: int = 1
) -> Iterator[Stored | InputError | ExtractionError]:
    """Store each article as it is extracted; yield what happened to each, in input order.

    Bad articles are yielded as errors (and not stored). Unchanged articles are not
    extracted again.
    """
    pending: deque[tuple[Article | InputError | None, Stored | None]] = deque()

    def feed() -> Iterator[Article | InputError]:
        for item in items:
            if isinstance(item, Article):
                ident = item.id or article_id(item.text)
                if store.stored_hash(ident) == content_hash(item):
                    pending.append((None, Stored(ident, "unchanged", 0, item.origin)))
                    continue
            pending.append((item, None))
            yield item

    def drain() -> Iterator[Stored]:
        while pending and pending[0][0] is None:
            done = pending.popleft()[1]
            assert done is not None
            yield done

    for result in extract_batch(feed(), workers=workers):
        yield from drain()
        item, _ = pending.popleft()
        if isinstance(result, ExtractionResult):
            assert isinstance(item, Article)
            status = store.put(item, result)
            yield Stored(result.article.id, status, len(result.events), item.origin)
        else:
            yield result
    yield from drain()


def ingest(
    store: Store,
    items: Iterable[Article | InputError],
    *,
    workers: int = 1,
    incidents: bool = True,
    on_item: Callable[[Stored | InputError | ExtractionError], None] | None = None,
) -> IngestReport:
    """Ingest articles into ``store``, then (by default) resolve incidents of new events."""
    report = IngestReport()
    for out in ingest_iter(store, items, workers=workers):
        if on_item is not None:
            on_item(out)
        if isinstance(out, Stored):
            if out.status == "added":
                report.added += 1
            elif out.status == "replaced":
                report.replaced += 1
            else:
                report.unchanged += 1
            report.events += out.events
        else:
            report.errors.append(out)
    if incidents:
        report.incidents = store.resolve_incidents()
    return report
