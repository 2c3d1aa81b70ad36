"""Read queries the API needs beyond :class:`sitrep.store.Store`: keyset pages, details, stats.

Every function takes a :class:`~sitrep.store.Store` and returns plain JSON-ready values
(dates as ISO strings, JSON columns parsed). SQL uses ``?`` placeholders on both backends.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from sitrep.store import Filters, Store
from sitrep.store.query import _where

__all__ = [
    "BadCursor",
    "actors",
    "article_detail",
    "decode_cursor",
    "encode_cursor",
    "incident_detail",
    "page",
    "places",
    "statements",
    "stats",
]

Kind = Literal["events", "incidents"]


class BadCursor(ValueError):
    """A pagination cursor that this server did not make."""


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _json(value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


_JSON_COLUMNS = {"evidence", "claims", "actors"}


def record(columns: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """A row as a dict: dates ISO, JSON columns parsed."""
    return {
        c: (_json(v) if c in _JSON_COLUMNS else _iso(v)) for c, v in zip(columns, row, strict=True)
    }


def encode_cursor(date: Any, ident: str) -> str:
    raw = json.dumps([_iso(date), ident], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.date | None, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        date, ident = json.loads(raw)
        if not isinstance(ident, str) or not (date is None or isinstance(date, str)):
            raise ValueError("bad cursor shape")
        return (dt.date.fromisoformat(date) if date else None), ident
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadCursor(f"invalid cursor {cursor!r}") from exc


def _and(where: str, cond: str) -> str:
    return f"{where} AND {cond}" if where else f" WHERE {cond}"


def page(
    store: Store, kind: Kind, filters: Filters, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of events or incidents in (date, id) order, and the cursor of the next page."""
    t, date_col = ("e", "event_date") if kind == "events" else ("i", "date_start")
    where, params = _where(filters, kind)
    if cursor:
        after_date, after_id = decode_cursor(cursor)
        if after_date is None:
            where = _and(where, f"{t}.{date_col} IS NULL AND {t}.id > ?")
            params += [after_id]
        else:
            where = _and(
                where,
                f"({t}.{date_col} > ? OR ({t}.{date_col} = ? AND {t}.id > ?) "
                f"OR {t}.{date_col} IS NULL)",
            )
            params += [after_date, after_date, after_id]
    order = f"{t}.{date_col} NULLS LAST, {t}.id"
    if kind == "events":
        # the page first (DuckDB's top-N materialises only its rows), then the joins on
        # those rows alone; the article join comes first only when `text` needs the title
        source = "events e JOIN articles a ON a.id = e.article_id" if filters.text else "events e"
        sql = (
            "SELECT p.*, a.source, a.url, a.title, a.published, m.incident_id FROM ("
            f"SELECT e.* FROM {source}{where} ORDER BY {order} LIMIT {int(limit) + 1}"
            ") p JOIN articles a ON a.id = p.article_id "
            "LEFT JOIN incident_members m ON m.event_id = p.id "
            "ORDER BY p.event_date NULLS LAST, p.id"
        )
    else:
        sql = f"SELECT i.* FROM incidents i{where} ORDER BY {order} LIMIT {int(limit) + 1}"
    columns, rows = store.backend.stream(sql, params)
    items = [record(columns, r) for r in rows]
    nxt = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        nxt = encode_cursor(last[date_col], last["id"])
    return items, nxt


