"""Where and when an event happened: its own place and date, and the article's.

``own_place`` / ``own_date`` read the event's own sentences; ``story_place`` is the place
the article names most, ``story_date`` the recent date its lead gives. ``sentence_dates``
and ``days_agree`` (a report dated the day after the happening agrees with it) also serve
the merging. ``consolidate.build_events`` falls back from own to the preceding event's to
the story's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitrep.dates import DocDate
from sitrep.document import Document
from sitrep.drafts import Draft
from sitrep.event_context import opens_period, span_after
from sitrep.events import EventMention, PastMention, is_history
from sitrep.models import DateBasis
from sitrep.places import PlaceMention

_FEATURE_RANK = {"city": 0, "admin1": 1, "country": 2}


def own_place(doc: Document, d: Draft) -> PlaceMention | None:
    """The most precise place the event's mentions name: per mention, the most precise
    place of its sentence (among equals the first after its trigger, else the nearest
    before it); over the mentions, the most precise, the first mention's among equals. A
    reference ("the attack targeted a police station in Inkhil") counts after the
    mentions proper: "a car bomb in Syria ... The attack targeted ... Inkhil" is Inkhil."""
    best: tuple[tuple[int, int, int], PlaceMention] | None = None
    for m in d.mentions:
        if m.secondary == "furniture":
            continue  # a caption or a link list names other places and other stories
        at = _trigger_start(doc, m)
        in_sentence, _ = _sentence_places(doc, d, m, at)
        if not in_sentence:
            continue
        place = min(in_sentence, key=lambda p: _place_rank(p, at))
        rank = (
            _FEATURE_RANK.get(place.place.feature, 3),
            int(place.origin),
            1 if m.anaphoric else 0,
        )
        if m.anaphoric and rank[0] >= _FEATURE_RANK["country"]:
            continue  # "the strikes threatened the ceasefire in Syria"
        if best is None or rank < best[0]:
            best = (rank, place)
    if best is not None and best[1].place.feature == "country":
        # "a command post was destroyed ... in central Syria": the story's main place in
        # that country is more precise than the country
        story = story_place(doc)
        if story is not None and story.place.country2 == best[1].place.country2:
            return story
    return best[1] if best else None


def other_events_places(doc: Document, d: Draft) -> set[int]:
    """The places of the event's sentences that another event's trigger stands in front
    of ("19 killed near the capital hours after a gas attack in Khan Sheikhun"): not the
    event's own, nor its story's main place if it has none of its own."""
    behind: set[int] = set()
    own: set[int] = set()
    for m in d.mentions:
        if m.secondary == "furniture":
            continue
        mine, theirs = _sentence_places(doc, d, m, _trigger_start(doc, m))
        own.update(p.place.geonames_id for p in mine)
        behind.update(p.place.geonames_id for p in theirs)
    return behind - own


def _trigger_start(doc: Document, m: EventMention) -> int:
    """Character offset of the mention's first trigger word (absorbed triggers too)."""
    return doc.tokens[m.first_tok if m.first_tok >= 0 else m.tok_start].start


def _sentence_places(
    doc: Document, d: Draft, m: EventMention, at: int
) -> tuple[list[PlaceMention], list[PlaceMention]]:
    """The places of the mention's sentence: the event's own, and those another event's
    trigger stands in front of (:func:`_behind_other_event`)."""
    mine: list[PlaceMention] = []
    theirs: list[PlaceMention] = []
    for p in doc.places:
        if p.sent == m.sent:
            (theirs if _behind_other_event(doc, d, m, at, p.start) else mine).append(p)
    return mine, theirs


def _behind_other_event(doc: Document, d: Draft, m: EventMention, at: int, place: int) -> bool:
    """Does another event's trigger stand between the event's trigger (at ``at``) and a
    place of its sentence, not joined to it ("shelling and air strikes in Douma" share
    Douma)? "Cruise missiles damaged an airbase used for a chemical attack on a village in
    Idlib": Idlib is the chemical attack's, not the missiles'."""
    if place > at and span_after(doc.tokens, m.tok_end, doc.token_index_at(place)):
        return True  # "The assault comes two weeks after IS killed 270 ... in Homs"
    lo, hi = min(at, place), max(at, place)
    return any(
        o.sent == m.sent
        and lo < o.start < hi
        and o.sub_event_type != d.sub_event_type
        and o not in d.mentions
        and max(o.tok_start - m.tok_end, m.tok_start - o.tok_end) > _JOINED_TRIGGERS
        for o in doc.events
    )


