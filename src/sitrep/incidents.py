"""Incident resolution: events from different articles that report the same happening.

Two events may belong to one incident when (rules documented in ``docs/store.md``):

- **type**: the same sub-event type, or the same event type with one of them the generic
  sub-type of that type (:data:`GENERIC_SUB_EVENT`);
- **date**: both dated and ``|d1 - d2| <= max(tol(p1), tol(p2))`` with ``tol`` = 1 day for
  ``day`` precision, 7 for ``week``, 31 for ``month`` (undated events stay alone);
- **place**: the same country and either both precise (precision 1/2 with coordinates) and
  within :data:`MAX_KM`, or one imprecise (precision 3) and the same admin1, or both only
  country-level;
- **actors**: no conflicting actor1 country (both known and different);
- **articles**: never two events of the same article.

Resolution is greedy over events in date order: an event joins the compatible incident
with the nearest member (ties: smallest incident id), else founds a new one. Candidates
come from an index keyed by (country, event type, day, place cell), so each event looks at
a constant number of buckets and the cost is near-linear; incidents whose last member is
more than :data:`HORIZON_DAYS` behind the sweep are finished and dropped from memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DISPUTE_MIN_DEATHS",
    "DISPUTE_RATIO",
    "GENERIC_SUB_EVENT",
    "MAX_KM",
    "ClaimRecord",
    "EventRecord",
    "Incident",
    "IncidentResolver",
    "compatible",
    "resolve",
    "summarise",
]

MAX_KM = 25.0
"""Largest distance between two precisely located reports of one incident."""

DATE_TOLERANCE = {"day": 1, "week": 7, "month": 31}
"""Days two dates may differ by, per (coarser) precision."""

HORIZON_DAYS = 2 * max(DATE_TOLERANCE.values())
"""An incident whose last member is this far behind the sweep can no longer grow."""

DISPUTE_RATIO = 1.5
"""Figures are disputed when the larger exceeds the smaller by more than 50% ..."""

DISPUTE_MIN_DEATHS = 5
"""... and by more than this many deaths."""

GENERIC_SUB_EVENT = {
    "Battles": "Armed clash",
    "Explosions/Remote violence": "Remote explosive/landmine/IED",
    "Violence against civilians": "Attack",
    "Protests": "Peaceful protest",
    "Riots": "Violent demonstration",
    "Strategic developments": "Other",
}
"""The sub-type a generic report of each event type gets (a bare "attack", "explosion")."""

_CELL_DEG = 0.5  # place-index cell: 0.5 degree of latitude is 55 km, twice MAX_KM
_GENERIC_ACTOR_WORDS = ("unidentified", "unknown", "civilians", "protesters", "rioters")


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One casualty figure of one event, with who gave it."""

    kind: str
    value: int | None
    qualifier: str | None
    low: int | None
    high: int | None
    source: str | None
    text: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    """The fields of a stored event that incident resolution needs."""

    id: str
    article_id: str
    outlet: str | None
    event_type: str
    sub_event_type: str
    date: dt.date | None
    date_precision: str | None
    actor1: str | None = None
    actor1_country: str | None = None
    actor1_kind: str | None = None
    actor2: str | None = None
    actor2_country: str | None = None
    actor2_kind: str | None = None
    location: str | None = None
    admin1: str | None = None
    country: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: tuple[int | None, int | None, int | None] = (None, None, None)
    injured: tuple[int | None, int | None, int | None] = (None, None, None)
    claims: tuple[ClaimRecord, ...] = ()
    notes: str | None = None

    @property
    def precise(self) -> bool:
        return (
            self.latitude is not None
            and self.longitude is not None
            and self.geo_precision is not None
            and self.geo_precision < 3
        )


