"""Scoring extraction against hand-coded gold (``sitrep eval``).

Both sides are dictionaries in the output contract's shape, keyed by article id:
``{"events": [...], "statements": [...]}``. Gold may come from a JSONL file (one article
per line, with its ``article`` text so extraction can be run) or a directory of
per-article annotation files (``gold/annotations/<annotator>/<id>.json``); predictions
from a JSONL file of ``sitrep extract`` output or another annotation directory (which is
how agreement between annotators is measured).

Event matching, per article: a predicted and a gold event can match when their event types
agree and they share evidence (a sentence) or agree on initiator, place or date; pairs are
taken greedily, best first (same sub-type, shared evidence, agreeing fields).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import InputError

Doc = dict[str, Any]
_WORD = re.compile(r"\w+")


# -- loading ---------------------------------------------------------------------------------


def load_annotations(path: str | Path) -> dict[str, Doc]:
    """Articles keyed by id, from a JSONL file or a directory of JSON files."""
    p = Path(path)
    out: dict[str, Doc] = {}
    if p.is_dir():
        for f in sorted(p.glob("*.json")):
            try:
                doc = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(str(f), f"not a JSON annotation: {exc}") from exc
            out[str(doc.get("id") or f.stem)] = doc
        return out
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{p}:{n}", f"malformed JSON: {exc}") from exc
        ident = doc.get("id") or (doc.get("article") or {}).get("id")
        if not ident:
            raise InputError(f"{p}:{n}", "no article id")
        out[str(ident)] = doc
    return out


def predict(gold: Mapping[str, Doc], articles: Mapping[str, Doc] | None = None) -> dict[str, Doc]:
    """Run extraction on the gold articles; their text comes from the gold file or from
    ``articles`` (id → ``{"text", "published", "source"}``)."""
    import sitrep

    out: dict[str, Doc] = {}
    for ident, doc in gold.items():
        article = doc.get("article") or (articles or {}).get(ident) or {}
        text = article.get("text") or doc.get("text")
        if not text:
            raise InputError(ident, "gold article has no text to extract from")
        out[ident] = sitrep.extract(
            text,
            published=article.get("published") or doc.get("published"),
            source=article.get("source") or doc.get("source"),
            title=article.get("title") or doc.get("title"),
            id=ident,
        ).to_dict()
    return out


# -- matching --------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _evidence(event: Doc) -> list[set[str]]:
    out = []
    for e in event.get("evidence") or []:
        text = e.get("text", "") if isinstance(e, dict) else str(e)
        out.append(_words(text))
    return out


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _shares_evidence(gold: Doc, pred: Doc) -> bool:
    return any(_overlap(g, p) >= 0.6 for g in _evidence(gold) for p in _evidence(pred))


def km(a: Doc | None, b: Doc | None) -> float | None:
    """Great-circle distance between two locations, or None when one lacks coordinates."""
    if not a or not b or a.get("lat") is None or b.get("lat") is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _norm(name: str | None) -> str:
    return " ".join(_WORD.findall((name or "").lower().replace("the ", "")))


def same_actor(a: Doc | None, b: Doc | None) -> bool:
    """Same actor: the same name, or (for unnamed descriptions) the same country and kind."""
    if a is None or b is None:
        return a is None and b is None
    if _norm(a.get("name")) == _norm(b.get("name")):
        return True
    return a.get("kind") == b.get("kind") and a.get("country") == b.get("country")


def _pair_score(gold: Doc, pred: Doc) -> float | None:
    if gold.get("event_type") != pred.get("event_type"):
        return None
    evidence = _shares_evidence(gold, pred)
    actor = gold.get("actor1") is not None and same_actor(gold.get("actor1"), pred.get("actor1"))
    distance = km(gold.get("location"), pred.get("location"))
    place = distance is not None and distance <= 25
    date = gold.get("date") is not None and gold.get("date") == pred.get("date")
    if not (evidence or actor or place or date):
        return None
    same_sub = gold.get("sub_event_type") == pred.get("sub_event_type")
    return 4 * same_sub + 3 * evidence + actor + place + date


def match_events(gold: list[Doc], pred: list[Doc]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of gold and predicted events of one article."""
    scored = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = _pair_score(g, p)
            if s is not None:
                scored.append((s, i, j))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


# -- scores ----------------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}  # fmt: skip


@dataclass
class Share:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.hits += int(ok)
        self.total += 1

    def value(self) -> float | None:
        return round(self.hits / self.total, 3) if self.total else None


