"""Stage 9 — statements: direct quotes and reported speech with their speakers.

Adds: ``Document.quotes`` and, through ``build_statements``, the contract's ``Statement``
list. A quote is a pair of double quotes around at least four words (shorter quoted words
such as "regret" are scare quotes, not statements). Its speaker is the attribution in the
sentences the quote touches ("...," Churkin told reporters / Churkin said: "..."); a quote
with none continues the previous quote's speaker. Every attribution whose content is not
a quote is reported speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from sitrep.attribution import Attribution
from sitrep.document import Document
from sitrep.models import Statement

_QUOTE = re.compile('"')
_MIN_QUOTE_WORDS = 4
_MIN_REPORTED_WORDS = 3


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    """Span of the quoted words, without the quote marks (normalised text)."""
    first_sent: int
    last_sent: int


def find_quotes(doc: Document) -> None:
    """Fill ``doc.quotes`` by pairing double quotes within each paragraph."""
    text = doc.text
    pos = 0
    for paragraph in text.split("\n"):
        marks = [pos + m.start() for m in _QUOTE.finditer(paragraph)]
        for open_at, close_at in zip(marks[::2], marks[1::2], strict=False):
            inner = text[open_at + 1 : close_at]
            if len(inner.split()) < _MIN_QUOTE_WORDS:
                continue
            a = open_at + 1 + (len(inner) - len(inner.lstrip()))
            b = close_at - (len(inner) - len(inner.rstrip()))
            doc.quotes.append(Quote(a, b, _sent_at(doc, a), _sent_at(doc, max(a, b - 1))))
        pos += len(paragraph) + 1


def _sent_at(doc: Document, char: int) -> int:
    for s in doc.sentences:
        if s.start <= char < s.end:
            return s.index
    return len(doc.sentences) - 1


def build_statements(doc: Document) -> list[Statement]:
    """The contract's statements, in text order."""
    out: list[tuple[int, Statement]] = []
    used: set[int] = set()
    previous: Attribution | None = None
    for q in doc.quotes:
        att = _speaker_of(doc, q, used)
        if att is None and previous is not None and _follows(doc, previous, q):
            att = previous
        if att is None:
            continue
        used.add(id(att))
        previous = att
        a, b = doc.original_span(q.start, q.end)
        text = doc.norm.original[a:b].rstrip(" ,")
        b = a + len(text)
        out.append((a, Statement(att.speaker, att.speaker_role, text, True, (a, b), att.via)))
    for att in doc.attributions:
        if att.speaker is None or att.continues:
            continue  # a report continued without a speech act is no statement of its own
        trimmed = _trim(doc, *att.content)
        if trimmed is None:
            continue
        ca, cb = trimmed
        if any(q.start < cb and ca < q.end for q in doc.quotes):
            # the words before a quote the speech act introduces may be reported speech
            end = _before_quote(doc, ca, cb)
            if end is None:
                continue
            cb = end
        elif id(att) in used:
            continue
        if len(doc.text[ca:cb].split()) < _MIN_REPORTED_WORDS:
            continue
        a, b = doc.original_span(ca, cb)
        out.append(
            (
                a,
                Statement(
                    att.speaker, att.speaker_role, doc.norm.original[a:b], False, (a, b), att.via
                ),
            )
        )
    out.sort(key=lambda x: x[0])
    return [s for _, s in out]


_CLAUSE_JOIN = re.compile(r"""[\s,;:"“]*(?:\b(?:and|but)\b)?[\s,;:"“]*$""")
"""The end of reported words that a quoted clause continues: ', and "', ': "'."""


def _before_quote(doc: Document, a: int, b: int) -> int | None:
    """End of the reported words before the first quote inside ``[a, b)`` when they form
    a clause of their own joined to the quote ('She said the United States was
    investigating the strikes and "if we determine ..."' — "if ..." is quoted, the rest
    reported); None when the quote is part of the reported clause ('said the attack was
    "a crime against humanity"') or nothing comes before it."""
    first = min((q.start for q in doc.quotes if a < q.end and q.start < b), default=None)
    if first is None or first <= a:
        return None
    text = doc.text
    head = text[a:first]
    join = _CLAUSE_JOIN.search(head)
    if join is None or not re.search(r"\b(?:and|but)\b|[,;:]", join.group()):
        return None
    end = a + join.start()
    if len(text[a:end].split()) < _MIN_REPORTED_WORDS:
        return None
    return end


def quote_speaker(doc: Document, q: Quote) -> Attribution | None:
    """The speech act whose speaker said the quote (``_speaker_of``)."""
    return _speaker_of(doc, q, set())


