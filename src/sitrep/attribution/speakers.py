"""The speaker phrase of a speech act: the noun phrase before or after the verb, and
the speaker it names (:func:`_build`)."""

from __future__ import annotations

from sitrep.attribution.bodies import (
    _SAYING,
    _armed_speaker,
    _capital,
    _described_body,
    _governments,
    _head_name,
    _lone_name,
    _misspelt_source,
    _proper_body_span,
)
from sitrep.attribution.common import (
    _APPOSITIVE_OPENERS,
    _BODY_WORDS,
    _BOUNDARY,
    _DETERMINERS,
    _NAME_PARTICLES,
    _PARTICIPLES,
    _PLACE_PREPOSITIONS,
    _PRONOUNS,
    Attribution,
    SpeechLexicon,
    _Person,
)
from sitrep.attribution.people import _person_at_start, _person_ending, _person_in, _strip_age
from sitrep.document import Document
from sitrep.quantities import UNIT_WORDS
from sitrep.tokens import Token

_TRAILING_PARTICIPLES = frozenset({"putting", "saying", "adding", "noting", "stressing", "warning"})


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
    for i in range(b - 2, a - 1, -1):
        vague = tokens[i].key in _VAGUE_AMOUNTS
        if tokens[i].text.isdigit() or tokens[i].key in UNIT_WORDS or vague:
            # "... killing four (more) civilians residents said": a figure and the people
            # it counts end what was said; "... two residents said": the speaker's figure
            if i < b - 2:
                counted = [m.tok_end for m in doc.actors if i < m.tok_start and m.tok_end < b]
                # "... wounding dozens opposition activists said", "... wounded several
                # others activists said", "... three others wounded Kurdish media said":
                # the words that name whom it counts, and its casualty word
                k = i + 1
                while k < b - 1 and tokens[k].key in _COUNTED:
                    k += 1
                a = max(counted, default=k if vague else max(k, i + 2))
            else:
                a = i
            break
    starts = [m.tok_start for m in doc.actors if a <= m.tok_start < b and m.role == "source"]
    return min(starts, default=a)


_VAGUE_AMOUNTS = frozenset("dozens scores several hundreds tens many".split())
"""Amounts in words that end a figure ("wounding dozens", "killing scores")."""
_COUNTED = frozenset(
    """others other more people persons civilians children women men soldiers fighters
    killed dead wounded injured""".split()
)
"""Words after a figure that name whom it counts, or how ("several others", "three others
wounded")."""

_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _subject_left(
    doc: Document, speech: SpeechLexicon, people: dict[str, _Person], v: int, first: int
) -> tuple[int, int]:
    """The subject before a speech verb, past an acronym in brackets ("the Syrian
    Observatory for Human Rights (SOHR) said") and a relative clause about a speaker ("An
    activist who spoke on condition of anonymity told Reuters")."""
    tokens = doc.tokens
    b = v
    if b - 3 > first and tokens[b - 1].key in _WEEKDAYS and tokens[b - 2].key == "on":
        b -= 2  # "The civil administration of Idlib on Thursday announced ..."
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
    "(Riad Hijab) coordinator of ...", "(Nadim Houry) deputy director of ...", "(Hisham
    Marwah) the Syrian National Coalition's (SNC) vice-president" (a body's name after
    the determiner)."""
    if k < b and tokens[k].text == ",":
        k += 1
    if k + 1 < b and tokens[k].key in ("a", "an") and tokens[k + 1].text.isalpha():
        return True  # "Omar Said a local aid worker": an appositive after the full name
    determiner = k < b and tokens[k].key in _DETERMINERS
    if determiner:
        k += 1
    words = names = 0
    i = k
    while i < b and words < 3:
        t = tokens[i]
        if t.key in speech.titles:
            return True
        if determiner and _acronym_in_brackets(tokens, i, b):
            i += 3  # "the Syrian National Coalition (SNC) vice-president"
            continue
        if not t.text.isalpha():
            return False
        if determiner and t.is_title and names < 5:
            names += 1  # the words of a body's name after "the" are no qualifiers
        else:
            words += 1
        i += 1
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
    n = 0
    while a > first and n < longest:
        t = tokens[a - 1]
        if t.text in _BOUNDARY or _boundary_word(t):
            break
        a -= 1
        n += not _particle_in_name(tokens, a)
    return a, b


def _where(tokens: list[Token], speech: SpeechLexicon, a: int, k: int) -> bool:
    """The name at token ``k`` says where a described person is, not who: "a woman at
    Bustan al-Qasr", "a source in Tal Abyad" (a title, then a place preposition)."""
    return (
        k - 2 >= a
        and tokens[k - 1].key in _PLACE_PREPOSITIONS
        and tokens[k - 2].key in speech.titles
        and not tokens[k - 2].is_title
    )


