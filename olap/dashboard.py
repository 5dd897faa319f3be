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

from olap import engine, kpi
from olap.catalog import Catalog
from olap.filters import KEYS, Filters, filters_to_query, parse_filters
from olap.period import Period, PeriodError, default_period, parse_period
from olap.urlstate import first, search, with_aliases

ALIASES = {"period": "p", **KEYS}  # the keys the dashboard's URLs used before → the canonical keys
TOP_N = 10
TOP_COUNTRIES = 15


@dataclass(frozen=True)
class DashboardState:
    period: Period
    filters: Filters = field(default_factory=Filters)
    problems: tuple[tuple[str, str], ...] = ()  # (filter name or "period", the value dropped)

    @classmethod
    def from_query(cls, query: Mapping, catalog: Catalog) -> Self:
        """The state a URL asks for, checked against the catalog (pure).

        Without a period, the last complete quarter (``olap.period.default_period``). Unknown
        values are dropped and reported in ``problems``; unknown query keys are ignored.
        """
        query = with_aliases(query, ALIASES)
        filters, problems = parse_filters(query, catalog)
        token = first(query, "p")
        period = default_period(catalog.data_end, catalog.data_start)  # the last complete quarter
        if token:
            try:
                period = parse_period(token, catalog.data_start, catalog.data_end)
            except PeriodError:
                problems.append(("period", token))
        return cls(period, filters, tuple(problems))

    def to_query(self) -> dict:
        return {"p": self.period.token, **filters_to_query(self.filters)}

    def to_search(self) -> str:
        return search(self.to_query())


def next_state(state: DashboardState, trigger, values: dict) -> DashboardState:
    """The state after one user action (pure; ``trigger`` is the id of what changed)."""
    f = state.filters
    if trigger == "exec-period":
        return replace(state, period=replace(state.period, token=values["period"]))
    if trigger == "exec-region":
        regions = tuple(values["region"] or ())
        countries = tuple(c for c in f.countries if not regions or values["country_region"].get(c) in regions)
        return replace(state, filters=replace(f, regions=regions, countries=countries))
    if trigger == "exec-country":
        return replace(state, filters=replace(f, countries=tuple(values["country"] or ())))
    if trigger == "exec-channel":
        return replace(state, filters=replace(f, channel_group=values["channel"] or None))
    if trigger == "exec-ctype":
        return replace(state, filters=replace(f, customer_type=values["ctype"] or None))
    if trigger == "exec-clear":
        return replace(state, filters=Filters())
    if trigger == "exec-trend":
        month = values["click"]
        return replace(state, period=replace(state.period, token=month[:7]))
    if trigger == "exec-regions":
        return replace(state, filters=replace(f, regions=(values["click"],), countries=()))
    if trigger == "exec-countries":
        return replace(state, filters=replace(f, countries=(values["click"],)))
    if isinstance(trigger, dict) and trigger.get("type") in ("exec-chip", "exec-unfilter"):
        return replace(state, filters=f.without(trigger["name"], trigger["value"]))
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
    return DashboardReport(
        result,
        trend,
        regions=kpi.revenue_by_geography(cursor, period, filters, "region"),
        countries=kpi.revenue_by_geography(cursor, period, filters, "country").head(TOP_COUNTRIES),
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
    """``report`` kept in the shared result cache per warehouse version and state."""
    return engine.cached(("dashboard", state.to_search()), lambda cursor: report(cursor, state), warehouse)


def _records(df: pd.DataFrame, total: float) -> list[dict]:
    df = df.copy()
    df["share"] = df["revenue"] / total if total else None
    return df.to_dict("records")
