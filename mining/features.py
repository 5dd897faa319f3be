"""One row per customer as of a date: the profile and behaviour every model starts from.

Guest customers (``dim_customer.is_guest``) are not customers here; a customer without a
signup date (none given and no order yet) is included, with no tenure.

``customer_features(cursor, as_of)`` uses only what was known at the end of ``as_of``
(orders, sessions, contacts and tickets with timestamps up to that day), so a model
trained on features as of a cutoff and labels after it does not see the future.
Category and channel mixes are shares of the customer's revenue; customers without
orders have zero shares and no recency.

``customer_features_at(cursor, pairs)`` computes the same features for many (customer,
as-of) pairs in one set-based query (the pairs joined to each fact with ``ts < their day's
end``, aggregated per pair), so a model that needs features as of many dates (the response
model: the day before each campaign) reads the warehouse once, not once per date;
``customer_features`` is the same query over every customer and one date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid

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

_PAIR_FEATURES = """
WITH q AS (  -- the (customer, as-of) pairs of customers signed up by their date
    SELECT DISTINCT c.customer_id, p.as_of, (p.as_of + INTERVAL 1 DAY)::TIMESTAMP AS cut
    FROM ({pairs}) p JOIN dim_customer c ON c.customer_id = p.customer_id
    WHERE c.is_guest IS NOT TRUE AND (c.signup_date IS NULL OR c.signup_date <= p.as_of)
),
lines AS MATERIALIZED (  -- every order line known on each pair's date; revenue as an exact decimal, so every
    -- sum below is the same whatever order the threads add it in (a double's last bit is not: models refit
    -- on the same data would then split differently)
    SELECT q.customer_id, q.as_of, f.order_id, f.order_ts, f.revenue::DECIMAL(38, 6) AS revenue, f.quantity,
           f.partner_id,
           f.channel_id, f.product_id
    FROM q JOIN fact_order_line f ON f.customer_id = q.customer_id AND f.order_ts < q.cut
),
orders AS (
    SELECT l.customer_id, l.as_of,
           count(DISTINCT l.order_id) AS orders,
           sum(l.revenue) AS revenue,
           sum(l.quantity) AS units,
           min(l.order_ts)::DATE AS first_order_date,
           max(l.order_ts)::DATE AS last_order_date,
           sum(l.revenue) FILTER (WHERE ch.channel_group = 'online') AS online_revenue,
           sum(l.revenue) FILTER (WHERE l.partner_id IS NOT NULL) AS partner_revenue
    FROM lines l LEFT JOIN dim_channel ch ON ch.channel_id = l.channel_id
    GROUP BY l.customer_id, l.as_of
),
{cat_cte}{chan_cte}tickets AS (
    SELECT q.customer_id, q.as_of, count(*) AS tickets, avg(t.satisfaction) AS avg_satisfaction
    FROM q JOIN fact_service_ticket t ON t.customer_id = q.customer_id AND t.opened_ts < q.cut
    GROUP BY q.customer_id, q.as_of
),
contacts AS (
    SELECT q.customer_id, q.as_of, count(*) AS contacts,
           count(k.converted_ts) FILTER (WHERE k.converted_ts < q.cut) AS responses
    FROM q JOIN fact_campaign_contact k ON k.customer_id = q.customer_id
    LEFT JOIN dim_campaign cam ON cam.campaign_id = k.campaign_id
    WHERE coalesce(k.sent_ts, cam.start_date::TIMESTAMP) < q.cut AND k.group_name = 'target'
    GROUP BY q.customer_id, q.as_of
),
sessions AS (
    SELECT q.customer_id, q.as_of, count(*) AS sessions
    FROM q JOIN fact_web_session s ON s.customer_id = q.customer_id AND s.start_ts < q.cut
    GROUP BY q.customer_id, q.as_of
)
SELECT q.customer_id, q.as_of, c.country, c.region, c.city, c.customer_type, c.segment, c.gender, c.birth_year,
       coalesce(c.industry, c.occupation) AS industry, c.signup_date, c.partner_id AS home_partner_id,
       c.email_opt_in,
       o.orders, o.revenue, o.units, o.first_order_date, o.last_order_date, o.online_revenue, o.partner_revenue,
       {cat_select} {chan_select}
       t.tickets, t.avg_satisfaction, k.contacts, k.responses, s.sessions
