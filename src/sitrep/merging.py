"""How event mentions of one article join into drafts, and drafts into each other.

``merge_mentions`` walks the told mentions in text order: each joins an earlier draft of its
scene when its type agrees (or it is a bare killing, a reference back, "the strikes"), its
actors do not conflict and its place and date do not differ, else it starts a new draft;
retold mentions (headlines, captions, tallies) then join the draft they retell. The passes
that follow join drafts to each other before they are placed: bare "raids" in a story of air
strikes (``raids_from_the_air``), a regional summary and the details that follow it
(``summaries_join_details``), bare attack words and tolls (``bare_mentions_join``) and deaths
told without a means in a story of one means (``means_from_the_story``).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from sitrep.actors import ActorMention
from sitrep.document import Document
from sitrep.drafts import CROWD_TYPES, Draft, last_told, same_actor
from sitrep.event_context import span_after
from sitrep.events import ARMED_KINDS, VAGUE_SPECIFICITY, EventMention, has_day, latest_day
from sitrep.placing import days_agree, sentence_dates, story_date
from sitrep.taxonomy import EVENT_TYPE_OF, VIOLENT_EVENT_TYPES

PROTEST_SEVERITY = (
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
)


def _bare_reference(doc: Document, m: EventMention) -> bool:
    """A reference back ("the bombing") with nothing to refer to (not even a headline or a
    caption of its type) and neither a toll nor a day of its own speaks of a campaign, not
    of one happening ("Western countries say the bombing has deliberately targeted
    hospitals")."""
    if m.rule != "@reference" or not m.anaphoric:
        return False
    if any(
        x.secondary in ("headline", "furniture") and x.event_type == m.event_type
        for x in doc.events
    ):
        return False  # the headline or a caption tells what it refers to
    if any(c.sent == m.sent for c in doc.casualties):
        return False
    return not has_day(doc, m.sent, [])


def merge_mentions(doc: Document) -> list[Draft]:
    drafts: list[Draft] = []
    scenes = _scenes(doc)
    told = [m for m in doc.events if not m.secondary]
    retold = [m for m in doc.events if m.secondary]
    for m in told + retold:
        if m.secondary == "toll" and told:
            continue  # a war's toll is none of the told events
        if m.secondary == "furniture" or (m.secondary and told):
            host = _retold_host(drafts, m)
            if host is None:
                continue
            if host.actor1 is not None or m.actor1 is None or m.secondary == "furniture":
                m.anaphoric = True  # a retelling: the told event's place and day stand
        else:
            host = _co_initiator_host(doc, drafts, m)
            if host is not None and m.actor1 is not None:
                # "air strikes launched by the Syrian regime and Russian warplanes"
                host.mentions.append(m)
                if all(a.text != m.actor1.text for a in host.assoc):
                    host.assoc.append(m.actor1)
                continue
            if _an_earlier_one(doc, m):
                if not has_day(doc, m.sent, []) and any(
                    x.sent != m.sent and not _an_earlier_one(doc, x) for x in told
                ):
                    continue  # "dead as a result of an earlier strike": background
                drafts.append(Draft([m], m.sub_event_type, m.actor1, m.actor2))
                continue  # "an earlier strike on Monday killed five": a happening of its own
            host = _host_for(doc, drafts, m, scenes)
        if host is None:
            if not m.needs_host and not _bare_reference(doc, m):
                drafts.append(Draft([m], m.sub_event_type, m.actor1, m.actor2))
            continue
        if _means_told_after(doc, m, host):
            host.sub_event_type = m.sub_event_type
        host.mentions.append(m)
        if m.claimant and (host.actor1 is None or host.actor1.role == "generic"):
            host.actor1 = m.actor1  # "Islamic State claimed responsibility for the attack"
            continue
        if m.anaphoric:
            if (
                not m.rule.startswith("@")
                and not m.secondary
                and not m.generic_bomb
                and m.event_type == "Explosions/Remote violence"
                and _bare_only(host)
            ):
                # "31 civilians were killed on Friday ... Friday's bombing raids were the
                # most intense in a week": the reference names the killings' means
                host.sub_event_type = m.sub_event_type
            # a reference brings its subject as an associated actor, nothing else
            if m.actor1 is not None and not same_actor(m.actor1, host.actor1):
                if all(a.text != m.actor1.text for a in host.assoc):
                    host.assoc.append(m.actor1)
            continue
        if (
            _initiator(doc, host) is None
            and _initiator(doc, m) is not None
            and not same_actor(m.actor1, host.actor2)
        ):
            if host.actor1 is not None and host.actor2 is None:
                host.actor2 = host.actor1  # the victims read as the initiator
            host.actor1 = m.actor1
        if host.actor2 is None and m.actor2 is not None and not same_actor(m.actor2, host.actor1):
            host.actor2 = m.actor2
        if (
            m.actor1 is not None
            and host.actor1 is not None
            and m.actor1.text != host.actor1.text
            and compatible(m.actor1, host.actor1)
            and m.actor1.role != "demonym"
        ):
            if all(a.text != m.actor1.text for a in host.assoc):
                host.assoc.append(m.actor1)
        if host.sub_event_type in PROTEST_SEVERITY and m.sub_event_type in PROTEST_SEVERITY:
            host.sub_event_type = max(
                host.sub_event_type, m.sub_event_type, key=PROTEST_SEVERITY.index
            )
        elif host.sub_event_type in PROTEST_SEVERITY and m.sub_event_type == "Arrests":
            host.sub_event_type = max(
                host.sub_event_type, "Protest with intervention", key=PROTEST_SEVERITY.index
            )
        elif host.sub_event_type != m.sub_event_type and _more_specific(m, host):
            host.sub_event_type = m.sub_event_type
    return drafts


def _co_initiator_host(doc: Document, drafts: list[Draft], m: EventMention) -> Draft | None:
    """ "Air strikes launched by the Syrian regime and Russian warplanes": the second
    initiator, joined to the first by "and" in the same sentence, shares its act; it is
    not a strike of its own (nor one on the first initiator)."""
    if m.actor1 is None:
        return None
    for d in drafts:
        for x in d.mentions:
            if (
                x.sent == m.sent
                and x.sub_event_type == m.sub_event_type
                and x.actor1 is not None
                and x.actor1.tok_end < m.actor1.tok_start
                and [t.key for t in doc.tokens[x.actor1.tok_end : m.actor1.tok_start]]
                in (["and"], [",", "and"])
            ):
                return d
    return None


_HARMED = frozenset("killed wounded injured dead died".split())


def _initiator(doc: Document, x: EventMention | Draft) -> ActorMention | None:
    """The initiator, unless it reads as the victims: civilians followed by a word of
    harm before the act ("a family of five killed in a suspected chlorine attack",
    "Civilian killed in explosive device blast") are who suffered it; ACLED never codes
    civilians as the initiator of violence (``_to_event``)."""
    a = x.actor1
    if a is None or a.kind != "civilians" or x.sub_event_type in CROWD_TYPES:
        return a
    mentions = x.mentions if isinstance(x, Draft) else [x]
    for m in mentions:
        if (
            m.actor1 is a
            and m.sent == a.sent
            and a.tok_end <= m.tok_start
            and not _tells_more(doc, m)
        ):
            if any(t.key in _HARMED for t in doc.tokens[a.tok_end : m.tok_start]):
                return None
    return a


def _tells_more(doc: Document, m: EventMention) -> bool:
    """ "Another child was killed in the village from another shell": more victims or
    blows than those told, not a retelling of them."""
    s = doc.sentences[m.sent]
    return "another" in doc.text[s.start : s.end].lower().split()


def _same_clash_reversed(m: EventMention, d: Draft) -> bool:
    """A clash has no direction: "troops killed 50 jihadists" and "the jihadists clashed
    with the troops" tell one battle with the sides named the other way round; so does
    "troops repelled an offensive by rebels" after "rebels attacked the troops", and the
    rebels' "offensive" told without its target."""
    return (
        m.sub_event_type == d.sub_event_type == "Armed clash"
        and m.actor1 is not None
        and d.actor1 is not None
        and d.actor2 is not None
        and not compatible(m.actor1, d.actor1)
        and compatible(m.actor1, d.actor2)
        and compatible(m.actor2, d.actor1)  # no target named: no side to differ by
    )


def _same_striker(m: EventMention, d: Draft) -> bool:
    """One side's strike told twice, its target told differently ("a school sheltering
    families" / "the military said it had struck a Hamas command centre"): sources
    disagree on what a strike hit, not on whether it is the same strike."""
    return (
        m.sub_event_type == d.sub_event_type
        and m.event_type == "Explosions/Remote violence"
        and m.actor1 is not None
        and d.actor1 is not None
        and same_actor(m.actor1, d.actor1)
    )


def _retold_host(drafts: list[Draft], m: EventMention) -> Draft | None:
    """The event a headline or a tally retells: the first of its sub-type, else of its type,
    else (for a bare killing or attack) the first violent one; a retold means ("killed in
    Russian air strikes over the past 24 hours") also joins a violent event told only by
    bare killings, and names its means."""
    fits = [d for d in drafts if compatible(m.actor1, d.actor1)]
    generic = m.rule in ("@attack", "@casualty", "@explosion", "@reference")
    # a means names the bare killings' only when the article tells no event of that means
    names_means = not generic and all(d.sub_event_type != m.sub_event_type for d in drafts)
    # a means joins the bare killings it names before an event of another means of its
    # type ("more than 120 people have been killed as regime troops stepped up attacks ...
    # Regime aircraft have dropped 1000 bombs in 150 airstrikes", beside rebel rockets)
    bare_first = names_means and any(d.violent and _bare_only(d) for d in fits)
    for level in range(3):
        for d in fits:
            if (
                (level == 0 and d.sub_event_type == m.sub_event_type)
                or (
                    level == (2 if bare_first else 1)
                    and EVENT_TYPE_OF[d.sub_event_type] == m.event_type
                )
                or (
                    level == (1 if bare_first else 2)
                    and d.violent
                    and (generic or (names_means and _bare_only(d) and not _means_of_actor(d, m)))
                )
            ):
                return d
    return None


def _means_of_actor(d: Draft, m: EventMention) -> bool:
    """A bare killing whose perpetrator names another means ("the air force killed 10
    people" is an air strike): a retold means of another kind ("troops executed 48 people
    earlier this week") is not its means."""
    return d.sub_event_type in _STORY_MEANS and d.sub_event_type != m.sub_event_type


_AIR_WORDS = frozenset(
    "raid raids strike strikes bombing bombings bombed bombardment bombarded".split()
)


def raids_from_the_air(doc: Document, drafts: list[Draft]) -> None:
    """In a story of air strikes, bare "raids", "strikes" and "bombing" are air strikes too
    ("another seven people were killed in raids on Kafr Takharim")."""
    if not any(d.sub_event_type == "Air/drone strike" for d in drafts):
        return
    for d in drafts:
        if d.sub_event_type in ("Attack", "Armed clash", "Remote explosive/landmine/IED") and all(
            (
                m.rule in ("@attack", "@reference", "Remote explosive/landmine/IED")
                and doc.text[m.start : m.end].lower() in _AIR_WORDS
            )
            or (m.rule == "@casualty" and _killed_in_raids(doc, m))
            for m in d.mentions
        ):
            d.sub_event_type = "Air/drone strike"


def summaries_join_details(doc: Document, drafts: list[Draft]) -> list[Draft]:
    """ "Sixteen civilians were killed in heavy bombardment across Idlib province", then
    the strikes town by town: a vague word ("bombardment") over a whole region sums up the
    events that follow; it joins the first of them rather than standing as another. So
    does any strike told over several regions ("in the south and northeast of the
    country")."""
    out: list[Draft] = []
    for d in drafts:
        if (
            EVENT_TYPE_OF[d.sub_event_type] == "Explosions/Remote violence"
            and (
                all(m.specificity <= VAGUE_SPECIFICITY for m in d.mentions) or _over_regions(doc, d)
            )
            and any(not m.rule.startswith("@") for m in d.mentions)
            and not any(p.sent in d.sents and p.place.feature == "city" for p in doc.places)
        ):
            detail = next(
                (
                    x
                    for x in drafts
                    if x is not d
                    and EVENT_TYPE_OF[x.sub_event_type] == EVENT_TYPE_OF[d.sub_event_type]
                    and any(m.specificity > VAGUE_SPECIFICITY for m in x.mentions)
                ),
                None,
            )
            if detail is not None:
                for m in d.mentions:
                    m.anaphoric = True  # a retelling: the details' place and day stand
                detail.mentions = sorted(
                    d.mentions + detail.mentions, key=lambda m: (m.sent, m.tok_start)
                )
                continue
        out.append(d)
    return out


_COMPASS = r"(?:north|south|east|west|centre|center|central)\w*"
_OVER_REGIONS = re.compile(
    rf"\b(?:in|across|throughout) (?:the )?{_COMPASS}(?: and (?:the )?{_COMPASS})+ of the "
    r"country\b|\bacross (?:the country|(?:several|various|many) (?:provinces|regions))\b",
    re.IGNORECASE,
)


def _over_regions(doc: Document, d: Draft) -> bool:
    """The draft's first sentence spreads its violence over several regions ("air strikes
    killed 21 civilians in the south and northeast of the country"): a summary."""
    s = doc.sentences[min(d.sents)]
    return _OVER_REGIONS.search(doc.text, s.start, s.end) is not None


def _span(doc: Document, d: Draft) -> tuple[int, int]:
    """Character range of the draft's sentences."""
    return doc.sentences[min(d.sents)].start, doc.sentences[max(d.sents)].end


def bare_mentions_join(doc: Document, drafts: list[Draft]) -> list[Draft]:
    """A bare attack word with no perpetrator, no figure and no town of its own ("the
    deliberate targeting of civilians", "attacks on residential areas") adds nothing to
    the violent event told before it in its scene: it joins that event. A bare toll with no
    place and no day of its own ("Scores were also injured") joins the violent event before
    it, else the one after it. Bombs that name no means of delivery ("the explosive
    devices hit the market") with no perpetrator, figure or town of their own are the
    remote violence told before them."""
    scenes = _scenes(doc)
    out: list[Draft] = []
    for k, d in enumerate(drafts):
        host = next(
            (
                x
                for x in reversed(out)
                if x.violent and scenes[max(x.sents)] == scenes[min(d.sents)]
            ),
            None,
        )
        bare = (d.actor1 is None or _retold_by_its_side(doc, d, host)) and all(
            m.rule in _BARE_KILLING for m in d.mentions
        )
        if (
            host is not None
            and d.actor1 is None
            and EVENT_TYPE_OF[host.sub_event_type] == "Explosions/Remote violence"
            and any(m.generic_bomb for m in d.mentions)
            and all(m.generic_bomb or m.rule in _BARE_KILLING for m in d.mentions)
        ):
            bare = True  # "The crude unguided explosive devices hit the Qaterji district"
        toll_only = (
            bare
            and all(m.casualty_only for m in d.mentions)
            and not any(p.sent in d.sents for p in doc.places)
            and not any(x.mention.start in range(*_span(doc, d)) for x in doc.dates)
        )
        if host is None and toll_only:
            # "Scores were also injured" told before the event it counts for
            host = next(
                (
                    x
                    for x in drafts[k + 1 :]
                    if x.violent and scenes[min(x.sents)] == scenes[min(d.sents)]
                ),
                None,
            )
        if host is not None and (
            toll_only
            or (
                bare
                and not any(c.sent in d.sents for c in doc.casualties)
                and not any(p.sent in d.sents and p.place.feature == "city" for p in doc.places)
            )
        ):
            for m in d.mentions:
                m.anaphoric = True
            host.mentions = sorted(host.mentions + d.mentions, key=lambda m: (m.sent, m.tok_start))
            continue
        out.append(d)
    return out


def _retold_by_its_side(doc: Document, d: Draft, host: Draft | None) -> bool:
    """A bare attack word on the people or places of the event told before it, by the
    same side and with no day of its own ("terrorists fired rocket shells on the
    neighbourhood ... The source noted that the terrorist attacks caused material damage",
    "the hospital was targeted by a radical rebel group"), retells that event."""
    if host is None or d.actor1 is None or host.actor1 is None or d.sub_event_type != "Attack":
        return False
    if not compatible(d.actor1, host.actor1) or same_actor(d.actor2, host.actor1):
        return False
    if any(m.casualty_only or m.rule == "@casualty" for m in d.mentions):
        return False  # "the pilot was killed by a fighter of X": a killing of its own
    return not any(x.mention.start in range(*_span(doc, d)) for x in doc.dates)


_STORY_MEANS = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})


