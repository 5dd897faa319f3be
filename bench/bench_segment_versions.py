"""Segment builder across warehouse versions: what a new version costs the first count, per kind of change.

``XRM_INSTANCE=/tmp/b4 python bench/bench_segment_versions.py --scales 30 --cache DIR [--ids 3,100]``

``--cache`` is a folder holding the customer table of the bench warehouse's current version (as
``bench/bench_segments.py --cache DIR`` leaves it); the warehouse is only read, the table only copied.
Each step runs in a process of its own (time and peak memory its own):

- **correction**: a Customer 360 correction of ``--ids`` customers — the table of the version before
  copied and those customers' rows worked out again (``crm.segment_base._update``), as
  ``jobs.changes.apply_changes`` does while it writes the version; against the full build it replaces;
- **stand-in**: a new version whose table is not built yet (a campaign bridge, a load): a new process's
  first count, answered from the version before's table (``crm.segments.segment_base(stand_in_ok=True)``)
  while the build runs elsewhere (here not started).

The load average is printed beside the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, add_scales, bench_pointer, comma_list, machine

sys.path.insert(0, str(ROOT))

DEFINITION = {"op": "and", "rules": [{"field": "revenue", "cmp": "top_pct", "value": 20},
                                     {"field": "country", "cmp": "in", "value": ["Korea", "Japan"]}]}  # fmt: skip


def _table(cache: str, version: str) -> Path:
    from crm.segment_base import cache_key

    return Path(cache) / f"{cache_key(version)}.duckdb"


def correction(pointer: str, cache: str, n: int) -> dict:
    import crm.segment_base as segment_base
    from data.warehouse import Warehouse

    cursor, version = Warehouse(Path(pointer)).cursor_with_version()
    source = cursor.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    ids = [r[0] for r in cursor.execute(
        "SELECT customer_id FROM dim_customer ORDER BY hash(customer_id) LIMIT ?", [n]).fetchall()]  # fmt: skip
    partial = Path(cache) / "bench-correction.duckdb"
    started = time.perf_counter()
    shutil.copyfile(_table(cache, version), partial)
    copied = time.perf_counter() - started
    try:
        segment_base._update(source[0], partial, ids)
        took = time.perf_counter() - started
    finally:
        partial.unlink(missing_ok=True)
    return {"s": took, "copy_s": copied, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def stand_in(pointer: str, cache: str) -> dict:
    import crm.segment_base as segment_base
    from crm import segments as seg
    from data.warehouse import Warehouse

    segment_base.cache_folder = lambda: Path(cache)
    from data import opstore

    warehouse = Warehouse(Path(pointer))
    _, version = warehouse.cursor_with_version()  # as bench_segments.py's first call: a worker has its
    opstore.engine()  # warehouse open and its store connected before anyone counts
    import mining.runs  # noqa: F401 — imported by the app at start

    warehouse.lineage()
    earlier = Path(cache) / "bench-version-before.duckdb"  # the version before's table: a link, as a publish makes
    earlier.unlink(missing_ok=True)
    os.link(_table(cache, version), earlier)
    own = _table(cache, version)
    seg.cached = lambda key: None if key == version else segment_base.cached(key)  # this version's: not built yet
    seg._build_soon = lambda *a: None  # the build runs elsewhere; not measured here
    try:
        started = time.perf_counter()
        found = segment_base.stand_in(warehouse.lineage(), version)  # the look alone (its answers are kept)
        look = time.perf_counter() - started
        segment_base._lineages.clear()  # the first count looks again, from nothing
        started = time.perf_counter()
        base = seg.segment_base(warehouse, stand_in_ok=True)
        summary, _ = seg.live_count(DEFINITION, base, 100)  # the count and the preview's rows, as the callback
        first = time.perf_counter() - started
        started = time.perf_counter()
        seg.live_count({"op": "and", "rules": [{"field": "revenue", "cmp": ">=", "value": 1000}]}, base, 100)
        second = time.perf_counter() - started
        assert base.stand_in and own.exists() and found == earlier
    finally:
        earlier.unlink(missing_ok=True)
    return {"first_s": first, "second_s": second, "look_s": look, "customers": summary.customers,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip


def _child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_scales(parser, default=(30,))
    parser.add_argument("--cache", required=True, help="folder with the current version's table")
    parser.add_argument("--ids", type=comma_list(int), default=[3, 100], help="customers corrected at once")
    parser.add_argument("--step", choices=["correction", "stand-in"], help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "correction":
        print(json.dumps(correction(args.path, args.cache, args.n)))
        return
    if args.step == "stand-in":
        print(json.dumps(stand_in(args.path, args.cache)))
        return
    print(machine())
    for scale in args.scales:
        pointer = str(bench_pointer(scale))
        print(f"\nscale {scale:g} (load {os.getloadavg()[0]:.1f})")
        for n in args.ids:
            r = _child(["--step", "correction", "--path", pointer, "--cache", args.cache, "--n", str(n)])
            print(f"  correction of {n:>4} customers: {r['s']:.2f} s (copy {r['copy_s']:.2f} s), "
                  f"peak {r['peak_mb']:.0f} MiB, load {os.getloadavg()[0]:.1f}")  # fmt: skip
        r = _child(["--step", "stand-in", "--path", pointer, "--cache", args.cache])
        print(f"  first count of a new version, from the version before: {r['first_s'] * 1000:.0f} ms "
              f"(finding that table {r['look_s'] * 1000:.0f} ms; the next count {r['second_s'] * 1000:.0f} ms) "
              f"({r['customers']:,} customers), peak {r['peak_mb']:.0f} MiB, load {os.getloadavg()[0]:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
