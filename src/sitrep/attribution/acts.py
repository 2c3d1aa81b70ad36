"""Speech acts: "X said", "..., said X", "according to X", "X quoted Y as saying", with
what was said; several speakers of one act; a participle clause after the verb; a source
whose verb the copy lost."""

from __future__ import annotations

from dataclasses import replace

from sitrep.actors import ActorLexicon
from sitrep.attribution.bodies import (
    _capital,
    _is_demonym,
    _lone_name,
    _proper_body_span,
    _source_name,
    _source_names,
)
from sitrep.attribution.common import (
    _APPOSITIVE_OPENERS,
    _BOUNDARY,
    _DETERMINERS,
    _DOCUMENT_WORDS,
    _NOT_QUALIFIERS,
    _PLACE_PREPOSITIONS,
    _TIME_WORDS,
    Attribution,
    SpeechLexicon,
    _actor_tokens,
    _known_at,
    _np_text,
    _Person,
)
from sitrep.attribution.people import _person_at_start, _person_ending
from sitrep.attribution.speakers import (
    _TRAILING_PARTICIPLES,
    _VAGUE_AMOUNTS,
    _appositive_subject,
    _bracketed,
    _build,
    _find_key,
    _np_left,
    _np_right,
    _particle_in_name,
    _person_follows,
    _speaker_like,
    _speaker_start,
    _subject,
    _subject_left,
    _widen_to_person,
)
from sitrep.document import Document
from sitrep.quantities import UNIT_WORDS
from sitrep.tokens import Token


def _verbless_source(doc: Document, sent: int) -> Attribution | None:
    """A sentence that ends in "the X-based <known source>" with no verb after it: an
    attribution whose verb the copy lost ("... near the border the UK-based Syrian
    Observatory."). The place a body is based in is said of a body that speaks, never of
    a place or target named at a sentence's end."""
    tokens = doc.tokens
    s = doc.sentences[sent]
    end = s.end_token
    while end > s.first_token and not tokens[end - 1].text.isalnum():
        end -= 1
    if not any(t.key == "based" for t in tokens[max(s.first_token, end - 9) : end]):
        return None
    last = next(
        (m for m in doc.actors if m.sent == sent and m.tok_end == end and m.role == "source"),
        None,
    )
    if last is None:
        return None
    k = last.tok_start
    based = None
    while k > s.first_token and last.tok_start - k < 5:
        if tokens[k - 1].key == "based":
            based = k - 1
        if tokens[k - 1].key == "the":
            break
        k -= 1
    if based is None or k == s.first_token or tokens[k - 1].key != "the" or based - k < 1:
        return None
    det = k - 1
    if det == s.first_token or tokens[det - 1].key in _PLACE_PREPOSITIONS | {"by", "to", "near"}:
        return None  # "... was hit near the Britain-based Observatory": no speaker
    content = (s.start, tokens[det].start)
    return Attribution(
        sent, last.tok_start, last.name_template, None, (det, end), None, content, False
    )


_PASSIVE = frozenset({"was", "were", "been", "being", "be", "is", "are"})


_LIST_HEAD_ROLES = frozenset({"source", "country", "ministry", "group"})


