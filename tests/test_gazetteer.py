"""The gazetteer: transliteration-tolerant keys, landmarks, storage, GeoNames import."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from sitrep import gazetteer as gz
from sitrep.cli import main
from sitrep.datafiles import load_yaml
from sitrep.gazetteer import Gazetteer, load_gazetteer, name_key
from sitrep.places import resolve_name


@pytest.mark.parametrize(
    "variants",
    [
        ["Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour", "Der-Ezzor", "Deir Ezzor", "Deir Ez Zor"],
        ["Idlib", "Idleb"],
        ["Maarat al-Numan", "Ma'arrat an-Nu'man", "Maarrat al-Nouman", "Ma`arrat an Nu`man"],
        ["Khan Sheikhoun", "Khan Shaykhun", "Khan Sheikhun"],
        ["Raghibiyah", "Raghibiya", "Raghibiyeh", "Raghibieh"],
        ["Ras al-Ain", "Ras al Ayn", "Ras el-Ein"],
        ["Qamishli", "Al-Qamishli", "al Qamishli"],
        ["Chechnya", "Shechnya"],
        ["Beit Sahour", "Bayt Sahur"],
        ["Sayyida Zeinab", "Sayyeda Zeinab", "Sayyidah Zaynab"],
        ["T4", "T-4", "T 4"],
        ["Maaret Alnouman", "Maarat al-Numan", "Maaret al-Numan"],
        ["Tell Rifaat", "Tal Rifaat", "Tall Rifaat", "Tel Rifaat"],
        ["Jebel Zawiya", "Jabal az-Zawiyah", "Jabal al-Zawiya"],
        ["Khirbet Ghazaleh", "Khirbat Ghazalah"],
        ["Kfar Nabl", "Kafr Nabl"],
    ],
)
def test_name_key_tolerates_transliterations(variants: list[str]) -> None:
    keys = {name_key(v) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    "a, b", [("Homs", "Hama"), ("Idlib", "Aleppo"), ("Damascus", "Daraa"), ("Raqqa", "Rakhine")]
)
def test_name_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_the_packaged_gazetteer_loads_fast_from_its_cache(gaz: Gazetteer) -> None:
    load_gazetteer.cache_clear()
    try:
        t0 = time.perf_counter()
        again = load_gazetteer()
        elapsed = time.perf_counter() - t0
    finally:
        load_gazetteer.cache_clear()
    assert len(again) == len(gaz)
    assert elapsed < 2.0  # well under one second on the development machines


def test_cities500_villages_are_in(gaz: Gazetteer) -> None:
    # Kuwayris Sharqi has no recorded population: only cities500 (or a dump) has it
    assert any(p.country2 == "SY" for p in gaz.places_named("Kuwayris Sharqi"))
    assert any(p.name == "Buulobarde" for p in gaz.places_named("Bulo Burde"))


def test_every_landmark_resolves_to_its_town(gaz: Gazetteer) -> None:
    data = load_yaml("landmarks.yaml")
    assert data["version"] == 1
    for lm in data["landmarks"]:
        assert {"name", "kind", "town", "country", "names"} <= set(lm), lm
        assert len(lm["country"]) == 2
        for name in lm["names"]:
            hits = [p for p in gaz.places_named(name) if p.landmark == lm["name"]]
            assert hits, f"{name!r} does not find landmark {lm['name']!r}"
            assert hits[0].country2 == lm["country"]
            assert hits[0].feature == "city"


def test_landmarks_sit_at_their_town(gaz: Gazetteer) -> None:
    (kuweires,) = [p for p in gaz.places_named("Kuweires air base") if p.landmark]
    (town,) = [p for p in gaz.places_named("Kuwayris Sharqi") if not p.landmark]
    assert (kuweires.lat, kuweires.lon) == (town.lat, town.lon)
    assert kuweires.geonames_id == town.geonames_id


def test_regions_and_countries(gaz: Gazetteer) -> None:
    regions = [p for p in gaz.places_named("Idlib") if p.feature == "admin1"]
    assert regions and regions[0].country2 == "SY"
    assert any(p.feature == "country" and p.country2 == "GE" for p in gaz.places_named("Georgia"))
    assert gaz.admin1_of(regions[0]) == "Idlib"


def test_storage_round_trip(gaz: Gazetteer) -> None:
    again = Gazetteer.loads(gaz.dumps())
    assert len(again) == len(gaz)
    assert again.places_named("Dayr az Zawr") == gaz.places_named("Dayr az Zawr")


def test_codes_are_not_names(gaz: Gazetteer) -> None:
    assert not any(p.name == "Berlin" for p in gaz.places_named("BER"))


# -- import ------------------------------------------------------------------------------------

_GEONAME = (
    "{gid}\t{name}\t{ascii}\t{alt}\t{lat}\t{lon}\t{fclass}\t{fcode}\t{cc}\t\t{adm}\t\t\t\t"
    "{pop}\t\t300\tAsia/Damascus\t2020-01-01\n"
)


def _geoname(**kw: Any) -> str:
    row = {"alt": "", "fclass": "P", "fcode": "PPL", "cc": "SY", "adm": "07", "pop": "0"} | kw
    return _GEONAME.format(**row)


def _small_base() -> tuple[str, dict[str, dict[str, Any]], list[dict[str, Any]]]:
    countries = {
        "SY": {"iso": "SY", "iso3": "SYR", "name": "Syria", "geonameid": 163843,
               "capital": "Damascus"},
    }  # fmt: skip
    cities = [
        {"geonameid": 170654, "name": "Damascus", "latitude": 33.5102, "longitude": 36.29128,
         "countrycode": "SY", "population": 1569394, "admin1code": "13", "alternatenames": []},
        {"geonameid": 170794, "name": "Deir ez-Zor", "latitude": 35.33588,
         "longitude": 40.14084, "countrycode": "SY", "population": 271800, "admin1code": "07",
         "alternatenames": ["Dayr az Zawr"]},
    ]  # fmt: skip
    return "test base", countries, cities


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SITREP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(gz, "_packaged", _small_base)
    load_gazetteer.cache_clear()
    yield tmp_path
    load_gazetteer.cache_clear()


def test_import_a_geonames_slice(cache: Path) -> None:
    dump = cache / "SY.txt"
    dump.write_text(
        _geoname(gid=170000, name="Kuwayris Sharqī", ascii="Kuwayris Sharqi",
                 alt="Kuweires,كويرس", lat="36.18", lon="37.58", adm="01")
        + _geoname(gid=170001, name="Tall Ḩamīs", ascii="Tall Hamis", lat="36.74", lon="41.38")
        + _geoname(gid=170002, name="Deir ez-Zor Airport", ascii="Deir ez-Zor Airport",
                   alt="OSDZ,DEZ", fclass="S", fcode="AIRP", lat="35.285", lon="40.175")
        + _geoname(gid=170003, name="Jabal Bishri", ascii="Jabal Bishri", fclass="T",
                   fcode="MTS", lat="35.4", lon="39.3")
        + _geoname(gid=170794, name="Deir ez-Zor", ascii="Deir ez-Zor", pop="300000",
                   lat="35.33588", lon="40.14084")
        + _geoname(gid=999999, name="Elsewhere", ascii="Elsewhere", cc="TR", lat="37", lon="35"),
        encoding="utf-8",
    )  # fmt: skip
    target, kept = gz.import_geonames(dump, countries=["SY"])
    assert kept == 4  # the mountain and the Turkish place are left out
    assert target.parent == gz.imported_dir()
    names = cache / "alternateNamesV2.txt"
    names.write_text(
        "1\t170001\t\tTell Hamis\t\t\t\t\t\t\n"
        "2\t170001\tlink\thttps://en.wikipedia.org/wiki/Tell_Hamis\t\t\t\t\t\t\n"
        "3\t170001\tar\tتل حميس\t\t\t\t\t\t\n",
        encoding="utf-8",
    )
    assert gz.import_geonames(names)[1] == 1

    gaz = load_gazetteer()
    assert any(s.startswith("imported") for s in gaz.sources)
    (village,) = [p for p in gaz.places_named("Kuweires") if not p.landmark]
    assert village.geonames_id == 170000 and village.admin1_code == "01"
    assert [p.geonames_id for p in gaz.places_named("Tell Hamis")] == [170001]
    airport = resolve_name("Deir ez-Zor airport", "SY", gaz)
    assert airport is not None and airport.landmark == "Deir ez-Zor Airport"
    assert airport.geonames_id == 170002 and airport.lat == pytest.approx(35.285)
    assert not gaz.places_named("OSDZ")
    # the dump wins over the packaged data for the same place, keeping its names
    city = [p for p in gaz.places_named("Dayr az Zawr") if p.feature == "city"]
    assert [p.population for p in city] == [300000]


def test_import_rejects_other_files(cache: Path) -> None:
    bad = cache / "bad.txt"
    bad.write_text("a\tb\tc\n", encoding="utf-8")
    with pytest.raises(gz.GazetteerError, match="columns"):
        gz.import_geonames(bad)
    broken = cache / "broken.txt"
    broken.write_text(_geoname(gid="x", name="A", ascii="A", lat="1", lon="2"), encoding="utf-8")
    with pytest.raises(gz.GazetteerError, match=r"broken.txt:1"):
        gz.import_geonames(broken)


def test_cli_gazetteer_import_and_lookup(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = cache / "cities500.txt"
    dump.write_text(
        _geoname(gid=170000, name="Kuwayris Sharqī", ascii="Kuwayris Sharqi", lat="36.18",
                 lon="37.58"),
        encoding="utf-8",
    )  # fmt: skip
    assert main(["gazetteer", "import", str(dump)]) == 0
    assert "imported 1 rows" in capsys.readouterr().err
    assert main(["gazetteer", "lookup", "Kuwayris Sharqi", "--country", "SYR"]) == 0
    assert '"geonames_id": 170000' in capsys.readouterr().out
    assert main(["gazetteer", "info"]) == 0
    assert "cities500.places.tsv" in capsys.readouterr().out
    assert main(["gazetteer", "import", str(cache / "missing.txt")]) == 1


_UCDP_LAYER = (
    "name\tvariants\tkind\tlat\tlon\tcountry\tadmin1\trows\n"
    "Sheikh Fulan\tShaykh Fulan\tvillage\t35.52083\t36.55472\tSY\t12\t6\n"
    "Deir ez Zor\tZor City\ttown\t35.33600\t40.14000\tSY\t07\t341\n"
    "Damascus\t\tvillage\t36.50000\t40.70000\tSY\t01\t1\n"
    "Syria\t\tvillage\t36.00000\t38.00000\tSY\t09\t1\n"
)


@pytest.fixture
def ucdp_gaz(cache: Path) -> Gazetteer:
    layer = cache / "ucdp.tsv"
    layer.write_text(_UCDP_LAYER, encoding="utf-8")
    return gz.build_gazetteer(ucdp=layer)


def test_a_village_only_ucdp_knows_resolves(ucdp_gaz: Gazetteer) -> None:
    place = resolve_name("Shaykh Fulan", "SY", ucdp_gaz)
    assert place is not None and place.name == "Sheikh Fulan"
    assert place.geonames_id < 0 and place.population < 500
    assert ucdp_gaz.admin1_of(place) is None or place.admin1_code == "12"
    assert "UCDP GED places (4)" in ucdp_gaz.sources


def test_geonames_keeps_its_places_against_the_ucdp_layer(ucdp_gaz: Gazetteer) -> None:
    # the same town within 5 km: no second entry, UCDP's spelling joins GeoNames' entry
    deir = ucdp_gaz.places_named("Deir ez-Zor")
    assert [p.geonames_id for p in deir if p.feature == "city"] == [170794]
    assert [p.geonames_id for p in ucdp_gaz.places_named("Zor City")] == [170794]
    # a village of a city's name elsewhere is added but never beats the city
    assert {p.geonames_id > 0 for p in ucdp_gaz.places_named("Damascus")} == {True, False}
    for country in (None, "SY"):
        place = resolve_name("Damascus", country, ucdp_gaz)
        assert place is not None and place.geonames_id == 170654
    # a country's name is never a UCDP village
    assert all(p.feature == "country" for p in ucdp_gaz.places_named("Syria"))


def test_the_gazetteer_without_the_ucdp_layer(cache: Path) -> None:
    gaz = gz.build_gazetteer(ucdp=False)
    assert all(gaz.gid[i] > 0 for i in range(len(gaz)))
    assert gz.gazetteer_path(ucdp=False) != gz.gazetteer_path()


def test_the_packaged_ucdp_layer(gaz: Gazetteer) -> None:
    # villages GeoNames' cities500 lacks, in the spellings news uses
    for name in ("Sarmada", "Sheikh Mustafa", "Kafrayya", "Moadamiyat al-Sham", "Talmenes"):
        places = [p for p in gaz.places_named(name) if p.country2 == "SY"]
        assert places, name
    place = resolve_name("Maaret Alnouman", "SY", gaz)
    assert place is not None and place.geonames_id == 167611  # GeoNames' Ma'arrat an Nu'man
