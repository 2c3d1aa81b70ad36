"""Part of stage 5 (``events``): whether a trigger word reports a happening.

A trigger does not report one in a non-factual clause (a modality cue shortly before it:
threats, hypotheticals, denials; a history cue further back), as an aim ("an offensive to
retake"), inside scare quotes or a direct quote that counts no people, or where the word
describes rather than reports: who the sides are, a state of affairs, a participle used as
an adjective, the present of habit ("they target only militants").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitrep.actors import ActorMention
from sitrep.document import Document
from sitrep.event_arguments import _CLAUSE_BREAK
from sitrep.event_context import has_day
from sitrep.phrases import PhraseMatch
from sitrep.tokens import Token

if TYPE_CHECKING:
    from sitrep.events import EventLexicon, Trigger

_MODALITY_WINDOW = 11
_HISTORY_WINDOW = 16

_PERSON_NOUNS = frozenset(
    """civilians people children women men soldiers fighters residents persons patients
    troops members victims""".split()
)
_IRREGULAR_PAST = frozenset("struck hit shot shelled fought killed seized took".split())
_GROUP_NOUNS = frozenset(
    """fighters forces troops groups rebels militants factions militias soldiers jihadists
    insurgents units parties sides""".split()
)

_WAR_SPANS = frozenset("years months decades rounds".split())
_INTENSE = frozenset("heavy fierce intense violent deadly bloody".split())
_MODALS = frozenset("would could might may will".split())
_SHOWN = frozenset(
    "that it its their his her the a an this these how what our clearly once again".split()
)


def _quoted_tokens(doc: Document, first: int, stop: int) -> list[tuple[int, int]]:
    """Token ranges of direct quotes: what someone said, not what the article reports."""
    out = []
    for q in doc.quotes:
        a, b = doc.token_index_at(q.start), doc.token_index_at(q.end)
        if a < stop and b > first:
            out.append((a, b))
    return out


def _counts_in_quote(doc: Document, quotes: list[tuple[int, int]], first: int, stop: int) -> bool:
    """A quoted sentence that counts ("a group of over 60 mercenaries were killed in an
    airstrike," the spokesman said) reports a happening; other quotes are what someone
    said of it. ``quotes``: the token ranges of :func:`_quoted_tokens`."""
    if not quotes:
        return False
    lo, hi = doc.tokens[first].start, doc.tokens[stop - 1].end
    for n in doc.numbers:
        if not lo <= n.start < hi or (n.value or 0) < 2:
            continue
        tok = doc.token_index_at(n.start)
        if any(max(a, first) <= tok < min(b, stop) for a, b in quotes) and _counts_people(
            doc, n.end
        ):
            return True
    return False


_COUNTED_PEOPLE = _PERSON_NOUNS | frozenset(
    "militants mercenaries terrorists rebels gunmen jihadists killed dead wounded injured".split()
)


def _counts_people(doc: Document, end: int) -> bool:
    """A person noun or a killing word within three words after a number ("over 60 foreign
    mercenaries", "40 members", "nine killed")."""
    tok = doc.token_index_at(end)
    return any(t.key in _COUNTED_PEOPLE for t in doc.tokens[tok : tok + 3])


def _purpose(tokens: list[Token], start: int, first: int, trig: Trigger) -> bool:
    """ "an offensive to retake eastern Aleppo": an infinitive tells an aim, not a deed
    ("managed to drive out" tells the deed)."""
    return (
        trig.pos == "verb"
        and start > first
        and tokens[start - 1].key == "to"
        and not (start - 2 >= first and tokens[start - 2].key in _ACHIEVED)
    )


_ACHIEVED = frozenset("managed manages manage succeeded".split())


def _short_quotes(doc: Document, first: int, stop: int) -> list[tuple[int, int]]:
    """Token ranges of words in short quotes: scare quotes ("killing" businesses)."""
    out = []
    open_at: int | None = None
    for i in range(first, stop):
        if doc.tokens[i].text == '"':
            if open_at is None:
                open_at = i
            else:
                if i - open_at <= 4:
                    out.append((open_at, i))
                open_at = None
    return out


def _modality_cues(
    doc: Document, lex: EventLexicon, trig_tok: int, first: int
) -> list[PhraseMatch[str]]:
    """The modality cues in the trigger's clause, shortly before it."""
    tokens = doc.tokens
    lo = _clause_back(tokens, trig_tok, first, _MODALITY_WINDOW)
    cues = lex.modality_before.find_all(tokens, lo, trig_tok)
    if not cues and trig_tok - 1 > first and tokens[trig_tok - 1].key == "and":
        cues = _plans_before(doc, lex, lo, first)
    return [c for c in cues if not _tells_the_deed(doc, lex, c)]


_COORDINATED_WINDOW = 20
"""Tokens back from a verb after "and" to the "planned to" whose second verb it may be."""


def _plans_before(doc: Document, lex: EventLexicon, lo: int, first: int) -> list[PhraseMatch[str]]:
    """ "The terrorists planned to break the army's defence lines in al-Mallah Farms and
    recapture the just-liberated areas": a verb after "and" is the second of a plan's
    infinitives, from further back than the modality window, with no clause break between
    (cues ending in "to": "planned to", "vowed to", "aims to")."""
    tokens = doc.tokens
    start = _clause_back(tokens, lo, first, _COORDINATED_WINDOW)
    return [
        c for c in lex.modality_before.find_all(tokens, start, lo) if tokens[c.end - 1].key == "to"
    ]


def _clause_back(tokens: list[Token], at: int, first: int, window: int) -> int:
    """How far back from token ``at`` its clause reaches, at most ``window`` tokens and
    not before ``first``: to the token after a clause break."""
    lo = at
    while lo > first and at - lo < window and tokens[lo - 1].text not in _CLAUSE_BREAK:
        lo -= 1
    return lo


def _tells_the_deed(doc: Document, lex: EventLexicon, cue: PhraseMatch[str]) -> bool:
    """ "The opposition accused government forces of killing well over 1000 civilians with
    poison gas on Wednesday": an accusation that counts its victims or names its day tells
    the deed, as alleged; "accused of carrying out indiscriminate attacks" does not."""
    if not all(v in lex.accusing for v in cue.values):
        return False
    sent = doc.tokens[cue.start].sent
    after = doc.tokens[cue.end].start if cue.end < len(doc.tokens) else doc.sentences[sent].end
    end = doc.sentences[sent].end
    counted = any(
        after <= n.start < end and (n.value or 0) >= 2 and _counts_people(doc, n.end)
        for n in doc.numbers
    )
    return counted or has_day(doc, sent, [], after)


def _in_history(doc: Document, lex: EventLexicon, trig_tok: int, first: int) -> bool:
    """A history cue further back ("in recent months", "have been carrying out")."""
    wide = max(first, trig_tok - _HISTORY_WINDOW)
    return any(
        not _main_clause_after(doc, h.end, trig_tok)
        for h in lex.history.find_all(doc.tokens, wide, trig_tok)
    )


def _non_factual(doc: Document, lex: EventLexicon, trig_tok: int, first: int) -> bool:
    """A modality cue in the trigger's clause, shortly before it, or a history cue."""
    return bool(_modality_cues(doc, lex, trig_tok, first)) or _in_history(doc, lex, trig_tok, first)


def accused(doc: Document, lex: EventLexicon, trig_tok: int, first: int) -> bool:
    """ "the regime was responsible for a sarin attack on Khan Sheikhun on the 4th of April":
    only accusation cues make the trigger non-factual; it refers to a happening rather than
    telling a new one."""
    cues = _modality_cues(doc, lex, trig_tok, first)
    return (
        bool(cues)
        and all(v in lex.accusation for c in cues for v in c.values)
        and not _in_history(doc, lex, trig_tok, first)
    )


_BEFORE_NOUN_CUES = frozenset("retaliation response avenge revenge".split())


def _main_clause_after(doc: Document, cue_end: int, trig_tok: int) -> bool:
    """ "In retaliation for the latest shelling, rebels fired rockets on Damascus": the cue
    dates the noun phrase after it, not the clause whose subject comes next."""
    if not any(t.key in _BEFORE_NOUN_CUES for t in doc.tokens[max(0, cue_end - 4) : cue_end]):
        return False
    return any(
        a.is_combatant and cue_end + 1 < a.tok_start and a.tok_end <= trig_tok <= a.tok_end + 1
        for a in doc.actors
        if a.sent == doc.tokens[trig_tok].sent
    )


_UNIT_NOUNS = frozenset(
    "battalion battalions brigade brigades unit units force forces group groups".split()
)
_RELATIVES = frozenset("where which who that whose".split())
_PERFECT = frozenset({"has", "have"})
_CONSEQUENCES = frozenset(
    """forced left displaced driven caused made devastated ravaged uprooted prompted
    created sent""".split()
)
_HARM_WORDS = frozenset("killed killing dead died deaths wounded injured".split())
_KEPT = frozenset({"kept", "keep", "keeps"})
_BEGAN = frozenset("began begun started launched".split())
_SWATHES = frozenset("swathes swaths".split())
_LARGE = frozenset("large vast huge big".split())
_AREAS = frozenset("parts areas tracts".split())


def _relative_clause(tokens: list[Token], verb: int, first: int) -> bool:
    """A relative pronoun opens the clause of the verb at ``verb`` ("where the group is
    fighting", "which are battling"), within a few words before it."""
    return any(t.key in _RELATIVES for t in tokens[max(first, verb - 6) : verb])


def _general_statement(
    doc: Document, m: PhraseMatch[Trigger], sent: int, first: int, stop: int
) -> bool:
    """Words that tell a state or a span of a war, not one happening, in a sentence that
    names no day of its own:

    - the perfect of fighting: "Hezbollah has fought alongside the army across the country";
    - fighting beside an ally: "the group initially fought alongside the rebels";
    - what kept going: "warplanes kept pounding rebel areas and other parts of the country";
    - a bare word for violence whose consequence is the news: "Bombing and fighting has
      forced thousands to flee", "Fighting in the province has left civilians ..." (no one
      killed or wounded in the sentence);
    - territory taken in swathes: "the campaign has captured large swathes of territory";
    - the start of a period, day or not: "since the army began an offensive";
    - what a state of affairs has led to: "tensions have led to armed clashes".
    """
    tokens = doc.tokens
    key = tokens[m.start].key
    prev = tokens[m.start - 1].key if m.start > first else ""
    fight = key in ("fought", "fighting", "fight", "battled", "battling")
    alongside = fight and m.end < stop and tokens[m.end].key == "alongside"
    kept = (prev in _KEPT and key.endswith("ing")) or (
        m.end + 1 < stop and tokens[m.end].key in _KEPT and tokens[m.end + 1].key.endswith("ing")
    )
    perfect = fight and key in ("fought", "battled") and prev in _PERFECT
    back = [t.key for t in tokens[max(first, m.start - 12) : m.start]]
    swathes = any(k in _PERFECT for k in back[-2:]) and any(
        t.key in _SWATHES
        or (t.key in _LARGE and k + 1 < len(tokens) and tokens[k + 1].key in _AREAS)
        for k, t in enumerate(tokens[m.end : min(stop, m.end + 3)], start=m.end)
    )
    if "since" in back and any(k in _BEGAN for k in back[back.index("since") :]):
        # the start of a period, not a happening: "127 people have been killed since the
        # army began an offensive nearly two weeks ago"
        return True
    if m.start == first or (m.start - first <= 3 and prev in ("and", "heavy", "fierce")):
        end = min(stop, m.end + 8)
        verb = next(
            (
                k + 1
                for k in range(m.end, end - 1)
                if tokens[k].key in _PERFECT and tokens[k + 1].key in _CONSEQUENCES
            ),
            None,
        )
        if verb is not None and not any(t.key in _HARM_WORDS for t in tokens[first:stop]):
            # the day must date the violence, not the report of its consequence ("...
            # the Red Cross said on Friday")
            lo, hi = tokens[first].start, tokens[verb].start
            return not any(lo <= d.mention.start < hi for d in doc.dates)
    led = "led" in back[-4:] and any(
        back[k] in _PERFECT and back[k + 1 : k + 3] == ["led", "to"]
        for k in range(max(0, len(back) - 5), len(back) - 2)
    )
    if not (alongside or perfect or kept or swathes or led):
        return False
    return not has_day(doc, sent, [])


_ARTICLES = frozenset("a an the its their this that".split())
_FIRE_WORDS = frozenset("extinguish flames blaze blazes fires firefighters".split())
_FIRE_CREWS = frozenset("firefighters firemen rescuers".split())
_MEANS_OF_WAR = frozenset(
    "tactics tactic methods practices crimes abuses violations atrocities".split()
)


def _noun_after(tokens: list[Token], start: int, first: int, words: tuple[str, ...]) -> int | None:
    """Index of ``words`` ending before ``start`` followed by an article and at most three
    modifiers ("since a suspected chemical weapons attack", "site of the deadly April
    attack"), or None."""
    k = start - 1
    while k >= first and start - k <= 4 and tokens[k].key not in _ARTICLES:
        k -= 1
    if k < first or tokens[k].key not in _ARTICLES:
        return None
    n = len(words)
    if k - n < first or tuple(t.key for t in tokens[k - n : k]) != words:
        return None
    return k - n


_PLACE_QUALIFIED = frozenset({"town", "city", "village"})
"""Nouns a happening can qualify: "the chemical attack town" is a place, not a report."""


def named_not_told(
    doc: Document, m: PhraseMatch[Trigger], sent: int, first: int, stop: int
) -> bool:
    """The word names a happening to describe something else, not to report it:

    - a place by what it once saw: "Kafr Nabl, the site of a deadly chemical attack last
      year" (a name before "site of"; "at the site of the blast" is the scene of the news),
      or "raid on Syria chemical attack town" (the happening qualifies "town");
    - the start of a period: "the first death in the town since a chemical attack on
      Tuesday";
    - firefighting: "firefighters battled the flames";
    - equipment: "fighters armed with guns and grenades";
    - support: "the president has rallied the minorities behind him";
    - the means of a war in general: "tactics that have included the use of chemical
      weapons, sieges, executions and torture" (no day in the sentence);
    - a place by how it was lately won: "recapture the just-liberated areas", "the newly
      liberated mountains" (a participle between "the" and "just", "newly" or "recently"
      and a noun describes what it qualifies).
    """
    tokens = doc.tokens
    key = tokens[m.start].key
    site = _noun_after(tokens, m.start, first, ("site", "of"))
    if site is not None and site > first:
        b = site - 1
        while b > first and tokens[b].key in ("the", ","):
            b -= 1
        before = tokens[b]
        if before.text[:1].isupper() and before.key not in _ARTICLES:
            return True
    if m.end < stop and tokens[m.end].key in _PLACE_QUALIFIED:
        return True  # "raid on Syria chemical attack town": the town by its attack
    if _noun_after(tokens, m.start, first, ("since",)) is not None:
        return True
    if _lately_won(tokens, m, first, stop):
        return True
    if key in ("battled", "battling", "battle", "fought", "fighting", "fight"):
        after = {t.key for t in tokens[m.end : min(stop, m.end + 4)]}
        if after & _FIRE_WORDS or any(t.key in _FIRE_CREWS for t in tokens[first : m.start]):
            return True
    back = [t.key for t in tokens[max(first, m.start - 6) : m.start]]
    if any(
        back[k] in ("armed", "equipped") and back[k + 1] == "with" for k in range(len(back) - 1)
    ):
        return True  # equipment: "three fighters armed with guns, grenades and explosives"
    if key in ("rallied", "rally", "rallies", "rallying") and any(
        t.key == "behind" for t in tokens[m.end : min(stop, m.end + 6)]
    ):
        return True
    means = next((k for k in range(first, m.start) if tokens[k].key in _MEANS_OF_WAR), None)
    return (
        means is not None
        and any(t.key in _INCLUDING for t in tokens[means + 1 : min(m.start, means + 12)])
        and not has_day(doc, sent, [])
    )


_INCLUDING = frozenset("include included includes including such".split())

_LATELY = frozenset("just newly recently".split())
_DETERMINERS = frozenset("the its their these those".split())


def _lately_won(tokens: list[Token], m: PhraseMatch[Trigger], first: int, stop: int) -> bool:
    """ "the just-liberated areas", "the recently captured town": a one-word participle
    between a determiner with "just", "newly" or "recently" and the noun it qualifies."""
    k = m.start
    return (
        m.end - m.start == 1
        and tokens[k].key.endswith("ed")
        and k - 2 >= first
        and tokens[k - 1].key in _LATELY
        and tokens[k - 2].key in _DETERMINERS
        and m.end < stop
        and tokens[m.end].text.isalpha()
        and tokens[m.end].text.islower()
    )


def _word_tells_no_happening(
    doc: Document,
    m: PhraseMatch[Trigger],
    trig: Trigger,
    actors: list[ActorMention],
    sent: int,
    first: int,
    stop: int,
) -> bool:
    """The trigger word describes rather than reports: who the sides are ("the coalition
    fighting Islamic State"), a state of affairs ("is fighting"), a participle used as an
    adjective ("a captured pilot", "for injured civilians"), the present of habit or of
    claims ("they target only militants")."""
    tokens = doc.tokens
    of = m.start - 1
    if of > first and tokens[of].key in _INTENSE:
        of -= 1
    if of - 1 >= first and tokens[of].key == "of" and tokens[of - 1].key in _WAR_SPANS:
        # the war as a span: "left over from four years of fighting", "the province has
        # seen several rounds of heavy fighting"
        return True
    if tokens[m.start].key in ("battling", "fighting") and m.start > first:
        before = tokens[m.start - 1].key
        if (
            before in _GROUP_NOUNS
            or any(a.tok_end == m.start for a in actors)
            or before in ("between", "from", "those")
        ):
            # who they are: "opposition fighters battling government forces", "the
            # coalition fighting Islamic State", "a choice between fighting IS or ...",
            # "the groups among those fighting IS"
            return True
        if before in ("is", "are") and (
            not has_day(doc, sent, []) or _relative_clause(tokens, m.start - 1, first)
        ):
            # a state of affairs: "the government is fighting many groups", also in a
            # clause that describes beside a dated report ("a drone strike on Monday hit
            # the group in Homs, where it is fighting IS")
            return True
        if m.end < stop and tokens[m.end].key in _UNIT_NOUNS:
            return True  # a kind of unit: "leading a fighting battalion"
    if _general_statement(doc, m, sent, first, stop):
        return True
    if (
        trig.pos == "verb"
        and m.end - m.start == 1
        and tokens[m.start].key.endswith("ed")
        and m.start > first
        and tokens[m.start - 1].key in ("a", "an", "the", "its", "their", "his", "her")
    ):
        return True  # a participle used as an adjective: "a captured pilot", "the wounded"
    if (
        m.end - m.start == 1
        and tokens[m.start].key.endswith("ed")
        and m.start > first
        and m.end < stop
        and tokens[m.start - 1].key in ("for", "of", "to", "with", "and")
        and tokens[m.end].key in _PERSON_NOUNS
    ):
        return True  # "ambulances for injured civilians", "the evacuation of wounded fighters"
    if tokens[m.start].key == "protested" and m.end < stop and tokens[m.end].key == "by":
        return True  # "the US involvement has been protested by Damascus": objected to
    if (
        tokens[m.start].key.startswith("demonstrat")
        and not tokens[m.start].key.startswith(("demonstrator", "demonstration"))
        and m.end < stop
        and tokens[m.end].key in _SHOWN
    ):
        return True  # "to show": "its actions demonstrate that ...", "demonstrated its resolve"
    if (
        tokens[m.start].key.endswith("ing")
        and m.end < stop
        and tokens[m.end].key in ("them", "it", "him", "her", "us", "you")
        and any(t.key == "by" for t in tokens[max(first, m.start - 12) : m.start])
    ):
        return True  # a means, not a happening: "to win by starving them out or bombing them"
    if (
        tokens[m.end - 1].key.endswith("ing")
        and m.end < stop
        and any(t.key in _MODALS for t in tokens[m.end : min(stop, m.end + 3)])
    ):
        return True  # a supposition: "recapturing it would sever the supply road"
    # the present of habit or of claims: "they target only militants"
    return (
        m.start > first
        and tokens[m.start - 1].key in ("they", "we", "you", "i")
        and not tokens[m.start].key.endswith(("ed", "ing"))
        and tokens[m.start].key not in _IRREGULAR_PAST
    )
