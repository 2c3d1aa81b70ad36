"""Tests of the reading stage (sitrep.ingest): every input kind and every bad-input case."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from sitrep.errors import ArticleTooLarge, InputError
from sitrep.ingest import (
    IngestOptions,
    article_id,
    iter_articles,
    parse_column_specs,
    parse_published,
)
from sitrep.models import Article

FAKES = Path(__file__).parents[1].parent / "shared/data/fa-kes/fa-kes-dev.csv"
FAKES_COLUMNS = {"text": "article_content", "title": "article_title", "published": "date"}

TEXT = "At least 12 people were killed in clashes near Idlib on Tuesday, monitors said."


def read(*paths: str | Path, **options: object) -> list[Article | InputError]:
    return list(iter_articles(paths, IngestOptions(**options)))  # type: ignore[arg-type]


def articles(items: list[Article | InputError]) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


def errors(items: list[Article | InputError]) -> list[InputError]:
    return [e for e in items if isinstance(e, InputError)]


def jsonl(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- input kinds


def test_txt_is_one_article(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT + "\n", encoding="utf-8")
    [art] = read(path)
    assert isinstance(art, Article)
    assert art.text == TEXT + "\n"  # as given: spans index into it
    assert art.title is None and art.published is None and art.url is None
    assert art.id == article_id(art.text)
    assert art.origin == str(path)


def test_txt_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    [art] = read(path)
    assert isinstance(art, Article) and art.text == TEXT


def test_jsonl_fields_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "x1",
                "text": TEXT,
                "title": "Clashes",
                "published": "2017-04-05",
                "source": "Reuters",
                "url": "https://example.com/1",
                "extra": [1, 2],
            }
        )
        + "\n\n   \n"
        + json.dumps({"text": "Second article.", "id": 42, "published": "2017-04-05T10:00:00Z"})
        + "\n",
        encoding="utf-8",
    )
    first, second = read(path)
    assert first == Article(
        text=TEXT,
        id="x1",
        title="Clashes",
        published=dt.date(2017, 4, 5),
        source="Reuters",
        url="https://example.com/1",
        origin=f"{path}:1",
    )
    assert isinstance(second, Article)
    assert second.origin == f"{path}:4"  # blank lines skipped but counted
    assert second.id == "42"
    assert second.published == dt.datetime(2017, 4, 5, 10, tzinfo=dt.UTC)


def test_ndjson_extension_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.ndjson"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": TEXT}).encode() + b"\n")
    [art] = read(path)
    assert isinstance(art, Article) and art.text == TEXT and art.origin == f"{path}:1"


def test_csv_rows_and_multiline_records(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "id,text,title,published,source,url\r\n"
        'a,"First line\nsecond line",T1,2015-02-01,AFP,http://x/1\r\n'
        "\r\n"
        "b,Plain text,,,,\r\n",
        encoding="utf-8",
    )
    first, second = read(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == "First line\nsecond line"
    assert (first.id, first.title, first.source, first.url) == ("a", "T1", "AFP", "http://x/1")
    assert first.published == dt.date(2015, 2, 1)
    assert first.origin == f"{path}:2"
    assert second.origin == f"{path}:5"  # physical line where the record starts
    assert second.title is None and second.source is None and second.url is None


def test_tsv(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("id\tEventSnippet\tSubType\n1\tRebels, he said, attacked.\tARMED_CLASH\n")
    [art] = read(path, columns={"text": "EventSnippet"})
    assert isinstance(art, Article)
    assert art.text == "Rebels, he said, attacked." and art.id == "1"


def test_csv_header_matches_case_insensitively(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Title, Text \nHello,Body text\n")
    [art] = read(path)
    assert isinstance(art, Article) and art.text == "Body text" and art.title == "Hello"


def test_column_mapping_fakes_style(tmp_path: Path) -> None:
    path = tmp_path / "fakes.csv"
    path.write_text(
        "row,unit_id,article_title,article_content,source,date,location,labels\n"
        '0,1914947530,Title one,"Body, one",ahram,2/1/2015,idlib,1\n'
        "1,1914947531,Title two,Body two,nna,4/19/2017,aleppo,0\n"
    )
    first, second = read(path, columns=FAKES_COLUMNS)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.text, first.title, first.source) == ("Body, one", "Title one", "ahram")
    assert first.published == dt.date(2015, 2, 1)  # M/D/YYYY
    assert second.published == dt.date(2017, 4, 19)


def test_column_mapping_applies_to_jsonl(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "a.jsonl", {"body": TEXT, "headline": "H", "text": "ignored"})
    [art] = read(path, columns={"text": "body", "title": "headline"})
    assert isinstance(art, Article) and art.text == TEXT and art.title == "H"


HTML = """<!DOCTYPE html><html><head><title>Clashes in Idlib kill 12 | Example News</title>
<meta property="og:title" content="Clashes in Idlib kill 12">
<meta property="article:published_time" content="2017-04-05T10:00:00+03:00">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://example.com/news/idlib-clashes">
</head><body><nav>Home | World | Sports</nav>
<article><h1>Clashes in Idlib kill 12</h1>
<p>At least 12 people were killed on Tuesday in clashes between government forces and rebels
near the town of Khan Sheikhoun in Idlib province, the Syrian Observatory said.</p>
<p>The fighting erupted early in the morning and continued for several hours, according to
residents who spoke to reporters by telephone from the area.</p>
</article><footer>Copyright 2024 Example News</footer></body></html>
"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    [art] = read(path)
    assert isinstance(art, Article)
    assert "At least 12 people were killed" in art.text
    assert "Home | World" not in art.text and "Copyright" not in art.text
    assert art.title == "Clashes in Idlib kill 12"
    assert art.published == dt.date(2017, 4, 5)
    assert art.url == "https://example.com/news/idlib-clashes"
    assert art.source == "Example News"
    assert art.origin == str(path)


