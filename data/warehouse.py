"""Warehouse versions: build a new file, switch a pointer atomically, open read-only.

The pointer (``XRM_DB``, ``instance/xrm.duckdb`` by default) is a symbolic link to
``<pointer stem>.versions/<version>.duckdb``. Writers build a complete new version
beside it and call :func:`publish`; readers resolve the link at each request and
reopen when the version changed, so the web app never holds the warehouse
read-write and several processes can read while a loader writes the next version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import secrets
import shutil
import sys
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

import settings
from i18n import format as fmt

log = logging.getLogger(__name__)

KEEP_VERSIONS = 3
LINEAGE_KEY = "lineage"  # meta key: which warehouse this version belongs to (kept across its versions)
LOADED_KEY = "loaded_at"  # meta key: when this version's data were loaded (kept by score publishes and changes)


class WarehouseUnavailable(RuntimeError):
    """The warehouse is missing or cannot be opened; the message says what to do."""


def versions_dir(pointer: Path | None = None) -> Path:
    pointer = pointer or settings.warehouse_pointer()
    return pointer.with_name(pointer.stem + ".versions")


def new_version_path(pointer: Path | None = None) -> Path:
    """A fresh file name for the next version (sortable by creation time)."""
    folder = versions_dir(pointer)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return folder / f"{stamp}-{secrets.token_hex(3)}.duckdb"


def current_path(pointer: Path | None = None) -> Path:
    """The file of the current version (the pointer itself when it is a plain file)."""
    pointer = pointer or settings.warehouse_pointer()
    if not pointer.exists():
        raise WarehouseUnavailable(
            f"No warehouse found at {pointer}. Run `make run` to build the demo warehouse, "
            "or load your data with the importer."
        )
    return pointer.resolve()


def version_of(path: Path) -> str:
    """The version label of a warehouse file (its name, plus mtime for plain files)."""
    if path.parent.name.endswith(".versions"):
        return path.stem
    return f"{path.stem}-{path.stat().st_mtime_ns}"


def publish(built: Path, pointer: Path | None = None, keep: int = KEEP_VERSIONS) -> str:
    """Make ``built`` (a closed, complete DuckDB file) the current version, atomically."""
    pointer = pointer or settings.warehouse_pointer()
    folder = versions_dir(pointer)
    folder.mkdir(parents=True, exist_ok=True)
    if built.parent.resolve() != folder.resolve():
        target = new_version_path(pointer)
        os.replace(built, target)
        built = target
    if pointer.exists() and not pointer.is_symlink():
        # A plain file given as XRM_DB becomes the first kept version, never lost.
        os.replace(pointer, new_version_path(pointer))
    link = pointer.with_name(f".{pointer.name}.{os.getpid()}.{secrets.token_hex(3)}")
    link.symlink_to(os.path.relpath(built, pointer.parent))
    os.replace(link, pointer)  # rename(2) is atomic: readers see the old or the new version
    prune(pointer, keep)
    for hook in list(_publish_hooks):  # e.g. the lake (olap.lake): never undoes the publish
        try:
            hook(built, pointer)
        except Exception:
            log.exception("a step after publishing %s failed", built.name)
    return built.stem


_publish_hooks: list = []


def on_publish(hook) -> None:
    """Run ``hook(version_path, pointer)`` after every publish (once per hook): steps beyond the
    warehouse, such as writing the version to the lake (``olap.lake``), that a failure must never
    undo; ``hook`` handles and logs its own failures."""
    if hook not in _publish_hooks:
        _publish_hooks.append(hook)


def list_versions(pointer: Path | None = None) -> list[Path]:
    """All kept versions, oldest first."""
    folder = versions_dir(pointer)
    return sorted(folder.glob("*.duckdb")) if folder.exists() else []


def prune(pointer: Path | None = None, keep: int = KEEP_VERSIONS) -> list[Path]:
    """Delete all but the newest ``keep`` versions (never the current one)."""
    pointer = pointer or settings.warehouse_pointer()
    current = pointer.resolve() if pointer.exists() else None
    removed = []
    for path in list_versions(pointer)[:-keep] if keep > 0 else []:
        if path.resolve() != current:
            # Readers that still have it open keep reading: unlinking an open file is safe.
            path.unlink(missing_ok=True)
            Path(str(path) + ".wal").unlink(missing_ok=True)
            removed.append(path)
    return removed


def rollback(pointer: Path | None = None) -> str:
    """Point back to the version before the current one."""
    pointer = pointer or settings.warehouse_pointer()
    versions = list_versions(pointer)
    current = current_path(pointer)
    older = [v for v in versions if v < current]
    if not older:
        raise WarehouseUnavailable("There is no earlier version to roll back to.")
    return publish(older[-1], pointer, keep=len(versions) + 1)


def new_lineage() -> str:
    """A fresh lineage id for a new warehouse (a demo build, an import into a new warehouse)."""
    return secrets.token_hex(8)


def lineage_of(con) -> str:
    """The lineage id of the warehouse ``con`` reads (or writes).

    ``meta.lineage`` when present. A warehouse built before lineages existed has none: its
    id is then derived from what identifies its data and does not change when newer data is
    loaded (meta source, seed, scale, company, history start, and the earliest order line),
    so every reader of that file agrees on it; the next version written from it stores it
    (``ensure_lineage``), after which it never changes.
    """
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", [LINEAGE_KEY]).fetchone()
    except duckdb.CatalogException:
        row = None
    return row[0] if row and row[0] else _derived_lineage_of_file(con)


_derived_lineages: dict[tuple[str, int], str] = {}  # (file, mtime) -> derived id: a version never changes


def _derived_lineage_of_file(con) -> str:
    """``_derived_lineage``, worked out once per version file (it reads the earliest order line)."""
    try:
        path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
        key = (path, os.stat(path).st_mtime_ns) if path else None
    except (duckdb.Error, OSError, TypeError):
        key = None
    if key is None:
        return _derived_lineage(con)
    found = _derived_lineages.get(key)
    if found is None:
        found = _derived_lineages[key] = _derived_lineage(con)
    return found


def _derived_lineage(con) -> str:
    keys = ("source", "seed", "scale", "company", "history_start")
    try:
        meta = dict(con.execute("SELECT key, value FROM meta WHERE key IN (?, ?, ?, ?, ?)", list(keys)).fetchall())
    except duckdb.CatalogException:
        meta = {}
    try:
        first = con.execute(
            "SELECT order_ts, order_id, customer_id FROM fact_order_line ORDER BY order_ts, order_id, line_no LIMIT 1"
        ).fetchone()
    except duckdb.CatalogException:
        first = None
    text = json.dumps([sorted(meta.items()), [str(v) for v in first or ()]])
    return "legacy-" + hashlib.sha256(text.encode()).hexdigest()[:16]


def ensure_lineage(con, lineage: str | None = None) -> str:
    """Store ``lineage`` (default: the version's own, derived for an old warehouse) in ``meta``
    unless it already holds one; returns the stored id. ``con`` is a writer's connection."""
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR)")
    row = con.execute("SELECT value FROM meta WHERE key = ?", [LINEAGE_KEY]).fetchone()
    if row and row[0]:
        return row[0]
    value = lineage or lineage_of(con)
    con.execute("DELETE FROM meta WHERE key = ?", [LINEAGE_KEY])
    con.execute("INSERT INTO meta VALUES (?, ?)", [LINEAGE_KEY, value])
    return value


