"""One row per customer as of a date: the profile and behaviour every model starts from.

Guest customers (``dim_customer.is_guest``) are not customers here; a customer without a
signup date (none given and no order yet) is included, with no tenure.

``customer_features(cursor, as_of)`` uses only what was known at the end of ``as_of``
(orders, sessions, contacts and tickets with timestamps up to that day), so a model
trained on features as of a cutoff and labels after it does not see the future.
Category and channel mixes are shares of the customer's revenue; customers without
orders have zero shares and no recency.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import duckdb
import numpy as np
import pandas as pd

AGE_BANDS = (
    (0, 25, "<25"),
    (25, 35, "25-34"),
    (35, 45, "35-44"),
    (45, 55, "45-54"),
    (55, 65, "55-64"),
    (65, 200, "65+"),
)

_PROFILE = """
    SELECT customer_id, country, region, city, customer_type, segment, gender, birth_year,
           coalesce(industry, occupation) AS industry, signup_date, partner_id AS home_partner_id,
           email_opt_in
    FROM dim_customer
    WHERE is_guest IS NOT TRUE AND (signup_date IS NULL OR signup_date <= ?)
"""

_ORDERS = """
    SELECT f.customer_id,
           count(DISTINCT f.order_id) AS orders,
           sum(f.revenue) AS revenue,
           sum(f.quantity) AS units,
           min(f.order_ts)::DATE AS first_order_date,
           max(f.order_ts)::DATE AS last_order_date,
           sum(f.revenue) FILTER (WHERE ch.channel_group = 'online') AS online_revenue,
           sum(f.revenue) FILTER (WHERE f.partner_id IS NOT NULL) AS partner_revenue
    FROM fact_order_line f
    LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id
    WHERE f.order_ts < ?
    GROUP BY f.customer_id
"""

_CATEGORIES = """
    SELECT f.customer_id, p.category, sum(f.revenue) AS revenue
    FROM fact_order_line f JOIN dim_product p ON p.product_id = f.product_id
    WHERE f.order_ts < ?
    GROUP BY ALL
"""

_CHANNELS = """
    SELECT f.customer_id, ch.channel_group, sum(f.revenue) AS revenue
    FROM fact_order_line f JOIN dim_channel ch ON ch.channel_id = f.channel_id
    WHERE f.order_ts < ?
    GROUP BY ALL
"""

_TICKETS = """
    SELECT customer_id, count(*) AS tickets, avg(satisfaction) AS avg_satisfaction
    FROM fact_service_ticket WHERE opened_ts < ? AND customer_id IS NOT NULL GROUP BY customer_id
"""

_CONTACTS = """
    SELECT k.customer_id, count(*) AS contacts, count(k.converted_ts) FILTER (WHERE k.converted_ts < ?) AS responses
    FROM fact_campaign_contact k
    LEFT JOIN dim_campaign cam ON cam.campaign_id = k.campaign_id
    WHERE coalesce(k.sent_ts, cam.start_date::TIMESTAMP) < ? AND k.group_name = 'target'
    GROUP BY k.customer_id
"""

_SESSIONS = """
    SELECT customer_id, count(*) AS sessions
    FROM fact_web_session WHERE start_ts < ? AND customer_id IS NOT NULL GROUP BY customer_id
