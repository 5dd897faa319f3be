"""Benchmark: row-level security's cost — the same Explore specs answered cold for an unrestricted
user and for a partner manager with five partners (the compiler's partner filter; rollups only
where they keep partner_id), at scale 1 and 10. Reads the bench warehouses read-only.

``XRM_INSTANCE=/tmp/cmp-inst .venv/bin/python bench/bench_rls.py [--scales 1,10] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time

from common import add_scales, bench_pointer, machine, summary

SPECS = {
    "revenue by region, a quarter": dict(measures=["revenue", "orders"], rows=["geo.region"]),
    "revenue by partner, a quarter": dict(measures=["revenue"], rows=["partner.partner"]),
    "sessions + tickets by country": dict(measures=["sessions", "tickets"], rows=["geo.country"]),
    "pipeline by month": dict(measures=["pipeline_value", "win_rate"], rows=["time.month"]),
}


def run(scale: float, repeat: int) -> None:
    from data.warehouse import Warehouse
    from olap import engine
    from olap.catalog import read_catalog
    from olap.period import add_months
    from olap.query import make_spec
    from olap.scope import scoped

    warehouse = Warehouse(bench_pointer(scale))
    con = warehouse.cursor()
    end = read_catalog(con).data_end.replace(day=1)
    start = add_months(end, -3)
    last = end - dt.timedelta(days=1)
    five = [p for (p,) in con.execute("SELECT partner_id FROM dim_partner ORDER BY partner_id LIMIT 5").fetchall()]
    lines = con.execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    print(f"scale {scale:g} ({lines:,} order lines), partner manager with partners {five}")
    for name, fields in SPECS.items():
        spec = make_spec(**fields, start=start, end=last)
        for label, scope in (("all", None), ("manager", five)):
            times = []
            with scoped(scope):
                engine.execute_with_info(spec, warehouse, use_cache=False)  # DuckDB's buffers warm once
                for _ in range(repeat):
                    engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-rls-"))
                    t0 = time.perf_counter()
                    answer = engine.execute_with_info(spec, warehouse)
                    times.append(time.perf_counter() - t0)
            print(f"  {name:32} {label:8} cold {summary(times)}  reads {answer.source}")


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
