"""Benchmark: the pipeline's stage-history report (conversion per stage, the calibrated
next-quarter forecast and its 10-quarter backtest) at scale 1 and 10, with its backtest
coverage and errors beside the baseline "last quarter's actual".

The shared bench warehouses may predate the stage history, so this one generates its own
demo files (seed 7) under a temporary folder, or reads ``--files A.duckdb,B.duckdb``.

``.venv/bin/python bench/bench_pipeline_stages.py [--scales 1,10] [--files …]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb
from common import add_scales, comma_list, machine


def run(path: Path, label: str) -> None:
    from crm import pipeline as pl
    from crm import pipeline_stages as ps

    con = duckdb.connect(str(path), read_only=True)
    con.execute("SET enable_progress_bar = false")
    as_of = pl.data_bounds(con)[1]
    deals, rows = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("fact_opportunity", ps.TABLE))
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        report = ps.stage_report(con, pl.ALL, as_of)
        times.append(time.perf_counter() - t0)
    owner = pl.filter_options(con)["owners"][0]
    t0 = time.perf_counter()
    ps.stage_report(con, pl.PipelineFilters(owners=(owner,)), as_of)
    filtered = time.perf_counter() - t0
    print(f"{label}: {deals:,} opportunities, {rows:,} stage rows")
    print(
        f"  stage report (conversion, forecast, 10-quarter backtest): best {min(times):.2f} s of 3; one owner {filtered:.2f} s"
    )
    print(
        f"  backtest: range held in {report.inside} of {len(report.backtest)} quarters; "
        f"median's MAE {report.model_mae:,.0f} vs last quarter's actual {report.baseline_mae:,.0f}"
    )
    fc = report.forecast
    print(f"  {fc.quarter}: P10 {fc.p10:,.0f}  P50 {fc.p50:,.0f}  P90 {fc.p90:,.0f}")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    add_scales(parser)
    parser.add_argument("--files", type=comma_list(str), default=[])
    args = parser.parse_args()
    print(machine())
    if args.files:
        for f in args.files:
            run(Path(f), f)
        return
    from data.demo.__main__ import main as generate

    with tempfile.TemporaryDirectory(prefix="xrm-bench-stages-") as folder:
        for scale in args.scales:
            path = Path(folder) / f"scale-{scale:g}.duckdb"
            t0 = time.perf_counter()
            generate([str(path), "--scale", str(scale), "--seed", "7"])
            print(f"(generated scale {scale:g} in {time.perf_counter() - t0:.0f} s)")
            run(path, f"scale {scale:g}")


if __name__ == "__main__":
    main()
