"""Marketing analyses: acquisition by first-order channel, new vs. returning revenue, cohort retention."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from i18n import format as fmt
from i18n import t
from olap.analyses.base import Context, Result, Table, pct, share_of, sql_frame

COHORT_MONTHS = 12

ACQUISITION_SQL = """
WITH newcomers AS (  -- customers whose first order in the whole history falls in the period
    SELECT customer_id, first_order_date
    FROM customer_first_order
    WHERE acquired_in_history AND first_order_date >= ? AND first_order_date < ?
), first_lines AS (
    SELECT f.customer_id, f.channel_id, f.order_ts,
           row_number() OVER (PARTITION BY f.customer_id ORDER BY f.order_ts, f.order_id, f.line_no) AS rn
    FROM fact_order_line f JOIN newcomers n USING (customer_id)
    WHERE CAST(f.order_ts AS DATE) = n.first_order_date
), spend AS (  -- what the newcomers spent in the period, from their first order on
    SELECT f.customer_id, sum(f.revenue) AS revenue
    FROM fact_order_line f JOIN newcomers USING (customer_id)
    WHERE f.order_ts >= ? AND f.order_ts < ?
    GROUP BY f.customer_id
)
SELECT ch.name AS channel, ch.channel_group, date_trunc('month', l.order_ts)::DATE AS month,
       count(*) AS new_customers, sum(coalesce(s.revenue, 0)) AS revenue
FROM first_lines l
JOIN dim_channel ch USING (channel_id)
LEFT JOIN spend s USING (customer_id)
WHERE l.rn = 1
GROUP BY ALL
"""


def acquisition_by_channel(ctx: Context) -> Result:
    """New customers by the channel of their very first order, and what they spent in the period."""
    params = [ctx.start, ctx.end_exclusive, ctx.start, ctx.end_exclusive]
    raw = sql_frame(ctx, ACQUISITION_SQL, params, "customer_first_order")
    by_channel = (
        raw.groupby(["channel", "channel_group"], as_index=False)[["new_customers", "revenue"]]
        .sum()
        .sort_values(["new_customers", "channel"], ascending=[False, True], ignore_index=True)
    )
    by_channel["share"] = share_of(by_channel, "new_customers")
    by_channel["revenue_per_customer"] = by_channel["revenue"] / by_channel["new_customers"]
    monthly = (
        raw.assign(month=raw["month"].map(lambda d: pd.Timestamp(d).strftime("%Y-%m")))
        .groupby(["month", "channel_group"], as_index=False)["new_customers"]
        .sum()
        .sort_values(["month", "channel_group"], ignore_index=True)
    )
    sentences = []
    if not by_channel.empty:
        top = by_channel.iloc[0]
        sentences.append(
            t(
                "analysis.say.acquisition",
                ctx.lang,
                n=f"{int(by_channel['new_customers'].sum()):,}",
                channel=top["channel"],
                k=f"{int(top['new_customers']):,}",
                share=pct(float(top["share"]), ctx.lang),
            )
        )
    return Result(
        [
            Table(
                "acquisition_channel",
                by_channel,
                "hbar",
                x="new_customers",
                y="channel",
                color="channel_group",
                columns={
                    "channel": "text",
                    "channel_group": "group",
                    "new_customers": "count",
                    "share": "percent",
                    "revenue": "money",
                    "revenue_per_customer": "money",
                },
            ),
            Table(
                "acquisition_month",
                monthly,
                "stacked",
                x="month",
                y="new_customers",
                color="channel_group",
                columns={"month": "month", "channel_group": "group", "new_customers": "count"},
            ),
        ],
        sentences=sentences,
    )


NEW_RETURNING_SQL = """
SELECT date_trunc('month', f.order_ts)::DATE AS month,
       fo.acquired_in_history AND date_trunc('month', f.order_ts)::DATE = fo.first_order_month AS is_new,
       sum(f.revenue) AS revenue,
       count(DISTINCT f.customer_id) AS customers,
       count(DISTINCT f.order_id) AS orders
