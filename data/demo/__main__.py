"""``python -m data.demo OUT.duckdb --scale 1 --seed 7 [--end-date 2025-12-31] [--force]``: build a demo warehouse file."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import duckdb

import data.demo
from data.demo import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.demo", description=data.demo.__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the DuckDB file to create")
    parser.add_argument("--scale", type=float, default=1.0, help="volume multiplier (1: ~20k customers, ~1M lines)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end-date", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31),
                        help="last day of the three-year history (YYYY-MM-DD)")  # fmt: skip
    parser.add_argument("--force", action="store_true", help="overwrite OUT when it exists")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists() and not args.force:
        print(f"{out} already exists: pass --force to overwrite it, or choose another file.", file=sys.stderr)
        return 1
    building = out.with_name(out.name + ".building")
    for leftover in (building, Path(f"{building}.wal")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(building))
    try:
        counts = generate(con, scale=args.scale, seed=args.seed, end_date=args.end_date)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        building.unlink(missing_ok=True)
        Path(f"{building}.wal").unlink(missing_ok=True)
        raise
    con.close()
    Path(f"{out}.wal").unlink(missing_ok=True)
    os.replace(building, out)
    took = time.perf_counter() - started
    for table, rows in counts.items():
        print(f"{table:24} {rows:>12,}")
    print(f"{sum(counts.values()):,} rows in {took:.1f}s -> {out} (scale {args.scale:g}, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
