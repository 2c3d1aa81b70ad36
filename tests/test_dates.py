"""Tests for sitrep.dates: finding date phrases and resolving them against publication.

Every expected date below was worked out by hand from these anchors:
2016-09-17 was a Saturday, 2016-09-21 a Wednesday, 2017-01-02 a Monday (so 2016-12-31 was a
Saturday), 2016-03-01 a Tuesday (2016 is a leap year: the day before was 2016-02-29).
"""

from __future__ import annotations

import datetime

import pytest

from sitrep.dates import (
    KINDS,
    DateMention,
    ResolvedDate,
    _find_dates_reference,
    find_dates,
    resolve_date,
)

SAT = datetime.date(2016, 9, 17)  # Saturday
WED = datetime.date(2016, 9, 21)  # Wednesday
MON = datetime.date(2017, 1, 2)  # Monday, second day of the year
TUE = datetime.date(2016, 3, 1)  # Tuesday, the day after a leap day
NONE = None

D = datetime.date

# (sentence with exactly one date phrase, expected kind, published, date, precision, end)
ROWS: list[tuple[str, str, datetime.date | None, datetime.date | None, str | None, object]] = [
    # --- weekdays: the latest such day on or before publication
    ("Rebels shelled the town on Saturday.", "weekday", SAT, D(2016, 9, 17), "day", None),
    ("Rebels shelled the town on Friday.", "weekday", SAT, D(2016, 9, 16), "day", None),
    ("Rebels shelled the town on Sunday.", "weekday", SAT, D(2016, 9, 11), "day", None),
    ("Clashes broke out Saturday night.", "weekday", SAT, D(2016, 9, 17), "day", None),
    ("The convoy was hit last Saturday.", "weekday", SAT, D(2016, 9, 10), "day", None),
    ("The convoy was hit last Tuesday.", "weekday", SAT, D(2016, 9, 13), "day", None),
    ("Jets struck on Monday morning.", "weekday", SAT, D(2016, 9, 12), "day", None),
    ("Monday's attack killed four.", "weekday", SAT, D(2016, 9, 12), "day", None),
    ("Police said on Wednesday that two died.", "weekday", WED, D(2016, 9, 21), "day", None),
    ("Police said on Thursday that two died.", "weekday", WED, D(2016, 9, 15), "day", None),
    ("A car bomb exploded Tuesday evening.", "weekday", WED, D(2016, 9, 20), "day", None),
    ("A car bomb exploded last Wednesday.", "weekday", WED, D(2016, 9, 14), "day", None),
    ("Monitors reported it on Saturday.", "weekday", WED, D(2016, 9, 17), "day", None),
    ("Talks resumed this Monday in Geneva.", "weekday", WED, D(2016, 9, 19), "day", None),
    ("Fighting resumed on Friday.", "weekday", MON, D(2016, 12, 30), "day", None),
    ("Fighting resumed on Sunday.", "weekday", MON, D(2017, 1, 1), "day", None),
    ("Fighting resumed last Monday.", "weekday", MON, D(2016, 12, 26), "day", None),
    ("FIGHTING RESUMED ON SATURDAY", "weekday", MON, D(2016, 12, 31), "day", None),
    ("Talks will open next Monday.", "weekday", SAT, None, None, None),
    ("Rebels shelled the town on Saturday.", "weekday", NONE, None, None, None),
    # --- relative days
    ("Two soldiers were killed yesterday.", "relative_day", SAT, D(2016, 9, 16), "day", None),
    ("Yesterday the army advanced.", "relative_day", MON, D(2017, 1, 1), "day", None),
    ("Shelling continued today.", "relative_day", SAT, D(2016, 9, 17), "day", None),
    ("A vote is expected tonight.", "relative_day", SAT, D(2016, 9, 17), "day", None),
    ("Jets struck last night.", "relative_day", MON, D(2017, 1, 1), "day", None),
    ("Jets struck late last night.", "relative_day", WED, D(2016, 9, 20), "day", None),
    ("The town fell overnight.", "relative_day", TUE, D(2016, 2, 29), "day", None),
    ("A blast hit the market this morning.", "relative_day", SAT, D(2016, 9, 17), "day", None),
    ("A blast hit the market this afternoon.", "relative_day", WED, D(2016, 9, 21), "day", None),
    ("Earlier today the army advanced.", "relative_day", MON, D(2017, 1, 2), "day", None),
    ("Shelled the day before, he said.", "relative_day", SAT, D(2016, 9, 16), "day", None),
    ("The previous day, rebels withdrew.", "relative_day", MON, D(2017, 1, 1), "day", None),
    ("It began the day before yesterday.", "relative_day", SAT, D(2016, 9, 15), "day", None),
    ("The attack happened two days ago.", "relative_day", SAT, D(2016, 9, 15), "day", None),
    ("The attack happened three days ago.", "relative_day", TUE, D(2016, 2, 27), "day", None),
    ("Yesterday morning a mortar fell.", "relative_day", WED, D(2016, 9, 20), "day", None),
    ("Talks resume tomorrow.", "relative_day", SAT, None, None, None),
    ("Talks resume later today.", "relative_day", SAT, None, None, None),
    ("Two soldiers were killed yesterday.", "relative_day", NONE, None, None, None),
    # --- relative periods (week: see docs for the representative day; month: the 1st)
    ("Clashes erupted earlier this week.", "relative_period", SAT, D(2016, 9, 12), "week", None),
    ("Clashes erupted this week.", "relative_period", WED, D(2016, 9, 19), "week", None),
    ("Clashes erupted last week.", "relative_period", SAT, D(2016, 9, 10), "week", None),
    ("Clashes erupted last week.", "relative_period", MON, D(2016, 12, 26), "week", None),
    ("The siege began a week ago.", "relative_period", WED, D(2016, 9, 14), "week", None),
    ("The siege began three weeks ago.", "relative_period", SAT, D(2016, 8, 27), "week", None),
    ("The siege began two weeks ago.", "relative_period", MON, D(2016, 12, 19), "week", None),
    ("Aid arrived earlier this month.", "relative_period", SAT, D(2016, 9, 1), "month", None),
    ("Aid arrived this month.", "relative_period", MON, D(2017, 1, 1), "month", None),
    ("Aid arrived last month.", "relative_period", SAT, D(2016, 8, 1), "month", None),
    ("Aid arrived last month.", "relative_period", MON, D(2016, 12, 1), "month", None),
    ("Aid arrived a month ago.", "relative_period", TUE, D(2016, 2, 1), "month", None),
    ("Aid arrived two months ago.", "relative_period", MON, D(2016, 11, 1), "month", None),
    ("He was detained days ago.", "relative_period", SAT, D(2016, 9, 14), "week", None),
    ("He was recently detained.", "relative_period", WED, D(2016, 9, 18), "week", None),
    ("He was detained a few days ago.", "relative_period", MON, D(2016, 12, 30), "week", None),
    ("Fighting escalated in recent days.", "relative_period", SAT, D(2016, 9, 14), "week", None),
    ("Dozens died over the past week.", "relative_period", WED, D(2016, 9, 18), "week", None),
    ("Fighting escalated in recent weeks.", "relative_period", SAT, D(2016, 9, 1), "month", None),
    ("Fighting escalated in recent weeks.", "relative_period", MON, D(2016, 12, 1), "month", None),
    ("Fighting escalated in recent months.", "relative_period", SAT, None, None, None),
    (
        "Raids continued over the weekend.",
        "relative_period",
        MON,
        D(2016, 12, 31),
        "day",
        D(2017, 1, 1),
    ),
    (
        "Raids continued over the weekend.",
        "relative_period",
        WED,
        D(2016, 9, 17),
        "day",
        D(2016, 9, 18),
    ),
    ("Raids hit last weekend.", "relative_period", SAT, D(2016, 9, 10), "day", D(2016, 9, 11)),
    (
        "Nine died in the past 24 hours.",
        "relative_period",
        SAT,
        D(2016, 9, 16),
        "day",
        D(2016, 9, 17),
    ),
    ("Clashes erupted last week.", "relative_period", NONE, None, None, None),
    ("Talks resume later this week.", "relative_period", WED, None, None, None),
    # --- explicit dates
    ("The strike on Sept. 12 killed nine.", "explicit", SAT, D(2016, 9, 12), "day", None),
    ("The strike on September 12 killed nine.", "explicit", SAT, D(2016, 9, 12), "day", None),
    ("The strike on 12 September killed nine.", "explicit", SAT, D(2016, 9, 12), "day", None),
    ("The strike on 12 Sept 2016 killed nine.", "explicit", NONE, D(2016, 9, 12), "day", None),
    ("The strike on Sept. 12, 2016, killed nine.", "explicit", NONE, D(2016, 9, 12), "day", None),
    ("Strike reported 2016-09-12 by monitors.", "explicit", NONE, D(2016, 9, 12), "day", None),
    ("Strike reported 9/12/2016 by monitors.", "explicit", NONE, D(2016, 9, 12), "day", None),
    ("Strike reported 13/9/2016 by monitors.", "explicit", NONE, D(2016, 9, 13), "day", None),
    ("The strike on Sept. 12 killed nine.", "explicit", NONE, None, None, None),
    ("The siege began on December 30.", "explicit", MON, D(2016, 12, 30), "day", None),
    ("The truce began on September 20.", "explicit", SAT, D(2015, 9, 20), "day", None),
    ("Talks open on September 20, 2016.", "explicit", SAT, D(2016, 9, 20), "day", None),
    ("It fell on the 12th of September.", "explicit", SAT, D(2016, 9, 12), "day", None),
    ("Fri 07 Apr 2017 Homs governor speaks", "explicit", NONE, D(2017, 4, 7), "day", None),
    ("The deal was signed on February 29.", "explicit", TUE, D(2016, 2, 29), "day", None),
    ("The deal was signed on February 29.", "explicit", SAT, D(2016, 2, 29), "day", None),
    ("The deal was signed on February 29.", "explicit", MON, D(2016, 2, 29), "day", None),
    ("The deal was signed on September 31.", "explicit", SAT, None, None, None),
    ("Saturday, September 17, 2016: truce", "explicit", NONE, D(2016, 9, 17), "day", None),
    ("The town fell on the 12th.", "day_of_month", SAT, D(2016, 9, 12), "day", None),
    ("The town fell on the 30th.", "day_of_month", MON, D(2016, 12, 30), "day", None),
    ("The town fell on the 31st.", "day_of_month", TUE, D(2016, 1, 31), "day", None),
    ("The town fell on the 12th.", "day_of_month", NONE, None, None, None),
    # --- months
    ("The offensive began in September.", "month", SAT, D(2016, 9, 1), "month", None),
    ("The offensive began in September 2016.", "month", NONE, D(2016, 9, 1), "month", None),
    ("The offensive began last September.", "month", SAT, D(2015, 9, 1), "month", None),
    ("The offensive began last December.", "month", MON, D(2016, 12, 1), "month", None),
    ("The offensive began in December.", "month", MON, D(2016, 12, 1), "month", None),
    ("The offensive began in May.", "month", SAT, D(2016, 5, 1), "month", None),
    ("The offensive began in early May.", "month", SAT, D(2016, 5, 1), "month", None),
    ("The war has raged since March 2011.", "month", NONE, D(2011, 3, 1), "month", None),
    ("The offensive began in mid-March.", "month", MON, D(2016, 3, 1), "month", None),
    ("The offensive began in October.", "month", SAT, D(2015, 10, 1), "month", None),
    ("The offensive began in September.", "month", NONE, None, None, None),
    # --- ranges: day if <= 1 day apart, week if <= 7, else month
    ("Clashes between 1 and 3 May killed 20.", "range", SAT, D(2016, 5, 1), "week", D(2016, 5, 3)),
    ("Clashes from May 1 to 3 killed 20.", "range", SAT, D(2016, 5, 1), "week", D(2016, 5, 3)),
    ("Clashes on 1-3 May killed 20.", "range", SAT, D(2016, 5, 1), "week", D(2016, 5, 3)),
    ("Clashes on May 3-4 killed 20.", "range", SAT, D(2016, 5, 3), "day", D(2016, 5, 4)),
    ("Clashes on 12-13 Sept 2016 ended.", "range", NONE, D(2016, 9, 12), "day", D(2016, 9, 13)),
    (
        "Talks ran from 28 December 2015 to 3 January 2016.",
        "range",
        NONE,
        D(2015, 12, 28),
        "week",
        D(2016, 1, 3),
    ),
    (
        "Talks ran between 28 December and 3 January.",
        "range",
        MON,
        D(2016, 12, 28),
        "week",
        D(2017, 1, 2),
    ),
    (
        "Talks ran from September 1 to 20.",
        "range",
        SAT,
        D(2016, 9, 1),
        "month",
        D(2016, 9, 17),
    ),
    ("Clashes between 1 and 3 May killed 20.", "range", NONE, None, None, None),
    # --- years alone: found, never resolved
    ("The group was founded in 2013.", "year", SAT, None, None, None),
    ("The war has raged since 2011.", "year", SAT, None, None, None),
    ("The rebels used them last year.", "year", SAT, None, None, None),
    ("The rebels used them two years ago.", "year", SAT, None, None, None),
    ("The rebels used them since early 2011.", "year", NONE, None, None, None),
]


