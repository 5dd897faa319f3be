"""The executive dashboard: its URL state, how clicks change it, and the numbers it shows.

URL keys (``olap.urlstate``): ``p`` the period token, ``f.geo.region`` and ``f.geo.country``
(repeatable), ``f.channel.group``, ``f.customer.type``. The keys of older bookmarks
(``period``, ``region``, ``country``, ``channel``, ``ctype``) still open the same view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Self

import pandas as pd

from olap import engine, flow, kpi, reads
from olap.catalog import Catalog
from olap.filters import KEYS, Filters, filters_to_query, parse_filters
from olap.period import Period
from olap.urlstate import search, with_aliases

ALIASES = {"period": "p", **KEYS}  # the keys the dashboard's URLs used before → the canonical keys
TOP_N = 10
TOP_COUNTRIES = 15


@dataclass(frozen=True)
class DashboardState:
    period: Period
    filters: Filters = field(default_factory=Filters)
    problems: tuple[tuple[str, str], ...] = ()  # (filter name or "period", the value dropped)
    carried: flow.CarriedRange | None = None  # a custom date range from another page, not applied here

    @classmethod
    def from_query(cls, query: Mapping, catalog: Catalog) -> Self:
        """The state a URL asks for, checked against the catalog (pure).

        Without a period, the last complete quarter (``olap.period.default_period``); a custom date
        range is that period's days when it is a whole period, else carried as not applied
        (``olap.flow.period_of``). Unknown values are dropped and reported in ``problems``; unknown
        query keys are ignored.
        """
        query = with_aliases(query, ALIASES)
        filters, problems = parse_filters(query, catalog)
        period, carried, wrong = flow.period_of(query, catalog.data_start, catalog.data_end)
        return cls(period, filters, tuple(problems + wrong), carried)

    def to_query(self) -> dict:
        when = self.carried.to_query() if self.carried else {"p": self.period.token}  # the range travels on
        return {**when, **filters_to_query(self.filters)}

    def to_search(self) -> str:
        return search(self.to_query())


def next_state(state: DashboardState, trigger, values: dict) -> DashboardState:
    """The state after one user action (pure; ``trigger`` is the id of what changed)."""
    f = state.filters
    if trigger == "exec-period":
        return replace(state, period=replace(state.period, token=values["period"]), carried=None)
    control = trigger.removeprefix("exec-") if isinstance(trigger, str) else None
    if control in ("region", "country", "channel", "ctype", "clear"):
        changed = flow.next_filters(f, control, values.get(control), values["country_region"])
        return replace(state, filters=changed)
    if trigger == "exec-trend":
        month = values["click"]
        return replace(state, period=replace(state.period, token=month[:7]), carried=None)
    if trigger == "exec-regions":
        return replace(state, filters=replace(f, regions=(values["click"],), countries=()))
    if trigger == "exec-countries":
        return replace(state, filters=replace(f, countries=(values["click"],)))
    if isinstance(trigger, dict) and trigger.get("type") in ("exec-chip", "exec-unfilter"):
        return replace(state, filters=flow.next_filters(f, "chip", (trigger["name"], trigger["value"]), {}))
    return state


# --------------------------------------------------------------------------- the numbers


@dataclass(frozen=True)
class DashboardReport:
    """Everything the dashboard shows for one state, as data (no Dash)."""

    kpis: kpi.KpiResult
    trend: pd.DataFrame  # revenue by month and channel group over all the data
    regions: pd.DataFrame | None = None  # None: nothing in the period
    countries: pd.DataFrame | None = None  # the top ``TOP_COUNTRIES``
    customers: list[dict] = field(default_factory=list)  # the top ``TOP_N``, with their ``share`` of revenue
    products: list[dict] = field(default_factory=list)
    relaxing: tuple[tuple[str, str], ...] = ()  # an empty page: the filters whose removal brings data back

    @property
    def empty(self) -> bool:
        return self.kpis.current["orders"] == 0


def report(cursor, state: DashboardState) -> DashboardReport:
    """The dashboard's numbers for ``state`` (uncached)."""
    period, filters = state.period, state.filters
    result = kpi.compute_kpis(cursor, period, filters)
    trend = kpi.monthly_trend(cursor, filters)
    if result.current["orders"] == 0:
        return DashboardReport(result, trend, relaxing=tuple(relaxing(cursor, state)))
    total = result.current["revenue"]
    # the geography charts keep every member in sight when the page is filtered to some (the chosen ones
    # are highlighted): regions without the region and country filters, countries without the country one
    countries = kpi.revenue_by_geography(cursor, period, replace(filters, countries=()), "country")
    shown = countries.head(TOP_COUNTRIES)
    chosen = countries[countries["member"].isin(filters.countries) & ~countries["member"].isin(shown["member"])]
    return DashboardReport(
        result,
        trend,
        regions=kpi.revenue_by_geography(cursor, period, replace(filters, regions=(), countries=()), "region"),
        countries=pd.concat([shown, chosen]) if len(chosen) else shown,
        customers=_records(kpi.top_customers(cursor, period, filters, TOP_N), total),
        products=_records(kpi.top_products(cursor, period, filters, TOP_N), total),
    )


