"""Stage 6 — attribution: who says what.

Adds: ``Document.attributions`` — for every speech act ("X said", "according to X",
"X told reporters", "X quoted Y as saying", "X, citing Y, said"), the speaker with the
fullest name and role the article gives, the outlet relaying it (``via``), and the span of
what was said. Casualty claims and statements both read their source from here.

People are recognised as runs of two or three capitalised words not known as places or
actors; a later surname ("Power") or pronoun ("she") resolves to the last full name
("Samantha Power"). Roles are the title words before a name ("Pentagon press secretary
Peter Cook") or an appositive ("The U.S. ambassador to the United Nations, Samantha Power,").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from sitrep.actors import ActorLexicon, ActorMention
from sitrep.datafiles import expand_all, load_yaml
from sitrep.document import Document
from sitrep.normalize import normalize
from sitrep.phrases import PhraseIndex
from sitrep.tokens import Token, tokenize

_PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n"}
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_BOUNDARY = frozenset(
    {
        ",",
        ";",
        ":",
        '"',
        "(",
        ")",
        "[",
        "]",
        ".",
        "!",
        "?",
        "that",
        "which",
        "who",
        "and",
        "but",
        "while",
        "as",
        "-",
        "after",
        "before",
        "when",
        "because",
        "since",
        "if",
        "said",
        "says",
        "told",
        "until",
        "where",
        "whereas",
    }
)
_PARTICIPLES = frozenset({"citing", "quoting", "speaking", "adding", "referring", "who", "which"})
_APPOSITIVE_OPENERS = _PARTICIPLES | {"known", "also", "popularly", "formerly", "widely"}
"""Words opening an appositive between a speaker and its verb ("X, known as Y, said")."""
_CONNECTORS = frozenset({"'s", "of", "to", "for", "the", "and"})
_ORG_WORDS = frozenset(
    """state department ministry affairs defence defense foreign interior general staff
    council command office house agency news press united nations security army police
    forces force guard republic democratic national federal islamic revolutionary
    committee commission court union front party movement policy programme program
    executive mission joint relations cooperation operations emergencies development""".split()
)
"""Capitalised words of titles and bodies, never part of a person's name ("Security Policy
Federica Mogherini", "Executive Director", "Joint Mission Sigrid Kaag")."""
_NOT_NAME_WORDS = frozenset(
    """east west north south northern southern eastern western central middle rights human
    international united nations tags photo video news media world online""".split()
)
"""Capitalised words that are never part of a person's name ("Middle East", "Human Rights")."""
_NAME_PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "abu",
        "van",
        "von",
        "de",
        "da",
        "di",
        "le",
        "la",
        "ben",
        "abdel",
        "abd",
    }
)


@dataclass(frozen=True, slots=True)
class Attribution:
    sent: int
    verb_tok: int
    speaker: str | None
    speaker_role: str | None
    speaker_tok: tuple[int, int] | None
    via: str | None
    content: tuple[int, int]
    """Normalised-text span of what was said."""
    is_person: bool


class SpeechLexicon:
    """Speech verbs and title words (``data/speech.yaml``)."""

    def __init__(self, verbs: PhraseIndex[str], titles: frozenset[str]) -> None:
        self.verbs = verbs
        self.titles = titles

    @classmethod
    def load(cls) -> SpeechLexicon:
        data = load_yaml("speech.yaml")
        verbs: PhraseIndex[str] = PhraseIndex()
        for kind, phrases in data["verbs"].items():
            for p in expand_all(phrases):
                verbs.add(p, kind)
        titles = {t.lower() for t in expand_all(data["titles"])}
        titles |= {t + "s" for t in titles if not t.endswith("s") and " " not in t}
        return cls(verbs, frozenset(titles))


@dataclass(slots=True)
class _Person:
    full: str
    role: str | None


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


def find_attributions(doc: Document, speech: SpeechLexicon, actors: ActorLexicon) -> None:
    """Fill ``doc.attributions``; resolves surnames, pronouns and definite descriptions
    ("the ministry", "the source") to the speaker they refer back to."""
    tokens = doc.tokens
    people: dict[str, _Person] = {}
    known = _known_token_set(doc)
    for sent in doc.sentences:
        # every name first: '"..." Konashenkov said' may come before "Igor Konashenkov"
        _collect_people(doc, sent.first_token, sent.end_token, known, speech, people, actors)
    history: list[_Said] = []
    bodies: dict[int, list[ActorMention]] = {}
    for mention in doc.actors:
        if mention.role in ("source", "ministry"):
            bodies.setdefault(mention.sent, []).append(mention)
    for sent in doc.sentences:
        first, stop = sent.first_token, sent.end_token
        before = len(doc.attributions)
        for m in speech.verbs.find_all(tokens, first, stop):
            kind = m.values[0]
            if (
                m.start > first
                and tokens[m.start].key in _VERB_SURNAMES
                and tokens[m.start].is_title
                and tokens[m.start - 1].is_title
            ):
                continue  # "Osama Said a Douma-based media activist told ...": a surname
            att = _attribution(
                doc, speech, actors, people, known, kind, m.start, m.end, first, stop
            )
            if att is None:
                continue
            att = _resolve_reference(doc, speech, att, history)
            if att is None:
                continue
            others = _co_speakers(doc, speech, people, att, first, stop)
            if others:
                att = _before_speakers(doc, att, others)
                others = [_before_speakers(doc, o, others) for o in others]
            here: list[Attribution] = [att]
            for other in others:
                resolved = _resolve_reference(doc, speech, other, history)
                if resolved is not None and resolved.speaker != att.speaker:
                    here.append(resolved)
            # in the order the article names them ("X and Y said", "said X and Y")
            here.sort(key=lambda x: x.speaker_tok[0] if x.speaker_tok else 0)
            for x in here:
                history.append(_said(x, speech))
                doc.attributions.append(x)
            tail = _participle_clause(doc, m.end, stop, att)
            if tail is not None:
                doc.attributions.append(tail)
        if len(doc.attributions) == before:  # no speech verb found a speaker
            tail = _verbless_source(doc, sent.index)
            if tail is not None:
                history.append(_said(tail, speech))
                doc.attributions.append(tail)
        for mention in bodies.get(sent.index, ()):
            name = _body_name(doc, mention) or mention.text
            words = frozenset(name.lower().split())
            history.append(_Said(name, None, False, words, mention.source_type, False))
    _named_later(doc, speech)
    _end_at_next_speaker(doc)
    _start_after_last_speaker(doc)
    names = _article_names(doc)
    if names:
        doc.attributions[:] = [
            _with_speaker(att, names[att.speaker], att.speaker_role, att.is_person)
            if att.speaker in names and not att.is_person
            else att
            for att in doc.attributions
        ]


def _verbless_source(doc: Document, sent: int) -> Attribution | None:
    """A sentence that ends in "the X-based <known source>" with no verb after it: an
    attribution whose verb the copy lost ("... near the border the UK-based Syrian
    Observatory."). The place a body is based in is said of a body that speaks, never of
    a place or target named at a sentence's end."""
    tokens = doc.tokens
    s = doc.sentences[sent]
    end = s.end_token
    while end > s.first_token and not tokens[end - 1].text.isalnum():
        end -= 1
    if not any(t.key == "based" for t in tokens[max(s.first_token, end - 9) : end]):
        return None
    last = next(
        (m for m in doc.actors if m.sent == sent and m.tok_end == end and m.role == "source"),
        None,
    )
    if last is None:
        return None
    k = last.tok_start
    based = None
    while k > s.first_token and last.tok_start - k < 5:
        if tokens[k - 1].key == "based":
            based = k - 1
        if tokens[k - 1].key == "the":
            break
        k -= 1
    if based is None or k == s.first_token or tokens[k - 1].key != "the" or based - k < 1:
        return None
    det = k - 1
    if det == s.first_token or tokens[det - 1].key in _PLACE_PREPOSITIONS | {"by", "to", "near"}:
        return None  # "... was hit near the Britain-based Observatory": no speaker
    content = (s.start, tokens[det].start)
    return Attribution(
        sent, last.tok_start, last.name_template, None, (det, end), None, content, False
    )


_BODY_WORDS = frozenset(
    """group groups council committee agency agencies ministry media service services
    department directorate authority authorities command office army police military
    hospital hospitals monitor monitors observers coalition organisation organization
    body statement report communique channel website network broadcaster center
    centre""".split()
)
"""Title words that name a body, not a person ("it said", not "he said")."""
_ANY_BODY = frozenset(
    {
        "group",
        "organisation",
        "organization",
        "body",
        "statement",
        "report",
        "bulletin",
        "communique",
    }
)
_DOCUMENT_WORDS = frozenset({"statement", "report", "communique", "bulletin"})


_INDEFINITE = frozenset({"a", "an", "one"})


