"""Stage 6 — attribution: who says what.

Adds: ``Document.attributions`` — for every speech act ("X said", "according to X",
"X told reporters", "X quoted Y as saying", "X, citing Y, said"), the speaker with the
fullest name and role the article gives, the outlet relaying it (``via``), and the span of
what was said. Casualty claims and statements both read their source from here.

People are recognised as runs of two or three capitalised words not known as places or
actors; a later surname ("Power") or pronoun ("she") resolves to the last full name
("Samantha Power"). Roles are the title words before a name ("Pentagon press secretary
Peter Cook") or an appositive ("The U.S. ambassador to the United Nations, Samantha Power,").

Modules: ``common`` (the record, the speech lexicon, shared word lists), ``people`` (names of
people and their roles), ``bodies`` (names of bodies, states and outlets; the naming rule),
``speakers`` (the speaker phrase of a speech act), ``acts`` (the speech acts and what was
said), ``references`` (pronouns and descriptions that refer back; headline sources),
``spans`` (content spans between several speakers of a sentence), ``continued``
(a report that goes on in the next sentence without a speech verb).
"""

from __future__ import annotations

from dataclasses import replace

from sitrep.actors import ActorLexicon, ActorMention
from sitrep.attribution.acts import _attribution, _co_speakers, _participle_clause, _verbless_source
from sitrep.attribution.bodies import _article_names, _body_name
from sitrep.attribution.common import (
    Attribution,
    SpeechLexicon,
    _known_token_set,
    _Person,
    _with_speaker,
)
from sitrep.attribution.continued import continue_reports
from sitrep.attribution.people import _collect_people
from sitrep.attribution.references import (
    _named_later,
    _resolve_reference,
    _Said,
    _said,
    _they,
    headline_source,
    headline_span,
)
from sitrep.attribution.spans import (
    _before_speakers,
    _end_at_next_speaker,
    _start_after_last_speaker,
)
from sitrep.attribution.speakers import _VERB_SURNAMES
from sitrep.document import Document

__all__ = [
    "Attribution",
    "SpeechLexicon",
    "continue_reports",
    "find_attributions",
    "headline_source",
    "headline_span",
]


def find_attributions(doc: Document, speech: SpeechLexicon, actors: ActorLexicon) -> None:
    """Fill ``doc.attributions``; resolves surnames, pronouns and definite descriptions
    ("the ministry", "the source") to the speaker they refer back to."""
    tokens = doc.tokens
    people: dict[str, _Person] = {}
    known = _known_token_set(doc)
    for sent in doc.sentences:
        # every name first: '"..." Konashenkov said' may come before "Igor Konashenkov"
        _collect_people(doc, sent.first_token, sent.end_token, known, speech, people, actors)
    history: list[_Said] = []
    bodies: dict[int, list[ActorMention]] = {}
    for mention in doc.actors:
        if mention.role in ("source", "ministry"):
            bodies.setdefault(mention.sent, []).append(mention)
    for sent in doc.sentences:
        first, stop = sent.first_token, sent.end_token
        before = len(doc.attributions)
        for m in speech.verbs.find_all(tokens, first, stop):
            kind = m.values[0]
            if (
                m.start > first
                and tokens[m.start].key in _VERB_SURNAMES
                and tokens[m.start].is_title
                and tokens[m.start - 1].is_title
            ):
                continue  # "Osama Said a Douma-based media activist told ...": a surname
            att = _attribution(
                doc, speech, actors, people, known, kind, m.start, m.end, first, stop
            )
            if att is None:
                continue
            group = _they(att, history) if att.speaker == "they" else []
            if group:
                for x in group:
                    history.append(_said(x, speech, doc))
                    doc.attributions.append(x)
                continue
            att = _resolve_reference(doc, speech, att, history)
            if att is None:
                continue
            others = _co_speakers(doc, speech, people, att, first, stop)
            if others:
                att = _before_speakers(doc, att, others)
                others = [_before_speakers(doc, o, others) for o in others]
            here: list[Attribution] = [att]
            for other in others:
                resolved = _resolve_reference(doc, speech, other, history)
                if resolved is not None and resolved.speaker != att.speaker:
                    here.append(resolved)
            # in the order the article names them ("X and Y said", "said X and Y")
            here.sort(key=lambda x: x.speaker_tok[0] if x.speaker_tok else 0)
            tail = _participle_clause(doc, m.end, stop, att)
            for x in here:
                history.append(_said(x, speech, doc))
                doc.attributions.append(_cut_at(x, tail))
            if tail is not None:
                # every speaker of the act says the clause ("X and Y said ..., adding that")
                doc.attributions.extend(
                    replace(x, content=tail.content) if x is not att else tail for x in here
                )
        if len(doc.attributions) == before:  # no speech verb found a speaker
            tail = _verbless_source(doc, sent.index)
            if tail is not None:
                history.append(_said(tail, speech, doc))
                doc.attributions.append(tail)
        spans = [
            x.speaker_tok
            for x in doc.attributions[before:]
            if x.speaker_tok is not None and not x.is_person
        ]
        for mention in bodies.get(sent.index, ()):
            if any(a <= mention.tok_start and mention.tok_end <= b for a, b in spans):
                continue  # words of an unnamed speaker ("A military source at the FSA told")
            name = _body_name(doc, mention) or mention.text
            words = frozenset(name.lower().split())
            history.append(_Said(name, None, False, words, mention.source_type, False))
    _named_later(doc, speech)
    _end_at_next_speaker(doc)
    _start_after_last_speaker(doc)
    names = _article_names(doc)
    if names:
        doc.attributions[:] = [
            _with_speaker(att, names[att.speaker], att.speaker_role, att.is_person)
            if att.speaker in names and not att.is_person
            else att
            for att in doc.attributions
        ]


def _cut_at(att: Attribution, tail: Attribution | None) -> Attribution:
    """What was said before a participle clause ("..., adding that ...") ends there."""
    if tail is None:
        return att
    start = tail.content[0]
    ca, cb = att.content
    if not ca < start < cb:
        return att
    return replace(att, content=(ca, start))
