"""Print, article by article, where extraction and the gold set disagree.

A diagnostic for people improving extraction: matched events with the fields that
differ, missed gold events, spurious predicted events, and the claims and statements on
each side. Run from the repository root::

    python benchmarks/gold_diff.py [gold/gold.jsonl] [--only fp|fn|claims|statements|fields]
        [--id fa-kes-12]
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sitrep.evaluation import (
    _claims,
    _norm,
    _overlap,
    _same_source,
    _same_speaker,
    _words,
    km,
    load_annotations,
    match_events,
    predict,
)

Doc = dict[str, Any]


def _short(event: Doc) -> str:
    a1 = (event.get("actor1") or {}).get("name")
    a2 = (event.get("actor2") or {}).get("name")
    loc = (event.get("location") or {}).get("name")
    fat = (event.get("fatalities") or {}).get("best")
    return f"{event['sub_event_type']} | {a1} -> {a2} | {loc} | {event.get('date')} | fat {fat}"


def _evidence(event: Doc) -> str:
    ev = event.get("evidence") or []
    first = ev[0] if ev else ""
    text = first.get("text", "") if isinstance(first, dict) else str(first)
    return text[:160]


def _claim_str(kind: str, c: Doc) -> str:
    return f"{kind[:3]} {c.get('value')} <{c.get('source')}>"


def _only_in(these: list[tuple[str, Doc]], others: list[tuple[str, Doc]]) -> list[str]:
    """Claims of ``these`` that no claim of ``others`` matches by kind, value and source."""
    return [
        _claim_str(k, c)
        for k, c in these
        if not any(
            k == ok
            and c.get("value") == x.get("value")
            and _same_source(c.get("source"), x.get("source"))
            for ok, x in others
        )
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("gold", nargs="?", default="gold/gold.jsonl")
    ap.add_argument("--only", choices=["fp", "fn", "claims", "statements", "fields"])
    ap.add_argument("--id")
    args = ap.parse_args(argv)
    gold = load_annotations(args.gold)
    if args.id:
        gold = {k: v for k, v in gold.items() if k == args.id}
    pred = predict(gold)
    show = args.only
    for ident, g in gold.items():
        lines: list[str] = []
        ge = list(g.get("events") or [])
        pe = list(pred[ident].get("events") or [])
        pairs = match_events(ge, pe)
        mg = {i for i, _ in pairs}
        mp = {j for _, j in pairs}
        for i, j in pairs:
            a, b = ge[i], pe[j]
            diffs = []
            if a["sub_event_type"] != b["sub_event_type"]:
                diffs.append(f"sub {b['sub_event_type']}")
            d = km(a.get("location"), b.get("location"))
            if a.get("location") and (d is None or d > 25):
                diffs.append(f"place {(b.get('location') or {}).get('name')}")
            if a.get("date") != b.get("date"):
                diffs.append(f"date {b.get('date')}")
            fa, fb = (a.get("fatalities") or {}), (b.get("fatalities") or {})
            if fa.get("best") != fb.get("best"):
                diffs.append(f"fat {fb.get('best')}")
            for role in ("actor1", "actor2"):
                if _norm((a.get(role) or {}).get("name")) != _norm((b.get(role) or {}).get("name")):
                    diffs.append(f"{role} {(b.get(role) or {}).get('name')}")
            if show in (None, "fields") and diffs:
                lines.append(f"  = {_short(a)}\n      pred differs: {'; '.join(diffs)}")
            gc, pc = _claims(a), _claims(b)
            bad_claims = _only_in(gc, pc)
            extra = _only_in(pc, gc)
            if show in (None, "claims") and (bad_claims or extra):
                lines.append(
                    f"  claims [{_short(a)}]\n      gold only: {bad_claims}\n"
                    f"      pred only: {extra}"
                )
        if show in (None, "fn"):
            for i, e in enumerate(ge):
                if i not in mg:
                    lines.append(f"  - MISSED {_short(e)}\n      {_evidence(e)}")
        if show in (None, "fp"):
            for j, e in enumerate(pe):
                if j not in mp:
                    lines.append(f"  + SPURIOUS {_short(e)}\n      {_evidence(e)}")
        if show in (None, "statements"):
            ps = list(pred[ident].get("statements") or [])
            used: set[int] = set()
            for s in g.get("statements") or []:
                words = _words(s.get("text", ""))
                best, best_j = 0.0, None
                for j, t in enumerate(ps):
                    o = _overlap(words, _words(t.get("text", "")))
                    if j not in used and o > best:
                        best, best_j = o, j
                if best_j is None or best < 0.5:
                    lines.append(f"  s MISSED <{s.get('speaker')}> {s.get('text', '')[:120]}")
                else:
                    used.add(best_j)
                    if not _same_speaker(s.get("speaker"), ps[best_j].get("speaker")):
                        lines.append(
                            f"  s SPEAKER gold <{s.get('speaker')}> pred "
                            f"<{ps[best_j].get('speaker')}> {s.get('text', '')[:100]}"
                        )
            for j, t in enumerate(ps):
                if j not in used:
                    lines.append(f"  s SPURIOUS <{t.get('speaker')}> {t.get('text', '')[:120]}")
        if lines:
            title = (g.get("article") or {}).get("title") or ""
            print(f"## {ident}  {title[:90]}")
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