def _named_later(doc: Document, speech: SpeechLexicon) -> None:
    """The article describes a speaker first and names it next: "one resident said ... .
    ... Mehdi Tahhan said", "a Turkish broadcaster claims ... . ... Haberturk reported". An
    indefinite description takes the name of the next speaker when that speaker is named
    in one of the two sentences after it, for the first time in the article, without a
    title of its own, and is of the same kind (a person for "resident", a body for
    "broadcaster" or "group")."""
    atts = doc.attributions
    tokens = doc.tokens
    for n, att in enumerate(atts):
        if att.is_person or att.speaker_tok is None or att.speaker is None:
            continue
        a, b = att.speaker_tok
        head = att.speaker.split()[-1].lower()
        lead = max(doc.sentences[att.sent].first_token, a - 3)
        if head not in speech.titles or not _indefinite_head(tokens, lead, b, head, speech.titles):
            continue
        later = next((x for x in atts[n + 1 :] if x.sent != att.sent), None)
        if later is None or later.sent > att.sent + 2 or later.speaker_tok is None:
            continue
        name = later.speaker
        if name is None or later.speaker_role is not None or not name[:1].isupper():
            continue
        if later.is_person != (head not in _BODY_WORDS):
            continue
        la, lb = later.speaker_tok
        sent_first = doc.sentences[later.sent].first_token
        if any(t.key in speech.titles for t in tokens[max(sent_first, la - 8) : lb]):
            continue  # "Director of Levant Institute ... Sami Nader said": titled otherwise
        la = tokens[la].start
        first_word = name.split()[0] if later.is_person else name
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


_PASSIVE = frozenset({"was", "were", "been", "being", "be", "is", "are"})
_CLAUSE_JOINS = frozenset({"while", "and", "but", "whereas", "as", ",", ";", "meanwhile"})


def _end_at_next_speaker(doc: Document) -> None:
    """What one speaker said ends where the next speech act of its sentence begins:
    "Hollande blamed the regime for the attack while Mogherini said ..." (words after the
    verb only; a speaker of the next act is its subject phrase)."""
    atts = doc.attributions
    tokens = doc.tokens
    for n, att in enumerate(atts):
        ca, cb = att.content
        if ca < tokens[att.verb_tok].start:
            continue  # what was said comes before the verb
        cut = cb
        for other in atts:
            if other.sent != att.sent or other.speaker_tok is None or other is att:
                continue
            start = tokens[other.speaker_tok[0]].start
            if ca < start < cut and other.verb_tok > other.speaker_tok[0]:
                k = other.speaker_tok[0]
                while k > 0 and tokens[k - 1].key in _DETERMINERS:
                    k -= 1
                joined = False
                while k > 0 and tokens[k - 1].key in _CLAUSE_JOINS:
                    k, joined = k - 1, True
                if joined and k > 0 and tokens[k].start > ca:
                    cut = min(cut, tokens[k - 1].end)
        if cut < cb:
            atts[n] = replace(att, content=(ca, cut))


def _start_after_last_speaker(doc: Document) -> None:
    """What a speaker named at the end said begins after the speech act before it in its
    sentence: "... UNICEF said 25 were children Twenty-five children were killed in
    airstrikes UNICEF has said" (a full stop lost): the second UNICEF said only what
    follows the first "said"."""
    atts = doc.attributions
    tokens = doc.tokens
    relays: set[int] = set()
    for n, att in enumerate(atts):
        ca, cb = att.content
        if cb > tokens[att.verb_tok].start:
            continue  # what was said does not come before the speaker
        start = ca
        last = None
        for k, other in enumerate(atts):
            if other.sent != att.sent or other.verb_tok >= att.verb_tok:
                continue
            verb = tokens[other.verb_tok]
            if ca < verb.start < cb and other.content[0] >= verb.end:
                start = max(start, verb.end)  # the other's words follow its verb
                last = k
        if start <= ca or last is None:
            continue
        while start < cb and doc.text[start] in " ,":
            start += 1
        before = atts[last]
        end = cb
        while end > start and doc.text[end - 1] in " ;,.":
            end -= 1
        if _media_at(doc, att) and before.via is None and before.content[1] >= end:
            # "the source said that ...; SANA reported": the outlet relays the source
            atts[last] = replace(before, via=att.speaker)
            relays.add(n)
        else:
            atts[n] = replace(att, content=(start, cb))
    if relays:
        atts[:] = [att for n, att in enumerate(atts) if n not in relays]


def _media_at(doc: Document, att: Attribution) -> bool:
    """The speaker of ``att`` is a news outlet the lexicon knows."""
    if att.speaker_tok is None:
        return False
    a, b = att.speaker_tok
    return any(
        a <= m.tok_start and m.tok_end <= b and m.role == "source" and m.source_type == "media"
        for m in doc.actors
    )


_LIST_HEAD_ROLES = frozenset({"source", "country", "ministry", "group"})


def _co_speakers(
    doc: Document,
    speech: SpeechLexicon,
    people: dict[str, _Person],
    att: Attribution,
    first: int,
    stop: int,
) -> list[Attribution]:
    """The other speakers of one speech act ("a monitor and rebels said", "YPG spokesman
    Redur Xelil and Turkish security sources told Reuters", "..., said X and Y"), each with
    the same words: one statement per speaker."""
    if att.speaker_tok is None:
        return []
    tokens = doc.tokens
    a, b = att.speaker_tok
    out: list[Attribution] = []
    if b < stop and tokens[b].key == "and" and att.verb_tok < a:
        ra, rb = _np_right(tokens, b + 1, stop)
        if ra < rb and rb - ra <= 6 and _speaker_like(doc, speech, people, ra, rb):
            other = _build(
                doc, speech, people, att.sent, att.verb_tok, (ra, rb), att.via, att.content
            )
            if other is not None:
                out.append(other)
    listed = False
    k = a
    if att.is_person and not _clean_person_phrase(doc, speech, people, a, b):
        return out  # "... in Hama Aleppo and Deir al-Zor Moumtzis said": places, not people
    while len(out) < 4 and k - 1 > first:
        joint = tokens[k - 1]
        if joint.key == "and" and not listed:
            listed = True
        elif not (listed and (joint.text == "," or joint.key in speech.titles)):
            break
        end = k - 1 if joint.key == "and" or joint.text == "," else k
        start = _conjunct_start(doc, speech, people, end, first)
        if start is None:
            break
        other = _build(
            doc, speech, people, att.sent, att.verb_tok, (start, end), att.via, att.content
        )
        if other is None:
            break
        out.insert(0, other)
        k = start
    return out


def _before_speakers(doc: Document, att: Attribution, others: list[Attribution]) -> Attribution:
    """What was said before a list of speakers ends before the first of them."""
    tokens = doc.tokens
    ca, cb = att.content
    starts = [tokens[o.speaker_tok[0]].start for o in others if o.speaker_tok is not None]
    first = min(starts, default=cb)
    if ca < first < cb:
        while first > ca and doc.text[first - 1] in " ,":
            first -= 1
        return replace(att, content=(ca, first))
    return att


def _clean_person_phrase(
    doc: Document, speech: SpeechLexicon, people: dict[str, _Person], a: int, b: int
) -> bool:
    """The phrase ``[a, b)`` is a person's name with at most titles and qualifiers before
    it ("YPG spokesman Redur Xelil"), no other capitalised words."""
    tokens = doc.tokens
    found = _person_ending(tokens, a, b, people)
    if found is None:
        return False
    person, n = found
    text = " ".join(t.text for t in tokens[b - n : b])
    full = person.full.replace("-", " ").lower().split()
    if full[-n:] != text.replace("-", " ").lower().split():
        return False  # a run of other words into the surname
    return all(
        t.key in speech.titles or t.key in _DETERMINERS or not t.is_title for t in tokens[a : b - n]
    )


def _conjunct_start(
    doc: Document, speech: SpeechLexicon, people: dict[str, _Person], end: int, first: int
) -> int | None:
    """Start of a speaker named right before token ``end`` in a list of speakers: a person,
    a body or state, or a title noun with its qualifiers ("opposition activists")."""
    tokens = doc.tokens
    found = _person_ending(tokens, first, end, people)
    if found is not None:
        start = end - found[1]
        while start > first and tokens[start - 1].key in speech.titles:
            start -= 1  # "YPG spokesman Redur Xelil"
        if start > first and start < end - found[1] and tokens[start - 1].is_title:
            start -= 1
        return start
    for m in doc.actors:
        if m.tok_end == end and m.tok_start >= first and m.role in _LIST_HEAD_ROLES:
            if m.role == "group" and not any(
                t.key in speech.titles for t in tokens[m.tok_start : end]
            ):
                return None  # an armed group named before "and" is no speaker by itself
            start = m.tok_start
            while start > first and tokens[start - 1].key in _DETERMINERS:
                start -= 1
            return start
    if end - 1 >= first and _capital(tokens[end - 1].text) and _lone_name(doc, end - 1, first):
        return end - 1  # "Moscow and Damascus say": two states by their seats
    proper = _proper_body_span(doc, max(first, end - 8), end)
    if proper is not None and proper[1] == end:
        start = proper[0]
        while start > first and tokens[start - 1].key in _DETERMINERS:
            start -= 1
        return start  # "The Ghouta Media Center and the Syrian Observatory ... said"
    head = end - 1
    if head >= first and tokens[head].key in speech.titles and tokens[head].text.isalpha():
        start = head
        # a capitalised head after a lower-case word opens a sentence run into the one
        # before ("... virtual caliphate Experts and officials say")
        while start > first and head - start < 2 and not tokens[head].is_title:
            q = tokens[start - 1]
            if (
                q.key in speech.titles
                or q.key in _NOT_QUALIFIERS
                or not q.text.isalpha()
                or (q.is_title and (start - 1) not in _actor_tokens(doc))
            ):
                break  # "opposition activists former residents": two speakers
            start -= 1
        while start > first and tokens[start - 1].key in _DETERMINERS:
            start -= 1
        return start
    return None


