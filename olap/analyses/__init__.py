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

from olap.analyses.base import Analysis, AnalysisUnavailable, Context, Result, Table
from olap.analyses.marketing import COHORT_MONTHS, acquisition_by_channel, cohort_retention, new_vs_returning
from olap.analyses.sales import TOP_N, TOP_PARTNERS, partner_share, product_mix, revenue_by_region, top_bottom_customers
from olap.analyses.service import (
    REPURCHASE_DAYS,
    RESOLUTION_BUCKETS,
    resolution_time,
    satisfaction_repurchase,
    tickets_by_category,
)
from olap.analyses.state import AnalysesState
from olap.query import QuerySpec

GROUPS = ("sales", "marketing", "service")  # one module each

ANALYSES: dict[str, Analysis] = {
    a.id: a
    for a in (
        Analysis("region_period", "sales", revenue_by_region, filtered=True),
        Analysis("customers", "sales", top_bottom_customers, filtered=True),
        Analysis("product_mix", "sales", product_mix, filtered=True),
        Analysis("partner_share", "sales", partner_share, filtered=True),
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


__all__ = [
    "ANALYSES",
    "COHORT_MONTHS",
    "DEFAULT_ANALYSIS",
    "GROUPS",
    "REPURCHASE_DAYS",
    "RESOLUTION_BUCKETS",
    "TOP_N",
    "TOP_PARTNERS",
    "AnalysesState",
    "Analysis",
    "AnalysisUnavailable",
    "Context",
    "Result",
    "Table",
    "acquisition_by_channel",
    "by_group",
    "cohort_retention",
    "new_vs_returning",
    "partner_share",
    "product_mix",
    "resolution_time",
    "revenue_by_region",
    "run_analysis",
    "satisfaction_repurchase",
    "tickets_by_category",
    "top_bottom_customers",
]
