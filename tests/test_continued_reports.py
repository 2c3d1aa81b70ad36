"""A report that goes on in the next sentence without a speech verb (attribution/continued)."""

from __future__ import annotations

import datetime as dt

from sitrep.models import Article
from sitrep.pipeline import analyse
from sitrep.statements import build_statements


def _continued(text: str) -> list[tuple[str | None, str]]:
    doc = analyse(Article(text=text, published=dt.date(2021, 3, 10)))
    return [
        (a.speaker, doc.text[a.content[0] : a.content[1]].strip())
        for a in doc.attributions
        if a.continues
    ]


def test_in_another_continues_the_report_and_is_no_statement() -> None:
    text = (
        "The army said 35 insurgents were killed when jets struck a camp near Gwoza. "
        "In another air strike 18 fighters were killed in the Sambisa forest."
    )
    got = _continued(text)
    assert len(got) == 1 and got[0][1].startswith("In another air strike")
    doc = analyse(Article(text=text, published=dt.date(2021, 3, 10)))
    assert not any("Sambisa" in s.text for s in build_statements(doc))


def test_narrator_openers_hearsay_and_reports_without_figures_do_not_continue() -> None:
    assert not _continued(
        "The army said 35 insurgents were killed near Gwoza. "
        "Meanwhile 18 fighters were killed in the Sambisa forest."
    )
    assert not _continued(
        "The army said 35 insurgents were killed near Gwoza. "
        "In another strike 18 fighters were reportedly killed in the Sambisa forest."
    )
    assert not _continued(
        "The army said the jets had struck a camp near Gwoza. "
        "Another 18 fighters were killed in the Sambisa forest."
    )


def test_a_continuation_goes_on_over_several_sentences() -> None:
    got = _continued(
        "The ministry said 40 militants were killed near Mayadin. "
        "In another strike 12 were killed near Hajin. Also 3 vehicles were destroyed there."
    )
    assert len(got) == 2 and got[0][0] is not None and got[0][0] == got[1][0]