@pytest.mark.parametrize(
    ("sentence", "kind", "published", "expected", "precision", "end"),
    ROWS,
    ids=[f"{i}:{row[0][:40]}" for i, row in enumerate(ROWS)],
)
def test_table(
    sentence: str,
    kind: str,
    published: datetime.date | None,
    expected: datetime.date | None,
    precision: str | None,
    end: datetime.date | None,
) -> None:
    mentions = find_dates(sentence)
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert mention.kind == kind
    resolved = resolve_date(mention, published)
    if expected is None:
        assert resolved is None
    else:
        assert resolved == ResolvedDate(expected, precision or "", end)


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 80
    assert {row[1] for row in ROWS} == set(KINDS)


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels may have been hit by the strike.",
        "May be the worst attack yet, he said.",
        "May God protect us, she said.",
        "Thousands joined a march through the city.",
        "Protesters march on the capital.",
        "Rebels March On Damascus",
        "The Sunday Times reported the figure.",
        "The Mail on Sunday reported the figure.",
        "He spoke of Bloody Sunday and the Good Friday Agreement.",
        "Worshippers gather there every Friday.",
        "Markets are closed on Fridays.",
        "Aleppo Today and USA Today reported the blast.",
        "The clinic on the 5th floor was hit.",
        "The 12th Brigade moved north.",
        "Fighters entered Mayadin and Marea.",
        "The plan was agreed with Theresa May and called on May to act.",
        "Security Council Resolution 2254 was adopted by 15 votes.",
        "At least 2,000 people fled and 12 were killed.",
        "A February report said 300 died.",
    ],
)
def test_false_hits(sentence: str) -> None:
    assert find_dates(sentence) == []


