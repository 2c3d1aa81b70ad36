"""Part of stage 5 (``events``): the sub-event type of a rule trigger, once its actors are
known.

``_resolve_rule`` types the rules of ``triggers.yaml``: @territory (who took it), @arrest
(a state arrests, an armed group abducts), @protest (``_protest_type``: peaceful, with
intervention, excessive force, violent) and the generic killing, attack and explosion
words (``generic_resolver``: from the air, against civilians or civilian places, a clash
with an armed side or at a military place).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from sitrep.actors import ActorMention
from sitrep.document import Document
from sitrep.errors import LexiconError
from sitrep.event_arguments import _CLAUSE_BREAK
from sitrep.event_modality import _non_factual
from sitrep.phrases import PhraseMatch
from sitrep.tokens import Token

if TYPE_CHECKING:
    from sitrep.events import EventLexicon, Trigger

ARMED_KINDS = frozenset(
    {"state_forces", "rebel_group", "political_militia", "identity_militia", "external_forces"}
)

_CIVILIAN_TARGETS = frozenset(
    """village villages school schools hospital hospitals market markets mosque mosques church
    churches bus buses vehicle vehicles car cars home homes house houses camp camps residential
    neighbourhood neighborhood wedding funeral shop shops restaurant hotel clinic bakery
    university students worshippers passengers passenger plane building buildings office
    offices exchange center centre farm farms church temple shrine school classroom
    classrooms home household family families residence convoy? bus civilian civilians
    residents villagers camp mall""".replace("convoy?", "").split()
)
_MILITARY_TARGETS = frozenset(
    """checkpoint checkpoints base bases post posts position positions convoy convoys barracks
    patrol patrols outpost outposts troops soldiers army military headquarters airport
    airbase""".split()
)
_STATE_KINDS = frozenset({"state_forces", "external_forces"})

_ARMED_MODIFIERS = frozenset("military army police security troops soldiers".split())
_AIRCRAFT = frozenset(
    """jets jet warplanes warplane aircraft aircrafts planes plane helicopters helicopter
    choppers drones drone gunships bombers aviation airforce aerospace""".split()
)
_NOT_SUBJECT = frozenset("by from of against on at to with for targeting fleeing".split())
# a "bomber" is an aircraft when its maker, model or role names one ("a Sukhoi-34 bomber",
# "a strategic bomber"), not when it is a person ("the bomber", "a suicide bomber")
_AIR_BOMBER = frozenset("sukhoi tupolev strategic stealth fighter jet long-range heavy".split())


def _aircraft_at(tokens: list[Token], i: int, first: int) -> bool:
    """The token names an aircraft: "jets", "drones", "a Sukhoi-34 bomber"."""
    key = tokens[i].key
    if key in _AIRCRAFT:
        return True
    if key != "bomber" or i == first:
        return False
    before = tokens[i - 1].key
    if before in _AIR_BOMBER:
        return True
    # a model designation: "Su-34", "B-52", "Sukhoi-34"
    return (
        before.isdigit()
        and i - 2 >= first
        and tokens[i - 2].key.isalpha()
        and tokens[i - 2].key not in ("a", "an", "the", "of", "and")
    )


def _flown_by(doc: Document, m: PhraseMatch[Trigger]) -> bool:
    """Aircraft are the subject of a killing or attack word, named or not: "military jets
    believed to be Russian killed 60 civilians", "coalition aircrafts targeted a plant"."""
    first = doc.sentences[doc.tokens[m.start].sent].first_token
    lo = max(first, m.start - 6)
    for i in range(m.start - 1, lo - 1, -1):
        key = doc.tokens[i].key
        if doc.tokens[i].text in _CLAUSE_BREAK or key in ("and", "who", "which", "that"):
            return False
        if _aircraft_at(doc.tokens, i, first):
            return i == first or doc.tokens[i - 1].key not in _NOT_SUBJECT
    return False


_GENERIC_RULES = frozenset({"@casualty", "@attack", "@reference", "@explosion"})


def _airborne(tokens: list[Token], actor: ActorMention) -> bool:
    """An actor that strikes from the air: jets, drones, helicopters, an air force."""
    keys = [t.key for t in tokens[actor.tok_start : actor.tok_end]]
    return any(k in _AIRCRAFT for k in keys) or any(
        a == "air" and b in ("force", "forces") for a, b in pairwise(keys)
    )


def _kind(actor: ActorMention | None) -> str | None:
    if actor is None:
        return None
    return "state_forces" if actor.role == "demonym" else actor.kind


