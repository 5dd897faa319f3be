"""The pipeline page's state, read from and written to the URL (pure; no Dash, no queries).

URL keys (``olap.urlstate`` vocabulary): ``p`` a period token (``2025``, ``2025-Q4``, ``2025-11``,
``L12M``, ``YTD``), ``f.partner.partner`` a partner id (``0`` for direct deals), the shared filter of
the analytical pages (``olap.flow``: ``f.geo.region``, ``f.geo.country``, ``f.customer.type`` apply
through the deal's customer; ``f.channel.group`` is carried but cannot apply, deals having no
channel), ``owner`` (no cube level holds owners) and ``by`` (the breakdown: owner, partner, region,
month, quarter). The keys before issue 10 (``period``, ``partner``, ``region``) still open the same view.
Values unknown to the ``PipelineCatalog`` are dropped and reported in ``problems``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

from crm.pipeline import BREAKDOWNS, PipelineCatalog, PipelineFilters
from olap import flow
from olap.filters import Filters, filters_to_query, parse_filters
from olap.period import Period, PeriodError, parse_period
from olap.urlstate import Problem, first, search, with_aliases

DEFAULT_BY = "owner"
APPLIES = ("region", "country", "ctype")  # the shared filters deals can take (through their customer)
PARTNER, REGION = "f.partner.partner", "f.geo.region"
ALIASES = {"period": "p", "partner": PARTNER, "region": REGION}


def _rejected(name: str, value: str) -> Problem:
    return Problem(f"pipeline.rejected.{name}", value=value)


@dataclass(frozen=True)
class PipelineState:
    period: Period
    owner: str | None = None
    partner: int | None = None
    shared: Filters = field(default_factory=Filters)  # the analytical pages' filter (olap.flow)
    by: str = DEFAULT_BY
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    carried: flow.CarriedRange | None = None  # a custom date range from Explore/Analyses, not applied here

    @classmethod
    def from_query(cls, query: Mapping, catalog: PipelineCatalog, valid=None) -> PipelineState:
        """The state a URL asks for; values the catalog does not know are dropped into ``problems``.
        ``valid`` (the warehouse's ``olap.catalog.Catalog``) checks the shared filter's regions and
        countries; without it, only the regions that have deals are known."""
        query = with_aliases(query, ALIASES)
        period, carried, wrong = flow.period_of(query, catalog.data_start, catalog.data_end)
        problems = [_rejected(name, value) for name, value in wrong]
        owner = first(query, "owner")
        if owner and owner not in catalog.owners:
            problems.append(_rejected("owner", owner))
            owner = None
        raw_partner, partner = first(query, PARTNER), None
        if raw_partner:
            if raw_partner.isdigit() and int(raw_partner) in catalog.partners:
                partner = int(raw_partner)
            else:
                problems.append(_rejected("partner", raw_partner))
        known = valid if valid is not None else SimpleNamespace(regions=catalog.regions, countries={})
        shared, rejected = parse_filters(query, known)
        for name, value in rejected:
            problems.append(
                _rejected("region", value) if name == "region" else Problem(f"rejected.{name}", value=value)
            )
        by = first(query, "by") or DEFAULT_BY
        if by not in BREAKDOWNS:
            problems.append(_rejected("by", by))
            by = DEFAULT_BY
        return cls(period, owner, partner, shared, by, tuple(problems), carried)

    @property
    def filters(self) -> PipelineFilters:
        return PipelineFilters(
            owners=(self.owner,) if self.owner else (),
            partners=(self.partner,) if self.partner is not None else (),
            regions=self.shared.regions,
            countries=self.shared.countries,
            customer_types=(self.shared.customer_type,) if self.shared.customer_type else (),
        )

    @property
    def not_applied(self) -> list[tuple[str, str]]:
        """The shared filter values deals cannot take (a channel group), carried on to the other pages."""
        return flow.not_applied(self.shared, APPLIES)

    def to_query(self) -> dict:
        q = self.carried.to_query() if self.carried else {"p": self.period.token}  # the range travels on
        if self.owner:
            q["owner"] = self.owner
        if self.partner is not None:
            q[PARTNER] = str(self.partner)
        q.update(filters_to_query(self.shared))
        if self.by != DEFAULT_BY:
            q["by"] = self.by
        return q

    def to_search(self) -> str:
        return search(self.to_query())

    def with_(self, **changes) -> PipelineState:
        return replace(self, problems=(), **changes)


def _period(state: PipelineState, token, catalog: PipelineCatalog) -> PipelineState:
    try:
        return state.with_(period=parse_period(str(token), catalog.data_start, catalog.data_end), carried=None)
    except PeriodError:
        return state


def next_state(
    state: PipelineState, trigger, value, cell: dict | None, catalog: PipelineCatalog, country_region=None
) -> PipelineState:
    """The state after one user action (pure): a control's new ``value`` or a breakdown row ``cell``
    click (``country_region``: country → region, so choosing regions keeps their countries only)."""
    if trigger == "pl-period":
        return _period(state, value, catalog)
    if trigger == "pl-owner":
        return state.with_(owner=value or None)
    if trigger == "pl-partner":
        return state.with_(partner=None if value in (None, "") else int(value))
    control = trigger.removeprefix("pl-") if isinstance(trigger, str) else None
    if control in ("region", "country", "channel", "ctype", "clear"):
        return state.with_(shared=flow.next_filters(state.shared, control, value, country_region or {}))
    if isinstance(trigger, dict) and trigger.get("type") == "pl-chip":
        return state.with_(shared=flow.next_filters(state.shared, "chip", (trigger["name"], trigger["value"]), {}))
    if trigger == "pl-by":
        return state.with_(by=value)
    if trigger == "pl-breakdown" and cell and cell.get("rowId") not in (None, ""):
        key = str(cell["rowId"])
        if state.by == "owner":
            return state.with_(owner=key)
        if state.by == "partner":
            return state.with_(partner=int(key))
        if state.by == "region":
            return state.with_(shared=replace(state.shared, regions=(key,), countries=()))
        return _period(state, key, catalog)
    return state
