"""Benchmark: RFM for all customers, R×F grid, movement, and the CLV fit + scoring + holdout check.

``.venv/bin/python bench/bench_mining_rfm.py [--scales 1 10]``

Each step runs in its own subprocess on the read-only bench warehouse, so its peak
resident memory (ru_maxrss, includes DuckDB's native memory) is its own; tracemalloc
gives the peak of Python-side allocations (numpy/pandas) during the step.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from common import ROOT, ensure_warehouse, machine

STEPS = ("rfm_table", "rf_grid", "movement", "clv_fit_score", "holdout_check")
AS_OF = "2025-12-31"


def run_step(step: str, path: str) -> dict:
    import datetime as dt
    import resource
    import tracemalloc

    import duckdb

    from mining import clv, rfm

    as_of = dt.date.fromisoformat(AS_OF)
    con = duckdb.connect(path, read_only=True)
    cur = con.cursor()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0 = time.perf_counter()
    extra = {}
    if step == "rfm_table":
        table = rfm.rfm_table(cur, as_of)
        extra["customers"] = len(table)
    elif step == "rf_grid":
        table = rfm.rfm_table(cur, as_of)
        extra["cells"] = len(rfm.rf_grid(table))
    elif step == "movement":
        moves = rfm.movement(cur, as_of - dt.timedelta(days=365), as_of, window_days=365)
        extra["pairs"] = len(moves)
    elif step == "clv_fit_score":
        scores, models = clv.score_clv(cur, as_of)
        extra["customers"] = len(scores)
        extra["iterations"] = models["bgnbd"].iterations_
    elif step == "holdout_check":
        _, metrics = clv.holdout_check(cur, as_of - dt.timedelta(days=365), as_of)
        extra["error_pct"] = round(metrics["purchases_error_pct"], 2)
    wall = time.perf_counter() - t0
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"wall_s": wall, "py_peak_mb": py_peak / 2**20, "rss_mb": rss / 1024, "rss_base_mb": base / 1024, **extra}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="+", type=float, default=[1, 10])
    parser.add_argument("--step")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.step:  # child
        print(json.dumps(run_step(args.step, args.path)))
        return
    print(machine())
    for scale in args.scales:
        path = str(ensure_warehouse(scale).resolve())
        print(f"\nscale {scale:g}  ({path})")
        for step in STEPS:
            out = subprocess.run(
                [sys.executable, __file__, "--step", step, "--path", path],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rest = ", ".join(
                f"{k}={v}" for k, v in r.items() if k not in {"wall_s", "py_peak_mb", "rss_mb", "rss_base_mb"}
            )
            print(
                f"  {step:15s} wall {r['wall_s']:7.2f} s   python peak {r['py_peak_mb']:7.1f} MB"
                f"   process peak RSS {r['rss_mb']:7.0f} MB (after imports {r['rss_base_mb']:.0f})   {rest}"
            )


if __name__ == "__main__":
    main()
