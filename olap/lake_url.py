"""The lake at a URL Spark writes and reads (``XRM_LAKE=s3a://bucket/xrm``, ``hdfs://…``, ``file://…``).

A cluster's lake is usually object storage, which XRM's process cannot write itself (DuckDB would need
its httpfs extension) and which has no atomic rename. So a URL lake is written through Spark, the same
session that reads it (``olap.engines.spark``): each table leaves DuckDB as Arrow batches of at most
``CHUNK_ROWS`` rows (memory stays bounded), goes to Spark as a DataFrame (over the wire on Spark
Connect) and is written as Parquet — fact tables partitioned by month, as in a folder lake.

**Whole or not at all, without a rename.** A write goes under a folder of its own,
``<XRM_LAKE>/<version>/<write>/<table>``; the version's manifest (``<XRM_LAKE>/<version>/_manifest``, a
one-line JSON text dataset) is written last and names that write. A reader finds a version only
through its manifest, so it never sees a table being written; a forced write of a version fills a new
write folder and then replaces the manifest.

**Pruning.** Old versions are deleted through Hadoop's file system when Spark runs in this process
(local mode). On Spark Connect the client has no file system: keep the bucket's own lifecycle rule
(delete objects under the lake's prefix after some days), as ``docs/scale-out.md`` says.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
import threading
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from data.warehouse import version_of

log = logging.getLogger(__name__)

MANIFEST = "_manifest"
CHUNK_ROWS = 500_000  # rows per Arrow batch sent to Spark: the XRM process holds one at a time
_known: dict[tuple[str, str], dict] = {}  # (lake, version) -> its manifest (a written manifest never changes…
_known_lock = threading.Lock()  # …except by a forced write, which refreshes it here)


def is_url(text: str) -> bool:
    """``s3a://…``, ``hdfs://…``, ``file://…``: a lake Spark writes (a plain path is a folder lake)."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text) is not None


def _spark():
    from olap.engines import spark as engine

    return engine.session()


def manifest(version: str, url: str) -> dict | None:
    """The manifest of a complete version of the lake at ``url``, or None when there is none."""
    found = _known.get((url, version))
    if found is not None:
        return found
    try:
        lines = _spark().read.text(f"{url}/{version}/{MANIFEST}").collect()
    except Exception as exc:  # no such path (Spark says so as an analysis error)
        if "PATH_NOT_FOUND" not in str(exc) and "does not exist" not in str(exc):
            raise
        return None
    if not lines:
        return None
    info = json.loads("".join(row.value for row in lines))
    with _known_lock:
        _known[(url, version)] = info
    return info


def table_location(version: str, table: str, url: str, info: dict) -> str:
    return f"{url}/{version}/{info['write']}/{table}"


def write_version(path: Path, url: str, tables: list[tuple[str, list, str | None, str]], force: bool) -> dict:
    """Write the warehouse file ``path`` to the lake at ``url`` through Spark; returns the manifest.

    ``tables`` lists, per table, ``(name, columns, time column or None, select list)`` as
    ``olap.lake`` works them out; a fact table's month column is ``olap.lake.month_sql``'s.
    """
    from olap import lake

    version = version_of(path)
    if not force:
        found = manifest(version, url)
        if found is not None:
            return found
    s = _spark()
    write = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
    started = time.perf_counter()
    written = {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("SET enable_progress_bar = false")
        for table, _columns, time_col, select in tables:
            month = f", {lake.month_sql(time_col)}" if time_col else ""
            reader = con.sql(f"SELECT {select}{month} FROM {lake.quoted(table)}").to_arrow_reader(CHUNK_ROWS)
            rows = _send(s, reader, table_location(version, table, url, {"write": write}), time_col is not None)
            parted = time_col is not None and rows > 0  # an empty table is written whole (``_send``)
            written[table] = {"rows": rows, "partitioned_by": lake.PARTITION if parted else None, "time": time_col}
    finally:
        con.close()
    info = {
        "version": version,
        "write": write,
        "source": str(Path(path).resolve()),
        "written_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "seconds": round(time.perf_counter() - started, 3),
        "tables": written,
    }
    text = json.dumps(info, sort_keys=True)  # one line: one row of a text dataset
    s.createDataFrame([(text,)], "value string").coalesce(1).write.mode("overwrite").text(f"{url}/{version}/{MANIFEST}")
    with _known_lock:
        _known[(url, version)] = info
    log.info("lake version %s written to %s in %.1f s (%s tables)", version, url, info["seconds"], len(written))
    return info


def _send(s, reader: pa.RecordBatchReader, location: str, partitioned: bool) -> int:
    """Write the batches of ``reader`` as Parquet at ``location`` (the first replaces anything there,
    the next ones are appended). An empty table is written whole, with its columns and no rows (a
    partitioned write of no rows writes no file, and Spark could not read the table's columns back)."""
    from olap import lake

    rows, mode = 0, "overwrite"
    for batch in reader:
        rows += batch.num_rows
        _write(s.createDataFrame(pa.Table.from_batches([batch])), location, partitioned, mode, lake.PARTITION)
        mode = "append"
    if rows == 0:
        schema = reader.schema
        if partitioned:
            schema = schema.remove(schema.get_field_index(lake.PARTITION))
        _write(s.createDataFrame(schema.empty_table()), location, False, "overwrite", lake.PARTITION)
    return rows


def _write(frame, location: str, partitioned: bool, mode: str, partition: str) -> None:
    writer = frame.write.mode(mode)
    if partitioned:
        writer = writer.partitionBy(partition)
    writer.parquet(location)


def prune(url: str, kept: set[str], folder: Path) -> list[str]:
    """Delete the versions of the lake at ``url`` written from the warehouse versions folder ``folder``
    and not among ``kept``, through Hadoop's file system when Spark runs in this process; on Spark
    Connect nothing (the bucket's lifecycle rule does it)."""
    from olap.engines import spark as engine

    if engine.is_remote():
        return []
    s = _spark()
    hadoop = s.sparkContext._jvm.org.apache.hadoop.fs
    root = hadoop.Path(url)
    fs = root.getFileSystem(s.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(root):
        return []
    removed = []
    for status in fs.listStatus(root):
        name = status.getPath().getName()
        if name in kept or name.startswith((".", "_")):
            continue
        info = manifest(name, url)
        if info is None or Path(info.get("source", "")).parent != folder:
            continue  # not a version (or one being written), or another warehouse's
        fs.delete(status.getPath(), True)
        with _known_lock:
            _known.pop((url, name), None)
        removed.append(f"{url}/{name}")
    return removed
