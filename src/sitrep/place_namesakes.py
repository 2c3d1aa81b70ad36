"""Gazetteer namesakes: a village or quarter resolved to a same-name place far from where
the article's other places say it must lie is dropped (or its nearer candidate taken)
rather than placed across the country (docs/places.md)."""

from __future__ import annotations

from collections.abc import Sequence

from sitrep.document import Document
from sitrep.gazetteer import ADMIN1, CITY, COUNTRY, Gazetteer, Place
from sitrep.place_roles import reference_point
from sitrep.place_spans import NameSpan, approx_km, span_key
from sitrep.tokens import Token

_QUARTER_NOUNS = frozenset(
    "neighbourhood neighborhood neighbourhoods neighborhoods quarter district".split()
)


def stray_quarters(
    tokens: Sequence[Token], spans: list[NameSpan], chosen: list[Place | None]
) -> None:
    """ "al-Mshairfeh neighborhood in Hasaka city" (:func:`_called_a_quarter`): a quarter
    the gazetteer knows only as a village of the UCDP layer (negative id) more than 15 km
    from every city of 100,000+ the article names is that village's namesake, not the
    quarter; the city it belongs to stands for it (a quarter is coded at its city)."""
    cities = [
        (p.lat, p.lon)
        for p in chosen
        if p is not None and p.feature == CITY and p.population >= 100_000
    ]
    for k, (span, p) in enumerate(zip(spans, chosen, strict=True)):
        if p is None or p.geonames_id >= 0 or p.landmark:
            continue
        if not _called_a_quarter(tokens, span):
            continue
        if not any(approx_km(p.lat, p.lon, lat, lon) <= 15 for lat, lon in cities):
            chosen[k] = None


_NAMESAKE_KM = 150
_SMALL_TOWN = 1_000


def stray_namesakes(
    gaz: Gazetteer, tokens: Sequence[Token], spans: list[NameSpan], chosen: list[Place | None]
) -> None:
    """ "killed in the town of Sabqa and one in the town of Harasta": a village (fewer than
    1,000 people) more than 150 km from every town of its country that its own sentence
    names beside it, and as far from two thirds of the other towns of its country the
    article names, is a namesake of the village meant (the gazetteer lacks it or spells
    it otherwise); it is dropped rather than placed across the country. A town that names
    a province too ("Al Sukhnah in eastern Homs") says nothing of distance."""
    specific = [
        (k, p)
        for k, p in enumerate(chosen)
        if p is not None and p.feature == CITY and (p.lat or p.lon)
    ]
    villages = [k for k, p in specific if p.population < _SMALL_TOWN and not p.landmark]
    if not villages:
        return
    region = {k: _names_a_region(gaz, tokens, spans[k]) for k, _ in specific}
    drop = []
    for k, p in specific:
        if k not in villages:
            continue
        sent = tokens[spans[k].i].sent
        # towns (not villages that may be namesakes themselves) of the village's country;
        # a town that names a province too can support the village, not tell against it
        towns = [
            (m, q, region[m])
            for m, q in specific
            if (q.population >= _SMALL_TOWN or region[m])
            and q.country2 == p.country2
            and q.geonames_id != p.geonames_id
        ]
        # a town beside it that names a province says nothing of distance when the village
        # may lie in that province ("Al Sukhnah in eastern Homs"), but a village of another
        # province is as far from it as from any town ("advancing on Salahuddin and Bureij"
        # in Aleppo is not the Burayj of Homs)
        peers = [
            (q, named and q.admin1_code == p.admin1_code)
            for m, q, named in towns
            if tokens[spans[m].i].sent == sent
        ]
        if not any(not named for _, named in peers) or any(
            approx_km(p.lat, p.lon, q.lat, q.lon) <= _NAMESAKE_KM for q, _ in peers
        ):
            continue
        others = {q.geonames_id: q for _, q, named in towns if not named}
        far = sum(approx_km(p.lat, p.lon, q.lat, q.lon) > _NAMESAKE_KM for q in others.values())
        if far * 3 >= len(others) * 2:
            drop.append(k)
    for k in drop:
        chosen[k] = None
    _outside_named_province(tokens, spans, chosen)


