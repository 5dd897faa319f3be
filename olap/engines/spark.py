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
import pyarrow as pa

from data.warehouse import Warehouse, get_warehouse, version_of
from olap import lake
from olap.cube import CubeError
from olap.engines import QueryInterrupted
from olap.engines.dialect import tables_of, to_spark

log = logging.getLogger(__name__)

DEFAULT_URL = "local[2]"
CONNECT_TIMEOUT = 5.0  # seconds to reach a Spark Connect server before the page is told
CANCEL_EVERY = 0.2  # seconds between cancels of an interrupted query's jobs
STREAM_PAGE_ROWS = 200_000  # detail rows fetched from Spark per page of a streamed export
KEEP_SESSIONS = 2  # lake versions with a registered session (the current one and the one before)
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.memory": os.environ.get("XRM_SPARK_DRIVER_MEMORY", "1g"),
    "spark.sql.shuffle.partitions": "2",  # the cube's answers are small: few shuffle tasks
    "spark.default.parallelism": "2",
    "spark.sql.files.openCostInBytes": "8192",  # many small month files per scan task
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}  # no spark.jars.packages: nothing is ever downloaded
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
                raise CubeError("cube.engine_unreachable", url=url, reason=first_line(exc)) from None
        else:
            if not re.fullmatch(r"local(\[(\d+|\*)\])?", url):
                raise CubeError(
                    "cube.engine_failed", reason=f"XRM_SPARK_URL={url!r} is neither sc://host:port nor local[N]"
                )
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # never look the host's name up
            builder = SparkSession.builder.master(url).appName("xrm-cube")
            for key, value in LOCAL_CONF.items():
                if value:
                    builder = builder.config(key, value)
            try:
                built = builder.getOrCreate()
            except Exception as exc:
                raise CubeError("cube.engine_failed", reason=first_line(exc)) from None
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
    # pyspark leaves the process in Connect mode after a remote session stops (it clears the flag only for
    # its own local Connect server): the next session this process makes follows XRM_SPARK_URL again
    os.environ.pop("SPARK_CONNECT_MODE_ENABLED", None)


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
            for old in list(_sessions)[:-KEEP_SESSIONS]:  # an older version's views go with it
                stale = _sessions.pop(old, None)
                for table in _registered.pop(old, set()):
                    try:
                        stale.catalog.dropTempView(table)
                    except Exception:  # already gone with its session: nothing to free
                        pass
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
        done = _registered.setdefault(version, set())
        for table in sorted(missing - done):
            meta = info["tables"].get(table)
            if meta is None:
                continue  # not a warehouse table (a CTE's name): Spark resolves it, or says what is missing
            frame = s.read.parquet(lake.table_location(version, table, info))
            if meta.get("partitioned_by"):
                frame = frame.drop(meta["partitioned_by"])
            frame.createOrReplaceTempView(table)
            done.add(table)


