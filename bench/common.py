"""Shared helpers for benchmarks: the machine line and cached demo warehouses per scale."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from contextlib import contextmanager
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
    from jobs.build import build_demo, derived_is_current, refresh_derived

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


def comma_list(kind=float):
    """An argparse ``type`` for a comma-separated list: ``--scales 1,10`` is every bench's one list style."""

    def parse(text: str) -> list:
        return [kind(part) for part in text.split(",") if part.strip()]

    return parse


def add_scales(parser, default=(1, 10)) -> None:
    """The ``--scales 1,10`` option (warehouse scales to run, comma-separated)."""
    parser.add_argument(
        "--scales",
        type=comma_list(float),
        default=list(default),
        metavar="S1,S2",
        help=f"comma-separated warehouse scales (default {','.join(f'{s:g}' for s in default)})",
    )


MEMORY_KEYS = {"wall_s", "py_peak_mb", "rss_mb", "rss_base_mb"}


def child_steps(script: str, run_step, steps, default_scales=(1, 10), env: dict | None = None) -> None:
    """The command line of a benchmark whose steps each run in their own process.

    The parent builds (once) the bench warehouse of every ``--scales`` value and runs
    ``script --step S --path P`` per step; the child prints ``run_step(S, P)`` as JSON
    (``wall_s``, ``py_peak_mb``, ``rss_mb``, ``rss_base_mb`` and any extra figures), so
    each step's peak resident memory is its own.
    """
    import argparse
    import json
    import subprocess

    parser = argparse.ArgumentParser()
    add_scales(parser, default_scales)
    parser.add_argument("--steps", type=comma_list(str), default=list(steps), metavar="S1,S2")
    parser.add_argument("--step")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.step:  # child
        print(json.dumps(run_step(args.step, args.path)))
        return
    print(machine())
    width = max(len(s) for s in steps) + 2
    for scale in args.scales:
        path = str(ensure_warehouse(scale).resolve())
        print(f"\nscale {scale:g}  ({path})")
        for step in args.steps:
            out = subprocess.run(
                [sys.executable, script, "--step", step, "--path", path],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
                env=env,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rest = ", ".join(f"{k}={v}" for k, v in r.items() if k not in MEMORY_KEYS)
            print(
                f"  {step:{width}s} wall {r['wall_s']:7.2f} s   python peak {r['py_peak_mb']:7.1f} MB"
                f"   process peak RSS {r['rss_mb']:7.0f} MB (after imports {r['rss_base_mb']:.0f})   {rest}",
                flush=True,
            )


@contextmanager
def environment(env: dict):
    """``env`` set in this process's environment for the block, the previous values back after it."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def sign_in(page, url: str, user: str, password: str) -> None:
    """Sign ``page`` in to the app at ``url`` as a person does, and wait to be let in."""
    page.goto(url + "/login")
    page.fill("#username", user)
    page.fill("#password", password)
    page.click("#login-submit")
    page.wait_for_url(lambda u: "/login" not in u, timeout=60000)
