"""The event store: articles, events, actors, claims, statements and incidents in one schema.

Writing is idempotent per article: an article whose id and content hash are already stored
is left alone; one whose content changed has its old rows replaced. Each article is written
in one transaction, so an interrupted run loses nothing it committed and a rerun finishes
the job without duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sitrep.incidents import ClaimRecord, EventRecord, Incident, IncidentResolver, placing_order
from sitrep.models import Article, ExtractionResult
from sitrep.store import rows as R
from sitrep.store.backend import Backend, StoreError
from sitrep.store.query import Filters, events_sql, incidents_sql
from sitrep.store.schema import LATEST, current_version, migrate

__all__ = ["TABLES", "PutStatus", "ResolveReport", "Store"]

TABLES = (
    "articles",
    "events",
    "actors",
    "claims",
    "statements",
    "incidents",
    "incident_members",
)
PutStatus = Literal["added", "replaced", "unchanged"]

_CHUNK = 500  # rows per multi-row INSERT

INCIDENT_COLUMNS = (
    "id",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "date_precision",
    "actor1",
    "actor1_country",
    "actor1_kind",
    "actor2",
    "actor2_country",
    "actor2_kind",
    "actors",
    "location",
    "admin1",
    "country",
    "country_code",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "n_events",
    "n_articles",
    "n_sources",
    "sources",
    "disputed",
    "dispute_reason",
    "claims",
    "notes",
)

_RECORD_SQL = """
SELECT e.id, e.article_id, a.source, e.event_type, e.sub_event_type, e.event_date,
       e.date_precision, e.actor1, e.actor1_country, e.actor1_kind, e.actor2,
       e.actor2_country, e.actor2_kind, e.location, e.admin1, e.country, e.country_code,
       e.latitude, e.longitude, e.geo_precision, e.fatalities_low, e.fatalities_best,
       e.fatalities_high, e.injured_low, e.injured_best, e.injured_high, e.evidence,
       e.date_text, e.date_basis{extra}
