"""Benchmark: the pipeline page's numbers (funnel, outcomes, forecast with its simulation,
backtest, breakdown, stale deals) cold and from the result cache, at scale 1 and 10.

``.venv/bin/python bench/bench_pipeline.py [--scales 1,10]``
"""

from __future__ import annotations

import argparse
import tempfile
import time

from common import add_scales, ensure_warehouse, machine, summary


def run(scale: float) -> None:
    from crm import pipeline as pl
    from crm.pipeline_report import compute_report, pipeline_report
    from crm.pipeline_state import PipelineState
    from data.warehouse import Warehouse
    from olap import engine

    engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-pipeline-"))
    warehouse = Warehouse(ensure_warehouse(scale))
    con = warehouse.cursor()
    catalog = pl.read_catalog(con)
    states = [PipelineState.from_query({}, catalog)]
    for by in ("owner", "partner", "region", "quarter"):
        states.append(PipelineState.from_query({"by": by}, catalog))
    cold, warm = [], []
    for state in states:
        t0 = time.perf_counter()
        compute_report(con, state)
        cold.append(time.perf_counter() - t0)
        pipeline_report(warehouse, state)  # fills the cache
        t0 = time.perf_counter()
        pipeline_report(warehouse, state)
        warm.append(time.perf_counter() - t0)
    deals = con.execute("SELECT count(*) FROM fact_opportunity").fetchone()[0]
    print(f"scale {scale:g} ({deals:,} opportunities)")
    print(f"  page numbers, cold:   {summary(cold)}")
    print(f"  page numbers, cached: {summary(warm)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    add_scales(parser)
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        run(scale)


if __name__ == "__main__":
    main()
