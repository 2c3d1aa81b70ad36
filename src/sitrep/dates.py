"""Date expressions in news text: find them, then resolve them against the publication date.

Two pure functions over a string, no global state beyond regexes compiled at import:

* :func:`find_dates` locates date phrases ("on Saturday", "last week", "Sept. 12, 2016",
  "between 1 and 3 May", "in 2013") and returns :class:`DateMention` objects with
  ``[start, end)`` offsets into the text as given.
* :func:`resolve_date` turns one mention into a :class:`ResolvedDate` (day, week or month
  precision). No anchor, no date: anything relative needs the publication date.

The rules (representative days, ``M/D/Y`` versus ``D/M/Y``, false hits) are in
``docs/dates.md``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.quantities import UNIT_WORDS

if TYPE_CHECKING:
    from sitrep.document import Document

__all__ = ["KINDS", "DateMention", "ResolvedDate", "find_dates", "resolve_date"]

KINDS = (
    "explicit",
    "day_of_month",
    "range",
    "month",
    "year",
    "weekday",
    "relative_day",
    "relative_period",
)
"""Every ``DateMention.kind`` that :func:`find_dates` emits."""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase found in a text; fields beyond ``kind`` say what it means.

    ``explicit``: ``month``, ``day``, optional ``year`` (and ``weekday`` if one was written).
    ``day_of_month``: ``day`` ("on the 12th").
    ``range``: ``month``/``day``/``year`` to ``month2``/``day2``/``year2`` (years optional).
    ``month``: ``month``, optional ``year``; ``modifier`` is the cue ("in", "last", "since early").
    ``year``: ``year``, or ``offset`` in years for "last year" (-1), "this year" (0).
    ``weekday``: ``weekday`` (0 = Monday), ``modifier`` ("last"/"this"/"next"), ``part``.
    ``relative_day``: ``offset`` in days from publication (-1 = yesterday), ``part``.
    ``relative_period``: ``unit`` (``week``, ``month``, ``weekend``, ``recent_days``,
    ``recent_weeks``, ``recent_months``, ``hours``) and ``offset`` (-1 = last, 0 = this,
    -n = n units ago; for ``hours``, days back).
    Both relative kinds set ``modifier`` to "earlier" or "later" when the phrase starts so
    ("later today", "later this week" are future and resolve to None).
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year2: int | None = None
    month2: int | None = None
    day2: int | None = None
    weekday: int | None = None
    offset: int | None = None
    unit: str | None = None
    modifier: str | None = None
    part: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A calendar date with its precision; ``end`` is set for ranges (inclusive).

    For ``week`` and ``month`` precision ``date`` is a representative day (see docs/dates.md):
    month precision always uses the first day of the month.
    """

    date: datetime.date
    precision: str
    end: datetime.date | None = None


# --------------------------------------------------------------------------- vocabulary

_MONTH_NUMBERS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_ABBRS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
MONTH_KEYS = frozenset(name.lower() for name in _MONTH_NAMES)
"""Month names as token keys ("august")."""
MONTH_ABBREVIATION_KEYS = frozenset(abbr.lower() for abbr in _MONTH_ABBRS)
"""Their abbreviations as token keys ("aug", "sept")."""
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY_ABBRS = ["Mon", "Tues", "Tue", "Wed", "Thurs", "Thur", "Thu", "Fri", "Sat", "Sun"]
_NUMBER_WORDS = {"a": 1, "an": 1, **{w: n for w, n in UNIT_WORDS.items() if 1 <= n <= 12}}
"""Number words of "two days ago", "a week ago": the quantities module's, one to twelve."""
# "May" and "March" are also a verb / a noun: as a bare month they need one of these cues.
_STRICT_MONTHS = frozenset({3, 5})
_STRICT_CUES = frozenset({"in", "during", "since", "until", "till"})


def _caps(words: list[str]) -> str:
    """Alternation of the words as written and in capitals, longest first."""
    forms = {w for word in words for w in (word, word.upper())}
    return "|".join(sorted(forms, key=lambda w: (-len(w), w)))


_TOKENS = {
    "{MON}": (rf"(?:(?:{_caps(_MONTH_NAMES)})|(?:{_caps(_MONTH_ABBRS)})\.?)(?![A-Za-z])"),
    "{WD}": rf"(?:{_caps(_WEEKDAYS)})(?![A-Za-z0-9])",
    # "Mondays raid": a possessive whose apostrophe a scraper dropped ("Syrias", "countrys"),
    # not the plural of "on Mondays"
    "{WDS}": rf"(?<!\b[Oo]n )(?<!\band )(?<!\bor )(?:{'|'.join(_WEEKDAYS)})s"
    r"(?=\s+[a-z])(?!\s+(?:are|were|and|or|to|through|until|till|when|is)\b)",
    "{WDX}": rf"(?:(?:{_caps(_WEEKDAYS)})|(?:{_caps(_WEEKDAY_ABBRS)})\.?)(?![A-Za-z])",
    "{DAY}": r"(?<![\d.:/])(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9A-Za-z])",
    "{ORD}": r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)(?![0-9A-Za-z])",
    "{YEAR}": r"(?<![\d.:/])(?:19|20)[0-9][0-9](?![0-9])",
    "{NUM}": r"(?:[0-9]{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)",
    "{CONN}": r"(?:\s*[-–—]\s*|\s+(?i:to|and|until|till|through|thru)\s+)",
    "{CONN_NA}": r"(?:\s*[-–—]\s*|\s+(?i:to|until|till|through|thru)\s+)",
    "{VAGUE}": r"(?:a\s+few|a\s+couple\s+of|several|some|few)",
}


