"""Stage 1 — normalisation of real-world news text.

Adds: ``NormalizedText`` (the cleaned string plus a map of every character back to the text
exactly as given, so spans always point into the original).

What it mends, in order:
- curly quotes and dashes to ASCII, non-breaking and zero-width characters;
- datelines at the start ("BEIRUT (Reuters) -", "(REUTERS) —", "WASHINGTON (AP) —");
- spaced abbreviations ("U. S." → "U.S.", "U. N." → "U.N.");
- gaps left where hyphenated words were stripped from a corpus: a run of three or more
  spaces becomes the marker ``GAP`` (a token of its own), so lexicons can still match
  "Deir □ airport" against "Deir ez-Zor airport";
- other runs of spaces and tabs collapse to one space; line breaks are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

GAP = "\u25a1"
"""Marks a place where a token was stripped from the text ("near Deir   airport")."""

_CHAR_MAP = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\r": " ",
        "\u200b": " ",
    }
)

_DATELINE = re.compile(
    r"""\A\s*
    (?:[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.' ]{1,30})?\s*)?   # BEIRUT / WASHINGTON, D.C.
    \((?:Reuters|REUTERS|AP|AFP|Xinhua|XINHUA|Sputnik|SANA|TASS|Anadolu|AA|UPI|dpa|DPA)\)
    \s*[-:]*\s*""",
    re.VERBOSE,
)
_DATED_HEADER = re.compile(
    r"""(?:\b(?:AFP|Reuters|AP|DPA|Xinhua|Anadolu|SANA)\s+)?   # agency before the date
    \b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\s+\d{1,2}\s+
    (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\s""",
    re.VERBOSE,
)
"""A dated header inside a headline block ("… Monitor AFP Wednesday 13 Jul 2016 At least
…", as news datasets store title, agency and date before the body): a line break."""
_SPACED_ABBREV = re.compile(r"([A-Z])(?<!\w[A-Z])\. (?=[A-Z]\.)")
_GAP_RUN = re.compile(r" (?<=\S )  +(?=\S)")
_SPACE_RUN = re.compile(r" {2,}")
_EDGE_SPACE = re.compile(r" (?:(?<=^ ) *| *$)", re.MULTILINE)
"""Spaces at the start or end of a line. These patterns begin with a plain character (not
``\\b`` or a lookbehind), so the regex engine can skip ahead to candidates quickly."""


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The normalised text and, for each of its characters, the offset in the original."""

    original: str
    text: str
    offsets: Sequence[int]
    """``offsets[i]`` is the original offset of ``text[i]``; one extra entry for the end."""

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the normalised text to the original text."""
        if end <= start:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_slice(self, start: int, end: int) -> str:
        a, b = self.to_original(start, end)
        return self.original[a:b]


def _substitute(
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str]], str],
    text: str,
    offsets: Sequence[int],
) -> tuple[str, Sequence[int]]:
    """Apply ``pattern.sub`` while keeping the offset map in step with the text (a
    ``range`` while nothing has moved: most texts need no list of offsets at all)."""
    parts: list[str] = []
    new_offsets: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        a, b = match.span()
        parts.append(text[last:a])
        new_offsets.extend(offsets[last:a])
        replacement = replace(match)
        parts.append(replacement)
        if len(replacement) == b - a:
            new_offsets.extend(offsets[a:b])
        else:
            new_offsets.extend([offsets[a]] * len(replacement))
        last = b
    if last == 0:
        return text, offsets
    parts.append(text[last:])
    new_offsets.extend(offsets[last:])
    return "".join(parts), new_offsets


def _header_breaks(text: str, offsets: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Put line breaks around a dated header in the first 300 characters."""
    m = _DATED_HEADER.search(text, 0, 300)
    if m is None:
        return text, offsets
    a, b = m.span()
    chars = list(text)
    if a > 0 and chars[a - 1] == " ":
        chars[a - 1] = "\n"
    chars[b - 1] = "\n"
    return "".join(chars), offsets


def normalize(original: str) -> NormalizedText:
    """Return the cleaned text with its map back to ``original``."""
    text = original.translate(_CHAR_MAP)
    offsets: Sequence[int] = range(len(text))  # translate maps one character to one
    text, offsets = _substitute(_DATELINE, lambda m: "", text, offsets)
    text, offsets = _header_breaks(text, offsets)
    text, offsets = _substitute(_SPACED_ABBREV, lambda m: m.group(1) + ".", text, offsets)
    text, offsets = _substitute(_GAP_RUN, lambda m: " " + GAP + " ", text, offsets)
    text, offsets = _substitute(_SPACE_RUN, lambda m: " ", text, offsets)
    text, offsets = _substitute(_EDGE_SPACE, lambda m: "", text, offsets)
    if isinstance(offsets, range) and len(text) == len(original):
        return NormalizedText(original=original, text=text, offsets=range(len(original) + 1))
    return NormalizedText(original=original, text=text, offsets=(*offsets, len(original)))
