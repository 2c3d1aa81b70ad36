"""Stage 7 — places: find place names, resolve them in the gazetteer, place each event.

Adds: ``Document.places`` (``PlaceMention`` with the chosen gazetteer entry and precision)
and ``Document.context_country``; ``locate_events`` gives each event mention its place.

A place name is a run of capitalised words (with particles such as al-, ez-) that the
gazetteer knows, standing where a place can stand: after a locative preposition ("in",
"near", "the town of"), before a place noun ("Idlib province", "Deir ez-Zor airport") or,
for larger places, anywhere but as the subject of a speech verb ("Moscow said" is a
government, not a place). Among candidates the article's country wins, then population.
Precision follows the contract: 1 the place itself, 2 near it ("near", "outskirts",
"countryside", "km from", a landmark such as an airport) or part of a region, 3 only the
region or the country.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from sitrep.document import Document
from sitrep.gazetteer import Gazetteer, Place, place_key
from sitrep.models import Location
from sitrep.normalize import GAP
from sitrep.tokens import Token

_LOCATIVE = frozenset(
    """in near at from outside inside into to around across toward towards of on via
    throughout within""".split()
)
_STRICT_LOCATIVE = frozenset(
    "in near at outside inside into around across throughout within".split()
)
_PLACE_NOUNS_BEFORE = frozenset(
    """town city village villages towns cities district province governorate region area
    neighbourhood neighborhood suburb suburbs capital outskirts countryside camp""".split()
)
_REGION_NOUNS = frozenset({"province", "governorate", "region", "state", "oblast", "county"})
_NEAR_NOUNS = frozenset({"countryside", "outskirts", "suburbs", "environs", "vicinity", "area"})
_LANDMARKS = frozenset(
    """airport airbase base dam crossing prison hospital checkpoint bridge refinery port
    stadium university camp highway road""".split()
)
_NEAR_WORDS = frozenset({"near", "outside", "around", "nearby", "close", "outskirts", "km", "kilometres", "kilometers", "miles", "north", "south", "east", "west"})
_PARTICLES = frozenset({"al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "ez", "es", "ed", "de", "la", "le", "of", "bin", "abu", "um", "umm", "ibn", "bani", "beni", "wadi", "jabal", "tal", "tell", "ain", "deir", "kafr", "bir"})
_SPEECH_FOLLOWERS = frozenset(
    """said says told accused demanded cited warned announced stated insisted denied urged
    called has have had is was will would wants""".split()
)
_DIRECTIONS = {
    "northern": 3, "southern": 3, "eastern": 3, "western": 3, "northeast": 3, "northwest": 3,
    "southeast": 3, "southwest": 3, "northeastern": 3, "northwestern": 3, "southeastern": 3,
    "southwestern": 3, "central": 3,
}
_NOT_NAME_WORDS = frozenset(
    """the a in near at of from to on northern southern eastern western central north south
    east west province city town village governorate region district""".split()
)
"""Capitalised words before a place that do not make it part of a longer name."""
_AGENT_NEIGHBOURS = frozenset({"between", "and", "with", "by", "from"})
_MIN_POP_FREE = 50_000
"""Places at least this large are accepted without a preposition or place noun before them."""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    tok_start: int
    tok_end: int
    sent: int
    text: str
    place: Place
    precision: int
    candidates: int


def find_places(doc: Document, gaz: Gazetteer) -> None:
    """Fill ``doc.places`` and ``doc.context_country``."""
    taken: set[int] = set()
    for a in doc.actors:
        if a.role in ("group", "source", "ministry", "force", "generic", "country"):
            taken.update(range(a.tok_start, a.tok_end))
    spans = list(_candidate_spans(doc, gaz, taken))
    votes: Counter[str] = Counter()
    for a in doc.actors:
        if a.country and a.role in ("country", "demonym", "group", "force", "ministry"):
            votes[a.country] += 1
    for _, _, places in spans:
        countries = {p.country2 for p in places}
        if len(countries) == 1:
            iso3 = gaz.country_iso3.get(next(iter(countries)))
            if iso3:
                votes[iso3] += 2
    if doc.article.title:
        pass
    context = votes.most_common(1)[0][0] if votes else None
    doc.context_country = context
    iso2_of = {v: k for k, v in gaz.country_iso3.items()}
    context2 = iso2_of.get(context) if context else None
    named = _countries_by_sentence(doc, gaz, spans)
    for i, j, places in spans:
        sent_countries = named.get(doc.tokens[i].sent, set())
        local = [p for p in places if p.country2 in sent_countries]
        best = _choose(local or places, context2)
        if _far_fetched(best, context2) or (
            sent_countries and not local and best.feature == "city" and best.population < 1_000_000
        ):
            continue  # "near Boni in central Mali" is not Bonn
        tokens = doc.tokens
        doc.places.append(
            PlaceMention(
                start=tokens[i].start,
                end=tokens[j - 1].end,
                tok_start=i,
                tok_end=j,
                sent=tokens[i].sent,
                text=doc.text[tokens[i].start : tokens[j - 1].end],
                place=best,
                precision=_precision(doc, best, i, j),
                candidates=len(places),
            )
        )


def _candidate_spans(
    doc: Document, gaz: Gazetteer, taken: set[int]
) -> Iterator[tuple[int, int, list[Place]]]:
    tokens = doc.tokens
    for sent in doc.sentences:
        i = sent.first_token
        stop = sent.end_token
        while i < stop:
            t = tokens[i]
            if i in taken or not _can_start(t):
                i += 1
                continue
            found = None
            limit = min(stop, i + gaz.max_words + 1)
            for j in range(limit, i, -1):
                if any(k in taken for k in range(i, j)):
                    continue
                if not _can_end(tokens[j - 1]):
                    continue
                key = " ".join(GAP if x.text == GAP else place_key(x.text) for x in tokens[i:j] if x.text != "-")
                places = gaz.lookup(key)
                if places:
                    found = (j, places)
                    break
            if found is None:
                i += 1
                continue
            j, places = found
            if _plausible(doc, gaz, i, j, places, sent.first_token):
                yield i, j, places
            i = j


def _can_start(t: Token) -> bool:
    return t.is_title and t.text.isalpha() or t.key in ("al", "el", "ad", "ar", "as")


def _can_end(t: Token) -> bool:
    return (t.is_title and t.text.isalpha()) or t.text == GAP or (t.text.isalpha() and t.key not in _PARTICLES and t.is_title)


def _plausible(
    doc: Document, gaz: Gazetteer, i: int, j: int, places: list[Place], first: int
) -> bool:
    """Is this capitalised run a place here (not a person, a title word or a metonym)?"""
    tokens = doc.tokens
    inner = tokens[i:j]
    if any(not (x.is_title or x.key in _PARTICLES or x.text in (GAP, "-")) for x in inner):
        return False
    prev = tokens[i - 1] if i > first else None
    nxt = tokens[j] if j < len(tokens) and tokens[j].sent == tokens[i].sent else None
    nxt_key = nxt.key if nxt is not None else ""
    place_noun_after = nxt_key in _REGION_NOUNS or nxt_key in _LANDMARKS or nxt_key in _NEAR_NOUNS
    # part of a longer name: "Mahsa Amini", "President Paul Kagame", "Bulo Burde"
    if prev is not None and prev.is_title and prev.text.isalpha() and prev.key not in _NOT_NAME_WORDS:
        return False
    if nxt is not None and nxt.is_title and nxt.text.isalpha() and not place_noun_after:
        return False
    short = " ".join(t.key for t in inner)
    if len(short) < 4 and not any(place_key(p.name) == short for p in places):
        return False  # short alternate names ("LA", "Ber") are words far more often than places
    prev_key = prev.key if prev is not None else ""
    if place_noun_after:
        return True
    key = " ".join(place_key(t.text) for t in inner)
    if prev_key not in _STRICT_LOCATIVE:
        if key in gaz.capital_keys and (prev is None or prev_key in _AGENT_NEIGHBOURS or nxt_key in _SPEECH_FOLLOWERS):
            return False  # "tensions between Moscow and Washington": governments, not places
        if any(p.feature == "country" for p in places) and prev_key not in _DIRECTIONS:
            return False  # "Russia and Syrian state media said": an actor, not a place
    back = [tokens[k].key for k in range(max(first, i - 3), i)]
    if any(k in _LOCATIVE or k in _PLACE_NOUNS_BEFORE or k in _DIRECTIONS for k in back):
        return True
    if nxt_key == "'s":
        return max(p.population for p in places) >= _MIN_POP_FREE or any(
            p.feature != "city" for p in places
        )
    if nxt_key in _SPEECH_FOLLOWERS or prev is None:
        return False  # sentence-initial capital: too often a name or a word
    big = max(p.population for p in places) >= _MIN_POP_FREE
    return big or any(p.feature != "city" for p in places)


def _countries_by_sentence(
    doc: Document, gaz: Gazetteer, spans: list[tuple[int, int, list[Place]]]
) -> dict[int, set[str]]:
    """Countries a sentence names as places ("in central Mali", "the Lebanese village
    of"), alpha-2. A demonym before an actor ("Russian jets") says nothing of the place."""
    iso2_of = {v: k for k, v in gaz.country_iso3.items()}
    out: dict[int, set[str]] = {}
    for i, _, places in spans:
        for p in places:
            if p.feature == "country":
                out.setdefault(doc.tokens[i].sent, set()).add(p.country2)
    tokens = doc.tokens
    for a in doc.actors:
        if a.role in ("demonym", "country") and a.country in iso2_of:
            nxt = tokens[a.tok_end].key if a.tok_end < len(tokens) else ""
            if nxt in _PLACE_NOUNS_BEFORE or nxt in _REGION_NOUNS or nxt == "'s":
                out.setdefault(a.sent, set()).add(iso2_of[a.country])
    return out


def _far_fetched(place: Place, context2: str | None) -> bool:
    """A small town abroad, in a story set elsewhere, is more likely a misreading."""
    return (
        context2 is not None
        and place.feature == "city"
        and place.country2 != context2
        and place.population < 100_000
    )


def _choose(places: list[Place], context2: str | None) -> Place:
    def score(p: Place) -> float:
        s = math.log10(p.population + 10)
        if context2 and p.country2 == context2:
            s += 5
        if p.feature == "country":
            s += 8
        elif p.feature == "admin1":
            s += 1.5
        return s

    return max(places, key=score)


def _precision(doc: Document, place: Place, i: int, j: int) -> int:
    tokens = doc.tokens
    first = doc.sentences[tokens[i].sent].first_token
    stop = doc.sentences[tokens[i].sent].end_token
    if place.feature == "country":
        return 3
    nxt = tokens[j].key if j < stop else ""
    if place.feature == "admin1" or nxt in _REGION_NOUNS:
        return 2 if nxt in _NEAR_NOUNS else 3
    back = {tokens[k].key for k in range(max(first, i - 4), i)}
    if nxt in _NEAR_NOUNS or nxt in _LANDMARKS or back & _NEAR_WORDS:
        return 2
    if j + 1 < stop and nxt == "'s" and tokens[j + 1].key in _NEAR_NOUNS:
        return 2
    return 1


def to_location(doc: Document, mention: PlaceMention, gaz: Gazetteer) -> Location:
    p = mention.place
    a, b = doc.original_span(mention.start, mention.end)
    end = b
    tokens = doc.tokens
    if mention.tok_end < len(tokens) and tokens[mention.tok_end].key in _LANDMARKS | _REGION_NOUNS:
        _, end = doc.original_span(tokens[mention.tok_end].start, tokens[mention.tok_end].end)
    return Location(
        name=p.name,
        admin1=gaz.admin1_of(p) if p.feature != "country" else None,
        country=gaz.country_name.get(p.country2),
        country_code=gaz.country_iso3.get(p.country2),
        lat=round(p.lat, 5),
        lon=round(p.lon, 5),
        geonames_id=p.geonames_id,
        precision=mention.precision,
        text=doc.norm.original[a:end],
    )
