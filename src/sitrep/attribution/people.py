"""Names of people: full names with their roles, collected before speakers are found
("Pentagon press secretary Peter Cook", "Samantha Power, the U.S. ambassador"), and the
person a speaker phrase names."""

from __future__ import annotations

import re

from sitrep.actors import ActorLexicon
from sitrep.attribution.common import (
    _BODY_HEADS,
    _BOUNDARY,
    _CONNECTORS,
    _DETERMINERS,
    _NAME_PARTICLES,
    _NOT_NAME_START,
    _NOT_NAME_WORDS,
    _ORG_WORDS,
    _PRONOUNS,
    _TIME_WORDS,
    SpeechLexicon,
    _Person,
)
from sitrep.document import Document
from sitrep.tokens import Token


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
