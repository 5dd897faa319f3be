"""Answering query specs for pages: the one entry point callbacks use.

``execute(spec)`` answers a spec on the current warehouse version: from the result
cache when the same spec was answered on the same version before (by any worker
process: the cache lives on disk), else from the smallest rollup that answers it
exactly, else from the fact tables. A new warehouse version has a new version
label, so a data load invalidates every cached answer without any purge.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from dataclasses import dataclass

import diskcache
import pandas as pd

import settings
from data.warehouse import Warehouse, get_warehouse
from olap import cost, rollups
from olap.cube import FACTS
from olap.engines import cube_cursor, engine_name
from olap.query import QuerySpec, compile_spec
from olap.scope import partner_scope, scope_key

log = logging.getLogger(__name__)
CACHE_BYTES = 1 << 30
_lock = threading.Lock()
_caches: dict[str, diskcache.Cache] = {}
_inherited: list = []


def _after_fork_in_child() -> None:
    """A background job's process opens its own cache handles (and a lock nobody holds)."""
    global _lock, _caches, _flight_lock, _in_flight
    _inherited.extend(_caches.values())
    _caches = {}
    _lock = threading.Lock()
    _flight_lock, _in_flight = threading.Lock(), {}


# Answers being computed in this process right now, by cache key: a second request for the same
# answer (a click on a drill-down the background is working out ahead, ``olap.anticipate``, or two
# people asking at once) waits for the first instead of computing it again beside it.
FLIGHT_WAIT = 30.0
_flight_lock = threading.Lock()
_in_flight: dict[str, threading.Event] = {}


os.register_at_fork(after_in_child=_after_fork_in_child)
_catalogs: dict[str, dict[str, int]] = {}


@dataclass(frozen=True)
class Answer:
    frame: pd.DataFrame
    source: str  # "cache", a rollup name, "fact", or "+"-joined names when several facts
    seconds: float
    version: str
    engine: str = "duckdb"  # the engine that answered (``XRM_ENGINE``; the one that filled the cache for "cache")


_directory: str | None = None


def use_cache_directory(path) -> str | None:
    """Keep results somewhere else (benchmarks, tests; ``None`` is ``instance/cache/results``);
    returns the directory used before, to restore it."""
    global _directory
    previous, _directory = _directory, (None if path is None else str(path))
    return previous


def cache() -> diskcache.Cache:
    """The process's handle on the shared result cache (``instance/cache/results``)."""
    directory = _directory or str(settings.cache_dir() / "results")
    with _lock:
        handle = _caches.get(directory)
        if handle is None:
            handle = diskcache.Cache(directory, size_limit=CACHE_BYTES, eviction_policy="least-recently-used")
            _caches[directory] = handle
    return handle


def clear_cache() -> None:
    cache().clear()


def cached(key: tuple, compute, warehouse: Warehouse | None = None, *, keep=None):
    """``compute(cursor)`` kept in the shared result cache under the warehouse version and ``key``.

    The cursor and the version come together, so an answer is always filed under the version it
    was computed on; a load makes a new version and nothing stale is ever served. ``keep(answer)``
    false leaves an answer out of the cache (e.g. one carrying a message about its request).
    The request's partner scope (``olap.scope.scope_key``) is part of every key: an answer
    computed for one partner manager never serves another, nor an unrestricted user. ``compute``
    gets the warehouse's DuckDB cursor: the answers kept here are mostly not cube reads (campaign
    results, partner scorecards, the pipeline, recommendations: SQL over one machine's warehouse,
    written for DuckDB); a cube read kept in the cache takes the engine's cursor itself
    (``olap.reads.cube_cached``, or ``execute`` inside ``compute``). The engine's name is part of the key.
    """
    cursor, version = (warehouse or get_warehouse()).cursor_with_version()
    name = "|".join([_engine_part(version), scope_key(), *(str(part) for part in key)])
    hit = cache().get(name)
    if hit is not None:
        return hit
    with _flight_lock:
        running = _in_flight.get(name)
        if running is None:
            _in_flight[name] = mine = threading.Event()
    if running is not None:  # the same answer is being computed in this process: wait for it
        running.wait(FLIGHT_WAIT)
        hit = cache().get(name)
        # it failed, was not kept, or took too long: compute it here
        return hit if hit is not None else _computed(name, compute, cursor, keep)
    try:
        return _computed(name, compute, cursor, keep)
    finally:
        with _flight_lock:
            _in_flight.pop(name, None)
        mine.set()


def peek(key: tuple, warehouse: Warehouse | None = None):
    """What ``cached(key, …)`` holds for the current version and the request's scope, or None:
    never computes (a page's first paint shows a kept answer, and leaves a missing one to a job)."""
    _cursor, version = (warehouse or get_warehouse()).cursor_with_version()  # the key ``cached`` files under
    return cache().get("|".join([_engine_part(version), scope_key(), *(str(part) for part in key)]))


def _engine_part(version: str) -> str:
    """The version part of a cache key, with the engine's name unless it is DuckDB (whose keys keep
    the form they had: a cache written before engines existed stays valid)."""
    name = engine_name()
    return version if name == "duckdb" else f"{name}|{version}"


def _computed(name: str, compute, cursor, keep):
    answer = compute(cursor)
    if keep is None or keep(answer):
        cache().set(name, answer)
    return answer