def _actor_tokens(doc: Document) -> set[int]:
    """Token indices inside actor mentions ("Turkish" of "Turkish security sources")."""
    out: set[int] = set()
    for m in doc.actors:
        out.update(range(m.tok_start, m.tok_end))
    return out


def _said(att: Attribution, speech: SpeechLexicon) -> _Said:
    name = att.speaker or ""
    words = name.lower().split()
    person = att.is_person or (
        bool(words)
        and words[-1] in speech.titles
        and words[-1] not in _BODY_WORDS
        and not words[-1].endswith("s")
    )
    role_words = (att.speaker_role or "").lower().split()
    return _Said(name, att.speaker_role, person, frozenset(words + role_words))


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


def headline_span(doc: Document) -> tuple[int, int] | None:
    """Token span of the article's title where the text repeats it near its start (its
    words in order; punctuation, often lost, is ignored). A site's name after " | " or
    " - " in the title need not be in the text."""
    title = doc.article.title
    if not title:
        return None
    words: list[str] = []
    cuts: list[int] = []
    for part in _HEADLINE_CUT.split(title):
        _, title_tokens = tokenize(normalize(part).text)
        if words:
            cuts.append(len(words))
        words.extend(t.key for t in title_tokens if t.text.isalnum())
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


_TRAILING_PARTICIPLES = frozenset({"putting", "saying", "adding", "noting", "stressing", "warning"})


def _participle_clause(
    doc: Document, v_end: int, stop: int, att: Attribution
) -> Attribution | None:
    """ "WHO said in a statement, putting the death toll at at least 70": the participle
    clause after the verb is the same speaker's words."""
    tokens = doc.tokens
    for i in range(v_end, min(stop, v_end + 6)):
        if tokens[i].key in _TRAILING_PARTICIPLES:
            if tokens[i - 1].key in ("without", "as"):
                # "said again without saying who was responsible"; "reported X as saying"
                return None
            start = tokens[i].start
            if att.content[0] <= start < att.content[1]:
                return None
            end = doc.sentences[att.sent].end
            return Attribution(
                att.sent,
                att.verb_tok,
                att.speaker,
                att.speaker_role,
                att.speaker_tok,
                att.via,
                (start, end),
                att.is_person,
            )
    return None


def _with_speaker(att: Attribution, speaker: str, role: str | None, person: bool) -> Attribution:
    return Attribution(
        att.sent, att.verb_tok, speaker, role, att.speaker_tok, att.via, att.content, person
    )


def _known_token_set(doc: Document) -> set[int]:
    """Token indices inside actor or place mentions (not person names)."""
    known: set[int] = set()
    for a in doc.actors:
        known.update(range(a.tok_start, a.tok_end))
    for p in doc.places:
        known.update(range(p.tok_start, p.tok_end))
    return known


