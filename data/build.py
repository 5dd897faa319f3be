"""Build the demo warehouse as a new version and publish it.

``python -m data.build --scale 1 --seed 7 [--if-missing]``
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

from data.aggregates import build_aggregates
from data.warehouse import new_version_path, publish


def build_demo(scale: float = 1.0, seed: int = 7, pointer: Path | None = None, quiet: bool = True) -> str:
    """Generate the demo data into a new version file, add aggregates, switch to it."""
    from data.generate import generate

    target = new_version_path(pointer)
    partial = target.with_suffix(".building")
    started = time.perf_counter()
    con = duckdb.connect(str(partial))
    try:
        counts = generate(con, scale=scale, seed=seed)
        counts.update(build_aggregates(con))
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        partial.unlink(missing_ok=True)
        Path(str(partial) + ".wal").unlink(missing_ok=True)
        raise
    con.close()
    os.replace(partial, target)
    version = publish(target, pointer)
    if not quiet:
        total = sum(counts.values())
        took = time.perf_counter() - started
        print(f"demo warehouse {version}: {total:,} rows in {took:.1f}s (scale {scale}, seed {seed})")
    return version


def main(argv: list[str] | None = None) -> int:
    import settings

    parser = argparse.ArgumentParser(prog="python -m data.build", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--if-missing", action="store_true", help="do nothing when a warehouse exists")
    args = parser.parse_args(argv)
    pointer = settings.warehouse_pointer()
    if args.if_missing and pointer.exists():
        return 0
    if not pointer.exists():
        print(f"No warehouse at {pointer}: building the demo warehouse (scale {args.scale})…")
    build_demo(args.scale, args.seed, pointer, quiet=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
