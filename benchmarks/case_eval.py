"""Event-type score on the CASE 2021 Task 2 dev set.

    python benchmarks/case_eval.py [--confusions]

For each snippet, the sub-event type of the highest-confidence event is the prediction.
The five non-ACLED classes (DIPLO, ATTRIB, MAN_MADE_DISASTER, NATURAL_DISASTER,
ORG_CRIME) count as right when no event is output. Prints accuracy and weighted F1 over
the gold labels (support-weighted mean of per-label F1).
"""

from __future__ import annotations

import argparse
from collections import Counter

from _data import DATA, require

from sitrep.evaluation import score_case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--confusions", action="store_true", help="list the errors")
    args = parser.parse_args()
    score = score_case(require(DATA / "case2021-task2" / "dev.tsv"))
    if args.confusions:
        for g, p, text in score.errors:
            print(f"[{g} -> {p}] {text[:160]}")
    print(f"snippets: {score.n}")
    print(f"accuracy: {score.accuracy:.3f}")
    print(f"weighted F1: {score.weighted_f1:.3f}")
    print("most frequent errors:")
    for (g, p), n in Counter((g, p) for g, p, _ in score.errors).most_common(15):
        print(f"  {n:3d}  {g} -> {p}")


if __name__ == "__main__":
    main()
