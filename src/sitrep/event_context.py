"""Part of stage 5 (``events``): whether a sentence tells news at all, and how.

A sentence dated well before publication or after it tells history or plans, not a new
happening (``is_history``; ``latest_day`` is the last day a date may stand for). A sentence
that tells rather than retells is None to ``_secondary_kind``; otherwise it is the title at
the head of the text (``"headline"``), a link list or a photo caption (``"furniture"``), or
a toll over a period (``"tally"``) — unless it names the day of what it tells (``has_day``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from sitrep.dates import DocDate, ResolvedDate
from sitrep.document import Document
from sitrep.phrases import PhraseMatch
from sitrep.tokens import Sentence, Token

if TYPE_CHECKING:
    from sitrep.events import EventLexicon

_MINOR_WORDS = frozenset(
    "a an the and or but of in on at to for by with from as into near over after via vs".split()
)


def _title_case(tokens: list[Token]) -> bool:
    """Headline style: nearly every word that is not a minor word is capitalised."""
    words = [t for t in tokens if t.text.isalpha() and t.key not in _MINOR_WORDS]
    if len(words) < 4:
        return False
    return sum(1 for t in words if t.text[0].isupper()) >= 0.85 * len(words)


def _is_headline(doc: Document, sent: int) -> bool:
    """One of the first two sentences repeating the article's title, or written like one."""
    if sent > 1:
        return False
    tokens = doc.sentence_tokens(sent)
    title = doc.article.title
    if title:
        title_words = {w.lower() for w in re.findall(r"\w+", title)}
        words = {t.key for t in tokens}
        # the title alone, perhaps after a date line; not a title run into the lead
        if (
            title_words
            and len(title_words & words) >= 0.8 * len(title_words)
            and len(tokens) <= len(title_words) + 10
        ):
            return True
    return _title_case(tokens)


def has_day(doc: Document, sent: int, periods: list[tuple[int, int]], after: int = 0) -> bool:
    """The sentence names the day of what it tells ("on Monday", "on 3 May"), outside the
    phrases of a period ("in the last 24 hours"); only from character ``after`` on, if
    given."""
    s = doc.sentences[sent]
    for d in doc.dates:
        if not (max(s.start, after) <= d.mention.start < s.end) or d.resolved is None:
            continue
        if any(
            a <= d.mention.start < b or d.mention.start <= a < d.mention.end for a, b in periods
        ):
            continue
        if d.resolved.precision != "day" or opens_period(doc, d):
            continue  # "since Thursday" opens a period
        if _dateline(doc, s.start, d):
            continue  # "Date of publication 17 October 2016", "Posted on July 2"
        return True
    return False


_DATELINE_WORDS = ("publication", "published", "posted", "updated")


_AGENCY_CREDITS = frozenset({"REUTERS", "AFP", "AP", "EPA", "ANADOLU", "SANA"})

_PHOTO_CREDIT_AFTER = re.compile(
    r"\s*\((?:[A-Z][A-Za-z]*\s|and\s)+(?:Photo|Agencies)\)|\s*\((?:AFP|Reuters|AP|EPA)\)(?!\s*-)"
)
"""A photo credit in brackets right after a sentence makes that sentence a caption: "(AFP
Photo)", "(TRT World and Agencies)", "(Reuters)" — not a dateline's "(MNA) -" nor an article's
closing "(With Reuters)"."""


_PHOTO_WORDS = frozenset("photo picture image handout footage".split())
_TOLD_AUXILIARIES = frozenset("was were has have had".split())
_RELATIVES = frozenset("that who which whose".split())


def _reads_as_caption(doc: Document, sent: int, tokens: list[Token]) -> bool:
    """A sentence before a photo credit is its caption when it names a photo or a full
    date ("Syria June 12 2016"), or describes a scene ("People inspect the damage ...") with
    no speaker and no finite past tense outside a relative clause; "He added that four
    other victims had died" before the credit is the story's own."""
    if any(t.key in _PHOTO_WORDS for t in tokens):
        return True
    s = doc.sentences[sent]
    if any(
        s.start <= d.mention.start < s.end
        and d.mention.kind == "explicit"
        and d.mention.year is not None
        for d in doc.dates
    ):
        return True
    if any(a.sent == sent for a in doc.attributions):
        return False
    return not any(
        t.key in _TOLD_AUXILIARIES
        and all(x.key not in _RELATIVES for x in tokens[max(0, i - 2) : i])
        for i, t in enumerate(tokens)
    )