def test_html_without_content_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text("<html><head><title>x</title></head><body></body></html>")
    [err] = read(path)
    assert isinstance(err, InputError) and err.origin == str(path)
    assert "no text" in err.reason


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>World News Feed</title>
<item><title>Strike &amp; clashes</title><link>https://example.com/1</link><guid>g-1</guid>
<pubDate>Wed, 05 Apr 2017 10:00:00 GMT</pubDate>
<description>Short summary</description>
<content:encoded><![CDATA[<p>Full <b>text</b> of the report.</p><p>Second para.</p>
<script>var x = 1;</script>]]></content:encoded></item>
<item><title>Summary only</title><link>https://example.com/2</link>
<description>&lt;p&gt;Only a &lt;i&gt;summary&lt;/i&gt;.&lt;/p&gt;</description>
<source url="https://other.example">Other Outlet</source></item>
<item><title>No text at all</title></item>
<item><title>After the bad one</title><description>Still read.</description></item>
</channel></rss>
"""


def test_rss_feed_entries(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, bad, fourth = read(path)
    assert isinstance(first, Article)
    assert first.text == "Full text of the report.\n\nSecond para."
    assert first.title == "Strike & clashes"
    assert first.url == "https://example.com/1" and first.id == "g-1"
    assert first.published == dt.datetime(2017, 4, 5, 10, tzinfo=dt.UTC)
    assert first.source == "World News Feed"
    assert first.origin == f"{path}#entry 1"
    assert isinstance(second, Article)
    assert second.text == "Only a summary." and second.source == "Other Outlet"
    assert second.id == article_id(second.text)
    assert isinstance(bad, InputError) and bad.origin == f"{path}#entry 3"
    assert bad.reason == "no text"
    assert isinstance(fourth, Article) and fourth.text == "Still read."


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Entry one</title><link href="https://example.com/a"/><id>urn:a</id>
<updated>2019-03-01T08:30:00+02:00</updated>
<content type="html">&lt;p&gt;Atom body.&lt;/p&gt;</content></entry>
</feed>
"""