_NOT_NAME_START = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december meanwhile however recently
    earlier later also elsewhere separately yesterday today""".split()
)
"""Capitalised words that run into a following name when the corpus lost its commas."""


def _state_word(word: str, actors: ActorLexicon) -> bool:
    """A country's name or demonym ("Syria", "Turkish"): never a person's first name."""
    return any(e.role in ("country", "demonym") for e in actors.index.lookup(word))


def _possessive_body(word: str, actors: ActorLexicon) -> bool:
    return word.endswith("s") and bool(actors.index.lookup(word[:-1]))


def _collect_people(
    doc: Document,
    first: int,
    stop: int,
    known: set[int],
    speech: SpeechLexicon,
    people: dict[str, _Person],
    actors: ActorLexicon,
) -> None:
    """Register full names ("Samantha Power") with their role, by full name and surname."""
    tokens = doc.tokens
    i = first
    while i < stop:
        if not tokens[i].is_title:
            i += 1
            continue
        j = _name_end(tokens, i, stop, known, speech)
        if j - i >= 2 and (tokens[i].key in _NOT_NAME_START or _state_word(tokens[i].text, actors)):
            i += 1  # "on Tuesday Yildirim said", "in Syria Ali al-Zaatari said"
            continue
        if j - i >= 3 and _possessive_body(tokens[i].text, actors):
            i += 1  # "Observatorys Rami Abdel Rahman": the body's name lost its apostrophe
        if j - i >= 3 and i > first and _hyphened_particle(doc, i):
            i += 1  # "in al-Foua Mehdi Tahhan said": "al-Foua" is no first name
        if j - i == 1 and _aged_speaker(doc, i, stop, known, speech, actors):
            # "Ahmed 24 said", "Ahmed, 24, said": a person by first name and age
            people.setdefault(tokens[i].text, _Person(tokens[i].text, None))
            i += 1
            continue
        if j - i >= 2 and j < stop and tokens[j].is_title and tokens[j].key in _BODY_HEADS:
            i = j + 1  # "the Hama Documentation Office": the words of a body's name
            continue
        if j - i >= 2:
            key = " ".join(t.text for t in tokens[i:j])
            role = (
                _role_before(doc, i, first, speech)
                or _appositive_role(doc, i, first, speech)
                or _role_after(doc, j, stop, speech)
            )
            # "Abdel Rahman" after "Rami Abdel Rahman": the same person, by a longer surname
            person = people.get(key) or people.get(key.lower())
            named = people.get(tokens[j - 1].text)
            if person is None and named is not None and role is None:
                # "... on the city of Khan-Shaikhoun Rudskoi said" after "Sergei Rudskoi":
                # capitalised words run into the surname of someone named before
                person = people[key] = named
            if person is None:
                person = _Person(doc.text[tokens[i].start : tokens[j - 1].end], role)
                people[key] = person
                for k in range(i + 1, j - 1):
                    # longer surnames: "Abdel Rahman", "al-Zaatari"
                    people.setdefault(" ".join(t.text for t in tokens[k:j]).lower(), person)
                people[tokens[j - 1].text] = person
            elif role and not person.role:
                person.role = role
            i = j
        else:
            i += 1


def _hyphened_particle(doc: Document, i: int) -> bool:
    """Token ``i`` follows "al-" or "el-": one word with it, a place's or family's name."""
    tokens = doc.tokens
    before = tokens[i - 1]
    return before.key in ("al", "el") and doc.text[before.end : tokens[i].start] == "-"


_AGE = re.compile(r"^\d{1,2}$")


def _aged_speaker(
    doc: Document, i: int, stop: int, known: set[int], speech: SpeechLexicon, actors: ActorLexicon
) -> bool:
    """ "Ahmed 24 said": a capitalised word, an age, a speech verb."""
    tokens = doc.tokens
    k = i + 1
    if k < stop and tokens[k].text == ",":
        k += 1
    if not (k + 1 < stop and _AGE.match(tokens[k].text)):
        return False
    k += 1
    if tokens[k].text == ",":
        k += 1
    t = tokens[i]
    return (
        k < stop
        and tokens[k].key in _AGED_VERBS
        and i not in known
        and t.text.isalpha()
        and t.key not in _NOT_NAME_START
        and t.key not in speech.titles
        and not _state_word(t.text, actors)
    )


_AGED_VERBS = frozenset({"said", "says", "told", "added", "explained", "recalled"})


def _strip_age(tokens: list[Token], a: int, b: int, people: dict[str, _Person]) -> int:
    """End of a speaker phrase without the age after a name ("Ahmed 24")."""
    k = b - 1 if b - a >= 2 and tokens[b - 1].text == "," else b
    if k - a >= 2 and _AGE.match(tokens[k - 1].text):
        k -= 1
        if k - a >= 2 and tokens[k - 1].text == ",":
            k -= 1
        if _person_in(tokens, a, k, people) is not None:
            return k
    return b


def _name_end(
    tokens: list[Token], i: int, stop: int, known: set[int], speech: SpeechLexicon
) -> int:
    """End of a person name starting at ``i`` (``i`` itself when there is none)."""
    j = i
    while j < stop and j - i < 4:
        t = tokens[j]
        if (
            j in known
            or t.key in speech.titles
            or t.key in _PRONOUNS
            or t.key in _ORG_WORDS
            or t.key in _NOT_NAME_WORDS
            or t.key in _DETERMINERS
        ):
            break
        capitalised = t.is_title and t.text.isalpha() and not t.text.isupper()
        particle = t.key in _NAME_PARTICLES and i < j and j + 1 < stop and tokens[j + 1].is_title
        if capitalised or particle:
            j += 1
        else:
            break
    if j - i >= 2 and tokens[i].start > 0:
        # a sentence-initial capital alone is no name: "The", "When" are not first names
        if tokens[i].key in ("the", "when", "if", "in", "on", "after", "before", "but", "and"):
            return i
    return j


def _role_before(doc: Document, name_start: int, first: int, speech: SpeechLexicon) -> str | None:
    """Title words right before a name: "Pentagon press secretary Peter Cook"."""
    tokens = doc.tokens
    k = name_start
    has_title = False
    lowercase = 0
    right_is_title = False
    while k > first and name_start - k < 9:
        t = tokens[k - 1]
        if t.text in _BOUNDARY or t.key in _BOUNDARY - {"and"} or t.key in _TIME_WORDS:
            break
        if t.key in speech.titles:
            has_title = True
            right_is_title = True
            k -= 1
            continue
        if not (t.is_title or t.key in _CONNECTORS or t.text[:1].isupper()):
            # a lowercase word that qualifies a title: "U.N. humanitarian chief"; not a
            # verb before capitalised words ("news agency quoted Russian ... spokeswoman")
            lowercase += 1
            if not right_is_title or lowercase > 2 or not t.text.isalpha():
                break
        else:
            right_is_title = False
        if t.key in ("the", "and") and not has_title:
            break
        k -= 1
    while k < name_start and tokens[k].key in _DETERMINERS | {"and", "of", "to"}:
        k += 1
    if not has_title or k >= name_start:
        return None
    return doc.text[tokens[k].start : tokens[name_start - 1].end]


def _role_after(doc: Document, name_end: int, stop: int, speech: SpeechLexicon) -> str | None:
    """ "... said Amadou Barry, a local youth leader, speaking by telephone." """
    tokens = doc.tokens
    if name_end + 2 >= stop or tokens[name_end].text != ",":
        return None
    a = name_end + 1
    if tokens[a].key not in ("a", "an", "the"):
        return None
    b = a + 1
    while b < stop and tokens[b].text not in (",", ".", ";", '"') and b - a < 10:
        b += 1
    words = tokens[a + 1 : b]
    if not words or not any(t.key in speech.titles for t in words):
        return None
    return doc.text[words[0].start : words[-1].end]


def _appositive_role(
    doc: Document, name_start: int, first: int, speech: SpeechLexicon
) -> str | None:
    """ "The U.S. ambassador to the United Nations, Samantha Power, ..." """
    tokens = doc.tokens
    if name_start - 1 <= first or tokens[name_start - 1].text != ",":
        return None
    k = name_start - 1
    has_title = False
    while k > first:
        t = tokens[k - 1]
        if t.text in (",", ";", '"', ":"):
            break
        if t.key in speech.titles:
            has_title = True
        k -= 1
    while k < name_start - 1 and tokens[k].key in _DETERMINERS:
        k += 1
    if not has_title or k >= name_start - 1 or name_start - 1 - k > 10:
        return None
    return doc.text[tokens[k].start : tokens[name_start - 2].end]


def _attribution(
    doc: Document,
    speech: SpeechLexicon,
    actors: ActorLexicon,
    people: dict[str, _Person],
    known: set[int],
    kind: str,
    v_start: int,
    v_end: int,
    first: int,
    stop: int,
) -> Attribution | None:
    tokens = doc.tokens
    sent = tokens[v_start].sent
    s = doc.sentences[sent]
    if kind == "according":
        a, b = _np_right(tokens, v_end, stop)
        if (
            a < b
            and tokens[a].key in _REPORT_NOUNS
            and (b - a == 1 or tokens[a + 1].key not in _OF_BY)
        ):
            return None  # "according to reports members of parliament revealed ...": no one
        document = b - a > 1 and tokens[a].key == "the" and tokens[a + 1].key in _DOCUMENT_WORDS
        if document and b - a > 2 and tokens[a + 2].key not in _OF_BY:
            b = a + 2  # "according to the bulletin Nusra terrorists executed ..."
        while b - a > 1 and tokens[b - 1].key in _REPORT_NOUNS and not document:
            b -= 1  # "according to an Observatory toll": the Observatory
        if a == b:
            return None
        opens = all(t.key in _OPENERS for t in tokens[first:v_start])
        content = (s.start, tokens[v_start].start) if not opens else (tokens[b - 1].end, s.end)
        if v_start == first or tokens[v_start - 1].text == ",":
            content = (tokens[b - 1].end, s.end) if opens else (s.start, tokens[v_start].start)
        return _build(doc, speech, people, sent, v_start, (a, b), None, content)
    if kind == "quoted" and v_start > first and tokens[v_start - 1].key in ("was", "were"):
        # '"...," Peskov was quoted as saying by the RIA Novosti news agency.'
        a0, b0 = _np_left(tokens, v_start - 1, first)
        if a0 == b0 or v_end + 2 > stop or tokens[v_end].key != "as":
            return None
        by = _find_key(tokens, v_end + 2, stop, "by")
        via = None
        if by is not None:
            va, vb = _np_right(tokens, by + 1, stop)
            via = _source_name(doc, va, vb) or (_np_text(doc, va, vb) if va < vb else None)
        content = (s.start, tokens[a0].start)
        return _build(doc, speech, people, sent, v_start, (a0, b0), via, content)
    if kind == "said" and tokens[v_start].key in _RELAYING and _as_saying(tokens, v_end, stop):
        kind = "quoted"  # "Reuters reported residents as saying ...": Reuters relays them
    if kind in ("quoted", "cited"):
        # "RIA quoted Zakharova as saying ..."; "X cited a source as saying ..."
        a0, b0 = _subject(tokens, v_start, first)
        a1, b1 = _np_right(tokens, v_end, stop)
        as_saying = _find_key(tokens, b1, stop, "as")
        if as_saying is None and b1 < stop and tokens[b1].key == "and":
            # "quoted residents and rescue workers as saying": past the second speaker
            as_saying = _find_key(tokens, _np_right(tokens, b1 + 1, stop)[1], stop, "as")
        if as_saying is None or as_saying + 1 >= stop or tokens[as_saying + 1].key != "saying":
            return None  # "Moscow cited the strikes as evidence": no speech
        content_start = tokens[as_saying + 2].start if as_saying + 2 < stop else s.end
        content = (content_start, s.end)
        if kind == "quoted" and a1 < b1 and a0 < b0:
            via = _source_name(doc, a0, b0) or _np_text(doc, a0, b0)
            return _build(doc, speech, people, sent, v_start, (a1, b1), via, content)
        if a0 < b0:
            return _build(doc, speech, people, sent, v_start, (a0, b0), None, content)
        return None
    # said / told / stated ...
    if v_end + 1 < stop and tokens[v_end].key == "to" and tokens[v_end + 1].key in ("be", "have"):
        return None  # "fighters said to be linked to the group": hearsay, no speaker
    before = tokens[v_start - 1] if v_start > first else None
    if before is not None and before.key in _PASSIVE:
        return None  # "hospitals were reported to have been damaged": no speaker named
    if (
        (before is not None and before.text in (",", '"'))
        or v_start == first
        or (_person_follows(tokens, speech, people, v_end, stop))
    ):
        # inverted: '..., said the ministry.' / '"...", said Power'
        a, b = _np_right(tokens, v_end, stop)
        if b - a > 8 and _person_at_start(tokens, a, b, people) is not None:
            b = min(b, a + 8)  # '"...", said Leila Haddad a local aid coordinator by ...'
        if a < b and b - a <= 8 and _speaker_like(doc, speech, people, a, b):
            appos = _appositive_subject(tokens, v_start, first)
            if appos is None:
                content = (
                    (s.start, tokens[v_start - 1].start)
                    if v_start > first
                    else (tokens[b - 1].end, s.end)
                )
                return _build(doc, speech, people, sent, v_start, (a, b), None, content)
        appos = _appositive_subject(tokens, v_start, first)
        if appos is not None:
            content = (tokens[v_end - 1].end, s.end)
            return _build(doc, speech, people, sent, v_start, appos, None, content)
        return None
    a, b = _subject_left(doc, speech, people, v_start, first)
    if a == b:
        return None
    a = _widen_to_person(tokens, speech, people, a, b, first)
    if tokens[v_start].key == "saying":
        # "..., with the monitor saying the shelling hit a school": what follows
        content = (tokens[v_end - 1].end, s.end)
    elif a > first and tokens[a - 1].text in (",", '"') and a - 1 > first:
        content = (s.start, tokens[a - 1].start)
    elif tokens[v_end - 1].key not in ("at", "of") and _ends_sentence(tokens, v_end, stop):
        # "... killed 11 people on Thursday a monitor said." (commas lost in the corpus):
        # the speaker is the few words before the verb, what was said all before them
        k = b
        longest = 6
        while k > a and b - k < longest:
            if tokens[k - 1].key in _TIME_WORDS:
                seat = k - 2 >= a and tokens[k - 1].key == "in" and _capital(tokens[k].text)
                if not (seat and tokens[k - 2].key in speech.titles):
                    break
                longest += 2  # but "the defence ministry in Moscow said" is one speaker
            k -= 1
        hook = next(
            (
                p
                for p in range(k, max(a, k - 3) - 1, -1)
                if p > a
                and tokens[p].key in _PLACE_PREPOSITIONS
                and tokens[p - 1].key in speech.titles
                and not tokens[p - 1].is_title
            ),
            None,
        )
        if hook is not None:
            # "... an activist with the opposition Idlib Media Centre told AFP": the title
            # the description hangs on, with its qualifiers and determiner
            k = hook - 1
            while k > a and k > b - 12 and tokens[k - 1].key not in _NOT_QUALIFIERS - _DETERMINERS:
                q = tokens[k - 1]
                if q.is_title and q.text.endswith("s") and q.text[:-1] in _source_names():
                    k -= 1  # "AFPs correspondent in the town": the outlet's apostrophe lost
                    break
                if not q.text.isalpha() or q.is_title:
                    break
                k -= 1
        a = k
        if a in (b, first):
            return None
        content = (s.start, tokens[_speaker_start(doc, speech, people, a, b)].start)
    elif a - first >= 4 and _only_where_told(tokens, v_end, stop):
        # "... the centre said in its daily bulletin posted on the ministry's website."
        content = (s.start, tokens[_speaker_start(doc, speech, people, a, b)].start)
    else:
        content = (tokens[v_end - 1].end, s.end)
    att = _build(doc, speech, people, sent, v_start, (a, b), None, content)
    if att is None and tokens[v_start].key in ("said", "says"):
        # '... were killed in the "double-tap" strike said the Civil Defence' (comma lost)
        ra, rb = _np_right(tokens, v_end, stop)
        ends = _ends_sentence(tokens, rb, stop) or (
            rb < stop and tokens[rb].key in _APPOSITIVE_OPENERS
        )  # "... said the Civil Defence also known as the White Helmets who ..."
        if ra < rb and rb - ra <= 8 and ends and _speaker_like(doc, speech, people, ra, rb):
            content = (s.start, tokens[v_start].start)
            return _build(doc, speech, people, sent, v_start, (ra, rb), None, content)
    return att


_RELAYING = frozenset({"reported", "reports"})
"""Speech verbs that relay another's words with "as saying" ("AFP reported X as saying")."""


