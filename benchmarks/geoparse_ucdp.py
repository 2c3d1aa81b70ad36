"""Geoparsing against UCDP GED: are UCDP's place names put where UCDP puts them?

    python benchmarks/geoparse_ucdp.py [--worst 30] [--km 25] [--layer none|held-out|full]

For each distinct ``where_coordinates`` of ``ucdp/ged-syria-2016-2019.csv`` the name is
cleaned (UCDP's "village"/"town"/"city"/... suffixes stripped; "A/B" gives two names tried
in turn) and resolved with ``sitrep.places.resolve_name`` (the pipeline's resolver) with
the row's country as context. A name is placed when the result lies within ``--km`` of
UCDP's coordinates. Reported: the share of distinct names placed, of those whose place has
5,000+ inhabitants in GeoNames (the nearest gazetteer place within 2 km of UCDP's point
has a population of 5,000 or more), and of event rows; the worst misses; the gazetteer's
load time (from its cache, in a fresh process) and lookups per second.

The packaged gazetteer has a place layer derived from these very names
(``data/ucdp_places.tsv``), so measuring with it would be circular. ``--layer`` says which
gazetteer is measured:

- ``none`` (default; the geoparsing score): the gazetteer without the UCDP layer;
- ``held-out``: the layer rebuilt from the 2016-2017 rows only, measured on the names
  that appear only in 2018-2019 rows (and, for comparison, the same names without the
  layer) — what the layer gives on names it was not derived from;
- ``full``: the packaged layer on all names. CIRCULAR: this measures the layer's own
  coverage, not geoparsing; never report it as the geoparsing score.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _data import DATA, require

from sitrep.gazetteer import (
    CITY,
    Gazetteer,
    build_gazetteer,
    distance_km,
    imported_files,
    load_gazetteer,
    name_key,
)
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
    years: frozenset[int] = frozenset()


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


def _near_grid(grid: set[tuple[int, int]], lat: float, lon: float) -> bool:
    """Is a point of ``grid`` (0.01° cells) in the cell of (lat, lon) or one beside it?"""
    y, x = round(lat * 100), round(lon * 100)
    return any((y + dy, x + dx) in grid for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worst", type=int, default=30)
    parser.add_argument("--km", type=float, default=25.0)
    parser.add_argument("--layer", choices=("none", "held-out", "full"), default="none")
    args = parser.parse_args()
    path = require(DATA / "ucdp" / "ged-syria-2016-2019.csv")

    ucdp = args.layer == "full"
    load_gazetteer(ucdp=ucdp)  # build the cache if needed, then time a fresh load
    code = "import time;t=time.perf_counter();from sitrep.gazetteer import load_gazetteer;"
    code += f"load_gazetteer(ucdp={ucdp});print(time.perf_counter()-t)"
    load_s = float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                  text=True, check=True).stdout)  # fmt: skip
    gaz = load_gazetteer(ucdp=ucdp)

    names: dict[str, Name] = {}
    early: set[tuple[int, int]] = set()  # points named in 2016-2017, on a 0.01° grid
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if int(row["year"]) <= 2017:
                early.add(
                    (round(float(row["latitude"]) * 100), round(float(row["longitude"]) * 100))
                )
            key = row["where_coordinates"]
            if key not in names:
                names[key] = Name(key, float(row["latitude"]), float(row["longitude"]),
                                  row["country"])  # fmt: skip
            names[key].rows += 1
            names[key].years |= {int(row["year"])}

    if args.layer == "held-out":
        later = {k: n for k, n in names.items() if max(n.years) >= 2018}
        subsets = {
            "names of 2018-2019 rows": later,
            "  of these, not named so in 2016-2017": {
                k: n for k, n in later.items() if min(n.years) >= 2018
            },
            "  of these, no 2016-2017 point within ~1 km": {
                k: n
                for k, n in later.items()
                if min(n.years) >= 2018 and not _near_grid(early, n.lat, n.lon)
            },
        }
        with tempfile.TemporaryDirectory() as tmp:
            layer = Path(tmp) / "ucdp_2016_2017.tsv"
            subprocess.run([sys.executable, str(Path(__file__).parent / "build_ucdp_places.py"),
                            "--years", "2016-2017", "--out", str(layer)], check=True)  # fmt: skip
            held = build_gazetteer(imported_files(), ucdp=layer)
        print("held-out: the layer derived from 2016-2017 rows only, measured on names of")
        print(f"2018-2019 rows; distinct names within {args.km:g} km (event rows)")
        print(f"{'':46} {'without the layer':>24} {'with the 2016-2017 layer':>26}")
        for label, subset in subsets.items():
            a, b = (_resolve(subset, g, args.km) for g in (gaz, held))
            print(f"{label:46} {_share(a, args.km):>24} {_share(b, args.km):>26}")
            print(f"{'':46} {_share(a, args.km, True):>24} {_share(b, args.km, True):>26}")
        return
    elif args.layer == "full":
        print("CIRCULAR: the packaged UCDP layer measured on its own names (layer coverage,")
        print("not a geoparsing score)")
    report(names, gaz, args, load_s)


Result = list[tuple[Name, float | None, str]]


def _resolve(names: dict[str, Name], gaz: Gazetteer, km: float) -> Result:
    """Each name resolved: (name, km from UCDP's point or None, what it resolved to)."""
    results: Result = []
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
    return results


def _share(items: Result, km: float, weight: bool = False) -> str:
    total = sum(n.rows if weight else 1 for n, _, _ in items)
    ok = sum(n.rows if weight else 1 for n, d, _ in items if d is not None and d <= km)
    return f"{ok}/{total} = {100 * ok / max(1, total):.1f}%"


def report(names: dict[str, Name], gaz: Gazetteer, args: argparse.Namespace, load_s: float) -> None:
    """Resolve every name and print the shares, the speed and the worst misses."""
    t0 = time.perf_counter()
    results = _resolve(names, gaz, args.km)
    resolve_s = time.perf_counter() - t0

    keys = [name_key(c) for n in names.values() for c in clean(n.text)]
    t0 = time.perf_counter()
    reps = 20
    for _ in range(reps):
        for k in keys:
            gaz.lookup(k)
    lookup_rate = reps * len(keys) / (time.perf_counter() - t0)

    big = [r for r in results if population_near(gaz, r[0].lat, r[0].lon) >= 5000]
    ucdp = sum(1 for i in range(len(gaz)) if gaz.gid[i] < 0)
    found = [r for r in results if r[1] is not None]
    print(f"gazetteer: {len(gaz)} rows ({ucdp} from UCDP), {len(gaz.index)} keys; "
          f"{', '.join(gaz.sources)}")  # fmt: skip
    print(f"gazetteer load (fresh process, from cache): {load_s:.2f} s")
    print(f"lookups: {lookup_rate:,.0f}/s (gaz.lookup(name_key)); "
          f"resolve_name: {len(names) / resolve_s:,.0f} names/s")  # fmt: skip
    print(f"distinct names: {len(results)}; resolved to some place: {len(found)}")
    print(f"within {args.km:g} km, distinct names:      {_share(results, args.km)}")
    print(f"within {args.km:g} km, places of 5,000+:    {_share(big, args.km)}")
    print(f"within {args.km:g} km, event rows:          {_share(results, args.km, True)}")
    print(f"within {args.km:g} km, of names resolved:   {_share(found, args.km)}")
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
