"""Stage 4 — entities and actors.

Adds: ``Document.actors`` — every mention of a state, its forces, an armed group, a generic
actor (civilians, protesters, gunmen…) or a non-combatant source (monitors, media,
international bodies), with ACLED's actor kind and the country when the text gives it.

The lexicon lives in ``data/countries.yaml``, ``forces.yaml``, ``groups.yaml``,
``generic_actors.yaml`` and ``sources.yaml``. Mentions are composed from lexicon matches:
a demonym or country followed by a force noun ("Syrian soldiers", "Iraq's security forces",
"Russian and Syrian warplanes"), a group followed by a member noun ("Islamic State
fighters"), or a bare force/generic term whose country is taken from the article's context.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, Literal

from sitrep.datafiles import load_yaml
from sitrep.document import Document
from sitrep.errors import LexiconError
from sitrep.models import ACTOR_KINDS, Actor, ActorKind
from sitrep.phrases import PhraseIndex, PhraseMatch
from sitrep.tokens import Token

EntryRole = Literal["country", "demonym", "force", "ministry", "group", "generic", "source"]

_LINKERS = frozenset({"'s", "s"})
_COORDINATORS = frozenset({"and", ",", "&"})
_MODIFIERS = frozenset(
    """government pro regime elite regular special state loyalist allied backed led
    national federal local provincial security""".split()
)
_SPEAKER_NOUNS = frozenset(
    """source sources official officials spokesman spokeswoman spokesperson spokesmen
    statement media""".split()
)
_PLACE_PREPOSITIONS = frozenset(
    """in into across throughout from to near of at inside outside within toward towards
    around over via""".split()
)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One lexicon entry a phrase points to."""

    role: EntryRole
    ident: str
    name: str
    """Country name, name template (with ``{country}``) or the fixed name."""
    country: str | None
    kind: ActorKind | None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor as the article names it."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    sent: int
    text: str
    role: EntryRole
    name_template: str
    country: str | None
    kind: ActorKind | None
    is_source: bool
    """A body that speaks and is quoted (monitors, media, ministries, states)."""
    is_combatant: bool
    """Can be actor1/actor2 of an event."""
    source_type: str | None = None
    """For sources: monitor, media, international_body, ngo or government_body."""
    name_end: int = -1
    """End token of the name itself, before a member noun ("Islamic State | fighters")."""

    def resolve(self, context_country: str | None, countries: dict[str, str]) -> Actor | None:
        """The ``Actor`` this mention denotes, filling the country from context if needed."""
        if not self.is_combatant or self.kind is None:
            return None
        country = self.country or (context_country if "{country}" in self.name_template else None)
        if "{country}" in self.name_template:
            if country is None:
                name = self.name_template.replace(" ({country})", "").replace(" of {country}", "")
            else:
                name = self.name_template.format(country=countries.get(country, country))
            name = name.replace("(the ", "(")
        else:
            name = self.name_template
        return Actor(name=name, country=country, kind=self.kind)