def test_atom_feed_sniffed_from_xml(tmp_path: Path) -> None:
    path = tmp_path / "wire.xml"
    path.write_text(ATOM, encoding="utf-8")
    [art] = read(path)
    assert isinstance(art, Article)
    assert art.text == "Atom body." and art.title == "Entry one" and art.id == "urn:a"
    assert art.url == "https://example.com/a" and art.source == "Atom Wire"
    assert art.published == dt.datetime(
        2019, 3, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )


def test_unknown_extension_is_sniffed_when_named(tmp_path: Path) -> None:
    feed = tmp_path / "feed.data"
    feed.write_text(ATOM)
    lines = tmp_path / "lines.data"
    jsonl(lines, {"text": "json one"})
    plain = tmp_path / "README"
    plain.write_text("Plain words.")
    got = read(feed, lines, plain)
    assert [a.text for a in articles(got)] == ["Atom body.", "json one", "Plain words."]
    assert [a.origin for a in articles(got)] == [f"{feed}#entry 1", f"{lines}:1", str(plain)]


def test_forced_format(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    jsonl(path, {"text": "one"}, {"text": "two"})
    assert [a.text for a in articles(read(path, input_format="jsonl"))] == ["one", "two"]
    assert len(read(path)) == 1  # by extension: one text article


# --------------------------------------------------------------------------- directories, stdin


def test_directory_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("A")
    (root / "b" / "c.txt").write_text("C")
    (root / "b" / "deeper" / "d.jsonl").write_text('{"text": "D"}\n')
    (root / "b.txt").write_text("B")
    (root / "z.csv").write_text("text\nZ\n")
    (root / ".secret.txt").write_text("hidden file")
    (root / ".hidden" / "e.txt").write_text("hidden dir")
    (root / "notes.docx").write_bytes(b"PK\x03\x04\0\0binary")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    got = read(root)
    assert not errors(got)
    assert [a.text for a in articles(got)] == ["A", "B", "C", "D", "Z"]
    assert [a.origin for a in articles(got)] == [
        str(root / "a.txt"),
        str(root / "b.txt"),
        str(root / "b" / "c.txt"),
        f"{root / 'b' / 'deeper' / 'd.jsonl'}:1",
        f"{root / 'z.csv'}:2",
    ]


def test_directory_with_forced_format_reads_every_file(tmp_path: Path) -> None:
    (tmp_path / "one.story").write_text("First.")
    (tmp_path / "two").write_text("Second.")
    assert [a.text for a in articles(read(tmp_path, input_format="txt"))] == ["First.", "Second."]


def test_directory_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text("good one")
    (tmp_path / "2.txt").write_bytes(b"")
    (tmp_path / "3.txt").write_text("good two")
    got = read(tmp_path)
    assert [type(x) for x in got] == [Article, InputError, Article]
    assert got[1].origin == str(tmp_path / "2.txt")


def test_stdin_jsonl_is_sniffed() -> None:
    stdin = io.BytesIO(b'\n  {"text": "one"}\n{"text": "two", "title": "T"}\n')
    got = list(iter_articles(["-"], stdin=stdin))
    assert [(a.text, a.origin) for a in articles(got)] == [
        ("one", "<stdin>:2"),
        ("two", "<stdin>:3"),
    ]


def test_stdin_text_article_from_text_stream() -> None:
    got = list(iter_articles(["-"], stdin=io.StringIO("Just some words.\n")))
    assert [(a.text, a.origin) for a in articles(got)] == [("Just some words.\n", "<stdin>")]


def test_stdin_text_wrapper_uses_its_buffer() -> None:
    stdin = io.TextIOWrapper(io.BytesIO('{"text": "é"}\n'.encode()), encoding="utf-8")
    [art] = iter_articles(["-"], stdin=stdin)
    assert isinstance(art, Article) and art.text == "é"


def test_stdin_mixed_with_files(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("file")
    got = list(iter_articles([path, "-", path], stdin=io.BytesIO(b"piped")))
    assert [a.text for a in articles(got)] == ["file", "piped", "file"]


# --------------------------------------------------------------------------- defaults and ids


def test_defaults_apply_only_when_missing(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "a.jsonl",
        {"text": "own", "published": "2016-07-05", "source": "SANA"},
        {"text": "none"},
        {"text": "blank", "published": "", "source": "  "},
    )
    default = dt.date(2020, 1, 1)
    own, none, blank = read(path, published=default, source="Wire")
    assert isinstance(own, Article) and isinstance(none, Article) and isinstance(blank, Article)
    assert (own.published, own.source) == (dt.date(2016, 7, 5), "SANA")
    assert (none.published, none.source) == (default, "Wire")
    assert (blank.published, blank.source) == (default, "Wire")


def test_defaults_apply_to_txt_and_html(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("words")
    [art] = read(tmp_path / "a.txt", published=dt.date(2020, 1, 1), source="Desk")
    assert isinstance(art, Article)
    assert (art.published, art.source) == (dt.date(2020, 1, 1), "Desk")
    (tmp_path / "p.html").write_text(HTML)
    [page] = read(tmp_path / "p.html", published=dt.date(2020, 1, 1), source="Desk")
    assert isinstance(page, Article)
    assert (page.published, page.source) == (dt.date(2017, 4, 5), "Example News")


def test_ids_are_stable_content_hashes(tmp_path: Path) -> None:
    assert article_id(TEXT) == article_id(TEXT)
    assert article_id(TEXT) != article_id(TEXT + ".")
    assert len(article_id(TEXT)) == 16
    assert article_id("x") == "2d711642b726b044"  # sha256("x")[:16]: never changes
    (tmp_path / "a.txt").write_text(TEXT)
    jsonl(tmp_path / "b.jsonl", {"text": TEXT})
    (tmp_path / "c.csv").write_text(f'text\n"{TEXT}"\n')
    ids = {a.id for a in articles(read(tmp_path))}
    assert ids == {article_id(TEXT)}


# --------------------------------------------------------------------------- parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-04-05", dt.date(2017, 4, 5)),
        (" 2017-04-05 ", dt.date(2017, 4, 5)),
        ("2017-04-05T10:00:00", dt.datetime(2017, 4, 5, 10)),
        ("2017-04-05 10:00", dt.datetime(2017, 4, 5, 10)),
        ("2017-04-05T10:00:00Z", dt.datetime(2017, 4, 5, 10, tzinfo=dt.UTC)),
        (
            "2017-04-05T10:00:00+03:00",
            dt.datetime(2017, 4, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=3))),
        ),
        ("2017/04/05", dt.date(2017, 4, 5)),
        ("2/1/2015", dt.date(2015, 2, 1)),
        ("12/31/2016", dt.date(2016, 12, 31)),
        ("4/5/2017 14:30", dt.datetime(2017, 4, 5, 14, 30)),
        ("Wed, 05 Apr 2017 10:00:00 GMT", dt.datetime(2017, 4, 5, 10, tzinfo=dt.UTC)),
        (
            "5 Apr 2017 10:00 +0200",
            dt.datetime(2017, 4, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
        ("5 April 2017", dt.date(2017, 4, 5)),
        ("Wed 05 Apr 2017", dt.date(2017, 4, 5)),
        ("April 5, 2017", dt.date(2017, 4, 5)),
        ("Sept. 3rd 2016", dt.date(2016, 9, 3)),
    ],
)
def test_parse_published(value: str, expected: dt.date) -> None:
    got = parse_published(value)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    "value", ["", "yesterday", "13/1/2015", "2017-02-30", "2017", "5 Smarch 2017", "1/2/15"]
)
def test_parse_published_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        parse_published(value)


