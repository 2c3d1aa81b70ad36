"""The shared document object every pipeline stage reads from and adds to.

Each stage fills the fields named in its module docstring; none changes another's output.
All spans held here are in *normalised* text offsets; ``Document.original_span`` maps them
back to the text exactly as given.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING

from sitrep.models import Article, Span
from sitrep.normalize import NormalizedText
from sitrep.tokens import Sentence, Token

_START = attrgetter("start")

if TYPE_CHECKING:
    from sitrep.actors import ActorMention
    from sitrep.attribution import Attribution
    from sitrep.casualties import CasualtyMention
    from sitrep.dates import DocDate
    from sitrep.events import EventMention, PastMention
    from sitrep.places import PlaceMention
    from sitrep.quantities import NumberPhrase
    from sitrep.statements import Quote


@dataclass(slots=True)
class Document:
    article: Article
    article_id: str
    norm: NormalizedText
    published: dt.date | None
    """The day relative dates are read from: the article's dateline when its text has one
    (``dateline``, set by the dates stage), else the ``published`` field given with it."""
    sentences: list[Sentence]
    tokens: list[Token]
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    namesake_sents: set[int] = field(default_factory=set)
    """Sentences naming a place whose only gazetteer entry is a namesake far away (dropped):
    a place the gazetteer lacks."""
    dates: list[DocDate] = field(default_factory=list)
    numbers: list[NumberPhrase] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    past_events: list[PastMention] = field(default_factory=list)
    """Happenings history sentences name as already known ("The chemical weapons attack
    near Damascus on August 21 killed ..."): no events, but the day of the one a late
    report retells (``placing.late_report``)."""
    dateline: dt.date | None = None
    """The date printed at the head of the text ("10 Sep 2016 ..."), when there is one."""
    context_country: str | None = None
    """The article's main country (alpha-3), voted from places and actors."""

    @property
    def text(self) -> str:
        """The normalised text."""
        return self.norm.text

    def original_span(self, start: int, end: int) -> Span:
        return self.norm.to_original(start, end)

    def original_text(self, start: int, end: int) -> str:
        return self.norm.original_slice(start, end)

    def sentence_tokens(self, sent: int) -> list[Token]:
        s = self.sentences[sent]
        return self.tokens[s.first_token : s.end_token]

    def token_index_at(self, char: int) -> int:
        """Index of the first token that starts at or after ``char``."""
        return bisect_left(self.tokens, char, key=_START)
