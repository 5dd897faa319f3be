"""Importer, as a user's own data arrives: a customers file, then a large three-channel orders file.

  python bench/bench_import_steps.py [--rows 5000000] [--customers 250000] [--keep]

Both files are made once under ``instance/bench/import-steps/`` (CSV, as shops and ERPs
export them: text customer ids, day-first dates, three channels, a few returns and guest
checkouts). Each load is the real command line (``python -m data.importer load …``) in a
child process with its own instance folder: first the customers file with
``--new-warehouse``, then the orders file into the same warehouse, scores included.

Per step (read, validate, write, derive, score) the parent reads the child's progress
lines on stderr and, at each step boundary, the child's peak resident memory since the
previous boundary (``VmHWM`` in ``/proc/<pid>/status``, reset through ``clear_refs``), so
every step gets its own rows/s and peak memory. Targets (issue 9): at least 100k rows/s
end to end and under 2 GiB peak on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, machine

# The importer's progress fractions (data/importer/core.py) that open each step.
STEPS = (("read", 0.0), ("validate", 0.25), ("write", 0.6), ("derive", 0.75), ("score", 0.85))
PROGRESS = re.compile(r"^\[\s*(\d+)%\]\s+([\d.]+)s\s+(.*)$")


def make_files(rows: int, customers: int, folder: Path) -> tuple[Path, Path]:
    """A customers CSV and an orders CSV (lines of ~3-line orders), written by DuckDB once."""
    import duckdb

    cust = folder / f"customers-{customers}.csv"
    orders = folder / f"orders-{rows}-{customers}.csv"
    con = duckdb.connect()
    if not cust.exists():
        con.execute(
            f"""COPY (
                SELECT 'CU' || lpad(CAST(i AS VARCHAR), 8, '0') AS "Customer ID",
                       'Customer ' || i AS "Name",
                       ['United Kingdom', 'Germany', 'France', 'EIRE', 'Spain', 'Netherlands', 'Japan',
                        'USA', 'Australia', 'Korea, Republic of'][1 + CAST(hash(i) % 10 AS INTEGER)] AS "Country",
                       CASE WHEN hash(i + 3) % 5 = 0 THEN 'B2B' ELSE 'B2C' END AS "Customer type"
                FROM range(1, {customers} + 1) t(i)
            ) TO '{cust.with_suffix(".writing")}' (HEADER, DELIMITER ',')"""
        )
        os.replace(cust.with_suffix(".writing"), cust)
    if not orders.exists():
        # Order o has lines 3o..3o+2; about 1 order in 60 is a return (negative quantities).
        con.execute(
            f"""COPY (
                SELECT 'SO' || (i // 3) AS "Invoice No",
                       (i % 3) + 1 AS "Line",
                       'CU' || lpad(CAST(1 + hash(i // 3) % {customers} AS VARCHAR), 8, '0') AS "Customer ID",
                       strftime(TIMESTAMP '2022-01-01' + to_seconds(CAST(hash(i // 3 + 7) % 94608000 AS BIGINT)),
                                '%d/%m/%Y %H:%M') AS "Invoice Date",
                       'SKU' || lpad(CAST(hash(i + 11) % 2000 AS VARCHAR), 5, '0') AS "Stock Code",
                       CASE WHEN hash(i // 3 + 23) % 60 = 0 THEN -1 ELSE 1 END
                           * CAST(1 + hash(i + 13) % 4 AS INTEGER) AS "Quantity",
                       round(2 + (hash(i + 17) % 20000) / 100.0, 2) AS "Unit Price",
                       ['Web shop', 'Store', 'Distributor'][1 + CAST(hash(i // 3 + 19) % 3 AS INTEGER)] AS "Channel"
                FROM range({rows}) t(i)
            ) TO '{orders.with_suffix(".writing")}' (HEADER, DELIMITER ',')"""
        )
        os.replace(orders.with_suffix(".writing"), orders)
    con.close()
    return cust, orders


def _peak_and_reset(pid: int) -> float:
    """The child's peak RSS (MiB) since the last reset, then reset it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        peak = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return peak
    except (FileNotFoundError, ProcessLookupError, AttributeError, PermissionError):
        return float("nan")


def run_load(args: list[str], env: dict) -> tuple[dict, float, float, str]:
    """One CLI load; per step its seconds and peak MiB, plus the whole wall time and peak."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "data.importer", "load", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    steps: dict[str, dict] = {}
    current, since = "read", started
    whole_peak = 0.0
    for line in proc.stderr:
        match = PROGRESS.match(line.strip())
        if not match:
            continue
        fraction = int(match.group(1)) / 100
        step = [name for name, start in STEPS if fraction >= start][-1]
        if step != current:
            peak = _peak_and_reset(proc.pid)
            now = time.perf_counter()
            steps[current] = {"seconds": now - since, "peak_mib": peak}
            whole_peak = max(whole_peak, peak)
            current, since = step, now
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    steps[current] = {"seconds": time.perf_counter() - since, "peak_mib": usage.ru_maxrss / 1024}
    whole_peak = max(whole_peak, usage.ru_maxrss / 1024)  # ru_maxrss is never reset: the whole run's peak
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed ({' '.join(args)}): {out}")
    return steps, took, whole_peak, out.strip()


def report(title: str, rows: int, steps: dict, took: float, peak: float, summary: str) -> None:
    print(f"\n{title}: {rows:,} rows in {took:.1f} s = {rows / took:,.0f} rows/s end to end, peak RSS {peak:,.0f} MiB")
    for name, _ in STEPS:
        if name in steps:
            s = steps[name]
            rate = rows / s["seconds"] if s["seconds"] > 0 else float("inf")
            print(f"  {name:9s} {s['seconds']:7.1f} s  {rate:>12,.0f} rows/s   peak RSS {s['peak_mib']:7,.0f} MiB")
    print(f"  result: {summary[:400]}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--customers", type=int, default=250_000)
    parser.add_argument("--keep", action="store_true", help="keep the warehouse made (to open the pages on it)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import settings

    folder = settings.instance_dir() / "bench" / "import-steps"
    folder.mkdir(parents=True, exist_ok=True)
    print(machine())
    made = time.perf_counter()
    cust, orders = make_files(args.rows, args.customers, folder)
    print(f"input: {cust.name} ({cust.stat().st_size / 2**20:.0f} MiB), {orders.name} "
          f"({orders.stat().st_size / 2**20:.0f} MiB), ready in {time.perf_counter() - made:.1f} s")  # fmt: skip
    work = folder / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    env = {**os.environ, "XRM_INSTANCE": str(work), "XRM_DB": str(work / "xrm.duckdb")}
    common = ["--user", "bench", "--policy", "quarantine"]
    result = run_load([str(cust), "--entity", "customers", "--new-warehouse", *common], env)
    report("customers file", args.customers, *result)
    result = run_load([str(orders), "--entity", "order_lines", "--dayfirst", *common], env)
    report("orders file (three channels)", args.rows, *result)
    steps, took, peak, _ = result
    verdict = "meets" if args.rows / took >= 100_000 and peak < 2048 else "MISSES"
    print(f"\ntarget (>= 100,000 rows/s end to end, < 2 GiB peak): {verdict}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"warehouse kept: XRM_INSTANCE={work} XRM_DB={work / 'xrm.duckdb'}")


if __name__ == "__main__":
    main()
