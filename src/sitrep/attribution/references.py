"""References back to a speaker named before ("he", "it", "the ministry", "the same
source"), a description named next ("one resident said ... Mehdi Tahhan said"), and the
source named at the end of a headline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.attribution.bodies import _MONITOR_WORDS, _article_names, _described_body
from sitrep.attribution.common import (
    _ANY_BODY,
    _BODY_WORDS,
    _DETERMINERS,
    _DOCUMENT_WORDS,
    _NOT_QUALIFIERS,
    _REFERRING,
    Attribution,
    SpeechLexicon,
    _np_text,
    _with_speaker,
)
from sitrep.document import Document
from sitrep.normalize import normalize
from sitrep.tokens import Token, tokenize


@dataclass(frozen=True, slots=True)
class _Said:
    """A speaker named so far, for "the ministry said", "it added", "he said"."""

    name: str
    role: str | None
    person: bool
    words: frozenset[str]
    source_type: str | None = None
    spoke: bool = True
    """False for a body only mentioned, not yet quoted."""
    act: int = -1
    """The verb token of the speech act (shared by its co-speakers), -1 for none."""
    issued: bool = False
    """The act was told in a document ("said in a statement"): "the statement" is its."""


_INDEFINITE = frozenset({"a", "an", "one"})


def _named_later(doc: Document, speech: SpeechLexicon) -> None:
    """The article describes a speaker first and names it next: "one resident said ... .
    ... Mehdi Tahhan said", "a Turkish broadcaster claims ... . ... Haberturk reported",
    "the body's spokesman said ... . ... Shadi al-Jundi told AFP". A description (an
    indefinite one, or a definite one that refers back to no one) takes the name of the
    next speaker when that speaker is named in one of the two sentences after it, for the
    first time in the article, with no title other than the description's ("the provincial
    governor said ... . Governor Talal al-Barazi told AFP"), and is of the same kind (a
    person for "resident", a body for "broadcaster" or "group")."""
    atts = doc.attributions
    tokens = doc.tokens
    for n, att in enumerate(atts):
        if att.is_person or att.speaker_tok is None or att.speaker is None:
            continue
        a, b = att.speaker_tok
        head = att.speaker.split()[-1].lower()
        lead = max(doc.sentences[att.sent].first_token, a - 3)
        if head not in speech.titles:
            continue
        described = _indefinite_head(tokens, lead, b, head, speech.titles) or (
            _definite_head_at(tokens, lead, b, head, speech.titles)
            and _np_text(doc, a, b).lower().endswith(att.speaker.lower())  # unresolved
        )
        if not described:
            continue
        later = next((x for x in atts[n + 1 :] if x.sent != att.sent), None)
        if later is None or later.sent > att.sent + 2 or later.speaker_tok is None:
            continue
        name = later.speaker
        if name is None or not name[:1].isupper():
            continue
        if later.speaker_role is not None and any(
            w in speech.titles and w != head for w in later.speaker_role.lower().split()
        ):
            continue
        if later.is_person != (head not in _BODY_WORDS):
            continue
        la, lb = later.speaker_tok
        first_word = name.split()[0] if later.is_person else name
        # the title words that go with the name: those before it, not those of the words
        # run into the speaker phrase ("... minister ... were wounded Shadi al-Jundi told")
        la = next((i for i in range(la, lb) if tokens[i].text == first_word), la)
        sent_first = doc.sentences[later.sent].first_token
        if any(
            t.key in speech.titles and t.key != head for t in tokens[max(sent_first, la - 8) : lb]
        ):
            continue  # "Director of Levant Institute ... Sami Nader said": titled otherwise
        la = tokens[la].start
        if first_word in doc.text[: tokens[a].start] or name not in doc.text[la:]:
            continue  # named before: the description is someone else
        atts[n] = _with_speaker(att, name, att.speaker, later.is_person)


def _indefinite_head(
    tokens: list[Token], a: int, b: int, head: str, titles: frozenset[str]
) -> bool:
    """The description ``[a, b)`` is indefinite: "one resident", "A Madaya resident", "a
    Turkish broadcaster" (an article at most three words before its head)."""
    h = next((i for i in range(b - 1, a - 1, -1) if tokens[i].key == head), None)
    if h is None:
        return False
    if head.endswith("s"):
        return False  # "officials", "residents": more than the one named next
    for i in range(h - 1, max(a, h - 4) - 1, -1):
        t = tokens[i]
        if t.key in _INDEFINITE:
            return True
        if t.key in _NOT_QUALIFIERS or t.key in titles or not t.text.isalpha():
            return False
    return False