_BARE_KILLING = frozenset({"@casualty", "@attack", "@reference"})


def means_from_the_story(drafts: list[Draft]) -> None:
    """In a story of shelling (or of air strikes) — every told event of it, or more of
    its remote violence than of the other means and no other killing told with a means —
    deaths told without their means or their perpetrator are of that means too
    ("Elsewhere another child was killed in Harasta"), as a coder reading the whole
    article would code them."""
    for d in drafts:
        _means_retold(d)
    told = [
        d.sub_event_type
        for d in drafts
        if any(m.rule not in _BARE_KILLING and not m.anaphoric for m in d.mentions)
    ]
    means_told = [t for t in told if t in _STORY_MEANS]
    if not means_told or any(EVENT_TYPE_OF[t] == "Violence against civilians" for t in told):
        return
    counts = Counter(means_told).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return  # as many air strikes as shelling: the story names no one means
    means = counts[0][0]
    for d in drafts:
        if (
            d.sub_event_type in ("Attack", "Armed clash")
            and d.actor1 is None
            and all(m.rule in _BARE_KILLING or m.anaphoric for m in d.mentions)
        ):
            d.sub_event_type = means


def _bare_only(d: Draft) -> bool:
    """Told only by bare killing or attack words (its sub-type a guess from its actors); a
    reference back ("during this bombing campaign") names no means of its own."""
    told = [m for m in d.mentions if not m.secondary and not m.anaphoric]
    return bool(told) and all(m.rule in _BARE_KILLING for m in told)