def _expand(pattern: str) -> str:
    for token, value in _TOKENS.items():
        pattern = pattern.replace(token, value)
    return pattern


# One alternative per way of writing a date. Order matters only between alternatives that
# can start at the same character (the first that matches wins); leftmost matches win
# overall, so alternatives that begin with a cue word ("in", "last") must not swallow a
# longer date that starts later (hence the lookaheads after bare months and years).
_ALTERNATIVES: list[tuple[str, str]] = [
    (
        "iso",
        r"(?<![\d.:/-])(?P<iso_y>(?:19|20)[0-9][0-9])-(?P<iso_m>0[1-9]|1[0-2])"
        r"-(?P<iso_d>0[1-9]|[12][0-9]|3[01])(?![0-9])",
    ),
    (
        "num",  # 9/12/2016 (US M/D/Y); 12.09.2016, 12-09-2016 (D.M.Y)
        r"(?<![\d.:/-])(?P<num_a>[0-9]{1,2})(?P<num_sep>[/.-])(?P<num_b>[0-9]{1,2})(?P=num_sep)"
        r"(?P<num_y>(?:19|20)[0-9][0-9])(?![0-9/])",
    ),
    (
        "gl",  # Apr 052017: a day run into its year where the comma between them was lost
        r"(?P<gl_m>{MON})\s+(?P<gl_d>0[1-9]|[12][0-9]|3[01])(?P<gl_y>(?:19|20)[0-9][0-9])"
        r"(?![0-9])",
    ),
    (
        "r2",  # [between|from] May 1 [2016] -|to|and [May] 3[, 2016]
        r"(?:(?P<r2_kw>(?i:between|from))\s+)?(?P<r2_m1>{MON})(?:\s+|(?<=\.))(?P<r2_d1>{DAY})"
        r"(?:,?\s+(?P<r2_y1>{YEAR}))?(?(r2_kw){CONN}|{CONN_NA})"
        r"(?:(?P<r2_m2>{MON})\s+)?(?P<r2_d2>{DAY})(?:,?\s+(?P<r2_y2>{YEAR}))?",
    ),
    (
        "r1",  # [between|from] 1 [May [2016]] -|to|and [the] 3 [of] May[, 2016]
        r"(?:(?P<r1_kw>(?i:between|from))\s+)?(?:(?i:the)\s+)?(?P<r1_d1>{DAY})"
        r"(?:\s+(?:of\s+)?(?P<r1_m1>{MON})(?:,?\s+(?P<r1_y1>{YEAR}))?)?"
        r"(?(r1_kw){CONN}|{CONN_NA})(?:(?i:the)\s+)?(?P<r1_d2>{DAY})(?:\s+of)?\s+(?P<r1_m2>{MON})"
        r"(?:,?\s+(?P<r1_y2>{YEAR}))?",
    ),
    (
        "e1",  # [Saturday,] Sept. 17[, 2016]
        r"(?:(?P<e1_wd>{WDX}),?\s+)?(?P<e1_m>{MON})(?:\s+|(?<=\.))(?P<e1_d>{DAY})"
        r"(?:,?\s+(?P<e1_y>{YEAR}))?",
    ),
    (
        "e2",  # [Sat] [the] 17[th] [of] September[, 2016]
        r"(?:(?P<e2_wd>{WDX}),?\s+)?(?:(?i:the)\s+)?(?P<e2_d>{DAY})(?:\s+of)?\s+(?P<e2_m>{MON})"
        r"(?:,?\s+(?P<e2_y>{YEAR}))?",
    ),
    (
        "mo",  # [in|since|...] [early|last|the end of|...] September [2016]
        r"(?:(?P<mo_pre>(?i:in|since|until|till|during|before|after|from|through|throughout"
        r"|by|of))\s+)?(?P<mo_mod>(?i:(?:the\s+)?(?:end|beginning|start|middle)\s+of|early|late"
        r"|mid|last|this|next)(?:\s*-\s*|\s+))?(?P<mo_m>{MON})"
        r"(?:,?\s+(?P<mo_y>{YEAR})|(?!,?\s*[0-9]{1,2}(?![0-9])|['’]s\b))",
    ),
    (
        "dom",  # on the 12th
        r"(?<=\b[Oo]n\s)(?i:the)\s+(?P<dom_d>{ORD})(?!\s+(?i:of\b|floor|anniversary|century"
        r"|round|times?\b|day|night|week|month|year|straight|consecutive|birthday|annual|session"
        r"|brigade|division|regiment|corps|army|battalion|fleet|street|avenue|district|place"
        r"|anniv))",
    ),
    (
        "wd",  # [last|this|next] Saturday [night]
        r"(?:(?P<wd_mod>(?i:last|this|next|past|previous|coming))\s+)?"
        r"(?<!Mail on )(?<!Independent on )(?<!Bloody )(?<!Black )(?<!Good )(?<!Easter )"
        r"(?<!Palm )(?<!Ash )(?<!Holy )(?<!Super )(?<!Cyber )(?<!Maundy )(?<!every )"
        r"(?<!Every )(?<!each )(?P<wd_d>{WD}|{WDS})"
        r"(?!\s+(?:Times|Telegraph|Mirror|Express|Herald|Post|Mail|Star|Tribune|Independent"
        r"|Sport|People|Observer|Review|Night\s+Live|School)\b)"
        r"(?:\s+(?P<wd_part>(?i:morning|afternoon|evening|night)\b))?",
    ),
    (
        "rd",  # yesterday, last night, today, the day before, two days ago ...
        r"(?i:(?P<rd_m2>(?:the\s+)?day\s+before\s+yesterday)"
        r"|(?P<rd_m1>yesterday|(?:late\s+)?last\s+night|overnight(?!\s+(?:on\s+|into\s+|to\s+)?"
        r"{WD})|(?:the\s+)?(?:day\s+before|previous\s+day|day\s+prior|day\s+earlier)"
        r"(?!\s+(?:the|a|an|his|her|its|their|this|that|he|she|it|they)\b)"
        r"|an?\s+day\s+(?:earlier|before)(?!\s+(?:the|a|an|his|her|its|their|this|that)\b))"
        r"|(?P<rd_0>(?:earlier\s+|later\s+)?today|tonight"
        r"|(?:early\s+|earlier\s+|later\s+)?this\s+(?:morning|afternoon|evening))"
        r"|(?P<rd_p1>tomorrow)"
        r"|(?P<rd_n>{NUM})\s+days?\s+ago)(?![A-Za-z])"
        r"(?:\s+(?P<rd_part>(?i:morning|afternoon|evening|night)\b))?",
    ),
    (
        "rp",  # last week, earlier this month, over the weekend, recently, 3 weeks ago ...
        r"(?i:(?P<rp_wkend>(?:(?:over|during|at)\s+the|last|this|past)\s+weekend)"
        r"|the\s+(?:past|last)\s+(?P<rp_hours>24|48|72|twenty-four)\s+hours"
        r"|the\s+(?:past|last)\s+(?:{VAGUE}\s+|{NUM}\s+)?(?P<rp_recent>days?|weeks?|months?)"
        r"|(?:the\s+)?(?P<rp_last>last|previous|past)\s+(?P<rp_lunit>week|month)"
        r"|(?P<rp_this>(?:(?:earlier|later)\s+)?this)\s+(?P<rp_tunit>week|month)"
        r"|(?P<rp_n>{NUM})\s+(?P<rp_nunit>week|month)s?\s+ago"
        r"|(?:{VAGUE}\s+)?(?P<rp_ago>days|weeks|months)\s+ago"
        r"|in\s+recent\s+(?P<rp_inrecent>days|weeks|months)"
        r"|(?P<rp_recently>recently))(?![A-Za-z])",
    ),
    (
        "yr",  # in 2013, since early 2011, last year, two years ago
        r"(?:(?P<yr_pre>(?i:in|since|until|till|during|by|before|after|from|of))\s+)?"
        r"(?P<yr_mod>(?i:early|late|mid)(?:\s*-\s*|\s+))?(?P<yr_y>{YEAR})(?![-/–][0-9])"
        r"|(?i:(?P<yr_rel>(?:(?:earlier|later)\s+)?this|last|next|past)\s+year"
        r"|(?P<yr_n>{NUM})\s+years?\s+ago)(?![A-Za-z])",
    ),
]

