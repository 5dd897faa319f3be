"""Shared helpers for benchmarks: the machine line and cached demo warehouses per scale."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"machine: {platform.machine()} {platform.system()}, nproc={os.cpu_count()}, {mem:.0f} GiB RAM, Python {platform.python_version()}"


def bench_pointer(scale: float) -> Path:
    """Pointer of the benchmark warehouse of a scale (built once, reused)."""
    import settings

    folder = settings.instance_dir() / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"scale-{scale:g}.duckdb"


def ensure_warehouse(scale: float, seed: int = 7) -> Path:
    from data.build import build_demo, derived_is_current, refresh_derived

    pointer = bench_pointer(scale)
    if not pointer.exists():
        print(f"building the scale-{scale:g} demo warehouse (once)…", flush=True)
        build_demo(scale, seed, pointer, quiet=False)
    elif not derived_is_current(pointer):
        print(f"rebuilding the derived tables of the scale-{scale:g} warehouse…", flush=True)
        refresh_derived(pointer)
    return pointer


def summary(times_s: list[float]) -> str:
    ms = sorted(t * 1000 for t in times_s)
    p95 = ms[max(0, int(round(0.95 * len(ms))) - 1)]
    return f"median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   max {ms[-1]:7.1f} ms   (n={len(ms)})"
