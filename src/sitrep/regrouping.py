"""Drafts regrouped once placed and dated: one type, one town, one day is one event
(``one_per_place_and_day``), and a strike told over several towns is one event per town
(``town_by_town``)."""

from __future__ import annotations

import re

from sitrep.actors import ActorMention
from sitrep.document import Document
from sitrep.drafts import Draft, same_actor
from sitrep.event_typing import ARMED_KINDS
from sitrep.events import CHEMICAL_AGENT
from sitrep.gazetteer import Place, distance_km, within
from sitrep.incidents import FOLLOW_UP_DAYS
from sitrep.merging import compatible
from sitrep.places import PlaceMention
from sitrep.placing import date_basis, days_agree
from sitrep.taxonomy import EVENT_TYPE_OF


def one_per_place_and_day(doc: Document, drafts: list[Draft]) -> list[Draft]:
    """One type, one place, one day is one event (ACLED): drafts the merging kept apart
    (their actors read differently in different sentences) join, unless one side's
    initiator is the other's target (an exchange of fire is two events). A day that dates
    the report ("On Sunday a monitor said ...") may be the day after the happening."""
    out: list[Draft] = []
    kinds = {d.sub_event_type for d in drafts}
    one_blast = bool(kinds & _POINT_BLASTS) and not _several_blasts(doc)
    one_gassing = [d.sub_event_type for d in drafts].count(_CHEMICAL) == 1
    one_strike = sum(d.sub_event_type in _DELIVERIES for d in drafts) == 1
    for d in drafts:
        twin = next(
            (
                x
                for x in out
                if _same_happening(doc, x, d)
                or (one_blast and _one_bombing(doc, x, d))
                or _one_chemical_attack(doc, x, d)
                or _delivered_agent(doc, x, d)
                or (one_gassing and _attack_reported_after(doc, x, d))
                or (one_strike and _attack_by_the_strike(x, d) and _same_spot_and_day(doc, x, d))
            ),
            None,
        )
        if twin is None:
            out.append(d)
            continue
        by_strike = one_strike and _attack_by_the_strike(twin, d)
        if twin.sub_event_type == _UNSPECIFIED and d.sub_event_type == _CHEMICAL:
            twin.date = d.date  # the gas attack's day, not a later statement's
        if d.sub_event_type in _MEANS_OF_THE_ACT or twin.sub_event_type == _UNSPECIFIED:
            twin.sub_event_type = d.sub_event_type  # the suicide bombing, the chemical attack
        twin.mentions = sorted(twin.mentions + d.mentions, key=lambda m: (m.sent, m.tok_start))
        twin.casualties.extend(c for c in d.casualties if c not in twin.casualties)
        if by_strike and _victims_as_initiator(twin) and d.actor1 is not None:
            # the casualties' sentence read its victims as the initiator: the strike's
            # names who struck
            twin.actor1, twin.actor2 = d.actor1, twin.actor2 or twin.actor1
        twin.actor1 = twin.actor1 or d.actor1
        twin.actor2 = twin.actor2 or d.actor2
    return out


def _victims_as_initiator(d: Draft) -> bool:
    return d.actor1 is not None and d.actor1.kind == "civilians"


def _same_happening(doc: Document, a: Draft, b: Draft) -> bool:
    if a.sub_event_type != b.sub_event_type or a.place is None or b.place is None:
        return False
    (i1, t1), (i2, t2) = _sides(a), _sides(b)
    if not (a.own_place and b.own_place and compatible(i1, i2)):
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
    if not days_agree(doc, da, db):
        return False
    return not (_opposed_sides(i1, t2) or _opposed_sides(i2, t1))


def _sides(d: Draft) -> tuple[ActorMention | None, ActorMention | None]:
    """Initiator and target of a violent draft. Civilians strike no one from afar: victims
    read as the initiator ("schoolchildren" of "10 schoolchildren killed in rocket
    attacks") are the target, and the armed side read as the target is the initiator."""
    a1, a2 = d.actor1, d.actor2
    if d.violent and a1 is not None and a1.kind == "civilians":
        return (a2 if a2 is not None and a2.kind in ARMED_KINDS else None), a1
    return a1, a2


_POINT_BLASTS = frozenset({"Suicide bomb", "Remote explosive/landmine/IED"})

_SEVERAL_BLASTS = re.compile(
    r"\b(?:twin|double|triple|two|three|four|five|several|multiple|another|second|third|"
    r"series of|string of|wave of)\s+(?:\w+\s+){0,2}?(?:bombs|bombings|blasts|explosions|"
    r"attacks|bombers|attackers|blast|explosion|bomb|bombing|bomber)\b|\bfollowed by\b",
    re.IGNORECASE,
)


