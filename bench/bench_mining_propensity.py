"""Benchmark: propensity models (repurchase, response) at scale 1 and 10.

``.venv/bin/python bench/bench_mining_propensity.py [--scales 1,10]``

Per target two steps, each in its own subprocess on the read-only bench warehouse (so its
peak resident memory, ru_maxrss with DuckDB's native memory, is its own; tracemalloc
gives the peak of Python-side allocations): ``train`` (features, both models tuned on
validation, test evaluation with permutation importance) and ``score`` (all of that,
the refit of the chosen model on every labelled row, scoring every customer and
storing the run in a throw-away instance folder). ``cpu_s`` is the process's CPU time (all its
threads: DuckDB's and the fits run side by side) and ``load_before`` the 1-minute load average
when the step started: on a shared machine the wall time is the CPU time stretched by others' work.
"""

from __future__ import annotations

import os
import tempfile
import time

from common import child_steps

STEPS = ("repurchase_train", "repurchase_score", "response_train", "response_score")
AS_OF = "2025-12-31"


def run_step(step: str, path: str) -> dict:
    import datetime as dt
    import resource
    import tracemalloc

    import duckdb
    import sklearn.ensemble  # noqa: F401  (imported before timing, like the other benches)

    from mining import propensity

    as_of = dt.date.fromisoformat(AS_OF)
    target, action = step.split("_")
    con = duckdb.connect(path, read_only=True)
    cur = con.cursor()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load = os.getloadavg()[0]  # other work on the machine: the wall time is shared with it
    usage = resource.getrusage(resource.RUSAGE_SELF)
    tracemalloc.start()
    t0 = time.perf_counter()
    extra = {}
    if action == "train":
        result = propensity.train_models(cur, target, as_of)
        extra["rows"] = "/".join(str(r) for r in result.splits["rows"])
        extra["auc_test"] = {name: round(m.auc["test"], 3) for name, m in result.models.items()}
        extra["chosen"] = result.chosen
        extra["notes"] = [n["key"].rsplit(".", 1)[-1] for n in result.notes]
    else:
        from mining.runs import load_run

        run_id = propensity.score_propensity(cur, target, as_of, "bench")
        meta, scores = load_run(run_id)
        extra["customers"] = len(scores)
        extra["refit_rows"] = meta["metrics"]["refit_rows"]
    wall = time.perf_counter() - t0
    done = resource.getrusage(resource.RUSAGE_SELF)
    extra["cpu_s"] = round(done.ru_utime + done.ru_stime - usage.ru_utime - usage.ru_stime, 1)  # every thread's
    extra["load_before"] = round(load, 1)
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"wall_s": wall, "py_peak_mb": py_peak / 2**20, "rss_mb": rss / 1024, "rss_base_mb": base / 1024, **extra}


def main() -> None:
    runs = tempfile.mkdtemp(prefix="xrm-bench-propensity-")  # the scoring runs are thrown away
    env = {**os.environ, "XRM_INSTANCE": runs, "XRM_DB": os.path.join(runs, "xrm.duckdb")}
    env.pop("XRM_STORE_URL", None)
    child_steps(__file__, run_step, STEPS, env=env)


if __name__ == "__main__":
    main()
