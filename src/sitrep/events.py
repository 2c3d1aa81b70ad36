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
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from sitrep.actors import ActorMention
from sitrep.datafiles import expand_all, load_yaml
from sitrep.dates import DocDate, ResolvedDate
from sitrep.document import Document
from sitrep.errors import LexiconError
from sitrep.phrases import PhraseIndex, PhraseMatch
from sitrep.taxonomy import EVENT_TYPE_OF
from sitrep.tokens import Sentence, Token

LETHAL_EVENT_TYPES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"}
)
ARMED_KINDS = frozenset(
    {"state_forces", "rebel_group", "political_militia", "identity_militia", "external_forces"}
)
_PASSIVE_AUX = frozenset("was were been being is are be get got".split())
_CLAUSE_BREAK = frozenset({";", ":", "(", ")", '"'})
_TARGET_PREPOSITIONS = frozenset(
    """against on at of in into upon targeting near toward towards from through for with
    about over under via between among across""".split()
)
_OBJECT_WINDOW = 6
_MODALITY_WINDOW = 11
_HISTORY_WINDOW = 16
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
_PERSON_NOUNS = frozenset(
    """civilians people children women men soldiers fighters residents persons patients
    troops members victims""".split()
)
_IRREGULAR_PAST = frozenset("struck hit shot shelled fought killed seized took".split())
_GROUP_NOUNS = frozenset(
    """fighters forces troops groups rebels militants factions militias soldiers jihadists
    insurgents units parties sides""".split()
)
_ARMED_MODIFIERS = frozenset("military army police security troops soldiers".split())
_AIRCRAFT = frozenset(
    """jets jet warplanes warplane aircraft aircrafts planes plane helicopters helicopter
    choppers drones drone gunships bombers aviation airforce aerospace""".split()
)
_NOT_SUBJECT = frozenset("by from of against on at to with for targeting fleeing".split())
# a "bomber" is an aircraft when its maker, model or role names one ("a Sukhoi-34 bomber",
# "a strategic bomber"), not when it is a person ("the bomber", "a suicide bomber")
_AIR_BOMBER = frozenset("sukhoi tupolev strategic stealth fighter jet long-range heavy".split())
_WAR_SPANS = frozenset("years months decades".split())
_MODALS = frozenset("would could might may will".split())
_SHOWN = frozenset(
    "that it its their his her the a an this these how what our clearly once again".split()
)


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

    @property
    def event_type(self) -> str:
        return EVENT_TYPE_OF[self.sub_event_type]


def find_events(doc: Document, lex: EventLexicon) -> None:
    """Fill ``doc.events`` with the event mentions of every sentence."""
    for sent in doc.sentences:
        found = _sentence_events(doc, lex, sent.index, sent.first_token, sent.end_token)
        kind = _secondary_kind(doc, lex, sent.index) if found else None
        for mention in found:
            mention.secondary = kind
        doc.events.extend(found)


_MINOR_WORDS = frozenset(
    "a an the and or but of in on at to for by with from as into near over after via vs".split()
)


def _title_case(tokens: list[Token]) -> bool:
    """Headline style: nearly every word that is not a minor word is capitalised."""
    words = [t for t in tokens if t.text.isalpha() and t.key not in _MINOR_WORDS]
    if len(words) < 4:
        return False
    return sum(1 for t in words if t.text[0].isupper()) >= 0.85 * len(words)


def _is_headline(doc: Document, sent: int) -> bool:
    """One of the first two sentences repeating the article's title, or written like one."""
    if sent > 1:
        return False
    tokens = doc.sentence_tokens(sent)
    title = doc.article.title
    if title:
        title_words = {w.lower() for w in re.findall(r"\w+", title)}
        words = {t.key for t in tokens}
        # the title alone, perhaps after a date line; not a title run into the lead
        if (
            title_words
            and len(title_words & words) >= 0.8 * len(title_words)
            and len(tokens) <= len(title_words) + 10
        ):
            return True
    return _title_case(tokens)


