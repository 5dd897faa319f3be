"""The forecast page's question, read from and written to the URL (the ``UrlState`` protocol).

``?m=revenue&g=month&h=12&from=2023-01-01&to=2025-12-31&f.geo.country=Korea`` — the same
``m`` and ``f.<level>`` keys as Explore, so a view there links to its forecast; ``g`` the grain,
``h`` the horizon. What cannot be used is dropped and reported, as Explore does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from olap.cube import MEASURES, CubeError
from olap.query import make_spec
from olap.urlstate import date, first, search, values

# Sums and counts per period: what a forecast of "how much next month" means. Ratios
# (margin %, rates) are not forecast directly; forecast their parts instead.
FORECAST_MEASURES = tuple(
    name for name, m in MEASURES.items() if m.kind in ("money", "count") and not m.combine and not m.customer_grain
)
GRAINS = ("month", "week")
DEFAULT_HORIZON = {"month": 12, "week": 26}
MAX_HORIZON = {"month": 24, "week": 104}
# levels offered as filters: not time (the history range does that), not the very long lists
FILTER_LEVELS = (
    "geo.region",
    "geo.country",
    "customer.type",
    "customer.segment",
    "product.category",
    "product.subcategory",
    "channel.group",
    "channel.channel",
    "partner.tier",
    "partner.partner",
    "score.tier",
    "score.rfm_segment",
    "cluster.cluster",
)


@dataclass(frozen=True)
class ForecastState:
    """The forecast the URL asks for (``olap.urlstate.UrlState``): what, at which grain, how far
    ahead, from which history, for which slice. ``problems`` says what of the URL was dropped."""

    measure: str
    grain: str
    horizon: int
    start: dt.date
    end: dt.date
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: tuple = field(default=(), compare=False)

    @classmethod
    def from_query(cls, query: Mapping, catalog) -> ForecastState:
        """Defaults where the URL says nothing (revenue by month, the whole history); pure."""
        problems: list[CubeError] = []
        measure = first(query, "m") or "revenue"
        if measure not in FORECAST_MEASURES:
            problems.append(CubeError("forecast.bad_measure", measure=measure))
            measure = "revenue"
        grain = first(query, "g") or "month"
        if grain not in GRAINS:
            problems.append(CubeError("forecast.bad_grain", grain=grain))
            grain = "month"
        horizon = _horizon(first(query, "h"), grain, problems)
        data_start, data_end = catalog.data_start, catalog.data_end
        start = max(data_start, _date(first(query, "from"), data_start, problems))
        end = min(data_end, _date(first(query, "to"), data_end, problems))
        if start >= end:
            problems.append(CubeError("cube.bad_range", start=start.isoformat(), end=end.isoformat()))
            start, end = data_start, data_end
        filters: dict[str, tuple[str, ...]] = {}
        for key in sorted(query):
            if not key.startswith("f."):
                continue
            level_id, members = key[2:], tuple(values(query, key))
            try:
                make_spec([measure], rows=[f"time.{grain}"], filters={level_id: list(members)})
            except CubeError as exc:
                problems.append(exc)
            else:
                filters[level_id] = members
        return cls(measure, grain, horizon, start, end, filters, tuple(problems))

    def to_query(self) -> dict:
        q: dict = {"m": self.measure, "g": self.grain, "h": str(self.horizon)}
        q["from"], q["to"] = self.start.isoformat(), self.end.isoformat()
        for level_id, members in sorted(self.filters.items()):
            q[f"f.{level_id}"] = list(members)
        return q

    def to_search(self) -> str:
        return search(self.to_query())

    def request(self) -> dict:
        """What the forecast job computes, as JSON for the page's store."""
        return {
            "measure": self.measure,
            "grain": self.grain,
            "horizon": self.horizon,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "filters": {level_id: list(members) for level_id, members in self.filters.items()},
        }


def _horizon(text: str | None, grain: str, problems: list) -> int:
    """Periods ahead: the grain's default, or the URL's number within 1 and the grain's most."""
    if not text:
        return DEFAULT_HORIZON[grain]
    try:
        horizon = int(text)
    except ValueError:
        problems.append(CubeError("forecast.bad_horizon", value=text, most=MAX_HORIZON[grain]))
        return DEFAULT_HORIZON[grain]
    if not 1 <= horizon <= MAX_HORIZON[grain]:
        problems.append(CubeError("forecast.bad_horizon", value=horizon, most=MAX_HORIZON[grain]))
    return min(max(horizon, 1), MAX_HORIZON[grain])


def _date(text: str | None, default: dt.date, problems: list) -> dt.date:
    try:
        return date(text) or default
    except ValueError:
        problems.append(CubeError("cube.bad_date", value=text))
        return default
