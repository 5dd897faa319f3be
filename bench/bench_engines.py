"""The cube on DuckDB and on Apache Spark (local mode): Explore's random walk on both, and where a cluster pays off.

For each scale the walk of ``bench_explore.walk`` (an analyst's drills, slices, measure and period
changes, comparisons) is answered twice, query by query, with nothing from the result cache: each
view's SQL (rollup-planned, as ``olap.engine`` plans it) on the warehouse's DuckDB cursor and on the
Spark cursor (``olap.engines.spark``) reading the lake version of the same warehouse version. It prints
per-query p50/p95 on each engine and checks that both engines gave the same rows for each view.

The crossover: each engine's time per query is fitted as ``fixed + per_row × rows read`` (rows read =
the rows of the rollup or fact tables the query scans, from the lake's manifest) by least squares over
the walk. A Spark cluster of ``C`` cores is modelled as the measured fixed cost plus the measured
per-row cost spread over ``C`` cores instead of this machine's (linear scaling: an upper bound on what
a cluster gains); DuckDB stays on one machine like this one. The crossover is the rows read per query
above which that cluster answers faster than DuckDB here. Spark's fixed cost (planning, scheduling,
the JVM round trip) dominates small queries, so on one 2-core machine Spark is expected to be slower.

``XRM_INSTANCE=/tmp/b3 python bench/bench_engines.py --scales 1,10 [--n 60] [--lake /tmp/xrm-lake]``
(the lake is written once per warehouse version; the warehouses are only read).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, add_scales, ensure_warehouse, machine, summary

sys.path.insert(0, str(ROOT))

CLUSTER_CORES = (8, 32, 128)


def fit(rows: list[float], seconds: list[float]) -> tuple[float, float]:
    """Least squares ``seconds = fixed + per_row × rows`` (both clipped at zero)."""
    n = len(rows)
    mean_r, mean_s = sum(rows) / n, sum(seconds) / n
    var = sum((r - mean_r) ** 2 for r in rows)
    per_row = sum((r - mean_r) * (s - mean_s) for r, s in zip(rows, seconds, strict=True)) / var if var else 0.0
    per_row = max(per_row, 0.0)
    return max(mean_s - per_row * mean_r, 0.0), per_row


def rows_read(sql: str, manifest: dict) -> int:
    """Rows of the warehouse tables the query names (rollups or facts, and dimensions)."""
    from olap.engines.dialect import tables_of

    tables = manifest["tables"]
    return sum(int(tables[t]["rows"]) for t in tables_of(sql) if t in tables)


def same_rows(a, b) -> bool:
    import pandas as pd

    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return False
    try:
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), rtol=1e-9, check_dtype=False)
    except AssertionError:
        return False
    return True


def run_scale(scale: float, n: int, seed: int, lake_root: Path) -> None:
    from bench_explore import walk

    from data import warehouse as wh
    from data.warehouse import current_path
    from olap import engine, lake
    from olap.engines import spark
    from olap.explore_state import load_state
    from olap.query import previous_period

    pointer = ensure_warehouse(scale)
    warehouse = wh.get_warehouse()
    duck, version = warehouse.cursor_with_version()
    lines = duck.execute("SELECT count(*) FROM fact_order_line").fetchone()[0]
    print(f"\nscale {scale:g}: {lines:,} order lines", flush=True)
    started = time.perf_counter()
    manifest = lake.write_version(current_path(pointer), root=lake_root)
    print(f"  lake version ready in {time.perf_counter() - started:.1f} s ({lake_root / manifest['version']})")
    started = time.perf_counter()
    spark_cursor, _ = spark.cursor_with_version(warehouse)
    print(f"  Spark session ready in {time.perf_counter() - started:.1f} s ({spark.spark_url()})", flush=True)

    engine.use_cache_directory(Path(tempfile.mkdtemp(prefix="xrm-bench-engines-")))
    queries = walk(n, seed, warehouse)
    specs = []
    for q in queries:
        state = load_state(q, warehouse)
        specs += [state.spec] + ([previous_period(state.spec)] if state.compare else [])
    compiled = []
    for spec in specs:
        found, _source = engine.compiled_for(spec, duck, version)
        compiled.append((found.sql, found.params))
    # the first Spark query of a session pays for class loading and code generation: not a view's cost
    spark_cursor.execute(compiled[0][0], compiled[0][1]).df()

    times: dict[str, list[float]] = {"duckdb": [], "spark": []}
    sizes, mismatches = [], 0
    for sql, params in compiled:
        started = time.perf_counter()
        a = duck.execute(sql, params).df()
        times["duckdb"].append(time.perf_counter() - started)
        started = time.perf_counter()
        b = spark_cursor.execute(sql, params).df()
        times["spark"].append(time.perf_counter() - started)
        sizes.append(rows_read(sql, manifest))
        mismatches += not same_rows(a, b)
    print(f"  {len(compiled)} queries of {len(queries)} views; rows read per query: "
          f"median {statistics.median(sizes):,.0f}, max {max(sizes):,}")  # fmt: skip
    for name in ("duckdb", "spark"):
        print(f"  {name:<7} per query  {summary(times[name])}")
    ratio = statistics.median(times["spark"]) / statistics.median(times["duckdb"])
    print(f"  Spark local / DuckDB: {ratio:.0f}x (median); views answered differently: {mismatches}")

    return sizes, times


def crossover(sizes: list[float], times: dict[str, list[float]]) -> None:
    """The fitted per-query costs of both engines, and the rows read per query above which a Spark
    cluster of ``CLUSTER_CORES`` cores would answer faster than DuckDB on this machine."""
    fixed_d, row_d = fit(sizes, times["duckdb"])
    fixed_s, row_s = fit(sizes, times["spark"])
    cores_here = os.cpu_count() or 1
    print(f"\nfitted over every query of every scale (n={len(sizes)}, rows read {min(sizes):,.0f}..{max(sizes):,.0f}):")
    print(f"  DuckDB          {fixed_d * 1000:8.1f} ms fixed + {row_d * 1e9:6.2f} ns per row read")
    print(f"  Spark local[{cores_here}]  {fixed_s * 1000:8.1f} ms fixed + {row_s * 1e9:6.2f} ns per row read")
    for cores in CLUSTER_CORES:
        per_row = row_s * cores_here / cores
        if row_d <= per_row:
            print(f"  a {cores}-core Spark cluster: never faster than DuckDB here (its per-row cost is not lower)")
            continue
        rows = max(fixed_s - fixed_d, 0.0) / (row_d - per_row)
        print(f"  a {cores}-core Spark cluster: faster than DuckDB here above ~{rows:,.0f} rows read per query "
              f"({rows / 1e6:,.1f} M rows)")  # fmt: skip


def main() -> None:
    from data import warehouse as wh

    parser = argparse.ArgumentParser()
    add_scales(parser)
    parser.add_argument("--n", type=int, default=60, help="views in the walk (each answered on both engines)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--lake", type=Path, default=Path(tempfile.gettempdir()) / "xrm-bench-lake")
    args = parser.parse_args()
    os.environ["XRM_LAKE"] = str(args.lake)
    print(machine())
    sizes: list[float] = []
    times: dict[str, list[float]] = {"duckdb": [], "spark": []}
    for scale in args.scales:
        with wh.use_warehouse(ensure_warehouse(scale)):
            found, took = run_scale(scale, args.n, args.seed, args.lake)
        sizes += found
        for name in times:
            times[name] += took[name]
    crossover(sizes, times)
    from olap.engines import spark

    spark.stop()


if __name__ == "__main__":
    main()
