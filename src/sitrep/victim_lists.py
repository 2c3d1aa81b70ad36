"""Part of stage 6 (``casualties``): victims named one by one before a figure in a list.

"Abu Firas al-Suri, his son and at least 20 jihadists were killed", "The commander of the
brigade, his brother and 12 other fighters were killed": the people named before the figure
count one each (a figure of 2), besides the figure's own victims — when the list's commas
are lost too ("The spokesman for the group his son and 20 other terrorists were killed").
A possessive ("his son") after a person's name or a singular title opens a new item: with
no possessive ("the spokesman's son") the list names no one besides.

``list_item``: a figure with no casualty word of its own that continues a list opened by
the figure before it ("15 dead among X and 23 among Y as well as two civilians", "three
workers an entire family of six ... in addition to one local man").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sitrep.quantities import NumberPhrase
from sitrep.tokens import Token

if TYPE_CHECKING:
    from sitrep.actors import ActorMention
    from sitrep.attribution import Attribution
    from sitrep.casualties import CasualtyLexicon, CasualtyMention
    from sitrep.document import Document

_POSSESSIVES = frozenset({"his", "her"})
_SUBJECT_OPENERS = frozenset({",", "that", "said", "when", "after", "while", '"'})
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "abd", "-", "de", "van"})
_MAX_SUBJECT = 12


def persons_before_figures(doc: Document, lex: CasualtyLexicon, said: list[Attribution]) -> None:
    """Add a figure of the people named before a figure of killed in its subject ("X, his
    son and 20 other terrorists were killed": 2 besides the 20)."""
    from sitrep.casualties import CasualtyMention, _claimant

    tokens = doc.tokens
    found = []
    for n, c in enumerate(doc.casualties):
        if c.kind != "killed" or c.start != c.number.start:
            continue  # the figure must open its clause before its casualty word
        i = doc.token_index_at(c.number.start)
        s = doc.sentences[c.sent]
        if i - 3 < s.first_token or tokens[i - 1].key != "and":
            continue
        item = _possessive_item(lex, tokens, i - 1, s.first_token)
        if item is None:
            continue
        first = _person_before(lex, tokens, item, s.first_token)
        if first is None:
            continue
        start, end = tokens[first].start, tokens[i - 2].end
        if any(x.sent == c.sent and start <= x.number.start < end for x in doc.casualties):
            continue
        two = NumberPhrase(start, end, doc.text[start:end], 2, None, 2, 2, False)
        source, others = _claimant(doc, said, start, c.sent, False)
        found.append(
            CasualtyMention(two, "killed", c.sent, None, source, start, c.end, co_sources=others)
        )
        if c.adds is None:
            doc.casualties[n] = replace(c, adds="others")  # the figure's victims are besides
    doc.casualties.extend(found)
    doc.casualties.sort(key=lambda c: c.number.start)


def _possessive_item(
    lex: CasualtyLexicon, tokens: list[Token], and_tok: int, first: int
) -> int | None:
    """Where "his son", "her young daughter" starts, ending right before ``and_tok``."""
    for k in range(and_tok - 2, max(first, and_tok - 4) - 1, -1):
        if tokens[k].key in _POSSESSIVES:
            noun = lex.single.match_at(tokens, k + 1, and_tok)
            if noun is None:
                # an adjective or two before the noun ("his young son")
                noun = next(
                    (
                        m
                        for j in range(k + 2, and_tok)
                        if (m := lex.single.match_at(tokens, j, and_tok)) is not None
                    ),
                    None,
                )
            return k if noun is not None and noun.end == and_tok else None
        if not tokens[k].text.isalpha():
            return None
    return None


def _person_before(lex: CasualtyLexicon, tokens: list[Token], k: int, first: int) -> int | None:
    """The first token of the one person named right before the possessive at ``k``: a name
    ("Abu Firas al-Suri") or a singular title with what qualifies it ("The spokesman for the
    group"), opening the sentence or its clause."""
    e = k - 1 if k > first and tokens[k - 1].key == "," else k  # "X, his son and ..."
    a = e
    while a > first and e - a < _MAX_SUBJECT and tokens[a - 1].key not in _SUBJECT_OPENERS:
        a -= 1
    if a == e or (a > first and tokens[a - 1].key not in _SUBJECT_OPENERS):
        return None
    words = tokens[a:e]
    if any(t.text[:1].isdigit() for t in words):
        return None
    if words[0].key in ("the", "a", "an"):
        head = lex.single.match_at(tokens, a + 1, e)
        return a if head is not None else None
    if all(
        t.text[:1].isupper() or t.key in _NAME_PARTICLES or t.key.startswith("al-") for t in words
    ):
        return a if len(words) <= 5 else None
    return None


HARD_BREAKS = frozenset({";", ":", "but", "while", "whereas"})
AUXILIARIES = frozenset("was were have has had been be is are reportedly also".split())


def list_item(
    doc: Document,
    lex: CasualtyLexicon,
    last: CasualtyMention,
    tok: int,
    end_tok: int,
    victim: ActorMention | None,
) -> bool:
    """The figure at ``tok`` continues a list that ``last`` opens, with no casualty word of
    its own: "at least 15 dead among X and 23 among Y as well as two civilians"."""
    tokens = doc.tokens
    last_end = doc.token_index_at(last.number.end)
    # a relative clause on the last item's victims ("six displaced people who were living
    # in the village some of whom were children") lengthens the reach
    relative = next(
        (i for i in range(last_end, min(tok, last_end + 4)) if tokens[i].key in _RELATIVES), None
    )
    reach = 9 if relative is None else 16
    if tokens[last_end - 1].sent != tokens[tok].sent or not 0 < tok - last_end <= reach:
        return False
    before = [t.key for t in tokens[max(0, tok - 3) : tok]]
    linked = (
        tokens[tok - 1].key in ("and", "plus")
        or before in (["as", "well", "as"], ["in", "addition", "to"])
        or _family_item(tokens, last_end, tok)
    )
    if not linked:
        return False
    if any(t.key in HARD_BREAKS or t.text == "(" for t in tokens[last_end : tok - 1]):
        return False
    if any(
        relative is None or m.start < relative for m in lex.subset.find_all(tokens, last_end, tok)
    ):
        return False  # "eleven were killed among them a child and two women": parts
    stop = doc.sentences[tokens[tok].sent].end_token
    for t in tokens[end_tok : min(stop, end_tok + 4)]:
        if t.key in _RELATIVES:
            break  # "six displaced people who were residing in the village"
        if t.key in AUXILIARIES:
            return False  # "100 were killed and 500 others have been affected": its own verb
    if victim is not None or end_tok >= stop:
        return True
    nxt = tokens[end_tok]
    return (
        nxt.key in lex.people
        or nxt.key in ("among", "others", "more", "on", "in")
        or not nxt.text.isalpha()
    )


_RELATIVES = frozenset({"who", "which", "whom"})
_NOT_VICTIM_WORDS = frozenset(
    """killed dead died wounded injured among including of in on at and or was were have
    has had been be is are also""".split()
)


def _family_item(tokens: list[Token], last_end: int, tok: int) -> bool:
    """ "claiming the lives of three workers an entire family of six ...": with its comma
    lost, a family of N opens the next item of the list (N people)."""
    if tok - last_end < 4 or [t.key for t in tokens[tok - 2 : tok]] != ["family", "of"]:
        return False
    k = tok - 3
    if tokens[k].key not in ("a", "an"):
        k -= 1  # "an entire family of six", "a whole family of five"
    if not (k > last_end and tokens[k].key in ("a", "an") and tokens[k + 1].text.isalpha()):
        return False
    # only the last item's victims stand between ("three workers an entire family of six");
    # not "among the 23 killed was a family of 10", a part of the figure
    return all(t.text.isalpha() and t.key not in _NOT_VICTIM_WORDS for t in tokens[last_end:k])
