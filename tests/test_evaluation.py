"""sitrep eval: matching and scores on small hand-made gold and predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.evaluation import evaluate, km, load_annotations, match_events, same_actor

STRIKE_SENTENCE = "Coalition air strikes killed dozens of Syrian soldiers on Saturday."
SYR_ARMY = {"name": "Military Forces of Syria", "country": "SYR", "kind": "state_forces"}
IS = {"name": "Islamic State", "country": None, "kind": "rebel_group"}
DEIR = {"name": "Deir ez-Zor", "country_code": "SYR", "lat": 35.336, "lon": 40.141, "precision": 1}
NEAR_DEIR = {
    "name": "Deir ez-Zor airport",
    "country_code": "SYR",
    "lat": 35.285,
    "lon": 40.176,
    "precision": 2,
}
ALEPPO = {"name": "Aleppo", "country_code": "SYR", "lat": 36.202, "lon": 37.134, "precision": 1}


def event(sub: str, typ: str, **kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "event_type": typ,
        "sub_event_type": sub,
        "date": "2016-09-17",
        "actor1": None,
        "actor2": None,
        "location": None,
        "fatalities": None,
        "injured": None,
        "evidence": [],
    }
    base.update(kw)
    return base


def claims(*items: tuple[int, str | None]) -> dict[str, object]:
    cs = [{"value": v, "qualifier": None, "source": s, "text": str(v)} for v, s in items]
    values = [v for v, _ in items]
    return {"low": min(values), "best": min(values), "high": max(values), "claims": cs}


GOLD = {
    "a1": {
        "events": [
            event(
                "Air/drone strike",
                "Explosions/Remote violence",
                actor2=SYR_ARMY,
                location=DEIR,
                fatalities=claims((60, "Russian Defence Ministry"), (90, "SOHR")),
                evidence=["Coalition air strikes killed dozens of Syrian soldiers on Saturday."],
            ),
            event(
                "Non-state actor overtakes territory",
                "Battles",
                actor1=IS,
                actor2=SYR_ARMY,
                location=DEIR,
                evidence=["Islamic State fighters overran an army position."],
            ),
        ],
        "statements": [
            {
                "speaker": "Samantha Power",
                "text": "Russia really needs to stop the cheap point scoring",
                "direct": True,
            },
            {
                "speaker": "Vitaly Churkin",
                "text": "This is a very big question mark.",
                "direct": True,
            },
        ],
    },
    "a2": {"events": [], "statements": []},
}
PRED = {
    "a1": {
        "events": [
            # right type, place 6 km away, one claim with the wrong source
            event(
                "Air/drone strike",
                "Explosions/Remote violence",
                actor2=SYR_ARMY,
                location=NEAR_DEIR,
                fatalities=claims((60, "Russian Defence Ministry"), (90, None)),
                evidence=[
                    {
                        "text": STRIKE_SENTENCE,
                        "span": [0, 10],
                    }
                ],
            ),
            # right event type, wrong sub-type
            event(
                "Armed clash",
                "Battles",
                actor1=IS,
                actor2=SYR_ARMY,
                location=DEIR,
                evidence=[
                    {"text": "Islamic State fighters overran an army position.", "span": [11, 20]}
                ],
            ),
        ],
        "statements": [
            {
                "speaker": "Power",
                "text": "Russia really needs to stop the cheap point scoring and",
                "direct": True,
            },
        ],
    },
    "a2": {
        "events": [
            event(
                "Attack",
                "Violence against civilians",
                location=ALEPPO,
                evidence=[{"text": "Nothing to see.", "span": [0, 5]}],
            )
        ],
        "statements": [],
    },
}


def test_scores_by_hand() -> None:
    d = evaluate(GOLD, PRED).to_dict()
    assert d["articles"] == 2
    # event type: 2 gold, 3 predicted, 2 matched
    assert d["events"]["event_type"]["tp"] == 2
    assert d["events"]["event_type"]["fp"] == 1
    assert d["events"]["event_type"]["fn"] == 0
    # sub-event type: only the air strike agrees
    assert (
        d["events"]["sub_event_type"]["tp"],
        d["events"]["sub_event_type"]["fp"],
        d["events"]["sub_event_type"]["fn"],
    ) == (1, 2, 1)
    assert d["events"]["sub_event_type"]["precision"] == pytest.approx(1 / 3, abs=1e-3)
    # claims: both values found; one of the two with its source
    assert d["claims"]["tp"] == 2 and d["claims"]["fn"] == 0
    assert d["claims_with_source"]["tp"] == 1 and d["claims_with_source"]["fn"] == 1
    # statements: one of two found, its speaker only by surname
    assert d["statements"]["tp"] == 1 and d["statements"]["fn"] == 1
    assert d["statements_speaker_accuracy"] == 0.0
    # fields among the two matched events
    m = d["matched_events"]
    assert m["location_within_25km"] == 1.0
    assert m["actor2_kind"] == 1.0
    assert m["fatalities_best_exact"] == 1.0


def test_matching_needs_type_and_some_agreement() -> None:
    g = [event("Attack", "Violence against civilians", location=DEIR)]
    p = [event("Attack", "Violence against civilians", location=ALEPPO, date="2016-01-01")]
    assert match_events(g, p) == []
    p2 = [event("Attack", "Violence against civilians", location=NEAR_DEIR, date="2016-01-01")]
    assert match_events(g, p2) == [(0, 0)]


def test_distance_and_actors() -> None:
    d = km(DEIR, ALEPPO)
    assert d is not None and 280 < d < 320
    assert same_actor({"name": "the Islamic State"}, {"name": "Islamic State"})
    assert same_actor(
        {"name": "Rebels (Syria)", "country": "SYR", "kind": "rebel_group"},
        {"name": "Syrian rebels", "country": "SYR", "kind": "rebel_group"},
    )


def test_loading_jsonl_and_directories(tmp_path: Path) -> None:
    f = tmp_path / "gold.jsonl"
    f.write_text(
        json.dumps({"article": {"id": "x", "text": "t"}, "events": []}) + "\n\n", encoding="utf-8"
    )
    assert list(load_annotations(f)) == ["x"]
    d = tmp_path / "ann"
    d.mkdir()
    (d / "y.json").write_text(json.dumps({"id": "y", "events": []}), encoding="utf-8")
    assert list(load_annotations(d)) == ["y"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_annotations(bad)
    assert "bad.jsonl:2" in str(err.value)
