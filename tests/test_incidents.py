"""Incident resolution on small hand-written examples, and its index against brute force."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sitrep.incidents import (
    MAX_KM,
    NEAR_KM,
    ClaimRecord,
    EventRecord,
    Incident,
    IncidentResolver,
    _distance,
    compatible,
    haversine_km,
    incident_id,
    joins,
    related_sub_events,
    resolve,
    types_compatible,
    weak_kinds,
)
from sitrep.models import (
    Actor,
    Article,
    ArticleMeta,
    Casualties,
    Claim,
    Event,
    Evidence,
    ExtractionResult,
    Location,
)
from sitrep.store import Filters, open_store

DAY = dt.date(2016, 9, 17)
ALEPPO = (36.2021, 37.1343)


def ev(ident: str, article: str, **kw: Any) -> EventRecord:
    base: dict[str, Any] = {
        "id": ident,
        "article_id": article,
        "outlet": f"outlet-{article}",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "date": DAY,
        "date_precision": "day",
        "location": "Aleppo",
        "admin1": "Aleppo",
        "country": "Syria",
        "country_code": "SYR",
        "latitude": ALEPPO[0],
        "longitude": ALEPPO[1],
        "geo_precision": 1,
    }
    base.update(kw)
    return EventRecord(**base)


def run(events: list[EventRecord]) -> list[Incident]:
    return list(resolve(events))


def killed(value: int, qualifier: str | None = None, source: str | None = None) -> ClaimRecord:
    high = None if qualifier else value
    return ClaimRecord("killed", value, qualifier, value, high, source, f"{value} killed")


def groups(incidents: list[Incident]) -> list[set[str]]:
    return sorted(({e for e, _ in i.members} for i in incidents), key=sorted)


def test_two_outlets_same_strike_merge() -> None:
    a = ev("e1", "a1", fatalities=(5, 5, 5), claims=(killed(5),))
    b = ev("e2", "a2", latitude=36.25, date=DAY + dt.timedelta(days=1), fatalities=(7, 7, 7))
    (inc,) = run([a, b])
    assert inc.n_sources == 2 and inc.n_articles == 2 and inc.n_events == 2
    assert (inc.date_start, inc.date_end) == (DAY, DAY + dt.timedelta(days=1))
    assert (inc.fatalities_low, inc.fatalities_best, inc.fatalities_high) == (5, 5, 7)
    assert not inc.disputed
    assert inc.id == incident_id("e1")


def test_too_far_apart_in_space_or_time() -> None:
    a = ev("e1", "a1")
    far = ev("e2", "a2", latitude=ALEPPO[0] + 0.4)  # ~44 km north
    late = ev("e3", "a3", date=DAY + dt.timedelta(days=2))
    assert len(run([a, far, late])) == 3


def test_date_precision_widens_the_window() -> None:
    a = ev("e1", "a1")
    week = ev("e2", "a2", date=DAY + dt.timedelta(days=6), date_precision="week")
    month = ev("e3", "a3", date=DAY + dt.timedelta(days=30), date_precision="month")
    assert compatible(a, week) and compatible(a, month)
    assert not compatible(a, ev("e4", "a4", date=DAY + dt.timedelta(days=8), date_precision="week"))
    assert len(run([a, week])) == 1


def test_type_compatibility() -> None:
    assert types_compatible("Battles", "Armed clash", "Battles", "Government regains territory")
    assert not types_compatible(
        "Battles", "Government regains territory", "Battles", "Non-state actor overtakes territory"
    )
    assert not types_compatible("Battles", "Armed clash", "Violence against civilians", "Attack")
    generic = ev("e1", "a1", sub_event_type="Remote explosive/landmine/IED")
    specific = ev("e2", "a2", sub_event_type="Suicide bomb")
    other = ev("e3", "a3", sub_event_type="Air/drone strike")
    incidents = run([generic, specific, other])
    merged = next(i for i in incidents if i.n_events == 2)
    assert merged.sub_event_type == "Suicide bomb"
    assert groups(incidents) == [{"e1", "e2"}, {"e3"}]


SHELLING = "Shelling/artillery/missile attack"


def test_weapon_disagreement_merges_only_on_the_same_day() -> None:
    assert related_sub_events("Air/drone strike", SHELLING)
    assert not related_sub_events("Air/drone strike", "Air/drone strike")
    assert not related_sub_events("Air/drone strike", "Suicide bomb")
    air = ev("e1", "a1", fatalities=(30, 30, 30))
    shelled = ev("e2", "a2", sub_event_type=SHELLING, latitude=36.22)
    assert compatible(air, shelled)
    next_day = ev("e3", "a3", sub_event_type=SHELLING, date=DAY + dt.timedelta(days=1))
    week = ev("e4", "a4", sub_event_type=SHELLING, date_precision="week")
    assert not compatible(air, next_day) and not compatible(air, week)
    assert compatible(air, ev("e5", "a5", date=DAY + dt.timedelta(days=1)))  # same weapon
    again = ev("e6", "a6", sub_event_type=SHELLING, outlet="outlet-a2")  # same outlet twice
    (inc,) = run([air, again, shelled])
    assert inc.sub_event_type == SHELLING  # what most reports say
    assert inc.disputed
    assert inc.dispute_reason == f"weapon: Air/drone strike (outlet-a1) vs {SHELLING} (outlet-a2)"
    # one outlet naming both weapons is not a dispute
    (alone,) = run([ev("e7", "a7"), ev("e8", "a7", sub_event_type=SHELLING)])
    assert not alone.disputed


def published(ident: str, article: str, **kw: Any) -> EventRecord:
    """An event nothing in its article dates: the publication date, as a week."""
    return ev(ident, article, date_precision="week", dated_by_publication=True, **kw)


def test_a_publication_date_means_that_day_or_the_two_before() -> None:
    pub = published("e1", "a1")  # published on DAY
    # the span DAY-2 .. DAY, and a day report's own day either side
    for back, ok in [(-2, False), (-1, True), (0, True), (1, True), (2, True), (3, True)]:
        report = ev("e2", "a2", date=DAY - dt.timedelta(days=back))
        assert compatible(pub, report) == ok, back
    assert not compatible(pub, ev("e3", "a3", date=DAY - dt.timedelta(days=4)))
    # a text-dated week ("last week") keeps its week either side
    assert compatible(ev("e4", "a4", date_precision="week"), ev("e5", "a5", date=DAY + _days(6)))
    # two publication dates: spans of three days each, one day apart at most
    assert compatible(pub, published("e6", "a6", date=DAY + _days(3)))
    assert not compatible(pub, published("e7", "a7", date=DAY + _days(4)))
    # it counts as the same day for the rules that need one: a region-only report of the
    # day before publication, a weapon disagreement on publication day
    region = {"latitude": None, "longitude": None, "geo_precision": 3}
    assert compatible(pub, ev("e8", "a8", date=DAY - _days(1), **region))
    assert not compatible(pub, ev("e9", "a9", date=DAY - _days(3), **region))
    assert compatible(pub, ev("e10", "a10", sub_event_type=SHELLING))
    assert not compatible(pub, ev("e11", "a11", sub_event_type=SHELLING, date=DAY - _days(3)))
    # distance: the gap to the span, so a report of the day before is as near as one of the day
    assert _distance(pub, ev("e12", "a12", date=DAY - _days(1))) == _distance(pub, ev("e13", "a13"))
    assert groups(run([pub, ev("e14", "a14", date=DAY - _days(2), **region)])) == [{"e1", "e14"}]


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def test_a_day_date_stands_for_the_days_its_basis_allows() -> None:
    def day(ident: str, basis: str | None, shift: int = 0, **kw: Any) -> EventRecord:
        return ev(ident, "a" + ident, date=DAY + _days(shift), date_basis=basis, **kw)

    monday = day("m", "event")
    # two reports each dated by their own sentence: the same day only
    assert compatible(monday, day("m2", "event"))
    assert not compatible(monday, day("t", "event", 1))
    assert not compatible(monday, day("s", "event", -1))
    # a night (or a late hour) runs into the next day, not back into the day before
    night = day("n", "night")
    assert compatible(night, day("t2", "event", 1)) and compatible(night, monday)
    assert not compatible(night, day("s2", "event", -1))
    # the day a source spoke may tell of the day before, not of the day after
    report = day("r", "report", 1)
    assert compatible(report, monday) and not compatible(report, day("w", "event", 2))
    assert compatible(day("st", "story", 1), monday)
    assert compatible(night, day("r2", "report", 2))  # Monday night .. Wednesday's telling
    assert not compatible(night, day("r3", "report", 3))
    # a date stored before date_basis existed keeps a day either side
    assert compatible(day("u", None), day("t3", "event", 1))
    assert compatible(day("u2", None), day("s3", "event", -1))
    # a night counts as the next day for the rules that need one day (a region's report)
    region = {"latitude": None, "longitude": None, "geo_precision": 3}
    assert compatible(night, day("t4", "event", 1, **region))
    assert not compatible(monday, day("t5", "event", 1, **region))
    # consecutive strikes on one town: Monday's reports and Tuesday's stay two incidents
    events = [day("a", "report"), day("b", "report"), day("c", "event", 1), day("d", "event", 1)]
    assert groups(run(events)) == [{"a", "b"}, {"c", "d"}]
    # and a Tuesday report of a strike "late Monday" joins Monday's
    assert groups(run([day("x", "night"), day("y", "report", 1)])) == [{"x", "y"}]


VAC = "Violence against civilians"


def test_an_unspecified_attack_on_civilians_may_be_an_explosion_of_the_same_day() -> None:
    attack = ev("e1", "a1", event_type=VAC, sub_event_type="Attack", fatalities=(16, 16, 16))
    bomb = ev("e2", "a2", sub_event_type="Suicide bomb")
    assert weak_kinds(VAC, "Attack", "Explosions/Remote violence", "Suicide bomb")
    assert not weak_kinds(
        VAC, "Abduction/forced disappearance", "Explosions/Remote violence", "Suicide bomb"
    )
    assert not weak_kinds(VAC, "Attack", "Battles", "Armed clash")
    assert compatible(attack, bomb) and compatible(bomb, attack)
    assert not compatible(
        attack, ev("e3", "a3", sub_event_type="Suicide bomb", date=DAY + _days(1))
    )
    assert not compatible(
        attack, ev("e4", "a4", sub_event_type="Suicide bomb", date_precision="week")
    )
    abducted = ev("e5", "a5", event_type=VAC, sub_event_type="Abduction/forced disappearance")
    assert not compatible(abducted, bomb)
    # found through the index whichever comes first, and named by the specific report
    for order in ([attack, bomb], [bomb, attack]):
        (inc,) = run(order)
        assert (inc.event_type, inc.sub_event_type) == (
            "Explosions/Remote violence",
            "Suicide bomb",
        )
    assert groups(run([attack, bomb, abducted])) == [{"e1", "e2"}, {"e5"}]


def test_weaker_type_matches_need_the_place_itself() -> None:
    missile = ev("e1", "a1", sub_event_type=SHELLING)  # a missile on the city
    near = {"geo_precision": 2}  # barrel bombs "on rural Aleppo": near the city's point
    assert not compatible(missile, ev("e2", "a2", **near))
    assert compatible(missile, ev("e3", "a3"))  # the city itself
    assert compatible(missile, ev("e4", "a4", sub_event_type=SHELLING, **near))  # same weapon
    attack = ev("e5", "a5", event_type=VAC, sub_event_type="Attack", **near)
    assert not compatible(attack, ev("e6", "a6", sub_event_type="Suicide bomb"))
    # reports of the city itself are placed first: the air strike on the city joins the
    # missile (a weapon disagreement at the place itself); the rural strike, which names the
    # weapon of only half that incident, stays apart
    assert groups(run([missile, ev("e2", "a2", **near), ev("e3", "a3")])) == [
        {"e1", "e3"},
        {"e2"},
    ]


def test_within_a_day_exact_places_are_placed_first() -> None:
    # ids in the opposite order: the region report would found the incident if ids decided
    region = ev("e1", "a1", latitude=None, longitude=None, geo_precision=3)
    near = ev("e2", "a2", geo_precision=2, latitude=ALEPPO[0] + 0.1)
    exact = ev("e3", "a3", latitude=ALEPPO[0] + 0.05)
    (inc,) = run([region, near, exact])
    assert inc.id == incident_id("e3")


def test_a_weapon_disagreement_inside_an_incident_need_not_block_a_vaguer_report() -> None:
    region = {"latitude": None, "longitude": None, "geo_precision": 3}
    # two outlets: jets struck the town; a third says it was shelled (all at the town itself)
    air1, air2 = ev("e1", "a1"), ev("e2", "a2")
    shelled = ev("e3", "a3", sub_event_type=SHELLING)
    rural = ev("e4", "a4", **region)  # "air strikes on rural Aleppo" the same day
    assert not compatible(rural, shelled)  # alone, the weaker type match needs exact places
    assert compatible(rural, shelled, loose=True)
    assert joins(rural, [air1, air2, shelled])  # the incident's weapon is the rural report's
    assert groups(run([air1, air2, shelled, rural])) == [{"e1", "e2", "e3", "e4"}]
    # half the incident names the other weapon: the exact places are required again
    assert not joins(rural, [air1, shelled])
    assert groups(run([air1, shelled, rural])) == [{"e1", "e3"}, {"e4"}]
    # the waiver is only for the exact place: another day still keeps the report out
    next_day = ev("e5", "a5", date=DAY + dt.timedelta(days=1), **region)
    assert not joins(next_day, [air1, air2, shelled])


def test_the_weapon_majority_counts_articles_not_events() -> None:
    near = {"geo_precision": 2}  # "warplanes pounded rebel-held Aleppo": near the city
    # one article tells the strikes and the shelling of the city that day, both exact
    air, shelled = ev("e1", "a1"), ev("e2", "a1", sub_event_type=SHELLING)
    rural = ev("e3", "a2", **near)  # another outlet: air strikes only
    assert not compatible(rural, shelled) and compatible(rural, shelled, loose=True)
    # one other article, and it names the rural report's weapon: the waiver holds, though
    # only one of its two events does
    assert joins(rural, [air, shelled])
    assert groups(run([air, shelled, rural])) == [{"e1", "e2", "e3"}]
    # two other articles, one of them telling only the shelling: no majority
    shelled_only = ev("e4", "a3", sub_event_type=SHELLING)
    assert not joins(rural, [air, shelled, shelled_only])
    assert groups(run([air, shelled, shelled_only, rural])) == [{"e1", "e2", "e4"}, {"e3"}]


def test_a_report_prefers_the_incident_naming_the_same_weapon() -> None:
    air = ev("e1", "a1")
    shelled = ev("e2", "a2", sub_event_type=SHELLING, latitude=ALEPPO[0] + 0.36)  # 40 km north
    assert not compatible(air, shelled)
    # 19 km from e1, 21 km from e2: nearer e1, but e1 names the other weapon
    between = ev("e3", "a3", sub_event_type=SHELLING, latitude=ALEPPO[0] + 0.17)
    assert compatible(between, air) and compatible(between, shelled)
    assert _distance(between, air) > _distance(between, shelled)
    assert groups(run([air, shelled, between])) == [{"e1"}, {"e2", "e3"}]


def test_imprecise_places_need_the_same_admin1() -> None:
    precise = ev("e1", "a1")
    region = ev("e2", "a2", latitude=None, longitude=None, geo_precision=3, location="Aleppo")
    other_region = ev("e3", "a3", admin1="Idlib", latitude=35.9, longitude=36.6, geo_precision=3)
    country_only = ev("e4", "a4", admin1=None, geo_precision=3, latitude=35.0, longitude=38.0)
    assert compatible(precise, region)
    assert not compatible(precise, other_region)
    assert not compatible(precise, country_only)
    assert groups(run([precise, region, other_region, country_only])) == [
        {"e1", "e2"},
        {"e3"},
        {"e4"},
    ]


def test_imprecise_places_need_the_same_day() -> None:
    precise = ev("e1", "a1")
    region = {"latitude": None, "longitude": None, "geo_precision": 3, "location": "Aleppo"}
    next_day = ev("e2", "a2", date=DAY + dt.timedelta(days=1), **region)
    same_week = ev("e3", "a3", date_precision="week", **region)
    same_day = ev("e4", "a4", **region)
    assert not compatible(precise, next_day) and not compatible(precise, same_week)
    assert compatible(precise, same_day)
    assert compatible(precise, ev("e5", "a5", date=DAY + dt.timedelta(days=1)))
    country = {"admin1": None, "latitude": None, "longitude": None, "geo_precision": 3}
    c1, c2 = ev("e6", "a6", **country), ev("e7", "a7", date=DAY + dt.timedelta(days=1), **country)
    assert compatible(c1, ev("e8", "a8", **country)) and not compatible(c1, c2)
    assert groups(run([precise, next_day, same_week, same_day])) == [
        {"e1", "e4"},
        {"e2"},
        {"e3"},
    ]


def test_a_gas_attack_is_one_happening_across_its_province() -> None:
    """Reports of one gas attack name its town, the province's capital or the province,
    and date it by its day or the week of publication: within the province and both dates'
    precision they are one happening. Air strikes told so are not."""
    town = ev("e1", "a1", sub_event_type="Chemical weapon")
    capital = ev(  # ~50 km away, a day later
        "e2",
        "a2",
        sub_event_type="Chemical weapon",
        latitude=ALEPPO[0] + 0.45,
        date=DAY + dt.timedelta(days=1),
        date_precision="week",
    )
    region = {"latitude": None, "longitude": None, "geo_precision": 3}
    province = ev("e3", "a3", sub_event_type="Chemical weapon", date_precision="week", **region)
    elsewhere = ev("e4", "a4", sub_event_type="Chemical weapon", admin1="Idlib", **region)
    assert compatible(town, capital) and compatible(capital, province)
    assert not compatible(town, elsewhere)
    assert groups(run([town, capital, province, elsewhere])) == [{"e1", "e2", "e3"}, {"e4"}]
    strikes = [
        ev(
            e.id,
            e.article_id,
            sub_event_type="Air/drone strike",
            latitude=e.latitude,
            longitude=e.longitude,
            geo_precision=e.geo_precision,
            date=e.date,
            date_precision=e.date_precision,
        )
        for e in (town, capital, province)
    ]
    assert len(run(strikes)) == 3


def test_a_gas_attack_report_that_names_only_the_country_joins_it() -> None:
    """ "Syria: have the chemical weapons gloves come off?" names no province: a report of
    a gas attack that names only the country joins the gas attack of that country within
    both dates' precision, even beside a member of the generic sub-type (an explosion told
    in the attacked town) when most other articles name the gas attack. An air strike
    told so does not, nor does a gas report join an incident of explosions alone."""
    gas = {"sub_event_type": "Chemical weapon", "date_basis": "event"}
    country = {"admin1": None, "latitude": None, "longitude": None, "geo_precision": 3}
    town = ev("e1", "a1", **gas)
    capital = ev("e2", "a2", latitude=ALEPPO[0] + 0.1, **gas)  # 11 km away
    blast = ev("e3", "a3", sub_event_type="Remote explosive/landmine/IED", date_basis="event")
    syria = ev("e4", "a4", date=DAY + _days(1), **gas, **country)
    assert compatible(town, syria) and not compatible(blast, syria)
    assert groups(run([town, capital, blast, syria])) == [{"e1", "e2", "e3", "e4"}]
    strike = ev("e5", "a5", date_basis="event", **country)
    assert not compatible(ev("e6", "a6", date_basis="event"), strike)
    # explosions alone: the generic member names no gas attack for the report to join
    blasts = [blast, ev("e7", "a7", sub_event_type="Remote explosive/landmine/IED")]
    assert groups(run([*blasts, syria])) == [{"e3", "e7"}, {"e4"}]
    # a gas attack told by one article among explosions told by two: not the incident's kind
    assert len(run([town, *blasts, syria])) == 2


def test_a_gas_attack_report_may_come_two_days_later() -> None:
    gas = {"sub_event_type": "Chemical weapon", "date_basis": "event"}
    attack = ev("e1", "a1", **gas)
    toll = ev("e2", "a2", date=DAY + _days(1), **gas)  # "the toll has risen to 86"
    reaction = ev("e3", "a3", date=DAY + _days(2), **gas)
    later = ev("e4", "a4", date=DAY + _days(3), **gas)
    assert compatible(attack, toll) and compatible(attack, reaction)
    assert not compatible(attack, later)
    assert compatible(attack, ev("e5", "a5", date=DAY - _days(1), **gas))  # either way round
    # not for other kinds: air strikes on one town two days apart are two strikes
    assert not compatible(
        ev("e6", "a6", date_basis="event"), ev("e7", "a7", date=DAY + _days(2), date_basis="event")
    )
    assert groups(run([attack, toll, reaction, later])) == [{"e1", "e2", "e3"}, {"e4"}]


def test_an_undated_gas_attack_report_may_come_a_week_later() -> None:
    """A call for an inquiry into "the recent chemical attack" that nothing in its article
    dates (publication date, as a week) reaches back UNDATED_FOLLOW_UP_DAYS; a dated
    report does not, nor does an undated report of another kind."""
    gas = {"sub_event_type": "Chemical weapon"}
    attack = ev("e1", "a1", date_basis="event", **gas)
    call = published("e2", "a2", date=DAY + _days(6), **gas)
    late = published("e3", "a3", date=DAY + _days(9), **gas)
    dated = ev("e4", "a4", date=DAY + _days(6), date_basis="event", **gas)
    assert compatible(attack, call)
    assert not compatible(attack, late) and not compatible(attack, dated)
    assert not compatible(
        ev("e5", "a5", date_basis="event"), published("e6", "a6", date=DAY + _days(6))
    )
    assert groups(run([attack, call, late])) == [{"e1", "e2"}, {"e3"}]


def test_conflicting_actor_countries_stay_apart_unless_both_are_state_forces() -> None:
    a = ev("e1", "a1", actor1="Military Forces of Russia", actor1_country="RUS")
    b = ev("e2", "a2", actor1="Islamic State", actor1_country="SYR", actor1_kind="rebel_group")
    assert groups(run([a, b])) == [{"e1"}, {"e2"}]
    # Russian or Syrian jets: one strike, the perpetrator disputed
    russia = ev(
        "e3",
        "a3",
        actor1="Military Forces of Russia",
        actor1_country="RUS",
        actor1_kind="external_forces",
    )
    syria = ev(
        "e4",
        "a4",
        actor1="Military Forces of Syria",
        actor1_country="SYR",
        actor1_kind="state_forces",
    )
    (inc,) = run([russia, syria])
    assert inc.n_events == 2 and inc.disputed
    assert inc.dispute_reason is not None and inc.dispute_reason.startswith("perpetrator")


def test_reports_near_a_town_may_be_further_apart() -> None:
    # "an airbase near Homs": the base is 28 km from the town the other outlet names
    base = ev("e1", "a1", latitude=34.539, longitude=36.919, geo_precision=2)
    town = ev("e2", "a2", latitude=34.727, longitude=36.723, geo_precision=1)
    assert 25 < haversine_km(34.539, 36.919, 34.727, 36.723) < MAX_KM + NEAR_KM
    assert groups(run([base, town])) == [{"e1", "e2"}]
    # two reports of the places themselves, as far apart, are two happenings
    exact = replace(base, id="e3", article_id="a3", geo_precision=1)
    assert groups(run([exact, town])) == [{"e2"}, {"e3"}]


def test_the_two_sides_of_the_war_stay_apart() -> None:
    # the government's barrel bombs and the rebels' rockets on one city the same day
    state = {"actor1_country": "SYR", "actor1_kind": "state_forces"}
    rebels = {"actor1_country": "SYR", "actor1_kind": "rebel_group"}
    barrels = ev("e1", "a1", actor1="Military Forces of Syria", **state)
    rockets = ev(
        "e2",
        "a2",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Rebels (Syria)",
        **rebels,
    )
    assert groups(run([barrels, rockets])) == [{"e1"}, {"e2"}]
    # an unidentified group is no side: it may be either
    unknown = ev(
        "e3", "a3", actor1="Unidentified Armed Group (Syria)", actor1_kind="political_militia"
    )
    assert groups(run([barrels, unknown])) == [{"e1", "e3"}]
    # a battle's two sides are named in either order by different outlets
    battle = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    x = ev("e4", "a4", actor1="Military Forces of Syria", **state, **battle)
    y = ev("e5", "a5", actor1="Rebels (Syria)", **rebels, **battle)
    assert groups(run([x, y])) == [{"e4", "e5"}]


def test_an_air_strike_nobody_is_named_for_is_on_the_state_side() -> None:
    """Only air forces strike from the air: "air raids kill 12 in Aleppo" and the rebels'
    rockets on the city that day stay apart; the raids still join the government's."""
    rebels = {"actor1": "Rebels (Syria)", "actor1_country": "SYR", "actor1_kind": "rebel_group"}
    raids = ev("e1", "a1")  # no initiator named
    rockets = ev("e2", "a2", sub_event_type=SHELLING, **rebels)
    assert groups(run([raids, rockets])) == [{"e1"}, {"e2"}]
    state = {"actor1_country": "SYR", "actor1_kind": "state_forces"}
    jets = ev("e3", "a3", actor1="Military Forces of Syria", **state)
    assert groups(run([raids, jets])) == [{"e1", "e3"}]
    # shelling nobody is named for may be either side's
    shells = ev("e4", "a4", sub_event_type=SHELLING)
    assert groups(run([shells, rockets])) == [{"e2", "e4"}]