_JOINED_TRIGGERS = 4
"""Tokens from one trigger to the next, at most, for the two to be joined ("shelling and
air strikes", "air raids and artillery fire") and share the place after them."""


def paragraph_place(
    doc: Document, d: Draft, headers: list[PlaceMention], previous: PlaceMention | None
) -> PlaceMention | None:
    """An event with no place of its own, told under a section header that names a
    province or town ("Daraa" on its own line) after the previous event's place, is in
    that header's place (precision 2 or 3: somewhere in it); and one whose sentence names a
    village the gazetteer lacks ("in Dabet al-Mella village") is near the place the text
    named last before it, not at it (precision 2, or 3 for a province)."""
    told = [m.sent for m in d.mentions if not m.anaphoric] or [m.sent for m in d.mentions]
    first = min(told)
    after = previous.sent if previous is not None else -1
    head = next((h for h in reversed(headers) if after < h.sent <= first), None)
    if head is not None:
        return head
    if _names_unknown_village(doc, first):
        # the place the text named last before it (not a later one the previous event
        # took from a summary), as the unknown village's surroundings
        last = [
            p
            for p in doc.places
            if p.sent < first and p.place.feature != "country" and not p.origin
        ]
        if last:
            return replace(last[-1], precision=max(2, last[-1].precision))
    return None


def _names_unknown_village(doc: Document, sent: int) -> bool:
    """ "in Dabet al-Mella village", "the village of Heneyda": a settlement the sentence
    names that the gazetteer does not know (no place found in the sentence)."""
    if any(p.sent == sent for p in doc.places):
        return False
    if sent in doc.namesake_sents:
        return True  # "battling for control of Al-Maleh" (not the Malah of Sweida)
    s = doc.sentences[sent]
    return _UNKNOWN_VILLAGE.search(doc.text, s.start, s.end) is not None


_UNKNOWN_VILLAGE = re.compile(
    r"\b(?:village|town)s? of (?:the )?[A-Z]"
    r"|\b(?!(?:The|A|An|This|That|Another|One|Each|Every|Its|Their)\b)[A-Z][\w'-]*"
    r" (?:village|town)s?\b"
)


def _place_rank(p: PlaceMention, trigger_start: int) -> tuple[int, int, int, int]:
    """City before region before country; then a place before the reference point that
    says where it lies ("Madaya, 40 km west of Damascus") or the people's origin
    ("evacuees from Foua"); then after the trigger before before it; then near."""
    after = p.start >= trigger_start
    distance = p.start - trigger_start if after else trigger_start - p.end
    return (
        _FEATURE_RANK.get(p.place.feature, 3),
        int(p.reference or p.origin or p.header),
        0 if after else 1,
        distance,
    )


def story_place(doc: Document, besides: set[int] | None = None) -> PlaceMention | None:
    """The article's main place: the specific place it names most often, the first among
    equals; places of sentences dated in the past ("in Aleppo last year", "in Ghouta in
    August 2013") are background and count only when there are no others. ``besides``:
    geonames ids of places that are not candidates (another event's)."""
    places = [p for p in doc.places if not (besides and p.place.geonames_id in besides)]
    specific = [p for p in places if p.place.feature != "country"]
    current = [p for p in specific if not is_history(doc, p.sent)]
    specific = current or specific
    if specific:
        counts: dict[int, int] = {}
        for p in specific:
            counts[p.place.geonames_id] = counts.get(p.place.geonames_id, 0) + 1
        return max(specific, key=lambda p: (counts[p.place.geonames_id], -p.start))
    return places[0] if places else None


