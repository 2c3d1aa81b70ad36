"""Incident resolution: events (from one or several articles) that report the same happening.

Two events are compatible when (rules documented in ``docs/store.md``):

- **type**: the same sub-event type, or the same event type with one of them the generic
  sub-type of that type (:data:`GENERIC_SUB_EVENT`), or two sub-types that name the weapon
  of one bombardment differently (:data:`RELATED_SUB_EVENTS`: air strike or shelling) when
  both reports give the same day, or an unspecified attack on civilians and an explosion
  (:data:`UNSPECIFIED_ATTACK`) on the same day; these weaker type matches also need both
  places named exactly (precision 1), not "near" a town or in its countryside;
- **date**: both dated and the days they stand for at most ``max(tol(p1), tol(p2))`` apart,
  ``tol`` = 7 for ``week`` precision, 31 for ``month``; a ``day`` date stands for the days
  its basis allows (:data:`DAY_SPANS`: the day, a night's next day, a report's day
  before) with ``tol`` 0, so two day reports share a day (a day either side, ``tol`` 1,
  when the basis is not known); undated events stay alone; an event
  that nothing in its article dates (:attr:`EventRecord.dated_by_publication`) is a day
  report that happened on the publication day or up to :data:`PUBLICATION_LAG_DAYS` before
  it, and the distance in days is then the gap to that span;
- **place**: the same country and either both precise (precision 1/2 with coordinates) and
  within :data:`MAX_KM` (plus :data:`NEAR_KM` for each report only "near" its town,
  precision 2: :func:`reach_km`), or one imprecise (precision 3) and the same admin1, or both only
  country-level; a report without a precise place also needs the same day (both dated to
  the day): a region or a country identifies a happening less well than a town; two
  reports of a rare kind (:data:`DISTINCTIVE_SUB_EVENTS`: a chemical attack) need only the
  same admin1, whatever their precision, or the same country when one of them names only
  the country, within both dates' precision;
- **actors**: no conflicting actor1 country (both known and different), unless both
  initiators are state or foreign forces (outlets often disagree whose jets struck: that
  is a perpetrator dispute within one incident, not two incidents); and, outside battles,
  no initiators of opposite sides (:func:`initiator_side`: state or foreign forces against
  rebels, militias or jihadists).

Resolution is greedy over events in date order (within a day, reports of exact places
first, then "near" a town, then regions: :func:`placing_order`): an event joins the incident
whose every member it is compatible with (complete linkage, so incidents do not chain across
days or places; a member naming the other weapon of a bombardment need not have an exact
place when most members name the event's own weapon, and members from the event's own
article do not veto it, :func:`joins`) and that has the nearest member from another
article (days + km / MAX_KM, plus :data:`RELATED_PENALTY` for a weapon disagreement; ties:
the incident told by more articles, then the smallest incident id), else founds a new one.
Two events of one article may share an incident (an article that mentions the same
happening twice).
Candidates come from an index keyed by (country, event type, day, place cell), so each
event looks at a constant number of buckets and the cost is near-linear; incidents whose
last member is more than :data:`HORIZON_DAYS` behind the sweep are finished and dropped
from memory.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import heapq
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DAY_SPANS",
    "DISPUTE_MIN_DEATHS",
    "DISPUTE_RATIO",
    "FOLLOW_UP_DAYS",
    "GENERIC_SUB_EVENT",
    "MAX_KM",
    "NEAR_KM",
    "PUBLICATION_LAG_DAYS",
    "RELATED_PENALTY",
    "RELATED_SUB_EVENTS",
    "UNDATED_FOLLOW_UP_DAYS",
    "UNSPECIFIED_ATTACK",
    "ClaimRecord",
    "EventRecord",
    "Incident",
    "IncidentResolver",
    "compatible",
    "joins",
    "placing_order",
    "reach_km",
    "related_sub_events",
    "resolve",
    "summarise",
    "weak_kinds",
]

MAX_KM = 25.0
"""Largest distance between two precisely located reports of one incident."""

NEAR_KM = 10.0
"""How much further two reports may be apart for each of them that is only "near" a town
(precision 2): "an airbase near Homs" may be 30 km from the town."""


def reach_km(a_precision: int | None, b_precision: int | None) -> float:
    """Largest distance between two precisely located reports of one incident: MAX_KM, plus
    NEAR_KM for each report only near its town."""
    return MAX_KM + NEAR_KM * ((a_precision == 2) + (b_precision == 2))


DISTINCTIVE_SUB_EVENTS = frozenset({"Chemical weapon"})
"""Happenings rare enough that two reports of one in the same province, within both dates'
precision, are the same: a gas attack is named by its town, its district ("the Idlib
countryside") or its province, and dated by its day, a week or a later statement's day."""

FOLLOW_UP_DAYS = 2
"""A report of a :data:`DISTINCTIVE_SUB_EVENTS` happening may come this many days after it
(a new toll, the reactions: "the death toll from a suspected chemical attack has risen to
86, a monitor said on Wednesday" of Tuesday's attack), so its date stands for those days
before it too. Two gas attacks in one province within two days would be merged: rare,
and the price of keeping the next days' follow-ups on one attack together."""

UNDATED_FOLLOW_UP_DAYS = 7
"""A report of a :data:`DISTINCTIVE_SUB_EVENTS` happening that nothing in its article dates
(dated by its publication: "the recent chemical attack in Khan Shaikhoun", in a call for
an inquiry six days later) may come up to a week after it."""

DATE_TOLERANCE = {"day": 1, "week": 7, "month": 31}
"""Days two dates may differ by, per (coarser) precision."""

DAY_SPANS: dict[str | None, tuple[int, int]] = {
    "event": (0, 0),
    "night": (0, 1),
    "report": (-1, 0),
    "story": (-1, 0),
}
"""Days (first, last, relative to the date) a day-precision date stands for, by what it
rests on (:data:`sitrep.models.DateBasis`): the day itself when the event's own sentence
gives it; also the next day for a night or a late hour ("Thursday night" is Friday's early
hours to an outlet writing the next day); also the day before for the day a source spoke
or a date from elsewhere in the article ("a monitor said on Tuesday" of Monday's strikes).
Two such spans must share a day. A date stored before ``date_basis`` existed (None) gets
the tolerance of its precision instead: a day either side."""

PUBLICATION_LAG_DAYS = 2
"""An event that nothing in its article dates took place on the publication day or up to this
many days before it (news reports what happened today or in the last day or two): such an
event is compared as a day report spanning those days, not as a week either side."""

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

RELATED_SUB_EVENTS: dict[str, str] = {
    "Air/drone strike": "bombardment",
    "Shelling/artillery/missile attack": "bombardment",
}
"""Sub-types (to their family) that outlets use for one happening: whether a town was hit
by jets, helicopters' barrel bombs, artillery or missiles is what reports of one bombardment
most often disagree on. Two reports of one family but different sub-types are compatible
only when both give the same day (the weaker type evidence asks for an exact date)."""

UNSPECIFIED_ATTACK = ("Violence against civilians", "Attack")
"""The (type, sub-type) of a report that says only that civilians were attacked and killed.
Outlets that do not name the weapon of a bombing ("an attack killed 16 civilians") give
this type to what others report as an explosion (a suicide or car bomb, an air strike):
it is compatible with any Explosions/Remote violence sub-type on the same day, like a
weapon disagreement."""

_EXPLOSIONS = "Explosions/Remote violence"

RELATED_PENALTY = 0.5
"""Added to the distance of a weapon disagreement, so a report joins the incident whose
members name the same weapon before one that names the other (half a day)."""

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
    dated_by_publication: bool = False
    """Nothing in the article dates the event: ``date`` is the publication date (``week``)."""
    date_basis: str | None = None
    """What the date rests on (:data:`sitrep.models.DateBasis`), None if not known."""

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


def _window(e: EventRecord) -> tuple[int, int, int]:
    """(first day, last day, tolerance) of a dated event, days as ordinals: the days its
    date may stand for (:data:`DAY_SPANS`) and how far beyond them another report's may lie."""
    assert e.date is not None
    day = e.date.toordinal()
    # a later report of a rare happening (a new toll, a reaction) tells of the days before
    back = FOLLOW_UP_DAYS if e.sub_event_type in DISTINCTIVE_SUB_EVENTS else 0
    if e.dated_by_publication:
        if back:
            back = UNDATED_FOLLOW_UP_DAYS
        return day - max(PUBLICATION_LAG_DAYS, back), day, 1
    if e.date_precision in (None, "day"):
        span = DAY_SPANS.get(e.date_basis)
        if span is not None:
            return day + min(span[0], -back), day + span[1], 0
    return day - back, day, _date_tol(e.date_precision)


def _gap(a: EventRecord, b: EventRecord) -> int:
    """Days between the spans of two dated events (0 when they share a day)."""
    a_lo, a_hi, _ = _window(a)
    b_lo, b_hi, _ = _window(b)
    return max(0, b_lo - a_hi, a_lo - b_hi)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def types_compatible(a_type: str, a_sub: str, b_type: str, b_sub: str) -> bool:
    """The same sub-type, or the same type and one of them its generic sub-type."""
    if a_type != b_type:
        return False
    generic = GENERIC_SUB_EVENT.get(a_type)
    return a_sub in (b_sub, generic) or b_sub == generic


def related_sub_events(a_sub: str, b_sub: str) -> bool:
    """Different sub-types of one family of :data:`RELATED_SUB_EVENTS` (air strike, shelling)."""
    family = RELATED_SUB_EVENTS.get(a_sub)
    return family is not None and a_sub != b_sub and family == RELATED_SUB_EVENTS.get(b_sub)


def _is_unspecified_attack(event_type: str, sub: str) -> bool:
    return event_type == UNSPECIFIED_ATTACK[0] and sub == UNSPECIFIED_ATTACK[1]


def weak_kinds(a_type: str, a_sub: str, b_type: str, b_sub: str) -> bool:
    """Kinds that may be one happening only when reported for the same day: a weapon
    disagreement (:func:`related_sub_events`) or an unspecified attack on civilians and an
    explosion (:data:`UNSPECIFIED_ATTACK`)."""
    if related_sub_events(a_sub, b_sub):
        return True
    if _is_unspecified_attack(a_type, a_sub):
        return b_type == _EXPLOSIONS
    return (
        b_type == UNSPECIFIED_ATTACK[0] and b_sub == UNSPECIFIED_ATTACK[1] and a_type == _EXPLOSIONS
    )


def _places_compatible(a: EventRecord, b: EventRecord) -> bool:
    if a.country_code is None or a.country_code != b.country_code:
        return False
    if a.precise and b.precise:
        assert a.latitude is not None and a.longitude is not None
        assert b.latitude is not None and b.longitude is not None
        return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= reach_km(
            a.geo_precision, b.geo_precision
        )
    if a.admin1 is None and b.admin1 is None:
        return not a.precise and not b.precise  # two country-level reports
    return a.admin1 is not None and a.admin1 == b.admin1


_STATE_KINDS = frozenset({"state_forces", "external_forces"})
_NON_STATE_KINDS = frozenset({"rebel_group", "political_militia"})


def initiator_side(
    event_type: str, sub_event_type: str, actor1: str | None, kind: str | None
) -> str | None:
    """Which side of the war struck first in a one-sided event: ``"state"`` (a state's own or
    foreign forces), ``"non-state"`` (rebels, militias, jihadists), or None when unknown, for
    an unidentified group, or for a battle (whose two sides outlets name in either order).
    An air strike nobody is named for (or an unidentified group's) is an air force's:
    ``"state"``."""
    if event_type == "Battles":
        return None
    if not actor1 or actor1.startswith("Unidentified"):
        return "state" if sub_event_type == "Air/drone strike" else None
    if kind in _STATE_KINDS:
        return "state"
    return "non-state" if kind in _NON_STATE_KINDS else None


def actors_compatible(
    a_country: str | None,
    a_kind: str | None,
    b_country: str | None,
    b_kind: str | None,
    a_side: str | None = None,
    b_side: str | None = None,
) -> bool:
    """Initiators from different countries are different actors, unless both are forces of
    states (allied air forces are the commonest confusion between outlets); so are
    initiators of the two sides of the war (:func:`initiator_side`): the government's barrel
    bombs and the rebels' rockets on one city the same day are two happenings."""
    if a_side and b_side and a_side != b_side:
        return False
    if not a_country or not b_country or a_country == b_country:
        return True
    return a_kind in _STATE_KINDS and b_kind in _STATE_KINDS


def _side(e: EventRecord) -> str | None:
    return initiator_side(e.event_type, e.sub_event_type, e.actor1, e.actor1_kind)


def compatible(a: EventRecord, b: EventRecord, *, loose: bool = False) -> bool:
    """May ``a`` and ``b`` report the same happening?

    ``loose`` waives the exact places a weaker type match needs (see :func:`joins`)."""
    if a.date is None or b.date is None:
        return False
    if _gap(a, b) > max(_window(a)[2], _window(b)[2]):
        return False
    if not types_compatible(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type):
        if not weak_kinds(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type):
            return False
        if not _same_day(a, b):
            return False  # a weapon disagreement: only reports of the same day
        if not loose and not (_exact_place(a) and _exact_place(b)):
            return False  # ... and of the place itself
    if not actors_compatible(
        a.actor1_country, a.actor1_kind, b.actor1_country, b.actor1_kind, _side(a), _side(b)
    ):
        return False
    if _distinctive_in_one_region(a, b):
        return True
    if loose and _country_only_distinctive(a):
        return True  # its place waived beside a generic member (see joins)
    if not (a.precise and b.precise) and not _same_day(a, b):
        return False  # a region or a country only: the weaker place evidence asks for one day
    return _places_compatible(a, b)


def _distinctive_in_one_region(a: EventRecord | _Member, b: EventRecord | _Member) -> bool:
    """Two reports of a :data:`DISTINCTIVE_SUB_EVENTS` happening in one province, or in one
    country when one of them names only the country ("Syria: have the chemical weapons
    gloves come off?") (for :func:`compatible` and its indexed twin :func:`_near`)."""
    return (
        a.sub_event_type in DISTINCTIVE_SUB_EVENTS
        and a.sub_event_type == b.sub_event_type
        and a.country_code == b.country_code
        and (
            (a.admin1 is not None and a.admin1 == b.admin1)
            or (a.admin1 is None and not a.precise)
            or (b.admin1 is None and not b.precise)
        )
    )


def _country_only_distinctive(e: EventRecord | _Member) -> bool:
    """A report of a :data:`DISTINCTIVE_SUB_EVENTS` happening that names only the country."""
    return e.sub_event_type in DISTINCTIVE_SUB_EVENTS and e.admin1 is None and not e.precise


def joins(e: EventRecord, members: list[EventRecord]) -> bool:
    """May ``e`` join the incident of ``members`` (complete linkage)?

    ``e`` must be compatible with every member from another article, except that a member
    naming the other weapon of a bombardment (a weaker type match) needs only the same day
    and a compatible place, not both places exact, when most of the other articles name
    ``e``'s own weapon (an article that tells both the strikes and the shelling counts once,
    as one report that names it): the incident's weapon is then ``e``'s, and the
    disagreement was already tied to an exact place by the reports that made it. Likewise
    a report that names only the country of a rare happening (a gas attack) needs no
    compatible place beside a member of the generic sub-type (an "explosion" of the gas
    attack's town) when most of the other articles name the happening's own sub-type. Members
    from ``e``'s own article do not veto it: they are not another report of the happening
    but the article's own telling (a weekend's strikes and the Sunday toll), and the
    article already told them apart or together. An incident of ``e``'s article alone
    needs every member compatible."""
    others = [m for m in members if m.article_id != e.article_id]
    if not others:
        return all(compatible(e, m) for m in members)
    waived = False
    for m in others:
        if not compatible(e, m):
            if not compatible(e, m, loose=True):
                return False
            waived = True
    return not waived or _waiver_holds(
        e, ((m.article_id, m.event_type, m.sub_event_type) for m in others)
    )


def _waiver_holds(e: EventRecord | _Member, others: Iterable[tuple[str, str, str]]) -> bool:
    """Does the incident's weapon, as the other articles name it, let ``e`` waive what
    :func:`joins` lets it waive? Its own weapon (:func:`_weapon_of_most`); for a report that
    names only the country of a rare happening, its very sub-type (a member of it, then,
    is indexed where such a report looks: "d")."""
    if not _country_only_distinctive(e):
        return _weapon_of_most(e.event_type, e.sub_event_type, others)
    articles: set[str] = set()
    same: set[str] = set()
    for article, _, sub in others:
        articles.add(article)
        if sub == e.sub_event_type:
            same.add(article)
    return 2 * len(same) > len(articles)


def _weapon_of_most(event_type: str, sub: str, others: Iterable[tuple[str, str, str]]) -> bool:
    """Do most of the other articles, given as (article, type, sub-type) of their members,
    name the weapon ``sub`` (:func:`types_compatible`)? An article counts once."""
    articles: set[str] = set()
    same: set[str] = set()
    for article, other_type, other_sub in others:
        articles.add(article)
        if types_compatible(event_type, sub, other_type, other_sub):
            same.add(article)
    return 2 * len(same) > len(articles)


def _exact_place(e: EventRecord) -> bool:
    """Located at the named place itself (precision 1), not near it or in its region."""
    return e.precise and e.geo_precision == 1


def _same_day(a: EventRecord, b: EventRecord) -> bool:
    """Both dated to the day (or by publication), and to the same day (spans that overlap)."""
    return _window(a)[2] <= 1 and _window(b)[2] <= 1 and _gap(a, b) == 0


def _distance(a: EventRecord, b: EventRecord) -> float:
    """How far apart two compatible events are (days, plus km / MAX_KM or 1 without two
    precise places, plus RELATED_PENALTY for a weapon disagreement), to pick the nearest."""
    days: float = _gap(a, b) if a.date and b.date else 99
    if weak_kinds(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type):
        days += RELATED_PENALTY
    if a.precise and b.precise:
        assert a.latitude is not None and a.longitude is not None
        assert b.latitude is not None and b.longitude is not None
        return days + haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) / MAX_KM
    return days + 1.0


