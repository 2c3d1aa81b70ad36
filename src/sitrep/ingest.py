"""Reading stage: turn input files (txt, JSONL, CSV/TSV, HTML, RSS/Atom, directories, stdin)
into :class:`~sitrep.models.Article` objects.

:func:`iter_articles` streams articles in input order. A bad article or an unreadable file
is *yielded* as an :class:`~sitrep.errors.InputError` (never raised), naming the file, the
line/row/entry and the reason, and reading goes on with the rest of the batch.

Origins: ``path`` (txt, html), ``path:LINE`` (JSONL line; CSV record, counting the header
as line 1 and using the physical line where the record starts), ``path#entry N`` (feeds),
``<stdin>`` / ``<stdin>:LINE`` (stdin).

Note: reading CSV raises the process-wide ``csv.field_size_limit`` so that long articles fit
in one field; the article length limit is ``IngestOptions.max_chars``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import hashlib
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, BinaryIO, TextIO, cast

from sitrep.errors import ArticleTooLarge, InputError
from sitrep.models import Article

__all__ = [
    "EXTENSIONS",
    "FIELDS",
    "FORMATS",
    "IngestOptions",
    "article_id",
    "iter_articles",
    "parse_column_specs",
    "parse_published",
]

FIELDS = ("id", "text", "title", "published", "source", "url")
"""Article fields that can be read from JSONL keys / CSV columns (only ``text`` required)."""

FORMATS = ("txt", "jsonl", "csv", "tsv", "html", "feed")
"""Input formats ``IngestOptions.input_format`` accepts (aliases: see ``_FORMAT_ALIASES``)."""

EXTENSIONS: Mapping[str, str] = MappingProxyType(
    {
        ".txt": "txt",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".csv": "csv",
        ".tsv": "tsv",
        ".html": "html",
        ".htm": "html",
        ".xml": "feed",
        ".rss": "feed",
        ".atom": "feed",
    }
)
"""Known file extensions (case-insensitive) and their formats; others are skipped in directories."""

_FORMAT_ALIASES = {"ndjson": "jsonl", "htm": "html", "rss": "feed", "atom": "feed", "xml": "feed"}

STDIN = "<stdin>"
_HEAD_BYTES = 8192  # read up front to sniff the format and detect binary files
_BOM = codecs.BOM_UTF8
_MARKUP_BYTES_PER_CHAR = 10  # HTML/feed files may be this many bytes per article character
_JSON_BYTES_PER_CHAR = 6  # worst case of ``\uXXXX`` escapes (json.dumps' default ensure_ascii)
_SLACK_BYTES = 1 << 20  # room for the other fields of a record
_CSV_FIELD_LIMIT = 2**31 - 1  # fits a C long everywhere


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs.

    ``published``/``source`` are defaults for articles that lack their own; ``columns`` maps
    an article field to the CSV column / JSON key holding it (``{"text": "article_content"}``);
    ``input_format`` forces one of :data:`FORMATS` instead of choosing by extension/sniffing.
    """

    published: dt.date | dt.datetime | None = None
    source: str | None = None
    columns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    max_chars: int = 5_000_000
    input_format: str | None = None

    def __post_init__(self) -> None:
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise ValueError(f"unknown article field(s) {unknown}; expected one of {FIELDS}")
        for key, name in self.columns.items():
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"column name for {key!r} must be a non-empty string")
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))
        if self.max_chars < 1:
            raise ValueError("max_chars must be positive")
        if self.input_format is not None:
            fmt = self.input_format.lower().lstrip(".")
            fmt = _FORMAT_ALIASES.get(fmt, fmt)
            if fmt not in FORMATS:
                raise ValueError(
                    f"unknown input format {self.input_format!r}; expected one of {FORMATS}"
                )
            object.__setattr__(self, "input_format", fmt)


_DEFAULT_OPTIONS = IngestOptions()


def parse_column_specs(specs: Iterable[str]) -> dict[str, str]:
    """Parse CLI ``--column FIELD=NAME`` values into an ``IngestOptions.columns`` mapping."""
    columns: dict[str, str] = {}
    for spec in specs:
        key, sep, name = spec.partition("=")
        key, name = key.strip(), name.strip()
        if not sep or not name:
            raise ValueError(f"bad column mapping {spec!r}; expected FIELD=NAME, e.g. text=body")
        if key not in FIELDS:
            raise ValueError(f"bad column mapping {spec!r}: {key!r} is not one of {FIELDS}")
        columns[key] = name
    return columns