# --------------------------------------------------------------------------- options


def test_options_validation_and_column_specs() -> None:
    assert parse_column_specs(["text=article_content", " title = article_title "]) == {
        "text": "article_content",
        "title": "article_title",
    }
    for bad in ("text", "text=", "body=x"):
        with pytest.raises(ValueError):
            parse_column_specs([bad])
    with pytest.raises(ValueError, match="unknown article field"):
        IngestOptions(columns={"body": "x"})
    with pytest.raises(ValueError, match="unknown input format"):
        IngestOptions(input_format="docx")
    with pytest.raises(ValueError):
        IngestOptions(max_chars=0)
    assert IngestOptions(input_format="RSS").input_format == "feed"
    assert IngestOptions(input_format="ndjson").input_format == "jsonl"


def test_options_do_not_alias_the_callers_mapping() -> None:
    columns = {"text": "body"}
    options = IngestOptions(columns=columns)
    columns["text"] = "changed"
    assert options.columns["text"] == "body"


# --------------------------------------------------------------------------- bad input


def test_missing_file_and_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("fine")
    missing = tmp_path / "nope.jsonl"
    got = read(missing, good)
    assert isinstance(got[0], InputError)
    assert got[0].origin == str(missing) and got[0].reason == "no such file or directory"
    assert isinstance(got[1], Article)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    try:
        [err] = read(path)
    finally:
        path.chmod(0o600)
    assert isinstance(err, InputError) and err.reason == "permission denied"