# --------------------------------------------------------------------------- resolver

_KM_PER_DEG = 6371.0 * math.pi / 180.0  # along a meridian, on haversine_km's sphere
_REACH_KM = MAX_KM + 2 * NEAR_KM + 0.01  # a hair more, so rounding never hides a cell


def incident_id(first_event_id: str) -> str:
    """Stable id of an incident: derived from the id of the event that founded it."""
    return "inc-" + hashlib.sha1(first_event_id.encode()).hexdigest()[:16]


def _reach_cells(lat: float, lon: float) -> list[int]:
    """The place cells (as :func:`_cell_key`) holding every point within the largest
    :func:`reach_km` (MAX_KM + 2 NEAR_KM) of (lat, lon).

    Those that meet the box ``lat ± r``, ``lon ± r_lon``: ``r`` is that reach along a
    meridian, and ``r_lon`` the longitude difference at which a meridian is that far (the distance
    from a point to a meridian is ``asin(cos(lat) * sin(dlon))`` on the sphere, whatever the
    latitude of the nearest point), so no cell within reach is ever left out.
    """
    r = _REACH_KM / _KM_PER_DEG
    ratio = _SIN_REACH / max(math.cos(math.radians(lat)), 1e-12)
    r_lon = math.degrees(math.asin(ratio)) if ratio < 1.0 else 90.0
    y0, y1 = math.floor((lat - r) / _CELL_DEG), math.floor((lat + r) / _CELL_DEG)
    x0, x1 = math.floor((lon - r_lon) / _CELL_DEG), math.floor((lon + r_lon) / _CELL_DEG)
    return [y * _ROW + x for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]