FROM q JOIN dim_customer c ON c.customer_id = q.customer_id
LEFT JOIN orders o ON o.customer_id = q.customer_id AND o.as_of = q.as_of
{cat_join}{chan_join}LEFT JOIN tickets t ON t.customer_id = q.customer_id AND t.as_of = q.as_of
LEFT JOIN contacts k ON k.customer_id = q.customer_id AND k.as_of = q.as_of
LEFT JOIN sessions s ON s.customer_id = q.customer_id AND s.as_of = q.as_of
ORDER BY q.as_of, q.customer_id
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


def age_band(birth_year: pd.Series, as_of) -> pd.Series:
    """The ``AGE_BANDS`` name of each birth year on ``as_of`` (a date, or one date per row)."""
    year = pd.to_datetime(as_of).dt.year.to_numpy() if isinstance(as_of, pd.Series) else as_of.year
    age = year - birth_year
    out = pd.Series(pd.NA, index=birth_year.index, dtype="object")
    for low, high, name in AGE_BANDS:
        out[(age >= low) & (age < high)] = name
    return out


def _values(cursor, sql: str, last_cut: dt.datetime) -> list:
    return [r[0] for r in cursor.execute(sql, [last_cut]).fetchall()]


def _pivot(kind: str, values: list) -> tuple[str, str, dict]:
    """The CTE columns (``{kind}_0``, ``{kind}_1``… by position: names from code, values bound), the
    outer SELECT list and the parameters."""
    if not values:
        return "", "", {}
    cols = ", ".join(f"sum(revenue) FILTER (WHERE value = ${kind}_v{i}) AS {kind}_{i}" for i in range(len(values)))
    select = "".join(f"coalesce({kind}.{kind}_{i}, 0.0) AS {kind}_{i}, " for i in range(len(values)))
    return cols, select, {f"{kind}_v{i}": v for i, v in enumerate(values)}


_CATEGORY_VALUES = """
    SELECT DISTINCT p.category FROM fact_order_line f JOIN dim_product p ON p.product_id = f.product_id
    WHERE f.order_ts < ? AND f.customer_id IS NOT NULL AND p.category IS NOT NULL ORDER BY 1
"""
_CHANNEL_VALUES = """
    SELECT DISTINCT ch.channel_group FROM fact_order_line f JOIN dim_channel ch ON ch.channel_id = f.channel_id
    WHERE f.order_ts < ? AND f.customer_id IS NOT NULL AND ch.channel_group IS NOT NULL ORDER BY 1
"""
_PIVOT_CTE = """{kind} AS (  -- revenue per value, one column per value by position (values bound)
    SELECT customer_id, as_of, {columns}
    FROM (SELECT l.customer_id, l.as_of, {key} AS value, sum(l.revenue) AS revenue
          FROM lines l {join} WHERE {key} IS NOT NULL GROUP BY ALL)
    GROUP BY customer_id, as_of
),
"""
_PIVOT_JOIN = "LEFT JOIN {kind} ON {kind}.customer_id = q.customer_id AND {kind}.as_of = q.as_of\n"
PROFILE_COLUMNS = ("country", "region", "city", "customer_type", "segment", "gender", "industry", "signup_date",
                   "home_partner_id", "email_opt_in")  # fmt: skip


def pair_features_sql(pairs: str) -> str:
    """``_PAIR_FEATURES`` over the pairs of the SELECT ``pairs`` (a code constant) without the category and
    channel pivots: one raw row per pair (revenue as an exact decimal, counts, dates, the profile), for
    callers that shape the features in SQL themselves (``crm.segment_base``)."""
    return _PAIR_FEATURES.format(pairs=pairs, cat_cte="", chan_cte="", cat_join="", chan_join="", cat_select="",
                                 chan_select="")  # fmt: skip