@pytest.mark.parametrize("name", ["e.txt", "e.jsonl", "e.csv", "e.html", "e.rss"])
@pytest.mark.parametrize("content", [b"", b"  \n\n \r\n", b"\xef\xbb\xbf"])
def test_empty_files(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [err] = read(path)
    assert isinstance(err, InputError)
    assert (err.origin, err.reason) == (str(path), "empty file")


def test_jsonl_of_blank_lines_only_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n" * 10_000)
    [err] = read(path)
    assert isinstance(err, InputError) and err.reason == "empty file"


def test_csv_header_only(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("id,text\n")
    [err] = read(path)
    assert isinstance(err, InputError) and err.reason == "no rows after the header"


def test_empty_text_fields(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "a.jsonl",
        {"text": "good 1"},
        {"text": ""},
        {"text": "   \n"},
        {"title": "no text key"},
        {"text": None},
        {"text": "good 2"},
    )
    got = read(path)
    assert [a.text for a in articles(got)] == ["good 1", "good 2"]
    assert [(e.origin, e.reason) for e in errors(got)] == [
        (f"{path}:{n}", "no text") for n in (2, 3, 4, 5)
    ]
    csv_path = tmp_path / "a.csv"
    csv_path.write_text('id,text\n1,good\n2,""\n3,   \n4,also good\n')
    got = read(csv_path)
    assert [a.text for a in articles(got)] == ["good", "also good"]
    assert [(e.origin, e.reason) for e in errors(got)] == [
        (f"{csv_path}:3", "no text"),
        (f"{csv_path}:4", "no text"),
    ]


def test_wrong_field_types(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "a.jsonl", {"text": 5}, {"text": "ok", "title": ["a"]}, {"text": "ok"})
    first, second, third = read(path)
    assert isinstance(first, InputError) and "text must be a string, not a number" in first.reason
    assert (
        isinstance(second, InputError) and "title must be a string, not an array" in second.reason
    )
    assert isinstance(third, Article)


@pytest.mark.parametrize("name", ["bin.txt", "bin.jsonl", "bin.csv", "bin.html", "bin.xml"])
def test_binary_file_with_nul_bytes(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4)
    [err] = read(path)
    assert isinstance(err, InputError)
    assert (err.origin, err.reason) == (str(path), "binary file, not text")


def test_binary_file_without_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 40 + bytes(range(1, 32)) * 10)
    [err] = read(path)
    assert isinstance(err, InputError) and err.reason == "binary file, not text"


def test_utf16_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("hello world".encode("utf-16"))
    [err] = read(path)
    assert isinstance(err, InputError) and "UTF-16" in err.reason


def test_invalid_utf8_txt_names_line_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"line one\nline two \xff here\n")
    [err] = read(path)
    assert isinstance(err, InputError) and not isinstance(err, ArticleTooLarge)
    assert err.origin == f"{path}:2"
    assert "invalid UTF-8" in err.reason and "0xff" in err.reason
    assert "byte 9 of line 2" in err.reason and "file offset 18" in err.reason


