"""Filters for listing events and incidents, turned into SQL ``WHERE`` clauses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Filters", "events_sql", "incidents_sql"]


@dataclass(frozen=True)
class Filters:
    """What to list. Text matches are case-insensitive; ``actor`` and ``text`` are substrings.

    ``country`` matches the country name or ISO alpha-3 code; ``type`` the event type or
    sub-event type; ``since``/``until`` are inclusive (an incident matches when its date
    range overlaps them); ``bbox`` is (min_lon, min_lat, max_lon, max_lat).
    """

    country: str | None = None
    admin1: str | None = None
    type: str | None = None
    actor: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None
    limit: int | None = None


def _where(f: Filters, kind: Literal["events", "incidents"]) -> tuple[str, list[Any]]:
    t = "e" if kind == "events" else "i"
    conds: list[str] = []
    params: list[Any] = []
    if f.country:
        conds.append(f"(lower({t}.country) = ? OR lower({t}.country_code) = ?)")
        params += [f.country.lower()] * 2
    if f.admin1:
        conds.append(f"lower({t}.admin1) = ?")
        params.append(f.admin1.lower())
    if f.type:
        conds.append(f"(lower({t}.event_type) = ? OR lower({t}.sub_event_type) = ?)")
        params += [f.type.lower()] * 2
    if f.actor:
        pattern = f"%{f.actor.lower()}%"
        if kind == "events":
            conds.append(
                "EXISTS (SELECT 1 FROM actors x WHERE x.event_id = e.id AND lower(x.name) LIKE ?)"
            )
        else:
            conds.append("lower(i.actors) LIKE ?")
        params.append(pattern)
    start, end = ("event_date", "event_date") if kind == "events" else ("date_start", "date_end")
    if f.since:
        conds.append(f"{t}.{end} >= ?")
        params.append(f.since)
    if f.until:
        conds.append(f"{t}.{start} <= ?")
        params.append(f.until)
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        conds.append(f"{t}.longitude BETWEEN ? AND ? AND {t}.latitude BETWEEN ? AND ?")
        params += [min_lon, max_lon, min_lat, max_lat]
    if f.text:
        pattern = f"%{f.text.lower()}%"
        if kind == "events":
            conds.append("(lower(e.evidence) LIKE ? OR lower(a.title) LIKE ?)")
            params += [pattern, pattern]
        else:
            conds.append("lower(i.notes) LIKE ?")
            params.append(pattern)
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def _limit(f: Filters) -> str:
    return f" LIMIT {int(f.limit)}" if f.limit is not None else ""


def events_sql(f: Filters) -> tuple[str, list[Any]]:
    """Events with their article's outlet, url, title and publication date."""
    where, params = _where(f, "events")
    sql = (
        "SELECT e.*, a.source, a.url, a.title, a.published, m.incident_id "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN incident_members m ON m.event_id = e.id"
        f"{where} ORDER BY e.event_date NULLS LAST, e.id{_limit(f)}"
    )
    return sql, params


def incidents_sql(f: Filters) -> tuple[str, list[Any]]:
    where, params = _where(f, "incidents")
    sql = f"SELECT i.* FROM incidents i{where} ORDER BY i.date_start NULLS LAST, i.id{_limit(f)}"
    return sql, params
