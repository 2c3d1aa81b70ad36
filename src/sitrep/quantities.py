"""Find and interpret number phrases ("more than 60", "dozens of", "between 10 and 15").

Pure functions over a string; the rules are documented in ``docs/quantities.md``.
Every phrase carries the figure as stated (``value``), a normalised ``qualifier`` and the
bounds it implies (``low``/``high``; ``None`` = open), following ACLED's conventions for
vague amounts (tens = 10, dozens = 12, hundreds = 100).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrep.document import Document

__all__ = ["NumberPhrase", "find_numbers", "parse_number_phrase"]


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """A number phrase: ``text == full_text[start:end]``, qualifier included."""

    start: int
    end: int
    text: str
    value: int | None
    qualifier: str | None
    low: int | None
    high: int | None
    vague: bool


# --------------------------------------------------------------------------- lexicon


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


UNIT_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "mln": 1_000_000, "billion": 1_000_000_000}

# Vague words: normalised qualifier -> conventional figure (None = no figure at all).
VAGUE_VALUES: dict[str, int | None] = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "several": 3,
    "a few": 3,
    "a handful": 3,
    "a number of": 3,
    "a couple": 2,
    "many": None,
    "unknown": None,
}

# Vague words as written (without a trailing "of") -> normalised qualifier.
_VAGUE_WORDS = {
    **{w: w for w in VAGUE_VALUES},
    "a couple": "a couple",
    "a number": "a number of",
    "a small number": "a number of",
    "numerous": "many",
    "multiple": "many",
    "countless": "many",
    "a lot": "many",
    "lots": "many",
}
_VAGUE_UNITS = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000}

# Prefix qualifiers as written -> normalised qualifier.
_PREFIX_QUALIFIERS = {
    "at least": "at least",
    "at least some": "at least",
    "at the very least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "not fewer than": "at least",
    "not less than": "at least",
    "a minimum of": "at least",
    "more than": "more than",
    "over": "more than",
    "well over": "more than",
    "just over": "more than",
    "slightly more than": "more than",
    "a little more than": "more than",
    "a little over": "more than",
    "well above": "more than",
    "upwards of": "more than",
    "upward of": "more than",
    "in excess of": "more than",
    "up to": "up to",
    "as many as": "up to",
    "at most": "at most",
    "at the most": "at most",
    "no more than": "at most",
    "not more than": "at most",
    "a maximum of": "at most",
    "fewer than": "fewer than",
    "less than": "fewer than",
    "nearly": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "just short of": "nearly",
    "just shy of": "nearly",
    "almost": "almost",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "approx.": "about",
    "approx": "about",
    "roughly": "about",
    "circa": "about",
    "in the region of": "about",
    "on the order of": "about",
    "some": "some",
    "an estimated": "an estimated",
    "estimated": "an estimated",
    "another": "another",
    "a further": "another",
    "an additional": "another",
    "between": "between",
    "from": "from",
}
_SUFFIX_QUALIFIERS = {
    "or more": "at least",
    "+": "at least",
    "plus": "more than",
    "odd": "more than",
    "or so": "about",
    "more": "another",
}
_LOWER_QUALS = frozenset({"at least", "more than"})
_UPPER_QUALS = frozenset({"up to", "at most", "fewer than", "nearly", "almost"})
_APPROX_QUALS = frozenset({"about", "some", "an estimated"})
# Qualifiers strong enough to make a year-like number (1800-2099) a count.
_YEAR_SAFE_QUALS = frozenset(
    {"at least", "more than", "up to", "at most", "fewer than", "nearly", "almost", "another"}
)

# A word right before the number that makes it a label, model or identifier.
_LABEL_WORDS = _wordset(
    """resolution resolutions article articles chapter section paragraph clause annex
    route highway road motorway street flight gate room building block no nos number num
    vol volume page pages pp phase stage level protocol channel camp hill checkpoint sector
    zone brigade battalion division regiment squadron platoon unit item bus tower station
    terminal platform apartment plot grade class type model version series round episode
    season part figure table ward cell wing code kilo force formula
    su mig mi tu il ka yak bm ak mh mq rq kh zu usd eur gbp lira syp aged age ages
    paragraphs tel telephone phone fax ext box"""
)
_YEAR_PREPS = _wordset(
    """in since until till by during of before after early late mid year summer spring
    autumn winter fall from through throughout between"""
)
_COUNT_NOUNS = _wordset(
    """people persons civilians soldiers troops fighters militants rebels insurgents
    jihadists men women children kids refugees families members residents protesters
    demonstrators prisoners detainees dead deaths killed wounded injured casualties bodies
    victims migrants students workers police policemen officers personnel militiamen gunmen
    households homes houses buildings strikes airstrikes raids rockets missiles shells
    bombs vehicles tanks terrorists lives others"""
)
_COUNT_VERBS = _wordset("were are have had died fled killed wounded injured")
# "one" is a pronoun after these words ...
_ONE_PRONOUN_BEFORE = _wordset(
    "no the this that any every each which what another such someone anyone last"
)
# ... or before these.
_ONE_PRONOUN_AFTER = _wordset(
    """of another by after who whom whose which that can could would should must might
    may will shall"""
)
# "over" is a particle, not a qualifier, after these.
_OVER_VERBS = _wordset(
    """take takes took taken taking hand hands handed handing turn turns turned turning
    run runs ran running fight fights fought fighting control dispute disputes argue
    argued arguing clash clashed clashes clashing win won winning"""
)
_MANY_NOT_QUANTITY = _wordset("how so too as not")
_SCORES_NOT_QUANTITY = _wordset(
    "the their his her its my our your test high low top settle settles settled settling"
)
# "from X to Y" after these reports a change, not a range: two separate figures.
_CHANGE_WORDS = _wordset(
    """rose risen rise rises rising climbed climb climbs climbing increased increase
    increases increasing jumped jump jumps grew grown growing up revised raised raising
    soared swelled mounted doubled tripled fell fallen falling dropped drop drops down
    lowered decreased reduced declined"""
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

# --------------------------------------------------------------------------- patterns

_W_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_W_TEEN = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_W_TENS = r"(?:twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety)"
_B100 = rf"(?:{_W_TENS}(?:(?:-|\s+){_W_UNIT}\b)?\b|{_W_TEEN}\b|{_W_UNIT}\b|zero\b)"
_B1000 = rf"(?:(?:an?|{_B100})\s+hundred\b(?:(?:\s+and)?\s+{_B100})?|{_B100})"
_SCALE = r"(?:thousand|million|billion)\b"
_AND = r"(?:\s+and)?\s+"
_TAIL = rf"(?:{_AND}{_B1000}(?!\s+(?:hundred|thousand|million|billion)\b))?"
_THOU = rf"(?:an?|{_B1000})\s+thousand\b"
_MILL = rf"(?:an?|{_B1000})\s+million\b(?:{_AND}{_THOU})?"
_BILL = rf"(?:an?|{_B1000})\s+billion\b(?:{_AND}{_MILL})?(?:{_AND}{_THOU})?"
# Scales strictly decrease: "two million five hundred thousand", never "two million three million".
_WORDNUM = rf"(?:(?:{_BILL}|{_MILL}|{_THOU}){_TAIL}|{_B1000})"
_DIGITS = (
    r"(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:\s+(?:mln\b|" + _SCALE + "))?"
)
_DOZEN = rf"(?:an?|half\s+an?|{_B100}|\d+)\s+dozen\b"
_NUM = rf"(?:{_DOZEN}|{_DIGITS}|{_WORDNUM})"

_VAGUE = (
    r"(?:tens|dozens|hundreds|scores)\s+of\s+(?:thousands|millions)\b(?:\s+of\b)?"
    r"|(?:several|a\s+few|a\s+couple(?:\s+of)?|many)\s+(?:dozen|hundred|thousand|million)s?\b"
    r"(?:\s+of\b)?"
    r"|(?:dozens|hundreds|thousands|millions)\b(?:\s+of\b)?"
    r"|tens\s+of\b|scores\b(?:\s+of\b)?"
    r"|(?:several|a\s+few|a\s+handful)\b(?:\s+of\b)?"
    r"|a\s+couple\s+of\b|a\s+(?:small\s+)?number\s+of\b"
    r"|many\b(?:\s+of\b)?|numerous\b|multiple\b|countless\b|(?:a\s+lot|lots)\s+of\b"
    r"|(?:a\s+(?:large|great|huge|significant|considerable|big|high|substantial)\s+number"
    r"|large\s+numbers)\s+of\b"
    r"|an\s+(?:unknown|undetermined|unspecified|undisclosed|unconfirmed)\s+number\s+of\b"
)


_Trie = dict[str, "_Trie"]


def _trie(words: list[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (fast to reject)."""
    tree: _Trie = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: _Trie) -> str:
        alts = [re.escape(ch) + render(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(tree)


# First words a number phrase can start with: a cheap gate before the full grammar.
_FIRST_WORDS = [w for w in UNIT_WORDS if w not in ("a", "an")] + list(
    _wordset(
        """a an half tens dozens hundreds thousands millions scores several many numerous
        multiple countless lots large"""
    )
)
_GATE = rf"(?=\d|(?:{_trie(_FIRST_WORDS)})\b)"

_CORE_SRC = (
    rf"(?<![\w$£€¥₹#№+@&]){_GATE}(?:(?P<vague>{_VAGUE})|(?P<num>{_NUM}))"
    rf"(?:(?P<sep>\s*[-–—]\s*|\s+(?:to|or|and)\s+)(?P<num2>{_DOZEN}|{_DIGITS}|{_WORDNUM}))?"
    r"(?P<post>\s+or\s+more\b|\s+or\s+so\b|\s*\+(?![\d+])|[-\s]plus\b|[-\s]odd\b"
    r"|\s+more\b(?!\s+than))?"
)
# Scanning runs case-sensitively over the lower-cased text (twice as fast as IGNORECASE);
# the IGNORECASE twin is for the rare text whose length changes when lower-cased.
_CORE_RE = re.compile(_CORE_SRC)
_CORE_RE_I = re.compile(_CORE_SRC, re.IGNORECASE)
# Qualifiers are matched on the reversed text just before the number: one anchored match.
_PREFIX_REV_RE = re.compile(
    r"\s*(?P<q>"
    + "|".join(
        r"\s+".join(re.escape(w[::-1]) for w in reversed(q.split()))
        for q in sorted(_PREFIX_QUALIFIERS, key=len, reverse=True)
    )
    + r")(?![\w-])",
    re.IGNORECASE,
)
# Units of measure, time, money and percentages: a number followed by one is not a count.
_UNIT_WORDS = _wordset(
    """km km2 kms kilometer kilometers kilometre kilometres mile miles meter meters metre
    metres cm mm millimeter millimeters millimetre millimetres centimeter centimeters
    centimetre centimetres feet foot ft inch inches yard yards kg kgs kilo kilos kilogram
    kilograms gram grams ton tons tonne tonnes lb lbs pound pounds ounce ounces liter liters
    litre litres gallon gallons barrel barrels bpd hectare hectares acre acres degree degrees
    celsius fahrenheit mph kph km/h knot knots caliber calibers calibre calibres megawatt
    megawatts mw kilowatt kilowatts kw kiloton kilotons megaton megatons bn second seconds
    sec secs minute minutes min mins hour hours hr hrs h day days night nights week weeks
    month months year years yr yrs decade decades century centuries time times fold a.m.
    a.m p.m. p.m am pm gmt utc o'clock dollar dollars usd euro euros eur sterling gbp lira
    liras lire riyal riyals rial rials dinar dinars dirham dirhams rouble roubles ruble
    rubles yuan yen rupee rupees franc francs shekel shekels cent cents bucks syp percent
    percentage pct"""
)
_UNIT_RE = re.compile(
    r"\s*(?:%|°|per\s*-?\s*cent\b|(?:\s+|-)(?:of\s+)?(?:square\s+|sq\.?\s+|cubic\s+)?"
    r"(?:local\s+time\b|(?:" + _trie(sorted(_UNIT_WORDS)) + r")(?![\w/])))",
    re.IGNORECASE,
)
_MONTHS = _wordset(
    """January Jan February Feb March Mar April Apr May June Jun July Jul August Aug
    September Sept Sep October Oct November Nov December Dec"""
)
_MONTH_AFTER_RE = re.compile(rf"(?:\s*,\s*|\s+)(?:of\s+)?{_MONTH}\b")
# "Ahmed, 24, said" -- an age after a name.
_AGE_APPOSITION_RE = re.compile(r"[A-Z][a-z]+,\s*\Z")
_AGE_OF_RE = re.compile(r"\bages?\s+of\s*\Z", re.IGNORECASE)
_SCALE_WORD_RE = re.compile(r"(hundred|thousand|million|billion)\s*\Z", re.IGNORECASE)
# Three or more digit groups in a row: a phone or ID number ("+963 11 2345678").
_PHONE_RE = re.compile(r"\+?\(?\d{1,4}\)?(?:[ \-.]\(?\d{1,8}\)?){2,}")
_SPLIT_RE = re.compile(r"[\s,\u00a0\u202f-]+")

_PREFIX_WINDOW = 30


# --------------------------------------------------------------------------- parsing


def _words_value(text: str) -> int | None:
    """Value of a spelled-out number ("one hundred and five", "two dozen")."""
    total = 0
    current = 0
    seen = False
    for word in _SPLIT_RE.split(text.lower()):
        if not word or word == "and":
            continue
        if word in UNIT_WORDS:
            current += UNIT_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        elif word == "dozen":
            current = (current or 1) * 12
        else:
            return None
        seen = True
    return total + current if seen else None


def _num_value(text: str) -> int | None:
    """Value of a specific number; None if it is not an integer count (2.5, 05, ids)."""
    low = text.lower()
    if not low[0].isdigit():
        if low.startswith("half"):
            rest = _words_value(low.split(None, 1)[1])
            return rest // 2 if rest else None
        return _words_value(low)
    parts = _SPLIT_RE.split(low)
    mult = 1
    if parts[-1] in _SCALES:
        mult = _SCALES[parts.pop()]
    elif parts[-1] == "dozen":
        mult = 12
        parts.pop()
    digits = "".join(parts)
    if "." in digits:
        if mult == 1:
            return None  # a decimal is not a count
        whole, frac = digits.split(".", 1)
        scale: int = 10 ** len(frac)
        return (int(whole) * scale + int(frac)) * mult // scale
    if len(digits) > 1 and digits[0] == "0":
        return None  # "05", "0900", phone numbers
    if len(parts) == 1 and len(digits) > 7:
        return None  # an identifier, not a count
    return int(digits) * mult


def _vague_value(text: str) -> tuple[str, int | None]:
    """(normalised qualifier, conventional figure) of a vague amount."""
    words = text.lower().split()
    if words[-1] == "of":
        words.pop()
    first, last = words[0], words[-1]
    if len(words) == 3 and words[1] == "of":  # "tens of thousands", "hundreds of millions"
        base, scale = VAGUE_VALUES[first], VAGUE_VALUES[last]
        assert base is not None and scale is not None
        return first, base * scale
    unit = _VAGUE_UNITS.get(last.rstrip("s"))
    if unit is not None and len(words) > 1:  # "several hundred", "a few dozen", "many thousands"
        if first == "many":
            return last.rstrip("s") + "s", unit
        head = _VAGUE_WORDS[" ".join(words[:2]) if first == "a" else first]
        base = VAGUE_VALUES[head]
        assert base is not None
        return head, base * unit
    key = " ".join(words)
    if key in _VAGUE_WORDS:
        head = _VAGUE_WORDS[key]
    elif first == "an":  # "an unknown number of"
        head = "unknown"
    else:  # "a large number of", "large numbers of"
        head = "many"
    return head, VAGUE_VALUES[head]


# --------------------------------------------------------------------------- context


def _prev_word(s: str, i: int) -> str:
    """The word ending just before ``i`` (skipping spaces and one '.'), as written."""
    j = i
    while j > 0 and s[j - 1] in " \t\n\u00a0":
        j -= 1
    if j > 0 and s[j - 1] == ".":
        j -= 1
    k = j
    while k > 0 and (s[k - 1].isalpha() or s[k - 1] in "'’"):
        k -= 1
    return s[k:j]


def _next_words(s: str, i: int, n: int = 2) -> list[str]:
    """Up to ``n`` words starting after ``i`` (letters only), lower-cased."""
    out: list[str] = []
    j = i
    ln = len(s)
    while len(out) < n:
        while j < ln and s[j] in " \t\n\u00a0":
            j += 1
        k = j
        while k < ln and (s[k].isalpha() or s[k] in "'’"):
            k += 1
        if k == j:
            break
        out.append(s[j:k].lower())
        j = k
    return out


def _bad_left(s: str, cs: int) -> bool:
    """Glued to something on the left: A-10, F-16, 10:30, 12/09, 2.5, $ 5."""
    if cs == 0:
        return False
    c = s[cs - 1]
    if c in "-‐–:/.,":
        return cs >= 2 and s[cs - 2].isalnum()
    if c in " \u00a0" and cs >= 2 and s[cs - 2] in "$£€¥₹#№":
        return True
    # a lone capital letter before a digit: "F 16", "T 72" (punctuation-stripped models)
    return (
        c == " "
        and s[cs].isdigit()
        and cs >= 2
        and s[cs - 2].isupper()
        and s[cs - 2] not in "AI"
        and (cs == 2 or not s[cs - 3].isalnum())
    )


def _bad_right(s: str, e: int) -> bool:
    """Glued to something on the right: 16s, 2nd, 155mm, 12-year-old, 10:30, 30%."""
    if e >= len(s):
        return False
    c = s[e]
    if c.isalpha() or c in "%°":
        return True
    if c in ":/." and e + 1 < len(s) and s[e + 1].isdigit():
        return True
    return c in "-‐–" and e + 1 < len(s) and s[e + 1].isalpha()


def _in_phone(s: str, cs: int, ce: int) -> bool:
    """Whether the digits at [cs, ce) belong to a phone or ID number."""
    if not (cs >= 2 and s[cs - 1] in " -" and s[cs - 2].isdigit()) and not (
        s[ce : ce + 1] in (" ", "-") and s[ce + 1 : ce + 2].isdigit()
    ):
        return False  # no neighbouring digit group: the common case, decided cheaply
    lo = max(0, cs - 24)
    return any(
        m.start() <= cs
        and ce <= m.end()
        and m.group().count(" ") + m.group().count("-") >= 2
        and _prev_word(s, m.start()) not in _MONTHS  # "Jun 20 2016 23 killed": a date, a figure
        for m in _PHONE_RE.finditer(s, lo, min(len(s), ce + 24))
    )


def _is_year_like(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2099


def _year_is_count(s: str, start: int, end: int, qual: str | None) -> bool:
    """Whether a year-like number (1800-2099, no comma) is really a count."""
    prev = _prev_word(s, start)
    if prev.lower() in _YEAR_PREPS or prev in _MONTHS:
        return False
    if qual in _YEAR_SAFE_QUALS:
        return True
    nxt = _next_words(s, end, 2)
    if nxt and (nxt[0] in _COUNT_NOUNS or nxt[0] in _COUNT_VERBS):
        return True  # "2000 people", "2000 were killed"
    return len(nxt) == 2 and nxt[1] in _COUNT_NOUNS  # "2000 Syrian soldiers"


# --------------------------------------------------------------------------- main


def _bounds(value: int, qual: str | None) -> tuple[int | None, int | None]:
    if qual in _LOWER_QUALS:
        return value, None
    if qual in _UPPER_QUALS:
        return None, value
    if qual in _APPROX_QUALS:
        return None, None
    return value, value


def _prefix(s: str, cs: int) -> tuple[int, str | None]:
    """Start and normalised form of a qualifier ending right before ``cs``."""
    lo = max(0, cs - _PREFIX_WINDOW)
    m = _PREFIX_REV_RE.match(s[lo:cs][::-1])
    if m is None:
        return cs, None
    start = cs - m.end("q")
    written = s[start : cs - m.start("q")].lower()
    if written == "over" and _prev_word(s, start).lower() in _OVER_VERBS:
        return cs, None
    return start, _PREFIX_QUALIFIERS[" ".join(written.split())]


def _specific(s: str, cs: int, ce: int, text: str, post: str | None) -> NumberPhrase | None:
    """One specific number at [cs, ce) with an optional suffix qualifier; None = not a count."""
    end = ce if post is None else ce + len(post)
    if _bad_left(s, cs) or _bad_right(s, end):
        return None
    value = _num_value(text)
    if value is None:
        return None
    start, qual = _prefix(s, cs)
    if qual in ("between", "from"):
        start, qual = cs, None  # only meaningful with a second number
    if post is not None and qual is None:
        qual = _SUFFIX_QUALIFIERS[" ".join(post.strip(" \t\n-").lower().split())]
    if not _context_ok(s, start, cs, end, text, qual):
        return None
    low, high = _bounds(value, qual)
    return NumberPhrase(start, end, s[start:end], value, qual, low, high, False)


def _context_ok(s: str, start: int, cs: int, end: int, text: str, qual: str | None) -> bool:
    """Reject labels, dates, times, ages, units, years and pronoun "one"."""
    prev = _prev_word(s, start)
    lprev = prev.lower()
    if lprev in _LABEL_WORDS or (lprev == "of" and _AGE_OF_RE.search(s, max(0, start - 12), start)):
        return False
    if _UNIT_RE.match(s, end):
        return False
    if text[0].isdigit():
        if _in_phone(s, cs, end):
            return False
        plain = text.replace(",", "")
        if plain.isdigit() and int(plain) <= 31:
            if prev in _MONTHS or _MONTH_AFTER_RE.match(s, end):
                return False
            if (
                qual is None
                and s[end : end + 1] == ","
                and _AGE_APPOSITION_RE.search(s, max(0, start - 30), start)
            ):
                return False
        if _is_year_like(text) and not _year_is_count(s, start, end, qual):
            return False
    elif text.lower() == "one":
        nxt = _next_words(s, end, 1)
        if nxt and nxt[0] in _ONE_PRONOUN_AFTER:
            return False
        if qual is None and _prev_word(s, cs).lower() in _ONE_PRONOUN_BEFORE:
            return False
        if s[max(0, cs - 7) : cs].lower() == "one by ":  # "one by one"
            return False
    return True


def _interpret(s: str, m: re.Match[str]) -> tuple[list[NumberPhrase], int]:
    """Phrases from one core match and the position to continue scanning from."""
    out: list[NumberPhrase] = []
    vague = m.group("vague")
    if vague is not None:
        cs, ce = m.span("vague")
        if _bad_right(s, ce):
            return out, m.end("vague")
        qual, value = _vague_value(vague)
        prev = _prev_word(s, cs).lower()
        first = vague.split()[0].lower()
        if first == "many" and prev in _MANY_NOT_QUANTITY:
            return out, ce
        if first == "scores" and prev in _SCORES_NOT_QUANTITY:
            return out, ce
        start, pq = _prefix(s, cs)
        if pq in ("between", "from"):
            start, pq = cs, None
        end = ce
        post = m.group("post")
        if post is not None and m.group("num2") is None:
            end = m.end("post")
        if _UNIT_RE.match(s, end) or _prev_word(s, start).lower() in _LABEL_WORDS:
            return out, end
        low: int | None = value
        high: int | None = None
        if pq in _UPPER_QUALS or pq in _APPROX_QUALS:
            low = None
        out.append(NumberPhrase(start, end, s[start:end], value, qual, low, high, True))
        return out, end

    cs, ce = m.span("num")
    num = m.group("num")
    num2 = m.group("num2")
    if num2 is not None:
        sep = m.group("sep").strip().lower()
        c2s, c2e = m.span("num2")
        v1 = _num_value(num)
        v2 = _num_value(num2)
        pstart, pq = _prefix(s, cs)
        if v1 is not None and v2 is not None:
            sm = _SCALE_WORD_RE.search(num2)
            if sm and _SCALE_WORD_RE.search(num) is None:
                scale = 100 if sm.group(1).lower() == "hundred" else _SCALES[sm.group(1).lower()]
                if v1 < scale and v1 * scale < v2:
                    v1 *= scale  # "10 to 15 thousand"
        ok_sep = sep != "and" or pq == "between"  # "10 and 15" is two figures
        is_range = ok_sep and v1 is not None and v2 is not None and v2 > v1
        if is_range and pq == "from" and _prev_word(s, pstart).lower() in _CHANGE_WORDS:
            is_range = False  # "rose from 30 to 45": two figures, not a range
        if is_range:
            assert v1 is not None and v2 is not None
            if _bad_left(s, cs) or _bad_right(s, c2e):
                return out, m.end()
            end = c2e
            if (
                not _context_ok(s, pstart, cs, end, num, "between")
                or (_is_year_like(num2) and not _year_is_count(s, pstart, end, None))
                or (v2 <= 31 and num2[0].isdigit() and _MONTH_AFTER_RE.match(s, end))
            ):
                return out, m.end()
            out.append(NumberPhrase(pstart, end, s[pstart:end], v1, "between", v1, v2, False))
            return out, end
        if sep in ("-", "–", "—") and not (v1 is not None and v2 is not None and v2 > v1):
            return out, m.end()  # scores, votes, dates, phone numbers: "3-1", "2011-12"
        # Not a range: the first number alone, then rescan from the second.
        phrase = _specific(s, cs, ce, num, None)
        if phrase is not None:
            out.append(phrase)
        return out, c2s

    phrase = _specific(s, cs, ce, num, m.group("post"))
    if phrase is None:
        return out, ce
    out.append(phrase)
    return out, phrase.end


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberPhrase]:
    """All number phrases in ``text[start:end]``, with offsets into the full ``text``.

    Only the window is read, so the result for a window equals the result for the
    window's substring shifted by ``start``.
    """
    if end is None:
        end = len(text)
    s = text[start:end]
    out: list[NumberPhrase] = []
    pos = 0
    scan = s.lower()
    search = _CORE_RE.search
    if len(scan) != len(s):
        scan = s
        search = _CORE_RE_I.search
    while True:
        m = search(scan, pos)
        if m is None:
            break
        found, nxt = _interpret(s, m)
        out.extend(found)
        pos = max(nxt, m.start() + 1)
    if start:
        out = [
            NumberPhrase(
                p.start + start, p.end + start, p.text, p.value, p.qualifier, p.low, p.high, p.vague
            )
            for p in out
        ]
    return out


def parse_number_phrase(phrase: str) -> NumberPhrase | None:
    """``phrase`` read as exactly one number phrase (offsets 0..len), else None."""
    found = find_numbers(phrase)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(phrase):
        return found[0]
    return None


def find_numbers_in_sentences(doc: Document) -> list[NumberPhrase]:
    """Pipeline stage: the number phrases of every sentence (windows keep context local)."""
    out: list[NumberPhrase] = []
    for s in doc.sentences:
        out.extend(find_numbers(doc.text, s.start, s.end))
    return out
