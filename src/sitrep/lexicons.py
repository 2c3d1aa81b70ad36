"""All read-only lexicons of the pipeline, loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sitrep.actors import ActorLexicon
from sitrep.attribution import SpeechLexicon
from sitrep.casualties import CasualtyLexicon
from sitrep.events import EventLexicon
from sitrep.gazetteer import Gazetteer, load_gazetteer


@dataclass(frozen=True, slots=True)
class Lexicons:
    actors: ActorLexicon
    events: EventLexicon
    speech: SpeechLexicon
    casualties: CasualtyLexicon
    gazetteer: Gazetteer

    @classmethod
    def load(cls) -> Lexicons:
        return cls(
            actors=ActorLexicon.load(),
            events=EventLexicon.load(),
            speech=SpeechLexicon.load(),
            casualties=CasualtyLexicon(),
            gazetteer=load_gazetteer(),
        )


@cache
def default_lexicons() -> Lexicons:
    """The packaged lexicons, loaded on first use and shared by every extraction."""
    return Lexicons.load()
