"""Final stage of extraction — merge event mentions into events and build the output.

One event per distinct happening: a mention joins an earlier event when its type agrees
(or it is a bare killing or a reference back, "the strikes"), its actors do not conflict,
and its place and date do not differ. Figures attach to the event of their sentence, else
to the event whose victims they count. Each event then gets its place (own sentence, else
the event it follows from, else the article's main place, else the article's country),
its date (own sentence, else the article's story date), its casualty figures with
ACLED's conservative best (``figures.py``), a deterministic id and a confidence. Headlines,
captions and tallies retell (docs/events.md, "One event per happening").

Confidence (0..1) is a ranking score, not a calibrated probability: it rises with the
specificity of the trigger, with each argument the text pins down (initiator, target, place,
date, figures) and with repeated mentions, and falls when the sentence hedges
("reportedly", "allegedly"). Events are returned in text order; rank by ``confidence``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from sitrep.actors import ActorLexicon, ActorMention
from sitrep.attribution import headline_span
from sitrep.casualties import CasualtyMention
from sitrep.dates import DocDate
from sitrep.document import Document
from sitrep.events import (
    ARMED_KINDS,
    LETHAL_EVENT_TYPES,
    VAGUE_SPECIFICITY,
    EventMention,
    has_day,
    is_history,
    latest_day,
)
from sitrep.figures import event_figures, totals_of_several
from sitrep.gazetteer import Gazetteer, Place, distance_km
from sitrep.models import Actor, Casualties, DatePrecision, Event, Evidence, Location
from sitrep.places import PlaceMention, to_location
from sitrep.taxonomy import EVENT_TYPE_OF, VIOLENT_EVENT_TYPES


@dataclass(slots=True)
class _Draft:
    mentions: list[EventMention]
    sub_event_type: str
    actor1: ActorMention | None
    actor2: ActorMention | None
    assoc: list[ActorMention] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    place: PlaceMention | None = None
    date: DocDate | None = None
    own_place: bool = False
    """The place comes from the event's own sentences, not from the story around it."""
    town_of_many: bool = False
    """One of several towns struck together: an event per town, the id keyed by town."""

    @property
    def sents(self) -> set[int]:
        return {m.sent for m in self.mentions}

    @property
    def violent(self) -> bool:
        return EVENT_TYPE_OF[self.sub_event_type] in VIOLENT_EVENT_TYPES

    @property
    def lethal(self) -> bool:
        """Can carry casualty figures (violence, and protests met with force)."""
        return EVENT_TYPE_OF[self.sub_event_type] in LETHAL_EVENT_TYPES


PROTEST_SEVERITY = (
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
)
_CROWD_TYPES = frozenset({"Mob violence", "Violent demonstration"})
_SIDE_ACTIVITIES = frozenset({"Change to group/activity", "Disrupted weapons use", "Other"})


def build_events(doc: Document, actors: ActorLexicon, gaz: Gazetteer) -> list[Event]:
    tolls = _war_tolls(doc)
    drafts = _merge(doc)
    _raids_from_the_air(doc, drafts)
    drafts = _summaries_join_details(doc, drafts)
    drafts = _bare_mentions_join(doc, drafts)
    _means_from_the_story(drafts)
    if any(d.violent for d in drafts):
        # troop movements and weapons found in a story of violence are part of that story
        drafts = [d for d in drafts if d.sub_event_type not in _SIDE_ACTIVITIES]
    story_place = _story_place(doc)
    story_date = _story_date(doc)
    previous: _Draft | None = None
    for d in drafts:
        own = _own_place(doc, d)
        d.own_place = own is not None
        d.place = own or (previous.place if previous else None) or story_place
        d.date = _own_date(doc, d) or (previous.date if previous else None) or story_date
        previous = d
    _attach_casualties(doc, drafts, tolls)
    drafts = _one_per_place_and_day(doc, drafts)
    drafts = _town_by_town(doc, drafts)
    several = totals_of_several(
        [(min(d.sents), d.date.resolved if d.date else None, d.casualties) for d in drafts], doc
    )
    for d in drafts:  # a headline total over several events is a claim of none
        d.casualties = [c for c in d.casualties if c.number.start not in several]
    return [_to_event(doc, d, actors, gaz) for d in drafts]


_UNDATED_WAR_TOLL = 1000
"""A toll this large told with no day counts a war or a campaign. (Any figure of
``casualties.WAR_TOLL`` or more does, dated or not: no event's toll.)"""


def _war_tolls(doc: Document) -> list[CasualtyMention]:
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


def _one_per_place_and_day(doc: Document, drafts: list[_Draft]) -> list[_Draft]:
    """One type, one place, one day is one event (ACLED): drafts the merging kept apart
    (their actors read differently in different sentences) join, unless one side's
    initiator is the other's target (an exchange of fire is two events). A day that dates
    the report ("On Sunday a monitor said ...") may be the day after the happening."""
    out: list[_Draft] = []
    for d in drafts:
        twin = next((x for x in out if _same_happening(doc, x, d)), None)
        if twin is None:
            out.append(d)
            continue
        twin.mentions = sorted(twin.mentions + d.mentions, key=lambda m: (m.sent, m.tok_start))
        twin.casualties.extend(c for c in d.casualties if c not in twin.casualties)
        twin.actor1 = twin.actor1 or d.actor1
        twin.actor2 = twin.actor2 or d.actor2
    return out


def _same_happening(doc: Document, a: _Draft, b: _Draft) -> bool:
    if a.sub_event_type != b.sub_event_type or a.place is None or b.place is None:
        return False
    if not (a.own_place and b.own_place and _compatible(a.actor1, b.actor1)):
        return False
    pa, pb = a.place.place, b.place.place
    if pa.geonames_id != pb.geonames_id or pa.feature != "city":
        if not _one_blast_site(a.sub_event_type, pa, pb):
            return False
    da, db = a.date, b.date
    if da is None or db is None or da.resolved is None or db.resolved is None:
        return False
    if "day" not in (da.resolved.precision, db.resolved.precision):
        return False
    if not _days_agree(doc, da, db):
        return False
    return not (_opposed_sides(a.actor1, b.actor2) or _opposed_sides(b.actor1, a.actor2))


_POINT_BLASTS = frozenset({"Suicide bomb", "Remote explosive/landmine/IED"})
_BLAST_SITE_KM = 15.0


def _one_blast_site(sub_event_type: str, a: Place, b: Place) -> bool:
    """A bombing happens at one spot: told at a city and at its district or suburb ("twin
    suicide blasts in Damascus ... at a checkpoint in Sayyeda Zeinab") it is one event."""
    if sub_event_type not in _POINT_BLASTS or a.feature != "city" or b.feature != "city":
        return False
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= _BLAST_SITE_KM