# "US-backed fighters" (the hyphen is lost in tokens): the country backs the force, it is not it
_SPONSORED = frozenset("backed supported sponsored funded armed trained".split())
# words that may join the members of one side named before a territory verb: "the army and
# its allies from Lebanon's Hezbollah", "government forces backed by allied militia"
_SIDE_JOINERS = frozenset(
    """and , its their allied allies ally backed supported by alongside along together with
    the of from as well in cooperation coordination units forces fighters militia militias
    militiamen movement group 's s pro""".split()
)
# after the verb, only these name a partner, not a foe ("fighting with the army" is a foe;
# "backed by" after the verb backs the noun before it: "fighting with tribesmen backed by")
_PARTNER_AFTER = (
    ("in", "cooperation", "with"),
    ("in", "coordination", "with"),
    ("together", "with"),
    ("alongside",),
)
_LOYALIST = ("pro-government", "pro-regime", "pro government", "pro regime", "loyalist")


def _sponsor(tokens: list[Token], actor: ActorMention, stop: int) -> bool:
    """ "US-backed Kurdish fighters": the actor only modifies the force after it."""
    i = actor.tok_end
    return i < stop and tokens[i].key in _SPONSORED and (i + 1 >= stop or tokens[i + 1].key != "by")


def _on_government_side(actor: ActorMention) -> bool:
    """State or external forces, or a force named as theirs ("pro-government militias")."""
    if _kind(actor) in _STATE_KINDS:
        return True
    return actor.text.lower().startswith(_LOYALIST)


def _government_side(
    doc: Document, actor1: ActorMention | None, m: PhraseMatch[Trigger], first: int, stop: int
) -> bool:
    """Who took the ground is the government or its side: the initiator, or any member of
    the side named with it ("the Syrian army and allied militias captured", "government
    forces backed by Hezbollah seized", "... seized the plain in cooperation with the army").
    A sponsor named before the force ("US-backed rebels") is not the one who took it."""
    if actor1 is None:
        return False
    tokens = doc.tokens
    sent_actors = [a for a in doc.actors if a.sent == tokens[m.start].sent]
    members = [actor1]
    if actor1.tok_end <= m.start:
        left = sorted(
            (a for a in sent_actors if a.tok_end <= actor1.tok_start), key=lambda a: -a.tok_end
        )
        cur = actor1
        listed = False  # a bare comma joins members only in a list ("A, B and C")
        for a in left:
            gap = tokens[a.tok_end : cur.tok_start]
            if len(gap) > 8 or not all(t.key in _SIDE_JOINERS or t.is_title for t in gap):
                break
            if [t.key for t in gap] == [","] and not listed:
                break
            listed = listed or any(t.key == "and" for t in gap)
            members.append(a)
            cur = a
    for i in range(m.end, min(stop, m.end + 10)):
        for pat in _PARTNER_AFTER:
            if tuple(t.key for t in tokens[i : i + len(pat)]) == pat:
                j = i + len(pat)
                members.extend(a for a in sent_actors if j <= a.tok_start <= j + 2)
    sponsored = [a for a in members if _sponsor(tokens, a, stop)]
    if actor1 in sponsored:
        after = [a for a in sent_actors if actor1.tok_end < a.tok_start <= actor1.tok_end + 3]
        if not after:
            return False  # "US-backed fighters": a force of non-state kind by default
        members.append(after[0])
    return any(
        _on_government_side(a)
        and a not in sponsored
        and (a.tok_start == first or tokens[a.tok_start - 1].key != "anti")
        for a in members
    )


def _resolve_rule(
    doc: Document,
    lex: EventLexicon,
    trig: Trigger,
    actor1: ActorMention | None,
    actor2: ActorMention | None,
    m: PhraseMatch[Trigger],
    first: int,
    stop: int,
) -> str | None:
    rule = trig.rule
    if not rule.startswith("@"):
        return rule
    kind1 = _kind(actor1)
    if rule == "@territory":
        if kind1 in ("protesters", "rioters", "civilians"):
            return None  # crowds storm buildings, they do not take territory
        if (
            actor2 is not None
            and _kind(actor2) == "civilians"
            and m.end <= actor2.tok_start <= m.end + 3
        ):
            return None  # "expelled 300 migrants from the town": people, not ground
        if kind1 is None:
            return trig.default or "Non-state actor overtakes territory"
        return (
            "Government regains territory"
            if _government_side(doc, actor1, m, first, stop)
            else "Non-state actor overtakes territory"
        )
    if rule == "@arrest":
        if kind1 is not None and kind1 not in _STATE_KINDS and kind1 in ARMED_KINDS:
            return "Abduction/forced disappearance"
        return "Arrests"
    if rule == "@abduct":
        return "Abduction/forced disappearance"
    if rule in ("@protest", "@crowd_control"):
        return _protest_type(doc, lex, first, stop)
    if rule == "@reference" and trig.default:
        return trig.default
    if rule in _GENERIC_RULES:
        return generic_resolver(doc, rule, m, stop)(actor1, actor2)
    raise LexiconError(f"triggers.yaml: unknown rule {rule!r}")


