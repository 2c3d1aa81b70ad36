"""Which event each casualty figure belongs to.

A figure attaches to the event of its sentence (the trigger it names as its cause, else the
nearest), else to the event whose victims it counts, else to the event told last before it. A
figure whose own clause places its victims in another event's town goes to that event, a
headline figure to the one event the body gives the same figure for, and war or campaign
tolls (``war_tolls``) are no event's.
"""

from __future__ import annotations

from sitrep.actors import ActorMention
from sitrep.attribution import headline_span
from sitrep.casualties import CasualtyMention
from sitrep.document import Document
from sitrep.drafts import Draft, last_told, same_actor
from sitrep.event_context import told_last_month
from sitrep.events import EventMention, has_day
from sitrep.gazetteer import Gazetteer, Place, distance_km, name_key, within
from sitrep.places import PlaceMention
from sitrep.placing import days_agree
from sitrep.taxonomy import EVENT_TYPE_OF, VIOLENT_EVENT_TYPES

_UNDATED_WAR_TOLL = 1000
"""A toll this large told with no day counts a war or a campaign. (Any figure of
``casualties.WAR_TOLL`` or more does, dated or not: no event's toll.)"""


def war_tolls(doc: Document) -> list[CasualtyMention]:
    """A toll in the thousands, or of "hundreds" / "thousands" of victims, with no day of
    its own counts a war or a campaign ("rebel fire on regime-held areas killed 1,102
    people", "hundreds of civilians killed in operations against ..."): its sentence
    tells no happening. Its mentions are dropped when the article tells an event (they
    stand alone only when it tells none), and the figure is no event's."""
    tolls = [
        c
        for c in doc.casualties
        if c.kind == "killed"
        and (
            (c.number.vague and (c.number.value or 0) >= 100)
            or (not c.number.vague and (c.number.low or c.number.value or 0) >= _UNDATED_WAR_TOLL)
        )
        and not has_day(doc, c.sent, [])
    ]
    if not tolls:
        return tolls
    for m in doc.events:
        if m.secondary not in (None, "tally") or all(c.sent != m.sent for c in tolls):
            continue
        # the figure nearest the trigger is its own ("fighting claimed 129 lives - air
        # raids kill thousands": only the raids are the war's toll)
        nearest = min(
            (c for c in doc.casualties if c.sent == m.sent),
            key=lambda c: min(abs(c.start - m.end), abs(m.start - c.end)),
        )
        if nearest in tolls:
            m.secondary = "toll"
    return tolls


def attach_casualties(
    doc: Document, drafts: list[Draft], tolls: list[CasualtyMention], gaz: Gazetteer
) -> None:
    furniture = {m.sent for m in doc.events if m.secondary == "furniture"}
    # figures of captions and link lists come last: they count only for an event the body
    # gives no figure of its own
    told = {m.sent for d in drafts if d.lethal for m in d.mentions}
    untold = _untold_happenings(doc, drafts)
    first_host: dict[int, Draft] = {}  # per sentence without a trigger of its own
    for c in sorted(doc.casualties, key=lambda c: c.sent in furniture):
        if c in tolls or c.sent in untold or told_last_month(doc, c.sent):
            # a war's toll, the toll of a happening no event tells, or of one told as
            # history ("Last month a suicide bomber killed scores near the town")
            continue
        if c.sent not in told and c.victim is None and c.sent in first_host:
            # "the attack killed more than 100 people ... and injured 400 others": the
            # figures of a sentence without a trigger tell one happening
            host: Draft | None = first_host[c.sent]
        else:
            host = _casualty_host(doc, drafts, c)
        if host is None:
            continue
        if c.sent not in told:
            first_host.setdefault(c.sent, host)
        host = _placed_elsewhere(doc, drafts, c, host) or _town_of_its_own(
            doc, drafts, c, host, gaz
        )
        if c.sent in furniture and any(x.kind == c.kind for x in host.casualties):
            continue
        host.casualties.append(c)
        victim = c.victim or _elided_victim(doc, c)
        if host.actor2 is None and victim is not None and not same_actor(victim, host.actor1):
            host.actor2 = victim
    _headline_to_retold(doc, drafts)
    _summary_to_retold(doc, drafts)


_VERB_AFTER = frozenset("were was are is have has had been".split())


