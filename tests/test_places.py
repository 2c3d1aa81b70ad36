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
        ("the Aleppo countryside", "admin1", 3),  # a provincial capital's: the province
        ("the Manbij countryside", "city", 2),  # any other town's: near it
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
    marj = resolve_name("Marj al-Sultan", "SY")  # the UCDP layer's town, not Al Marj in Libya
    assert marj is None or marj.country2 == "SY"


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


def test_region_noun_before_the_name_selects_the_region() -> None:
    loc = _location("Government jets bombed the northern province of Idlib on Friday, killing 9.")
    assert loc.country_code == "SYR" and loc.precision == 3 and loc.admin1 == "Idlib"
    city = _location("Government jets bombed the city of Idlib on Friday, killing nine.")
    assert city.precision == 1 and city.name == "Idlib"


def test_capitalised_city_after_a_name_is_the_city() -> None:
    loc = _location("Rebel rockets hit Daraa City on Friday, killing four civilians.")
    assert loc.country_code == "SYR" and loc.precision == 1
    assert loc.admin1 == "Daraa" and _km(loc.lat, loc.lon, 32.62, 36.10) < 10


def test_capital_before_a_noun_of_state_is_the_government_not_a_place() -> None:
    for text in (
        "Jets of Damascus's ally Russia struck a market in a town in northern Syria on "
        "Friday, killing 11 people.",
        "Jets of Damascuss ally Russia struck a market in a town in northern Syria on "
        "Friday, killing 11 people.",
    ):
        loc = _location(text)
        assert loc.name == "Syria" and loc.precision == 3, text
    loc = _location("Rebels shelled the Damascus military airport on Friday, a monitor said.")
    assert loc.admin1 == "Dimashq"


def test_name_head_before_an_unknown_name_is_not_a_place_of_its_own() -> None:
    # "Khan" alone is a place in the gazetteer; "Khan Zibdeen" is not: the longer name is
    # unknown, so the event sits in the rural province named after it
    loc = _location(
        "Jets bombed a clinic in the town of Khan Zibdeen in western rural Idlib on Friday, "
        "killing five medics."
    )
    assert loc.admin1 == "Idlib" and loc.precision == 3


def test_rural_before_a_provincial_capital_is_its_province() -> None:
    # "rural Hama" (rif Hama) is the province's rural part, not a point near the city
    loc = _location("Barrel bombs hit a village in rural Hama on Friday, killing seven.")
    assert loc.admin1 == "Hama" and loc.precision == 3


def test_rural_before_another_town_is_near_it() -> None:
    loc = _location("Barrel bombs hit a village in rural Manbij on Friday, killing seven.")
    assert loc.name == "Manbij" and loc.precision == 2


def test_suburb_of() -> None:
    loc = _location("Rioters torched cars in the Paris suburb of Nanterre on Friday.")
    assert loc.name == "Nanterre"


def test_transliterated_name_in_text() -> None:
    loc = _location("Government aircraft struck Dayr az Zawr on Friday, killing 12 people.")
    assert loc.name == "Deir ez-Zor" and loc.precision == 1


def _locations(text: str, published: str = "2017-04-08") -> list[Location]:
    result = sitrep.extract(text, published=published)
    return [e.location for e in result.events if e.location is not None]


def test_district_of_a_city_is_coded_at_the_city() -> None:
    # "Salah al-Din" is also an Iraqi province: as a district of Aleppo it is Aleppo
    loc = _location(
        "A car bomb killed five people in the Salah al-Din district of Aleppo on Friday, "
        "state media said."
    )
    assert loc.country_code == "SYR" and loc.name == "Aleppo"


def test_a_place_run_into_a_date_or_an_actor_is_still_a_place() -> None:
    # text that lost its commas: "east of Hama Friday", "in Homs Syrian state TV said"
    loc = _location("Jets struck rebel areas east of Hama Friday the monitor said.")
    assert loc.text == "Hama" and loc.country_code == "SYR"
    loc = _location("A bomb killed four people in Homs Syrian state television reported.")
    assert loc.name == "Homs"