_MASTER = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{_expand(pat)})" for name, pat in _ALTERNATIVES) + ")"
)


# --------------------------------------------------------------------------- find


def _month(word: str) -> int:
    return _MONTH_NUMBERS[word[:3].lower()]


def _day(word: str) -> int:
    return int(word.rstrip("stndrhSTNDRH"))


def _num(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMBER_WORDS[w]


def _opt_int(word: str | None) -> int | None:
    return int(word) if word else None


def _norm(words: str) -> str:
    return " ".join(words.lower().replace("-", " ").split())


def _build_iso(m: re.Match[str], text: str) -> DateMention | None:
    year, month, day = int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])
    return DateMention(m.start(), m.end(), m[0], "explicit", year=year, month=month, day=day)


def _build_num(m: re.Match[str], text: str) -> DateMention | None:
    a, b = int(m["num_a"]), int(m["num_b"])
    if m["num_sep"] == "/":
        month, day = (b, a) if a > 12 else (a, b)  # US M/D/Y unless the first can't be a month
    else:
        month, day = (a, b) if b > 12 else (b, a)  # D.M.Y, D-M-Y unless the second can't be
    year = int(m["num_y"])
    return DateMention(m.start(), m.end(), m[0], "explicit", year=year, month=month, day=day)


def _build_range(m: re.Match[str], text: str, p: str) -> DateMention | None:
    month2 = _month(m[f"{p}_m2"]) if m[f"{p}_m2"] else None
    month1 = _month(m[f"{p}_m1"]) if m[f"{p}_m1"] else month2
    month2 = month2 or month1
    return DateMention(
        m.start(),
        m.end(),
        m[0],
        "range",
        year=_opt_int(m[f"{p}_y1"]),
        month=month1,
        day=_day(m[f"{p}_d1"]),
        year2=_opt_int(m[f"{p}_y2"]),
        month2=month2,
        day2=_day(m[f"{p}_d2"]),
    )