def _sentence(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence around ``[start, end)`` in ``text`` and its offset (a simple split)."""
    lo = start
    while lo > 0 and not (text[lo - 1] in ".!?\n" and (lo >= len(text) or text[lo].isspace())):
        lo -= 1
    while lo < start and text[lo].isspace():
        lo += 1
    hi = end
    while hi < len(text) and text[hi - 1 : hi] not in (".", "!", "?", "\n"):
        hi += 1
    return text[lo:hi].rstrip(), lo


def _quote(
    text: str | None, evidence: list[dict[str, Any]], start: int | None, end: int | None
) -> dict[str, Any] | None:
    """The sentence quoting a claim, with the claim's span relative to it."""
    if start is None or end is None:
        return None
    for ev in evidence or []:
        s, e = ev.get("span") or (None, None)
        if s is not None and e is not None and s <= start and end <= e:
            return {"sentence": ev["text"], "highlight": [start - s, end - s]}
    if not text:
        return None
    sentence, offset = _sentence(text, start, end)
    return {"sentence": sentence, "highlight": [start - offset, end - offset]}


_MEMBER_SQL = """
SELECT e.id, e.article_id, a.source AS outlet, a.title, a.url, a.published, e.event_type,
       e.sub_event_type, e.event_date, e.location, e.actor1, e.actor2, e.fatalities_low,
       e.fatalities_best, e.fatalities_high, e.injured_best, e.evidence
FROM incident_members m JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = e.article_id
WHERE m.incident_id = ? ORDER BY a.source NULLS LAST, e.article_id, e.id
"""

_CLAIM_SQL = """
SELECT c.event_id, c.kind, c.value, c.qualifier, c.low, c.high, c.source, c.text,
       c.span_start, c.span_end
FROM claims c JOIN incident_members m ON m.event_id = c.event_id
WHERE m.incident_id = ? ORDER BY c.event_id, c.kind, c.seq
"""


def _texts(store: Store, ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks = ", ".join("?" * len(wanted))
    rows = store.backend.query(f"SELECT id, text FROM articles WHERE id IN ({marks})", wanted)
    return {r[0]: r[1] for r in rows}


def incident_detail(store: Store, ident: str) -> dict[str, Any] | None:
    """An incident with each member report (outlet, evidence) and every claim quoted."""
    columns, rows = store.backend.stream("SELECT * FROM incidents WHERE id = ?", [ident])
    found = [record(columns, r) for r in rows]
    if not found:
        return None
    incident = found[0]
    mcols, mrows = store.backend.stream(_MEMBER_SQL, [ident])
    members = [record(mcols, r) for r in mrows]
    texts = _texts(store, (m["article_id"] for m in members))
    claims: dict[str, list[dict[str, Any]]] = {}
    for r in store.backend.query(_CLAIM_SQL, [ident]):
        event_id, kind, value, qualifier, low, high, source, text, start, end = r
        claims.setdefault(event_id, []).append(
            {
                "kind": kind,
                "value": value,
                "qualifier": qualifier,
                "low": low,
                "high": high,
                "source": source,
                "text": text,
                "span": [start, end] if start is not None else None,
            }
        )
    for m in members:
        article_text = texts.get(m["article_id"])
        m["claims"] = []
        for c in claims.get(m["id"], []):
            span = c["span"] or (None, None)
            c["quote"] = _quote(article_text, m["evidence"], span[0], span[1])
            m["claims"].append(c)
    incident["members"] = members
    return incident


def article_detail(store: Store, ident: str) -> dict[str, Any] | None:
    """An article's text with the spans of its events' evidence, claims and statements."""
    rows = store.backend.query(
        "SELECT id, source, url, title, published, text, n_events, ingested_at "
        "FROM articles WHERE id = ?",
        [ident],
    )
    if not rows:
        return None
    keys = ("id", "source", "url", "title", "published", "text", "n_events", "ingested_at")
    article = dict(zip(keys, rows[0], strict=True))
    ecols, erows = store.backend.stream(
        "SELECT e.id, e.event_type, e.sub_event_type, e.event_date, e.location, e.country, "
        "e.actor1, e.actor2, e.fatalities_best, e.evidence, m.incident_id "
        "FROM events e LEFT JOIN incident_members m ON m.event_id = e.id "
        "WHERE e.article_id = ? ORDER BY e.seq",
        [ident],
    )
    article["events"] = [record(ecols, r) for r in erows]
    article["claims"] = [
        {
            "event_id": r[0],
            "kind": r[1],
            "value": r[2],
            "qualifier": r[3],
            "source": r[4],
            "text": r[5],
            "span": [r[6], r[7]],
        }
        for r in store.backend.query(
            "SELECT c.event_id, c.kind, c.value, c.qualifier, c.source, c.text, c.span_start, "
            "c.span_end FROM claims c JOIN events e ON e.id = c.event_id "
            "WHERE e.article_id = ? ORDER BY e.seq, c.kind, c.seq",
            [ident],
        )
    ]
    article["statements"] = _statement_rows(store, "WHERE s.article_id = ? ORDER BY s.seq", [ident])
    return article


def _statement_rows(store: Store, tail: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    rows = store.backend.query(
        "SELECT s.article_id, s.seq, s.speaker, s.speaker_role, s.text, s.direct, s.span_start, "
        f"s.span_end, s.via, a.source, a.published FROM statements s "
        f"JOIN articles a ON a.id = s.article_id {tail}",
        params,
    )
    return [
        {
            "article_id": r[0],
            "seq": r[1],
            "speaker": r[2],
            "speaker_role": r[3],
            "text": r[4],
            "direct": bool(r[5]),
            "span": [r[6], r[7]],
            "via": r[8],
            "outlet": r[9],
            "published": r[10],
        }
        for r in rows
    ]


def statements(
    store: Store,
    *,
    speaker: str | None,
    text: str | None,
    article_id: str | None,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if speaker:
        conds.append("(lower(s.speaker) LIKE ? OR lower(s.speaker_role) LIKE ?)")
        params += [f"%{speaker.lower()}%"] * 2
    if text:
        conds.append("lower(s.text) LIKE ?")
        params.append(f"%{text.lower()}%")
    if article_id:
        conds.append("s.article_id = ?")
        params.append(article_id)
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    tail = f"{where} ORDER BY s.article_id, s.seq LIMIT {int(limit)} OFFSET {int(offset)}"
    return _statement_rows(store, tail, params)


def actors(store: Store, name: str | None, limit: int) -> list[dict[str, Any]]:
    where, params = "", []
    if name:
        where, params = " WHERE lower(x.name) LIKE ?", [f"%{name.lower()}%"]
    rows = store.backend.query(
        "SELECT x.name, x.kind, x.country, count(DISTINCT x.event_id) AS n "
        f"FROM actors x{where} GROUP BY x.name, x.kind, x.country "
        f"ORDER BY n DESC, x.name LIMIT {int(limit)}",
        params,
    )
    return [{"name": r[0], "kind": r[1], "country": r[2], "events": int(r[3])} for r in rows]


def places(store: Store, filters: Filters, limit: int) -> list[dict[str, Any]]:
    where, params = _where(filters, "events")
    where = _and(where, "e.location IS NOT NULL")
    rows = store.backend.query(
        "SELECT e.location, e.admin1, e.country, e.country_code, avg(e.latitude), "
        "avg(e.longitude), min(e.geo_precision), count(*) AS n "
        f"FROM events e JOIN articles a ON a.id = e.article_id{where} "
        "GROUP BY e.location, e.admin1, e.country, e.country_code "
        f"ORDER BY n DESC, e.location LIMIT {int(limit)}",
        params,
    )
    keys = ("location", "admin1", "country", "country_code", "latitude", "longitude")
    return [
        {**dict(zip(keys, r[:6], strict=True)), "geo_precision": r[6], "events": int(r[7])}
        for r in rows
    ]


def stats(store: Store, kind: Kind, filters: Filters) -> dict[str, Any]:
    """Counts and fatalities (best figures) in total and by day, country and type."""
    where, params = _where(filters, kind)
    if kind == "events":
        src, t, day = "events e JOIN articles a ON a.id = e.article_id", "e", "e.event_date"
    else:
        src, t, day = "incidents i", "i", "i.date_start"
    fat = f"sum(coalesce({t}.fatalities_best, 0))"

    def group(key: str, order: str) -> list[tuple[Any, ...]]:
        sql = f"SELECT {key}, count(*), {fat} FROM {src}{where} GROUP BY {key} ORDER BY {order}"
        return store.backend.query(sql, params)

    total = store.backend.query(f"SELECT count(*), {fat} FROM {src}{where}", params)[0]
    by_day = group(day, "1 NULLS LAST")
    by_country = group(f"{t}.country_code, {t}.country", "3 DESC, 4 DESC, 1 NULLS LAST")
    by_type = group(f"{t}.event_type", "2 DESC, 1")
    return {
        "unit": kind,
        "total": {"count": int(total[0]), "fatalities": int(total[1] or 0)},
        "by_day": [
            {"day": _iso(r[0]), "count": int(r[1]), "fatalities": int(r[2] or 0)} for r in by_day
        ],
        "by_country": [
            {
                "country_code": r[0],
                "country": r[1],
                "count": int(r[2]),
                "fatalities": int(r[3] or 0),
            }
            for r in by_country
        ],
        "by_type": [
            {"event_type": r[0], "count": int(r[1]), "fatalities": int(r[2] or 0)} for r in by_type
        ],
    }
