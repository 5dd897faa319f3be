"""Apache Spark answering cube reads (``XRM_ENGINE=spark``): the session, the lake's tables, a cursor.

**The session.** ``XRM_SPARK_URL`` names a Spark Connect server (``sc://host:15002``): XRM is its
client. Unset, or ``local[N]``, XRM starts Spark in this process in local mode (tests, CI, a
laptop): a small driver, no web UI, few shuffle partitions, nothing downloaded. One session per
process, made on first use under a lock; the session time zone is UTC and ``TIMESTAMP`` means a
timestamp without a time zone, as in DuckDB.

**The tables.** Spark reads the lake (``olap.lake``): the lake version of the warehouse version a
request reads. Each lake version gets its own child session (``newSession``: the same Spark, its
own temporary views), where the warehouse's tables are registered as views by name when a query
first names them — so a version switch never changes the tables under a query that is running.
A warehouse version with no lake version is refused with ``cube.lake_missing``.

**The cursor** (``SparkCursor``) answers the DuckDB cursor's calls the cube makes: ``execute(sql,
params)`` translates DuckDB SQL to Spark SQL (``olap.engines.dialect``) and binds the same
positional parameters; results arrive as Arrow and are turned into pandas, tuples or Arrow
batches by DuckDB's own conversion, so the frames have the same column names and dtypes as
DuckDB gives. ``interrupt()`` cancels the running Spark job (its job group, or its tag on Spark
Connect): the query raises ``QueryInterrupted`` and ``olap.cost`` answers ``cube.timeout``. A
server that cannot be reached is ``cube.engine_unreachable`` within seconds; any other failure of
Spark is ``cube.engine_failed`` — a clear message on the page, never a hung callback.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
import threading
from pathlib import Path
from urllib.parse import urlparse

import duckdb

from data.warehouse import Warehouse, get_warehouse, version_of
from olap import lake
from olap.cube import CubeError
from olap.engines import QueryInterrupted
from olap.engines.dialect import tables_of, to_spark

log = logging.getLogger(__name__)

DEFAULT_URL = "local[2]"
CONNECT_TIMEOUT = 5.0  # seconds to reach a Spark Connect server before the page is told
KEEP_SESSIONS = 2  # lake versions with a registered session (the current one and the one before)
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.memory": os.environ.get("XRM_SPARK_DRIVER_MEMORY", "1g"),
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.jars.ivy": "",  # nothing is fetched: no packages are named
}
SESSION_CONF = {  # set on every (child) session, local or remote
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
}

_lock = threading.Lock()
_base = None  # the process's Spark session
_sessions: dict[str, object] = {}  # lake version -> child session with its views
_registered: dict[str, set[str]] = {}  # lake version -> tables registered in its session
_views_lock = threading.Lock()
_convert = threading.local()  # a DuckDB connection per thread, for converting results


def spark_url() -> str:
    return os.environ.get("XRM_SPARK_URL", "").strip() or DEFAULT_URL


def is_remote(url: str | None = None) -> bool:
    return (url or spark_url()).startswith("sc://")


def _check_reachable(url: str) -> None:
    """Reach a Spark Connect server's port first: a server that is down is told in seconds, not after
    the client's retries."""
    parsed = urlparse(url.replace("sc://", "http://", 1))
    host, port = parsed.hostname or "localhost", parsed.port or 15002
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise CubeError("cube.engine_unreachable", url=f"{host}:{port}", reason=exc.strerror or str(exc)) from None


def session():
    """The process's Spark session, made on first use."""
    global _base
    if _base is not None:
        return _base
    with _lock:
        if _base is not None:
            return _base
        url = spark_url()
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - requirements.txt installs it
            raise CubeError("cube.engine_failed", reason=f"pyspark is not installed: {exc}") from None
        if is_remote(url):
            _check_reachable(url)
            try:
                built = SparkSession.builder.remote(url).getOrCreate()
            except Exception as exc:
                raise CubeError("cube.engine_unreachable", url=url, reason=_first_line(exc)) from None
        else:
            if not re.fullmatch(r"local(\[(\d+|\*)\])?", url):
                raise CubeError("cube.engine_failed", reason=f"XRM_SPARK_URL={url!r} is neither sc://host:port nor local[N]")
            builder = SparkSession.builder.master(url).appName("xrm-cube")
            for key, value in LOCAL_CONF.items():
                if value:
                    builder = builder.config(key, value)
            try:
                built = builder.getOrCreate()
            except Exception as exc:
                raise CubeError("cube.engine_failed", reason=_first_line(exc)) from None
            built.sparkContext.setLogLevel("ERROR")
        _apply_conf(built)
        _base = built
        log.info("Spark session started (%s, Spark %s)", url, built.version)
        return built


def _apply_conf(s) -> None:
    for key, value in SESSION_CONF.items():
        s.conf.set(key, value)


def stop() -> None:
    """Stop the process's Spark session (tests; the next read starts another)."""
    global _base
    with _lock:
        base, _base = _base, None
        _sessions.clear()
        _registered.clear()
    if base is not None:
        base.stop()


