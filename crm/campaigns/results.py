"""Results of every campaign against its random control group: funnel, uplift, revenue, cost, verdict.

Definitions (the page's "Definitions" panel says the same in words):

- **Attribution window**: the warehouse stores none, so a campaign's window is its own days,
  ``start_date`` to ``end_date`` inclusive (from midnight of the first day to the end of the last).
  A campaign whose last day is after the data's last day still has its window open ("too early").
- **Conversion**, for target and control alike, from real orders: a contact converts when the
  customer bought something in the window — an order line (``fact_order_line``) of positive
  revenue. A return (a negative line) or a free line (revenue 0) is never a conversion. (Lines, not
  orders netted: grouping ten million lines by order first costs twice the time, and a purchase
  returned within its own order is rare.) The ``converted_ts`` the warehouse carries is not used:
  it is not computed the same way for both groups in every source.
- **Revenue per head**: the net revenue (returns included) of the group's members in the window
  divided by the group's size, zeros included; incremental revenue = (target − control revenue per
  head) × target size, with Welch's interval (``stats.welch``).
- **Uplift**: target rate − control rate, Newcombe's hybrid score interval, pooled two-proportion
  z-test (``stats.two_proportions``); incremental conversions = uplift × target size.
- **Cost** = the campaign's ``budget``: the recorded spend, per-contact part
  (targeted × ``cost_per_contact``) plus a fixed part (the rest; never below 0).
- **ROAS** = the target group's revenue in the window / cost; **ROI** = (that revenue − cost) / cost;
  **incremental ROI** = (incremental revenue − cost) / cost. All on revenue, not profit — what a
  marketer quotes — and only the incremental one says what the campaign itself returned.
- **Verdict**: ``too_early`` (window still open on the data's last day) / ``worked`` (uplift
  interval above 0) / ``harmful`` (below 0) / ``too_small`` (the minimum detectable uplift at the
  observed base rate, 95 % confidence and 80 % power, is larger than a meaningful uplift of
  ``MEANINGFUL`` = 20 % of the base rate; with the holdout share or segment size that would have
  shown it) / ``no_effect`` / ``no_control`` (a group is empty).
- **Unsubscribes and surveys** (response files, ``data.importer.responses``): contacts with an
  ``unsubscribed_ts`` per group and over the group's size; survey answers (an answer or a score) and
  the mean score. A warehouse written before those columns reads them as none.
- **Sub-groups** (``campaign_breakdown``): a sub-group is ``too_small`` to read when either group
  has fewer than ``MIN_GROUP`` (30) contacts or fewer than ``MIN_CONVERSIONS`` (5) conversions are
  expected in the smaller group at the pooled rate. RFM segment and cluster come from the published
  ``customer_score`` table (the scores as of its last run, not as of the campaign).

One SQL pass answers every campaign (``campaign_results``: each campaign's two groups aggregated in
the database, revenue sums exact); ``cached_results`` keeps it per
warehouse version.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass
from decimal import Decimal

from crm.campaigns import stats
from data.importer.write import PLAN_CAMPAIGN_BASE
from data.warehouse import table_names
from olap import engine

MEANINGFUL = 0.20  # relative uplift a campaign should be able to show
MIN_GROUP = 30  # contacts per group below which a sub-group is too small to read
MIN_CONVERSIONS = 5  # expected conversions in the smaller group below which it is too small
VERDICTS = ("worked", "harmful", "too_early", "too_small", "no_effect", "no_control")

# every contact of the chosen campaigns with its window's net revenue and whether it converted
_CONTACTS_SQL = """
WITH c AS (
    SELECT campaign_id, start_date, end_date FROM dim_campaign WHERE $campaign IS NULL OR campaign_id = $campaign
),
d AS (  -- every day of every window: lines meet their campaigns by an equality on the day (a hash join,
        -- where a range join of every line with every window is several times slower)
    SELECT campaign_id, unnest(range(start_date, end_date + INTERVAL 1 DAY, INTERVAL 1 DAY))::DATE AS day FROM c
),
k AS (
    SELECT k.* FROM fact_campaign_contact k JOIN c USING (campaign_id)
),
r AS (  -- each customer's window: net revenue (exact sums: the same answer whatever order parallel threads
        -- add them in) and whether they bought anything (a line of positive revenue)
    SELECT d.campaign_id, f.customer_id, sum(f.revenue::DECIMAL(38, 6)) AS revenue, bool_or(f.revenue > 0) AS converted
    FROM fact_order_line f JOIN d ON f.order_ts::DATE = d.day
    WHERE f.order_ts >= $first_day AND f.order_ts < $after_last_day  -- lets DuckDB skip row groups
    GROUP BY d.campaign_id, f.customer_id
)
SELECT k.campaign_id, k.group_name = 'target' AS is_target, coalesce(k.delivered, false) AS delivered,
       (k.delivered IS NOT NULL OR k.opened_ts IS NOT NULL OR k.clicked_ts IS NOT NULL) AS reported,
       k.opened_ts IS NOT NULL AS opened, k.clicked_ts IS NOT NULL AS clicked, coalesce(r.revenue, 0)::DOUBLE AS revenue,
       coalesce(r.converted, false) AS converted{responses}{extra}
