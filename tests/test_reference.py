"""The reference article (shared/examples): every fact a careful coder reads out of it.

Expected values come from ../shared/examples/README.md, not from sitrep's output. The
article text is bundled under src/sitrep/examples so the test runs on a user's clone too.
"""

from __future__ import annotations

import math
from importlib import resources

import pytest

import sitrep
from sitrep.models import Event, ExtractionResult

DEIR_EZ_ZOR = (35.3359, 40.1408)


def _text() -> str:
    return (
        resources.files("sitrep")
        .joinpath("examples", "reuters-deir-ez-zor-2016.txt")
        .read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def result() -> ExtractionResult:
    return sitrep.extract(_text(), published="2016-09-17", source="Reuters")


@pytest.fixture(scope="module")
def undated() -> ExtractionResult:
    return sitrep.extract(_text(), source="Reuters")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _find(result: ExtractionResult, sub: str, actor1_country: str | None = None) -> Event:
    for e in result.events:
        if e.sub_event_type != sub:
            continue
        if actor1_country is None or (e.actor1 is not None and e.actor1.country == actor1_country):
            return e
    raise AssertionError(f"no {sub} event (actor1 {actor1_country}) in {result.events}")


def _claim(event: Event, value: int):  # type: ignore[no-untyped-def]
    assert event.fatalities is not None
    for c in event.fatalities.claims:
        if c.value == value:
            return c
    raise AssertionError(f"no claim of {value} in {event.fatalities.claims}")


# -- event 1: the coalition air strikes ------------------------------------------------------


def test_coalition_strike_type(result: ExtractionResult) -> None:
    e = _find(result, "Air/drone strike", "USA")
    assert e.event_type == "Explosions/Remote violence"


def test_coalition_strike_initiator_is_us_led_and_external(result: ExtractionResult) -> None:
    e = _find(result, "Air/drone strike", "USA")
    assert e.actor1 is not None and e.actor1.kind == "external_forces"


def test_coalition_strike_target_is_syrian_army(result: ExtractionResult) -> None:
    e = _find(result, "Air/drone strike", "USA")
    assert e.actor2 is not None
    assert e.actor2.country == "SYR" and e.actor2.kind == "state_forces"


def test_australia_took_part(result: ExtractionResult) -> None:
    e = _find(result, "Air/drone strike", "USA")
    assert any(a.country == "AUS" for a in e.assoc_actors)


def test_coalition_strike_date(result: ExtractionResult) -> None:
    e = _find(result, "Air/drone strike", "USA")
    assert e.date == "2016-09-17" and e.date_precision == "day"


def test_coalition_strike_place_near_deir_ez_zor(result: ExtractionResult) -> None:
    e = _find(result, "Air/drone strike", "USA")
    assert e.location is not None and e.location.country_code == "SYR"
    assert e.location.lat is not None and e.location.lon is not None
    assert _km(e.location.lat, e.location.lon, *DEIR_EZ_ZOR) < 40


def test_claim_more_than_60_from_russian_defence_ministry(result: ExtractionResult) -> None:
    c = _claim(_find(result, "Air/drone strike", "USA"), 60)
    assert c.qualifier == "more than"
    assert c.source is not None and "Russian Defence Ministry" in c.source


def test_claim_at_least_90_from_syrian_observatory(result: ExtractionResult) -> None:
    c = _claim(_find(result, "Air/drone strike", "USA"), 90)
    assert c.qualifier == "at least"
    assert c.source == "Syrian Observatory for Human Rights"


def test_claim_dozens_in_the_articles_own_voice(result: ExtractionResult) -> None:
    e = _find(result, "Air/drone strike", "USA")
    assert e.fatalities is not None
    dozens = [c for c in e.fatalities.claims if c.qualifier == "dozens"]
    assert dozens and dozens[0].source is None


def test_event_figures_low_and_high(result: ExtractionResult) -> None:
    e = _find(result, "Air/drone strike", "USA")
    assert e.fatalities is not None
    assert e.fatalities.low in (60, 61)
    assert e.fatalities.high == 90
    assert e.fatalities.best == 60


def test_claim_spans_point_into_the_text(result: ExtractionResult) -> None:
    text = _text()
    for e in result.events:
        for ev in e.evidence:
            assert text[ev.span[0] : ev.span[1]] == ev.text
        if e.fatalities:
            for c in e.fatalities.claims:
                assert text[c.span[0] : c.span[1]] == c.text


# -- events 2 to 4 -------------------------------------------------------------------------------


def test_islamic_state_overran_a_position(result: ExtractionResult) -> None:
    e = _find(result, "Non-state actor overtakes territory")
    assert e.actor1 is not None and e.actor1.name == "Islamic State"
    assert e.actor2 is not None and e.actor2.country == "SYR"
    assert e.date == "2016-09-17"
    assert e.location is not None and e.location.lat is not None and e.location.lon is not None
    assert _km(e.location.lat, e.location.lon, *DEIR_EZ_ZOR) < 40


def test_syrian_army_recaptured_positions(result: ExtractionResult) -> None:
    e = _find(result, "Government regains territory")
    assert e.actor1 is not None and e.actor1.country == "SYR"
    assert e.actor1.kind == "state_forces"
    assert e.date == "2016-09-17"


def test_russian_strikes_killed_30_islamic_state_fighters(result: ExtractionResult) -> None:
    e = _find(result, "Air/drone strike", "RUS")
    assert e.actor2 is not None and e.actor2.name == "Islamic State"
    c = _claim(e, 30)
    assert c.qualifier == "at least"
    assert c.source == "Syrian Observatory for Human Rights"
    assert e.date == "2016-09-17"


def test_no_more_than_six_violent_events(result: ExtractionResult) -> None:
    violent = [e for e in result.events if e.event_type != "Strategic developments"]
    assert 4 <= len(violent) <= 6


# -- statements ----------------------------------------------------------------------------------


def _quotes(result: ExtractionResult, speaker: str) -> list[str]:
    return [s.text for s in result.statements if s.direct and s.speaker == speaker]


def test_power_quotes_with_full_name(result: ExtractionResult) -> None:
    quotes = _quotes(result, "Samantha Power")
    assert any("cheap point scoring" in q for q in quotes)
    assert any("if we determine that we did indeed strike" in q for q in quotes)
    role = next(s.speaker_role for s in result.statements if s.speaker == "Samantha Power")
    assert role is not None and "ambassador to the United Nations" in role


def test_churkin_quotes_with_full_name(result: ExtractionResult) -> None:
    quotes = _quotes(result, "Vitaly Churkin")
    assert any("very big question mark" in q for q in quotes)
    assert any("I would be very interested to see how Washington" in q for q in quotes)


def test_zakharova_quote_via_ria_novosti(result: ExtractionResult) -> None:
    s = next(s for s in result.statements if s.direct and s.speaker == "Maria Zakharova")
    assert "really terrifying conclusion" in s.text
    assert s.via == "RIA Novosti"
    assert s.speaker_role is not None and "spokeswoman" in s.speaker_role


def test_reported_speech_speakers(result: ExtractionResult) -> None:
    reported = {s.speaker for s in result.statements if not s.direct}
    assert "Peter Cook" in reported
    assert "Russian Defence Ministry" in reported
    assert "Australian Department of Defence" in reported
    assert any(s and "Obama administration official" in s for s in reported)


def test_statement_spans_point_into_the_text(result: ExtractionResult) -> None:
    text = _text()
    for s in result.statements:
        assert text[s.span[0] : s.span[1]] == s.text


# -- no anchor, no date -------------------------------------------------------------------------


def test_without_publication_date_no_event_is_dated(undated: ExtractionResult) -> None:
    assert undated.events
    assert all(e.date is None and e.date_precision is None for e in undated.events)


def test_same_events_without_publication_date(
    result: ExtractionResult, undated: ExtractionResult
) -> None:
    assert sorted(e.sub_event_type for e in undated.events) == sorted(
        e.sub_event_type for e in result.events
    )


def test_output_is_deterministic(result: ExtractionResult) -> None:
    again = sitrep.extract(_text(), published="2016-09-17", source="Reuters")
    assert again.to_dict() == result.to_dict()