def test_an_incident_holds_only_events_compatible_with_every_member() -> None:
    # e2 is compatible with e1 and e3 (one day from each) but e1 and e3 are two days apart:
    # without complete linkage the incident would chain from day 0 to day 2
    day1 = DAY + dt.timedelta(days=1)
    day2 = DAY + dt.timedelta(days=2)
    events = [ev("e1", "a1"), ev("e2", "a2", date=day1), ev("e3", "a3", date=day2)]
    assert groups(run(events)) == [{"e1", "e2"}, {"e3"}]
    # the same goes for places: 20 km steps north do not chain into one incident
    north = [ev(f"n{i}", f"b{i}", latitude=ALEPPO[0] + i * 0.18) for i in range(3)]
    assert groups(run(north)) == [{"n0", "n1"}, {"n2"}]


def test_two_events_of_one_article_may_share_an_incident() -> None:
    a = ev("e1", "a1")
    again = ev("e2", "a1", latitude=ALEPPO[0] + 0.01)  # the article mentions it twice
    b = ev("e3", "a2")
    (inc,) = run([a, again, b])
    assert (inc.n_events, inc.n_articles, inc.n_sources) == (3, 2, 2)


def test_an_article_does_not_veto_its_own_report() -> None:
    region = {"latitude": None, "longitude": None, "geo_precision": 3}
    saturday = DAY - dt.timedelta(days=1)
    # article a1 tells Saturday's strikes on the town and Sunday's toll for the province;
    # a2 reports Sunday's strike on the town, which joins a1's Saturday report (one day)
    weekend = ev("e1", "a1", date=saturday)
    sunday = ev("e2", "a2")
    province = ev("e3", "a1", **region)  # a1's own Sunday report, for the province only
    assert not compatible(province, weekend)  # a region report needs the same day
    assert compatible(province, sunday)
    assert joins(province, [weekend, sunday])  # only a2's report is held against it
    assert groups(run([weekend, sunday, province])) == [{"e1", "e2", "e3"}]
    # a report from another outlet is still held to every member
    other = ev("e4", "a4", **region)
    assert not joins(other, [weekend, sunday])
    # an incident of the article's own events alone: every member must be compatible
    assert not joins(province, [weekend])