def _definite_head_at(
    tokens: list[Token], a: int, b: int, head: str, titles: frozenset[str]
) -> bool:
    """The description ``[a, b)`` is definite: "the provincial governor", "the body's
    spokesman" ("the" at most three lower-case words before its singular head)."""
    h = next((i for i in range(b - 1, a - 1, -1) if tokens[i].key == head), None)
    if h is None or head.endswith("s") or tokens[h].is_title:
        return False
    for i in range(h - 1, max(a, h - 4) - 1, -1):
        t = tokens[i]
        if t.key == "the":
            return True
        if t.key == "'s":
            continue  # "the movement's spokesman"
        if t.key in _NOT_QUALIFIERS or t.key in titles or not t.text.isalpha() or t.is_title:
            return False  # "the Russian Defence Ministry": a name, no description
    return False


def _issued(doc: Document, att: Attribution) -> bool:
    """The speech act is told in a document: "said in a statement", "said in its report",
    "In a Sunday statement X said"."""
    tokens = doc.tokens
    s = doc.sentences[att.sent]
    end = min(att.verb_tok + 6, s.end_token)
    if any(t.key in _DOCUMENT_WORDS for t in tokens[att.verb_tok + 1 : end]):
        return True
    opening = tokens[s.first_token : min(s.first_token + 5, att.verb_tok)]
    return (
        bool(opening) and opening[0].key == "in" and any(t.key in _DOCUMENT_WORDS for t in opening)
    )


def _said(att: Attribution, speech: SpeechLexicon, doc: Document) -> _Said:
    name = att.speaker or ""
    words = name.lower().split()
    person = att.is_person or (
        bool(words)
        and words[-1] in speech.titles
        and words[-1] not in _BODY_WORDS
        and not words[-1].endswith("s")
    )
    role_words = (att.speaker_role or "").lower().split()
    issued = _issued(doc, att)
    return _Said(
        name,
        att.speaker_role,
        person,
        frozenset(words + role_words),
        act=att.verb_tok,
        issued=issued,
    )


def _they(att: Attribution, history: list[_Said]) -> list[Attribution]:
    """ "Experts and officials say ... . ... they say": "they" are all the speakers of the
    last speech act, a statement each (in the order the article names them)."""
    last = next((h for h in reversed(history) if h.spoke), None)
    if last is None or last.act < 0:
        return []
    group = [h for h in history if h.spoke and h.act == last.act]
    if len(group) < 2:
        return []
    return [_with_speaker(att, h.name, h.role, h.person) for h in group]


def _resolve_reference(
    doc: Document, speech: SpeechLexicon, att: Attribution, history: list[_Said]
) -> Attribution | None:
    """Pronouns and definite descriptions take the speaker they refer back to: "he" the last
    person, "it" the last body, "the ministry" the last speaker with "ministry" in its name
    or title, "the statement" the last body; a description with nothing to refer to stays."""
    speaker = att.speaker
    if speaker in ("he", "she"):
        ref = next((h for h in reversed(history) if h.person), None)
    elif speaker == "it":
        subject = _sentence_subject(doc, att)
        if subject is not None:
            return _with_speaker(att, subject, None, False)
        ref = next((h for h in reversed(history) if not h.person), None)
    elif speaker == "they":
        ref = next((h for h in reversed(history) if h.spoke), None)
    else:
        head = _definite_head(doc, speech, att)
        if head is None:
            return att if speaker not in _REFERRING else None
        ref = _antecedent(head, history)
        if ref is None:
            return att if speaker not in _REFERRING else None
    if ref is None:
        return None
    return _with_speaker(att, ref.name, ref.role, ref.person)


def _sentence_subject(doc: Document, att: Attribution) -> str | None:
    """ "The U.S.-led coalition ... has carried out air strikes which it says ...": "it" is
    the body or armed group that opens its sentence, when one does."""
    tokens = doc.tokens
    first = doc.sentences[att.sent].first_token
    for m in doc.actors:
        if m.sent != att.sent or m.tok_start >= att.verb_tok:
            continue
        if m.tok_start - first > 2 or "{" in m.name_template:
            return None
        if m.role == "source" or (m.role == "group" and m.name_end == m.tok_end):
            if all(t.key in _DETERMINERS for t in tokens[first : m.tok_start]):
                return m.name_template
        return None
    return None


