"""What a place mention is there for, besides naming where something happened: a
reference point that says where another place lies, a crosshead over a paragraph, or the
place people came from (docs/places.md)."""

from __future__ import annotations

from collections.abc import Sequence

from sitrep.tokens import Token

_COMPASS = frozenset(
    """north south east west northeast northwest southeast southwest north-east north-west
    south-east south-west""".split()
)
_DISTANCE_UNITS = frozenset("km kms kilometres kilometers kilometre kilometer miles mile".split())
_HEDGES = frozenset(
    """about around some roughly nearly just approximately only located lying situated
    lies""".split()
)
_DESCRIBED_NOUNS = frozenset(
    """village town city area district neighbourhood neighborhood suburb camp base airport
    hill villages towns""".split()
)
"""Nouns a reference point can describe: "the village 50 km east of Homs"."""
_ORIGIN_PEOPLE = frozenset(
    """residents evacuees people civilians displaced evacuated refugees natives inhabitants
    families""".split()
)
"""People named by where they came from ("evacuees from Foua", "residents of Madaya")."""
_LEAVING = frozenset({"leaving", "left", "fled", "fleeing", "abandoned", "quit"})
"""Verbs whose object is a place people came from ("after leaving Foua")."""


def reference_point(tokens: Sequence[Token], i: int, first: int, place_ends: set[int]) -> bool:
    """The place at ``tokens[i]`` only says where a place named just before lies: "in
    Madaya, 40 km west of Damascus", "Madaya west of the capital Damascus", "in Jadieh
    village 65 km northwest of Daraa city", "Madaya, a town near Damascus"."""
    k = i - 1
    if k >= first and tokens[k].key == "capital":
        k -= 1
    elif k - 1 >= first and tokens[k].key == "of" and tokens[k - 1].key in ("city", "town"):
        k -= 2
    if k >= first and tokens[k].key == "the":
        k -= 1
    if k < first:
        return False
    compass = False
    if tokens[k].key in ("near", "outside"):
        k -= 1
    elif k - 1 >= first and tokens[k].key == "of" and tokens[k - 1].key in _COMPASS:
        compass = True
        k -= 2
        if k - 1 >= first and tokens[k].key in _DISTANCE_UNITS and tokens[k - 1].key.isdigit():
            k -= 2
    else:
        return False
    for _ in range(2):
        if k >= first and tokens[k].key in _HEDGES:
            k -= 1
    if k >= first and tokens[k].key == ",":
        k -= 1
    if k < first:
        return False
    t = tokens[k]
    if t.key in _DESCRIBED_NOUNS or k + 1 in place_ends:
        return True
    # "Heneyda, 25 km west of Raqqa": a name the gazetteer lacks (not an acronym: "an IED
    # near Qamishli" is no place)
    return (
        compass and t.is_title and k > first and t.key not in _STOP_TITLES and not t.text.isupper()
    )


_STOP_TITLES = frozenset({"the", "a", "an", "in", "on", "at", "and", "or", "but", "it", "he"})


_RUN_IN_OPENERS = frozenset(
    """the in a an on at meanwhile syrian army also elsewhere terrorists countryside""".split()
)
"""Capitalised words that open a paragraph a crosshead runs into ("Homs In the ...",
"Deir Ezzor The Syrian army's ...", "Hama Syrian Army units clashed ...")."""


def crosshead(tokens: Sequence[Token], i: int, j: int, first: int, stop: int) -> bool:
    """The place opens its sentence and is all of it ("Daraa" on its own line), or is run
    into the paragraph's first sentence: a capitalised opener follows it ("Homs In the
    neighbouring Homs province the air force ...")."""
    if i != first:
        return False
    if j < stop and tokens[j].is_title and tokens[j].key in _RUN_IN_OPENERS:
        return True
    return all(not tokens[k].text.isalnum() for k in range(j, stop))


def origin(tokens: Sequence[Token], i: int, first: int) -> bool:
    """ "residents of Madaya", "evacuees from Foua", "people evacuated from the villages of
    Foua and Kefraya": where the people came from, not where anything befell them."""
    k = i - 1
    if k >= first and tokens[k].key in _LEAVING:
        return True
    for _ in range(10):
        if k - 1 < first:
            return False
        key = tokens[k].key
        if key in ("from", "of"):
            before = tokens[k - 1].key
            if before in _ORIGIN_PEOPLE:
                return True
            if key == "from" and k - 2 >= first and tokens[k - 2].key in _ORIGIN_PEOPLE:
                return True  # "people evacuated from"
            if key == "from":
                return False
        elif key in ("in", "on", "at", "near", "into", "to", ".", ";"):
            return False
        k -= 1
    return False
