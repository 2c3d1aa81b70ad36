"""Output formats for stored events and incidents: table, csv, jsonl, parquet, geojson, and
the column layouts of ACLED (``acled``) and UCDP GED (``ucdp``). Columns: ``docs/store.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, TextIO

__all__ = ["ACLED_COLUMNS", "FORMATS", "UCDP_COLUMNS", "acled_row", "ucdp_row", "write"]

Kind = Literal["events", "incidents"]
FORMATS = ("table", "csv", "jsonl", "parquet", "geojson", "acled", "ucdp")

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "time_precision",
    "fatalities",
    "source",
    "notes",
)
UCDP_COLUMNS = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "number_of_sources",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "latitude",
    "longitude",
    "country",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
)
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
_UCDP_DATE_PREC = {"day": 1, "week": 3, "month": 4}
_ARMED = {"state_forces", "external_forces"}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _notes(d: dict[str, Any], kind: Kind) -> str | None:
    if kind == "incidents":
        return d.get("notes")
    evidence = json.loads(d["evidence"]) if d.get("evidence") else []
    return " ".join(e["text"] for e in evidence) or None


def acled_row(d: dict[str, Any], kind: Kind) -> dict[str, Any]:
    """One event or incident in ACLED's columns (fatalities: the best figure, 0 if none)."""
    date = d["event_date"] if kind == "events" else d["date_start"]
    return {
        "event_id_cnty": d["id"],
        "event_date": _iso(date),
        "event_type": d["event_type"],
        "sub_event_type": d["sub_event_type"],
        "actor1": d["actor1"],
        "assoc_actor_1": d.get("assoc_actors") if kind == "events" else None,
        "actor2": d["actor2"],
        "country": d["country"],
        "admin1": d["admin1"],
        "location": d["location"],
        "latitude": d["latitude"],
        "longitude": d["longitude"],
        "geo_precision": d["geo_precision"],
        "time_precision": _TIME_PRECISION.get(d["date_precision"] or ""),
        "fatalities": d["fatalities_best"] or 0,
        "source": d["source"] if kind == "events" else d["sources"],
        "notes": _notes(d, kind),
    }


def _violence(d: dict[str, Any]) -> int | None:
    if d["event_type"] == "Violence against civilians":
        return 3
    if d["event_type"] in ("Battles", "Explosions/Remote violence"):
        return 1 if {d["actor1_kind"], d["actor2_kind"]} & _ARMED else 2
    return None


def _where_prec(d: dict[str, Any]) -> int | None:
    p = d["geo_precision"]
    if p is None:
        return None
    if p < 3:
        return int(p)
    return 4 if d["admin1"] else 6


def ucdp_row(d: dict[str, Any], kind: Kind) -> dict[str, Any]:
    """One event or incident in UCDP GED's columns (deaths are not split by side)."""
    start = d["event_date"] if kind == "events" else d["date_start"]
    end = d["event_date"] if kind == "events" else d["date_end"]
    prec = _UCDP_DATE_PREC.get(d["date_precision"] or "")
    if prec is not None and start and end and start != end:
        prec = max(prec, 2 if (end - start).days <= 6 else 4)
    civilians = d["event_type"] == "Violence against civilians"
    return {
        "id": d["id"],
        "type_of_violence": _violence(d),
        "side_a": d["actor1"],
        "side_b": d["actor2"],
        "source_article": (d.get("url") or d["article_id"]) if kind == "events" else None,
        "source_office": d["source"] if kind == "events" else d["sources"],
        "source_date": d.get("published") if kind == "events" else None,
        "source_headline": d.get("title") if kind == "events" else None,
        "number_of_sources": 1 if kind == "events" else d["n_sources"],
        "where_prec": _where_prec(d),
        "where_coordinates": d["location"],
        "adm_1": d["admin1"],
        "latitude": d["latitude"],
        "longitude": d["longitude"],
        "country": d["country"],
        "event_clarity": 2 if kind == "incidents" and d["disputed"] else 1,
        "date_prec": prec,
        "date_start": _iso(start),
        "date_end": _iso(end),
        "deaths_a": None,
        "deaths_b": None,
        "deaths_civilians": d["fatalities_best"] if civilians else None,
        "deaths_unknown": None if civilians else d["fatalities_best"],
        "best": d["fatalities_best"],
        "high": d["fatalities_high"],
        "low": d["fatalities_low"],
    }


