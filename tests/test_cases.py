"""Specification tests: hand-coded articles in ``tests/cases/*.yaml``.

Each YAML file is a list of cases::

    - id: unique-id
      text: the article
      published: 2019-05-09        # optional ISO date (omit: no anchor for relative dates)
      source: Reuters              # optional
      title: the headline          # optional (the text may repeat it at its start)
      expect:
        events: [...]              # each matched by a DISTINCT output event
        max_events: 1              # optional upper bound
        min_events: 1              # optional lower bound
        no_claims: [...]           # optional: no event's fatalities claim matches any
        no_events: true            # optional: the output must have zero events
        statements: [...]          # each matched by SOME output statement

Expected event keys (all optional except ``sub_event_type``):

* ``sub_event_type``, ``event_type`` -- ACLED names, exact.
* ``actor1`` / ``actor2`` -- ``null`` (require no actor) or a partial dict with
  ``name_contains`` (case-insensitive substring of the actor name), ``country`` (alpha-3),
  ``kind``.
* ``location`` -- ``null`` or a partial dict with ``country_code``, ``name_contains``
  (case-insensitive substring of the location ``name`` *or* of the ``text`` it was read from),
  ``near: [lat, lon, km]`` (haversine distance from the output's lat/lon), ``precision`` (1-3).
* ``date`` -- ISO day or ``null``; ``date_precision``; ``date_basis``.
* ``fatalities`` / ``injured`` -- ``null`` (require none) or any subset of ``low``/``best``/
  ``high`` (``high: null`` requires an open upper bound).
* ``claims`` / ``injured_claims`` -- each must match some claim of ``fatalities`` /
  ``injured``: keys ``value``, ``qualifier`` (case-insensitive; ``null`` = no qualifier),
  ``low``, ``high``, ``source_contains`` (case-insensitive substring of the claim source),
  ``source: null`` (the article's own voice), ``text_contains``.
* ``no_claims`` / ``no_injured_claims`` -- the same keys; no claim may match any of them.

Expected statement keys: ``speaker`` (case-insensitive, a leading "the " ignored),
``speaker_contains``, ``speaker_role_contains``, ``text_contains``, ``direct``, ``via``
(``null`` = not relayed; a string = case-insensitive substring of ``via``).

Matching is greedy in the order the events are listed: for each expected event, the
candidates are the not-yet-matched output events with the same ``sub_event_type``; the first
candidate that satisfies every given field is taken.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES_DIR = Path(__file__).parent / "cases"

TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_TO_TYPE = {sub: et for et, subs in TAXONOMY.items() for sub in subs}
ACTOR_KINDS = {
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external_forces",
}

CASE_KEYS = {"id", "text", "published", "source", "title", "expect", "note"}
EXPECT_KEYS = {"events", "max_events", "min_events", "no_events", "no_claims", "statements"}
EVENT_KEYS = {
    "sub_event_type",
    "event_type",
    "actor1",
    "actor2",
    "location",
    "date",
    "date_precision",
    "date_basis",
    "fatalities",
    "injured",
    "claims",
    "injured_claims",
    "no_claims",
    "no_injured_claims",
}
ACTOR_KEYS = {"name_contains", "country", "kind"}
LOCATION_KEYS = {"country_code", "name_contains", "near", "precision"}
CASUALTY_KEYS = {"low", "best", "high"}
CLAIM_KEYS = {"value", "qualifier", "low", "high", "source_contains", "source", "text_contains"}
STATEMENT_KEYS = {
    "speaker",
    "speaker_contains",
    "speaker_role_contains",
    "text_contains",
    "direct",
    "via",
}


# --------------------------------------------------------------------------- loading


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise ValueError(f"{path.name}: top level must be a list of cases")
        for i, case in enumerate(data):
            if not isinstance(case, dict) or "id" not in case:
                raise ValueError(f"{path.name}[{i}]: each case must be a mapping with an id")
            cases.append((path.name, case))
    return cases


CASES = _load_cases()


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# --------------------------------------------------------------------------- matching


def _ci_contains(haystack: Any, needle: str) -> bool:
    return isinstance(haystack, str) and needle.lower() in haystack.lower()


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _check_actor(label: str, exp: Any, got: Any) -> str | None:
    if exp is None:
        return None if got is None else f"{label}: expected none, got {got.get('name')!r}"
    if got is None:
        return f"{label}: expected {_compact(exp)}, got none"
    if "name_contains" in exp and not _ci_contains(got.get("name"), exp["name_contains"]):
        return f"{label}.name {got.get('name')!r} does not contain {exp['name_contains']!r}"
    for key in ("country", "kind"):
        if key in exp and got.get(key) != exp[key]:
            return f"{label}.{key}: expected {exp[key]!r}, got {got.get(key)!r}"
    return None


def _check_location(exp: Any, got: Any) -> str | None:
    if exp is None:
        return None if got is None else f"location: expected none, got {got.get('name')!r}"
    if got is None:
        return f"location: expected {_compact(exp)}, got none"
    if "country_code" in exp and got.get("country_code") != exp["country_code"]:
        return (
            f"location.country_code: expected {exp['country_code']!r}, "
            f"got {got.get('country_code')!r}"
        )
    if "name_contains" in exp:
        needle = exp["name_contains"]
        if not (_ci_contains(got.get("name"), needle) or _ci_contains(got.get("text"), needle)):
            return (
                f"location: neither name {got.get('name')!r} nor text {got.get('text')!r} "
                f"contains {needle!r}"
            )
    if "precision" in exp and got.get("precision") != exp["precision"]:
        return f"location.precision: expected {exp['precision']}, got {got.get('precision')}"
    if "near" in exp:
        lat, lon, km = exp["near"]
        if got.get("lat") is None or got.get("lon") is None:
            return f"location: expected near {exp['near']}, got no coordinates"
        dist = _haversine_km(lat, lon, got["lat"], got["lon"])
        if dist > km:
            return f"location: {dist:.0f} km from ({lat}, {lon}), more than {km} km"
    return None


def _check_casualties(label: str, exp: Any, got: Any) -> str | None:
    if exp is None:
        return None if got is None else f"{label}: expected none, got {_fmt_cas(got)}"
    if got is None:
        return f"{label}: expected {_compact(exp)}, got none"
    for key in ("low", "best", "high"):
        if key in exp and got.get(key) != exp[key]:
            return f"{label}.{key}: expected {exp[key]!r}, got {got.get(key)!r}"
    return None


def _claim_ok(exp: dict[str, Any], claim: dict[str, Any]) -> bool:
    for key in ("value", "low", "high"):
        if key in exp and claim.get(key) != exp[key]:
            return False
    if "qualifier" in exp:
        want, have = exp["qualifier"], claim.get("qualifier")
        if want is None:
            if have:
                return False
        elif not isinstance(have, str) or have.strip().lower() != str(want).strip().lower():
            return False
    if "source" in exp and exp["source"] is None and claim.get("source"):
        return False
    substrings = (("source_contains", "source"), ("text_contains", "text"))
    return all(_ci_contains(claim.get(field), exp[key]) for key, field in substrings if key in exp)


def _check_claims(label: str, exps: list[dict[str, Any]], cas: Any) -> str | None:
    claims = (cas or {}).get("claims") or []
    for exp in exps:
        if not any(_claim_ok(exp, c) for c in claims):
            got = [_fmt_claim(c) for c in claims]
            return f"{label}: no claim matching {_compact(exp)}; claims: {got}"
    return None


def _event_mismatch(exp: dict[str, Any], got: dict[str, Any]) -> str | None:
    """Return the first reason ``got`` does not satisfy ``exp``, or None."""
    if "event_type" in exp and got.get("event_type") != exp["event_type"]:
        return f"event_type: expected {exp['event_type']!r}, got {got.get('event_type')!r}"
    for label in ("actor1", "actor2"):
        if label in exp:
            why = _check_actor(label, exp[label], got.get(label))
            if why:
                return why
    if "location" in exp:
        why = _check_location(exp["location"], got.get("location"))
        if why:
            return why
    if "date" in exp:
        want = _as_date(exp["date"])
        have = got.get("date")
        if (want.isoformat() if want else None) != have:
            return f"date: expected {want}, got {have!r} (from {got.get('date_text')!r})"
    if "date_precision" in exp and got.get("date_precision") != exp["date_precision"]:
        return (
            f"date_precision: expected {exp['date_precision']!r}, got {got.get('date_precision')!r}"
        )
    if "date_basis" in exp and got.get("date_basis") != exp["date_basis"]:
        return f"date_basis: expected {exp['date_basis']!r}, got {got.get('date_basis')!r}"
    for label in ("fatalities", "injured"):
        if label in exp:
            why = _check_casualties(label, exp[label], got.get(label))
            if why:
                return why
    if "claims" in exp:
        why = _check_claims("fatalities.claims", exp["claims"], got.get("fatalities"))
        if why:
            return why
    if "injured_claims" in exp:
        why = _check_claims("injured.claims", exp["injured_claims"], got.get("injured"))
        if why:
            return why
    for key, label in (("no_claims", "fatalities"), ("no_injured_claims", "injured")):
        for no in exp.get(key) or []:
            hit = [c for c in (got.get(label) or {}).get("claims") or [] if _claim_ok(no, c)]
            if hit:
                return f"{label}.claims: expected no claim matching {_compact(no)}; got {hit}"
    return None


def _statement_ok(exp: dict[str, Any], got: dict[str, Any]) -> bool:
    def norm(name: Any) -> str:
        s = str(name or "").strip().lower()
        return s[4:] if s.startswith("the ") else s

    if "speaker" in exp and norm(got.get("speaker")) != norm(exp["speaker"]):
        return False
    if "speaker_contains" in exp and not _ci_contains(got.get("speaker"), exp["speaker_contains"]):
        return False
    if "speaker_role_contains" in exp and not _ci_contains(
        got.get("speaker_role"), exp["speaker_role_contains"]
    ):
        return False
    if "text_contains" in exp and not _ci_contains(got.get("text"), exp["text_contains"]):
        return False
    if "direct" in exp and bool(got.get("direct")) != bool(exp["direct"]):
        return False
    if "via" in exp:
        if exp["via"] is None:
            if got.get("via"):
                return False
        elif not _ci_contains(got.get("via"), exp["via"]):
            return False
    return True


# --------------------------------------------------------------------------- formatting


def _compact(obj: Any) -> str:
    return json.dumps(obj, default=str, ensure_ascii=False)


def _fmt_claim(c: dict[str, Any]) -> str:
    q = f"{c.get('qualifier')} " if c.get("qualifier") else ""
    src = c.get("source") or "(own voice)"
    return f"{q}{c.get('value')} [{c.get('low')}..{c.get('high')}] <- {src}"


def _fmt_cas(c: dict[str, Any] | None) -> str:
    if not c:
        return "-"
    claims = "; ".join(_fmt_claim(x) for x in c.get("claims") or [])
    return f"{c.get('low')}/{c.get('best')}/{c.get('high')} {{{claims}}}"


def _fmt_actor(a: dict[str, Any] | None) -> str:
    if not a:
        return "-"
    return f"{a.get('name')} ({a.get('country')}, {a.get('kind')})"


def _fmt_event(i: int, e: dict[str, Any]) -> str:
    loc = e.get("location") or {}
    where = f"{loc.get('name')}, {loc.get('country_code')}" if loc else "-"
    return (
        f"  [{i}] {e.get('event_type')} / {e.get('sub_event_type')} | "
        f"date {e.get('date')} ({e.get('date_precision')}, {e.get('date_text')!r}) | "
        f"a1 {_fmt_actor(e.get('actor1'))} | a2 {_fmt_actor(e.get('actor2'))} | "
        f"loc {where} | dead {_fmt_cas(e.get('fatalities'))} | "
        f"injured {_fmt_cas(e.get('injured'))}"
    )


def _fmt_output(out: dict[str, Any]) -> str:
    events = out.get("events") or []
    lines = [f"output: {len(events)} event(s)"]
    lines += [_fmt_event(i, e) for i, e in enumerate(events)]
    stmts = out.get("statements") or []
    lines.append(f"output: {len(stmts)} statement(s)")
    for s in stmts:
        text = str(s.get("text") or "")
        short = text if len(text) <= 70 else text[:67] + "..."
        lines.append(
            f"  - {s.get('speaker')!r} ({s.get('speaker_role')!r}) direct={s.get('direct')} "
            f"via={s.get('via')!r}: {short!r}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- tests


def _run(case: dict[str, Any]) -> dict[str, Any]:
    import sitrep

    result = sitrep.extract(
        case["text"],
        published=_as_date(case.get("published")),
        source=case.get("source"),
        title=case.get("title"),
    )
    out: dict[str, Any] = result.to_dict()
    # Round-trip through JSON: the contract is the JSON shape.
    return dict(json.loads(json.dumps(out)))


KNOWN_FAILURES: dict[str, str] = (
    yaml.safe_load((CASES_DIR.parent / "known_case_failures.yaml").read_text(encoding="utf-8"))
    or {}
)
"""Cases sitrep does not get right yet, each with the reason. Strict: a case that starts
passing fails the suite until it is taken off the list, so the list never hides progress."""


def _params() -> list[Any]:
    out = []
    for _, c in CASES:
        reason = KNOWN_FAILURES.get(str(c["id"]))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(c, id=str(c["id"]), marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    expect = case.get("expect") or {}
    out = _run(case)
    events: list[dict[str, Any]] = list(out.get("events") or [])
    statements: list[dict[str, Any]] = list(out.get("statements") or [])
    problems: list[str] = []
    ids = [ev.get("id") for ev in events]
    if len(set(ids)) != len(ids):
        problems.append(f"event ids repeat (the store's key): {ids}")

    for i, ev in enumerate(events):
        sub, et = ev.get("sub_event_type"), ev.get("event_type")
        if SUB_TO_TYPE.get(sub) != et:
            problems.append(f"output event [{i}] has invalid type pair {et!r} / {sub!r}")
        for label in ("actor1", "actor2"):
            actor = ev.get(label)
            if actor is not None and actor.get("kind") not in ACTOR_KINDS:
                problems.append(f"output event [{i}] {label}.kind {actor.get('kind')!r} invalid")

    if expect.get("no_events") and events:
        problems.append(f"expected no events, got {len(events)}")
    if "max_events" in expect and len(events) > expect["max_events"]:
        problems.append(f"expected at most {expect['max_events']} event(s), got {len(events)}")
    if "min_events" in expect and len(events) < expect["min_events"]:
        problems.append(f"expected at least {expect['min_events']} event(s), got {len(events)}")
    for no in expect.get("no_claims") or []:  # no event may hold such a fatalities claim
        for e in events:
            hit = [c for c in (e.get("fatalities") or {}).get("claims") or [] if _claim_ok(no, c)]
            if hit:
                problems.append(f"expected no event with a claim matching {_compact(no)}: {hit}")

    used: set[int] = set()
    for n, exp in enumerate(expect.get("events") or []):
        reasons: list[str] = []
        for i, ev in enumerate(events):
            if i in used or ev.get("sub_event_type") != exp["sub_event_type"]:
                continue
            why = _event_mismatch(exp, ev)
            if why is None:
                used.add(i)
                break
            reasons.append(f"[{i}] {why}")
        else:
            detail = "; ".join(reasons) if reasons else "no unmatched output event of that type"
            problems.append(f"expected event #{n} not found: {_compact(exp)}\n      -> {detail}")

    for exp in expect.get("statements") or []:
        if not any(_statement_ok(exp, s) for s in statements):
            problems.append(f"expected statement not found: {_compact(exp)}")

    if problems:
        pytest.fail(
            f"case {case['id']!r}\n"
            + "\n".join(f"  * {p}" for p in problems)
            + "\n"
            + _fmt_output(out),
            pytrace=False,
        )


# --------------------------------------------------------------------------- meta tests


def test_known_failures_name_real_cases() -> None:
    ids = {str(c["id"]) for _, c in CASES}
    assert set(KNOWN_FAILURES) <= ids, set(KNOWN_FAILURES) - ids


def test_case_ids_unique() -> None:
    seen: dict[str, str] = {}
    dupes = []
    for fname, case in CASES:
        cid = str(case["id"])
        if cid in seen:
            dupes.append(f"{cid} ({seen[cid]}, {fname})")
        seen[cid] = fname
    assert not dupes, f"duplicate case ids: {dupes}"


def test_every_sub_event_type_covered() -> None:
    covered = {
        exp["sub_event_type"]
        for _, case in CASES
        for exp in (case.get("expect") or {}).get("events") or []
    }
    missing = [sub for sub in SUB_TO_TYPE if sub not in covered]
    assert not missing, f"sub-event types without a case: {missing}"


def test_case_files_well_formed() -> None:
    problems: list[str] = []
    for fname, case in CASES:
        where = f"{fname}:{case.get('id')}"
        if set(case) - CASE_KEYS:
            problems.append(f"{where}: unknown keys {sorted(set(case) - CASE_KEYS)}")
        if not isinstance(case.get("text"), str) or not case["text"].strip():
            problems.append(f"{where}: text missing")
        if case.get("published") is not None:
            try:
                _as_date(case["published"])
            except ValueError:
                problems.append(f"{where}: bad published {case['published']!r}")
        expect = case.get("expect") or {}
        if set(expect) - EXPECT_KEYS:
            problems.append(f"{where}: unknown expect keys {sorted(set(expect) - EXPECT_KEYS)}")
        if expect.get("no_events") and expect.get("events"):
            problems.append(f"{where}: no_events together with events")
        for exp in expect.get("events") or []:
            if set(exp) - EVENT_KEYS:
                problems.append(f"{where}: unknown event keys {sorted(set(exp) - EVENT_KEYS)}")
            sub = exp.get("sub_event_type")
            if sub not in SUB_TO_TYPE:
                problems.append(f"{where}: unknown sub_event_type {sub!r}")
            elif "event_type" in exp and exp["event_type"] != SUB_TO_TYPE[sub]:
                problems.append(f"{where}: {sub!r} is not a {exp['event_type']!r}")
            for label in ("actor1", "actor2"):
                actor = exp.get(label)
                if isinstance(actor, dict):
                    if set(actor) - ACTOR_KEYS:
                        problems.append(f"{where}: {label} keys {sorted(set(actor))}")
                    if "kind" in actor and actor["kind"] not in ACTOR_KINDS:
                        problems.append(f"{where}: {label}.kind {actor['kind']!r}")
            loc = exp.get("location")
            if isinstance(loc, dict) and set(loc) - LOCATION_KEYS:
                problems.append(f"{where}: location keys {sorted(set(loc))}")
            for label in ("fatalities", "injured"):
                cas = exp.get(label)
                if isinstance(cas, dict) and set(cas) - CASUALTY_KEYS:
                    problems.append(f"{where}: {label} keys {sorted(set(cas))}")
            for label in ("claims", "injured_claims", "no_claims", "no_injured_claims"):
                for claim in exp.get(label) or []:
                    if set(claim) - CLAIM_KEYS:
                        problems.append(f"{where}: {label} keys {sorted(set(claim))}")
            if "date" in exp and exp["date"] is not None:
                try:
                    _as_date(exp["date"])
                except ValueError:
                    problems.append(f"{where}: bad date {exp['date']!r}")
        for st in expect.get("statements") or []:
            if set(st) - STATEMENT_KEYS:
                problems.append(f"{where}: statement keys {sorted(set(st) - STATEMENT_KEYS)}")
    assert not problems, "\n".join(problems)
