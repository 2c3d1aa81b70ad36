"""Names of bodies, states and outlets that speak: the known body or actor a phrase ends in,
its fuller name in the article (the naming rule), described bodies ("the monitor"), proper
names no lexicon knows, states by their seats, and titled speakers ("a senior official")."""

from __future__ import annotations

import re
from functools import cache

from sitrep.actors import ActorMention
from sitrep.attribution.common import (
    _BODY_HEADS,
    _BODY_WORDS,
    _DETERMINERS,
    _NOT_NAME_START,
    _NOT_NAME_WORDS,
    _NOT_QUALIFIERS,
    _ORG_WORDS,
    _PLACE_PREPOSITIONS,
    _PRONOUNS,
    _REFERRING,
    SpeechLexicon,
    _known_at,
    _np_text,
)
from sitrep.datafiles import load_yaml
from sitrep.document import Document
from sitrep.tokens import Token


def _lone_name(doc: Document, k: int, a: int) -> bool:
    """Token ``k`` is a lone capitalised word no lexicon knows, named as a speaker
    ("... on Turkey Haberturk reported"): a person's surname or an outlet's name."""
    tokens = doc.tokens
    t = tokens[k]
    if not (t.is_title and t.text.isalpha() and len(t.text) > 2 and not t.text.isupper()):
        return False
    if t.key in _NOT_NAME_START or t.key in _PRONOUNS or t.key in _ORG_WORDS:
        return False
    if t.key in _NOT_NAME_WORDS or t.key in _DETERMINERS:
        return False
    if k == doc.sentences[t.sent].first_token and not _capital(t.text):
        return False
    if k > a and tokens[k - 1].is_title and not _known_at(doc, k - 1):
        return False  # one of several capitalised words: a name the lexicons lack
    before = tokens[k - 1].key
    if before == "and" and k - 2 >= a and tokens[k - 2].is_title and not _known_at(doc, k - 2):
        return False  # "Trade and Investment": words of one name
    if before in _DETERMINERS or before in _NOT_NAME_AFTER or _is_demonym(tokens[k - 1].text):
        return False  # "the Turkish Parliament", "... of Justice", "whether Assad declared"
    return not _known_at(doc, k)


_NOT_NAME_AFTER = frozenset("of for whether if how why what 's".split())


@cache
def _all_demonyms() -> frozenset[str]:
    return frozenset(
        d for c in load_yaml("countries.yaml")["countries"] for d in c.get("demonyms", [])
    )


def _is_demonym(word: str) -> bool:
    return word in _all_demonyms()


def _source_name(doc: Document, a: int, b: int) -> str | None:
    """The canonical name of a known source or actor inside tokens ``[a, b)``."""
    for m in doc.actors:
        if a <= m.tok_start and m.tok_end <= b and m.role == "source":
            return m.name_template
    return None


_MONITOR_WORDS = frozenset({"monitor", "observatory", "watchdog"})
_AGENCY_WORDS = frozenset({"agency"})


_GROUP_WORDS = frozenset({"group", "organisation", "organization"})
_GROUP_QUALIFIERS = frozenset({"rights", "monitoring", "activist", "opposition", "aid"})


def _described_body(doc: Document, a: int, b: int) -> str | None:
    """ "the Britain-based monitor", "the monitoring group", "the agency": the one monitor
    (or news agency) the article names, else the one named last before the description,
    else the first named after it. "The group" ("the rights group"): the monitor, aid or
    armed group named last before it."""
    tokens = doc.tokens
    keys = {
        t.key
        for i, t in enumerate(tokens[a:b], a)
        if not (t.key == "based" or (i + 1 < b and tokens[i + 1].key == "based"))
    } - _DETERMINERS  # "the Britain-based organisation": where it sits is no part of what
    if keys & _GROUP_WORDS and keys <= _GROUP_WORDS | _GROUP_QUALIFIERS - {"monitoring"}:
        return _last_group(doc, a)
    if keys & _MONITOR_WORDS or ("monitoring" in keys and "group" in keys):
        wanted = "monitor"
    elif keys & _AGENCY_WORDS and len(keys) <= 3:
        wanted = "media"
    else:
        return None
    found = [m for m in doc.actors if m.role == "source" and m.source_type == wanted]
    if len({m.name_template for m in found}) <= 1:
        return found[0].name_template if found else None
    # several: the last one named before, else the first named after ("a monitoring
    # group said ... the Syrian Observatory for Human Rights said")
    before = [m for m in found if m.tok_end <= a]
    return (before[-1] if before else found[0]).name_template


