"""Incident merging against the hand-labelled FA-KES incident gold set (gold/incidents).

    python benchmarks/incident_eval.py [--worst 15] [--keep store.duckdb] [--store store.duckdb]

Every labelled article is ingested with sitrep into a fresh temporary DuckDB store (the
library API: extraction, store, incident resolution). Each article is represented by its
main event (highest confidence, then first) and the incident that event was placed in;
an article without events is its own predicted incident. Pairwise scores over article
pairs: a pair is predicted positive when both main events are in the same incident and
gold positive when both articles carry the same gold incident label.

A second figure counts A and B together when the incident of A's main event holds any
event of B (or that of B's main event one of A): it credits a pair whose main events differ
although the lead happening was merged with the other article's report of it, but it also
counts as false the correct merge of a happening one article leads with and the other only
recalls, which the gold (one happening per article) cannot credit; see docs/store.md.
``--store`` scores a store written with ``--keep`` after resolving its events again with
the current incident rules, without extraction (to try incident rules in a second).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "gold" / "incidents" / "labels.csv"


@dataclass(frozen=True)
class PairScores:
    """Pairwise precision/recall/F1 of a clustering against gold clusters."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pairwise(gold: Mapping[str, str], pred: Mapping[str, str]) -> PairScores:
    """Score ``pred`` (item -> cluster) against ``gold`` (item -> cluster) over item pairs.

    Only items in ``gold`` count; an item missing from ``pred`` is a cluster of its own.
    """

    def together(a: str, b: str) -> bool:
        pa = pred.get(a)
        return pa is not None and pa == pred.get(b)

    return _pair_scores(gold, together)


def lead_pairwise(
    gold: Mapping[str, str], lead: Mapping[str, str], held: Mapping[str, set[str]]
) -> PairScores:
    """Pairwise scores where articles A and B are predicted together when the incident of
    A's lead (main) event holds an event of B, or that of B's lead event one of A.

    ``lead`` maps an article to the incident of its main event, ``held`` to the incidents
    of all its events.
    """

    def together(a: str, b: str) -> bool:
        la, lb = lead.get(a), lead.get(b)
        return (la is not None and la in held.get(b, set())) or (
            lb is not None and lb in held.get(a, set())
        )

    return _pair_scores(gold, together)


def _pair_scores(gold: Mapping[str, str], together: Callable[[str, str], bool]) -> PairScores:
    """Count, over all pairs of gold items, the pairs predicted ``together`` against the
    pairs that share a gold cluster."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_pred = together(a, b)
        if same_gold and same_pred:
            tp += 1
        elif same_pred:
            fp += 1
        elif same_gold:
            fn += 1
    return PairScores(tp, fp, fn)


def confusions(
    gold: Mapping[str, str], pred: Mapping[str, str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(wrongly merged pairs, wrongly split pairs)."""
    merged: list[tuple[str, str]] = []
    split: list[tuple[str, str]] = []
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_pred = pred.get(a) is not None and pred.get(a) == pred.get(b)
        if same_pred and not same_gold:
            merged.append((a, b))
        elif same_gold and not same_pred:
            split.append((a, b))
    return merged, split


def read_gold(path: Path = GOLD) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as f:
        return {r["row"]: r["incident"] for r in csv.DictReader(f)}


def main() -> None:  # pragma: no cover - needs the shared data
    sys.path.insert(0, str(Path(__file__).parent))
    from _data import DATA, require

    from sitrep.incidents import resolve
    from sitrep.ingest import IngestOptions, iter_articles
    from sitrep.models import Article
    from sitrep.store import ingest, open_store

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worst", type=int, default=15, help="confusions to print")
    parser.add_argument("--keep", help="write the store here instead of a temporary file")
    parser.add_argument(
        "--store",
        help="score a store written with --keep, its events resolved again with the current "
        "incident rules (no extraction: to try incident rules quickly)",
    )
    args = parser.parse_args()

    gold = read_gold()
    path = require(DATA / "fa-kes" / "fa-kes-dev.csv")
    options = IngestOptions(
        columns={
            "id": "row",
            "text": "article_content",
            "title": "article_title",
            "published": "date",
            "source": "source",
        }
    )
    articles = [
        a for a in iter_articles([path], options) if isinstance(a, Article) and a.id in gold
    ]
    missing = sorted(set(gold) - {a.id for a in articles}, key=int)
    if missing:
        sys.exit(f"gold rows not found in the data: {missing}")

    with tempfile.TemporaryDirectory() as tmp:
        url = args.store or args.keep or str(Path(tmp) / "incident-eval.duckdb")
        with open_store(url) as store:
            if not args.store:
                ingest(store, articles)
            rows = store.backend.query(
                "SELECT e.article_id, e.id, m.incident_id, e.event_type, e.sub_event_type, "
                "e.event_date, e.location, e.confidence FROM events e "
                "LEFT JOIN incident_members m ON m.event_id = e.id "
                "ORDER BY e.article_id, e.confidence DESC, e.seq",
                (),
            )
            if args.store:  # the store's events, resolved again with the current rules
                owner = {
                    ev: inc.id
                    for inc in resolve(store._records("", "TRUE", ()))
                    for ev, _ in inc.members
                }
                rows = [(r[0], r[1], owner.get(r[1]), *r[3:]) for r in rows]
    main_event: dict[str, tuple[str, ...]] = {}
    for r in rows:
        main_event.setdefault(str(r[0]), tuple("" if x is None else str(x) for x in r[1:]))
    pred = {a: ev[1] for a, ev in main_event.items() if ev[1]}
    scores = pairwise(gold, pred)
    n_gold = len(set(gold.values()))
    n_pred = len({pred.get(a, f"alone-{a}") for a in gold})
    print(
        f"{len(gold)} articles ({len(main_event)} with events), {n_gold} gold incidents, "
        f"{n_pred} predicted"
    )
    print(
        f"pairwise precision {scores.precision:.3f}  recall {scores.recall:.3f}  "
        f"F1 {scores.f1:.3f}  (tp {scores.tp}, fp {scores.fp}, fn {scores.fn})"
    )
    held: dict[str, set[str]] = {}
    for r in rows:
        if r[2] is not None:
            held.setdefault(str(r[0]), set()).add(str(r[2]))
    lead_scores = lead_pairwise(gold, pred, held)
    print(
        f"lead event in the other article's incidents: precision {lead_scores.precision:.3f}  "
        f"recall {lead_scores.recall:.3f}  F1 {lead_scores.f1:.3f}  (tp {lead_scores.tp}, "
        f"fp {lead_scores.fp}, fn {lead_scores.fn})"
    )
    titles = {str(a.id): (a.title or "")[:70] for a in articles}

    def show(a: str) -> str:
        ev = main_event.get(a)
        what = f"{ev[3]} {ev[4]} @{ev[5]}" if ev else "no event"
        return f"{a:>4} [{gold[a]}] {what} | {titles[a]}"

    merged, split = confusions(gold, pred)
    print(f"\nwrongly merged pairs ({len(merged)}):")
    for a, b in merged[: args.worst]:
        print(f"  {show(a)}\n  {show(b)}\n")
    print(f"wrongly split pairs ({len(split)}):")
    for a, b in split[: args.worst]:
        print(f"  {show(a)}\n  {show(b)}\n")


if __name__ == "__main__":
    main()