def _catalog(cursor, version: str) -> dict[str, int]:
    found = _catalogs.get(version)
    if found is None:
        found = rollups.catalog(cursor)
        with _lock:
            _catalogs[version] = found
    return found


def compiled_for(spec: QuerySpec, cursor, version: str, use_rollups: bool = True):
    """The SQL answering ``spec`` and where it reads from (a rollup per fact, or the fact),
    restricted to the request's partner scope (``olap.scope``)."""
    scope = partner_scope()
    plan = rollups.plan(spec, _catalog(cursor, version) if use_rollups else {}, scoped=scope is not None)
    compiled = compile_spec(spec, facts={**FACTS, **plan.facts}, part_sql=plan.part_sql, scope=scope)
    return compiled, "+".join(plan.sources.values())


def execute_with_info(
    spec: QuerySpec,
    warehouse: Warehouse | None = None,
    use_cache: bool = True,
    use_rollups: bool = True,
    export: bool = False,
) -> Answer:
    """The spec's answer with where it came from and how long it took; a spec too large to answer is
    refused before it runs and a slow one is stopped (``olap.cost``: ``cube.too_large``, ``cube.timeout``)."""
    started = time.perf_counter()
    warehouse = warehouse or get_warehouse()
    engine = engine_name()
    # the plan's metadata (table sizes, the rollup catalog) from the version's DuckDB file; the
    # answer from the engine (the same version: Spark reads that version's lake copy)
    cursor, version = warehouse.cursor_with_version()
    key = f"{_engine_part(version)}|{scope_key()}|{int(use_rollups)}|{spec.key()}"
    if use_cache:
        hit = cache().get(key)
        if hit is not None:
            return Answer(hit, "cache", time.perf_counter() - started, version, engine)
    cost.check(spec, cursor, version, export=export)
    compiled, source = compiled_for(spec, cursor, version, use_rollups)
    reader = cursor if engine == "duckdb" else cube_cursor(warehouse)[0]
    frame = cost.run(reader, compiled.sql, compiled.params)
    if use_cache:
        cache().set(key, frame)
    seconds = time.perf_counter() - started
    log.info("cube query answered by %s from %s in %.3f s (%d rows)", engine, source, seconds, len(frame))
    return Answer(frame, source, seconds, version, engine)


def execute(spec: QuerySpec, warehouse: Warehouse | None = None, export: bool = False) -> pd.DataFrame:
    """The spec's answer: level ids, ``<id>:label`` columns, measures (``export``: the larger size bound)."""
    return execute_with_info(spec, warehouse, export=export).frame.copy()


def compared_spec(spec: QuerySpec, warehouse: Warehouse | None = None) -> QuerySpec:
    """The spec over its comparison span: the span just before, cut like for like when the
    data's last day cuts the view's range short (``olap.query.previous_period``)."""
    from olap.query import previous_period

    return previous_period(spec, data_end(warehouse))


def data_end(warehouse: Warehouse | None = None) -> dt.date:
    """The data's last day (its last order day), cached per warehouse version."""
    from olap.catalog import catalog

    return catalog(warehouse or get_warehouse()).data_end


def execute_compared(spec: QuerySpec, warehouse: Warehouse | None = None, export: bool = False) -> pd.DataFrame:
    """The spec's answer with each measure's value in the previous period (``<measure>__prev``).

    Members of a non-time row level are matched by name; periods (a time row level) line
    up by position, as this month lines up with the month before.
    """
    from olap.catalog import catalog
    from olap.cube import level
    from olap.period import begins_inside

    df = execute(spec, warehouse, export)
    before = compared_spec(spec, warehouse)
    if begins_inside(before.start, before.end, catalog(warehouse or get_warehouse()).data_start):
        for m in spec.measures:  # the data begins inside the span before: no comparison, not a tiny base
            df[f"{m}__prev"] = None
        return df
    prev = execute(before, warehouse, export)
    row = spec.rows[0] if spec.rows else None
    if row is None:
        for m in spec.measures:
            df[f"{m}__prev"] = prev[m].iloc[0] if len(prev) else None
    elif level(row).time_grain:
        df = df.sort_values(row).reset_index(drop=True)
        prev = prev.sort_values(row).reset_index(drop=True)
        for m in spec.measures:
            df[f"{m}__prev"] = prev[m].reindex(df.index)
    else:
        prev = prev.set_index(row)
        for m in spec.measures:
            df[f"{m}__prev"] = df[row].map(prev[m])
    return df


@dataclass(frozen=True)
class Detail:
    """One page of the detail rows behind a cell: the rows, their total count, which page of how many."""

    frame: pd.DataFrame
    total: int
    page: int
    pages: int


def detail(spec: QuerySpec, cell: dict[str, str], page: int = 0, page_size: int = 100, warehouse=None) -> Detail:
    """The rows behind ``cell`` (group levels → members) of ``spec``'s first measure's fact, page ``page``
    (moved back to the last page when there are fewer); read from the fact, never cached."""
    from olap.query import detail_count, detail_query

    cursor, _version = cube_cursor(warehouse or get_warehouse())
    sql, params = detail_count(spec, cell)
    total = cursor.execute(sql, params).fetchall()[0][0]
    pages = max(1, -(-total // page_size))
    page = min(page, pages - 1)
    sql, params = detail_query(spec, cell, page=page, page_size=page_size)
    return Detail(cursor.execute(sql, params).df(), total, page, pages)