def _as_saying(tokens: list[Token], k: int, stop: int) -> bool:
    """ "as saying" follows within the next few words."""
    for i in range(k, min(stop - 1, k + 10)):
        if tokens[i].key == "as" and tokens[i + 1].key == "saying":
            return True
        if tokens[i].text in _BOUNDARY and tokens[i].key != "and":
            return False
    return False


_OPENERS = frozenset("thus so but and yet however meanwhile also now".split())
"""Words that may open a sentence before "according to X" without being what X said."""
_OF_BY = frozenset({"of", "by", "from", "issued", "released", "published"})
"""Words after "the statement" that go on to say whose it is."""

_TELLING_PLACES = frozenset(
    """statement bulletin communique website briefing interview conference report post
    channel""".split()
)


def _person_follows(
    tokens: list[Token], speech: SpeechLexicon, people: dict[str, _Person], k: int, stop: int
) -> bool:
    """A person's full name right after the verb, then the sentence's end or an appositive:
    "... the end of it said Modar Shekho a nurse in eastern Aleppo" (comma lost)."""
    for n in (4, 3, 2):
        if k + n > stop:
            continue
        text = " ".join(t.text for t in tokens[k : k + n])
        if people.get(text) is None:
            continue
        after = tokens[k + n] if k + n < stop else None
        return (
            after is None
            or not after.text.isalnum()
            or after.key in ("a", "an", "the")
            or after.key in speech.titles
        )
    return False


def _only_where_told(tokens: list[Token], v_end: int, stop: int) -> bool:
    """What follows a speech verb is only where it was told: a preposition opening a
    phrase about a statement, bulletin, briefing ..., and no "that"."""
    if v_end >= stop or tokens[v_end].key not in ("in", "on", "at", "during"):
        return False
    rest = [t.key for t in tokens[v_end:stop]]
    return "that" not in rest and any(k in _TELLING_PLACES for k in rest[:6])


def _speaker_start(
    doc: Document, speech: SpeechLexicon, people: dict[str, _Person], a: int, b: int
) -> int:
    """Where the speaker of "... and injured scores a monitor said" begins: at its first
    determiner, named body or named person (with the titles before the name: "... all
    al-Sheitaat Observatory director Rami Abdelrahman said"), else at ``a``."""
    tokens = doc.tokens
    named = _strip_age(tokens, a, b, people)
    found = _person_ending(tokens, a, named, people)
    if found is not None:
        k = named - found[1]
        while k > a and tokens[k - 1].key in speech.titles:
            k -= 1
        if k < named - found[1]:  # "... Observatory director Rami Abdelrahman said"
            k = min((m.tok_start for m in doc.actors if m.tok_end == k), default=k)
        return k
    if _lone_name(doc, b - 1, a):
        return b - 1  # "... near the border crossing Kalkanhaber reported"
    for i in range(a, b):
        if tokens[i].key in ("a", "an", "the"):
            return i
    starts = [m.tok_start for m in doc.actors if a <= m.tok_start < b and m.role == "source"]
    return min(starts, default=a)


def _lone_name(doc: Document, k: int, a: int) -> bool:
    """Token ``k`` is a lone capitalised word no lexicon knows, named as a speaker
    ("... on Turkey Haberturk reported"): a person's surname or an outlet's name."""
    tokens = doc.tokens
    t = tokens[k]
    if not (t.is_title and t.text.isalpha() and len(t.text) > 2 and not t.text.isupper()):
        return False
    if t.key in _NOT_NAME_START or t.key in _PRONOUNS or t.key in _ORG_WORDS:
        return False
    if t.key in _NOT_NAME_WORDS or t.key in _DETERMINERS:
        return False
    if k == doc.sentences[t.sent].first_token and not _capital(t.text):
        return False
    if k > a and tokens[k - 1].is_title and not _known_at(doc, k - 1):
        return False  # one of several capitalised words: a name the lexicons lack
    before = tokens[k - 1].key
    if before == "and" and k - 2 >= a and tokens[k - 2].is_title and not _known_at(doc, k - 2):
        return False  # "Trade and Investment": words of one name
    if before in _DETERMINERS or before in _NOT_NAME_AFTER or _is_demonym(tokens[k - 1].text):
        return False  # "the Turkish Parliament", "... of Justice", "whether Assad declared"
    return not _known_at(doc, k)


_NOT_NAME_AFTER = frozenset("of for whether if how why what 's".split())


@cache
def _all_demonyms() -> frozenset[str]:
    return frozenset(
        d for c in load_yaml("countries.yaml")["countries"] for d in c.get("demonyms", [])
    )


def _is_demonym(word: str) -> bool:
    return word in _all_demonyms()


def _known_at(doc: Document, k: int) -> bool:
    """Token ``k`` is inside an actor or place mention."""
    return any(m.tok_start <= k < m.tok_end for m in doc.actors) or any(
        p.tok_start <= k < p.tok_end for p in doc.places
    )


def _subject_left(
    doc: Document, speech: SpeechLexicon, people: dict[str, _Person], v: int, first: int
) -> tuple[int, int]:
    """The subject before a speech verb, past an acronym in brackets ("the Syrian
    Observatory for Human Rights (SOHR) said") and a relative clause about a speaker ("An
    activist who spoke on condition of anonymity told Reuters")."""
    tokens = doc.tokens
    b = v
    if b - 3 > first and tokens[b - 1].text == ")" and tokens[b - 3].text == "(":
        b -= 3
    a, b = _np_left(tokens, b, first)
    rel = a
    if not (a - 1 > first and tokens[a - 1].key in ("who", "which")):
        # a longer clause: "Rami Abdurrahman who heads the Britain-based Syrian Observatory
        # for Human Rights said"
        wide, _ = _np_left(tokens, b, first, 16)
        rel = wide if wide < a else a
    if rel - 1 > first and tokens[rel - 1].key in ("who", "which"):
        pa, pb = _np_left(tokens, rel - 1, first)
        named = _person_in(tokens, pa, pb, people) is not None
        body = any(pa <= m.tok_start and m.tok_end == pb and m.role == "source" for m in doc.actors)
        if pa < pb and (named or body or any(t.key in speech.titles for t in tokens[pa:pb])):
            return pa, pb
    return a, b


_REPORT_NOUNS = frozenset(
    "toll tolls tally count figures figure report reports data estimate estimates statement".split()
)
"""What a body issues: "according to a Reuters tally", "according to UN figures"."""

_TRAILERS = frozenset(
    """in a an statement on today yesterday late early monday tuesday wednesday thursday
    friday saturday sunday night morning evening told reporters news conference interview
    by phone telephone email separately also later earlier again afp reuters ap the
    agency""".split()
)


_TRAILING_CLAUSE = frozenset(
    {
        "without",
        "citing",
        "quoting",
        "adding",
        "noting",
        "putting",
        "but",
        "although",
        "though",
        "because",
    }
)
"""Words that open a clause about the telling itself: "..., state TV reported on Wednesday
without giving further details", "... a monitor said citing sources on the ground"."""


_FURNITURE = frozenset({"Tags"})
"""Page furniture run into the last sentence of a lead ("... a monitor said Tags Nusra
Front Aleppo")."""


def _ends_sentence(tokens: list[Token], v_end: int, stop: int) -> bool:
    """Only a few words ("in a statement", "on Monday") follow the speech verb, perhaps
    with a clause about the telling ("without giving details", "citing ...")."""
    words: list[Token] = []
    for t in tokens[v_end:stop]:
        if t.key in _TRAILING_CLAUSE or t.text in _FURNITURE:
            break
        if t.text.isalnum():
            words.append(t)
    return len(words) <= 5 and all(t.key in _TRAILERS for t in words)


