"""Executive KPIs for a period against its comparison periods, trends and top lists.

Every query reads the exact monthly aggregates of ``data.aggregates`` for whole months,
and the fact table grouped per day for other days (a partial period and its like-for-like
comparisons, see ``olap.period``), with bound parameters; column names come only from
this module.

Definitions (also shown in the page's tooltips):
- revenue: net revenue of order lines (returns subtract);
- gross margin: revenue minus cost;
- orders: distinct orders;
- active customers: customers with an order in scope in the period (guest checkouts are not customers);
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
from olap.period import Period, add_months, begins_inside, month_end, month_start, whole_months

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


_DAY_ROWS = """
    SELECT f.order_ts::DATE AS day, f.{key}, f.partner_id, c.customer_type, c.region, c.country, ch.channel_group,
           sum(f.revenue) AS revenue, sum(f.cost) AS cost,
           count(DISTINCT f.order_id) AS orders, sum(f.quantity) AS units
    FROM fact_order_line f
    JOIN dim_customer c USING (customer_id)
    JOIN dim_channel ch USING (channel_id)
    WHERE f.order_ts >= ? AND f.order_ts < ?
    GROUP BY ALL
"""
_KEYS = {"agg_customer_month": "customer_id", "agg_product_month": "product_id"}


def _pieces(first_day: dt.date, last_day: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The days split into (``"month"`` or ``"day"``, first, last): whole months in the middle, days at the edges."""
    inner_first = first_day if first_day.day == 1 else add_months(first_day, 1)
    inner_last = last_day if last_day == month_end(last_day) else month_start(last_day) - dt.timedelta(days=1)
    if inner_first > inner_last:
        return [("day", first_day, last_day)]
    pieces = [("day", first_day, inner_first - dt.timedelta(days=1))] if first_day < inner_first else []
    pieces.append(("month", inner_first, inner_last))
    if inner_last < last_day:
        pieces.append(("day", inner_last + dt.timedelta(days=1), last_day))
    return pieces


def rows_in(table: str, first_day: dt.date, last_day: dt.date) -> tuple[str, list]:
    """The rows of ``table`` (a monthly aggregate) for exactly these days, as a subquery with a ``day`` column.

    Whole months read the aggregate; the days of a month the range only partly covers (a
    partial period, its like-for-like comparisons, twelve months ending mid-month) group the
    fact table per day, with the aggregate's columns and sums.
    """
    key = _KEYS[table]
    parts, params = [], []
    for grain, first, last in _pieces(first_day, last_day):
        if grain == "month":
            parts.append(
                f"""SELECT month AS day, {key}, partner_id, customer_type, region, country, channel_group,
                          revenue, cost, orders, units
                   FROM {table} WHERE month BETWEEN ? AND ?"""
            )
            params += [first, last]
        else:
            parts.append(_DAY_ROWS.format(key=key))
            params += [first, last + dt.timedelta(days=1)]
    return "(" + " UNION ALL ".join(parts) + ")", params


