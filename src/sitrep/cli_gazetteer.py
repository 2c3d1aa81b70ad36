"""``sitrep gazetteer``: import GeoNames dumps, show and query the offline gazetteer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sitrep.gazetteer import gazetteer_info, import_geonames, load_gazetteer, to_json


def add_gazetteer_commands(sub: Any) -> None:
    """Add ``gazetteer import|info|lookup`` to the top-level subparsers."""
    gz = sub.add_parser("gazetteer", help="import GeoNames dumps; show or query the gazetteer")
    gsub = gz.add_subparsers(dest="gazetteer_command", required=True)
    imp = gsub.add_parser(
        "import",
        help="import a GeoNames dump into the cache (used in preference when present)",
        description="Import allCountries.txt, cities500.txt, a country file (e.g. SY.txt) "
        "or alternateNamesV2.txt (.zip accepted). Populated places and landmarks "
        "(airports, dams, border posts, ...) are kept; the index is rebuilt on next use.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument(
        "--country", action="append", default=[], metavar="CC",
        help="keep only this country (alpha-2; repeatable)",
    )  # fmt: skip
    gsub.add_parser("info", help="sources, counts and cache location")
    look = gsub.add_parser("lookup", help="places a name may refer to, best first")
    look.add_argument("name")
    look.add_argument("--country", help="context country (alpha-2, alpha-3 or name)")


def run_gazetteer(args: argparse.Namespace) -> int:
    if args.gazetteer_command == "import":
        target, kept = import_geonames(args.file, countries=args.country)
        gaz = load_gazetteer()
        print(f"sitrep: imported {kept} rows from {args.file} into {target}", file=sys.stderr)
        print(f"sitrep: gazetteer now has {len(gaz)} places", file=sys.stderr)
        return 0
    if args.gazetteer_command == "info":
        print(json.dumps(gazetteer_info(load_gazetteer()), indent=2, ensure_ascii=False))
        return 0
    from sitrep.places import resolve_name

    gaz = load_gazetteer()
    best = resolve_name(args.name, args.country, gaz)
    others = [p for p in gaz.places_named(args.name) if p != best]
    others.sort(key=lambda p: -p.population)
    for place in ([best] if best else []) + others[:9]:
        print(to_json(place))
    return 0 if best or others else 1