def _means_retold(d: Draft) -> None:
    """Killings told bare ("40 fighters were killed around Abu Kamal") whose means only a
    headline or a tally of the same story names ("120 were killed in Russian air strikes
    over the past 24 hours") are of that means."""
    if not _bare_only(d):
        return
    means = [
        m.sub_event_type for m in d.mentions if m.secondary and m.sub_event_type in _STORY_MEANS
    ]
    if means and len(set(means)) == 1:
        d.sub_event_type = means[0]


def _killed_in_raids(doc: Document, m: EventMention) -> bool:
    """ "were killed in raids on ...", "died in the bombing": the killing names its means."""
    end = min(doc.sentences[m.sent].end_token, m.tok_end + 4)
    keys = [t.key for t in doc.tokens[m.tok_end : end]]
    return any(
        a in ("in", "by") and (b in _AIR_WORDS or (b == "the" and c in _AIR_WORDS))
        for a, b, c in zip(keys, keys[1:], [*keys[2:], ""], strict=False)
    )


def _more_specific(m: EventMention, host: Draft) -> bool:
    return not m.casualty_only and all(x.specificity < m.specificity for x in host.mentions)


_SCENE_BREAKS = (
    "elsewhere",
    "separately",
    "in a separate",
    "meanwhile",
    "in another",
    "in the meantime",
    "in the same context",
    "later in the day",
    "earlier in the day",
)


