"""The cube's DuckDB SQL written for Spark (olap.engines.dialect): no JVM needed, so in `make test-fast`.

What each translation means on Spark is proven by tests/test_spark_engine.py (the same frames on both
engines); these pin the tree fixes and that values stay bound parameters.
"""

from __future__ import annotations

import sqlglot

from olap.engines.dialect import tables_of, to_spark
from olap.query import compile_spec, detail_query, make_spec


def test_iso_weeks_use_the_iso_year_and_week():
    sql = to_spark("SELECT strftime(f.order_ts, '%G-W%V') AS k0 FROM fact_order_line f")
    assert sql == (
        "SELECT CONCAT(CAST(DATE_PART('YEAROFWEEK', f.order_ts) AS STRING), '-W', "
        "LPAD(CAST(WEEKOFYEAR(f.order_ts) AS STRING), 2, '0')) AS k0 FROM fact_order_line AS f"
    )
    assert "DATE_FORMAT(f.order_ts, 'yyyy-MM')" in to_spark("SELECT strftime(f.order_ts, '%Y-%m') FROM t f")


def test_durations_are_microseconds_between_as_a_double():
    sql = to_spark("SELECT sum(epoch(t.closed_ts - t.opened_ts) / 3600.0) FROM fact_service_ticket t")
    assert "UNIX_TIMESTAMP" not in sql
    assert "CAST(TIMESTAMPDIFF(MICROSECOND, t.opened_ts, t.closed_ts) AS DOUBLE) / CAST(1000000 AS DOUBLE)" in sql


def test_a_subquery_inside_an_aggregate_filter_becomes_a_join():
    sql = to_spark(
        "SELECT k0, count(*) FILTER (WHERE n >= 2 AND _customer IN (SELECT customer_id FROM customer_first_order)) AS r "
        "FROM (SELECT 1 AS k0, 2 AS _customer, 3 AS n) GROUP BY k0"
    )
    tree = sqlglot.parse_one(sql, read="spark")
    assert not [f for f in tree.find_all(sqlglot.exp.Filter) if f.find(sqlglot.exp.Subquery, sqlglot.exp.Select)]
    assert "LEFT JOIN (SELECT DISTINCT customer_id FROM customer_first_order)" in sql


def test_nulls_sort_last_as_in_duckdb_and_parameters_stay_bound():
    spec = make_spec(["margin_pct"], rows=["geo.region"], filters={"geo.region": ["Europe"]}, descending=False, limit=5)
    compiled = compile_spec(spec, scope=None)
    sql = to_spark(compiled.sql)
    assert "ASC NULLS LAST" in sql
    assert "Europe" not in sql and sql.count("?") == compiled.sql.count("?") == len(compiled.params)
    detail, params = detail_query(spec, {"geo.region": "Asia"}, scope=None)
    assert to_spark(detail).count("?") == len(params) and "Asia" not in to_spark(detail)
    assert "NULLS LAST" in to_spark(detail)  # DuckDB's default for ASC, Spark's is NULLS FIRST


def test_tables_named_by_a_query():
    spec = make_spec(["revenue", "sessions"], rows=["channel.group"])
    names = tables_of(compile_spec(spec, scope=None).sql)
    assert {"fact_order_line", "fact_web_session", "dim_channel"} <= names
