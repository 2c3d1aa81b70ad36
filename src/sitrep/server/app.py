"""The sitrep REST API and dashboard: a FastAPI application over one store.

One store connection is shared by every request and guarded by a lock (DuckDB allows one
writing process; PostgreSQL gets one connection per server process). Extraction of
submitted articles runs outside the lock; only reading and writing rows hold it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep import __version__
from sitrep.errors import ExtractionError
from sitrep.export import _write_geojson
from sitrep.ingest import article_id, parse_published
from sitrep.models import Article, ExtractionResult
from sitrep.pipeline import extract_article
from sitrep.server import queries as Q
from sitrep.store import Filters, Store, StoreError, open_store
from sitrep.store.rows import content_hash

__all__ = ["ArticleIn", "Settings", "create_app"]

log = logging.getLogger("sitrep.server")
_T = TypeVar("_T")

WEB = Path(__file__).resolve().parent.parent / "web"
VENDOR_FILES = {
    "world-atlas/countries-110m.json": "world-atlas/countries-110m.json",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
}


def _node_modules() -> Path:
    env = os.environ.get("SITREP_NODE_MODULES")
    return Path(env) if env else WEB / "node_modules"


@dataclass
class Settings:
    """Server configuration; :meth:`from_env` reads ``SITREP_*`` variables."""

    db: str | None = None
    token: str | None = None
    """Bearer token for writing (``SITREP_API_TOKEN``); without one, writing is refused."""
    read_auth: bool = False
    """Reading needs the token too (``SITREP_API_READ_AUTH=1``)."""
    max_body_bytes: int = 5_000_000
    max_batch: int = 500
    node_modules: Path = field(default_factory=_node_modules)

    @classmethod
    def from_env(cls, db: str | None = None, **overrides: Any) -> Settings:
        s = cls(
            db=db,
            token=os.environ.get("SITREP_API_TOKEN") or None,
            read_auth=os.environ.get("SITREP_API_READ_AUTH", "").lower() in ("1", "true", "yes"),
            max_body_bytes=int(os.environ.get("SITREP_API_MAX_BODY", 5_000_000)),
        )
        for k, v in overrides.items():
            setattr(s, k, v)
        return s


# -- request and response models (for validation and the OpenAPI description)


class ArticleIn(BaseModel):
    """The input article contract (only ``text`` is required)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="the article text as published")
    id: str | None = Field(None, description="stable id; default a hash of the content")
    title: str | None = None
    published: str | None = Field(None, description="ISO date or datetime", examples=["2016-09-17"])
    source: str | None = Field(None, description="the outlet", examples=["Reuters"])
    url: str | None = None


_ARTICLES = TypeAdapter(ArticleIn | list[ArticleIn])


class Page(BaseModel):
    items: list[dict[str, Any]] = Field(description="rows in (date, id) order")
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null at end")


class Stored(BaseModel):
    index: int
    id: str
    status: Literal["added", "replaced", "unchanged"]
    events: int


class Rejected(BaseModel):
    index: int
    id: str | None
    error: str


class IngestOut(BaseModel):
    stored: list[Stored]
    rejected: list[Rejected]
    incidents_written: int


class Error(BaseModel):
    error: str
    status: int
    details: list[dict[str, Any]] | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error, "description": why}
    for code, why in (
        (400, "bad filter or cursor"),
        (401, "missing bearer token"),
        (403, "wrong token, or writing disabled"),
        (404, "not found"),
        (413, "request body too large"),
        (422, "invalid body"),
    )
}


class _State:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store: Store | None = None
        self.lock = threading.Lock()

    def open(self) -> None:
        if self.store is None:
            self.store = open_store(self.settings.db)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def run(self, fn: Callable[..., _T], *args: Any) -> _T:
        """Call ``fn(store, *args)`` holding the store lock."""
        with self.lock:
            self.open()
            assert self.store is not None
            return fn(self.store, *args)


def _error(
    status: int,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"error": message, "status": status}
    if details is not None:
        body["details"] = details
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, headers=headers or None)


def _parse_date(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name}: not an ISO date (YYYY-MM-DD): {value!r}") from None


def _parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        a, b, c, d = (float(x) for x in value.split(","))
    except ValueError:
        raise HTTPException(400, "bbox: expected min_lon,min_lat,max_lon,max_lat") from None
    if not (-180 <= a <= c <= 180 and -90 <= b <= d <= 90):
        raise HTTPException(400, "bbox: out of range or min > max")
    return a, b, c, d


_DATE: dict[str, Any] = {"format": "date"}
_NUM = r"-?\d+(\.\d+)?"
_BBOX = f"^{_NUM},{_NUM},{_NUM},{_NUM}$"


