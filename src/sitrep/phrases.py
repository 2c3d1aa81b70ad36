"""A longest-match phrase index over folded tokens, shared by every lexicon-driven stage.

Phrases are written as text in the data files; they are split with the same tokenizer as
articles, so "al-Nusra Front", "al Nusra front" and "Al-Nusra Front" meet one key.
A phrase of at most five letters written in capitals ("IS", "US", "PKK") matches only in
capitals; every other phrase ignores case and diacritics. A phrase containing a hyphenated
word also matches with that word missing (``GAP``): corpora that stripped hyphenated words
turn "Deir ez-Zor airport" into "Deir   airport".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sitrep.normalize import GAP
from sitrep.tokens import Token, fold

T = TypeVar("T")

_PHRASE_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|\d+(?:[.,:]\d+)*|'s\b|[^\W\d_]+(?:'(?!s\b)[^\W\d_]+)*"
)
_HYPHENATED = re.compile(r"\S*\w-\w\S*")
_CASE_SENSITIVE = re.compile(r"[A-Z]{2,5}")


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The folded token keys a lexicon phrase is matched on."""
    return tuple(_split_with_gap(phrase))


def gap_variants(phrase: str) -> list[str]:
    """Forms of ``phrase`` with one hyphenated word stripped out (as some corpora do)."""
    out = []
    for m in _HYPHENATED.finditer(phrase):
        rest = phrase[: m.start()] + phrase[m.end() :]
        if len(_PHRASE_TOKEN.findall(rest)) >= 2:
            out.append(phrase[: m.start()] + GAP + phrase[m.end() :])
    return out


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[T]):
    start: int
    """Index of the first token."""
    end: int
    """One past the index of the last token."""
    values: tuple[T, ...]


class _Node(Generic[T]):
    """A trie node: the next token keys, and the values of the phrase ending here."""

    __slots__ = ("any_caps", "children", "entries", "values")

    def __init__(self) -> None:
        self.children: dict[str, _Node[T]] = {}
        self.entries: list[tuple[T, bool]] = []
        """(value, needs capitals) of the phrase that ends at this node."""
        self.any_caps = False
        """Does any of ``entries`` need capitals (else no case check is needed)?"""
        self.values: tuple[T, ...] = ()
        """The values of ``entries`` (all of them: what a match gets without ``any_caps``)."""


class PhraseIndex(Generic[T]):
    """Maps token sequences to values; finds the longest match at each position."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], list[tuple[T, bool]]] = {}
        self._root: dict[str, _Node[T]] = {}
        """A trie over token keys; its first level doubles as the set of first keys, so
        most tokens are rejected by one dict lookup."""

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, phrase: str, value: T, *, with_gaps: bool = False) -> None:
        """Index ``phrase`` (and its stripped-hyphen forms when ``with_gaps``)."""
        needs_capitals = bool(_CASE_SENSITIVE.fullmatch(phrase))
        forms = [phrase, *gap_variants(phrase)] if with_gaps else [phrase]
        for form in forms:
            keys = tuple(_split_with_gap(form))
            if not keys:
                continue
            values = self._entries.setdefault(keys, [])
            if (value, needs_capitals) not in values:
                values.append((value, needs_capitals))
            level = self._root
            node: _Node[T] | None = None
            for key in keys:
                node = level.get(key)
                if node is None:
                    node = level[key] = _Node()
                level = node.children
            assert node is not None
            node.entries = values
            node.any_caps = any(caps for _, caps in values)
            node.values = tuple(v for v, _ in values)

    def add_all(self, phrases: Iterable[str], value: T, *, with_gaps: bool = False) -> None:
        for phrase in phrases:
            self.add(phrase, value, with_gaps=with_gaps)

    def lookup(self, phrase: str) -> list[T]:
        """Values of exactly ``phrase`` (case rules applied to ``phrase`` itself)."""
        capitals = bool(_CASE_SENSITIVE.fullmatch(phrase))
        entries = self._entries.get(tuple(_split_with_gap(phrase)), [])
        return [v for v, caps in entries if capitals or not caps]

    def match_at(self, tokens: Sequence[Token], i: int, end: int) -> PhraseMatch[T] | None:
        """The longest phrase starting at token ``i`` (not crossing ``end``)."""
        if i >= end:
            return None
        node = self._root.get(tokens[i].key)
        return None if node is None else _walk(node, tokens, i, end)

    def find_all(
        self, tokens: Sequence[Token], start: int = 0, end: int | None = None
    ) -> list[PhraseMatch[T]]:
        """Non-overlapping longest matches, left to right."""
        stop = len(tokens) if end is None else end
        out: list[PhraseMatch[T]] = []
        root = self._root
        i = start
        while i < stop:
            key = tokens[i].key
            if key not in root:  # most tokens: one lookup
                i += 1
                continue
            m = _walk(root[key], tokens, i, stop)
            if m is not None:
                out.append(m)
                i = m.end
            else:
                i += 1
        return out


def _walk(node: _Node[T], tokens: Sequence[Token], i: int, end: int) -> PhraseMatch[T] | None:
    """The longest phrase starting at token ``i`` whose first key led to ``node``."""
    best_end = 0
    best_values: tuple[T, ...] = ()
    j = i
    while True:
        j += 1
        if node.entries:
            if node.any_caps:
                values = tuple(
                    v for v, caps in node.entries if not caps or _in_capitals(tokens, i, j)
                )
                if values:
                    best_end, best_values = j, values
            else:
                best_end, best_values = j, node.values
        if j >= end:
            break
        nxt = node.children.get(tokens[j].key)
        if nxt is None:
            break
        node = nxt
    return PhraseMatch(i, best_end, best_values) if best_end else None


def _in_capitals(tokens: Sequence[Token], i: int, j: int) -> bool:
    return all(t.text.isupper() for t in tokens[i:j])


def _split_with_gap(phrase: str) -> list[str]:
    parts = phrase.split(GAP)
    out: list[str] = []
    for n, part in enumerate(parts):
        if n:
            out.append(GAP)
        out.extend(fold(t) for t in _PHRASE_TOKEN.findall(part))
    return out
