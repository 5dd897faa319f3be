"""The executive dashboard's state: period and filters read from the URL, checked against the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from olap.catalog import Catalog
from olap.filters import Filters, filters_to_query, parse_filters
from olap.period import Period, PeriodError, default_period, parse_period


@dataclass(frozen=True)
class DashboardState:
    period: Period
    filters: Filters
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def to_query(self) -> dict:
        return {"period": self.period.token, **filters_to_query(self.filters)}

    def to_search(self) -> str:
        return "?" + urlencode(self.to_query(), doseq=True)

    def to_store(self) -> dict:
        return {**self.to_query(), "rejected": [list(r) for r in self.rejected]}


def state_from_query(query: dict, valid: Catalog) -> DashboardState:
    """Read ``period``, ``region``, ``country``, ``channel``, ``ctype`` from a URL query.

    Without a period, the last complete quarter (``olap.period.default_period``).

    Unknown values are dropped and reported in ``rejected``; unknown query keys are ignored.
    """
    filters, rejected = parse_filters(query, valid)
    token = query.get("period")
    if isinstance(token, list):
        token = token[0]
    period = default_period(valid.data_end, valid.data_start)  # the last complete quarter
    if token:
        try:
            period = parse_period(str(token), valid.data_start, valid.data_end)
        except PeriodError:
            rejected.append(("period", str(token)))
    return DashboardState(period, filters, rejected)
