"""End-to-end: the dashboard in headless Chromium (Debian's, driven by Playwright).

A live uvicorn server on 127.0.0.1 serves a store filled from the bundled examples (as
``sitrep demo`` does). Screenshots go to ``docs/screenshots/``. Skipped with a reason when
``/usr/bin/chromium`` or the ``playwright`` package is missing.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} not found: apt-get install -y --no-install-recommends chromium",
        allow_module_level=True,
    )
playwright_sync = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
pytest.importorskip("uvicorn")

import uvicorn  # noqa: E402

from sitrep.server import Settings, create_app  # noqa: E402
from sitrep.server.commands import fill_demo_store  # noqa: E402

ROOT = Path(__file__).parents[1]
SHOTS = Path(os.environ.get("SITREP_SCREENSHOTS") or ROOT / "docs/screenshots")
REFERENCE = (ROOT / "src/sitrep/examples/reuters-deir-ez-zor-2016.txt").read_text(encoding="utf-8")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("browser") / "demo.duckdb")
    fill_demo_store(db)
    port = _free_port()
    config = uvicorn.Config(
        create_app(Settings(db=db, token="t")), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, errors


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def marker_count(page: Any) -> int:
    return int(page.locator("#markers circle").count())


def wait_loaded(page: Any) -> None:
    page.wait_for_function(
        "document.getElementById('status').textContent.includes('on the map')", timeout=20_000
    )


def test_map_shows_markers_and_countries(server: str, page: Any) -> None:
    page.goto(server + "/")
    wait_loaded(page)
    assert page.locator("#land path").count() > 100  # Natural Earth countries drawn
    located = [i for i in get_json(server + "/api/incidents?limit=1000")["items"] if i["latitude"]]
    assert marker_count(page) == len(located) > 0
    assert page.locator("#timeline-svg rect").count() > 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)


def test_filter_narrows_markers_and_stays_in_the_url(server: str, page: Any) -> None:
    page.goto(server + "/")
    wait_loaded(page)
    before = marker_count(page)
    page.select_option("#f-type", "Battles")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?type=Battles")
    wait_loaded(page)
    after = marker_count(page)
    assert 0 < after < before
    fills = set(
        page.locator("#markers circle").evaluate_all("cs => cs.map(c => c.getAttribute('fill'))")
    )
    assert fills == {"#d62728"}  # the Battles colour
    page.reload()
    wait_loaded(page)
    assert marker_count(page) == after
    assert page.input_value("#f-type") == "Battles"
    page.screenshot(path=str(SHOTS / "dashboard-filtered.png"), full_page=False)


def test_country_filter_from_the_url_zooms_to_it(server: str, page: Any) -> None:
    page.goto(server + "/?country=Syria")
    wait_loaded(page)
    assert page.input_value("#f-country") == "Syria"
    assert page.get_attribute("#map-svg", "viewBox") != "0 0 960 480"
    syria = get_json(server + "/api/incidents?country=Syria&limit=1000")["items"]
    assert marker_count(page) == len([i for i in syria if i["latitude"] is not None])
    page.screenshot(path=str(SHOTS / "dashboard-syria.png"), full_page=False)


def test_marker_opens_incident_page_with_its_sources(server: str, page: Any) -> None:
    incidents = get_json(server + "/api/incidents?limit=1000")["items"]
    many = max((i for i in incidents if i["latitude"]), key=lambda i: (i["n_articles"], i["id"]))
    assert many["n_articles"] >= 2
    page.goto(server + "/")
    wait_loaded(page)
    link = page.locator(f'#markers a:has(circle[data-id="{many["id"]}"])')
    link.focus()
    page.keyboard.press("Enter")  # keyboard: a focused marker opens its incident
    page.wait_for_url(f"**/incident?id={many['id']}")
    page.wait_for_selector("#sources .source")
    detail = get_json(f"{server}/api/incidents/{many['id']}")
    # one entry per member event (two events of one article may share an incident)
    assert page.locator("#sources .source").count() == len(detail["members"])
    assert len({m["article_id"] for m in detail["members"]}) == many["n_articles"]
    assert page.locator("#dispute").count() == 1
    claims = [c["text"] for m in detail["members"] for c in m["claims"]]
    marks = page.locator("#sources blockquote mark").all_inner_texts()
    assert sorted(marks) == sorted(claims)
    page.screenshot(path=str(SHOTS / "incident.png"), full_page=True)


def test_disputed_incident_explains_the_flag(server: str, page: Any) -> None:
    incidents = get_json(server + "/api/incidents?limit=1000")["items"]
    disputed = [i for i in incidents if i["disputed"]]
    if not disputed:
        pytest.skip("no disputed incident in the bundled examples")
    page.goto(f"{server}/incident?id={disputed[0]['id']}")
    page.wait_for_selector("#dispute.dispute")
    text = page.inner_text("#dispute")
    assert "Disputed" in text and "50%" in text


def test_reference_article_is_analysed_with_claims_highlighted(server: str, page: Any) -> None:
    page.goto(server + "/analyse")
    page.fill("#a-text", REFERENCE)
    page.fill("#a-published", "2016-09-17")
    page.click("#a-go")
    page.wait_for_selector("#a-highlighted mark", timeout=30_000)
    marks = page.locator("#a-highlighted mark.claim").all_inner_texts()
    # the API's claims, each highlighted in the pasted text
    body = json.dumps({"text": REFERENCE, "published": "2016-09-17"}).encode()
    req = urllib.request.Request(
        server + "/api/extract", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        out = json.loads(r.read())
    claims = [
        c["text"] for e in out["events"] if e["fatalities"] for c in e["fatalities"]["claims"]
    ]
    assert claims
    joined = " ".join(marks)
    for c in claims:
        assert c in joined
    assert page.locator("#a-highlighted .stmt").count() > 0
    assert page.locator("#a-events tbody tr").count() == len(out["events"])
    page.screenshot(path=str(SHOTS / "analyse.png"), full_page=True)


def test_api_docs_page_works_offline(server: str, page: Any) -> None:
    if not (ROOT / "src/sitrep/web/node_modules/swagger-ui-dist").is_dir():
        pytest.skip("Swagger UI not installed: npm ci --ignore-scripts --prefix src/sitrep/web")
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 10
