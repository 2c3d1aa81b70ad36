"""Stage 8 — quantities and claims: killed and injured figures, each with who claimed it.

Adds: ``Document.numbers`` (every number phrase, from ``quantities.find_numbers``) and
``Document.casualties`` — the figures that count people killed or injured, with the victims
they count and the source whose speech act contains them (``None`` = the article's own
voice). Figures after "including"/"among them" are parts of a figure already given and are
not claims of their own ("killing 6 civilians, including 2 women" is 6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sitrep.actors import ActorMention
from sitrep.attribution import Attribution, headline_source, headline_span
from sitrep.datafiles import load_yaml
from sitrep.dates import MONTH_ABBREVIATION_KEYS, MONTH_KEYS
from sitrep.document import Document
from sitrep.phrases import PhraseIndex
from sitrep.quantities import NumberPhrase
from sitrep.statements import quote_speaker
from sitrep.tokens import Sentence, Token
from sitrep.victim_lists import AUXILIARIES as _AUXILIARIES
from sitrep.victim_lists import HARD_BREAKS as _HARD_BREAKS
from sitrep.victim_lists import list_item as _list_item
from sitrep.victim_lists import persons_before_figures

_RIGHT_WINDOW = 9
_TOLL_REACH = 20
"""Tokens between "raised the death toll" and its "to 61"."""
_LEFT_WINDOW = 4
_CLAUSE_BREAK = frozenset({";", ":", "(", ")", '"', "but", "while", "whereas"})
_TOLL_LINKS = frozenset(
    """at to of is was has had have rose risen rises climbed jumped reached reaching stood
    stands now hit rising climbing be could may might would""".split()
)
"""Words between a death toll and its figure: "the toll rose to 12", "the death count
could be over 50"."""
_RISE_WORDS = frozenset("rose rises risen rising climbed climbs mounted increased jumped".split())
"""Between a death toll and its figure, words that make the figure the latest count."""
_NOUN_WORDS = frozenset(
    "death deaths toll casualties bodies lives fatalities injuries wounds martyrs".split()
)
"""Casualty words that are nouns: a figure after them is not their object."""


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    number: NumberPhrase
    kind: str
    """``killed`` or ``injured``."""
    sent: int
    victim: ActorMention | None
    source: str | None
    start: int
    end: int
    """Normalised-text span from the figure to its casualty word."""
    adds: str | None = None
    """It counts victims besides those told before it, and the figures add up: ``others``
    for victims besides those of the figure just before it in its sentence ("15 were killed
    in Manbij while six others were killed", "20 other fighters"); ``more`` for victims
    besides those of the last figure of its kind ("another 40", "a further nine", "were
    also killed", "Moreover ...", an item of a list sharing the casualty word: "15 dead
    among X and 23 among Y")."""
    co_sources: tuple[str, ...] = ()
    """The other speakers of the speech act that states it ("a monitor and rebels said"):
    each claims the figure too."""
    risen: bool = False
    """A death toll said to have risen to it ("the death toll rose to 11", "has risen to
    21"): the latest count, which smaller figures of the event only preceded."""


class CasualtyLexicon:
    def __init__(self) -> None:
        cues = load_yaml("cues.yaml")
        data = cues["casualty"]

        def index(key: str, value: str) -> PhraseIndex[str]:
            out: PhraseIndex[str] = PhraseIndex()
            out.add_all((str(p) for p in data[key]), value)
            return out

        self.words: PhraseIndex[str] = PhraseIndex()
        for kind in ("killed", "injured"):
            self.words.add_all((str(p) for p in data[kind]), kind)
        self.words.add_all((str(p) for p in data["destroyed"]), "killed")
        self.destroyed = index("destroyed", "destroyed")
        self.subset = index("subset", "subset")
        self.toll = index("toll", "toll")
        people = cues["objects"]["people"]
        self.people = frozenset(str(p).lower() for p in [*people, *data["victims"]])
        self.aggregate = index("aggregate", "aggregate")
        self.single = index("single_victims", "single")
        self.not_violent = index("not_violent", "not_violent")
        self.additive = index("additive", "additive")