def _version_session(version: str):
    """The child session holding the lake version's views (made on first use; old ones dropped)."""
    found = _sessions.get(version)
    if found is not None:
        return found
    base = session()
    with _views_lock:
        found = _sessions.get(version)
        if found is None:
            found = base.newSession() if not is_remote() else _new_remote_session()
            _apply_conf(found)
            _sessions[version] = found
            _registered[version] = set()
            for old in list(_sessions)[:-KEEP_SESSIONS]:
                _sessions.pop(old, None)
                _registered.pop(old, None)
    return found


def _new_remote_session():
    from pyspark.sql import SparkSession

    return SparkSession.builder.remote(spark_url()).create()


def _register(version: str, s, tables: set[str]) -> None:
    """Register the lake version's tables named by a query as views in its session."""
    missing = tables - _registered.get(version, set())
    if not missing:
        return
    info = lake.manifest(version)
    if info is None:
        root = lake.lake_root()
        raise CubeError("cube.lake_missing", version=version, lake=str(root) if root else "XRM_LAKE (unset)")
    with _views_lock:
        for table in sorted(missing - _registered[version]):
            meta = info["tables"].get(table)
            if meta is None:
                continue  # not a warehouse table (a CTE's name): Spark resolves it, or says what is missing
            frame = s.read.parquet(str(lake.version_dir(version) / table))
            if meta.get("partitioned_by"):
                frame = frame.drop(meta["partitioned_by"])
            frame.createOrReplaceTempView(table)
            _registered[version].add(table)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _converter() -> duckdb.DuckDBPyConnection:
    con = getattr(_convert, "con", None)
    if con is None:
        con = _convert.con = duckdb.connect()
    return con


class SparkCursor:
    """A cursor answering the DuckDB cursor's calls the cube makes, on Spark (see the module docstring)."""

    engine = "spark"

    def __init__(self, version: str):
        self.version = version
        self._table = None  # the last result, as Arrow
        self._tag = None
        self._cancelled = False
        self._state = threading.Lock()

    # -- running
    def execute(self, sql: str, params=None):
        spark_sql = to_spark(sql)
        s = _version_session(self.version)
        _register(self.version, s, tables_of(sql))
        tag = f"xrm-{secrets.token_hex(6)}"
        with self._state:
            self._tag, self._cancelled, self._table = tag, False, None
        try:
            self._tag_on(s, tag)
            frame = s.sql(spark_sql, args=list(params or []))
            self._table = frame.toArrow()
        except CubeError:
            raise
        except Exception as exc:
            if self._cancelled:
                raise QueryInterrupted("the Spark job was cancelled") from None
            if is_remote() and _unreachable(exc):
                raise CubeError("cube.engine_unreachable", url=spark_url(), reason=_first_line(exc)) from None
            log.warning("Spark failed on %s: %s", spark_sql[:500], exc)
            raise CubeError("cube.engine_failed", reason=_first_line(exc)) from None
        finally:
            self._tag_off(s, tag)
            with self._state:
                self._tag = None
        if self._cancelled:
            raise QueryInterrupted("the Spark job was cancelled")
        return self

    def _tag_on(self, s, tag: str) -> None:
        if is_remote():
            s.addTag(tag)
        else:
            s.sparkContext.setJobGroup(tag, "xrm cube read", interruptOnCancel=True)

    def _tag_off(self, s, tag: str) -> None:
        try:
            if is_remote():
                s.removeTag(tag)
            else:
                s.sparkContext.clearJobGroup()
        except Exception:  # the session may be gone (stopped): nothing left to clear
            pass

    def interrupt(self) -> None:
        """Cancel the running query (called from another thread: the timeout's timer)."""
        with self._state:
            tag = self._tag
            if tag is None:
                return
            self._cancelled = True
        s = _sessions.get(self.version)
        if s is None:
            return
        if is_remote():
            s.interruptTag(tag)
        else:
            s.sparkContext.cancelJobGroup(tag)

    # -- results, converted as DuckDB converts its own
    def _relation(self):
        if self._table is None:
            raise CubeError("cube.engine_failed", reason="no result: execute a query first")
        return _converter().from_arrow(self._table)

    def df(self):
        return self._relation().df()

    def fetchall(self):
        return self._relation().fetchall()

    def fetchone(self):
        return self._relation().fetchone()

    def fetch_record_batch(self, rows: int = 1_000_000):
        return self._relation().fetch_record_batch(rows)

    def close(self) -> None:
        self._table = None


def _unreachable(exc: BaseException) -> bool:
    text = str(exc)
    return any(s in text for s in ("UNAVAILABLE", "Connection refused", "failed to connect", "Deadline Exceeded"))


def lake_version_of(warehouse: Warehouse) -> str:
    """The lake version answering for the warehouse's current version (its version label)."""
    _cursor, key = warehouse.cursor_with_version()
    return version_of(Path(key.split("|", 1)[0]))


def cursor_with_version(warehouse: Warehouse | None = None):
    """``(SparkCursor, version)`` for the warehouse's current version; the version text is the
    warehouse's own (the cache key adds the engine's name)."""
    warehouse = warehouse or get_warehouse()
    _cursor, key = warehouse.cursor_with_version()
    version = version_of(Path(key.split("|", 1)[0]))
    if lake.manifest(version) is None:
        root = lake.lake_root()
        raise CubeError("cube.lake_missing", version=version, lake=str(root) if root else "XRM_LAKE (unset)")
    session()  # the session first: an unreachable server is told here, before any SQL
    return SparkCursor(version), key