FROM k LEFT JOIN r USING (campaign_id, customer_id){joins}
"""

# the response file's columns (``campaign_responses``): NULL stand-ins on a warehouse written before them
_RESPONSES = {
    "unsubscribed": ("k.unsubscribed_ts IS NOT NULL", "false"),
    "answered": ("k.survey_answer IS NOT NULL OR k.survey_score IS NOT NULL", "false"),
    "survey_score": ("coalesce(CAST(k.survey_score AS DOUBLE), 'NaN'::DOUBLE)", "'NaN'::DOUBLE"),
}
_RESPONSE_COLUMNS = ("unsubscribed_ts", "survey_answer", "survey_score")

# every campaign's two groups in one aggregation of the contacts query: sizes, conversions, the funnel and
# the responses counted, the revenue's sum and sum of squares exact (decimals: the same answer whatever order
# parallel threads add them in), from which the mean and the sample variance of revenue per head follow
_GROUPS_SQL = """
SELECT campaign_id, is_target, count(*) AS n, count(*) FILTER (converted) AS converted,
       sum(revenue_exact) AS revenue_sum, sum(revenue_exact * revenue_exact) AS revenue_squares,
       count(*) FILTER (delivered) AS delivered, bool_or(reported) AS reported,
       count(*) FILTER (opened) AS opened, count(*) FILTER (clicked) AS clicked,
       count(*) FILTER (unsubscribed) AS unsubscribed, count(*) FILTER (answered) AS answered,
       coalesce(sum(survey_score) FILTER (NOT isnan(survey_score)), 0) AS score_sum,
       count(*) FILTER (NOT isnan(survey_score)) AS scores
FROM ({contacts}) GROUP BY campaign_id, is_target
"""
_EXACT_REVENUE = ", coalesce(r.revenue, 0::DECIMAL(38, 6)) AS revenue_exact"


@dataclass(frozen=True)
class _Group:
    """One group (target or control) of one campaign, as ``_GROUPS_SQL`` aggregates it."""

    n: int = 0
    converted: int = 0
    revenue_sum: Decimal = Decimal(0)
    revenue_squares: Decimal = Decimal(0)
    delivered: int = 0
    reported: bool = False
    opened: int = 0
    clicked: int = 0
    unsubscribed: int = 0
    answered: int = 0
    score_sum: float = 0.0
    scores: int = 0

    @property
    def mean(self) -> float | None:
        return float(self.revenue_sum / self.n) if self.n else None

    @property
    def variance(self) -> float:
        """The sample variance (ddof 1) of revenue per head, exact until the last conversion to float."""
        if self.n < 2:
            return 0.0
        return float((self.revenue_squares - self.revenue_sum * self.revenue_sum / self.n) / (self.n - 1))


_CAMPAIGNS_SQL = """
SELECT c.campaign_id, c.name, c.objective, coalesce(ch.name, '') AS channel, c.start_date, c.end_date,
       c.budget, c.cost_per_contact, c.holdout_pct, c.status