def find_casualties(doc: Document, lex: CasualtyLexicon) -> None:
    """Fill ``doc.casualties`` from ``doc.numbers`` (and single victims named with "a")."""
    span = headline_span(doc)
    said = _speech_acts(doc, span, _crossheads(doc, lex))
    _single_victims(doc, lex, said)
    tokens = doc.tokens
    # where a speaker begins, or what was said before it ends: "wounded scores, a monitor said"
    speakers = frozenset(a.speaker_tok[0] for a in said if a.speaker_tok) | frozenset(
        doc.token_index_at(a.content[1]) for a in said if a.content[1] <= tokens[a.verb_tok].start
    )
    numbers_at = frozenset(n.start for n in doc.numbers)
    period_tolls: set[int | None] = set()
    period_end = -1  # where the last figure of a period's toll ends
    running: set[tuple[str, int | None]] = set()  # running counts "brought to" a figure
    links = any(w in doc.text for w in _LINK_WORDS)
    last: CasualtyMention | None = None
    last_part = -1
    for number in doc.numbers:
        if number.value is None and not number.vague:
            continue
        first_tok = doc.token_index_at(number.start)
        end_tok = doc.token_index_at(number.end)
        if first_tok >= len(tokens):
            continue
        sent = tokens[first_tok].sent
        s = doc.sentences[sent]
        if first_tok > 0 and end_tok < s.end_token and tokens[first_tok - 1].text == '"':
            if tokens[end_tok].text == '"':
                end_tok += 1  # '"dozens" of rebels were killed': the figure in scare quotes
        if (
            _is_subset(doc, lex, first_tok, end_tok, s.first_token, numbers_at)
            or _next_item(doc, last_part, first_tok, sent)
            or _in_date(doc, number)
        ):
            last_part = end_tok  # "including four women and two children": both are parts
            continue
        if _aggregate(doc, lex, s) or _past(doc, s):
            continue  # "the war has killed 210,000 people since 2011", "home to 320,000"
        if number.value is not None and number.value >= WAR_TOLL:
            continue  # "More than 300000 people have been killed": a war's toll, no event's
        found = _casualty_word(doc, lex, first_tok, end_tok, s.first_token, s.end_token, numbers_at)
        victim = _victim(doc, end_tok, sent, numbers_at)
        listed = False
        if found is None:
            # "15 dead among X and 23 among Y", "killed 5 soldiers and 3 rebels": an item of
            # a list shares the casualty word of the figure before it
            if last is None or not _list_item(doc, lex, last, first_tok, end_tok, victim):
                continue
            found, listed = (last.kind, first_tok), True
        kind, word_tok = found
        if _destroyed_things(doc, lex, word_tok, end_tok, s.end_token):
            continue  # "destroyed 12 trucks": no victims
        if kind == "killed" and _not_violent(doc, lex, word_tok, s.end_token):
            continue  # "two infants had died of malnutrition"
        if word_tok > end_tok and first_tok > 0 and tokens[first_tok - 1].key in _PREPOSITIONS:
            continue  # "fighting between two rebel factions killed 30": no victims
        if (
            not listed
            and victim is None
            and not _counts_people(doc, lex, end_tok, s.end_token, word_tok, speakers)
        ):
            continue
        if (
            last is not None
            and last.sent == sent
            and last.kind == kind
            and last.adds is None
            and _brought_to(doc, word_tok, first_tok, s.first_token)
        ):
            running.add((kind, number.value))
            continue  # "killing 12, bringing the number killed in 24 hours to 45": a run
        if links and _in_link_list(doc, first_tok, s):
            continue  # "Related US-Led Coalition Airstrikes Kill at Least 12 Civilians"
        if _over_a_period(doc, number, s) or _joined_to(doc, period_end, first_tok, s):
            period_tolls.add(number.value)
            period_end = end_tok
            continue  # "executed 700 people during the past two weeks": a period's toll
        word = lex.words.match_at(tokens, word_tok, s.end_token)
        word_end = word.end - 1 if word is not None else word_tok  # "were killed", not "were"
        a = min(number.start, tokens[word_tok].start)
        b = max(number.end, tokens[word_end].end)
        if victim is not None:
            b = max(b, victim.end)
        adds = "more" if listed else _adds(doc, lex, number, first_tok, end_tok, word_tok, s)
        more = (
            number.qualifier == "another"
            or (end_tok < s.end_token and tokens[end_tok].key in ("more", "others", "other"))
        ) and not lex.words.find_all(tokens, s.first_token, first_tok)
        source, others = _claimant(doc, said, number.start, sent, more)
        risen = word_tok < first_tok and any(
            t.key in _RISE_WORDS for t in tokens[word_tok:first_tok]
        )
        last = CasualtyMention(number, kind, sent, victim, source, a, b, adds, others, risen)
        doc.casualties.append(last)
    if period_tolls and span is not None:
        # "IS executed 700 people from Syrian tribe" over "... 700 members of a tribe ...
        # during the past two weeks": the headline tells the period's toll
        head_end = doc.tokens[span[1] - 1].end
        doc.casualties[:] = [
            c
            for c in doc.casualties
            if c.number.start >= head_end or c.number.value not in period_tolls
        ]
    if running:
        # "At least 45 people have been killed in Aleppo in the last 24 hours" over "...,
        # bringing the number killed in 24 hours of bombardment on the city to 45": the
        # lead tells the running count
        doc.casualties[:] = [
            c
            for c in doc.casualties
            if c.sent > _LEAD_SENTENCES or (c.kind, c.number.value) not in running
        ]
    _victims_named_first(doc, lex, said)
    persons_before_figures(doc, lex, said)


def _aggregate(doc: Document, lex: CasualtyLexicon, s: Sentence) -> bool:
    """A word of a war's or a period's total in the sentence ("since 2011", "so far"); the
    adverb "since" after an auxiliary ("the toll has since risen to nine") is none."""
    tokens = doc.tokens
    for m in lex.aggregate.find_all(tokens, s.first_token, s.end_token):
        adverb = m.end - m.start == 1 and tokens[m.start].key == "since"
        if not (adverb and m.start > s.first_token and tokens[m.start - 1].key in _HAVE):
            return True
    return False


_HAVE = frozenset({"has", "have", "had"})


_ARTICLES = frozenset({"a", "an", "one"})
_OF_NOUNS = frozenset({"killing", "execution", "death"})
"""Casualty nouns whose victim follows "of": "the execution of a pilot"."""
WAR_TOLL = 10_000
"""A figure this large counts the dead of a war or a regime, not of one event (the
deadliest single events ACLED and UCDP record stay in the thousands)."""


