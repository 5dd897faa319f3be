"""Writing a warehouse version to the lake: into a folder (DuckDB's ``COPY``) and to a URL (through Spark).

For each scale, the current version of the bench warehouse is written twice into fresh temporary
lakes: ``XRM_LAKE=<folder>`` and ``XRM_LAKE=file://<folder>`` (the URL path a cluster's ``s3a://`` lake
takes: Arrow batches from DuckDB, Spark DataFrames, Parquet written by Spark, the manifest last). It
prints seconds, rows per second and the process's peak RSS after each write, and checks that both
lakes hold the warehouse's rows. Local mode: Spark runs in this process (its JVM's memory is not in
the Python RSS; ``XRM_SPARK_DRIVER_MEMORY``, default 1g, bounds it).

``XRM_INSTANCE=/tmp/b3 python bench/bench_lake.py --scales 1,10``
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, add_scales, ensure_warehouse, machine

sys.path.insert(0, str(ROOT))


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write(path: Path, root: Path | str) -> tuple[float, dict]:
    from olap import lake

    started = time.perf_counter()
    info = lake.write_version(path, root)
    return time.perf_counter() - started, info


def run_scale(scale: float) -> None:
    from data.warehouse import current_path

    path = current_path(ensure_warehouse(scale))
    folder = Path(tempfile.mkdtemp(prefix="xrm-bench-lake-"))
    try:
        seconds, info = write(path, folder / "folder")
        rows = sum(t["rows"] for t in info["tables"].values())
        print(f"scale {scale:g}: {rows:,} rows in {len(info['tables'])} tables")
        print(
            f"  folder lake (DuckDB COPY):   {seconds:7.1f} s  {rows / seconds:12,.0f} rows/s  peak RSS {peak_rss_mib():,.0f} MiB"
        )
        url = (folder / "url").as_uri()
        seconds, by_url = write(path, url)
        print(
            f"  URL lake (through Spark):    {seconds:7.1f} s  {rows / seconds:12,.0f} rows/s  peak RSS {peak_rss_mib():,.0f} MiB"
        )
        same = {t: m["rows"] for t, m in info["tables"].items()} == {t: m["rows"] for t, m in by_url["tables"].items()}
        print(f"  the same tables and rows in both: {same}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_scales(parser)
    args = parser.parse_args()
    os.environ.pop("XRM_SPARK_URL", None)  # local mode
    print(machine())
    try:
        for scale in args.scales:
            run_scale(scale)
    finally:
        from olap.engines import spark

        spark.stop()


if __name__ == "__main__":
    main()
