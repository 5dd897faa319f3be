"""The analyses page's URL state: ``a`` the analysis id, ``p`` the period token (or a custom range
``from``/``to`` carried from Explore, which every analysis takes: they read days) and the shared
filter (``f.geo.region``, ``f.geo.country``, ``f.channel.group``, ``f.customer.type``; ``olap.flow``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import olap.analyses as registry  # the package: its registry is complete by the time from_query runs
from olap.filters import Filters, filters_to_query, parse_filters
from olap.flow import CarriedRange, period_of
from olap.urlstate import Problem, first, search


@dataclass(frozen=True)
class AnalysesState:
    """The page's URL state: ``a`` the analysis id, ``p`` the period token; ``start``/``end`` the span
    the token names (as in Explore: comparisons are cut at the data's last day); ``filters`` the
    shared filter (applied by the analyses that can take it, carried by the others)."""

    analysis: str
    period: str  # "" for a custom range (start–end)
    start: dt.date
    end: dt.date  # inclusive
    problems: tuple[Problem, ...] = ()
    filters: Filters = field(default_factory=Filters)

    @classmethod
    def from_query(cls, query: Mapping, catalog) -> AnalysesState:
        """The state of a URL; an unknown analysis, period or filter value is replaced by the default
        (the last complete quarter for the period, ``olap.flow``) and reported."""
        problems = []
        analysis = first(query, "a") or registry.DEFAULT_ANALYSIS
        if analysis not in registry.ANALYSES:
            problems.append(Problem("analyses.unknown", value=analysis[:60], shown=registry.DEFAULT_ANALYSIS))
            analysis = registry.DEFAULT_ANALYSIS
        period, carried, wrong = period_of(query, catalog.data_start, catalog.data_end)
        problems += [Problem("analyses.bad_period", value=value[:40]) for _, value in wrong]
        filters, rejected = parse_filters(query, catalog)
        problems += [Problem(f"rejected.{name}", value=value[:60]) for name, value in rejected]
        if carried is not None:  # a range no period names: the analyses read its days
            return cls(analysis, "", carried.start, carried.end, tuple(problems), filters)
        return cls(analysis, period.token, period.first_day, period.span_last_day, tuple(problems), filters)

    @property
    def custom(self) -> CarriedRange | None:
        """The custom range shown (None for a period token)."""
        return None if self.period else CarriedRange(self.start, self.end)

    def to_query(self) -> dict:
        when = {"p": self.period} if self.period else self.custom.to_query()
        return {"a": self.analysis, **when, **filters_to_query(self.filters)}

    def to_search(self) -> str:
        return search(self.to_query())

    def with_period(self, token: str) -> dict:
        """The URL query of this analysis over another period (the period picker)."""
        return {**{k: v for k, v in self.to_query().items() if k not in ("from", "to")}, "p": token}

    def cube_filters(self) -> dict[str, tuple[str, ...]]:
        """The shared filter as cube filters (``level id`` → members), for the analyses that take it."""
        out = {}
        for key, value in filters_to_query(self.filters).items():
            out[key.removeprefix("f.")] = (value,) if isinstance(value, str) else tuple(value)
        return out