def _single_victims(doc: Document, lex: CasualtyLexicon, said: list[Attribution]) -> None:
    """ "A mob beat to death a Sri Lankan factory manager": a figure of 1."""
    tokens = doc.tokens
    for s in doc.sentences:
        for m in lex.words.find_all(tokens, s.first_token, s.end_token):
            det = m.end
            # "the execution of a pilot", "the killing of a journalist"
            of = det < s.end_token and tokens[det].key == "of" and tokens[det - 1].key in _OF_NOUNS
            det += of
            if det >= s.end_token or tokens[det].key not in _ARTICLES:
                continue
            noun_only = m.end - m.start == 1 and tokens[m.start].key in _NOUN_WORDS and not of
            destroyed = lex.destroyed.match_at(tokens, m.start, m.end) is not None
            if noun_only or destroyed:
                continue  # "injuring a citizen" is one injured, as "killing a man" is one dead
            for i in range(det + 1, min(s.end_token, det + 6)):
                noun = lex.single.match_at(tokens, i, s.end_token)
                if noun is not None:
                    if noun.end < s.end_token and tokens[noun.end].key in ("of", "'s"):
                        break  # "a member of the group" is fine, "a man's" is not a victim
                    start, end = tokens[det].start, tokens[det].end
                    one = NumberPhrase(start, end, doc.text[start:end], 1, None, 1, 1, False)
                    span_end = tokens[noun.end - 1].end
                    source, others = _claimant(doc, said, start, s.index, False)
                    doc.casualties.append(
                        CasualtyMention(
                            one,
                            m.values[0],
                            s.index,
                            None,
                            source,
                            tokens[m.start].start,
                            span_end,
                            co_sources=others,
                        )
                    )
                    break
                if tokens[i].key in _ARTICLES or not tokens[i].text.isalpha():
                    break


_MONTHS = MONTH_KEYS | MONTH_ABBREVIATION_KEYS


def _in_date(doc: Document, number: NumberPhrase) -> bool:
    """ "Sun 01 Feb 2015", "Jan 202015" (a day and year run together): the numbers of a
    date are no figures."""
    tok = doc.token_index_at(number.start)
    if tok > 0 and doc.tokens[tok - 1].key in _MONTHS and doc.tokens[tok - 1].text[:1].isupper():
        return True
    return any(d.mention.start < number.end and number.start < d.mention.end for d in doc.dates)


_BRINGING = frozenset("bringing raising taking pushing".split())


def _brought_to(doc: Document, word_tok: int, first_tok: int, first: int) -> bool:
    """The figure is a toll "brought to" it ("bringing the number killed in 24 hours of
    bombardment to 45"). After a figure of the same sentence that is not of other victims
    ("killing 12, bringing ... to 45") it is a running count over other happenings too, no
    claim of this one; after "another 10 bodies were found" it would be the event's own."""
    tokens = doc.tokens
    if word_tok >= first_tok:
        return False
    k = word_tok - 1
    if k > first and tokens[k].key in ("the", "its", "a"):
        k -= 1
    return k >= first and tokens[k].key in _BRINGING


_LINK_WORDS = ("Related", "Read ", "See ")
"""What may open a page's list of links to other articles ("Related", "Read also")."""
_TITLE_SHARE = 0.8


def _in_link_list(doc: Document, tok: int, s: Sentence) -> bool:
    """The figure stands in a list of other articles' headlines after "Related" or "Read
    also" (words of more than three letters capitalised, as headlines are): no figure of
    this article."""
    tokens = doc.tokens
    for i in range(tok - 1, s.first_token - 1, -1):
        if tokens[i].text in ("Related", "Also", "also", "More", "more") and (
            tokens[i].text == "Related" or (i > 0 and tokens[i - 1].key in ("read", "see"))
        ):
            words = [
                t.text for t in tokens[i + 1 : tok + 4] if t.text.isalpha() and len(t.text) > 3
            ]
            capitals = sum(1 for w in words if w[0].isupper())
            return len(words) >= 3 and capitals >= _TITLE_SHARE * len(words)
    return False


_PERIOD_RE = re.compile(
    r"\b(?:(?:over|during|in|within|throughout)\s+the\s+(?:past|last|previous)"
    r"|over\s+(?:the\s+)?(?:past\s+)?(?=\S+\s+(?:days|weeks|months)\b))"
    r"\s+(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|few|several|couple\s+of)\s+)?(?:days?|weeks?|months?|years?)\b"
    r"|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|several)\s+(?:days|weeks|months|years)\s+of\s+(?!the\b|a\b|an\b)[a-z]",
    re.IGNORECASE,
)
"""A period of days or more: "during the past two weeks", "over the last 15 days", "over
two weeks", "seven days of air strikes" (not hours: "in the last 24 hours", "24 hours of
bombardment" tell a day)."""
_PERIOD_UNITS = (" day", " week", " month", " year")
_PERIOD_BREAKS = frozenset({";", ",", "but", "while", "bringing", "raising", "after"})


def _over_a_period(doc: Document, number: NumberPhrase, s: Sentence) -> bool:
    """The figure's clause counts the dead of a period ("has executed 700 members of a tribe
    ... during the past two weeks", "killed dozens in the past week"): an aggregate, no
    event's toll (docs/annotation.md 9.7). The period phrase stands in the figure's
    sentence with no other figure and no clause break between them."""
    text = doc.text
    if all(text.find(unit, s.start, s.end) < 0 for unit in _PERIOD_UNITS):
        return False
    for m in _PERIOD_RE.finditer(text, s.start, s.end):
        a, b = m.start(), m.end()
        lo, hi = (number.end, a) if a >= number.end else (b, number.start)
        if any(lo <= n.start < hi for n in doc.numbers):
            continue
        i, j = doc.token_index_at(lo), doc.token_index_at(hi)
        if not any(t.text in _PERIOD_BREAKS or t.key in _PERIOD_BREAKS for t in doc.tokens[i:j]):
            return True
    return False


def _joined_to(doc: Document, end_tok: int, tok: int, s: Sentence) -> bool:
    """The figure at ``tok`` follows, in its clause, the figure that ends at ``end_tok``
    ("had left more than 75 civilians dead and another 150 wounded"): no clause break
    between them."""
    if not s.first_token <= end_tok <= tok:
        return False
    return not any(
        t.text in _PERIOD_BREAKS or t.key in _PERIOD_BREAKS for t in doc.tokens[end_tok:tok]
    )


