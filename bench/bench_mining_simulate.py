"""Benchmark: campaign simulation for all customers and for a 10% segment, with and
without response scores, and four channels compared side by side.

``.venv/bin/python bench/bench_mining_simulate.py [--scales 1,10]``

Each step runs in its own subprocess on the read-only bench warehouse, so its peak
resident memory (ru_maxrss, includes DuckDB's native memory) is its own; tracemalloc
gives the peak of Python-side allocations (numpy/pandas) during the step. The scores
are synthetic (a seeded beta draw per customer, made before the clock starts): the
simulation's cost does not depend on where they come from.
"""

from __future__ import annotations

import time

from common import child_steps

STEPS = ("all_history", "all_scores", "segment10_history", "segment10_scores", "compare4_segment10")


def run_step(step: str, path: str) -> dict:
    import resource
    import tracemalloc

    import duckdb
    import numpy as np
    import pandas as pd

    from mining import simulate as sim

    con = duckdb.connect(path, read_only=True)
    cur = con.cursor()
    ids = cur.execute("SELECT customer_id FROM dim_customer ORDER BY customer_id").df()["customer_id"].to_numpy()
    rng = np.random.default_rng(7)
    scores = pd.Series(rng.beta(2.0, 6.0, len(ids)), index=ids) if "scores" in step else None
    if step.startswith(("segment10", "compare")):
        ids = np.sort(rng.choice(ids, len(ids) // 10, replace=False))
    offer = sim.Offer("Email", cost_per_contact=0.08, fixed_cost=3000.0, discount_pct=10.0)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0 = time.perf_counter()
    extra = {"customers": len(ids)}
    if step == "compare4_segment10":
        offers = [sim.Offer(ch, 0.5, 1000.0, 10.0) for ch in sim.campaign_channels(cur)]
        table = sim.compare_offers(cur, ids, offers)
        extra["offers"] = len(table)
    else:
        r = sim.simulate(cur, ids, offer, scores)
        e = r.expected["responders"]
        extra["responders"] = f"{e['mean']:.0f} [{e['p10']:.0f}..{e['p90']:.0f}]"
        extra["roi"] = round(r.expected["roi"]["mean"], 2)
    wall = time.perf_counter() - t0
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"wall_s": wall, "py_peak_mb": py_peak / 2**20, "rss_mb": rss / 1024, "rss_base_mb": base / 1024, **extra}


def main() -> None:
    child_steps(__file__, run_step, STEPS)


if __name__ == "__main__":
    main()