FROM events e JOIN articles a ON a.id = e.article_id {join}
WHERE {where}
"""


@dataclass(frozen=True, slots=True)
class ResolveReport:
    """What one incident resolution did."""

    events: int
    """Events placed (those not yet in an incident)."""
    incidents_written: int
    """Incidents created or changed."""


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _record(row: Sequence[Any], claims: tuple[ClaimRecord, ...]) -> EventRecord:
    evidence = json.loads(row[26]) if row[26] else []
    notes = evidence[0]["text"][:300] if evidence else None
    return EventRecord(
        id=row[0],
        article_id=row[1],
        outlet=row[2],
        event_type=row[3],
        sub_event_type=row[4],
        date=_date(row[5]),
        date_precision=row[6],
        actor1=row[7],
        actor1_country=row[8],
        actor1_kind=row[9],
        actor2=row[10],
        actor2_country=row[11],
        actor2_kind=row[12],
        location=row[13],
        admin1=row[14],
        country=row[15],
        country_code=row[16],
        latitude=row[17],
        longitude=row[18],
        geo_precision=row[19],
        fatalities=(row[20], row[21], row[22]),
        injured=(row[23], row[24], row[25]),
        claims=claims,
        notes=notes,
        # consolidate dates an event the text does not date by the publication, as a week
        dated_by_publication=row[27] is None and row[6] == "week",
        date_basis=row[28],
    )


def _incident_row(inc: Incident) -> tuple[Any, ...]:
    return (
        inc.id,
        inc.event_type,
        inc.sub_event_type,
        inc.date_start,
        inc.date_end,
        inc.date_precision,
        inc.actor1,
        inc.actor1_country,
        inc.actor1_kind,
        inc.actor2,
        inc.actor2_country,
        inc.actor2_kind,
        json.dumps(list(inc.actors), ensure_ascii=False),
        inc.location,
        inc.admin1,
        inc.country,
        inc.country_code,
        inc.latitude,
        inc.longitude,
        inc.geo_precision,
        inc.fatalities_low,
        inc.fatalities_best,
        inc.fatalities_high,
        inc.injured_low,
        inc.injured_best,
        inc.injured_high,
        inc.n_events,
        inc.n_articles,
        inc.n_sources,
        "; ".join(inc.sources),
        inc.disputed,
        inc.dispute_reason,
        json.dumps(list(inc.claims), ensure_ascii=False),
        inc.notes,
    )


class Store:
    """A sitrep store over one backend; opening it upgrades an older schema in place."""

    def __init__(self, backend: Backend, *, upgrade: bool = True) -> None:
        self.backend = backend
        if upgrade:
            migrate(backend)
        version = current_version(backend)
        if version != LATEST:
            raise StoreError(f"store schema is version {version}, this sitrep needs {LATEST}")

    # -- lifecycle
    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return current_version(self.backend)

    # -- writing articles
    def stored_hash(self, article_id: str) -> str | None:
        """The content hash stored for an article id, or None."""
        rows = self.backend.query("SELECT content_hash FROM articles WHERE id = ?", (article_id,))
        return str(rows[0][0]) if rows else None

    def put(self, article: Article, result: ExtractionResult) -> PutStatus:
        """Store one article and what was extracted from it, in one transaction."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        rows = R.to_rows(article, result, now)
        ident = result.article.id
        with self.backend.transaction():
            stored = self.backend.query("SELECT content_hash FROM articles WHERE id = ?", (ident,))
            if stored and stored[0][0] == rows.article[1]:
                return "unchanged"
            if stored:
                self._delete_rows(ident)
            self._insert("articles", R.ARTICLE_COLUMNS, [rows.article])
            self._insert("events", R.EVENT_COLUMNS, rows.events)
            self._insert("actors", R.ACTOR_COLUMNS, rows.actors)
            self._insert("claims", R.CLAIM_COLUMNS, rows.claims)
            self._insert("statements", R.STATEMENT_COLUMNS, rows.statements)
        return "replaced" if stored else "added"

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and everything extracted from it; False if it was not stored."""
        with self.backend.transaction():
            if not self.backend.query("SELECT 1 FROM articles WHERE id = ?", (article_id,)):
                return False
            self._delete_rows(article_id)
        return True

    def _delete_rows(self, article_id: str) -> None:
        """Delete an article's rows and dissolve the incidents its events were in.

        The other members of those incidents become unplaced and are resolved again by
        the next :meth:`resolve_incidents`.
        """
        b = self.backend
        touched = "SELECT incident_id FROM incident_members WHERE article_id = ?"
        b.execute(f"DELETE FROM incidents WHERE id IN ({touched})", (article_id,))
        b.execute(f"DELETE FROM incident_members WHERE incident_id IN ({touched})", (article_id,))
        of_article = "SELECT id FROM events WHERE article_id = ?"
        b.execute(f"DELETE FROM actors WHERE event_id IN ({of_article})", (article_id,))
        b.execute(f"DELETE FROM claims WHERE event_id IN ({of_article})", (article_id,))
        b.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        b.execute("DELETE FROM statements WHERE article_id = ?", (article_id,))
        b.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        one = "(" + ", ".join("?" * len(columns)) + ")"
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            params = [v for row in chunk for v in row]
            self.backend.execute(head + ", ".join([one] * len(chunk)), params)

    # -- reading
    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: int(self.backend.query(f"SELECT count(*) FROM {t}")[0][0]) for t in TABLES}

    def events(self, filters: Filters | None = None) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """Stored events (with outlet, url, title, published, incident_id) matching filters."""
        sql, params = events_sql(filters or Filters())
        return self.backend.stream(sql, params)

    def incidents(
        self, filters: Filters | None = None
    ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        sql, params = incidents_sql(filters or Filters())
        return self.backend.stream(sql, params)

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, sorted (``ingested_at`` left out): to compare stores."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        for t in TABLES:
            columns, rows = self.backend.stream(f"SELECT * FROM {t}")
            keep = [i for i, c in enumerate(columns) if c != "ingested_at"]
            out[t] = sorted((tuple(r[i] for i in keep) for r in rows), key=repr)
        return out

    # -- incidents
    def _records(self, join: str, where: str, params: Sequence[Any]) -> list[EventRecord]:
        claims: dict[str, list[ClaimRecord]] = {}
        claim_sql = (
            "SELECT c.event_id, c.kind, c.value, c.qualifier, c.low, c.high, c.source, c.text "
            f"FROM claims c JOIN events e ON e.id = c.event_id {join} WHERE {where} "
            "ORDER BY c.event_id, c.kind, c.seq"
        )
        for r in self.backend.query(claim_sql, params):
            claims.setdefault(r[0], []).append(ClaimRecord(*r[1:]))
        rows = self.backend.query(_RECORD_SQL.format(extra="", join=join, where=where), params)
        return [_record(r, tuple(claims.get(r[0], ()))) for r in rows]

    def resolve_incidents(self) -> ResolveReport:
        """Place every event not yet in an incident: join an existing incident or found one.

        Runs in one transaction. Existing incidents that could absorb the new events (same
        country and event type, dates near) are loaded with their members first.
        """
        b = self.backend
        with b.transaction():
            new = self._records(
                "LEFT JOIN incident_members m ON m.event_id = e.id", "m.event_id IS NULL", ()
            )
            if not new:
                return ResolveReport(0, 0)
            resolver = IncidentResolver()
            dated = [e.date for e in new if e.date is not None]
            if dated:
                margin = dt.timedelta(days=62)
                lo, hi = min(dated) - margin, max(dated) + margin
                existing = self._records(
                    "JOIN incident_members m ON m.event_id = e.id "
                    "JOIN incidents i ON i.id = m.incident_id",
                    "i.date_end >= ? AND i.date_start <= ?",
                    (lo, hi),
                )
                owner = dict(
                    b.query(
                        "SELECT m.event_id, m.incident_id FROM incident_members m "
                        "JOIN incidents i ON i.id = m.incident_id "
                        "WHERE i.date_end >= ? AND i.date_start <= ?",
                        (lo, hi),
                    )
                )
                groups: dict[str, list[EventRecord]] = {}
                for e in existing:
                    groups.setdefault(owner[e.id], []).append(e)
                for ident in sorted(groups):
                    resolver.seed(ident, groups[ident])
            for e in sorted(new, key=placing_order):
                resolver.add(e)
            written = list(resolver.finish_all())
            for start in range(0, len(written), _CHUNK):
                chunk = written[start : start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                ids = [inc.id for inc in chunk]
                b.execute(f"DELETE FROM incident_members WHERE incident_id IN ({marks})", ids)
                b.execute(f"DELETE FROM incidents WHERE id IN ({marks})", ids)
                self._insert("incidents", INCIDENT_COLUMNS, [_incident_row(i) for i in chunk])
                members = [(ev, inc.id, art) for inc in chunk for ev, art in inc.members]
                self._insert("incident_members", ("event_id", "incident_id", "article_id"), members)
        return ResolveReport(len(new), len(written))
