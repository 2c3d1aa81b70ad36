"""Draw the gold-set sample from FA-KES: 84 articles across outlets, with a fixed seed.

    python gold/sample.py ../shared/data/fa-kes/fa-kes-dev.csv > gold/sample_rows.txt

Stratified by outlet: every outlet gets at least 3 articles (all it has if fewer), the rest
in proportion to its share of the corpus. Articles of every kind come out of this (events,
statements only, no event), as FA-KES mixes them.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import defaultdict

TOTAL = 84
SEED = 20261124


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_source: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        by_source[r["source"]].append(r["row"])
    rng = random.Random(SEED)
    quota = {s: min(len(v), 3) for s, v in by_source.items()}
    rest = TOTAL - sum(quota.values())
    for s, v in sorted(by_source.items()):
        quota[s] += round(rest * len(v) / len(rows))
    chosen: list[int] = []
    for s, v in sorted(by_source.items()):
        chosen.extend(int(x) for x in rng.sample(v, min(len(v), quota[s])))
    for row in sorted(chosen)[:TOTAL]:
        print(row)


if __name__ == "__main__":
    main()
