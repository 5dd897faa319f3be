"""The analyses page's URL state: ``a`` the analysis id, ``p`` the period token (``olap.urlstate``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import olap.analyses as registry  # the package: its registry is complete by the time from_query runs
from olap.period import PeriodError, parse_period
from olap.urlstate import Problem, first, search

DEFAULT_PERIOD = "L12M"


@dataclass(frozen=True)
class AnalysesState:
    """The page's URL state: ``a`` the analysis id, ``p`` the period token; ``start``/``end`` the span
    the token names (as in Explore: comparisons are cut at the data's last day)."""

    analysis: str
    period: str
    start: dt.date
    end: dt.date  # inclusive
    problems: tuple[Problem, ...] = ()

    @classmethod
    def from_query(cls, query: Mapping, catalog) -> AnalysesState:
        """The state of a URL; an unknown analysis or period is replaced by the default and reported."""
        problems = []
        analysis = first(query, "a") or registry.DEFAULT_ANALYSIS
        if analysis not in registry.ANALYSES:
            problems.append(Problem("analyses.unknown", value=analysis[:60], shown=registry.DEFAULT_ANALYSIS))
            analysis = registry.DEFAULT_ANALYSIS
        token = first(query, "p") or DEFAULT_PERIOD
        try:
            period = parse_period(token, catalog.data_start, catalog.data_end)
        except PeriodError:
            problems.append(Problem("analyses.bad_period", value=token[:40]))
            period = parse_period(DEFAULT_PERIOD, catalog.data_start, catalog.data_end)
        return cls(analysis, period.token, period.first_day, period.span_last_day, tuple(problems))

    def to_query(self) -> dict:
        return {"a": self.analysis, "p": self.period}

    def to_search(self) -> str:
        return search(self.to_query())

    def with_period(self, token: str) -> dict:
        """The URL query of this analysis over another period (the period picker)."""
        return {**self.to_query(), "p": token}