def _features_sql(cursor, pairs: str, params: dict, last: dt.date) -> pd.DataFrame:
    """Run ``_PAIR_FEATURES`` over the pairs of the SELECT ``pairs`` (a code constant; its values
    in ``params``) and shape the rows as ``customer_features`` does, one row per pair."""
    last_cut = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    cats = _values(cursor, _CATEGORY_VALUES, last_cut)
    chans = _values(cursor, _CHANNEL_VALUES, last_cut)
    cat_cols, cat_select, cat_params = _pivot("cat", cats)
    chan_cols, chan_select, chan_params = _pivot("chan", chans)
    sql = _PAIR_FEATURES.format(
        pairs=pairs,
        cat_cte=_PIVOT_CTE.format(kind="cat", columns=cat_cols, key="p.category",
                                  join="JOIN dim_product p ON p.product_id = l.product_id") if cats else "",
        chan_cte=_PIVOT_CTE.format(kind="chan", columns=chan_cols, key="ch.channel_group",
                                   join="JOIN dim_channel ch ON ch.channel_id = l.channel_id") if chans else "",
        cat_join=_PIVOT_JOIN.format(kind="cat") if cats else "",
        chan_join=_PIVOT_JOIN.format(kind="chan") if chans else "",
        cat_select=cat_select,
        chan_select=chan_select,
    )  # fmt: skip
    raw = cursor.execute(sql, {**params, **cat_params, **chan_params}).df()
    as_of = pd.to_datetime(raw["as_of"])
    out = raw[["customer_id", "as_of", *PROFILE_COLUMNS]].copy()
    out["as_of"] = as_of.dt.date
    out["age_band"] = age_band(raw["birth_year"], as_of)
    out["tenure_days"] = (as_of - pd.to_datetime(raw["signup_date"])).dt.days
    out["orders"] = raw["orders"].fillna(0).astype("int64")
    out["revenue"] = raw["revenue"].fillna(0.0)
    out["units"] = raw["units"].fillna(0).astype("int64")
    out["first_order_date"] = raw["first_order_date"]
    out["last_order_date"] = raw["last_order_date"]
    out["recency_days"] = (as_of - pd.to_datetime(raw["last_order_date"])).dt.days
    out["aov"] = out["revenue"] / out["orders"].where(out["orders"] > 0)
    paid = out["revenue"].where(out["revenue"] > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["online_share"] = (raw["online_revenue"].fillna(0.0) / paid).fillna(0.0)
        out["partner_share"] = (raw["partner_revenue"].fillna(0.0) / paid).fillna(0.0)
    parts = [out]
    for kind, values in (("cat", cats), ("chan", chans)):
        if not values:
            continue
        wide = raw[[f"{kind}_{i}" for i in range(len(values))]].astype(float)
        total = wide.sum(axis=1)
        shares = wide.div(total.where(total != 0), axis=0).fillna(0.0)
        shares.columns = [column_name(kind, v) for v in values]
        if shares.columns.has_duplicates:  # values differing only in case or spacing: one column
            shares = shares.T.groupby(level=0, sort=False).sum().T
        parts.append(shares)
    out = pd.concat(parts, axis=1)
    out["tickets"] = raw["tickets"].fillna(0).astype("int64")
    out["avg_satisfaction"] = raw["avg_satisfaction"]
    out["contacts"] = raw["contacts"].fillna(0).astype("int64")
    out["responses"] = raw["responses"].fillna(0).astype("int64")
    out["response_rate"] = out["responses"] / out["contacts"].where(out["contacts"] > 0)
    out["sessions"] = raw["sessions"].fillna(0).astype("int64")
    return out


def customer_features_at(cursor, pairs: pd.DataFrame) -> pd.DataFrame:
    """``customer_features`` of many (customer_id, as_of) pairs in one pass over the warehouse.

    One row per distinct pair whose customer was signed up by its date (guests and later
    sign-ups have none), ordered by ``as_of`` then ``customer_id``; columns ``customer_id``,
    ``as_of`` and the features, each as ``customer_features(cursor, as_of)`` gives it for that
    customer (the category and channel shares: one column per value sold by the latest date).
    """
    columns = ["customer_id", "as_of"]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    view = f"feature_pairs_{uuid.uuid4().hex}"
    frame = pd.DataFrame(
        {"customer_id": pairs["customer_id"].to_numpy(np.int64), "as_of": pd.to_datetime(pairs["as_of"]).to_numpy()}
    )
    own = cursor.cursor()  # the pairs' view on a cursor of its own: the caller's may hold an unread result
    try:
        own.register(view, frame)
        last = pd.Timestamp(frame["as_of"].max()).date()
        return _features_sql(own, f"SELECT customer_id, as_of::DATE AS as_of FROM {view}", {}, last)
    finally:
        own.close()


def customer_features(cursor, as_of: dt.date) -> pd.DataFrame:
    """Profile and behaviour of every customer signed up by ``as_of``, index ``customer_id``."""
    out = _features_sql(cursor, "SELECT customer_id, $as_of::DATE AS as_of FROM dim_customer", {"as_of": as_of}, as_of)
    return out.drop(columns="as_of").set_index("customer_id")
