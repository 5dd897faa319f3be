"""Where cube SQL runs: the embedded DuckDB (``XRM_ENGINE=duckdb``, the default) or Apache Spark
(``XRM_ENGINE=spark``, issue 14).

Every cube read — Explore, the dashboard, analyses, exports — takes its cursor from ``cube_cursor``
instead of the warehouse, and hands it SQL written in DuckDB's dialect with ``?`` parameters. The
cursor answers the DuckDB cursor's calls the cube uses: ``execute(sql, params)`` (returning the
cursor), ``df()``, ``fetchall()``, ``fetchone()``, ``fetch_record_batch(rows)`` (and DuckDB 2's
``sql(sql, params=…).to_arrow_reader(rows)``) and ``interrupt()``.
On DuckDB it is the warehouse's own cursor; on Spark an adapter that compiles the SQL to Spark's
dialect and binds the same parameters (``olap.engines.spark``).

Work that is not a cube read (the importer, the segment builder, mining, the CRM modules) keeps the
warehouse's DuckDB cursor: it needs one machine's data and says so where it matters.
"""

from __future__ import annotations

import os

ENGINES = ("duckdb", "spark")


class QueryInterrupted(RuntimeError):
    """A cube query stopped by ``cursor.interrupt()`` on an engine other than DuckDB (DuckDB raises
    its own ``duckdb.InterruptException``); ``olap.cost`` answers both with ``cube.timeout``."""


def engine_name() -> str:
    """The engine answering cube reads in this process: ``duckdb`` unless ``XRM_ENGINE`` names another."""
    name = os.environ.get("XRM_ENGINE", "duckdb").strip().lower() or "duckdb"
    if name not in ENGINES:
        raise ValueError(f"XRM_ENGINE={name!r}: expected one of {', '.join(ENGINES)}")
    return name


def cube_cursor(warehouse=None):
    """``(cursor, version)``: the cursor cube reads go through, and the warehouse version it answers for."""
    from data.warehouse import get_warehouse

    warehouse = warehouse or get_warehouse()
    if engine_name() == "duckdb":
        return warehouse.cursor_with_version()
    from olap.engines import spark  # imported only when asked for: pyspark and a JVM are heavy

    return spark.cursor_with_version(warehouse)