def test_seats_of_sources_are_not_event_places() -> None:
    loc = _location(
        "Air strikes killed 30 militants in Syria on Friday, the defence ministry in Moscow said."
    )
    assert loc.country_code == "SYR"
    loc = _location(
        "Barrel bombs killed nine people in Syria on Friday, the London-based monitor said."
    )
    assert loc.country_code == "SYR"
    loc = _location(
        "Shelling killed six civilians in Syria on Friday, said the monitor, based in Britain."
    )
    assert loc.country_code == "SYR"


def test_an_arabic_article_keeps_a_name_out_of_foreign_homonyms() -> None:
    # "al-Meridian" is an Aleppo quarter, not Meridian, Mississippi
    for loc in _locations(
        "Rebels fired rockets at the al-Meridian neighbourhood on Friday, the Syrian "
        "army said, as US envoys met in Geneva."
    ):
        assert loc.country_code != "USA"


def test_a_town_abroad_in_a_country_the_article_never_names_is_a_homonym() -> None:
    # "Korla" in China matches "al-Quria"; "Urum" matches Orem, Utah
    for loc in _locations(
        "Syrian jets struck the town of al-Quria in Deir ez-Zor province on Friday. "
        "A convoy was hit near Urum al-Kubra west of Aleppo, the Syrian Observatory said."
    ):
        assert loc.country_code == "SYR"


def test_lost_apostrophe_possessive_qualifies_the_place() -> None:
    loc = _location("Air strikes on Syrias Idlib province killed 12 people on Friday.")
    assert loc.admin1 == "Idlib" and loc.country_code == "SYR"


def test_a_country_named_further_along_the_sentence_does_not_disown_a_place() -> None:
    # "experts in Turkey": Turkey is named in the sentence, Idlib is still Syria's
    locs = _locations(
        "Air strikes killed 20 people in Idlib on Friday as doctors in Turkey treated "
        "the wounded, the Syrian Observatory said."
    )
    assert locs and locs[0].name == "Idlib" and locs[0].country_code == "SYR"


def test_a_media_outlet_named_after_a_town_is_the_town_after_a_place_noun() -> None:
    loc = _location(
        "Russian air strikes killed 14 civilians near the town of Al Mayadeen in Deir "
        "ez-Zor province on Friday, a monitor said."
    )
    assert loc.name == "Al Mayādīn" and loc.precision == 2


def test_a_region_sits_at_its_main_town() -> None:
    loc = _location("Russian jets bombed villages in Deir ez-Zor province on Friday.")
    assert loc.precision == 3 and loc.lat is not None and loc.lon is not None
    assert _km(loc.lat, loc.lon, 35.336, 40.141) < 10  # the city of Deir ez-Zor


def test_the_dateline_is_not_the_event_place() -> None:
    loc = _location(
        "Published 8 April 2017 Beirut Syrian jets struck the town of Saraqib on Friday "
        "killing eight people, a monitor said."
    )
    assert loc.name == "Saraqib"
    loc = _location(
        "BEIRUT (Reuters) - Syrian jets struck Saraqib on Friday, killing eight people."
    )
    assert loc.name == "Saraqib"


def test_a_later_mention_names_the_event_place() -> None:
    # the lead says only "in Syria"; the next sentence, about the same attack, names the town
    loc = _location(
        "A car bomb killed 12 people in Syria on Friday, opposition officials said. "
        "The attack targeted a police station in Inkhil in the south of the country."
    )
    assert loc.name == "Inkhil"


def test_a_particle_ends_a_name_after_an_article() -> None:
    # "Ain" begins names ("Ain Issa") but ends "Ras al-Ain"
    loc = _location(
        "Kurdish fighters attacked Islamic State positions south of the town of Ras al-Ain "
        "in Hasakeh province on Friday, killing nine militants."
    )
    assert loc.country_code == "SYR" and loc.lat is not None and loc.lon is not None
    assert _km(loc.lat, loc.lon, 36.85, 40.07) < 10