class ActorLexicon:
    """The packaged actor lexicon as one phrase index."""

    def __init__(self) -> None:
        self.index: PhraseIndex[ActorEntry] = PhraseIndex()
        self.countries: dict[str, str] = {}
        self.member_nouns: PhraseIndex[str] = PhraseIndex()
        self.capitals: dict[str, str] = {}
        self.template_names: dict[str, str] = {}
        """Names as they stand in "Military Forces of {country}" ("the United States")."""

    @classmethod
    def load(cls) -> ActorLexicon:
        lex = cls()
        lex._load_countries(load_yaml("countries.yaml"))
        lex._load_forces(load_yaml("forces.yaml"))
        lex._load_groups(load_yaml("groups.yaml"))
        lex._load_generic(load_yaml("generic_actors.yaml"))
        lex._load_sources(load_yaml("sources.yaml"))
        return lex

    def _load_countries(self, data: dict[str, Any]) -> None:
        for c in data["countries"]:
            iso3, name = c["iso3"], c["name"]
            self.countries[iso3] = name
            self.template_names[iso3] = f"the {name}" if c.get("definite_article") else name
            entry = ActorEntry("country", iso3, name, iso3, "state_forces")
            for alias in [name, *c.get("aliases", [])]:
                self.index.add(alias, entry, with_gaps=True)
                if (
                    not alias.endswith("s")
                    and alias[:1].isupper()
                    and not alias.isupper()
                    and len(alias) > 4
                    and " " not in alias
                ):
                    # corpora that strip apostrophes: "Syrias government"
                    self.index.add(alias + "s", entry)
            demonym = ActorEntry("demonym", iso3, name, iso3, "state_forces")
            self.index.add_all(c.get("demonyms", []), demonym)
            if c.get("capital"):
                self.capitals[c["capital"]] = iso3

    def _load_forces(self, data: dict[str, Any]) -> None:
        for inst in data["institutions"]:
            kind = _kind(inst["kind"], "forces.yaml")
            force = ActorEntry("force", inst["id"], inst["name_template"], None, kind)
            self.index.add_all(inst.get("nouns", []), force)
            ministry = ActorEntry("ministry", inst["id"], inst["name_template"], None, kind)
            self.index.add_all(inst.get("ministries", []), ministry)

    def _load_groups(self, data: dict[str, Any]) -> None:
        for g in data["groups"]:
            kind = _kind(g["kind"], "groups.yaml")
            entry = ActorEntry("group", g["name"], g["name"], g.get("country"), kind)
            for alias in [g["name"], *g.get("aliases", [])]:
                self.index.add(alias, entry, with_gaps=True)
            for noun in g.get("members", []):
                self.member_nouns.add(noun, noun)

    def _load_generic(self, data: dict[str, Any]) -> None:
        for g in data["generic"]:
            kind = _kind(g["kind"], "generic_actors.yaml")
            entry = ActorEntry("generic", g["id"], g["name_template"], None, kind)
            self.index.add_all(g.get("terms", []), entry)

    def _load_sources(self, data: dict[str, Any]) -> None:
        for s in data["sources"]:
            entry = ActorEntry("source", s.get("type", "source"), s["name"], s.get("country"), None)
            for alias in [s["name"], *s.get("aliases", [])]:
                self.index.add(alias, entry, with_gaps=True)


def _kind(value: str, file: str) -> ActorKind:
    if value not in ACTOR_KINDS:
        raise LexiconError(f"{file}: unknown actor kind {value!r}")
    return value  # type: ignore[return-value]


_PICK_ORDER = {"source": 0, "group": 1, "ministry": 2, "force": 3, "country": 4, "demonym": 5}


def _pick(entries: tuple[ActorEntry, ...]) -> ActorEntry:
    """When one phrase means several things, prefer groups and sources over generic words."""
    if len(entries) == 1:
        return entries[0]
    return min(entries, key=lambda e: _PICK_ORDER.get(e.role, 9))


def find_actors(doc: Document, lex: ActorLexicon) -> None:
    """Fill ``doc.actors`` sentence by sentence."""
    tokens = doc.tokens
    for sent in doc.sentences:
        matches = lex.index.find_all(tokens, sent.first_token, sent.end_token)
        doc.actors.extend(_members_of(tokens, _compose(doc, lex, matches, sent.end_token)))
    _bare_coalitions(doc)
    _bare_aircraft(doc)


_AIR_WORDS = frozenset(
    """jets jet warplanes warplane planes plane aircraft aircrafts bombers bomber helicopters
    helicopter gunships gunship drones drone uavs uav aerospace aviation airforce""".split()
)


def _air_arm(tokens: list[Token], m: ActorMention) -> bool:
    keys = [t.key for t in tokens[m.tok_start : m.tok_end]]
    return any(k in _AIR_WORDS for k in keys) or any(
        a == "air" and b in ("force", "forces") for a, b in pairwise(keys)
    )


