"""The scorecard page's state in the URL (the ``olap.urlstate.UrlState`` protocol; pure, no queries).

``?p=2025-Q4``: the period token (``olap.period``: year, quarter, month, ``L12M``, ``YTD``);
without one, the data's last complete quarter. A token outside the data is dropped and listed
in ``problems``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from olap.period import Period, PeriodError, default_period, parse_period
from olap.urlstate import Problem, first, search


@dataclass(frozen=True)
class ScorecardState:
    period: Period
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query: Mapping, catalog) -> ScorecardState:
        """The state a URL asks for, checked against the catalog's bounds."""
        period = default_period(catalog.data_end, catalog.data_start)
        token, problems = first(query, "p"), []
        if token:
            try:
                period = parse_period(token, catalog.data_start, catalog.data_end)
            except PeriodError:
                problems.append(Problem("partners.scorecard.problem.period", value=token))
        return cls(period, tuple(problems))

    def to_query(self) -> dict:
        return {"p": self.period.token}

    def to_search(self) -> str:
        return search(self.to_query())

    def with_period(self, token, catalog) -> ScorecardState:
        """The state with another period (an unknown token changes nothing)."""
        try:
            return replace(self, period=parse_period(str(token), catalog.data_start, catalog.data_end), problems=())
        except PeriodError:
            return self