def test_possessive_weekday_span() -> None:
    (m,) = find_dates("Monday's attack killed four.")
    assert (m.start, m.end, m.text, m.weekday) == (0, 6, "Monday", 0)


def test_possessive_weekday_without_its_apostrophe() -> None:
    # scraped text drops apostrophes ("Syrias", "countrys"): "Mondays raid" is Monday's
    (m,) = find_dates("Mondays raid on the convoy destroyed 18 trucks.")
    assert (m.text, m.weekday) == ("Mondays", 0)
    (m,) = find_dates("The Tuesdays attack killed five.")
    assert m.weekday == 1
    # ... but a plural is no date
    assert find_dates("The market opens on Mondays.") == []
    assert find_dates("Mondays are quiet in the city.") == []
    assert [m.text for m in find_dates("It opens Mondays and Thursdays only.")] == []


def test_mention_fields() -> None:
    (m,) = find_dates("Saturday, September 17, 2016: the truce holds")
    assert (m.year, m.month, m.day, m.weekday) == (2016, 9, 17, 5)
    (m,) = find_dates("It has raged since early 2011.")
    assert (m.kind, m.year, m.modifier, m.text) == ("year", 2011, "since early", "early 2011")
    (m,) = find_dates("It began in late September.")
    assert (m.kind, m.month, m.year, m.modifier) == ("month", 9, None, "in late")
    (m,) = find_dates("Jets struck last Friday night.")
    assert (m.kind, m.weekday, m.modifier, m.part, m.text) == (
        "weekday",
        4,
        "last",
        "night",
        "last Friday night",
    )
    (m,) = find_dates("between 1 and 3 May 2016")
    assert (m.day, m.month, m.year, m.day2, m.month2, m.year2) == (1, 5, None, 3, 5, 2016)


