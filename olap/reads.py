"""How the pages' own cube reads reach the engine (issue 14 item 4): the dashboard's KPIs and charts,
the catalog's members and bounds, the analyses' SQL, the detail-row exports.

Each takes its cursor from ``olap.engines.cube_cursor`` (DuckDB's cursor, or the Spark adapter that
compiles the same DuckDB-dialect SQL to Spark's), never from the warehouse directly. The SQL these
modules run is written so that sqlglot translates it to Spark SQL of the same meaning
(``tests/test_engine_pages_sql.py`` records every text and translates it): no ``list()``, no
``epoch()`` of an interval, no ``quantile_cont``, no ``to_days``, no ``?::TYPE`` inside ``VALUES``,
ties broken in every ordered list. Work that needs one machine's data (mining, the CRM modules, the
importer) keeps the warehouse's DuckDB cursor; ``docs/scale-out.md`` lists what stays there and why.
"""

from __future__ import annotations

import duckdb

from olap import engines


def cube_cursor(warehouse=None):
    """The cursor the current engine answers cube reads on (``olap.engines.cube_cursor``'s cursor)."""
    return engines.cube_cursor(warehouse)[0]


def cube_cached(key: tuple, compute, warehouse=None, *, keep=None):
    """``compute(cursor)`` on the engine's cursor, kept in the shared result cache (``olap.engine.cached``)
    under the warehouse version, the request's partner scope, the engine's name and ``key``."""
    from olap.engine import cached

    return cached((engines.engine_name(), *key), lambda _own: compute(cube_cursor(warehouse)), warehouse, keep=keep)


def cube_kept(key: tuple, warehouse=None):
    """What ``cube_cached(key, …)`` holds for this version, scope and engine, or None (never computes)."""
    from olap.engine import peek

    return peek((engines.engine_name(), *key), warehouse)


def stream_cursor(warehouse=None):
    """A cursor of its own for a stream that outlives the request's shared cursor (detail exports).

    On DuckDB a new cursor of the warehouse's connection; on another engine the adapter keeps no
    state beyond its last result, so a fresh adapter serves."""
    cursor = cube_cursor(warehouse)
    own = getattr(cursor, "cursor", None)  # DuckDB: a new cursor on the same connection
    return own() if own is not None else cursor


def record_batches(cursor, sql: str, params: list, batch_rows: int):
    """The rows of ``sql`` as a reader of Arrow record batches of at most ``batch_rows`` rows, streamed.

    DuckDB 2's connection has no ``fetch_record_batch``: its relation's ``to_arrow_reader`` streams the
    same way. The Spark adapter streams a page of rows at a time (``SparkCursor.stream``)."""
    stream = getattr(cursor, "stream", None)
    if stream is not None:  # an engine that pages its stream itself (Spark: a page at a time)
        return stream(sql, params, batch_rows)
    if not hasattr(cursor, "fetch_record_batch"):  # DuckDB 2: a streaming relation reader
        return cursor.sql(sql, params=params).to_arrow_reader(batch_rows)
    return cursor.execute(sql, params).fetch_record_batch(batch_rows)


def missing_table(exc: BaseException) -> bool:
    """The engine said a table or view is not there (a warehouse without tickets, partners or campaigns)."""
    if isinstance(exc, duckdb.CatalogException):
        return True
    text = f"{type(exc).__name__}: {exc}"
    return "TABLE_OR_VIEW_NOT_FOUND" in text or "Table or view not found" in text


def close(cursor) -> None:
    """Close a stream's cursor (an engine adapter without ``close`` holds nothing to release)."""
    closer = getattr(cursor, "close", None)
    if closer is not None:
        closer()