def test_invalid_utf8_jsonl_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": "one"}\n{"text": "t\xc3\x28o"}\n{"text": "three"}\n')
    first, bad, third = read(path)
    assert isinstance(first, Article) and isinstance(third, Article)
    assert isinstance(bad, InputError) and bad.origin == f"{path}:2"
    assert "invalid UTF-8" in bad.reason and "byte 11 of line 2" in bad.reason
    assert "file offset 27" in bad.reason
    assert third.origin == f"{path}:3"


def test_invalid_utf8_csv_record_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b'id,text\n1,good\n2,"multi\nline \xfe bad"\n3,also good\n')
    first, bad, third = read(path)
    assert isinstance(first, Article) and isinstance(third, Article)
    assert isinstance(bad, InputError) and bad.origin == f"{path}:3"  # record start
    assert "invalid UTF-8" in bad.reason and "line 4" in bad.reason
    assert third.text == "also good" and third.origin == f"{path}:5"


def test_invalid_utf8_in_csv_header(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,te\xffxt\n1,a\n")
    [err] = read(path)
    assert isinstance(err, InputError) and err.origin == f"{path}:1"
    assert "header" in err.reason and "invalid UTF-8" in err.reason


def test_huge_jsonl_line_is_skipped_without_crashing(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"text": "before"}) + "\n")
        f.write('{"text": "' + "x" * 50_000_000 + '"}\n')  # a 50 MB article
        f.write(json.dumps({"text": "after"}) + "\n")
    before, big, after = read(path)
    assert isinstance(big, ArticleTooLarge) and big.origin == f"{path}:2"
    assert isinstance(before, Article) and isinstance(after, Article)
    assert after.text == "after" and after.origin == f"{path}:3"


def test_article_over_max_chars(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "a.jsonl", {"text": "x" * 101}, {"text": "x" * 100})
    big, ok = read(path, max_chars=100)
    assert isinstance(big, ArticleTooLarge) and big.origin == f"{path}:1"
    assert "101" in big.reason and "100" in big.reason
    assert isinstance(ok, Article)
    (tmp_path / "t.txt").write_text("y" * 101)
    assert isinstance(read(tmp_path / "t.txt", max_chars=100)[0], ArticleTooLarge)
    (tmp_path / "t2.txt").write_text("y" * 1000)  # over 4 bytes/char: refused unread
    assert isinstance(read(tmp_path / "t2.txt", max_chars=100)[0], ArticleTooLarge)
    (tmp_path / "c.csv").write_text("text\n" + "z" * 101 + "\nfine\n")
    got = read(tmp_path / "c.csv", max_chars=100)
    assert [type(x) for x in got] == [ArticleTooLarge, Article]


def test_huge_csv_field_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text('id,text\n1,"' + "w " * 200_000 + '"\n2,small\n')
    first, second = read(path)
    assert isinstance(first, Article) and len(first.text) == 400_000
    assert isinstance(second, Article) and second.origin == f"{path}:3"


