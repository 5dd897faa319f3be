"""The analyses page's URL state: ``a`` the analysis id, ``p`` the period token."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import olap.analyses as registry  # the package: its registry is complete by the time read_state runs
from olap.period import PeriodError, parse_period

DEFAULT_PERIOD = "L12M"


@dataclass(frozen=True)
class AnalysesState:
    """The page's URL state: ``a`` the analysis id, ``p`` the period token."""

    analysis: str
    period: str
    start: dt.date
    end: dt.date  # inclusive
    problems: list[tuple[str, dict]] = field(default_factory=list)  # (i18n key, values)

    def to_query(self) -> dict:
        return {"a": self.analysis, "p": self.period}


def _first(value) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value or "")


def read_state(query: dict, data_start: dt.date, data_end: dt.date) -> AnalysesState:
    """The state of a URL; an unknown analysis or period is replaced by the default and reported."""
    problems = []
    analysis = _first(query.get("a")) or registry.DEFAULT_ANALYSIS
    if analysis not in registry.ANALYSES:
        problems.append(("analyses.unknown", {"value": analysis[:60], "shown": registry.DEFAULT_ANALYSIS}))
        analysis = registry.DEFAULT_ANALYSIS
    token = _first(query.get("p")) or DEFAULT_PERIOD
    try:
        period = parse_period(token, data_start, data_end)
    except PeriodError:
        problems.append(("analyses.bad_period", {"value": token[:40]}))
        period = parse_period(DEFAULT_PERIOD, data_start, data_end)
    # the span the token names, as in Explore (olap.explore_state): comparisons are cut at the data's last day
    return AnalysesState(analysis, period.token, period.first_day, period.span_last_day, problems)