def relaxing(cursor, state: DashboardState) -> list[tuple[str, str]]:
    """The active filters whose removal alone brings orders back (removing the last one always does)."""
    out = []
    for name, value in state.filters.active():
        relaxed = state.filters.without(name, value)
        if relaxed.is_empty() or kpi.compute_kpis(cursor, state.period, relaxed).current["orders"]:
            out.append((name, value))
    return out


def dashboard_report(state: DashboardState, warehouse=None) -> DashboardReport:
    """``report`` on the engine's cursor (``olap.reads``), kept in the shared result cache per warehouse
    version and state."""
    return reads.cube_cached(("dashboard", state.to_search()), lambda cursor: report(cursor, state), warehouse)


def kept_report(state: DashboardState, warehouse=None) -> DashboardReport | None:
    """``dashboard_report``'s answer if the shared cache holds it (this version, state, scope), else None."""
    return reads.cube_kept(("dashboard", state.to_search()), warehouse)


# --------------------------------------------------------------------------- partner contribution

PARTNER_MEASURES = ("revenue", "partner_revenue", "partner_share", "active_partners")


@dataclass(frozen=True)
class PartnerFigures:
    """The period's sales through partners (cube measures, the dashboard's filters) and the
    share in the comparison period (None when that period has no revenue or the data begins in it)."""

    partners: int  # partners the warehouse knows (0: every sale is direct)
    revenue: float = 0.0
    partner_revenue: float = 0.0
    share: float | None = None  # None: no revenue in the period
    share_before: float | None = None
    active_partners: int = 0

    @property
    def share_change(self) -> float | None:
        """The change of the share in percentage points (a fraction: 0.02 is +2 pp)."""
        return None if self.share is None or self.share_before is None else self.share - self.share_before


def partner_explore_search(state: DashboardState) -> str:
    """Explore on partner tier (drilling to partners) with the dashboard's period and filters."""
    query = {"m": ["partner_share", "partner_revenue", "active_partners"], "r": "partner.tier"}
    return search({**query, "p": state.period.token, **filters_to_query(state.filters)})


# the cube measure behind each KPI card, and the level its breakdown opens on
KPI_BREAKDOWN = {
    "revenue": ("revenue", "geo.region"),
    "gross_margin": ("gross_margin", "geo.region"),
    "orders": ("orders", "geo.region"),
    "active_customers": ("customers", "geo.region"),
    "new_customers": ("new_customers", "geo.region"),
    "repeat_rate": ("repeat_rate", "geo.region"),
    "aov": ("aov", "geo.region"),
    "online_share": ("revenue", "channel.group"),  # the share is online revenue over all: by channel group
}


def kpi_explore_search(state: DashboardState, key: str) -> str:
    """Explore on a KPI's measure broken down by region (channel group for the online share), with the
    dashboard's period and filters: where a click on its card leads."""
    measure, row = KPI_BREAKDOWN[key]
    return search({"m": [measure], "r": row, "p": state.period.token, **filters_to_query(state.filters)})


def product_explore_search(state: DashboardState, product_id: int) -> str:
    """Explore on one product's months, with the dashboard's period and filters (a top-product row's click)."""
    query = {"m": ["revenue", "orders", "gross_margin"], "r": "time.month", "f.product.product": [str(product_id)]}
    return search({**query, "p": state.period.token, **filters_to_query(state.filters)})