# --------------------------------------------------------------------------- public helpers


def article_id(text: str) -> str:
    """Stable id of an article without one: first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_RE_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RE_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ].+")
_RE_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_RE_MDY_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_RE_RFC822 = re.compile(_WEEKDAY + r"\d{1,2}\s+[a-z]{3,9}\.?\s+\d{2,4}\s+\d{1,2}:\d{2}.*", re.I)
_RE_DAY_MONTH = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", re.I)
_RE_MONTH_DAY = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)


def parse_published(value: str) -> dt.date | dt.datetime:
    """Parse a publication date: a ``date`` for day-only forms, a ``datetime`` when a time is given.

    Accepted: ISO 8601 (``2017-04-05``, ``2017-04-05T10:00:00Z``), ``2017/04/05``,
    ``M/D/YYYY`` [``H:MM[:SS]``] (US order, as in FA-KES: ``2/1/2015`` is 1 February),
    RFC 822 as in feeds (``Wed, 05 Apr 2017 10:00:00 GMT``), ``5 April 2017`` and
    ``April 5, 2017`` (English month names, optional weekday). Raises ``ValueError`` otherwise.
    """
    s = value.strip()
    try:
        if _RE_ISO_DATE.fullmatch(s):
            return dt.date.fromisoformat(s)
        if _RE_ISO_DATETIME.fullmatch(s):
            return dt.datetime.fromisoformat(s)
        if m := _RE_YMD_SLASH.fullmatch(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _RE_MDY_SLASH.fullmatch(s):
            day = dt.date(int(m[3]), int(m[1]), int(m[2]))
            if m[4] is None:
                return day
            clock = dt.time(int(m[4]), int(m[5]), int(m[6] or 0))
            return dt.datetime.combine(day, clock)
        if _RE_RFC822.fullmatch(s):
            return email.utils.parsedate_to_datetime(s)
        if m := _RE_DAY_MONTH.fullmatch(s):
            return dt.date(int(m[3]), _month(m[2]), int(m[1]))
        if m := _RE_MONTH_DAY.fullmatch(s):
            return dt.date(int(m[3]), _month(m[1]), int(m[2]))
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(f"invalid date {value!r}: {exc}") from None
    raise ValueError(f"unrecognised date format {value!r}")


def _month(name: str) -> int:
    try:
        return _MONTHS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown month name {name!r}") from None


# --------------------------------------------------------------------------- entry point


def iter_articles(
    paths: Iterable[str | Path],
    options: IngestOptions = _DEFAULT_OPTIONS,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[Article | InputError]:
    """Yield the articles of ``paths`` in input order, and an ``InputError`` for each bad one.

    A path is a file, a directory (walked recursively in sorted path order, hidden entries
    skipped, only files with a known extension read unless a format is forced) or ``-`` for
    ``stdin`` (default ``sys.stdin``).
    """
    for path in paths:
        name = os.fspath(path)
        if name == "-":
            yield from _read_stdin(stdin, options)
            continue
        try:
            mode = Path(name).stat().st_mode
        except OSError as exc:
            yield InputError(name, _os_reason(exc))
            continue
        if stat.S_ISDIR(mode):
            for item in _walk(Path(name), options.input_format is not None):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from _read_file(item, str(item), options)
        else:
            yield from _read_file(Path(name), name, options)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or str(exc)


def _walk(root: Path, read_all: bool) -> Iterator[Path | InputError]:
    """Files under ``root`` in sorted path order (depth first); hidden entries skipped."""
    seen: set[tuple[int, int]] = set()

    def walk(directory: Path) -> Iterator[Path | InputError]:
        try:
            st = directory.stat()
            if (st.st_dev, st.st_ino) in seen:  # a symlink loop
                return
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(directory) as it:
                entries = [
                    (entry.name + "/" if entry.is_dir() else entry.name, entry)
                    for entry in it
                    if not entry.name.startswith(".")
                ]
        except OSError as exc:
            yield InputError(str(directory), _os_reason(exc))
            return
        # "name/" sorts like the paths below it, so the walk is in sorted full-path order.
        for key, entry in sorted(entries, key=lambda pair: pair[0]):
            path = directory / entry.name
            if key.endswith("/"):
                yield from walk(path)
            elif read_all or path.suffix.lower() in EXTENSIONS:
                yield path

    yield from walk(root)


def _read_file(path: Path, origin: str, options: IngestOptions) -> Iterator[Article | InputError]:
    """Read one file; format forced, else by extension, else sniffed from the content."""
    fmt = options.input_format or EXTENSIONS.get(path.suffix.lower())
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield InputError(origin, _os_reason(exc))
        return
    with raw:
        try:
            yield from _read_stream(raw, origin, fmt, options)
        except OSError as exc:
            yield InputError(origin, f"read error: {_os_reason(exc)}")


def _read_stdin(
    stdin: TextIO | BinaryIO | None, options: IngestOptions
) -> Iterator[Article | InputError]:
    """Read ``-``: a text stream is read through its byte buffer when it has one."""
    raw: IO[bytes]
    if stdin is None:
        raw = sys.stdin.buffer
    elif isinstance(stdin, io.TextIOBase):
        buffer = getattr(stdin, "buffer", None)
        if buffer is not None:
            raw = cast(IO[bytes], buffer)
        else:
            raw = io.BytesIO(cast(TextIO, stdin).read().encode("utf-8", "surrogatepass"))
    else:
        raw = cast(IO[bytes], stdin)
    try:
        yield from _read_stream(raw, STDIN, options.input_format, options)
    except OSError as exc:
        yield InputError(STDIN, f"read error: {_os_reason(exc)}")


# --------------------------------------------------------------------------- byte streams


class _Source:
    """A binary stream with its already-read head pushed back in front."""

    def __init__(self, raw: IO[bytes], head: bytes) -> None:
        self._raw = raw
        self._buf = head

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            data, self._buf = self._buf + self._raw.read(), b""
            return data
        if len(self._buf) >= size:
            data, self._buf = self._buf[:size], self._buf[size:]
            return data
        data, self._buf = self._buf, b""
        return data + self._raw.read(size - len(data))

    def readline(self, limit: int = -1) -> bytes:
        """One line with its ``\\n``, at most ``limit`` bytes; ``b""`` at the end."""
        if not self._buf:
            return self._raw.readline(limit)
        end = self._buf.find(b"\n", 0, limit if limit >= 0 else None)
        if end >= 0:
            data, self._buf = self._buf[: end + 1], self._buf[end + 1 :]
            return data
        if 0 <= limit <= len(self._buf):
            data, self._buf = self._buf[:limit], self._buf[limit:]
            return data
        data, self._buf = self._buf, b""
        return data + self._raw.readline(limit - len(data) if limit >= 0 else -1)

    def skip_line(self) -> int:
        """Discard the rest of the current line; return how many bytes were skipped."""
        skipped = 0
        while chunk := self.readline(1 << 20):
            skipped += len(chunk)
            if chunk.endswith(b"\n"):
                break
        return skipped


def _sniff(head: bytes) -> str:
    """Guess the format of content without a known extension (also used for stdin)."""
    start = head.lstrip()[:4096].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
            return "feed"
        return "html"
    return "txt"


_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b\x08")


def _looks_binary(head: bytes, *, utf8: bool) -> bool:
    """NUL bytes, or more than 30% control bytes (and, for ``utf8``, invalid UTF-8)."""
    if not head:
        return False
    if b"\0" in head:
        return True
    controls = sum(1 for b in head if (b < 0x20 or b == 0x7F) and b not in _TEXT_CONTROLS)
    if not utf8:
        return controls > 0.3 * len(head)
    decoded = head.decode("utf-8", "replace")
    bad = decoded.count("\ufffd") - head.decode("utf-8", "ignore").count("\ufffd")
    return controls + bad > 0.3 * len(decoded)


def _read_stream(
    raw: IO[bytes], origin: str, fmt: str | None, options: IngestOptions
) -> Iterator[Article | InputError]:
    """Check the head of a stream (empty, UTF-16, binary), pick the format and dispatch."""
    head = raw.read(_HEAD_BYTES)
    bom = len(_BOM) if head.startswith(_BOM) else 0
    head = head[bom:]
    if not head.strip() and len(head) + bom < _HEAD_BYTES:
        yield InputError(origin, "empty file")
        return
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield InputError(origin, "UTF-16 text is not supported; convert the file to UTF-8")
        return
    fmt = fmt or _sniff(head)
    if _looks_binary(head, utf8=fmt not in ("html", "feed")):
        yield InputError(origin, "binary file, not text")
        return
    src = _Source(raw, head)
    if fmt == "txt":
        yield _read_txt(src, origin, bom, options)
    elif fmt == "jsonl":
        yield from _read_jsonl(src, origin, bom, options)
    elif fmt in ("csv", "tsv"):
        yield from _read_csv(src, origin, bom, options, "\t" if fmt == "tsv" else ",")
    elif fmt == "html":
        yield _read_html(src, origin, options)
    else:
        yield from _read_feed(src, origin, options)


def _utf8_error(data: bytes, exc: UnicodeDecodeError, line: int, line_offset: int) -> str:
    """Reason for a decode error at ``exc.start`` of ``data`` (a line starting at a file offset)."""
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1)
    return (
        f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at byte {column} of line {line},"
        f" file offset {line_offset + exc.start})"
    )


# --------------------------------------------------------------------------- formats


def _read_txt(
    src: _Source, origin: str, offset: int, options: IngestOptions
) -> Article | InputError:
    """The whole stream is one article (title None)."""
    limit = 4 * options.max_chars + 4  # UTF-8 needs at most 4 bytes per character
    data = src.read(limit + 1)
    if len(data) > limit:
        return ArticleTooLarge(
            origin, f"file is over {limit:,} bytes, more than {options.max_chars:,} characters"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return InputError(f"{origin}:{line}", _utf8_error(data, exc, line, offset))
    if not text.strip():
        return InputError(origin, "empty file")
    return _article(text, origin, options)


def _read_jsonl(
    src: _Source, origin: str, offset: int, options: IngestOptions
) -> Iterator[Article | InputError]:
    """One JSON object per line; blank lines skipped; overlong lines skipped unread."""
    cap = _JSON_BYTES_PER_CHAR * options.max_chars + _SLACK_BYTES
    line_no = 0
    records = 0
    while data := src.readline(cap + 1):
        line_no += 1
        start, offset = offset, offset + len(data)
        where = f"{origin}:{line_no}"
        if len(data) > cap and not data.endswith(b"\n"):
            offset += src.skip_line()
            yield ArticleTooLarge(
                where,
                f"line is over {cap:,} bytes, too large for an article of at most"
                f" {options.max_chars:,} characters",
            )
            records += 1
            continue
        if not data.strip():
            continue
        records += 1
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(where, _utf8_error(data, exc, line_no, start))
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield InputError(where, "malformed JSON: nested too deeply")
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"JSON line is {_json_type(record)}, not an object")
            continue
        fields = {key: record.get(options.columns.get(key, key)) for key in FIELDS}
        yield _from_record(fields.get, where, options, "key")
    if records == 0:
        yield InputError(origin, "empty file")


def _read_csv(
    src: _Source, origin: str, offset: int, options: IngestOptions, delimiter: str
) -> Iterator[Article | InputError]:
    """One article per row; the header names the fields (see ``IngestOptions.columns``)."""
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    bad_lines: dict[int, str] = {}  # physical line -> invalid UTF-8 reason

    def lines() -> Iterator[str]:
        position = offset
        for number, data in enumerate(iter(src.readline, b""), start=1):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad_lines[number] = _utf8_error(data, exc, number, position)
                text = data.decode("utf-8", "replace")
            position += len(data)
            yield text

    reader = csv.reader(lines(), delimiter=delimiter)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    rows = 0
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = reader.line_num
            _pop_lines(bad_lines, end)
            yield InputError(f"{origin}:{start}", f"malformed CSV: {exc}")
            if header is None:
                return
            continue
        end = reader.line_num
        bad = _pop_lines(bad_lines, end)
        if not row:  # blank line
            continue
        where = f"{origin}:{start}"
        if header is None:
            if bad:
                yield InputError(where, f"header: {bad[0]}")
                return
            header = row
            found = _resolve_columns(header, options.columns)
            if isinstance(found, str):
                yield InputError(where, found)
                return
            columns = found
            continue
        rows += 1
        if bad:
            yield InputError(where, bad[0])
        elif len(row) != len(header):
            yield InputError(where, f"row has {len(row)} fields but the header has {len(header)}")
        else:
            values = {key: row[index] for key, index in columns.items()}
            yield _from_record(values.get, where, options, "column")
    if header is None:
        yield InputError(origin, "empty file")
    elif rows == 0:
        yield InputError(origin, "no rows after the header")


def _pop_lines(bad_lines: dict[int, str], end: int) -> list[str]:
    """Remove and return the decode errors of physical lines up to ``end``."""
    found = [bad_lines.pop(n) for n in sorted(n for n in bad_lines if n <= end)]
    return found


def _resolve_columns(header: list[str], mapping: Mapping[str, str]) -> dict[str, int] | str:
    """Column index of each field present; an error reason when ``text`` or a mapped one is missing.

    Names match exactly, else ignoring case and surrounding spaces; the first duplicate wins.
    """
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    for number, title in enumerate(header):
        exact.setdefault(title, number)
        folded.setdefault(title.strip().casefold(), number)
    columns: dict[str, int] = {}
    for key in FIELDS:
        name = mapping.get(key, key)
        index = exact.get(name)
        if index is None:
            index = folded.get(name.strip().casefold())
        if index is not None:
            columns[key] = index
        elif key == "text" or key in mapping:
            found = ", ".join(repr(h) for h in header)
            return (
                f"no {name!r} column for the article {key}; found columns: {found}"
                f" (use --column {key}=NAME to choose one)"
            )
    return columns


def _read_html(src: _Source, origin: str, options: IngestOptions) -> Article | InputError:
    """Main text, title, date, site name and URL of one HTML page, via trafilatura."""
    data = _read_limited(src, options)
    if data is None:
        return ArticleTooLarge(origin, _markup_too_large(options))
    import trafilatura  # slow to import; only when needed

    try:
        doc = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # a third-party parser on untrusted input
        return InputError(origin, f"cannot extract text from HTML: {type(exc).__name__}: {exc}")
    meta: dict[str, Any] = {}
    if isinstance(doc, dict):
        meta = doc
    elif doc is not None:
        meta = doc.as_dict()
    text = meta.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(origin, "no text (no main content found in the HTML)")
    published: dt.date | dt.datetime | None = None
    if isinstance(meta.get("date"), str):
        try:
            published = parse_published(meta["date"])
        except ValueError:
            published = None  # extracted metadata, not a user-given field
    return _article(
        text,
        origin,
        options,
        title=_str_or_none(meta.get("title")),
        published=published,
        source=_str_or_none(meta.get("sitename")),
        url=_str_or_none(meta.get("url")),
    )


def _read_feed(src: _Source, origin: str, options: IngestOptions) -> Iterator[Article | InputError]:
    """One article per RSS/Atom entry, via feedparser (never fetches anything)."""
    data = _read_limited(src, options)
    if data is None:
        yield ArticleTooLarge(origin, _markup_too_large(options))
        return
    import feedparser

    try:
        parsed: Any = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # a third-party parser on untrusted input
        yield InputError(origin, f"cannot parse feed: {type(exc).__name__}: {exc}")
        return
    entries: list[Any] = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            yield InputError(origin, f"not a valid RSS/Atom feed: {parsed.get('bozo_exception')}")
        else:
            yield InputError(origin, "feed has no entries")
        return
    feed_title = _str_or_none(_strip_markup(str(parsed.feed.get("title") or "")))
    malformed = f" (the feed is malformed: {parsed.get('bozo_exception')})"
    for number, entry in enumerate(entries, start=1):
        item = _feed_entry(entry, f"{origin}#entry {number}", feed_title, options)
        if isinstance(item, InputError) and parsed.get("bozo"):
            item = type(item)(item.origin, item.reason + malformed)
        yield item


def _feed_entry(
    entry: Any, origin: str, feed_title: str | None, options: IngestOptions
) -> Article | InputError:
    text = ""
    for detail in [*(entry.get("content") or []), entry.get("summary_detail") or {}]:
        value = str(detail.get("value") or "")
        text = _strip_markup(value) if "html" in str(detail.get("type", "html")) else value.strip()
        if text.strip():
            break
    raw_date = entry.get("published") or entry.get("updated")
    published: dt.date | dt.datetime | None = None
    if raw_date:
        try:
            published = parse_published(str(raw_date))
        except ValueError:
            parsed = entry.get("published_parsed") or entry.get("updated_parsed")
            if not parsed:
                return InputError(origin, f"cannot parse published date {raw_date!r}")
            year, month, day, hour, minute, second = parsed[:6]
            published = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    entry_source = entry.get("source") or {}
    return _article(
        text,
        origin,
        options,
        id=_str_or_none(entry.get("id")),
        title=_str_or_none(_strip_markup(str(entry.get("title") or ""))),
        published=published,
        source=_str_or_none(entry_source.get("title")) or feed_title,
        url=_str_or_none(entry.get("link")),
    )


def _read_limited(src: _Source, options: IngestOptions) -> bytes | None:
    """A whole markup file; None when over ``_MARKUP_BYTES_PER_CHAR * max_chars`` bytes."""
    limit = _MARKUP_BYTES_PER_CHAR * options.max_chars
    data = src.read(limit + 1)
    return None if len(data) > limit else data


def _markup_too_large(options: IngestOptions) -> str:
    limit = _MARKUP_BYTES_PER_CHAR * options.max_chars
    return f"file is over {limit:,} bytes ({_MARKUP_BYTES_PER_CHAR} per allowed character)"


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, one paragraph per block element."""

    _BLOCKS = frozenset(
        (
            "address",
            "article",
            "aside",
            "blockquote",
            "br",
            "dd",
            "div",
            "dl",
            "dt",
            "figcaption",
            "figure",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "li",
            "main",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "td",
            "th",
            "tr",
            "ul",
        )
    )
    _SKIP = frozenset(("script", "style", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _strip_markup(fragment: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by blank lines, spaces collapsed."""
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


# --------------------------------------------------------------------------- records


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, dict) else type(value).__name__


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _from_record(
    get: Callable[[str], object], origin: str, options: IngestOptions, kind: str
) -> Article | InputError:
    """An article from a JSON object / CSV row (``get`` returns the value of a field)."""
    values: dict[str, str | None] = {}
    for key in FIELDS:
        name = options.columns.get(key, key)
        value = get(key)
        if value is None or isinstance(value, str):
            values[key] = value
        elif isinstance(value, int | float) and not isinstance(value, bool) and key != "text":
            values[key] = str(value)
        else:
            label = key if name == key else f"{key} ({kind} {name!r})"
            return InputError(origin, f"field {label} must be a string, not {_json_type(value)}")
    text = values["text"]
    if text is None or not text.strip():
        return InputError(origin, "no text")
    published: dt.date | dt.datetime | None = None
    raw_date = _str_or_none(values["published"])
    if raw_date is not None:
        try:
            published = parse_published(raw_date)
        except ValueError:
            name = options.columns.get("published", "published")
            label = "published" if name == "published" else f"published ({kind} {name!r})"
            return InputError(origin, f"cannot parse {label} date {raw_date!r}")
    return _article(
        text,
        origin,
        options,
        id=_str_or_none(values["id"]),
        title=_str_or_none(values["title"]),
        published=published,
        source=_str_or_none(values["source"]),
        url=_str_or_none(values["url"]),
    )


def _article(
    text: str,
    origin: str,
    options: IngestOptions,
    *,
    id: str | None = None,
    title: str | None = None,
    published: dt.date | dt.datetime | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Article | InputError:
    """Final checks (text present, length) and defaults (id, published, source)."""
    if not text.strip():
        return InputError(origin, "no text")
    if len(text) > options.max_chars:
        return ArticleTooLarge(
            origin,
            f"article has {len(text):,} characters, more than the limit of {options.max_chars:,}",
        )
    return Article(
        text=text,
        id=id or article_id(text),
        title=title,
        published=published if published is not None else options.published,
        source=source if source is not None else options.source,
        url=url,
        origin=origin,
    )