def start_lineage(con) -> str:
    """Give the warehouse ``con`` writes a new lineage (it holds different data from any before)."""
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR)")
    con.execute("DELETE FROM meta WHERE key = ?", [LINEAGE_KEY])
    return ensure_lineage(con, new_lineage())


def stamp_load(con) -> str:
    """Record in ``meta`` that the version ``con`` writes holds newly loaded data (now, UTC, to the
    second); versions written from it later (score publishes, Customer 360 changes) keep the stamp."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR)")
    con.execute("DELETE FROM meta WHERE key = ?", [LOADED_KEY])
    con.execute("INSERT INTO meta VALUES (?, ?)", [LOADED_KEY, stamp])
    return stamp


def loaded_at_of(con) -> str:
    """When the data ``con`` reads were loaded (``stamp_load``); "" for a warehouse loaded before
    loads were stamped."""
    try:
        row = con.execute("SELECT max(value) FROM meta WHERE key = ?", [LOADED_KEY]).fetchone()
    except duckdb.CatalogException:
        return ""
    return row[0] if row and row[0] else ""


def version_of_connection(con) -> str | None:
    """The version label of the file ``con`` is open on (a version being built has its final label)."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    if not row or not row[0]:
        return None
    path = Path(row[0])
    if path.parent.name.endswith(".versions"):
        return path.name.split(".")[0]  # <version>.duckdb or <version>.building
    return version_of(path) if path.exists() else path.stem


@dataclass(frozen=True)
class Fallback:
    """The current version could not be read: the portal answers from ``used`` (an older version)."""

    bad: Path
    used: Path
    reason: str


def table_names(cursor) -> set[str]:
    """The tables of the database ``cursor`` reads (its own, not an attached one)."""
    rows = cursor.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()")
    return {r[0] for r in rows.fetchall()}


