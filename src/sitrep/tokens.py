"""Stage 2 — sentences and tokens over the normalised text.

Adds: ``Sentence`` spans and ``Token`` objects (with a folded ``key`` for lexicon lookup).
Hyphens separate tokens ("al-Nusra" → "al", "Nusra") so that spelling variants with
spaces or hyphens meet the same lexicon entry; a possessive "'s" is a token of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sitrep.normalize import GAP

_TOKEN = re.compile(
    r"[A-Za-z]\.(?:[A-Za-z]\.)++"  # U.S. U.N. a.m.
    r"|\d+(?:[.,:]\d+)*+"  # 1,200 10:30 2.5
    r"|'s\b"  # possessive
    r"|[^\W\d_]+(?:'(?!s\b)[^\W\d_]+)*+"  # words, Shi'ite, Ma'arrat
    r"|[^\w\s-]|" + GAP,
)
"""Possessive repeats (nothing follows them, so they match as greedy ones would) and the
abbreviation's first letter outside its repeat: most words fail that branch at once."""

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen col lt sgt capt maj cpl pvt adm brig cmdr st mt ft jan feb mar apr
    jun jul aug sep sept oct nov dec no nos vs etc rep sen gov pres prof jr sr inc corp co
    ltd dept est approx fig al""".split()
)
_SENTENCE_END = re.compile(r"[.!?]+")
_NEXT_START = re.compile(r"""\s*["')\]]?\s+(?=(?:["'(\[]|\ufffd+)?[A-Z0-9\u25a1])|\s*\n+""")
"""What may follow a sentence's end: a space, then a capital or a digit, maybe after an
opening quote or bracket, or a curly quote lost in a wrong encoding ("confirmed. ��A
majority ...")."""


@dataclass(slots=True)
class Token:
    """One token. :func:`tokenize` fills the slots without calling ``__init__`` (it makes
    a few hundred per article): a new field must be set there too."""

    text: str
    key: str
    start: int
    end: int
    sent: int
    is_title: bool
    """Starts with a capital letter (kept, not computed: every stage asks it often)."""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    index: int
    first_token: int
    """Index of the sentence's first token in the document's token list."""
    end_token: int
    """One past the index of its last token."""


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case and strip diacritics: the key lexicons are matched on."""
    lowered = word.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans. Knows abbreviations, initials and closing quotes after a full stop."""
    spans: list[tuple[int, int]] = []
    start = 0
    quotes_open = False
    scan_from = 0
    for m in _SENTENCE_END.finditer(text):
        quotes_open ^= text.count('"', scan_from, m.start()) % 2 == 1
        scan_from = m.start()
        end = m.end()
        if m.group() == ".":
            word_start = end - 1
            while word_start > 0 and (text[word_start - 1].isalpha()):
                word_start -= 1
            word = text[word_start : end - 1].lower()
            if word in _ABBREVIATIONS:
                continue
            if len(word) == 1 and text[word_start].isupper():
                continue  # initials: "George W. Bush", "U.S." split by spaces
            if word_start > 0 and text[word_start - 1] == ".":
                continue  # "U.S." in the middle of a sentence is handled below
        nxt = _NEXT_START.match(text, end)
        if nxt is None:
            continue
        boundary = end
        rest = text[end : nxt.end()]
        if quotes_open and rest.lstrip(" ").startswith('"'):
            boundary = text.index('"', end) + 1
            quotes_open = False
            scan_from = boundary
        spans.append((start, boundary))
        start = nxt.end()
        while start < len(text) and text[start] in " \n":
            start += 1
        if start > boundary:
            quotes_open ^= text.count('"', boundary, start) % 2 == 1
            scan_from = start
    if start < len(text) and text[start:].strip():
        end = len(text.rstrip())
        spans.append((start, end))
    return _split_credits(text, _split_lines(text, spans))


_CREDIT = r"\((?:(?:[A-Z][\w.]*|and)\s+){0,4}(?:Photo|PHOTO|photo|Agencies)\)"
_AGENCY = r"(?<=[a-z0-9] )\((?:AFP|Reuters|AP|EPA)\)"
_PHOTO_CREDIT = re.compile(rf"(?:{_CREDIT}|{_AGENCY})(?:\s+{_CREDIT})*(?=\s+[A-Z0-9\"])")
"""Photo credits in brackets that close a caption: "... in Ariha (Reuters Photo)", "...
on Saturday (File photo) (TRT World and Agencies)", "... to Latakia June 6 2015 (Reuters)"
(an agency alone after a word in lower case or a number, not a dateline's "BEIRUT
(Reuters)")."""


_CREDIT_ENDS = ("hoto)", "HOTO)", "Agencies)", "AFP)", "Reuters)", "AP)", "EPA)")
"""What every credit that ``_PHOTO_CREDIT`` finds ends with: a text with none has none."""


def _split_credits(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A photo credit in brackets ends its caption, whose full stop is often lost: "People
    inspect the damage ... (Reuters Photo) Thirty-five people were killed ..." is two
    sentences."""
    if not any(c in text for c in _CREDIT_ENDS):
        return spans
    out: list[tuple[int, int]] = []
    for a, b in spans:
        pos = a
        for m in _PHOTO_CREDIT.finditer(text, a, b):
            nxt = m.end()
            while nxt < b and text[nxt] == " ":
                nxt += 1
            if nxt < b and text[pos : m.start()].strip():
                out.append((pos, m.end()))
                pos = nxt
        out.append((pos, b))
    return out


def _split_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A line break always ends a sentence (headlines, paragraphs)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        pos = a
        i = text.find("\n", pos, b)
        while i != -1:
            if text[pos:i].strip():
                out.append((pos, i))
            pos = i + 1
            i = text.find("\n", pos, b)
        if text[pos:b].strip():
            out.append((pos, b))
    return out


def tokenize(text: str) -> tuple[list[Sentence], list[Token]]:
    """Split ``text`` into sentences and tokens (each token knows its sentence)."""
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    append = tokens.append
    finditer = _TOKEN.finditer
    new = Token.__new__  # the hot loop fills the slots itself: no __init__ call per token
    for index, (a, b) in enumerate(split_sentences(text)):
        first = len(tokens)
        for m in finditer(text, a, b):
            word = m[0]  # never empty
            t = new(Token)
            t.text = word
            t.key = fold(word)
            t.start = m.start()
            t.end = m.end()
            t.sent = index
            t.is_title = word[0].isupper()
            append(t)
        sentences.append(Sentence(a, b, index, first, len(tokens)))
    return sentences, tokens


_FUNCTION_WORDS = frozenset(
    "the a an of in on at by from for with and or have has had were was is are been be to "
    "after as near into said who which that".split()
)


def tag_list_end(tokens: Sequence[Token], first: int, stop: int) -> int:
    """Where the body of the sentence ``tokens[first:stop]`` begins: at ``first``, or after
    a page's keyword list that opens it ("Tags Syria Damascus Regime Airstrikes Syrian
    regime airstrikes on a rebel-held region killed 22"): at the first function word if it
    is capitalised ("... Jaish al-Islam At least 43 people"), else at the capitalised word
    that opens the subject before it ("Syrian regime airstrikes on"). The list's words
    ("Airstrikes") are page furniture."""
    if first >= stop or tokens[first].text != "Tags":
        return first
    for i in range(first + 1, stop):
        if tokens[i].key not in _FUNCTION_WORDS or (
            len(tokens[i].text) > 1 and tokens[i].text.isupper()
        ):
            continue  # nor is the tag "IS" the verb "is"
        j = i
        while j > first + 1 and not tokens[j].text[:1].isupper():
            j -= 1
        return j
    return first + 1
