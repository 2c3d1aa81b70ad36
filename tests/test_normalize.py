"""Normalisation mends real-world text while every span still points into the original."""

from __future__ import annotations

import pytest

from sitrep.normalize import GAP, normalize
from sitrep.tokens import split_sentences


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("U. S. jets struck", "U.S. jets struck"),
        ("the U. N. Security Council", "the U.N. Security Council"),
        ("BEIRUT (Reuters) - Air strikes hit", "Air strikes hit"),
        ("(REUTERS)  —   U. S.  coalition", "U.S. coalition"),
        ("WASHINGTON (AP) — The Pentagon said", "The Pentagon said"),
        ("\u201cWe regret it,\u201d he said", '"We regret it," he said'),
        ("Russia\u2019s envoy", "Russia's envoy"),
        ("near Deir   airport", f"near Deir {GAP} airport"),
        ("too   many\t\tspaces  here", f"too {GAP} many spaces here"),
        ("a\u00a0non-breaking space", "a non-breaking space"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("(REUTERS)  —   U. S.  coalition air strikes", "U.S."),
        ("(REUTERS)  —   U. S.  coalition air strikes", "coalition"),
        ("near Deir   airport on Saturday", "airport"),
        ("\u201cThis is a very big question mark. \u201d", "question mark"),
    ],
)
def test_spans_map_back_to_the_original(raw: str, word: str) -> None:
    norm = normalize(raw)
    start = norm.text.index(word)
    a, b = norm.to_original(start, start + len(word))
    original = raw[a:b]
    assert original.replace(" ", "") == word.replace(" ", "")


def test_sentences_keep_closing_quotes_and_abbreviations() -> None:
    text = normalize(
        "\u201cThis is a very big question mark. \u201d \u201cI would be very interested,\u201d "
        "Churkin said. The U.S. Defense Dept. said Gen. Smith left."
    ).text
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        '"This is a very big question mark. "',
        '"I would be very interested," Churkin said.',
        "The U.S. Defense Dept. said Gen. Smith left.",
    ]


def test_a_curly_quote_lost_in_a_wrong_encoding_still_opens_a_sentence() -> None:
    # FA-KES row 584: "... Several sources confirmed. \ufffd\ufffdA majority ..." had run
    # the two sentences into one, so the second one's strike took the first one's place.
    text = (
        "The army lost ten men in the battle several sources confirmed. "
        "\ufffd\ufffdA majority died when jets struck the village a source said. "
        "Syria\ufffd_s army said nothing."
    )
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "The army lost ten men in the battle several sources confirmed.",
        "\ufffd\ufffdA majority died when jets struck the village a source said.",
        "Syria\ufffd_s army said nothing.",
    ]
