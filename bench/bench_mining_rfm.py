"""Benchmark: RFM for all customers, R×F grid, movement, and the CLV fit + scoring + holdout check.

``.venv/bin/python bench/bench_mining_rfm.py [--scales 1,10]``

Each step runs in its own subprocess on the read-only bench warehouse, so its peak
resident memory (ru_maxrss, includes DuckDB's native memory) is its own; tracemalloc
gives the peak of Python-side allocations (numpy/pandas) during the step.
"""

from __future__ import annotations

import time

from common import child_steps

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
    child_steps(__file__, run_step, STEPS)


if __name__ == "__main__":
    main()