def has_day(doc: Document, sent: int, periods: list[tuple[int, int]]) -> bool:
    """The sentence names the day of what it tells ("on Monday", "on 3 May"), outside the
    phrases of a period ("in the last 24 hours")."""
    s = doc.sentences[sent]
    for d in doc.dates:
        if not (s.start <= d.mention.start < s.end) or d.resolved is None:
            continue
        if any(
            a <= d.mention.start < b or d.mention.start <= a < d.mention.end for a, b in periods
        ):
            continue
        before = doc.text[max(s.start, d.mention.start - 20) : d.mention.start].lower()
        if d.resolved.precision != "day" or before.endswith("since "):
            continue  # "since Thursday" opens a period
        if _dateline(doc, s.start, d):
            continue  # "Date of publication 17 October 2016", "Posted on July 2"
        return True
    return False


_DATELINE_WORDS = ("publication", "published", "posted", "updated")


_AGENCY_CREDITS = frozenset({"REUTERS", "AFP", "AP", "EPA", "ANADOLU", "SANA"})


def _secondary_kind(doc: Document, lex: EventLexicon, sent: int) -> str | None:
    """How a sentence retells rather than tells: ``"headline"`` (the title at the head of
    the text), ``"furniture"`` (a list of linked headlines or a photo caption in the body),
    ``"tally"`` (a toll or trend over a period: "in the past week", "have intensified");
    None when it tells."""
    s = doc.sentences[sent]
    tokens = doc.sentence_tokens(sent)
    if _is_headline(doc, sent):
        return "headline"
    if _title_case(tokens):
        return "headline" if sent <= 1 else "furniture"
    if len(tokens) > 2 and tokens[0].text in _AGENCY_CREDITS and tokens[1].text[:1].isupper():
        return "furniture"  # a photo credit opens a caption: "REUTERS Hosam Katan A rebel ..."
    furniture = lex.furniture.find_all(doc.tokens, s.first_token, s.end_token)
    if furniture and not all(_leading_chrome(doc, s, m) for m in furniture):
        return "furniture"
    period = lex.summary.find_all(doc.tokens, s.first_token, s.end_token)
    if not period:
        return "tally" if _whole_period(doc, sent) else None
    spans = [(doc.tokens[m.start].start, doc.tokens[m.end - 1].end) for m in period]
    return None if has_day(doc, sent, spans) else "tally"


_PERIOD_PREPOSITIONS = ("during ", "throughout ", "over ", "since ", "since mid-", "since early ")


def _whole_period(doc: Document, sent: int) -> bool:
    """The sentence counts over a whole month or year ("270 civilians killed during April",
    "throughout 2015") and names no day."""
    s = doc.sentences[sent]
    whole = False
    for d in doc.dates:
        if not (s.start <= d.mention.start < s.end) or d.resolved is None:
            continue
        if d.resolved.precision == "day":
            return False
        before = doc.text[max(s.start, d.mention.start - 12) : d.mention.start].lower()
        if d.resolved.precision in ("month", "year") and before.endswith(_PERIOD_PREPOSITIONS):
            whole = True
    return whole


_CHROME_WORDS = frozenset("print tweet views archive photo file credit".split())
"""Share buttons and photo credits; "related news" and "read more" open link lists."""


def _leading_chrome(doc: Document, s: Sentence, m: PhraseMatch[str]) -> bool:
    """Share buttons or a photo credit run into the head of a sentence whose body goes on
    ("Print Tweet Views 1662 An Islamic State car bomb killed 20 ...", "(AP Archive) A car
    bombing killed ..."): the body tells, the chrome is not a caption."""
    words = {t.key for t in doc.tokens[m.start : m.end]} - {"(", ")", "ap", "afp", "reuters"}
    rest = [
        t.key
        for t in doc.tokens[m.end : s.end_token]
        if not t.key.isdigit() and t.key not in _CHROME_WORDS
    ]
    return (
        words <= _CHROME_WORDS
        and m.end - s.first_token <= 6
        and len(rest) >= 8
        and rest[0] not in ("related", "read", "more", "also", "see", "latest")
    )