def _particle_in_name(tokens: list[Token], k: int) -> bool:
    """Token ``k`` is a particle inside a name ("al" of "Nour al-Din al-Zinki"), no word
    of its own when a phrase's length is counted."""
    return (
        tokens[k].key in _NAME_PARTICLES
        and k + 1 < len(tokens)
        and tokens[k + 1].is_title
        and k > 0
        and tokens[k - 1].is_title
    )


_BEFORE_VERB = frozenset(
    "also later has have had earlier previously separately reportedly further".split()
)
"""Words between a speaker and its verb ("the ministry also said")."""


def _adverb(t: Token) -> bool:
    """ "directly", "repeatedly", "publicly": a manner adverb between subject and verb."""
    return t.text.islower() and len(t.text) > 5 and t.key.endswith("ly") and t.text.isalpha()


_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "it"})


def _np_right(tokens: list[Token], v: int, stop: int) -> tuple[int, int]:
    """The noun phrase starting at token ``v`` (a speaker after its verb or "according
    to"), past an acronym in brackets ("Hisham Marwah the Syrian National Coalition's (SNC)
    vice-president"); a subject pronoun after it opens the next clause ("according to the
    group they were ...", commas lost in the corpus)."""
    a = v
    b = a
    while b < stop and b < a + 12:
        t = tokens[b]
        if _acronym_in_brackets(tokens, b, stop):
            b += 3
            continue
        if b > a and (t.key in _SUBJECT_PRONOUNS or _figure_opens(tokens, b, stop)):
            break  # "according to SANA reporter more than 35 people suffered ...": a figure
        if t.key == "and" and _shared_body_head(tokens, a, b, stop):
            b += 1
            continue
        if (
            t.text in _BOUNDARY
            or _boundary_word(t)
            or t.key in ("as", "on", "in")
            or (
                t.key in ("also", "known") and b + 1 < stop and tokens[b + 1].key in ("known", "as")
            )
            or t.key in _PARTICIPLES
            or t.key in _TRAILING_PARTICIPLES
            or t.key == "amid"
            or (t.key == "due" and b + 1 < stop and tokens[b + 1].key == "to")
        ):
            break  # "according to the monitor due to heavy shelling ...": a cause, no name
        b += 1
    return a, b


_QUALIFIED = {"more": "than", "less": "than", "fewer": "than", "at": "least"}


def _figure_opens(tokens: list[Token], b: int, stop: int) -> bool:
    """A figure starts at ``b``: "35", "seven", "more than 35", "at least 10"."""
    t = tokens[b]
    if t.text[:1].isdigit() or (t.key in UNIT_WORDS and t.key not in ("a", "an", "one")):
        return True
    nxt = tokens[b + 1] if b + 1 < stop else None
    return nxt is not None and _QUALIFIED.get(t.key) == nxt.key


def _shared_body_head(tokens: list[Token], a: int, k: int, stop: int) -> bool:
    """The "and" at ``k`` joins two qualifiers of one body's head ("the monitoring and
    documentation office", "search and rescue services"): a lower-case word before it, a
    body word one or two words after it, and no body word before it."""
    if k == a or not tokens[k - 1].text.isalpha() or not tokens[k - 1].text.islower():
        return False
    if any(t.key in _BODY_WORDS for t in tokens[a:k]):
        return False
    after = tokens[k + 1 : min(k + 3, stop)]
    return all(t.text.isalpha() and t.text.islower() for t in after) and any(
        t.key in _BODY_WORDS for t in after
    )


def _acronym_in_brackets(tokens: list[Token], k: int, stop: int) -> bool:
    """Tokens ``k`` to ``k + 2`` are an acronym in brackets: "(SNC)"."""
    return (
        k + 2 < stop
        and tokens[k].text == "("
        and tokens[k + 2].text == ")"
        and tokens[k + 1].text.isupper()
        and tokens[k + 1].text.isalpha()
    )


def _bracketed(tokens: list[Token], a: int, b: int) -> int:
    """How many of tokens ``[a, b)`` are acronyms in brackets with their brackets."""
    return sum(3 for i in range(a, b) if _acronym_in_brackets(tokens, i, b))


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
    found = None if body_end else _person_ending(tokens, a, b, people)
    person = found[0] if found is not None and not _where(tokens, speech, a, b - found[1]) else None
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
        name = _misspelt_source(doc, a, b)
    if name is None:
        return None  # "the strikes said"? only named bodies and titled speakers speak
    return Attribution(sent, verb, name, None, (a, b), via, content, False)


_ROLE_STOPS = frozenset({"by", "speaking", "on", "told", "via", "said"})
