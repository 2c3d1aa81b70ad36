"""Load benchmark of the events endpoint: requests/s and latency with 100k events stored.

Builds a synthetic DuckDB store (``--events`` events over 3 years, 20 countries, ACLED's
types, one article per 10 events), starts ``sitrep serve`` on 127.0.0.1 in its own process
and drives ``GET /api/events`` from ``--concurrency`` keep-alive client threads for
``--duration`` seconds (loopback only; bounded in time). The query mix: first page, a
country filter, a type filter, a date range, a bounding box, and the second page by cursor.

    python benchmarks/api_load.py [--events 100000] [--duration 10] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sitrep.store import open_store
from sitrep.taxonomy import TAXONOMY

HOST = "127.0.0.1"
COUNTRIES = [
    ("Syria", "SYR", 35.0, 38.0),
    ("Iraq", "IRQ", 33.0, 44.0),
    ("Nigeria", "NGA", 9.0, 8.0),
    ("Mali", "MLI", 17.0, -4.0),
    ("Yemen", "YEM", 15.5, 48.0),
    ("Somalia", "SOM", 5.0, 46.0),
    ("Afghanistan", "AFG", 34.0, 66.0),
    ("Ukraine", "UKR", 49.0, 32.0),
    ("Sudan", "SDN", 15.0, 30.0),
    ("Colombia", "COL", 4.0, -73.0),
    ("Mexico", "MEX", 23.0, -102.0),
    ("Myanmar", "MMR", 21.0, 96.0),
    ("Ethiopia", "ETH", 9.0, 40.0),
    ("Libya", "LBY", 27.0, 17.0),
    ("Pakistan", "PAK", 30.0, 70.0),
    ("India", "IND", 22.0, 79.0),
    ("Brazil", "BRA", -10.0, -52.0),
    ("Kenya", "KEN", 0.5, 38.0),
    ("Chile", "CHL", -33.0, -71.0),
    ("France", "FRA", 46.0, 2.0),
]


def build_store(path: str, n: int, seed: int = 7) -> None:
    """Bulk-load ``n`` synthetic events (and n/10 articles) into a fresh DuckDB store."""
    rng = random.Random(seed)
    types = [(t, s) for t, subs in TAXONOMY.items() for s in subs]
    articles, events = [], []
    for i in range(max(1, n // 10)):
        day = f"{2016 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        articles.append(
            (f"a{i}", f"h{i}", f"outlet{i % 40}", None, f"Title {i}", day, "text", 10, day)
        )
    for j in range(n):
        country, code, lat, lon = COUNTRIES[j % len(COUNTRIES)]
        etype, sub = types[rng.randrange(len(types))]
        day = f"{2016 + rng.randrange(3)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
        killed = rng.choice([None, None, 1, 2, 5, 12, 40])
        evidence = json.dumps([{"text": f"Synthetic evidence sentence {j}.", "span": [0, 30]}])
        events.append(
            (f"e{j:07d}", f"a{j // 10}", j % 10, etype, sub, day, "day", "on Saturday",
             "Military Forces", code, "state_forces", "Rebels", code, "rebel_group", None,
             f"Town{j % 500}", f"Region{j % 30}", country, code,
             lat + rng.uniform(-2, 2), lon + rng.uniform(-2, 2), None, 1, f"Town{j % 500}",
             killed, killed, killed, None, None, None, 0.8, evidence)
        )  # fmt: skip
    from sitrep.store.rows import ARTICLE_COLUMNS, EVENT_COLUMNS

    with open_store(path) as store, tempfile.TemporaryDirectory() as tmp:
        for table, columns, rows in (
            ("articles", ARTICLE_COLUMNS, articles),
            ("events", EVENT_COLUMNS, events),
        ):
            name = str(Path(tmp) / f"{table}.csv")
            with open(name, "w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows(rows)
            store.backend.execute(
                f"COPY {table} ({', '.join(columns)}) FROM '{name}' (FORMAT csv, HEADER false)"
            )


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


QUERIES = [
    "/api/events?limit=100",
    "/api/events?limit=100&country=NGA",
    "/api/events?limit=100&type=Battles",
    "/api/events?limit=100&since=2017-03-01&until=2017-03-31",
    "/api/events?limit=100&bbox=30,30,40,40",
    "/api/events?limit=100&cursor={cursor}",
]


def run_load(port: int, duration: float, concurrency: int) -> dict[str, float]:
    con = http.client.HTTPConnection(HOST, port, timeout=30)
    con.request("GET", "/api/events?limit=100")
    cursor = json.loads(con.getresponse().read())["next_cursor"]
    con.close()
    paths = [q.format(cursor=cursor) for q in QUERIES]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + duration

    def worker(k: int) -> None:
        c = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        i = k
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            c.request("GET", path)
            r = c.getresponse()
            r.read()
            mine.append(time.perf_counter() - t0)
            if r.status != 200:
                with lock:
                    errors[0] += 1
        c.close()
        with lock:
            latencies.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": q[49] * 1000,
        "p95_ms": q[94] * 1000,
        "p99_ms": q[98] * 1000,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--duration", type=float, default=10.0, help="seconds of load (max 120)")
    ap.add_argument("--concurrency", type=int, default=8, help="client threads (max 64)")
    ap.add_argument("--db", help="reuse this DuckDB store instead of building one")
    args = ap.parse_args()
    duration = min(args.duration, 120.0)
    concurrency = max(1, min(args.concurrency, 64))
    with tempfile.TemporaryDirectory(prefix="sitrep-load-") as tmp:
        db = args.db or str(Path(tmp) / "load.duckdb")
        if not args.db:
            t0 = time.perf_counter()
            build_store(db, args.events)
            print(
                f"built {args.events:,} events in {time.perf_counter() - t0:.1f} s", file=sys.stderr
            )
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "SITREP_API_TOKEN"}
        server = subprocess.Popen(
            [sys.executable, "-m", "sitrep.cli", "serve", "--db", db, "--host", HOST,
             "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection((HOST, port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("server did not start") from None
                    time.sleep(0.2)
            run_load(port, 2.0, concurrency)  # warm-up
            result = run_load(port, duration, concurrency)
        finally:
            server.terminate()
            server.wait(timeout=20)
    result.update(events=args.events, concurrency=concurrency, duration=duration)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