def _speaker_like(
    doc: Document, speech: SpeechLexicon, people: dict[str, _Person], a: int, b: int
) -> bool:
    """Could tokens ``[a, b)`` name a speaker (a known body, a person, a titled noun)?"""
    tokens = doc.tokens
    if any(t.key in speech.titles or t.key in _PRONOUNS for t in tokens[a:b]):
        return True
    if b - a >= 2 and f"{tokens[b - 2].key} {tokens[b - 1].key}" in speech.titles:
        return True  # "rescue workers", "security source"
    if _person_in(tokens, a, b, people) is not None:
        return True
    if _described_body(doc, a, b) is not None or _proper_body_span(doc, a, b) is not None:
        return True  # '"...", said the Britain-based organisation', "said the Civil Defence"
    return any(a <= m.tok_start and m.tok_end <= b for m in doc.actors)


def _appositive_subject(tokens: list[Token], v_start: int, first: int) -> tuple[int, int] | None:
    """ "X, a monitoring group with contacts across Syria, cited ..." → X;
    "X, citing a military source, said ..." → X."""
    if v_start - 1 <= first or tokens[v_start - 1].text != ",":
        return None
    k = v_start - 1
    while k > first and tokens[k - 1].text != ",":
        k -= 1
    if k <= first or v_start - k > 14:
        return None
    if tokens[k].key not in ("a", "an", "the") and tokens[k].key not in _APPOSITIVE_OPENERS:
        return None
    a, b = _np_left(tokens, k - 1, first)
    return (a, b) if a < b else None


def _widen_to_person(
    tokens: list[Token],
    speech: SpeechLexicon,
    people: dict[str, _Person],
    a: int,
    b: int,
    first: int,
) -> int:
    """Start of a longer subject when a person's name opens a long title before the verb:
    "General Joseph Votel the top commander for US military forces in the Middle East
    warned" (commas lost in the corpus)."""
    if _person_in(tokens, a, b, people) is not None:
        return a
    wide, _ = _np_left(tokens, b, first, 20)
    if not any(t.is_title for t in tokens[wide : a + 1]):
        return a
    for k in range(a, wide - 1, -1):
        lead = _person_at_start(tokens, k, b, people)
        if lead is not None and _title_follows(tokens, speech, lead[1], b):
            return k
    return a


def _title_follows(tokens: list[Token], speech: SpeechLexicon, k: int, b: int) -> bool:
    """A title opens tokens ``[k, b)``, after a determiner and at most two qualifiers:
    "(Riad Hijab) coordinator of ...", "(Nadim Houry) deputy director of ..."."""
    if k < b and tokens[k].text == ",":
        k += 1
    if k + 1 < b and tokens[k].key in ("a", "an") and tokens[k + 1].text.isalpha():
        return True  # "Omar Said a local aid worker": an appositive after the full name
    if k < b and tokens[k].key in _DETERMINERS:
        k += 1
    for i in range(k, min(b, k + 3)):
        t = tokens[i]
        if t.key in speech.titles:
            return True
        if not t.text.isalpha():
            return False
    return False


def _subject(tokens: list[Token], v: int, first: int) -> tuple[int, int]:
    """The subject of a verb, looking past an appositive."""
    return _appositive_subject(tokens, v, first) or _np_left(tokens, v, first)


def _np_left(tokens: list[Token], v: int, first: int, longest: int = 8) -> tuple[int, int]:
    """The noun phrase ending right before token ``v`` (subject of a speech verb)."""
    b = v
    while b > first and (tokens[b - 1].key in _BEFORE_VERB or _adverb(tokens[b - 1])):
        b -= 1
    if b - 1 > first and tokens[b - 1].text == ")":
        # "the Syrian Network for Human Rights (SNHR) said": past the parenthesis
        k = b - 2
        while k > first and b - k < 6 and tokens[k].text != "(":
            k -= 1
        if tokens[k].text == "(":
            b = k
    if b > first and tokens[b - 1].key in _PRONOUNS:
        return b - 1, b  # '"..." against President Assad he added'
    a = b
    while a > first and a > b - longest:
        t = tokens[a - 1]
        if t.text in _BOUNDARY or _boundary_word(t):
            break
        a -= 1
    return a, b


_BEFORE_VERB = frozenset(
    "also later has have had earlier previously separately reportedly further".split()
)
"""Words between a speaker and its verb ("the ministry also said")."""


def _adverb(t: Token) -> bool:
    """ "directly", "repeatedly", "publicly": a manner adverb between subject and verb."""
    return t.text.islower() and len(t.text) > 5 and t.key.endswith("ly") and t.text.isalpha()


def _np_right(tokens: list[Token], v: int, stop: int) -> tuple[int, int]:
    a = v
    b = a
    while b < stop and b < a + 12:
        t = tokens[b]
        if (
            t.text in _BOUNDARY
            or _boundary_word(t)
            or t.key in ("as", "on", "in")
            or (
                t.key in ("also", "known") and b + 1 < stop and tokens[b + 1].key in ("known", "as")
            )
            or t.key in _PARTICIPLES
            or t.key in _TRAILING_PARTICIPLES
        ):
            break
        b += 1
    return a, b


_VERB_SURNAMES = frozenset({"said"})
"""Speech verbs that are also surnames when capitalised mid-sentence ("Osama Said")."""


def _boundary_word(t: Token) -> bool:
    """A word that ends a noun phrase ("that", "and", "said"), but not "Said" the surname
    nor a capitalised acronym ("AND")."""
    if t.key not in _BOUNDARY or t.text.isupper():
        return False
    return not (t.key in _VERB_SURNAMES and t.is_title)


def _find_key(tokens: list[Token], a: int, stop: int, key: str) -> int | None:
    for i in range(a, min(stop, a + 3)):
        if tokens[i].key == key:
            return i
    return None


def _np_text(doc: Document, a: int, b: int) -> str:
    tokens = doc.tokens
    while a < b and tokens[a].key in _DETERMINERS:
        a += 1
    return doc.text[tokens[a].start : tokens[b - 1].end] if a < b else ""


def _source_name(doc: Document, a: int, b: int) -> str | None:
    """The canonical name of a known source or actor inside tokens ``[a, b)``."""
    for m in doc.actors:
        if a <= m.tok_start and m.tok_end <= b and m.role == "source":
            return m.name_template
    return None


def _build(
    doc: Document,
    speech: SpeechLexicon,
    people: dict[str, _Person],
    sent: int,
    verb: int,
    np: tuple[int, int],
    via: str | None,
    content: tuple[int, int],
) -> Attribution | None:
    tokens = doc.tokens
    a, b = np
    b = _strip_age(tokens, a, b, people)
    words = [t for t in tokens[a:b] if t.key not in _DETERMINERS]
    if not words:
        return None
    if len(words) == 1 and words[0].key in _PRONOUNS:
        return Attribution(sent, verb, words[0].key, None, None, via, content, True)
    if len(words) > 1 and words[-2].key == "same" and doc.attributions:
        # "the same source said": the speaker of the speech act before
        last = doc.attributions[-1]
        return Attribution(
            sent, verb, last.speaker, last.speaker_role, (a, b), via, content, last.is_person
        )
    # a person named at the end of the phrase: "... spokeswoman Maria Zakharova"; not the
    # words of a body's name ("the Observatory for Human Rights")
    body_end = any(m.tok_end == b and m.tok_start >= a and m.role == "source" for m in doc.actors)
    person = None if body_end else _person_in(tokens, a, b, people)
    if person is not None:
        return Attribution(sent, verb, person.full, person.role, (a, b), via, content, True)
    # a person named first, then the title: "Riad Hijab coordinator of the opposition HNC"
    lead = _person_at_start(tokens, a, b, people)
    if lead is not None and _title_follows(tokens, speech, lead[1], b):
        person, k = lead
        while k < b and tokens[k].key in _DETERMINERS | {","}:
            k += 1
        end = next((i for i in range(k, b) if tokens[i].key in _ROLE_STOPS), b)
        role = person.role or (doc.text[tokens[k].start : tokens[end - 1].end] if k < end else None)
        return Attribution(sent, verb, person.full, role, (a, b), via, content, True)
    name = _head_name(doc, speech, a, b)
    if name is None and _lone_name(doc, b - 1, a):
        # "... on Turkey Haberturk reported": a name no lexicon knows; "Moscow said": the
        # state whose seat it is, as its government
        word = tokens[b - 1].text
        seat = _capital(word)
        name = _governments().get(seat, word) if seat else word
        return Attribution(sent, verb, name, None, (b - 1, b), via, content, False)
    if name is None and tokens[verb].key in _SAYING:
        name = _armed_speaker(doc, a, b)
    if name is None:
        return None  # "the strikes said"? only named bodies and titled speakers speak
    return Attribution(sent, verb, name, None, (a, b), via, content, False)