_ROW = 4096  # cell key = row * _ROW + column (columns stay within ±1,100)
_SIN_REACH = math.sin(_REACH_KM / 6371.0)


def _cell_key(lat: float, lon: float) -> int:
    return math.floor(lat / _CELL_DEG) * _ROW + math.floor(lon / _CELL_DEG)


@dataclass(slots=True)
class _Member:
    """An event of an open incident, with what comparisons need precomputed."""

    day: int | None  # the last day of its span
    first: int  # the first day of its span (``day`` but for a publication date)
    tol: int
    precise: bool
    exact: bool  # precision 1: the place itself
    lat: float
    lon: float
    rlat: float  # radians(lat)
    coslat: float
    admin1: str | None
    country_code: str | None
    event_type: str
    sub_event_type: str
    actor1_country: str | None
    actor1_kind: str | None
    side: str | None  # initiator_side
    article: str


def _member(e: EventRecord) -> _Member:
    precise = e.precise
    lat = e.latitude if precise and e.latitude is not None else 0.0
    lon = e.longitude if precise and e.longitude is not None else 0.0
    rlat = math.radians(lat)
    first, day, tol = _window(e) if e.date is not None else (0, None, 1)
    return _Member(
        day,
        first,
        tol,
        precise,
        precise and e.geo_precision == 1,
        lat,
        lon,
        rlat,
        math.cos(rlat),
        e.admin1,
        e.country_code,
        e.event_type,
        e.sub_event_type,
        e.actor1_country,
        e.actor1_kind,
        _side(e),
        e.article_id,
    )