_LEAD_SENTENCES = 2
"""The last sentence (by index) of a headline and lead that may retell a running count."""

_HISTORY_DAYS = 45


def _past(doc: Document, s: Sentence) -> bool:
    """A year before publication in the sentence, or a date that ended more than six weeks
    before it ("In May 2016" in an article of 2017): the figure belongs to the past."""
    if doc.published is None:
        return False
    for d in doc.dates:
        if not s.start <= d.mention.start < s.end:
            continue
        if d.year is not None and d.year < doc.published.year:
            return True
        r = d.resolved
        if r is None:
            continue
        slack = _PERIOD_DAYS.get(r.precision, 0) if r.end is None else 0
        if (doc.published - (r.end or r.date)).days - slack > _HISTORY_DAYS:
            return True
    return False


_PERIOD_DAYS = {"week": 7, "month": 31, "year": 366}
"""How far a period reaches past its representative day."""


def _is_subset(
    doc: Document,
    lex: CasualtyLexicon,
    tok: int,
    end: int,
    first: int,
    numbers_at: frozenset[int],
) -> bool:
    """ "including 2 women", "five of them", "2 medics among 31 dead": part of a figure;
    "15 dead among the ranks of X" is not. The figure spans ``tokens[tok:end]``, with its
    qualifier ("at least two of the killed")."""
    tokens = doc.tokens
    for m in lex.subset.find_all(tokens, max(first, tok - _PARTS_BACK), tok):
        if m.end >= tok - 1:
            return True
        # "including a local commander and his two sons": a later item of the parts
        between = tokens[m.end : tok]
        if not any(
            t.text in _CLAUSE_BREAK
            or t.key in _HARD_BREAKS
            or t.key in _AUXILIARIES
            or t.start in numbers_at
            or lex.words.match_at(tokens, k, tok) is not None
            for k, t in enumerate(between, m.end)
        ):
            return True
    if end > tok + 1 and tokens[end - 1].key == "of":
        end -= 1  # a vague amount's span takes its "of" ("scores of the dead")
    if end + 1 < len(tokens) and tokens[end].key == "of" and _also_after(tokens, end):
        return False  # "Many of the rebel fighters who guarded the buses were also killed"
    if end + 1 < len(tokens) and tokens[end].key == "of":
        # "five of them" is part of a figure; "targeted tens of civilians, killing 3 of
        # them": the verb right before it makes it a figure of its own
        return tokens[end + 1].key in ("them", "whom", "those", "the") and not any(
            m.end == tok and tokens[m.start].key not in _NOUN_WORDS
            for m in lex.words.find_all(tokens, max(first, tok - 3), tok)
        )
    # "2 medics among 31 dead", "two women and two children were among eight people killed"
    stop = doc.sentences[tokens[tok].sent].end_token
    for i in range(end, min(stop - 1, end + 8)):
        t = tokens[i]
        if t.text in _CLAUSE_BREAK or t.text == "," or lex.words.match_at(tokens, i, stop):
            return False
        if t.key == "among":
            if tokens[i + 1].key in ("them", "whom"):
                return False
            return any(
                tokens[j].start in numbers_at
                or tokens[j].key in _TOLL_NOUNS
                or lex.words.match_at(tokens, j, stop) is not None
                for j in range(i + 1, min(stop, i + 4))
            )
    return False


def _also_after(tokens: list[Token], of: int) -> bool:
    """ "N of the X ... were also killed": victims besides a figure told, not a part of it
    (the clause's "also", before a clause break)."""
    stop = min(len(tokens), of + 12)
    for t in tokens[of + 1 : stop]:
        if t.text in _CLAUSE_BREAK or t.text in ",." or t.sent != tokens[of].sent:
            return False
        if t.key == "also":
            return True
    return False


_PARTS_BACK = 8
"""How far before a figure a list of parts it belongs to may open."""
_TOLL_NOUNS = frozenset("those victims casualties dead".split())
"""After "among", words of a toll: "two women were among those killed", "among the victims"."""

_PREPOSITIONS = frozenset("in by between with from against during after on near".split())
"""Before a figure whose casualty word follows it, these make it no count of victims."""

_LIST_LINKS = frozenset({"and", "plus", ","})


def _next_item(doc: Document, last_part: int, tok: int, sent: int) -> bool:
    """ "including four women and two children", "included six women five children": the
    next item of a list of parts."""
    tokens = doc.tokens
    if last_part < 0 or tokens[last_part - 1].sent != sent or not 0 < tok - last_part <= 4:
        return False
    between = tokens[last_part:tok]
    linked = tokens[tok - 1].key in _LIST_LINKS or (
        tok - last_part == 1 and between[0].text.isalpha()
    )
    return linked and not any(t.key in _HARD_BREAKS or t.text in _CLAUSE_BREAK for t in between)


def _destroyed_things(
    doc: Document, lex: CasualtyLexicon, word_tok: int, end_tok: int, stop: int
) -> bool:
    """A figure governed by "destroyed", "eliminated" ... that names no people right after
    it ("destroyed 12 trucks", "18 vehicles were destroyed"): things, no victims."""
    tokens = doc.tokens
    if lex.destroyed.match_at(tokens, word_tok, stop) is None:
        return False
    for i in range(end_tok, min(stop, end_tok + 4)):  # "up to 80 [Daesh] fighters"
        if tokens[i].key in lex.people:
            return False
        if tokens[i].key == "of":
            break  # "three groups of terrorists"
    return True


