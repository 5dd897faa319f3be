"""The lake: warehouse versions written as Parquet for engines that read files (Apache Spark).

``XRM_LAKE`` names a folder (local, or a mount every Spark node shares) or a URL Spark writes and reads
(object storage such as ``s3a://bucket/xrm``: ``olap.lake_url``, written through Spark, a manifest
instead of a rename). In a folder, each warehouse version is written under ``<XRM_LAKE>/<version>/<table>/``
— the fact tables partitioned by the month of their time column (``lake_month=2025-07/``), every
other table (dimensions, rollups, scores, meta) whole — with a ``_SUCCESS`` manifest naming each
table, its row count and its partition column. A version is written into a temporary folder beside
the others and renamed into place when complete, so a reader sees a version whole or not at all.

Every publish of a warehouse version writes its lake version when ``XRM_LAKE`` is set
(``data.warehouse.on_publish``, registered by ``olap/__init__``): a failed write is logged and
leaves the DuckDB publish as it is; the next start of the app (or ``make lake``) writes it again.
Lake versions of pruned warehouse versions are pruned with them.

``python -m olap.lake`` (``make lake``) writes the current version (when missing; ``--force`` again).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import secrets
import shutil
import sys
import threading
import time
from pathlib import Path

import duckdb

import settings
from data.warehouse import WarehouseUnavailable, current_path, list_versions, version_of, versions_dir
from olap import lake_url
from olap.cube import CubeError

log = logging.getLogger(__name__)

MANIFEST = "_SUCCESS"
PARTITION = "lake_month"  # the partition column of fact tables ("none" for rows without a time)
# The time column each fact table is partitioned by (its cube time, or the closest stored column);
# another ``fact_*`` table is partitioned by its first DATE or TIMESTAMP column.
FACT_TIME = {
    "fact_order_line": "order_ts",
    "fact_web_session": "start_ts",
    "fact_campaign_contact": "sent_ts",
    "fact_service_ticket": "opened_ts",
    "fact_opportunity": "created_date",
    "fact_opportunity_stage": "entered_ts",
}
_write_lock = threading.Lock()


class LakeError(RuntimeError):
    """The lake is not configured, or a version could not be written."""


def lake_root() -> Path | str | None:
    """``XRM_LAKE``: a folder (a Path), a URL (its text, without a trailing slash), or None when no
    lake is configured."""
    value = os.environ.get("XRM_LAKE", "").strip()
    if not value:
        return None
    return value.rstrip("/") if lake_url.is_url(value) else Path(value).absolute()


def version_dir(version: str, root: Path | str | None = None) -> Path | str:
    root = root or lake_root()
    if root is None:
        raise LakeError("XRM_LAKE is not set: there is no lake to write or read.")
    return f"{root}/{version}" if isinstance(root, str) else root / version


def manifest(version: str, root: Path | str | None = None) -> dict | None:
    """The manifest of a complete lake version, or None when the version is absent."""
    root = root or lake_root()
    if isinstance(root, str):
        return lake_url.manifest(version, root)
    try:
        text = (version_dir(version, root) / MANIFEST).read_text(encoding="utf-8")
    except (OSError, LakeError):
        return None
    return json.loads(text)


def table_location(version: str, table: str, info: dict, root: Path | str | None = None) -> str:
    """Where Spark reads ``table`` of the lake version whose manifest is ``info``."""
    root = root or lake_root()
    if isinstance(root, str):
        return lake_url.table_location(version, table, root, info)
    return str(version_dir(version, root) / table)


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    """A file path as an SQL string literal (paths are ours: the lake folder and table names)."""
    return "'" + str(path).replace("'", "''") + "'"


def _columns(con, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()


def _select_list(columns: list[tuple[str, str]]) -> str:
    """Every column, 128-bit integers (DuckDB's sums) stored as BIGINT: Parquet has no HUGEINT."""
    out = []
    for name, kind in columns:
        if kind in ("HUGEINT", "UHUGEINT"):
            out.append(f"CAST({quoted(name)} AS BIGINT) AS {quoted(name)}")
        else:
            out.append(quoted(name))
    return ", ".join(out)


def month_sql(time_col: str) -> str:
    """The partition column of a fact table's rows: the month of its time (``none`` without one)."""
    return f"coalesce(strftime({quoted(time_col)}, '%Y-%m'), 'none') AS {PARTITION}"


def _tables(con) -> list[tuple[str, list, str | None, str]]:
    """Each table of the warehouse ``con`` reads: its name, columns, time column (facts) and select list."""
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY table_name"
    ).fetchall()]  # fmt: skip
    out = []
    for table in names:
        columns = _columns(con, table)
        out.append((table, columns, _time_column(table, columns), _select_list(columns)))
    return out


def _time_column(table: str, columns: list[tuple[str, str]]) -> str | None:
    if not table.startswith("fact_"):
        return None
    names = {n for n, _ in columns}
    if FACT_TIME.get(table) in names:
        return FACT_TIME[table]
    return next((n for n, kind in columns if kind in ("DATE", "TIMESTAMP")), None)


def write_version(path: Path, root: Path | str | None = None, force: bool = False) -> dict:
    """Write the warehouse file ``path`` as its lake version; returns the manifest.

    Written whole into a temporary folder and renamed into place (a URL lake: through Spark, its
    manifest last); an existing complete version is kept unless ``force``.
    """
    root = root or lake_root()
    if root is None:
        raise LakeError("XRM_LAKE is not set: there is no lake to write.")
    with _write_lock:
        if isinstance(root, str):
            con = duckdb.connect(str(path), read_only=True)
            try:
                tables = _tables(con)
            finally:
                con.close()
            return lake_url.write_version(path, root, tables, force)
        return _write_folder(path, root, force)