def _co_speakers(
    doc: Document,
    speech: SpeechLexicon,
    people: dict[str, _Person],
    att: Attribution,
    first: int,
    stop: int,
) -> list[Attribution]:
    """The other speakers of one speech act ("a monitor and rebels said", "YPG spokesman
    Redur Xelil and Turkish security sources told Reuters", "..., said X and Y"), each with
    the same words: one statement per speaker."""
    if att.speaker_tok is None:
        return []
    tokens = doc.tokens
    a, b = att.speaker_tok
    out: list[Attribution] = []
    if b < stop and tokens[b].key == "and" and att.verb_tok < a:
        ra, rb = _np_right(tokens, b + 1, stop)
        if ra < rb and rb - ra <= 6 and _speaker_like(doc, speech, people, ra, rb):
            other = _build(
                doc, speech, people, att.sent, att.verb_tok, (ra, rb), att.via, att.content
            )
            if other is not None:
                out.append(other)
    listed = False
    k = a
    if att.is_person and not _clean_person_phrase(doc, speech, people, a, b):
        return out  # "... in Hama Aleppo and Deir al-Zor Moumtzis said": places, not people
    while len(out) < 4 and k - 1 > first:
        joint = tokens[k - 1]
        if joint.key == "and" and not listed:
            listed = True
        elif not (listed and (joint.text == "," or joint.key in speech.titles)):
            break
        end = k - 1 if joint.key == "and" or joint.text == "," else k
        start = _conjunct_start(doc, speech, people, end, first)
        if start is None:
            break
        other = _build(
            doc, speech, people, att.sent, att.verb_tok, (start, end), att.via, att.content
        )
        if other is None:
            break
        out.insert(0, other)
        k = start
    return out


def _clean_person_phrase(
    doc: Document, speech: SpeechLexicon, people: dict[str, _Person], a: int, b: int
) -> bool:
    """The phrase ``[a, b)`` is a person's name with at most titles and qualifiers before
    it ("YPG spokesman Redur Xelil"), no other capitalised words."""
    tokens = doc.tokens
    found = _person_ending(tokens, a, b, people)
    if found is None:
        return False
    person, n = found
    text = " ".join(t.text for t in tokens[b - n : b])
    full = person.full.replace("-", " ").lower().split()
    if full[-n:] != text.replace("-", " ").lower().split():
        return False  # a run of other words into the surname
    return all(
        t.key in speech.titles or t.key in _DETERMINERS or not t.is_title for t in tokens[a : b - n]
    )


def _conjunct_start(
    doc: Document, speech: SpeechLexicon, people: dict[str, _Person], end: int, first: int
) -> int | None:
    """Start of a speaker named right before token ``end`` in a list of speakers: a person,
    a body or state, or a title noun with its qualifiers ("opposition activists")."""
    tokens = doc.tokens
    found = _person_ending(tokens, first, end, people)
    if found is not None:
        start = end - found[1]
        while start > first and tokens[start - 1].key in speech.titles:
            start -= 1  # "YPG spokesman Redur Xelil"
        if start > first and start < end - found[1] and tokens[start - 1].is_title:
            start -= 1
        return start
    for m in doc.actors:
        if m.tok_end == end and m.tok_start >= first and m.role in _LIST_HEAD_ROLES:
            if m.role == "group" and not any(
                t.key in speech.titles for t in tokens[m.tok_start : end]
            ):
                return None  # an armed group named before "and" is no speaker by itself
            start = m.tok_start
            while start > first and tokens[start - 1].key in _DETERMINERS:
                start -= 1
            return start
    if end - 1 >= first and _capital(tokens[end - 1].text) and _lone_name(doc, end - 1, first):
        return end - 1  # "Moscow and Damascus say": two states by their seats
    proper = _proper_body_span(doc, max(first, end - 8), end)
    if proper is not None and proper[1] == end:
        start = proper[0]
        while start > first and tokens[start - 1].key in _DETERMINERS:
            start -= 1
        return start  # "The Ghouta Media Center and the Syrian Observatory ... said"
    head = end - 1
    if head >= first and tokens[head].key in speech.titles and tokens[head].text.isalpha():
        start = head
        # a capitalised head after a lower-case word opens a sentence run into the one
        # before ("... virtual caliphate Experts and officials say")
        while start > first and head - start < 2 and not tokens[head].is_title:
            q = tokens[start - 1]
            if (
                q.key in speech.titles
                or q.key in _NOT_QUALIFIERS
                or not q.text.isalpha()
                or (q.is_title and (start - 1) not in _actor_tokens(doc))
            ):
                break  # "opposition activists former residents": two speakers
            start -= 1
        while start > first and tokens[start - 1].key in _DETERMINERS:
            start -= 1
        return start
    return None


