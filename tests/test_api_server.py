"""The REST API over a real store: DuckDB and PostgreSQL in one parametrised suite."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # starlette's notice about httpx vs httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from sitrep.ingest import iter_articles
from sitrep.models import Article
from sitrep.server import Settings, create_app
from sitrep.store import ingest, open_store

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXAMPLES = Path(__file__).parents[1] / "src/sitrep/examples"
WEB_MODULES = Path(__file__).parents[1] / "src/sitrep/web/node_modules"
REFERENCE = (EXAMPLES / "reuters-deir-ez-zor-2016.txt").read_text(encoding="utf-8")

ARTICLES = [
    Article(
        id="a1",
        source="Reuters",
        published=dt.date(2016, 9, 18),
        text="Gunmen killed five villagers in Zamfara on Saturday, police said.",
    ),
    Article(
        id="a2",
        source="AFP",
        published=dt.date(2016, 9, 18),
        text="At least 40 villagers were killed by gunmen in Zamfara on Saturday, residents said.",
    ),
    Article(
        id="a3",
        source="AP",
        published=dt.date(2016, 9, 20),
        text="Protesters marched peacefully in Santiago on Monday.",
    ),
]


@pytest.fixture
def client(store_url: str) -> Iterator[TestClient]:
    with open_store(store_url) as store:
        ingest(store, [*ARTICLES, *iter_articles([str(EXAMPLES / "fa-kes-sample.jsonl")])])
    app = create_app(Settings(db=store_url, token=TOKEN))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def all_pages(c: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(1000):
        q = {**params, **({"cursor": cursor} if cursor else {})}
        body = c.get(path, params=q).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination did not end")


def test_events_paginate_without_gaps_or_repeats(client: TestClient) -> None:
    whole = client.get("/api/events", params={"limit": 1000}).json()
    assert whole["next_cursor"] is None
    paged = all_pages(client, "/api/events", limit=3)
    assert [e["id"] for e in paged] == [e["id"] for e in whole["items"]]
    assert len(paged) > 10
    assert isinstance(paged[0]["evidence"], list)


def test_incidents_paginate_and_filter(client: TestClient) -> None:
    every = all_pages(client, "/api/incidents", limit=4)
    assert len({i["id"] for i in every}) == len(every)
    nga = client.get("/api/incidents", params={"country": "NGA"}).json()["items"]
    assert nga and all(i["country_code"] == "NGA" for i in nga)
    assert len(nga) < len(every)


def test_filters_match_the_cli_semantics(client: TestClient) -> None:
    def ids(**params: Any) -> set[str]:
        return {e["id"] for e in all_pages(client, "/api/events", limit=1000, **params)}

    every = ids()
    protests = ids(type="Protests")
    assert protests and protests < every
    assert ids(country="Chile") == ids(country="chl")
    assert ids(since="2016-09-17", until="2016-09-20") <= every
    assert ids(bbox="3,4,15,14")  # Nigeria
    assert not ids(text="no such phrase anywhere")
    assert ids(actor="villagers") or ids(actor="civilians")


@pytest.mark.parametrize(
    "query",
    [
        "since=yesterday",
        "until=2016-13-01",
        "since=2016-09-20&until=2016-09-01",
        "bbox=1,2,3",
        "bbox=10,10,0,0",
        "limit=0",
        "limit=5000",
        "cursor=not-a-cursor",
    ],
)
def test_bad_filters_are_400_json(client: TestClient, query: str) -> None:
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 400
    body = r.json()
    assert body["status"] == 400 and body["error"]


def test_out_of_range_numbers_and_methods_are_client_errors(client: TestClient) -> None:
    # found by schemathesis: a huge offset was a 500; a 405 lacked its Allow header
    assert client.get("/api/statements", params={"offset": 10**36}).status_code == 400
    assert client.get("/api/events.csv", params={"limit": 10**12}).status_code == 400
    r = client.request("TRACE", "/api/stats")
    assert r.status_code == 405 and "GET" in r.headers["allow"] and r.json()["status"] == 405


def test_not_found_is_404_json(client: TestClient) -> None:
    for path in ("/api/incidents/inc-nope", "/api/articles/nope", "/api/nothing"):
        r = client.get(path)
        assert r.status_code == 404
        assert r.json()["status"] == 404


def test_incident_detail_quotes_every_source(client: TestClient) -> None:
    nga = client.get("/api/incidents", params={"country": "NGA"}).json()["items"]
    merged = next(i for i in nga if i["n_articles"] == 2)
    assert merged["disputed"] is True  # 5 vs at least 40
    assert "Reuters" in merged["dispute_reason"] or "police" in merged["dispute_reason"]
    detail = client.get(f"/api/incidents/{merged['id']}").json()
    outlets = {m["outlet"] for m in detail["members"]}
    assert outlets == {"Reuters", "AFP"}
    quotes = [c["quote"] for m in detail["members"] for c in m["claims"]]
    assert len(quotes) == 2
    for q in quotes:
        start, end = q["highlight"]
        assert q["sentence"][start:end] in {
            c["text"] for m in detail["members"] for c in m["claims"]
        }


def test_article_text_with_spans(client: TestClient) -> None:
    art = client.get("/api/articles/a2").json()
    text = art["text"]
    assert art["source"] == "AFP"
    assert art["claims"]
    for c in art["claims"]:
        assert text[c["span"][0] : c["span"][1]] == c["text"]
    for e in art["events"]:
        for ev in e["evidence"]:
            assert text[ev["span"][0] : ev["span"][1]] == ev["text"]


def test_statements_stats_actors_places(client: TestClient) -> None:
    st = client.get("/api/statements", params={"limit": 5}).json()
    assert st and {"speaker", "text", "span", "direct"} <= set(st[0])
    stats = client.get("/api/stats").json()
    incidents = all_pages(client, "/api/incidents", limit=1000)
    assert stats["total"]["count"] == len(incidents)
    assert sum(d["count"] for d in stats["by_day"]) == len(incidents)
    assert sum(c["count"] for c in stats["by_country"]) == len(incidents)
    ev_stats = client.get("/api/stats", params={"unit": "events", "country": "NGA"}).json()
    assert ev_stats["total"]["count"] == 2
    assert client.get("/api/actors", params={"limit": 3}).json()
    assert client.get("/api/places", params={"country": "SYR"}).json()[0]["country_code"] == "SYR"


def test_csv_and_geojson_downloads(client: TestClient) -> None:
    r = client.get("/api/events.csv", params={"country": "NGA"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 2 and rows[0]["country_code"] == "NGA"
    g = client.get("/api/incidents.geojson").json()
    assert g["type"] == "FeatureCollection" and g["features"]
    point = next(f for f in g["features"] if f["geometry"])
    lon, lat = point["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert client.get("/api/events.csv?since=nope").status_code == 400


def test_writing_needs_the_token(client: TestClient) -> None:
    body = {"text": "Police arrested ten protesters in Lagos on Monday.", "published": "2016-09-19"}
    r = client.post("/api/articles", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = client.post("/api/articles", json=body, headers=AUTH)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["stored"][0]["status"] == "added" and out["stored"][0]["events"] >= 1
    ident = out["stored"][0]["id"]
    assert client.get(f"/api/articles/{ident}").json()["text"] == body["text"]
    again = client.post("/api/articles", json=[body], headers=AUTH).json()
    assert again["stored"][0]["status"] == "unchanged"


def test_batch_and_body_errors(client: TestClient) -> None:
    batch = [
        {"id": "b1", "text": "Gunmen killed three people in Kano on Friday.", "source": "X"},
        {"id": "b2", "text": "Troops clashed with rebels near Goma.", "published": "2016-09-02"},
    ]
    r = client.post("/api/articles", json=batch, headers=AUTH)
    assert [s["id"] for s in r.json()["stored"]] == ["b1", "b2"]
    r = client.post("/api/articles", json={"txt": "no text key"}, headers=AUTH)
    assert r.status_code == 422 and r.json()["details"]
    r = client.post("/api/articles", json={"text": "x", "published": "someday"}, headers=AUTH)
    assert r.status_code == 422
    r = client.post("/api/articles", content=b"{not json", headers=AUTH)
    assert r.status_code == 422
    big = json.dumps({"text": "x" * 6_000_000})
    r = client.post("/api/articles", content=big, headers=AUTH)
    assert r.status_code == 413 and r.json()["status"] == 413


def test_writing_disabled_without_a_configured_token(store_url: str) -> None:
    with TestClient(create_app(Settings(db=store_url, token=None))) as c:
        r = c.post("/api/articles", json={"text": "x"}, headers=AUTH)
        assert r.status_code == 403
        assert c.get("/api/events").status_code == 200


def test_reading_can_require_the_token(store_url: str) -> None:
    with TestClient(create_app(Settings(db=store_url, token=TOKEN, read_auth=True))) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/events", headers=AUTH).status_code == 200


def test_extract_does_not_store(client: TestClient) -> None:
    before = client.get("/api/health").json()["counts"]["articles"]
    r = client.post("/api/extract", json={"text": REFERENCE, "published": "2016-09-17"})
    assert r.status_code == 200
    out = r.json()
    assert out["text"] == REFERENCE
    claims = [c for e in out["events"] if e["fatalities"] for c in e["fatalities"]["claims"]]
    assert claims and all(REFERENCE[c["span"][0] : c["span"][1]] == c["text"] for c in claims)
    assert out["statements"]
    assert client.get("/api/health").json()["counts"]["articles"] == before


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in (
        "/api/events",
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/articles/{article_id}",
        "/api/articles",
        "/api/statements",
        "/api/stats",
        "/api/events.csv",
        "/api/incidents.geojson",
        "/api/extract",
    ):
        assert p in paths, p
    assert "requestBody" in paths["/api/articles"]["post"]
    assert "413" in paths["/api/articles"]["post"]["responses"]
    assert {"country", "since", "bbox", "cursor"} <= {
        q["name"] for q in paths["/api/events"]["get"]["parameters"]
    }
    html = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    if not (WEB_MODULES / "swagger-ui-dist").is_dir():
        pytest.skip(
            "Swagger UI assets not installed: npm ci --ignore-scripts --prefix src/sitrep/web"
        )
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200


def test_dashboard_pages_are_served(client: TestClient) -> None:
    for page in ("/", "/incident", "/analyse"):
        r = client.get(page)
        assert r.status_code == 200 and "<html" in r.text.lower()


def test_serve_and_demo_commands(tmp_path: Path) -> None:
    from sitrep.cli import _parser
    from sitrep.server.commands import fill_demo_store

    args = _parser().parse_args(["serve", "--db", "x.duckdb", "--port", "8123"])
    assert (args.command, args.db, args.host, args.port) == ("serve", "x.duckdb", "127.0.0.1", 8123)
    assert _parser().parse_args(["demo"]).port == 8000
    db = str(tmp_path / "demo.duckdb")
    fill_demo_store(db)
    with open_store(db) as store:
        counts = store.counts()
    assert counts["articles"] == 17 and counts["events"] > 0 and counts["incidents"] > 0
    with TestClient(create_app(Settings(db=db))) as c:
        reuters = c.get("/api/events", params={"text": "Deir"}).json()["items"]
        assert any(e["event_date"] == "2016-09-17" for e in reuters)  # the dated reference