@dataclass(frozen=True, slots=True)
class Incident:
    """One happening, merged over the events (and articles) that report it."""

    id: str
    event_type: str
    sub_event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    actor1: str | None
    actor1_country: str | None
    actor1_kind: str | None
    actor2: str | None
    actor2_country: str | None
    actor2_kind: str | None
    actors: tuple[str, ...]
    location: str | None
    admin1: str | None
    country: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    injured_low: int | None
    injured_best: int | None
    injured_high: int | None
    n_events: int
    n_articles: int
    n_sources: int
    sources: tuple[str, ...]
    disputed: bool
    dispute_reason: str | None
    claims: tuple[dict[str, Any], ...]
    notes: str | None
    members: tuple[tuple[str, str], ...]
    """(event id, article id) of every member."""


# --------------------------------------------------------------------------- compatibility


def _date_tol(precision: str | None) -> int:
    return DATE_TOLERANCE.get(precision or "day", 1)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def types_compatible(a_type: str, a_sub: str, b_type: str, b_sub: str) -> bool:
    if a_type != b_type:
        return False
    generic = GENERIC_SUB_EVENT.get(a_type)
    return a_sub in (b_sub, generic) or b_sub == generic


def _places_compatible(a: EventRecord, b: EventRecord) -> bool:
    if a.country_code is None or a.country_code != b.country_code:
        return False
    if a.precise and b.precise:
        assert a.latitude is not None and a.longitude is not None
        assert b.latitude is not None and b.longitude is not None
        return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= MAX_KM
    if a.admin1 is None and b.admin1 is None:
        return not a.precise and not b.precise  # two country-level reports
    return a.admin1 is not None and a.admin1 == b.admin1


def compatible(a: EventRecord, b: EventRecord) -> bool:
    """May ``a`` and ``b`` report the same happening? (Articles are checked by the caller.)"""
    if a.date is None or b.date is None:
        return False
    if abs((a.date - b.date).days) > max(_date_tol(a.date_precision), _date_tol(b.date_precision)):
        return False
    if not types_compatible(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type):
        return False
    if a.actor1_country and b.actor1_country and a.actor1_country != b.actor1_country:
        return False
    return _places_compatible(a, b)


def _distance(a: EventRecord, b: EventRecord) -> float:
    """How far apart two compatible events are (days, plus km / MAX_KM), to pick the nearest."""
    days = abs((a.date - b.date).days) if a.date and b.date else 99
    if a.precise and b.precise:
        assert a.latitude is not None and a.longitude is not None
        assert b.latitude is not None and b.longitude is not None
        return days + haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) / MAX_KM
    return days + 1.0


# --------------------------------------------------------------------------- resolver


@dataclass(slots=True)
class _Open:
    id: str
    members: list[EventRecord]
    sub_event_type: str
    event_type: str
    articles: set[str]
    countries: set[str]
    last: int
    keys: list[tuple[Any, ...]] = field(default_factory=list)


def incident_id(first_event_id: str) -> str:
    """Stable id of an incident: derived from the id of the event that founded it."""
    return "inc-" + hashlib.sha1(first_event_id.encode()).hexdigest()[:16]


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG)


def _lon_span(lat: float) -> int:
    """How many cells east/west MAX_KM may reach at this latitude."""
    km_per_cell = (
        111.32 * _CELL_DEG * max(math.cos(math.radians(min(abs(lat) + _CELL_DEG, 89.0))), 1e-3)
    )
    return max(1, math.ceil(MAX_KM / km_per_cell))


def _place_keys(e: EventRecord) -> list[tuple[Any, ...]]:
    """Keys an event is indexed under."""
    if e.precise:
        assert e.latitude is not None and e.longitude is not None
        keys: list[tuple[Any, ...]] = [("c", *_cell(e.latitude, e.longitude))]
        if e.admin1:
            keys.append(("a", e.admin1))
        return keys
    if e.admin1:
        return [("i", e.admin1)]
    return [("n",)]


def _probe_keys(e: EventRecord) -> list[tuple[Any, ...]]:
    """Keys under which compatible members of other incidents can be indexed."""
    if e.precise:
        assert e.latitude is not None and e.longitude is not None
        cy, cx = _cell(e.latitude, e.longitude)
        span = _lon_span(e.latitude)
        keys: list[tuple[Any, ...]] = [
            ("c", cy + dy, cx + dx) for dy in (-1, 0, 1) for dx in range(-span, span + 1)
        ]
        if e.admin1:
            keys.append(("i", e.admin1))
        return keys
    if e.admin1:
        return [("a", e.admin1), ("i", e.admin1)]
    return [("n",)]