def _last_group(doc: Document, a: int) -> str | None:
    """The monitor, aid organisation or armed group named last before token ``a``."""
    last = None
    for m in doc.actors:
        if m.tok_end > a:
            continue
        if (m.role == "source" and m.source_type in ("monitor", "ngo")) or (
            m.role == "group" and "{country}" not in m.name_template
        ):
            last = m
    return last.name_template if last is not None else None


@cache
def _source_names() -> frozenset[str]:
    """Names and aliases of the sources lexicon, as written ("SANA", "Reuters")."""
    out: set[str] = set()
    for s in load_yaml("sources.yaml")["sources"]:
        out.update([s["name"], *s.get("aliases", [])])
    return frozenset(out)


@cache
def _long_source_names() -> dict[int, list[tuple[tuple[str, ...], str]]]:
    """Known sources' names and aliases of three words or more, by word count: their
    lower-case words and the source's name."""
    out: dict[int, list[tuple[tuple[str, ...], str]]] = {}
    for s in load_yaml("sources.yaml")["sources"]:
        for written in [s["name"], *s.get("aliases", [])]:
            words = tuple(written.lower().split())
            if len(words) >= 3:
                out.setdefault(len(words), []).append((words, s["name"]))
    return out


def _near(x: str, y: str) -> bool:
    """Two long words that differ by at most two letters (inserted, dropped, changed or
    swapped) and share their first letter: "Obervatorty" for "Observatory"."""
    if min(len(x), len(y)) < 6 or x[0] != y[0] or abs(len(x) - len(y)) > 2:
        return False
    prev2: list[int] = []
    prev = list(range(len(y) + 1))
    for i in range(1, len(x) + 1):
        row = [i] + [0] * len(y)
        for j in range(1, len(y) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] != y[j - 1]))
            if i > 1 and j > 1 and x[i - 1] == y[j - 2] and x[i - 2] == y[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1] <= 2


def _misspelt_source(doc: Document, a: int, b: int) -> str | None:
    """A known source whose long name the copy misspelt in one word ("the Syrian
    Obervatorty for Human Rights"): all its words but one as written, that one a long word
    two letters off, and the phrase capitalised as a name."""
    tokens = doc.tokens
    while a < b and tokens[a].key in ("the", "a", "an"):
        a += 1
    words = tokens[a:b]
    if len(words) < 3 or not words[0].is_title or not all(t.text.isalpha() for t in words):
        return None
    keys = [t.text.lower() for t in words]
    for known, name in _long_source_names().get(len(keys), []):
        odd = [i for i in range(len(keys)) if keys[i] != known[i]]
        if len(odd) == 1 and words[odd[0]].is_title and _near(keys[odd[0]], known[odd[0]]):
            return name
    return None


@cache
def _demonyms() -> dict[str, str]:
    """ISO3 code → the country's first demonym ("RUS" → "Russian")."""
    return {
        c["iso3"]: c["demonyms"][0]
        for c in load_yaml("countries.yaml")["countries"]
        if c.get("demonyms")
    }


_BRITISH = {"defense": "defence", "organization": "organisation"}
_STATE_BODIES = frozenset(
    """ministry staff office department command council directorate agency service
    committee authority defence defense affairs interior""".split()
)
_LOWER_IN_NAMES = frozenset({"of", "the", "and", "for"})


