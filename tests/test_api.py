"""The library API: single articles, batches (one process and a pool), the output shape."""

from __future__ import annotations

import datetime as dt
import json
import pickle

import sitrep
from sitrep.errors import InputError
from sitrep.lexicons import default_lexicons
from sitrep.models import Article

TEXT = (
    "Gunmen killed five villagers in an attack on a village in Nigeria's Zamfara state "
    "on Saturday, police said."
)


def test_extract_returns_the_contract_shape() -> None:
    out = sitrep.extract(TEXT, published="2024-06-30", source="Reuters").to_dict()
    assert set(out) == {"article", "events", "statements"}
    assert set(out["article"]) == {"id", "source", "url", "title", "published"}
    event = out["events"][0]
    assert set(event) == {
        "id",
        "event_type",
        "sub_event_type",
        "date",
        "date_precision",
        "date_text",
        "date_basis",
        "actor1",
        "actor2",
        "assoc_actors",
        "location",
        "fatalities",
        "injured",
        "evidence",
        "confidence",
    }
    assert event["sub_event_type"] == "Attack"
    assert event["date"] == "2024-06-29"
    assert event["fatalities"]["best"] == 5
    assert 0 <= event["confidence"] <= 1
    json.dumps(out)  # serialisable


def test_ids_are_stable_content_hashes() -> None:
    a = sitrep.extract(TEXT).to_dict()
    b = sitrep.extract(TEXT).to_dict()
    assert a["article"]["id"] == b["article"]["id"]
    assert [e["id"] for e in a["events"]] == [e["id"] for e in b["events"]]
    assert sitrep.extract(TEXT + " ").to_dict()["article"]["id"] != a["article"]["id"]


def test_datetime_published_is_an_anchor() -> None:
    out = sitrep.extract(TEXT, published=dt.datetime(2024, 6, 30, 9, 0))
    assert out.events[0].date == "2024-06-29"


def _articles() -> list[Article | InputError]:
    return [
        Article(text=TEXT, id="a", published=dt.date(2024, 6, 30)),
        InputError("bad.jsonl:2", "malformed JSON"),
        Article(text="Protesters marched peacefully through Nairobi on Monday.", id="b"),
        Article(text="Nothing happened today in the quiet town.", id="c"),
    ]


def test_batch_keeps_order_and_passes_errors_through() -> None:
    out = list(sitrep.extract_batch(_articles()))
    assert isinstance(out[1], InputError)
    assert [r.article.id for r in out if not isinstance(r, Exception)] == ["a", "b", "c"]


def test_process_pool_gives_the_same_results() -> None:
    one = list(sitrep.extract_batch(_articles()))
    two = list(sitrep.extract_batch(_articles(), workers=2, chunksize=1))
    assert [r.to_dict() for r in one if not isinstance(r, Exception)] == [
        r.to_dict() for r in two if not isinstance(r, Exception)
    ]


def test_lexicons_and_results_pickle() -> None:
    pickle.loads(pickle.dumps(default_lexicons()))
    result = sitrep.extract(TEXT)
    assert pickle.loads(pickle.dumps(result)) == result


def test_lead_event_is_what_the_article_leads_with() -> None:
    text = (
        "Regime artillery shelled the town of Douma on Thursday, killing four civilians. "
        "On Wednesday government forces killed more than 300 civilians in a chemical attack "
        "on the town of Zamalka, the opposition said."
    )
    result = sitrep.extract(text, published="2013-08-23")
    kinds = [e.sub_event_type for e in result.events]
    assert kinds == ["Shelling/artillery/missile attack", "Chemical weapon"]
    most_confident = max(result.events, key=lambda e: e.confidence)
    assert most_confident.sub_event_type == "Chemical weapon"  # better documented ...
    assert result.lead_event is result.events[0]  # ... but the shelling is the story
    assert sitrep.extract("Nothing happened here.").lead_event is None