@dataclass
class Report:
    articles: int = 0
    event_type: Counts = field(default_factory=Counts)
    sub_event_type: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    by_sub_type: dict[str, Counts] = field(default_factory=dict)
    fields: dict[str, Share] = field(default_factory=dict)
    claims: Counts = field(default_factory=Counts)
    claims_sourced: Counts = field(default_factory=Counts)
    statements: Counts = field(default_factory=Counts)
    speaker: Share = field(default_factory=Share)

    def share(self, name: str) -> Share:
        return self.fields.setdefault(name, Share())

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "events": {
                "event_type": self.event_type.prf(),
                "sub_event_type": self.sub_event_type.prf(),
                "by_event_type": {k: v.prf() for k, v in sorted(self.by_type.items())},
                "by_sub_event_type": {k: v.prf() for k, v in sorted(self.by_sub_type.items())},
            },
            "matched_events": {k: v.value() for k, v in sorted(self.fields.items())},
            "claims": self.claims.prf(),
            "claims_with_source": self.claims_sourced.prf(),
            "statements": self.statements.prf(),
            "statements_speaker_accuracy": self.speaker.value(),
        }


def evaluate(gold: Mapping[str, Doc], pred: Mapping[str, Doc]) -> Report:
    """Score ``pred`` against ``gold`` over the articles of ``gold``."""
    report = Report()
    for ident, g in gold.items():
        p = pred.get(ident) or {}
        report.articles += 1
        gold_events = list(g.get("events") or [])
        pred_events = list(p.get("events") or [])
        pairs = match_events(gold_events, pred_events)
        _count_events(report, gold_events, pred_events, pairs)
        for i, j in pairs:
            _score_fields(report, gold_events[i], pred_events[j])
        _score_claims(report, gold_events, pred_events, pairs)
        _score_statements(report, g.get("statements") or [], p.get("statements") or [])
    return report


def _count_events(
    report: Report, gold: list[Doc], pred: list[Doc], pairs: list[tuple[int, int]]
) -> None:
    matched_type = len(pairs)
    matched_sub = sum(1 for i, j in pairs if gold[i]["sub_event_type"] == pred[j]["sub_event_type"])
    report.event_type.add(matched_type, len(pred) - matched_type, len(gold) - matched_type)
    report.sub_event_type.add(matched_sub, len(pred) - matched_sub, len(gold) - matched_sub)
    for key, table in (("event_type", report.by_type), ("sub_event_type", report.by_sub_type)):
        good_g = {i for i, j in pairs if gold[i][key] == pred[j][key]}
        good_p = {j for i, j in pairs if gold[i][key] == pred[j][key]}
        for i, e in enumerate(gold):
            c = table.setdefault(e[key], Counts())
            c.add(1, 0, 0) if i in good_g else c.add(0, 0, 1)
        for j, e in enumerate(pred):
            if j not in good_p:
                table.setdefault(e[key], Counts()).add(0, 1, 0)


def _score_fields(report: Report, g: Doc, p: Doc) -> None:
    for role in ("actor1", "actor2"):
        ga, pa = g.get(role), p.get(role)
        report.share(f"{role}_name").add(
            _norm((ga or {}).get("name")) == _norm((pa or {}).get("name"))
        )
        report.share(f"{role}_kind").add((ga or {}).get("kind") == (pa or {}).get("kind"))
    if g.get("location"):
        d = km(g.get("location"), p.get("location"))
        report.share("location_within_25km").add(d is not None and d <= 25)
    report.share("date_exact").add(g.get("date") == p.get("date"))
    gf, pf = g.get("fatalities") or {}, p.get("fatalities") or {}
    for key in ("best", "low", "high"):
        report.share(f"fatalities_{key}_exact").add(gf.get(key) == pf.get(key))


def _claims(event: Doc) -> list[tuple[str, Doc]]:
    """An event's claims; one source repeating one figure is one claim."""
    out = []
    seen = set()
    for kind in ("fatalities", "injured"):
        for c in (event.get(kind) or {}).get("claims") or []:
            key = (kind, c.get("value"), _norm(c.get("source")))
            if key not in seen:
                seen.add(key)
                out.append((kind, c))
    return out