def _body_name(doc: Document, m: ActorMention) -> str | None:
    """The name a speaking body goes by: a source's canonical name; a state's ministry or
    staff as demonym + body in one spelling ("Russia's Defense Ministry", "the Russian
    ministry of defence" → "Russian Defence Ministry"); else None."""
    if m.role == "source":
        return m.name_template
    country = m.country
    tokens = doc.tokens
    if country is None and m.tok_end + 1 < len(tokens) and tokens[m.tok_end].key == "in":
        country = _capital(tokens[m.tok_end + 1].text)  # "the defence ministry in Moscow"
    if m.role != "ministry" or country is None or country not in _demonyms():
        return None
    words = [
        t.key
        for t in doc.tokens[m.tok_start : m.tok_end]
        if t.key not in ("the", "'s", "s") and not _country_word(t.key, country)
    ]
    if not words or words[-1] not in _STATE_BODIES:
        return None
    body = " ".join(w if w in _LOWER_IN_NAMES else _BRITISH.get(w, w).capitalize() for w in words)
    return f"{_demonyms()[country]} {body}"


@cache
def _country_keys() -> dict[str, frozenset[str]]:
    """ISO3 code → the lower-cased words of its names and demonyms ("russia", "russias",
    "russian", "federation")."""
    out: dict[str, frozenset[str]] = {}
    for c in load_yaml("countries.yaml")["countries"]:
        words: set[str] = set()
        for n in [c["name"], *c.get("aliases", []), *c.get("demonyms", [])]:
            words.update(w for w in n.lower().split() if w not in _LOWER_IN_NAMES)
        words |= {w + "s" for w in words}
        out[c["iso3"]] = frozenset(words)
    return out


@cache
def _capitals() -> dict[str, str]:
    """Seat of government → ISO3 code ("Moscow" → "RUS")."""
    out: dict[str, str] = {}
    for c in load_yaml("countries.yaml")["countries"]:
        for cap in [c.get("capital"), *c.get("capital_aliases", [])]:
            if cap:
                out[cap] = c["iso3"]
    return out


def _capital(word: str) -> str | None:
    return _capitals().get(word)


@cache
def _governments() -> dict[str, str]:
    """ISO3 code → the state's government as an actor ("Government of the United States")."""
    out: dict[str, str] = {}
    for c in load_yaml("countries.yaml")["countries"]:
        name = f"the {c['name']}" if c.get("definite_article") else c["name"]
        out[c["iso3"]] = f"Government of {name}"
    return out


def _state_speaker(doc: Document, a: int, m: ActorMention) -> str | None:
    """A state that speaks as a state ("Russia said", "Turkey accused ...") is its
    government, named as an actor: "Government of Russia"."""
    if m.role != "country" or m.country is None:
        return None
    tokens = doc.tokens
    if any(t.key not in _DETERMINERS for t in tokens[a : m.tok_start]):
        return None
    return _governments().get(m.country)


def _country_word(key: str, iso3: str) -> bool:
    return key in _country_keys().get(iso3, frozenset())