def _scenes(doc: Document) -> list[int]:
    """Scene number of each sentence: "Elsewhere", "Separately", "In a separate attack"
    open a new scene, and events of different scenes are never merged."""
    out, scene = [], 0
    for s in doc.sentences:
        head = doc.text[s.start : s.start + 20].lower()
        if head.startswith(_SCENE_BREAKS):
            scene += 1
        out.append(scene)
    return out


def _host_for(
    doc: Document, drafts: list[Draft], m: EventMention, scenes: list[int]
) -> Draft | None:
    everywhere = drafts
    drafts = [d for d in drafts if scenes[max(d.sents)] == scenes[m.sent]]
    if m.anaphoric:
        violent = [d for d in drafts if d.violent]
        end = doc.sentences[m.sent].end_token
        if violent and m.needs_host and span_after(doc.tokens, m.tok_end, end):
            return violent[0]  # "The attack comes two days after ...": the story's own
        wanted = m.refers_to or (None if m.needs_host else m.event_type)
        typed = [d for d in violent if EVENT_TYPE_OF[d.sub_event_type] == wanted]
        if m.sub_event_type in _BOMBINGS and any(d.sub_event_type in _BOMBINGS for d in typed):
            # "injured in the blast" refers back to a bombing, not to an air strike told
            # after it
            typed = [d for d in typed if d.sub_event_type in _BOMBINGS]
        if not typed and m.rule not in ("@reference", "@attack", "@casualty"):
            # "the alleged chemical weapons attack" told after a "Meanwhile": a reference
            # by a precise name reaches back past a change of scene to its event
            typed = [d for d in everywhere if d.sub_event_type == m.sub_event_type]
        if not typed and wanted is not None and violent:
            # "Meanwhile the US military announced ... rebels took control of a base. The
            # Observatory said the bombing by the coalition targeted Tokhar": a reference of
            # one type reaches back past a change of scene to an event of that type rather
            # than join the scene's event of another (in a scene with no event, it tells
            # its own)
            typed = [
                d for d in everywhere if d.violent and EVENT_TYPE_OF[d.sub_event_type] == wanted
            ]
        return typed[-1] if typed else (violent[-1] if violent else None)
    policed = _crowd_host(drafts, m)
    if policed is not None:
        return policed
    candidates = []
    elsewhere = _other_places(doc, m)
    for d in drafts:
        same_type = d.sub_event_type == m.sub_event_type or (
            d.sub_event_type in PROTEST_SEVERITY and m.sub_event_type in PROTEST_SEVERITY
        )
        unattributed = m.rule in ("@attack", "@casualty", "@explosion") and m.actor1 is None
        loose = (
            (m.casualty_only or m.anaphoric or unattributed)
            and d.violent
            and (EVENT_TYPE_OF[m.sub_event_type] in VIOLENT_EVENT_TYPES)
            and m.sub_event_type not in _STORY_MEANS  # "jets killed 60": a strike of its own
        )
        if not (same_type or loose or _means_told_after(doc, m, d)):
            continue
        if any(
            x.sent == m.sent and span_after(doc.tokens, x.tok_end, m.tok_start) for x in d.mentions
        ):
            continue  # "The attack on the hospital comes two days after jets hit a convoy"
        if not (same_type and _same_clash_reversed(m, d)):
            if not compatible(m.actor1, d.actor1) and not (
                same_type
                and not _tells_more(doc, m)
                and compatible(_initiator(doc, m), _initiator(doc, d))
            ):
                continue
            if (
                not m.casualty_only
                and not compatible(m.actor2, d.actor2)
                and not _same_striker(m, d)
                and not (same_type and (_plain_people(m.actor2) or _plain_people(d.actor2)))
                and not _blast_of_bombing(m, d)
            ):
                continue
            if (
                m.actor1 is not None
                and d.actor2 is not None
                and same_actor(m.actor1, d.actor2)
                and d.actor1 is not None
            ):
                continue
        if not _places_agree(doc, d, m) or not _dates_agree(doc, d, m):
            continue
        if _more_victims(doc, m) and not _same_town(doc, d, m):
            continue  # "Another seven people were killed in raids on Kafr Takharim"
        if elsewhere:
            continue  # "nine were killed in strikes on various other areas of the province"
        candidates.append(d)
    if not candidates:
        return None
    if m.casualty_only and _both_sides_dead(doc, m.sent):
        # "45 militants and 20 Kurdish fighters had been killed": a battle's toll
        clashes = [d for d in candidates if d.sub_event_type == "Armed clash"]
        if clashes:
            return last_told(clashes, m.sent)
    if m.casualty_only and m.actor2 is not None:
        # a bare toll joins the event whose figures count the same victims
        counting = [d for d in candidates if _counts_victims(doc, d, m.actor2)]
        if counting:
            return last_told(counting, m.sent)
    return last_told(candidates, m.sent)


