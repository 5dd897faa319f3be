"""Bounded work per cube query: a size estimate before running, a timeout that really stops DuckDB.

**Before running** (``check``): the answer's rows are estimated as the product of each grouped
level's members — an id level (customer, product, partner, channel) has as many as its dimension
table has rows, a time level as many periods as its range spans, any other level at most
``OTHER_MEMBERS`` — capped by the fact rows there are (a grouping never has more rows than lines).
A spec whose estimate passes ``max_rows`` (``XRM_MAX_CELLS``, 1,000,000 by default; exports allow
``XRM_EXPORT_MAX_CELLS``, 5,000,000) and that has no row limit of its own is refused before it
runs, with the levels that made it large and what to try instead. A spec with a limit (Explore's
display rows) passes: its answer is small whatever it reads, and the timeout bounds its work.

**While running** (``run``): a timer interrupts the cursor after ``XRM_QUERY_TIMEOUT`` seconds
(30 by default; DuckDB stops the query and raises, Spark cancels the query's jobs:
``olap.engines.spark``), and the reader gets ``cube.timeout`` with a narrower view to try, never a
hung request. The cursor is the engine's (``olap.engines.cube_cursor``); the size estimate reads
the version's DuckDB file, whichever engine answers.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import threading

import duckdb

from data.warehouse import table_names
from olap.cube import CubeError, level
from olap.engines import QueryInterrupted
from olap.query import QuerySpec

OTHER_MEMBERS = 1000  # an attribute level (region, category, tier…) has at most this many members
ID_TABLES = {"customer": "dim_customer", "product": "dim_product", "partner": "dim_partner", "channel": "dim_channel"}
DAYS_PER = {"day": 1, "week": 7, "month": 30.44, "quarter": 91.31, "year": 365.25}
_sizes: dict[str, dict[str, int]] = {}
_lock = threading.Lock()


def max_rows(export: bool = False) -> int:
    name, default = ("XRM_EXPORT_MAX_CELLS", 5_000_000) if export else ("XRM_MAX_CELLS", 1_000_000)
    try:
        return max(int(os.environ.get(name, default)), 1)
    except ValueError:
        return default


def timeout_seconds() -> float:
    try:
        return max(float(os.environ.get("XRM_QUERY_TIMEOUT", 30)), 0.1)
    except ValueError:
        return 30.0


def _table_sizes(cursor, version: str) -> dict[str, int]:
    """Rows of the id dimensions and of the order lines, read once per warehouse version."""
    found = _sizes.get(version)
    if found is None:
        tables = table_names(cursor)
        found = {}
        for name in {*ID_TABLES.values(), "fact_order_line"} & tables:
            found[name] = int(cursor.execute(f"SELECT count(*) FROM {name}").fetchone()[0])  # names from code
        with _lock:
            _sizes[version] = found
    return found


def _members(level_id: str, spec: QuerySpec, sizes: dict[str, int], data: tuple[dt.date, dt.date] | None) -> int:
    lvl = level(level_id)
    if lvl.time_grain:
        start = spec.start or (data[0] if data else None)
        end = spec.end or (data[1] if data else None)
        if start is None or end is None:
            return OTHER_MEMBERS
        return max(math.ceil(((end - start).days + 1) / DAYS_PER[lvl.time_grain]), 1)
    if lvl.label_attr and lvl.dimension in ID_TABLES:
        return max(sizes.get(ID_TABLES[lvl.dimension], OTHER_MEMBERS), 1)
    return OTHER_MEMBERS


def estimated_rows(spec: QuerySpec, cursor, version: str, data: tuple[dt.date, dt.date] | None = None) -> int:
    """An upper estimate of the answer's rows (see the module docstring)."""
    levels = spec.group_levels
    if not levels:
        return 1
    sizes = _table_sizes(cursor, version)
    product = math.prod(_members(x, spec, sizes, data) for x in levels)
    lines = sizes.get("fact_order_line")
    return min(product, lines) if lines else product


def check(spec: QuerySpec, cursor, version: str, data=None, export: bool = False) -> None:
    """Refuse a spec too large to answer (``cube.too_large``), before it runs."""
    if spec.limit is not None and spec.limit <= max_rows(export):
        return
    rows = estimated_rows(spec, cursor, version, data)
    limit = max_rows(export)
    if rows > limit:
        largest = sorted(spec.group_levels, key=lambda x: -_members(x, spec, _table_sizes(cursor, version), data))
        raise CubeError("cube.too_large", rows=f"{rows:,}", limit=f"{limit:,}", levels=tuple(largest[:2]))


def run(cursor, sql: str, params: list, seconds: float | None = None):
    """``cursor.execute(sql, params)`` interrupted after ``seconds``: ``cube.timeout`` then."""
    seconds = timeout_seconds() if seconds is None else seconds
    done = threading.Event()

    def stop() -> None:
        if not done.is_set():  # never interrupt the cursor's next query
            cursor.interrupt()

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        return cursor.execute(sql, params).df()
    except (duckdb.InterruptException, QueryInterrupted):
        raise CubeError("cube.timeout", seconds=f"{seconds:g}") from None
    finally:
        done.set()
        timer.cancel()