def _not_violent(doc: Document, lex: CasualtyLexicon, word_tok: int, stop: int) -> bool:
    """ "died of malnutrition", "deaths from disease": no conflict toll."""
    tokens = doc.tokens
    for j in range(word_tok + 1, min(stop - 1, word_tok + 3)):
        if tokens[j].key in ("of", "from"):
            return lex.not_violent.match_at(tokens, j + 1, stop) is not None
    return False


def _adds(
    doc: Document,
    lex: CasualtyLexicon,
    number: NumberPhrase,
    first_tok: int,
    end_tok: int,
    word_tok: int,
    s: Sentence,
) -> str | None:
    """ "six others", "20 other fighters" (``others``); "another 40", "a further nine",
    "were also killed", "Moreover 4 civilians were killed", "in addition to two children"
    (``more``): victims besides
    those told before (``CasualtyMention.adds``)."""
    tokens = doc.tokens
    if number.qualifier == "another":
        return "more"
    if end_tok < s.end_token and tokens[end_tok].key in ("others", "other"):
        return "others"
    if end_tok < s.end_token and tokens[end_tok].key == "more":
        return "more"
    if [t.key for t in tokens[max(s.first_token, first_tok - 3) : first_tok]] == [
        "in",
        "addition",
        "to",
    ]:
        return "more"  # "killing four workers in addition to two children"
    lo, hi = min(first_tok, word_tok) - 1, max(end_tok, word_tok)
    if any(tokens[i].key == "also" for i in range(max(s.first_token, lo), hi)):
        return "more"
    return "more" if lex.additive.match_at(tokens, s.first_token, s.end_token) else None


_FIRST_DETS = frozenset({"a", "an", "one", "another"})
_NEXT_DETS = frozenset({"a", "an", "one", "his", "her", "their", "its"})
_BEFORE_SUBJECT = frozenset({",", "that", "said", "when", "after", "while", "as"})


def _victims_named_first(doc: Document, lex: CasualtyLexicon, said: list[Attribution]) -> None:
    """ "A man and his young daughter have been killed" (2), "A woman killed" (1): victims
    named one by one in the singular before their casualty word count one each."""
    tokens = doc.tokens
    for s in doc.sentences:
        stop = s.end_token
        for i in range(s.first_token, stop):
            if tokens[i].key not in _FIRST_DETS:
                continue
            if i > s.first_token and not _before_subject(tokens[i - 1]):
                continue
            found = _victim_chain(doc, lex, i, stop)
            if found is None:
                continue
            count, noun_end, word_tok = found
            word = lex.words.match_at(tokens, word_tok, stop)
            kind = word.values[0] if word is not None else "killed"
            start, end = tokens[i].start, tokens[noun_end - 1].end
            another = tokens[i].key == "another"
            phrase = NumberPhrase(
                start, end, doc.text[start:end], count, "another" if another else None,
                count, count, False,
            )  # fmt: skip
            doc.casualties[:] = [c for c in doc.casualties if not start <= c.number.start < end]
            more = another or lex.additive.match_at(tokens, s.first_token, stop) is not None
            source, others = _claimant(doc, said, start, s.index, another)
            doc.casualties.append(
                CasualtyMention(
                    phrase,
                    kind,
                    s.index,
                    None,
                    source,
                    start,
                    tokens[word_tok].end,
                    "more" if more else None,
                    others,
                )
            )


def _before_subject(t: Token) -> bool:
    """A word a subject may follow: "..., a man was killed", "Elsewhere in Eastern Ghouta
    another child was killed" (a place or name ends a fronted phrase)."""
    return t.key in _BEFORE_SUBJECT or (t.text[:1].isupper() and t.text[1:].islower())


def _victim_chain(
    doc: Document, lex: CasualtyLexicon, i: int, stop: int
) -> tuple[int, int, int] | None:
    """(victims, end of the last one, casualty word) for "a man and his daughter were killed"."""
    tokens = doc.tokens
    count, k = 0, i
    while True:
        dets = _FIRST_DETS if count == 0 else _NEXT_DETS
        if k >= stop or tokens[k].key not in dets:
            return None
        noun = None
        for j in range(k + 1, min(stop, k + 4)):
            noun = lex.single.match_at(tokens, j, stop)
            if noun is not None or not tokens[j].text.isalpha():
                break
        if noun is None:
            return None
        count, k = count + 1, noun.end
        if k < stop and tokens[k].key == "and":
            k += 1
            continue
        break
    noun_end = k
    while k < stop and tokens[k].key in _AUXILIARIES:
        k += 1
    word = lex.words.match_at(tokens, k, stop) if k < stop else None
    if word is None or lex.destroyed.match_at(tokens, k, stop):
        return None
    if word.end - word.start == 1 and tokens[k].key in _NOUN_WORDS:
        return None
    return count, noun_end, k


def _has_own_word(
    doc: Document, lex: CasualtyLexicon, tok: int, stop: int, numbers_at: frozenset[int]
) -> bool:
    """The figure at ``tok`` has a casualty word of its own right after it, with no figure
    after that word ("Three killed over 70 injured in attacks": 70 are the injured, and
    "killed" is the three's); in "Kurds kill 83 Injured 100" "Injured" has its 100."""
    tokens = doc.tokens
    n = next((x for x in doc.numbers if x.start == tokens[tok].start), None)
    if n is None:
        return False
    j = doc.token_index_at(n.end)
    word = lex.words.match_at(tokens, j, stop) if j < stop else None
    if word is None:
        return False
    return not (word.end < stop and tokens[word.end].start in numbers_at)


