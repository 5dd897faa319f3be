"""Benchmark: launching a campaign to 100,000 customers — audience and reachability, the stratified
control group, the frozen lists in the operational store and the contact files (target ≤ 5 s).

``.venv/bin/python bench/bench_campaign_launch.py [--scales 10] [--customers 100000]``

Steps: ``email`` (one channel: 100,000 opted-in customers with an address), ``preferred`` (each
customer's preferred channel: 100,000 customers whose preferred channel carries campaigns, so
several contact files). Each step runs in its own subprocess (its own peak RSS, which includes
DuckDB's and SQLite's native memory) against a throw-away operational store; the segment is
written into it before the clock starts. ``wall_s`` is one launch without tracing; ``py_peak_mb``
(tracemalloc) comes from a second, traced launch of the same plan saved again.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

from common import child_steps

STEPS = ("email", "preferred")
CUSTOMERS = int(os.environ.get("XRM_BENCH_CUSTOMERS", "100000"))
_WHO = {
    "email": "email_opt_in AND email LIKE '%@%'",
    "preferred": """preferred_channel_id IN (
        SELECT channel_id FROM dim_channel WHERE name = 'Email' OR channel_id IN (
            SELECT DISTINCT channel_id FROM fact_campaign_contact))
        AND (email_opt_in AND email LIKE '%@%' OR preferred_channel_id NOT IN (
            SELECT channel_id FROM dim_channel WHERE name = 'Email'))""",
}


def _segment(cursor, step: str) -> tuple[int, int]:
    """A saved segment of ``CUSTOMERS`` customers the step's channel reaches (written directly)."""
    import sqlalchemy as sa

    from data import opstore

    ids = cursor.execute(
        f"SELECT customer_id FROM dim_customer WHERE {_WHO[step]} ORDER BY customer_id LIMIT {CUSTOMERS}"
    ).fetchall()
    with opstore.engine().begin() as con:
        segment_id = con.execute(opstore.segments.insert().values(name=f"bench {step}", created_by="bench"))
        segment_id = segment_id.inserted_primary_key[0]
        con.execute(
            opstore.segment_versions.insert().values(
                segment_id=segment_id, version=1, definition="{}", as_of=sa.func.current_date(),
                members=len(ids), revenue=0.0, created_by="bench",
            )
        )  # fmt: skip
        con.execute(
            opstore.segment_members.insert(),
            [{"segment_id": segment_id, "version": 1, "customer_id": c} for (c,) in ids],
        )
    return int(segment_id), 1


def run_step(step: str, path: str) -> dict:
    import datetime as dt
    import resource
    import shutil
    import tracemalloc
    from pathlib import Path

    from crm.campaigns.launch import campaigns_dir, launch, save_plan
    from crm.campaigns.plan import PREFERRED, Plan
    from data.warehouse import Warehouse

    warehouse = Warehouse(Path(path))
    segment = _segment(warehouse.cursor(), step)
    plan = Plan(
        name=f"bench {step}", objective="promotion", segment_id=segment[0], segment_version=segment[1],
        channel="Email" if step == "email" else PREFERRED, start=dt.date(2026, 1, 5), end=dt.date(2026, 1, 25),
        cost_per_contact=0.08, holdout=0.1, fixed_cost=2000.0, offer_code="BENCH", seed=3,
    )  # fmt: skip
    first, second = save_plan(plan, "bench", warehouse), save_plan(plan, "bench", warehouse)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    launched = launch(first, "bench", warehouse)
    wall = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    launch(second, "bench", warehouse)
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for plan_id in (first, second):
        shutil.rmtree(campaigns_dir() / str(plan_id), ignore_errors=True)
    return {
        "wall_s": wall,
        "py_peak_mb": py_peak / 2**20,
        "rss_mb": rss / 1024,
        "rss_base_mb": base / 1024,
        "target": launched.target,
        "control": launched.control,
        "files": len(launched.files),
    }


def main() -> None:
    if "--step" in sys.argv:
        child_steps(__file__, run_step, STEPS, default_scales=(10,))
        return
    with tempfile.TemporaryDirectory(prefix="xrm-bench-launch-") as folder:  # a store of its own
        env = {**os.environ, "XRM_STORE_URL": f"sqlite:///{folder}/store.sqlite"}
        child_steps(__file__, run_step, STEPS, default_scales=(10,), env=env)


if __name__ == "__main__":
    main()
