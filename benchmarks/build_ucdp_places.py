"""Derive ``src/sitrep/data/ucdp_places.tsv`` from UCDP GED's place names.

    python benchmarks/build_ucdp_places.py [--years 2016-2019] [--out PATH]

Reads ``ucdp/ged-syria-2016-2019.csv`` (UCDP GED, Sundberg & Melander 2013; see NOTICE)
and keeps the populated places UCDP names at a known point:

- rows with ``where_prec`` 1 (the event's own place) or 2 (within about 25 km of a named
  place): in both, ``where_coordinates`` names a place and ``latitude``/``longitude`` are
  that place's point; rows of precision 3-6 (districts, governorates, larger areas, the
  country) are left out;
- names ending in a settlement word: village (and UCDP's typos "villge", "villae"), town,
  city, suburb, camp, which gives the feature kind; fields, hills, bases, roads, areas
  and names without such a word are left out (their kind is unknown);
- "A/B village" gives two names of one place; a parenthesis gives another name ("Al-Rai
  town (Choban Bey)"); whitespace is normalised.

Names are deduplicated: the names at one point (to about 100 m) are one place, and the
same name (by ``gazetteer.name_key``) at points within 3 km of each other is one place
(the first point kept); the same name farther apart is two places (Syria has several
villages called Hamra). The most frequent spelling is the place's name, the others its
variants. ``adm_1`` ("Hamah Governorate") is matched to GeoNames' first-level code
(``SY.10``) by name key. The output is a TSV with a header: name, variants (``|``-joined),
kind, lat, lon, country (alpha-2), admin1 code, rows (UCDP event rows naming the place).

``--years 2016-2017`` derives the layer from those years only (the held-out split that
``geoparse_ucdp.py --held-out`` measures on the names of the other years).
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from _data import DATA, ROOT, require

from sitrep.datafiles import data_path
from sitrep.gazetteer import distance_km, name_key

OUT = ROOT / "src" / "sitrep" / "data" / "ucdp_places.tsv"
_KIND = re.compile(r"\s+(village|villge|villae|town|city|suburb|camp)\s*$", re.IGNORECASE)
_KINDS = {"villge": "village", "villae": "village"}
_PAREN = re.compile(r"\(([^()]*)\)")
_COUNTRIES = {"Syria": "SY"}
_REGIONS = {"Damascus": "Dimashq"}
"""UCDP's region names GeoNames spells otherwise."""
_SAME_POINT_DEG = 0.001
_SAME_PLACE_KM = 3.0


@dataclass
class Place:
    lat: float
    lon: float
    kind: str
    adm1: str
    spellings: Counter[str] = field(default_factory=Counter)
    rows: int = 0


def names_of(where: str) -> tuple[list[str], str] | None:
    """UCDP's ``where_coordinates`` → (names, kind), or None for anything but a settlement."""
    extra = [" ".join(m.split()) for m in _PAREN.findall(where)]
    text = " ".join(_PAREN.sub(" ", where).split())
    m = _KIND.search(text)
    if m is None:
        return None
    kind = m.group(1).lower()
    names = [" ".join(_KIND.sub("", p).split()) for p in text[: m.start()].split("/")]
    names += [e for e in extra if e and not _KIND.search(e)]
    names = [n for n in names if n and any(c.isalpha() for c in n) and n[0].isupper()]
    return (names, _KINDS.get(kind, kind)) if names else None


def admin1_codes(country2: str) -> dict[str, str]:
    """Name key of a first-level region → GeoNames code ("hama" → "10")."""
    out: dict[str, str] = {}
    for line in data_path("admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0].startswith(country2 + "."):
            for name in parts[1:3]:
                out[name_key(name)] = parts[0].split(".", 1)[1]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", default="2016-2019", help="first-last year to read")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    first, _, last = args.years.partition("-")
    years = range(int(first), int(last or first) + 1)
    path = require(DATA / "ucdp" / "ged-syria-2016-2019.csv")

    admin1 = {cc: admin1_codes(cc) for cc in _COUNTRIES.values()}
    unmatched: Counter[str] = Counter()
    places: list[Place] = []
    by_point: dict[tuple[int, int], Place] = {}
    by_key: dict[str, list[Place]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["where_prec"] not in ("1", "2") or int(row["year"]) not in years:
                continue
            got = names_of(row["where_coordinates"])
            cc = _COUNTRIES.get(row["country"])
            if got is None or cc is None:
                continue
            names, kind = got
            lat, lon = float(row["latitude"]), float(row["longitude"])
            point = (round(lat / _SAME_POINT_DEG), round(lon / _SAME_POINT_DEG))
            place = by_point.get(point)
            if place is None:
                for n in names:
                    for other in by_key.get(name_key(n), []):
                        if distance_km(lat, lon, other.lat, other.lon) <= _SAME_PLACE_KM:
                            place = other
                            break
                    if place is not None:
                        break
            if place is None:
                region = row["adm_1"].removesuffix(" Governorate")
                region = _REGIONS.get(region, region)
                code = admin1[cc].get(name_key(region), "")
                if not code:
                    unmatched[row["adm_1"]] += 1
                place = Place(lat, lon, kind, f"{cc}\t{code}")
                places.append(place)
                by_point[point] = place
            place.rows += 1
            for n in names:
                place.spellings[n] += 1
                ids = by_key.setdefault(name_key(n), [])
                if place not in ids:
                    ids.append(place)

    lines = ["name\tvariants\tkind\tlat\tlon\tcountry\tadmin1\trows"]
    for p in sorted(places, key=lambda p: (-p.rows, p.lat, p.lon)):
        ordered = [n for n, _ in sorted(p.spellings.items(), key=lambda kv: (-kv[1], kv[0]))]
        name, variants = ordered[0], ordered[1:]
        lines.append(
            f"{name}\t{'|'.join(variants)}\t{p.kind}\t{p.lat:.5f}\t{p.lon:.5f}\t{p.adm1}\t{p.rows}"
        )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(places)} places from years {args.years} -> {args.out}")
    if unmatched:
        print(f"regions not matched to a GeoNames code: {dict(unmatched)}")


if __name__ == "__main__":
    main()
