"""The pairwise incident-merging metric of benchmarks/incident_eval.py, on a hand-made example."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "incident_eval", ROOT / "benchmarks" / "incident_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["incident_eval"] = module
    spec.loader.exec_module(module)
    return module


ev = _load()


def test_pairwise_counts_pairs() -> None:
    # gold: {a, b, c} one incident, {d, e} another, f alone -> positive pairs ab ac bc de
    gold = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y", "f": "z"}
    # predicted: {a, b} merged, c alone, {d, e, f} merged
    pred = {"a": "1", "b": "1", "c": "2", "d": "3", "e": "3", "f": "3"}
    s = ev.pairwise(gold, pred)
    assert (s.tp, s.fp, s.fn) == (2, 2, 2)  # tp: ab de; fp: df ef; fn: ac bc
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.5)
    merged, split = ev.confusions(gold, pred)
    assert merged == [("d", "f"), ("e", "f")]
    assert split == [("a", "c"), ("b", "c")]


def test_pairwise_perfect_and_missing_items() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    assert ev.pairwise(gold, {"a": "1", "b": "1", "c": "2"}).f1 == pytest.approx(1.0)
    # an item without a prediction is its own cluster; items outside gold are ignored
    s = ev.pairwise(gold, {"a": "1", "c": "1", "zz": "1"})
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    assert s.f1 == 0.0


def test_all_singletons_is_perfect_precision() -> None:
    s = ev.pairwise({"a": "x", "b": "y"}, {})
    assert (s.tp, s.fp, s.fn) == (0, 0, 0)
    assert s.precision == 1.0 and s.recall == 1.0


def test_gold_labels_shape() -> None:
    path = ROOT / "gold" / "incidents" / "labels.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 120
    assert len({r["row"] for r in rows}) == len(rows)
    assert all(r["row"].isdigit() and r["incident"] for r in rows)
    sizes: dict[str, int] = {}
    for r in rows:
        sizes[r["incident"]] = sizes.get(r["incident"], 0) + 1
    assert sum(1 for n in sizes.values() if n > 1) >= 30  # several outlets per incident
    assert ev.read_gold(path) == {r["row"]: r["incident"] for r in rows}


@pytest.mark.parametrize("later", ["incidents_heldout", "incidents_unseen", "incidents_fresh"])
def test_later_label_sets_are_disjoint_from_the_earlier_ones(later: str) -> None:
    """A later set is only a check of generalisation if no article of it was used to tune
    the rules before it (the tuned set, the gold sample, an earlier later set), and no row
    is labelled twice."""
    sets = ["incidents", "incidents_heldout", "incidents_unseen", "incidents_fresh"]
    labels = ev.read_gold(ROOT / "gold" / later / "labels.csv")
    assert len(labels) >= 60
    for earlier in sets[: sets.index(later)]:
        assert not set(labels) & set(ev.read_gold(ROOT / "gold" / earlier / "labels.csv"))
    assert not set(labels) & set((ROOT / "gold" / "sample_rows.txt").read_text().split())
    sizes: dict[str, int] = {}
    for label in labels.values():
        sizes[label] = sizes.get(label, 0) + 1
    assert sum(n * (n - 1) // 2 for n in sizes.values()) >= 20  # positive pairs to score


def test_pairs_with_a_new_set_count_only_its_pairs() -> None:
    # old articles a, b (one incident), new c (same incident), new d alone
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    # predicted: a, b, d merged; c alone
    pred = {"a": "1", "b": "1", "c": "2", "d": "1"}
    s = ev.pairwise(gold, pred, scored={"c", "d"})
    # pairs with c or d: ac bc cd ad bd -> fn ac bc; fp ad bd; ab is not counted
    assert (s.tp, s.fp, s.fn) == (0, 2, 2)
    assert ev.confusions(gold, pred, {"c", "d"}) == (
        [("a", "d"), ("b", "d")],
        [("a", "c"), ("b", "c")],
    )
    assert (ev.pairwise(gold, pred).tp, ev.pairwise(gold, pred).fp) == (1, 2)


def test_pooled_sets_take_the_aliases_and_refuse_a_row_labelled_twice() -> None:
    first = {"1": "town-strike-2016-06-03", "2": "city-raid-2016-06-04"}
    second = {"3": "town-air-strike-2016-06-03", "4": "village-clash-2016-06-05"}
    pooled = ev.pool_gold([first, second], {"town-air-strike-2016-06-03": "town-strike-2016-06-03"})
    assert pooled == {
        "1": "town-strike-2016-06-03",
        "2": "city-raid-2016-06-04",
        "3": "town-strike-2016-06-03",
        "4": "village-clash-2016-06-05",
    }
    with pytest.raises(ValueError, match=r"\['2'\]"):
        ev.pool_gold([first, {"2": "other"}], {})


def test_aliases_name_labels_of_the_sets() -> None:
    """An alias names the label one set gave a happening that another set labelled too:
    both must be labels of the sets, and an alias must not lead on to another."""
    labels: set[str] = set()
    for path in (ROOT / "gold").glob("incidents*/labels.csv"):
        labels |= set(ev.read_gold(path).values())
    aliases = ev.read_aliases()
    assert aliases
    for label, same_as in aliases.items():
        assert label in labels and same_as in labels and label != same_as, (label, same_as)
        assert same_as not in aliases, same_as


# ------------------------------------------------------------------ event-level measure

D = dt.date


def _happening(**kw: object) -> object:
    base: dict[str, object] = {
        "incident": "town-strike",
        "sub_event_types": frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
        "admin1": frozenset({"north"}),
        "lat": 36.0,
        "lon": 37.0,
        "precision": 1,
        "days": ((D(2020, 5, 4), D(2020, 5, 4)),),
    }
    base.update(kw)
    return ev.Happening(**base)


def _event(id: str = "e", **kw: object) -> object:
    base: dict[str, object] = {
        "id": id,
        "incident": "inc-" + id,
        "sub_event_type": "Air/drone strike",
        "date": D(2020, 5, 4),
        "date_precision": "day",
        "admin1": "North",
        "lat": 36.05,
        "lon": 37.05,
        "geo_precision": 1,
        "confidence": 0.5,
    }
    base.update(kw)
    return ev.EventRow(**base)


def test_event_window_follows_the_resolver() -> None:
    assert ev.event_window(_event()) == (D(2020, 5, 4), D(2020, 5, 4))
    week = _event(date_precision="week")
    assert ev.event_window(week) == (D(2020, 4, 27), D(2020, 5, 11))
    month = _event(date_precision="month")
    assert ev.event_window(month) == (D(2020, 4, 3), D(2020, 6, 4))
    by_pub = _event(date_precision="week", dated_by_publication=True)
    assert ev.event_window(by_pub) == (D(2020, 5, 2), D(2020, 5, 4))
    assert ev.event_window(_event(date=None)) is None


def test_dates_match_exact_day_window_and_ranges() -> None:
    h = _happening()
    assert ev.dates_match(h, _event())
    assert not ev.dates_match(h, _event(date=D(2020, 5, 5)))  # day precision: the day itself
    assert ev.dates_match(h, _event(date=D(2020, 5, 9), date_precision="week"))
    # published two days later, undated in the text: spans 5-4 .. 5-6
    assert ev.dates_match(
        h, _event(date=D(2020, 5, 6), date_precision="week", dated_by_publication=True)
    )
    assert not ev.dates_match(
        h, _event(date=D(2020, 5, 7), date_precision="week", dated_by_publication=True)
    )
    two = _happening(days=((D(2020, 5, 4), D(2020, 5, 4)), (D(2020, 5, 6), D(2020, 5, 8))))
    assert ev.dates_match(two, _event(date=D(2020, 5, 7)))
    assert not ev.dates_match(two, _event(date=D(2020, 5, 5)))


def test_places_match_distance_and_region() -> None:
    h = _happening()
    assert ev.places_match(h, _event())  # ~7 km
    assert not ev.places_match(h, _event(lat=36.3, lon=37.0))  # ~33 km
    # the event only a region: same admin1 (normalised), wherever its point lies
    assert ev.places_match(h, _event(lat=36.9, geo_precision=3))
    assert not ev.places_match(h, _event(admin1="South", geo_precision=3))
    assert ev.places_match(h, _event(lat=None, lon=None, geo_precision=None))
    assert not ev.places_match(h, _event(lat=None, lon=None, admin1=None))
    # the happening only a region: the event's admin1, however precise the event
    region = _happening(precision=3, admin1=frozenset({ev.norm_admin1("Rif-dimashq")}))
    assert ev.places_match(region, _event(admin1="Rif Dimashq", lat=40.0))
    assert not ev.places_match(region, _event())


def test_happening_event_ignores_the_confidence_ranking_of_other_happenings() -> None:
    h = _happening()
    recalled = _event("recalled", sub_event_type="Chemical weapon", confidence=0.9)
    other_day = _event("other_day", date=D(2020, 5, 1), confidence=0.8)
    low = _event("low", confidence=0.3)
    high = _event("high", sub_event_type="Shelling/artillery/missile attack", confidence=0.6)
    events = [recalled, other_day, low, high]
    assert ev.happening_event(h, events) is high
    assert ev.happening_event(h, [recalled, other_day]) is None
    tie = _event("tie", confidence=0.3)
    assert ev.happening_event(h, [low, tie]) is low


def test_event_level_pairs_misses_and_non_violent() -> None:
    h = _happening()
    political = _happening(incident="meeting", sub_event_types=frozenset(), lat=None)
    happenings = {"town-strike": h, "meeting": political}
    gold = {"1": "town-strike", "2": "town-strike", "3": "town-strike", "4": "meeting"}
    events = {
        # main event of 1 is the recalled happening, merged with article 4's main event
        "1": [
            _event("1a", sub_event_type="Chemical weapon", confidence=0.9, incident="X"),
            _event("1b", incident="S"),
        ],
        "2": [_event("2a", incident="S")],
        "3": [_event("3a", date=D(2020, 4, 1), incident="Y")],  # wrong day: a miss
        "4": [_event("4a", sub_event_type="Chemical weapon", incident="X")],
    }
    level = ev.event_level(gold, happenings, events)
    assert level.pred == {"1": "S", "2": "S"}
    assert level.misses == ["3"]
    assert level.non_violent == ["4"]
    s = ev.pairwise(gold, level.pred)
    assert (s.tp, s.fp, s.fn) == (1, 0, 2)  # 1-2 merged; 1-3 and 2-3 missed
    # the main-event measure charges the recalled merge 1-4 as false
    main = ev.pairwise(gold, {"1": "X", "2": "S", "3": "Y", "4": "X"})
    assert (main.tp, main.fp, main.fn) == (0, 1, 3)


def test_read_happenings(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(
        "incident,sub_event_types,place,admin1,lat,lon,precision,date,note\n"
        "a,Air/drone strike|Suicide bomb,Town,Rif-dimashq|Dimashq,33.5,36.3,2,"
        '2020-05-04|2020-05-06/2020-05-07,"x, y"\n'
        "b,,,,,,,2020-05-01,political\n",
        encoding="utf-8",
    )
    hs = ev.read_happenings(path)
    assert hs["a"].sub_event_types == {"Air/drone strike", "Suicide bomb"}
    assert hs["a"].admin1 == {"rifdimashq", "dimashq"}
    assert hs["a"].days == ((D(2020, 5, 4), D(2020, 5, 4)), (D(2020, 5, 6), D(2020, 5, 7)))
    assert (hs["a"].lat, hs["a"].lon, hs["a"].precision) == (33.5, 36.3, 2)
    assert hs["b"].sub_event_types == frozenset() and hs["b"].lat is None


def test_gold_happenings_cover_the_incidents() -> None:
    hs = ev.read_happenings()
    assert set(hs) == set(ev.read_gold().values())
    known = {
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Chemical weapon",
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Attack",
    }
    for h in hs.values():
        assert h.sub_event_types <= known
        assert h.days and all(lo <= hi for lo, hi in h.days)
        if h.sub_event_types:
            assert h.admin1 and h.lat is not None and h.lon is not None
            assert h.precision in (1, 2, 3)


def test_lead_events_pick_the_first_violent_event_in_text_order() -> None:
    # (article_id, id, incident_id, event_type, ..., seq); rows come ordered by confidence
    rows = [
        ("a", "gas", "i1", "Explosions/Remote violence", 0.99, 2),
        ("a", "troops", "i2", "Strategic developments", 0.9, 0),
        ("a", "bombard", "i3", "Explosions/Remote violence", 0.8, 1),
        ("b", "deal", "i4", "Strategic developments", 0.7, 0),
    ]
    lead = ev.lead_events(rows)
    assert lead["a"][0] == "bombard"  # the first act of violence told, not the most confident
    assert lead["b"][0] == "deal"  # no violence: the first event
