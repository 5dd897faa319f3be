"""The cube on DuckDB and on Apache Spark (local mode, this machine): per-query latency of the same specs
(the differential suite's random specs; ``bench_engines.py`` times Explore's random walk).

For each warehouse: its current version written to a lake in a temporary folder (timed), then the
same seeded random specs as the differential suite (``tests/specgen.py``: every fact, 0–2 levels,
filters, periods, limits; rollups on, result cache off) answered by DuckDB and by Spark through
``olap.engine``. Spark's first answers (the JVM warming up, the lake's tables registered) are
timed apart from the rest. Then a rough crossover: with each engine's time per query modelled as a
fixed cost plus a cost per fact row, how many rows a view must read before Spark on a cluster of
``k`` such machines (its per-row cost divided by ``k``) answers faster than DuckDB on one.
Spark local on a 2-core machine is expected to be slower at every size measured here.

``python bench/bench_engine_specs.py --scales 1,10 [--n 40]``, or ``--pointer PATH`` for any warehouse
(e.g. the test suite's scale-0.02 demo).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, add_scales, bench_pointer, machine, summary

sys.path.insert(0, str(ROOT))

WARMUP = 3


def run(pointer: Path, n: int, seed: int) -> dict:
    from data.warehouse import Warehouse, current_path
    from olap import engine, lake
    from olap.cube import CubeError
    from olap.engines import spark
    from tests.specgen import members_by_level, random_spec

    with tempfile.TemporaryDirectory(prefix="xrm-bench-lake-") as root:
        os.environ["XRM_LAKE"] = root
        started = time.perf_counter()
        info = lake.write_version(current_path(pointer))
        lake_s = time.perf_counter() - started
        w = Warehouse(pointer)
        cur = w.cursor()
        rows = cur.execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
        members = members_by_level(cur)
        start, end = cur.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
        rng = random.Random(seed)
        specs = [random_spec(rng, members, start, end) for _ in range(n + WARMUP)]
        started = time.perf_counter()
        spark.session()
        session_s = time.perf_counter() - started
        duck, sp, first = [], [], []
        for i, spec in enumerate(specs):
            try:
                os.environ["XRM_ENGINE"] = "duckdb"
                d = engine.execute_with_info(spec, w, use_cache=False)
                os.environ["XRM_ENGINE"] = "spark"
                s = engine.execute_with_info(spec, w, use_cache=False)
            except CubeError:
                continue
            finally:
                os.environ["XRM_ENGINE"] = "duckdb"
            if i < WARMUP:
                first.append(s.seconds)
            else:
                duck.append(d.seconds)
                sp.append(s.seconds)
        spark.stop()
    total = sum(t["rows"] for t in info["tables"].values())
    return {
        "rows": rows,
        "lake_s": lake_s,
        "lake_rows": total,
        "session_s": session_s,
        "first": first,
        "duck": duck,
        "spark": sp,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_scales(parser)
    parser.add_argument("--pointer", help="a warehouse pointer instead of the bench warehouses")
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args()
    print(machine())
    targets = (
        [(args.pointer, Path(args.pointer))]
        if args.pointer
        else [(f"scale {s:g}", bench_pointer(s)) for s in args.scales]
    )
    results = {}
    for name, pointer in targets:
        if not pointer.exists():
            print(f"{name}: no warehouse at {pointer} (bench/bench_explore.py builds the bench warehouses)")
            continue
        r = run(pointer, args.n, args.seed)
        results[name] = r
        print(f"\n{name}: {r['rows']:,} order lines")
        print(f"  lake write       {r['lake_s']:7.1f} s   ({r['lake_rows']:,} rows in all tables)")
        print(f"  Spark session    {r['session_s']:7.1f} s   (JVM start, local mode)")
        print(f"  Spark first {WARMUP}    " + ", ".join(f"{t:.2f} s" for t in r["first"]))
        print(f"  DuckDB           {summary(r['duck'])}")
        print(f"  Spark local      {summary(r['spark'])}")
        ratio = statistics.median(r["spark"]) / max(statistics.median(r["duck"]), 1e-9)
        print(f"  Spark / DuckDB   {ratio:7.1f}x at the median")
    if len(results) >= 2:
        ordered = sorted(results.values(), key=lambda r: r["rows"])
        small, large = ordered[0], ordered[-1]
        drows = large["rows"] - small["rows"]
        per_row = {}
        fixed = {}
        for engine_name in ("duck", "spark"):
            t0, t1 = statistics.median(small[engine_name]), statistics.median(large[engine_name])
            per_row[engine_name] = max((t1 - t0) / drows, 1e-15)
            fixed[engine_name] = max(t0 - per_row[engine_name] * small["rows"], 0.0)
        print("\ncrossover (median query; time = fixed + rows × per-row cost, from the two sizes):")
        print(f"  DuckDB: {fixed['duck'] * 1000:.0f} ms + {per_row['duck'] * 1e9:.1f} ns/row;"
              f"  Spark local: {fixed['spark'] * 1000:.0f} ms + {per_row['spark'] * 1e9:.1f} ns/row")  # fmt: skip
        for k in (4, 16, 64):
            gain = per_row["duck"] - per_row["spark"] / k
            if gain <= 0:
                print(f"  {k:3d} machines: never (Spark's per-row cost over {k} machines is still above DuckDB's)")
            else:
                rows = (fixed["spark"] - fixed["duck"]) / gain
                print(f"  {k:3d} machines: from about {max(rows, 0):,.0f} order lines per view")


if __name__ == "__main__":
    main()