def test_undated_events_stay_alone() -> None:
    assert len(run([ev("e1", "a1", date=None), ev("e2", "a2", date=None)])) == 2


def test_disputed_death_tolls() -> None:
    low = ev("e1", "a1", claims=(killed(10, source="Syrian state media"),))
    high = ev("e2", "a2", claims=(killed(40, "at least", source="Syrian Observatory"),))
    (inc,) = run([low, high])
    assert inc.disputed
    assert inc.dispute_reason is not None and "Syrian Observatory" in inc.dispute_reason
    assert {c["source"] for c in inc.claims} == {"Syrian state media", "Syrian Observatory"}
    near = ev("e3", "a3", claims=(killed(14),))
    small = ev("e4", "a4", claims=(killed(2),))
    six = ev("e5", "a5", claims=(killed(6),))
    assert not run([low, near])[0].disputed  # within 50%
    assert not run([small, six])[0].disputed  # three times more, but only 4 deaths apart
    consistent = ev("e6", "a6", claims=(killed(8, "more than"),))
    assert not run([consistent, near])[0].disputed  # "more than 8" allows 14


def test_different_perpetrators_are_disputed() -> None:
    a = ev("e1", "a1", actor1="Islamic State", actor2="Civilians (Syria)")
    b = ev("e2", "a2", actor1="Jabhat Fateh al-Sham", actor2="Civilians (Syria)")
    unnamed = ev("e3", "a3", actor1="Unidentified Armed Group (Syria)")
    (inc,) = run([a, b, unnamed])
    assert inc.disputed and inc.dispute_reason is not None
    assert "Islamic State" in inc.dispute_reason and "Jabhat" in inc.dispute_reason
    battle = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    x = ev("e4", "a4", actor1="Islamic State", actor2="Military Forces of Syria", **battle)
    y = ev("e5", "a5", actor1="Military Forces of Syria", actor2="Islamic State", **battle)
    (fight,) = run([x, y])
    assert not fight.disputed  # the two sides of one battle, named in either order