_FAR_PARTICIPLES = frozenset({"adding", "noting", "stressing", "warning", "explaining"})
"""Participles that, with "that" after them, open more of the speaker's words anywhere after
the verb ("... told AFP the car bomb killed 36 people adding that rocket fire killed nine
others")."""


def _participle_clause(
    doc: Document, v_end: int, stop: int, att: Attribution
) -> Attribution | None:
    """ "WHO said in a statement, putting the death toll at at least 70": the participle
    clause after the verb is the same speaker's words; so is "adding that ...", "noting
    that ..." further on (what was said before it then ends there: ``_cut_at_participle``)."""
    tokens = doc.tokens
    for i in range(v_end, stop - 1):
        if tokens[i].key not in _FAR_PARTICIPLES or tokens[i + 1].key != "that":
            continue
        start = tokens[i].start
        before_verb = att.content[1] <= tokens[att.verb_tok].start
        if (before_verb or att.content[0] < start < att.content[1]) and i + 2 < stop:
            end = doc.sentences[att.sent].end
            return replace(att, content=(start, end))
        break
    for i in range(v_end, min(stop, v_end + 6)):
        if tokens[i].key in _TRAILING_PARTICIPLES:
            if tokens[i - 1].key in ("without", "as"):
                # "said again without saying who was responsible"; "reported X as saying"
                return None
            start = tokens[i].start
            if att.content[0] <= start < att.content[1]:
                return None
            end = doc.sentences[att.sent].end
            return Attribution(
                att.sent,
                att.verb_tok,
                att.speaker,
                att.speaker_role,
                att.speaker_tok,
                att.via,
                (start, end),
                att.is_person,
            )
    return None


