"""Derived tables built after every load, inside the new warehouse version.

They are exact re-groupings of ``fact_order_line`` (sums and per-order counts that
stay additive because every order has one customer, one timestamp and one
channel), so any figure read from them equals the same figure computed on the
fact table.
"""

from __future__ import annotations

import duckdb

AGGREGATES = {
    "customer_first_order": """
        CREATE OR REPLACE TABLE customer_first_order AS
        SELECT customer_id,
               min(order_ts)::DATE AS first_order_date,
               date_trunc('month', min(order_ts))::DATE AS first_order_month
        FROM fact_order_line
        GROUP BY customer_id
    """,
    "agg_customer_month": """
        CREATE OR REPLACE TABLE agg_customer_month AS
        SELECT date_trunc('month', f.order_ts)::DATE AS month,
               f.customer_id,
               c.customer_type, c.region, c.country,
               ch.channel_group,
               sum(f.revenue) AS revenue,
               sum(f.cost) AS cost,
               count(DISTINCT f.order_id) AS orders,
               sum(f.quantity) AS units
        FROM fact_order_line f
        JOIN dim_customer c USING (customer_id)
        JOIN dim_channel ch USING (channel_id)
        GROUP BY ALL
        ORDER BY month, region, country, customer_id
    """,
    "agg_product_month": """
        CREATE OR REPLACE TABLE agg_product_month AS
        SELECT date_trunc('month', f.order_ts)::DATE AS month,
               f.product_id,
               c.customer_type, c.region, c.country,
               ch.channel_group,
               sum(f.revenue) AS revenue,
               sum(f.cost) AS cost,
               count(DISTINCT f.order_id) AS orders,
               sum(f.quantity) AS units
        FROM fact_order_line f
        JOIN dim_customer c USING (customer_id)
        JOIN dim_channel ch USING (channel_id)
        GROUP BY ALL
        ORDER BY month, region, country, product_id
    """,
}


def build_aggregates(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)build every derived table on a read-write connection; returns row counts."""
    counts = {}
    for name, sql in AGGREGATES.items():
        con.execute(sql)
        counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    return counts