def test_incremental_matches_batch() -> None:
    first = [ev("e1", "a1"), ev("e2", "a2", latitude=36.3)]
    later = [
        ev("e3", "a3", date=DAY + dt.timedelta(days=1)),
        ev("e4", "a4", admin1="Idlib", latitude=35.93, longitude=36.63),
    ]
    batch = run(first + later)
    resolver = IncidentResolver()
    for inc in run(first):
        resolver.seed(inc.id, [e for e in first if e.id in {m for m, _ in inc.members}])
    placed = {e.id: resolver.add(e) for e in later}
    assert placed["e3"] == incident_id("e1")
    changed = list(resolver.finish_all())
    assert {i.id for i in changed} == {incident_id("e1"), incident_id("e4")}
    assert groups(batch) == [{"e1", "e2", "e3"}, {"e4"}]


def _order(e: EventRecord) -> tuple[bool, dt.date, int, str]:
    """Date order; within a day, exact places, then places near a town, then regions."""
    rank = 0 if e.precise and e.geo_precision == 1 else 1 if e.precise else 2
    return (e.date is None, e.date or dt.date.min, rank, e.id)


def _brute_force(events: list[EventRecord]) -> list[set[str]]:
    """The same greedy rule over all incidents, without any index."""
    incidents: dict[str, list[EventRecord]] = {}
    key = sorted(events, key=_order)
    for e in key:
        best: tuple[float, int, str] | None = None
        for ident, members in incidents.items():
            if not joins(e, members):
                continue  # complete linkage: compatible with every member
            others = [m for m in members if m.article_id != e.article_id] or members
            near = min(_distance(e, m) for m in others)  # another report's distance
            told = len({m.article_id for m in members})  # ties: the more reported one
            if best is None or (near, -told, ident) < best:
                best = (near, -told, ident)
        ident = best[2] if best else incident_id(e.id)
        incidents.setdefault(ident, []).append(e)
    return sorted(({m.id for m in ms} for ms in incidents.values()), key=sorted)


