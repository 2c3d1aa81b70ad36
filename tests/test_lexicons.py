"""Shape of the packaged actor lexicons, and a few lookups through the real matcher.

The actor files are data written by hand (docs/actors.md); these tests keep them loadable,
consistent with each other, and free of the aliases that are known to misfire.
"""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources
from typing import Any

import pycountry
import pytest
import yaml

from sitrep.models import ACTOR_KINDS
from sitrep.normalize import GAP
from sitrep.phrases import gap_variants, phrase_keys

KINDS = {
    "state_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external_forces",
}
SOURCE_TYPES = {"monitor", "media", "international_body", "ngo", "government_body"}
USER_ASSIGNED_ISO3 = {"XKX"}  # Kosovo

ACTOR_FILES = {
    "countries.yaml": "countries",
    "forces.yaml": "institutions",
    "groups.yaml": "groups",
    "generic_actors.yaml": "generic",
    "sources.yaml": "sources",
}

# Single words that must never be an alias on their own: English words that a name
# would otherwise swallow ("at dawn", "in fact", "an amnesty", "the Sea of Azov").
_ENGLISH_WORDS = """is army coalitions return platform shane dawn guardian amnesty petra fars saba
let fact rada azov observer independent nation times mercy cobra errs pdfs akhmat shabak mena
cctv pti front forces group movement militia rebels government who un"""
ENGLISH_WORDS = frozenset(_ENGLISH_WORDS.split())


def _load(name: str) -> dict[str, Any]:
    raw = resources.files("sitrep").joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    assert isinstance(data, dict), f"{name}: not a mapping"
    return data


@pytest.fixture(scope="module")
def files() -> dict[str, dict[str, Any]]:
    return {name: _load(name) for name in ACTOR_FILES}