def _casualty_word(
    doc: Document,
    lex: CasualtyLexicon,
    a: int,
    b: int,
    first: int,
    stop: int,
    numbers_at: frozenset[int],
) -> tuple[str, int] | None:
    """The casualty word this figure belongs to, and its token index."""
    tokens = doc.tokens
    # a death toll standing before the figure: "putting the death toll at 70", "the toll
    # rose to 12", "raised the death toll from the strikes on Monday to 61"
    tolls = lex.toll.find_all(tokens, max(first, a - _TOLL_REACH), a)
    for toll in reversed(tolls):
        between = tokens[toll.end : a]
        if all(t.key in _TOLL_LINKS for t in between):
            return "killed", toll.start
        if (
            a - toll.end <= _TOLL_REACH
            and tokens[a - 1].key in ("to", "at")
            and not any(t.text in _CLAUSE_BREAK for t in between)
        ):
            return "killed", toll.start
    right: tuple[str, int] | None = None
    i, limit = b, min(stop, b + _RIGHT_WINDOW + 3)
    while i < limit:
        if lex.subset.match_at(tokens, i, stop) is not None:
            # "up to 80 fighters including nine natives of the Caucasus were destroyed",
            # "Twelve people including the (opposition) minister were killed": the parts
            # stand between the figure and its verb
            aux = _verb_after_parts(doc, lex, i, stop)
            if aux is not None:
                i, limit = aux, min(stop, aux + 4)
                continue
        if tokens[i].text == "(":
            # "23 ISIS (Daesh) militants were killed": a short gloss is no clause break
            close = _gloss_end(doc, i, stop)
            if close is not None:
                limit = min(stop, limit + close - i)
                i = close
                continue
        if tokens[i].text in _CLAUSE_BREAK or tokens[i].key in _CLAUSE_BREAK:
            break
        word = lex.words.match_at(tokens, i, stop)
        if word is not None:
            if word.end - word.start == 1 and tokens[i].key.endswith("ing"):
                break  # "destroying several homes and killing": a participle's object follows it
            if (
                word.end < stop
                and tokens[word.end].start in numbers_at
                and not _has_own_word(doc, lex, word.end, stop, numbers_at)
            ):
                break  # "Kurds kill 83 Injured 100": the verb's figure is the one after it
            right = (word.values[0], i)
            break
        i += 1
    left: tuple[str, int] | None = None
    for i in range(a - 1, max(first - 1, a - 1 - _LEFT_WINDOW), -1):
        if tokens[i].text in _CLAUSE_BREAK or tokens[i].key == "and":
            break  # "a child was killed and 7 people injured": 7 is not the killed
        word = lex.words.match_at(tokens, i, a)
        if word is not None and word.end >= a - 1 and tokens[word.end - 1].key not in _NOUN_WORDS:
            left = (word.values[0], i)  # "killed more than 60", "shot dead nine villagers"
            break
        if tokens[i].key in ("left", "leaving"):
            continue
    if left is None and a > first and tokens[a - 1].key == "and" and b < stop:
        if tokens[b].key in lex.people:
            left = _verb_of_first_object(doc, lex, a - 1, first, numbers_at)
    # "6 dead" beats "killed 5 and 6 wounded"; "killed three people and injured 20":
    # a verb right before the figure governs it; then a word right after it
    if right is not None and right[1] - b <= 1:
        return right
    if left is not None and a - left[1] <= 2:
        return left
    if right is not None and (right[1] - b <= _RIGHT_WINDOW or left is None):
        return right
    if left is None and any(t.key in lex.people for t in tokens[b : min(stop, b + 2)]):
        return _passive_after_subject(doc, lex, b, stop, numbers_at)  # "four medical staff"
    return left


_OBJECT_REACH = 6
"""Words a verb's first object may hold before "and" and a figure of people."""


def _verb_of_first_object(
    doc: Document, lex: CasualtyLexicon, and_tok: int, first: int, numbers_at: frozenset[int]
) -> tuple[str, int] | None:
    """ "we destroyed a terrorist command post and up to 80 militants", "killed the
    commander and 20 fighters": a figure of people that follows "and" and a first object
    with no figure is an object of the verb before that object too."""
    tokens = doc.tokens
    for i in range(and_tok - 1, max(first - 1, and_tok - 1 - _OBJECT_REACH), -1):
        t = tokens[i]
        if t.text in _CLAUSE_BREAK or t.text == "," or t.key in _SUBJECT_BREAKS:
            return None
        if t.start in numbers_at:
            return None  # "killed 15 soldiers and 23 rebels": the list rule's
        word = lex.words.match_at(tokens, i, and_tok)
        if word is not None:
            if i == and_tok - 1 or tokens[word.end - 1].key in _NOUN_WORDS:
                return None  # "a child was killed and 7 people": no object between
            if t.key.endswith("ing") or tokens[word.end].key in _ARTICLES_THE:
                return word.values[0], i
            return None
    return None


_ARTICLES_THE = frozenset({"a", "an", "the", "his", "her", "its", "their"})


_SUBJECT_REACH = 20
"""Words a subject that opens on a figure may run to its verb."""
_SUBJECT_BREAKS = frozenset("and or who which that whose when while after as but".split())


