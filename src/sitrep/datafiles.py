"""Reading the packaged data files (lexicons are data, not code)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from sitrep.errors import LexiconError

_BRACES = re.compile(r"\{([^{}]*)\}")


@cache
def load_yaml(name: str) -> dict[str, Any]:
    """Load ``sitrep/data/<name>``; check it is a mapping with a ``version``."""
    try:
        raw = resources.files("sitrep").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(f"packaged data file {name} is missing") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise LexiconError(f"data file {name}: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise LexiconError(f"data file {name}: expected a mapping with a 'version' key")
    return data


def data_path(name: str) -> Any:
    """A traversable for ``sitrep/data/<name>`` (for non-YAML data such as TSV)."""
    return resources.files("sitrep").joinpath("data", name)


def expand(phrase: str) -> list[str]:
    """Brace expansion in lexicons: ``"shell{,s,ed}"`` → shell, shells, shelled."""
    m = _BRACES.search(phrase)
    if m is None:
        return [phrase]
    out: list[str] = []
    for option in m.group(1).split(","):
        out.extend(expand(phrase[: m.start()] + option + phrase[m.end() :]))
    return out


def expand_all(phrases: list[str]) -> list[str]:
    out: list[str] = []
    for p in phrases:
        out.extend(expand(p))
    return out
