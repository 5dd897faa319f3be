"""Benchmark: monthly and weekly revenue forecasts with their backtest, total and one country.

``.venv/bin/python bench/bench_mining_forecast.py [--scales 1,10]``

Each step (``forecast_slice``: the cube query with an empty result cache, the rolling-
origin backtest of every candidate and the final fit) runs in its own subprocess on the
bench warehouse, so its peak resident memory (ru_maxrss, includes DuckDB's native
memory) is its own. A second subprocess repeats the step under tracemalloc for the peak
of Python-side allocations: tracing slows statsmodels' Python loops about threefold, so
the timed run is not traced.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from common import ROOT, add_scales, ensure_warehouse, machine

START, END = "2023-01-01", "2025-12-31"
COUNTRY = "Germany"
# step -> (grain, horizon, filtered to COUNTRY)
STEPS = {
    "month_total": ("month", 12, False),
    "month_country": ("month", 12, True),
    "week_total": ("week", 13, False),
    "week_country": ("week", 13, True),
}


def run_step(step: str, pointer: str, trace: bool) -> dict:
    import resource
    import tempfile
    import tracemalloc
    from pathlib import Path

    import statsmodels.tsa.exponential_smoothing.ets  # noqa: F401  imported before timing
    import statsmodels.tsa.statespace.sarimax  # noqa: F401

    from data.warehouse import Warehouse
    from mining import forecast as fc
    from olap import engine

    grain, horizon, filtered = STEPS[step]
    engine.use_cache_directory(tempfile.mkdtemp(prefix="xrm-bench-forecast-"))
    warehouse = Warehouse(Path(pointer))
    filters = {"geo.country": [COUNTRY]} if filtered else {}
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    series = fc.cube_series("revenue", filters, grain, START, END, warehouse)
    t1 = time.perf_counter()
    result = fc.forecast(series, grain, horizon)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    py_peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    chosen = result.candidates.set_index("model").loc[result.model]
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "query_s": t1 - t0,
        "py_peak_mb": py_peak / 2**20,
        "rss_mb": rss / 1024,
        "rss_base_mb": base / 1024,
        "periods": len(result.history),
        "fits": len(result.origins) * len(result.candidates) + 2,
        "model": result.model,
        "mase": round(float(chosen["mase"]), 3),
        "baseline_mase": round(result.baseline["mase"], 3),
    }


def _child(step: str, pointer: str, trace: bool) -> dict:
    command = [sys.executable, __file__, "--step", step, "--path", pointer] + (["--trace"] if trace else [])
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    add_scales(parser)
    parser.add_argument("--step")
    parser.add_argument("--path")
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    if args.step:  # child
        print(json.dumps(run_step(args.step, args.path, args.trace)))
        return
    print(machine())
    for scale in args.scales:
        pointer = str(ensure_warehouse(scale))
        print(f"\nscale {scale:g}  ({pointer})")
        for step in STEPS:
            r, traced = (_child(step, pointer, trace) for trace in (False, True))
            r["py_peak_mb"] = traced["py_peak_mb"]
            rest = ", ".join(
                f"{k}={v}"
                for k, v in r.items()
                if k not in {"wall_s", "cpu_s", "query_s", "py_peak_mb", "rss_mb", "rss_base_mb"}
            )
            print(
                f"  {step:14s} wall {r['wall_s']:6.2f} s (query {r['query_s']:5.2f} s, CPU {r['cpu_s']:5.2f} s)"
                f"   python peak {r['py_peak_mb']:6.1f} MB"
                f"   process peak RSS {r['rss_mb']:6.0f} MB (after imports {r['rss_base_mb']:.0f})   {rest}"
            )


if __name__ == "__main__":
    main()
