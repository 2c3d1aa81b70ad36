"""Stage 7 — places: find place names, resolve them in the gazetteer, place each event.

Adds: ``Document.places`` (``PlaceMention`` with the chosen gazetteer entry and precision)
and ``Document.context_country``; ``locate_events`` gives each event mention its place.

A place name is a run of capitalised words (with particles such as al-, ez-) that the
gazetteer knows under its transliteration-tolerant key, standing where a place can stand:
after a locative preposition ("in", "near", "the town of"), before a place noun ("Idlib
province", "Deir ez-Zor airport") or, for larger places, anywhere but as the subject of a
speech verb ("Moscow said" is a government, not a place). Landmarks ("Kuweires air base",
"Tishrin dam") are matched with their kind words and placed at their town.

Among candidates (see :func:`choose`) the article's country wins, then a region the
sentence names ("Chhattisgarh's Bijapur district"), nearness to the article's other
places, population and feature type; a region noun after the name ("Idlib province")
selects the region. Precision follows the contract: 1 the place itself, 2 near it ("near",
"outskirts", "countryside", "20 km east of", a landmark) or part of a region, 3 only the
region or the country. :func:`resolve_name` resolves a bare name the same way.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sitrep.document import Document
from sitrep.gazetteer import ADMIN1, CITY, COUNTRY, Gazetteer, Place, name_key
from sitrep.models import Location
from sitrep.normalize import GAP
from sitrep.place_namesakes import far_from_reference, stray_namesakes, stray_quarters
from sitrep.place_roles import crosshead, origin, reference_point
from sitrep.place_spans import NameSpan, approx_km, span_key
from sitrep.tokens import Token, tag_list_end, tokenize

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
_PART_NOUNS = frozenset(
    """suburb suburbs district districts neighbourhood neighborhood quarter town village
    city""".split()
)
"""``the Paris suburb of Nanterre``: the first place only qualifies the second."""
_CITY_PARTS = frozenset({"district", "districts", "neighbourhood", "neighborhood", "quarter"})
"""Part nouns whose part is coded at its city: "the Salah al-Din district of Aleppo"."""
_REGION_NOUNS = frozenset({"province", "governorate", "region", "state", "oblast", "county"})
_NEAR_NOUNS = frozenset({"countryside", "outskirts", "suburbs", "environs", "vicinity", "area"})
_COUNTRYSIDE = frozenset({"countryside", "countrysides"})
_LANDMARKS = frozenset(
    """airport airbase base dam crossing prison hospital checkpoint bridge refinery port
    stadium university camp highway road airfield""".split()
)
_LANDMARK_WORDS = frozenset(
    """airport airbase air base dam crossing border prison camp airfield field military
    international nuclear power plant""".split()
)
"""Lower-case words that can end a landmark's name ("Kuweires military airport")."""
_FACILITIES = frozenset(
    """high court university airport hospital stadium prison station square mosque market
    bridge camp base airbase dam crossing refinery port""".split()
)
"""Capitalised words after a place that make a facility of it ("the Islamabad High
Court"), not a longer name."""
_NEAR_WORDS = frozenset(
    """near outside around nearby close outskirts countryside suburbs rural km kilometres
    kilometers kilometre kilometer miles mile north south east west northeast northwest
    southeast southwest""".split()
)
_PARTICLES = frozenset(
    """al el ar as ad an at az ash ez es ed de la le of bin abu um umm ibn bani beni wadi
    jabal tal tell ain deir kafr bir burj jisr qasr khirbet khirbat beit marj""".split()
)
"""Articles and the nouns that begin Arabic place names (wadi valley, jabal mountain, tal
hill, ain spring, deir monastery, kafr village, bir well, burj tower, jisr bridge, qasr
palace, khirbet ruin, beit house, marj meadow): a name runs on through them, and they end
one only after an article ("Ras al-Ain", "Al Burj"), so "Burj Rouss" is not a "Burj"."""
_SPEECH_FOLLOWERS = frozenset(
    """said says told accused demanded cited warned announced stated insisted denied urged
    called has have had is was will would wants refuted rejected denies blamed condemned
    dismissed insists responded""".split()
)
_DIRECTIONS = frozenset(
    """northern southern eastern western northeast northwest southeast southwest
    northeastern northwestern southeastern southwestern central""".split()
)
_NOT_NAME_WORDS = frozenset(
    """the a in near at of from to on northern southern eastern western central north south
    east west province city town village governorate region district capital""".split()
)
"""Capitalised words before a place that do not make it part of a longer name."""
_AGENT_NEIGHBOURS = frozenset({"between", "and", "with", "by", "from"})
_DATE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december""".split()
)
"""Capitalised words after a place that do not continue its name ("east of Damascus
Saturday"): text stripped of its commas runs a place into the date."""
_TARGET_VERBS = frozenset(
    """attacked shelled bombed bombarded struck hit raided stormed captured seized
    recaptured retook overran besieged encircled entered pounded targeted""".split()
)
"""Verbs whose object, when the gazetteer knows it, is the place struck or taken."""
_SPONSOR_WORDS = frozenset({"based", "backed", "led", "allied", "aligned", "sponsored"})
"""Words after a name that make it a seat or a sponsor, not a place ("the Istanbul-based
coalition", "the Damascus-backed militia", "the Riyadh-led coalition")."""
_STATUS_WORDS = frozenset({"based", "banned", "outlawed", "proscribed", "prohibited", "illegal"})
"""Words before "in <place>" that give where a body sits or is outlawed ("a group banned
in Russia"), not where anything happened."""
_POSITION_WORDS = frozenset({"positioned", "stationed", "entrenched", "holed"})
"""Words before "in <place>" that give where attackers sit ("terrorists positioned in
Binnish town shelled al-Fouaa"), not where their shells fell."""
_SEAT_FILLERS = frozenset(
    """the of and , village villages town towns neighbourhood neighborhood neighbourhoods
    neighborhoods area areas""".split()
)
_QUOTES = frozenset({'"', "“", "”", "'", "‘"})
_SOURCE_PLACED = frozenset({"in", "near", "outside", "around", "of", "toward", "towards"})
"""Words before a media outlet's name that make a place of it ("the town of Al Mayadeen")."""
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
    reference: bool = False
    """Named only to say where another place lies ("Madaya, 40 km west of Damascus",
    "Madaya near Damascus"): the event is at the other place when its sentence names one."""
    header: bool = False
    """A section header naming the paragraph's province or town, on its own line ("Daraa")
    or run into the paragraph's first sentence ("Homs In the neighbouring province ..."):
    where the paragraph's events are, not a place of its own (precision 2 or 3)."""
    origin: bool = False
    """Where people came from ("evacuees from Foua", "residents of Madaya", "after leaving
    Foua"), not where anything befell them."""


# -- choosing among candidates ----------------------------------------------------------------


def choose(
    places: Sequence[Place],
    country2: str | None = None,
    *,
    admin1: frozenset[str] = frozenset(),
    near: Sequence[tuple[float, float]] = (),
    region: bool = False,
) -> Place:
    """The most likely of ``places`` given the context.

    ``country2``: the article's (or caller's) country; ``admin1``: regions the sentence
    names (``"IN.37"``); ``near``: coordinates of the article's other places; ``region``:
    a region noun follows the name ("Idlib province"), so a region is meant.
    """
    if region:
        regions = [p for p in places if p.feature == ADMIN1]
        places = regions or places

    def score(p: Place) -> float:
        s = math.log10(p.population + 10)
        if p.feature == COUNTRY:
            s += 8.0
        elif p.feature == ADMIN1:
            s += 3.5
        if country2 and p.country2 == country2:
            s += 5.0
        if p.landmark and p.landmark == p.name:
            s += 5.0  # the landmark itself (from an imported dump), not only its town
        if admin1 and f"{p.country2}.{p.admin1_code}" in admin1 and p.feature != ADMIN1:
            s += 3.0
        if near and p.feature != COUNTRY:
            d = min(approx_km(p.lat, p.lon, lat, lon) for lat, lon in near)
            s += 2.5 if d <= 50 else 1.5 if d <= 150 else 0.5 if d <= 400 else 0.0
        return s

    return max(places, key=score)


def country_code2(gaz: Gazetteer, country: str | None) -> str | None:
    """Alpha-2 code of a country given as alpha-2, alpha-3 or name."""
    if not country:
        return None
    c = country.strip()
    if len(c) == 2 and c.upper() in gaz.country_iso3:
        return c.upper()
    for iso2, iso3 in gaz.country_iso3.items():
        if iso3 == c.upper():
            return iso2
    for p in gaz.places_named(c):
        if p.feature == COUNTRY:
            return p.country2
    return None


def resolve_name(
    name: str, country: str | None = None, gaz: Gazetteer | None = None
) -> Place | None:
    """Resolve one place name ("Dayr az Zawr", "Idlib province", "the outskirts of Homs",
    "the Paris suburb of Nanterre") as the pipeline would, with ``country`` (alpha-2,
    alpha-3 or name) as context. ``None`` when the gazetteer does not know it."""
    found = resolve_name_precision(name, country, gaz)
    return found[0] if found else None


def resolve_name_precision(
    name: str, country: str | None = None, gaz: Gazetteer | None = None
) -> tuple[Place, int] | None:
    """:func:`resolve_name` with the precision the phrase implies (1, 2 or 3)."""
    if gaz is None:
        from sitrep.gazetteer import load_gazetteer

        gaz = load_gazetteer()
    context = country_code2(gaz, country)
    whole = gaz.places_named(name)
    if whole:
        best = choose(whole, context)
        return None if _far_fetched(best, context) else (best, _feature_precision(best))
    _, tokens = tokenize(name)
    stop = len(tokens)
    spans = [
        s for s in _scan(tokens, 0, stop, gaz, set()) if not _in_longer_name(tokens, s, 0, stop)
    ]
    if not spans:
        return None
    spans = _drop_qualifiers(tokens, spans)
    span = spans[0]
    best = choose(span.places, context, region=span.region_noun)
    if _far_fetched(best, context):
        return None
    province = _countryside_province(tokens, span, best, 0, stop)
    if province is not None:
        return province, 3
    return best, _token_precision(tokens, best, span.i, span.j, 0, stop)


def _feature_precision(p: Place) -> int:
    if p.feature == COUNTRY or p.feature == ADMIN1:
        return 3
    return 2 if p.landmark and p.landmark != p.name else 1


# -- finding places in an article -------------------------------------------------------------


def find_places(doc: Document, gaz: Gazetteer) -> None:
    """Fill ``doc.places`` and ``doc.context_country``."""
    taken: set[int] = set()
    actor_starts: set[int] = set()
    seats: set[int] = set()  # "the defence ministry in Moscow said": where a source sits
    demonyms: set[int] = set()
    bodies: set[int] = set()  # "a source at Aleppo Police Command": a body named by its seat
    demonym_spans: set[tuple[int, int]] = set()  # "the Kazakh capital": no town "Kazakh"
    for a in doc.actors:
        actor_starts.add(a.tok_start)
        if a.role == "demonym":
            demonyms.add(a.tok_end - 1)
            demonym_spans.add((a.tok_start, a.tok_end))
        if a.role == "ministry" and doc.tokens[a.tok_start].is_title:
            bodies.add(a.tok_start)
        if a.is_source and a.role in ("source", "ministry"):
            seats.add(a.tok_end + 1)
        if a.role in ("group", "source", "ministry", "force", "generic", "country"):
            if a.role == "source" and _placed(doc.tokens, a.tok_start):
                continue  # "the town of Al Mayadeen" is the town, not the channel
            taken.update(range(a.tok_start, a.tok_end))
    spans: list[NameSpan] = []
    for sentence in doc.sentences:
        body = tag_list_end(doc.tokens, sentence.first_token, sentence.end_token)
        for span in _scan(doc.tokens, sentence.first_token, sentence.end_token, gaz, taken):
            if span.i < body:
                continue  # a page's keyword list ("Tags Belgium Syria ... Aleppo")
            if span.j in bodies and not _placed_strictly(doc.tokens, span.i):
                continue
            if (span.i, span.j) in demonym_spans:
                continue
            if _plausible(doc, gaz, span, sentence.first_token, actor_starts, seats, demonyms):
                spans.append(span)
    spans = _drop_qualifiers(doc.tokens, [_arabic_names(doc, s) for s in spans])
    spans = [s for s in spans if s.places and not _is_dateline(doc, s)]
    votes: Counter[str] = Counter()
    for a in doc.actors:
        if a.country and a.role in ("country", "demonym", "group", "force", "ministry"):
            votes[a.country] += 1
    for span in spans:
        if span.region_noun:  # "Samar province": only a region can vote, not Samara
            country = _dominant_country([p for p in span.places if p.feature == ADMIN1])
        else:
            country = _dominant_country(span.places)
        iso3 = gaz.country_iso3.get(country) if country else None
        if iso3:
            votes[iso3] += 2
    dateline = _dateline_country(doc, gaz)
    if dateline:
        votes[dateline] += 3
    iso2_of = {v: k for k, v in gaz.country_iso3.items()}
    named = _countries_by_sentence(doc, gaz, spans, iso2_of)
    for countries in named.values():
        for c in set(countries.values()):
            votes[gaz.country_iso3.get(c, c)] += 2
    context = votes.most_common(1)[0][0] if votes else None
    doc.context_country = context
    context2 = iso2_of.get(context) if context else None
    mentioned = {c for countries in named.values() for c in countries.values()}
    mentioned.update(
        iso2_of[a.country]
        for a in doc.actors
        if a.role in ("country", "demonym") and a.country in iso2_of
    )
    if dateline in iso2_of:
        mentioned.add(iso2_of[dateline])
    regions = _regions_by_sentence(doc, spans)
    chosen: list[Place | None] = []
    for span in spans:
        sent = doc.tokens[span.i].sent
        sent_countries = set(named.get(sent, {}).values())
        local = [p for p in span.places if p.country2 in sent_countries]
        best = choose(
            local or span.places,
            context2,
            admin1=regions.get(sent, frozenset()),
            region=span.region_noun,
        )
        qualifying = _qualifying_countries(span, named.get(sent, {}))
        if (not local and _far_fetched(best, context2)) or (
            qualifying
            and best.country2 not in qualifying
            and best.feature == CITY
            and best.population < 1_000_000
        ):
            chosen.append(None)  # "near Boni in central Mali" is not Bonn
        else:
            chosen.append(best)
    _by_nearness(doc, gaz, spans, chosen, context2, named, regions)
    tokens = doc.tokens
    stray_quarters(tokens, spans, chosen)
    kept = list(chosen)
    stray_namesakes(gaz, tokens, spans, chosen)
    far_from_reference(doc, spans, chosen)
    # a namesake found in one mention is the namesake in every mention of the name
    namesakes = {
        p.geonames_id
        for p, q in zip(kept, chosen, strict=True)
        if p is not None and (q is None or q.geonames_id != p.geonames_id)
    }
    if namesakes:
        chosen = [None if p is not None and p.geonames_id in namesakes else p for p in chosen]
        doc.namesake_sents.update(
            tokens[s.i].sent
            for s, p in zip(spans, kept, strict=True)
            if p is not None and p.geonames_id in namesakes
        )
    chosen = [
        None
        if p is not None
        and (
            _far_fetched(p, context2)
            or _unheard_of(p, context2, mentioned)
            or (p.country2 != context2 and _called_a_village(tokens, s))
        )
        else p
        for s, p in zip(spans, chosen, strict=True)
    ]
    place_ends = {s.j for s, p in zip(spans, chosen, strict=True) if p is not None}
    for span, picked in zip(spans, chosen, strict=True):
        if picked is None:
            continue
        best = picked
        i, j = span.i, span.j
        sent_index = tokens[i].sent
        sentence = doc.sentences[sent_index]
        province = _countryside_province(
            tokens, span, best, sentence.first_token, sentence.end_token
        )
        precision = (
            3
            if province is not None
            else _token_precision(tokens, best, i, j, sentence.first_token, sentence.end_token)
        )
        if province is not None:
            best = province
        header = crosshead(tokens, i, j, sentence.first_token, sentence.end_token)
        if header:
            precision = max(precision, 2)
        doc.places.append(
            PlaceMention(
                start=tokens[i].start,
                end=tokens[j - 1].end,
                tok_start=i,
                tok_end=j,
                sent=sent_index,
                text=doc.text[tokens[i].start : tokens[j - 1].end],
                place=best,
                precision=precision,
                candidates=len(span.places),
                reference=reference_point(tokens, i, sentence.first_token, place_ends),
                origin=origin(tokens, i, sentence.first_token),
                header=header,
            )
        )


def _by_nearness(
    doc: Document,
    gaz: Gazetteer,
    spans: list[NameSpan],
    chosen: list[Place | None],
    context2: str | None,
    named: dict[int, dict[int, str]],
    regions: dict[int, frozenset[str]],
) -> None:
    """Choose again among ambiguous names, now near the article's other places."""
    ambiguous = [k for k, s in enumerate(spans) if len({p.geonames_id for p in s.places}) > 1]
    if not ambiguous:
        return
    anchors: dict[tuple[float, float], set[int]] = {}
    for k, p in enumerate(chosen):
        if p is not None and p.feature != COUNTRY and (p.lat or p.lon):
            anchors.setdefault((p.lat, p.lon), set()).add(k)
    for k in ambiguous:
        if chosen[k] is None:
            continue
        near = [xy for xy, ks in anchors.items() if ks != {k}]
        if not near:
            continue
        span = spans[k]
        sent = doc.tokens[span.i].sent
        local = [p for p in span.places if p.country2 in named.get(sent, {}).values()]
        chosen[k] = choose(
            local or span.places,
            context2,
            admin1=regions.get(sent, frozenset()),
            near=near,
            region=span.region_noun,
        )


def _scan(
    tokens: Sequence[Token], first: int, stop: int, gaz: Gazetteer, taken: set[int]
) -> Iterator[NameSpan]:
    """Longest known names in ``tokens[first:stop]``, left to right."""
    i = first
    while i < stop:
        t = tokens[i]
        if i in taken or not _can_start(t):
            i += 1
            continue
        run = i + 1  # the run of name-like tokens starting at i
        limit = min(stop, i + gaz.max_words + 4)
        while run < limit and run not in taken and _inner(tokens[run]):
            run += 1
        ext = run  # landmark words after it ("air base", "military airport")
        ext_limit = min(stop, run + 3)
        while ext < ext_limit and tokens[ext].key in _LANDMARK_WORDS:
            ext += 1
        found: NameSpan | None = None
        for j in range(ext, i, -1):
            last = tokens[j - 1]
            landmark_end = j > run
            if not landmark_end and not _can_end(last, j - 1 > i, tokens[j - 2].key):
                continue
            places = gaz.lookup(span_key(tokens, i, j))
            if landmark_end:
                places = [p for p in places if p.landmark]
            if places:
                nxt = tokens[j].key if j < stop else ""
                if nxt == "city" and tokens[j].is_title:
                    places = [p for p in places if p.feature == CITY] or places  # "Daraa City"
                region = nxt in _REGION_NOUNS or _region_before(tokens, i, first)
                found = NameSpan(i, j, places, region)
                break
        if found is None:
            i += 1
            continue
        yield found
        i = found.j


def _region_before(tokens: Sequence[Token], i: int, first: int) -> bool:
    """Does a region noun and "of" stand before token ``i`` ("the Syrian province of Idlib")?"""
    return i - 2 >= first and tokens[i - 1].key == "of" and tokens[i - 2].key in _REGION_NOUNS


def _can_start(t: Token) -> bool:
    return (t.is_title and t.text.isalpha()) or t.key in ("al", "el", "ad", "ar", "as")


def _inner(t: Token) -> bool:
    return t.is_title or t.key in _PARTICLES or t.text in (GAP, "-") or t.text.isdigit()


def _can_end(t: Token, inside: bool, before: str = "") -> bool:
    """Can ``t`` end a name (``before``: the key of the word before it)? A particle that
    begins names ("Ain", "Deir", "Tal") ends one after an article ("Ras al-Ain")."""
    if t.text == GAP:
        return True
    if inside and t.text.isdigit() and len(t.text) <= 2:
        return True  # "T4", "T-4"
    if not (t.is_title and t.text.isalpha()):
        return False
    return t.key not in _PARTICLES or (inside and before in _ARABIC_ARTICLES)


def _placed(tokens: Sequence[Token], i: int) -> bool:
    """Does a locative word stand right before token ``i`` (in its sentence)?"""
    return i > 0 and tokens[i - 1].sent == tokens[i].sent and tokens[i - 1].key in _SOURCE_PLACED


def _placed_strictly(tokens: Sequence[Token], i: int) -> bool:
    """Does "in", "near" or the like stand right before token ``i`` (in its sentence)?"""
    return (
        i > 0
        and tokens[i - 1].sent == tokens[i].sent
        and tokens[i - 1].key in _STRICT_LOCATIVE
        and tokens[i - 1].key != "at"
    )


def _plausible(
    doc: Document,
    gaz: Gazetteer,
    span: NameSpan,
    first: int,
    actor_starts: set[int] | None = None,
    seats: set[int] | None = None,
    demonyms: set[int] | None = None,
) -> bool:
    """Is this capitalised run a place here (not a person, a title word or a metonym)?
    ``actor_starts``: tokens that begin an actor's name (they end a place's name);
    ``seats``: tokens right after "<source> in" ("the ministry in Moscow"); ``demonyms``:
    the last tokens of demonyms ("Syrian"), which qualify a name, not begin it."""
    tokens = doc.tokens
    i, j, places = span.i, span.j, span.places
    inner = tokens[i:j]
    if any(not (_inner(x) or x.key in _LANDMARK_WORDS) for x in inner):
        return False
    if any(p.landmark for p in places) and inner[-1].key in _LANDMARK_WORDS:
        return True  # "Tishrin dam", "Kuweires air base"
    prev = tokens[i - 1] if i > first else None
    if prev is not None and prev.text in _QUOTES:
        prev = None  # the first word of a quotation is sentence-initial
    nxt = tokens[j] if j < len(tokens) and tokens[j].sent == tokens[i].sent else None
    if nxt is not None and (nxt.key in _DATE_WORDS or (actor_starts and j in actor_starts)):
        nxt = None  # "east of Damascus Saturday", "in Aleppo Syrian state TV said"
    nxt_key = nxt.key if nxt is not None else ""
    if (
        nxt_key in _ARABIC_ARTICLES
        and j + 1 < len(tokens)
        and tokens[j + 1].sent == tokens[j].sent
        and tokens[j + 1].is_title
    ):
        return False  # "Urum al-Kubra": a longer name the gazetteer does not know
    if nxt_key in _SPONSOR_WORDS or (seats and i in seats and tokens[i - 1].key == "in"):
        return False  # "the Istanbul-based coalition", "the ministry in Moscow": a seat
    if i - 2 >= first and tokens[i - 1].key == "in" and tokens[i - 2].key in _STATUS_WORDS:
        return False  # "the Observatory, based in Britain", "(banned in Russia)"
    if _attackers_seat(tokens, i, first):
        return False  # "terrorists positioned in the villages of Rahoum and X fired ..."
    place_noun_after = (
        nxt_key in _REGION_NOUNS
        or nxt_key in _LANDMARKS
        or nxt_key in _NEAR_NOUNS
        or nxt_key == "city"  # "Daraa City" when the gazetteer knows only "Daraa"
        or nxt_key in _PART_NOUNS  # "the Sermin district", "Hanida village"
    )
    # part of a longer name: "Mahsa Amini", "President Paul Kagame", "Bulo Burde"
    if (
        prev is not None
        and prev.is_title
        and prev.text.isalpha()
        and prev.key not in _NOT_NAME_WORDS
        and not _possessive_place(gaz, prev)
        and not (demonyms and i - 1 in demonyms)  # "near Syrian Al-Raqqa province"
        and not _listed_after_place_noun(tokens, i, first, bare=True)
    ):
        return False
    named_as_place = (
        i - 2 >= first
        and tokens[i - 1].key == "of"
        and (tokens[i - 2].key in _PLACE_NOUNS_BEFORE or tokens[i - 2].key in _REGION_NOUNS)
    )
    if named_as_place and nxt is not None and nxt.is_title and not _name_head(inner):
        nxt, nxt_key = None, ""  # "the city of Khan Shaikhoun Rudskoi said"
    if nxt is not None and nxt.is_title and nxt.text.isalpha() and not place_noun_after:
        if _headline_after_in(tokens, i, j):
            pass  # "19 Killed in Tell Abyad Terrorist Attack": every word is capitalised
        elif not _names_facility(tokens, j):
            return False
        place_noun_after = True  # "the Islamabad High Court", "Qamishli National Hospital"
    if len(inner) == 1 and inner[0].text.isupper() and len(inner[0].text) <= 4:
        return False  # an acronym ("MON-50 mines", "the UN"), not a place
    short = " ".join(t.key for t in inner)
    if len(short) < 4:
        own = [p for p in places if p.landmark or name_key(p.name) == name_key(short)]
        if not own:
            return False  # short alternate names ("LA", "Ber") are words more often than places
        span.places = own
    prev_key = prev.key if prev is not None else ""
    if place_noun_after:
        return True
    key = span_key(tokens, i, j)
    if key in gaz.capital_keys and _state_possessive(tokens, j, nxt_key):
        return False  # "those of Damascus's ally Russia": the government, not a place
    if prev_key not in _STRICT_LOCATIVE:
        if key in gaz.capital_keys and (
            prev is None
            or prev_key in _AGENT_NEIGHBOURS
            # but "the capital Damascus was/is ...": the city, named as one
            or (
                nxt_key in _SPEECH_FOLLOWERS
                and not (prev_key == "capital" and nxt_key in ("was", "is"))
            )
            or nxt_key in ("and", "or")
        ):
            return False  # "tensions between Moscow and Washington": governments, not places
        if any(p.feature == COUNTRY for p in places) and prev_key not in _DIRECTIONS:
            return False  # "Russia and Syrian state media said": an actor, not a place
    back = [tokens[k].key for k in range(max(first, i - 3), i)]
    if any(k in _LOCATIVE or k in _PLACE_NOUNS_BEFORE or k in _DIRECTIONS for k in back):
        return True
    if _listed_after_place_noun(tokens, i, first):
        return True  # "the towns of Tal Minnis, Sarmada and Maaret Alnouman"
    if prev_key in _TARGET_VERBS:
        return True  # "militants attacked Tel Abyad", "the army recaptured Palmyra"
    if nxt_key == "'s":
        return max(p.population for p in places) >= _MIN_POP_FREE or any(
            p.feature != CITY for p in places
        )
    big = max(p.population for p in places) >= _MIN_POP_FREE
    if prev is None and (big or any(p.feature == ADMIN1 for p in places)):
        stop = doc.sentences[tokens[i].sent].end_token
        if all(not t.text.isalnum() for t in tokens[j:stop]):
            return True  # a crosshead on its own line ("Daraa")
    if nxt_key in _SPEECH_FOLLOWERS or prev is None:
        return False  # sentence-initial capital: too often a name or a word
    return big or any(p.feature != CITY for p in places)


def _listed_after_place_noun(
    tokens: Sequence[Token], i: int, first: int, bare: bool = False
) -> bool:
    """Is the name at ``i`` a later item of a list of names that follows a plural place noun
    ("the towns of A, B and C", "the villages of A B and C")? ``bare``: also without a
    comma or "and" before it ("the towns of Arbin Kafr Batna Jisrin and Saqba", a text
    that lost its commas), where the longest known names were taken first."""
    k, listed = i - 1, bare
    while k > first and i - k <= 12:
        key = tokens[k].key
        if key in (",", "and"):
            listed = True
        elif not (tokens[k].is_title or key in _ARABIC_ARTICLES or tokens[k].text == "-"):
            break
        k -= 1
    return (
        listed
        and k - 1 >= first
        and tokens[k].key == "of"
        and tokens[k - 1].key
        in (
            ("towns", "villages") if bare else ("towns", "villages", "cities", "areas", "districts")
        )
    )


def _attackers_seat(tokens: Sequence[Token], i: int, first: int) -> bool:
    """Does "positioned in" (:data:`_POSITION_WORDS`) stand before the name at ``i``, with
    only names and words such as "the villages of", "and" between?"""
    k = i - 1
    while k > first and i - k <= 8 and (tokens[k].key in _SEAT_FILLERS or tokens[k].is_title):
        k -= 1
    return k > first and tokens[k].key == "in" and tokens[k - 1].key in _POSITION_WORDS


_STATE_NOUNS = frozenset(
    """ally allies government regime forces army troops jets warplanes planes aircraft""".split()
)
"""Nouns after a capital that make it its government ("Damascus's ally", "the Damascus
regime", "Damascuss ally" with the apostrophe lost), not a place."""


def _state_possessive(tokens: Sequence[Token], j: int, nxt_key: str) -> bool:
    """Does a noun of :data:`_STATE_NOUNS` follow the name ending before token ``j``,
    directly or after "'s"?"""
    if nxt_key == "'s":
        return j + 1 < len(tokens) and tokens[j + 1].key in _STATE_NOUNS
    return nxt_key in _STATE_NOUNS


_NAME_HEADS = _PARTICLES | frozenset("khan jisr ras beit qasr marj maarat tel sheikh".split())
"""Words that begin compound Arabic place names ("Khan Tuman", "Tal Rifaat", "Jisr
al-Shughur"): alone, followed by a capitalised word, they are the start of a longer name."""


def _name_head(inner: Sequence[Token]) -> bool:
    return len(inner) == 1 and inner[0].key in _NAME_HEADS


def _names_facility(tokens: Sequence[Token], j: int) -> bool:
    """Do the capitalised words from ``j`` end in a facility word ("High Court",
    "National Hospital", "International Airport"), making a facility of the place?"""
    sent = tokens[j].sent
    for k in range(j, min(len(tokens), j + 3)):
        t = tokens[k]
        if t.sent != sent or not (t.is_title and t.text.isalpha()):
            return False
        if t.key in _FACILITIES:
            return True
    return False


def _possessive_place(gaz: Gazetteer, t: Token) -> bool:
    """ "Syrias Idlib province", "Aleppos Old City": a possessive whose apostrophe the
    text lost, of a country, a region or a large city, qualifies the name after it."""
    if len(t.text) < 4 or t.key[-1] != "s" or gaz.lookup(name_key(t.text)):
        return False
    stem = name_key(t.text[:-1])
    return any(
        (p.feature != CITY or p.population >= 500_000) and name_key(p.name) == stem
        for p in gaz.lookup(stem)
    )


def _headline_after_in(tokens: Sequence[Token], i: int, j: int) -> bool:
    """Does the name ``tokens[i:j]`` follow "in" or "near" amid headline capitals ("19
    Killed in Tell Abyad Terrorist Attack in Northern Syria")? There a capitalised word
    after a place does not make it part of a longer name: the words of four letters or more
    among the five tokens before "in" and the five after the name, at least four of them,
    are all capitalised."""
    if i == 0 or tokens[i - 1].key not in ("in", "near"):
        return False
    sent = tokens[i].sent
    words: list[Token] = []
    for k in (*range(i - 2, max(i - 7, -1), -1), *range(j, min(j + 5, len(tokens)))):
        t = tokens[k]
        if t.sent == sent and t.text.isalpha() and len(t.text) > 3:
            words.append(t)
    return len(words) >= 4 and all(t.is_title for t in words)


def _in_longer_name(tokens: Sequence[Token], span: NameSpan, first: int, stop: int) -> bool:
    """Is the span part of a longer name ("Marj al-Sultan", "Northern Hamah")?"""
    prev = tokens[span.i - 1] if span.i > first else None
    if prev is not None and prev.is_title and prev.key not in _NOT_NAME_WORDS:
        return True
    k = span.j
    while k < stop and tokens[k].text == "-":
        k += 1
    if k < stop and tokens[k].key in _PARTICLES and k + 1 < stop:
        k += 1 if tokens[k + 1].text != "-" else 2
    nxt = tokens[k] if k < stop else None
    if nxt is None or not nxt.is_title or not nxt.text.isalpha() or nxt.key in _DATE_WORDS:
        return False
    return not (
        nxt.key in _FACILITIES
        or nxt.key in _REGION_NOUNS
        or nxt.key in _LANDMARKS
        or nxt.key in _NEAR_NOUNS
        or nxt.key in _PART_NOUNS
    )


def _drop_qualifiers(tokens: Sequence[Token], spans: list[NameSpan]) -> list[NameSpan]:
    """``the Paris suburb of Nanterre``: the first name only qualifies the second, a place
    of its own. ``the Salah al-Din district of Aleppo``, ``the Aleppo district of Sheikh
    Maqsoud``: a district or quarter is coded at its city (ACLED), so the city stays (the
    larger of the two) and the district's name goes unless it names a place by the city;
    a district's name is often a homonym of a place far away."""
    out: list[NameSpan] = []
    drop: set[int] = set()
    for k, span in enumerate(spans):
        if k in drop:
            continue
        j = span.j
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if (
            nxt is None
            or nxt.i != j + 2
            or tokens[j].key not in _PART_NOUNS
            or tokens[j + 1].key != "of"
            or tokens[j].sent != tokens[nxt.i].sent
        ):
            out.append(span)
            continue
        if tokens[j].key not in _CITY_PARTS:
            continue
        city, part = _city_and_part(span, nxt)
        if city is None or part is None:
            out.append(span)  # a region or a country: "Pulwama district of Kashmir"
            continue
        centre = max((p for p in city.places if p.feature == CITY), key=lambda p: p.population)
        by_city = [p for p in part.places if approx_km(p.lat, p.lon, centre.lat, centre.lon) <= 15]
        if by_city:
            part.places = by_city
        elif part is span:
            continue
        else:
            drop.add(k + 1)
        out.append(span)
    return out


def _city_and_part(a: NameSpan, b: NameSpan) -> tuple[NameSpan | None, NameSpan | None]:
    """Of two names joined by "district of", the city (the larger town) and the part."""
    pop_a = max((p.population for p in a.places if p.feature == CITY), default=-1)
    pop_b = max((p.population for p in b.places if p.feature == CITY), default=-1)
    if pop_b < 0:
        return None, None  # "Pulwama district of Kashmir": a district of a region
    return (a, b) if pop_a >= pop_b else (b, a)


_HEADER_WORDS = frozenset(
    """published updated last posted date of publication at on am pm gmt utc jan feb mar apr
    may jun jul aug sep sept oct nov dec january february march april june july august
    september october november december mon tue wed thu fri sat sun monday tuesday
    wednesday thursday friday saturday sunday""".split()
)
_DATELINE_MARKS = frozenset({"(", "-", "—", "–", ":", ","})


def _is_dateline(doc: Document, span: NameSpan) -> bool:
    """ "BEIRUT (Reuters) -", "Last updated at Jan 20 2015 Beirut Syrian government air
    strikes ...": where the story was filed, not where anything happened."""
    tokens = doc.tokens
    first = doc.sentences[tokens[span.i].sent].first_token
    if any(
        not (t.key in _HEADER_WORDS or t.text.isdigit() or not t.text.isalnum())
        for t in tokens[first : span.i]
    ):
        return False
    nxt = tokens[span.j] if span.j < len(tokens) else None
    if nxt is None or nxt.sent != tokens[span.i].sent:
        return False
    if nxt.text in _DATELINE_MARKS:
        return all(t.text.isupper() for t in tokens[span.i : span.j]) or nxt.text != ","
    # a date before the name and a new sentence after it ("... 2015 Beirut Syrian ...")
    return span.i > first and nxt.is_title and tokens[span.i - 1].text.isdigit()


def _dateline_country(doc: Document, gaz: Gazetteer) -> str | None:
    """The country of a dateline ("BEIRUT (Reuters) -", "ALEPPO, Syria -"), alpha-3."""
    tokens = doc.tokens
    k = 0
    while k < min(len(tokens), 4) and tokens[k].text.isupper() and tokens[k].text.isalpha():
        k += 1
    if k == 0 or k >= len(tokens) or tokens[k].text not in ("(", ",", "-", "—", "–"):
        return None
    places = [p for p in gaz.lookup(span_key(tokens, 0, k)) if p.feature != COUNTRY]
    if not places:
        return None
    return gaz.country_iso3.get(choose(places).country2)


def _countries_by_sentence(
    doc: Document, gaz: Gazetteer, spans: list[NameSpan], iso2_of: dict[str, str]
) -> dict[int, dict[int, str]]:
    """Countries a sentence names as places ("in central Mali", "the Lebanese village
    of"): sentence -> {token: alpha-2}. A demonym before an actor ("Russian jets") says
    nothing of the place."""
    out: dict[int, dict[int, str]] = {}
    tokens = doc.tokens
    for span in spans:
        for p in span.places:
            if p.feature == COUNTRY:
                out.setdefault(tokens[span.i].sent, {})[span.i] = p.country2
    for a in doc.actors:
        if a.role in ("demonym", "country") and a.country in iso2_of:
            k = a.tok_end
            while k < len(tokens) and tokens[k].key in _DIRECTIONS:
                k += 1  # "the northern Iraqi town of"
            nxt = tokens[k].key if k < len(tokens) else ""
            if a.role == "demonym" and nxt == "state":
                continue  # "Saudi state media"
            if nxt in _PLACE_NOUNS_BEFORE or nxt in _REGION_NOUNS or nxt == "'s":
                out.setdefault(a.sent, {})[a.tok_start] = iso2_of[a.country]
    for k, t in enumerate(tokens[:-1]):
        if t.is_title and t.key[-1:] == "s" and len(t.text) >= 5 and t.text.isalpha():
            after = tokens[k + 1]
            if not (
                (after.is_title and not after.text.isupper())
                or after.key in _DIRECTIONS
                or after.key in _PLACE_NOUNS_BEFORE
                or after.key in _REGION_NOUNS
            ):
                continue  # "Turkeys NTV television", "Turkeys incursion": not a place
            country = _lost_apostrophe_country(gaz, t)
            if country is not None:
                out.setdefault(t.sent, {})[k] = country  # "Syrias Idlib", "Syrias northern"
    return out


def _qualifying_countries(span: NameSpan, named: dict[int, str]) -> set[str]:
    """Countries named close enough to a name to say where it is: up to five tokens
    before ("Mali's northern town of Boni") or three after ("Boni in central Mali")."""
    return {c for k, c in named.items() if span.i - 5 <= k < span.i or span.j <= k < span.j + 4}


def _lost_apostrophe_country(gaz: Gazetteer, t: Token) -> str | None:
    """ "Syrias": the possessive of a country whose apostrophe the text lost, alpha-2."""
    if gaz.lookup(name_key(t.text)):
        return None
    stem = name_key(t.text[:-1])
    for p in gaz.lookup(stem):
        if p.feature == COUNTRY and name_key(p.name) == stem:
            return p.country2
    return None


def _regions_by_sentence(doc: Document, spans: list[NameSpan]) -> dict[int, frozenset[str]]:
    """First-level regions a sentence names ("Chhattisgarh's", "in Hiraan region")."""
    out: dict[int, set[str]] = {}
    for span in spans:
        regions = [p for p in span.places if p.feature == ADMIN1]
        if len(regions) == 1 and len(span.places) <= 2:
            r = regions[0]
            out.setdefault(doc.tokens[span.i].sent, set()).add(f"{r.country2}.{r.admin1_code}")
    return {k: frozenset(v) for k, v in out.items()}


def _dominant_country(places: Sequence[Place]) -> str | None:
    """The country a name stands for when one country holds nine tenths of the people
    its candidates count ("Aleppo": Syria's city, not a Greek hamlet); a hamlet of a few
    hundred people does not decide where a story is set. Regions, and towns whose
    population GeoNames does not know (0), count as 5,000."""
    weights: Counter[str] = Counter()
    for p in places:
        if p.feature != COUNTRY:
            unknown = p.feature == ADMIN1 or p.population == 0
            weights[p.country2] += max(p.population, 5_000 if unknown else 0)
    if not weights:
        return None
    country, top = weights.most_common(1)[0]
    return country if top >= 5_000 and top >= 0.9 * sum(weights.values()) else None


def _unheard_of(place: Place, context2: str | None, mentioned: set[str]) -> bool:
    """A town abroad, in a country the article never names, in a story set elsewhere: a
    homonym ("al-Quria" is not Korla in China), unless it is a world city."""
    return (
        context2 is not None
        and place.feature == CITY
        and place.country2 != context2
        and place.country2 not in mentioned
        and place.population < 1_000_000
    )


_ARABIC_ARTICLES = frozenset("al el ad ar as an at az ash ath adh ed es ez".split())
_ARABIC_NAMING = frozenset(
    """DZ BH DJ EG IQ JO KW LB LY MA MR OM PS QA SA SO SD SS SY TN AE YE EH KM TD ER IL ML
    NE""".split()
)
"""Countries whose place names are written with an Arabic article ("al-", "ad-"): the
Arabic-speaking world and its neighbours with Arabic place names (not Iran or Turkey,
whose names English writes without one)."""


def _arabic_names(doc: Document, span: NameSpan) -> NameSpan:
    """ "al-Meridian", "al-Joura": a name written with an Arabic article is a place where
    names are Arabic, not Meridian in Mississippi or Győr in Hungary."""
    tokens = doc.tokens
    first = tokens[span.i]
    if span.j - span.i < 2 or first.key not in _ARABIC_ARTICLES:
        return span
    if first.key not in ("al", "el") and doc.text[first.end : first.end + 1] != "-":
        return span  # "As Suwayda" stays, "An Najaf" stays, but "At Deir" is a word
    span.places = [p for p in span.places if p.country2 in _ARABIC_NAMING]
    return span


_VILLAGE = frozenset({"village", "villages", "hamlet"})


def _called_a_village(tokens: Sequence[Token], span: NameSpan) -> bool:
    """ "Safiyeh village", "the village of Safiyeh": a village the gazetteer knows only
    as a town abroad (Sofia) is a homonym, however large the town."""
    after = tokens[span.j].key if span.j < len(tokens) else ""
    before = [t.key for t in tokens[max(0, span.i - 2) : span.i]]
    return after in _VILLAGE or (before[-1:] == ["of"] and before[0] in _VILLAGE)


def _far_fetched(place: Place, context2: str | None) -> bool:
    """A small town abroad, in a story set elsewhere, is more likely a misreading."""
    return (
        context2 is not None
        and place.feature == CITY
        and place.country2 != context2
        and place.population < 100_000
    )


def _countryside(tokens: Sequence[Token], i: int, j: int, first: int, stop: int) -> bool:
    """Does the phrase name the countryside of the place at ``tokens[i:j]`` ("Idlib
    countryside", "Idlib's countryside", "rural Idlib", "the countryside of Idlib")?"""
    nxt = tokens[j].key if j < stop else ""
    if nxt in ("'s", *_DIRECTIONS) and j + 1 < stop and tokens[j + 1].key in _COUNTRYSIDE:
        return True  # "Idlib's countryside", "Homs eastern countryside"
    if nxt in _COUNTRYSIDE:
        return True
    if i - 1 >= first and tokens[i - 1].key == "rural":
        return True
    return i - 2 >= first and tokens[i - 1].key == "of" and tokens[i - 2].key in _COUNTRYSIDE


def _countryside_province(
    tokens: Sequence[Token], span: NameSpan, best: Place, first: int, stop: int
) -> Place | None:
    """The province of a provincial capital named after it, when the phrase names the
    capital's countryside: "Idlib countryside" (Arabic *rif Idlib*) is the rural part of
    Idlib province, up to tens of kilometres from the city, not a point near the city, so
    it is coded as the region (precision 3). ``None`` for any other phrase or place."""
    if best.feature != CITY or not _countryside(tokens, span.i, span.j, first, stop):
        return None
    for p in span.places:
        if (
            p.feature == ADMIN1
            and p.country2 == best.country2
            and p.admin1_code == best.admin1_code
        ):
            return p
    return None


def _token_precision(
    tokens: Sequence[Token], place: Place, i: int, j: int, first: int, stop: int
) -> int:
    if place.feature == COUNTRY:
        return 3
    nxt = tokens[j].key if j < stop else ""
    if place.feature == ADMIN1 or nxt in _REGION_NOUNS or _region_before(tokens, i, first):
        return 2 if nxt in _NEAR_NOUNS else 3
    if place.landmark and place.landmark != place.name:
        return 2  # at the landmark's town
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
        admin1=gaz.admin1_of(p) if p.feature != COUNTRY else None,
        country=gaz.country_name.get(p.country2),
        country_code=gaz.country_iso3.get(p.country2),
        lat=round(p.lat, 5),
        lon=round(p.lon, 5),
        geonames_id=p.geonames_id if p.geonames_id > 0 else None,  # < 0: a UCDP place
        precision=mention.precision,
        text=doc.norm.original[a:end],
    )