_GENERIC_RULES = frozenset({"@casualty", "@attack", "@reference", "@explosion"})


def _sentence_events(
    doc: Document, lex: EventLexicon, sent: int, first: int, stop: int
) -> list[EventMention]:
    tokens = doc.tokens
    found = lex.triggers.find_all(tokens, first, stop)
    if not found:
        return []
    blockers = lex.modality_sentence.find_all(tokens, first, stop)
    if blockers:
        return _claim_of_responsibility(doc, blockers, sent, first)
    if (
        is_history(doc, sent)
        or "?" in doc.text[doc.sentences[sent].start : doc.sentences[sent].end]
    ):
        return []  # history, or a question ("Or is it a possibility to ...?")
    actors = [a for a in doc.actors if a.sent == sent]
    speakers = _speaker_ranges(doc, sent)
    quoted = _short_quotes(doc, first, stop)
    if not _counts_in_quote(doc, first, stop):
        quoted += _quoted_tokens(doc, first, stop)
    candidates: list[tuple[PhraseMatch[Trigger], Trigger]] = []
    for m in found:
        if _inside_name(m, actors) or _inside_ranges(m.start, speakers + quoted):
            continue
        trig = _choose_trigger(doc, lex, m, first, stop)
        if trig is None or trig.rule == "@ignore":
            continue
        if _non_factual(doc, lex, m.start, first) or _purpose(tokens, m.start, first, trig):
            continue
        candidates.append((m, trig))
    candidates = _sentence_overrides(doc, lex, candidates, first, stop)
    candidates = _crowd_control(doc, candidates, sent)
    if candidates and lex.accident_or_crime.find_all(tokens, first, stop):
        candidates = [(m, t) for m, t in candidates if t.rule not in _GENERIC_RULES | {"@arrest"}]
    if not candidates:
        return []
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
        if host is not None:
            _absorb(host, mention)
        else:
            _add(mentions, mention)
    return sorted(_killed_in_custody(mentions), key=lambda e: e.tok_start)


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


def _vaguer(a: EventMention, b: EventMention) -> bool:
    """``a`` is a vague word for the remote violence ``b`` names precisely."""
    return (
        a.event_type == b.event_type == "Explosions/Remote violence"
        and a.specificity <= VAGUE_SPECIFICITY < b.specificity
        and not _opposed(a, b)
    )


def _opposed(a: EventMention, b: EventMention) -> bool:
    if a.event_type not in ("Battles", "Explosions/Remote violence"):
        return False
    return (a.actor1 is not None and b.actor2 is not None and _same_side(a.actor1, b.actor2)) or (
        a.actor2 is not None and b.actor1 is not None and _same_side(a.actor2, b.actor1)
    )


def _quoted_tokens(doc: Document, first: int, stop: int) -> list[tuple[int, int]]:
    """Token ranges of direct quotes: what someone said, not what the article reports."""
    out = []
    for q in doc.quotes:
        a, b = doc.token_index_at(q.start), doc.token_index_at(q.end)
        if a < stop and b > first:
            out.append((a, b))
    return out


def _counts_in_quote(doc: Document, first: int, stop: int) -> bool:
    """A quoted sentence that counts ("a group of over 60 mercenaries were killed in an
    airstrike," the spokesman said) reports a happening; other quotes are what someone
    said of it."""
    lo, hi = doc.tokens[first].start, doc.tokens[stop - 1].end
    quotes = [(max(lo, q.start), min(hi, q.end)) for q in doc.quotes if q.start < hi and q.end > lo]
    return bool(quotes) and any(
        a <= n.start < b and (n.value or 0) >= 2 and _counts_people(doc, n.end)
        for n in doc.numbers
        for a, b in quotes
    )