def _definite_head(doc: Document, speech: SpeechLexicon, att: Attribution) -> str | None:
    """The head noun of a definite description speaker ("the ministry", "the same source",
    "the general staff", "the statement"), else None."""
    if att.speaker_tok is None or att.is_person:
        return None
    a, b = att.speaker_tok
    for k in range(b - 2, max(a, b - 4) - 1, -1):
        if doc.tokens[k].key in ("the", "this", "that"):
            a = k  # the last determiner: "... in the area of Mayadeen the ministry"
            break
    words = doc.tokens[a:b]
    if not 2 <= len(words) <= 4 or words[0].key not in ("the", "this", "that"):
        return None
    if any(t.is_title or not t.text.isalpha() for t in words[1:]):
        return None
    head = words[-1].key
    if head in speech.titles or head in _REFERRING:
        return "same" if any(t.key == "same" for t in words) else head
    bare = any(m.tok_start == a + 1 and m.tok_end == b and m.country is None for m in doc.actors)
    return head if bare else None


_SPELLINGS = {
    "center": "centre",
    "centre": "center",
    "defense": "defence",
    "defence": "defense",
    "organization": "organisation",
    "organisation": "organization",
}
"""One word in its other spelling: "the center" refers back to a "Centre for ..."."""


def _antecedent(head: str, history: list[_Said]) -> _Said | None:
    singular = head[:-1] if head.endswith("s") else head
    other = _SPELLINGS.get(singular, singular)
    if head in _DOCUMENT_WORDS:
        # "X said in a statement that ... . The statement added": the one who issued it
        issuer = next((h for h in reversed(history) if h.issued), None)
        if issuer is not None:
            return issuer
    for h in reversed(history):
        if head == "same":
            return h
        if head in _ANY_BODY and not h.person:
            return h
        if head in ("monitor", "monitors", "watchdog") and h.source_type == "monitor":
            return h
        if head in h.words or singular in h.words or other in h.words:
            return h
    return None


_HEADLINE_CUT = re.compile(r"\s+(?:[|\u2013\u2014]|-{1,2})\s+")
"""What separates a title from the site's name: "... - Region - World", "... | Jordan Times"."""
_HEADLINE_REACH = 80
"""Tokens from the start of the text within which the headline must begin."""


@lru_cache(maxsize=256)
def _title_words(title: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The title's word keys, and where each part after the first begins (the parts a
    site's name may follow): tokenised once per title, though several stages ask."""
    words: list[str] = []
    cuts: list[int] = []
    for part in _HEADLINE_CUT.split(title):
        _, title_tokens = tokenize(normalize(part).text)
        if words:
            cuts.append(len(words))
        words.extend(t.key for t in title_tokens if t.text.isalnum())
    return tuple(words), tuple(cuts)


def headline_span(doc: Document) -> tuple[int, int] | None:
    """Token span of the article's title where the text repeats it near its start (its
    words in order; punctuation, often lost, is ignored). A site's name after " | " or
    " - " in the title need not be in the text."""
    title = doc.article.title
    if not title:
        return None
    title_words, title_cuts = _title_words(title)
    words, cuts = list(title_words), list(title_cuts)
    tokens = doc.tokens
    reach = min(len(tokens), _HEADLINE_REACH)
    starts = [i for i in range(reach) if words and tokens[i].key == words[0]]
    trimmed = 0
    while len(words) >= 4:
        for a in starts:
            i, k = a, 0
            while i < len(tokens) and k < len(words):
                if not tokens[i].text.isalnum():
                    i += 1
                elif tokens[i].key == words[k]:
                    i, k = i + 1, k + 1
                else:
                    break
            if k == len(words):
                return a, i
        if cuts:
            words = words[: cuts.pop()]
        elif trimmed < 2:
            words, trimmed = words[:-1], trimmed + 1  # a last word the text left out
        else:
            return None
    return None


def headline_source(doc: Document, span: tuple[int, int]) -> Attribution | None:
    """ "Air raid kills 21 at market: monitor" (the colon often lost): a source named at the
    end of the title (``span``, from :func:`headline_span`) is the speaker of the title's
    words — a known body, or a description ("monitor") of the one such body the article
    names. Casualty claims read it; a headline is no statement."""
    a, b = span
    tokens = doc.tokens
    while b > a and not tokens[b - 1].text.isalnum():
        b -= 1
    if b - a < 3:
        return None
    name: str | None = None
    start = b - 1
    ending = [m for m in doc.actors if m.tok_end == b and m.tok_start > a and m.role == "source"]
    if ending:
        m = ending[0]
        name, start = m.name_template, m.tok_start
    elif tokens[b - 1].key in _MONITOR_WORDS:
        name = _described_body(doc, b - 1, b)
    if name is None:
        return None
    content = (tokens[a].start, tokens[start].start)
    name = _article_names(doc).get(name, name)
    return Attribution(tokens[start].sent, start, name, None, (start, b), None, content, False)
