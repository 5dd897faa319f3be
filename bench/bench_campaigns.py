"""Benchmark: campaign results — every campaign cold (one SQL pass) and from the result cache, one
campaign cold (the page's detail: its result and its sub-groups by country), at scale 1 and 10.

Targets (issue 11): all cold ≤ 1 s at scale 10, cached ≤ 50 ms, one campaign ≤ 300 ms.

``.venv/bin/python bench/bench_campaigns.py [--scales 1,10] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import tempfile
import time

from common import add_scales, ensure_warehouse, machine, summary


def _timed(call) -> float:
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0


def run(scale: float, repeat: int) -> None:
    from crm.campaigns.results import cached_results, campaign_breakdown, campaign_results
    from data.warehouse import Warehouse
    from olap import engine

    warehouse = Warehouse(ensure_warehouse(scale))
    con = warehouse.cursor()
    campaigns = campaign_results(con)  # warm DuckDB's own buffers once, as a running server has
    largest = max(campaigns, key=lambda r: r.target)
    cold, warm, one = [], [], []
    for _ in range(repeat):
        engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-campaigns-"))
        cold.append(_timed(lambda: cached_results(warehouse=warehouse)))
        warm.append(_timed(lambda: cached_results(warehouse=warehouse)))
        one.append(_timed(lambda: (campaign_results(con, largest.campaign_id),
                                   campaign_breakdown(con, largest.campaign_id, "country"))))  # fmt: skip
    contacts = con.execute("SELECT count(*) FROM fact_campaign_contact").fetchone()[0]
    lines = con.execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    print(f"scale {scale:g} ({len(campaigns)} campaigns, {contacts:,} contacts, {lines:,} order lines)")
    print(f"  all campaigns, cold:    {summary(cold)}")
    print(f"  all campaigns, cached:  {summary(warm)}")
    print(f"  one campaign + groups:  {summary(one)}   ({largest.name}, {largest.target:,} targeted)")


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
