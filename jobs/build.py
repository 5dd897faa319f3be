"""Build the demo warehouse as a new version and publish it.

``python -m jobs.build --scale 1 --seed 7 [--if-missing]`` (``make run``, ``make demo-data``); with
``--if-missing`` an existing warehouse whose derived tables older code built gets them rebuilt.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

from data.aggregates import stored_derived_version
from data.warehouse import current_path, start_lineage, write_version, writer_lock
from jobs.defaults import start as start_default_runs
from jobs.derive import derive, derived_version


def build_demo(scale: float = 1.0, seed: int = 7, pointer: Path | None = None, quiet: bool = True) -> str:
    """Generate the demo data into a new version file, add aggregates, switch to it."""
    from data.demo import generate

    started = time.perf_counter()
    counts: dict[str, int] = {}

    def write(con: duckdb.DuckDBPyConnection) -> None:
        counts.update(generate(con, scale=scale, seed=seed))
        start_lineage(con)  # a new build is a new warehouse: no earlier run describes its customers
        counts.update(derive(con).tables)

    with writer_lock(pointer):  # one writer of versions at a time: loads, publishes, builds
        version = write_version(write, pointer)
    start_default_runs(pointer)  # RFM, clusters, models, forecast with default settings, in the background
    if not quiet:
        total = sum(counts.values())
        took = time.perf_counter() - started
        print(f"demo warehouse {version}: {total:,} rows in {took:.1f}s (scale {scale}, seed {seed})")
    return version


def refresh_derived(pointer: Path | None = None) -> str:
    """Rebuild the derived tables of the current warehouse into a new version and publish it."""
    with writer_lock(pointer):
        # the same data: the automatic runs of its load stay current
        return write_version(lambda con: derive(con, new_data=False), pointer, start_from=current_path(pointer))


def derived_is_current(pointer: Path | None = None) -> bool:
    """Whether the current warehouse's derived tables were built by this code's definitions."""
    con = duckdb.connect(str(current_path(pointer)), read_only=True)
    try:
        return stored_derived_version(con) == derived_version()
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    import settings

    parser = argparse.ArgumentParser(prog="python -m jobs.build", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--if-missing", action="store_true", help="do nothing when a warehouse exists")
    args = parser.parse_args(argv)
    pointer = settings.warehouse_pointer()
    if args.if_missing and pointer.exists():
        if not derived_is_current(pointer):
            print("The warehouse's derived tables were built by an older XRM: rebuilding them…")
            print(f"published {refresh_derived(pointer)}")
        if start_default_runs(pointer) is not None:
            print("Computing the default analyses in the background (RFM, clusters, models, forecast)…")
        return 0
    if not pointer.exists():
        print(f"No warehouse at {pointer}: building the demo warehouse (scale {args.scale})…")
    build_demo(args.scale, args.seed, pointer, quiet=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
