"""Benchmark: the partner scorecard for all partners with changed weights, at scale 1 and 10.

- first call: the process's very first scorecard (the warehouse opened, DuckDB's buffers empty,
  an empty result cache);
- truly cold: an empty result cache, so the pairs' first days (once per warehouse version) and the
  period's metrics are computed, then scored;
- cold period: a period not asked before (its metrics computed; the pairs of the version cached);
- changed weights: the metrics cached for the period, only the scoring runs (what the page does on
  every edit of a weight);
- page, cold: the page's two calls (the scorecard, then eight quarters of tier changes) on a fresh cache.

Target (issue 12): scorecard for all partners with changed weights ≤ 300 ms cold at scale 10.

``.venv/bin/python bench/bench_partner_scorecard.py [--scales 1,10] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time

from common import add_scales, ensure_warehouse, machine, summary


def _timed(call, *args) -> float:
    t0 = time.perf_counter()
    call(*args)
    return time.perf_counter() - t0


def run(scale: float, repeat: int) -> None:
    from crm.partners.scorecard import last_complete_quarter, named_tier_changes, scorecard
    from crm.partners.weights import DEFAULT_WEIGHTS
    from data.warehouse import Warehouse
    from olap import engine

    warehouse = Warehouse(ensure_warehouse(scale))
    engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-partners-"))
    period = last_complete_quarter(warehouse)
    changed = [DEFAULT_WEIGHTS.changed({"loyalty": 10 + i, "revenue": 30 - i}) for i in range(repeat + 1)]
    first = _timed(scorecard, *period, changed[0], warehouse)
    cold, fresh, rescored, page = [], [], [], []
    for i in range(repeat):
        engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-partners-"))
        cold.append(_timed(scorecard, *period, changed[i], warehouse))
        rescored.append(_timed(scorecard, *period, changed[i + 1], warehouse))
        later = period[0] + dt.timedelta(days=i + 1)  # a period not asked yet (a quarter less i + 1 days)
        fresh.append(_timed(scorecard, later, period[1], changed[i], warehouse))
        engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-partners-"))
        page.append(
            _timed(
                lambda w: (scorecard(*period, w, warehouse), named_tier_changes(w, period[1], 8, warehouse)), changed[i]
            )
        )
    con = warehouse.cursor()
    partners = con.execute("SELECT count(*) FROM dim_partner").fetchone()[0]
    lines = con.execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    print(f"scale {scale:g} ({partners} partners, {lines:,} order lines, period {period[0]} – {period[1]})")
    print(f"  first call in the process:        {first * 1000:7.1f} ms")
    print(f"  changed weights, truly cold:      {summary(cold)}")
    print(f"  changed weights, cold period:     {summary(fresh)}")
    print(f"  changed weights, metrics cached:  {summary(rescored)}")
    print(f"  page (with 8 quarters), cold:     {summary(page)}")


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
