"""The command line, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REFERENCE = Path(__file__).parents[1] / "src/sitrep/examples/reuters-deir-ez-zor-2016.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_extract_txt_with_defaults() -> None:
    proc = run("extract", str(REFERENCE), "--published", "2016-09-17", "--source", "Reuters")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    assert out["article"]["source"] == "Reuters"
    assert out["article"]["published"] == "2016-09-17"
    assert any(e["sub_event_type"] == "Air/drone strike" for e in out["events"])


def test_json_format_is_one_array(tmp_path: Path) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text(
        json.dumps({"id": "a", "text": "Gunmen killed five villagers in Zamfara on Monday."})
        + "\n"
        + json.dumps({"id": "b", "text": "Protesters marched peacefully in Santiago."})
        + "\n",
        encoding="utf-8",
    )
    proc = run("extract", str(data), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [r["article"]["id"] for r in out] == ["a", "b"]


def test_stdin_and_column_mapping(tmp_path: Path) -> None:
    csv_file = tmp_path / "news.csv"
    csv_file.write_text(
        'row,article_content,date\n1,"Clashes erupted between the army and rebels.",9/17/2016\n',
        encoding="utf-8",
    )
    proc = run(
        "extract", str(csv_file), "--column", "text=article_content", "--column", "published=date"
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["article"]["published"] == "2016-09-17"
    proc = run("extract", "-", stdin="Rebels shelled the town of Idlib on Friday.")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 1


def test_bad_input_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    data = tmp_path / "mixed.jsonl"
    data.write_text(
        json.dumps({"id": "good1", "text": "Troops clashed with rebels near Idlib."})
        + "\n{not json\n"
        + json.dumps({"id": "good2", "text": "Police arrested ten protesters in Cairo."})
        + "\n",
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    proc = run("extract", str(data), str(empty), str(binary))
    assert proc.returncode == 1
    ids = [json.loads(line)["article"]["id"] for line in proc.stdout.splitlines()]
    assert ids == ["good1", "good2"]
    assert f"{data}:2:" in proc.stderr
    assert str(empty) in proc.stderr and str(binary) in proc.stderr


def test_strict_stops_at_the_first_bad_article(tmp_path: Path) -> None:
    data = tmp_path / "mixed.jsonl"
    data.write_text(
        "{broken\n" + json.dumps({"id": "later", "text": "Troops clashed with rebels."}) + "\n",
        encoding="utf-8",
    )
    proc = run("extract", str(data), "--strict")
    assert proc.returncode == 1
    assert proc.stdout == ""


def test_csv_without_text_column_names_the_file(tmp_path: Path) -> None:
    data = tmp_path / "no_text.csv"
    data.write_text("title,date\nA,2016-01-01\n", encoding="utf-8")
    proc = run("extract", str(data))
    assert proc.returncode == 1
    assert str(data) in proc.stderr and "text" in proc.stderr


@pytest.mark.parametrize("bad", [["--published", "not-a-date"], ["--column", "nonsense"]])
def test_usage_errors(bad: list[str]) -> None:
    proc = run("extract", str(REFERENCE), *bad)
    assert proc.returncode == 2
    assert "usage error" in proc.stderr