_EARLIER = frozenset("earlier previous".split())


def _an_earlier_one(doc: Document, m: EventMention) -> bool:
    """ "confirmed dead as a result of an earlier Russian strike": a happening before the
    one told, not a retelling of it; told without a day of its own beside other events it
    is background, and its figures are none of theirs (``event_casualties``)."""
    first = doc.sentences[m.sent].first_token
    before = [t.key for t in doc.tokens[max(first, m.tok_start - 3) : m.tok_start]]
    return any(a in ("an", "a") and b in _EARLIER for a, b in pairwise(before))


def _both_sides_dead(doc: Document, sent: int) -> bool:
    """The sentence counts the dead of two armed sides that are not one ("45 Islamic State
    militants and 20 Kurdish militia fighters had been killed")."""
    armed = [
        c.victim
        for c in doc.casualties
        if c.sent == sent
        and c.kind == "killed"
        and c.victim is not None
        and c.victim.kind in ARMED_KINDS
    ]
    return any(
        a.name_template != b.name_template and not same_actor(a, b) for a, b in pairwise(armed)
    )


def _means_told_after(doc: Document, m: EventMention, d: Draft) -> bool:
    """ "Four soldiers were killed in an attack by the militants", then "the casualties came
    after a militant rocket attack on their tanks": a killing told with a bare word and its
    means told in the next sentences are one happening. The means joins the bare event
    (its actors, place and day must still agree) and names its sub-type. A killing that
    names no perpetrator ("seven civilians were killed in the town on Tuesday ... The
    building was targeted by a car bomb") takes its means whoever the means names; a bare
    attack word with no killing ("the base was attacked") does not. A means told without
    its perpetrator ("14 people were killed by dozens of shells") after killings told with
    one ("terrorist attacks on the city killed 18") is theirs."""
    return (
        not m.rule.startswith("@")
        and EVENT_TYPE_OF[m.sub_event_type] in VIOLENT_EVENT_TYPES
        and d.sub_event_type in ("Attack", "Armed clash")
        and 0 < m.sent - max(d.sents) <= 2
        and all(x.rule in _BARE_KILLING and not x.secondary for x in d.mentions)
        and (
            (d.actor1 is None and any(x.rule == "@casualty" for x in d.mentions))
            or (m.actor1 is not None and d.actor1 is not None and compatible(m.actor1, d.actor1))
            or (
                m.actor1 is None
                and d.actor1 is not None
                and any(c.sent in d.sents and c.kind == "killed" for c in doc.casualties)
            )
        )
    )


