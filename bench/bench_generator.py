"""Demo data generator: wall time, throughput and peak memory per scale.

  python bench/bench_generator.py --scales 1,10,30,50 [--seed 7] [--chunk 2000000] [--folder /tmp]

Each scale is built by a fresh child process into a temporary DuckDB file (as
``python -m data.demo`` does, checkpoint included), so the memory reported is
that child's peak and nothing is cached between scales. The load average before
and after each build is printed beside its figures (other work on the machine
slows a build down). A final table sums up time, lines/s and peak per scale.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, add_scales, machine

from data.demo.world import WRITE_CHUNK

CHILD = """
import json, sys, time
import duckdb
from data.demo import generate

path, scale, seed, chunk = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
started = time.perf_counter()
con = duckdb.connect(path)
counts = generate(con, scale=scale, seed=seed, chunk=chunk)
generated = time.perf_counter() - started
con.execute("CHECKPOINT")
con.close()
print(json.dumps({"counts": counts, "generate_s": generated, "total_s": time.perf_counter() - started}))
"""


def build(scale: float, seed: int, folder: Path, chunk: int) -> dict:
    """Build one scale in a child process; returns its counts, times, peak RSS, file size and load."""
    path = folder / f"scale-{scale:g}.duckdb"
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), repr(scale), str(seed), str(chunk)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)  # the child's own rusage, not all children's
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"scale {scale:g}: the build failed (exit code {child.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(wall_s=wall, peak_rss_gib=usage.ru_maxrss / 2**20, file_mib=path.stat().st_size / 2**20,
                  load=(load_before, os.getloadavg()[0]))  # fmt: skip
    path.unlink()
    return result


def report(scale: float, r: dict) -> None:
    counts = r["counts"]
    total, lines = sum(counts.values()), counts["fact_order_line"]
    t = r["total_s"]
    print(f"\nscale {scale:g}")
    for table, rows in counts.items():
        print(f"  {table:24} {rows:>12,}")
    print(f"  all tables     {total:>12,} rows  {total / t / 1e6:6.2f} M rows/s")
    print(f"  order lines    {lines:>12,} rows  {lines / t / 1e6:6.2f} M lines/s")
    print(f"  generate {r['generate_s']:.1f} s, with checkpoint {t:.1f} s, wall (incl. imports) {r['wall_s']:.1f} s")
    print(f"  peak RSS {r['peak_rss_gib']:.2f} GiB, file {r['file_mib']:.0f} MiB")
    print(f"  load average (1 min) {r['load'][0]:.1f} before, {r['load'][1]:.1f} after", flush=True)


def table(results: list[tuple[float, dict]]) -> None:
    print("\n| scale | order lines | all rows | time (s) | lines/s | peak RSS (GiB) | load before/after |")
    print("|---|---|---|---|---|---|---|")
    for scale, r in results:
        lines, total, t = r["counts"]["fact_order_line"], sum(r["counts"].values()), r["total_s"]
        print(
            f"| {scale:g} | {lines:,} | {total:,} | {t:.1f} | {lines / t / 1e3:,.0f}k | {r['peak_rss_gib']:.2f} "
            f"| {r['load'][0]:.1f} / {r['load'][1]:.1f} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_scales(parser)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--chunk", type=int, default=WRITE_CHUNK, help="rows drawn and written at a time")
    parser.add_argument("--folder", type=Path, default=None, help="where the temporary warehouse goes")
    args = parser.parse_args(argv)
    print(machine())
    print(f"nproc: {len(os.sched_getaffinity(0))} (usable cores), chunk {args.chunk:,}")
    results = []
    with tempfile.TemporaryDirectory(prefix="xrm-bench-gen-", dir=args.folder) as folder:
        for scale in args.scales:
            results.append((scale, build(scale, args.seed, Path(folder), args.chunk)))
            report(scale, results[-1][1])
    table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
