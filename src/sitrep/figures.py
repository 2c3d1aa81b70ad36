"""An event's casualty figures: its claims, and low/best/high over them (consolidation).

The claims of one kind (killed or injured) an event gathered are read in text order;
figures that count different victims add up into one total, the others are alternative
totals for the same toll, and best is the smallest stated total (ACLED's most conservative
figure). See docs/claims.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from sitrep.casualties import CasualtyMention
from sitrep.document import Document
from sitrep.event_casualties import other_town
from sitrep.models import Casualties, Claim


def event_figures(claims: list[CasualtyMention], doc: Document) -> Casualties | None:
    """Claims in text order, and the event's low/best/high over them.

    Figures that count different victims add up into one total: figures one source gives
    in one sentence for different victims ("five soldiers and at least 20 insurgents were
    killed" is 25), an item of a list ("15 dead among X and 23 among Y as well as two
    civilians" is 40) and a figure of other victims right after one of this event ("At
    least 15 were killed in Manbij while six others were killed" is 21; "another 20", "a
    further nine", "were also killed"). Other figures are alternative totals for the same
    toll. Over these totals: low = the smallest lower bound, best = the smallest stated
    total (ACLED's most conservative), high = the largest stated total or upper bound.
    Vague amounts count only when nothing more specific is given, a single victim ("killing
    at least one teacher") only when no larger total is.
    """
    if not claims:
        return None
    ordered: list[CasualtyMention] = []
    seen: set[tuple[int, int]] = set()
    said: set[tuple[str, str | None]] = set()
    for c in sorted(claims, key=lambda c: c.number.start):
        words = (doc.text[c.start : c.end], c.source)
        if (c.number.start, c.number.end) not in seen and words not in said:
            # a figure said again in the same words by the same source (a paragraph the
            # page repeats) is one claim: "and 20 other terrorists were killed" twice is 20
            seen.add((c.number.start, c.number.end))
            said.add(words)
            ordered.append(c)
    totals = _totals(ordered, doc)
    kept = [t for t in totals if t.specific] or totals
    larger = any(t.value is not None and t.value > 1 for t in kept)
    if len(kept) > 1:
        kept = _alternatives(kept, larger, doc)
    # the breakdown of a total ("Thirteen civilians were killed ... 9 persons were killed
    # in X ... killing 4 civilians in Y") gives parts of it, no claims (annotation 9.4);
    # "58 civilians ... 24 other people were killed" tells who the dead were: claims
    breakdown = _parts_of_a_total(totals)
    if any(c.adds == "others" for t in breakdown for c in t.figures):
        breakdown = []
    parts = {id(c) for t in breakdown for c in t.figures}
    out = []
    for c in ordered:
        if larger and c.number.value == 1 and c.adds is None and not c.number.vague:
            continue  # "killing at least one teacher" beside "22 killed": a detail, no claim
        if id(c) in parts:
            continue
        sa, sb = doc.original_span(c.start, c.end)
        n = c.number
        for source in (c.source, *c.co_sources):  # "a monitor and rebels said": a claim each
            text = doc.norm.original[sa:sb]
            out.append(Claim(n.value, n.qualifier, n.low, n.high, source, text, (sa, sb)))
    lows = [t.low for t in kept if t.low is not None]
    values = [t.value for t in kept if t.value is not None]
    highs = [t.high if t.high is not None else t.value for t in kept]
    return Casualties(
        low=min(lows) if lows else None,
        best=min(values) if values else None,
        high=max((h for h in highs if h is not None), default=None),
        claims=tuple(out),
    )


def _superseded(t: _Total, totals: list[_Total]) -> bool:
    """A smaller total than a toll said to have risen ("the death toll rose to 11") by the
    article itself, or by the total's own source or the article about the source's toll:
    an earlier count, no alternative estimate."""
    return any(
        r.first.risen
        and r.specific
        and (t.value or 0) < (r.value or 0)
        and (r.first.source is None or t.first.source in (None, r.first.source))
        for r in totals
    )


def _alternatives(kept: list[_Total], larger: bool, doc: Document) -> list[_Total]:
    """Of several totals, those that are alternative tolls of the event: not a figure of
    other victims joined to none (``_other_victims``), a single victim beside a larger
    total, a breakdown of a larger total, a count of children beside a toll of all the
    people (``_group``), or a count a risen toll superseded (``_superseded``)."""
    kept = [t for t in kept if not _other_victims(doc, t)] or kept
    if larger:
        kept = [t for t in kept if t.value != 1]
    parts = {id(t) for t in _parts_of_a_total(kept)}
    kept = [t for t in kept if id(t) not in parts] or kept
    groups = {id(t): _group(doc, t.first) if not t.added else None for t in kept}
    whole = max((t.value or 0 for t in kept if groups[id(t)] == "all" and t.specific), default=0)
    kept = [t for t in kept if not (groups[id(t)] == "part" and (t.value or 0) < whole)] or kept
    return [t for t in kept if not _superseded(t, kept)] or kept


def _other_victims(doc: Document, t: _Total) -> bool:
    """The total opens on a figure of other victims that adds to no figure of the event,
    in a sentence with no trigger of its own ("four other victims had died"): a part of the
    toll, no total of it. ("Shelling on Musraba killed another three people" is Musraba's
    toll; so is "another 40 were killed around Albu Kamal" after a figure placed in
    another town, which is another event's.)"""
    if t.first.adds is None or _tells_a_happening(doc, t.first.sent):
        return False
    prev = _added_to(doc, t.first)
    return prev is None or not other_town(doc, prev, t.first)


_MAX_PARTS = 4
_MAX_CANDIDATES = 8


def totals_of_several(
    events: list[tuple[int, object, list[CasualtyMention]]], doc: Document
) -> set[int]:
    """Figures that total the tolls of several events, by where their number starts.

    ``events`` are the article's events as (the sentence each is first told in, its day,
    its figures). A figure of an event whose toll told after it and the tolls of other
    events of the same day told after it add up to it exactly, one toll from each event,
    sums several events ("Car bomb, rocket fire kill 45" over a car bomb that killed 36 and
    rocket fire that killed nine; "16 dead in bombardment on Idlib" over 7, 7 and 2 in
    three towns): a headline or lead total, a claim of none (docs/annotation.md 9.6). A
    toll is a total of the event's figures told after the figure, figures of other
    victims added up as in ``event_figures``."""
    out: set[int] = set()
    if sum(1 for _, _, claims in events if claims) < 2:
        return out
    ordered = [sorted(claims, key=lambda c: c.number.start) for _, _, claims in events]
    for i, (_, day, claims) in enumerate(events):
        for f in claims:
            v = f.number.value
            if v is None or f.number.vague or f.number.start in out:
                continue
            later: list[tuple[int, list[CasualtyMention]]] = []
            for j, (first_sent, other_day, _) in enumerate(events):
                if j != i and (first_sent < f.sent or other_day != day):
                    continue  # told before the figure, or another day: no part of its sum
                after = [
                    c for c in ordered[j] if c.kind == f.kind and c.number.start > f.number.start
                ]
                if after:
                    later.append((j, after))
            if len(later) < 2:
                continue
            tolls = [
                (
                    j,
                    sorted(
                        {
                            t.value
                            for t in _totals(after, doc)
                            if t.value is not None and _part_of(t, v)
                        }
                    ),
                )
                for j, after in later
            ]
            tolls = [(j, values) for j, values in tolls if values]
            # a figure of the opening whose own event tells no smaller toll after it ("10
            # dead after strikes on two hospitals" over 6 and 4) may sum other events alone
            own = -1 if f.sent <= _OPENING and all(j != i for j, _ in tolls) else i
            if _sums_to(v, tolls, own):
                out.add(f.number.start)
    return out | _beside_totals(out, [c for _, _, claims in events for c in claims])


_OPENING = 2
"""The sentences of a headline and lead (by index) that may sum the tolls of several
events."""


def _beside_totals(out: set[int], claims: list[CasualtyMention]) -> set[int]:
    """Figures of the other kind that a headline or lead total over several events comes
    with, from the same source ("Attacks kill 10, injure scores in A and B" when 10 sums
    the events): totals over the same events."""
    totals = [c for c in claims if c.number.start in out and c.sent <= _OPENING]
    return {
        c.number.start
        for c in claims
        if c.number.start not in out
        and any(t.sent == c.sent and t.kind != c.kind and t.source == c.source for t in totals)
    }


def _part_of(t: _Total, total: int) -> bool:
    """A specific toll smaller than ``total``: a possible part of it."""
    return t.specific and t.value is not None and t.value < total


def _sums_to(total: int, tolls: list[tuple[int, list[int]]], own: int) -> bool:
    """One toll from each of two to ``_MAX_PARTS`` events, ``own`` among them (unless it is
    -1), that add up to ``total``."""
    if len(tolls) < 2 or len(tolls) > _MAX_CANDIDATES:
        return False
    for size in range(2, min(_MAX_PARTS, len(tolls)) + 1):
        for combo in combinations(tolls, size):
            if own >= 0 and all(j != own for j, _ in combo):
                continue
            if _pick_sum(total, [values for _, values in combo]):
                return True
    return False


def _pick_sum(total: int, choices: list[list[int]]) -> bool:
    """Whether one value from each list adds up to ``total``."""
    if not choices:
        return total == 0
    return any(_pick_sum(total - v, choices[1:]) for v in choices[0] if v <= total)


def _parts_of_a_total(totals: list[_Total]) -> list[_Total]:
    """Totals told after a larger specific total that they add up to exactly ("Thirteen
    civilians were killed ... 9 persons were killed [in two districts] ... killing 4
    civilians [in two others]"): its breakdown, no alternative tolls of their own."""
    for big in sorted(totals, key=lambda t: -(t.value or 0)):
        if big.value is None or not big.specific:
            continue
        smaller = [
            t
            for t in totals
            if t.start > big.start and t.specific and t.value is not None and t.value < big.value
        ]
        if len(smaller) < 2 or len(smaller) > _MAX_CANDIDATES:
            continue
        for size in range(2, min(_MAX_PARTS, len(smaller)) + 1):
            for combo in combinations(smaller, size):
                if sum(t.value or 0 for t in combo) == big.value:
                    return list(combo)
    return []


@dataclass(slots=True)
class _Total:
    """One toll the text gives for the event: a figure, or figures that add up."""

    low: int | None
    value: int | None
    high: int | None
    specific: bool
    start: int
    """Where its first figure stands."""
    first: CasualtyMention
    """Its first figure."""
    added: bool = False
    """Figures of other victims added to the first."""
    figures: list[CasualtyMention] = field(default_factory=list)
    """Its figures, the first among them."""

    def add(self, c: CasualtyMention) -> None:
        self.figures.append(c)
        n = c.number
        self.added = True
        if n.vague and n.value is None:
            # "... killing more than 120. Many of the fighters were also killed": the
            # total is still at least what was counted, with no upper bound
            self.high = None
            return
        self.low = _sum([self.low, n.low])
        self.value = _sum([self.value, n.value])
        self.high = _sum([self.high, n.high])
        self.specific = self.specific or not n.vague
        self.added = True


def _totals(claims: list[CasualtyMention], doc: Document) -> list[_Total]:
    """The event's totals: each figure starts one, unless it adds to the total of a figure
    told before it (``_adds_to``)."""
    totals: list[_Total] = []
    total_of: dict[int, _Total] = {}
    for c in claims:
        prev = _added_to(doc, c)
        joined = total_of.get(prev.number.start) if prev is not None else None
        if prev is not None and joined is not None:
            joined.add(c)
        else:
            n = c.number
            joined = _Total(n.low, n.value, n.high, not n.vague, n.start, c, figures=[c])
            totals.append(joined)
        total_of[c.number.start] = joined
    return totals


def _added_to(doc: Document, c: CasualtyMention) -> CasualtyMention | None:
    """The figure whose victims ``c`` adds to (its total, if it is one of this event's):
    for "six others", "20 other fighters" the figure right before it in its sentence, of
    its kind; for "another 40", "a further nine", "were also killed" the last figure of its
    kind in its sentence or the one before; for a figure right after another one of the
    same source and sentence, joined by "and", that figure when they count different
    victims ("five soldiers and at least 20 insurgents")."""
    prev: CasualtyMention | None = None
    last: CasualtyMention | None = None  # the last figure of its kind before it
    for x in doc.casualties:
        if x.number.end <= c.number.start:
            if prev is None or x.number.start > prev.number.start:
                prev = x
            if x.kind == c.kind and (last is None or x.number.start > last.number.start):
                last = x
    if prev is None:
        return None
    if c.adds == "more":
        if last is not None and last.sent < c.sent and prev.sent == c.sent:
            # "a man and his daughter were killed and four more people got injured": the
            # four are besides the killed of their own sentence, not more of the injured
            # told before it
            return None
        return last if last is not None and 0 <= c.sent - last.sent <= 1 else None
    if prev.kind != c.kind or prev.sent != c.sent:
        return None
    if c.adds == "others":
        return prev
    if c.source != prev.source or c.number.vague or prev.number.vague:
        return None
    if " and " not in doc.text[prev.number.end : c.number.start]:
        return None
    a, b = _victim_key(doc, prev), _victim_key(doc, c)
    return prev if a is not None and b is not None and a != b else None


def _tells_a_happening(doc: Document, sent: int) -> bool:
    """The sentence names a happening by a trigger of its type ("shelling", "air strike"),
    not only by a casualty word or a reference."""
    return any(m.sent == sent and not m.rule.startswith("@") for m in doc.events)


_NO_VICTIM = frozenset(
    """people persons individuals were was are is have has had been dead killed died wounded
    injured of in on at and or others more""".split()
)


def _victim_key(doc: Document, c: CasualtyMention) -> str | None:
    """Who a figure counts: its victim actor, else the word after it ("129 loyalists")."""
    if c.victim is not None:
        return c.victim.text.lower()
    i = doc.token_index_at(c.number.end)
    if i >= len(doc.tokens) or doc.tokens[i].sent != c.sent:
        return None
    key = doc.tokens[i].key
    return key if key.isalpha() and key not in _NO_VICTIM else None


_ALL_VICTIMS = frozenset("people persons individuals civilians victims".split())
_PART_VICTIMS = frozenset(
    """children child kids schoolchildren pupils women babies infants girls boys minors
    toddlers""".split()
)
"""Victims that are a part of the people an event killed: "the bodies of four children"
beside "killing five people" counts some of the five, no toll of its own."""
_NOUN_BREAKS = frozenset("including among of in on at by as and".split())


def _group(doc: Document, c: CasualtyMention) -> str | None:
    """Whom a figure counts, by the words right after it: ``all`` the victims ("five
    people", "killing five"), a ``part`` of them ("four children", "25 casualties were
    children"), or some group (None: "12 soldiers")."""
    i = doc.token_index_at(c.number.end)
    stop = doc.sentences[c.sent].end_token
    if i >= stop or not doc.tokens[i].text.isalpha():
        return "all"
    for t in doc.tokens[i : min(stop, i + 4)]:
        if t.key in _PART_VICTIMS:
            return "part"
        if t.key in _ALL_VICTIMS:
            return "all"
        if t.key in _NOUN_BREAKS or not t.text.isalpha():
            break
    return "all" if doc.tokens[i].key in _NO_VICTIM else None


def _sum(values: list[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)
