"""Ready-made analyses by business function (Bi-AAS): one click each, no Dash.

Each analysis takes a ``Context`` (the period, the warehouse, the reader's language)
and returns a ``Result``: tables (data frames with the figure that suits them), the
cube view behind it when there is one (for automatic insights and "Open in Explore"),
and plain sentences stating what it found. Cube views go through
``olap.engine.execute`` (cached, rollup-routed); what the cube cannot express (cohorts,
first-order channels, satisfaction against later purchases, ticket categories) is
plain parameterised SQL over the warehouse tables, written out below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from errors import KeyedError
from i18n import format as fmt
from i18n import t
from olap.period import PeriodError, parse_period
from olap.query import QuerySpec, make_spec

GROUPS = ("sales", "marketing", "service")
TOP_N = 10
TOP_PARTNERS = 15
COHORT_MONTHS = 12
REPURCHASE_DAYS = 90
RESOLUTION_BUCKETS = (  # (id, lower hours inclusive, upper hours exclusive)
    ("lt4h", 0, 4),
    ("h4_24", 4, 24),
    ("d1_3", 24, 72),
    ("d3_7", 72, 168),
    ("gt7d", 168, None),
)


class AnalysisUnavailable(KeyedError, RuntimeError):
    """The warehouse lacks what an analysis needs (e.g. no service tickets were loaded)."""


@dataclass(frozen=True)
class Context:
    start: dt.date  # first day, inclusive
    end: dt.date  # last day, inclusive
    data_end: dt.date  # the last day with data (for windows that need to be complete)
    lang: str = "en"
    warehouse: object = None

    def cursor(self):
        from data.warehouse import get_warehouse

        return (self.warehouse or get_warehouse()).cursor()

    @property
    def end_exclusive(self) -> dt.date:
        return self.end + dt.timedelta(days=1)


@dataclass
class Table:
    """One block of an analysis: its data, how to draw it, how to show its columns."""

    key: str  # title: t("analysis.table.<key>")
    frame: pd.DataFrame
    figure: str  # hbar | stacked | treemap | donut | heatmap | bars | line | none
    x: str | None = None
    y: str | None = None
    color: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # column -> kind (money, count, percent, ...)


@dataclass
class Result:
    tables: list[Table]
    spec: QuerySpec | None = None  # the cube view behind it: insights and "Open in Explore"
    explore: dict | None = None  # the Explore URL query for that view
    sentences: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Analysis:
    id: str
    group: str
    run: Callable[[Context], Result]


# --------------------------------------------------------------------------- helpers


def _execute(spec: QuerySpec, ctx: Context) -> pd.DataFrame:
    from olap.engine import execute

    return execute(spec, ctx.warehouse)


def _sql(ctx: Context, sql: str, params: list, needs: str) -> pd.DataFrame:
    try:
        return ctx.cursor().execute(sql, params).df()
    except duckdb.CatalogException:
        raise AnalysisUnavailable("analysis.missing_table", table=needs) from None


def _explore_query(spec: QuerySpec, period: str | None, compare: bool = True) -> dict:
    q: dict = {"m": list(spec.measures), "r": spec.rows[0]}
    if period:
        q["p"] = period
    else:
        q["from"], q["to"] = spec.start.isoformat(), spec.end.isoformat()
    for level_id, members in spec.filters:
        q[f"f.{level_id}"] = list(members)
    if compare:
        q["cmp"] = "1"
    return q


def _share(frame: pd.DataFrame, column: str) -> pd.Series:
    total = frame[column].sum()
    return frame[column] / total if total else frame[column] * float("nan")


def _cube_insights(spec: QuerySpec, ctx: Context) -> list[str]:
    from olap.insights import sentences_for

    return sentences_for(spec, ctx.lang, ctx.warehouse)


def _pct(value, lang: str) -> str:
    return fmt.percent(value, lang)


# --------------------------------------------------------------------------- sales


def revenue_by_region(ctx: Context) -> Result:
    """Revenue, orders and customers by world region, and each region's revenue month by month."""
    spec = make_spec(["revenue", "orders", "customers"], rows=["geo.region"], start=ctx.start, end=ctx.end)
    by_region = _execute(spec, ctx)
    by_region["share"] = _share(by_region, "revenue")
    monthly = _execute(
        make_spec(["revenue"], rows=["geo.region", "time.month"], start=ctx.start, end=ctx.end, sort="time.month"),
        ctx,
    ).sort_values(["time.month", "geo.region"], ignore_index=True)
    kinds = {"geo.region": "level", "revenue": "money", "orders": "count", "customers": "count", "share": "percent"}
    return Result(
        [
            Table("by_region", by_region, "hbar", x="revenue", y="geo.region", columns=kinds),
            Table(
                "region_month",
                monthly,
                "stacked",
                x="time.month",
                y="revenue",
                color="geo.region",
                columns={"time.month": "level", "geo.region": "level", "revenue": "money"},
            ),
        ],
        spec=spec,
        sentences=_cube_insights(spec, ctx),
    )