def _passive_after_subject(
    doc: Document, lex: CasualtyLexicon, b: int, stop: int, numbers_at: frozenset[int]
) -> tuple[str, int] | None:
    """ "four medical staff from a dispensary in Maarzita in southern Idlib province were
    also killed": a figure of people whose subject runs past the window to a passive
    casualty verb, with no clause, figure or other verb between."""
    tokens = doc.tokens
    for i in range(b + 1, min(stop, b + _SUBJECT_REACH)):
        t = tokens[i]
        if t.key in _PARTS_VERBS or t.key in ("are", "is"):
            k = i + 1
            while k < stop and tokens[k].key in _AUXILIARIES:
                k += 1  # "were also", "have been"
            word = lex.words.match_at(tokens, k, stop) if k < stop else None
            if word is None or tokens[k].key in _NOUN_WORDS:
                return None
            return word.values[0], k
        if t.key == "and" and _names_more(tokens, b, i, stop):
            continue  # "20 jihadists of Al-Nusra and Jund al-Aqsa ... were killed"
        if (
            t.text in _CLAUSE_BREAK
            or t.text == ","
            or t.key in _SUBJECT_BREAKS
            or t.start in numbers_at
            or lex.words.match_at(tokens, i, stop) is not None
            or lex.subset.match_at(tokens, i, stop) is not None
        ):
            return None
    return None


_PAST_FORMS = frozenset(
    """fled left went came took ran fought fell began made met sent brought held got gave
    hit shot struck stood lost won broke drove rode flew blew threw""".split()
)
"""Irregular past tenses: a subject that holds one is a clause of its own."""


def _names_more(tokens: list[Token], b: int, i: int, stop: int) -> bool:
    """The "and" at ``i`` joins names within the subject of the figure ending at ``b``
    ("at least 20 jihadists of Al-Nusra and Jund al-Aqsa ... were killed"), not clauses
    ("30 rebels stormed the base and civilians were killed"): no verb before it in the
    subject, and no verb right after it."""
    if i + 1 >= stop or tokens[i + 1].key in _AUXILIARIES or tokens[i + 1].key in _PARTS_VERBS:
        return False
    return not any(
        t.key.endswith("ed") or t.key in _PAST_FORMS or t.key in _AUXILIARIES for t in tokens[b:i]
    )


_GLOSS_REACH = 4
"""Words a parenthetical gloss may hold: "(Daesh)", "(SDF)", "(YPG) militia"."""


def _gloss_end(doc: Document, i: int, stop: int) -> int | None:
    """The token after the ")" of a short parenthetical of words only opened at ``i``,
    if there is one."""
    tokens = doc.tokens
    for j in range(i + 1, min(stop, i + _GLOSS_REACH + 2)):
        if tokens[j].text == ")":
            return j + 1 if j > i + 1 else None
        if not tokens[j].text.isalpha():
            return None
    return None


_PARTS_REACH = 15
_PARTS_VERBS = frozenset({"was", "were", "have", "has", "had"})


def _verb_after_parts(doc: Document, lex: CasualtyLexicon, i: int, stop: int) -> int | None:
    """The auxiliary after a list of parts opened at ``i`` ("including nine natives of the
    Caucasus were"), if the list runs into one with no clause break or casualty word."""
    tokens = doc.tokens
    for j in range(i + 1, min(stop, i + _PARTS_REACH)):
        t = tokens[j]
        if t.key in _PARTS_VERBS:
            return j
        if t.key in _HARD_BREAKS or t.text == '"' or lex.words.match_at(tokens, j, stop):
            return None
    return None


def _victim(
    doc: Document, end_tok: int, sent: int, numbers_at: frozenset[int]
) -> ActorMention | None:
    """The actor the figure counts: "more than 60 Syrian soldiers"; not one after the next
    figure ("129 loyalists and 116 rebels": the rebels are the 116)."""
    tokens = doc.tokens
    for actor in doc.actors:
        if actor.sent == sent and end_tok <= actor.tok_start <= end_tok + 3 and actor.is_combatant:
            if any(tokens[k].start in numbers_at for k in range(end_tok, actor.tok_start)):
                return None
            return actor
    return None


_AFTER_OBJECT = frozenset(
    """in on at near across during overnight when as after while including outside inside
    around along following amid
    monday tuesday wednesday thursday friday saturday sunday yesterday today""".split()
)
"""Words that end a verb's object: a bare figure before them counts people."""


def _counts_people(
    doc: Document,
    lex: CasualtyLexicon,
    end_tok: int,
    stop: int,
    word_tok: int,
    speakers: frozenset[int] = frozenset(),
) -> bool:
    """The figure counts people ("90 people", "six killed"), not strikes or days."""
    tokens = doc.tokens
    if word_tok < end_tok:
        nxt = tokens[end_tok].key if end_tok < stop else ""
        return (
            end_tok >= stop
            or nxt in lex.people
            or not tokens[end_tok].text.isalpha()
            or nxt in ("and", "others", "more", "other", "people", "persons", "of")
            or nxt in _AFTER_OBJECT  # "killed four in an attack", "injured 32 on Monday"
            or end_tok in speakers  # "bomb kills six, state TV says"
            or lex.words.match_at(tokens, end_tok, stop) is not None  # "kill 83 Injured 100"
        )
    for i in range(end_tok, min(stop, end_tok + 4)):
        key = tokens[i].key
        if i == word_tok or key in lex.people or key in ("others", "more", "people", "them"):
            return True
    return False


def _speech_acts(
    doc: Document, span: tuple[int, int] | None, crossheads: dict[int, int]
) -> list[Attribution]:
    """The article's speech acts, with the source of the headline (at token ``span``); a
    speech act of the lead does not reach back into a headline run into it (its full stop
    lost), nor one of a body sentence into a crosshead run into it (``_crossheads``)."""
    if span is None and not crossheads:
        return doc.attributions
    head_end = doc.tokens[span[1] - 1].end if span is not None else -1
    out = []
    for att in doc.attributions:
        a, b = att.content
        if span is not None and a < head_end and att.verb_tok >= span[1]:
            if b <= head_end:
                continue
            att = replace(att, content=(head_end, b))
            a = head_end
        body = crossheads.get(att.sent)
        if body is not None and att.verb_tok >= body and a < doc.tokens[body].start:
            if b <= doc.tokens[body].start:
                continue
            att = replace(att, content=(doc.tokens[body].start, b))
        out.append(att)
    headline = headline_source(doc, span) if span is not None else None
    return out if headline is None else [*out, headline]