BATTLES = ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"]
EXPLOSIONS = [
    "Remote explosive/landmine/IED",
    "Air/drone strike",
    SHELLING,
    "Suicide bomb",
    "Chemical weapon",
]


@pytest.mark.parametrize(
    ("event_type", "subs", "days"), [("Battles", BATTLES, 90), ("Explosions", EXPLOSIONS, 12)]
)
def test_index_finds_what_brute_force_finds(event_type: str, subs: list[str], days: int) -> None:
    if event_type == "Explosions":
        event_type = "Explosions/Remote violence"
    rng = random.Random(7)
    events = []
    for n in range(400):
        precise = rng.random() < 0.8
        kind = (event_type, rng.choice(subs))
        if event_type == "Explosions/Remote violence" and rng.random() < 0.15:
            kind = (VAC, rng.choice(["Attack", "Attack", "Abduction/forced disappearance"]))
        precision = rng.choice(["day", "day", "day", "week", "month", "publication"])
        events.append(
            ev(
                f"e{n:04d}",
                f"a{rng.randrange(150)}",
                event_type=kind[0],
                sub_event_type=kind[1],
                date=DAY + dt.timedelta(days=rng.randrange(days)),
                date_precision="week" if precision == "publication" else precision,
                dated_by_publication=precision == "publication",
                date_basis=rng.choice([None, "event", "night", "report", "story"]),
                admin1=rng.choice(["Aleppo", "Idlib", None]),
                latitude=35.5 + rng.random() * 1.5 if precise else None,
                longitude=36.5 + rng.random() * 1.5 if precise else None,
                geo_precision=rng.choice([1, 2]) if precise else 3,
                actor1=rng.choice([None, "Named Force", "Unidentified Armed Group (Syria)"]),
                actor1_country=rng.choice([None, None, "SYR", "RUS"]),
                actor1_kind=rng.choice([None, "state_forces", "external_forces", "rebel_group"]),
            )
        )
    assert groups(run(events)) == _brute_force(events)
    streamed = list(
        resolve(
            sorted(events, key=_order),
            presorted=True,
        )
    )
    assert groups(streamed) == groups(run(events))