"""


DIGEST = "__"  # separates a value's words from the digest that keeps it apart from similar values


def column_name(prefix: str, value: str) -> str:
    """A stable column name for a category or channel value: ``cat_kitchen_appliances``, ``cat_주방가전``.

    Letters and digits of any script are kept (lower-cased); when the words cannot give the value
    back (punctuation, symbols), a short digest of the value follows ``__``, so "Parts & Tools" and
    "Parts / Tools" stay two columns (``cat_parts_tools__1a2b3c``). Values that differ only in
    upper/lower case or spacing are one column.
    """
    text = " ".join(str(value).lower().split())
    slug = re.sub(r"[\W_]+", "_", text).strip("_")
    if slug.replace("_", " ") != text:
        digest = hashlib.sha1(text.encode()).hexdigest()[:6]
        slug = f"{slug}{DIGEST}{digest}" if slug else f"{DIGEST}{digest}"
    return f"{prefix}_{slug}"


def value_names(cursor) -> dict[str, str]:
    """Column name -> the value it stands for, for every product category (``cat_``) and channel group (``chan_``)."""
    names = {}
    for prefix, sql in (
        ("cat", "SELECT DISTINCT category FROM dim_product WHERE category IS NOT NULL"),
        ("chan", "SELECT DISTINCT channel_group FROM dim_channel WHERE channel_group IS NOT NULL"),
    ):
        try:
            rows = cursor.execute(sql).fetchall()
        except duckdb.Error:  # a warehouse without the table: the column's words stand in for the name
            continue
        names.update({column_name(prefix, v): str(v) for (v,) in sorted(rows, key=lambda r: str(r[0]))})
    return names


def _shares(long: pd.DataFrame, key: str, prefix: str, index: pd.Index) -> pd.DataFrame:
    if long.empty:
        return pd.DataFrame(index=index)
    wide = long.pivot_table(index="customer_id", columns=key, values="revenue", aggfunc="sum", fill_value=0.0)
    total = wide.sum(axis=1).replace(0, np.nan)
    shares = wide.div(total, axis=0).fillna(0.0)
    shares.columns = [column_name(prefix, c) for c in shares.columns]
    if shares.columns.has_duplicates:  # values differing only in case or spacing: one column
        shares = shares.T.groupby(level=0).sum().T
    return shares.reindex(index, fill_value=0.0)


def age_band(birth_year: pd.Series, as_of: dt.date) -> pd.Series:
    age = as_of.year - birth_year
    out = pd.Series(pd.NA, index=birth_year.index, dtype="object")
    for low, high, name in AGE_BANDS:
        out[(age >= low) & (age < high)] = name
    return out


def customer_features(cursor, as_of: dt.date) -> pd.DataFrame:
    """Profile and behaviour of every customer signed up by ``as_of``, index ``customer_id``."""
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())  # everything before the next day
    profile = cursor.execute(_PROFILE, [as_of]).df().set_index("customer_id").sort_index()
    index = profile.index
    orders = cursor.execute(_ORDERS, [end]).df().set_index("customer_id").reindex(index)
    out = profile.drop(columns=["birth_year"])
    out["age_band"] = age_band(profile["birth_year"], as_of)
    signup = pd.to_datetime(profile["signup_date"])
    out["tenure_days"] = (pd.Timestamp(as_of) - signup).dt.days
    out["orders"] = orders["orders"].fillna(0).astype("int64")
    out["revenue"] = orders["revenue"].fillna(0.0)
    out["units"] = orders["units"].fillna(0).astype("int64")
    out["first_order_date"] = orders["first_order_date"]
    out["last_order_date"] = orders["last_order_date"]
    out["recency_days"] = (pd.Timestamp(as_of) - pd.to_datetime(orders["last_order_date"])).dt.days
    out["aov"] = out["revenue"] / out["orders"].where(out["orders"] > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["online_share"] = (orders["online_revenue"].fillna(0.0) / out["revenue"].where(out["revenue"] > 0)).fillna(
            0.0
        )
        out["partner_share"] = (
            orders["partner_revenue"].fillna(0.0) / out["revenue"].where(out["revenue"] > 0)
        ).fillna(0.0)
    out = out.join(_shares(cursor.execute(_CATEGORIES, [end]).df(), "category", "cat", index))
    out = out.join(_shares(cursor.execute(_CHANNELS, [end]).df(), "channel_group", "chan", index))
    tickets = cursor.execute(_TICKETS, [end]).df().set_index("customer_id").reindex(index)
    out["tickets"] = tickets["tickets"].fillna(0).astype("int64")
    out["avg_satisfaction"] = tickets["avg_satisfaction"]
    contacts = cursor.execute(_CONTACTS, [end, end]).df().set_index("customer_id").reindex(index)
    out["contacts"] = contacts["contacts"].fillna(0).astype("int64")
    out["responses"] = contacts["responses"].fillna(0).astype("int64")
    out["response_rate"] = out["responses"] / out["contacts"].where(out["contacts"] > 0)
    sessions = cursor.execute(_SESSIONS, [end]).df().set_index("customer_id").reindex(index)
    out["sessions"] = sessions["sessions"].fillna(0).astype("int64")
    return out