def _near(a: _Member, b: _Member, loose: bool = False) -> float | None:
    """``_distance(a, b)`` when ``compatible(a, b, loose=loose)``, else None.

    Same arithmetic as :func:`haversine_km`/:func:`_distance`, so ties break the same way.
    """
    if a.day is None or b.day is None:
        return None
    gap = b.first - a.day
    if a.first - b.day > gap:
        gap = a.first - b.day
    if gap < 0:
        gap = 0
    if gap > (a.tol if a.tol > b.tol else b.tol):
        return None
    days: float = gap
    if a.sub_event_type != b.sub_event_type and not types_compatible(
        a.event_type, a.sub_event_type, b.event_type, b.sub_event_type
    ):
        if gap or a.tol > 1 or b.tol > 1:
            return None
        if not loose and not (a.exact and b.exact):
            return None
        if not weak_kinds(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type):
            return None
        days = RELATED_PENALTY
    if a.country_code is None or a.country_code != b.country_code:
        return None
    if a.side is not None and b.side is not None and a.side != b.side:
        return None
    if (
        a.actor1_country != b.actor1_country
        and a.actor1_country
        and b.actor1_country
        and not (a.actor1_kind in _STATE_KINDS and b.actor1_kind in _STATE_KINDS)
    ):
        return None
    if a.precise and b.precise:
        dp, dl = b.rlat - a.rlat, math.radians(b.lon - a.lon)
        h = math.sin(dp / 2) ** 2 + a.coslat * b.coslat * math.sin(dl / 2) ** 2
        km = 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
        limit = MAX_KM + (0.0 if a.exact else NEAR_KM) + (0.0 if b.exact else NEAR_KM)
        return days + km / MAX_KM if km <= limit or _distinctive_in_one_region(a, b) else None
    if _distinctive_in_one_region(a, b) or (loose and _country_only_distinctive(a)):
        return days + 1.0
    if gap or a.tol > 1 or b.tol > 1:
        return None  # a region or a country only: the same day (see compatible)
    if a.admin1 is None and b.admin1 is None:
        return None if a.precise or b.precise else days + 1.0
    return days + 1.0 if a.admin1 is not None and a.admin1 == b.admin1 else None