def top_bottom_customers(ctx: Context) -> Result:
    """The customers with the most and the least net revenue in the period (returns count against)."""
    fields = dict(rows=["customer.customer"], start=ctx.start, end=ctx.end, sort="revenue", limit=TOP_N)
    measures = ["revenue", "orders", "gross_margin"]
    spec = make_spec(measures, **fields)
    top = _execute(spec, ctx)
    bottom = _execute(make_spec(measures, descending=False, **fields), ctx)
    total = _execute(make_spec(["revenue", "customers"], start=ctx.start, end=ctx.end), ctx)
    kinds = {"customer.customer": "level", "revenue": "money", "orders": "count", "gross_margin": "money"}
    sentences = []
    if not top.empty and len(total) and total["revenue"].iloc[0]:
        revenue, customers = float(total["revenue"].iloc[0]), int(total["customers"].iloc[0])
        sentences.append(
            t(
                "analysis.say.top_share",
                ctx.lang,
                n=len(top),
                customers=f"{customers:,}",
                share=_pct(float(top["revenue"].sum()) / revenue, ctx.lang),
                revenue=fmt.money(float(top["revenue"].sum()), ctx.lang),
            )
        )
    return Result(
        [
            Table("top_customers", top, "hbar", x="revenue", y="customer.customer", columns=kinds),
            Table("bottom_customers", bottom, "hbar", x="revenue", y="customer.customer", columns=kinds),
        ],
        spec=make_spec(measures, rows=["customer.customer"], start=ctx.start, end=ctx.end),
        sentences=sentences,
    )


def product_mix(ctx: Context) -> Result:
    """Revenue and margin by product category and subcategory, with each one's share."""
    measures = ["revenue", "gross_margin", "margin_pct", "units"]
    mix = _execute(
        make_spec(measures, rows=["product.category", "product.subcategory"], start=ctx.start, end=ctx.end), ctx
    )
    mix["share"] = _share(mix, "revenue")
    spec = make_spec(measures, rows=["product.category"], start=ctx.start, end=ctx.end)
    kinds = {
        "product.category": "level",
        "product.subcategory": "level",
        "revenue": "money",
        "share": "percent",
        "gross_margin": "money",
        "margin_pct": "percent",
        "units": "count",
    }
    return Result(
        [Table("mix", mix, "treemap", x="product.category", y="revenue", color="product.subcategory", columns=kinds)],
        spec=spec,
        sentences=_cube_insights(spec, ctx),
    )


def partner_share(ctx: Context) -> Result:
    """Revenue by partner tier (direct sales as their own tier) and the top partners."""
    spec = make_spec(["revenue", "orders", "customers"], rows=["partner.tier"], start=ctx.start, end=ctx.end)
    tiers = _execute(spec, ctx)
    tiers["share"] = _share(tiers, "revenue")
    partners = _execute(
        make_spec(
            ["revenue", "orders"],
            rows=["partner.partner"],
            start=ctx.start,
            end=ctx.end,
            sort="revenue",
            limit=TOP_PARTNERS + 1,
        ),
        ctx,
    )
    total = float(tiers["revenue"].sum()) if len(tiers) else 0.0
    partners = partners[partners["partner.partner"].astype(str) != "0"].head(TOP_PARTNERS).reset_index(drop=True)
    partners["share"] = partners["revenue"] / total if total else float("nan")
    return Result(
        [
            Table(
                "by_tier",
                tiers,
                "donut",
                x="partner.tier",
                y="revenue",
                columns={
                    "partner.tier": "level",
                    "revenue": "money",
                    "share": "percent",
                    "orders": "count",
                    "customers": "count",
                },
            ),
            Table(
                "top_partners",
                partners,
                "hbar",
                x="revenue",
                y="partner.partner",
                columns={"partner.partner": "level", "revenue": "money", "share": "percent", "orders": "count"},
            ),
        ],
        spec=spec,
        sentences=_cube_insights(spec, ctx),
    )


