"""Benchmark: the partner directory (every partner, one period) and one partner's profile, cold and
from the result cache, at scale 1 and 10.

``.venv/bin/python bench/bench_partner_directory.py [--scales 1,10] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time

from common import add_scales, ensure_warehouse, machine, summary


def run(scale: float, repeat: int) -> None:
    from crm.partners.profile import directory, profile, read_directory
    from data.warehouse import Warehouse
    from olap import engine
    from olap.catalog import catalog
    from olap.period import default_period

    warehouse = Warehouse(ensure_warehouse(scale))
    cat = catalog(warehouse)
    period = default_period(cat.data_end, cat.data_start)
    year = (dt.date(cat.data_end.year, 1, 1), cat.data_end)
    frame = read_directory(warehouse.cursor(), *year)  # warm DuckDB's own buffers once, as a running server has
    largest = int(frame.sort_values("revenue").iloc[-1]["partner_id"])
    steps = {  # in this order: each cached step follows its cold one
        "directory, cold:       ": lambda: directory(period.first_day, period.last_day, warehouse),
        "directory, cached:     ": lambda: directory(period.first_day, period.last_day, warehouse),
        "profile (a year), cold:": lambda: profile(largest, *year, warehouse),
        "profile, cached:       ": lambda: profile(largest, *year, warehouse),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(repeat):
        engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-partners-"))
        for name, call in steps.items():
            started = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - started)
    lines = warehouse.cursor().execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    print(f"scale {scale:g} ({len(frame)} partners, {lines:,} order lines; period {period.token})")
    for name, measured in times.items():
        print(f"  {name} {summary(measured)}")
    print(f"  (profile of partner {largest}, {year[0]} to {year[1]})")


def main() -> None:
    parser = argparse.ArgumentParser()
    add_scales(parser)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        run(scale, args.repeat)


if __name__ == "__main__":
    main()