def kpi_sql(filters: Filters, windows: list[tuple[str, dt.date, dt.date]]) -> tuple[str, list]:
    """One query computing the base KPI sums for several named windows (first and last day, inclusive).

    Windows of whole months read ``agg_customer_month`` in one join; any other window
    (a partial period or its like-for-like comparison) reads ``rows_in`` per day.
    """
    by_month = [w for w in windows if whole_months(w[1], w[2])]
    by_day = [w for w in windows if not whole_months(w[1], w[2])]
    values = ", ".join("(?, CAST(? AS DATE), CAST(? AS DATE))" for _ in windows)
    params: list = [v for window in windows for v in window]
    where, where_params = filters.where("a")
    parts = []
    if by_month:
        names = ", ".join("?" for _ in by_month)
        parts.append(
            f"""SELECT w.name, a.customer_id, a.channel_group, a.revenue, a.cost, a.orders
            FROM agg_customer_month a JOIN w ON a.month BETWEEN w.s AND w.e
            WHERE w.name IN ({names}) AND a.month BETWEEN ? AND ? AND {where}"""
        )
        # The outer month range lets DuckDB skip row groups (the table is sorted by month).
        span = [min(w[1] for w in by_month), max(w[2] for w in by_month)]
        params += [w[0] for w in by_month] + span + where_params
    for name, first_day, last_day in by_day:
        rows, rows_params = rows_in("agg_customer_month", first_day, last_day)
        parts.append(
            f"""SELECT ? AS name, a.customer_id, a.channel_group, a.revenue, a.cost, a.orders
            FROM {rows} a WHERE {where}"""
        )
        params += [name, *rows_params, *where_params]
    base = "\n            UNION ALL\n            ".join(parts)
    sql = f"""
        WITH w(name, s, e) AS (VALUES {values}),
        base AS (
            {base}
        ),
        per_customer AS (
            SELECT name, customer_id, sum(orders) AS orders FROM base GROUP BY name, customer_id
        ),
        customers AS (
            SELECT p.name,
                   count(*) AS active_customers,
                   count(*) FILTER (WHERE p.orders >= 2) AS repeat_customers,
                   count(*) FILTER (
                       WHERE f.acquired_in_history AND f.first_order_date BETWEEN w.s AND w.e
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
    return sql, params


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
    # a partial period: days each comparison window covers ({"previous": 8, "last_year": 8}); None otherwise
    compared_days: dict[str, int] | None = None


def compute_kpis(cursor, period: Period, filters: Filters, data_start: dt.date | None = None) -> KpiResult:
    """KPIs for ``period``, its previous period, the same period last year, and monthly sparklines.

    A comparison window the data only begins in (``olap.period.begins_inside``; ``data_start``
    defaults to the first order day) has no figures: None, shown as "–", never a part compared
    with a whole.
    """
    prev, ly = period.previous(), period.last_year()
    if data_start is None:
        data_start = cursor.execute("SELECT min(order_ts)::DATE FROM fact_order_line").fetchone()[0]
    windows = [
        ("current", period.first_day, period.last_day),
        ("previous", prev.first_day, prev.last_day),
        ("last_year", ly.first_day, ly.last_day),
    ]
    # the sparkline ends with the month of the period's last day (not empty months after the data)
    last_month = month_start(period.last_day)
    months = [add_months(last_month, -i) for i in range(SPARK_MONTHS - 1, -1, -1)]
    windows += [(f"m{i}", m, month_end(m)) for i, m in enumerate(months)]
    sql, params = kpi_sql(filters, windows)
    rows = {r["name"]: derive(r) for r in cursor.execute(sql, params).df().to_dict("records")}
    spark = {key: [rows[f"m{i}"][key] for i in range(len(months))] for key in rows["current"]}
    compared = {"previous": prev.days, "last_year": ly.days} if period.partial else None
    for name, window in (("previous", prev), ("last_year", ly)):
        if begins_inside(window.first_day, window.last_day, data_start):
            rows[name] = dict.fromkeys(rows[name])
    return KpiResult(rows["current"], rows["previous"], rows["last_year"], months, spark, compared)


# Counts summed are cast to BIGINT where a frame is handed on: DuckDB sums integers to a 128-bit
# integer (a float column in pandas), Spark to a 64-bit one; the cast gives both engines one type.


def monthly_trend(cursor, filters: Filters) -> pd.DataFrame:
    """Revenue by month and channel group over all the data (filters applied, not the period)."""
    where, params = filters.where()
    sql = f"""
        SELECT month, channel_group, sum(revenue) AS revenue, CAST(sum(orders) AS BIGINT) AS orders
        FROM agg_customer_month WHERE {where}
        GROUP BY month, channel_group ORDER BY month, channel_group
    """
    return cursor.execute(sql, params).df()


def _period_rows(table: str, period: Period, filters: Filters) -> tuple[str, str, list]:
    """(rows of the period's exact days, filter predicate on alias ``a``, parameters of both)."""
    rows, params = rows_in(table, period.first_day, period.last_day)
    where, where_params = filters.where("a")
    return rows, where, [*params, *where_params]


def revenue_by_geography(cursor, period: Period, filters: Filters, level: str) -> pd.DataFrame:
    """Revenue, margin and customers by region or country in the period."""
    column = {"region": "region", "country": "country"}[level]
    rows, where, params = _period_rows("agg_customer_month", period, filters)
    extra = ", any_value(a.region) AS region" if column == "country" else ""
    sql = f"""
        SELECT a.{column} AS member{extra},
               sum(a.revenue) AS revenue, sum(a.revenue - a.cost) AS gross_margin,
               count(DISTINCT a.customer_id) FILTER (WHERE g.customer_id IS NOT NULL) AS customers
        FROM {rows} a LEFT JOIN customer_first_order g USING (customer_id) WHERE {where}
        GROUP BY a.{column} ORDER BY revenue DESC, member
    """
    return cursor.execute(sql, params).df()


def top_customers(cursor, period: Period, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """The customers with the most revenue in the period."""
    rows, where, params = _period_rows("agg_customer_month", period, filters)
    sql = f"""
        SELECT a.customer_id, c.name, c.customer_type, c.country,
               sum(a.revenue) AS revenue, sum(a.revenue - a.cost) AS gross_margin,
               CAST(sum(a.orders) AS BIGINT) AS orders
        FROM {rows} a JOIN dim_customer c USING (customer_id)
        WHERE {where} AND c.is_guest IS NOT TRUE
        GROUP BY a.customer_id, c.name, c.customer_type, c.country
        ORDER BY revenue DESC, a.customer_id LIMIT ?
    """
    return cursor.execute(sql, [*params, limit]).df()


def top_products(cursor, period: Period, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """The products with the most revenue in the period."""
    rows, where, params = _period_rows("agg_product_month", period, filters)
    sql = f"""
        SELECT a.product_id, p.name, p.category,
               sum(a.revenue) AS revenue, sum(a.revenue - a.cost) AS gross_margin,
               CAST(sum(a.units) AS BIGINT) AS units, CAST(sum(a.orders) AS BIGINT) AS orders
        FROM {rows} a JOIN dim_product p USING (product_id)
        WHERE {where}
        GROUP BY a.product_id, p.name, p.category
        ORDER BY revenue DESC, a.product_id LIMIT ?
    """
    return cursor.execute(sql, [*params, limit]).df()
