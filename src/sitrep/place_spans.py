"""Candidate place-name spans (token ranges with their gazetteer entries) and the small
helpers the place stages share: a span's gazetteer key and a quick distance."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.gazetteer import Place, name_key
from sitrep.tokens import Token


@dataclass(slots=True)
class NameSpan:
    """Tokens ``i:j`` name a place the gazetteer knows as ``places`` (its candidates);
    ``region_noun``: a region noun stands by it ("Idlib province")."""

    i: int
    j: int
    places: list[Place]
    region_noun: bool = False


def approx_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: enough to rank candidates by nearness."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(x, math.radians(lat2 - lat1))


def span_key(tokens: Sequence[Token], i: int, j: int) -> str:
    """The gazetteer key of the name at ``tokens[i:j]`` (hyphens left out)."""
    return name_key(" ".join([t.text for t in tokens[i:j] if t.text != "-"]))