def _attribution(
    doc: Document,
    speech: SpeechLexicon,
    actors: ActorLexicon,
    people: dict[str, _Person],
    known: set[int],
    kind: str,
    v_start: int,
    v_end: int,
    first: int,
    stop: int,
) -> Attribution | None:
    tokens = doc.tokens
    sent = tokens[v_start].sent
    s = doc.sentences[sent]
    if kind == "according":
        a, b = _np_right(tokens, v_end, stop)
        if (
            a < b
            and tokens[a].key in _REPORT_NOUNS
            and (b - a == 1 or tokens[a + 1].key not in _OF_BY)
        ):
            return None  # "according to reports members of parliament revealed ...": no one
        document = b - a > 1 and tokens[a].key == "the" and tokens[a + 1].key in _DOCUMENT_WORDS
        if document and b - a > 2 and tokens[a + 2].key not in _OF_BY:
            b = a + 2  # "according to the bulletin Nusra terrorists executed ..."
        said_end = tokens[b - 1].end if a < b else 0
        while b - a > 1 and tokens[b - 1].key in _REPORT_NOUNS and not document:
            b -= 1  # "according to an Observatory toll": the Observatory
        if a == b:
            return None
        opens = all(t.key in _OPENERS for t in tokens[first:v_start])
        content = (s.start, tokens[v_start].start) if not opens else (said_end, s.end)
        if v_start == first or tokens[v_start - 1].text == ",":
            content = (said_end, s.end) if opens else (s.start, tokens[v_start].start)
        return _build(doc, speech, people, sent, v_start, (a, b), None, content)
    if kind == "quoted" and v_start > first and tokens[v_start - 1].key in ("was", "were"):
        # '"...," Peskov was quoted as saying by the RIA Novosti news agency.'
        a0, b0 = _np_left(tokens, v_start - 1, first)
        if a0 == b0 or v_end + 2 > stop or tokens[v_end].key != "as":
            return None
        by = _find_key(tokens, v_end + 2, stop, "by")
        via = None
        if by is not None:
            va, vb = _np_right(tokens, by + 1, stop)
            via = _source_name(doc, va, vb) or (_np_text(doc, va, vb) if va < vb else None)
        content = (s.start, tokens[a0].start)
        return _build(doc, speech, people, sent, v_start, (a0, b0), via, content)
    if kind == "said" and tokens[v_start].key in _RELAYING and _as_saying(tokens, v_end, stop):
        kind = "quoted"  # "Reuters reported residents as saying ...": Reuters relays them
    if kind in ("quoted", "cited"):
        # "RIA quoted Zakharova as saying ..."; "X cited a source as saying ..."
        a0, b0 = _subject(tokens, v_start, first)
        a1, b1 = _np_right(tokens, v_end, stop)
        as_saying = _find_key(tokens, b1, stop, "as")
        if as_saying is None and b1 < stop and tokens[b1].key == "and":
            # "quoted residents and rescue workers as saying": past the second speaker
            as_saying = _find_key(tokens, _np_right(tokens, b1 + 1, stop)[1], stop, "as")
        if as_saying is None or as_saying + 1 >= stop or tokens[as_saying + 1].key != "saying":
            return None  # "Moscow cited the strikes as evidence": no speech
        content_start = tokens[as_saying + 2].start if as_saying + 2 < stop else s.end
        content = (content_start, s.end)
        if kind == "quoted" and a1 < b1 and a0 < b0:
            via = _source_name(doc, a0, b0) or _np_text(doc, a0, b0)
            return _build(doc, speech, people, sent, v_start, (a1, b1), via, content)
        if a0 < b0:
            return _build(doc, speech, people, sent, v_start, (a0, b0), None, content)
        return None
    # said / told / stated ...
    if v_end + 1 < stop and tokens[v_end].key == "to" and tokens[v_end + 1].key in ("be", "have"):
        return None  # "fighters said to be linked to the group": hearsay, no speaker
    if v_end < stop and tokens[v_end].key == "by" and tokens[v_start].key.endswith("ed"):
        return None  # "warplanes confirmed by the civil defence as ...": a participle
    before = tokens[v_start - 1] if v_start > first else None
    if before is not None and before.key in _PASSIVE:
        return None  # "hospitals were reported to have been damaged": no speaker named
    if before is not None and before.key in ("a", "an", "the"):
        return None  # "the scene of a reported air strike": an adjective, no speech act
    if (
        (before is not None and before.text in (",", '"'))
        or v_start == first
        or (_person_follows(tokens, speech, people, v_end, stop))
    ):
        # inverted: '..., said the ministry.' / '"...", said Power'
        a, b = _np_right(tokens, v_end, stop)
        most = 8 + _bracketed(tokens, a, b)
        if b - a > most and _person_at_start(tokens, a, b, people) is not None:
            b = min(b, a + most)  # '"...", said Leila Haddad a local aid coordinator by ...'
        if a < b and b - a <= most and _speaker_like(doc, speech, people, a, b):
            appos = _appositive_subject(tokens, v_start, first)
            if appos is None:
                content = (
                    (s.start, tokens[v_start - 1].start)
                    if v_start > first
                    else (tokens[b - 1].end, s.end)
                )
                return _build(doc, speech, people, sent, v_start, (a, b), None, content)
        appos = _appositive_subject(tokens, v_start, first)
        if appos is not None:
            content = (tokens[v_end - 1].end, s.end)
            return _build(doc, speech, people, sent, v_start, appos, None, content)
        return None
    a, b = _subject_left(doc, speech, people, v_start, first)
    if a == b:
        return None
    a = _widen_to_person(tokens, speech, people, a, b, first)
    a = _shared_head(doc, speech, people, a, first)
    if tokens[v_start].key == "saying":
        # "..., with the monitor saying the shelling hit a school": what follows
        content = (tokens[v_end - 1].end, s.end)
    elif a > first and tokens[a - 1].text in (",", '"') and a - 1 > first:
        content = (s.start, tokens[a - 1].start)
    elif tokens[v_end - 1].key not in ("at", "of") and _ends_sentence(tokens, v_end, stop):
        # "... killed 11 people on Thursday a monitor said." (commas lost in the corpus):
        # the speaker is the few words before the verb, what was said all before them
        k = b
        longest = 6
        n = 0
        while k > a and n < longest:
            if tokens[k - 1].key in _TIME_WORDS:
                seat = k - 2 >= a and tokens[k - 1].key == "in" and _capital(tokens[k].text)
                if not (seat and tokens[k - 2].key in speech.titles):
                    break
                longest += 2  # but "the defence ministry in Moscow said" is one speaker
            k -= 1
            n += not _particle_in_name(tokens, k)  # "Nour al-Din al-Zinki": three words
        hook = next(
            (
                p
                for p in range(k, max(a, k - 3) - 1, -1)
                if p > a
                and tokens[p].key in _PLACE_PREPOSITIONS
                and tokens[p - 1].key in speech.titles
                and not tokens[p - 1].is_title
            ),
            None,
        )
        if hook is not None:
            # "... an activist with the opposition Idlib Media Centre told AFP": the title
            # the description hangs on, with its qualifiers and determiner
            k = hook - 1
            while k > a and k > b - 12 and tokens[k - 1].key not in _NOT_QUALIFIERS - _DETERMINERS:
                q = tokens[k - 1]
                if q.is_title and q.text.endswith("s") and q.text[:-1] in _source_names():
                    k -= 1  # "AFPs correspondent in the town": the outlet's apostrophe lost
                    break
                if not q.text.isalpha() or q.is_title:
                    break
                k -= 1
        a = k
        if a in (b, first):
            return None
        start = _speaker_start(doc, speech, people, a, b)
        content = (s.start, tokens[start].start)
        if a < start < b and _figure_before(tokens, a, start):
            # "... wounding dozens opposition activists said": the activists are named
            # (the phrase keeps its reach for the stages that read it)
            att = _build(doc, speech, people, sent, v_start, (start, b), None, content)
            if att is not None:
                return replace(att, speaker_tok=(a, b))
    elif a - first >= 4 and _only_where_told(tokens, v_end, stop):
        # "... the centre said in its daily bulletin posted on the ministry's website."
        content = (s.start, tokens[_speaker_start(doc, speech, people, a, b)].start)
    else:
        content = (tokens[v_end - 1].end, s.end)
    att = _build(doc, speech, people, sent, v_start, (a, b), None, content)
    if att is None and tokens[v_start].key in ("said", "says"):
        # '... were killed in the "double-tap" strike said the Civil Defence' (comma lost)
        ra, rb = _np_right(tokens, v_end, stop)
        ends = _ends_sentence(tokens, rb, stop) or (
            rb < stop and tokens[rb].key in _APPOSITIVE_OPENERS
        )  # "... said the Civil Defence also known as the White Helmets who ..."
        if ra < rb and rb - ra <= 8 and ends and _speaker_like(doc, speech, people, ra, rb):
            content = (s.start, tokens[v_start].start)
            return _build(doc, speech, people, sent, v_start, (ra, rb), None, content)
    return att


