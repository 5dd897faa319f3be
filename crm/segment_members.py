"""A saved segment's members as people who use them see them: who they are and what they bought.

The member list of a version's snapshot (the download) and the preview's biggest members both read
the same columns from the warehouse: name, country, type, lifetime net revenue, orders and the day of
the last order. Member ids are bound as one list parameter, never written into SQL.
"""

from __future__ import annotations

import pandas as pd

from data.guests import not_guest_sql

COLUMNS = ("customer_id", "name", "country", "customer_type", "revenue", "orders", "last_order")

_MEMBERS_SQL = """
WITH m AS (SELECT unnest(CAST(? AS BIGINT[])) AS customer_id),
s AS (
    SELECT f.customer_id, sum(f.revenue) AS revenue, count(DISTINCT f.order_id) AS orders,
           max(f.order_ts)::DATE AS last_order
    FROM fact_order_line f SEMI JOIN m USING (customer_id)
    GROUP BY f.customer_id
)
SELECT c.customer_id, c.name, c.country, c.customer_type, coalesce(s.revenue, 0)::DOUBLE AS revenue,
       coalesce(s.orders, 0) AS orders, s.last_order
FROM dim_customer c SEMI JOIN m USING (customer_id) LEFT JOIN s USING (customer_id)
WHERE {not_guest}
ORDER BY revenue DESC, c.customer_id
"""


def member_frame(cursor, customer_ids) -> pd.DataFrame:
    """``COLUMNS`` of the given customers that the warehouse holds, biggest revenue first (ties by id)."""
    ids = [int(c) for c in customer_ids]
    if not ids:
        return pd.DataFrame({c: [] for c in COLUMNS})
    sql = _MEMBERS_SQL.format(not_guest=not_guest_sql(cursor, "c.customer_id"))
    frame = cursor.execute(sql, [ids]).df()[list(COLUMNS)]
    frame["last_order"] = [None if pd.isna(d) else pd.Timestamp(d).date() for d in frame["last_order"]]
    return frame


def preview(base, definition: dict, rows: int) -> pd.DataFrame:
    """The ``rows`` biggest members of a segment by revenue (ties by id) from the segment base
    (``crm.segment_base.Base``, which has the names of its warehouse version): ``COLUMNS``.
    One query for the page of rows, never the members' list."""
    from crm.segments import where

    condition, params = where(definition, base)
    found = base.execute(
        "SELECT customer_id, name, country, customer_type, revenue, orders, last_order_date "
        f"FROM base WHERE {condition} ORDER BY revenue DESC, customer_id LIMIT ?",
        [*params, int(rows)],
    ).fetchall()
    return pd.DataFrame(found, columns=list(COLUMNS)).astype({"customer_id": "int64", "revenue": "float64",
                                                              "orders": "int64"})  # fmt: skip
