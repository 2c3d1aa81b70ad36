"""Incident resolution time and memory on synthetic events (10k, 100k, 1M by default).

    python benchmarks/incidents.py [--sizes 10000 100000 1000000] [--years 3]

Events are spread over 20 countries, 3 years, six event types and a 4x4 degree box per
country; 15% have week or month precision (a third of them dated only by their
publication), 10% only a region; day dates rest on their own sentence, another's, a
report or a night in the shares FA-KES shows (:data:`BASIS_WEIGHTS`). Events are generated as they
are consumed and streamed in date order (``presorted``), so memory stays bounded (no list of
all events is held). The time spent generating them is measured apart and subtracted:
"resolution" is the resolver's own time, "total" includes generation (CPU: the process's
CPU time for the total, a check on wall-clock times when the machine is busy).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import time
from collections.abc import Iterable, Iterator

from sitrep.incidents import EventRecord, resolve
from sitrep.taxonomy import TAXONOMY

START = dt.date(2016, 1, 1)
DAYS = 3 * 365
BASES = ["event", "story", "report", "night"]
BASIS_WEIGHTS = [52, 27, 16, 5]
"""What day-precision dates rest on, in about the shares of the FA-KES incident sets."""


def synthetic(n: int, seed: int = 1, days: int = DAYS) -> Iterator[EventRecord]:
    """``n`` events in date order, spread over ``days`` days."""
    rng = random.Random(seed)
    types = [(t, s) for t, subs in TAXONOMY.items() for s in subs]
    per_day = n / days
    made = 0
    for day in range(days):
        date = START + dt.timedelta(days=day)
        count = int((day + 1) * per_day) - int(day * per_day)
        for _ in range(count):
            country = rng.randrange(20)
            t, s = rng.choice(types)
            r = rng.random()
            precision = "month" if r < 0.05 else "week" if r < 0.15 else "day"
            by_publication = 0.10 <= r < 0.15  # nothing in the text dates it
            precise = rng.random() > 0.1
            basis = rng.choices(BASES, BASIS_WEIGHTS)[0] if precision == "day" else None
            yield EventRecord(
                id=f"e{made:08d}",
                article_id=f"a{made // 2:08d}",
                outlet=f"outlet{rng.randrange(50)}",
                event_type=t,
                sub_event_type=s,
                date=date,
                date_precision=precision,
                admin1=f"region{rng.randrange(10)}",
                country_code=f"C{country:02d}",
                latitude=10 + country + rng.random() * 4 if precise else None,
                longitude=20 + rng.random() * 4 if precise else None,
                geo_precision=rng.choice([1, 2]) if precise else 3,
                fatalities=(None, rng.randrange(20), None),
                dated_by_publication=by_publication,
                date_basis="publication" if by_publication else basis,
            )
            made += 1


class Timed:
    """Wraps an iterator and adds up the time spent producing its items."""

    def __init__(self, items: Iterable[EventRecord]) -> None:
        self._items = iter(items)
        self.seconds = 0.0

    def __iter__(self) -> Iterator[EventRecord]:
        items, clock = self._items, time.perf_counter
        while True:
            t0 = clock()
            try:
                e = next(items)
            except StopIteration:
                self.seconds += clock() - t0
                return
            self.seconds += clock() - t0
            yield e


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--years",
        type=float,
        default=3,
        help="period the events are spread over (more years: the same events, less dense)",
    )
    args = parser.parse_args()
    for n in args.sizes:
        stream = Timed(synthetic(n, days=round(args.years * 365)))
        t0, c0 = time.perf_counter(), time.process_time()
        incidents = sum(1 for _ in resolve(stream, presorted=True))
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        seconds = total - stream.seconds
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{n:>9} events -> {incidents:>9} incidents: resolution {seconds:7.2f} s "
            f"({n / seconds:,.0f} events/s), total with generation {total:7.2f} s "
            f"(CPU {cpu:.2f} s); "
            f"peak RSS so far {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
