"""Segment builder: the per-version customer table, a process's first call, and live counts as rules change.

``XRM_INSTANCE=/tmp/b3 python bench/bench_segments.py --scales 1,10 [--cache DIR] [--n 200]``

Each step runs in a process of its own, so its time and memory are its own:

- **build**: the customer table of a warehouse version written to its DuckDB cache file (once per
  version, by whichever process asks first; every other process then only opens it);
- **first call**: a new process (the cache file exists; the warehouse and the operational store already
  open, as in any worker that has served a page) opens the base and answers its first count and preview,
  as the builder's count callback does — what the first person in a new worker waits for;
- **live count**: the same process then counts ``--n`` rule sets as a marketer edits them (one rule more,
  one changed, a group added): the summary and the preview's rows with their names, p50/p95;
- **RSS**: the process's resident memory after the live counts, and its peak;
- **through the app**: the same in a process that builds the whole Dash app (a private instance whose
  pointer links to the bench warehouse's file, read-only) and calls the builder's ``count`` callback for a
  signed-in marketer: the first call, the live counts and the app process's resident memory.

``--cache`` puts the cache files in a folder of the bench's own (default: a temporary folder), so a shared
instance's cache is never touched; the warehouses are only read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, add_scales, bench_pointer, ensure_warehouse, machine, summary

sys.path.insert(0, str(ROOT))

PREVIEW_ROWS = 100  # the builder's preview grid (components.segments_view.PREVIEW_ROWS)


def definitions(base, n: int, seed: int):
    """``n`` rule sets as a marketer edits them: one rule more, one changed, a group added."""
    from crm.segments import field_values

    rng = random.Random(seed)
    countries = field_values(base, "country")
    categories = field_values(base, "categories_bought")
    pool = [
        lambda: {"field": "country", "cmp": "in", "value": rng.sample(countries, k=min(3, len(countries)))},
        lambda: {"field": "revenue", "cmp": ">=", "value": rng.choice([100, 1000, 5000])},
        lambda: {"field": "recency_days", "cmp": "<=", "value": rng.choice([30, 90, 365])},
        lambda: {"field": "orders", "cmp": "between", "value": [2, rng.choice([5, 10, 50])]},
        lambda: {"field": "categories_bought", "cmp": "in", "value": rng.sample(categories, k=min(2, len(categories)))},
        lambda: {"field": "customer_type", "cmp": "in", "value": [rng.choice(["B2B", "B2C"])]},
        lambda: {"field": "online_share", "cmp": ">", "value": rng.random()},
        lambda: {"field": "revenue", "cmp": rng.choice(["top_pct", "bottom_pct"]), "value": rng.choice([1, 10, 25])},
        lambda: {"field": "campaign_outcome", "cmp": "not_empty"},
    ]
    rules: list = []
    for _ in range(n):
        if len(rules) < 2 or rng.random() < 0.5:
            rules.append(rng.choice(pool)())
        elif rng.random() < 0.5:
            rules[rng.randrange(len(rules))] = rng.choice(pool)()
        else:
            rules.append({"op": "or", "rules": [rng.choice(pool)(), rng.choice(pool)()]})
        if len(rules) > 6:
            rules = rules[-3:]
        yield {"op": "and", "rules": list(rules)}


def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _count(base, warehouse, definition):
    """What the builder's count callback computes: the summary and the preview's rows with names."""
    from crm import segments as seg

    return seg.live_count(definition, base, PREVIEW_ROWS)


def step(name: str, pointer: str, cache: str, n: int) -> dict:
    import crm.segment_base as segment_base
    from crm import segments as seg
    from data.warehouse import Warehouse

    segment_base.cache_folder = lambda: Path(cache)  # the bench's own folder, never the instance's
    warehouse = Warehouse(Path(pointer))
    if name == "build":
        for old in Path(cache).glob("*.duckdb"):
            old.unlink()
        started = time.perf_counter()
        base = seg.segment_base(warehouse)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # a big warehouse's builder
        return {"build_s": time.perf_counter() - started, "customers": base.customers,
                "peak_mb": max(_peak_mb(), children), "in_child": children > 0,
                "file_mb": sum(p.stat().st_size for p in Path(cache).glob("*.duckdb")) / 2**20}  # fmt: skip
    from data import opstore

    warehouse.cursor()  # a worker has its warehouse open and its operational store connected (every page
    opstore.engine()  # and the login need them) before anyone opens the builder
    import mining.runs  # noqa: F401 — imported by the app at start (its pages), not by the first count

    rss_start = _rss_mb()
    started = time.perf_counter()
    base = seg.segment_base(warehouse)
    first_definition = {"op": "and", "rules": [{"field": "revenue", "cmp": ">=", "value": 1000}]}
    _count(base, warehouse, first_definition)
    first = time.perf_counter() - started
    times = []
    for definition in definitions(base, n, 5):
        started = time.perf_counter()
        _count(base, warehouse, definition)
        times.append(time.perf_counter() - started)
    return {"first_s": first, "times": times, "rss_start_mb": rss_start, "rss_mb": _rss_mb(), "peak_mb": _peak_mb(),
            "customers": base.customers}  # fmt: skip


def app_step(pointer: str, cache: str, n: int) -> dict:
    """The live counts through the app itself: the whole Dash app built in this process (every page and
    callback), a marketer signed in, and the builder's ``count`` callback called as a request would —
    the first call and the live counts, and the resident memory of the whole app process."""
    private = Path(tempfile.mkdtemp(prefix="bench-segments-app-"))
    (private / "wh").mkdir()
    (private / "wh" / "xrm.duckdb").symlink_to(Path(pointer).resolve())  # read only: the warehouse's own file
    os.environ.update(XRM_INSTANCE=str(private), XRM_DB=str(private / "wh" / "xrm.duckdb"), XRM_AUTO_RUNS="0")
    import crm.segment_base as segment_base

    segment_base.cache_folder = lambda: Path(cache)
    from flask_login import login_user

    import app as xrm
    from auth.users import get_user
    from callbacks import segments as builder
    from data import opstore
    from data.warehouse import get_warehouse

    xrm.ensure_demo_accounts()
    get_warehouse().cursor()
    opstore.engine()
    rss_start = _rss_mb()
    with xrm.app.server.test_request_context("/segments"):
        login_user(get_user("marketer"))
        started = time.perf_counter()
        cards, rows, _, _ = builder.count({"op": "and", "rules": [{"field": "revenue", "cmp": ">=", "value": 1000}]})
        first = time.perf_counter() - started
        assert rows, "the count callback answered nothing"
        from crm.segments import segment_base as base_of

        base = base_of()
        times = []
        for definition in definitions(base, n, 5):
            started = time.perf_counter()
            builder.count(definition)
            times.append(time.perf_counter() - started)
    return {"first_s": first, "times": times, "rss_start_mb": rss_start, "rss_mb": _rss_mb(), "peak_mb": _peak_mb(),
            "customers": base.customers}  # fmt: skip


def _child(name: str, pointer: Path, cache: str, n: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, "--path", str(pointer), "--cache", cache, "--n", str(n)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    add_scales(parser)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--cache", default=None, help="folder for the cache files (default: a temporary one)")
    parser.add_argument("--no-build", action="store_true", help="reuse the cache files of --cache (no build step)")
    parser.add_argument("--step", choices=["build", "live", "app"], help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "app":
        print(json.dumps(app_step(args.path, args.cache, args.n)))
        return
    if args.step:
        print(json.dumps(step(args.step, args.path, args.cache, args.n)))
        return
    print(machine())
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="bench-segments-") as own:
        cache = args.cache or own
        Path(cache).mkdir(parents=True, exist_ok=True)
        for scale in args.scales:
            pointer = bench_pointer(scale)
            pointer = pointer if pointer.exists() else ensure_warehouse(scale)  # an existing one is only read
            built = None if args.no_build else _child("build", pointer, cache, args.n)
            live = _child("live", pointer, cache, args.n)
            print(f"\nscale {scale:g}: {live['customers']:,} customers")
            if built:
                print(
                    f"  customer table, once per warehouse version : {built['build_s']:.2f} s "
                    f"(builder peak RSS {built['peak_mb']:.0f} MiB"
                    f"{' in a child process of its own' if built['in_child'] else ''}, file {built['file_mb']:.0f} MiB)"
                )
            print(f"  first call in a new process (open + count) : {live['first_s'] * 1000:.0f} ms")
            print(f"  live count + preview of a segment          : {summary(live['times'])}")
            print(f"  process RSS: {live['rss_start_mb']:.0f} MiB with the warehouse open, "
                  f"{live['rss_mb']:.0f} MiB after the counts, peak {live['peak_mb']:.0f} MiB")  # fmt: skip
            app = _child("app", pointer, cache, args.n)
            print("  through the app (whole Dash app in the process, the count callback as a request calls it):")
            print(f"    first call {app['first_s'] * 1000:.0f} ms; live count {summary(app['times'])}")
            print(f"    app process RSS: {app['rss_start_mb']:.0f} MiB before the builder, {app['rss_mb']:.0f} MiB "
                  f"after the counts, peak {app['peak_mb']:.0f} MiB")  # fmt: skip
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