# --------------------------------------------------------------------------- a chart point's actions

CLICK_ACTIONS = ("drill", "filter", "detail", "explore")
# chart -> (its level in the cube, the level a drill goes to)
CHART_LEVELS = {
    "exec-regions": ("geo.region", "geo.country"),
    "exec-countries": ("geo.country", "geo.city"),
    "exec-trend": ("time.month", "time.day"),
}


def selected_members(state: DashboardState, chart: str) -> set[str]:
    """The members a geography chart highlights: the filter's own values (a country's region counts)."""
    if chart == "exec-regions":
        return set(state.filters.regions)
    if chart == "exec-countries":
        return set(state.filters.countries)
    return set()


def click_actions(state: DashboardState, chart: str, member: str, catalog: Catalog) -> dict[str, str]:
    """Where a click on a chart's point can lead (path + query): ``drill`` to the next level in Explore,
    ``filter`` this page to it, its ``detail`` rows, and the chart's level ``explore``d — each with the
    dashboard's period and its other filters. A month of the trend also sets the period to that month."""
    level, below = CHART_LEVELS[chart]
    cell = member[:7] if chart == "exec-trend" else member  # a month's member in the cube: 2025-07
    if chart == "exec-trend":
        period, keep = member[:7], state.filters
        pinned: dict = {}
    else:
        period = state.period.token
        drop = ("regions", "countries") if chart == "exec-regions" else ("countries",)
        keep = replace(state.filters, **{name: () for name in drop})
        pinned = {f"f.{level}": [member]}
    base = {"m": ["revenue"], "p": period, **filters_to_query(keep)}
    values = {"click": member, "country_region": catalog.countries}
    filtered = next_state(state, chart, values).to_search()
    return {
        "drill": "/explore" + search({**base, **pinned, "r": below}),
        "filter": "/" + filtered,
        "detail": "/explore" + search({**base, **pinned, "r": level, "view": "detail", f"d.{level}": cell}),
        "explore": "/explore" + search({**base, "r": level}),
    }


def partner_filters(filters: Filters) -> dict[str, list[str]]:
    """The dashboard's filters as cube filters (its URL keys are ``f.<level id>``)."""
    found = filters_to_query(filters).items()
    return {key.removeprefix("f."): [v] if isinstance(v, str) else list(v) for key, v in found}


def partner_spec(state: DashboardState, first_day, last_day):
    from olap.query import make_spec

    return make_spec(PARTNER_MEASURES, filters=partner_filters(state.filters), start=first_day, end=last_day)


def partner_figures(state: DashboardState, warehouse=None, data_start=None) -> PartnerFigures:
    """The partner contribution card's cube figures for ``state`` (each spec cached by the engine)."""
    from olap.period import begins_inside

    partners = reads.cube_cached(("partner_count",), _partner_count, warehouse)
    if not partners:
        return PartnerFigures(0)
    period = state.period
    now = _one_row(engine.execute(partner_spec(state, period.first_day, period.last_day), warehouse))
    before = period.previous()
    share_before = None
    if not begins_inside(before.first_day, before.last_day, data_start):
        prev = _one_row(engine.execute(partner_spec(state, before.first_day, before.last_day), warehouse))
        share_before = prev["partner_share"] if prev["revenue"] else None
    return PartnerFigures(
        partners,
        revenue=now["revenue"],
        partner_revenue=now["partner_revenue"],
        share=now["partner_share"] if now["revenue"] else None,
        share_before=share_before,
        active_partners=int(now["active_partners"]),
    )


def _one_row(frame: pd.DataFrame) -> dict:
    row = frame.iloc[0].to_dict() if len(frame) else {}
    return {m: (0.0 if pd.isna(row.get(m)) else float(row[m])) for m in PARTNER_MEASURES}


def _partner_count(cursor) -> int:
    try:
        return int(cursor.execute("SELECT count(*) FROM dim_partner").fetchone()[0])
    except Exception as exc:
        if reads.missing_table(exc):  # a warehouse without the partner table: no partners
            return 0
        raise


def _records(df: pd.DataFrame, total: float) -> list[dict]:
    df = df.copy()
    df["share"] = df["revenue"] / total if total else None
    return df.to_dict("records")