def _secondary_kind(doc: Document, lex: EventLexicon, sent: int) -> str | None:
    """How a sentence retells rather than tells: ``"headline"`` (the title at the head of
    the text), ``"furniture"`` (a list of linked headlines or a photo caption in the body),
    ``"tally"`` (a toll or trend over a period: "in the past week", "have intensified");
    None when it tells."""
    s = doc.sentences[sent]
    tokens = doc.sentence_tokens(sent)
    if _is_headline(doc, sent):
        return "headline"
    if _title_case(tokens):
        return "headline" if sent <= 1 else "furniture"
    if len(tokens) > 2 and tokens[0].text in _AGENCY_CREDITS and tokens[1].text[:1].isupper():
        return "furniture"  # a photo credit opens a caption: "REUTERS Hosam Katan A rebel ..."
    if _PHOTO_CREDIT_AFTER.match(doc.text, s.end) and _reads_as_caption(doc, sent, tokens):
        return "furniture"  # "... on June 5 2016. (TRT World and Agencies)": a caption
    furniture = lex.furniture.find_all(doc.tokens, s.first_token, s.end_token)
    if furniture and not all(_leading_chrome(doc, s, m) for m in furniture):
        return "furniture"
    period = lex.summary.find_all(doc.tokens, s.first_token, s.end_token)
    if not period:
        return "tally" if _whole_period(doc, sent) else None
    spans = [(doc.tokens[m.start].start, doc.tokens[m.end - 1].end) for m in period]
    return None if has_day(doc, sent, spans) else "tally"


_PERIOD_PREPOSITIONS = ("during ", "throughout ", "over ", "since ", "since mid-", "since early ")


_PERIOD_OPENED = re.compile(
    r"\bsince\b.{0,60}\b(?:collapsed|began|begun|started|broke down|ended|expired|"
    r"took effect|came into force|came into effect)(?: on| late| early)? $",
    re.IGNORECASE,
)


_SINCE = re.compile(r"\bsince (?:early |late |last )?$", re.IGNORECASE)


def opens_period(doc: Document, d: DocDate) -> bool:
    """ "killed since the ceasefire collapsed Monday", "Since Saturday at least 68 civilians
    have been killed": the day a period began, not the day of what the sentence tells."""
    before = doc.text[max(0, d.mention.start - 80) : d.mention.start]
    return bool(_PERIOD_OPENED.search(before) or _SINCE.search(before))


def _whole_period(doc: Document, sent: int) -> bool:
    """The sentence counts over a span of days ("killed between Nov. 14 and Nov. 17", the
    day of the report beside it notwithstanding), or over a whole month or year ("270
    civilians killed during April", "throughout 2015") and names no day."""
    s = doc.sentences[sent]
    dates = [d for d in doc.dates if s.start <= d.mention.start < s.end and d.resolved is not None]
    if any(
        d.resolved is not None
        and d.resolved.end is not None
        and (d.resolved.end - d.resolved.date).days >= 2
        for d in dates
    ):
        return True  # a span of days, longer than a weekend or "the last 24 hours"
    whole = False
    for d in dates:
        assert d.resolved is not None
        if opens_period(doc, d):
            whole = True
            continue
        if d.resolved.precision == "day":
            return False
        before = doc.text[max(s.start, d.mention.start - 12) : d.mention.start].lower()
        if d.resolved.precision in ("month", "year") and before.endswith(_PERIOD_PREPOSITIONS):
            whole = True
    return whole


_CHROME_WORDS = frozenset("print tweet views archive photo file credit".split())
"""Share buttons and photo credits; "related news" and "read more" open link lists."""


def _leading_chrome(doc: Document, s: Sentence, m: PhraseMatch[str]) -> bool:
    """Share buttons or a photo credit run into the head of a sentence whose body goes on
    ("Print Tweet Views 1662 An Islamic State car bomb killed 20 ...", "(AP Archive) A car
    bombing killed ..."): the body tells, the chrome is not a caption."""
    words = {t.key for t in doc.tokens[m.start : m.end]} - {"(", ")", "ap", "afp", "reuters"}
    rest = [
        t.key
        for t in doc.tokens[m.end : s.end_token]
        if not t.key.isdigit() and t.key not in _CHROME_WORDS
    ]
    return (
        words <= _CHROME_WORDS
        and m.end - s.first_token <= 6
        and len(rest) >= 8
        and rest[0] not in ("related", "read", "more", "also", "see", "latest")
    )


