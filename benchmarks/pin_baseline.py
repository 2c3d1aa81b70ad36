"""Write today's scores into benchmarks/baseline.json, for the evaluation gate.

Re-pinning is a deliberate act: review the diff of baseline.json and commit it on its own,
saying why any score moved down. Run from the repository root::

    python benchmarks/pin_baseline.py [--dry-run]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from _data import DATA

from sitrep import __version__
from sitrep.evaluation import evaluate, load_annotations, predict, score_case

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "benchmarks" / "baseline.json"
GOLD = ROOT / "gold" / "gold.jsonl"
CASE = DATA / "case2021-task2" / "dev.tsv"


def _refill(pinned: Any, report: Any) -> Any:
    """The pinned structure with each number replaced by today's value."""
    if isinstance(pinned, dict):
        return {
            k: _refill(v, report.get(k) if isinstance(report, dict) else None)
            for k, v in pinned.items()
        }
    return round(report, 3) if isinstance(report, (int, float)) else pinned


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dry-run", action="store_true", help="print, do not write")
    args = ap.parse_args(argv)
    old = json.loads(BASELINE.read_text(encoding="utf-8"))
    gold = load_annotations(GOLD)
    report = evaluate(gold, predict(gold)).to_dict()
    new = dict(old)
    new["gold"] = _refill(old["gold"], report)
    case = score_case(CASE).to_dict()
    new["case2021_dev"] = {k: round(case[k], 3) for k in old["case2021_dev"]}
    new["_measured"] = (
        f"{dt.date.today().isoformat()}, sitrep {__version__}, gold/gold.jsonl "
        f"({len(gold)} articles) and CASE 2021 Task 2 dev ({case.get('snippets', '?')} snippets)"
    )
    text = json.dumps(new, indent=2) + "\n"
    if args.dry_run:
        print(text)
    else:
        BASELINE.write_text(text, encoding="utf-8")
        print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
