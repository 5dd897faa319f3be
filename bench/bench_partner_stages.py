"""Benchmark: partner lifecycle stages — the stage history of every partner and complete month,
cold (one SQL pass plus numpy) and from the result cache; ``stages_at`` from the cache; at scale
1 and 10.

Target (issue 12): stage history ≤ 2 s cold at scale 10, cached afterwards.

``.venv/bin/python bench/bench_partner_stages.py [--scales 1,10] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time

from common import add_scales, ensure_warehouse, machine, summary


def _timed(call) -> float:
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0


def run(scale: float, repeat: int) -> None:
    from crm.partners.stages import stage_history, stages_at
    from data.warehouse import Warehouse
    from olap import engine

    warehouse = Warehouse(ensure_warehouse(scale))
    con = warehouse.cursor()
    con.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()  # warm DuckDB's buffers, as a server has
    cold, warm, at = [], [], []
    for _ in range(repeat):
        engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-stages-"))
        cold.append(_timed(lambda: stage_history(warehouse)))
        warm.append(_timed(lambda: stage_history(warehouse)))
        at.append(_timed(lambda: stages_at(dt.date(2100, 1, 1), warehouse)))
    history = stage_history(warehouse)
    lines = con.execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    partners = history["partner_id"].nunique()
    print(f"scale {scale:g} ({partners} partners × {history['month'].nunique()} months, {lines:,} order lines)")
    print(f"  stage history, cold:    {summary(cold)}")
    print(f"  stage history, cached:  {summary(warm)}")
    print(f"  stages_at, cached:      {summary(at)}")


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