_CROWD_FOLLOWERS = frozenset({"Arrests", "Attack", "Armed clash"})


def _crowd_host(drafts: list[Draft], m: EventMention) -> Draft | None:
    """Arrests, shootings and clashes told right after a protest or riot are its
    policing ("Police responded with tear gas and arrested 31 people")."""
    if m.sub_event_type not in _CROWD_FOLLOWERS:
        return None
    for d in reversed(drafts):
        if (
            EVENT_TYPE_OF[d.sub_event_type] in ("Protests", "Riots")
            and 0 < m.sent - max(d.sents) <= 1
        ):
            if m.sub_event_type == "Arrests" or m.casualty_only or m.rule == "@attack":
                return d
    return None


def _counts_victims(doc: Document, d: Draft, victim: ActorMention) -> bool:
    sents = d.sents
    return any(
        c.victim is not None and c.sent in sents and same_actor(c.victim, victim)
        for c in doc.casualties
    )


_DESCRIBED = frozenset({"political_militia", "rebel_group", "identity_militia"})


def compatible(a: ActorMention | None, b: ActorMention | None) -> bool:
    if a is None or b is None:
        return True
    if a.text.lower() == b.text.lower():
        return True
    for x, y in ((a, b), (b, a)):
        if (
            x.role == "generic"
            and x.kind in _DESCRIBED
            and y.role == "group"
            and y.kind in _DESCRIBED
        ):
            return True  # "the attackers", "militants": a description of the named group
    if a.country and b.country:
        if a.country != b.country:
            return False
        armed_a = a.kind in ARMED_KINDS or a.role == "demonym"
        armed_b = b.kind in ARMED_KINDS or b.role == "demonym"
        return armed_a == armed_b
    if a.role == "group" and b.role == "group":
        return a.name_template == b.name_template
    return a.kind == b.kind or a.role == "demonym" or b.role == "demonym"