# --------------------------------------------------------------------------- marketing

ACQUISITION_SQL = """
WITH newcomers AS (  -- customers whose first order in the whole history falls in the period
    SELECT customer_id, first_order_date
    FROM customer_first_order
    WHERE acquired_in_history AND first_order_date >= ? AND first_order_date < ?
), first_lines AS (
    SELECT f.customer_id, f.channel_id, f.order_ts,
           row_number() OVER (PARTITION BY f.customer_id ORDER BY f.order_ts, f.order_id, f.line_no) AS rn
    FROM fact_order_line f JOIN newcomers n USING (customer_id)
    WHERE f.order_ts >= n.first_order_date AND f.order_ts < n.first_order_date + 1
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
    raw = _sql(ctx, ACQUISITION_SQL, params, "customer_first_order")
    by_channel = (
        raw.groupby(["channel", "channel_group"], as_index=False)[["new_customers", "revenue"]]
        .sum()
        .sort_values(["new_customers", "channel"], ascending=[False, True], ignore_index=True)
    )
    by_channel["share"] = _share(by_channel, "new_customers")
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
                share=_pct(float(top["share"]), ctx.lang),
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
    raw = _sql(ctx, NEW_RETURNING_SQL, [ctx.start, ctx.end_exclusive], "customer_first_order")
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
                share=_pct(float(out["new_revenue"].sum() / total.sum()), ctx.lang),
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
    raw = _sql(ctx, COHORT_SQL, [first_month, last_month, COHORT_MONTHS], "customer_first_order")
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
                m1=_pct(float(first["retention"]), ctx.lang),
                age=int(curve.iloc[-1]["age"]),
                last=_pct(float(curve.iloc[-1]["retention"]), ctx.lang),
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


# --------------------------------------------------------------------------- service

TICKETS_SQL = """
SELECT t.category, ch.name AS channel, ch.channel_group,
       count(*) AS tickets,
       avg(t.satisfaction) AS satisfaction,
       avg(epoch(t.closed_ts - t.opened_ts) / 3600.0) AS resolution_hours
FROM fact_service_ticket t LEFT JOIN dim_channel ch USING (channel_id)
WHERE t.opened_ts >= ? AND t.opened_ts < ?
GROUP BY ALL
ORDER BY tickets DESC, t.category, channel
"""


def tickets_by_category(ctx: Context) -> Result:
    """Tickets by what they were about and the channel they came through, with satisfaction and time."""
    raw = _sql(ctx, TICKETS_SQL, [ctx.start, ctx.end_exclusive], "fact_service_ticket")
    by_category = (
        raw.groupby("category", as_index=False)["tickets"]
        .sum()
        .sort_values("tickets", ascending=False, ignore_index=True)
    )
    spec = make_spec(
        ["tickets", "satisfaction", "resolution_hours"], rows=["channel.channel"], start=ctx.start, end=ctx.end
    )
    sentences = []
    if not by_category.empty:
        total = int(by_category["tickets"].sum())
        top = by_category.iloc[0]
        sentences.append(
            t(
                "analysis.say.tickets",
                ctx.lang,
                n=f"{total:,}",
                category=top["category"],
                k=f"{int(top['tickets']):,}",
                share=_pct(float(top["tickets"]) / total, ctx.lang),
            )
        )
    sentences += _cube_insights(spec, ctx)
    return Result(
        [
            Table(
                "tickets",
                raw,
                "stacked_h",
                x="tickets",
                y="category",
                color="channel",
                columns={
                    "category": "text",
                    "channel": "text",
                    "channel_group": "group",
                    "tickets": "count",
                    "satisfaction": "score",
                    "resolution_hours": "hours",
                },
            )
        ],
        spec=spec,
        sentences=sentences,
    )


RESOLUTION_SQL = """
SELECT t.category,
       count(*) AS tickets,
       count(t.closed_ts) AS resolved,
       median(epoch(t.closed_ts - t.opened_ts) / 3600.0) AS median_hours,
       quantile_cont(epoch(t.closed_ts - t.opened_ts) / 3600.0, 0.9) AS p90_hours,
       avg(epoch(t.closed_ts - t.opened_ts) / 3600.0) AS mean_hours
