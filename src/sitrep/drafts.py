"""The draft event that mentions merge into, and the judgements every consolidation step shares.

A ``Draft`` is one happening on its way to an output ``Event``: its mentions, type and actors,
then its place, date and casualty figures as ``consolidate.build_events`` fills them in.
``same_actor`` and ``last_told`` are used both when mentions merge and when figures attach.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.actors import ActorMention
from sitrep.casualties import CasualtyMention
from sitrep.dates import DocDate
from sitrep.events import LETHAL_EVENT_TYPES, EventMention
from sitrep.places import PlaceMention
from sitrep.taxonomy import EVENT_TYPE_OF, VIOLENT_EVENT_TYPES


@dataclass(slots=True)
class Draft:
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


CROWD_TYPES = frozenset({"Mob violence", "Violent demonstration"})


def last_told(drafts: list[Draft], sent: int) -> Draft:
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


def same_actor(a: ActorMention | None, b: ActorMention | None) -> bool:
    if a is None or b is None:
        return False
    return a.text.lower() == b.text.lower() or (
        a.country is not None and a.country == b.country and a.kind == b.kind
    )