_BOMBINGS = frozenset({"Suicide bomb", "Remote explosive/landmine/IED"})


def _blast_of_bombing(m: EventMention, d: Draft) -> bool:
    """A bare "explosion" or "blast" that names no perpetrator, told where and when a
    bombing is told, is that bombing's blast ("Another explosion occurred shortly after
    when a third attacker detonated explosives near a market"): whom the sentence seems
    to name as its target does not make it another happening."""
    return m.rule == "@explosion" and m.actor1 is None and d.sub_event_type in _BOMBINGS


_PLAIN_PEOPLE = frozenset("men man people persons person individuals".split())


def _plain_people(a: ActorMention | None) -> bool:
    """Victims named only as people ("the men were executed", "killing five people"): the
    word takes no side, so it does not set them apart from victims a retelling names by
    their side ("eight Syrian militants were beheaded")."""
    return (
        a is not None
        and a.role == "generic"
        and a.kind == "civilians"
        and a.text.lower().split()[-1] in _PLAIN_PEOPLE
        and not any(w in a.text.lower() for w in ("civilian", "resident", "women", "child"))
    )


def _places_agree(doc: Document, d: Draft, m: EventMention) -> bool:
    mine = [p for p in doc.places if p.sent == m.sent and p.place.feature == "city"]
    theirs = [p for p in doc.places if p.sent in d.sents and p.place.feature == "city"]
    if not mine or not theirs:
        return True
    return any(a.place.geonames_id == b.place.geonames_id for a in mine for b in theirs)