def _bare_reference(doc: Document, m: EventMention) -> bool:
    """A reference back ("the bombing") with nothing to refer to (not even a headline or a
    caption of its type) and neither a toll nor a day of its own speaks of a campaign, not
    of one happening ("Western countries say the bombing has deliberately targeted
    hospitals")."""
    if m.rule != "@reference" or not m.anaphoric:
        return False
    if any(
        x.secondary in ("headline", "furniture") and x.event_type == m.event_type
        for x in doc.events
    ):
        return False  # the headline or a caption tells what it refers to
    if any(c.sent == m.sent for c in doc.casualties):
        return False
    return not has_day(doc, m.sent, [])


def _opposed_sides(initiator: ActorMention | None, target: ActorMention | None) -> bool:
    return initiator is not None and target is not None and _same_actor(initiator, target)


_ORIGIN_WORDS = frozenset("from positioned stationed based deployed launched".split())


_WITHIN = frozenset({",", "s", "'s", "region", "province", "governorate", "district", "city"})


def _locates_previous(doc: Document, p: PlaceMention) -> bool:
    """ "Khan Sheikhoun in Idlib", "Maarzita in southern Idlib": the second place says
    where the first is, it is not struck as well."""
    for q in doc.places:
        if q.sent == p.sent and p.tok_start - 7 <= q.tok_end <= p.tok_start:
            words = [t.key for t in doc.tokens[q.tok_end : p.tok_start]]
            if words[-1:] == ["of"] and set(words) & _BEARINGS:
                return True  # "Douma, around 10km northeast of Damascus"
            if len(words) > 4:
                continue
            between = set(words)
            if between & {"in", "of", "near"} or between <= _WITHIN:
                return True  # "Khan Sheikhoun in Idlib", "Baghdad's Sadr City district"
    return False


_ROUTE_WORDS = frozenset(
    """between linking links linked connecting connects connected towards toward
    headed heading bound""".split()
)


def _road_end(doc: Document, p: PlaceMention) -> bool:
    """ "A bomb on the road which connects between Arika and Sweida", "a car headed for
    Arika": the ends of a road and where a vehicle was going are not towns struck."""
    before = doc.tokens[max(0, p.tok_start - 6) : p.tok_start]
    return any(t.key in _ROUTE_WORDS and t.sent == p.sent for t in before)


_BEARINGS = frozenset(
    """north south east west northeast northwest southeast southwest northern southern
    eastern western km kilometres kilometers miles""".split()
)


def _town_by_town(doc: Document, drafts: list[_Draft]) -> list[_Draft]:
    """ "Air strikes hit the towns of Tal Minnis, Sarmada and Maarat al-Numan": one event
    per town struck (ACLED), the figures staying with the first, which the text counts."""
    out: list[_Draft] = []
    for d in drafts:
        out.append(d)
        if EVENT_TYPE_OF[d.sub_event_type] != "Explosions/Remote violence":
            continue
        told = next((m for m in d.mentions if not m.anaphoric), None)
        if told is None:
            continue
        towns: list[PlaceMention] = []
        for p in doc.places:
            if (
                p.sent == told.sent
                and p.tok_start > told.tok_start
                and p.place.feature == "city"
                and all(t.place.geonames_id != p.place.geonames_id for t in towns)
                and not any(
                    t.key in _ORIGIN_WORDS
                    for t in doc.tokens[max(0, p.tok_start - 3) : p.tok_start]
                )
                and not _locates_previous(doc, p)
                and not _road_end(doc, p)
            ):
                towns.append(p)
        country = (d.place or towns[0]).place.country2 if towns else None
        towns = [t for t in towns if t.place.country2 == country]
        if len(towns) < 2:
            continue
        if d.place is None or all(t.place.geonames_id != d.place.place.geonames_id for t in towns):
            d.place = towns[0]
        for town in towns:
            if town.place.geonames_id == d.place.place.geonames_id:
                continue
            if _one_blast_site(d.sub_event_type, town.place, d.place.place):
                continue  # "blasts at a checkpoint on Sayyeda Zainab highway near Damascus"
            out.append(
                _Draft(
                    list(d.mentions),
                    d.sub_event_type,
                    d.actor1,
                    d.actor2,
                    list(d.assoc),
                    [],
                    town,
                    d.date,
                    town_of_many=True,
                )
            )
    return out


# -- merging -------------------------------------------------------------------------------


def _merge(doc: Document) -> list[_Draft]:
    drafts: list[_Draft] = []
    scenes = _scenes(doc)
    told = [m for m in doc.events if not m.secondary]
    retold = [m for m in doc.events if m.secondary]
    for m in told + retold:
        if m.secondary == "toll" and told:
            continue  # a war's toll is none of the told events
        if m.secondary == "furniture" or (m.secondary and told):
            host = _retold_host(drafts, m)
            if host is None:
                continue
            if host.actor1 is not None or m.actor1 is None or m.secondary == "furniture":
                m.anaphoric = True  # a retelling: the told event's place and day stand
        else:
            host = _co_initiator_host(doc, drafts, m)
            if host is not None and m.actor1 is not None:
                # "air strikes launched by the Syrian regime and Russian warplanes"
                host.mentions.append(m)
                if all(a.text != m.actor1.text for a in host.assoc):
                    host.assoc.append(m.actor1)
                continue
            host = _host_for(doc, drafts, m, scenes)
        if host is None:
            if not m.needs_host and not _bare_reference(doc, m):
                drafts.append(_Draft([m], m.sub_event_type, m.actor1, m.actor2))
            continue
        if _means_told_after(m, host):
            host.sub_event_type = m.sub_event_type
        host.mentions.append(m)
        if m.claimant and (host.actor1 is None or host.actor1.role == "generic"):
            host.actor1 = m.actor1  # "Islamic State claimed responsibility for the attack"
            continue
        if m.anaphoric:
            # a reference brings its subject as an associated actor, nothing else
            if m.actor1 is not None and not _same_actor(m.actor1, host.actor1):
                if all(a.text != m.actor1.text for a in host.assoc):
                    host.assoc.append(m.actor1)
            continue
        if (
            _initiator(doc, host) is None
            and _initiator(doc, m) is not None
            and not _same_actor(m.actor1, host.actor2)
        ):
            if host.actor1 is not None and host.actor2 is None:
                host.actor2 = host.actor1  # the victims read as the initiator
            host.actor1 = m.actor1
        if host.actor2 is None and m.actor2 is not None and not _same_actor(m.actor2, host.actor1):
            host.actor2 = m.actor2
        if (
            m.actor1 is not None
            and host.actor1 is not None
            and m.actor1.text != host.actor1.text
            and _compatible(m.actor1, host.actor1)
            and m.actor1.role != "demonym"
        ):
            if all(a.text != m.actor1.text for a in host.assoc):
                host.assoc.append(m.actor1)
        if host.sub_event_type in PROTEST_SEVERITY and m.sub_event_type in PROTEST_SEVERITY:
            host.sub_event_type = max(
                host.sub_event_type, m.sub_event_type, key=PROTEST_SEVERITY.index
            )
        elif host.sub_event_type in PROTEST_SEVERITY and m.sub_event_type == "Arrests":
            host.sub_event_type = max(
                host.sub_event_type, "Protest with intervention", key=PROTEST_SEVERITY.index
            )
        elif host.sub_event_type != m.sub_event_type and _more_specific(m, host):
            host.sub_event_type = m.sub_event_type
    return drafts