def _several_blasts(doc: Document) -> bool:
    """The article counts more than one blast ("twin bombings", "two suicide bombers",
    "another explosion", "a car bomb ... followed by a suicide bomber")."""
    return _SEVERAL_BLASTS.search(doc.text) is not None


_MEANS_OF_THE_ACT = frozenset({"Suicide bomb", "Chemical weapon"})
"""Sub-types an act keeps whatever other weapon word tells it: ACLED codes a chemical
attack as Chemical weapon however delivered, a suicide bombing as Suicide bomb."""

_DELIVERIES = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})


def _delivered_agent(doc: Document, a: Draft, b: Draft) -> bool:
    """A strike told only in sentences that name the agent it delivered ("regime
    helicopters dropped the gas", "warplanes carried out strikes that released toxic
    gas"), at the place and on the day of a chemical attack, is that attack's delivery:
    one Chemical weapon event. A strike told without the agent ("warplanes later struck
    a hospital in the town") is another happening."""
    kinds = {a.sub_event_type, b.sub_event_type}
    if "Chemical weapon" not in kinds or not kinds & _DELIVERIES:
        return False
    strike, chem = (a, b) if a.sub_event_type in _DELIVERIES else (b, a)
    if any(m.sub_event_type == "Chemical weapon" for m in doc.events if m.sent in strike.sents):
        return False  # the sentence told both apart ("bombard the suburbs after a gas attack")
    for s in strike.sents:
        if _names_agent(doc, s):
            continue
        # "Warplanes struck the town ... The bombs released chlorine": the agent in the
        # sentence next to the strike's, the attack's own, with no word of a second attack
        if _other_attack(doc, s) or not any(
            n in chem.sents and _names_agent(doc, n) and not _other_attack(doc, n)
            for n in (s - 1, s + 1)
        ):
            return False
    if not _same_spot_and_day(doc, a, b):
        return False
    da, db = a.date, b.date  # the very day: strikes "a day after" a gas attack are others
    return da is not None and db is not None and da.resolved == db.resolved


def _names_agent(doc: Document, s: int) -> bool:
    sent = doc.sentences[s]
    return CHEMICAL_AGENT.search(doc.text, sent.start, sent.end) is not None


_OTHER_ATTACK = re.compile(
    r"\b(?:another|second|later|earlier|new|renewed|continued|again|after|before|then)\b",
    re.IGNORECASE,
)


def _other_attack(doc: Document, s: int) -> bool:
    """The sentence tells of another moment or another attack ("hours later", "another
    strike", "continued to pound the town after the attack")."""
    sent = doc.sentences[s]
    return _OTHER_ATTACK.search(doc.text, sent.start, sent.end) is not None


def _same_spot_and_day(doc: Document, a: Draft, b: Draft, near: bool = False) -> bool:
    """One place (``near``: or a town and its suburb, as a bombing's) and one day."""
    if a.place is None or b.place is None:
        return False
    pa, pb = a.place.place, b.place.place
    if pa.geonames_id != pb.geonames_id and not (near and _one_blast_site("Suicide bomb", pa, pb)):
        return False
    da, db = a.date, b.date
    if da is None or db is None or da.resolved is None or db.resolved is None:
        return False
    return days_agree(doc, da, db)


def _one_chemical_attack(doc: Document, a: Draft, b: Draft) -> bool:
    """Two chemical attacks told on one day at one place are one attack, whoever each
    sentence names: the sides blame each other for it ("the regime used sarin" / "Russia
    said rebels' chemical weapons leaked"), and sources, witnesses and victims read as
    initiators do not make a second one. A place the story gives both is one place."""
    if a.sub_event_type != "Chemical weapon" or b.sub_event_type != "Chemical weapon":
        return False
    return _same_spot_and_day(doc, a, b)


_UNSPECIFIED = "Attack"
"""An attack on civilians that names no weapon ("a terrorist attack killed 130")."""
_CHEMICAL = "Chemical weapon"