_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday on in at""".split()
)
_NOT_QUALIFIERS = frozenset(
    """in on at of the a an and or from to by with for said says told as after before when
    according reports
    while since last first days weeks months years one two three four five six seven eight
    nine ten monday tuesday wednesday thursday friday saturday sunday today yesterday
    he she it they we i you january february march april may june july august september
    october november december left meanwhile also""".split()
)


_MONITOR_WORDS = frozenset({"monitor", "observatory", "watchdog"})
_AGENCY_WORDS = frozenset({"agency"})


_GROUP_WORDS = frozenset({"group", "organisation", "organization"})
_GROUP_QUALIFIERS = frozenset({"rights", "monitoring", "activist", "opposition", "aid"})


def _described_body(doc: Document, a: int, b: int) -> str | None:
    """ "the Britain-based monitor", "the monitoring group", "the agency": the one monitor
    (or news agency) the article names, else the one named last before the description,
    else the first named after it. "The group" ("the rights group"): the monitor, aid or
    armed group named last before it."""
    tokens = doc.tokens
    keys = {
        t.key
        for i, t in enumerate(tokens[a:b], a)
        if not (t.key == "based" or (i + 1 < b and tokens[i + 1].key == "based"))
    } - _DETERMINERS  # "the Britain-based organisation": where it sits is no part of what
    if keys & _GROUP_WORDS and keys <= _GROUP_WORDS | _GROUP_QUALIFIERS - {"monitoring"}:
        return _last_group(doc, a)
    if keys & _MONITOR_WORDS or ("monitoring" in keys and "group" in keys):
        wanted = "monitor"
    elif keys & _AGENCY_WORDS and len(keys) <= 3:
        wanted = "media"
    else:
        return None
    found = [m for m in doc.actors if m.role == "source" and m.source_type == wanted]
    if len({m.name_template for m in found}) <= 1:
        return found[0].name_template if found else None
    # several: the last one named before, else the first named after ("a monitoring
    # group said ... the Syrian Observatory for Human Rights said")
    before = [m for m in found if m.tok_end <= a]
    return (before[-1] if before else found[0]).name_template


def _last_group(doc: Document, a: int) -> str | None:
    """The monitor, aid organisation or armed group named last before token ``a``."""
    last = None
    for m in doc.actors:
        if m.tok_end > a:
            continue
        if (m.role == "source" and m.source_type in ("monitor", "ngo")) or (
            m.role == "group" and "{country}" not in m.name_template
        ):
            last = m
    return last.name_template if last is not None else None


@cache
def _source_names() -> frozenset[str]:
    """Names and aliases of the sources lexicon, as written ("SANA", "Reuters")."""
    out: set[str] = set()
    for s in load_yaml("sources.yaml")["sources"]:
        out.update([s["name"], *s.get("aliases", [])])
    return frozenset(out)


@cache
def _demonyms() -> dict[str, str]:
    """ISO3 code → the country's first demonym ("RUS" → "Russian")."""
    return {
        c["iso3"]: c["demonyms"][0]
        for c in load_yaml("countries.yaml")["countries"]
        if c.get("demonyms")
    }


_BRITISH = {"defense": "defence", "organization": "organisation"}
_STATE_BODIES = frozenset(
    """ministry staff office department command council directorate agency service
    committee authority defence defense affairs interior""".split()
)
_LOWER_IN_NAMES = frozenset({"of", "the", "and", "for"})


def _body_name(doc: Document, m: ActorMention) -> str | None:
    """The name a speaking body goes by: a source's canonical name; a state's ministry or
    staff as demonym + body in one spelling ("Russia's Defense Ministry", "the Russian
    ministry of defence" → "Russian Defence Ministry"); else None."""
    if m.role == "source":
        return m.name_template
    country = m.country
    tokens = doc.tokens
    if country is None and m.tok_end + 1 < len(tokens) and tokens[m.tok_end].key == "in":
        country = _capital(tokens[m.tok_end + 1].text)  # "the defence ministry in Moscow"
    if m.role != "ministry" or country is None or country not in _demonyms():
        return None
    words = [
        t.key
        for t in doc.tokens[m.tok_start : m.tok_end]
        if t.key not in ("the", "'s", "s") and not _country_word(t.key, country)
    ]
    if not words or words[-1] not in _STATE_BODIES:
        return None
    body = " ".join(w if w in _LOWER_IN_NAMES else _BRITISH.get(w, w).capitalize() for w in words)
    return f"{_demonyms()[country]} {body}"


@cache
def _country_keys() -> dict[str, frozenset[str]]:
    """ISO3 code → the lower-cased words of its names and demonyms ("russia", "russias",
    "russian", "federation")."""
    out: dict[str, frozenset[str]] = {}
    for c in load_yaml("countries.yaml")["countries"]:
        words: set[str] = set()
        for n in [c["name"], *c.get("aliases", []), *c.get("demonyms", [])]:
            words.update(w for w in n.lower().split() if w not in _LOWER_IN_NAMES)
        words |= {w + "s" for w in words}
        out[c["iso3"]] = frozenset(words)
    return out


@cache
def _capitals() -> dict[str, str]:
    """Seat of government → ISO3 code ("Moscow" → "RUS")."""
    out: dict[str, str] = {}
    for c in load_yaml("countries.yaml")["countries"]:
        for cap in [c.get("capital"), *c.get("capital_aliases", [])]:
            if cap:
                out[cap] = c["iso3"]
    return out


def _capital(word: str) -> str | None:
    return _capitals().get(word)


@cache
def _governments() -> dict[str, str]:
    """ISO3 code → the state's government as an actor ("Government of the United States")."""
    out: dict[str, str] = {}
    for c in load_yaml("countries.yaml")["countries"]:
        name = f"the {c['name']}" if c.get("definite_article") else c["name"]
        out[c["iso3"]] = f"Government of {name}"
    return out


def _state_speaker(doc: Document, a: int, m: ActorMention) -> str | None:
    """A state that speaks as a state ("Russia said", "Turkey accused ...") is its
    government, named as an actor: "Government of Russia"."""
    if m.role != "country" or m.country is None:
        return None
    tokens = doc.tokens
    if any(t.key not in _DETERMINERS for t in tokens[a : m.tok_start]):
        return None
    return _governments().get(m.country)


def _country_word(key: str, iso3: str) -> bool:
    return key in _country_keys().get(iso3, frozenset())


def _head_name(doc: Document, speech: SpeechLexicon, a: int, b: int) -> str | None:
    """The speaker a phrase names: the known body or actor that ends it ("The Russian
    Defence Ministry" → "Russian Defence Ministry", "the Observatory" → its full name),
    else its last title noun with the words that qualify it ("a senior Obama
    administration official", "Activists in Idlib province" → "Activists")."""
    tokens = doc.tokens
    described_person = _titled_with_place(doc, speech, a, b)
    if described_person is not None:
        return described_person
    if b - a >= 3 and tokens[b - 2].key == "in" and _capital(tokens[b - 1].text):
        b -= 2  # "the defence ministry in Moscow": the body, of that capital's state
    mentions = [m for m in doc.actors if a < m.tok_end <= b]
    if mentions:
        last = max(mentions, key=lambda m: m.tok_end)
        bare_noun = last.country is None and last.tok_end - last.tok_start == 1
        tail = tokens[last.tok_end : b]
        if (
            last.role == "source"
            and 0 < len(tail) <= 3
            and all(t.text.isalpha() and not t.is_title for t in tail)
            and not any(t.key in _DETERMINERS for t in tail)
            and tail[-1].key in _BODY_WORDS
        ):
            return last.name_template  # "the Syrian Observatory ... monitoring group"
        if last.tok_end == b and last.role != "source":
            described = _described_body(doc, a, b)
            if described is not None:
                return described  # "the monitoring group": a description, not a name
        if last.tok_end == b and (last.role == "source" or not bare_noun):
            body = _body_name(doc, last)
            if body is not None:
                return body
            state = _state_speaker(doc, a, last)
            if state is not None:
                return state
            if (
                last.role == "group"
                and "{" not in last.name_template
                and last.name_end == last.tok_end
            ):
                return last.name_template  # its name by the naming rule (_article_names)
            start = last.tok_start
            while start > a and tokens[start - 1].key == "'s":
                start = max(a, start - 2)  # "Ukraine's general staff"
            return _np_text(doc, start, last.tok_end)
    described = _described_body(doc, a, b)
    if described is not None:
        return described
    proper = _proper_body(doc, a, b)
    if proper is not None:
        return _fuller_body(doc, proper)
    if b - a == 2 and tokens[a].key == "the" and tokens[b - 1].key in _REFERRING:
        # "according to the bulletin", "the center said": its issuer, the body named
        # before (_resolve_reference)
        return tokens[b - 1].key
    for i in range(b - 1, a - 1, -1):
        two = i > a and f"{tokens[i - 1].key} {tokens[i].key}" in speech.titles
        if tokens[i].key in speech.titles or two:
            j = _qualifiers_start(doc, a, i - 1 if two else i, 5)
            acronym = _acronym_in(tokens[j:i])
            if acronym is not None and tokens[i].key in _AGENCY_WORDS:
                return acronym  # "the state-run Sana agency": SANA, spelt in mixed case
            owner = tokens[j].text
            if j < i and owner.endswith("s") and owner[:-1] in _source_names():
                # "SANAs correspondent": the outlet's correspondent, its apostrophe lost
                return f"{owner[:-1]} {doc.text[tokens[j + 1].start : tokens[i].end]}"
            return doc.text[tokens[j].start : tokens[i].end]
    return None


_UNARMED = frozenset({"civilians", None})
"""Kinds of generic actors that name no speaker by themselves ("12 people said to be ...")."""
_SAYING = frozenset({"said", "says", "say", "told", "tells", "tell", "added"})
"""Verbs that make armed men described generically speakers ("rebels said"); not "rebels
responded to the shelling", "insurgents posted images"."""