def filters(
    country: Annotated[str | None, Query(description="country name or ISO alpha-3")] = None,
    admin1: Annotated[str | None, Query(description="first-level region")] = None,
    type: Annotated[str | None, Query(description="event type or sub-event type")] = None,
    actor: Annotated[str | None, Query(description="substring of an actor name")] = None,
    since: Annotated[
        str | None, Query(description="from this day (ISO)", json_schema_extra=_DATE)
    ] = None,
    until: Annotated[
        str | None, Query(description="up to this day (ISO)", json_schema_extra=_DATE)
    ] = None,
    bbox: Annotated[
        str | None, Query(description="min_lon,min_lat,max_lon,max_lat", pattern=_BBOX)
    ] = None,
    text: Annotated[
        str | None, Query(description="substring of evidence/title (events) or notes (incidents)")
    ] = None,
) -> Filters:
    """The CLI's listing filters as query parameters."""
    f = Filters(
        country=country or None,
        admin1=admin1 or None,
        type=type or None,
        actor=actor or None,
        since=_parse_date("since", since),
        until=_parse_date("until", until),
        bbox=_parse_bbox(bbox),
        text=text or None,
    )
    if f.since and f.until and f.since > f.until:
        raise HTTPException(400, "since is after until")
    return f


FiltersDep = Annotated[Filters, Depends(filters)]
Limit = Annotated[int, Query(ge=1, le=1000, description="rows per page (1-1000)")]
Cursor = Annotated[
    str | None, Query(description="`next_cursor` of the previous page", pattern="^[A-Za-z0-9_-]*$")
]
DownloadLimit = Annotated[
    int | None, Query(ge=1, le=1_000_000, description="at most this many rows")
]


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"request body over {limit:,} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"request body over {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _validation(exc: ValidationError) -> HTTPException:
    details = [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()[:50]
    ]
    err = HTTPException(422, "invalid article(s)")
    err.details = details  # type: ignore[attr-defined]
    return err


def _to_article(a: ArticleIn, index: int) -> Article:
    published = None
    if a.published:
        try:
            published = parse_published(a.published)
        except ValueError:
            err = HTTPException(422, f"article {index}: cannot parse published {a.published!r}")
            raise err from None
    return Article(
        text=a.text,
        id=a.id or article_id(a.text),
        title=a.title,
        published=published,
        source=a.source,
        url=a.url,
        origin=f"request[{index}]",
    )


def _body_schema(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application: REST API under ``/api``, dashboard at ``/``, API docs at ``/docs``."""
    cfg = settings or Settings.from_env()
    state = _State(cfg)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.run(lambda s: None)  # open (and migrate) the store before serving
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="sitrep",
        version=__version__,
        description="Conflict events read from news, with every figure traced to the sources "
        "that gave it. Reading is open unless the server requires a token; writing needs "
        "`Authorization: Bearer $SITREP_API_TOKEN`.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.sitrep = state

    # -- errors: always JSON, never a stack trace
    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        details = getattr(exc, "details", None)
        return _error(exc.status_code, str(exc.detail), details, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        details = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in errors]
        if any(e["loc"] and e["loc"][0] in ("query", "path") for e in errors):
            return _error(400, "bad request parameter", details)
        return _error(422, "invalid request body", details)

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return _error(503, "the store is unavailable")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, "internal server error")

    # -- auth
    def _check(request: Request) -> None:
        if cfg.token is None:
            raise HTTPException(403, "writing is disabled: the server has no SITREP_API_TOKEN")
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise HTTPException(401, "missing bearer token")
        if not hmac.compare_digest(given.strip().encode(), cfg.token.encode()):
            raise HTTPException(403, "wrong token")

    def can_read(request: Request) -> None:
        if cfg.read_auth:
            _check(request)

    def can_write(request: Request) -> None:
        _check(request)

    read = [Depends(can_read)]

    # -- events and incidents
    @app.get(
        "/api/events", response_model=Page, tags=["events"], dependencies=read, responses=ERRORS
    )
    def list_events(f: FiltersDep, limit: Limit = 100, cursor: Cursor = None) -> dict[str, Any]:
        """Stored events matching the filters, a page at a time (keyset cursor)."""
        items, nxt = _page(state, "events", f, limit, cursor)
        return {"items": items, "next_cursor": nxt}

    @app.get(
        "/api/incidents",
        response_model=Page,
        tags=["incidents"],
        dependencies=read,
        responses=ERRORS,
    )
    def list_incidents(f: FiltersDep, limit: Limit = 100, cursor: Cursor = None) -> dict[str, Any]:
        """Incidents (events merged across articles) whose dates overlap the filters."""
        items, nxt = _page(state, "incidents", f, limit, cursor)
        return {"items": items, "next_cursor": nxt}

    for kind in ("events", "incidents"):
        _downloads(app, state, kind, read)

    @app.get(
        "/api/incidents/{incident_id}", tags=["incidents"], dependencies=read, responses=ERRORS
    )
    def get_incident(incident_id: Annotated[str, PathParam()]) -> dict[str, Any]:
        """One incident: figures, dispute, and each member report with its claims quoted."""
        found = state.run(lambda s: Q.incident_detail(s, incident_id))
        if found is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        return dict(found)

    @app.get("/api/articles/{article_id}", tags=["articles"], dependencies=read, responses=ERRORS)
    def get_article(article_id: str) -> dict[str, Any]:
        """An article's text with the spans of its evidence, claims and statements."""
        found = state.run(lambda s: Q.article_detail(s, article_id))
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return dict(found)

    @app.get("/api/statements", tags=["statements"], dependencies=read, responses=ERRORS)
    def list_statements(
        speaker: Annotated[str | None, Query(description="substring of speaker or role")] = None,
        text: Annotated[str | None, Query(description="substring of the statement")] = None,
        article_id: str | None = None,
        limit: Limit = 100,
        offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    ) -> list[dict[str, Any]]:
        """Statements (quoted or reported speech) with speaker, role and relaying outlet."""
        return list(
            state.run(
                lambda s: Q.statements(
                    s, speaker=speaker, text=text, article_id=article_id, limit=limit, offset=offset
                )
            )
        )

    @app.get("/api/actors", tags=["stats"], dependencies=read, responses=ERRORS)
    def list_actors(
        name: Annotated[str | None, Query(description="substring of the name")] = None,
        limit: Limit = 100,
    ) -> list[dict[str, Any]]:
        """Actors by number of events."""
        return list(state.run(lambda s: Q.actors(s, name, limit)))

    @app.get("/api/places", tags=["stats"], dependencies=read, responses=ERRORS)
    def list_places(f: FiltersDep, limit: Limit = 100) -> list[dict[str, Any]]:
        """Places by number of events."""
        return list(state.run(lambda s: Q.places(s, f, limit)))

    @app.get("/api/stats", tags=["stats"], dependencies=read, responses=ERRORS)
    def get_stats(
        f: FiltersDep,
        unit: Annotated[
            Literal["events", "incidents"],
            Query(description="count events (one per report) or incidents (merged)"),
        ] = "incidents",
    ) -> dict[str, Any]:
        """Counts and fatalities (best figures) in total and by day, country and type."""
        return dict(state.run(lambda s: Q.stats(s, unit, f)))

    # -- writing and analysis
    articles_schema = _ARTICLES.json_schema(ref_template="#/components/schemas/{model}")
    articles_schema.pop("$defs", None)

    @app.post(
        "/api/articles",
        response_model=IngestOut,
        tags=["articles"],
        dependencies=[Depends(can_write)],
        responses=ERRORS,
        openapi_extra=_body_schema(articles_schema),
    )
    async def post_articles(request: Request) -> IngestOut:
        """Extract and store one article or a batch (a JSON list); incidents are updated.

        Needs `Authorization: Bearer <token>`. Articles already stored unchanged are skipped.
        """
        raw = await _read_body(request, cfg.max_body_bytes)
        try:
            parsed = _ARTICLES.validate_json(raw)
        except ValidationError as exc:
            raise _validation(exc) from None
        batch = parsed if isinstance(parsed, list) else [parsed]
        if len(batch) > cfg.max_batch:
            raise HTTPException(413, f"at most {cfg.max_batch} articles per request")
        articles = [_to_article(a, i) for i, a in enumerate(batch)]
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_ingest, state, articles)

    @app.post(
        "/api/extract",
        tags=["articles"],
        dependencies=read,
        responses=ERRORS,
        openapi_extra=_body_schema({"$ref": "#/components/schemas/ArticleIn"}),
    )
    async def post_extract(request: Request) -> dict[str, Any]:
        """Extract events, claims and statements from one article without storing it."""
        raw = await _read_body(request, cfg.max_body_bytes)
        try:
            one = ArticleIn.model_validate_json(raw)
        except ValidationError as exc:
            raise _validation(exc) from None
        article = _to_article(one, 0)
        from starlette.concurrency import run_in_threadpool

        result: ExtractionResult = await run_in_threadpool(extract_article, article)
        out = result.to_dict()
        out["text"] = article.text
        return out

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness and store counts."""
        counts = state.run(lambda s: s.counts())
        return {"status": "ok", "version": __version__, "counts": counts}

    # -- docs (offline Swagger UI) and dashboard
    swagger = cfg.node_modules / "swagger-ui-dist"
    if swagger.is_dir():  # npm's swagger-ui-dist (5.x renders OpenAPI 3.1; no CDN)
        app.mount("/static/swagger", StaticFiles(directory=swagger), "swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="sitrep API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    app.mount("/static", StaticFiles(directory=WEB / "static"), "static")

    @app.get("/vendor/{name:path}", include_in_schema=False)
    def vendor(name: str) -> FileResponse:
        rel = VENDOR_FILES.get(name)
        path = cfg.node_modules / rel if rel else None
        if path is None or not path.is_file():
            raise HTTPException(404, f"{name} not installed (run npm ci in src/sitrep/web)")
        return FileResponse(path)

    for route, page_file in (
        ("/", "index.html"),
        ("/incident", "incident.html"),
        ("/analyse", "analyse.html"),
    ):
        _page_route(app, route, WEB / page_file)

    return app


def _page_route(app: FastAPI, route: str, path: Path) -> None:
    @app.get(route, include_in_schema=False, response_class=HTMLResponse)
    def page() -> FileResponse:
        return FileResponse(path, media_type="text/html")


def _page(
    state: _State, kind: Q.Kind, f: Filters, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    try:
        return state.run(lambda s: Q.page(s, kind, f, limit, cursor))
    except Q.BadCursor as exc:
        raise HTTPException(400, str(exc)) from None


_MAX_DOWNLOAD = 1_000_000


def _downloads(app: FastAPI, state: _State, kind: Q.Kind, read: list[Any]) -> None:
    def rows(f: Filters, limit: int | None) -> tuple[list[str], list[tuple[Any, ...]]]:
        lf = Filters(**{**f.__dict__, "limit": limit or _MAX_DOWNLOAD})

        def go(s: Store) -> tuple[list[str], list[tuple[Any, ...]]]:
            columns, it = (s.events if kind == "events" else s.incidents)(lf)
            return columns, list(it)

        return state.run(go)

    @app.get(
        f"/api/{kind}.csv",
        tags=[kind],
        dependencies=read,
        responses={200: {"content": {"text/csv": {}}}, **ERRORS},
        response_class=Response,
        name=f"{kind}_csv",
    )
    def as_csv(f: FiltersDep, limit: DownloadLimit = None) -> Response:
        columns, data = rows(f, limit)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for r in data:
            writer.writerow([Q._iso(v) for v in r])
        return Response(
            buf.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="sitrep-{kind}.csv"'},
        )

    as_csv.__doc__ = f"All {kind} matching the filters as CSV (the CLI's columns)."

    @app.get(
        f"/api/{kind}.geojson",
        tags=[kind],
        dependencies=read,
        responses={200: {"content": {"application/geo+json": {}}}, **ERRORS},
        response_class=Response,
        name=f"{kind}_geojson",
    )
    def as_geojson(f: FiltersDep, limit: DownloadLimit = None) -> Response:
        columns, data = rows(f, limit)
        buf = io.StringIO()
        _write_geojson(buf, (dict(zip(columns, r, strict=True)) for r in data))
        return Response(
            buf.getvalue(),
            media_type="application/geo+json",
            headers={"Content-Disposition": f'attachment; filename="sitrep-{kind}.geojson"'},
        )

    as_geojson.__doc__ = f"All {kind} matching the filters as GeoJSON Point features."


def _ingest(state: _State, articles: list[Article]) -> IngestOut:
    stored: list[Stored] = []
    rejected: list[Rejected] = []
    for i, article in enumerate(articles):
        ident = article.id or article_id(article.text)
        digest = content_hash(article)
        if state.run(Store.stored_hash, ident) == digest:
            stored.append(Stored(index=i, id=ident, status="unchanged", events=0))
            continue
        try:
            result = extract_article(article)
        except Exception as exc:  # one bad article must not sink the batch
            log.exception("extraction failed on %s", ident)
            err = ExtractionError(ident, f"extraction failed: {type(exc).__name__}")
            rejected.append(Rejected(index=i, id=ident, error=str(err)))
            continue
        status = state.run(Store.put, article, result)
        stored.append(Stored(index=i, id=ident, status=status, events=len(result.events)))
    report = state.run(lambda s: s.resolve_incidents())
    return IngestOut(stored=stored, rejected=rejected, incidents_written=report.incidents_written)