FROM fact_order_line f JOIN customer_first_order fo USING (customer_id)
WHERE f.order_ts >= ? AND f.order_ts < ?
GROUP BY ALL
"""


def new_vs_returning(ctx: Context) -> Result:
    """Revenue and buyers by month, split into new customers (in their first-order month) and returning ones.

    Customers who signed up before the data begins are returning: their first recorded
    order need not be their first purchase.
    """
    raw = sql_frame(ctx, NEW_RETURNING_SQL, [ctx.start, ctx.end_exclusive], "customer_first_order")
    raw["month"] = raw["month"].map(lambda d: pd.Timestamp(d).strftime("%Y-%m"))
    raw["kind"] = raw["is_new"].map({True: "new", False: "returning"})
    wide = raw.pivot_table(index="month", columns="kind", values=["revenue", "customers"], aggfunc="sum").fillna(0)
    out = pd.DataFrame({"month": wide.index})
    for kind in ("new", "returning"):
        for value in ("revenue", "customers"):
            out[f"{kind}_{value}"] = wide[(value, kind)].to_numpy(dtype=float) if (value, kind) in wide.columns else 0.0
    total = out["new_revenue"] + out["returning_revenue"]
    out["new_share"] = out["new_revenue"] / total.where(total != 0)
    long = raw.groupby(["month", "kind"], as_index=False)["revenue"].sum().sort_values(["month", "kind"])
    sentences = []
    if total.sum():
        sentences.append(
            t(
                "analysis.say.new_share",
                ctx.lang,
                revenue=fmt.money(float(out["new_revenue"].sum()), ctx.lang),
                share=pct(float(out["new_revenue"].sum() / total.sum()), ctx.lang),
                customers=f"{int(out['new_customers'].sum()):,}",
            )
        )
    return Result(
        [
            Table(
                "new_returning_month",
                long.reset_index(drop=True),
                "stacked",
                x="month",
                y="revenue",
                color="kind",
                columns={"month": "month", "kind": "kind", "revenue": "money"},
            ),
            Table(
                "new_returning",
                out,
                "none",
                columns={
                    "month": "month",
                    "new_revenue": "money",
                    "returning_revenue": "money",
                    "new_share": "percent",
                    "new_customers": "count",
                    "returning_customers": "count",
                },
            ),
        ],
        sentences=sentences,
    )


COHORT_SQL = """
WITH cohort AS (
    SELECT customer_id, first_order_month AS cohort
    FROM customer_first_order
    WHERE acquired_in_history AND first_order_month >= ? AND first_order_month <= ?
), active AS (  -- months in which a cohort member bought something (returns alone do not count)
    SELECT DISTINCT f.customer_id, date_trunc('month', f.order_ts)::DATE AS month
    FROM fact_order_line f JOIN cohort USING (customer_id)
    WHERE f.quantity > 0
)
SELECT c.cohort, date_diff('month', c.cohort, a.month) AS age, count(*) AS customers
FROM cohort c JOIN active a USING (customer_id)
WHERE a.month >= c.cohort AND date_diff('month', c.cohort, a.month) <= ?
GROUP BY ALL
UNION ALL
SELECT cohort, -1 AS age, count(*) FROM cohort GROUP BY cohort
"""


def cohort_retention(ctx: Context) -> Result:
    """Share of each first-order-month cohort that bought again 1..12 months later.

    A cell is empty when that month lies after the data ends (not yet observable).
    """
    first_month, last_month = ctx.start.replace(day=1), ctx.end.replace(day=1)
    raw = sql_frame(ctx, COHORT_SQL, [first_month, last_month, COHORT_MONTHS], "customer_first_order")
    data_month = ctx.data_end.replace(day=1)
    sizes = raw[raw["age"] == -1].set_index("cohort")["customers"]
    counts = raw[raw["age"] >= 1].pivot_table(index="cohort", columns="age", values="customers", aggfunc="sum")
    rows = []
    for cohort in sorted(sizes.index):
        cohort_day = pd.Timestamp(cohort).date()
        row = {"cohort": cohort_day.strftime("%Y-%m"), "size": float(sizes[cohort])}
        for age in range(1, COHORT_MONTHS + 1):
            observed = _months_between(cohort_day, data_month) >= age
            got = counts.loc[cohort, age] if cohort in counts.index and age in counts.columns else 0
            got = 0 if pd.isna(got) else got
            row[f"m{age}"] = float(got) / float(sizes[cohort]) if observed and sizes[cohort] else None
        rows.append(row)
    table = pd.DataFrame(rows, columns=["cohort", "size", *[f"m{a}" for a in range(1, COHORT_MONTHS + 1)]])
    curve = []
    for age in range(1, COHORT_MONTHS + 1):
        seen = table[table[f"m{age}"].notna()]
        if seen.empty:
            continue
        weighted = float((seen[f"m{age}"] * seen["size"]).sum() / seen["size"].sum())
        curve.append({"age": age, "retention": weighted, "cohorts": len(seen)})
    curve = pd.DataFrame(curve, columns=["age", "retention", "cohorts"])
    sentences = []
    if len(curve):
        first = curve.iloc[0]
        sentences.append(
            t(
                "analysis.say.retention",
                ctx.lang,
                m1=pct(float(first["retention"]), ctx.lang),
                age=int(curve.iloc[-1]["age"]),
                last=pct(float(curve.iloc[-1]["retention"]), ctx.lang),
                customers=f"{int(table['size'].sum()):,}",
            )
        )
    columns = {"cohort": "month", "size": "count", **{f"m{a}": "percent" for a in range(1, COHORT_MONTHS + 1)}}
    return Result(
        [
            Table("cohorts", table, "heatmap", x="cohort", columns=columns),
            Table(
                "retention_curve",
                curve,
                "line",
                x="age",
                y="retention",
                columns={"age": "count", "retention": "percent", "cohorts": "count"},
            ),
        ],
        sentences=sentences,
    )


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month
