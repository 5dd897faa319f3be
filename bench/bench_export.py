"""Exports: detail rows streamed as CSV (~1M and 10M rows) and a 100k-row Excel export.

Each case runs in a fresh subprocess so its peak memory (ru_maxrss) is its own; the
work is exactly what ``/export/detail.csv|xlsx`` streams (``olap.export``), written to
a throw-away sink. Printed: rows, bytes, seconds, rows/s, resident memory before the
export (imports + warehouse open) and at its peak.

  python bench/bench_export.py                 # scale 1 and 10, including the whole 10M rows
  python bench/bench_export.py --skip-full     # without the 10M-row case
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

from common import ROOT, bench_pointer, machine

CASES = {
    # name: (scale, format, spec fields, cell)
    "scale1-all-lines-csv": (1, "csv", {"start": "2023-01-01", "end": "2025-12-31"}, {}),
    "scale10-one-country-csv": (
        10,
        "csv",
        {"start": "2023-01-01", "end": "2025-12-31"},
        {"geo.country": "United States"},
    ),
    "scale10-all-lines-csv": (10, "csv", {"start": "2023-01-01", "end": "2025-12-31"}, {}),
    "scale1-quarter-xlsx": (1, "xlsx", {"start": "2025-10-01", "end": "2025-12-31"}, {}),
}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_case(name: str) -> dict:
    """One export in this process; returns its figures."""
    from data.warehouse import Warehouse
    from olap import export
    from olap.query import make_spec

    scale, fmt, fields, cell = CASES[name]
    warehouse = Warehouse(bench_pointer(scale))
    warehouse.cursor().execute("SELECT count(*) FROM dim_customer").fetchone()
    spec = make_spec(["revenue"], rows=["geo.country"], **fields)
    before = rss_mb()
    started = time.perf_counter()
    if fmt == "csv":
        columns = export.detail_columns(spec, "en")
        size = rows = 0
        chunks = export.batches_csv(columns, export.DetailRows(spec, cell, warehouse))
        size += len(next(chunks))
        for chunk in chunks:
            size += len(chunk)
            rows += chunk.count(b"\n")
    else:
        count = export.detail_row_count(spec, cell, warehouse)
        export.check_excel_rows(count)
        about = export.about_rows(spec, "en", cell=cell, rows=count, version=warehouse.version(), user="bench")
        path = Path(tempfile.mkdtemp(prefix="xrm-bench-")) / f"{name}.xlsx"
        rows = export.write_xlsx(
            path,
            export.detail_columns(spec, "en"),
            export.batch_rows(export.DetailRows(spec, cell, warehouse)),
            about,
            "en",
        )
        size = path.stat().st_size
        path.unlink()
        path.parent.rmdir()
    seconds = time.perf_counter() - started
    return {
        "case": name,
        "rows": rows,
        "bytes": size,
        "seconds": seconds,
        "rss_before_mb": before,
        "rss_peak_mb": rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES), help="run one case in this process (used internally)")
    parser.add_argument("--skip-full", action="store_true", help="leave out the whole 10M-row CSV")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    print(machine())
    print(f"nproc: {os.cpu_count()}")
    for name, (scale, *_rest) in CASES.items():
        if args.skip_full and name == "scale10-all-lines-csv":
            continue
        if not bench_pointer(scale).exists():
            print(f"{name}: skipped, no warehouse at {bench_pointer(scale)} (build it with bench/bench_dashboard.py)")
            continue
        out = subprocess.run(
            [sys.executable, __file__, "--case", name], capture_output=True, text=True, cwd=ROOT, check=False
        )
        if out.returncode:
            print(f"{name}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{name:26s} {r['rows']:>11,} rows  {r['bytes'] / 2**20:8.1f} MiB  {r['seconds']:7.2f} s  "
            f"{r['rows'] / r['seconds']:>11,.0f} rows/s  RSS {r['rss_before_mb']:6.0f} MiB before, "
            f"{r['rss_peak_mb']:6.0f} MiB peak"
        )


if __name__ == "__main__":
    main()