def _bare_aircraft(doc: Document) -> None:
    """Aircraft named without a country ("the bombers", "a Sukhoi-34 bomber") are of the
    air force the article named last before them ("Russian Aerospace Forces ... Two pairs
    of bombers ... a Sukhoi-34 bomber"), as "the coalition" is the coalition named last,
    unless it was one of two sides ("Syrian or Russian jets"); otherwise the country comes
    from the context as for any force."""
    tokens = doc.tokens
    named: ActorMention | None = None
    for k, m in enumerate(doc.actors):
        if m.role != "force" or not _air_arm(tokens, m):
            continue
        if m.country is not None:
            # one of two sides ("Syrian regime or Russian jets") names no one's aircraft
            alone = not (
                (m.tok_start > 0 and tokens[m.tok_start - 1].key in ("or", "and"))
                or (m.tok_end < len(tokens) and tokens[m.tok_end].key in ("or", "and"))
            )
            named = m if alone else None
        elif named is not None and not (m.tok_end < len(tokens) and tokens[m.tok_end].key == "of"):
            doc.actors[k] = named = replace(m, country=named.country)


def _bare_coalitions(doc: Document) -> None:
    """A bare "the coalition" is the coalition the article named last before it ("the
    Syrian Coalition ... the Coalition said", "the Saudi-led coalition ... coalition
    jets"); with none named before, the lexicon's default (the U.S.-led coalition)."""
    tokens = doc.tokens
    named: ActorMention | None = None
    for k, m in enumerate(doc.actors):
        words = tokens[m.tok_start : m.name_end]
        if len(words) == 1 and words[0].key == "coalition":
            if named is not None and named.name_template != m.name_template:
                speaker_noun = m.tok_end < len(tokens) and tokens[m.tok_end].key in _SPEAKER_NOUNS
                combatant = named.role == "group" and not speaker_noun
                doc.actors[k] = replace(
                    m,
                    role=named.role,
                    name_template=named.name_template,
                    country=named.country,
                    kind=named.kind,
                    is_source=named.is_source or speaker_noun,
                    is_combatant=combatant,
                    source_type=named.source_type,
                )
        elif any(t.key == "coalition" for t in words):
            named = m


_MEMBER_LINKS = frozenset(
    "from of the paramilitary militant jihadist armed rebel insurgent extremist".split()
)


def _members_of(tokens: list[Token], mentions: list[ActorMention]) -> list[ActorMention]:
    """ "Fighters from the paramilitary Rapid Support Forces": the group, not generic
    fighters, is the actor."""
    out: list[ActorMention] = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            m.role == "generic"
            and nxt is not None
            and nxt.role == "group"
            and 0 < nxt.tok_start - m.tok_end <= 3
            and tokens[m.tok_end].key in ("from", "of")
            and all(t.key in _MEMBER_LINKS for t in tokens[m.tok_end : nxt.tok_start])
        ):
            mentions[i + 1] = replace(nxt, tok_start=m.tok_start, start=m.start)
            continue
        out.append(m)
    return out


def _compose(
    doc: Document, lex: ActorLexicon, matches: list[PhraseMatch[ActorEntry]], stop: int
) -> list[ActorMention]:
    tokens = doc.tokens
    out: list[ActorMention] = []
    pending_countries: list[tuple[int, int, ActorEntry]] = []
    n = 0
    while n < len(matches):
        m = matches[n]
        entry = _pick(m.values)
        nxt = matches[n + 1] if n + 1 < len(matches) else None
        if entry.role in ("country", "demonym") and nxt is not None:
            head = _pick(nxt.values)
            gap = _gap_tokens(tokens, m.end, nxt.start)
            if head.role in ("force", "ministry", "generic") and gap is not None:
                for first, _, earlier in pending_countries:
                    out.append(_mention(doc, first, nxt.end, head, earlier.country))
                pending_countries.clear()
                end, n = nxt.end, n + 2
                while (
                    n < len(matches)
                    and matches[n].start == end
                    and _pick(matches[n].values).role == "force"
                ):
                    end, n = matches[n].end, n + 1  # "Sudanese army warplanes": one actor
                out.append(_mention(doc, m.start, end, head, entry.country))
                continue
            if head.role in ("country", "demonym") and _only(
                tokens, m.end, nxt.start, _COORDINATORS
            ):
                pending_countries.append((m.start, m.end, entry))
                n += 1
                continue
        for first, last, earlier in pending_countries:
            if earlier.role == "country":  # "Russia and Syrian state media": Russia alone
                out.append(_mention(doc, first, last, earlier, earlier.country))
        pending_countries.clear()
        end = m.end
        if entry.role == "group":
            member = lex.member_nouns.match_at(tokens, end, stop)
            if member is not None:
                end = member.end
            elif nxt is not None and nxt.start == end and _pick(nxt.values).role == "generic":
                # "New People's Army rebels", "ELN guerrillas": the group itself
                if _pick(nxt.values).kind in (
                    "rebel_group",
                    "political_militia",
                    "identity_militia",
                ):
                    end = nxt.end
        if entry.role == "country" and _after_locative(tokens, m.start):
            n += 1
            continue  # "in Syria", "in central Mali": a place, not an actor
        if end < stop and (tokens[end].key in _HELD or tokens[end].key == "presence"):
            n += 1
            continue  # "government-held", "rebel-controlled", "a heavy IS presence": who
            # holds a place or is present in it, no actor
        if m.start > 1 and tokens[m.start - 1].key == "by" and tokens[m.start - 2].key in _HELD:
            n += 1
            continue  # "a town held by Daesh": the same, told the other way round
        if m.start > 0 and tokens[m.start - 1].key == "jet" and tokens[m.start].key == "fighters":
            n += 1
            continue  # "the jet fighters from the Syrian regime": aircraft, not armed men
        out.append(_mention(doc, m.start, end, entry, entry.country, name_end=m.end))
        n += 1
        while n < len(matches) and matches[n].start < end:
            n += 1  # "Islamic State fighters": the member noun is not an actor of its own
    return out