_COUNTED_PEOPLE = _PERSON_NOUNS | frozenset(
    "militants mercenaries terrorists rebels gunmen jihadists killed dead wounded injured".split()
)


def _counts_people(doc: Document, end: int) -> bool:
    """A person noun or a killing word within three words after a number ("over 60 foreign
    mercenaries", "40 members", "nine killed")."""
    tok = doc.token_index_at(end)
    return any(t.key in _COUNTED_PEOPLE for t in doc.tokens[tok : tok + 3])


def _purpose(tokens: list[Token], start: int, first: int, trig: Trigger) -> bool:
    """ "an offensive to retake eastern Aleppo": an infinitive tells an aim, not a deed
    ("managed to drive out" tells the deed)."""
    return (
        trig.pos == "verb"
        and start > first
        and tokens[start - 1].key == "to"
        and not (start - 2 >= first and tokens[start - 2].key in _ACHIEVED)
    )


_ACHIEVED = frozenset("managed manages manage succeeded".split())


def _short_quotes(doc: Document, first: int, stop: int) -> list[tuple[int, int]]:
    """Token ranges of words in short quotes: scare quotes ("killing" businesses)."""
    out = []
    open_at: int | None = None
    for i in range(first, stop):
        if doc.tokens[i].text == '"':
            if open_at is None:
                open_at = i
            else:
                if i - open_at <= 4:
                    out.append((open_at, i))
                open_at = None
    return out


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
    if "Chemical weapon" in rules:
        # "rockets loaded with mustard agent": the rockets deliver the chemical attack
        out = [(m, t) for m, t in out if t.rule not in _REMOTE or t.rule == "Chemical weapon"]
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


def _is_count(text: str, end: int) -> bool:
    """ "2000 people": a number, not a year."""
    rest = text[end : end + 12].lstrip()
    return bool(rest) and rest.split(" ", 1)[0].lower() in (
        "people",
        "civilians",
        "soldiers",
        "troops",
        "fighters",
        "members",
        "homes",
        "families",
    )


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


def _inside_ranges(tok: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= tok < b for a, b in ranges)


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


def _non_factual(doc: Document, lex: EventLexicon, trig_tok: int, first: int) -> bool:
    """A modality cue in the trigger's clause, shortly before it."""
    tokens = doc.tokens
    lo = trig_tok
    while lo > first and trig_tok - lo < _MODALITY_WINDOW:
        if tokens[lo - 1].text in _CLAUSE_BREAK:
            break
        lo -= 1
    if lex.modality_before.find_all(tokens, lo, trig_tok):
        return True
    wide = max(first, trig_tok - _HISTORY_WINDOW)
    return any(
        not _main_clause_after(doc, h.end, trig_tok)
        for h in lex.history.find_all(tokens, wide, trig_tok)
    )


_BEFORE_NOUN_CUES = frozenset("retaliation response avenge revenge".split())


def _main_clause_after(doc: Document, cue_end: int, trig_tok: int) -> bool:
    """ "In retaliation for the latest shelling, rebels fired rockets on Damascus": the cue
    dates the noun phrase after it, not the clause whose subject comes next."""
    if not any(t.key in _BEFORE_NOUN_CUES for t in doc.tokens[max(0, cue_end - 4) : cue_end]):
        return False
    return any(
        a.is_combatant and cue_end + 1 < a.tok_start and a.tok_end <= trig_tok <= a.tok_end + 1
        for a in doc.actors
        if a.sent == doc.tokens[trig_tok].sent
    )


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RECENT_DAYS = 10
"""News is what happened on or shortly before publication: a sentence dated further back
tells background (docs/annotation.md, section 1)."""
_RECENT_PERIOD_DAYS = 45
"""The same for a period ("last month", "last week"), counted from its last day."""