FROM dim_campaign c LEFT JOIN dim_channel ch ON ch.channel_id = c.channel_id
WHERE $campaign IS NULL OR c.campaign_id = $campaign
ORDER BY c.start_date, c.campaign_id
"""

# sub-group attributes: (SQL expression, joins); names only from here, never from a request
BREAKDOWNS = {
    "country": ("cu.country", " LEFT JOIN dim_customer cu ON cu.customer_id = k.customer_id"),
    "channel": ("ch.name", " LEFT JOIN dim_channel ch ON ch.channel_id = k.channel_id"),
    "customer_type": ("cu.customer_type", " LEFT JOIN dim_customer cu ON cu.customer_id = k.customer_id"),
    "segment": ("cu.segment", " LEFT JOIN dim_customer cu ON cu.customer_id = k.customer_id"),
    "rfm": ("sc.rfm_segment", " LEFT JOIN customer_score sc ON sc.customer_id = k.customer_id"),
    "cluster": ("sc.cluster", " LEFT JOIN customer_score sc ON sc.customer_id = k.customer_id"),
}
_SCORED = ("rfm", "cluster")


@dataclass(frozen=True)
class CampaignResult:
    """One campaign's figures; None where a figure cannot be computed (an empty group, no cost)."""

    campaign_id: int
    name: str
    objective: str
    channel: str
    start_date: dt.date
    end_date: dt.date
    status: str
    holdout_pct: float
    # funnel
    target: int
    control: int
    delivered: int
    opened: int
    clicked: int
    converted_target: int
    converted_control: int
    # conversion
    rate_target: float | None
    rate_control: float | None
    uplift: float | None
    uplift_ci_low: float | None
    uplift_ci_high: float | None
    p_value: float | None
    relative_uplift: float | None
    incremental_conversions: float | None
    incremental_conversions_low: float | None
    incremental_conversions_high: float | None
    # revenue in the window
    revenue_target: float | None  # per head
    revenue_control: float | None  # per head
    revenue_target_total: float
    incremental_revenue: float | None
    incremental_revenue_low: float | None
    incremental_revenue_high: float | None
    # cost and return
    cost: float
    cost_fixed: float
    cost_contacts: float
    roas: float | None
    roi: float | None
    incremental_roi: float | None
    cost_per_incremental_conversion: float | None
    # verdict
    window_open: bool
    verdict: str
    mde: float | None  # absolute, at the observed base rate
    meaningful_uplift: float | None  # absolute: MEANINGFUL × base rate
    holdout_needed: float | None  # share of target + control
    segment_needed: int | None  # when no holdout share is enough
    # responses (a response file's unsubscribes and survey answers; 0 / None when none was imported)
    unsubscribed_target: int = 0
    unsubscribed_control: int = 0
    unsubscribe_rate_target: float | None = None
    unsubscribe_rate_control: float | None = None
    survey_answers: int = 0
    survey_score_mean: float | None = None
    plan_id: int | None = None  # the planner's plan it was launched from (crm.campaigns.bridge)
    # whether any target contact's delivery, open or click is known (a launched plan before its response file:
    # the funnel's middle is "not reported yet", not zero)
    responses_reported: bool = True

    def as_json(self) -> dict:
        """Plain JSON values (dates as ISO text)."""
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class SubGroup:
    """One sub-group's uplift (``key`` is the attribute's stored value, None when unknown)."""

    key: str | None
    target: int
    control: int
    converted_target: int
    converted_control: int
    rate_target: float | None
    rate_control: float | None
    uplift: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    too_small: bool


def has_campaigns(cursor) -> bool:
    """The warehouse has the campaign tables."""
    return {"dim_campaign", "fact_campaign_contact", "fact_order_line"} <= table_names(cursor)


def breakdowns(cursor) -> tuple[str, ...]:
    """The sub-group attributes this warehouse can answer (RFM and cluster need published scores)."""
    names = table_names(cursor)
    return tuple(by for by in BREAKDOWNS if by not in _SCORED or "customer_score" in names)


def _data_end(cursor) -> dt.date | None:
    return cursor.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def _verdict(
    up: stats.Uplift | None, window_open: bool
) -> tuple[str, float | None, float | None, float | None, int | None]:
    """The verdict key, the minimum detectable and the meaningful uplift, and the holdout or segment needed."""
    if window_open:
        return "too_early", None, None, None, None
    if up is None:
        return "no_control", None, None, None, None
    if up.ci_low > 0:
        return "worked", None, None, None, None
    if up.ci_high < 0:
        return "harmful", None, None, None, None
    base = up.rate_control
    if not 0 < base < 1:  # the control never (or always) converted: read the pooled rate
        base = (up.converted_target + up.converted_control) / (up.target + up.control)
    if not 0 < base < 1:
        return "too_small", None, None, None, None
    mde = stats.minimum_detectable_uplift(up.target, up.control, base)
    meaningful = MEANINGFUL * base
    if mde <= meaningful:
        return "no_effect", mde, meaningful, None, None
    size = up.target + up.control
    holdout = stats.holdout_needed(size, base, meaningful)
    segment = None if holdout is not None else stats.segment_needed(up.control / size, base, meaningful)
    return "too_small", mde, meaningful, holdout, segment


