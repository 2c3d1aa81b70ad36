"""Places in articles: disambiguation, regions, vague references, landmarks, resolve_name."""

from __future__ import annotations

import math

import pytest

import sitrep
from sitrep.models import Location
from sitrep.places import resolve_name, resolve_name_precision


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _location(text: str) -> Location:
    result = sitrep.extract(text, published="2017-04-08")
    assert result.events, text
    loc = result.events[0].location
    assert loc is not None, text
    return loc


@pytest.mark.parametrize(
    "name, country, expected",
    [
        ("Dayr az Zawr", "SY", "Deir ez-Zor"),
        ("Deir al-Zour", None, "Deir ez-Zor"),
        ("Der-Ezzor", "Syria", "Deir ez-Zor"),
        ("Idleb", "SYR", "Idlib"),
        ("Homs", "SY", "Homs"),
        ("Khan Sheikhoun", "SY", "Khān Shaykhūn"),
        ("the outskirts of Homs", "SY", "Homs"),
        ("20 km east of Palmyra", "SY", "Tadmur"),
        ("the Paris suburb of Nanterre", "FR", "Nanterre"),
        ("Kuweires air base", "SY", "Kuwayris Sharqī"),
        ("Hmeimim", "SY", "Jablah"),
    ],
)
def test_resolve_name(name: str, country: str | None, expected: str) -> None:
    place = resolve_name(name, country)
    assert place is not None and place.name == expected


def test_homs_in_a_syria_story_is_syrias_and_libyas_in_a_libya_story() -> None:
    syria = resolve_name("Homs", "SY")
    libya = resolve_name("Homs", "LY")
    assert syria is not None and syria.country2 == "SY"
    assert libya is not None and libya.country2 == "LY"


def test_georgia_is_a_country_unless_the_story_is_american() -> None:
    caucasus = resolve_name("Georgia", "RU")
    us = resolve_name("Georgia", "US")
    assert caucasus is not None and caucasus.feature == "country"
    assert us is not None and us.feature == "admin1" and us.country2 == "US"


@pytest.mark.parametrize(
    "name, feature, precision",
    [
        ("Idlib province", "admin1", 3),
        ("Deir ez-Zor governorate", "admin1", 3),
        ("the Aleppo countryside", "city", 2),
        ("northern Syria", "country", 3),
        ("near Raqqa", "city", 2),
        ("Deir ez-Zor airport", "city", 2),
        ("Raqqa", "city", 1),
    ],
)
def test_regions_and_vague_references(name: str, feature: str, precision: int) -> None:
    found = resolve_name_precision(name, "SY")
    assert found is not None
    assert (found[0].feature, found[1]) == (feature, precision)


def test_unknown_names_and_far_fetched_villages_are_not_resolved() -> None:
    assert resolve_name("Qwxyzzy", "SY") is None
    assert resolve_name("Marj al-Sultan", "SY") is None  # not Al Marj in Libya


def test_article_places_by_context() -> None:
    loc = _location("Syrian government forces shelled Homs on Friday, killing four people.")
    assert loc.country_code == "SYR" and loc.name == "Homs" and loc.precision == 1


def test_landmark_event_sits_at_its_town_with_precision_2() -> None:
    loc = _location(
        "Islamic State fighters shelled the Kuweires air base east of Aleppo on Friday, "
        "the Syrian army said."
    )
    assert loc.country_code == "SYR" and loc.precision == 2
    assert loc.text is not None and "Kuweires" in loc.text
    assert loc.lat is not None and loc.lon is not None
    assert _km(loc.lat, loc.lon, 36.187, 37.583) < 25


def test_region_noun_selects_the_region() -> None:
    loc = _location("Russian jets bombed villages in Idlib province on Friday, a monitor said.")
    assert loc.country_code == "SYR" and loc.precision == 3
    assert loc.admin1 == "Idlib"


def test_suburb_of() -> None:
    loc = _location("Rioters torched cars in the Paris suburb of Nanterre on Friday.")
    assert loc.name == "Nanterre"


def test_transliterated_name_in_text() -> None:
    loc = _location("Government aircraft struck Dayr az Zawr on Friday, killing 12 people.")
    assert loc.name == "Deir ez-Zor" and loc.precision == 1
