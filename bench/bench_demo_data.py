"""``make demo-data`` end to end: the generator, the derived step and the segment table, time and peak memory.

  python bench/bench_demo_data.py --scales 1,10,30,50 [--seed 7] [--folder /tmp]

What ``python -m jobs.build`` does for one build, a step per fresh child process so each step's peak RSS is
its own (``jobs.build.build_demo`` runs the first two in one process; its peak is the larger of the two):

1. ``generate`` — the demo generator into a new DuckDB file, checkpointed (``data.demo.generate``);
2. ``derive`` — the lineage and the derived tables and rollups on the same file (``jobs.derive.derive``,
   as ``build_demo`` calls it), checkpointed;
3. ``segment table`` — the segment builder's customer table of the version (``crm.segment_base._build``,
   which the background default runs build after the publish; its own child there too).

The default analyses the build starts in the background afterwards (RFM, clusters, models, forecast) are
not part of it (``bench/bench_mining.py`` measures them). The load average before and after each step is
printed beside its figures: the machine is shared. One warehouse file at a time; deleted after its scale.
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

GENERATE = """
import sys, duckdb
from data.demo import generate
con = duckdb.connect(sys.argv[1])
generate(con, scale=float(sys.argv[2]), seed=int(sys.argv[3]))
con.execute("CHECKPOINT")
con.close()
"""
DERIVE = """
import sys, duckdb
from data.warehouse import start_lineage
from jobs.derive import derive
con = duckdb.connect(sys.argv[1])
start_lineage(con)
derive(con)
con.execute("CHECKPOINT")
con.close()
"""
SEGMENTS = """
import sys
from pathlib import Path
import duckdb
from crm.segment_base import _build
con = duckdb.connect(sys.argv[1], read_only=True)
as_of = con.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
con.close()
_build(sys.argv[1], Path(sys.argv[2]), as_of)
"""
STEPS = (("generate", GENERATE), ("derive", DERIVE), ("segment table", SEGMENTS))


def step(code: str, args: list[str], env: dict) -> dict:
    """Run one step in a child; its wall time, own peak RSS and the load average around it."""
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env)
    _, status, usage = os.wait4(child.pid, 0)  # the child's own rusage
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"step failed (exit code {os.waitstatus_to_exitcode(status)}): {args}")
    return {"s": time.perf_counter() - started, "peak_gib": usage.ru_maxrss / 2**20,
            "load": (load_before, os.getloadavg()[0])}  # fmt: skip


def build(scale: float, seed: int, folder: Path) -> dict:
    path, segments = folder / f"scale-{scale:g}.duckdb", folder / f"segments-{scale:g}.duckdb"
    env = {**os.environ, "XRM_INSTANCE": str(folder / "instance"), "XRM_AUTO_RUNS": "0"}
    result = {}
    try:
        for name, code in STEPS:
            args = {"generate": [repr(scale), str(seed)], "derive": [], "segment table": [str(segments)]}[name]
            result[name] = step(code, [str(path), *args], env)
            if name == "derive":
                result["file_gib"] = path.stat().st_size / 2**30
            r = result[name]
            print(f"scale {scale:g} {name:14} {r['s']:8.1f} s  peak {r['peak_gib']:.2f} GiB  "
                  f"load {r['load'][0]:.1f}/{r['load'][1]:.1f}", flush=True)  # fmt: skip
    finally:
        for p in (path, segments, Path(f"{path}.wal"), Path(f"{segments}.wal")):
            p.unlink(missing_ok=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_scales(parser)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", type=Path, default=None, help="where the temporary warehouse goes")
    args = parser.parse_args(argv)
    print(machine(), flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="xrm-bench-demo-", dir=args.folder) as folder:
        for scale in args.scales:
            results.append((scale, build(scale, args.seed, Path(folder))))
    names = [n for n, _ in STEPS]
    print("\n| scale | " + " | ".join(f"{n} s / peak GiB" for n in names) + " | total s | peak GiB | load |")
    print("|---|" + "---|" * (len(names) + 3))
    for scale, r in results:
        cells = " | ".join(f"{r[n]['s']:.0f} / {r[n]['peak_gib']:.2f}" for n in names)
        loads = [x for n in names for x in r[n]["load"]]
        print(f"| {scale:g} | {cells} | {sum(r[n]['s'] for n in names):.0f} | "
              f"{max(r[n]['peak_gib'] for n in names):.2f} | {min(loads):.1f}–{max(loads):.1f} |")  # fmt: skip
    print(json.dumps({f"{s:g}": r for s, r in results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