class Warehouse:
    """Read-only access to the current version: one connection per version, a cursor per thread."""

    def __init__(self, pointer: Path | None = None):
        self.pointer = pointer
        self.fallback: Fallback | None = None  # set when the current version is unreadable
        self._broken: dict[Path, Path] = {}  # unreadable version -> the older one answered instead
        self._lock = threading.Lock()
        self._connections: dict[str, duckdb.DuckDBPyConnection] = {}
        self._local = threading.local()
        self._lineages: dict[str, str] = {}
        self._loaded: dict[str, str] = {}
        _readers.add(self)

    def _forget_after_fork(self) -> None:
        """In a forked child (a background job): the parent's connections run on threads the
        child does not have, and a lock may have been held at the fork; start afresh."""
        _inherited.extend(self._connections.values())  # never closed here: closing could wait on dead threads
        self._connections = {}
        self._local = threading.local()
        self._lock = threading.Lock()

    def version(self) -> str:
        path = current_path(self.pointer)
        return version_of(self._broken.get(path, path))

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the current version for this thread (reopened after a switch)."""
        path = current_path(self.pointer)
        path = self._broken.get(path, path)
        version = version_of(path)
        if getattr(self._local, "version", None) == version and self._local.path == path:
            return self._local.cursor
        with self._lock:
            con = self._connections.get(version)
            if con is None:
                path, con = self._open_or_fall_back(path)
                version = version_of(path)
                self._connections[version] = con
                # Keep the previous version open for threads still answering with it.
                for old in list(self._connections)[:-2]:
                    self._connections.pop(old).close()
            cursor = con.cursor()
        self._local.version, self._local.cursor, self._local.path = version, cursor, path
        return cursor

    def cursor_with_version(self) -> tuple[duckdb.DuckDBPyConnection, str]:
        """This thread's cursor and which file and version it reads (for cache keys that must
        match the data the cursor sees, even if another version is published meanwhile)."""
        cursor = self.cursor()
        return cursor, f"{self._local.path}|{self._local.version}"

    def _open_or_fall_back(self, path: Path) -> tuple[Path, duckdb.DuckDBPyConnection]:
        """Open ``path``; when it cannot be read (a corrupt or truncated file), the newest older kept
        version that can, remembered with a ``Fallback`` the portal shows. None readable: the error."""
        try:
            con = self._open(path)
            if self.fallback is not None and self.fallback.bad != path:
                self.fallback = None  # a good version was published since
            return path, con
        except WarehouseUnavailable as exc:
            failure = exc
        for older in reversed([v for v in list_versions(self.pointer) if v < path]):
            try:
                con = self._open(older)
            except WarehouseUnavailable:
                continue
            reason = str(failure.__cause__ or failure).splitlines()[0][:300]
            log.error("warehouse version %s is unreadable (%s); answering from %s", path.name, reason, older.name)
            self._broken[path] = older
            self.fallback = Fallback(bad=path, used=older, reason=reason)
            return older, con
        raise failure

    @staticmethod
    def _open(path: Path) -> duckdb.DuckDBPyConnection:
        try:
            con = duckdb.connect(str(path), read_only=True)
            con.execute("SELECT count(*) FROM fact_order_line").fetchone()
        except duckdb.Error as exc:
            raise WarehouseUnavailable(
                f"The warehouse file {path} could not be read ({str(exc).splitlines()[0]}). "
                "Roll back to the previous version with `python -m data.warehouse rollback`, "
                "or rebuild it with `make demo-data`."
            ) from exc
        return con

    def query_df(self, sql: str, params: list | dict | None = None):
        """Run a parameterised query and return a pandas DataFrame."""
        return self.cursor().execute(sql, params or []).df()

    def lineage(self) -> str:
        """The current version's lineage id (see ``lineage_of``), read once per version."""
        cursor, key = self.cursor_with_version()
        found = self._lineages.get(key)
        if found is None:
            found = self._lineages[key] = lineage_of(cursor)
        return found

    def loaded_at(self) -> str:
        """When the current version's data were loaded (``loaded_at_of``), read once per version."""
        cursor, key = self.cursor_with_version()
        found = self._loaded.get(key)
        if found is None:
            found = self._loaded[key] = loaded_at_of(cursor)
        return found

    def meta(self) -> dict[str, str]:
        """The warehouse's meta table as a dict (source, currency, end_date…)."""
        try:
            rows = self.cursor().execute("SELECT key, value FROM meta").fetchall()
        except duckdb.CatalogException:
            return {}
        return dict(rows)


_default: Warehouse | None = None
_readers: weakref.WeakSet = weakref.WeakSet()
_inherited: list = []


def _after_fork_in_child() -> None:
    for reader in list(_readers):
        reader._forget_after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)


def get_warehouse() -> Warehouse:
    """The process-wide reader of the configured warehouse (see ``use_warehouse``)."""
    global _default
    if _default is None:
        _default = Warehouse()
    return _default


