"""Guest customers: the importer's stand-ins for order lines without a customer id.

One guest customer per country (``dim_customer.is_guest``) carries those lines, so they
count in revenue, product and country figures; customer analytics (RFM, CLV, features,
clusters, segments, propensity, customer counts, Customer 360 search) leave them out.
"""

from __future__ import annotations

# SQL (code constants only) of the guest customers' ids
GUEST_IDS = "SELECT customer_id FROM dim_customer WHERE is_guest"


def has_guest_flag(cursor) -> bool:
    """True when the warehouse's ``dim_customer`` has the ``is_guest`` column (older ones may not)."""
    sql = (
        "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
        "AND table_name = 'dim_customer' AND column_name = 'is_guest'"
    )
    return bool(cursor.execute(sql).fetchone()[0])


def not_guest_sql(cursor, column: str = "customer_id") -> str:
    """A condition on ``column`` (a code constant) that leaves guests out; ``true`` without the flag."""
    return f"{column} NOT IN ({GUEST_IDS})" if has_guest_flag(cursor) else "true"


def guest_activity(cursor) -> dict:
    """Orders, lines and revenue of the guest customers: what pages say is not counted as customers."""
    if not has_guest_flag(cursor):
        return {"orders": 0, "lines": 0, "revenue": 0.0}
    orders, lines, revenue = cursor.execute(
        f"""SELECT count(DISTINCT order_id), count(*), coalesce(sum(revenue), 0) FROM fact_order_line
            WHERE customer_id IN ({GUEST_IDS})"""
    ).fetchone()
    return {"orders": int(orders), "lines": int(lines), "revenue": float(revenue)}


_activity: dict[str, dict] = {}  # this process's figures of the current version (one version at a time)


def guest_activity_of(warehouse) -> dict:
    """``guest_activity`` of a warehouse's current version, worked out once per version (it scans the facts)."""
    cursor, key = warehouse.cursor_with_version()
    found = _activity.get(key)
    if found is None:
        found = guest_activity(cursor)
        _activity.clear()
        _activity[key] = found
    return found