def _nearest(e: _Member, members: list[_Member]) -> float | None:
    """Distance to the nearest member when ``e`` may join them (:func:`joins`), else None."""
    near: float | None = None
    waived = False
    n = 0  # members from other articles than e's
    for m in members:
        if m.article == e.article:
            continue  # e's own article does not veto it (see joins)
        n += 1
        d = _near(e, m)
        if d is None:
            if e.exact and m.exact:
                return None  # the exactness waiver cannot help
            d = _near(e, m, True)
            if d is None:
                return None
            waived = True
        if near is None or d < near:
            near = d
    if n == 0:
        return _nearest_own(e, members)
    if waived and not _waiver_holds(
        e, ((m.article, m.event_type, m.sub_event_type) for m in members if m.article != e.article)
    ):
        return None  # the waiver needs e's weapon to be the incident's
    return near


def _nearest_own(e: _Member, members: list[_Member]) -> float | None:
    """``_nearest`` for an incident of e's own article only: every member must be compatible."""
    near: float | None = None
    for m in members:
        d = _near(e, m)
        if d is None:
            return None
        if near is None or d < near:
            near = d
    return near


_Slot = tuple[dict[int, list[str]], dict[int, list[str]]]
"""Incident ids by day (day-precision members) and by 32-day bucket (week/month members)."""