def test_no_anchor_explicit_year_may_be_after_publication() -> None:
    (m,) = find_dates("Talks open on 20 September 2016.")
    assert resolve_date(m, SAT) == ResolvedDate(D(2016, 9, 20), "day")
    (m,) = find_dates("Talks open on 20 September.")
    assert resolve_date(m, SAT) == ResolvedDate(D(2015, 9, 20), "day")


def test_datetime_published_is_treated_as_its_date() -> None:
    (m,) = find_dates("Jets struck yesterday.")
    published = datetime.datetime(2016, 9, 17, 23, 59)
    assert resolve_date(m, published) == ResolvedDate(D(2016, 9, 16), "day")


def test_unknown_kind_resolves_to_none() -> None:
    assert resolve_date(DateMention(0, 1, "x", "nonsense"), SAT) is None


def test_offsets_relative_to_full_text() -> None:
    text = "Yesterday rebels fled. On Saturday jets struck. Aid came last week."
    first_end = text.index("On")
    second_end = text.index("Aid")
    mentions = find_dates(text, first_end, second_end)
    assert [(m.start, m.end, m.text) for m in mentions] == [(26, 34, "Saturday")]
    assert text[26:34] == "Saturday"
    all_mentions = find_dates(text)
    assert [m.text for m in all_mentions] == ["Yesterday", "Saturday", "last week"]
    for m in all_mentions:
        assert text[m.start : m.end] == m.text