class IncidentResolver:
    """Greedy, incremental incident resolution over events fed in date order.

    ``seed`` loads existing incidents (incremental mode); ``add`` places one event and
    returns its incident id; ``finish_before`` / ``finish_all`` yield finished incidents.
    """

    def __init__(self) -> None:
        self._open: dict[str, _Open] = {}
        # fine index: (country, type, day ordinal, place key) -> incident ids
        self._fine: dict[tuple[Any, ...], list[str]] = {}
        # coarse index for week/month members: (country, type, ordinal // 32, place key)
        self._coarse: dict[tuple[Any, ...], list[str]] = {}
        self._touched: set[str] = set()
        self._dropped: set[str] = set()

    # -- building
    def seed(self, ident: str, members: Iterable[EventRecord]) -> None:
        """Load an existing incident; it changes (and is yielded) only if an event joins it."""
        for e in members:
            self._attach(ident, e, touch=False)

    def add(self, e: EventRecord) -> str:
        """Place one event; return the id of the incident it joined or founded."""
        best: tuple[float, str] | None = None
        if e.date is not None and e.country_code is not None:
            for ident in self._candidates(e):
                inc = self._open[ident]
                if e.article_id in inc.articles:
                    continue
                if not types_compatible(
                    inc.event_type, inc.sub_event_type, e.event_type, e.sub_event_type
                ):
                    continue
                if e.actor1_country and any(c != e.actor1_country for c in inc.countries):
                    continue
                near = min((_distance(e, m) for m in inc.members if compatible(e, m)), default=None)
                if near is not None and (best is None or (near, ident) < best):
                    best = (near, ident)
        ident = best[1] if best else incident_id(e.id)
        self._attach(ident, e, touch=True)
        return ident

    def _candidates(self, e: EventRecord) -> list[str]:
        assert e.date is not None
        day = e.date.toordinal()
        tol = _date_tol(e.date_precision)
        base = (e.country_code, e.event_type)
        found: set[str] = set()
        for pk in _probe_keys(e):
            for d in range(day - tol, day + tol + 1):
                found.update(self._fine.get((*base, d, pk), ()))
            b = day // 32
            for cb in (b - 1, b, b + 1):
                found.update(self._coarse.get((*base, cb, pk), ()))
        return sorted(found)

    def _attach(self, ident: str, e: EventRecord, *, touch: bool) -> None:
        inc = self._open.get(ident)
        if inc is None:
            inc = _Open(ident, [], e.sub_event_type, e.event_type, set(), set(), 0)
            self._open[ident] = inc
        inc.members.append(e)
        inc.articles.add(e.article_id)
        if e.actor1_country:
            inc.countries.add(e.actor1_country)
        if inc.sub_event_type == GENERIC_SUB_EVENT.get(inc.event_type):
            inc.sub_event_type = e.sub_event_type
        if touch:
            self._touched.add(ident)
        if e.date is None or e.country_code is None:
            inc.last = max(inc.last, e.date.toordinal() if e.date else 0)
            return
        day = e.date.toordinal()
        inc.last = max(inc.last, day)
        base = (e.country_code, e.event_type)
        coarse = _date_tol(e.date_precision) > 1
        for pk in _place_keys(e):
            key = (*base, day // 32, pk) if coarse else (*base, day, pk)
            index = self._coarse if coarse else self._fine
            index.setdefault(key, []).append(ident)
            inc.keys.append((coarse, key))

    # -- output
    def finish_before(self, day: dt.date) -> Iterator[Incident]:
        """Yield (and forget) incidents that no event dated ``day`` or later can join."""
        limit = day.toordinal() - HORIZON_DAYS
        done = [i for i, inc in self._open.items() if inc.last < limit]
        yield from self._finish(done)

    def finish_all(self) -> Iterator[Incident]:
        yield from self._finish(sorted(self._open))

    def _finish(self, idents: list[str]) -> Iterator[Incident]:
        for ident in idents:
            inc = self._open.pop(ident)
            for coarse, key in inc.keys:
                index = self._coarse if coarse else self._fine
                bucket = index.get(key)
                if bucket is not None:
                    bucket.remove(ident)
                    if not bucket:
                        del index[key]
            if ident in self._touched:
                self._touched.discard(ident)
                yield summarise(ident, inc.members)

    @property
    def open_count(self) -> int:
        return len(self._open)


def _sort_key(e: EventRecord) -> tuple[int, int, str]:
    return (e.date is None, e.date.toordinal() if e.date else 0, e.id)


def resolve(events: Iterable[EventRecord], *, presorted: bool = False) -> Iterator[Incident]:
    """Group events into incidents (every event ends up in exactly one incident).

    With ``presorted`` the events must come in date order (undated last), and memory stays
    bounded by the incidents of the last :data:`HORIZON_DAYS` days.
    """
    stream = events if presorted else sorted(events, key=_sort_key)
    resolver = IncidentResolver()
    current = -1
    for e in stream:
        if e.date is not None and e.date.toordinal() != current:
            current = e.date.toordinal()
            yield from resolver.finish_before(e.date)
        resolver.add(e)
    yield from resolver.finish_all()


# --------------------------------------------------------------------------- summaries


def _is_generic_actor(name: str) -> bool:
    """Unnamed actors: "Unidentified Armed Group (Syria)", "Rebels (Syria)", "Civilians"."""
    low = name.lower()
    return low.endswith(")") or any(w in low for w in _GENERIC_ACTOR_WORDS)


def _outlet(e: EventRecord) -> str:
    return e.outlet or f"article {e.article_id}"


def _figure_bounds(claims: list[ClaimRecord]) -> tuple[int, int | None] | None:
    """(lower, upper) bound of a source's largest figure; upper None when open-ended."""
    best: tuple[int, int | None] | None = None
    for c in claims:
        lo = c.low if c.low is not None else c.value
        if lo is None:
            continue
        hi = c.high if c.high is not None else (c.value if c.qualifier is None else None)
        if best is None or lo > best[0]:
            best = (lo, hi)
    return best


def _fatality_dispute(members: list[EventRecord]) -> str | None:
    """Sources whose death figures cannot be reconciled (see DISPUTE_RATIO/MIN_DEATHS)."""
    by_source: dict[str, list[ClaimRecord]] = {}
    for e in members:
        for c in e.claims:
            if c.kind == "killed":
                by_source.setdefault(c.source or _outlet(e), []).append(c)
    bounds = {s: b for s, cs in by_source.items() if (b := _figure_bounds(cs)) is not None}
    worst: tuple[int, str] | None = None
    for sa, (_, high_a) in bounds.items():
        if high_a is None:
            continue
        for sb, (low_b, _) in bounds.items():
            if sa == sb or low_b <= high_a:
                continue
            if low_b - high_a > DISPUTE_MIN_DEATHS and low_b > DISPUTE_RATIO * high_a:
                reason = f"deaths: {sa} says {high_a}, {sb} says {low_b}"
                gap = low_b - high_a
                if worst is None or (gap, reason) > (worst[0], worst[1]):
                    worst = (gap, reason)
    return worst[1] if worst else None


def _perpetrator_dispute(members: list[EventRecord]) -> str | None:
    """Outlets naming different specific initiators: one's actor1 is neither side of the other's."""
    named = [e for e in members if e.actor1 and not _is_generic_actor(e.actor1)]
    clash: dict[str, set[str]] = {}
    for a in named:
        for b in named:
            if _outlet(a) != _outlet(b) and b.actor1 not in (a.actor1, a.actor2):
                for e in (a, b):
                    assert e.actor1 is not None
                    clash.setdefault(e.actor1, set()).add(_outlet(e))
    if not clash:
        return None
    parts = [f"{n} ({', '.join(sorted(s))})" for n, s in sorted(clash.items())]
    return "perpetrator: " + " vs ".join(parts)


def _mode(values: list[str]) -> str | None:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def _agg(triples: list[tuple[int | None, int | None, int | None]]) -> tuple[int | None, ...]:
    lows = [t[0] for t in triples if t[0] is not None]
    bests = [t[1] for t in triples if t[1] is not None]
    highs = [t[2] if t[2] is not None else t[1] for t in triples]
    return (
        min(lows) if lows else None,
        min(bests) if bests else None,
        max((h for h in highs if h is not None), default=None),
    )


def summarise(ident: str, members: list[EventRecord]) -> Incident:
    """Merge the member events of one incident into its summary."""
    members = sorted(members, key=lambda e: e.id)
    generic = GENERIC_SUB_EVENT.get(members[0].event_type)
    subs = sorted({e.sub_event_type for e in members} - {generic}) or [members[0].sub_event_type]
    dates = [e.date for e in members if e.date is not None]
    finest = min(
        (e for e in members if e.date is not None),
        key=lambda e: (_date_tol(e.date_precision), e.id),
        default=None,
    )
    place = min(
        members,
        key=lambda e: (
            e.geo_precision if e.geo_precision is not None else 9,
            not e.precise,
            e.location is None,
            e.id,
        ),
    )
    named = [e.actor1 for e in members if e.actor1 and not _is_generic_actor(e.actor1)]
    a1_name = _mode(named or [e.actor1 for e in members if e.actor1])
    a1 = next((e for e in members if e.actor1 == a1_name), members[0])
    a2_name = _mode([e.actor2 for e in members if e.actor2])
    a2 = next((e for e in members if e.actor2 == a2_name), members[0])
    actors = sorted({n for e in members for n in (e.actor1, e.actor2) if n})
    fat = _agg([e.fatalities for e in members if any(x is not None for x in e.fatalities)])
    inj = _agg([e.injured for e in members if any(x is not None for x in e.injured)])
    outlets = sorted({_outlet(e) for e in members})
    reasons = [r for r in (_fatality_dispute(members), _perpetrator_dispute(members)) if r]
    claims = tuple(
        {
            "event_id": e.id,
            "article_id": e.article_id,
            "outlet": e.outlet,
            "kind": c.kind,
            "value": c.value,
            "qualifier": c.qualifier,
            "low": c.low,
            "high": c.high,
            "source": c.source,
            "text": c.text,
        }
        for e in members
        for c in e.claims
    )
    notes = " | ".join(e.notes for e in members if e.notes)
    return Incident(
        id=ident,
        event_type=members[0].event_type,
        sub_event_type=subs[0],
        date_start=min(dates) if dates else None,
        date_end=max(dates) if dates else None,
        date_precision=finest.date_precision if finest else None,
        actor1=a1_name,
        actor1_country=a1.actor1_country if a1_name else None,
        actor1_kind=a1.actor1_kind if a1_name else None,
        actor2=a2_name,
        actor2_country=a2.actor2_country if a2_name else None,
        actor2_kind=a2.actor2_kind if a2_name else None,
        actors=tuple(actors),
        location=place.location,
        admin1=place.admin1,
        country=place.country,
        country_code=place.country_code,
        latitude=place.latitude,
        longitude=place.longitude,
        geo_precision=place.geo_precision,
        fatalities_low=fat[0],
        fatalities_best=fat[1],
        fatalities_high=fat[2],
        injured_low=inj[0],
        injured_best=inj[1],
        injured_high=inj[2],
        n_events=len(members),
        n_articles=len({e.article_id for e in members}),
        n_sources=len(outlets),
        sources=tuple(outlets),
        disputed=bool(reasons),
        dispute_reason="; ".join(reasons) if reasons else None,
        claims=claims,
        notes=notes[:2000] or None,
        members=tuple((e.id, e.article_id) for e in members),
    )
