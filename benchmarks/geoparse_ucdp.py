"""Geoparsing against UCDP GED: are UCDP's place names put where UCDP puts them?

    python benchmarks/geoparse_ucdp.py [--worst 30] [--km 25]

For each distinct ``where_coordinates`` of ``ucdp/ged-syria-2016-2019.csv`` the name is
cleaned (UCDP's "village"/"town"/"city"/... suffixes stripped; "A/B" gives two names tried
in turn) and resolved with ``sitrep.places.resolve_name`` (the pipeline's resolver) with
the row's country as context. A name is placed when the result lies within ``--km`` of
UCDP's coordinates. Reported: the share of distinct names placed, of those whose place has
5,000+ inhabitants in GeoNames (the nearest gazetteer place within 2 km of UCDP's point
has a population of 5,000 or more), and of event rows; the worst misses; the gazetteer's
load time (from its cache, in a fresh process) and lookups per second.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import subprocess
import sys
import time
from dataclasses import dataclass

from _data import DATA, require

from sitrep.gazetteer import CITY, Gazetteer, distance_km, load_gazetteer, name_key
from sitrep.places import resolve_name

_SUFFIX = re.compile(
    r"\s+(?:village|town|city|suburb|district|sub-?district|area|neighbou?rhood|camp|"
    r"mountain|hill|farms?|quarter|region|municipality|governorate|province|"
    r"settlement|valley|plain|crossing)s?\s*$",
    re.IGNORECASE,
)
_KEEP_SUFFIX = re.compile(r"governorate|province|district", re.IGNORECASE)


@dataclass
class Name:
    text: str
    lat: float
    lon: float
    country: str
    rows: int = 0


def clean(name: str) -> list[str]:
    """UCDP's name → the names to try ("Tadmur/Palmyra town" → Tadmur, Palmyra)."""
    out = []
    for part in name.split("/"):
        part = " ".join(part.split())
        if not part:
            continue
        m = _SUFFIX.search(part)
        if m and not _KEEP_SUFFIX.search(m.group()):
            part = part[: m.start()]
        out.append(part.strip())
    return out


def population_near(gaz: Gazetteer, lat: float, lon: float, km: float = 2.0) -> int:
    """Population of the nearest gazetteer place within ``km`` of a point (0 if none)."""
    best, pop = km, 0
    for i in range(len(gaz)):
        if abs(gaz.lat[i] - lat) > 0.1 or abs(gaz.lon[i] - lon) > 0.1:
            continue
        if gaz.row(i).feature != CITY or gaz.row(i).landmark:
            continue
        d = distance_km(lat, lon, gaz.lat[i], gaz.lon[i])
        if d <= best:
            best, pop = d, gaz.pop[i]
    return pop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worst", type=int, default=30)
    parser.add_argument("--km", type=float, default=25.0)
    args = parser.parse_args()
    path = require(DATA / "ucdp" / "ged-syria-2016-2019.csv")

    load_gazetteer()  # build the cache if needed, then time a fresh load
    code = "import time;t=time.perf_counter();from sitrep.gazetteer import load_gazetteer;"
    code += "load_gazetteer();print(time.perf_counter()-t)"
    load_s = float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                  text=True, check=True).stdout)  # fmt: skip
    gaz = load_gazetteer()

    names: dict[str, Name] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = row["where_coordinates"]
            if key not in names:
                names[key] = Name(key, float(row["latitude"]), float(row["longitude"]),
                                  row["country"])  # fmt: skip
            names[key].rows += 1

    t0 = time.perf_counter()
    results: list[tuple[Name, float | None, str]] = []
    for n in names.values():
        got, dist = None, math.inf
        for candidate in clean(n.text):
            place = resolve_name(candidate, n.country, gaz)
            if place is not None:
                d = distance_km(n.lat, n.lon, place.lat, place.lon)
                if d < dist:
                    got, dist = place, d
        label = f"{got.name} ({got.country2}, {got.feature})" if got else "-"
        results.append((n, dist if got else None, label))
    resolve_s = time.perf_counter() - t0

    keys = [name_key(c) for n in names.values() for c in clean(n.text)]
    t0 = time.perf_counter()
    reps = 20
    for _ in range(reps):
        for k in keys:
            gaz.lookup(k)
    lookup_rate = reps * len(keys) / (time.perf_counter() - t0)

    def share(items: list[tuple[Name, float | None, str]], weight: bool = False) -> str:
        total = sum(n.rows if weight else 1 for n, _, _ in items)
        ok = sum(n.rows if weight else 1 for n, d, _ in items if d is not None and d <= args.km)
        return f"{ok}/{total} = {100 * ok / max(1, total):.1f}%"

    big = [r for r in results if population_near(gaz, r[0].lat, r[0].lon) >= 5000]
    found = [r for r in results if r[1] is not None]
    print(f"gazetteer: {len(gaz)} rows, {len(gaz.index)} keys; {', '.join(gaz.sources)}")
    print(f"gazetteer load (fresh process, from cache): {load_s:.2f} s")
    print(f"lookups: {lookup_rate:,.0f}/s (gaz.lookup(name_key)); "
          f"resolve_name: {len(names) / resolve_s:,.0f} names/s")  # fmt: skip
    print(f"distinct names: {len(results)}; resolved to some place: {len(found)}")
    print(f"within {args.km:g} km, distinct names:      {share(results)}")
    print(f"within {args.km:g} km, places of 5,000+:    {share(big)}")
    print(f"within {args.km:g} km, event rows:          {share(results, weight=True)}")
    print(f"within {args.km:g} km, of names resolved:   {share(found)}")
    misses = [r for r in results if r[1] is None or r[1] > args.km]
    wrong = sorted((r for r in misses if r[1] is not None), key=lambda r: -r[0].rows)
    unknown = sorted((r for r in misses if r[1] is None), key=lambda r: -r[0].rows)
    print(f"\nworst misses: resolved more than {args.km:g} km away ({len(wrong)}), by rows")
    for n, d, label in wrong[: args.worst]:
        print(f"  {n.rows:4d}  {n.text!r:45} -> {label}, {d:.0f} km")
    print(f"\nnot resolved ({len(unknown)}), by rows")
    for n, _, _ in unknown[: args.worst]:
        print(f"  {n.rows:4d}  {n.text!r}")


if __name__ == "__main__":
    main()