@contextmanager
def use_warehouse(warehouse: Path | Warehouse):
    """Make ``warehouse`` (a pointer, or a reader) what ``get_warehouse`` returns inside the block,
    then restore the previous one, whatever the block raised.

    For tests and benchmarks that run code reading the process's warehouse (pages, callbacks,
    the engine's defaults) against another file::

        with use_warehouse(tmp_path / "xrm.duckdb") as reader:
            layout(period="2025")  # reads tmp_path's warehouse through get_warehouse()
    """
    global _default
    previous = _default
    _default = warehouse if isinstance(warehouse, Warehouse) else Warehouse(warehouse)
    try:
        yield _default
    finally:
        _default = previous


_currencies: dict[str, str] = {}


def reporting_currency(warehouse: Warehouse | None = None) -> str:
    """The ISO 4217 code of the warehouse's amounts (meta ``currency``, chosen at import; USD when
    none is recorded or there is no warehouse), read once per version."""
    try:
        cursor, key = (warehouse or get_warehouse()).cursor_with_version()
    except WarehouseUnavailable:
        return "USD"
    if key not in _currencies:
        own = cursor.cursor()  # never the caller's cursor: it may hold an unfinished result
        try:
            row = own.execute("SELECT max(value) FROM meta WHERE key = 'currency'").fetchone()
        except duckdb.Error:
            row = None
        finally:
            own.close()
        _currencies[key] = (row[0] if row and row[0] else "USD").upper()
    return _currencies[key]


@contextmanager
def writer_lock(pointer: Path | None = None):
    """One writer of warehouse versions at a time (loads, score publishing, customer changes, demo
    builds): an exclusive lock on a file beside the versions, held while a version is written."""
    folder = versions_dir(pointer or settings.warehouse_pointer())
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "publish-scores.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def writer_lock_if_free(pointer: Path | None = None):
    """The writer lock if nobody holds it (yields True, held for the block), else yields False at once.

    Every writer of versions holds ``writer_lock`` while it writes, so whoever gets it here knows no
    load, publish or build is running: what one left behind (``.building`` files, ``running``
    history rows) belongs to a process that died (``data.importer.recovery``).
    """
    with lock_if_free(pointer, "publish-scores.lock") as mine:
        yield mine


@contextmanager
def lock_if_free(pointer: Path | None, name: str):
    """The lock file ``name`` beside the versions, if nobody holds it (yields True, held for the
    block), else yields False at once."""
    folder = versions_dir(pointer or settings.warehouse_pointer())
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / name, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def memory_limited(con, limit: str):
    """DuckDB's memory limit on ``con`` lowered to ``limit`` ("1.4GB") inside the block, as it was after: a
    writer's share of the memory stays bounded however big the warehouse (the rest spills to disk)."""
    before = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    con.execute("SET memory_limit = ?", [limit])
    try:
        yield
    finally:
        con.execute("SET memory_limit = ?", [_as_shown(before)])


def _as_shown(limit: str) -> str:
    """A memory limit DuckDB shows again as ``limit`` ("2.7 GiB"): it shows limits cut to one decimal, so
    setting the shown value itself would lower the limit a little every time."""
    number, _, unit = limit.partition(" ")
    try:
        return f"{float(number) + 0.05:.2f} {unit}" if unit else limit
    except ValueError:
        return limit


def write_version(write, pointer: Path | None = None, start_from: Path | None = None) -> str:
    """Write a new version file (a copy of ``start_from``, or empty) with ``write(con)``.

    Nothing is published unless ``write`` finishes: a failure or a kill leaves only a
    ``.building`` file, never a half-written current version. A copy keeps its warehouse's
    lineage (stored before ``write`` runs, so an old warehouse's derived id is kept too);
    a version written from nothing gets one unless ``write`` started a lineage itself.
    """
    target = new_version_path(pointer)
    partial = target.with_suffix(".building")
    con = None
    try:  # a full disk can fail the copy itself: the partial file goes too
        if start_from is not None:
            shutil.copyfile(start_from, partial)
        con = duckdb.connect(str(partial))
        if start_from is not None:
            ensure_lineage(con)
        write(con)
        ensure_lineage(con)
        con.execute("CHECKPOINT")
    except BaseException:
        if con is not None:
            con.close()
        partial.unlink(missing_ok=True)
        Path(str(partial) + ".wal").unlink(missing_ok=True)
        raise
    con.close()
    os.replace(partial, target)
    return publish(target, pointer)


fmt.use_currency_source(reporting_currency)  # money() without a currency: the warehouse's


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.warehouse", description=__doc__)
    parser.add_argument("command", choices=["path", "versions", "rollback", "prune"])
    args = parser.parse_args(argv)
    try:
        if args.command == "path":
            print(current_path())
        elif args.command == "versions":
            current = current_path() if settings.warehouse_pointer().exists() else None
            for path in list_versions():
                print(("* " if path == current else "  ") + str(path))
        elif args.command == "rollback":
            print(f"current version: {rollback()}")
        else:
            for path in prune():
                print(f"removed {path}")
    except WarehouseUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