def _same_source(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    na, nb = _norm(a), _norm(b)
    return na == nb or (bool(na) and bool(nb) and (na in nb or nb in na))


def _score_claims(
    report: Report, gold: list[Doc], pred: list[Doc], pairs: list[tuple[int, int]]
) -> None:
    """Claims are compared within matched events; unmatched events' claims are misses."""
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    for i, j in pairs:
        gc, pc = _claims(gold[i]), _claims(pred[j])
        used: set[int] = set()
        used_src: set[int] = set()
        for kind, c in gc:
            hit = next(
                (
                    k
                    for k, (pk, x) in enumerate(pc)
                    if k not in used and pk == kind and x.get("value") == c.get("value")
                ),
                None,
            )
            if hit is not None:
                used.add(hit)
            hit_src = next(
                (
                    k
                    for k, (pk, x) in enumerate(pc)
                    if k not in used_src
                    and pk == kind
                    and x.get("value") == c.get("value")
                    and _same_source(c.get("source"), x.get("source"))
                ),
                None,
            )
            if hit_src is not None:
                used_src.add(hit_src)
        report.claims.add(len(used), len(pc) - len(used), len(gc) - len(used))
        report.claims_sourced.add(len(used_src), len(pc) - len(used_src), len(gc) - len(used_src))
    for i, e in enumerate(gold):
        if i not in matched_g:
            n = len(_claims(e))
            report.claims.add(0, 0, n)
            report.claims_sourced.add(0, 0, n)
    for j, e in enumerate(pred):
        if j not in matched_p:
            n = len(_claims(e))
            report.claims.add(0, n, 0)
            report.claims_sourced.add(0, n, 0)


def _score_statements(report: Report, gold: Iterable[Doc], pred: Iterable[Doc]) -> None:
    gold, pred = list(gold), list(pred)
    used: set[int] = set()
    for s in gold:
        words = _words(s.get("text", ""))
        best, best_j = 0.0, None
        for j, t in enumerate(pred):
            if j in used:
                continue
            o = _overlap(words, _words(t.get("text", "")))
            if o > best:
                best, best_j = o, j
        if best_j is not None and best >= 0.5:
            used.add(best_j)
            report.speaker.add(_same_speaker(s.get("speaker"), pred[best_j].get("speaker")))
    report.statements.add(len(used), len(pred) - len(used), len(gold) - len(used))


def _same_speaker(a: str | None, b: str | None) -> bool:
    return _norm(a) == _norm(b)


def format_table(report: Report) -> str:
    """The report as a plain-text table."""
    d = report.to_dict()
    lines = [f"articles: {d['articles']}", "", f"{'':38} {'P':>6} {'R':>6} {'F1':>6}"]

    def row(name: str, prf: Mapping[str, Any]) -> None:
        lines.append(f"{name:38} {prf['precision']:6.3f} {prf['recall']:6.3f} {prf['f1']:6.3f}")

    row("events (event type)", d["events"]["event_type"])
    row("events (sub-event type)", d["events"]["sub_event_type"])
    for name, prf in d["events"]["by_sub_event_type"].items():
        row(f"  {name}", prf)
    row("claims (value)", d["claims"])
    row("claims (value and source)", d["claims_with_source"])
    row("statements", d["statements"])
    lines.append("")
    lines.append("among matched events / statements:")
    for name, value in d["matched_events"].items():
        lines.append(f"  {name:32} {'-' if value is None else f'{value:.3f}'}")
    acc = d["statements_speaker_accuracy"]
    lines.append(f"  {'statement speaker':32} {'-' if acc is None else f'{acc:.3f}'}")
    counts = Counter({k: v["tp"] + v["fn"] for k, v in d["events"]["by_sub_event_type"].items()})
    lines.append("")
    lines.append(
        "gold events by sub-type: " + ", ".join(f"{k} {n}" for k, n in counts.most_common())
    )
    return "\n".join(lines)


# -- CASE 2021 Task 2 -------------------------------------------------------------------------

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
NON_ACLED = frozenset({"DIPLO", "ATTRIB", "MAN_MADE_DISASTER", "NATURAL_DISASTER", "ORG_CRIME"})
NO_EVENT = "(no event)"


def _top_sub_type(text: str) -> str:
    import sitrep

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


@dataclass
class CaseScore:
    """Event-type score on CASE 2021 Task 2 snippets."""

    n: int
    accuracy: float
    weighted_f1: float
    errors: list[tuple[str, str, str]]
    """(gold, predicted, snippet) for every miss."""

    def to_dict(self) -> dict[str, float | int]:
        return {"snippets": self.n, "accuracy": self.accuracy, "weighted_f1": self.weighted_f1}


def score_case(path: str | Path) -> CaseScore:
    """Score the highest-confidence event's sub-event type of each snippet of a CASE TSV
    (columns ``EventSnippet``, ``SubType``). The five non-ACLED classes count as right
    when no event is output."""
    import csv

    with Path(path).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    gold: list[str] = []
    pred: list[str] = []
    errors = []
    for row in rows:
        label = row["SubType"]
        p = _top_sub_type(row["EventSnippet"])
        if label in NON_ACLED:
            g = label
            p = label if p == NO_EVENT else p
        else:
            g = CASE_TO_ACLED[label]
        gold.append(g)
        pred.append(p)
        if g != p:
            errors.append((g, p, row["EventSnippet"]))
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return CaseScore(len(gold), round(accuracy, 3), round(weighted_f1(gold, pred), 3), errors)