_MISSION_NOUNS = frozenset(
    "base bases troops forces convoy peacekeepers soldiers camp mission post patrol".split()
)
_HELD = frozenset("held controlled run occupied besieged dominated".split())
_DIRECTIONS = frozenset(
    """northern southern eastern western central northeastern northwestern southeastern
    southwestern north south east west""".split()
)


_PLACE_HEADS = frozenset("province governorate city town village district region".split())


def _after_locative(tokens: list[Token], start: int) -> bool:
    if start > 0 and tokens[start - 1].key in _PLACE_PREPOSITIONS:
        return True
    if start > 0 and tokens[start - 1].key in _PLACE_HEADS:
        return True  # "in opposition-held Idlib province Syria": where, not who
    return (
        start > 1
        and tokens[start - 1].key in _DIRECTIONS
        and tokens[start - 2].key in _PLACE_PREPOSITIONS | {"the"}
    )


def _gap_tokens(tokens: list[Token], a: int, b: int) -> list[Token] | None:
    """Tokens between a country word and its head noun, if they may stand there."""
    between = tokens[a:b]
    if len(between) > 3:
        return None
    for t in between:
        if t.key not in _LINKERS and t.key not in _MODIFIERS and t.key != "-":
            return None
    return between


def _only(tokens: list[Token], a: int, b: int, allowed: frozenset[str]) -> bool:
    return b > a and all(t.key in allowed for t in tokens[a:b])


def _mention(
    doc: Document,
    first: int,
    end: int,
    entry: ActorEntry,
    country: str | None,
    *,
    name_end: int | None = None,
) -> ActorMention:
    tokens = doc.tokens
    a, b = tokens[first].start, tokens[end - 1].end
    role = entry.role
    is_source = role in ("source", "ministry", "country") or (
        role == "force" and entry.ident == "government"
    )
    # a bare demonym ("Russian") is an actor only where it modifies a trigger; a body
    # followed by a speaker noun ("a military source", "army officials") speaks, not fights
    speaker_noun = end < len(tokens) and tokens[end].key in _SPEAKER_NOUNS
    is_combatant = role not in ("source", "demonym", "ministry") and not speaker_noun
    is_source = is_source or speaker_noun
    kind = entry.kind
    if role == "source" and end < len(tokens) and tokens[end].key in _MISSION_NOUNS:
        # "an African Union base", "UN peacekeepers": an international body's forces
        is_combatant, kind = True, "external_forces"
    template = entry.name
    if role == "country":
        template = "Military Forces of {country}"
    return ActorMention(
        start=a,
        end=b,
        tok_start=first,
        tok_end=end,
        sent=tokens[first].sent,
        text=doc.text[a:b],
        role=role,
        name_template=template,
        country=country,
        kind=kind,
        is_source=is_source,
        is_combatant=is_combatant,
        name_end=end if name_end is None else name_end,
        source_type=entry.ident if role == "source" else None,
    )