def _speaker_of(doc: Document, q: Quote, used: set[int]) -> Attribution | None:
    """The attribution nearest the quote in the sentences it touches; else one opening the
    next sentence ('"...", she said. / "..." Churkin told reporters.' split by the splitter)."""
    best: tuple[int, int, Attribution] | None = None
    for att in doc.attributions:
        if not q.first_sent <= att.sent <= q.last_sent + 1 or att.continues:
            continue
        verb = doc.tokens[att.verb_tok]
        if q.start <= verb.start < q.end:
            continue  # a speech verb inside the quote belongs to the quoted words
        if att.sent == q.last_sent + 1 and att.sent != q.first_sent:
            s = doc.sentences[att.sent]
            if verb.start - s.start > 60:
                continue
        distance = min(abs(verb.start - q.start), abs(verb.start - q.end))
        outside = 0 if q.first_sent <= att.sent <= q.last_sent else 1
        if best is None or (outside, distance) < best[:2]:
            best = (outside, distance, att)
    return best[2] if best else None


def _follows(doc: Document, previous: Attribution, q: Quote) -> bool:
    return 0 <= q.first_sent - previous.sent <= 2


_SPEECH_CIRCUMSTANCE = frozenset(
    """in a an the on at late early earlier later also today yesterday monday tuesday
    wednesday thursday friday saturday sunday night morning afternoon evening statement
    separately told reporters news conference briefing interview by phone telephone
    email emailed written televised video press release""".split()
)
"""Words of the circumstances of a speech act that follow its verb ("said on Monday in a
statement ...")."""
_NOT_CONTENT = frozenset(
    """in at on by during without again declining citing with of for from under via
    through putting""".split()
)
"""A lower-case word that, right after a speech verb and its circumstances, opens more
circumstance rather than what was said ("said in an interview in his Geneva office",
"said by telephone from Britain", "said without giving details")."""
_DANGLING = frozenset({"in", "on", "at", "a", "an", "the"})
_PARTICIPLE_OPENERS = frozenset({"adding", "saying", "noting", "stressing", "warning"})
_WORD_AT = re.compile(r"[\w'-]+|[^\w\s]")


_ADDRESSEE_WORDS = frozenset({"the", "news", "agency", "of", "state", "television", "tv"})


def _past_addressee(words: list[tuple[int, str]], k: int) -> int:
    """Past the outlet a speaker told ("told SANA that ...", "told the Anadolu news agency
    that ..."): a few capitalised words before "that"; else ``k``."""
    j = k
    while j < len(words) and j - k < 5:
        w = words[j][1]
        if w.lower() == "that":
            return j if j > k and any(x[1][:1].isupper() for x in words[k:j]) else k
        if not (w[:1].isupper() or w.lower() in _ADDRESSEE_WORDS):
            return k
        j += 1
    return k


def _past_place(words: list[tuple[int, str]], k: int) -> int:
    """Past where a speech act took place when "that" follows ("told journalists in Abuja
    on Monday that ..."): circumstances and capitalised names after "in", "at", "from";
    else ``k``."""
    j = k
    place = False
    while j < len(words) and j - k < 8:
        w = words[j][1]
        low = w.lower()
        if low == "that":
            return j if j > k else k
        if low in ("in", "at", "from"):
            place = True
        elif not (low in _SPEECH_CIRCUMSTANCE or low in _ADDRESSEES or (place and w[:1].isupper())):
            return k
        j += 1
    return k


_ADDRESSEES = frozenset({"journalists", "correspondents", "lawmakers", "parliament"})


def _trim(doc: Document, a: int, b: int) -> tuple[int, int] | None:
    """The words said inside an attribution's content: past the circumstances of the
    speech act and a "that"; None when the content is only circumstances."""
    text = doc.text
    while a < b and text[a] in " ,:":
        a += 1
    while b > a and text[b - 1] in " .,;:":
        b -= 1
    semi = text.rfind(";", a, b)
    if semi > a and len(text[semi:b].split()) <= 4:
        b = semi  # "...; SANA reported"
    words = [(m.start(), m.group()) for m in islice(_WORD_AT.finditer(text, a, b), 16)]
    k = 0
    if words and words[0][1].lower() in _PARTICIPLE_OPENERS:
        k = 1  # "..., adding that ..."
    start = k
    while k < len(words) and words[k][1].lower() in _SPEECH_CIRCUMSTANCE and k - start < 8:
        k += 1
    k = _past_addressee(words, k)
    k = _past_place(words, k)
    if k < len(words) and words[k][1].lower() == "that":
        return words[k + 1][0] if k + 1 < len(words) else b, b
    if k < len(words) and words[k][1] in _NOT_CONTENT:
        return None
    if (
        k < len(words)
        and k > start
        and words[k - 1][1].lower() in ("in", "on", "at", "a", "an", "the")
    ):
        k = start  # "said on the outskirts ...": not a circumstance after all
    if k >= len(words):
        return None
    return words[k][0], b