def test_where_a_group_is_banned_is_no_event_place() -> None:
    loc = _location(
        "Government troops clashed with fighters of the Islamic State group (banned in "
        "Russia) near Palmyra on Friday, killing 20 militants, the army said."
    )
    assert loc.name == "Tadmur"


def test_a_demonym_before_a_name_qualifies_it() -> None:
    loc = _location("A drone strike near Syrian Al-Raqqa province killed a commander on Friday.")
    assert loc.country_code == "SYR" and loc.admin1 == "Ar-Raqqah"


def test_a_place_naming_a_facility_is_the_place() -> None:
    loc = _location(
        "A bomb exploded near Qamishli National Hospital in Hasakeh province on Friday, "
        "wounding three people."
    )
    assert loc.name == "Al Qāmishlī" and loc.precision == 2


def test_a_sponsor_or_a_body_named_by_its_seat_is_no_event_place() -> None:
    # "the Damascus-backed militia", "a source at Homs Police Command"
    loc = _location(
        "Israeli jets struck a base of the Damascus-backed militia in Quneitra province "
        "on Friday, killing three fighters."
    )
    assert loc.admin1 == "Quneitra"
    locs = _locations(
        "A source at Homs Police Command told the agency that a roadside bomb exploded "
        "in the town of Talbiseh on Friday, killing two people."
    )
    assert [loc.name for loc in locs] == ["Tallbīsah"]


def test_an_event_told_only_in_the_country_takes_the_storys_place() -> None:
    # the story is about Palmyra; the sentence with the toll says only "central Syria"
    loc = _location(
        "Army reinforcements arrived in Palmyra as the siege of the ancient city went on. "
        "More than 40 militants were killed in clashes with the army in central Syria on "
        "Friday, a military source said."
    )
    assert loc.name == "Tadmur"


def test_the_storys_place_is_no_place_of_its_background() -> None:
    # "in Aleppo last year" is background; the story is set in Idlib
    loc = _location(
        "Victims of a suspected gas attack in Syria showed symptoms of nerve agent exposure, "
        "the WHO said on Friday. Rebels used chemical weapons in Aleppo last year, a "
        "Russian spokesman said. Doctors in Idlib treated dozens of patients."
    )
    assert loc.admin1 == "Idlib"


def test_a_village_is_no_city_abroad() -> None:
    # "Safiyeh" is a spelling of Sofia, Bulgaria's capital: not a village in Syria
    for loc in _locations(
        "A suicide bomber blew himself up at a wedding in Safiyeh village in Syria's "
        "Hasakeh province on Friday, killing 12 people."
    ):
        assert loc.country_code == "SYR"


def test_a_demonym_is_not_a_town_of_that_name() -> None:
    # GeoNames lists "Kazakh" among the names of Petropavl and of Gazakh (Azerbaijan)
    result = sitrep.extract(
        "Gunmen opened fire on a Kazakh border post on Tuesday, killing two guards.",
        published="2017-10-11",
    )
    assert result.events
    loc = result.events[0].location
    assert loc is None or loc.name not in ("Petropavl", "Gazakh")


def test_list_of_towns_without_commas_reads_every_known_town() -> None:
    """ "the towns of Saraqib Binnish and Ariha" (a text that lost its commas): each known
    name after the plural place noun is a town, not part of a longer name."""
    from sitrep.models import Article
    from sitrep.pipeline import analyse

    doc = analyse(
        Article(
            text="Government jets bombed the towns of Saraqib Binnish and Ariha in Idlib "
            "province on Friday causing civilian casualties activists said."
        )
    )
    names = {p.place.name for p in doc.places}
    assert {"Saraqib", "Binnish", "Arīḩā"} <= names
