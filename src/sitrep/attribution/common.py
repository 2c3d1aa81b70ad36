"""The attribution record, the speech lexicon, and the word lists and small helpers the
attribution modules share."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.datafiles import expand_all, load_yaml
from sitrep.document import Document
from sitrep.phrases import PhraseIndex

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
    continues: bool = False
    """A sentence with no speech act of its own that goes on with this speaker's report
    (``continued``): its figures are the speaker's, it is no statement of its own."""


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


def _actor_tokens(doc: Document) -> set[int]:
    """Token indices inside actor mentions ("Turkish" of "Turkish security sources")."""
    out: set[int] = set()
    for m in doc.actors:
        out.update(range(m.tok_start, m.tok_end))
    return out


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


def _known_at(doc: Document, k: int) -> bool:
    """Token ``k`` is inside an actor or place mention."""
    return any(m.tok_start <= k < m.tok_end for m in doc.actors) or any(
        p.tok_start <= k < p.tok_end for p in doc.places
    )


def _np_text(doc: Document, a: int, b: int) -> str:
    tokens = doc.tokens
    while a < b and tokens[a].key in _DETERMINERS:
        a += 1
    return doc.text[tokens[a].start : tokens[b - 1].end] if a < b else ""


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


_BODY_HEADS = frozenset(
    """center centre centres centers committee committees council network office institute
    organization organisation observatory commission authority association foundation union
    league society directorate department mission coalition defence defense""".split()
)
"""Capitalised last words of the proper name of a body ("Ghouta Media Center")."""
_REFERRING = _DOCUMENT_WORDS | {"center", "centre", "institute", "foundation", "association"}
"""Nouns that, after "the" alone, refer back to a body named before ("the bulletin", "the
center", "the committee"), and name no speaker by themselves."""


_PLACE_PREPOSITIONS = frozenset({"at", "from", "with", "in", "of"})
