"""Executive KPIs for a period against its comparison periods, trends and top lists.

Every query reads the exact monthly aggregates of ``data.aggregates`` with bound
parameters; column names come only from this module.

Definitions (also shown in the page's tooltips):
- revenue: net revenue of order lines (returns subtract);
- gross margin: revenue minus cost;
- orders: distinct orders;
- active customers: customers with an order in scope in the period;
- new customers: active customers whose first order ever falls in the period;
- repeat-purchase rate: share of active customers with two or more orders in the period;
- average order value: revenue / orders;
- online share: revenue through online channels / revenue whose channel group is known
  (online or offline); the share of revenue with an unknown channel is reported beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from olap.filters import Filters
from olap.period import Period, add_months

KPI_KEYS = (
    "revenue",
    "gross_margin",
    "orders",
    "active_customers",
    "new_customers",
    "repeat_rate",
    "aov",
    "online_share",
)
SPARK_MONTHS = 12


def kpi_sql(filters: Filters, windows: list[tuple[str, dt.date, dt.date]]) -> tuple[str, list]:
    """One query computing the base KPI sums for several named month windows."""
    values = ", ".join("(?, ?::DATE, ?::DATE)" for _ in windows)
    params: list = [v for window in windows for v in window]
    where, where_params = filters.where("a")
    sql = f"""
        WITH w(name, s, e) AS (VALUES {values}),
        base AS (
            SELECT w.name, a.customer_id, a.channel_group, a.revenue, a.cost, a.orders
            FROM agg_customer_month a JOIN w ON a.month BETWEEN w.s AND w.e
            WHERE a.month BETWEEN ? AND ? AND {where}
        ),
        per_customer AS (
            SELECT name, customer_id, sum(orders) AS orders FROM base GROUP BY name, customer_id
        ),
        customers AS (
            SELECT p.name,
                   count(*) AS active_customers,
                   count(*) FILTER (WHERE p.orders >= 2) AS repeat_customers,
                   count(*) FILTER (
                       WHERE f.acquired_in_history AND f.first_order_month BETWEEN w.s AND w.e
                   ) AS new_customers
            FROM per_customer p
            JOIN w USING (name)
            JOIN customer_first_order f USING (customer_id)
            GROUP BY p.name
        ),
        money AS (
            SELECT name,
                   sum(revenue) AS revenue,
                   sum(revenue - cost) AS gross_margin,
                   sum(orders) AS orders,
                   coalesce(sum(revenue) FILTER (WHERE channel_group = 'online'), 0) AS online_revenue,
                   coalesce(sum(revenue) FILTER (WHERE channel_group IN ('online', 'offline')), 0)
                       AS known_channel_revenue,
                   coalesce(sum(revenue) FILTER (WHERE channel_group IS DISTINCT FROM 'online'
                                                   AND channel_group IS DISTINCT FROM 'offline'), 0)
                       AS unknown_channel_revenue
            FROM base GROUP BY name
        )
        SELECT w.name,
               coalesce(m.revenue, 0) AS revenue,
               coalesce(m.gross_margin, 0) AS gross_margin,
               coalesce(m.orders, 0) AS orders,
               coalesce(m.online_revenue, 0) AS online_revenue,
               coalesce(m.known_channel_revenue, 0) AS known_channel_revenue,
               coalesce(m.unknown_channel_revenue, 0) AS unknown_channel_revenue,
               coalesce(c.active_customers, 0) AS active_customers,
               coalesce(c.new_customers, 0) AS new_customers,
               coalesce(c.repeat_customers, 0) AS repeat_customers
        FROM w LEFT JOIN money m USING (name) LEFT JOIN customers c USING (name)
    """
    # The outer month range lets DuckDB skip row groups (the table is sorted by month).
    span = [min(w[1] for w in windows), max(w[2] for w in windows)]
    return sql, params + span + where_params


def _ratio(num: float, den: float) -> float | None:
    return float(num) / float(den) if den else None


def derive(row: dict) -> dict:
    """The eight KPIs (plus margin %) from one window's base sums."""
    return {
        "revenue": float(row["revenue"]),
        "gross_margin": float(row["gross_margin"]),
        "margin_pct": _ratio(row["gross_margin"], row["revenue"]),
        "orders": int(row["orders"]),
        "active_customers": int(row["active_customers"]),
        "new_customers": int(row["new_customers"]),
        "repeat_rate": _ratio(row["repeat_customers"], row["active_customers"]),
        "aov": _ratio(row["revenue"], row["orders"]),
        "online_share": _ratio(row["online_revenue"], row["known_channel_revenue"]),
        "unknown_channel_share": _ratio(row["unknown_channel_revenue"], row["revenue"]),
    }


