"""The event store on a real DuckDB file and a real PostgreSQL server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import IngestOptions, iter_articles
from sitrep.models import Article
from sitrep.pipeline import extract_article
from sitrep.store import (
    LATEST,
    Filters,
    Stored,
    connect,
    current_version,
    ingest,
    ingest_iter,
    migrate,
    open_store,
)
from sitrep.store.rows import ARTICLE_COLUMNS, EVENT_COLUMNS, to_rows

FAKES = Path(__file__).parents[1].parent / "shared/data/fa-kes/fa-kes-dev.csv"

ARTICLES = [
    {
        "id": "a1",
        "source": "Reuters",
        "published": "2016-09-18",
        "text": "Gunmen killed five villagers in Zamfara on Saturday, police said.",
    },
    {
        "id": "a2",
        "source": "AFP",
        "published": "2016-09-18",
        "text": "At least seven villagers were killed by gunmen in Zamfara on Saturday, "
        "residents said.",
    },
    {
        "id": "a3",
        "source": "AP",
        "published": "2016-09-20",
        "text": "Protesters marched peacefully in Santiago on Monday.",
    },
]


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_new_store_is_at_latest_version(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.version == LATEST
        assert set(store.counts().values()) == {0}


def test_ingest_twice_changes_nothing(store_url: str, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    with open_store(store_url) as store:
        first = ingest(store, iter_articles([data]))
        assert (first.added, first.unchanged, first.errors) == (3, 0, [])
        assert first.events > 0
        counts = store.counts()
        dump = store.dump()
        second = ingest(store, iter_articles([data]))
        assert (second.added, second.replaced, second.unchanged) == (0, 0, 3)
        assert second.incidents is not None and second.incidents.events == 0
        assert store.counts() == counts
        assert store.dump() == dump
    assert counts["articles"] == 3
    assert counts["events"] == counts["incident_members"] >= 3


def test_changed_article_replaces_its_rows(store_url: str, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    changed = [
        dict(ARTICLES[0], text="Soldiers arrested ten protesters in Lagos on Monday."),
        *ARTICLES[1:],
    ]
    with open_store(store_url) as store:
        ingest(store, iter_articles([data]))
        report = ingest(store, iter_articles([write_jsonl(tmp_path / "b.jsonl", changed)]))
        assert (report.added, report.replaced, report.unchanged) == (0, 1, 2)
        columns, rows = store.events(Filters())
        events = [dict(zip(columns, r, strict=True)) for r in rows]
        mine = [e for e in events if e["article_id"] == "a1"]
        expected = extract_article(Article(text=changed[0]["text"], id="a1"))
        assert len(mine) == len(expected.events)
        assert all("Zamfara" not in e["evidence"] for e in mine)
        # no orphans: every claim, actor and membership belongs to a stored event
        ids = {e["id"] for e in events}
        b = store.backend
        assert {r[0] for r in b.query("SELECT event_id FROM claims")} <= ids
        assert {r[0] for r in b.query("SELECT event_id FROM actors")} <= ids
        assert {r[0] for r in b.query("SELECT event_id FROM incident_members")} == ids
        assert store.counts()["articles"] == 3


def test_bad_input_is_reported_and_skipped(store_url: str, tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text(
        json.dumps(ARTICLES[0]) + "\n{not json\n" + json.dumps({"id": "x"}) + "\n",
        encoding="utf-8",
    )
    with open_store(store_url) as store:
        out = list(ingest_iter(store, iter_articles([data])))
        stored = [o for o in out if isinstance(o, Stored)]
        errors = [o for o in out if isinstance(o, InputError)]
        assert [s.article_id for s in stored] == ["a1"]
        assert [e.origin for e in errors] == [f"{data}:2", f"{data}:3"]
        assert store.counts()["articles"] == 1


def test_delete_article_dissolves_its_incidents(store_url: str, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    with open_store(store_url) as store:
        ingest(store, iter_articles([data]))
        assert store.delete_article("a2")
        assert not store.delete_article("a2")
        report = store.resolve_incidents()
        assert report.events >= 0
        counts = store.counts()
        assert counts["articles"] == 2
        assert counts["events"] == counts["incident_members"]
        orphans = store.backend.query(
            "SELECT count(*) FROM incident_members m LEFT JOIN events e ON e.id = m.event_id "
            "WHERE e.id IS NULL"
        )
        assert orphans[0][0] == 0


def test_v1_store_is_upgraded_in_place(store_url: str) -> None:
    article = Article(text=ARTICLES[0]["text"], id="a1", source="Reuters")
    result = extract_article(article)
    assert result.events
    backend = connect(store_url)
    assert migrate(backend, target=1) == 1
    assert not backend.has_table("incidents")
    rows = to_rows(article, result, "2020-01-01T00:00:00+00:00")
    marks = ", ".join("?" * len(ARTICLE_COLUMNS))
    backend.execute(f"INSERT INTO articles VALUES ({marks})", rows.article)
    v1_columns = EVENT_COLUMNS[: EVENT_COLUMNS.index("date_basis")]  # added by version 3
    for row in rows.events:
        backend.execute(
            f"INSERT INTO events ({', '.join(v1_columns)}) "
            f"VALUES ({', '.join('?' * len(v1_columns))})",
            row[: len(v1_columns)],
        )
    backend.close()

    with open_store(store_url) as store:
        assert store.version == LATEST == current_version(store.backend)
        versions = [r[0] for r in store.backend.query("SELECT version FROM schema_version")]
        assert sorted(versions) == list(range(1, LATEST + 1))
        assert store.counts()["events"] == len(result.events)
        # events stored before version 3 do not say what their date rests on
        assert store.backend.query("SELECT DISTINCT date_basis FROM events") == [(None,)]
        assert store.resolve_incidents().events == len(result.events)
        assert store.counts()["incident_members"] == len(result.events)


@pytest.mark.skipif(not FAKES.exists(), reason=f"{FAKES} not present")
def test_fakes_twice_same_counts(store_url: str) -> None:
    options = IngestOptions(
        columns={
            "text": "article_content",
            "title": "article_title",
            "published": "date",
            "source": "source",
            "id": "unit_id",
        }
    )
    subset = [a for a in iter_articles([FAKES], options) if isinstance(a, Article)][:60]
    with open_store(store_url) as store:
        first = ingest(store, subset)
        counts = store.counts()
        second = ingest(store, subset)
        assert second.unchanged == first.added + first.replaced == store.counts()["articles"]
        assert store.counts() == counts
        assert counts["events"] > 0 and counts["incidents"] > 0