def _co_initiator_host(doc: Document, drafts: list[_Draft], m: EventMention) -> _Draft | None:
    """ "Air strikes launched by the Syrian regime and Russian warplanes": the second
    initiator, joined to the first by "and" in the same sentence, shares its act; it is
    not a strike of its own (nor one on the first initiator)."""
    if m.actor1 is None:
        return None
    for d in drafts:
        for x in d.mentions:
            if (
                x.sent == m.sent
                and x.sub_event_type == m.sub_event_type
                and x.actor1 is not None
                and x.actor1.tok_end < m.actor1.tok_start
                and [t.key for t in doc.tokens[x.actor1.tok_end : m.actor1.tok_start]]
                in (["and"], [",", "and"])
            ):
                return d
    return None


_HARMED = frozenset("killed wounded injured dead died".split())


def _initiator(doc: Document, x: EventMention | _Draft) -> ActorMention | None:
    """The initiator, unless it reads as the victims: civilians followed by a word of
    harm before the act ("a family of five killed in a suspected chlorine attack",
    "Civilian killed in explosive device blast") are who suffered it; ACLED never codes
    civilians as the initiator of violence (``_to_event``)."""
    a = x.actor1
    if a is None or a.kind != "civilians" or x.sub_event_type in _CROWD_TYPES:
        return a
    mentions = x.mentions if isinstance(x, _Draft) else [x]
    for m in mentions:
        if (
            m.actor1 is a
            and m.sent == a.sent
            and a.tok_end <= m.tok_start
            and not _tells_more(doc, m)
        ):
            if any(t.key in _HARMED for t in doc.tokens[a.tok_end : m.tok_start]):
                return None
    return a


def _tells_more(doc: Document, m: EventMention) -> bool:
    """ "Another child was killed in the village from another shell": more victims or
    blows than those told, not a retelling of them."""
    s = doc.sentences[m.sent]
    return "another" in doc.text[s.start : s.end].lower().split()


def _same_clash_reversed(m: EventMention, d: _Draft) -> bool:
    """A clash has no direction: "troops killed 50 jihadists" and "the jihadists clashed
    with the troops" tell one battle with the sides named the other way round; so does
    "troops repelled an offensive by rebels" after "rebels attacked the troops", and the
    rebels' "offensive" told without its target."""
    return (
        m.sub_event_type == d.sub_event_type == "Armed clash"
        and m.actor1 is not None
        and d.actor1 is not None
        and d.actor2 is not None
        and not _compatible(m.actor1, d.actor1)
        and _compatible(m.actor1, d.actor2)
        and _compatible(m.actor2, d.actor1)  # no target named: no side to differ by
    )


def _same_striker(m: EventMention, d: _Draft) -> bool:
    """One side's strike told twice, its target told differently ("a school sheltering
    families" / "the military said it had struck a Hamas command centre"): sources
    disagree on what a strike hit, not on whether it is the same strike."""
    return (
        m.sub_event_type == d.sub_event_type
        and m.event_type == "Explosions/Remote violence"
        and m.actor1 is not None
        and d.actor1 is not None
        and _same_actor(m.actor1, d.actor1)
    )


def _retold_host(drafts: list[_Draft], m: EventMention) -> _Draft | None:
    """The event a headline or a tally retells: the first of its sub-type, else of its type,
    else (for a bare killing or attack) the first violent one; a retold means ("killed in
    Russian air strikes over the past 24 hours") also joins a violent event told only by
    bare killings, and names its means."""
    fits = [d for d in drafts if _compatible(m.actor1, d.actor1)]
    generic = m.rule in ("@attack", "@casualty", "@explosion", "@reference")
    # a means names the bare killings' only when the article tells no event of that means
    names_means = not generic and all(d.sub_event_type != m.sub_event_type for d in drafts)
    # a means joins the bare killings it names before an event of another means of its
    # type ("more than 120 people have been killed as regime troops stepped up attacks ...
    # Regime aircraft have dropped 1000 bombs in 150 airstrikes", beside rebel rockets)
    bare_first = names_means and any(d.violent and _bare_only(d) for d in fits)
    for level in range(3):
        for d in fits:
            if (
                (level == 0 and d.sub_event_type == m.sub_event_type)
                or (
                    level == (2 if bare_first else 1)
                    and EVENT_TYPE_OF[d.sub_event_type] == m.event_type
                )
                or (
                    level == (1 if bare_first else 2)
                    and d.violent
                    and (generic or (names_means and _bare_only(d)))
                )
            ):
                return d
    return None


_AIR_WORDS = frozenset(
    "raid raids strike strikes bombing bombings bombed bombardment bombarded".split()
)


def _raids_from_the_air(doc: Document, drafts: list[_Draft]) -> None:
    """In a story of air strikes, bare "raids", "strikes" and "bombing" are air strikes too
    ("another seven people were killed in raids on Kafr Takharim")."""
    if not any(d.sub_event_type == "Air/drone strike" for d in drafts):
        return
    for d in drafts:
        if d.sub_event_type in ("Attack", "Armed clash", "Remote explosive/landmine/IED") and all(
            (
                m.rule in ("@attack", "@reference", "Remote explosive/landmine/IED")
                and doc.text[m.start : m.end].lower() in _AIR_WORDS
            )
            or (m.rule == "@casualty" and _killed_in_raids(doc, m))
            for m in d.mentions
        ):
            d.sub_event_type = "Air/drone strike"


def _summaries_join_details(doc: Document, drafts: list[_Draft]) -> list[_Draft]:
    """ "Sixteen civilians were killed in heavy bombardment across Idlib province", then
    the strikes town by town: a vague word ("bombardment") over a whole region sums up the
    events that follow; it joins the first of them rather than standing as another."""
    out: list[_Draft] = []
    for d in drafts:
        if (
            EVENT_TYPE_OF[d.sub_event_type] == "Explosions/Remote violence"
            and all(m.specificity <= VAGUE_SPECIFICITY for m in d.mentions)
            and any(not m.rule.startswith("@") for m in d.mentions)
            and not any(p.sent in d.sents and p.place.feature == "city" for p in doc.places)
        ):
            detail = next(
                (
                    x
                    for x in drafts
                    if x is not d
                    and EVENT_TYPE_OF[x.sub_event_type] == EVENT_TYPE_OF[d.sub_event_type]
                    and any(m.specificity > VAGUE_SPECIFICITY for m in x.mentions)
                ),
                None,
            )
            if detail is not None:
                for m in d.mentions:
                    m.anaphoric = True  # a retelling: the details' place and day stand
                detail.mentions = sorted(
                    d.mentions + detail.mentions, key=lambda m: (m.sent, m.tok_start)
                )
                continue
        out.append(d)
    return out