def latest_day(date: ResolvedDate) -> dt.date:
    """The last day a resolved date may stand for ("earlier this month": the month's end)."""
    if date.end is not None:
        return date.end
    if date.precision == "week":
        return date.date + dt.timedelta(days=6)
    if date.precision == "month":
        return date.date + dt.timedelta(days=30)
    if date.precision == "year":
        return dt.date(date.date.year, 12, 31)
    return date.date


def is_history(doc: Document, sent: int) -> bool:
    """The sentence speaks of the past or the future, not of a new happening: dated well
    before publication ("in 2013", "the 1994 genocide") or after it ("next Thursday")."""
    s = doc.sentences[sent]
    dates = [d for d in doc.dates if s.start <= d.mention.start < s.end]
    if any(d.mention.modifier == "next" or (d.mention.offset or 0) > 0 for d in dates):
        return True
    if doc.published is None:
        return False
    recent = any(
        d.resolved is not None and (doc.published - d.resolved.date).days <= _RECENT_DAYS
        for d in dates
    )
    if not recent:
        for m in _YEAR.finditer(doc.text, s.start, s.end):
            if int(m.group()) < doc.published.year and not _is_count(doc.text, m.end()):
                return True
    for d in dates:
        if s.start <= d.mention.start < s.end and d.resolved is not None:
            # a vague period ("last month") reaches back further before it is background
            limit = _RECENT_DAYS if d.resolved.precision == "day" else _RECENT_PERIOD_DAYS
            if (doc.published - latest_day(d.resolved)).days > limit:
                return True
            if (
                d.resolved.precision == "month"
                and _months_before(d.resolved.date, doc.published) >= 2
            ):
                return True  # "retook Manbij in August" in an October story: background
        if s.start <= d.mention.start < s.end and d.year is not None:
            if d.year < doc.published.year:
                return True
        if (
            s.start <= d.mention.start < s.end
            and d.resolved is not None
            and (d.resolved.date - doc.published).days > _RECENT_DAYS
            and _YEAR.search(d.mention.text)
            and not _dateline(doc, s.start, d)
        ):
            return True  # "On August 21 2013" well after publication: not reported news
    return False


def _months_before(month: dt.date, published: dt.date) -> int:
    """Whole calendar months from ``month`` to the publication's month."""
    return (published.year - month.year) * 12 + published.month - month.month


def _dateline(doc: Document, sent_start: int, d: DocDate) -> bool:
    """ "Published November 17 2017 ...", "Date of publication 17 October 2016": the date
    of the page, not of what the sentence tells."""
    before = doc.text[max(sent_start, d.mention.start - 20) : d.mention.start].lower()
    return d.mention.start == sent_start or any(w in before for w in _DATELINE_WORDS)


