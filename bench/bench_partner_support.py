"""Benchmark: partner support — the funds summary (one fund per quarter of the data's last year,
allocated to every partner: what each fund went with, in one warehouse query) cold and cached, and
a deal registration's duplicate check, at scale 1 and 10. The operational store is a scratch SQLite
file, so the bench never writes into the instance's store.

``XRM_INSTANCE=/tmp/cmp-inst .venv/bin/python bench/bench_partner_support.py [--scales 1,10] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time

from common import add_scales, ensure_warehouse, machine, summary


def _timed(call) -> float:
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0


def _quarters(end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The four whole quarters ending on or before ``end``."""
    q_start = dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    out = []
    for _ in range(4):
        stop = q_start - dt.timedelta(days=1)
        start = dt.date(stop.year, 3 * ((stop.month - 1) // 3) + 1, 1)
        out.append((start, stop))
        q_start = start
    return out


def run(scale: float, repeat: int) -> None:
    from crm.partners import deals, funds
    from data.warehouse import Warehouse
    from olap import engine
    from olap.catalog import read_catalog

    os.environ["XRM_STORE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='xrm-bench-support-')}/store.sqlite"
    warehouse = Warehouse(ensure_warehouse(scale))
    cursor = warehouse.cursor()
    partners = [p for (p,) in cursor.execute("SELECT partner_id FROM dim_partner ORDER BY 1").fetchall()]
    for start, end in _quarters(read_catalog(cursor).data_end):
        budget = funds.create_budget("bench", f"{start:%Y}-Q{(start.month + 2) // 3}", start, end, 1e9)
        for pid in partners:
            funds.allocate("bench", budget, pid, 1000, warehouse=warehouse)
    funds.fund_summary(warehouse=warehouse)  # warm DuckDB's own buffers once, as a running server has
    customer = cursor.execute(
        "SELECT customer_id FROM fact_opportunity WHERE closed_date IS NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    close = cursor.execute("SELECT max(expected_close) FROM fact_opportunity").fetchone()[0]
    cold, warm, dup = [], [], []
    for _ in range(repeat):
        engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-support-cache-"))
        cold.append(_timed(lambda: funds.fund_summary(warehouse=warehouse)))
        warm.append(_timed(lambda: funds.fund_summary(warehouse=warehouse)))
        dup.append(_timed(lambda: deals.duplicate_opportunities(cursor, close, customer_id=customer)))
    lines = cursor.execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    opportunities = cursor.execute("SELECT count(*) FROM fact_opportunity").fetchone()[0]
    rows = len(funds.fund_summary(warehouse=warehouse))
    print(f"scale {scale:g} ({len(partners)} partners, {rows} fund × partner rows, {lines:,} order lines, "
          f"{opportunities:,} opportunities)")  # fmt: skip
    print(f"  funds summary, cold:    {summary(cold)}")
    print(f"  funds summary, cached:  {summary(warm)}")
    print(f"  deal duplicate check:   {summary(dup)}")


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
