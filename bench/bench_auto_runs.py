"""How long the automatic default runs after a load take (``jobs.defaults``), per step, per scale.

Each scale's warehouse is read as it is (never written: ``--no-publish``), through a pointer in a
scratch instance, so the runs, the status and the cached forecast land there. The job runs as the
load starts it (``python -m jobs.defaults``, nice 10), one scale after the other.

    XRM_INSTANCE=/tmp/b2 .venv/bin/python bench/bench_auto_runs.py --scales 1,10
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, add_scales, bench_pointer, machine


def one_scale(scale: float) -> dict:
    source = bench_pointer(scale).resolve()
    with tempfile.TemporaryDirectory(prefix=f"xrm-auto-{scale:g}-") as scratch:
        pointer = Path(scratch) / "xrm.duckdb"
        pointer.symlink_to(source)  # read-only use: the job opens it read-only and publishes nothing
        env = {**os.environ, "XRM_INSTANCE": scratch, "XRM_DB": str(pointer), "XRM_SECRET_KEY": "bench"}
        env.pop("XRM_STORE_URL", None)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "jobs.defaults", "--pointer", str(pointer), "--no-publish"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - began
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        status = json.loads((pointer.with_name("xrm.versions") / "auto-runs.json").read_text())
    steps = {
        k: (v.get("state"), v.get("seconds"), (v.get("reason") or {}).get("key")) for k, v in status["steps"].items()
    }
    return {"scale": scale, "wall": wall, "peak_mib": max(peak, before) / 1024, "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_scales(parser)
    args = parser.parse_args()
    print(machine())
    for scale in args.scales:
        found = one_scale(scale)
        print(
            f"scale {scale:g}: the whole job {found['wall']:.1f} s (peak RSS of the job ≈ {found['peak_mib']:.0f} MiB)"
        )
        for step, (state, seconds, reason) in found["steps"].items():
            said = f"{seconds:8.1f} s" if seconds is not None else "       –  "
            print(f"  {step:<24} {said}  {state}{' (' + reason + ')' if reason else ''}", flush=True)


if __name__ == "__main__":
    main()