def _head_name(doc: Document, speech: SpeechLexicon, a: int, b: int) -> str | None:
    """The speaker a phrase names: the known body or actor that ends it ("The Russian
    Defence Ministry" → "Russian Defence Ministry", "the Observatory" → its full name),
    else its last title noun with the words that qualify it ("a senior Obama
    administration official", "Activists in Idlib province" → "Activists")."""
    tokens = doc.tokens
    described_person = _titled_with_place(doc, speech, a, b)
    if described_person is not None:
        return described_person
    if b - a >= 3 and tokens[b - 2].key == "in" and _capital(tokens[b - 1].text):
        b -= 2  # "the defence ministry in Moscow": the body, of that capital's state
    mentions = [m for m in doc.actors if a < m.tok_end <= b]
    if mentions:
        last = max(mentions, key=lambda m: m.tok_end)
        bare_noun = last.country is None and last.tok_end - last.tok_start == 1
        tail = tokens[last.tok_end : b]
        if (
            last.role == "source"
            and 0 < len(tail) <= 3
            and all(t.text.isalpha() and not t.is_title for t in tail)
            and not any(t.key in _DETERMINERS for t in tail)
            and tail[-1].key in _BODY_WORDS
        ):
            return last.name_template  # "the Syrian Observatory ... monitoring group"
        if last.tok_end == b and last.role != "source":
            described = _described_body(doc, a, b)
            if described is not None:
                return described  # "the monitoring group": a description, not a name
        if last.tok_end == b and (last.role == "source" or not bare_noun):
            body = _body_name(doc, last)
            if body is not None:
                return body
            state = _state_speaker(doc, a, last)
            if state is not None:
                return state
            if (
                last.role == "group"
                and "{" not in last.name_template
                and last.name_end == last.tok_end
            ):
                return last.name_template  # its name by the naming rule (_article_names)
            start = last.tok_start
            while start > a and tokens[start - 1].key == "'s":
                start = max(a, start - 2)  # "Ukraine's general staff"
            start = _description_start(doc, a, start)
            return _np_text(doc, start, last.tok_end)
    described = _described_body(doc, a, b)
    if described is not None:
        return described
    proper = _proper_body(doc, a, b)
    if proper is not None:
        return _fuller_body(doc, proper)
    if b - a == 2 and tokens[a].key == "the" and tokens[b - 1].key in _REFERRING:
        # "according to the bulletin", "the center said": its issuer, the body named
        # before (_resolve_reference)
        return tokens[b - 1].key
    for i in range(b - 1, a - 1, -1):
        two = i > a and f"{tokens[i - 1].key} {tokens[i].key}" in speech.titles
        if tokens[i].key in speech.titles or two:
            j = _qualifiers_start(doc, a, i - 1 if two else i, 5)
            lead = a
            while lead < j and tokens[lead].key in _DETERMINERS:
                lead += 1
            if j - 2 == lead and tokens[j - 1].key == "and":
                j = lead  # "Local and media sources": two qualifiers of one head
            elif (
                j - 2 > lead
                and tokens[j - 1].key == "and"
                and tokens[j - 2].text.isalpha()
                and tokens[j - 2].text.islower()
                and tokens[j - 2].key not in speech.titles
            ):
                j -= 2  # "the city's monitoring and documentation office": one head
            acronym = _acronym_in(tokens[j:i])
            if acronym is not None and tokens[i].key in _AGENCY_WORDS:
                return acronym  # "the state-run Sana agency": SANA, spelt in mixed case
            owner = tokens[j].text
            if j < i and owner.endswith("s") and owner[:-1] in _source_names():
                # "SANAs correspondent": the outlet's correspondent, its apostrophe lost
                return f"{owner[:-1]} {doc.text[tokens[j + 1].start : tokens[i].end]}"
            return doc.text[tokens[j].start : tokens[i].end]
    return None


def _description_start(doc: Document, a: int, k: int) -> int:
    """Start of the words that qualify a body or force described at token ``k`` ("a
    Kurdish police source", "The Central Military Media", "Syrian security sources"): at
    most two words, between a determiner (or the sentence's start) and ``k``, or
    demonyms; no verb, adverb, place or name before ("Reuters quoting US officials",
    "Konashenkov Russian military intelligence")."""
    tokens = doc.tokens
    first = doc.sentences[tokens[k].sent].first_token
    j = k
    while j > a and k - j < 2:
        q = tokens[j - 1]
        if (
            q.key in _NOT_QUALIFIERS
            or q.key in _NOT_QUALIFIER_START
            or q.key in _DETERMINERS
            or q.key.endswith("ly")
            or q.key.endswith("ing")
            or not q.text.isalpha()
            or (_known_at(doc, j - 1) and not _is_demonym(q.text))
        ):
            break
        j -= 1
    if j == k:
        return k
    opened = j == first or tokens[j - 1].key in _DETERMINERS
    return j if opened or all(_is_demonym(t.text) for t in tokens[j:k]) else k