FROM fact_service_ticket t
WHERE t.opened_ts >= ? AND t.opened_ts < ?
GROUP BY ALL
ORDER BY tickets DESC, t.category
"""

RESOLUTION_BUCKET_SQL = """
SELECT {cases} AS bucket, count(*) AS tickets
FROM fact_service_ticket t
WHERE t.opened_ts >= ? AND t.opened_ts < ?
GROUP BY ALL
"""

RESOLUTION_OVERALL_SQL = """
SELECT median(epoch(closed_ts - opened_ts) / 3600.0), quantile_cont(epoch(closed_ts - opened_ts) / 3600.0, 0.9),
       count(closed_ts), count(*)
FROM fact_service_ticket WHERE opened_ts >= ? AND opened_ts < ?
"""


def _bucket_sql() -> str:
    hours = "epoch(t.closed_ts - t.opened_ts) / 3600.0"
    cases = ["WHEN t.closed_ts IS NULL THEN 'open'"]
    for name, low, high in RESOLUTION_BUCKETS:
        if high is None:
            cases.append(f"WHEN {hours} >= {low} THEN '{name}'")
        else:
            cases.append(f"WHEN {hours} >= {low} AND {hours} < {high} THEN '{name}'")
    return "CASE " + " ".join(cases) + " END"


def resolution_time(ctx: Context) -> Result:
    """How long tickets took to close: the distribution, and median / 90th percentile by category."""
    params = [ctx.start, ctx.end_exclusive]
    by_category = _sql(ctx, RESOLUTION_SQL, params, "fact_service_ticket")
    buckets = _sql(ctx, RESOLUTION_BUCKET_SQL.format(cases=_bucket_sql()), params, "fact_service_ticket")
    order = [name for name, _, _ in RESOLUTION_BUCKETS] + ["open"]
    counts = dict(zip(buckets["bucket"], buckets["tickets"], strict=False))
    dist = pd.DataFrame({"bucket": order, "tickets": [float(counts.get(b, 0)) for b in order]})
    dist["share"] = _share(dist, "tickets")
    median, p90, resolved, total = ctx.cursor().execute(RESOLUTION_OVERALL_SQL, params).fetchone()
    sentences = []
    if resolved:
        sentences.append(
            t(
                "analysis.say.resolution",
                ctx.lang,
                median=fmt.number(median, ctx.lang, decimals=1),
                p90=fmt.number(p90, ctx.lang, decimals=1),
                resolved=f"{resolved:,}",
                open=f"{total - resolved:,}",
            )
        )
    spec = make_spec(["resolution_hours", "tickets"], rows=["channel.channel"], start=ctx.start, end=ctx.end)
    sentences += _cube_insights(spec, ctx)
    return Result(
        [
            Table(
                "resolution_buckets",
                dist,
                "bars",
                x="bucket",
                y="tickets",
                columns={"bucket": "bucket", "tickets": "count", "share": "percent"},
            ),
            Table(
                "resolution_category",
                by_category,
                "none",
                columns={
                    "category": "text",
                    "tickets": "count",
                    "resolved": "count",
                    "median_hours": "hours",
                    "p90_hours": "hours",
                    "mean_hours": "hours",
                },
            ),
        ],
        spec=spec,
        sentences=sentences,
    )


SATISFACTION_SQL = """
WITH rated AS (  -- each customer's first rated ticket in the period whose follow-up window lies in the data
    SELECT customer_id, satisfaction, opened_ts,
           row_number() OVER (PARTITION BY customer_id ORDER BY opened_ts, ticket_id) AS rn
    FROM fact_service_ticket
    WHERE satisfaction IS NOT NULL AND opened_ts >= ? AND opened_ts < ? AND opened_ts < ?
), firsts AS (SELECT * FROM rated WHERE rn = 1),
again AS (
    SELECT DISTINCT r.customer_id
    FROM firsts r JOIN fact_order_line f
      ON f.customer_id = r.customer_id AND f.quantity > 0
     AND f.order_ts > r.opened_ts AND f.order_ts <= r.opened_ts + to_days(CAST(? AS INTEGER))
)
SELECT r.satisfaction AS score, count(*) AS customers, count(a.customer_id) AS repurchased
FROM firsts r LEFT JOIN again a USING (customer_id)
GROUP BY ALL
ORDER BY score
"""


def satisfaction_repurchase(ctx: Context, days: int = REPURCHASE_DAYS) -> Result:
    """Customers grouped by the score of their first rated ticket in the period: the share who
    bought again within ``days`` days after opening it. Tickets opened less than ``days`` days
    before the data ends are left out (their window is not over yet)."""
    cutoff = ctx.data_end + dt.timedelta(days=1) - dt.timedelta(days=days)
    params = [ctx.start, ctx.end_exclusive, cutoff, days]
    raw = _sql(ctx, SATISFACTION_SQL, params, "fact_service_ticket")
    scores = pd.DataFrame({"score": [1, 2, 3, 4, 5]})
    table = scores.merge(raw, on="score", how="left").fillna({"customers": 0, "repurchased": 0})
    table["customers"] = table["customers"].astype(float)
    table["repurchased"] = table["repurchased"].astype(float)
    table["rate"] = table["repurchased"] / table["customers"].where(table["customers"] > 0)
    table["score"] = table["score"].astype(str)
    sentences = []
    low = table[table["score"].isin(["1", "2"])][["customers", "repurchased"]].sum()
    high = table[table["score"].isin(["4", "5"])][["customers", "repurchased"]].sum()
    if low["customers"] and high["customers"]:
        sentences.append(
            t(
                "analysis.say.satisfaction",
                ctx.lang,
                days=days,
                high=_pct(high["repurchased"] / high["customers"], ctx.lang),
                low=_pct(low["repurchased"] / low["customers"], ctx.lang),
                n_high=f"{int(high['customers']):,}",
                n_low=f"{int(low['customers']):,}",
            )
        )
    if cutoff <= ctx.end:
        sentences.append(
            t("analysis.say.window", ctx.lang, days=days, date=fmt.date(cutoff - dt.timedelta(days=1), ctx.lang))
        )
    return Result(
        [
            Table(
                "satisfaction_repurchase",
                table,
                "bars",
                x="score",
                y="rate",
                columns={"score": "text", "customers": "count", "repurchased": "count", "rate": "percent"},
            )
        ],
        sentences=sentences,
    )


# --------------------------------------------------------------------------- registry

ANALYSES: dict[str, Analysis] = {
    a.id: a
    for a in (
        Analysis("region_period", "sales", revenue_by_region),
        Analysis("customers", "sales", top_bottom_customers),
        Analysis("product_mix", "sales", product_mix),
        Analysis("partner_share", "sales", partner_share),
        Analysis("acquisition", "marketing", acquisition_by_channel),
        Analysis("new_returning", "marketing", new_vs_returning),
        Analysis("cohorts", "marketing", cohort_retention),
        Analysis("tickets", "service", tickets_by_category),
        Analysis("resolution", "service", resolution_time),
        Analysis("satisfaction", "service", satisfaction_repurchase),
    )
}
DEFAULT_ANALYSIS = "region_period"


def by_group() -> list[tuple[str, list[Analysis]]]:
    return [(g, [a for a in ANALYSES.values() if a.group == g]) for g in GROUPS]


def run_analysis(analysis_id: str, ctx: Context, period: str | None = None) -> Result:
    """Run one analysis; its cube view gets an Explore link for ``period`` (a token, or the dates)."""
    result = ANALYSES[analysis_id].run(ctx)
    if result.spec is not None and result.explore is None:
        result.explore = _explore_query(result.spec, period)
    return result


# --------------------------------------------------------------------------- URL state

DEFAULT_PERIOD = "L12M"


@dataclass(frozen=True)
class AnalysesState:
    """The page's URL state: ``a`` the analysis id, ``p`` the period token."""

    analysis: str
    period: str
    start: dt.date
    end: dt.date  # inclusive
    problems: list[tuple[str, dict]] = field(default_factory=list)  # (i18n key, values)

    def to_query(self) -> dict:
        return {"a": self.analysis, "p": self.period}


def _first(value) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value or "")


def read_state(query: dict, data_start: dt.date, data_end: dt.date) -> AnalysesState:
    """The state of a URL; an unknown analysis or period is replaced by the default and reported."""
    problems = []
    analysis = _first(query.get("a")) or DEFAULT_ANALYSIS
    if analysis not in ANALYSES:
        problems.append(("analyses.unknown", {"value": analysis[:60], "shown": DEFAULT_ANALYSIS}))
        analysis = DEFAULT_ANALYSIS
    token = _first(query.get("p")) or DEFAULT_PERIOD
    try:
        period = parse_period(token, data_start, data_end)
    except PeriodError:
        problems.append(("analyses.bad_period", {"value": token[:40]}))
        period = parse_period(DEFAULT_PERIOD, data_start, data_end)
    # the span the token names, as in Explore (olap.explore_state): comparisons are cut at the data's last day
    return AnalysesState(analysis, period.token, period.first_day, period.span_last_day, problems)