def _span(doc: Document, d: _Draft) -> tuple[int, int]:
    """Character range of the draft's sentences."""
    return doc.sentences[min(d.sents)].start, doc.sentences[max(d.sents)].end


def _bare_mentions_join(doc: Document, drafts: list[_Draft]) -> list[_Draft]:
    """A bare attack word with no perpetrator, no figure and no town of its own ("the
    deliberate targeting of civilians", "attacks on residential areas") adds nothing to
    the violent event told before it in its scene: it joins that event. A bare toll with no
    place and no day of its own ("Scores were also injured") joins the violent event before
    it, else the one after it."""
    scenes = _scenes(doc)
    out: list[_Draft] = []
    for k, d in enumerate(drafts):
        host = next(
            (
                x
                for x in reversed(out)
                if x.violent and scenes[max(x.sents)] == scenes[min(d.sents)]
            ),
            None,
        )
        bare = d.actor1 is None and all(m.rule in _BARE_KILLING for m in d.mentions)
        toll_only = (
            bare
            and all(m.casualty_only for m in d.mentions)
            and not any(p.sent in d.sents for p in doc.places)
            and not any(x.mention.start in range(*_span(doc, d)) for x in doc.dates)
        )
        if host is None and toll_only:
            # "Scores were also injured" told before the event it counts for
            host = next(
                (
                    x
                    for x in drafts[k + 1 :]
                    if x.violent and scenes[min(x.sents)] == scenes[min(d.sents)]
                ),
                None,
            )
        if host is not None and (
            toll_only
            or (
                bare
                and not any(c.sent in d.sents for c in doc.casualties)
                and not any(p.sent in d.sents and p.place.feature == "city" for p in doc.places)
            )
        ):
            for m in d.mentions:
                m.anaphoric = True
            host.mentions = sorted(host.mentions + d.mentions, key=lambda m: (m.sent, m.tok_start))
            continue
        out.append(d)
    return out


_STORY_MEANS = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})
_BARE_KILLING = frozenset({"@casualty", "@attack", "@reference"})


def _means_from_the_story(drafts: list[_Draft]) -> None:
    """In a story of shelling (or of air strikes) — every told event of it, or more of
    its remote violence than of the other means and no other killing told with a means —
    deaths told without their means or their perpetrator are of that means too
    ("Elsewhere another child was killed in Harasta"), as a coder reading the whole
    article would code them."""
    for d in drafts:
        _means_retold(d)
    told = [
        d.sub_event_type
        for d in drafts
        if any(m.rule not in _BARE_KILLING and not m.anaphoric for m in d.mentions)
    ]
    means_told = [t for t in told if t in _STORY_MEANS]
    if not means_told or any(EVENT_TYPE_OF[t] == "Violence against civilians" for t in told):
        return
    counts = Counter(means_told).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return  # as many air strikes as shelling: the story names no one means
    means = counts[0][0]
    for d in drafts:
        if (
            d.sub_event_type in ("Attack", "Armed clash")
            and d.actor1 is None
            and all(m.rule in _BARE_KILLING or m.anaphoric for m in d.mentions)
        ):
            d.sub_event_type = means


def _bare_only(d: _Draft) -> bool:
    """Told only by bare killing or attack words (its sub-type a guess from its actors); a
    reference back ("during this bombing campaign") names no means of its own."""
    told = [m for m in d.mentions if not m.secondary and not m.anaphoric]
    return bool(told) and all(m.rule in _BARE_KILLING for m in told)


def _means_retold(d: _Draft) -> None:
    """Killings told bare ("40 fighters were killed around Abu Kamal") whose means only a
    headline or a tally of the same story names ("120 were killed in Russian air strikes
    over the past 24 hours") are of that means."""
    if not _bare_only(d):
        return
    means = [
        m.sub_event_type for m in d.mentions if m.secondary and m.sub_event_type in _STORY_MEANS
    ]
    if means and len(set(means)) == 1:
        d.sub_event_type = means[0]


def _killed_in_raids(doc: Document, m: EventMention) -> bool:
    """ "were killed in raids on ...", "died in the bombing": the killing names its means."""
    end = min(doc.sentences[m.sent].end_token, m.tok_end + 4)
    keys = [t.key for t in doc.tokens[m.tok_end : end]]
    return any(
        a in ("in", "by") and (b in _AIR_WORDS or (b == "the" and c in _AIR_WORDS))
        for a, b, c in zip(keys, keys[1:], [*keys[2:], ""], strict=False)
    )


def _more_specific(m: EventMention, host: _Draft) -> bool:
    return not m.casualty_only and all(x.specificity < m.specificity for x in host.mentions)


_SCENE_BREAKS = (
    "elsewhere",
    "separately",
    "in a separate",
    "meanwhile",
    "in another",
    "in the meantime",
    "in the same context",
    "later in the day",
    "earlier in the day",
)


def _scenes(doc: Document) -> list[int]:
    """Scene number of each sentence: "Elsewhere", "Separately", "In a separate attack"
    open a new scene, and events of different scenes are never merged."""
    out, scene = [], 0
    for s in doc.sentences:
        head = doc.text[s.start : s.start + 20].lower()
        if head.startswith(_SCENE_BREAKS):
            scene += 1
        out.append(scene)
    return out


