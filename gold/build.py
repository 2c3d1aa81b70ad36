"""Assemble the gold set and measure agreement between annotators.

    python gold/build.py agreement     # first pass vs second pass, per half, as sitrep eval
    python gold/build.py assemble      # gold/final/*.json + articles.jsonl -> gold/gold.jsonl

Agreement is measured before disagreements are settled, with sitrep's own scorer: one
annotator's file as gold, the other's as prediction.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sitrep.evaluation import evaluate, format_table, load_annotations

HERE = Path(__file__).parent
PAIRS = (("set_a.txt", "ann1", "ann3"), ("set_b.txt", "ann2", "ann4"))


def _ids(name: str) -> list[str]:
    return [line.strip() for line in (HERE / name).read_text().splitlines() if line.strip()]


def agreement() -> None:
    for set_name, first, second in PAIRS:
        ids = set(_ids(set_name))
        a = {k: v for k, v in load_annotations(HERE / "annotations" / first).items() if k in ids}
        b = {k: v for k, v in load_annotations(HERE / "annotations" / second).items() if k in ids}
        common = {k: a[k] for k in a if k in b}
        print(f"== {set_name}: {first} (as gold) vs {second}, {len(common)} articles")
        print(format_table(evaluate(common, b)))
        print()


def assemble() -> None:
    articles = {}
    for line in (HERE / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        articles[a["id"]] = a
    final = load_annotations(HERE / "final")
    missing = sorted(set(articles) - set(final))
    if missing:
        sys.exit(f"not yet settled: {', '.join(missing)}")
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as out:
        for ident, art in articles.items():
            doc = final[ident]
            record = {
                "id": ident,
                "row": art["row"],
                "article": {k: art[k] for k in ("id", "source", "title", "published", "text")},
                "events": doc.get("events", []),
                "statements": doc.get("statements", []),
                "annotators": doc.get("annotators", []),
                "notes": doc.get("notes", ""),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(articles)} articles to {HERE / 'gold.jsonl'}")


if __name__ == "__main__":
    {"agreement": agreement, "assemble": assemble}[sys.argv[1]]()
