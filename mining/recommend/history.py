"""What the recommender may know as of a date: purchases up to and including that day.

Every query bounds ``order_ts`` by the end of ``as_of`` (a bound parameter), so an order
placed later can never reach a model fitted as of that day. Web sessions are not read:
``fact_web_session`` carries a count of product views per session (``product_views``) but
no product id, and the only product a session names is through its ``order_id`` — an order
already counted here. Sessions therefore say how busy a customer is, never which product
they looked at, and cannot change which products are recommended to whom.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mining.errors import MiningError

MANY_IDS = 5_000  # customer_groups reads the whole customer table for more ids than this


@dataclass(frozen=True)
class History:
    """Purchases up to ``as_of``: one entry per (customer, product) bought.

    ``customers`` and ``products`` are sorted ids; ``cust``/``prod`` index them. ``orders`` is
    the number of distinct orders holding the product, ``age`` the days from its last
    purchase to ``as_of`` (0: bought that day). ``group`` is each customer's type (the
    ``dim_customer.customer_type`` of the warehouse; "" without one).
    """

    as_of: dt.date
    customers: np.ndarray
    products: np.ndarray
    cust: np.ndarray
    prod: np.ndarray
    orders: np.ndarray
    age: np.ndarray
    group: np.ndarray

    @property
    def empty(self) -> bool:
        return len(self.cust) == 0


def day_end(day: dt.date) -> dt.datetime:
    """The first instant after ``day``: every bound is ``order_ts < day_end(as_of)``."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def _has_column(cursor, table: str, column: str) -> bool:
    return bool(
        cursor.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
            "AND table_name = ? AND column_name = ?",
            [table, column],
        ).fetchone()[0]
    )


def check_date(as_of) -> dt.date:
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise MiningError("mining.reco.bad_date", value=as_of)
    return as_of


def read_history(cursor, as_of: dt.date, *, lookback_days: int = 730) -> History:
    """Each customer's products bought in the ``lookback_days`` up to and including ``as_of``."""
    check_date(as_of)
    if isinstance(lookback_days, bool) or not isinstance(lookback_days, int | np.integer) or lookback_days < 1:
        raise MiningError("mining.nbp.bad_lookback", value=lookback_days)
    end = day_end(as_of)
    start = end - dt.timedelta(days=int(lookback_days))
    # orders per (customer, product) in two steps: one row per order first (a count of distinct
    # order ids in one step costs ~1.6× more at scale 10)
    rows = cursor.execute(
        """WITH per_order AS (
               SELECT customer_id, product_id, order_id, max(order_ts) AS ts
               FROM fact_order_line
               WHERE quantity > 0 AND order_ts >= ? AND order_ts < ?
                 AND customer_id IS NOT NULL AND product_id IS NOT NULL
               GROUP BY ALL)
           SELECT customer_id, product_id, count(*) AS orders, date_diff('day', max(ts)::DATE, ?::DATE) AS age
           FROM per_order GROUP BY ALL""",
        [start, end, as_of],
    ).df()
    customers = np.sort(rows["customer_id"].unique()).astype(np.int64)
    products = np.sort(rows["product_id"].unique()).astype(np.int64)
    return History(
        as_of=as_of,
        customers=customers,
        products=products,
        cust=np.searchsorted(customers, rows["customer_id"].to_numpy(np.int64)),
        prod=np.searchsorted(products, rows["product_id"].to_numpy(np.int64)),
        orders=rows["orders"].to_numpy(np.float64),
        age=rows["age"].to_numpy(np.float64),
        group=customer_groups(cursor, customers),
    )


def customer_groups(cursor, customer_ids: np.ndarray) -> np.ndarray:
    """``dim_customer.customer_type`` of each id ("" when unknown or the warehouse has none)."""
    if len(customer_ids) == 0 or not _has_column(cursor, "dim_customer", "customer_type"):
        return np.full(len(customer_ids), "", dtype=object)
    if len(customer_ids) > MANY_IDS:  # every customer's type, matched below: binding 200,000 ids costs seconds
        types = cursor.execute("SELECT customer_id, customer_type FROM dim_customer").df()
    else:
        types = cursor.execute(
            "SELECT customer_id, customer_type FROM dim_customer WHERE customer_id IN (SELECT unnest(?))",
            [[int(c) for c in customer_ids]],
        ).df()
    mapping = pd.Series(types["customer_type"].fillna("").astype(str).to_numpy(), index=types["customer_id"])
    mapping = mapping[~mapping.index.duplicated()]
    return pd.Series(customer_ids).map(mapping).astype(object).fillna("").to_numpy(dtype=object)


def known_customers(cursor, as_of: dt.date) -> np.ndarray:
    """Customers known on ``as_of``: an order line up to that day, or a sign-up date on or before it."""
    check_date(as_of)
    signup = (
        "UNION SELECT customer_id FROM dim_customer WHERE signup_date <= ?"
        if _has_column(cursor, "dim_customer", "signup_date")
        else ""
    )
    params = [day_end(as_of)] + ([as_of] if signup else [])
    rows = cursor.execute(
        f"""SELECT DISTINCT customer_id FROM (
                SELECT customer_id FROM fact_order_line WHERE order_ts < ? AND customer_id IS NOT NULL
                {signup}) ORDER BY 1""",
        params,
    ).fetchall()
    return np.array([r[0] for r in rows], dtype=np.int64)


def bought_between(cursor, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Distinct (customer_id, product_id) bought from ``first`` to ``last`` inclusive."""
    return cursor.execute(
        """SELECT DISTINCT customer_id, product_id FROM fact_order_line
           WHERE quantity > 0 AND order_ts >= ? AND order_ts < ?
             AND customer_id IS NOT NULL AND product_id IS NOT NULL""",
        [dt.datetime.combine(first, dt.time()), day_end(last)],
    ).df()


def product_names(cursor, product_ids) -> dict[int, str]:
    ids = [int(p) for p in pd.unique(pd.Series(product_ids, dtype="int64"))]
    if not ids:
        return {}
    rows = cursor.execute(
        "SELECT product_id, name FROM dim_product WHERE product_id IN (SELECT unnest(?))", [ids]
    ).fetchall()
    return {int(k): str(v) for k, v in rows}