def generic_resolver(
    doc: Document, rule: str, m: PhraseMatch[Trigger], stop: int
) -> Callable[[ActorMention | None, ActorMention | None], str]:
    """How a killing, attack or explosion word is typed once its actors are known.

    An explosion alone is a remote explosive. An attack on civilian places (a village, a
    bus, a school) is violence against civilians; on military places (a checkpoint, a
    base) a clash. Otherwise the target decides: civilians → Attack, an armed side →
    Armed clash; an aircraft initiator makes it an air strike.
    """
    after = {t.key for t in doc.tokens[m.end : min(stop, m.end + 8)]}
    near = {t.key for t in doc.tokens[m.end : min(stop, m.end + 3)]}
    armed_place = bool(near & _ARMED_MODIFIERS)  # "a military camp", "an army post"
    civilian_target = bool(after & _CIVILIAN_TARGETS) and not armed_place
    military_target = (bool(after & _MILITARY_TARGETS) or armed_place) and not civilian_target
    flown = rule in ("@attack", "@casualty") and _flown_by(doc, m)
    struck = rule == "@attack" and doc.tokens[m.start].key in (
        "struck",
        "strike",
        "strikes",
        "bombed",
    )

    pounded = rule == "@attack" and doc.tokens[m.start].key in ("pounded", "pounding")

    def resolve(actor1: ActorMention | None, actor2: ActorMention | None) -> str:
        kind1, kind2 = _kind(actor1), _kind(actor2)
        if rule == "@explosion":
            return "Remote explosive/landmine/IED"
        if flown or (actor1 is not None and _airborne(doc.tokens, actor1)):
            return "Air/drone strike"
        if pounded and kind1 in ARMED_KINDS and kind2 not in ("civilians", "protesters"):
            # "the regime pounded a supply route north of the city": pounding from afar
            # by an armed side is a bombardment, not an attack on civilians
            return "Shelling/artillery/missile attack"
        foreign = actor1 is not None and (
            kind1 == "external_forces"
            or (
                kind1 == "state_forces"
                and actor1.country is not None
                and doc.context_country is not None
                and actor1.country != doc.context_country
            )
        )
        if struck and foreign:
            # "Israel struck a military base", "the coalition struck the SDF": a foreign
            # military strikes from the air unless the text says otherwise
            return "Air/drone strike"
        if kind1 in ("protesters", "rioters"):
            return "Violent demonstration"
        if rule != "@casualty" and civilian_target and not _armed_object(actor2, m):
            return "Attack"
        if kind2 in ("civilians", "protesters"):
            return "Attack"
        if kind2 in ARMED_KINDS:
            return "Armed clash"
        if military_target:
            return "Armed clash"
        return "Attack"

    return resolve


def _armed_object(actor2: ActorMention | None, m: PhraseMatch[Trigger]) -> bool:
    """The word's object is an armed side ("stormed IS gatherings in the villages of ..."):
    the place words after it say where they were, not that civilians were the target."""
    return (
        actor2 is not None
        and actor2.kind in ARMED_KINDS
        and actor2.role in ("group", "force", "generic")  # "the Pakistan Stock Exchange": no
        and 0 <= actor2.tok_start - m.end <= 1
    )


def _protest_type(doc: Document, lex: EventLexicon, first: int, stop: int) -> str:
    """Refine a protest by what else its sentence says (cue words outside actor names:
    the "riot" of "riot police" is no riot)."""
    names = [
        (a.tok_start, a.tok_end)
        for a in doc.actors
        if a.sent == doc.tokens[first].sent and a.role != "generic"
    ]

    def said(kind: str) -> bool:
        return any(
            not any(a <= m.start and m.end <= b for a, b in names)
            and not (m.end < stop and doc.tokens[m.end].key in ("peacefully", "calmly"))
            and not _non_factual(doc, lex, m.start, first)  # "its plan for mass arrests"
            for m in lex.protest[kind].find_all(doc.tokens, first, stop)
        )

    if said("violent"):
        return "Violent demonstration"
    if said("excessive"):
        return "Excessive force against protesters"
    if said("intervention"):
        return "Protest with intervention"
    return "Peaceful protest"