def _elided_victim(doc: Document, c: CasualtyMention) -> ActorMention | None:
    """A bare number right before its verb ("Six had been killed the previous day") counts
    the victims the figure told just before it named ("killing three civilians"): their
    noun is elided, as in any list of tolls."""
    if c.victim is not None or c.start != c.number.start:
        return None
    i = doc.token_index_at(c.number.end)
    if i >= len(doc.tokens) or doc.tokens[i].key not in _VERB_AFTER:
        return None
    before = [
        x
        for x in doc.casualties
        if x.kind == c.kind and x.number.end <= c.number.start and 0 <= c.sent - x.sent <= 1
    ]
    last = max(before, key=lambda x: x.number.start, default=None)
    return last.victim if last is not None else None


def _untold_happenings(doc: Document, drafts: list[Draft]) -> set[int]:
    """Sentences that tell a happening by a trigger of its own ("troops had executed 48
    people earlier this week") that no event took, and no trigger any event took: their
    figures count that happening, none of the article's events. (A headline or a caption
    that joined no event still gives its figures to the event it tells.)"""
    taken = {id(m) for d in drafts for m in d.mentions}
    in_drafts = {m.sent for d in drafts for m in d.mentions}
    return {
        m.sent
        for m in doc.events
        if id(m) not in taken
        and m.sent not in in_drafts
        and not m.rule.startswith("@")
        and m.secondary in (None, "tally")  # a headline or a caption retells
        and EVENT_TYPE_OF[m.sub_event_type] in VIOLENT_EVENT_TYPES
    }


def _headline_to_retold(doc: Document, drafts: list[Draft]) -> None:
    """A headline figure goes to the one event the body gives a figure of its kind and
    value for ("4 Troopers Killed 4 Wounded" over "four of its soldiers have been killed and
    four others have been injured"): a headline figure that matches one event is a claim
    of it (docs/annotation.md 9.6)."""
    span = headline_span(doc)
    if span is None:
        return
    head = doc.tokens[span[0]].sent
    for d in drafts:
        for c in [c for c in d.casualties if c.sent == head]:
            if c.number.value is None or c.number.vague:
                continue
            hosts = [
                e
                for e in drafts
                if any(
                    x.sent != head
                    and x.kind == c.kind
                    and x.number.value == c.number.value
                    and not x.number.vague
                    for x in e.casualties
                )
            ]
            if len(hosts) == 1 and hosts[0] is not d:
                d.casualties.remove(c)  # "9 Killed ..." over "the bodies of 9 people"
                hosts[0].casualties.append(c)


def _summary_to_retold(doc: Document, drafts: list[Draft]) -> None:
    """A sentence that sums up the tolls of several victims ("Some 120 Daesh extremists and
    60 foreign mercenaries were killed in a series of air strikes") gives a figure the
    article tells again, for the same victims, as the toll of one event of its own ("In
    another air strike more than 60 foreign mercenaries ... were killed"): that event's."""
    for d in drafts:
        for c in list(d.casualties):
            if c.victim is None or c.number.value is None or c.number.vague:
                continue
            if not any(
                x.sent == c.sent
                and x.kind == c.kind
                and x is not c
                and x.victim is not None
                and not same_victims(x, c)
                and " and "
                in doc.text[min(x.number.end, c.number.end) : max(x.number.start, c.number.start)]
                for x in d.casualties
            ):
                continue  # no sum of several victims' tolls
            hosts = [
                e
                for e in drafts
                if any(
                    x.sent > c.sent
                    and x.kind == c.kind
                    and x.number.value == c.number.value
                    and not x.number.vague
                    and same_victims(x, c)
                    and doc.text[x.start : x.end] != doc.text[c.start : c.end]  # no repeat
                    for x in e.casualties
                )
            ]
            if len(hosts) == 1 and hosts[0] is not d:
                d.casualties.remove(c)
                hosts[0].casualties.append(c)


def same_victims(a: CasualtyMention, b: CasualtyMention) -> bool:
    """Two figures name their victims in the same words ("foreign mercenaries")."""
    return (
        a.victim is not None
        and b.victim is not None
        and a.victim.text.lower() == b.victim.text.lower()
    )


_AT_WORDS = frozenset("in near around at outside".split())


