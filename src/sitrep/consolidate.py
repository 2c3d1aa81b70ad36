"""Final stage of extraction — merge event mentions into events and build the output.

One event per distinct happening: a mention joins an earlier event when its type agrees
(or it is a bare killing or a reference back, "the strikes"), its actors do not conflict,
and its place and date do not differ. Figures attach to the event of their sentence, else
to the event whose victims they count. Each event then gets its place (own sentence, else
the event it follows from, else the article's main place, else the article's country),
its date (own sentence, else the article's story date), its casualty figures with
ACLED's conservative best (``figures.py``), a deterministic id and a confidence. Headlines,
captions and tallies retell (docs/events.md, "One event per happening").

``build_events`` runs the steps in order; each lives in its own module: ``merging.py``
(mentions into drafts, drafts into each other), ``placing.py`` (own and story place and
date), ``event_casualties.py`` (which event a figure belongs to), ``regrouping.py`` (one
type, one town, one day; town by town) over the ``Draft`` of ``drafts.py``. This module
turns each draft into the output ``Event``: actors, location, figures, evidence, id and
confidence.

Confidence (0..1) is a ranking score, not a calibrated probability: it rises with the
specificity of the trigger, with each argument the text pins down (initiator, target, place,
date, figures) and with repeated mentions, and falls when the sentence hedges
("reportedly", "allegedly"). Events are returned in text order; rank by ``confidence``.
"""

from __future__ import annotations

import hashlib

from sitrep.actors import ActorLexicon, ActorMention
from sitrep.document import Document
from sitrep.drafts import CROWD_TYPES, Draft
from sitrep.event_casualties import attach_casualties, war_tolls
from sitrep.figures import event_figures, totals_of_several
from sitrep.gazetteer import Gazetteer
from sitrep.merging import (
    bare_mentions_join,
    captured_in_battle,
    means_from_the_story,
    merge_mentions,
    raids_from_the_air,
    summaries_join_details,
)
from sitrep.models import (
    Actor,
    Casualties,
    DateBasis,
    DatePrecision,
    Event,
    Evidence,
    Location,
)
from sitrep.places import PlaceMention, to_location
from sitrep.placing import (
    date_basis,
    late_report,
    other_events_places,
    own_date,
    own_place,
    paragraph_place,
    story_date,
    story_place,
)
from sitrep.regrouping import one_per_place_and_day, town_by_town
from sitrep.taxonomy import EVENT_TYPE_OF

_SIDE_ACTIVITIES = frozenset(
    {
        "Change to group/activity",
        "Disrupted weapons use",
        "Other",
        "Headquarters or base established",
    }
)


def build_events(doc: Document, actors: ActorLexicon, gaz: Gazetteer) -> list[Event]:
    tolls = war_tolls(doc)
    drafts = merge_mentions(doc)
    raids_from_the_air(doc, drafts)
    drafts = summaries_join_details(doc, drafts)
    drafts = bare_mentions_join(doc, drafts)
    means_from_the_story(drafts)
    if any(d.violent for d in drafts):
        # troop movements and weapons found in a story of violence are part of that story
        drafts = [d for d in drafts if d.sub_event_type not in _SIDE_ACTIVITIES]
        drafts = captured_in_battle(doc, drafts)
    article_place = story_place(doc)
    article_date = story_date(doc)
    previous: Draft | None = None
    headers = [p for p in doc.places if p.header]
    for d in drafts:
        own = own_place(doc, d)
        d.own_place = own is not None
        d.place = (
            own
            or paragraph_place(doc, d, headers, previous.place if previous else None)
            or (previous.place if previous else None)
            or _story_place_besides(doc, d, article_place)
        )
        d.date = own_date(doc, d) or (previous.date if previous else None) or article_date
        previous = d
    late_report(doc, drafts)
    attach_casualties(doc, drafts, tolls, gaz)
    drafts = one_per_place_and_day(doc, drafts)
    drafts = town_by_town(doc, drafts)
    several = totals_of_several(
        [(min(d.sents), d.date.resolved if d.date else None, d.casualties) for d in drafts], doc
    )
    for d in drafts:  # a headline total over several events is a claim of none
        d.casualties = [c for c in d.casualties if c.number.start not in several]
    return [_to_event(doc, d, actors, gaz) for d in drafts]


def _story_place_besides(
    doc: Document, d: Draft, article_place: PlaceMention | None
) -> PlaceMention | None:
    """The story's main place for an event with none of its own, unless its own sentence
    gives that place to another event: then the main one of the others, if any."""
    others = other_events_places(doc, d)
    if article_place is None or article_place.place.geonames_id not in others:
        return article_place
    return story_place(doc, others)


def _to_event(doc: Document, d: Draft, actors: ActorLexicon, gaz: Gazetteer) -> Event:
    location = to_location(doc, d.place, gaz) if d.place else _country_location(doc, gaz)
    country = location.country_code if location else doc.context_country
    actor1 = _actor(d.actor1, doc, actors, country, d.violent)
    actor2 = _actor(d.actor2, doc, actors, country, d.violent)
    actor1, actor2 = _crowd_roles(d.sub_event_type, actor1, actor2, actors, country)
    if actor1 is not None and actor1.kind == "civilians" and d.sub_event_type not in CROWD_TYPES:
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
    date, precision, date_text, basis = _date_fields(doc, d)
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
        date_basis=basis,
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


def _evidence(doc: Document, d: Draft) -> tuple[Evidence, ...]:
    out = []
    for sent in sorted(d.sents | {c.sent for c in d.casualties}):
        s = doc.sentences[sent]
        a, b = doc.original_span(s.start, s.end)
        out.append(Evidence(doc.norm.original[a:b], (a, b)))
    return tuple(out)


def _date_fields(
    doc: Document, d: Draft
) -> tuple[str | None, DatePrecision | None, str | None, DateBasis | None]:
    """The event's date, precision, phrase and what the date rests on."""
    if d.date is not None and d.date.resolved is not None:
        r = d.date.resolved
        a, b = doc.original_span(d.date.mention.start, d.date.mention.end)
        precision: DatePrecision = "day"
        if r.precision in ("week", "month"):
            precision = "week" if r.precision == "week" else "month"
        return r.date.isoformat(), precision, doc.norm.original[a:b], date_basis(doc, d.date, d)
    if doc.published is not None:
        # nothing in the text dates it: reported as recent, within the week before publication
        return doc.published.isoformat(), "week", None, "publication"
    return None, None, None, None


def _confidence(
    d: Draft,
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