def test_malformed_jsonl_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"text": "one"}\n{"text": "two",\n[1, 2]\n"just a string"\n'
        + "[" * 100_000
        + "\n"
        + '{"text": "six"}\n'
    )
    got = read(path)
    assert [a.text for a in articles(got)] == ["one", "six"]
    bad = errors(got)
    assert [e.origin for e in bad] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
    assert bad[0].reason.startswith("malformed JSON: ") and "column" in bad[0].reason
    assert bad[1].reason == "JSON line is an array, not an object"
    assert bad[2].reason == "JSON line is a string, not an object"
    assert bad[3].reason.startswith("malformed JSON")


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "fakes.csv"
    path.write_text("row,article_title,article_content\n0,T,Body\n")
    [err] = read(path)
    assert isinstance(err, InputError) and err.origin == f"{path}:1"
    assert "'row', 'article_title', 'article_content'" in err.reason
    assert "--column text=NAME" in err.reason


def test_csv_missing_mapped_column(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("text,date\nBody,2017-01-01\n")
    [err] = read(path, columns={"published": "pubdate"})
    assert isinstance(err, InputError) and "'pubdate'" in err.reason
    assert "--column published=NAME" in err.reason


def test_csv_row_with_wrong_number_of_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,text,title\n1,one,T\n2,two\n3,three,T,extra\n4,four,T\n")
    got = read(path)
    assert [a.text for a in articles(got)] == ["one", "four"]
    assert [e.origin for e in errors(got)] == [f"{path}:3", f"{path}:4"]
    assert errors(got)[0].reason == "row has 2 fields but the header has 3"


def test_unparseable_published_names_field_and_value(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "a.jsonl",
        {"text": "one", "published": "2017-04-05"},
        {"text": "two", "published": "sometime last week"},
        {"text": "three"},
    )
    got = read(path, published=dt.date(2020, 1, 1))
    assert [a.text for a in articles(got)] == ["one", "three"]
    [err] = errors(got)
    assert err.origin == f"{path}:2"
    assert "published" in err.reason and "'sometime last week'" in err.reason
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("article_content,date\nBody,31/12/2016\n")
    [csv_err] = read(csv_path, columns={"text": "article_content", "published": "date"})
    assert isinstance(csv_err, InputError) and csv_err.origin == f"{csv_path}:2"
    assert "published (column 'date')" in csv_err.reason and "'31/12/2016'" in csv_err.reason


def test_bad_feed(tmp_path: Path) -> None:
    junk = tmp_path / "junk.rss"
    junk.write_text("this is not XML at all")
    cut = tmp_path / "cut.rss"
    cut.write_text("<rss><channel><item><title>x</ti")
    good = tmp_path / "good.txt"
    good.write_text("fine")
    bad_junk, bad_cut, art = read(junk, cut, good)
    assert isinstance(bad_junk, InputError) and bad_junk.origin == str(junk)
    assert "not a valid RSS/Atom feed" in bad_junk.reason
    assert isinstance(bad_cut, InputError) and bad_cut.origin == f"{cut}#entry 1"
    assert "no text" in bad_cut.reason and "malformed" in bad_cut.reason
    assert isinstance(art, Article)


def test_stdin_bad_input() -> None:
    got = list(iter_articles(["-"], stdin=io.BytesIO(b'{"text": "a"}\n{bad\n{"text": "c"}\n')))
    assert [type(x) for x in got] == [Article, InputError, Article]
    assert got[1].origin == "<stdin>:2"
    [err] = iter_articles(["-"], stdin=io.BytesIO(b""))
    assert isinstance(err, InputError) and (err.origin, err.reason) == ("<stdin>", "empty file")


# --------------------------------------------------------------------------- real data


def test_reads_fakes_dev_corpus() -> None:
    if not FAKES.exists():
        pytest.skip(f"{FAKES} not available")
    got = list(iter_articles([FAKES], IngestOptions(columns=FAKES_COLUMNS)))
    assert not errors(got)
    arts = articles(got)
    assert len(arts) == 600
    assert all(isinstance(a.published, dt.date) for a in arts)
    assert all(a.title and a.source and a.text.strip() for a in arts)
    assert arts[0].origin == f"{FAKES}:2"
    assert arts[0].published == dt.date(2017, 4, 5)
    assert len({a.id for a in arts}) == len({a.text for a in arts})