def _placed_elsewhere(
    doc: Document, drafts: list[Draft], c: CasualtyMention, host: Draft
) -> Draft | None:
    """A figure whose own clause places its victims somewhere the event is not, where
    another event of the article is ("30 people were killed in Aleppo province and another
    39 were killed by airstrikes in neighboring Idlib province": the 39 are Idlib's even
    when the only trigger of the sentence is Idlib's, the 30 Aleppo's): that event's."""
    if host.place is None or any(
        m.sent == c.sent and m.secondary in ("headline", "furniture") for m in doc.events
    ):
        return None  # a headline or a caption retells: its figures stay with what it retells
    place = _clause_place(doc, c)
    if place is None or within(place.place, host.place.place):
        return None
    there = [
        d
        for d in drafts
        if d is not host
        and d.lethal
        and d.own_place
        and d.place is not None
        and within(place.place, d.place.place)
        and _days_may_agree(doc, d, host)
    ]
    return last_told(there, c.sent) if there else None


_NEAR_KM = 10.0
"""A town this close to the event's is a suburb or a neighbour of it: the same strike."""


def _town_of_its_own(
    doc: Document, drafts: list[Draft], c: CasualtyMention, host: Draft, gaz: Gazetteer
) -> Draft:
    """A figure whose own clause places its victims in a town or region far from the event's
    own place ("up to 80 fighters were destroyed in the area of Mayadin, ... another 40 were
    killed around the town of Albu Kamal") tells the same act in that town: the article's
    event there that day, else an event of its own there (one event per town, ACLED), which
    takes the figure. A city that bears its region's name, in the event's region ("killed
    34 in Syria's Hama" of a village of Hama province), may name the region: no other
    town."""
    if host.place is None or not host.own_place or not host.violent:
        return host
    if any(m.sent == c.sent and m.secondary in ("headline", "furniture") for m in doc.events):
        return host
    place = _clause_place(doc, c)
    if place is None or within(place.place, host.place.place):
        return host
    a, b = place.place, host.place.place
    if distance_km(a.lat, a.lon, b.lat, b.lon) <= _NEAR_KM or a.country2 != b.country2:
        return host
    if a.admin1_code == b.admin1_code and _bears_region_name(gaz, a):
        return host
    there = [
        d
        for d in drafts
        if d is not host
        and d.lethal
        and d.place is not None
        and within(place.place, d.place.place)
        and _days_may_agree(doc, d, host)
    ]
    if there:
        return last_told(there, c.sent)
    told = [m for m in host.mentions if m.sent == c.sent] or host.mentions[:1]
    town = Draft(
        told,
        host.sub_event_type,
        host.actor1,
        None,  # whom it hit there, the figure says (the same side or not)
        list(host.assoc),
        [],
        place,
        host.date,
        own_place=True,
        town_of_many=True,
    )
    drafts.insert(drafts.index(host) + 1, town)
    return town


def other_town(doc: Document, a: CasualtyMention, b: CasualtyMention) -> bool:
    """The clauses of two figures place their victims in two towns apart."""
    pa, pb = _clause_place(doc, a), _clause_place(doc, b)
    return pa is not None and pb is not None and not within(pa.place, pb.place)


def _bears_region_name(gaz: Gazetteer, place: Place) -> bool:
    region = gaz.admin1_of(place)
    return region is not None and name_key(region) == name_key(place.name)


_AREA_WORDS = frozenset(
    """the town city village area areas outskirts countryside vicinity district
    neighbourhood neighborhood of""".split()
)


def _days_may_agree(doc: Document, a: Draft, b: Draft) -> bool:
    """Not told on two different days ("killed 14 people on Thursday night near Mayadin"
    is no toll of Saturday's strikes there)."""
    if a.date is None or b.date is None or a.date.resolved is None or b.date.resolved is None:
        return True
    return days_agree(doc, a.date, b.date)