def _armed_speaker(doc: Document, a: int, b: int) -> str | None:
    """ "rebels said", "Kurdish fighters told AFP": the armed men as the article describes
    them (never an actor's name: they speak for no named group)."""
    tokens = doc.tokens
    last = max((m for m in doc.actors if a < m.tok_end <= b), key=lambda m: m.tok_end, default=None)
    if last is None or last.tok_end != b or last.role != "generic" or last.kind in _UNARMED:
        return None
    j = last.tok_start
    if j > a and _is_demonym(tokens[j - 1].text):
        j -= 1  # "Syrian rebels"; not "... in Jayrud town rebels said" (commas lost)
    return doc.text[tokens[j].start : tokens[b - 1].end]


_BODY_HEADS = frozenset(
    """center centre centres centers committee committees council network office institute
    organization organisation observatory commission authority association foundation union
    league society directorate department mission coalition defence defense""".split()
)
"""Capitalised last words of the proper name of a body ("Ghouta Media Center")."""
_REFERRING = _DOCUMENT_WORDS | {"center", "centre", "institute", "foundation", "association"}
"""Nouns that, after "the" alone, refer back to a body named before ("the bulletin", "the
center", "the committee"), and name no speaker by themselves."""


def _proper_body(doc: Document, a: int, b: int) -> str | None:
    """A body the lexicons do not know, by its proper name: a run of capitalised words
    ending in a body word ("The Ghouta Media Center said"), perhaps followed by an
    appositive ("The Aleppo Media Center an activist collective said")."""
    span = _proper_body_span(doc, a, b)
    if span is None:
        return None
    return doc.text[doc.tokens[span[0]].start : doc.tokens[span[1] - 1].end]


def _fuller_body(doc: Document, name: str) -> str:
    """A body's short name ("the Civil Defence") as the one known body the article names
    with all its words ("the Syrian Civil Defence"), else as written."""
    words = _words(name)
    fuller = {
        m.name_template
        for m in doc.actors
        if m.role == "source" and words < _words(doc.text[m.start : m.end])
    }
    return fuller.pop() if len(fuller) == 1 else name


def _proper_body_span(doc: Document, a: int, b: int) -> tuple[int, int] | None:
    tokens = doc.tokens
    end = b
    for i in range(a + 1, b):
        if tokens[i].key in ("a", "an"):
            end = i  # an appositive after the name (commas lost in the corpus)
            break
    head = tokens[end - 1] if end > a else None
    if head is None or not head.is_title or head.key not in _BODY_HEADS:
        return None
    k = end - 1
    while k > a:
        q = tokens[k - 1]
        if q.key in _DETERMINERS:
            break
        if (q.is_title and q.text.isalpha()) or (
            q.key in ("of", "for", "and") and k - 2 >= a and tokens[k - 2].is_title
        ):
            k -= 1
        else:
            break
    known = any(
        m.tok_start < end and k < m.tok_end
        for m in doc.actors
        if m.role in ("source", "group", "ministry")
    )
    return None if end - k < 2 or known else (k, end)


def _acronym_in(words: list[Token]) -> str | None:
    """A source known by its acronym, written in mixed case ("Sana" for "SANA")."""
    for t in words:
        upper = t.text.upper()
        if t.is_title and t.text != upper and len(t.text) > 2 and upper in _source_names():
            return upper
    return None


_NOT_QUALIFIER_START = frozenset(
    """january february march april may june july august september october november
    december meanwhile however recently also he she they we it""".split()
)


def _qualifiers_start(doc: Document, a: int, i: int, most: int) -> int:
    """Start of the words that qualify the title at ``i`` ("a senior Obama administration
    official", "Turkish security sources"); not a month, an adverb, a pronoun, a place or
    another actor before it ("June activists", "Hama rights groups", "civilians residents",
    commas lost in the corpus)."""
    tokens = doc.tokens
    j = i
    while j > a and i - j < most:
        t = tokens[j - 1]
        if (
            t.key in _NOT_QUALIFIERS
            or t.key in _NOT_QUALIFIER_START
            or t.key.endswith("ly")
            or not (t.text.isalpha() or "." in t.text)
            or _outside_qualifier(doc, j - 1)
        ):
            break
        j -= 1
    return j


def _outside_qualifier(doc: Document, k: int) -> bool:
    """Token ``k`` names a place or a non-state actor: no qualifier of a speaker's title."""
    if k + 1 < len(doc.tokens) and doc.tokens[k + 1].key == "based":
        return False  # "Douma-based"
    for p in doc.places:
        if p.tok_start <= k < p.tok_end:
            return True
    for m in doc.actors:
        if m.tok_start <= k < m.tok_end:
            plural = m.text.endswith("s")
            return plural and m.role in ("generic", "country")  # "civilians", "Syrias"
    return False


_ROLE_STOPS = frozenset({"by", "speaking", "on", "told", "via", "said"})
_PLACE_PREPOSITIONS = frozenset({"at", "from", "with", "in", "of"})


def _titled_with_place(doc: Document, speech: SpeechLexicon, a: int, b: int) -> str | None:
    """An unnamed person described by a title and where they are: "a source at Aleppo
    Police Command", "an official from the Nour al-Din al-Zinki rebel group", "an activist
    in Deir al-Zor" (the whole description, as the article gives it)."""
    tokens = doc.tokens
    for i in range(a, b - 2):
        t = tokens[i]
        if t.key in speech.titles and t.key not in _BODY_WORDS and not t.is_title:
            if tokens[i + 1].key not in _PLACE_PREPOSITIONS:
                continue
            rest = tokens[i + 2 : b]
            if not any(r.is_title for r in rest) and not any(r.key in speech.titles for r in rest):
                return None  # "residents of the area", not a named place or body
            j = i
            while j > a and i - j < 3:
                q = tokens[j - 1]
                if q.key in _NOT_QUALIFIERS or not q.text.isalpha() or q.is_title:
                    break
                j -= 1
            return doc.text[tokens[j].start : tokens[b - 1].end]
    return None


def _person_ending(
    tokens: list[Token], a: int, b: int, people: dict[str, _Person]
) -> tuple[_Person, int] | None:
    """The person whose name (or surname) ends the phrase ``[a, b)``, with the number of
    tokens that name takes (the longest known, up to four)."""
    for n in (4, 3, 2, 1):
        if b - n < a:
            continue
        text = " ".join(t.text for t in tokens[b - n : b])
        person = people.get(text) or (people.get(text.lower()) if n > 1 else None)
        if person is not None:
            return person, n
    return None


def _person_in(tokens: list[Token], a: int, b: int, people: dict[str, _Person]) -> _Person | None:
    """The person whose name (or surname) ends the phrase ``[a, b)``."""
    found = _person_ending(tokens, a, b, people)
    return found[0] if found is not None else None


def _person_at_start(
    tokens: list[Token], a: int, b: int, people: dict[str, _Person]
) -> tuple[_Person, int] | None:
    """A person named at the start of the phrase ``[a, b)``, with the token after the name:
    "Riad Hijab coordinator of the opposition HNC" (commas lost in the corpus)."""
    while a < b and tokens[a].key in _DETERMINERS:
        a += 1
    for n in (4, 3, 2):
        if a + n >= b:
            continue
        text = " ".join(t.text for t in tokens[a : a + n])
        person = people.get(text) or people.get(text.lower())
        if person is not None:
            return person, a + n
    return None


_NAME_CONNECTORS = frozenset({"of", "for", "the", "and", "in", "on", "is", "de", "al", "el"})
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,}$")
_WORDS = re.compile(r"[\w']+")


def _article_names(doc: Document) -> dict[str, str]:
    """Lexicon name of a known body → the fullest name the article gives it (the
    guideline's naming rule): its longest name in the article's own words and spelling,
    a formal name before a nickname; a body the article names only by an acronym or a short
    form of its lexicon name ("SOHR", "the Syrian Observatory") keeps the lexicon name.
    Bodies with no proper name ("Syrian state TV", "the state news agency") keep the
    article's description."""
    forms: dict[str, list[str]] = {}
    text = doc.text
    tokens = doc.tokens
    for m in doc.actors:
        if m.role not in ("source", "group") or "{" in m.name_template:
            continue
        a, b = m.tok_start, m.name_end if m.role == "group" else m.tok_end
        while a + 2 < b and tokens[a + 1].key == "based":
            a += 2  # "UK-based", "Britain-based": where the body sits, not its name
        proper = _is_proper(m.name_template)
        if proper:
            while b > a and tokens[b - 1].text.isalpha() and tokens[b - 1].text.islower():
                b -= 1  # "White Helmets rescue group": what it is, not its name
        if a >= b:
            continue
        form = text[tokens[a].start : tokens[b - 1].end]
        if proper and (_ACRONYM.match(form) or _words(form) <= _words(m.name_template)):
            continue
        forms.setdefault(m.name_template, []).append(form)
    names = {
        name: max(found, key=lambda f: (len(_WORDS.findall(f)), len(f)))
        for name, found in forms.items()
    }
    for name in list(names):
        if not _is_proper(name) and name.islower():
            # "state TV" in the headline, "Syrian state television" in the text: one outlet
            wider = [n for n in names if n != name and _words(name) <= _words(n)]
            if len(wider) == 1:
                names[name] = names[wider[0]]
    return names


def _words(name: str) -> set[str]:
    return {w.lower().rstrip("s") for w in _WORDS.findall(name)}


def _is_proper(name: str) -> bool:
    """A proper name (every word capitalised but connectors), not a description."""
    return all(w[:1].isupper() or w in _NAME_CONNECTORS for w in name.split())
