"""What each speaker said: content spans cut where another speaker of the sentence begins
or ends."""

from __future__ import annotations

from dataclasses import replace

from sitrep.attribution.common import _DETERMINERS, Attribution
from sitrep.document import Document

_CLAUSE_JOINS = frozenset({"while", "and", "but", "whereas", "as", ",", ";", "meanwhile"})


def _end_at_next_speaker(doc: Document) -> None:
    """What one speaker said ends where the next speech act of its sentence begins:
    "Hollande blamed the regime for the attack while Mogherini said ..." (words after the
    verb only; a speaker of the next act is its subject phrase)."""
    atts = doc.attributions
    tokens = doc.tokens
    for n, att in enumerate(atts):
        ca, cb = att.content
        if ca < tokens[att.verb_tok].start:
            continue  # what was said comes before the verb
        cut = cb
        for other in atts:
            if other.sent != att.sent or other.speaker_tok is None or other is att:
                continue
            start = tokens[other.speaker_tok[0]].start
            if ca < start < cut and other.verb_tok > other.speaker_tok[0]:
                k = other.speaker_tok[0]
                while k > 0 and tokens[k - 1].key in _DETERMINERS:
                    k -= 1
                joined = False
                while k > 0 and tokens[k - 1].key in _CLAUSE_JOINS:
                    k, joined = k - 1, True
                if joined and k > 0 and tokens[k].start > ca:
                    cut = min(cut, tokens[k - 1].end)
        if cut < cb:
            atts[n] = replace(att, content=(ca, cut))


def _start_after_last_speaker(doc: Document) -> None:
    """What a speaker named at the end said begins after the speech act before it in its
    sentence: "... UNICEF said 25 were children Twenty-five children were killed in
    airstrikes UNICEF has said" (a full stop lost): the second UNICEF said only what
    follows the first "said"."""
    atts = doc.attributions
    tokens = doc.tokens
    relays: set[int] = set()
    for n, att in enumerate(atts):
        ca, cb = att.content
        if cb > tokens[att.verb_tok].start:
            continue  # what was said does not come before the speaker
        start = ca
        last = None
        for k, other in enumerate(atts):
            if other.sent != att.sent or other.verb_tok >= att.verb_tok:
                continue
            verb = tokens[other.verb_tok]
            if ca < verb.start < cb and other.content[0] >= verb.end:
                start = max(start, verb.end)  # the other's words follow its verb
                last = k
        if start <= ca or last is None:
            continue
        while start < cb and doc.text[start] in " ,":
            start += 1
        before = atts[last]
        end = cb
        while end > start and doc.text[end - 1] in " ;,.":
            end -= 1
        if _media_at(doc, att) and before.via is None and before.content[1] >= end:
            # "the source said that ...; SANA reported": the outlet relays the source
            atts[last] = replace(before, via=att.speaker)
            relays.add(n)
        else:
            atts[n] = replace(att, content=(start, cb))
    if relays:
        atts[:] = [att for n, att in enumerate(atts) if n not in relays]


def _media_at(doc: Document, att: Attribution) -> bool:
    """The speaker of ``att`` is a news outlet the lexicon knows."""
    if att.speaker_tok is None:
        return False
    a, b = att.speaker_tok
    return any(
        a <= m.tok_start and m.tok_end <= b and m.role == "source" and m.source_type == "media"
        for m in doc.actors
    )


def _before_speakers(doc: Document, att: Attribution, others: list[Attribution]) -> Attribution:
    """What was said before a list of speakers ends before the first of them."""
    tokens = doc.tokens
    ca, cb = att.content
    starts = [tokens[o.speaker_tok[0]].start for o in others if o.speaker_tok is not None]
    first = min(starts, default=cb)
    if ca < first < cb:
        while first > ca and doc.text[first - 1] in " ,":
            first -= 1
        return replace(att, content=(ca, first))
    return att
