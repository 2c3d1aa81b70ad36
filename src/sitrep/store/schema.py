"""The store schema: numbered migrations applied in order, recorded in ``schema_version``.

Each migration is a list of SQL statements in the dialect DuckDB and PostgreSQL share.
A store made by an older sitrep is upgraded in place when it is opened; never edit a
released migration, add a new one.
"""

from __future__ import annotations

import datetime as dt

from sitrep.store.backend import Backend

__all__ = ["LATEST", "MIGRATIONS", "current_version", "migrate"]

_V1 = [
    """CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        source TEXT,
        url TEXT,
        title TEXT,
        published TEXT,
        text TEXT NOT NULL,
        n_events INTEGER NOT NULL,
        ingested_at TEXT NOT NULL
    )""",
    """CREATE TABLE events (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        event_date DATE,
        date_precision TEXT,
        date_text TEXT,
        actor1 TEXT,
        actor1_country TEXT,
        actor1_kind TEXT,
        actor2 TEXT,
        actor2_country TEXT,
        actor2_kind TEXT,
        assoc_actors TEXT,
        location TEXT,
        admin1 TEXT,
        country TEXT,
        country_code TEXT,
        latitude DOUBLE PRECISION,
        longitude DOUBLE PRECISION,
        geonames_id BIGINT,
        geo_precision INTEGER,
        location_text TEXT,
        fatalities_low BIGINT,
        fatalities_best BIGINT,
        fatalities_high BIGINT,
        injured_low BIGINT,
        injured_best BIGINT,
        injured_high BIGINT,
        confidence DOUBLE PRECISION NOT NULL,
        evidence TEXT NOT NULL
    )""",
    "CREATE INDEX events_article ON events (article_id)",
    "CREATE INDEX events_date ON events (event_date)",
    "CREATE INDEX events_country ON events (country_code)",
    """CREATE TABLE actors (
        event_id TEXT NOT NULL,
        role TEXT NOT NULL,
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        country TEXT,
        kind TEXT NOT NULL,
        PRIMARY KEY (event_id, role, seq)
    )""",
    """CREATE TABLE claims (
        event_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        value BIGINT,
        qualifier TEXT,
        low BIGINT,
        high BIGINT,
        source TEXT,
        text TEXT NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        PRIMARY KEY (event_id, kind, seq)
    )""",
    """CREATE TABLE statements (
        article_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        speaker TEXT,
        speaker_role TEXT,
        text TEXT NOT NULL,
        direct BOOLEAN NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        via TEXT,
        PRIMARY KEY (article_id, seq)
    )""",
]

_V2 = [
    """CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        event_type TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        date_start DATE,
        date_end DATE,
        date_precision TEXT,
        actor1 TEXT,
        actor1_country TEXT,
        actor1_kind TEXT,
        actor2 TEXT,
        actor2_country TEXT,
        actor2_kind TEXT,
        actors TEXT NOT NULL,
        location TEXT,
        admin1 TEXT,
        country TEXT,
        country_code TEXT,
        latitude DOUBLE PRECISION,
        longitude DOUBLE PRECISION,
        geo_precision INTEGER,
        fatalities_low BIGINT,
        fatalities_best BIGINT,
        fatalities_high BIGINT,
        injured_low BIGINT,
        injured_best BIGINT,
        injured_high BIGINT,
        n_events INTEGER NOT NULL,
        n_articles INTEGER NOT NULL,
        n_sources INTEGER NOT NULL,
        sources TEXT NOT NULL,
        disputed BOOLEAN NOT NULL,
        dispute_reason TEXT,
        claims TEXT NOT NULL,
        notes TEXT
    )""",
    "CREATE INDEX incidents_date ON incidents (date_start)",
    """CREATE TABLE incident_members (
        event_id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        article_id TEXT NOT NULL
    )""",
    "CREATE INDEX incident_members_incident ON incident_members (incident_id)",
    "CREATE INDEX incident_members_article ON incident_members (article_id)",
]

_V3 = [
    # what an event's date rests on (sitrep.models.DateBasis); NULL for events stored
    # before: incident resolution then gives a day-precision date a day either side
    "ALTER TABLE events ADD COLUMN date_basis TEXT",
]

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "articles, events, actors, claims, statements", _V1),
    (2, "incidents and their members", _V2),
    (3, "what each event's date rests on (events.date_basis)", _V3),
]
"""(version, description, statements), in order."""

LATEST = MIGRATIONS[-1][0]


def current_version(backend: Backend) -> int:
    """The schema version of a store (0 for an empty database)."""
    if not backend.has_table("schema_version"):
        return 0
    rows = backend.query("SELECT max(version) FROM schema_version")
    return int(rows[0][0] or 0)


def migrate(backend: Backend, target: int | None = None) -> int:
    """Apply every migration after the store's version up to ``target`` (default: latest).

    Each migration runs in its own transaction together with its ``schema_version`` row.
    Returns the version reached.
    """
    goal = LATEST if target is None else target
    if not backend.has_table("schema_version"):
        with backend.transaction():
            backend.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
    for version, description, statements in MIGRATIONS:
        if version > goal:
            break
        with backend.transaction():
            backend.lock_schema()
            if current_version(backend) >= version:
                continue
            for sql in statements:
                backend.execute(sql)
            backend.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (version, description, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            )
    return current_version(backend)
