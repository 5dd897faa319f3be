"""The analyses page's URL state: ``a`` the analysis id, ``p`` the period token and the shared
filter (``f.geo.region``, ``f.geo.country``, ``f.channel.group``, ``f.customer.type``; ``olap.flow``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import olap.analyses as registry  # the package: its registry is complete by the time from_query runs
from olap.filters import Filters, filters_to_query, parse_filters
from olap.flow import default_token
from olap.period import PeriodError, parse_period
from olap.urlstate import Problem, first, search


@dataclass(frozen=True)
class AnalysesState:
    """The page's URL state: ``a`` the analysis id, ``p`` the period token; ``start``/``end`` the span
    the token names (as in Explore: comparisons are cut at the data's last day); ``filters`` the
    shared filter (applied by the analyses that can take it, carried by the others)."""

    analysis: str
    period: str
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
        default = default_token(catalog)
        token = first(query, "p") or default
        try:
            period = parse_period(token, catalog.data_start, catalog.data_end)
        except PeriodError:
            problems.append(Problem("analyses.bad_period", value=token[:40]))
            period = parse_period(default, catalog.data_start, catalog.data_end)
        filters, rejected = parse_filters(query, catalog)
        problems += [Problem(f"rejected.{name}", value=value[:60]) for name, value in rejected]
        return cls(analysis, period.token, period.first_day, period.span_last_day, tuple(problems), filters)

    def to_query(self) -> dict:
        return {"a": self.analysis, "p": self.period, **filters_to_query(self.filters)}

    def to_search(self) -> str:
        return search(self.to_query())

    def with_period(self, token: str) -> dict:
        """The URL query of this analysis over another period (the period picker)."""
        return {**self.to_query(), "p": token}

    def cube_filters(self) -> dict[str, tuple[str, ...]]:
        """The shared filter as cube filters (``level id`` → members), for the analyses that take it."""
        out = {}
        for key, value in filters_to_query(self.filters).items():
            out[key.removeprefix("f.")] = (value,) if isinstance(value, str) else tuple(value)
        return out