def _outside_named_province(
    tokens: Sequence[Token], spans: list[NameSpan], chosen: list[Place | None]
) -> None:
    """ "clashes in the northern part of Aleppo province near Marea": a village (fewer than
    1,000 people) of another province than every one its sentence names, more than 150 km
    from them, and with no town of its own province beside it, is a namesake of the
    village meant (the gazetteer lacks it or spells it otherwise)."""
    provinces: dict[int, list[Place]] = {}
    cities: dict[int, list[Place]] = {}
    for span, q in zip(spans, chosen, strict=True):
        if q is None:
            continue
        sent = tokens[span.i].sent
        if q.feature == ADMIN1:
            provinces.setdefault(sent, []).append(q)
        elif q.feature == CITY:
            cities.setdefault(sent, []).append(q)
    if not provinces:
        return
    for k, (span, p) in enumerate(zip(spans, chosen, strict=True)):
        if p is None or p.feature != CITY or p.population >= _SMALL_TOWN or p.landmark:
            continue
        sent = tokens[span.i].sent
        named = [q for q in provinces.get(sent, []) if q.country2 == p.country2]
        if not named or any(q.admin1_code == p.admin1_code for q in named):
            continue
        if any(
            q.geonames_id != p.geonames_id
            and q.country2 == p.country2
            and q.admin1_code == p.admin1_code
            for q in cities.get(sent, [])
        ):
            continue  # a town of its own province beside it
        if all(approx_km(p.lat, p.lon, q.lat, q.lon) > _NAMESAKE_KM for q in named):
            chosen[k] = None


def far_from_reference(doc: Document, spans: list[NameSpan], chosen: list[Place | None]) -> None:
    """ "the village of al-Bureij northeast of Aleppo", "Madaya, 40 km west of Damascus": a
    town under 100,000 placed more than 150 km from the reference point that says where it
    lies is a namesake; its candidate near the point is taken, else it is dropped (the
    reference point places the event)."""
    tokens = doc.tokens
    for k in range(len(spans) - 1):
        p, q = chosen[k], chosen[k + 1]
        a, b = spans[k], spans[k + 1]
        if p is None or q is None or p.feature != CITY or p.population >= 100_000:
            continue
        if p.landmark or q.feature == COUNTRY or b.i - a.j > 8:
            continue
        sent = tokens[a.i].sent
        if tokens[b.i].sent != sent:
            continue
        if not reference_point(tokens, b.i, doc.sentences[sent].first_token, {a.j}):
            continue
        if approx_km(p.lat, p.lon, q.lat, q.lon) <= _NAMESAKE_KM:
            continue
        near = [
            c
            for c in a.places
            if c.feature == CITY and approx_km(c.lat, c.lon, q.lat, q.lon) <= _NAMESAKE_KM
        ]
        chosen[k] = max(near, key=lambda c: c.population) if near else None


def _names_a_region(gaz: Gazetteer, tokens: Sequence[Token], span: NameSpan) -> bool:
    """The name is also a first-level region's ("Homs", "Aleppo")."""
    return any(p.feature == ADMIN1 for p in gaz.lookup(span_key(tokens, span.i, span.j)))


def _called_a_quarter(tokens: Sequence[Token], span: NameSpan) -> bool:
    """ "X neighbourhood", "X residential district", "the neighbourhood of X"."""
    after = [t.key for t in tokens[span.j : span.j + 2]]
    before = [t.key for t in tokens[max(0, span.i - 2) : span.i]]
    return (
        (bool(after) and after[0] in _QUARTER_NOUNS)
        or (len(after) == 2 and not tokens[span.j].is_title and after[1] in _QUARTER_NOUNS)
        or (len(before) == 2 and before[1] == "of" and before[0] in _QUARTER_NOUNS)
    )
