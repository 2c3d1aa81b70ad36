"""The extraction pipeline: one article in, events and statements out.

Stages, in order (one module each): normalize → tokens → actors → places → dates →
attribution → events → casualties → statements → consolidate. Extraction is a pure
function of the article and the read-only lexicons, so it can be mapped over a process
pool or a distributed engine.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from sitrep.actors import find_actors
from sitrep.attribution import continue_reports, find_attributions
from sitrep.casualties import find_casualties
from sitrep.consolidate import build_events
from sitrep.dates import find_doc_dates
from sitrep.document import Document
from sitrep.errors import ExtractionError, InputError
from sitrep.events import find_events
from sitrep.ingest import article_id
from sitrep.lexicons import Lexicons, default_lexicons
from sitrep.models import Article, ArticleMeta, ExtractionResult
from sitrep.normalize import normalize
from sitrep.places import find_places
from sitrep.quantities import find_numbers_in_sentences
from sitrep.statements import build_statements, find_quotes
from sitrep.tokens import tokenize


def _published_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _meta(article: Article, ident: str) -> ArticleMeta:
    published = article.published.isoformat() if article.published is not None else None
    return ArticleMeta(ident, article.source, article.url, article.title, published)


def extract_article(article: Article, lexicons: Lexicons | None = None) -> ExtractionResult:
    """Run every stage over one article.

    The cyclic garbage collector is paused while the article is read (as in
    :func:`sitrep.incidents.resolve`): an article allocates thousands of objects that
    live until it is done (tokens, mentions), and the collector's repeated passes over
    them cost about 5% of the time. Refcounting frees all of them when the article is
    done, once the one reference cycle (below) is cut; after an error, the collector
    frees what is left.
    """
    lex = lexicons or default_lexicons()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        doc = analyse(article, lex)
        events = build_events(doc, lex.actors, lex.gazetteer)
        statements = build_statements(doc)
        result = ExtractionResult(_meta(article, doc.article_id), tuple(events), tuple(statements))
        # An event mention keeps its typing closure, which refers back to the document
        # (``generic_type``): let go of the mentions so that refcounting frees the document
        # and its tokens now, not the cyclic collector later.
        doc.events.clear()
        return result
    finally:
        if was_enabled:
            gc.enable()


def analyse(article: Article, lexicons: Lexicons | None = None) -> Document:
    """The mention-finding stages over one article: the document every mention is in,
    before merging into events (for inspection and debugging)."""
    lex = lexicons or default_lexicons()
    ident = article.id or article_id(article.text)
    norm = normalize(article.text)
    sentences, tokens = tokenize(norm.text)
    doc = Document(
        article=article,
        article_id=ident,
        norm=norm,
        published=_published_date(article.published),
        sentences=sentences,
        tokens=tokens,
    )
    find_actors(doc, lex.actors)
    find_places(doc, lex.gazetteer)
    find_doc_dates(doc)
    find_attributions(doc, lex.speech, lex.actors)
    doc.numbers = find_numbers_in_sentences(doc)
    find_quotes(doc)
    continue_reports(doc)
    find_events(doc, lex.events)
    find_casualties(doc, lex.casualties)
    return doc


def extract(
    text: str,
    *,
    published: dt.date | dt.datetime | str | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    id: str | None = None,
) -> ExtractionResult:
    """Extract events and statements from one article's text.

    ``published`` anchors relative dates ("on Saturday"); without it no event gets a
    date from a relative expression.
    """
    if isinstance(published, str):
        from sitrep.ingest import parse_published

        published = parse_published(published)
    return extract_article(
        Article(text=text, id=id, title=title, published=published, source=source, url=url)
    )


def _safe_extract(article: Article) -> ExtractionResult | ExtractionError:
    try:
        return extract_article(article)
    except Exception as exc:  # a bug on one article must not take down the batch
        origin = article.origin or article.id or "<article>"
        return ExtractionError(origin, f"extraction failed: {type(exc).__name__}: {exc}")


def extract_batch(
    articles: Iterable[Article | InputError], *, workers: int = 1, chunksize: int = 16
) -> Iterator[ExtractionResult | InputError | ExtractionError]:
    """Extract from many articles, in input order; errors are yielded, not raised.

    With ``workers > 1`` a process pool maps the articles; each worker loads the
    lexicons once.
    """
    if workers <= 1:
        for item in articles:
            yield item if isinstance(item, InputError) else _safe_extract(item)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        batch: list[Article | InputError] = []
        for item in articles:
            batch.append(item)
            if len(batch) >= chunksize * workers:
                yield from _map(pool, batch, chunksize)
                batch = []
        if batch:
            yield from _map(pool, batch, chunksize)


def _map(
    pool: ProcessPoolExecutor, batch: list[Article | InputError], chunksize: int
) -> Iterator[ExtractionResult | InputError | ExtractionError]:
    good = [a for a in batch if isinstance(a, Article)]
    results = iter(pool.map(_safe_extract, good, chunksize=chunksize))
    for item in batch:
        yield item if isinstance(item, InputError) else next(results)