_CROSSHEAD_REACH = 25
"""Tokens a crosshead run into its paragraph may hold."""
_BODY_OPENERS = frozenset(
    """earlier later meanwhile elsewhere separately moreover furthermore in on at during
    yesterday today""".split()
)
"""Capitalised words that open a paragraph's first sentence: "... in Aleppo Earlier two
persons were killed", "... in Deir Ezzor In the same context"."""
_BARE_WORDS = frozenset("killed injured wounded dead".split())


def _crossheads(doc: Document, lex: CasualtyLexicon) -> dict[int, int]:
    """Sentences that open on a crosshead whose full stop was lost: a headline's grammar
    (a figure and a bare participle, "Two killed 6 injured in rocket attacks in Aleppo",
    "A woman killed ...") run into a paragraph that opens on a capitalised word of a
    sentence's head followed by lower case ("Earlier two persons were killed ...", "In the
    same context ..."). Maps the sentence to the token where its body starts: what a
    speaker of the body says does not reach back into the crosshead."""
    tokens = doc.tokens
    numbers_at = frozenset(n.start for n in doc.numbers)
    out: dict[int, int] = {}
    for s in doc.sentences:
        first, stop = s.first_token, s.end_token
        if stop - first < 6:
            continue
        article = tokens[first].key in ("a", "an")
        if not article and tokens[first].start not in numbers_at:
            continue  # it opens on a figure: "Two killed", "A woman killed"
        head = [t.key for t in tokens[first : min(stop, first + 4)]]
        bare = next((k for k, w in enumerate(head) if w in _BARE_WORDS), None)
        if bare is None or bare == 0 or any(w in _AUXILIARIES for w in head[:bare]):
            continue
        if article and lex.single.match_at(tokens, first + 1, stop) is None:
            continue
        for k in range(first + bare + 1, min(stop - 1, first + _CROSSHEAD_REACH)):
            t = tokens[k]
            if t.key in _BODY_OPENERS and t.is_title and tokens[k + 1].text[:1].islower():
                out[s.index] = k
                break
    return out


def _claimant(
    doc: Document, said: list[Attribution], char: int, sent: int, more: bool
) -> tuple[str | None, tuple[str, ...]]:
    """Who states the figure at ``char``: the speakers of the speech act that contains it;
    else the speaker of the quote it stands in ('"... Five people died," a medic said' with
    the quote running over sentences); else, for a figure of other victims ("Another 70
    were wounded.", "a further nine", "six more") that opens a sentence with no speech act
    of its own, the source of the last figure of the sentence before it, whose report it
    continues ("Moreover ..." opens the article's own account)."""
    source, others = _sources(said, char, sent)
    if source is not None:
        return source, others
    inverted = _inverted_report(doc, said, char, sent)
    if inverted is not None:
        return inverted, ()
    for q in doc.quotes:
        if q.start <= char < q.end:
            att = quote_speaker(doc, q)
            if att is not None and att.speaker is not None:
                return att.speaker, ()
            break
    if not more or any(att.sent == sent for att in said):
        return None, ()
    if any(c.sent == sent and c.number.start < char for c in doc.casualties):
        return None, ()  # "Two were killed and four others were injured"
    before = [c for c in doc.casualties if c.sent == sent - 1]
    last = max(before, key=lambda c: c.number.start, default=None)
    if last is not None and last.source is not None:
        return last.source, last.co_sources
    return None, ()


_INVERTED_VERBS = frozenset({"said", "says", "added", "adds"})


def _inverted_report(doc: Document, said: list[Attribution], char: int, sent: int) -> str | None:
    """ "Fifteen volunteers were killed in the strike said the Civil Defence, also known as
    the White Helmets, and more than 25 were injured": a figure that opens a clause joined
    by "and" after the speaker of the sentence's one speech act, whose verb comes before
    its speaker and after what was said, goes on with the report."""
    tokens = doc.tokens
    tok = doc.token_index_at(char)
    if tok == 0 or tokens[tok - 1].key != "and":
        return None
    acts = [att for att in said if att.sent == sent]
    if len(acts) != 1:
        return None
    att = acts[0]
    if att.speaker is None or att.speaker_tok is None:
        return None
    verb = tokens[att.verb_tok]
    if verb.key not in _INVERTED_VERBS or att.content[1] > verb.start:
        return None
    if att.verb_tok > att.speaker_tok[0]:
        return None  # "said the Civil Defence": the verb before its speaker
    end = att.speaker_tok[1]
    if tok <= end or any(t.text in _CLAUSE_BREAK for t in tokens[end:tok]):
        return None
    return att.speaker


def _sources(said: list[Attribution], char: int, sent: int) -> tuple[str | None, tuple[str, ...]]:
    """The speaker whose speech act contains this character, if any (the innermost act),
    and the other speakers of that act ("a monitor and rebels said")."""
    best: Attribution | None = None
    for att in said:
        if att.sent == sent and att.content[0] <= char < att.content[1]:
            if best is None or att.content[0] >= best.content[0]:
                best = att
    if best is None:
        return None, ()
    group = [
        att
        for att in said
        if att.speaker is not None
        and att.sent == sent
        and att.verb_tok == best.verb_tok
        and att.content == best.content
    ]
    group.sort(key=lambda att: att.speaker_tok[0] if att.speaker_tok else -1)
    names = list(dict.fromkeys(att.speaker for att in group if att.speaker is not None))
    if not names:
        return best.speaker, ()
    return names[0], tuple(names[1:])
