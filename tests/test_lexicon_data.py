"""Shape of the event, cue and speech lexicons (data files, versioned)."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.datafiles import expand, expand_all, load_yaml
from sitrep.taxonomy import EVENT_TYPE_OF, SUB_EVENT_TYPES, TAXONOMY

RULES = {
    "@territory",
    "@attack",
    "@casualty",
    "@abduct",
    "@arrest",
    "@protest",
    "@crowd_control",
    "@reference",
    "@explosion",
    "@ignore",
}


def _strings(node: Any, where: str) -> None:
    """Every leaf of a phrase list is a string (YAML reads bare no/yes/on as booleans)."""
    if isinstance(node, dict):
        for key, value in node.items():
            _strings(value, f"{where}/{key}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, (dict, list)):
                _strings(item, where)
            else:
                assert isinstance(item, str) and item.strip(), f"{where}: {item!r}"


@pytest.mark.parametrize(
    "name", ["triggers.yaml", "cues.yaml", "speech.yaml", "place_aliases.yaml"]
)
def test_every_phrase_is_a_string(name: str) -> None:
    data = load_yaml(name)
    assert isinstance(data["version"], int)
    _strings({k: v for k, v in data.items() if k != "version"}, name)


def test_triggers_shape() -> None:
    seen_types = set()
    for entry in load_yaml("triggers.yaml")["triggers"]:
        rule = entry["sub_event_type"]
        assert rule in RULES or rule in EVENT_TYPE_OF, rule
        assert entry.get("pos", "noun") in ("noun", "verb")
        assert isinstance(entry.get("specificity", 3), int)
        if "object" in entry:
            assert entry["object"] in load_yaml("cues.yaml")["objects"]
        for key in ("default",):
            if entry.get(key):
                assert entry[key] in EVENT_TYPE_OF
        if entry.get("refers_to"):
            assert entry["refers_to"] in TAXONOMY
        assert expand_all(entry["phrases"])
        seen_types.add(rule)
    concrete = {t for t in seen_types if not t.startswith("@")}
    # every sub-event type has a trigger of its own, or comes from a rule
    from_rules = {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Arrests",
        "Abduction/forced disappearance",
    }
    assert set(SUB_EVENT_TYPES) <= concrete | from_rules


def test_cues_shape() -> None:
    cues = load_yaml("cues.yaml")
    assert set(cues["protest"]) == {"violent", "excessive", "intervention"}
    assert {"before", "history", "sentence", "accident_or_crime"} <= set(cues["modality"])
    assert {"killed", "injured", "subset", "toll", "single_victims"} <= set(cues["casualty"])


def test_speech_shape() -> None:
    speech = load_yaml("speech.yaml")
    assert set(speech["verbs"]) == {"said", "according", "quoted", "cited"}
    assert "spokesman" in speech["titles"]


def test_brace_expansion() -> None:
    assert expand("shell{,s,ed,ing}") == ["shell", "shells", "shelled", "shelling"]
    assert expand("agreed {a,to a} {ceasefire,truce}") == [
        "agreed a ceasefire",
        "agreed a truce",
        "agreed to a ceasefire",
        "agreed to a truce",
    ]