def _host_for(
    doc: Document, drafts: list[_Draft], m: EventMention, scenes: list[int]
) -> _Draft | None:
    everywhere = drafts
    drafts = [d for d in drafts if scenes[max(d.sents)] == scenes[m.sent]]
    if m.anaphoric:
        violent = [d for d in drafts if d.violent]
        wanted = m.refers_to or (None if m.needs_host else m.event_type)
        typed = [d for d in violent if EVENT_TYPE_OF[d.sub_event_type] == wanted]
        if not typed and m.rule not in ("@reference", "@attack", "@casualty"):
            # "the alleged chemical weapons attack" told after a "Meanwhile": a reference
            # by a precise name reaches back past a change of scene to its event
            typed = [d for d in everywhere if d.sub_event_type == m.sub_event_type]
        return typed[-1] if typed else (violent[-1] if violent else None)
    policed = _crowd_host(drafts, m)
    if policed is not None:
        return policed
    candidates = []
    elsewhere = _other_places(doc, m)
    for d in drafts:
        same_type = d.sub_event_type == m.sub_event_type or (
            d.sub_event_type in PROTEST_SEVERITY and m.sub_event_type in PROTEST_SEVERITY
        )
        unattributed = m.rule in ("@attack", "@casualty", "@explosion") and m.actor1 is None
        loose = (
            (m.casualty_only or m.anaphoric or unattributed)
            and d.violent
            and (EVENT_TYPE_OF[m.sub_event_type] in VIOLENT_EVENT_TYPES)
            and m.sub_event_type not in _STORY_MEANS  # "jets killed 60": a strike of its own
        )
        if not (same_type or loose or _means_told_after(m, d)):
            continue
        if not (same_type and _same_clash_reversed(m, d)):
            if not _compatible(m.actor1, d.actor1) and not (
                same_type
                and not _tells_more(doc, m)
                and _compatible(_initiator(doc, m), _initiator(doc, d))
            ):
                continue
            if (
                not m.casualty_only
                and not _compatible(m.actor2, d.actor2)
                and not _same_striker(m, d)
                and not (same_type and (_plain_people(m.actor2) or _plain_people(d.actor2)))
                and not _blast_of_bombing(m, d)
            ):
                continue
            if (
                m.actor1 is not None
                and d.actor2 is not None
                and _same_actor(m.actor1, d.actor2)
                and d.actor1 is not None
            ):
                continue
        if not _places_agree(doc, d, m) or not _dates_agree(doc, d, m):
            continue
        if _more_victims(doc, m) and not _same_town(doc, d, m):
            continue  # "Another seven people were killed in raids on Kafr Takharim"
        if elsewhere:
            continue  # "nine were killed in strikes on various other areas of the province"
        candidates.append(d)
    if not candidates:
        return None
    if m.casualty_only and _both_sides_dead(doc, m.sent):
        # "45 militants and 20 Kurdish fighters had been killed": a battle's toll
        clashes = [d for d in candidates if d.sub_event_type == "Armed clash"]
        if clashes:
            return _last_told(clashes, m.sent)
    if m.casualty_only and m.actor2 is not None:
        # a bare toll joins the event whose figures count the same victims
        counting = [d for d in candidates if _counts_victims(doc, d, m.actor2)]
        if counting:
            return _last_told(counting, m.sent)
    return _last_told(candidates, m.sent)


def _both_sides_dead(doc: Document, sent: int) -> bool:
    """The sentence counts the dead of two armed sides that are not one ("45 Islamic State
    militants and 20 Kurdish militia fighters had been killed")."""
    armed = [
        c.victim
        for c in doc.casualties
        if c.sent == sent
        and c.kind == "killed"
        and c.victim is not None
        and c.victim.kind in ARMED_KINDS
    ]
    return any(
        a.name_template != b.name_template and not _same_actor(a, b) for a, b in pairwise(armed)
    )


def _last_told(drafts: list[_Draft], sent: int) -> _Draft:
    """Of several events, the one told last before sentence ``sent`` (not the one
    created last: "Air strikes hit Aleppo ... A man at the scene of a strike on Idlib ...
    Strikes on Aleppo killed 45 ... The toll could be over 50" is Aleppo's toll); the one
    created last among equals."""
    best = drafts[-1]
    best_key = -1
    for d in drafts:
        told = [s for s in d.sents if s <= sent]
        key = max(told) if told else -1
        if key >= best_key:
            best, best_key = d, key
    return best


def _means_told_after(m: EventMention, d: _Draft) -> bool:
    """ "Four soldiers were killed in an attack by the militants", then "the casualties came
    after a militant rocket attack on their tanks": a killing told with a bare word and its
    means told in the next sentences are one happening. The means joins the bare event
    (its actors, place and day must still agree) and names its sub-type. A killing that
    names no perpetrator ("seven civilians were killed in the town on Tuesday ... The
    building was targeted by a car bomb") takes its means whoever the means names; a bare
    attack word with no killing ("the base was attacked") does not."""
    return (
        not m.rule.startswith("@")
        and EVENT_TYPE_OF[m.sub_event_type] in VIOLENT_EVENT_TYPES
        and d.sub_event_type in ("Attack", "Armed clash")
        and 0 < m.sent - max(d.sents) <= 2
        and all(x.rule in _BARE_KILLING and not x.secondary for x in d.mentions)
        and (
            (d.actor1 is None and any(x.rule == "@casualty" for x in d.mentions))
            or (m.actor1 is not None and d.actor1 is not None and _compatible(m.actor1, d.actor1))
        )
    )


_CROWD_FOLLOWERS = frozenset({"Arrests", "Attack", "Armed clash"})


def _crowd_host(drafts: list[_Draft], m: EventMention) -> _Draft | None:
    """Arrests, shootings and clashes told right after a protest or riot are its
    policing ("Police responded with tear gas and arrested 31 people")."""
    if m.sub_event_type not in _CROWD_FOLLOWERS:
        return None
    for d in reversed(drafts):
        if (
            EVENT_TYPE_OF[d.sub_event_type] in ("Protests", "Riots")
            and 0 < m.sent - max(d.sents) <= 1
        ):
            if m.sub_event_type == "Arrests" or m.casualty_only or m.rule == "@attack":
                return d
    return None


def _counts_victims(doc: Document, d: _Draft, victim: ActorMention) -> bool:
    sents = d.sents
    return any(
        c.victim is not None and c.sent in sents and _same_actor(c.victim, victim)
        for c in doc.casualties
    )


_DESCRIBED = frozenset({"political_militia", "rebel_group", "identity_militia"})


def _compatible(a: ActorMention | None, b: ActorMention | None) -> bool:
    if a is None or b is None:
        return True
    if a.text.lower() == b.text.lower():
        return True
    for x, y in ((a, b), (b, a)):
        if (
            x.role == "generic"
            and x.kind in _DESCRIBED
            and y.role == "group"
            and y.kind in _DESCRIBED
        ):
            return True  # "the attackers", "militants": a description of the named group
    if a.country and b.country:
        if a.country != b.country:
            return False
        armed_a = a.kind in ARMED_KINDS or a.role == "demonym"
        armed_b = b.kind in ARMED_KINDS or b.role == "demonym"
        return armed_a == armed_b
    if a.role == "group" and b.role == "group":
        return a.name_template == b.name_template
    return a.kind == b.kind or a.role == "demonym" or b.role == "demonym"


_BOMBINGS = frozenset({"Suicide bomb", "Remote explosive/landmine/IED"})


def _blast_of_bombing(m: EventMention, d: _Draft) -> bool:
    """A bare "explosion" or "blast" that names no perpetrator, told where and when a
    bombing is told, is that bombing's blast ("Another explosion occurred shortly after
    when a third attacker detonated explosives near a market"): whom the sentence seems
    to name as its target does not make it another happening."""
    return m.rule == "@explosion" and m.actor1 is None and d.sub_event_type in _BOMBINGS


_PLAIN_PEOPLE = frozenset("men man people persons person individuals".split())


