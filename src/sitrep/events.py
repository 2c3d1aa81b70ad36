"""Stage 5 — event mentions: triggers, their ACLED sub-event type, and who did what to whom.

Adds: ``Document.events`` — one ``EventMention`` per happening told in a sentence. Later
stages attach place, date and casualty claims; ``consolidate`` merges mentions of one
happening across sentences into one event.

Per sentence:
1. find triggers (``data/triggers.yaml``); drop those inside actor names ("riot police"),
   those whose required object is missing ("seized the town" vs "seized weapons");
2. drop triggers in a non-factual context (``data/cues.yaml`` modality: threats,
   hypotheticals, denials, claims of responsibility, disasters and crime, history);
3. keep one mention per sub-event type; generic killing/attack words join the most
   specific trigger of the sentence;
4. link arguments: actor1 (subject, "by X", a demonym or actor modifying the noun),
   actor2 (object, "against/on X", the subject of a passive);
5. resolve rule types (@territory, @attack, @arrest, @protest) from the arguments.

This module holds the lexicon, the mention record and the per-sentence steps 1 and 3.
The rest lives in siblings: ``event_context`` (history, dates, headlines, tallies and page
furniture: whether and how a sentence tells news), ``event_modality`` (whether a trigger
word reports a happening), ``event_arguments`` (step 4) and ``event_typing`` (step 5).
The names other stages use are re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sitrep.actors import ActorMention
from sitrep.datafiles import expand_all, load_yaml
from sitrep.dates import MONTH_KEYS
from sitrep.document import Document
from sitrep.errors import LexiconError
from sitrep.event_arguments import _inside_ranges, _is_passive, _link_arguments, _same_side
from sitrep.event_context import _secondary_kind, has_day, is_history, latest_day, span_after
from sitrep.event_modality import (
    _counts_in_quote,
    _non_factual,
    _purpose,
    _quoted_tokens,
    _short_quotes,
    _word_tells_no_happening,
    accused,
    named_not_told,
)
from sitrep.event_typing import (
    _AIRCRAFT,
    _GENERIC_RULES,
    ARMED_KINDS,
    _airborne,
    _aircraft_at,
    _flown_by,
    _resolve_rule,
    _sponsor,
    generic_resolver,
)
from sitrep.phrases import PhraseIndex, PhraseMatch
from sitrep.taxonomy import EVENT_TYPE_OF
from sitrep.tokens import Token, tag_list_end

__all__ = [
    "ARMED_KINDS",
    "LETHAL_EVENT_TYPES",
    "VAGUE_SPECIFICITY",
    "EventLexicon",
    "EventMention",
    "Trigger",
    "find_events",
    "generic_resolver",
    "has_day",
    "is_history",
    "latest_day",
]

LETHAL_EVENT_TYPES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"}
)

_OBJECT_WINDOW = 6


@dataclass(frozen=True, slots=True)
class Trigger:
    rule: str
    """An ACLED sub-event type, or a rule name starting with ``@``."""
    specificity: int
    pos: str
    object: str | None
    default: str | None
    refers_to: str | None = None
    """For references back ("the strikes"): the event type they most likely mean."""
    inverse: bool = False
    """The subject defends ("Ukrainian forces repelled Russian assaults"): roles swap."""


class EventLexicon:
    """Triggers and context cues, loaded from ``triggers.yaml`` and ``cues.yaml``."""

    def __init__(self) -> None:
        self.triggers: PhraseIndex[Trigger] = PhraseIndex()
        self.objects: dict[str, PhraseIndex[str]] = {}
        self.protest: dict[str, PhraseIndex[str]] = {}
        self.modality_before: PhraseIndex[str] = PhraseIndex()
        self.accusation: frozenset[str] = frozenset()
        self.accusing: frozenset[str] = frozenset()
        self.modality_sentence: PhraseIndex[str] = PhraseIndex()
        self.accident_or_crime: PhraseIndex[str] = PhraseIndex()
        self.hedges: PhraseIndex[str] = PhraseIndex()
        self.history: PhraseIndex[str] = PhraseIndex()
        self.summary: PhraseIndex[str] = PhraseIndex()
        self.furniture: PhraseIndex[str] = PhraseIndex()
        self.anaphora: PhraseIndex[str] = PhraseIndex()

    @classmethod
    def load(cls) -> EventLexicon:
        lex = cls()
        for entry in load_yaml("triggers.yaml")["triggers"]:
            rule = entry["sub_event_type"]
            if not rule.startswith("@") and rule not in EVENT_TYPE_OF:
                raise LexiconError(f"triggers.yaml: unknown sub-event type {rule!r}")
            trig = Trigger(
                rule,
                int(entry.get("specificity", 3)),
                entry.get("pos", "noun"),
                entry.get("object"),
                entry.get("default"),
                entry.get("refers_to"),
                bool(entry.get("inverse", False)),
            )
            for phrase in expand_all(entry["phrases"]):
                lex.triggers.add(phrase, trig)
        cues = load_yaml("cues.yaml")
        lex.objects = {k: _index(v) for k, v in cues["objects"].items()}
        lex.protest = {k: _index(v) for k, v in cues["protest"].items()}
        lex.modality_before = _index(cues["modality"]["before"])
        lex.accusation = frozenset(str(p) for p in cues["modality"]["accusation"])
        lex.accusing = frozenset(str(p) for p in cues["modality"]["accusing"])
        lex.modality_sentence = _index(cues["modality"]["sentence"])
        lex.accident_or_crime = _index(cues["modality"]["accident_or_crime"])
        lex.hedges = _index(cues["hedges"])
        lex.history = _index(cues["modality"]["history"])
        lex.summary = _index(cues["modality"]["summary"])
        lex.furniture = _index(cues["modality"]["furniture"])
        lex.anaphora = _index(cues["anaphora"])
        return lex


def _index(phrases: list[Any]) -> PhraseIndex[str]:
    index: PhraseIndex[str] = PhraseIndex()
    for p in phrases:
        index.add(str(p), str(p))
    return index


@dataclass(slots=True)
class EventMention:
    """A happening as one sentence tells it, before merging across sentences."""

    sub_event_type: str
    sent: int
    tok_start: int
    tok_end: int
    start: int
    end: int
    specificity: int
    rule: str
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc: list[ActorMention] = field(default_factory=list)
    hedged: bool = False
    anaphoric: bool = False
    casualty_only: bool = False
    refers_to: str | None = None
    generic_type: Callable[[ActorMention | None, ActorMention | None], str] | None = None
    """For killing and attack words: the type their actors make of them."""
    needs_host: bool = False
    """A reference back ("the strikes") with nothing of its own to stand for."""
    first_tok: int = -1
    """Earliest trigger token of the happening in its sentence (absorbed triggers too)."""
    claimant: bool = False
    """A claim of responsibility: its actor1 is the initiator of the event it refers to."""
    secondary: str | None = None
    """``"headline"`` or ``"tally"``: told in the title or as a toll over a period, it joins
    an event the body tells and stands alone only when the body tells none.
    ``"furniture"``: a link list or a caption; it joins an event the body tells or is
    dropped. ``"toll"`` (set in consolidation): a toll in the thousands over a war or a
    campaign; dropped when the article tells an event."""
    extra_sents: list[int] = field(default_factory=list)
    generic_bomb: bool = False
    """A bomb word that names no means of delivery ("explosive devices", "bombing")."""

    @property
    def event_type(self) -> str:
        return EVENT_TYPE_OF[self.sub_event_type]


@dataclass(slots=True)
class PastMention:
    """A happening a history sentence names with a definite description ("The chemical
    weapons attack near Damascus on August 21", "the August 21 attacks")."""

    sub_event_type: str
    sent: int
    tok_start: int
    """The determiner's token ("the" of "the August 21 attacks")."""
    tok_end: int
    """One past the trigger's last token."""


def find_events(doc: Document, lex: EventLexicon) -> None:
    """Fill ``doc.events`` with the event mentions of every sentence."""
    for sent in doc.sentences:
        found = _sentence_events(doc, lex, sent.index, sent.first_token, sent.end_token)
        kind = _secondary_kind(doc, lex, sent.index) if found else None
        for mention in found:
            mention.secondary = kind
        doc.events.extend(found)


def _sentence_events(
    doc: Document, lex: EventLexicon, sent: int, first: int, stop: int
) -> list[EventMention]:
    tokens = doc.tokens
    found = lex.triggers.find_all(tokens, first, stop)
    body = first
    if found:
        body = tag_list_end(tokens, first, stop)
        found = [m for m in found if m.start >= body]
    if not found:
        return []
    blockers = lex.modality_sentence.find_all(tokens, first, stop)
    if blockers:
        return _claim_of_responsibility(doc, blockers, sent, first)
    if "?" in doc.text[doc.sentences[sent].start : doc.sentences[sent].end]:
        return []  # a question ("Or is it a possibility to ...?")
    if is_history(doc, sent):
        doc.past_events.extend(_past_mentions(doc, lex, found, sent, first, stop))
        return []
    actors = [
        a
        for a in doc.actors
        if a.sent == sent and a.tok_start >= body and not _weapon_word(tokens, a, found)
    ]
    speakers = _speaker_ranges(doc, sent)
    quotes = _quoted_tokens(doc, first, stop)
    short = _short_quotes(doc, first, stop)
    quoted = short if _counts_in_quote(doc, quotes, first, stop) else short + quotes
    candidates: list[tuple[PhraseMatch[Trigger], Trigger]] = []
    references: list[tuple[PhraseMatch[Trigger], Trigger]] = []  # of accusations
    agents: list[PhraseMatch[Trigger]] = []
    for m in found:
        if _inside_name(m, actors):
            continue
        in_quote = _inside_ranges(m.start, speakers + quoted)
        agent_quoted = (
            in_quote
            and not _inside_ranges(m.start, speakers)
            and _agent_in_quotes(m, short, quotes)
        )
        trig = _choose_trigger(doc, lex, m, first, stop)
        if trig is None or trig.rule == "@ignore":
            continue
        if _non_factual(doc, lex, m.start, first):
            if accused(doc, lex, m.start, first) and trig.rule not in _GENERIC_RULES:
                references.append((m, trig))  # said or told, it refers to a happening
            continue
        if in_quote and not (agent_quoted and trig.rule == "Chemical weapon"):
            continue
        if agent_quoted:
            agents.append(m)
        if _purpose(tokens, m.start, first, trig) or named_not_told(doc, m, sent, first, stop):
            continue
        candidates.append((m, trig))
    if agents and not any(t.rule in _REMOTE and m not in agents for m, t in candidates):
        # a quoted agent stands only as what a strike told beside it released
        candidates = [(m, t) for m, t in candidates if m not in agents]
    candidates = _sentence_overrides(doc, lex, candidates, first, stop)
    candidates = _crowd_control(doc, candidates, sent)
    if candidates and lex.accident_or_crime.find_all(tokens, first, stop):
        candidates = [(m, t) for m, t in candidates if t.rule not in _GENERIC_RULES | {"@arrest"}]
    if not candidates:
        return _accused_references(doc, lex, references, actors, speakers, sent, first, stop)
    hedged = bool(lex.hedges.find_all(tokens, first, stop))
    crowd = any(t.rule in _CROWD_RULES for _, t in candidates)
    mentions: list[EventMention] = []
    generic: list[tuple[PhraseMatch[Trigger], Trigger]] = []
    for m, trig in candidates:
        if trig.rule in _GENERIC_RULES or (crowd and trig.rule in _CROWD_ABSORBS):
            generic.append((m, trig))
            continue
        mention = _mention(doc, lex, m, trig, actors, speakers, sent, first, stop, hedged)
        if mention is not None:
            _add(mentions, mention)
    for m, trig in generic:
        if crowd and trig.rule != "@reference":
            continue  # killings, arrests and clashes around a protest refine the protest
        mention = _mention(doc, lex, m, trig, actors, speakers, sent, first, stop, hedged)
        if mention is None:
            continue
        host = _nearest([e for e in mentions if e.event_type in LETHAL_EVENT_TYPES], mention)
        if host is not None and span_after(tokens, mention.tok_end, host.tok_start):
            # "19 people were killed ... just hours after a chemical attack left dozens
            # dead": the attack is an earlier happening, not what killed them
            _add(mentions, mention)
        elif host is not None and host.rule == "@casualty" and mention.rule == "@explosion":
            # "28 commanders were killed in an explosion": the killing names its means
            _absorb(mention, host)
            mentions[mentions.index(host)] = mention
        elif host is not None and host.rule == "@casualty" and _blast_reference(mention):
            # "the passenger also died in the blast": a death in a blast already told
            _absorb(host, mention)
            host.anaphoric = True
            host.refers_to = "Explosions/Remote violence"
            host.generic_type = None
            host.sub_event_type = mention.sub_event_type
        elif host is not None:
            _absorb(host, mention)
        else:
            _add(mentions, mention)
    return sorted(_killed_in_custody(mentions), key=lambda e: e.tok_start)


def _weapon_word(
    tokens: list[Token], actor: ActorMention, found: list[PhraseMatch[Trigger]]
) -> bool:
    """ "artillery fire killed two people": a ground force word of no one's inside the
    trigger of a bombardment names the weapon, not who fired it (aircraft still tell a
    state's strike; "riot police fired tear gas" names the police)."""
    return (
        actor.role == "force"
        and actor.country is None
        and any(
            m.start <= actor.tok_start < m.end and any(t.rule in _REMOTE for t in m.values)
            for m in found
        )
        and not _airborne(tokens, actor)
    )


def _accused_references(
    doc: Document,
    lex: EventLexicon,
    found: list[tuple[PhraseMatch[Trigger], Trigger]],
    actors: list[ActorMention],
    speakers: list[tuple[int, int]],
    sent: int,
    first: int,
    stop: int,
) -> list[EventMention]:
    """ "the regime was responsible for a sarin attack on Khan Sheikhun on the 4th of
    April": a reference to an event the article tells, bringing its day and place but not
    the accused as its initiator; nothing when the article tells no such event."""
    out: list[EventMention] = []
    for m, trig in found:
        mention = _mention(doc, lex, m, trig, actors, speakers, sent, first, stop, False)
        if mention is None:
            continue
        mention.anaphoric = mention.needs_host = True
        mention.refers_to = mention.event_type
        mention.actor1 = mention.actor2 = None
        _add(out, mention)
    return out


def _blast_reference(m: EventMention) -> bool:
    """ "the blast", "the explosion", "the bombing": a reference back to a bombing."""
    return m.rule == "@reference" and m.sub_event_type == "Remote explosive/landmine/IED"


def _killed_in_custody(mentions: list[EventMention]) -> list[EventMention]:
    """ "The pilot was arrested and subsequently killed by a fighter from the Nusra Front":
    a capture followed by a killing is one killing (an attack), told, not a bare toll."""
    arrests = [e for e in mentions if e.sub_event_type == "Arrests"]
    killings = [e for e in mentions if e.rule == "@casualty"]
    if not arrests or not killings:
        return mentions
    arrest, killing = arrests[0], killings[0]
    if killing.tok_start < arrest.tok_start or killing.tok_start - arrest.tok_end > 6:
        return mentions
    killing.casualty_only = False
    killing.actor2 = killing.actor2 or arrest.actor2
    killing.first_tok = min(killing.first_tok, arrest.first_tok)
    return [e for e in mentions if e is not arrest]


def _claim_of_responsibility(
    doc: Document, blockers: list[PhraseMatch[str]], sent: int, first: int
) -> list[EventMention]:
    """ "Al-Shabaab claimed responsibility for the blast": no new event, but the claimant
    is the initiator of the event it refers to, if the article told one."""
    cue = next(
        (b for b in blockers if any("responsib" in v or "credit" in v for v in b.values)), None
    )
    if cue is None:
        return []
    claimants = [
        a
        for a in doc.actors
        if a.sent == sent
        and a.tok_end <= cue.start
        and a.is_combatant
        and a.role in ("group", "generic", "force")
    ]
    if not claimants:
        return []
    tokens = doc.tokens
    return [
        EventMention(
            sub_event_type="Attack",
            sent=sent,
            tok_start=cue.start,
            tok_end=cue.end,
            start=tokens[cue.start].start,
            end=tokens[cue.end - 1].end,
            specificity=0,
            rule="@reference",
            actor1=claimants[-1],
            anaphoric=True,
            needs_host=True,
            claimant=True,
        )
    ]


def _add(mentions: list[EventMention], mention: EventMention) -> None:
    """One mention per happening: a second trigger of the same type joins the first unless
    their actors oppose each other ("Israeli artillery shelled ... after a missile was
    fired at an Israeli army post")."""
    for k, previous in enumerate(mentions):
        crowds = previous.event_type == mention.event_type == "Protests"
        if crowds or (
            previous.sub_event_type == mention.sub_event_type and not _opposed(previous, mention)
        ):
            _absorb(previous, mention)
            return
        if _vaguer(mention, previous):
            _absorb(previous, mention)
            return
        if _vaguer(previous, mention):
            _absorb(mention, previous)
            mentions[k] = mention
            return
    mentions.append(mention)


VAGUE_SPECIFICITY = 2
"""Remote-violence triggers this unspecific ("bombardment") yield to a precise one."""


def _agent_in_quotes(
    m: PhraseMatch[Trigger], short: list[tuple[int, int]], quotes: list[tuple[int, int]]
) -> bool:
    """A trigger in short quotes that are not a direct quote: the source's own name for
    an agent ("an airstrike that released "toxic gas""), kept when a strike beside it
    delivered it; other short quotes are scare quotes ("killing" businesses)."""
    return _inside_ranges(m.start, short) and not _inside_ranges(m.start, quotes)


def _vaguer(a: EventMention, b: EventMention) -> bool:
    """``a`` is a vague word for the remote violence ``b`` names precisely; bombs that
    name no means of delivery are what the sentence's other means delivered (aircraft,
    guns, a suicide bomber: "heavy bombing and bombardment", "bombing suicide attack")."""
    return (
        a.event_type == b.event_type == "Explosions/Remote violence"
        and (
            a.specificity <= VAGUE_SPECIFICITY < b.specificity
            or (a.generic_bomb and b.sub_event_type != "Remote explosive/landmine/IED")
        )
        and not _opposed(a, b)
    )


def _opposed(a: EventMention, b: EventMention) -> bool:
    if a.event_type not in ("Battles", "Explosions/Remote violence"):
        return False
    return (a.actor1 is not None and b.actor2 is not None and _same_side(a.actor1, b.actor2)) or (
        a.actor2 is not None and b.actor1 is not None and _same_side(a.actor2, b.actor1)
    )


_CARRIER_GAP = 6
"""Tokens between a weapon word and a chemical one, at most, for the weapon to be what
delivered the agent ("rockets loaded with mustard agent", "shells filled with chlorine")."""

CHEMICAL_AGENT = re.compile(
    r"\b(?:gas|gases|gassing|gassed|fumes|chlorine|sarin|toxic|poison\w*|chemicals?|"
    r"nerve agents?|mustard)\b",
    re.IGNORECASE,
)
"""Words that name a chemical agent (or the chemical means itself)."""

_MEANS_PREPOSITIONS = frozenset("in by with using via".split())


def _carrier(doc: Document, m: PhraseMatch[Trigger], first: int, stop: int) -> bool:
    """Is the weapon word ``m`` what delivered a chemical agent named within
    ``_CARRIER_GAP`` tokens of it ("rockets loaded with mustard agent", "an airstrike that
    released toxic gas", "chlorine barrel bombs"), or the means of the sentence's killing
    ("used chemical weapons, killing 100 civilians in an airstrike"), or what an "in
    what ... was a gas attack" clause calls chemical? Not the subject of
    its own verb far from the agent ("cruise missiles damaged the airbase that was the
    launchpad for a chemical attack")."""
    tokens = doc.tokens
    lo, hi = max(first, m.start - _CARRIER_GAP), min(stop, m.end + _CARRIER_GAP)
    if CHEMICAL_AGENT.search(doc.text, tokens[lo].start, tokens[hi - 1].end):
        return True
    if _named_as_chemical(doc, m.end, stop):
        return True
    prev = tokens[m.start - 1].key if m.start - 1 >= first else None
    prev2 = tokens[m.start - 2].key if m.start - 2 >= first else None
    return prev in _MEANS_PREPOSITIONS or (prev in ("a", "an") and prev2 in _MEANS_PREPOSITIONS)


_IN_WHAT_GAP = 10
"""Tokens from "in what" to the chemical word that names what the weapons did."""


def _named_as_chemical(doc: Document, after: int, stop: int) -> bool:
    """Does an "in what ... was a gas attack" clause after token ``after`` call the weapons'
    firing a chemical attack ("fired rockets on the suburbs in what activists said was a
    'poisonous gas' attack")?"""
    tokens = doc.tokens
    for k in range(after, stop - 1):
        if tokens[k].key == "in" and tokens[k + 1].key == "what":
            end = min(stop, k + 2 + _IN_WHAT_GAP)
            return (
                CHEMICAL_AGENT.search(doc.text, tokens[k + 2].start, tokens[end - 1].end)
                is not None
            )
    return False


_REMOTE = frozenset(sub for sub, t in EVENT_TYPE_OF.items() if t == "Explosions/Remote violence")


def _sentence_overrides(
    doc: Document,
    lex: EventLexicon,
    candidates: list[tuple[PhraseMatch[Trigger], Trigger]],
    first: int,
    stop: int,
) -> list[tuple[PhraseMatch[Trigger], Trigger]]:
    """What one trigger of a sentence says about the others.

    - weapons seized, found or defused (and nobody hurt): the weapon words are objects,
      not explosions;
    - territory taken in a battle: the territorial change is the event, the clash its means;
    - territory taken "without resistance": a non-violent transfer; taken by force while
      the other side "withdrew": the territorial change is the event.
    """
    rules = {t.rule for _, t in candidates}
    out = candidates
    if rules & _REMOTE and "Attack" in rules:
        # "a new massacre ... in an air strike": the massacre is what the strike did
        out = [(m, t) for m, t in out if t.rule != "Attack"]
    if "Suicide bomb" in rules and "Remote explosive/landmine/IED" in rules:
        # "a suicide attacker detonated a car bomb": the bomb the bomber set off is his
        out = _bombers_device(doc, out)
    if "Chemical weapon" in rules:
        # "rockets loaded with mustard agent": the rockets deliver the chemical attack; but
        # "cruise missiles damaged the airbase that was the launchpad for a chemical attack"
        # told two (a weapon word far from every chemical one is its own)
        out = [
            (m, t)
            for m, t in out
            if t.rule not in _REMOTE
            or t.rule == "Chemical weapon"
            or not _carrier(doc, m, first, stop)
        ]
    if "Disrupted weapons use" in rules and not any(t.rule == "@casualty" for _, t in candidates):
        out = [(m, t) for m, t in out if t.rule not in _REMOTE | {"@attack", "@explosion"}]
    if "@territory" in rules:
        out = [(m, t) for m, t in out if t.rule not in ("Armed clash", "@attack")]
        peaceful = any(
            t.rule == "Non-violent transfer of territory"
            and any(
                k in ("resistance", "fight", "without", "handed", "handover") for k in _keys(doc, m)
            )
            for m, t in out
        )
        dropped = "@territory" if peaceful else "Non-violent transfer of territory"
        out = [(m, t) for m, t in out if t.rule != dropped]
    return out


_BOMBER_DEVICE_SPAN = 8
"""How far after a suicide trigger a bomb word can be the bomber's own device."""
_ANOTHER_BLAST = frozenset(
    "another second later followed then before after while minutes hours earlier".split()
)


def _bombers_device(
    doc: Document, candidates: list[tuple[PhraseMatch[Trigger], Trigger]]
) -> list[tuple[PhraseMatch[Trigger], Trigger]]:
    """A bomb word told right after a suicide bomber ("a suicide attacker detonated a car
    bomb", "a suicide bomber blew himself up with an explosive belt") is the bomber's
    device, not a second bombing; a bomb told before him or after a word of another
    moment ("a car bomb exploded, followed by a suicide bomber", "two suicide bombers
    blew themselves up before a car bomb went off") is a blast of its own."""
    bombers = [m for m, t in candidates if t.rule == "Suicide bomb"]
    out = []
    for m, t in candidates:
        if t.rule == "Remote explosive/landmine/IED" and any(
            b.end <= m.start <= b.end + _BOMBER_DEVICE_SPAN
            and not any(tok.key in _ANOTHER_BLAST for tok in doc.tokens[b.end : m.start])
            for b in bombers
        ):
            continue
        out.append((m, t))
    return out


def _crowd_control(
    doc: Document, candidates: list[tuple[PhraseMatch[Trigger], Trigger]], sent: int
) -> list[tuple[PhraseMatch[Trigger], Trigger]]:
    """Tear gas or water cannon tell of a protest only where nothing else does: beside a
    protest word of the sentence, or right after a protest or riot told in the sentence
    before ("Police responded with tear gas"), they are the policing of that crowd."""
    if not any(t.rule == "@crowd_control" for _, t in candidates):
        return candidates
    told = any(t.rule in _CROWD_RULES and t.rule != "@crowd_control" for _, t in candidates)
    told = told or any(
        e.sent == sent - 1 and e.event_type in ("Protests", "Riots") for e in doc.events
    )
    return [(m, t) for m, t in candidates if t.rule != "@crowd_control"] if told else candidates


def _keys(doc: Document, m: PhraseMatch[Trigger]) -> list[str]:
    return [t.key for t in doc.tokens[m.start : m.end]]


def _nearest(mentions: list[EventMention], other: EventMention) -> EventMention | None:
    if not mentions:
        return None
    return min(mentions, key=lambda e: abs(e.tok_start - other.tok_start))


def _absorb(host: EventMention, other: EventMention) -> None:
    """Fill what ``host`` lacks from a second trigger of the same happening. The main
    clause comes first in news, so where two triggers disagree the earlier one's actors
    win ("Taliban fighters attacked a police checkpoint, sparking clashes")."""
    if other.tok_start < host.tok_start and other.actor1 is not None:
        if other.actor2 is not None or not _same_side(other.actor1, host.actor2):
            host.actor1, host.actor2 = other.actor1, other.actor2 or host.actor2
    if (
        host.actor1 is None
        and other.actor1 is not None
        and not _same_side(other.actor1, host.actor2)
    ):
        host.actor1 = other.actor1
    if (
        host.actor2 is None
        and other.actor2 is not None
        and not _same_side(other.actor2, host.actor1)
    ):
        host.actor2 = other.actor2
    if host.actor1 is not None and host.actor2 is not None and _same_side(host.actor1, host.actor2):
        host.actor2 = None
    if host.rule in _GENERIC_RULES and host.generic_type is not None:
        host.sub_event_type = host.generic_type(host.actor1, host.actor2)
    host.hedged = host.hedged and other.hedged
    host.first_tok = min(host.first_tok, other.first_tok)


_CROWD_RULES = frozenset({"@protest", "@crowd_control", "Violent demonstration", "Mob violence"})
_CROWD_ABSORBS = frozenset(
    {"Armed clash", "@arrest", "@territory", "Looting/property destruction", "Attack"}
)
"""Around a protest these refine it (clashes, arrests, storming) rather than stand alone."""


def _inside_name(m: PhraseMatch[Trigger], actors: list[ActorMention]) -> bool:
    """A trigger word that is part of an actor's name ("riot police", "Islamic State").

    Weapons that name their force ("Russian warplanes") stay triggers; crowds stay
    triggers inside generic names ("protesters").
    """
    crowd = any(t.rule in _CROWD_RULES for t in m.values)
    for a in actors:
        if a.tok_start <= m.start and m.end <= a.tok_end:
            if m.start >= a.name_end or m.end > a.name_end:
                # the member noun: "coalition air strikes", "IS suicide bombers", and a
                # trigger run into it: "Syrian air force strikes"
                return False
            if a.role == "generic":
                return False  # "suicide bombers", "protesters": the name tells the act
            if a.role == "force":
                return crowd
            return True
    return False


def _speaker_ranges(doc: Document, sent: int) -> list[tuple[int, int]]:
    return [
        (a.speaker_tok[0], a.speaker_tok[1])
        for a in doc.attributions
        if a.sent == sent and a.speaker_tok is not None
    ]


def _choose_trigger(
    doc: Document, lex: EventLexicon, m: PhraseMatch[Trigger], first: int, stop: int
) -> Trigger | None:
    """Among the meanings of a trigger phrase, the first whose object condition holds."""
    unconditional: Trigger | None = None
    for trig in sorted(m.values, key=lambda t: -t.specificity):
        if trig.object is None:
            unconditional = unconditional or trig
            continue
        if _has_object(doc, lex, trig.object, m, first, stop):
            return trig
    return unconditional


def _has_object(
    doc: Document, lex: EventLexicon, category: str, m: PhraseMatch[Trigger], first: int, stop: int
) -> bool:
    """The trigger's object category stands after it ("seized the town") or, for a
    passive, before it ("weapons and ammunition were seized"; what follows a passive is its
    agent or place: "were seized by soldiers near Maiduguri")."""
    windows = [(m.end, min(stop, m.end + _OBJECT_WINDOW))]
    if _is_passive(doc.tokens, m.start, m.end, first, stop):
        windows = [(max(first, m.start - _OBJECT_WINDOW), m.start)]
    index = lex.objects.get(category)
    if category == "ouster":
        # "drove the militants out of the town": a foe between the verb and "out of"
        start, end = windows[0]
        outs = index.find_all(doc.tokens, start, end) if index is not None else []
        return any(
            any(start <= a.tok_start and a.tok_end <= o.start for a in doc.actors)
            or any(doc.tokens[i].key in ("them", "it", "him") for i in range(start, o.start))
            for o in outs
        )
    for start, end in windows:
        if index is not None and index.find_all(doc.tokens, start, end):
            return True
        if category in ("place", "target") and any(start <= p.tok_start < end for p in doc.places):
            return True  # "struck Tel Abyad"
        if category in ("people", "target") and any(
            start <= a.tok_start < end and a.is_combatant for a in doc.actors
        ):
            return True
    return False


def _mention(
    doc: Document,
    lex: EventLexicon,
    m: PhraseMatch[Trigger],
    trig: Trigger,
    actors: list[ActorMention],
    speakers: list[tuple[int, int]],
    sent: int,
    first: int,
    stop: int,
    hedged: bool,
) -> EventMention | None:
    tokens = doc.tokens
    if _word_tells_no_happening(doc, m, trig, actors, sent, first, stop):
        return None
    actor1, actor2 = _link_arguments(doc, m, trig, actors, speakers, first, stop)
    sub = _resolve_rule(doc, lex, trig, actor1, actor2, m, first, stop)
    if sub is None:
        return None
    if trig.rule == "@territory" and actor1 is not None and _sponsor(tokens, actor1, stop):
        actor1 = None  # "the US-backed alliance seized": the US backs the taker, is not it
    if (
        sub
        in (
            "Shelling/artillery/missile attack",
            "Disrupted weapons use",
            "Remote explosive/landmine/IED",
        )
        and actor1 is not None
        and _airborne(tokens, actor1)
    ):
        # "Israeli jets fired missiles", "warplanes destroyed an arms depot": from the air
        sub = "Air/drone strike"
    if sub == "Shelling/artillery/missile attack" and (
        _bombardment_from_the_air(tokens, m.start, m.end, stop) or _flown_by(doc, m)
    ):
        # "regime planes fired rockets on Douma": the aircraft's missiles are its strike
        sub = "Air/drone strike"
    if sub in _AIR_DELIVERABLE and _fired_from_aircraft(tokens, m.end, stop, first):
        # "missiles fired from a Syrian warplane", "bombs dropped by helicopters"
        sub = "Air/drone strike"
    if (
        sub == "Armed clash"
        and actor2 is not None
        and actor2.kind == "civilians"
        and any(t.key in ("gunfire", "fire") for t in tokens[m.start : m.end])
    ):
        sub = "Attack"  # "terrorists targeted civilians with gunfire": no clash with the unarmed
    needs_host = trig.rule == "@reference" and not trig.default
    means_told = needs_host and _agent_used_in(doc, m.start, first)
    if means_told:
        sub, needs_host = "Chemical weapon", False  # its means is told: no host needed
    anaphoric = trig.rule == "@reference" or _is_anaphoric(doc, lex, m)
    if not anaphoric and trig.rule in _REMOTE and _used_in_the_attack(tokens, m.end, stop):
        anaphoric = needs_host = True  # the means of an attack told elsewhere
    generic = (
        generic_resolver(doc, trig.rule, m, stop)
        if trig.rule in _GENERIC_RULES and not means_told
        else None
    )
    return EventMention(
        sub_event_type=sub,
        sent=sent,
        tok_start=m.start,
        tok_end=m.end,
        start=tokens[m.start].start,
        end=tokens[m.end - 1].end,
        specificity=trig.specificity,
        rule=trig.rule,
        actor1=actor1,
        actor2=actor2,
        hedged=hedged,
        anaphoric=anaphoric,
        casualty_only=trig.rule == "@casualty",
        first_tok=m.start,
        needs_host=needs_host,
        refers_to=trig.refers_to,
        generic_type=generic if not trig.default else None,
        generic_bomb=sub == "Remote explosive/landmine/IED"
        and " ".join(t.key for t in tokens[m.start : m.end]) in _GENERIC_BOMBS,
    )


_USED_IN_SPAN = 8
"""How far before "used in the attack" its chemical agent may be named."""


def _agent_used_in(doc: Document, start: int, first: int) -> bool:
    """ "Chemical substances were used in the attack", "sarin was used in the attack": the
    reference names the chemical means of what it refers to."""
    tokens = doc.tokens
    if start - 2 < first or [t.key for t in tokens[start - 2 : start]] != ["used", "in"]:
        return False
    lo = max(first, start - 2 - _USED_IN_SPAN)
    return CHEMICAL_AGENT.search(doc.text, tokens[lo].start, tokens[start - 2].start) is not None


_GENERIC_BOMBS = frozenset(
    "explosive device,explosive devices,bombing,bombings,bomb attack,bomb attacks".split(",")
)
"""Words for bombs that name no way of delivering them: beside aircraft they are what the
aircraft dropped ("barrel bombs - crude unguided explosive devices")."""


_AIR_DELIVERABLE = frozenset({"Shelling/artillery/missile attack", "Remote explosive/landmine/IED"})
_DELIVERY_VERBS = frozenset(
    "fired dropped launched shot released delivered carried being were was had been".split()
)
_DELIVERY_SPAN = 8
"""How far after the weapon word its aircraft may be named."""


def _fired_from_aircraft(tokens: list[Token], end: int, stop: int, first: int) -> bool:
    """The weapon word is followed, in its clause, by the aircraft that delivered it:
    "missiles fired from a Syrian warplane", "barrel bombs dropped by army helicopters",
    "rockets from drones". A new clause ends the look ("rockets, while jets ...")."""
    k = end
    hi = min(stop, end + _DELIVERY_SPAN)
    while k < hi and tokens[k].key in _DELIVERY_VERBS:
        k += 1
    if k >= hi or tokens[k].key not in ("from", "by"):
        return False
    for i in range(k + 1, min(stop, k + 5)):
        tok = tokens[i]
        if tok.text in _DELIVERY_STOP or tok.key in _DELIVERY_STOP:
            return False
        if _aircraft_at(tokens, i, first):
            return True
    return False


_DELIVERY_STOP = frozenset({",", ";", ":", "(", ")", '"', "and", "or", "while", "but", "on", "at"})


def _bombardment_from_the_air(tokens: list[Token], start: int, end: int, stop: int) -> bool:
    """ "Bombarded Kurdish positions from the air", "came under the bombardment of the
    army's aircraft": a bombardment whose next words say it came from aircraft."""
    if not tokens[start].key.startswith("bombard"):
        return False
    window = [t.key for t in tokens[end : min(stop, end + 12)]]
    for k, key in enumerate(window):
        if key == "from" and window[k + 1 : k + 3] == ["the", "air"]:
            return True
        if key in ("of", "by") and any(w in _AIRCRAFT for w in window[k + 1 : k + 5]):
            return True
    return False


def _past_mentions(
    doc: Document,
    lex: EventLexicon,
    found: list[PhraseMatch[Trigger]],
    sent: int,
    first: int,
    stop: int,
) -> list[PastMention]:
    """The happenings a history sentence names as known ones ("the attack", "the August 21
    attacks"), as told: not denied, planned or named for something else."""
    out: list[PastMention] = []
    if doc.published is None:
        return out  # only a late report's day uses them, and that needs the publication
    tokens = doc.tokens
    for m in found:
        # a reference ("the bombing") is definite as it stands
        start = (
            m.start if tokens[m.start].key in _DETERMINERS else _determiner(tokens, m.start, first)
        )
        if start is None:
            continue  # checked first: most history sentences name nothing as known
        trig = _choose_trigger(doc, lex, m, first, stop)
        if trig is None:
            continue
        sub = trig.rule if trig.rule in EVENT_TYPE_OF else trig.default
        if sub not in EVENT_TYPE_OF:
            continue
        if _non_factual(doc, lex, m.start, first) or named_not_told(doc, m, sent, first, stop):
            continue
        out.append(PastMention(sub, sent, start, m.end))
    return out


_DETERMINERS = frozenset({"the", "these", "this"})
"""Not "that" (nor ``_DEFINITE``'s "those"): in a history sentence "that" is mostly a
conjunction ("announced on Sunday that clashes ... had killed")."""


def _determiner(tokens: list[Token], start: int, first: int) -> int | None:
    """The token of "the" or "this" that makes the trigger at ``start`` a definite
    description, past its modifiers and a date ("The chemical weapons attack", "the August
    21 attacks"); None for an indefinite one ("an August 21 gas attack")."""
    k = start - 1
    while (
        k >= first
        and start - k <= 4
        and (
            tokens[k].key in _REFERENCE_MODIFIERS
            or tokens[k].key in MONTH_KEYS
            or tokens[k].key.isdigit()
        )
    ):
        k -= 1
    return k if k >= first and tokens[k].key in _DETERMINERS else None


_USED_GAP = 3
"""Tokens between a weapon word and "used in" ("rockets and launchers used in")."""
_DEFINITE = frozenset("the these this that those".split())
_ATTACK_WORDS = frozenset("attack attacks strike strikes bombing bombings assault".split())


def _used_in_the_attack(tokens: list[Token], after: int, stop: int) -> bool:
    """ "the 330mm rockets used in the attack", "tanks, artillery and missiles were used
    in the attack": weapons named as the means of an attack already told ("used in the
    attack", "used in these attacks" within ``_USED_GAP`` tokens after token ``after``),
    not a use of their own."""
    for k in range(after, min(stop - 3, after + _USED_GAP + 1)):
        if tokens[k].key == "used" and tokens[k + 1].key in ("in", "during"):
            return tokens[k + 2].key in _DEFINITE and tokens[k + 3].key in _ATTACK_WORDS
    return False


def _is_anaphoric(doc: Document, lex: EventLexicon, m: PhraseMatch[Trigger]) -> bool:
    """ "the strikes", "that fighting": a reference back to an event already told."""
    a = max(0, m.start - 1)
    found = lex.anaphora.match_at(doc.tokens, a, m.end)
    if found is not None and found.end >= m.end:
        return True
    # "the recent armed clashes", "the latest deadly strikes"
    if m.start > 0 and doc.tokens[m.start - 1].key in ("this", "these", "those"):
        return True  # "this bombing campaign"
    if m.start > 0 and _day_possessive(doc.tokens, m.start):
        return True  # "Tuesday's bombing": the one told for that day
    k = m.start - 1
    while k >= 0 and m.start - k <= 3 and doc.tokens[k].key in _REFERENCE_MODIFIERS:
        k -= 1
    return k < m.start - 1 and k >= 0 and doc.tokens[k].key in ("the", "these", "those", "that")


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_DAY_WORDS = _WEEKDAYS | {"yesterday", "today"}


def _day_possessive(tokens: list[Token], start: int) -> bool:
    """ "Tuesday's", "Tuesdays" (apostrophe lost), "yesterday's" right before ``start``."""
    k = start - 1
    if tokens[k].key in ("'s", "s") and k > 0:
        return tokens[k - 1].key in _DAY_WORDS
    return tokens[k].key.endswith("s") and tokens[k].key[:-1] in _DAY_WORDS


_REFERENCE_MODIFIERS = frozenset(
    """recent latest earlier previous same deadly ongoing overnight armed heavy fierce
    terrorist rebel regime government militant jihadist enemy alleged suspected purported
    reported apparent ground""".split()
)
