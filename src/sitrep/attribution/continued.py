"""Reports that go on in the next sentence without a speech verb of their own.

"The ministry said 120 militants were killed near Mayadin. In another air strike more than
60 mercenaries were killed south of Deir ez-Zor." — the second sentence tells more of the
ministry's report: its figures are the ministry's. A careful coder reads a sentence as the
same speaker's only when nothing else can claim it, so the rule is narrow:

- the sentence opens on words that announce more of the same ("In another ...", "In a
  further ...", "Another ...", "A further ...", "Also ..."), has no speech act, quote,
  source or hearsay word ("reportedly", "according") of its own, and gives a figure;
- the sentence right before it is a report with a figure in what was said (or is itself
  such a continuation), and not the headline.

Openers of the narrator's own framing ("Meanwhile", "Moreover", "Earlier", "On Friday",
"In the same context") never continue a report. A continuation is an ``Attribution`` with
``continues=True`` over the whole sentence, copied from the speech act it continues (one per
co-speaker): casualty claims read it like any speech act; it is no statement of its own
(no one is said to say it, ``docs/annotation.md`` § 6).
"""

from __future__ import annotations

from dataclasses import replace

from sitrep.attribution.common import Attribution
from sitrep.attribution.references import headline_span
from sitrep.document import Document

_OPENERS: tuple[tuple[str, ...], ...] = (
    ("in", "another"),
    ("in", "a", "further"),
    ("in", "a", "second"),
    ("in", "a", "third"),
    ("another",),
    ("a", "further"),
    ("also",),
)
"""Sentence openings that tell more of the same report."""
_HEARSAY = frozenset({"reportedly", "according", "reports", "reported", "allegedly"})
"""Words that give a sentence a source or a hedge of its own."""


def continue_reports(doc: Document) -> None:
    """Add to ``doc.attributions`` the sentences that continue the report right before
    them (needs ``doc.numbers`` and ``doc.quotes``)."""
    if not doc.attributions:
        return
    by_sent: dict[int, list[Attribution]] = {}
    for att in doc.attributions:
        by_sent.setdefault(att.sent, []).append(att)
    tokens = doc.tokens
    headline_end: int | None = None
    added: list[Attribution] = []
    previous: list[Attribution] = []  # the continuation told in the sentence before
    for s in doc.sentences[1:]:
        carried, previous = previous, []
        if s.index in by_sent or not _opens_more(doc, s.first_token, s.end_token):
            continue
        if not _has_number(doc, s.start, s.end) or _own_source(doc, s.index):
            continue
        if any(q.start < s.end and s.start < q.end for q in doc.quotes):
            continue
        acts = carried or _reporting(doc, by_sent.get(s.index - 1, []))
        if not acts:
            continue
        if headline_end is None:
            span = headline_span(doc)
            headline_end = tokens[span[1] - 1].end if span is not None else -1
        if doc.sentences[s.index - 1].start < headline_end:
            continue  # a headline run into the lead tells no one's report
        previous = [
            replace(a, sent=s.index, content=(s.start, s.end), continues=True) for a in acts
        ]
        added.extend(previous)
    doc.attributions.extend(added)


def _opens_more(doc: Document, first: int, stop: int) -> bool:
    tokens = doc.tokens
    while first < stop and not tokens[first].text.isalnum():
        first += 1
    for opener in _OPENERS:
        n = len(opener)
        if first + n <= stop and all(tokens[first + k].key == w for k, w in enumerate(opener)):
            return True
    return False


def _has_number(doc: Document, a: int, b: int) -> bool:
    return any(a <= n.start < b for n in doc.numbers)


def _own_source(doc: Document, sent: int) -> bool:
    """The sentence names a source or hedges what it tells."""
    s = doc.sentences[sent]
    if any(t.key in _HEARSAY for t in doc.tokens[s.first_token : s.end_token]):
        return True
    return any(m.sent == sent and m.role == "source" for m in doc.actors)


def _reporting(doc: Document, atts: list[Attribution]) -> list[Attribution]:
    """The speech act of a sentence whose words hold its last figure, with its co-speakers;
    none when the sentence's figures are told by no one or by two different acts."""
    with_speaker = [a for a in atts if a.speaker is not None and not a.continues]
    if not with_speaker:
        return []
    s = doc.sentences[with_speaker[0].sent]
    numbers = [n for n in doc.numbers if s.start <= n.start < s.end]
    if not numbers:
        return []
    last = max(numbers, key=lambda n: n.start)
    holding = [a for a in with_speaker if a.content[0] <= last.start < a.content[1]]
    if not holding:
        return []
    act = max(holding, key=lambda a: a.content[0])  # the innermost act
    for a in with_speaker:
        ca, cb = a.content
        if a.verb_tok != act.verb_tok and any(ca <= n.start < cb for n in numbers):
            return []  # another speech act of the sentence tells figures too
    return [a for a in with_speaker if a.verb_tok == act.verb_tok and a.content == act.content]