def _dicts(columns: list[str], rows: Iterable[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    for r in rows:
        yield dict(zip(columns, r, strict=True))


def _write_csv(out: TextIO, header: Iterable[str], records: Iterable[dict[str, Any]]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    n = 0
    for rec in records:
        writer.writerow({k: _iso(v) for k, v in rec.items()})
        n += 1
    return n


def _write_geojson(out: TextIO, records: Iterable[dict[str, Any]]) -> int:
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for rec in records:
        lat, lon = rec.get("latitude"), rec.get("longitude")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lat is not None and lon is not None
            else None
        )
        props = {k: _iso(v) for k, v in rec.items() if k not in ("latitude", "longitude")}
        feature = {"type": "Feature", "id": rec["id"], "geometry": geometry, "properties": props}
        out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def _write_table(out: TextIO, kind: Kind, records: Iterable[dict[str, Any]]) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    date_col = "event_date" if kind == "events" else "date_start"
    cols = [
        (date_col, "date"),
        ("sub_event_type", "type"),
        ("actor1", "actor1"),
        ("actor2", "actor2"),
        ("location", "location"),
        ("country_code", "cc"),
        ("fatalities_best", "killed"),
        ("source" if kind == "events" else "sources", "source"),
    ]
    if kind == "incidents":
        cols.append(("disputed", "disputed"))
    for key, title in cols:
        table.add_column(title, overflow="fold", no_wrap=key == date_col)
    n = 0
    for rec in records:
        table.add_row(*["" if rec.get(k) is None else str(_iso(rec[k])) for k, _ in cols])
        n += 1
    Console(file=out, width=max(100, Console().width)).print(table)
    return n


def _write_parquet(path: str, records: Iterable[dict[str, Any]]) -> int:
    import duckdb

    fd, tmp = tempfile.mkstemp(suffix=".jsonl")
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps({k: _iso(v) for k, v in rec.items()}, ensure_ascii=False))
                fh.write("\n")
                n += 1
        if n:
            con = duckdb.connect()
            src = tmp.replace("'", "''")
            dst = path.replace("'", "''")
            con.execute(
                f"COPY (SELECT * FROM read_json('{src}', format='newline_delimited')) "
                f"TO '{dst}' (FORMAT parquet)"
            )
            con.close()
        else:
            raise ValueError("nothing to write: parquet needs at least one row")
    finally:
        os.unlink(tmp)
    return n


def write(
    fmt: str,
    kind: Kind,
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
    out: TextIO,
    path: str | None = None,
) -> int:
    """Write rows (with their column names) in ``fmt``; return how many were written.

    ``parquet`` needs ``path``; every other format writes text to ``out``.
    """
    records = _dicts(columns, rows)
    if fmt == "jsonl":
        n = 0
        for rec in records:
            out.write(json.dumps({k: _iso(v) for k, v in rec.items()}, ensure_ascii=False))
            out.write("\n")
            n += 1
        return n
    if fmt == "csv":
        return _write_csv(out, columns, records)
    layouts: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any], Kind], dict[str, Any]]]]
    layouts = {"acled": (ACLED_COLUMNS, acled_row), "ucdp": (UCDP_COLUMNS, ucdp_row)}
    if fmt in layouts:
        header, convert = layouts[fmt]
        return _write_csv(out, header, (convert(r, kind) for r in records))
    if fmt == "geojson":
        return _write_geojson(out, records)
    if fmt == "table":
        return _write_table(out, kind, records)
    if fmt == "parquet":
        if not path:
            raise ValueError("parquet output needs a file: use --output FILE")
        return _write_parquet(path, records)
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