def _is_count(text: str, end: int) -> bool:
    """ "2000 people": a number, not a year."""
    rest = text[end : end + 12].lstrip()
    return bool(rest) and rest.split(" ", 1)[0].lower() in (
        "people",
        "civilians",
        "soldiers",
        "troops",
        "fighters",
        "members",
        "homes",
        "families",
    )


_LAST_MONTH = re.compile(r"\b(?:month|year)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RECENT_DAYS = 10
"""News is what happened on or shortly before publication: a sentence dated further back
tells background (docs/annotation.md, section 1)."""
_RECENT_PERIOD_DAYS = 45
"""The same for a period ("last month", "last week"), counted from its last day."""


_SPANS = frozenset("minutes hours day days week weeks months".split())


def span_after(tokens: list[Token], lo: int, hi: int) -> bool:
    """ "hours after", "two days after" between tokens ``lo`` and ``hi``: what follows it
    happened before what comes first ("The attack on the hospital comes two days after
    Russian jets hit an aid convoy")."""
    return any(tokens[i].key == "after" and tokens[i - 1].key in _SPANS for i in range(lo + 1, hi))


def latest_day(date: ResolvedDate) -> dt.date:
    """The last day a resolved date may stand for ("earlier this month": the month's end)."""
    if date.end is not None:
        return date.end
    if date.precision == "week":
        return date.date + dt.timedelta(days=6)
    if date.precision == "month":
        return date.date + dt.timedelta(days=30)
    if date.precision == "year":
        return dt.date(date.date.year, 12, 31)
    return date.date


def told_last_month(doc: Document, sent: int) -> bool:
    """The sentence dates what it tells "last month" or "last year", before the news, and
    names no day of its own ("on Monday, a month after the last attack")."""
    s = doc.sentences[sent]
    return any(
        s.start <= d.mention.start < s.end
        and (d.mention.offset or 0) < 0
        and _LAST_MONTH.search(d.mention.text) is not None
        for d in doc.dates
    ) and not has_day(doc, sent, [])


def is_history(doc: Document, sent: int) -> bool:
    """The sentence speaks of the past or the future, not of a new happening: dated well
    before publication ("in 2013", "the 1994 genocide") or after it ("next Thursday")."""
    s = doc.sentences[sent]
    dates = [d for d in doc.dates if s.start <= d.mention.start < s.end]
    if any(d.mention.modifier == "next" or (d.mention.offset or 0) > 0 for d in dates):
        return True
    if told_last_month(doc, sent):
        return True
    if doc.published is None:
        return False
    recent = any(
        d.resolved is not None and (doc.published - d.resolved.date).days <= _RECENT_DAYS
        for d in dates
    )
    if not recent:
        for m in _YEAR.finditer(doc.text, s.start, s.end):
            if int(m.group()) < doc.published.year and not _is_count(doc.text, m.end()):
                return True
    for d in dates:
        if s.start <= d.mention.start < s.end and d.resolved is not None:
            # a vague period ("last month") reaches back further before it is background
            limit = _RECENT_DAYS if d.resolved.precision == "day" else _RECENT_PERIOD_DAYS
            if (doc.published - latest_day(d.resolved)).days > limit:
                return True
            if (
                d.resolved.precision == "month"
                and _months_before(d.resolved.date, doc.published) >= 2
            ):
                return True  # "retook Manbij in August" in an October story: background
        if s.start <= d.mention.start < s.end and d.year is not None:
            if d.year < doc.published.year:
                return True
        if (
            s.start <= d.mention.start < s.end
            and d.resolved is not None
            and (d.resolved.date - doc.published).days > _RECENT_DAYS
            and _YEAR.search(d.mention.text)
            and not _dateline(doc, s.start, d)
        ):
            return True  # "On August 21 2013" well after publication: not reported news
    return False


def _months_before(month: dt.date, published: dt.date) -> int:
    """Whole calendar months from ``month`` to the publication's month."""
    return (published.year - month.year) * 12 + published.month - month.month


def _dateline(doc: Document, sent_start: int, d: DocDate) -> bool:
    """ "Published November 17 2017 ...", "Date of publication 17 October 2016": the date
    of the page, not of what the sentence tells."""
    before = doc.text[max(sent_start, d.mention.start - 20) : d.mention.start].lower()
    return d.mention.start == sent_start or any(w in before for w in _DATELINE_WORDS)