def _result(row: tuple, target: _Group, control: _Group, data_end: dt.date | None) -> CampaignResult:
    campaign_id, name, objective, channel, start, end, budget, cpc, holdout, status = row
    n_t, n_c = target.n, control.n
    k_t, k_c = target.converted, control.converted
    up = stats.two_proportions(k_t, n_t, k_c, n_c) if n_t and n_c else None
    money = (
        stats.welch_moments(target.mean, target.variance, n_t, control.mean, control.variance, n_c)
        if n_t >= 2 and n_c >= 2
        else None
    )
    cost = float(budget or 0.0)
    cost_contacts = min(cost, n_t * float(cpc or 0.0))
    revenue_total = float(target.revenue_sum)
    incremental = money.difference * n_t if money else None
    window_open = data_end is None or end > data_end
    verdict, mde, meaningful, holdout_share, segment = _verdict(up, window_open)
    inc_conv = up.incremental if up else None
    u_t, u_c = target.unsubscribed, control.unsubscribed
    scores = target.scores + control.scores
    return CampaignResult(
        campaign_id=int(campaign_id), name=name, objective=objective, channel=channel, start_date=start,
        end_date=end, status=status, holdout_pct=float(holdout), target=n_t, control=n_c,
        delivered=target.delivered, opened=target.opened, clicked=target.clicked,
        converted_target=k_t, converted_control=k_c,
        rate_target=_ratio(k_t, n_t), rate_control=_ratio(k_c, n_c),
        uplift=up.uplift if up else None, uplift_ci_low=up.ci_low if up else None,
        uplift_ci_high=up.ci_high if up else None, p_value=up.p_value if up else None,
        relative_uplift=up.relative if up else None, incremental_conversions=inc_conv,
        incremental_conversions_low=up.incremental_ci[0] if up else None,
        incremental_conversions_high=up.incremental_ci[1] if up else None,
        revenue_target=target.mean, revenue_control=control.mean,
        revenue_target_total=revenue_total, incremental_revenue=incremental,
        incremental_revenue_low=money.ci_low * n_t if money else None,
        incremental_revenue_high=money.ci_high * n_t if money else None,
        cost=cost, cost_fixed=cost - cost_contacts, cost_contacts=cost_contacts,
        roas=_ratio(revenue_total, cost), roi=_ratio(revenue_total - cost, cost),
        incremental_roi=_ratio(incremental - cost, cost) if incremental is not None else None,
        cost_per_incremental_conversion=cost / inc_conv if inc_conv and inc_conv > 0 and cost else None,
        window_open=window_open, verdict=verdict, mde=mde, meaningful_uplift=meaningful,
        holdout_needed=holdout_share, segment_needed=segment,
        unsubscribed_target=u_t, unsubscribed_control=u_c, unsubscribe_rate_target=_ratio(u_t, n_t),
        unsubscribe_rate_control=_ratio(u_c, n_c), survey_answers=target.answered + control.answered,
        survey_score_mean=(target.score_sum + control.score_sum) / scores if scores else None,
        plan_id=int(campaign_id) - PLAN_CAMPAIGN_BASE if campaign_id > PLAN_CAMPAIGN_BASE else None,
        responses_reported=target.reported,
    )  # fmt: skip


def _responses(cursor) -> str:
    """The response columns of the contacts query, NULL stand-ins for those the warehouse lacks."""
    have = {r[0] for r in cursor.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
        "AND table_name = 'fact_campaign_contact'").fetchall()}  # fmt: skip
    complete = set(_RESPONSE_COLUMNS) <= have
    return "".join(f", {sql if complete else missing} AS {name}" for name, (sql, missing) in _RESPONSES.items())


def contacts_sql(cursor, extra: str = "", joins: str = "") -> str:
    """The contacts query with ``extra`` columns and ``joins`` (code constants only)."""
    return _CONTACTS_SQL.format(extra=extra, joins=joins, responses=_responses(cursor))