def _figure_before(tokens: list[Token], a: int, start: int) -> bool:
    """What ends before the speaker at ``start`` is a figure or the people it counts
    ("wounding dozens", "killing four civilians"): it is what was said, not the speaker's."""
    return any(
        t.text.isdigit() or t.key in UNIT_WORDS or t.key in _VAGUE_AMOUNTS
        for t in tokens[max(a, start - 3) : start]
    )


def _shared_head(
    doc: Document, speech: SpeechLexicon, people: dict[str, _Person], a: int, first: int
) -> int:
    """Start of a subject whose head two qualifiers share: "Local and media sources said",
    "Syrian and Russian officials said" (one speaker). The word before "and" qualifies:
    one word opening the clause that names no speaker itself (no title, person, body,
    armed group or place; a demonym may)."""
    tokens = doc.tokens
    k = a - 2
    if k < first or tokens[a - 1].key != "and":
        return a
    t = tokens[k]
    if not t.text.isalpha() or t.key in speech.titles or t.key in _NOT_QUALIFIERS:
        return a
    if _is_demonym(t.text):
        pass
    elif t.text in people or _known_at(doc, k) or _capital(t.text) or (t.is_title and k > first):
        return a  # "Moscow and Damascus said": two speakers
    opens = k == first or tokens[k - 1].key in _DETERMINERS or not tokens[k - 1].text.isalnum()
    return k if opens else a


