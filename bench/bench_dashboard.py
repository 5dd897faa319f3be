"""Executive dashboard: server-side latency of the render callback at several scales.

Runs the same work the callback does (KPIs for three periods and twelve sparkline
months, trend, regions, countries, top lists, figures) on random periods and
filters, against a read-only warehouse, as the web process does.

  python bench/bench_dashboard.py --scales 1,10 --n 60
"""

from __future__ import annotations

import argparse
import random
import time

from common import add_scales, ensure_warehouse, machine, summary

from components.executive_view import render_state
from data.warehouse import Warehouse
from olap.catalog import catalog
from olap.dashboard import DashboardState
from olap.period import period_tokens


def random_queries(valid: dict, n: int, rng: random.Random) -> list[dict]:
    tokens = period_tokens(valid.data_start, valid.data_end)
    regions = sorted(valid.regions)
    countries = sorted(valid.countries)
    queries = []
    for _ in range(n):
        q = {"period": rng.choice(tokens)}
        roll = rng.random()
        if roll < 0.3:
            q["region"] = rng.choice(regions)
        elif roll < 0.5:
            q["country"] = rng.choice(countries)
        if rng.random() < 0.3:
            q["channel"] = rng.choice(["online", "offline"])
        if rng.random() < 0.3:
            q["ctype"] = rng.choice(["B2C", "B2B"])
        queries.append(q)
    return queries


def run(scale: float, n: int) -> None:
    pointer = ensure_warehouse(scale)
    reader = Warehouse(pointer)
    cursor = reader.cursor()
    lines = cursor.execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    valid = catalog(reader)
    rng = random.Random(42)
    queries = random_queries(valid, n, rng)
    render_state(cursor, DashboardState.from_query({}, valid), "en")  # warm-up: first query loads pages
    times = []
    for q in queries:
        started = time.perf_counter()
        render_state(cursor, DashboardState.from_query(q, valid), rng.choice(["en", "ko"]))
        times.append(time.perf_counter() - started)
    default = []
    for _ in range(10):
        started = time.perf_counter()
        render_state(cursor, DashboardState.from_query({}, valid), "en")
        default.append(time.perf_counter() - started)
    print(f"scale {scale:g} ({lines:,} order lines)")
    print(f"  random period/filters : {summary(times)}")
    print(f"  default view          : {summary(default)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_scales(parser)
    parser.add_argument("--n", type=int, default=60)
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        run(scale, args.n)


if __name__ == "__main__":
    main()