# --------------------------------------------------------------------------- in the store


def _result(
    article: str, outlet: str, killed_value: int, lat: float
) -> tuple[Article, ExtractionResult]:
    text = f"An air strike killed {killed_value} people in Aleppo on Saturday."
    claim = Claim(killed_value, None, killed_value, killed_value, None, text, (0, len(text)))
    event = Event(
        id=f"ev-{article}",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        date="2016-09-17",
        date_precision="day",
        date_text="on Saturday",
        date_basis="event",
        actor1=Actor("Military Forces of Russia", "RUS", "external_forces"),
        actor2=Actor("Civilians (Syria)", "SYR", "civilians"),
        assoc_actors=(),
        location=Location("Aleppo", "Aleppo", "Syria", "SYR", lat, 37.13, 170063, 1, "Aleppo"),
        fatalities=Casualties(killed_value, killed_value, killed_value, (claim,)),
        injured=None,
        evidence=(Evidence(text, (0, len(text))),),
        confidence=0.9,
    )
    art = Article(text=text, id=article, source=outlet, published=dt.date(2016, 9, 18))
    meta = ArticleMeta(article, outlet, None, None, "2016-09-18")
    return art, ExtractionResult(meta, (event,), ())


def test_store_attaches_new_reports_to_existing_incidents(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.duckdb")) as store:
        store.put(*_result("r1", "Reuters", 10, 36.20))
        assert store.resolve_incidents().incidents_written == 1
        store.put(*_result("r2", "AFP", 40, 36.22))
        store.put(*_result("r3", "AP", 3, 36.90))  # 75 km away: another strike
        report = store.resolve_incidents()
        assert (report.events, report.incidents_written) == (2, 2)
        columns, rows = store.incidents(Filters(country="SYR"))
        incidents = {r[0]: dict(zip(columns, r, strict=True)) for r in rows}
        main = incidents[incident_id("ev-r1")]
        assert (main["n_sources"], main["fatalities_best"], main["fatalities_high"]) == (2, 10, 40)
        assert main["disputed"] and main["sources"] == "AFP; Reuters"
        assert len(incidents) == 2
        # re-ingesting a changed report moves it out and back in, without duplicates
        art, res = _result("r2", "AFP", 12, 36.22)
        assert store.put(art, res) == "replaced"
        store.resolve_incidents()
        columns, rows = store.incidents(Filters(actor="russia", since=dt.date(2016, 9, 17)))
        incidents = {r[0]: dict(zip(columns, r, strict=True)) for r in rows}
        assert incidents[incident_id("ev-r1")]["fatalities_high"] == 12
        assert not incidents[incident_id("ev-r1")]["disputed"]
        assert store.counts()["incident_members"] == 3


def test_store_reads_an_event_its_text_does_not_date_as_dated_by_publication(
    tmp_path: Path,
) -> None:
    art, res = _result("r1", "Reuters", 10, 36.20)
    undated = replace(res.events[0], id="ev-r1b", date="2016-09-18", date_precision="week")
    undated = replace(undated, date_text=None)
    last_week = replace(undated, id="ev-r1c", date_text="last week")
    with open_store(str(tmp_path / "s.duckdb")) as store:
        store.put(art, replace(res, events=(res.events[0], undated, last_week)))
        records = {e.id: e for e in store._records("", "TRUE", ())}
    assert not records["ev-r1"].dated_by_publication  # "on Saturday"
    assert records["ev-r1b"].dated_by_publication
    assert not records["ev-r1c"].dated_by_publication  # a week the text gives


def test_a_region_report_joins_the_incident_more_articles_tell() -> None:
    """A report that names only the province is as near to every incident in it: it joins
    the one more outlets reported, whichever incident id is smaller."""
    maarat, idlib = (35.6483, 36.6760), (35.9306, 36.6339)  # 32 km apart
    for lone, told in (("e1", "e2"), ("e2", "e1")):
        a = ev(
            lone,
            "a1",
            location="Maarat al-Numan",
            admin1="Idlib",
            latitude=maarat[0],
            longitude=maarat[1],
        )
        b = ev(told, "a2", location="Idlib", admin1="Idlib", latitude=idlib[0], longitude=idlib[1])
        c = ev("e3", "a3", location="Idlib", admin1="Idlib", latitude=idlib[0], longitude=idlib[1])
        region = ev(
            "e4",
            "a4",
            location="Idlib",
            admin1="Idlib",
            latitude=None,
            longitude=None,
            geo_precision=3,
        )
        assert groups(run([a, b, c, region])) == sorted([{lone}, {told, "e3", "e4"}], key=sorted)