def first_line(exc: BaseException) -> str:
    """Spark's error in one line: its first, or for a JVM error passed through Py4J ("An error occurred
    while calling o50.text.") the JVM exception's own words."""
    lines = [line.strip() for line in str(exc).strip().splitlines()] or [type(exc).__name__]
    if lines[0].startswith("An error occurred while calling"):
        return next((line.lstrip(": ") for line in lines[1:] if "Exception: " in line), lines[0])[:300]
    return lines[0][:300]


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
        self._reader = None  # a DuckDB cursor reading it
        self._tag = None
        self._cancelled = False
        self._state = threading.Lock()

    # -- running
    def execute(self, sql: str, params=None):
        spark_sql = to_spark(sql)
        tag = f"xrm-{secrets.token_hex(6)}"
        with self._state:  # from here on, interrupt() cancels this query, whatever step it is at
            self._tag, self._cancelled, self._table = tag, False, None
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        s = None
        try:
            s = _version_session(self.version)
            self._tag_on(s, tag)
            _register(self.version, s, tables_of(sql))
            if self._cancelled:
                raise QueryInterrupted("the Spark query was cancelled")
            frame = s.sql(spark_sql, args=list(params or []))
            self._table = frame.toArrow()
        except (CubeError, QueryInterrupted):
            raise
        except Exception as exc:
            if self._cancelled:
                raise QueryInterrupted("the Spark job was cancelled") from None
            if is_remote() and _unreachable(exc):
                raise CubeError("cube.engine_unreachable", url=spark_url(), reason=first_line(exc)) from None
            log.warning("Spark failed on %s: %s", spark_sql[:500], exc)
            raise CubeError("cube.engine_failed", reason=first_line(exc)) from None
        finally:
            with self._state:
                self._tag = None
            if s is not None:
                self._tag_off(s, tag)
        if self._cancelled:
            self._table = None
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
        """Cancel the running query (called from another thread: the timeout's timer). A query runs
        as several Spark jobs one after another (a broadcast, then the scan): the cancel is repeated
        until the query has stopped, so a job that starts after the first cancel is cancelled too."""
        with self._state:
            tag = self._tag
            if tag is None:
                return
            self._cancelled = True

        def cancel() -> None:
            while self._tag == tag:
                s = _sessions.get(self.version)
                try:
                    if s is None:
                        pass  # the version's session is being made: cancel its jobs once it is
                    elif is_remote():
                        s.interruptTag(tag)
                    else:
                        s.sparkContext.cancelJobGroup(tag)
                except Exception:  # the session is stopping: nothing left to cancel
                    return
                threading.Event().wait(CANCEL_EVERY)

        threading.Thread(target=cancel, name="xrm-spark-cancel", daemon=True).start()

    # -- results, read back through a DuckDB cursor over the Arrow result: DuckDB's own conversions
    def _result(self):
        if self._reader is None:
            if self._table is None:
                raise CubeError("cube.engine_failed", reason="no result: execute a query first")
            reader = _converter().cursor()
            reader.register("spark_result", self._table)
            self._reader = reader.execute("SELECT * FROM spark_result")
        return self._reader

    def df(self):
        return self._result().df()

    def fetchall(self):
        return self._result().fetchall()

    def fetchone(self):
        return self._result().fetchone()

    def fetch_record_batch(self, rows: int = 1_000_000):
        """The result as a reader of Arrow record batches of ``rows`` rows (as DuckDB 1.x's cursor), in
        the Arrow types DuckDB gives (read through a DuckDB relation over Spark's Arrow result)."""
        if self._table is None:
            raise CubeError("cube.engine_failed", reason="no result: execute a query first")
        return _converter().from_arrow(self._table).to_arrow_reader(rows)

    to_arrow_reader = fetch_record_batch  # DuckDB 2's name, on its relations

    def stream(self, sql: str, params, rows: int = 1_000_000):
        """The rows of ``sql`` (an ordered query: detail rows) as a reader of Arrow record batches,
        fetched from Spark a page of ``STREAM_PAGE_ROWS`` at a time (``LIMIT``/``OFFSET`` on the same
        total order), so the XRM process never holds more than one page however many rows there are."""
        first = self._page(sql, params, 0)
        schema = first.schema

        def pages():
            table, offset = first, 0
            while True:
                yield from table.to_batches(max_chunksize=rows)
                if table.num_rows < STREAM_PAGE_ROWS:
                    return
                offset += STREAM_PAGE_ROWS
                table = self._page(sql, params, offset)

        return pa.RecordBatchReader.from_batches(schema, pages())

    def _page(self, sql: str, params, offset: int) -> pa.Table:
        """One page of an ordered query, in the Arrow types DuckDB gives (the page size and offset are
        this module's integers, written into the SQL; the query's own values stay bound)."""
        self.execute(f"{sql} LIMIT {int(STREAM_PAGE_ROWS)} OFFSET {int(offset)}", params)
        return _converter().from_arrow(self._table).to_arrow_table()

    def sql(self, query: str, params=None):
        """``execute`` for callers written for DuckDB 2's ``cursor.sql(…).to_arrow_reader(rows)``
        (streamed exports): the cursor itself, holding the result."""
        return self.execute(query, params)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self._table = self._reader = None


def _unreachable(exc: BaseException) -> bool:
    text = str(exc)
    return any(s in text for s in ("UNAVAILABLE", "Connection refused", "failed to connect", "Deadline Exceeded"))


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