def _plain_people(a: ActorMention | None) -> bool:
    """Victims named only as people ("the men were executed", "killing five people"): the
    word takes no side, so it does not set them apart from victims a retelling names by
    their side ("eight Syrian militants were beheaded")."""
    return (
        a is not None
        and a.role == "generic"
        and a.kind == "civilians"
        and a.text.lower().split()[-1] in _PLAIN_PEOPLE
        and not any(w in a.text.lower() for w in ("civilian", "resident", "women", "child"))
    )


def _same_actor(a: ActorMention | None, b: ActorMention | None) -> bool:
    if a is None or b is None:
        return False
    return a.text.lower() == b.text.lower() or (
        a.country is not None and a.country == b.country and a.kind == b.kind
    )


def _places_agree(doc: Document, d: _Draft, m: EventMention) -> bool:
    mine = [p for p in doc.places if p.sent == m.sent and p.place.feature == "city"]
    theirs = [p for p in doc.places if p.sent in d.sents and p.place.feature == "city"]
    if not mine or not theirs:
        return True
    return any(a.place.geonames_id == b.place.geonames_id for a in mine for b in theirs)


def _more_victims(doc: Document, m: EventMention) -> bool:
    """The sentence opens on "Another ...": victims or blows besides those already told."""
    s = doc.sentences[m.sent]
    return doc.text[s.start : s.start + 8].lower().startswith("another ")


_OTHER_PLACES = re.compile(
    r"\bother (?:areas|towns|villages|parts|places|districts|neighbou?rhoods|regions|"
    r"locations|cities|provinces|sites)\b",
    re.IGNORECASE,
)


def _other_places(doc: Document, m: EventMention) -> bool:
    """The sentence places its victims in "other areas", "other towns": a happening
    besides those already told, never one of them."""
    s = doc.sentences[m.sent]
    return _OTHER_PLACES.search(doc.text, s.start, s.end) is not None


def _same_town(doc: Document, d: _Draft, m: EventMention) -> bool:
    """The mention's town is the draft's, or the mention names no town to differ by."""
    mine = {
        p.place.geonames_id for p in doc.places if p.sent == m.sent and p.place.feature == "city"
    }
    theirs = {p.place.geonames_id for p in doc.places if p.sent in d.sents}
    return not mine or bool(mine & theirs)


def _dates_agree(doc: Document, d: _Draft, m: EventMention) -> bool:
    mine = _sentence_dates(doc, m.sent)
    theirs = [x for s in d.sents for x in _sentence_dates(doc, s)]
    if mine and theirs:
        return any(_days_agree(doc, a, b) for a in mine for b in theirs)
    # "Last month two people were injured as ...": a period that leaves out the day of the
    # story does not join an event the story tells without a date of its own
    dated = mine or theirs
    story = _story_date(doc) if dated else None
    if story is None or story.resolved is None or story.resolved.precision != "day":
        return True
    day = story.resolved.date
    return not all(
        x.resolved is not None
        and x.resolved.precision in ("month", "year")
        and not (x.resolved.date <= day <= latest_day(x.resolved))
        for x in dated
    )


def _days_agree(doc: Document, a: DocDate, b: DocDate) -> bool:
    """The same day, or a report dated the day after the happening."""
    if a.resolved is None or b.resolved is None:
        return False
    gap = (a.resolved.date - b.resolved.date).days
    if gap == 0:
        return True
    return abs(gap) == 1 and _report_date(doc, a if gap > 0 else b)


def _sentence_dates(doc: Document, sent: int) -> list[DocDate]:
    s = doc.sentences[sent]
    return [
        x
        for x in doc.dates
        if s.start <= x.mention.start < s.end and x.resolved is not None and not x.header
    ]


# -- casualties ----------------------------------------------------------------------------


def _attach_casualties(doc: Document, drafts: list[_Draft], tolls: list[CasualtyMention]) -> None:
    furniture = {m.sent for m in doc.events if m.secondary == "furniture"}
    # figures of captions and link lists come last: they count only for an event the body
    # gives no figure of its own
    told = {m.sent for d in drafts if d.lethal for m in d.mentions}
    first_host: dict[int, _Draft] = {}  # per sentence without a trigger of its own
    for c in sorted(doc.casualties, key=lambda c: c.sent in furniture):
        if c in tolls:
            continue  # a war's toll, no event's figure
        if c.sent not in told and c.victim is None and c.sent in first_host:
            # "the attack killed more than 100 people ... and injured 400 others": the
            # figures of a sentence without a trigger tell one happening
            host: _Draft | None = first_host[c.sent]
        else:
            host = _casualty_host(doc, drafts, c)
        if host is None:
            continue
        if c.sent not in told:
            first_host.setdefault(c.sent, host)
        host = _placed_elsewhere(doc, drafts, c, host) or host
        if c.sent in furniture and any(x.kind == c.kind for x in host.casualties):
            continue
        host.casualties.append(c)
        if host.actor2 is None and c.victim is not None and not _same_actor(c.victim, host.actor1):
            host.actor2 = c.victim
    _headline_to_retold(doc, drafts)


def _headline_to_retold(doc: Document, drafts: list[_Draft]) -> None:
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


_AT_WORDS = frozenset("in near around at outside".split())


def _placed_elsewhere(
    doc: Document, drafts: list[_Draft], c: CasualtyMention, host: _Draft
) -> _Draft | None:
    """A figure whose own clause places its victims somewhere the event is not, where
    another event of the article is ("30 people were killed in Aleppo province and another
    39 were killed by airstrikes in neighboring Idlib province": the 39 are Idlib's even
    when the only trigger of the sentence is Idlib's, the 30 Aleppo's): that event's."""
    if host.place is None or any(
        m.sent == c.sent and m.secondary in ("headline", "furniture") for m in doc.events
    ):
        return None  # a headline or a caption retells: its figures stay with what it retells
    place = _clause_place(doc, c)
    if place is None or _within(place.place, host.place.place):
        return None
    there = [
        d
        for d in drafts
        if d is not host
        and d.lethal
        and d.own_place
        and d.place is not None
        and _within(place.place, d.place.place)
    ]
    return _last_told(there, c.sent) if there else None


def _clause_place(doc: Document, c: CasualtyMention) -> PlaceMention | None:
    """The town or region a figure's clause says its victims died in ("were killed in
    neighboring Idlib province"): the one place named after the figure, before the
    sentence's next figure."""
    stop = doc.sentences[c.sent].end
    for x in doc.casualties:
        if x.sent == c.sent and c.number.end <= x.start < stop and x is not c:
            stop = x.start
    named = [p for p in doc.places if p.sent == c.sent and c.number.end <= p.start < stop]
    if not named or len({p.place.geonames_id for p in named}) > 1:
        return None  # "injured in attacks in Damascus, Aleppo and Homs": a total of several
    p = named[0]
    before = doc.tokens[max(0, p.tok_start - 3) : p.tok_start]
    if p.place.feature in ("city", "admin1") and any(t.key in _AT_WORDS for t in before):
        return p
    return None