def _word_tells_no_happening(
    doc: Document,
    m: PhraseMatch[Trigger],
    trig: Trigger,
    actors: list[ActorMention],
    sent: int,
    first: int,
    stop: int,
) -> bool:
    """The trigger word describes rather than reports: who the sides are ("the coalition
    fighting Islamic State"), a state of affairs ("is fighting"), a participle used as an
    adjective ("a captured pilot", "for injured civilians"), the present of habit or of
    claims ("they target only militants")."""
    tokens = doc.tokens
    if (
        m.start - 2 >= first
        and tokens[m.start - 1].key == "of"
        and tokens[m.start - 2].key in _WAR_SPANS
    ):
        return True  # the war as a span: "left over from four years of fighting"
    if tokens[m.start].key in ("battling", "fighting") and m.start > first:
        before = tokens[m.start - 1].key
        if (
            before in _GROUP_NOUNS
            or any(a.tok_end == m.start for a in actors)
            or before in ("between", "from")
        ):
            # who they are: "opposition fighters battling government forces", "the
            # coalition fighting Islamic State", "a choice between fighting IS or ..."
            return True
        if before in ("is", "are") and not has_day(doc, sent, []):
            return True  # a state of affairs: "the government is fighting many groups"
    if (
        trig.pos == "verb"
        and m.end - m.start == 1
        and tokens[m.start].key.endswith("ed")
        and m.start > first
        and tokens[m.start - 1].key in ("a", "an", "the", "its", "their", "his", "her")
    ):
        return True  # a participle used as an adjective: "a captured pilot", "the wounded"
    if (
        m.end - m.start == 1
        and tokens[m.start].key.endswith("ed")
        and m.start > first
        and m.end < stop
        and tokens[m.start - 1].key in ("for", "of", "to", "with", "and")
        and tokens[m.end].key in _PERSON_NOUNS
    ):
        return True  # "ambulances for injured civilians", "the evacuation of wounded fighters"
    if tokens[m.start].key == "protested" and m.end < stop and tokens[m.end].key == "by":
        return True  # "the US involvement has been protested by Damascus": objected to
    if (
        tokens[m.start].key.startswith("demonstrat")
        and not tokens[m.start].key.startswith(("demonstrator", "demonstration"))
        and m.end < stop
        and tokens[m.end].key in _SHOWN
    ):
        return True  # "to show": "its actions demonstrate that ...", "demonstrated its resolve"
    if (
        tokens[m.start].key.endswith("ing")
        and m.end < stop
        and tokens[m.end].key in ("them", "it", "him", "her", "us", "you")
        and any(t.key == "by" for t in tokens[max(first, m.start - 12) : m.start])
    ):
        return True  # a means, not a happening: "to win by starving them out or bombing them"
    if (
        tokens[m.end - 1].key.endswith("ing")
        and m.end < stop
        and any(t.key in _MODALS for t in tokens[m.end : min(stop, m.end + 3)])
    ):
        return True  # a supposition: "recapturing it would sever the supply road"
    # the present of habit or of claims: "they target only militants"
    return (
        m.start > first
        and tokens[m.start - 1].key in ("they", "we", "you", "i")
        and not tokens[m.start].key.endswith(("ed", "ing"))
        and tokens[m.start].key not in _IRREGULAR_PAST
    )


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
    if (
        sub == "Government regains territory"
        and actor1 is not None
        and actor1.kind not in _STATE_KINDS
    ):
        sub = "Non-state actor overtakes territory"
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
    if (
        sub == "Armed clash"
        and actor2 is not None
        and actor2.kind == "civilians"
        and any(t.key in ("gunfire", "fire") for t in tokens[m.start : m.end])
    ):
        sub = "Attack"  # "terrorists targeted civilians with gunfire": no clash with the unarmed
    anaphoric = trig.rule == "@reference" or _is_anaphoric(doc, lex, m)
    generic = generic_resolver(doc, trig.rule, m, stop) if trig.rule in _GENERIC_RULES else None
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
        needs_host=trig.rule == "@reference" and not trig.default,
        refers_to=trig.refers_to,
        generic_type=generic if not trig.default else None,
    )


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
    reported apparent""".split()
)


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
        if _noun_use(tokens, m.start, first) and trig.pos == "verb":
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
        if kind1 is None:
            return trig.default or "Non-state actor overtakes territory"
        return (
            "Government regains territory"
            if kind1 in _STATE_KINDS
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

    def resolve(actor1: ActorMention | None, actor2: ActorMention | None) -> str:
        kind1, kind2 = _kind(actor1), _kind(actor2)
        if rule == "@explosion":
            return "Remote explosive/landmine/IED"
        if flown or (actor1 is not None and _airborne(doc.tokens, actor1)):
            return "Air/drone strike"
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
        if rule != "@casualty" and civilian_target:
            return "Attack"
        if kind2 in ("civilians", "protesters"):
            return "Attack"
        if kind2 in ARMED_KINDS:
            return "Armed clash"
        if military_target:
            return "Armed clash"
        return "Attack"

    return resolve


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