_RELAYING = frozenset({"reported", "reports"})
"""Speech verbs that relay another's words with "as saying" ("AFP reported X as saying")."""


def _as_saying(tokens: list[Token], k: int, stop: int) -> bool:
    """ "as saying" follows within the next few words."""
    for i in range(k, min(stop - 1, k + 10)):
        if tokens[i].key == "as" and tokens[i + 1].key == "saying":
            return True
        if tokens[i].text in _BOUNDARY and tokens[i].key != "and":
            return False
    return False


_OPENERS = frozenset("thus so but and yet however meanwhile also now".split())
"""Words that may open a sentence before "according to X" without being what X said."""
_OF_BY = frozenset({"of", "by", "from", "issued", "released", "published"})
"""Words after "the statement" that go on to say whose it is."""

_TELLING_PLACES = frozenset(
    """statement bulletin communique website briefing interview conference report post
    channel""".split()
)


def _only_where_told(tokens: list[Token], v_end: int, stop: int) -> bool:
    """What follows a speech verb is only where it was told: a preposition opening a
    phrase about a statement, bulletin, briefing ..., and no "that"."""
    if v_end >= stop or tokens[v_end].key not in ("in", "on", "at", "during"):
        return False
    rest = [t.key for t in tokens[v_end:stop]]
    return "that" not in rest and any(k in _TELLING_PLACES for k in rest[:6])


_REPORT_NOUNS = frozenset(
    "toll tolls tally count figures figure report reports data estimate estimates statement".split()
)
"""What a body issues: "according to a Reuters tally", "according to UN figures"."""

_TRAILERS = frozenset(
    """in a an statement on today yesterday late early monday tuesday wednesday thursday
    friday saturday sunday night morning evening told reporters news conference interview
    by phone telephone email separately also later earlier again afp reuters ap the
    agency""".split()
)


_TRAILING_CLAUSE = frozenset(
    {
        "without",
        "citing",
        "quoting",
        "adding",
        "noting",
        "putting",
        "but",
        "although",
        "though",
        "because",
    }
)
"""Words that open a clause about the telling itself: "..., state TV reported on Wednesday
without giving further details", "... a monitor said citing sources on the ground"."""


_FURNITURE = frozenset({"Tags"})
"""Page furniture run into the last sentence of a lead ("... a monitor said Tags Nusra
Front Aleppo")."""


_SPAN_WORDS = frozenset(
    """a an the one two three few several day days hour hours week weeks minutes moments
    shortly just soon only""".split()
)
"""Words of a time span before "after": "a day after", "hours after", "shortly after"."""


def _ends_sentence(tokens: list[Token], v_end: int, stop: int) -> bool:
    """Only a few words ("in a statement", "on Monday") follow the speech verb, perhaps
    with a clause about the telling ("without giving details", "citing ...") or one that
    sets what was told in time ("... killing four civilians residents said a day after
    rights groups said ...")."""
    words: list[Token] = []
    for t in tokens[v_end:stop]:
        if t.key in _TRAILING_CLAUSE or t.text in _FURNITURE:
            break
        if t.key == "after" and words and all(w.key in _SPAN_WORDS for w in words):
            return True
        if t.text.isalnum():
            words.append(t)
    return len(words) <= 5 and all(t.key in _TRAILERS for t in words)