def _within(a: Place, b: Place) -> bool:
    """The same place, or a town and the region it lies in."""
    if a.geonames_id == b.geonames_id:
        return True
    if a.country2 != b.country2 or a.admin1_code is None or a.admin1_code != b.admin1_code:
        return False
    return "admin1" in (a.feature, b.feature)


_CAUSE_LINKS = frozenset("in by during from when after as a an the its their his her".split())
"""Words between a figure and a trigger that introduce its cause ("killing 36 people in an
air strike")."""


def _casualty_host(doc: Document, drafts: list[_Draft], c: CasualtyMention) -> _Draft | None:
    """The event a figure belongs to: the event of its sentence (``_sentence_host``), else
    the event whose victims it counts, else the last event before it."""
    same_sentence = [(m, d) for d in drafts if d.lethal for m in d.mentions if m.sent == c.sent]
    if same_sentence:
        return _sentence_host(doc, same_sentence, c)
    violent = [d for d in drafts if d.lethal]
    if c.victim is not None:
        for d in violent:
            if d.actor2 is not None and _same_actor(d.actor2, c.victim):
                return d
    earlier = [d for d in violent if min(d.sents) <= c.sent]
    if earlier:
        return _last_told(earlier, c.sent)
    return violent[0] if violent else None


def _sentence_host(
    doc: Document, triggers: list[tuple[EventMention, _Draft]], c: CasualtyMention
) -> _Draft | None:
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
            for m0, d0 in before[:-1]:
                if d0 is not d and doc.text[m0.end : m.start].strip(" ,") == "and":
                    return None
            return d
    return min(triggers, key=lambda x: abs(x[0].start - c.start))[1]


def _introduces_cause(gap: str) -> bool:
    words = gap.lower().split()
    return 0 < len(words) <= 3 and all(w in _CAUSE_LINKS for w in words)


# -- places and dates ----------------------------------------------------------------------


_FEATURE_RANK = {"city": 0, "admin1": 1, "country": 2}


def _own_place(doc: Document, d: _Draft) -> PlaceMention | None:
    """The most precise place the event's mentions name: per mention, the most precise
    place of its sentence (among equals the first after its trigger, else the nearest
    before it); over the mentions, the most precise, the first mention's among equals. A
    reference ("the attack targeted a police station in Inkhil") counts after the
    mentions proper: "a car bomb in Syria ... The attack targeted ... Inkhil" is Inkhil."""
    best: tuple[tuple[int, int], PlaceMention] | None = None
    for m in d.mentions:
        if m.secondary == "furniture":
            continue  # a caption or a link list names other places and other stories
        in_sentence = [p for p in doc.places if p.sent == m.sent]
        if not in_sentence:
            continue
        at = doc.tokens[m.first_tok if m.first_tok >= 0 else m.tok_start].start
        place = min(in_sentence, key=lambda p: _place_rank(p, at))
        rank = (_FEATURE_RANK.get(place.place.feature, 3), 1 if m.anaphoric else 0)
        if m.anaphoric and rank[0] >= _FEATURE_RANK["country"]:
            continue  # "the strikes threatened the ceasefire in Syria"
        if best is None or rank < best[0]:
            best = (rank, place)
    if best is not None and best[1].place.feature == "country":
        # "a command post was destroyed ... in central Syria": the story's main place in
        # that country is more precise than the country
        story = _story_place(doc)
        if story is not None and story.place.country2 == best[1].place.country2:
            return story
    return best[1] if best else None


def _place_rank(p: PlaceMention, trigger_start: int) -> tuple[int, int, int]:
    """City before region before country; then after the trigger before before it; then near."""
    after = p.start >= trigger_start
    distance = p.start - trigger_start if after else trigger_start - p.end
    return (_FEATURE_RANK.get(p.place.feature, 3), 0 if after else 1, distance)


def _story_place(doc: Document) -> PlaceMention | None:
    """The article's main place: the specific place it names most often, the first among
    equals; places of sentences dated in the past ("in Aleppo last year", "in Ghouta in
    August 2013") are background and count only when there are no others."""
    specific = [p for p in doc.places if p.place.feature != "country"]
    current = [p for p in specific if not is_history(doc, p.sent)]
    specific = current or specific
    if specific:
        counts: dict[int, int] = {}
        for p in specific:
            counts[p.place.geonames_id] = counts.get(p.place.geonames_id, 0) + 1
        return max(specific, key=lambda p: (counts[p.place.geonames_id], -p.start))
    return doc.places[0] if doc.places else None


def _own_date(doc: Document, d: _Draft) -> DocDate | None:
    """The date the event's sentences give, nearest its trigger: the first mention's, else
    a later mention's, else the day a reference gives ("SOHR said on Friday that Russian
    strikes killed 14 ... three children were among those killed overnight"); the day a
    source spoke only when none of them dates the event itself. A reference's vaguer
    period ("air strikes killed dozens this week") sums up more than the event."""
    report: DocDate | None = None
    told = [m for m in d.mentions if not m.anaphoric]
    for m in told + [m for m in d.mentions if m.anaphoric]:
        dates = _sentence_dates(doc, m.sent)
        event_dates = [
            x
            for x in dates
            if not _report_date(doc, x)
            and (not m.anaphoric or (x.resolved is not None and x.resolved.precision == "day"))
        ]
        if event_dates:
            return min(event_dates, key=lambda x: abs(x.mention.start - m.start))
        if dates and report is None and not m.anaphoric:
            report = min(dates, key=lambda x: abs(x.mention.start - m.start))
    return report


def _report_date(doc: Document, date: DocDate) -> bool:
    """ "Police said on Monday that ...", "On Sunday a monitor said ...", "On Tuesday the
    monitor raised the toll from strikes the previous day": the day of the report, not of
    the event — it stands right after the speech verb or outside what was said."""
    if date.anchor:
        return True
    start = date.mention.start
    tok = doc.token_index_at(start)
    if any(0 < tok - a.verb_tok <= 4 for a in doc.attributions):
        return True
    if tok >= len(doc.tokens):
        return False
    said = [a for a in doc.attributions if a.sent == doc.tokens[tok].sent]
    return bool(said) and not any(a.content[0] <= start < a.content[1] for a in said)


_STORY_DAYS = 7
_LEAD_SENTENCES = 3


def _story_date(doc: Document) -> DocDate | None:
    """The first date within the week before publication that the article's lead (its
    first sentences) gives: an event the text does not date is one of the story's recent
    happenings, not of a date in its background (a photo caption, an earlier attack) nor
    of another happening told further down; with none, the day before publication when
    the article reports "the last 24 hours", else the publication week."""
    lead_end = doc.sentences[min(_LEAD_SENTENCES, len(doc.sentences)) - 1].end
    for x in doc.dates:
        r = x.resolved
        if x.mention.start >= lead_end:
            break
        if r is None or x.header:
            continue
        if doc.published is None or 0 <= (doc.published - r.date).days <= _STORY_DAYS:
            return x
    # a daily report's frame anywhere in it: "within the last 24 hours" (the day before)
    return next(
        (
            x
            for x in doc.dates
            if x.resolved is not None
            and "24 hours" in doc.text[x.mention.start : x.mention.end]
            and not is_history(doc, doc.tokens[doc.token_index_at(x.mention.start)].sent)
        ),
        None,
    )