def _build_explicit(m: re.Match[str], text: str, p: str) -> DateMention | None:
    wd = m.groupdict().get(f"{p}_wd")
    weekday = _WEEKDAY_INDEX.get(wd[:2].lower()) if wd else None
    return DateMention(
        m.start(),
        m.end(),
        m[0],
        "explicit",
        year=_opt_int(m[f"{p}_y"]),
        month=_month(m[f"{p}_m"]),
        day=_day(m[f"{p}_d"]),
        weekday=weekday,
    )


def _build_month(m: re.Match[str], text: str) -> DateMention | None:
    pre, mod, year = m["mo_pre"], m["mo_mod"], m["mo_y"]
    month = _month(m["mo_m"])
    if not (pre or mod or year):
        return None  # a bare month name with no cue and no year is not a date
    if month in _STRICT_MONTHS and not (year or mod) and _norm(pre) not in _STRICT_CUES:
        return None  # "by May", "from March": too likely the verb, the noun or Theresa May
    start = m.start("mo_mod") if mod else m.start("mo_m")
    modifier = _norm(" ".join(x for x in (pre, mod) if x)) or None
    return DateMention(
        start,
        m.end(),
        text[start : m.end()],
        "month",
        year=_opt_int(year),
        month=month,
        modifier=modifier,
    )


def _build_dom(m: re.Match[str], text: str) -> DateMention | None:
    return DateMention(m.start(), m.end(), m[0], "day_of_month", day=_day(m["dom_d"]))


_WEEKDAY_INDEX = {name[:2].lower(): i for i, name in enumerate(_WEEKDAYS)}


def _build_weekday(m: re.Match[str], text: str) -> DateMention | None:
    mod = m["wd_mod"]
    part = m["wd_part"]
    return DateMention(
        m.start(),
        m.end(),
        m[0],
        "weekday",
        weekday=_WEEKDAY_INDEX[m["wd_d"][:2].lower()],
        modifier=mod.lower() if mod else None,
        part=part.lower() if part else None,
    )


