"""The pairwise incident-merging metric of benchmarks/incident_eval.py, on a hand-made example."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "incident_eval", ROOT / "benchmarks" / "incident_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["incident_eval"] = module
    spec.loader.exec_module(module)
    return module


ev = _load()


def test_pairwise_counts_pairs() -> None:
    # gold: {a, b, c} one incident, {d, e} another, f alone -> positive pairs ab ac bc de
    gold = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y", "f": "z"}
    # predicted: {a, b} merged, c alone, {d, e, f} merged
    pred = {"a": "1", "b": "1", "c": "2", "d": "3", "e": "3", "f": "3"}
    s = ev.pairwise(gold, pred)
    assert (s.tp, s.fp, s.fn) == (2, 2, 2)  # tp: ab de; fp: df ef; fn: ac bc
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.5)
    merged, split = ev.confusions(gold, pred)
    assert merged == [("d", "f"), ("e", "f")]
    assert split == [("a", "c"), ("b", "c")]


def test_pairwise_perfect_and_missing_items() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    assert ev.pairwise(gold, {"a": "1", "b": "1", "c": "2"}).f1 == pytest.approx(1.0)
    # an item without a prediction is its own cluster; items outside gold are ignored
    s = ev.pairwise(gold, {"a": "1", "c": "1", "zz": "1"})
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    assert s.f1 == 0.0


def test_all_singletons_is_perfect_precision() -> None:
    s = ev.pairwise({"a": "x", "b": "y"}, {})
    assert (s.tp, s.fp, s.fn) == (0, 0, 0)
    assert s.precision == 1.0 and s.recall == 1.0


def test_gold_labels_shape() -> None:
    path = ROOT / "gold" / "incidents" / "labels.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 120
    assert len({r["row"] for r in rows}) == len(rows)
    assert all(r["row"].isdigit() and r["incident"] for r in rows)
    sizes: dict[str, int] = {}
    for r in rows:
        sizes[r["incident"]] = sizes.get(r["incident"], 0) + 1
    assert sum(1 for n in sizes.values() if n > 1) >= 30  # several outlets per incident
    assert ev.read_gold(path) == {r["row"]: r["incident"] for r in rows}