def test_window_sees_left_context_but_never_crosses_end() -> None:
    text = "The town fell on the 12th. Clashes between 1 and 3 May."
    start = text.index("the 12th")
    (m,) = find_dates(text, start, text.index("."))
    assert (m.kind, m.text, m.start) == ("day_of_month", "the 12th", start)
    cut = text.index(" May")
    assert all(m.end <= cut for m in find_dates(text, 0, cut))
    assert [m.kind for m in find_dates(text, 0, cut)] == ["day_of_month"]


def test_empty_and_out_of_range_windows() -> None:
    assert find_dates("") == []
    assert find_dates("on Saturday", 5, 5) == []
    assert find_dates("on Saturday", 0, 1000)[0].text == "Saturday"


def test_anchor_scan_matches_plain_regex_scan() -> None:
    """The fast anchor-driven scan returns exactly what a full finditer scan returns."""
    text = " ".join(row[0] for row in ROWS) + " Omar Marea Novosti Decided 1990s 4th."
    assert find_dates(text) == _find_dates_reference(text)
    for start in range(0, len(text), 97):
        assert find_dates(text, start, start + 300) == _find_dates_reference(
            text, start, start + 300
        )


def test_text_whose_lower_case_is_longer() -> None:
    text = "İstanbul: on Saturday, between 1 and 3 May, yesterday."
    assert [m.text for m in find_dates(text)] == ["Saturday", "between 1 and 3 May", "yesterday"]
    assert find_dates(text) == _find_dates_reference(text)


def test_the_dateline_anchors_relative_dates_before_the_published_field() -> None:
    """The date at the head of an article is what the outlet printed: relative dates are
    read from it even where the ``published`` field given with the text disagrees
    (docs/annotation.md, decision 9.1); it dates no event itself."""
    import sitrep

    text = (
        "Published 9 March 2016 A car bomb killed six people in the Syrian city of Homs "
        "on Monday, state media said."
    )
    events = sitrep.extract(text, published="2016-03-01").events
    assert events and events[0].date == "2016-03-07" and events[0].date_precision == "day"
    text = "Wed 09 Mar 2016 Air strikes killed 12 people in the Syrian city of Hama."
    events = sitrep.extract(text, published="2016-03-01").events
    assert events and events[0].date == "2016-03-09" and events[0].date_precision == "week"


def test_a_dateline_dates_an_article_without_a_published_field() -> None:
    import sitrep

    text = "14 August 2016 A bomb killed 15 people at a camp near Atmeh in Idlib on Sunday."
    events = sitrep.extract(text).events
    assert events and events[0].date == "2016-08-14" and events[0].date_precision == "day"