def _after_capitalised_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` follows a capitalised word with only spaces in between."""
    j = i
    while j > 0 and text[j - 1] == " ":
        j -= 1
    k = j
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "'’"):
        k -= 1
    return k < j and text[k].isupper()


def _lead_word(phrase: str) -> str | None:
    """``earlier`` or ``later`` when the phrase starts with it ("later this week")."""
    word = phrase.split(None, 1)[0].lower()
    return word if word in ("earlier", "later") else None


def _build_relative_day(m: re.Match[str], text: str) -> DateMention | None:
    if m["rd_m2"]:
        offset = -2
    elif m["rd_m1"]:
        offset = -1
    elif m["rd_0"]:
        if m["rd_0"] in ("Today", "Tonight") and _after_capitalised_word(text, m.start()):
            return None  # a title: "USA Today", "Aleppo Today", "Syria Tonight"
        offset = 0
    elif m["rd_p1"]:
        offset = 1
    else:
        offset = -_num(m["rd_n"])
    part = m["rd_part"]
    return DateMention(
        m.start(),
        m.end(),
        m[0],
        "relative_day",
        offset=offset,
        modifier=_lead_word(m[0]),
        part=part.lower() if part else None,
    )


def _build_relative_period(m: re.Match[str], text: str) -> DateMention | None:
    unit: str
    offset = 0
    if m["rp_wkend"]:
        unit = "weekend"
        offset = -1 if m["rp_wkend"][:4].lower() in ("last", "past") else 0
    elif m["rp_hours"]:
        unit = "hours"
        hours = 24 if m["rp_hours"].lower() == "twenty-four" else int(m["rp_hours"])
        offset = -(hours // 24)
    elif m["rp_recent"]:  # "the past week", "the last few days", "the past two months"
        word = m["rp_recent"].lower()
        unit = {"day": "recent_days", "days": "recent_days", "week": "recent_days"}.get(
            word, "recent_weeks" if word in ("weeks", "month") else "recent_months"
        )
    elif m["rp_last"]:
        unit, offset = m["rp_lunit"].lower(), -1
    elif m["rp_this"]:
        unit = m["rp_tunit"].lower()
    elif m["rp_n"]:
        unit, offset = m["rp_nunit"].lower(), -_num(m["rp_n"])
    elif m["rp_ago"] or m["rp_inrecent"]:
        word = (m["rp_ago"] or m["rp_inrecent"]).lower()
        unit = {"days": "recent_days", "weeks": "recent_weeks"}.get(word, "recent_months")
    else:  # recently
        unit = "recent_days"
    return DateMention(
        m.start(),
        m.end(),
        m[0],
        "relative_period",
        unit=unit,
        offset=offset,
        modifier=_lead_word(m[0]),
    )


def _build_year(m: re.Match[str], text: str) -> DateMention | None:
    if m["yr_y"]:
        pre, mod = m["yr_pre"], m["yr_mod"]
        if not (pre or mod):
            return None  # a bare number such as 2016 is not reported as a year
        start = m.start("yr_mod") if mod else m.start("yr_y")
        modifier = _norm(" ".join(x for x in (pre, mod) if x))
        return DateMention(
            start, m.end(), text[start : m.end()], "year", year=int(m["yr_y"]), modifier=modifier
        )
    if m["yr_rel"]:
        rel = _norm(m["yr_rel"]).split()[-1]
        offset = {"this": 0, "next": 1}.get(rel, -1)
    else:
        offset = -_num(m["yr_n"])
    return DateMention(m.start(), m.end(), m[0], "year", offset=offset)


_BUILDERS: dict[str, Callable[[re.Match[str], str], DateMention | None]] = {
    "iso": _build_iso,
    "num": _build_num,
    "r2": lambda m, t: _build_range(m, t, "r2"),
    "r1": lambda m, t: _build_range(m, t, "r1"),
    "gl": lambda m, t: _build_explicit(m, t, "gl"),
    "e1": lambda m, t: _build_explicit(m, t, "e1"),
    "e2": lambda m, t: _build_explicit(m, t, "e2"),
    "mo": _build_month,
    "dom": _build_dom,
    "wd": _build_weekday,
    "rd": _build_relative_day,
    "rp": _build_relative_period,
    "yr": _build_year,
}


# Scanning every word start with _MASTER costs ~1.5 µs per character, so find_dates only
# tries it near anchors: substrings every date phrase contains (checked with str.find on
# the lower-cased text), capitalised month names, years and ordinals. From each anchor it
# walks back over cue words ("between 1 and", "since early", "the end of") and tries an
# anchored match at each of those word starts, leftmost first, exactly as finditer would.
_KEYWORDS = (
    "day",  # yesterday, today, days, Monday ... Sunday, the day before
    "night",  # tonight, last night, overnight
    "morning",
    "afternoon",
    "evening",
    "week",  # week, weeks, weekend
    "month",
    "year",
    "hour",
    "recent",  # recently, in recent days
    "tomorrow",
)
_MONTH_ANCHOR = re.compile(
    _caps(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
)
_DIGIT_ANCHOR = re.compile(r"[0-9](?:st|nd|rd|th|[0-9][0-9][0-9])")
_CHAIN_WORDS = frozenset(
    [
        "between",
        "from",
        "and",
        "to",
        "until",
        "till",
        "through",
        "thru",
        "the",
        "in",
        "on",
        "since",
        "during",
        "before",
        "after",
        "throughout",
        "by",
        "of",
        "end",
        "beginning",
        "start",
        "middle",
        "early",
        "late",
        "mid",
        "last",
        "this",
        "next",
        "past",
        "previous",
        "coming",
        "over",
        "at",
        "a",
        "an",
        "few",
        "couple",
        "several",
        "some",
        "earlier",
        "later",
    ]
    + [w.lower() for w in _WEEKDAYS + _WEEKDAY_ABBRS]
    + list(_NUMBER_WORDS)
)
_SEPARATORS = frozenset(" \t\n\r\u00a0,.-/–—")
_MAX_CHAIN = 6
_WORD_START = re.compile(r"\b\w")
_NEVER_FIRST = frozenset({"on", "and", "to", "thru", "couple"})  # no alternative starts so


def _anchors(text: str, start: int, stop: int) -> list[int]:
    """Sorted positions in ``text[start:stop]`` near which a date phrase may be."""
    lower = text[start:stop].lower()
    if len(lower) != stop - start:  # lower-casing changed the length ("İ"): try every word
        return [m.start() for m in _WORD_START.finditer(text, start, stop)]
    found: set[int] = set()
    for key in _KEYWORDS:
        i = lower.find(key)
        while i >= 0:
            found.add(start + i)
            i = lower.find(key, i + len(key))
    found.update(m.start() for m in _MONTH_ANCHOR.finditer(text, start, stop))
    for m in _DIGIT_ANCHOR.finditer(text, start, stop):
        i = m.start()
        if m.end() - i == 3 or text[i : i + 2] in ("19", "20"):
            found.add(i)
    return sorted(found)


def _candidate_starts(text: str, anchor: int, floor: int) -> list[int]:
    """Word starts from which a match covering ``anchor`` may begin, leftmost first."""
    i = anchor
    while i > floor and text[i - 1].isalnum():
        i -= 1
    starts = [i]
    for _ in range(_MAX_CHAIN):
        j = i
        while j > floor and text[j - 1] in _SEPARATORS:
            j -= 1
        if j == i:
            break
        k = j
        while k > floor and text[k - 1].isalnum():
            k -= 1
        word = text[k:j].lower()
        if not word or not (word.isdigit() or word in _CHAIN_WORDS):
            break
        if word not in _NEVER_FIRST:
            starts.append(k)
        i = k
    starts.reverse()
    return starts


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date phrases in ``text[start:end]``, in text order; offsets index the full ``text``.

    Words just before ``start`` are visible as context (so "on" before ``start`` still makes
    "the 12th" a date) but matches never begin before ``start`` nor end after ``end``.
    """
    start = max(start, 0)
    stop = len(text) if end is None else min(end, len(text))
    out: list[DateMention] = []
    cursor = start
    for anchor in _anchors(text, start, stop):
        if anchor < cursor:
            continue
        for s in _candidate_starts(text, anchor, cursor):
            if s < cursor:
                continue
            m = _MASTER.match(text, s, stop)
            if m is None:
                continue
            cursor = m.end()
            mention = _BUILDERS[m.lastgroup or ""](m, text)
            if mention is not None:
                out.append(mention)
            if cursor > anchor:
                break
    return out


def _find_dates_reference(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Plain ``finditer`` over the whole window: what :func:`find_dates` must return (tests)."""
    stop = len(text) if end is None else min(end, len(text))
    found = (_BUILDERS[m.lastgroup or ""](m, text) for m in _MASTER.finditer(text, start, stop))
    return [mention for mention in found if mention is not None]


# --------------------------------------------------------------------------- resolve

_ONE_DAY = datetime.timedelta(days=1)


def _make(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _recent_month_day(pub: datetime.date, month: int, day: int) -> datetime.date | None:
    """The latest ``month``/``day`` on or before ``pub`` (looks back far enough for 29 Feb)."""
    for year in range(pub.year, pub.year - 9, -1):
        d = _make(year, month, day)
        if d is not None and d <= pub:
            return d
    return None


def _month_start(pub: datetime.date, months_back: int) -> datetime.date:
    index = pub.year * 12 + pub.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def _range_precision(start: datetime.date, end: datetime.date) -> str:
    days = (end - start).days
    return "day" if days <= 1 else "week" if days <= 7 else "month"


def _resolve_explicit(m: DateMention, pub: datetime.date | None) -> ResolvedDate | None:
    if m.month is None or m.day is None:
        return None
    if m.year is not None:
        d = _make(m.year, m.month, m.day)
    elif pub is not None:
        d = _recent_month_day(pub, m.month, m.day)
    else:
        return None
    return ResolvedDate(d, "day") if d is not None else None


def _resolve_day_of_month(m: DateMention, pub: datetime.date | None) -> ResolvedDate | None:
    if pub is None or m.day is None:
        return None
    for back in range(12):
        first = _month_start(pub, back)
        d = _make(first.year, first.month, m.day)
        if d is not None and d <= pub:
            return ResolvedDate(d, "day")
    return None


def _resolve_range(m: DateMention, pub: datetime.date | None) -> ResolvedDate | None:
    if m.month is None or m.day is None or m.month2 is None or m.day2 is None:
        return None
    wraps = (m.month, m.day) > (m.month2, m.day2)
    year2 = m.year2 if m.year2 is not None else (m.year + wraps if m.year is not None else None)
    if year2 is not None:
        year1 = m.year if m.year is not None else year2 - wraps
        start, end = _make(year1, m.month, m.day), _make(year2, m.month2, m.day2)
    elif pub is not None:
        start = _recent_month_day(pub, m.month, m.day)
        end = _make(start.year + wraps, m.month2, m.day2) if start else None
        if end is not None:
            end = min(end, pub)  # an ongoing range stops at publication
    else:
        return None
    if start is None or end is None or end < start:
        return None
    return ResolvedDate(start, _range_precision(start, end), end)


def _resolve_month(m: DateMention, pub: datetime.date | None) -> ResolvedDate | None:
    if m.month is None:
        return None
    if m.year is not None:
        return ResolvedDate(datetime.date(m.year, m.month, 1), "month")
    if pub is None:
        return None
    rel = m.modifier.split()[-1] if m.modifier else ""
    if rel == "next" or (rel == "this" and m.month > pub.month):
        return None
    if rel == "last":
        year = pub.year if m.month < pub.month else pub.year - 1
    else:
        year = pub.year if m.month <= pub.month else pub.year - 1
    return ResolvedDate(datetime.date(year, m.month, 1), "month")


def _resolve_weekday(m: DateMention, pub: datetime.date | None) -> ResolvedDate | None:
    if pub is None or m.weekday is None or m.modifier in ("next", "coming"):
        return None
    back = (pub.weekday() - m.weekday) % 7
    if back == 0 and m.modifier in ("last", "past", "previous"):
        back = 7
    return ResolvedDate(pub - back * _ONE_DAY, "day")


def _resolve_relative_day(m: DateMention, pub: datetime.date | None) -> ResolvedDate | None:
    if pub is None or m.offset is None or m.offset > 0 or m.modifier == "later":
        return None
    return ResolvedDate(pub + m.offset * _ONE_DAY, "day")


def _resolve_relative_period(m: DateMention, pub: datetime.date | None) -> ResolvedDate | None:
    if pub is None or m.offset is None or m.offset > 0 or m.modifier == "later":
        return None
    unit, offset = m.unit, m.offset
    if unit == "week":
        if offset == 0:  # this week, earlier this week: Monday of the publication week
            return ResolvedDate(pub - pub.weekday() * _ONE_DAY, "week")
        return ResolvedDate(pub + 7 * offset * _ONE_DAY, "week")
    if unit == "month":
        return ResolvedDate(_month_start(pub, -offset), "month")
    if unit == "weekend":
        saturday = pub - ((pub.weekday() - 5) % 7) * _ONE_DAY
        if offset < 0 and pub.weekday() >= 5:
            saturday -= 7 * _ONE_DAY  # "last weekend" said during a weekend: the one before
        end = min(saturday + _ONE_DAY, pub)
        return ResolvedDate(saturday, _range_precision(saturday, end), end)
    if unit == "hours":
        start = pub + offset * _ONE_DAY
        return ResolvedDate(start, _range_precision(start, pub), pub)
    if unit == "recent_days":
        return ResolvedDate(pub - 3 * _ONE_DAY, "week")
    if unit == "recent_weeks":
        return ResolvedDate(_month_start(pub - 14 * _ONE_DAY, 0), "month")
    return None  # recent_months: too vague to date


def _resolve_none(m: DateMention, pub: datetime.date | None) -> ResolvedDate | None:
    return None


_RESOLVERS: dict[str, Callable[[DateMention, datetime.date | None], ResolvedDate | None]] = {
    "explicit": _resolve_explicit,
    "day_of_month": _resolve_day_of_month,
    "range": _resolve_range,
    "month": _resolve_month,
    "year": _resolve_none,
    "weekday": _resolve_weekday,
    "relative_day": _resolve_relative_day,
    "relative_period": _resolve_relative_period,
}


def resolve_date(mention: DateMention, published: datetime.date | None) -> ResolvedDate | None:
    """The date ``mention`` denotes, read from ``published``; None when it cannot be known.

    Relative expressions and dates without a year need ``published`` (no anchor, no date);
    only a date whose year is written may fall after ``published``. Years alone ("in 2013",
    "last year") and "next ..." always resolve to None.
    """
    if isinstance(published, datetime.datetime):
        published = published.date()
    resolver = _RESOLVERS.get(mention.kind)
    return resolver(mention, published) if resolver is not None else None


# --------------------------------------------------------------------------- pipeline stage


@dataclass(frozen=True, slots=True)
class DocDate:
    """A date phrase of an article with what it resolves to against the publication date."""

    mention: DateMention
    resolved: ResolvedDate | None
    year: int | None
    """The year of a bare year mention ("in 2013"), used to recognise history."""
    header: bool = False
    """The date at the head of the article ("Wed 05 Apr 2017 ...", "Published June 1
    2016"), or of a photo caption run into the text ("August 6 2016 (AFP)"): when it was
    published, scraped or photographed, not when anything happened; events are dated
    against the ``published`` field alone (docs/annotation.md, decision 1)."""
    anchor: bool = False
    """A later date of its sentence counts back from this one ("On Tuesday the monitor
    raised the toll from strikes the previous day"): the day of the telling, not of the
    event."""


_HEADER_LEAD = re.compile(
    r"\W*(?:(?:(?:date\s+of\s+)?publi(?:shed|cation)|(?:last\s+)?updated|posted)"
    r"(?:\s+(?:at|on))?)?\W*",
    re.I,
)
"""What may stand before the date of an article's header: "Published", "Date of publication",
"Posted", "Last updated" (an update stamp at the head anchors the text too: see
``dateline``)."""


_UPDATE_STAMP = re.compile(
    r"(?i)\bupdated(?:\s+(?:at|on))?\W*(?:[0-9]{1,2}:?[0-9]{2}(?:\s*[ap]\.?m\.?)?\W*)?$"
)
"""An update stamp before a date: "(updated 1500 07.10.2017)", "Updated at 10:45 12 May 2016"."""
_CLOCK_BEFORE = re.compile(r"(?<![0-9])(?:[01][0-9]|2[0-3]):?[0-5][0-9]\s*$")
"""A clock time right before a date ("Middle East 0041 06.04.2017"): a page's time stamp."""


def _header_date(text: str, m: DateMention) -> bool:
    """Is ``m`` the date at the head of the article, or of an update or time stamp (see
    ``DocDate.header``)?"""
    return (
        m.kind == "explicit"
        and m.year is not None
        and (
            _HEADER_LEAD.fullmatch(text, 0, m.start) is not None
            or _UPDATE_STAMP.search(text, max(0, m.start - 30), m.start) is not None
            or _CLOCK_BEFORE.search(text, max(0, m.start - 8), m.start) is not None
        )
    )


_CREDIT = re.compile(r"\s*\.?\s*\(\s*[A-Z]")
"""A parenthesised credit after a date: "(AFP)", "(TRT World and Agencies)"."""


def _caption_date(text: str, m: DateMention) -> bool:
    """Is ``m`` the date of a photo caption run into the text ("... in Idlib province Syria
    August 6 2016 (TRT World and Agencies) A suicide bomber ...")? Like a header date it
    says when the picture was taken, not when the story's events happened."""
    return m.kind == "explicit" and m.year is not None and _CREDIT.match(text, m.end) is not None


_HEADLINE_SPAN = 300
"""How far into the text a dateline after the headline may start."""
_BYLINE_BEFORE = re.compile(r"(?:^|\W)(?P<word>[A-Z][\w'’-]*)\W*$")
"""The word right before a date: capitalised for a byline ("AFP Saturday 25 Jun 2016")."""
_PREPOSITION_BEFORE = re.compile(r"(?:^|\W)([A-Za-z]+)\W*$")
_NOT_BYLINE = frozenset(
    "on in at of since from until till by before after between during as and or to for with"
    " than".split()
)
_AGENCY_AFTER = re.compile(
    r"\W*(?:[A-Z][\w'’-]*\s+){0,3}(?:AFP|Reuters|AP|SANA|DPA|dpa|Xinhua|Anadolu|TASS|Sputnik"
    r"|UPI|IRNA|KUNA|NNA|QNA|WAFA|ANSA|EFE|Yonhap|Kyodo)\b"
)
"""An agency after the date ("... Aleppo city 6 October 2016 Aleppo SANA ...")."""


def _full_day(m: DateMention) -> bool:
    return m.kind == "explicit" and m.year is not None and m.day is not None and m.day2 is None


def _after_headline(text: str, m: DateMention) -> bool:
    """Is ``m`` the dateline of a page that starts with its headline ("Strikes kill 47 in
    east Syria Monitor AFP Saturday 25 Jun 2016 Russian and ...")? It is the text's first
    date, near the head, and stands after a capitalised byline word, not a preposition
    ("On 25 June 2016 ..."), or before an agency's name ("... 6 October 2016 Aleppo SANA").
    A photo caption's date ("... Syria August 6 2016 (AFP)") is not the page's."""
    if m.start > _HEADLINE_SPAN or not _full_day(m) or _caption_date(text, m):
        return False
    before = _PREPOSITION_BEFORE.search(text, max(0, m.start - 12), m.start)
    if before is not None and before[1].lower() in _NOT_BYLINE:
        return False  # "... in Aleppo province on February 10, 2020. AFP": a caption
    byline = _BYLINE_BEFORE.search(text, max(0, m.start - 40), m.start)
    return byline is not None or _AGENCY_AFTER.match(text, m.end) is not None


def dateline(text: str, mentions: list[DateMention]) -> datetime.date | None:
    """The article's dateline: a full date with a year at the very head of the text, alone
    or after "Published", "Date of publication" or "Posted" ("10 Sep 2016 Jet strikes ...",
    "Published June 1 2016 ..."), or right after the headline (``_after_headline``). It is
    what the outlet printed, so it anchors relative dates before the ``published`` field
    given with the text (docs/dates.md). So is an update stamp at the head ("Last updated
    at Apr 05 2017"): FA-KES's pages with one tell its day or the day before, whatever
    their ``published`` field says (decision 9.1 in docs/annotation.md)."""
    if not mentions:
        return None
    m = mentions[0]
    if not _full_day(m):
        return None
    resolved = resolve_date(m, None)
    if resolved is None or resolved.precision != "day":
        return None
    if _HEADER_LEAD.fullmatch(text, 0, m.start) is None:
        return resolved.date if _after_headline(text, m) else None
    return resolved.date


def find_doc_dates(doc: Document) -> None:
    """Pipeline stage: fill ``doc.dates`` from the normalised text, resolved against the
    article's dateline when it has one (``doc.dateline``), else the ``published`` field."""
    mentions = find_dates(doc.text)
    doc.dateline = dateline(doc.text, mentions)
    if doc.dateline is not None:
        doc.published = doc.dateline
    for m in mentions:
        year = m.year if m.kind == "year" else None
        if m.kind == "year" and m.offset is not None and doc.published is not None:
            year = doc.published.year + m.offset
        resolved = resolve_date(m, doc.published)
        header = (
            _header_date(doc.text, m)
            or _caption_date(doc.text, m)
            or (m is mentions[0] and doc.dateline is not None and _after_headline(doc.text, m))
        )
        doc.dates.append(DocDate(m, resolved, year, header))
    _count_from_the_sentence(doc)


_DAY_BEFORE = re.compile(r"(?i)\b(?:previous\s+day|day\s+(?:before|earlier|prior))$")


def _count_from_the_sentence(doc: Document) -> None:
    """ "On Tuesday the monitor raised the toll from air strikes the previous day": "the
    previous day" (or "the day before", "a day earlier") counts from the day its sentence
    names before it, or else the day the sentence before names ("Rockets killed three
    people on Friday. Six had been killed the previous day"), not from publication. A day
    of its own sentence it counts from is the day of the telling (``DocDate.anchor``)."""
    sentences = iter(doc.sentences)
    sentence = next(sentences, None)
    index = 0
    anchor: tuple[int, int] | None = None  # (date, sentence)
    for k, x in enumerate(doc.dates):
        while sentence is not None and x.mention.start >= sentence.end:
            sentence, index = next(sentences, None), index + 1
        if anchor is not None and anchor[1] < index - 1:
            anchor = None
        m = x.mention
        if m.kind == "relative_day" and m.offset == -1 and _DAY_BEFORE.search(m.text):
            if anchor is not None:
                a = doc.dates[anchor[0]]
                assert a.resolved is not None
                day = a.resolved.date - datetime.timedelta(days=1)
                doc.dates[k] = DocDate(m, ResolvedDate(day, "day"), x.year, x.header)
                if anchor[1] == index:
                    doc.dates[anchor[0]] = DocDate(a.mention, a.resolved, a.year, a.header, True)
            continue
        r = x.resolved
        if r is not None and r.precision == "day" and r.end is None and not x.header:
            anchor = (k, index)
