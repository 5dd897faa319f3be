"""Importer: CLI import of order lines from CSV and from Parquet — rows/s and peak memory.

  python bench/bench_import.py --rows 1000000[,10000000] [--formats csv,parquet] [--scores]

The input files are generated once under ``instance/bench/import/`` (synthetic order
lines: text customer ids, ISO dates, amounts with two decimals, ~rows/10 customers,
500 products, 4 channels). Each import is ``python -m data.importer load FILE
--new-warehouse`` in a fresh child process with its own instance folder, so the
figure is the whole CLI (read, validate, key mapping, derived dimensions, aggregates
and rollups, publish) and the memory is that child's peak RSS (``wait4``).
RFM scoring is left out unless ``--scores`` (it is a model fit, not the import).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, comma_list, machine


def input_file(rows: int, fmt: str, folder: Path) -> Path:
    """Synthetic order lines, written by DuckDB (once per size and format)."""
    import duckdb

    path = folder / f"lines-{rows}.{fmt}"
    if path.exists():
        return path
    customers = max(rows // 10, 100)
    partial = path.with_suffix(".writing")
    options = "(FORMAT parquet)" if fmt == "parquet" else "(HEADER, DELIMITER ',')"
    con = duckdb.connect()
    con.execute(
        f"""COPY (
            SELECT 'INV-' || (i // 3) AS invoice_no,
                   (i % 3) + 1 AS line,
                   'C' || lpad(CAST(hash(i // 3) % {customers} AS VARCHAR), 7, '0') AS customer_id,
                   strftime(TIMESTAMP '2023-01-01' + to_seconds(CAST(hash(i // 3 + 7) % 94608000 AS BIGINT)),
                            '%Y-%m-%d %H:%M:%S') AS order_date,
                   'P' || (hash(i + 11) % 500) AS product,
                   CAST(1 + hash(i + 13) % 4 AS INTEGER) AS quantity,
                   round(5 + (hash(i + 17) % 50000) / 100.0, 2) AS amount,
                   ['Web', 'App', 'Store', 'Partner'][1 + CAST(hash(i // 3 + 19) % 4 AS INTEGER)] AS channel
            FROM range({rows}) t(i)
        ) TO '{partial}' {options}"""
    )
    con.close()
    os.replace(partial, path)
    return path


def run_import(path: Path, work: Path, scores: bool) -> dict:
    """One CLI import in a child process: wall time and its peak RSS."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = {**os.environ, "XRM_INSTANCE": str(work), "XRM_DB": str(work / "xrm.duckdb")}
    args = [sys.executable, "-m", "data.importer", "load", str(path), "--new-warehouse", "--user", "bench"]
    if not scores:
        args.append("--no-scores")
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=None, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    out = proc.stdout.read()
    proc.stdout.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed: {out}")
    return {"seconds": took, "peak_mib": usage.ru_maxrss / 1024, "summary": out.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=comma_list(int), default=[1_000_000], metavar="N1,N2")
    parser.add_argument("--formats", type=comma_list(str), default=["csv", "parquet"], metavar="F1,F2")
    parser.add_argument("--scores", action="store_true", help="also refresh RFM scores")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import settings

    folder = settings.instance_dir() / "bench" / "import"
    folder.mkdir(parents=True, exist_ok=True)
    print(machine())
    for rows in args.rows:
        for fmt in args.formats:
            started = time.perf_counter()
            path = input_file(rows, fmt, folder)
            made = time.perf_counter() - started
            size = path.stat().st_size / 2**20
            result = run_import(path, folder / f"work-{fmt}-{rows}", args.scores)
            print(
                f"{rows:>11,} lines  {fmt:8} {size:8.0f} MiB  import {result['seconds']:7.1f} s  "
                f"{rows / result['seconds']:>10,.0f} rows/s  peak RSS {result['peak_mib']:7.0f} MiB"
                f"   (input made in {made:.1f} s)",
                flush=True,
            )
            print(f"    {result['summary'][:300]}", flush=True)
            shutil.rmtree(folder / f"work-{fmt}-{rows}", ignore_errors=True)


if __name__ == "__main__":
    main()