_Place = int | str
"""A place key: a cell (:func:`_cell_key`), "a"/"i" + admin1, "n" (country only), or "D"/"d"
(a distinctive happening with a place / naming only the country, anywhere in it)."""


@dataclass(slots=True)
class _Open:
    id: str
    order: int
    members: list[EventRecord]
    infos: list[_Member]
    sub_event_type: str
    event_type: str
    last: int
    keys: list[tuple[tuple[str, str], _Place, bool, int]] = field(default_factory=list)


def _place_keys(e: EventRecord, m: _Member) -> list[_Place]:
    """Keys an event is indexed under: its cell (and region) when precise, else its region.
    A :data:`DISTINCTIVE_SUB_EVENTS` happening also under a country-wide key: "D" when it
    has a place (a report that names only the country may join it), "d" when it names only
    the country (a report with a place may join it)."""
    keys: list[_Place]
    if m.precise:
        keys = [_cell_key(m.lat, m.lon), "a" + e.admin1] if e.admin1 else [_cell_key(m.lat, m.lon)]
    elif e.admin1:
        keys = ["i" + e.admin1]
    else:
        return ["n", "d"] if e.sub_event_type in DISTINCTIVE_SUB_EVENTS else ["n"]
    if e.sub_event_type in DISTINCTIVE_SUB_EVENTS:
        keys.append("D")
    return keys


def _probe_keys(e: EventRecord, m: _Member) -> list[_Place]:
    """Keys under which compatible members of other incidents can be indexed."""
    distinctive = e.sub_event_type in DISTINCTIVE_SUB_EVENTS
    if m.precise:
        keys: list[_Place] = list(_reach_cells(m.lat, m.lon))
        if e.admin1:
            keys.append("i" + e.admin1)
            if distinctive:
                keys.append("a" + e.admin1)  # a precise report anywhere in the province
    elif e.admin1:
        keys = ["a" + e.admin1, "i" + e.admin1]
    else:
        return ["n", "D"] if distinctive else ["n"]  # the kind anywhere in the country
    if distinctive:
        keys.append("d")  # a report of the kind that names only the country
    return keys


