"""Part of stage 5 (``events``): who did what to whom — the actors of a trigger.

``_link_arguments`` picks actor1 (the subject, "by X", the group an attacker came "from",
an actor or demonym modifying the noun: "Russian air strikes") and actor2 (the object,
"against/on X", the subject of a passive, "between X and Y"), skipping counted victims
("60 Syrian soldiers"), the objects of prepositions and speakers. ``_same_side`` tells when
two mentions name one side; ``_is_passive`` when a trigger is passive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitrep.actors import ActorMention
from sitrep.document import Document
from sitrep.phrases import PhraseMatch
from sitrep.tokens import Token

if TYPE_CHECKING:
    from sitrep.events import Trigger

_PASSIVE_AUX = frozenset("was were been being is are be get got".split())
_CLAUSE_BREAK = frozenset({";", ":", "(", ")", '"'})
_TARGET_PREPOSITIONS = frozenset(
    """against on at of in into upon targeting near toward towards from through for with
    about over under via between among across""".split()
)


def _inside_ranges(tok: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= tok < b for a, b in ranges)


def _link_arguments(
    doc: Document,
    m: PhraseMatch[Trigger],
    trig: Trigger,
    actors: list[ActorMention],
    speakers: list[tuple[int, int]],
    first: int,
    stop: int,
) -> tuple[ActorMention | None, ActorMention | None]:
    tokens = doc.tokens
    counted = _counted_starts(doc, first, stop)
    usable = [
        a
        for a in actors
        if (a.is_combatant or a.role == "demonym") and not _inside_ranges(a.tok_start, speakers)
    ]
    if trig.rule == "@reference":
        # "Australia also participated in the strikes": a participant, never a target
        lo = max(first, m.start - 4)
        if not _participation(doc, lo, m.start):
            return None, None
        left = [a for a in usable if a.tok_end <= m.start and a.role != "demonym"]
        return _nearest_left(tokens, left, m.start, first, skip_objects=True, counted=counted), None
    left = [a for a in usable if a.tok_end <= m.start and a.role != "demonym"]
    right = [a for a in usable if a.tok_start >= m.end and a.role != "demonym"]
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None

    # "strikes by the coalition", "killed ... by Islamic State"
    by_actor = _after_word(tokens, right, m.end, stop, "by", 8)
    if by_actor is not None and by_actor.role == "generic":
        # "killed by gunmen from the Nusra Front": the gunmen's group
        by_actor = _group_of(tokens, right, by_actor.tok_end) or by_actor
    elif by_actor is None and m.end + 3 < stop and tokens[m.end].key == "by":
        # "killed by a fighter from the Nusra Front" (a member the lexicon does not name)
        member = m.end + (2 if tokens[m.end + 1].key in ("a", "an", "the") else 1)
        if tokens[member].key in _MEMBER_NOUNS:
            by_actor = _group_of(tokens, right, member + 1)
    sender = _sent_by(tokens, right, m)
    if sender is not None:
        # the names of the apposition are the sender, not targets
        right = [a for a in right if a.tok_start >= sender.tok_end]
        by_actor = by_actor or sender
    passive = _is_passive(tokens, m.start, m.end, first, stop)
    modifier = _carrier(usable, m) or _modifier(
        tokens, usable, m.start, first, gap=2 if trig.pos == "noun" else 0
    )
    if passive and trig.pos == "verb" and modifier is not None and modifier.tok_end == m.start:
        modifier = None  # "about 80 militants killed": the victims of a reduced passive
    between = _between(tokens, right, m.end, stop)
    if between is not None:
        return between
    # "warplanes, either Russian or Syrian, carried out six strikes": who (uncertain), not whom
    either = next(
        (a for a in right if a.tok_start - m.end <= 2 and tokens[a.tok_start - 1].key == "either"),
        None,
    )
    if either is not None:
        right = [
            a
            for a in right
            if a is not either
            and not (
                either.tok_end < a.tok_start <= either.tok_end + 2
                and tokens[a.tok_start - 1].key == "or"
            )
        ]
    if by_actor is not None:
        actor1 = by_actor
    elif modifier is not None:
        actor1 = modifier
    if passive:
        subject = _nearest_left(tokens, left, m.start, first, skip_objects=True)
        actor2 = subject
        if actor1 is None:
            actor1 = None
    else:
        if actor1 is None:
            actor1 = _nearest_left(tokens, left, m.start, first, skip_objects=True, counted=counted)
        candidates = [
            a
            for a in right
            if a is not actor1
            and a is not by_actor
            # "shelling from army posts": whoever fires from there is no target
            and not (trig.rule != "@territory" and _after_from(tokens, a.tok_start, m.end))
        ]
        if (
            _noun_use(tokens, m.start, first)
            and trig.pos == "verb"
            # "an area that fell to regime forces": a relative clause, not "that attack"
            and not (trig.inverse and tokens[m.start - 1].key == "that")
        ):
            # "a separate attack in Zamfara, bandits killed ...": a noun takes its target
            # with a preposition ("an attack on the village"), not as an object
            candidates = [a for a in candidates if tokens[a.tok_start - 1].key in _ON]
        actor2 = _first_in_clause(tokens, candidates, m.end, stop)
        if actor2 is None and modifier is not None:
            # "heavy Russian air strikes": the victim may stand before the trigger
            subject = _nearest_left(
                tokens, left, m.start, first, skip_objects=True, counted=counted
            )
            if (
                subject is not None
                and subject is not actor1
                # "the US concluded that Russian warplanes bombed ...": another clause
                and all(t.key != "that" for t in tokens[subject.tok_end : m.start])
            ):
                actor2 = subject
    if actor1 is None and not passive:
        actor1 = _speaker_as_subject(doc, m.start, first, stop, trig.rule == "Air/drone strike")
    if actor2 is None and actor1 is not None and trig.rule == "Armed clash":
        partner = _coordinated_before(tokens, left, actor1, first)
        if partner is not None:
            actor1, actor2 = partner, actor1  # "Government troops and NPA rebels fought"
    if actor2 is None and trig.rule == "@territory":
        # "seized the town ... after overnight fighting with the Congolese army"
        for a in right:
            before = [t.key for t in tokens[max(first, a.tok_start - 3) : a.tok_start]]
            while before and before[-1] in ("the", "a", "an", "its", "their"):
                before.pop()
            if before and before[-1] in ("from", "with", "against") and a is not actor1:
                actor2 = a
                break
    if actor1 is not None and actor1.role == "generic" and not passive:
        # "terrorist groups from Jaish al-Fatah attacked ...": the group they came from
        actor1 = _group_of(tokens, usable, actor1.tok_end) or actor1
    if actor1 is not None and actor2 is not None and _same_side(actor1, actor2):
        actor2 = None
    if trig.inverse:
        actor1, actor2 = actor2, actor1
    if actor1 is not None and actor1 is not by_actor and _undergone(tokens, m, trig):
        actor1 = None  # who stands before "died" died, or the dead were theirs: no killer
    return actor1, actor2


_AGENTS = frozenset({"force", "group", "country"})
_ON = frozenset("on against at targeting upon the".split())
_NOUN_MARKERS = frozenset("a an the separate another this that deadly suicide".split())


def _noun_use(tokens: list[Token], start: int, first: int) -> bool:
    return start > first and tokens[start - 1].key in _NOUN_MARKERS


def _speaker_as_subject(
    doc: Document, start: int, first: int, stop: int, air_strike: bool
) -> ActorMention | None:
    """ "The U.S. military said it had carried out a drone strike": "it" is the speaker.
    A military announcing an air strike with no other initiator named carried it out
    ("the U.S. military said a drone strike near Jamaame killed five militants")."""
    tokens = doc.tokens
    pronoun = any(
        tokens[i].key in ("it", "they", "we") for i in range(max(first, start - 5), start)
    )
    if not pronoun and not air_strike:
        return None
    sent = tokens[start].sent
    for att in doc.attributions:
        if att.sent == sent and att.speaker_tok is not None and att.verb_tok < start:
            a, b = att.speaker_tok
            for actor in doc.actors:
                if a <= actor.tok_start and actor.tok_end <= b and actor.role in _AGENTS:
                    if pronoun or actor.role == "group" or actor.name_template.startswith("Mil"):
                        return actor
    return None


def _coordinated_before(
    tokens: list[Token], left: list[ActorMention], actor: ActorMention, first: int
) -> ActorMention | None:
    """The actor joined to ``actor`` by "and" right before it, if any."""
    if actor.tok_start - 1 <= first or tokens[actor.tok_start - 1].key != "and":
        return None
    for a in left:
        if a.tok_end == actor.tok_start - 1:
            return a
    return None


_PARTICIPATION = (
    ("participated", "in"),
    ("took", "part", "in"),
    ("joined",),
    ("carried", "out"),
    ("conducted",),
    ("launched",),
    ("led",),
    ("took", "part"),
    ("participated",),
)


def _participation(doc: Document, lo: int, hi: int) -> bool:
    """A verb of taking part right before a reference ("participated in the strikes")."""
    keys = [t.key for t in doc.tokens[lo:hi]]
    for phrase in _PARTICIPATION:
        n = len(phrase)
        if any(tuple(keys[i : i + n]) == phrase for i in range(len(keys) - n + 1)):
            return True
    return False


def _same_side(a: ActorMention | None, b: ActorMention | None) -> bool:
    """The same actor named twice ("Sudanese army ... warplanes")."""
    if a is None or b is None:
        return False
    if a is b or (a.text == b.text and a.country == b.country):
        return True
    if a.role == b.role and a.role in ("generic", "group") and a.name_template == b.name_template:
        return True  # "civilians" and "people"; "IS jihadists" and "IS members"
    return (
        a.role in ("force", "demonym", "country")
        and b.role in ("force", "demonym", "country")
        and (a.country == b.country or a.country is None or b.country is None)
        and a.name_template == b.name_template
    )


def _between(
    tokens: list[Token], right: list[ActorMention], end: int, stop: int
) -> tuple[ActorMention, ActorMention] | None:
    """ "clashes (erupted) between X and Y" """
    for i in range(end, min(stop, end + 3)):
        if tokens[i].key == "between":
            after = [a for a in right if i < a.tok_start <= i + 8]
            if len(after) >= 2:
                return after[0], after[1]
            return None
    return None


_MEMBER_NOUNS = frozenset("fighter member militant gunman soldier commander".split())
_ATTACKER_NOUNS = frozenset(
    """bomber bombers gunman gunmen attacker attackers planes warplanes jets aircraft
    helicopters drones""".split()
)
_HEDGED_BE = [[w, "to", "be"] for w in ("thought", "believed", "said", "reported", "understood")]
_APPOSITION_WORDS = frozenset(
    """the its 's s al el syrian syrias iraqi afghan local offshoot affiliate branch wing
    arm faction""".split()
)


def _sent_by(
    tokens: list[Token], right: list[ActorMention], m: PhraseMatch[Trigger]
) -> ActorMention | None:
    """ "A suicide bomber from al-Qaeda's Syrian affiliate al-Nusra Front": the group the
    attacker came from carried out the attack (the last name of an apposition)."""
    if tokens[m.end - 1].key not in _ATTACKER_NOUNS and not (
        any(t.rule == "Shelling/artillery/missile attack" for t in m.values)
        and m.end < len(tokens)
        and tokens[m.end].key == "from"
    ):
        return None  # "shelling from army posts": fired by the army
    end = m.end
    if [t.key for t in tokens[end : end + 3]] in _HEDGED_BE:
        end += 3  # "war planes thought to be from the U.S.-led coalition"
    return _group_of(tokens, right, end)


def _after_from(tokens: list[Token], tok: int, lo: int) -> bool:
    """Does "from" (perhaps with "the") stand right before token ``tok``?"""
    i = tok - 1
    if i > lo and tokens[i].key == "the":
        i -= 1
    return i >= lo and tokens[i].key == "from"


def _group_of(tokens: list[Token], right: list[ActorMention], end: int) -> ActorMention | None:
    """The group named after "from"/"of" at token ``end`` ("from al-Qaeda's Syrian affiliate
    al-Nusra Front": the last name of the apposition), or None."""
    if end >= len(tokens) or tokens[end].key not in ("from", "of"):
        return None
    chosen: ActorMention | None = None
    for a in sorted(right, key=lambda x: x.tok_start):
        gap_start = end + 1 if chosen is None else chosen.tok_end
        gap = tokens[gap_start : a.tok_start]
        if a.tok_start < gap_start or len(gap) > 5:
            break
        if any(
            not (t.key in _APPOSITION_WORDS or t.is_title or t.key.startswith("al-")) for t in gap
        ):
            break
        chosen = a
    return chosen


def _after_word(
    tokens: list[Token], right: list[ActorMention], end: int, stop: int, word: str, window: int
) -> ActorMention | None:
    for i in range(end, min(stop, end + window)):
        if tokens[i].text in _CLAUSE_BREAK:
            return None
        if tokens[i].key == word:
            for a in right:
                if i < a.tok_start <= i + 4:
                    return a
            return None
    return None


_PARTICIPLES = frozenset(
    "hit shot struck taken held overrun slain found thrown stolen beaten caught blown".split()
)
_AFTER_REDUCED_PASSIVE = frozenset(
    "in by on during when or and , . near at after while as inside outside due".split()
)
_ADVERBS = frozenset("also reportedly allegedly later then not all both reported said".split())


_UNDERGONE = frozenset("died die dies perished".split())
_POSSESSIVES = frozenset("his her their its".split())


def _undergone(tokens: list[Token], m: PhraseMatch[Trigger], trig: Trigger) -> bool:
    """ "Syria's national coach, who died of his wounds": whoever stands before a word of
    dying is who died (or whose the dead were), never who killed: only "by" names the
    killer."""
    if trig.rule != "@casualty" or m.end - m.start != 1:
        return False
    key = tokens[m.start].key
    if key in ("wounds", "injuries"):  # "died of his wounds": a noun, whose are the wounds
        return m.start > 0 and tokens[m.start - 1].key in _POSSESSIVES
    return key in _UNDERGONE


def _is_passive(tokens: list[Token], start: int, end: int, first: int, stop: int) -> bool:
    """ "were killed", "had been hit", "was attacked", "soldiers killed in the strike" """
    word = tokens[start].key
    if not (word.endswith("ed") or word in _PARTICIPLES):
        return False
    for i in range(start - 1, max(first - 1, start - 4), -1):
        if tokens[i].key in _PASSIVE_AUX:
            return True
        if tokens[i].key not in _ADVERBS:
            break
    # reduced relative: "Syrian soldiers killed or wounded in the incident"
    if end - start > 1:
        return False  # a phrase with its object ("established a new base") is active
    nxt = tokens[end].key if end < stop else "."
    if nxt == "at" and end + 1 < stop and tokens[end + 1].key in ("least", "most"):
        return False  # "killed at least 30 villagers": active, with its object
    prev_is_noun = (
        start > first and tokens[start - 1].text.isalpha() and tokens[start - 1].key not in _ADVERBS
    )
    return prev_is_noun and nxt in _AFTER_REDUCED_PASSIVE


def _carrier(actors: list[ActorMention], m: PhraseMatch[Trigger]) -> ActorMention | None:
    """An actor whose name holds the trigger: "Russian warplanes", "U.S. jets"."""
    for a in actors:
        if a.tok_start <= m.start < a.tok_end and (a.is_combatant or a.role == "demonym"):
            if a.role == "force" and a.country is None:
                return None  # the "drone" of "a drone strike" names no one
            return a  # "Russian warplanes pounded", "a Russian drone strike", "a Russian strike"
    return None


def _modifier(
    tokens: list[Token], actors: list[ActorMention], start: int, first: int, *, gap: int
) -> ActorMention | None:
    """An actor or demonym right before a noun trigger ("U.S. coalition air strikes",
    "Russian assaults"); ``gap`` adjectives may stand between ("heavy Russian air strikes")."""
    for a in actors:
        if a.tok_end <= start and start - a.tok_end <= gap:
            between = tokens[a.tok_end : start]
            if all(
                t.text[:1].islower()
                and t.key not in _TARGET_PREPOSITIONS
                and t.key not in _PASSIVE_AUX
                and t.key not in ("and", "or", "the")
                for t in between
            ):
                return a
    return None


def _nearest_left(
    tokens: list[Token],
    left: list[ActorMention],
    start: int,
    first: int,
    *,
    skip_objects: bool,
    counted: frozenset[int] = frozenset(),
) -> ActorMention | None:
    for a in sorted(left, key=lambda x: -x.tok_end):
        if skip_objects and (
            _after_preposition(tokens, a.tok_start, first) or a.tok_start in counted
        ):
            continue
        return a
    return None


def _counted_starts(doc: Document, first: int, stop: int) -> frozenset[int]:
    """Token indices right after a number phrase: "more than 60 Syrian soldiers" is counted,
    an object, never the initiator."""
    out = set()
    if first >= stop:
        return frozenset()
    lo, hi = doc.tokens[first].start, doc.tokens[stop - 1].end
    for n in doc.numbers:
        if not lo <= n.end <= hi:
            continue
        tok = doc.token_index_at(n.end)
        if first <= tok < stop:
            out.add(tok)
            if tok < stop and doc.tokens[tok].key == "of":
                out.add(tok + 1)
    return frozenset(out)


def _after_preposition(tokens: list[Token], tok: int, first: int) -> bool:
    """An actor that is the object of a preposition ("against the army", "of Syrian soldiers")."""
    for i in range(tok - 1, max(first - 1, tok - 4), -1):
        key = tokens[i].key
        if key in _TARGET_PREPOSITIONS or key == "with":
            return True
        if (
            key in ("the", "a", "an", "some", "dozens", "hundreds", "of")
            or tokens[i].text[:1].isdigit()
        ):
            continue
        return False
    return False


def _first_in_clause(
    tokens: list[Token], right: list[ActorMention], end: int, stop: int
) -> ActorMention | None:
    for a in sorted(right, key=lambda x: x.tok_start):
        if any(t.text in _CLAUSE_BREAK for t in tokens[end : a.tok_start]):
            return None
        if a.tok_start - end > 12:
            return None
        return a
    return None