def test_an_update_stamp_anchors_the_text_before_an_earlier_field() -> None:
    """ "Updated 20 March 2016" is what the outlet printed: its "Monday" is the 14th, not
    the Monday before a ``published`` field of 9 March (decision 9.1, revised 2026-11-25:
    FA-KES's Jordan Times pages tell the day of their stamp or the day before, and their
    field is days to weeks off either way)."""
    import sitrep

    text = "Updated 20 March 2016 A car bomb killed six people in Homs on Monday."
    events = sitrep.extract(text, published="2016-03-09").events
    assert events and events[0].date == "2016-03-14"


def test_only_a_full_date_at_the_head_is_a_dateline() -> None:
    from sitrep.dates import dateline

    def head(text: str) -> datetime.date | None:
        return dateline(text, find_dates(text))

    assert head("Date of publication 17 October 2016 Jets struck") == datetime.date(2016, 10, 17)
    assert head("Sat 04 Oct 2014 at 1514 Regional NNA") == datetime.date(2014, 10, 4)
    assert head("A car bomb killed six people in Homs on 9 March 2016.") is None
    assert head("Posted on July 2 Jets struck") is None  # no year
    assert head("March 2016 Jets struck Homs") is None  # no day


def test_an_undated_event_is_not_dated_by_an_old_date_elsewhere() -> None:
    """With no date of its own, an event is of the publication week, not of a photo
    caption's or a background paragraph's date three weeks earlier."""
    import sitrep

    text = (
        "Air strikes killed 12 people in the Syrian city of Hama, a monitor said. "
        "Rebels had taken the nearby town of Souran on February 8."
    )
    events = sitrep.extract(text, published="2016-03-01").events
    assert events and events[0].date == "2016-03-01" and events[0].date_precision == "week"


def test_a_photo_captions_date_dates_no_event() -> None:
    """A caption run into the text ("... Syria August 6 2016 (AFP) A suicide bomber ...")
    dates the picture, not the event."""
    import sitrep

    text = (
        "Rescue workers search the rubble of a hospital in Idlib province Syria February "
        "20 2016 (AFP) A suicide bomber killed 12 people at a checkpoint near the Turkish "
        "border in Idlib province, a monitor said."
    )
    events = sitrep.extract(text, published="2016-03-01").events
    assert events and all(e.date == "2016-03-01" for e in events)


def test_the_previous_day_counts_from_the_day_its_sentence_names() -> None:
    import sitrep

    text = (
        "A monitor on Tuesday raised the death toll from air strikes on a market in the "
        "Syrian town of Saraqib the previous day to 43."
    )
    events = sitrep.extract(text, published="2016-03-04").events
    assert events and events[0].date == "2016-02-29" and events[0].date_precision == "day"


def test_a_referring_sentences_day_dates_the_event_before_the_report_day() -> None:
    """ "X said on Friday" dates the event only when none of its sentences dates it."""
    import sitrep

    text = (
        "Air strikes killed at least 11 civilians near the Syrian town of Saraqib, the "
        "monitor said on Friday. Two children were among those killed overnight, it said."
    )
    events = sitrep.extract(text, published="2016-03-04").events
    assert events and events[0].date == "2016-03-03"


def test_an_undated_event_takes_no_date_from_below_the_lead() -> None:
    """The story's date comes from its lead; a date further down tells of another
    happening ("over the last 15 days")."""
    import sitrep

    text = (
        "A car bomb killed nine people at a market in the Syrian town of Azaz, a monitor "
        "said. The blast destroyed several shops. Ambulances took the wounded to Turkey. "
        "Fighting in the province has killed 200 people over the last five days."
    )
    events = sitrep.extract(text, published="2016-03-04").events
    assert events and events[0].date == "2016-03-04" and events[0].date_precision == "week"


def test_the_previous_day_counts_from_the_day_of_the_sentence_before() -> None:
    from sitrep.dates import find_doc_dates
    from sitrep.document import Document
    from sitrep.models import Article
    from sitrep.normalize import normalize
    from sitrep.tokens import tokenize

    text = (
        "Rockets killed three people in the city on Friday, officials said. Five had been "
        "killed the previous day. Shelling went on the day before, residents said."
    )
    norm = normalize(text)
    sentences, tokens = tokenize(norm.text)
    doc = Document(
        article=Article(text=text),
        article_id="x",
        norm=norm,
        published=datetime.date(2016, 3, 7),
        sentences=sentences,
        tokens=tokens,
    )
    find_doc_dates(doc)
    days = {x.mention.text: x.resolved.date for x in doc.dates if x.resolved}
    assert days["Friday"] == datetime.date(2016, 3, 4)
    assert days["the previous day"] == datetime.date(2016, 3, 3)
    # two sentences on, the day is counted from publication again
    assert days["the day before"] == datetime.date(2016, 3, 6)
    assert not any(x.anchor for x in doc.dates)  # Friday is no day of a telling