class IncidentResolver:
    """Greedy, incremental incident resolution over events fed in date order.

    ``seed`` loads existing incidents (incremental mode); ``add`` places one event and
    returns its incident id; ``finish_before`` / ``finish_all`` yield finished incidents.

    The index maps (country, event type) to place keys to incidents by day (or by 32-day
    bucket for week/month members); place keys are ints and strings, so probing allocates
    almost nothing.
    """

    def __init__(self) -> None:
        self._open: dict[str, _Open] = {}
        self._index: dict[tuple[str, str], dict[_Place, _Slot]] = {}
        self._by_last: list[tuple[int, int, str]] = []  # heap of (last day, order, id)
        self._founded = 0
        self._touched: set[str] = set()

    # -- building
    def seed(self, ident: str, members: Iterable[EventRecord]) -> None:
        """Load an existing incident; it changes (and is yielded) only if an event joins it."""
        for e in members:
            self._attach(ident, e, _member(e), touch=False)

    def add(self, e: EventRecord) -> str:
        """Place one event; return the id of the incident it joined or founded."""
        info = _member(e)
        best: tuple[float, str] | None = None
        if info.day is not None and e.country_code is not None:
            probes = _probe_keys(e, info)
            places = self._index.get((e.country_code, e.event_type))
            found = self._candidates(info, places, probes) if places else set()
            if _is_unspecified_attack(e.event_type, e.sub_event_type):
                places = self._index.get((e.country_code, _EXPLOSIONS))
                if places:
                    found |= self._candidates(info, places, probes)
            for ident in found:
                # every member is checked, not the incident's merged type: a member of e's
                # own article that made it a shelling does not keep out e's suicide bomb
                near = _nearest(info, self._open[ident].infos)
                if near is None:
                    continue
                if (
                    best is None
                    or near < best[0]
                    or (near == best[0] and self._told_more(ident, best[1]))
                ):
                    best = (near, ident)
        ident = best[1] if best else incident_id(e.id)
        self._attach(ident, e, info, touch=True)
        return ident

    def _told_more(self, ident: str, other: str) -> bool:
        """Of two incidents as near, whether ``ident`` is told by more articles (then has
        the smaller id): a report that names only the region most likely tells the
        happening most outlets reported."""
        n = len({m.article for m in self._open[ident].infos})
        n_other = len({m.article for m in self._open[other].infos})
        return n > n_other or (n == n_other and ident < other)

    @staticmethod
    def _candidates(m: _Member, places: dict[_Place, _Slot], probes: list[_Place]) -> set[str]:
        assert m.day is not None
        reach = m.tol if m.tol > 1 else 1  # a member of a day's tolerance (None basis, publication)
        lo, hi = m.first - reach, m.day + reach
        b0, b1 = m.first // 32 - 1, m.day // 32 + 1
        found: set[str] = set()
        for pk in probes:
            slot = places.get(pk)
            if slot is None:
                continue
            fine, coarse = slot
            if fine:
                if len(fine) > hi - lo + 1:
                    for d in range(lo, hi + 1):
                        ids = fine.get(d)
                        if ids:
                            found.update(ids)
                else:
                    for d, ids in fine.items():
                        if lo <= d <= hi:
                            found.update(ids)
            if coarse:
                for cb in range(b0, b1 + 1):
                    ids = coarse.get(cb)
                    if ids:
                        found.update(ids)
        return found

    def _attach(self, ident: str, e: EventRecord, info: _Member, *, touch: bool) -> None:
        inc = self._open.get(ident)
        if inc is None:
            inc = _Open(ident, self._founded, [], [], e.sub_event_type, e.event_type, 0)
            self._founded += 1
            self._open[ident] = inc
        inc.members.append(e)
        inc.infos.append(info)
        if inc.sub_event_type == GENERIC_SUB_EVENT.get(
            inc.event_type
        ) and e.sub_event_type != GENERIC_SUB_EVENT.get(e.event_type):
            inc.sub_event_type, inc.event_type = e.sub_event_type, e.event_type
        if touch:
            self._touched.add(ident)
        last = inc.last
        if info.day is None or e.country_code is None:
            inc.last = max(last, info.day if info.day is not None else 0)
        else:
            day = info.day
            if day > last:
                inc.last = day
            coarse = info.tol > 1
            slot_days: tuple[int, ...] = (
                (day // 32,)
                if coarse
                else (day,)
                if info.first == day
                else tuple(range(info.first, day + 1))
            )
            outer = (e.country_code, e.event_type)
            outers: tuple[tuple[str, str], ...] = (outer,)
            if _is_unspecified_attack(e.event_type, e.sub_event_type):
                outers = (outer, (e.country_code, _EXPLOSIONS))  # found by explosions' probes
            for outer in outers:
                places = self._index.get(outer)
                if places is None:
                    places = self._index[outer] = {}
                for pk in _place_keys(e, info):
                    slot = places.get(pk)
                    if slot is None:
                        slot = places[pk] = ({}, {})
                    inner = slot[1] if coarse else slot[0]
                    for slot_day in slot_days:
                        ids = inner.get(slot_day)
                        if ids is None:
                            inner[slot_day] = [ident]
                        else:
                            ids.append(ident)
                        inc.keys.append((outer, pk, coarse, slot_day))
        if inc.last != last or len(inc.members) == 1:
            heapq.heappush(self._by_last, (inc.last, inc.order, ident))

    # -- output
    def finish_before(self, day: dt.date) -> Iterator[Incident]:
        """Yield (and forget) incidents that no event dated ``day`` or later can join."""
        return iter(self._finish_before(day.toordinal()))

    def _finish_before(self, ordinal: int) -> list[Incident]:
        limit = ordinal - HORIZON_DAYS
        heap = self._by_last
        done: list[tuple[int, str]] = []
        while heap and heap[0][0] < limit:
            last, order, ident = heapq.heappop(heap)
            inc = self._open.get(ident)
            if inc is not None and inc.last == last and inc.order == order:
                done.append((order, ident))
        done.sort()
        return self._finish([ident for _, ident in done])

    def finish_all(self) -> Iterator[Incident]:
        self._by_last.clear()
        return iter(self._finish(sorted(self._open)))

    def _finish(self, idents: list[str]) -> list[Incident]:
        index = self._index
        out: list[Incident] = []
        for ident in idents:
            inc = self._open.pop(ident)
            for outer, pk, coarse, slot_day in inc.keys:
                places = index.get(outer)
                slot = places.get(pk) if places is not None else None
                if places is None or slot is None:
                    continue
                inner = slot[1] if coarse else slot[0]
                ids = inner.get(slot_day)
                if ids is not None:
                    ids.remove(ident)
                    if not ids:
                        del inner[slot_day]
                        if not slot[0] and not slot[1]:
                            del places[pk]
            if ident in self._touched:
                self._touched.discard(ident)
                out.append(summarise(ident, inc.members))
        return out

    @property
    def open_count(self) -> int:
        return len(self._open)


def placing_order(e: EventRecord) -> tuple[bool, int, int, str]:
    """The order events are placed in: by date (undated last); within a day, reports of the
    place itself, then near a town, then of a region or country only, so that the most
    precise reports found incidents and vaguer ones are placed against them; then by id."""
    return (e.date is None, e.date.toordinal() if e.date else 0, _place_rank(e), e.id)


def _place_rank(e: EventRecord) -> int:
    return 0 if _exact_place(e) else 1 if e.precise else 2


_CHUNK = 32768
"""Events resolved between two returns to the caller (see :func:`resolve`)."""


def resolve(events: Iterable[EventRecord], *, presorted: bool = False) -> Iterator[Incident]:
    """Group events into incidents (every event ends up in exactly one incident).

    With ``presorted`` the events must come in date order (undated last; within a day,
    :func:`placing_order` is preferred but not required), and memory stays bounded by the
    incidents of the last :data:`HORIZON_DAYS` days.

    Work is done in chunks of :data:`_CHUNK` events (pulled from ``events``, then placed)
    with Python's cyclic garbage collector paused: the resolver creates no reference cycles,
    and the collector's repeated passes over the many live incident objects cost about a
    third of the time. It is re-enabled before the chunk's finished incidents are yielded,
    so code consuming them never runs with it paused.
    """
    stream = iter(events if presorted else sorted(events, key=placing_order))
    resolver = IncidentResolver()
    current = -1
    more = True
    while more:
        out: list[Incident] = []
        paused = gc.isenabled()
        gc.disable()
        try:
            for _ in range(_CHUNK):
                e = next(stream, None)
                if e is None:
                    more = False
                    out.extend(resolver.finish_all())
                    break
                if e.date is not None and e.date.toordinal() != current:
                    current = e.date.toordinal()
                    out.extend(resolver._finish_before(current))
                resolver.add(e)
        finally:
            if paused:
                gc.enable()
        yield from out


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


def _weapon_dispute(members: list[EventRecord]) -> str | None:
    """Outlets naming different weapons of one bombardment (:data:`RELATED_SUB_EVENTS`)."""
    by_sub: dict[str, set[str]] = {}
    for e in members:
        if e.sub_event_type in RELATED_SUB_EVENTS:
            by_sub.setdefault(e.sub_event_type, set()).add(_outlet(e))
    if len(by_sub) < 2 or len(set().union(*by_sub.values())) < 2:
        return None
    parts = [f"{sub} ({', '.join(sorted(o))})" for sub, o in sorted(by_sub.items())]
    return "weapon: " + " vs ".join(parts)


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


def _one(t: tuple[int | None, int | None, int | None]) -> tuple[int | None, ...]:
    """``_agg([t])``: one report's figures."""
    return (t[0], t[1], t[2] if t[2] is not None else t[1])


def _summarise_one(ident: str, e: EventRecord) -> Incident:
    """``summarise`` of a one-event incident (most of them), without the merging work."""
    reason = _fatality_dispute([e]) if e.claims else None
    fat, inj = _one(e.fatalities), _one(e.injured)
    return Incident(
        id=ident,
        event_type=e.event_type,
        sub_event_type=e.sub_event_type,
        date_start=e.date,
        date_end=e.date,
        date_precision=e.date_precision if e.date is not None else None,
        actor1=e.actor1 or None,
        actor1_country=e.actor1_country if e.actor1 else None,
        actor1_kind=e.actor1_kind if e.actor1 else None,
        actor2=e.actor2 or None,
        actor2_country=e.actor2_country if e.actor2 else None,
        actor2_kind=e.actor2_kind if e.actor2 else None,
        actors=tuple(sorted({n for n in (e.actor1, e.actor2) if n})),
        location=e.location,
        admin1=e.admin1,
        country=e.country,
        country_code=e.country_code,
        latitude=e.latitude,
        longitude=e.longitude,
        geo_precision=e.geo_precision,
        fatalities_low=fat[0],
        fatalities_best=fat[1],
        fatalities_high=fat[2],
        injured_low=inj[0],
        injured_best=inj[1],
        injured_high=inj[2],
        n_events=1,
        n_articles=1,
        n_sources=1,
        sources=(_outlet(e),),
        disputed=reason is not None,
        dispute_reason=reason,
        claims=_claims([e]),
        notes=(e.notes or "")[:2000] or None,
        members=((e.id, e.article_id),),
    )


def _claims(members: list[EventRecord]) -> tuple[dict[str, Any], ...]:
    return tuple(
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


def summarise(ident: str, members: list[EventRecord]) -> Incident:
    """Merge the member events of one incident into its summary."""
    if len(members) == 1:
        return _summarise_one(ident, members[0])
    members = sorted(members, key=lambda e: e.id)
    specific = [e for e in members if e.sub_event_type != GENERIC_SUB_EVENT.get(e.event_type)]
    sub = _mode([e.sub_event_type for e in specific])
    kind = next((e for e in specific if e.sub_event_type == sub), members[0])
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
    disputes = (_fatality_dispute(members), _perpetrator_dispute(members), _weapon_dispute(members))
    reasons = [r for r in disputes if r]
    claims = _claims(members)
    notes = " | ".join(e.notes for e in members if e.notes)
    return Incident(
        id=ident,
        event_type=kind.event_type,
        sub_event_type=kind.sub_event_type,
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