def _attack_reported_after(doc: Document, a: Draft, b: Draft) -> bool:
    """An attack told with no weapon at the place of the article's one chemical attack,
    on its day or dated only by a statement up to :data:`FOLLOW_UP_DAYS` after it, is that
    attack: "The attack in Syrian Idlib province claimed the lives of at least 27
    children, UNICEF said in a statement on Thursday ... On Tuesday opposition forces
    stated that some 80 people were killed in a chemical weapon attack in Idlib"."""
    if {a.sub_event_type, b.sub_event_type} != {_UNSPECIFIED, _CHEMICAL}:
        return False
    attack, gassing = (a, b) if a.sub_event_type == _UNSPECIFIED else (b, a)
    if attack.place is None or gassing.place is None:
        return False
    if not within(attack.place.place, gassing.place.place):
        return False
    da, dg = attack.date, gassing.date
    if da is None or dg is None or da.resolved is None or dg.resolved is None:
        return False
    if da.resolved.precision != "day" or dg.resolved.precision != "day":
        return False
    gap = (da.resolved.date - dg.resolved.date).days
    if not 0 <= gap <= FOLLOW_UP_DAYS:
        return False
    return gap == 0 or date_basis(doc, da, attack) != "event"


def _one_bombing(doc: Document, a: Draft, b: Draft) -> bool:
    """A suicide bombing and a bombing told at one spot on one day, in an article that
    tells one blast, are one suicide bombing: "A bomb blast hit a bus convoy ... Media
    said a suicide attacker detonated a car bomb" (the headline's "bombing", a source's
    "the explosion was caused by a car bomb"). ACLED codes it as the Suicide bomb. So is an
    attack that names no weapon and that blast ("130 were killed in a terrorist attack
    near Aleppo on April 15 ... On Saturday a suicide attacker detonated a car bomb")."""
    kinds = {a.sub_event_type, b.sub_event_type}
    if kinds != _POINT_BLASTS and not (_UNSPECIFIED in kinds and kinds & _POINT_BLASTS):
        return False
    if a.place is None or b.place is None:
        return False
    if not (a.own_place or b.own_place):
        return False
    if not (compatible(a.actor1, b.actor1) or _both_unnamed(a.actor1, b.actor1)):
        return False
    return _same_spot_and_day(doc, a, b, near=True)


def _attack_by_the_strike(a: Draft, b: Draft) -> bool:
    """An attack that names no weapon and the article's one air strike or shelling, whose
    initiators do not differ: "Government warplanes struck the town of Kafr Nabl on
    Tuesday ... Women and children were among the 12 casualties in Kafr Nabl on Tuesday"
    (at one place and day, see :func:`one_per_place_and_day`) is one strike."""
    kinds = {a.sub_event_type, b.sub_event_type}
    if _UNSPECIFIED not in kinds or not kinds & _DELIVERIES:
        return False
    attack = a if a.sub_event_type == _UNSPECIFIED else b
    strike = b if attack is a else a
    by, _ = _sides(attack)  # victims read as the initiator are the target
    return by is None or compatible(by, _sides(strike)[0])


def _both_unnamed(a: ActorMention | None, b: ActorMention | None) -> bool:
    """Two descriptions of a bomber nobody named ("terrorists", "a suicide attacker")."""
    return a is not None and b is not None and a.role == b.role == "generic"


_BLAST_SITE_KM = 15.0


def _one_blast_site(sub_event_type: str, a: Place, b: Place) -> bool:
    """A bombing happens at one spot: told at a city and at its district or suburb ("twin
    suicide blasts in Damascus ... at a checkpoint in Sayyeda Zeinab") it is one event."""
    if sub_event_type not in _POINT_BLASTS or a.feature != "city" or b.feature != "city":
        return False
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= _BLAST_SITE_KM


def _opposed_sides(initiator: ActorMention | None, target: ActorMention | None) -> bool:
    return initiator is not None and target is not None and same_actor(initiator, target)


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


def town_by_town(doc: Document, drafts: list[Draft]) -> list[Draft]:
    """ "Air strikes hit the towns of Tal Minnis, Sarmada and Maarat al-Numan": one event
    per town struck (ACLED), the figures staying with the first, which the text counts."""
    out: list[Draft] = []
    for d in drafts:
        out.append(d)
        if EVENT_TYPE_OF[d.sub_event_type] != "Explosions/Remote violence" or d.town_of_many:
            continue  # a town of many already (its figure's own town): no more to split
        told = next((m for m in d.mentions if not m.anaphoric), None)
        if told is None:
            continue
        towns: list[PlaceMention] = []
        for p in doc.places:
            if (
                p.sent == told.sent
                and p.tok_start > told.tok_start
                and p.place.feature == "city"
                and not p.origin  # "buses carrying evacuees from the towns of Fua and ..."
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
            if any(
                o.town_of_many
                and o.sub_event_type == d.sub_event_type
                and o.place is not None
                and o.place.place.geonames_id == town.place.geonames_id
                for o in drafts
            ):
                continue  # that town's event exists already (made for its own figure)
            out.append(
                Draft(
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