def _more_victims(doc: Document, m: EventMention) -> bool:
    """The sentence opens on "Another ...": victims or blows besides those already told."""
    s = doc.sentences[m.sent]
    return doc.text[s.start : s.start + 8].lower().startswith("another ")


_OTHER_PLACES = re.compile(
    r"\bother (?:areas|towns|villages|parts|places|districts|neighbou?rhoods|regions|"
    r"locations|cities|provinces|sites)\b",
    re.IGNORECASE,
)


def _other_places(doc: Document, m: EventMention) -> bool:
    """The sentence places its victims in "other areas", "other towns": a happening
    besides those already told, never one of them."""
    s = doc.sentences[m.sent]
    return _OTHER_PLACES.search(doc.text, s.start, s.end) is not None


def _same_town(doc: Document, d: Draft, m: EventMention) -> bool:
    """The mention's town is the draft's, or the mention names no town to differ by."""
    mine = {
        p.place.geonames_id for p in doc.places if p.sent == m.sent and p.place.feature == "city"
    }
    theirs = {p.place.geonames_id for p in doc.places if p.sent in d.sents}
    return not mine or bool(mine & theirs)


def _dates_agree(doc: Document, d: Draft, m: EventMention) -> bool:
    mine = sentence_dates(doc, m.sent)
    theirs = [x for s in d.sents for x in sentence_dates(doc, s)]
    if mine and theirs:
        return any(days_agree(doc, a, b) for a in mine for b in theirs)
    # "Last month two people were injured as ...": a period that leaves out the day of the
    # story does not join an event the story tells without a date of its own
    dated = mine or theirs
    story = story_date(doc) if dated else None
    if story is None or story.resolved is None or story.resolved.precision != "day":
        return True
    day = story.resolved.date
    return not all(
        x.resolved is not None
        and x.resolved.precision in ("month", "year")
        and not (x.resolved.date <= day <= latest_day(x.resolved))
        for x in dated
    )


_CAPTURES = frozenset({"Arrests", "Abduction/forced disappearance"})


def captured_in_battle(doc: Document, drafts: list[Draft]) -> list[Draft]:
    """Fighters "captured" in a story of fighting ("the Kurdish forces also captured
    several insurgents") are taken in that fighting: part of the battle, not an arrest or
    an abduction of its own. Arrests by name ("police arrested five militants") stay."""
    if not any(d.violent for d in drafts):
        return drafts
    return [
        d
        for d in drafts
        if not (
            d.sub_event_type in _CAPTURES
            and d.actor2 is not None
            and d.actor2.kind in ARMED_KINDS
            and all(
                doc.text[m.start : m.end].lower().startswith("captur")
                for m in d.mentions
                if not m.anaphoric
            )
        )
    ]