def own_date(doc: Document, d: Draft) -> DocDate | None:
    """The date the event's sentences give, nearest its trigger: the first mention's, else
    a later mention's, else the day a reference gives ("SOHR said on Friday that Russian
    strikes killed 14 ... three children were among those killed overnight"); the day a
    source spoke only when none of them dates the event itself. A reference's vaguer
    period ("air strikes killed dozens this week") sums up more than the event; a told
    mention's period ("recently") stands only when no later mention gives a day."""
    report: DocDate | None = None
    vague: DocDate | None = None
    told = [m for m in d.mentions if not m.anaphoric]
    for m in told + [m for m in d.mentions if m.anaphoric]:
        dates = [
            x
            for x in sentence_dates(doc, m.sent)
            if not span_after(doc.tokens, m.tok_end, doc.token_index_at(x.mention.start))
        ]  # "The attack comes a day after an airstrike on Monday killed 12": not its day
        event_dates = [
            x for x in dates if not _report_date(doc, x) and (not m.anaphoric or _a_day(x))
        ]
        if event_dates:
            nearest = min(event_dates, key=lambda x: abs(x.mention.start - m.start))
            if _a_day(nearest):
                return nearest
            vague = vague or nearest
        if dates and report is None and not m.anaphoric:
            report = min(dates, key=lambda x: abs(x.mention.start - m.start))
    return vague or report


def _a_day(x: DocDate) -> bool:
    """Resolved to a day, not a week or a month."""
    return x.resolved is not None and x.resolved.precision == "day"


def _report_date(doc: Document, date: DocDate) -> bool:
    """ "Police said on Monday that ...", "On Sunday a monitor said ...", "On Tuesday the
    monitor raised the toll from strikes the previous day": the day of the report, not of
    the event — it stands right after the speech verb or outside what was said. A day
    that "the day before" counts from is the telling's, unless an event of its sentence is
    told before it ("A bomb hit the convoy on Saturday, killing people evacuated the day
    before": Saturday is the bombing's)."""
    start = date.mention.start
    tok = doc.token_index_at(start)
    if tok >= len(doc.tokens):
        return False
    sent = doc.tokens[tok].sent
    if date.anchor:
        return not any(m.sent == sent and m.end <= start and not m.anaphoric for m in doc.events)
    said = [a for a in doc.attributions if a.sent == sent]
    if any(0 < tok - a.verb_tok <= 4 and _beside_verb(doc, a.verb_tok, tok) for a in said):
        return True  # not the next sentence's "Monday's raid" after "... said Tuesday."
    return bool(said) and not any(a.content[0] <= start < a.content[1] for a in said)


def date_basis(doc: Document, x: DocDate, d: Draft) -> DateBasis:
    """What the date ``x`` of event ``d`` rests on (:data:`sitrep.models.DateBasis`; an
    event no phrase dates rests on its publication): a night or a late hour ("Thursday
    night", "overnight", "late Tuesday", "the past 24 hours"), the day a source spoke ("a
    monitor said on Tuesday"), a date of another sentence than the event's own (the
    preceding event's, the lead's), or the event's own sentence."""
    assert x.resolved is not None
    m = x.mention
    before = doc.text[max(0, m.start - 8) : m.start].lower()
    if x.resolved.precision == "day" and (
        "night" in m.text.lower()  # "Thursday night", "last night", "overnight", "tonight"
        or m.unit == "hours"
        or before.endswith(("late ", "late on "))
    ):
        return "night"
    if _report_date(doc, x):
        return "report"
    sent = doc.tokens[doc.token_index_at(m.start)].sent
    return "event" if sent in d.sents else "story"


_BESIDE_VERB = frozenset("on late early in a the statement this last".split())


def _beside_verb(doc: Document, verb_tok: int, tok: int) -> bool:
    """ "said on Monday", "told Reuters late Monday": only names and small words between the
    speech verb and the day; in "said shelling on Sunday hit ..." the day is what was said."""
    return all(
        t.key in _BESIDE_VERB or t.text[:1].isupper() for t in doc.tokens[verb_tok + 1 : tok]
    )


_STORY_DAYS = 7


_LEAD_SENTENCES = 3