def test_numeric_dates_with_dots_or_dashes_are_day_first() -> None:
    """Slashes are read US style (M/D/Y); dots and dashes, the European and Middle Eastern
    way of writing a date, day first (D.M.Y, D-M-Y) unless the second field cannot be a
    month."""
    found = [(m.year, m.month, m.day) for m in find_dates("12.05.2016 a, 3-11-2015 b, 4/7/2016")]
    assert found == [(2016, 5, 12), (2015, 11, 3), (2016, 4, 7)]
    assert [(m.month, m.day) for m in find_dates("05-25-2016 x")] == [(5, 25)]
    assert find_dates("a score of 2.1.2 and version 1.2") == []


def test_a_day_run_into_its_year() -> None:
    """ "Mar 072016": the comma between the day and the year was lost in scraping."""
    found = find_dates("Last updated at Mar 072016 Jets struck")
    assert [(m.text, m.year, m.month, m.day) for m in found] == [("Mar 072016", 2016, 3, 7)]
    assert find_dates("Mar 7201 x") == []


def test_a_dateline_after_the_headline() -> None:
    """A page that starts with its headline prints its date after it, usually after the
    agency's byline ("... Monitor AFP Tuesday 8 Mar 2016 ..."); a date after a preposition
    is a date of the story, not the page's."""
    from sitrep.dates import dateline

    def head(text: str) -> datetime.date | None:
        return dateline(text, find_dates(text))

    assert head("Jets kill nine near Hama Monitor AFP Tuesday 8 Mar 2016 Jets struck") == (
        datetime.date(2016, 3, 8)
    )
    assert head("Shells hit Homs market 4 May 2015 Homs SANA Shells fell") == (
        datetime.date(2015, 5, 4)
    )
    assert head("Jets kill nine near Hama Monitor On 8 March 2016 jets struck") is None
    assert head("Jets kill nine near Hama after strikes on 8 March 2016 in the east") is None
    # a photo caption before the credit: "on" makes it the picture's date, not the page's
    assert head("Troops deploy near Hama on March 8, 2016. AFP Troops took the town") is None
    text = "Strikes kill nine in Hama Reuters Tuesday 8 Mar 2016 Jets killed nine on Monday."
    import sitrep

    events = sitrep.extract(text, published="2016-04-20").events
    assert events and events[0].date == "2016-03-07"


def test_an_update_stamp_anchors_whatever_the_field() -> None:
    """A page updated on 9 March 2016 (Wednesday) tells of Monday the 7th, whether the
    ``published`` field is later, missing or earlier."""
    import sitrep

    text = "Last updated at Mar 092016 A car bomb killed six people in Homs on Monday."
    assert sitrep.extract(text, published="2016-03-30").events[0].date == "2016-03-07"
    assert sitrep.extract(text).events[0].date == "2016-03-07"
    assert sitrep.extract(text, published="2016-03-03").events[0].date == "2016-03-07"


def test_an_update_stamp_dates_no_event() -> None:
    """ "(updated 1430 12.03.2016)" says when the page changed, not when anything happened."""
    import sitrep

    text = (
        "12.03.2016(updated 1430 12.03.2016) Air strikes on the Syrian town of Saraqib "
        "killed eight people within the last 24 hours, the monitor said."
    )
    events = sitrep.extract(text).events
    assert events and events[0].date == "2016-03-11"


def test_a_date_after_a_clock_time_is_the_pages_stamp() -> None:
    """ "Middle East 0041 06.04.2016": a time stamp of the page, which dates no event; the
    undated event is of the publication week."""
    import sitrep

    text = (
        "Rebels Shell Town Near Hama Middle East 0041 01.03.2016 Rebel shelling killed four "
        "civilians in the town of Mhardeh in Hama province, state media said."
    )
    events = sitrep.extract(text, published="2016-03-04").events
    assert events and events[0].date == "2016-03-04" and events[0].date_precision == "week"
