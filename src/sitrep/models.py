"""The output contract: plain dataclasses that serialise to the JSON shape in DESIGN.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sitrep.taxonomy import VIOLENT_EVENT_TYPES

Span = tuple[int, int]
"""``[start, end)`` character offsets into the article text exactly as given."""

ACTOR_KINDS = (
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external_forces",
)
ActorKind = Literal[
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external_forces",
]
DatePrecision = Literal["day", "week", "month"]
DateBasis = Literal["event", "night", "report", "story", "publication"]
"""What an event's date rests on (docs/output.md): the event's own sentence dates it
(``event``); a night, a late hour or "the past 24 hours" (``night``: it may run into the
next day); the day a source reported it (``report``: it may have happened the day
before); a date the article gives elsewhere (``story``: the preceding event's, the
lead's); nothing in the text (``publication``: the publication week)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. Only ``text`` is required; ``id`` defaults to a content hash."""

    text: str
    id: str | None = None
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None
    """Where the article came from (``file:line``), for error messages only."""


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    id: str
    source: str | None
    url: str | None
    title: str | None
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    country: str | None
    kind: ActorKind

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    admin1: str | None
    country: str | None
    country_code: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "admin1": self.admin1,
            "country": self.country,
            "country_code": self.country_code,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "precision": self.precision,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure as one source stated it."""

    value: int | None
    qualifier: str | None
    low: int | None
    high: int | None
    source: str | None
    text: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "qualifier": self.qualifier,
            "low": self.low,
            "high": self.high,
            "source": self.source,
            "text": self.text,
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class Casualties:
    low: int | None
    best: int | None
    high: int | None
    claims: tuple[Claim, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "best": self.best,
            "high": self.high,
            "claims": [c.to_dict() for c in self.claims],
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span)}


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    event_type: str
    sub_event_type: str
    date: str | None
    date_precision: DatePrecision | None
    date_text: str | None
    date_basis: DateBasis | None
    actor1: Actor | None
    actor2: Actor | None
    assoc_actors: tuple[Actor, ...]
    location: Location | None
    fatalities: Casualties | None
    injured: Casualties | None
    evidence: tuple[Evidence, ...]
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "date_basis": self.date_basis,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "assoc_actors": [a.to_dict() for a in self.assoc_actors],
            "location": self.location.to_dict() if self.location else None,
            "fatalities": self.fatalities.to_dict() if self.fatalities else None,
            "injured": self.injured.to_dict() if self.injured else None,
            "evidence": [e.to_dict() for e in self.evidence],
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class Statement:
    speaker: str | None
    speaker_role: str | None
    text: str
    direct: bool
    span: Span
    via: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "text": self.text,
            "direct": self.direct,
            "span": list(self.span),
            "via": self.via,
        }


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """Everything read out of one article."""

    article: ArticleMeta
    events: tuple[Event, ...] = field(default_factory=tuple)
    statements: tuple[Statement, ...] = field(default_factory=tuple)

    @property
    def lead_event(self) -> Event | None:
        """The article's lead event (:func:`lead_event`)."""
        return lead_event(self.events)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "statements": [s.to_dict() for s in self.statements],
        }


def lead_event(events: Sequence[Event]) -> Event | None:
    """The event an article leads with: the first act of violence it tells (events are in
    text order), else its first event. News puts what it reports in the headline and first
    paragraph; later paragraphs add what came before or around it (an earlier attack, the
    reprisal, last month's toll), so the lead, not the most confident or the best-documented
    event, is what the article is about."""
    for e in events:
        if e.event_type in VIOLENT_EVENT_TYPES:
            return e
    return events[0] if events else None