def _clause_place(doc: Document, c: CasualtyMention) -> PlaceMention | None:
    """The town or region a figure's clause says its victims died in ("were killed in
    neighboring Idlib province"): the one place named after the figure, before the
    sentence's next figure."""
    stop = doc.sentences[c.sent].end
    for x in doc.casualties:
        if x.sent == c.sent and c.number.end <= x.start < stop and x is not c:
            stop = x.start
    named = [p for p in doc.places if p.sent == c.sent and c.number.end <= p.start < stop]
    if named and _SOURCE_WORDS & {
        t.key for t in doc.tokens[doc.token_index_at(c.number.end) : named[0].tok_start]
    }:
        return None  # "killed four children, an informed source in Homs said": the source's
    if not named or len({p.place.geonames_id for p in named}) > 1:
        return None  # "injured in attacks in Damascus, Aleppo and Homs": a total of several
    p = named[0]
    i = p.tok_start  # past "the town of", "the area of" to the preposition
    first = doc.sentences[c.sent].first_token
    while i > first and doc.tokens[i - 1].key in _AREA_WORDS and p.tok_start - i < 4:
        i -= 1
    before = doc.tokens[max(0, i - 3) : i]
    if [t.key for t in before[-2:]] in _UNNAMED_TOWN:
        return None  # "in a rebel-held town in Idlib": the region an unnamed town is in
    if p.place.feature in ("city", "admin1") and any(t.key in _AT_WORDS for t in before):
        return p
    return None


_SOURCE_WORDS = frozenset(
    """source sources official officials correspondent activist activists reporter
    spokesman spokesperson monitor according told said says directorate""".split()
)
_UNNAMED_TOWN = [[w, p] for w in ("town", "village", "city", "area") for p in ("in", "near")]


_CAUSE_LINKS = frozenset("in by during from when after as a an the its their his her".split())
"""Words between a figure and a trigger that introduce its cause ("killing 36 people in an
air strike")."""


def _casualty_host(doc: Document, drafts: list[Draft], c: CasualtyMention) -> Draft | None:
    """The event a figure belongs to: the event of its sentence (``_sentence_host``), else
    the event whose victims it counts, else the last event before it."""
    same_sentence = [(m, d) for d in drafts if d.lethal for m in d.mentions if m.sent == c.sent]
    if same_sentence:
        return _sentence_host(doc, same_sentence, c)
    violent = [d for d in drafts if d.lethal]
    if c.victim is not None:
        for d in violent:
            if d.actor2 is not None and same_actor(d.actor2, c.victim):
                return d
    earlier = [d for d in violent if min(d.sents) <= c.sent]
    if earlier:
        return last_told(earlier, c.sent)
    return violent[0] if violent else None


def _sentence_host(
    doc: Document, triggers: list[tuple[EventMention, Draft]], c: CasualtyMention
) -> Draft | None:
    """When the casualty word comes first ("the car bomb detonated ..., killing 36 people,
    ... rocket fire that killed nine others") the figure belongs to the trigger right after
    it ("killing 36 people in an air strike"), else to the nearest trigger before it; a
    figure whose subject names two events ("a car bomb and rocket attack killed 45") is a
    total of both, no claim of either. Otherwise the nearest trigger takes it."""
    if c.start < c.number.start:
        after = [
            (m, d)
            for m, d in triggers
            if m.start >= c.end and _introduces_cause(doc.text[c.end : m.start])
        ]
        if after:
            return min(after, key=lambda x: x[0].start)[1]
        before = sorted(((m, d) for m, d in triggers if m.end <= c.start), key=lambda x: x[0].end)
        if before:
            m, d = before[-1]
            if _subject_of(doc.text[m.end : c.start]):
                for m0, d0 in before[:-1]:
                    if d0 is not d and doc.text[m0.end : m.start].strip(" ,") == "and":
                        return None
            return d
    return min(triggers, key=lambda x: abs(x[0].start - c.start))[1]


_SUBJECT_PRONOUNS = frozenset("we they he she it i you".split())
_OPENERS = frozenset("in on at the a an after but meanwhile earlier later".split())


def _subject_of(gap: str) -> bool:
    """Two triggers joined by "and" stay the subject of a casualty word after them unless a
    clause of its own comes between: a subject pronoun, a quote or a full stop, or a
    sentence opener whose full stop was lost ("a car bomb and rocket attack on a district
    of Homs killed 45"; not "... by missile and air strikes In the city of X we destroyed
    ... 80 militants": "we" destroyed them)."""
    if any(ch in gap for ch in '.;:"'):
        return False
    words = gap.split()
    return not any(
        w.lower() in _SUBJECT_PRONOUNS or (w[0].isupper() and w.lower() in _OPENERS) for w in words
    )


def _introduces_cause(gap: str) -> bool:
    words = gap.lower().split()
    return 0 < len(words) <= 3 and all(w in _CAUSE_LINKS for w in words)
