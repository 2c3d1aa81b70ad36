"""Incident merging against the hand-labelled FA-KES incident gold set (gold/incidents).

    python benchmarks/incident_eval.py [--worst 15] [--keep store.duckdb] [--store store.duckdb]
    python benchmarks/incident_eval.py --labels gold/incidents_heldout/labels.csv
    python benchmarks/incident_eval.py --labels gold/incidents_unseen/labels.csv
    python benchmarks/incident_eval.py --labels gold/incidents_fresh/labels.csv
    python benchmarks/incident_eval.py --labels gold/incidents/labels.csv \
        gold/incidents_heldout/labels.csv gold/incidents_unseen/labels.csv \
        gold/incidents_fresh/labels.csv [--pairs-with gold/incidents_fresh/labels.csv]

The other forms score the held-out set, labelled after the incident rules were tuned on
the first, the unseen set, labelled after they were revised on the held-out one, and the
fresh set, every FA-KES article the others left (no happenings file there: the
article-level figures only). The last pools the sets in one store, as a stream would hold
them (labels that name one happening differently in two sets made one by
gold/incident_aliases.csv); ``--pairs-with`` scores only the pairs with an article of one
set, e.g. the fresh articles against each other and against every earlier report.

Every labelled article is ingested with sitrep into a fresh temporary DuckDB store (the
library API: extraction, store, incident resolution). Each article is represented by its
main event — its lead event (``sitrep.models.lead_event``: the first act of violence it
tells, else its first event; the gold labels each article by the happening of its
headline and lead) — and the incident that event was placed in (the figure with the most
confident event instead, the definition until 2026-11-26, is printed beside it);
an article without events is its own predicted incident. Pairwise scores over article
pairs: a pair is predicted positive when both main events are in the same incident and
gold positive when both articles carry the same gold incident label.

A second figure counts A and B together when the incident of A's main event holds any
event of B (or that of B's main event one of A): it credits a pair whose main events differ
although the lead happening was merged with the other article's report of it, but it also
counts as false the correct merge of a happening one article leads with and the other only
recalls, which the gold (one happening per article) cannot credit; see docs/store.md.
A third, event-level figure uses ``gold/incidents/happenings.csv`` (the labelled happening of
each incident: accepted sub-types, place, date): an article stands for its incident with its
event *for that happening* — an event of an accepted sub-type, dated within the event's own
date window of the happening's date and placed within 25 km of it (the same admin1 when
either is only a region), the most confident of several — not with its main event. An
article without such an event is its own predicted incident (an extraction miss); so is an
article labelled with a non-violent happening (no sub-type). This measures whether the
reports of one happening were merged, apart from which event extraction ranks first. The
same figure over the articles that have such an event only (misses left out) measures the
merging alone.

``--store`` scores a store written with ``--keep`` after resolving its events again with
the current incident rules, without extraction (to try incident rules in a second).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import re
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.incidents import DATE_TOLERANCE, MAX_KM, PUBLICATION_LAG_DAYS, haversine_km
from sitrep.taxonomy import VIOLENT_EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "gold" / "incidents" / "labels.csv"
HAPPENINGS = ROOT / "gold" / "incidents" / "happenings.csv"
ALIASES = ROOT / "gold" / "incident_aliases.csv"


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


def pairwise(
    gold: Mapping[str, str], pred: Mapping[str, str], scored: Collection[str] | None = None
) -> PairScores:
    """Score ``pred`` (item -> cluster) against ``gold`` (item -> cluster) over item pairs.

    Only items in ``gold`` count; an item missing from ``pred`` is a cluster of its own.
    With ``scored``, only the pairs with at least one item in it count (a new set's
    articles scored among the earlier sets' ones).
    """

    def together(a: str, b: str) -> bool:
        pa = pred.get(a)
        return pa is not None and pa == pred.get(b)

    return _pair_scores(gold, together, scored)


def lead_pairwise(
    gold: Mapping[str, str],
    lead: Mapping[str, str],
    held: Mapping[str, set[str]],
    scored: Collection[str] | None = None,
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

    return _pair_scores(gold, together, scored)


def _pairs(gold: Mapping[str, str], scored: Collection[str] | None) -> Iterator[tuple[str, str]]:
    """All pairs of gold items, or those with at least one item in ``scored``."""
    for a, b in itertools.combinations(sorted(gold), 2):
        if scored is None or a in scored or b in scored:
            yield a, b


def _pair_scores(
    gold: Mapping[str, str],
    together: Callable[[str, str], bool],
    scored: Collection[str] | None = None,
) -> PairScores:
    """Count, over the pairs of gold items (see ``_pairs``), the pairs predicted
    ``together`` against the pairs that share a gold cluster."""
    tp = fp = fn = 0
    for a, b in _pairs(gold, scored):
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
    gold: Mapping[str, str], pred: Mapping[str, str], scored: Collection[str] | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(wrongly merged pairs, wrongly split pairs)."""
    merged: list[tuple[str, str]] = []
    split: list[tuple[str, str]] = []
    for a, b in _pairs(gold, scored):
        same_gold = gold[a] == gold[b]
        same_pred = pred.get(a) is not None and pred.get(a) == pred.get(b)
        if same_pred and not same_gold:
            merged.append((a, b))
        elif same_gold and not same_pred:
            split.append((a, b))
    return merged, split


def print_confusions(
    label: str,
    pairs: tuple[list[tuple[str, str]], list[tuple[str, str]]],
    show: Callable[[str], str],
    worst: int,
) -> None:
    """Print the wrongly merged and wrongly split pairs (the first ``worst`` of each)."""
    for kind, found in zip(("merged", "split"), pairs, strict=True):
        print(f"{label}wrongly {kind} pairs ({len(found)}):")
        for a, b in found[:worst]:
            print(f"  {show(a)}\n  {show(b)}\n")


def read_gold(path: Path = GOLD) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as f:
        return {r["row"]: r["incident"] for r in csv.DictReader(f)}


def read_aliases(path: Path = ALIASES) -> dict[str, str]:
    """Label -> the label another set gave the same happening (``label,same_as``)."""
    with path.open(newline="", encoding="utf-8") as f:
        return {r["label"]: r["same_as"] for r in csv.DictReader(f)}


def pool_gold(sets: Sequence[Mapping[str, str]], aliases: Mapping[str, str]) -> dict[str, str]:
    """The labelled sets as one (row -> incident), each label replaced by its alias.

    The sets must not share a row: a row labelled twice would be scored twice.
    """
    pooled: dict[str, str] = {}
    for labels in sets:
        shared = sorted(set(pooled) & set(labels), key=int)
        if shared:
            raise ValueError(f"rows labelled in two sets: {shared}")
        pooled.update({row: aliases.get(label, label) for row, label in labels.items()})
    return pooled


# ------------------------------------------------------------------ event-level measure


@dataclass(frozen=True)
class Happening:
    """The labelled happening of one gold incident (a row of happenings.csv)."""

    incident: str
    sub_event_types: frozenset[str]
    """Accepted sub-types (outlets may disagree on the weapon); empty: not a violent happening."""
    admin1: frozenset[str]
    """Accepted admin1 names, normalised (:func:`norm_admin1`)."""
    lat: float | None
    lon: float | None
    precision: int | None
    days: tuple[tuple[dt.date, dt.date], ...]
    """Accepted days, as inclusive ranges (one day: start == end)."""


@dataclass(frozen=True)
class EventRow:
    """The fields of a stored event that the event-level measure needs."""

    id: str
    incident: str | None
    sub_event_type: str
    date: dt.date | None
    date_precision: str | None = "day"
    dated_by_publication: bool = False
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    confidence: float = 0.0


def norm_admin1(name: str) -> str:
    """An admin1 name reduced to lower-case letters ("Rif-dimashq" = "Rif Dimashq")."""
    return re.sub(r"[^a-z]", "", name.lower())


def _days(text: str) -> tuple[tuple[dt.date, dt.date], ...]:
    out = []
    for item in text.split("|"):
        lo, _, hi = item.strip().partition("/")
        start = dt.date.fromisoformat(lo)
        out.append((start, dt.date.fromisoformat(hi) if hi else start))
    return tuple(out)


def read_happenings(path: Path = HAPPENINGS) -> dict[str, Happening]:
    """incident label -> its labelled happening."""
    out: dict[str, Happening] = {}
    with path.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out[r["incident"]] = Happening(
                incident=r["incident"],
                sub_event_types=frozenset(t for t in r["sub_event_types"].split("|") if t),
                admin1=frozenset(norm_admin1(a) for a in r["admin1"].split("|") if a),
                lat=float(r["lat"]) if r["lat"] else None,
                lon=float(r["lon"]) if r["lon"] else None,
                precision=int(r["precision"]) if r["precision"] else None,
                days=_days(r["date"]),
            )
    return out


def event_window(e: EventRow) -> tuple[dt.date, dt.date] | None:
    """The days an event's date stands for: its day (day precision); the publication day and
    the PUBLICATION_LAG_DAYS before it for an event nothing in its article dates (as the
    incident resolver reads it); else the date ± the precision's tolerance (week 7, month 31)."""
    if e.date is None:
        return None
    if e.dated_by_publication:
        return e.date - dt.timedelta(days=PUBLICATION_LAG_DAYS), e.date
    if e.date_precision in (None, "day"):
        return e.date, e.date
    tol = dt.timedelta(days=DATE_TOLERANCE.get(e.date_precision, 1))
    return e.date - tol, e.date + tol


def dates_match(h: Happening, e: EventRow) -> bool:
    """The event's window shares a day with one of the happening's accepted days."""
    window = event_window(e)
    return window is not None and any(window[0] <= hi and lo <= window[1] for lo, hi in h.days)


def places_match(h: Happening, e: EventRow) -> bool:
    """Both located (precision 1/2): within MAX_KM; either only a region (precision 3, or an
    event without coordinates): the same admin1."""
    h_precise = h.lat is not None and h.lon is not None and (h.precision or 3) < 3
    e_precise = e.lat is not None and e.lon is not None and (e.geo_precision or 3) < 3
    if h_precise and e_precise:
        assert h.lat is not None and h.lon is not None
        assert e.lat is not None and e.lon is not None
        return haversine_km(h.lat, h.lon, e.lat, e.lon) <= MAX_KM
    return e.admin1 is not None and norm_admin1(e.admin1) in h.admin1


def reports(h: Happening, e: EventRow) -> bool:
    """Is ``e`` an article's event for happening ``h`` (sub-type, date and place agree)?"""
    return e.sub_event_type in h.sub_event_types and dates_match(h, e) and places_match(h, e)


def happening_event(h: Happening, events: Sequence[EventRow]) -> EventRow | None:
    """The article's event for ``h``: the most confident of its events that report it (ties:
    the first)."""
    best: EventRow | None = None
    for e in events:
        if reports(h, e) and (best is None or e.confidence > best.confidence):
            best = e
    return best


@dataclass(frozen=True)
class EventLevel:
    """Predicted incidents of the event-level measure and the articles left alone."""

    pred: dict[str, str]
    """article -> incident of its event for the labelled happening."""
    chosen: dict[str, EventRow]
    misses: list[str]
    """Articles of a violent happening without an event for it (extraction misses)."""
    non_violent: list[str]
    """Articles labelled with a non-violent happening (their own incident)."""


def event_level(
    gold: Mapping[str, str],
    happenings: Mapping[str, Happening],
    events: Mapping[str, Sequence[EventRow]],
) -> EventLevel:
    """For each gold article, the incident of its event for its labelled happening."""
    pred: dict[str, str] = {}
    chosen: dict[str, EventRow] = {}
    misses: list[str] = []
    non_violent: list[str] = []
    for a in sorted(gold, key=lambda x: (len(x), x)):
        h = happenings[gold[a]]
        if not h.sub_event_types:
            non_violent.append(a)
            continue
        e = happening_event(h, events.get(a, ()))
        if e is None:
            misses.append(a)
            continue
        chosen[a] = e
        if e.incident:
            pred[a] = e.incident
    return EventLevel(pred, chosen, misses, non_violent)


def lead_events(rows: Sequence[Sequence[object]]) -> dict[str, tuple[str, ...]]:
    """article -> its lead event's row (as strings, without the article id): the first
    violent event in text order (``seq``), else the first event, as
    :func:`sitrep.models.lead_event` picks it. ``rows``: the query's (article_id, id,
    incident_id, event_type, ..., seq) rows."""
    first: dict[str, Sequence[object]] = {}
    for r in sorted(rows, key=lambda r: (str(r[0]), r[3] not in VIOLENT_EVENT_TYPES, r[-1])):
        first.setdefault(str(r[0]), r)
    return {a: tuple("" if x is None else str(x) for x in r[1:]) for a, r in first.items()}


def main() -> None:  # pragma: no cover - needs the shared data
    sys.path.insert(0, str(Path(__file__).parent))
    from _data import DATA, require

    from sitrep.incidents import resolve
    from sitrep.ingest import IngestOptions, iter_articles
    from sitrep.models import Article
    from sitrep.store import ingest, open_store

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worst", type=int, default=15, help="confusions to print")
    parser.add_argument(
        "--keep",
        help="write the store here instead of a temporary file (an existing file there is "
        "replaced: ingest would skip its unchanged articles and score the old extraction)",
    )
    parser.add_argument(
        "--store",
        help="score a store written with --keep, its events resolved again with the current "
        "incident rules (no extraction: to try incident rules quickly)",
    )
    parser.add_argument(
        "--labels",
        nargs="+",
        default=[str(GOLD)],
        help="the labelled set (row,incident); its directory's happenings.csv, if any, gives "
        "the event-level figure (default: gold/incidents/labels.csv; the held-out set: "
        "gold/incidents_heldout/labels.csv). Several sets are pooled into one store, their "
        "labels for one happening made one by gold/incident_aliases.csv",
    )
    parser.add_argument(
        "--pairs-with",
        help="score only the pairs with at least one article of this labelled set (one of "
        "--labels): a new set's articles among the earlier sets' ones",
    )
    args = parser.parse_args()

    label_sets = {Path(path).resolve(): read_gold(Path(path)) for path in args.labels}
    try:
        gold = pool_gold(list(label_sets.values()), read_aliases())
    except ValueError as err:
        sys.exit(f"--labels: {err}")
    scored: set[str] | None = None
    if args.pairs_with:
        chosen = label_sets.get(Path(args.pairs_with).resolve())
        if chosen is None:
            sys.exit(f"--pairs-with {args.pairs_with}: not one of --labels")
        scored = set(chosen)
    happenings_path = Path(args.labels[0]).with_name("happenings.csv")
    happenings = (
        read_happenings(happenings_path)
        if len(args.labels) == 1 and happenings_path.exists()
        else None
    )
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
        if args.keep and not args.store:
            for old in (Path(args.keep), Path(args.keep + ".wal")):
                old.unlink(missing_ok=True)
        url = args.store or args.keep or str(Path(tmp) / "incident-eval.duckdb")
        with open_store(url) as store:
            if not args.store:
                ingest(store, articles)
            rows = store.backend.query(
                "SELECT e.article_id, e.id, m.incident_id, e.event_type, e.sub_event_type, "
                "e.event_date, e.location, e.confidence, e.date_precision, e.date_text, "
                "e.admin1, e.latitude, e.longitude, e.geo_precision, e.seq FROM events e "
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
    main_event = lead_events(rows)
    pred = {a: ev[1] for a, ev in main_event.items() if ev[1]}
    scores = pairwise(gold, pred, scored)
    confident: dict[str, str] = {}
    for r in rows:  # ordered by confidence, then seq
        confident.setdefault(str(r[0]), "" if r[2] is None else str(r[2]))
    conf_scores = pairwise(gold, {a: i for a, i in confident.items() if i}, scored)
    n_gold = len(set(gold.values()))
    n_pred = len({pred.get(a, f"alone-{a}") for a in gold})
    print(
        f"{len(gold)} articles ({len(main_event)} with events), {n_gold} gold incidents, "
        f"{n_pred} predicted"
    )
    if scored is not None:
        print(
            f"only the pairs with at least one of the {len(scored)} articles of {args.pairs_with}"
        )
    print(
        f"pairwise precision {scores.precision:.3f}  recall {scores.recall:.3f}  "
        f"F1 {scores.f1:.3f}  (tp {scores.tp}, fp {scores.fp}, fn {scores.fn})"
    )
    print(
        f"most confident event instead of the lead: precision {conf_scores.precision:.3f}  "
        f"recall {conf_scores.recall:.3f}  F1 {conf_scores.f1:.3f}  (tp {conf_scores.tp}, "
        f"fp {conf_scores.fp}, fn {conf_scores.fn})"
    )
    held: dict[str, set[str]] = {}
    for r in rows:
        if r[2] is not None:
            held.setdefault(str(r[0]), set()).add(str(r[2]))
    lead_scores = lead_pairwise(gold, pred, held, scored)
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

    if happenings is None:
        print()
        print_confusions("", confusions(gold, pred, scored), show, args.worst)
        return
    events: dict[str, list[EventRow]] = {}
    for r in rows:
        events.setdefault(str(r[0]), []).append(
            EventRow(
                id=str(r[1]),
                incident=None if r[2] is None else str(r[2]),
                sub_event_type=str(r[4]),
                date=None if r[5] is None else dt.date.fromisoformat(str(r[5])[:10]),
                date_precision=r[8],
                dated_by_publication=r[9] is None and r[8] == "week",
                admin1=r[10],
                lat=r[11],
                lon=r[12],
                geo_precision=r[13],
                confidence=float(r[7] or 0.0),
            )
        )
    level = event_level(gold, happenings, events)
    ev_scores = pairwise(gold, level.pred)
    not_main = sorted((a for a, e in level.chosen.items() if main_event[a][0] != e.id), key=int)
    print(
        f"event for the labelled happening ({happenings_path.name}): precision "
        f"{ev_scores.precision:.3f}  recall {ev_scores.recall:.3f}  F1 {ev_scores.f1:.3f}  "
        f"(tp {ev_scores.tp}, fp {ev_scores.fp}, fn {ev_scores.fn})"
    )
    print(
        "  (each article by its event of the labelled happening's sub-type, date and place, "
        "not its main event: were the reports of one happening merged)"
    )
    print(
        f"  {len(level.chosen)} articles with an event for their happening "
        f"({len(not_main)} of them not the main event: {', '.join(not_main)}); "
        f"{len(level.misses)} extraction misses, alone: {', '.join(level.misses)}; "
        f"{len(level.non_violent)} non-violent happenings, alone: "
        f"{', '.join(level.non_violent)}"
    )
    found = {a: gold[a] for a in level.chosen}
    found_scores = pairwise(found, level.pred)
    print(
        f"  over the {len(found)} articles with an event for their happening only (merging "
        f"alone, extraction misses left out): precision {found_scores.precision:.3f}  "
        f"recall {found_scores.recall:.3f}  F1 {found_scores.f1:.3f}  (tp {found_scores.tp}, "
        f"fp {found_scores.fp}, fn {found_scores.fn})"
    )
    print()
    print_confusions("", confusions(gold, pred), show, args.worst)

    def show_event(a: str) -> str:
        e = level.chosen.get(a)
        what = f"{e.sub_event_type} {e.date} ({e.date_precision})" if e else "no event"
        return f"{a:>4} [{gold[a]}] {what} | {titles[a]}"

    print_confusions("event level: ", confusions(gold, level.pred), show_event, args.worst)
    print(f"extraction misses ({len(level.misses)}):")
    for a in level.misses:
        print(f"  {show(a)}")


if __name__ == "__main__":
    main()