def _write_folder(path: Path, root: Path, force: bool) -> dict:
    version = version_of(path)
    target = root / version
    if not force and (target / MANIFEST).exists():
        return manifest(version, root)
    root.mkdir(parents=True, exist_ok=True)
    partial = root / f".{version}.{os.getpid()}.{secrets.token_hex(3)}.partial"
    started = time.perf_counter()
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("SET enable_progress_bar = false")
        written = {}
        for table, _columns, time_col, select in _tables(con):
            folder = partial / table
            folder.mkdir(parents=True)
            rows = int(con.execute(f"SELECT count(*) FROM {quoted(table)}").fetchone()[0])
            if time_col is not None and rows > 0:  # no rows: one file with the columns (partitions would be none)
                con.execute(
                    f"COPY (SELECT {select}, {month_sql(time_col)} FROM {quoted(table)}) TO {_literal(folder)} "
                    f"(FORMAT parquet, PARTITION_BY ({PARTITION}), OVERWRITE_OR_IGNORE)"
                )
            else:
                con.execute(
                    f"COPY (SELECT {select} FROM {quoted(table)}) TO {_literal(folder / 'data.parquet')} "
                    "(FORMAT parquet)"
                )
            parted = time_col is not None and rows > 0
            written[table] = {"rows": rows, "partitioned_by": PARTITION if parted else None, "time": time_col}
        info = {
            "version": version,
            "source": str(Path(path).resolve()),
            "written_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "seconds": round(time.perf_counter() - started, 3),
            "tables": written,
        }
        (partial / MANIFEST).write_text(json.dumps(info, indent=1, sort_keys=True), encoding="utf-8")
    except BaseException:
        con.close()
        shutil.rmtree(partial, ignore_errors=True)
        raise
    con.close()
    if target.exists():  # forced: the old copy goes only once the new one is complete
        old = root / f".{version}.{secrets.token_hex(3)}.old"
        os.replace(target, old)
        os.replace(partial, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(partial, target)
    log.info("lake version %s written in %.1f s (%s tables)", version, info["seconds"], len(written))
    return info


def prune(pointer: Path | None = None, root: Path | str | None = None) -> list[Path | str]:
    """Delete the lake versions of the pointer's pruned warehouse versions (written from its versions
    folder, and no longer kept there), and partial folders left by a write that died an hour ago."""
    root = root or lake_root()
    if root is None:
        return []
    folder = versions_dir(pointer or settings.warehouse_pointer()).resolve()
    kept = {p.stem for p in list_versions(pointer)}
    if isinstance(root, str):
        return lake_url.prune(root, kept, folder)
    if not root.exists():
        return []
    removed = []
    for child in root.iterdir():
        if child.name.startswith("."):
            if child.name.endswith((".partial", ".old")) and time.time() - child.stat().st_mtime > 3600:
                shutil.rmtree(child, ignore_errors=True)
                removed.append(child)
            continue
        if child.name in kept:
            continue
        info = manifest(child.name, root)
        if info is not None and Path(info.get("source", "")).parent == folder:  # another warehouse's: kept
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child)
    return removed


def after_publish(path: Path, pointer: Path) -> None:
    """The publish step (``data.warehouse.on_publish``): write the new version's lake version when
    ``XRM_LAKE`` is set, prune the old ones. Never raises: the DuckDB publish stands either way."""
    if lake_root() is None:
        return
    try:
        write_version(path)
        prune(pointer)
    except Exception:  # logged, retried at the next start (``ensure_current``) or by ``make lake``
        log.exception("writing the lake version of %s failed; it is written again at the next start", path.name)


def ensure_current(pointer: Path | None = None) -> dict | None:
    """Write the current warehouse version's lake version if it is missing (at the app's start: a
    failed write is retried here). None without a lake or a warehouse; never raises."""
    if lake_root() is None:
        return None
    try:
        path = current_path(pointer or settings.warehouse_pointer())
        info = write_version(path)
        prune(pointer)
        return info
    except Exception:  # a folder's error or Spark's (a URL lake): logged, the app serves on
        log.exception("the lake version of the current warehouse could not be written")
        return None


def ensure_current_in_background(pointer: Path | None = None) -> threading.Thread | None:
    """``ensure_current`` on a daemon thread (the app starts serving meanwhile)."""
    if lake_root() is None:
        return None
    thread = threading.Thread(target=ensure_current, args=(pointer,), name="xrm-lake", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m olap.lake", description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="write the version again even if it is there")
    args = parser.parse_args(argv)
    root = lake_root()
    if root is None:
        print("XRM_LAKE is not set: name the lake folder, e.g. XRM_LAKE=instance/lake make lake", file=sys.stderr)
        return 2
    try:
        path = current_path()
        info = write_version(path, root, force=args.force)
        prune(None, root)
    except (WarehouseUnavailable, LakeError, duckdb.Error, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except CubeError as exc:  # a URL lake: Spark could not be started or reached
        print(exc.message("en"), file=sys.stderr)
        return 1
    except Exception as exc:  # a URL lake: Spark's own error (no permission on the bucket, a missing connector)
        from olap.engines.spark import first_line

        print(f"writing the lake version through Spark failed: {first_line(exc)}", file=sys.stderr)
        return 1
    total = sum(t["rows"] for t in info["tables"].values())
    where = version_dir(info["version"], root)
    print(f"lake version {info['version']}: {len(info['tables'])} tables, {total:,} rows under {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
