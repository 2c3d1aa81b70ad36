"""Flatten one article and its extraction result into the store's table rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sitrep.models import Actor, Article, Casualties, Event, ExtractionResult

__all__ = ["ArticleRows", "content_hash", "published_text", "to_rows"]

ARTICLE_COLUMNS = (
    "id",
    "content_hash",
    "source",
    "url",
    "title",
    "published",
    "text",
    "n_events",
    "ingested_at",
)
EVENT_COLUMNS = (
    "id",
    "article_id",
    "seq",
    "event_type",
    "sub_event_type",
    "event_date",
    "date_precision",
    "date_text",
    "actor1",
    "actor1_country",
    "actor1_kind",
    "actor2",
    "actor2_country",
    "actor2_kind",
    "assoc_actors",
    "location",
    "admin1",
    "country",
    "country_code",
    "latitude",
    "longitude",
    "geonames_id",
    "geo_precision",
    "location_text",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "confidence",
    "evidence",
    "date_basis",  # added by migration 3, so last (as in every store)
)
ACTOR_COLUMNS = ("event_id", "role", "seq", "name", "country", "kind")
CLAIM_COLUMNS = (
    "event_id",
    "kind",
    "seq",
    "value",
    "qualifier",
    "low",
    "high",
    "source",
    "text",
    "span_start",
    "span_end",
)
STATEMENT_COLUMNS = (
    "article_id",
    "seq",
    "speaker",
    "speaker_role",
    "text",
    "direct",
    "span_start",
    "span_end",
    "via",
)


def published_text(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def content_hash(article: Article) -> str:
    """SHA-256 of everything extraction reads: text, title, publication date, outlet, url."""
    payload = [
        article.text,
        article.title,
        published_text(article.published),
        article.source,
        article.url,
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """The rows one article adds to each table."""

    article: tuple[Any, ...]
    events: list[tuple[Any, ...]]
    actors: list[tuple[Any, ...]]
    claims: list[tuple[Any, ...]]
    statements: list[tuple[Any, ...]]


def _actor_cols(actor: Actor | None) -> tuple[Any, ...]:
    return (actor.name, actor.country, actor.kind) if actor else (None, None, None)


def _figures(c: Casualties | None) -> tuple[Any, ...]:
    return (c.low, c.best, c.high) if c else (None, None, None)


def _event_row(e: Event, article_id: str, seq: int) -> tuple[Any, ...]:
    loc = e.location
    place = (
        (
            loc.name,
            loc.admin1,
            loc.country,
            loc.country_code,
            loc.lat,
            loc.lon,
            loc.geonames_id,
            loc.precision,
            loc.text,
        )
        if loc
        else (None,) * 9
    )
    return (
        e.id,
        article_id,
        seq,
        e.event_type,
        e.sub_event_type,
        dt.date.fromisoformat(e.date) if e.date else None,
        e.date_precision,
        e.date_text,
        *_actor_cols(e.actor1),
        *_actor_cols(e.actor2),
        "; ".join(a.name for a in e.assoc_actors) or None,
        *place,
        *_figures(e.fatalities),
        *_figures(e.injured),
        e.confidence,
        json.dumps([ev.to_dict() for ev in e.evidence], ensure_ascii=False),
        e.date_basis,
    )


def to_rows(article: Article, result: ExtractionResult, ingested_at: str) -> ArticleRows:
    """All rows of one article (the article row carries ``content_hash(article)``)."""
    meta = result.article
    art = (
        meta.id,
        content_hash(article),
        meta.source,
        meta.url,
        meta.title,
        meta.published,
        article.text,
        len(result.events),
        ingested_at,
    )
    events, actors, claims = [], [], []
    for seq, e in enumerate(result.events):
        events.append(_event_row(e, meta.id, seq))
        roles = [("actor1", e.actor1), ("actor2", e.actor2)]
        roles += [("assoc", a) for a in e.assoc_actors]
        counters: dict[str, int] = {}
        for role, actor in roles:
            if actor is None:
                continue
            n = counters.get(role, 0)
            counters[role] = n + 1
            actors.append((e.id, role, n, actor.name, actor.country, actor.kind))
        for kind, figures in (("killed", e.fatalities), ("injured", e.injured)):
            if figures is None:
                continue
            for n, c in enumerate(figures.claims):
                claims.append(
                    (e.id, kind, n, c.value, c.qualifier, c.low, c.high, c.source, c.text, *c.span)
                )
    statements = [
        (meta.id, n, s.speaker, s.speaker_role, s.text, s.direct, *s.span, s.via)
        for n, s in enumerate(result.statements)
    ]
    return ArticleRows(art, events, actors, claims, statements)