def story_date(doc: Document) -> DocDate | None:
    """The first date within the week before publication that the article's lead (its
    first sentences) gives: an event the text does not date is one of the story's recent
    happenings, not of a date in its background (a photo caption, an earlier attack) nor
    of another happening told further down; with none, the day before publication when
    the article reports "the last 24 hours", else the publication week."""
    lead_end = doc.sentences[min(_LEAD_SENTENCES, len(doc.sentences)) - 1].end
    for x in doc.dates:
        r = x.resolved
        if x.mention.start >= lead_end:
            break
        if r is None or x.header:
            continue
        if doc.published is None or 0 <= (doc.published - r.date).days <= _STORY_DAYS:
            return x
    # a daily report's frame anywhere in it: "within the last 24 hours" (the day before)
    return next(
        (
            x
            for x in doc.dates
            if x.resolved is not None
            and "24 hours" in doc.text[x.mention.start : x.mention.end]
            and not is_history(doc, doc.tokens[doc.token_index_at(x.mention.start)].sent)
        ),
        None,
    )


def days_agree(doc: Document, a: DocDate, b: DocDate) -> bool:
    """The same day, or a report dated the day after the happening."""
    if a.resolved is None or b.resolved is None:
        return False
    gap = (a.resolved.date - b.resolved.date).days
    if gap == 0:
        return True
    return abs(gap) == 1 and _report_date(doc, a if gap > 0 else b)


def sentence_dates(doc: Document, sent: int) -> list[DocDate]:
    """The sentence's dates, but for the page's header and the day a period began ("since
    the truce collapsed Monday")."""
    s = doc.sentences[sent]
    return [
        x
        for x in doc.dates
        if s.start <= x.mention.start < s.end
        and x.resolved is not None
        and not x.header
        and not opens_period(doc, x)
    ]


def late_report(doc: Document, drafts: list[Draft]) -> None:
    """A late report: the article's headline or lead names a kind of happening, it tells one
    without a day of its own (dated by the day a source spoke or by the story's), and a
    history sentence names one of that kind as known, on a day well before ("Evidence
    suggests government forces were responsible for a poison gas attack, Human Rights
    Watch said on Tuesday ... The chemical weapons attack near Damascus on August 21
    killed more than 1400 people"). The told one is that happening: it takes the history
    sentence's day, and its place when it has none of its own. Only the first event of
    the kind: the others are what the story reports besides."""
    if not doc.past_events or doc.published is None:
        return
    headline = {
        m.sub_event_type
        for m in doc.events
        if m.secondary == "headline" or (m.sent <= 1 and m.secondary != "furniture")
    }
    seen: set[str] = set()
    for d in drafts:
        kind = d.sub_event_type
        if kind not in headline or kind in seen:
            continue
        seen.add(kind)
        own = own_date(doc, d)
        if own is not None and date_basis(doc, own, d) != "report":
            continue
        day = _past_day(doc, kind)
        if day is None:
            continue
        past, d.date = day
        if not d.own_place:
            place = next((p for p in doc.places if p.sent == past and not p.header), None)
            d.place = place or d.place


def _past_day(doc: Document, kind: str) -> tuple[int, DocDate] | None:
    """The sentence and day of the first happening of ``kind`` a history sentence names
    as known, when it gives a day before publication."""
    assert doc.published is not None
    for p in doc.past_events:
        if p.sub_event_type != kind:
            continue
        for x in sentence_dates(doc, p.sent):
            r = x.resolved
            if (
                r is not None
                and r.precision == "day"
                and r.date < doc.published
                and _dates_the_mention(doc, x, p)
            ):
                return p.sent, x
    return None


_PHRASE_AFTER = 6
"""Tokens after a past happening's trigger that may still be its phrase ("attack near
Damascus on August 21")."""
_JOINING = frozenset("on in near at of outside the".split())


def _dates_the_mention(doc: Document, x: DocDate, p: PastMention) -> bool:
    """Is ``x`` part of the past happening's phrase: between its determiner and trigger
    ("the August 21 attacks"), or after the trigger with only prepositions and names
    between ("The chemical weapons attack near Damascus on August 21")? Not a date of
    another clause ("a visit scheduled for April 10 after the poison gas attack")."""
    at = doc.token_index_at(x.mention.start)
    if p.tok_start <= at < p.tok_end:
        return True
    if not p.tok_end <= at <= p.tok_end + _PHRASE_AFTER:
        return False
    return all(t.key in _JOINING or t.is_title for t in doc.tokens[p.tok_end : at])