_UNARMED = frozenset({"civilians", None})
"""Kinds of generic actors that name no speaker by themselves ("12 people said to be ...")."""
_SAYING = frozenset({"said", "says", "say", "told", "tells", "tell", "added"})
"""Verbs that make armed men described generically speakers ("rebels said"); not "rebels
responded to the shelling", "insurgents posted images"."""


def _armed_speaker(doc: Document, a: int, b: int) -> str | None:
    """ "rebels said", "Kurdish fighters told AFP": the armed men as the article describes
    them (never an actor's name: they speak for no named group)."""
    tokens = doc.tokens
    last = max((m for m in doc.actors if a < m.tok_end <= b), key=lambda m: m.tok_end, default=None)
    if last is None or last.tok_end != b or last.role != "generic" or last.kind in _UNARMED:
        return None
    j = last.tok_start
    if j > a and _is_demonym(tokens[j - 1].text):
        j -= 1  # "Syrian rebels"; not "... in Jayrud town rebels said" (commas lost)
    return doc.text[tokens[j].start : tokens[b - 1].end]


def _proper_body(doc: Document, a: int, b: int) -> str | None:
    """A body the lexicons do not know, by its proper name: a run of capitalised words
    ending in a body word ("The Ghouta Media Center said"), perhaps followed by an
    appositive ("The Aleppo Media Center an activist collective said")."""
    span = _proper_body_span(doc, a, b)
    if span is None:
        return None
    return doc.text[doc.tokens[span[0]].start : doc.tokens[span[1] - 1].end]


def _fuller_body(doc: Document, name: str) -> str:
    """A body's short name ("the Civil Defence") as the one known body the article names
    with all its words ("the Syrian Civil Defence"), else as written."""
    words = _words(name)
    fuller = {
        m.name_template
        for m in doc.actors
        if m.role == "source" and words < _words(doc.text[m.start : m.end])
    }
    return fuller.pop() if len(fuller) == 1 else name


def _proper_body_span(doc: Document, a: int, b: int) -> tuple[int, int] | None:
    tokens = doc.tokens
    end = b
    for i in range(a + 1, b):
        if tokens[i].key in ("a", "an"):
            end = i  # an appositive after the name (commas lost in the corpus)
            break
    head = tokens[end - 1] if end > a else None
    if head is None or not head.is_title or head.key not in _BODY_HEADS:
        return None
    k = end - 1
    while k > a:
        q = tokens[k - 1]
        if q.key in _DETERMINERS:
            break
        if (q.is_title and q.text.isalpha()) or (
            q.key in ("of", "for", "and") and k - 2 >= a and tokens[k - 2].is_title
        ):
            k -= 1
        else:
            break
    known = any(
        m.tok_start < end and k < m.tok_end
        for m in doc.actors
        if m.role in ("source", "group", "ministry")
    )
    return None if end - k < 2 or known else (k, end)


def _acronym_in(words: list[Token]) -> str | None:
    """A source known by its acronym, written in mixed case ("Sana" for "SANA")."""
    for t in words:
        upper = t.text.upper()
        if t.is_title and t.text != upper and len(t.text) > 2 and upper in _source_names():
            return upper
    return None


_NOT_QUALIFIER_START = frozenset(
    """january february march april may june july august september october november
    december meanwhile however recently also he she they we it""".split()
)


def _qualifiers_start(doc: Document, a: int, i: int, most: int) -> int:
    """Start of the words that qualify the title at ``i`` ("a senior Obama administration
    official", "Turkish security sources"); not a month, an adverb, a pronoun, a place or
    another actor before it ("June activists", "Hama rights groups", "civilians residents",
    commas lost in the corpus)."""
    tokens = doc.tokens
    j = i
    while j > a and i - j < most:
        t = tokens[j - 1]
        if (
            t.key in _NOT_QUALIFIERS
            or t.key in _NOT_QUALIFIER_START
            or t.key.endswith("ly")
            or not (t.text.isalpha() or "." in t.text)
            or _outside_qualifier(doc, j - 1)
        ):
            break
        j -= 1
    return j


