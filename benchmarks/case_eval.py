"""Event-type score on the CASE 2021 Task 2 dev set.

    python benchmarks/case_eval.py [--confusions]

For each snippet, the sub-event type of the highest-confidence event is the prediction.
The five non-ACLED classes (DIPLO, ATTRIB, MAN_MADE_DISASTER, NATURAL_DISASTER,
ORG_CRIME) count as right when no event is output. Prints accuracy and weighted F1 over
the gold labels (support-weighted mean of per-label F1).
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter

from _data import DATA, require

import sitrep

CASE_TO_ACLED = {
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "CHEM_WEAP": "Chemical weapon",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "SEX_VIOL": "Sexual violence",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
NON_ACLED = {"DIPLO", "ATTRIB", "MAN_MADE_DISASTER", "NATURAL_DISASTER", "ORG_CRIME"}
NO_EVENT = "(no event)"


def predict(text: str) -> str:
    events = sitrep.extract(text).events
    if not events:
        return NO_EVENT
    return max(events, key=lambda e: e.confidence).sub_event_type


def weighted_f1(gold: list[str], pred: list[str]) -> float:
    support = Counter(gold)
    total = 0.0
    for label, n in support.items():
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = n - tp
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        total += f1 * n
    return total / len(gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--confusions", action="store_true", help="list the errors")
    args = parser.parse_args()
    path = require(DATA / "case2021-task2" / "dev.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    gold: list[str] = []
    pred: list[str] = []
    errors: Counter[tuple[str, str]] = Counter()
    for row in rows:
        label = row["SubType"]
        p = predict(row["EventSnippet"])
        if label in NON_ACLED:
            p = label if p == NO_EVENT else p
            g = label
        else:
            g = CASE_TO_ACLED[label]
        gold.append(g)
        pred.append(p)
        if g != p:
            errors[(g, p)] += 1
            if args.confusions:
                print(f"[{g} -> {p}] {row['EventSnippet'][:160]}")
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    print(f"snippets: {len(gold)}")
    print(f"accuracy: {accuracy:.3f}")
    print(f"weighted F1: {weighted_f1(gold, pred):.3f}")
    print("most frequent errors:")
    for (g, p), n in errors.most_common(15):
        print(f"  {n:3d}  {g} -> {p}")


if __name__ == "__main__":
    main()
