"""Service analyses: tickets by category, resolution time, satisfaction against repurchase."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from i18n import format as fmt
from i18n import t
from olap.analyses.base import Context, Result, Table, cube_insights, pct, share_of, sql_frame
from olap.query import make_spec

REPURCHASE_DAYS = 90
RESOLUTION_BUCKETS = (  # (id, lower hours inclusive, upper hours exclusive)
    ("lt4h", 0, 4),
    ("h4_24", 4, 24),
    ("d1_3", 24, 72),
    ("d3_7", 72, 168),
    ("gt7d", 168, None),
)

# A ticket's resolution time: microseconds between opening and closing (exact on DuckDB and Spark;
# ``epoch`` of an interval has no Spark equivalent) in hours, as a double on both engines.
MICROS_PER_HOUR = 3_600_000_000
HOURS = "date_diff('microsecond', t.opened_ts, t.closed_ts) / 3.6e9"

TICKETS_SQL = f"""
SELECT t.category, ch.name AS channel, ch.channel_group,
       count(*) AS tickets,
       avg(t.satisfaction) AS satisfaction,
       avg({HOURS}) AS resolution_hours
FROM fact_service_ticket t LEFT JOIN dim_channel ch USING (channel_id)
WHERE t.opened_ts >= ? AND t.opened_ts < ?
GROUP BY ALL
ORDER BY tickets DESC, t.category, channel
"""


def tickets_by_category(ctx: Context) -> Result:
    """Tickets by what they were about and the channel they came through, with satisfaction and time."""
    raw = sql_frame(ctx, TICKETS_SQL, [ctx.start, ctx.end_exclusive], "fact_service_ticket")
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
                share=pct(float(top["tickets"]) / total, ctx.lang),
            )
        )
    sentences += cube_insights(spec, ctx)
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


def _quantile(p: str) -> str:
    """The ``p`` quantile of ``hours`` in a group of ``ranked`` rows, interpolated linearly between the
    two closest ranks as DuckDB's ``quantile_cont`` does (``lo + d × (hi − lo)`` at rank (n − 1) × p).
    Written with a window and plain aggregates: sqlglot maps ``quantile_cont`` to no Spark function of
    the same meaning (``percentile_cont … WITHIN GROUP`` becomes an approximate percentile)."""
    rank = f"(n - 1) * {p}"
    lo = f"max(CASE WHEN i = floor({rank}) THEN hours END)"
    hi = f"max(CASE WHEN i = ceil({rank}) THEN hours END)"
    return f"{lo} + (max({rank}) - floor(max({rank}))) * ({hi} - {lo})"


def _resolution_sql(by: str) -> str:
    """Tickets, resolved tickets, median / 90th percentile / mean hours per ``by`` (a column or nothing)."""
    group = f"{by}, " if by else ""
    partition = f"PARTITION BY {by} " if by else ""
    return f"""
WITH hours AS (
    SELECT {group}t.closed_ts, {HOURS} AS hours
    FROM fact_service_ticket t
    WHERE t.opened_ts >= ? AND t.opened_ts < ?
), ranked AS (  -- each resolved ticket's rank by hours in its group (open tickets rank after them)
    SELECT {group}closed_ts, hours,
           row_number() OVER ({partition}ORDER BY hours NULLS LAST) - 1 AS i,
           count(hours) OVER ({partition.strip()}) AS n
    FROM hours
)
SELECT {group}count(*) AS tickets,
       count(closed_ts) AS resolved,
       {_quantile("0.5")} AS median_hours,
       {_quantile("0.9")} AS p90_hours,
       avg(hours) AS mean_hours
FROM ranked
{f"GROUP BY {by} ORDER BY tickets DESC, {by}" if by else ""}
"""


RESOLUTION_SQL = _resolution_sql("category")
RESOLUTION_OVERALL_SQL = _resolution_sql("")

RESOLUTION_BUCKET_SQL = """
SELECT {cases} AS bucket, count(*) AS tickets
FROM fact_service_ticket t
WHERE t.opened_ts >= ? AND t.opened_ts < ?
GROUP BY ALL
"""


def _bucket_sql() -> str:
    """The bucket of a ticket, its bounds compared in whole microseconds (integer literals from the
    constants above, exact on both engines)."""
    micros = "date_diff('microsecond', t.opened_ts, t.closed_ts)"
    cases = ["WHEN t.closed_ts IS NULL THEN 'open'"]
    for name, low, high in RESOLUTION_BUCKETS:
        if high is None:
            cases.append(f"WHEN {micros} >= {low * MICROS_PER_HOUR} THEN '{name}'")
        else:
            cases.append(
                f"WHEN {micros} >= {low * MICROS_PER_HOUR} AND {micros} < {high * MICROS_PER_HOUR} THEN '{name}'"
            )
    return "CASE " + " ".join(cases) + " END"


def resolution_time(ctx: Context) -> Result:
    """How long tickets took to close: the distribution, and median / 90th percentile by category."""
    params = [ctx.start, ctx.end_exclusive]
    by_category = sql_frame(ctx, RESOLUTION_SQL, params, "fact_service_ticket")
    buckets = sql_frame(ctx, RESOLUTION_BUCKET_SQL.format(cases=_bucket_sql()), params, "fact_service_ticket")
    order = [name for name, _, _ in RESOLUTION_BUCKETS] + ["open"]
    counts = dict(zip(buckets["bucket"], buckets["tickets"], strict=False))
    dist = pd.DataFrame({"bucket": order, "tickets": [float(counts.get(b, 0)) for b in order]})
    dist["share"] = share_of(dist, "tickets")
    total, resolved, median, p90, _mean = ctx.cursor().execute(RESOLUTION_OVERALL_SQL, params).fetchone()
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
    sentences += cube_insights(spec, ctx)
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
     AND f.order_ts > r.opened_ts AND date_diff('microsecond', r.opened_ts, f.order_ts) <= ?
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
    params = [ctx.start, ctx.end_exclusive, cutoff, days * 24 * MICROS_PER_HOUR]
    raw = sql_frame(ctx, SATISFACTION_SQL, params, "fact_service_ticket")
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
                high=pct(high["repurchased"] / high["customers"], ctx.lang),
                low=pct(low["repurchased"] / low["customers"], ctx.lang),
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