# -- output --------------------------------------------------------------------------------


def _to_event(doc: Document, d: _Draft, actors: ActorLexicon, gaz: Gazetteer) -> Event:
    location = to_location(doc, d.place, gaz) if d.place else _country_location(doc, gaz)
    country = location.country_code if location else doc.context_country
    actor1 = _actor(d.actor1, doc, actors, country, d.violent)
    actor2 = _actor(d.actor2, doc, actors, country, d.violent)
    actor1, actor2 = _crowd_roles(d.sub_event_type, actor1, actor2, actors, country)
    if actor1 is not None and actor1.kind == "civilians" and d.sub_event_type not in _CROWD_TYPES:
        # civilians do not initiate battles, bombings or attacks: they are their targets
        actor1, actor2 = None, actor2 or actor1
    if actor2 is None and (
        EVENT_TYPE_OF[d.sub_event_type] == "Violence against civilians"
        or d.sub_event_type == "Mob violence"
    ):
        # ACLED: the target of violence against civilians is civilians by definition
        suffix = f" ({actors.countries[country]})" if country in actors.countries else ""
        actor2 = Actor(f"Civilians{suffix}", country, "civilians")
    assoc = tuple(
        a
        for a in (_actor(x, doc, actors, country) for x in d.assoc)
        if a is not None and a != actor1
    )
    fatalities = event_figures([c for c in d.casualties if c.kind == "killed"], doc)
    injured = event_figures([c for c in d.casualties if c.kind == "injured"], doc)
    evidence = _evidence(doc, d)
    date, precision, date_text = _date_fields(doc, d)
    first = d.mentions[0]
    key = f"{doc.article_id}|{d.sub_event_type}|{first.start}"
    if d.town_of_many and d.place is not None:
        key += f"|{d.place.place.geonames_id}"
    return Event(
        id=hashlib.sha1(key.encode()).hexdigest()[:16],
        event_type=EVENT_TYPE_OF[d.sub_event_type],
        sub_event_type=d.sub_event_type,
        date=date,
        date_precision=precision,
        date_text=date_text,
        actor1=actor1,
        actor2=actor2,
        assoc_actors=assoc,
        location=location,
        fatalities=fatalities,
        injured=injured,
        evidence=evidence,
        confidence=_confidence(d, actor1, actor2, location, date, fatalities),
    )


def _actor(
    m: ActorMention | None,
    doc: Document,
    actors: ActorLexicon,
    country: str | None,
    violent: bool = False,
) -> Actor | None:
    if m is None:
        return None
    if m.role == "demonym":
        actor = Actor(
            f"Military Forces of {actors.template_names.get(m.country or '', m.country)}",
            m.country,
            "state_forces",
        )
    else:
        resolved = m.resolve(country or doc.context_country, actors.template_names)
        if resolved is None:
            return None
        actor = resolved
    if violent and actor.name.startswith("Government of "):
        # "Syrian government shelling": the government's forces did it
        actor = Actor(
            "Military Forces of " + actor.name[len("Government of ") :], actor.country, actor.kind
        )
    if actor.kind == "state_forces" and actor.country and country and actor.country != country:
        # ACLED: a state's forces acting outside their own country are external forces
        actor = Actor(actor.name, actor.country, "external_forces")
    return actor


def _crowd_roles(
    sub: str,
    actor1: Actor | None,
    actor2: Actor | None,
    actors: ActorLexicon,
    country: str | None,
) -> tuple[Actor | None, Actor | None]:
    """ACLED's roles for crowds: protesters (or rioters) are actor1 of a protest or riot;
    the state forces that used excessive force are actor1 and the protesters actor2."""
    event_type = EVENT_TYPE_OF[sub]
    if event_type not in ("Protests", "Riots") or sub == "Mob violence":
        return actor1, actor2
    suffix = f" ({actors.countries[country]})" if country in actors.countries else ""
    crowd_kind = "rioters" if event_type == "Riots" else "protesters"
    crowd = Actor(f"{crowd_kind.capitalize()}{suffix}", country, crowd_kind)  # type: ignore[arg-type]
    others = [
        a
        for a in (actor1, actor2)
        if a is not None and a.kind not in ("protesters", "rioters", "civilians")
    ]
    force = others[0] if others else None
    if sub == "Excessive force against protesters":
        return force, crowd
    return crowd, force


def _country_location(doc: Document, gaz: Gazetteer) -> Location | None:
    if doc.context_country is None:
        return None
    for place in doc.places:
        if (
            place.place.feature == "country"
            and gaz.country_iso3.get(place.place.country2) == doc.context_country
        ):
            return to_location(doc, place, gaz)
    return None


def _evidence(doc: Document, d: _Draft) -> tuple[Evidence, ...]:
    out = []
    for sent in sorted(d.sents | {c.sent for c in d.casualties}):
        s = doc.sentences[sent]
        a, b = doc.original_span(s.start, s.end)
        out.append(Evidence(doc.norm.original[a:b], (a, b)))
    return tuple(out)


def _date_fields(doc: Document, d: _Draft) -> tuple[str | None, DatePrecision | None, str | None]:
    if d.date is not None and d.date.resolved is not None:
        r = d.date.resolved
        a, b = doc.original_span(d.date.mention.start, d.date.mention.end)
        precision: DatePrecision = "day"
        if r.precision in ("week", "month"):
            precision = "week" if r.precision == "week" else "month"
        return r.date.isoformat(), precision, doc.norm.original[a:b]
    if doc.published is not None:
        # nothing in the text dates it: reported as recent, within the week before publication
        return doc.published.isoformat(), "week", None
    return None, None, None


def _confidence(
    d: _Draft,
    actor1: Actor | None,
    actor2: Actor | None,
    location: Location | None,
    date: str | None,
    fatalities: Casualties | None,
) -> float:
    best_specificity = max(m.specificity for m in d.mentions)
    score = 0.25 + 0.06 * best_specificity
    score += 0.12 if actor1 else 0.0
    score += 0.08 if actor2 else 0.0
    score += 0.06 if location else 0.0
    score += 0.03 if date else 0.0
    score += 0.05 if fatalities else 0.0
    score += min(0.08, 0.04 * (len(d.mentions) - 1))
    if all(m.hedged for m in d.mentions):
        score -= 0.12
    if all(m.casualty_only for m in d.mentions):
        score -= 0.15
    return round(max(0.05, min(0.99, score)), 3)
