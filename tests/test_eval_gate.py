"""The evaluation gate: scores pinned in benchmarks/baseline.json must not drop.

The CASE dev set lives in ../shared/data (skipped when absent); the gold set is in the
repository. Scores are deterministic, so any drop is a regression; a rise is recorded by
raising the baseline in a commit of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.evaluation import evaluate, load_annotations, predict, score_case

ROOT = Path(__file__).parents[1]
BASELINE = json.loads((ROOT / "benchmarks" / "baseline.json").read_text(encoding="utf-8"))
CASE = ROOT.parent / "shared" / "data" / "case2021-task2" / "dev.tsv"
GOLD = ROOT / "gold" / "gold.jsonl"


@pytest.mark.skipif(not CASE.exists(), reason=f"{CASE} not present")
def test_case_scores_do_not_drop() -> None:
    score = score_case(CASE).to_dict()
    for key, pinned in BASELINE["case2021_dev"].items():
        assert score[key] >= pinned, f"CASE {key} dropped: {score[key]} < {pinned}"


def _flatten(d: dict[str, object], prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            if k not in ("tp", "fp", "fn", "articles"):  # counts are no scores
                out[key] = float(v)
    return out


@pytest.mark.skipif("gold" not in BASELINE, reason="no gold baseline pinned yet")
def test_gold_scores_do_not_drop() -> None:
    gold = load_annotations(GOLD)
    report = _flatten(evaluate(gold, predict(gold)).to_dict())
    for key, pinned in _flatten(BASELINE["gold"]).items():
        assert report.get(key, 0.0) >= pinned, f"gold {key} dropped: {report.get(key)} < {pinned}"
