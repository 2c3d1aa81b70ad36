"""Tests for sitrep.quantities: number phrases, qualifiers, bounds, false hits, offsets.

Expected values are written from the rules in docs/quantities.md, not from the output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.quantities import VAGUE_VALUES, NumberPhrase, find_numbers, parse_number_phrase

# (text, phrase text, value, qualifier, low, high, vague) -- each text holds exactly one phrase.
ROWS: list[tuple[str, str, int | None, str | None, int | None, int | None, bool]] = [
    # --- plain figures: value = low = high, no qualifier
    ("Militants killed 60 soldiers.", "60", 60, None, 60, 60, False),
    ("Some 1,200 people fled.", "Some 1,200", 1200, "some", None, None, False),
    ("Shelling destroyed 2,500 homes.", "2,500", 2500, None, 2500, 2500, False),
    ("The strike killed six people.", "six", 6, None, 6, 6, False),
    ("Twenty-three civilians died.", "Twenty-three", 23, None, 23, 23, False),
    ("The raid killed twenty three civilians.", "twenty three", 23, None, 23, 23, False),
    ("They found one hundred and five bodies.", "one hundred and five", 105, None, 105, 105, False),
    ("A hundred people gathered.", "A hundred", 100, None, 100, 100, False),
    ("Rebels seized a dozen soldiers.", "a dozen", 12, None, 12, 12, False),
    ("Gunmen abducted two dozen workers.", "two dozen", 24, None, 24, 24, False),
    ("Half a dozen shells fell.", "Half a dozen", 6, None, 6, 6, False),
    ("A thousand protesters marched.", "A thousand", 1000, None, 1000, 1000, False),
    (
        "The war displaced 1.5 million refugees.",
        "1.5 million",
        1_500_000,
        None,
        1_500_000,
        1_500_000,
        False,
    ),
    ("One soldier was killed.", "One", 1, None, 1, 1, False),
    (
        "Two thousand five hundred troops arrived.",
        "Two thousand five hundred",
        2500,
        None,
        2500,
        2500,
        False,
    ),
    ("Officials counted 1 000 civilians.", "1 000", 1000, None, 1000, 1000, False),
    ("The conflict has cost 300000 lives.", "300000", 300_000, None, 300_000, 300_000, False),
    ("Snipers killed 2 people.", "2", 2, None, 2, 2, False),
    # --- lower-bound qualifiers: low = the figure, high open
    ("At least 90 people were killed.", "At least 90", 90, "at least", 90, None, False),
    ("at least some 40 people died", "at least some 40", 40, "at least", 40, None, False),
    ("No fewer than 15 were wounded.", "No fewer than 15", 15, "at least", 15, None, False),
    ("It killed more than 60 soldiers.", "more than 60", 60, "more than", 60, None, False),
    ("Over 130 people died.", "Over 130", 130, "more than", 130, None, False),
    ("upwards of 200 families fled", "upwards of 200", 200, "more than", 200, None, False),
    ("in excess of 300 deaths", "in excess of 300", 300, "more than", 300, None, False),
    ("well over 100 casualties", "well over 100", 100, "more than", 100, None, False),
    ("10 or more people died", "10 or more", 10, "at least", 10, None, False),
    ("20+ people died", "20+", 20, "at least", 20, None, False),
    ("40-odd fighters surrendered", "40-odd", 40, "more than", 40, None, False),
    ("more than a dozen soldiers", "more than a dozen", 12, "more than", 12, None, False),
    ("at least one person died", "at least one", 1, "at least", 1, None, False),
    ("more than 2000 people", "more than 2000", 2000, "more than", 2000, None, False),
    # --- upper-bound qualifiers: low open, high = the figure
    ("Up to 30 people died.", "Up to 30", 30, "up to", None, 30, False),
    ("as many as 30 people died", "as many as 30", 30, "up to", None, 30, False),
    ("at most 5 were hurt", "at most 5", 5, "at most", None, 5, False),
    ("no more than 5 were hurt", "no more than 5", 5, "at most", None, 5, False),
    ("fewer than 10 people died", "fewer than 10", 10, "fewer than", None, 10, False),
    ("less than 10 people died", "less than 10", 10, "fewer than", None, 10, False),
    ("nearly 20 people died", "nearly 20", 20, "nearly", None, 20, False),
    ("close to 50 people died", "close to 50", 50, "nearly", None, 50, False),
    ("almost 300 people died", "almost 300", 300, "almost", None, 300, False),
    ("nearly a hundred people died", "nearly a hundred", 100, "nearly", None, 100, False),
    # --- approximations: the figure, no bound either way
    ("about 20 people died", "about 20", 20, "about", None, None, False),
    ("around 200 soldiers", "around 200", 200, "about", None, None, False),
    ("approximately 70 people", "approximately 70", 70, "about", None, None, False),
    ("roughly 15 people", "roughly 15", 15, "about", None, None, False),
    ("some 160 mostly civilians", "some 160", 160, "some", None, None, False),
    ("an estimated 900 fighters", "an estimated 900", 900, "an estimated", None, None, False),
    ("a dozen or so people", "a dozen or so", 12, "about", None, None, False),
    # --- increments: the added figure, exact
    ("another 5 people died", "another 5", 5, "another", 5, 5, False),
    ("a further 12 were hurt", "a further 12", 12, "another", 12, 12, False),
    ("an additional 3 bodies", "an additional 3", 3, "another", 3, 3, False),
    ("killing five more civilians", "five more", 5, "another", 5, 5, False),
    # --- ranges: value = low end, low..high
    ("between 10 and 15 people", "between 10 and 15", 10, "between", 10, 15, False),
    ("10 to 15 people died", "10 to 15", 10, "between", 10, 15, False),
    ("10-15 people died", "10-15", 10, "between", 10, 15, False),
    ("10–15 people died", "10–15", 10, "between", 10, 15, False),
    ("two or three people died", "two or three", 2, "between", 2, 3, False),
    ("from 10 to 15 people", "from 10 to 15", 10, "between", 10, 15, False),
    ("one or two shells hit", "one or two", 1, "between", 1, 2, False),
    ("10 to 15 thousand people", "10 to 15 thousand", 10_000, "between", 10_000, 15_000, False),
    ("two to three hundred people", "two to three hundred", 200, "between", 200, 300, False),
    (
        "between 2,000 and 3,000 people",
        "between 2,000 and 3,000",
        2000,
        "between",
        2000,
        3000,
        False,
    ),
    # --- vague amounts (ACLED: tens 10, dozens 12, hundreds 100), low = figure, high open
    ("tens of people were hurt", "tens of", 10, "tens", 10, None, True),
    ("dozens of civilians died", "dozens of", 12, "dozens", 12, None, True),
    ("Dozens were killed.", "Dozens", 12, "dozens", 12, None, True),
    ("hundreds of people fled", "hundreds of", 100, "hundreds", 100, None, True),
    ("thousands fled the city", "thousands", 1000, "thousands", 1000, None, True),
    ("tens of thousands of people", "tens of thousands of", 10_000, "tens", 10_000, None, True),
    (
        "hundreds of thousands fled",
        "hundreds of thousands",
        100_000,
        "hundreds",
        100_000,
        None,
        True,
    ),
    ("scores of civilians died", "scores of", 20, "scores", 20, None, True),
    ("Killed Scores Injured in Aleppo", "Scores", 20, "scores", 20, None, True),
    ("several people died", "several", 3, "several", 3, None, True),
    ("a few soldiers died", "a few", 3, "a few", 3, None, True),
    ("a handful of fighters", "a handful of", 3, "a handful", 3, None, True),
    ("a number of people died", "a number of", 3, "a number of", 3, None, True),
    ("a couple of people died", "a couple of", 2, "a couple", 2, None, True),
    ("several hundred people", "several hundred", 300, "several", 300, None, True),
    ("a few dozen people", "a few dozen", 36, "a few", 36, None, True),
    ("many thousands fled", "many thousands", 1000, "thousands", 1000, None, True),
    ("millions more were displaced", "millions more", 1_000_000, "millions", 1_000_000, None, True),
    ("at least dozens of people", "at least dozens of", 12, "dozens", 12, None, True),
    ("up to hundreds of people", "up to hundreds of", 100, "hundreds", None, None, True),
    # --- no figure at all: value None, no bounds
    ("many civilians died", "many", None, "many", None, None, True),
    ("numerous soldiers died", "numerous", None, "many", None, None, True),
    ("a large number of people", "a large number of", None, "many", None, None, True),
    ("an unknown number of people", "an unknown number of", None, "unknown", None, None, True),
]


@pytest.mark.parametrize(("text", "phrase", "value", "qualifier", "low", "high", "vague"), ROWS)
def test_phrase(
    text: str,
    phrase: str,
    value: int | None,
    qualifier: str | None,
    low: int | None,
    high: int | None,
    vague: bool,
) -> None:
    found = find_numbers(text)
    assert len(found) == 1, found
    p = found[0]
    assert (p.text, p.value, p.qualifier, p.low, p.high, p.vague) == (
        phrase,
        value,
        qualifier,
        low,
        high,
        vague,
    )
    assert p.start == text.index(phrase)
    assert p.end == p.start + len(phrase)
    assert text[p.start : p.end] == p.text


def test_enough_rows() -> None:
    assert len(ROWS) >= 60


# Texts that hold no quantity at all.
FALSE_HITS = [
    # years
    "The war began in 2011.",
    "The war began in March 2011.",
    "It has been under siege since 2013.",
    "the 2016 elections were postponed",
    "between 2011 and 2015 the city changed hands",
    "the 2011-12 season",
    # dates
    "on September 12 the convoy left",
    "on 12 September the convoy left",
    "on Sept. 12 the convoy left",
    "published 12/09/2016",
    "published 2016-09-12",
    "updated 15.04.2017",
    "Wed 05 Apr 2017",
    "between 12-15 September",
    # times
    "at 10:30 the shelling began",
    "at 9 a.m. the shelling began",
    "at 9am the shelling began",
    "at 1900 GMT the shelling began",
    "until 7 pm",
    # ages
    "a 12-year-old boy was shot",
    "a boy aged 7 was shot",
    "Ahmed, 24, said he saw it",
    "children under the age of 18",
    "he is 7 years old",
    # percentages, money
    "turnout was 30%",
    "turnout was 30 percent",
    "turnout was 30 per cent",
    "a $5 million grant",
    "a £3 fee",
    "worth 5 million dollars",
    # measurements
    "20 km north of Aleppo",
    "5 miles away",
    "3 kilometres away",
    "155mm shells",
    "a 20-km stretch",
    "500 metres from the border",
    "delivered 5 tonnes of aid",
    "driving at 80 km/h",
    # weapon models and labels
    "F-16s and A-10s struck",
    "Su-24 jets",
    "MiG-29 fighters",
    "F 16 jets",
    "Resolution 2254 was adopted",
    "under resolution 2118",
    "Article 5 of the treaty",
    "No. 10 Downing Street",
    "Route 4 was closed",
    "Air Force One landed",
    "COVID-19 spread",
    # ordinals
    "the first attack",
    "the 2nd brigade",
    "the twenty-first century",
    # durations, frequencies
    "for two days",
    "two years ago",
    "three times in a row",
    "for several days",
    "dozens of times",
    "hundreds of kilometres",
    # compound adjectives
    "a two-day truce",
    "a three-member delegation",
    # pronoun "one", "a", "many", "scores"
    "no one was hurt",
    "No one claimed responsibility",
    "one of the soldiers was hurt",
    "they blamed one another",
    "the one who fired",
    "they left one by one",
    "one can see the smoke",
    "a soldier was killed",
    "how many people",
    "so many questions",
    "settling scores",
    "test scores rose",
    # phone and ID numbers, scores, fractions, decimals
    "call +963 11 2345678 now",
    "case 123456789",
    "a 3-1 win",
    "open 24/7",
    "a 2.5 magnitude tremor",
    "the 1990s",
]


@pytest.mark.parametrize("text", FALSE_HITS)
def test_no_false_hit(text: str) -> None:
    assert find_numbers(text) == []


RUSSIAN = (
    "The Russian Defence Ministry said U.S. jets had killed more than 60 Syrian soldiers in "
    "four air strikes by two F-16s and two A-10s"
)


def test_real_sentence() -> None:
    found = find_numbers(RUSSIAN)
    # "four air strikes" and "two F-16s" are counts of things: returned, the caller decides.
    assert [p.text for p in found] == ["more than 60", "four", "two", "two"]
    first = found[0]
    assert first.start == RUSSIAN.index("more than 60")
    assert (first.value, first.qualifier, first.low, first.high) == (60, "more than", 60, None)
    assert found[1].start == RUSSIAN.index("four")
    for p in found:
        assert RUSSIAN[p.start : p.end] == p.text
    # the F-16 / A-10 model numbers never appear
    assert all(p.value not in (16, 10) for p in found)


def test_offsets_with_start() -> None:
    prefix = "Earlier, 7 people were hurt. "
    text = prefix + RUSSIAN
    found = find_numbers(text, start=len(prefix))
    assert [p.text for p in found] == ["more than 60", "four", "two", "two"]
    assert found[0].start == text.index("more than 60")
    for p in found:
        assert text[p.start : p.end] == p.text
    # the whole text also finds the "7" before the window
    assert find_numbers(text)[0].text == "7"


def test_window_end() -> None:
    text = "At least 12 died. Up to 30 were hurt."
    found = find_numbers(text, 0, text.index("Up"))
    assert [p.text for p in found] == ["At least 12"]
    found = find_numbers(text, text.index("Up"))
    assert [(p.text, p.start) for p in found] == [("Up to 30", text.index("Up"))]


def test_window_equals_shifted_substring() -> None:
    text = (
        "Fighting on 12 September killed at least 20 people, including 13 civilians, and "
        "wounded dozens of others; another 5 died in 2016 clashes near Resolution 2254 sites. "
        "Between 10 and 15 rebels surrendered."
    )
    for start in range(0, len(text), 7):
        for end in (len(text), min(len(text), start + 60)):
            window = find_numbers(text, start, end)
            alone = find_numbers(text[start:end])
            assert [(p.start - start, p.end - start, p.text, p.value) for p in window] == [
                (p.start, p.end, p.text, p.value) for p in alone
            ]
            for p in window:
                assert start <= p.start < p.end <= end
                assert text[p.start : p.end] == p.text


def test_window_excludes_qualifier_outside() -> None:
    text = "killed more than 60 people"
    found = find_numbers(text, text.index("60"))
    assert [(p.text, p.qualifier) for p in found] == [("60", None)]


def test_several_in_one_sentence() -> None:
    text = "Two people were killed and 13 injured; at least 48 died in a second attack."
    assert [(p.text, p.value, p.low, p.high) for p in find_numbers(text)] == [
        ("Two", 2, 2, 2),
        ("13", 13, 13, 13),
        ("at least 48", 48, 48, None),
    ]


def test_toll_change_is_two_figures() -> None:
    text = "The toll rose from 30 to 45 overnight."
    assert [(p.text, p.qualifier) for p in find_numbers(text)] == [("30", None), ("45", None)]


def test_figure_after_a_dateline_is_no_phone_number() -> None:
    # "Jun 20 2016 23": a day and a year, then a figure, not a phone number
    found = find_numbers("Mon Jun 20 2016 23 soldiers killed in shelling")
    assert [(p.text, p.value) for p in found if p.value != 2016] == [("23", 23)]
    assert find_numbers("call 0161 496 0000 now") == []


def test_year_like_number_as_count() -> None:
    assert [p.value for p in find_numbers("killed 2000 people in Homs")] == [2000]
    assert find_numbers("around 2000, the regime changed") == []


def test_over_as_particle() -> None:
    found = find_numbers("rebels took over 3 villages")
    assert [(p.text, p.qualifier) for p in found] == [("3", None)]


def test_one_as_count() -> None:
    assert [p.value for p in find_numbers("only one person survived")] == [1]


def test_parse_number_phrase() -> None:
    p = parse_number_phrase("more than 60")
    assert p == NumberPhrase(0, 12, "more than 60", 60, "more than", 60, None, False)
    dozens = parse_number_phrase("dozens of")
    assert dozens is not None
    assert (dozens.value, dozens.qualifier, dozens.low, dozens.high, dozens.vague) == (
        12,
        "dozens",
        12,
        None,
        True,
    )
    between = parse_number_phrase("between 10 and 15")
    assert between is not None
    assert (between.value, between.low, between.high) == (10, 10, 15)
    plain = parse_number_phrase("60")
    assert plain is not None
    assert (plain.value, plain.low, plain.high) == (60, 60, 60)
    assert parse_number_phrase("killed 60") is None
    assert parse_number_phrase("") is None
    assert parse_number_phrase("first") is None
    assert parse_number_phrase("2016") is None  # a bare year-like number is read as a year


def test_docs_list_every_vague_word() -> None:
    doc = Path(__file__).resolve().parent.parent / "docs" / "quantities.md"
    text = doc.read_text(encoding="utf-8")
    for word in VAGUE_VALUES:
        assert f"`{word}`" in text, word


def test_phrase_is_frozen() -> None:
    p = find_numbers("60 died")[0]
    with pytest.raises(AttributeError):
        p.value = 61  # type: ignore[misc]


def test_non_ascii_lowercase_length_change() -> None:
    # "İ" lower-cases to two characters; offsets must still point into the original text.
    text = "İdlib: at least 12 died"
    found = find_numbers(text)
    assert [p.text for p in found] == ["at least 12"]
    assert text[found[0].start : found[0].end] == "at least 12"
