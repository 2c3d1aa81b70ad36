"""``sitrep ingest`` / ``events`` / ``incidents`` run as a user runs them, including a kill -9."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.store import open_store

PLACES = ["Zamfara", "Kaduna", "Maiduguri", "Aleppo", "Homs", "Idlib", "Mosul", "Kirkuk"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def articles(n: int) -> list[str]:
    """``n`` JSONL lines, each a short article with an event, padded past 500 bytes."""
    lines = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        text = (
            f"Gunmen killed {i + 3} villagers in {place} on Saturday, police said. "
            f"Residents said the attackers arrived on motorcycles. " + "Witnesses spoke. " * 20
        )
        record = {"id": f"art-{i:03d}", "source": f"outlet{i % 3}", "published": "2016-09-18"}
        lines.append(json.dumps({**record, "text": text}) + "\n")
    return lines


def test_ingest_then_list(tmp_path: Path) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text("".join(articles(6)), encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    first = run("ingest", str(data), "--db", db)
    assert first.returncode == 0, first.stderr
    assert "6 added" in first.stderr
    again = run("ingest", str(data), "--db", db)
    assert again.returncode == 0 and "6 unchanged" in again.stderr

    events = run("events", "--db", db, "--format", "jsonl")
    assert events.returncode == 0, events.stderr
    rows = [json.loads(line) for line in events.stdout.splitlines()]
    assert len(rows) >= 6 and all(r["incident_id"] for r in rows)

    acled = run("events", "--db", db, "--format", "acled", "--country", "nigeria")
    header = next(csv.reader(io.StringIO(acled.stdout)))
    assert header[1:4] == ["event_date", "event_type", "sub_event_type"]
    assert "fatalities" in header and "notes" in header

    ucdp = run("incidents", "--db", db, "--format", "ucdp", "--since", "2016-09-01")
    records = list(csv.DictReader(io.StringIO(ucdp.stdout)))
    assert records and {"date_start", "date_end", "best", "low", "high"} <= set(records[0])

    geo = json.loads(run("incidents", "--db", db, "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and geo["features"]

    table = run("incidents", "--db", db, "--admin1", "nowhere")
    assert table.returncode == 0

    out = tmp_path / "e.parquet"
    assert run("events", "--db", db, "--format", "parquet", "-o", str(out)).returncode == 0
    assert out.read_bytes()[:4] == b"PAR1"
    assert run("events", "--db", db, "--format", "parquet").returncode == 2


def test_bad_input_exit_status(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text(articles(1)[0] + "{oops\n", encoding="utf-8")
    proc = run("ingest", str(data), "--db", str(tmp_path / "s.duckdb"))
    assert proc.returncode == 1
    assert f"sitrep: skipped {data}:2:" in proc.stderr
    assert "1 added" in proc.stderr
    missing = run("ingest", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "s.duckdb"))
    assert missing.returncode == 1 and "skipped" in missing.stderr


def test_kill_9_midway_then_rerun_equals_one_run(store_url: str, tmp_path: Path) -> None:
    lines = articles(40)
    data = tmp_path / "all.jsonl"
    data.write_text("".join(lines), encoding="utf-8")
    # feed half the articles through a pipe that stays open, wait until five are committed,
    # then kill -9: the process is certainly mid-run (it is waiting for more input)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "ingest", "-", "--db", store_url, "--verbose"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write("".join(lines[:20]))
    proc.stdin.flush()
    stored = 0
    while stored < 5:
        line = proc.stderr.readline()
        assert line, "ingest ended before storing five articles"
        stored += line.startswith("sitrep: added")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    with open_store(store_url) as store:
        partial = store.counts()
    assert 5 <= partial["articles"] < 40
    assert partial["incidents"] == 0

    rerun = run("ingest", str(data), "--db", store_url)
    assert rerun.returncode == 0, rerun.stderr

    reference = str(tmp_path / "reference.duckdb")
    assert run("ingest", str(data), "--db", reference).returncode == 0
    with open_store(store_url) as store, open_store(reference) as ref:
        assert store.counts()["articles"] == 40
        assert _normalised(store.dump()) == _normalised(ref.dump())


def _normalised(dump: dict[str, list[tuple[object, ...]]]) -> dict[str, list[str]]:
    """Rows as text, so DuckDB and PostgreSQL values compare equal."""
    return {t: sorted(repr(tuple(str(v) for v in r)) for r in rows) for t, rows in dump.items()}


@pytest.mark.parametrize("workers", ["2"])
def test_workers(tmp_path: Path, workers: str) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text("".join(articles(10)), encoding="utf-8")
    proc = run("ingest", str(data), "--db", str(tmp_path / "s.duckdb"), "--workers", workers)
    assert proc.returncode == 0, proc.stderr
    assert "10 added" in proc.stderr