def _contacts(cursor, campaign_id, campaigns: list[tuple], extra: str = "", joins: str = "", sql: str | None = None):
    """Run the contacts query (or ``sql`` built on it) for ``campaigns``' rows of ``_CAMPAIGNS_SQL``."""
    params = {
        "campaign": campaign_id,
        "first_day": min(row[4] for row in campaigns),
        "after_last_day": max(row[5] for row in campaigns) + dt.timedelta(days=1),
    }
    return cursor.execute(sql or contacts_sql(cursor, extra, joins), params)


def campaign_results(cursor, campaign_id: int | None = None, data_end: dt.date | None = None) -> list[CampaignResult]:
    """Every campaign's result (or one campaign's), ordered by start date; one SQL pass for all.

    ``data_end``: the data's last day (a window ending after it is still open); read from the
    order lines when not given.
    """
    if not has_campaigns(cursor):
        return []
    if data_end is None:
        data_end = _data_end(cursor)
    campaigns = cursor.execute(_CAMPAIGNS_SQL, {"campaign": campaign_id}).fetchall()
    if not campaigns:
        return []
    sql = _GROUPS_SQL.format(contacts=contacts_sql(cursor, _EXACT_REVENUE))
    groups: dict[tuple[int, bool], _Group] = {}
    for campaign, is_target, *values in _contacts(cursor, campaign_id, campaigns, sql=sql).fetchall():
        groups[(campaign, bool(is_target))] = _Group(*values)
    return [_result(row, groups.get((row[0], True), _Group()), groups.get((row[0], False), _Group()), data_end)
            for row in campaigns]  # fmt: skip


def campaign_breakdown(cursor, campaign_id: int, by: str) -> list[SubGroup]:
    """One campaign's uplift per value of ``by`` (a key of ``BREAKDOWNS``), largest sub-groups first."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}: one of {', '.join(BREAKDOWNS)}")
    if by not in breakdowns(cursor):
        return []
    expression, joins = BREAKDOWNS[by]
    sql = f"""
        SELECT g AS key, count(*) FILTER (is_target), count(*) FILTER (NOT is_target),
               count(*) FILTER (is_target AND converted), count(*) FILTER (NOT is_target AND converted)
        FROM ({contacts_sql(cursor, f", {expression}::VARCHAR AS g", joins)})
        GROUP BY g ORDER BY count(*) DESC, g NULLS LAST"""
    campaigns = cursor.execute(_CAMPAIGNS_SQL, {"campaign": campaign_id}).fetchall()
    if not campaigns:
        return []
    return [_sub_group(*row) for row in _contacts(cursor, campaign_id, campaigns, sql=sql).fetchall()]


def _sub_group(key, n_t: int, n_c: int, k_t: int, k_c: int) -> SubGroup:
    up = stats.two_proportions(k_t, n_t, k_c, n_c) if n_t and n_c else None
    pooled = (k_t + k_c) / (n_t + n_c)
    too_small = min(n_t, n_c) < MIN_GROUP or min(n_t, n_c) * pooled < MIN_CONVERSIONS
    return SubGroup(
        key=key, target=n_t, control=n_c, converted_target=k_t, converted_control=k_c,
        rate_target=_ratio(k_t, n_t), rate_control=_ratio(k_c, n_c), uplift=up.uplift if up else None,
        ci_low=up.ci_low if up else None, ci_high=up.ci_high if up else None, p_value=up.p_value if up else None,
        too_small=too_small,
    )  # fmt: skip


def cached_results(campaign_id: int | None = None, warehouse=None) -> list[CampaignResult]:
    """``campaign_results`` of the current warehouse version, kept in the shared result cache."""
    return engine.cached(("campaigns", campaign_id), lambda cursor: campaign_results(cursor, campaign_id), warehouse)


def cached_breakdown(campaign_id: int, by: str, warehouse=None) -> list[SubGroup]:
    """``campaign_breakdown`` of the current warehouse version, kept in the shared result cache."""
    return engine.cached(
        ("campaigns", campaign_id, by), lambda cursor: campaign_breakdown(cursor, campaign_id, by), warehouse
    )


def cached_breakdowns(warehouse=None) -> tuple[str, ...]:
    """``breakdowns`` of the current warehouse version."""
    return engine.cached(("campaigns", "breakdowns"), breakdowns, warehouse)


def finite(value) -> float | None:
    """A figure for JSON: None for NaN and infinities."""
    return None if value is None or (isinstance(value, float) and not math.isfinite(value)) else value