def change(current: float | None, base: float | None) -> float | None:
    """Relative change, None when there is no base to compare with."""
    if current is None or base is None or base == 0:
        return None
    return (current - base) / abs(base)


@dataclass(frozen=True)
class KpiResult:
    current: dict
    previous: dict
    last_year: dict
    spark_months: list[dt.date]
    spark: dict[str, list]


def compute_kpis(cursor, period: Period, filters: Filters) -> KpiResult:
    """KPIs for ``period``, its previous period, the same period last year, and monthly sparklines."""
    prev, ly = period.previous(), period.last_year()
    windows = [
        ("current", period.start, period.end),
        ("previous", prev.start, prev.end),
        ("last_year", ly.start, ly.end),
    ]
    months = [add_months(period.end, -i) for i in range(SPARK_MONTHS - 1, -1, -1)]
    windows += [(f"m{i}", m, m) for i, m in enumerate(months)]
    sql, params = kpi_sql(filters, windows)
    rows = {r["name"]: derive(r) for r in cursor.execute(sql, params).df().to_dict("records")}
    spark = {key: [rows[f"m{i}"][key] for i in range(len(months))] for key in rows["current"]}
    return KpiResult(rows["current"], rows["previous"], rows["last_year"], months, spark)


def monthly_trend(cursor, filters: Filters) -> pd.DataFrame:
    """Revenue by month and channel group over all the data (filters applied, not the period)."""
    where, params = filters.where()
    sql = f"""
        SELECT month, channel_group, sum(revenue) AS revenue, sum(orders) AS orders
        FROM agg_customer_month WHERE {where}
        GROUP BY month, channel_group ORDER BY month, channel_group
    """
    return cursor.execute(sql, params).df()


def _period_where(period: Period, filters: Filters, alias: str) -> tuple[str, list]:
    where, params = filters.where(alias)
    return f"{alias}.month BETWEEN ? AND ? AND {where}", [period.start, period.end, *params]


def revenue_by_geography(cursor, period: Period, filters: Filters, level: str) -> pd.DataFrame:
    """Revenue, margin and customers by region or country in the period."""
    column = {"region": "region", "country": "country"}[level]
    where, params = _period_where(period, filters, "a")
    extra = ", any_value(a.region) AS region" if column == "country" else ""
    sql = f"""
        SELECT a.{column} AS member{extra},
               sum(a.revenue) AS revenue, sum(a.revenue - a.cost) AS gross_margin,
               count(DISTINCT a.customer_id) AS customers
        FROM agg_customer_month a WHERE {where}
        GROUP BY a.{column} ORDER BY revenue DESC
    """
    return cursor.execute(sql, params).df()


def top_customers(cursor, period: Period, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """The customers with the most revenue in the period."""
    where, params = _period_where(period, filters, "a")
    sql = f"""
        SELECT a.customer_id, c.name, c.customer_type, c.country,
               sum(a.revenue) AS revenue, sum(a.revenue - a.cost) AS gross_margin, sum(a.orders) AS orders
        FROM agg_customer_month a JOIN dim_customer c USING (customer_id)
        WHERE {where}
        GROUP BY a.customer_id, c.name, c.customer_type, c.country
        ORDER BY revenue DESC, a.customer_id LIMIT ?
    """
    return cursor.execute(sql, [*params, limit]).df()


def top_products(cursor, period: Period, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """The products with the most revenue in the period."""
    where, params = _period_where(period, filters, "a")
    sql = f"""
        SELECT a.product_id, p.name, p.category,
               sum(a.revenue) AS revenue, sum(a.revenue - a.cost) AS gross_margin,
               sum(a.units) AS units, sum(a.orders) AS orders
        FROM agg_product_month a JOIN dim_product p USING (product_id)
        WHERE {where}
        GROUP BY a.product_id, p.name, p.category
        ORDER BY revenue DESC, a.product_id LIMIT ?
    """
    return cursor.execute(sql, [*params, limit]).df()


def members(cursor) -> dict:
    """Valid filter values and the data's date range, for validating URLs and filling pickers."""
    regions = cursor.execute(
        "SELECT region, list(DISTINCT country ORDER BY country) FROM dim_customer GROUP BY region ORDER BY region"
    ).fetchall()
    first, last = cursor.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    return {
        "regions": {r: tuple(countries) for r, countries in regions},
        "countries": {c: r for r, countries in regions for c in countries},
        "data_start": first,
        "data_end": last,
    }