def _outside_qualifier(doc: Document, k: int) -> bool:
    """Token ``k`` names a place or a non-state actor: no qualifier of a speaker's title."""
    if k + 1 < len(doc.tokens) and doc.tokens[k + 1].key == "based":
        return False  # "Douma-based"
    for p in doc.places:
        if p.tok_start <= k < p.tok_end:
            return True
    for m in doc.actors:
        if m.tok_start <= k < m.tok_end:
            plural = m.text.endswith("s")
            return plural and m.role in ("generic", "country")  # "civilians", "Syrias"
    return False


def _titled_with_place(doc: Document, speech: SpeechLexicon, a: int, b: int) -> str | None:
    """An unnamed person described by a title and where they are: "a source at Aleppo
    Police Command", "an official from the Nour al-Din al-Zinki rebel group", "an activist
    in Deir al-Zor" (the whole description, as the article gives it)."""
    tokens = doc.tokens
    for i in range(a, b - 2):
        t = tokens[i]
        if t.key in speech.titles and t.key not in _BODY_WORDS and not t.is_title:
            if tokens[i + 1].key not in _PLACE_PREPOSITIONS:
                continue
            rest = tokens[i + 2 : b]
            if not any(r.is_title for r in rest) and not any(r.key in speech.titles for r in rest):
                return None  # "residents of the area", not a named place or body
            j = i
            while j > a and i - j < 3:
                q = tokens[j - 1]
                if q.key in _NOT_QUALIFIERS or not q.text.isalpha() or q.is_title:
                    break
                j -= 1
            return doc.text[tokens[j].start : tokens[b - 1].end]
    return None


_NAME_CONNECTORS = frozenset({"of", "for", "the", "and", "in", "on", "is", "de", "al", "el"})
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,}$")
_WORDS = re.compile(r"[\w']+")


def _article_names(doc: Document) -> dict[str, str]:
    """Lexicon name of a known body → the fullest name the article gives it (the
    guideline's naming rule): its longest name in the article's own words and spelling,
    a formal name before a nickname; a body the article names only by an acronym or a short
    form of its lexicon name ("SOHR", "the Syrian Observatory") keeps the lexicon name.
    Bodies with no proper name ("Syrian state TV", "the state news agency") keep the
    article's description."""
    forms: dict[str, list[str]] = {}
    text = doc.text
    tokens = doc.tokens
    for m in doc.actors:
        if m.role not in ("source", "group") or "{" in m.name_template:
            continue
        a, b = m.tok_start, m.name_end if m.role == "group" else m.tok_end
        while a + 1 < b and tokens[a].key in _DETERMINERS:
            a += 1  # "the Pentagon" (an alias with its article): the name, without it
        while a + 2 < b and tokens[a + 1].key == "based":
            a += 2  # "UK-based", "Britain-based": where the body sits, not its name
        proper = _is_proper(m.name_template)
        if proper:
            while b > a and tokens[b - 1].text.isalpha() and tokens[b - 1].text.islower():
                b -= 1  # "White Helmets rescue group": what it is, not its name
        if a >= b:
            continue
        form = text[tokens[a].start : tokens[b - 1].end]
        if proper and (_ACRONYM.match(form) or _words(form) <= _words(m.name_template)):
            continue
        forms.setdefault(m.name_template, []).append(form)
    names = {
        name: max(found, key=lambda f: (len(_WORDS.findall(f)), len(f)))
        for name, found in forms.items()
    }
    for name in list(names):
        if not _is_proper(name) and name.islower():
            # "state TV" in the headline, "Syrian state television" in the text: one outlet
            wider = [n for n in names if n != name and _words(name) <= _words(n)]
            if len(wider) == 1:
                names[name] = names[wider[0]]
    return names


def _words(name: str) -> set[str]:
    return {w.lower().rstrip("s") for w in _WORDS.findall(name)}


def _is_proper(name: str) -> bool:
    """A proper name (every word capitalised but connectors), not a description."""
    return all(w[:1].isupper() or w in _NAME_CONNECTORS for w in name.split())