def _entries(files: dict[str, dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return files[name][ACTOR_FILES[name]]


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() == value and value != ""


def _text_list(entry: dict[str, Any], key: str, where: str, *, required: bool = False) -> list[str]:
    if key not in entry:
        assert not required, f"{where}: missing {key!r}"
        return []
    values = entry[key]
    assert isinstance(values, list), f"{where}: {key!r} is not a list"
    for v in values:
        assert _is_text(v), f"{where}: {key!r} has an empty or padded value {v!r}"
    return values


def _valid_iso3(code: str) -> bool:
    return code in USER_ASSIGNED_ISO3 or pycountry.countries.get(alpha_3=code) is not None


def test_kinds_are_acleds_eight() -> None:
    assert set(ACTOR_KINDS) == KINDS


@pytest.mark.parametrize("name", sorted(ACTOR_FILES))
def test_file_has_version_and_entries(files: dict[str, dict[str, Any]], name: str) -> None:
    data = files[name]
    assert isinstance(data.get("version"), int), f"{name}: 'version' must be an integer"
    entries = data.get(ACTOR_FILES[name])
    assert isinstance(entries, list) and entries, f"{name}: no {ACTOR_FILES[name]!r} list"
    for entry in entries:
        assert isinstance(entry, dict), f"{name}: entry {entry!r} is not a mapping"


def test_countries(files: dict[str, dict[str, Any]]) -> None:
    seen_codes: set[str] = set()
    seen_names: dict[tuple[str, ...], str] = {}
    seen_demonyms: dict[tuple[str, ...], str] = {}
    for c in _entries(files, "countries.yaml"):
        where = f"countries.yaml {c.get('iso3')}"
        assert _is_text(c.get("iso3")) and _valid_iso3(c["iso3"]), f"{where}: bad iso3"
        assert c["iso3"] not in seen_codes, f"{where}: listed twice"
        seen_codes.add(c["iso3"])
        assert _is_text(c.get("name")), f"{where}: no name"
        for alias in [c["name"], *_text_list(c, "aliases", where)]:
            key = phrase_keys(alias)
            assert key not in seen_names, f"{where}: {alias!r} also names {seen_names[key]}"
            seen_names[key] = c["iso3"]
        for demonym in _text_list(c, "demonyms", where):
            key = phrase_keys(demonym)
            assert key not in seen_demonyms, f"{where}: {demonym!r} is {seen_demonyms[key]}'s"
            seen_demonyms[key] = c["iso3"]
        for key in ("capital",):
            assert c.get(key) is None or _is_text(c[key]), f"{where}: bad {key}"
        _text_list(c, "capital_aliases", where)
        assert isinstance(c.get("definite_article", False), bool), f"{where}: definite_article"


def test_forces(files: dict[str, dict[str, Any]]) -> None:
    ids = set()
    for inst in _entries(files, "forces.yaml"):
        where = f"forces.yaml {inst.get('id')}"
        assert _is_text(inst.get("id")) and inst["id"] not in ids, f"{where}: bad or repeated id"
        ids.add(inst["id"])
        assert _is_text(inst.get("name_template")) and "{country}" in inst["name_template"], where
        assert inst.get("kind") in KINDS, f"{where}: kind {inst.get('kind')!r}"
        _text_list(inst, "nouns", where, required=True)
        _text_list(inst, "ministries", where)


def test_generic_actors(files: dict[str, dict[str, Any]]) -> None:
    ids = set()
    for g in _entries(files, "generic_actors.yaml"):
        where = f"generic_actors.yaml {g.get('id')}"
        assert _is_text(g.get("id")) and g["id"] not in ids, f"{where}: bad or repeated id"
        ids.add(g["id"])
        assert _is_text(g.get("name_template")), f"{where}: no name_template"
        assert g.get("kind") in KINDS, f"{where}: kind {g.get('kind')!r}"
        _text_list(g, "terms", where, required=True)


def test_groups(files: dict[str, dict[str, Any]]) -> None:
    names = set()
    for g in _entries(files, "groups.yaml"):
        where = f"groups.yaml {g.get('name')!r}"
        assert _is_text(g.get("name")), f"{where}: no name"
        assert g["name"] not in names, f"{where}: listed twice"
        names.add(g["name"])
        assert set(g) <= {"name", "aliases", "country", "kind", "members"}, f"{where}: {set(g)}"
        _text_list(g, "aliases", where, required=True)
        _text_list(g, "members", where)
        assert "country" in g, f"{where}: 'country' must be given (null when transnational)"
        assert g["country"] is None or (_is_text(g["country"]) and _valid_iso3(g["country"])), where
        assert g.get("kind") in KINDS, f"{where}: kind {g.get('kind')!r}"
    assert len(names) >= 150


def test_sources(files: dict[str, dict[str, Any]]) -> None:
    names = set()
    for s in _entries(files, "sources.yaml"):
        where = f"sources.yaml {s.get('name')!r}"
        assert _is_text(s.get("name")), f"{where}: no name"
        assert s["name"] not in names, f"{where}: listed twice"
        names.add(s["name"])
        assert set(s) <= {"name", "aliases", "type", "country"}, f"{where}: {set(s)}"
        _text_list(s, "aliases", where, required=True)
        assert s.get("type") in SOURCE_TYPES, f"{where}: type {s.get('type')!r}"
        country = s.get("country")
        assert country is None or (_is_text(country) and _valid_iso3(country)), where
    assert len(names) >= 120


def _named_aliases(files: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(file, entry name, alias) for every name and alias of groups.yaml and sources.yaml."""
    out = []
    for file in ("groups.yaml", "sources.yaml"):
        for e in _entries(files, file):
            for alias in [e["name"], *e.get("aliases", [])]:
                out.append((file, e["name"], alias))
    return out


def _generic_terms(files: dict[str, dict[str, Any]]) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for inst in _entries(files, "forces.yaml"):
        for term in [*inst.get("nouns", []), *inst.get("ministries", [])]:
            out[phrase_keys(term)] = f"forces.yaml {inst['id']}"
    for g in _entries(files, "generic_actors.yaml"):
        for term in g.get("terms", []):
            out[phrase_keys(term)] = f"generic_actors.yaml {g['id']}"
    return out


def test_no_alias_listed_twice_across_groups_and_sources(files: dict[str, dict[str, Any]]) -> None:
    # Case-insensitive, diacritics folded, hyphens read as spaces: the matcher's own keys.
    seen: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for file, name, alias in _named_aliases(files):
        seen[phrase_keys(alias)].append(f"{file} {name!r}: {alias!r}")
    repeated = {k: v for k, v in seen.items() if len(v) > 1}
    assert not repeated, repeated


def test_groups_and_sources_do_not_repeat_forces_or_generic_terms(
    files: dict[str, dict[str, Any]],
) -> None:
    generic = _generic_terms(files)
    clashes = [
        f"{file} {name!r}: {alias!r} is in {generic[phrase_keys(alias)]}"
        for file, name, alias in _named_aliases(files)
        if phrase_keys(alias) in generic
    ]
    assert not clashes, clashes


def test_aliases_can_match_and_are_not_english_words(files: dict[str, dict[str, Any]]) -> None:
    bad = []
    for file, name, alias in _named_aliases(files):
        keys = phrase_keys(alias)
        if not keys:
            bad.append(f"{file} {name!r}: {alias!r} has no words")
        elif alias != name and "(" in alias:
            bad.append(f"{file} {name!r}: {alias!r} has brackets, which the matcher skips")
        elif len(keys) == 1 and keys[0] in ENGLISH_WORDS and not re.fullmatch(r"[A-Z]{2,5}", alias):
            bad.append(f"{file} {name!r}: {alias!r} is an ordinary word")
    assert not bad, bad


def test_stripped_hyphen_forms_are_not_generic(files: dict[str, dict[str, Any]]) -> None:
    """A hyphenated alias also matches with its hyphenated word stripped out (some corpora
    delete such words); what remains must not be a generic term or a country on its own,
    or "[gap] rebels" / "[gap] Pakistan" would name this group wherever a word was lost."""
    generic = set(_generic_terms(files))
    for c in _entries(files, "countries.yaml"):
        for alias in [c["name"], *c.get("aliases", []), *c.get("demonyms", [])]:
            generic.add(phrase_keys(alias))
    bad = []
    for file, name, alias in _named_aliases(files):
        for variant in gap_variants(alias):
            rest = tuple(k for k in phrase_keys(variant.replace(GAP, " ")) if k)
            if rest in generic:
                bad.append(f"{file} {name!r}: {alias!r} -> {variant!r}")
    assert not bad, bad


def test_state_units_use_the_forces_name(files: dict[str, dict[str, Any]]) -> None:
    """Named units are listed under the name forces.yaml builds for the institution, so
    "Tiger Forces" and "Syrian soldiers" are one actor."""
    countries = {c["iso3"]: c for c in _entries(files, "countries.yaml")}
    templates = {i["name_template"] for i in _entries(files, "forces.yaml")}
    for g in _entries(files, "groups.yaml"):
        m = re.match(r"(Military|Police) Forces of ", g["name"])
        if m is None:
            continue
        template = m.group(0) + "{country}"
        assert template in templates, g["name"]
        c = countries[g["country"]]
        country = ("the " if c.get("definite_article") else "") + c["name"]
        assert g["name"] == template.format(country=country), g["name"]
        assert g["kind"] == "state_forces", g["name"]


def test_reserved_aliases(files: dict[str, dict[str, Any]]) -> None:
    by_key: dict[tuple[str, ...], str] = {}
    for _file, name, alias in _named_aliases(files):
        by_key[phrase_keys(alias)] = name
    assert by_key[phrase_keys("al-Shabaab")] == "Al Shabaab"  # Somalia's only
    assert by_key[phrase_keys("SNA")] == "Syrian National Army"
    assert by_key[phrase_keys("ADF")] == "Allied Democratic Forces"
    assert by_key[phrase_keys("coalition")] == "U.S.-led coalition"
    assert by_key[phrase_keys("African Union")] == "African Union"
    assert by_key[phrase_keys("AU troops")].startswith("AMISOM")
    for name in ("Nusra Front", "Jabhat Fateh al-Sham", "JFS", "HTS"):
        assert by_key[phrase_keys(name)] == "Hayat Tahrir al-Sham"


# --- through the real matcher -----------------------------------------------------------


@pytest.fixture(scope="module")
def lexicon() -> Any:
    from sitrep.actors import ActorLexicon

    return ActorLexicon.load()


def _found(lexicon: Any, text: str) -> list[tuple[str, str, str]]:
    from sitrep.tokens import tokenize

    _sentences, tokens = tokenize(text)
    out = []
    for m in lexicon.index.find_all(tokens):
        words = text[tokens[m.start].start : tokens[m.end - 1].end]
        for v in m.values:
            out.append((words, v.role, v.name))
    return out


@pytest.mark.parametrize(
    ("text", "role", "name"),
    [
        ("ISIS", "group", "Islamic State"),
        ("Isis", "group", "Islamic State"),
        ("IS", "group", "Islamic State"),
        ("Daesh", "group", "Islamic State"),
        ("Jabhat al-Nusra", "group", "Hayat Tahrir al-Sham"),
        ("Hizbollah", "group", "Hezbollah"),
        ("Ansarullah", "group", "Houthi Movement"),
        ("YPG", "group", "People's Protection Units"),
        ("Hashd al-Shaabi", "group", "Popular Mobilization Forces"),
        ("Tiger Forces", "group", "Military Forces of Syria"),
        ("IRGC", "group", "Military Forces of Iran"),
        ("SOHR", "source", "Syrian Observatory for Human Rights"),
        ("Syrian Observatory", "source", "Syrian Observatory for Human Rights"),
        ("U.N.", "source", "United Nations"),
        ("Doctors Without Borders", "source", "Doctors Without Borders"),
        ("Agence France-Presse", "source", "Agence France-Presse"),
    ],
)
def test_lookup(lexicon: Any, text: str, role: str, name: str) -> None:
    assert (role, name) in [(v.role, v.name) for v in lexicon.index.lookup(text)]


@pytest.mark.parametrize("text", ["is", "who", "un", "dawn", "amnesty", "coalitions"])
def test_lowercase_words_are_not_actors(lexicon: Any, text: str) -> None:
    assert [v for v in lexicon.index.lookup(text) if v.role in ("group", "source")] == []


def test_matches_in_running_text(lexicon: Any) -> None:
    found = _found(
        lexicon,
        "Fighters of the al-Nusra Front and Islamic State West Africa Province clashed, "
        "the U.S.-led coalition said, according to the Britain-based Syrian Observatory "
        "for Human Rights. What is left is Somalia's problem.",
    )
    names = [(role, name) for _w, role, name in found]
    assert ("group", "Hayat Tahrir al-Sham") in names
    assert ("group", "Islamic State West Africa Province") in names
    assert ("group", "Islamic State") not in names  # the longer province name wins
    assert ("group", "U.S.-led coalition") in names
    assert ("source", "Syrian Observatory for Human Rights") in names
    assert not [n for n in names if n[1].startswith("Islamic State Somalia")]


def test_extract_names_islamic_state() -> None:
    """Spec: a named group followed by a member noun is the group itself."""
    import sitrep

    result = sitrep.extract(
        "Islamic State fighters attacked a Syrian army position near Palmyra on Monday.",
        published="2016-09-17",
    )
    assert any(e.actor1 is not None and e.actor1.name == "Islamic State" for e in result.events)
