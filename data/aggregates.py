"""Derived tables built after every load, inside the new warehouse version.

They are exact re-groupings of ``fact_order_line`` (sums and per-order counts that
stay additive because every order has one customer, one timestamp and one
channel), so any figure read from them equals the same figure computed on the
fact table.
"""

from __future__ import annotations

import duckdb


def _month_aggregate(table: str, key: str) -> str:
    """One row per month, ``key`` and customer attributes: the dashboard's monthly figures."""
    return f"""
        CREATE OR REPLACE TABLE {table} AS
        SELECT date_trunc('month', f.order_ts)::DATE AS month,
               f.{key},
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
        ORDER BY month, region, country, {key}
    """


AGGREGATES = {
    # A customer is "acquired in history" when they signed up on or after the first
    # order in the warehouse: for those who signed up earlier, the first recorded
    # order need not be their first purchase, so they never count as new customers.
    # Guest customers (order lines without a customer id) are not customers: absent here,
    # so every customer count that joins this table leaves them out.
    "customer_first_order": """
        CREATE OR REPLACE TABLE customer_first_order AS
        WITH firsts AS (
            SELECT customer_id, min(order_ts)::DATE AS first_order_date
            FROM fact_order_line
            GROUP BY customer_id
        ),
        history AS (SELECT min(first_order_date) AS start FROM firsts)
        SELECT f.customer_id,
               f.first_order_date,
               date_trunc('month', f.first_order_date)::DATE AS first_order_month,
               coalesce(c.signup_date, f.first_order_date) >= history.start AS acquired_in_history
        FROM firsts f
        LEFT JOIN dim_customer c USING (customer_id)
        CROSS JOIN history
        WHERE c.is_guest IS NOT TRUE
    """,
    # country -> region, for facts that record a country but no customer (web sessions)
    "dim_country": """
        CREATE OR REPLACE TABLE dim_country AS
        SELECT country, min(region) AS region FROM dim_customer GROUP BY country
    """,
    "agg_customer_month": _month_aggregate("agg_customer_month", "customer_id"),
    "agg_product_month": _month_aggregate("agg_product_month", "product_id"),
    # Published model scores (mining.publish writes them into a new version): kept across
    # rebuilds of the other derived tables, empty until the first scores are published.
    "customer_score": """
        CREATE TABLE IF NOT EXISTS customer_score (
            customer_id BIGINT PRIMARY KEY,
            value_tier VARCHAR,
            rfm_segment VARCHAR,
            cluster VARCHAR,
            repurchase_decile VARCHAR,
            response_decile VARCHAR
        )
    """,
    # Published partner tiers and stages (crm.partners.status writes them into a new version, after
    # every load and on demand): the cube's partner tier and stage levels read them, never
    # dim_partner.tier. Kept across rebuilds; empty until the first publish.
    "partner_status": """
        CREATE TABLE IF NOT EXISTS partner_status (
            partner_id INTEGER PRIMARY KEY,
            tier VARCHAR,
            stage VARCHAR,
            score DOUBLE,
            weights_version INTEGER,
            as_of DATE
        )
    """,
}


def definitions() -> str:
    """The text of every derived-table definition (part of the derived tables' fingerprint)."""
    return "\n".join(f"{name}\n{sql}" for name, sql in AGGREGATES.items())


def build_aggregates(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)build every table of ``AGGREGATES`` on a read-write connection; returns row counts.

    The rollups and the fingerprint in ``meta`` come after them: ``jobs.derive.build_derived``.
    """
    from data.schema import upgrade

    upgrade(con)  # an older warehouse gains the columns the derived tables read (dim_customer.is_guest)
    counts = {}
    for name, sql in AGGREGATES.items():
        con.execute(sql)
        counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    return counts


def record_derived_version(con: duckdb.DuckDBPyConnection, version: str) -> None:
    """Store the fingerprint the derived tables were built with (see ``stored_derived_version``)."""
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR NOT NULL, value VARCHAR)")
    con.execute("DELETE FROM meta WHERE key = 'derived_version'")
    con.execute("INSERT INTO meta VALUES ('derived_version', ?)", [version])


def stored_derived_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint the warehouse's derived tables were built with (None if unknown)."""
    try:
        rows = con.execute("SELECT value FROM meta WHERE key = 'derived_version'").fetchall()
    except duckdb.CatalogException:
        return None
    return rows[0][0] if rows else None
