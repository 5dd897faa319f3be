"""The lifecycle page's state in the URL and its one report (``lifecycle_report``).

``?from=2024-12-31&to=2025-12-31``: the two dates of the transition view; each is read as the last
complete month ending at or before it. Absent, ``to`` is the end of the data's last complete month
and ``from`` the same day a year earlier. Pure: whether the dates fall inside the data is answered
by the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from crm.partners import PartnerError
from crm.partners.stages import STAGES, Attention, attention, cohorts, month_grid, stage_history, transitions
from data.warehouse import Warehouse
from olap.period import add_months, month_end
from olap.urlstate import Problem, first, search
from olap.urlstate import date as parse_date


def default_dates(data_start: dt.date | None, data_end: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """A year ago → the end of the last complete month (None without a complete month)."""
    months = month_grid(data_start, data_end)
    if not months:
        return None, None
    end = month_end(months[-1])
    return month_end(add_months(months[-1], -12)), end


@dataclass(frozen=True)
class LifecycleState:
    start: dt.date | None = None
    end: dt.date | None = None
    problems: tuple = ()

    @classmethod
    def from_query(cls, query: Mapping, catalog=None) -> LifecycleState:
        """The dates the URL asks for; one that is not a date is dropped and listed in ``problems``."""
        problems, found = [], {}
        for key in ("from", "to"):
            text = first(query, key)
            try:
                found[key] = parse_date(text)
            except ValueError:
                found[key] = None
                problems.append(Problem("partners.error.bad_date", value=text))
        if catalog is not None:
            start, end = default_dates(catalog.data_start, catalog.data_end)
            found = {"from": found["from"] or start, "to": found["to"] or end}
        return cls(found["from"], found["to"], tuple(problems))

    def to_query(self) -> dict:
        query = {} if self.start is None else {"from": self.start.isoformat()}
        return query if self.end is None else {**query, "to": self.end.isoformat()}

    def to_search(self) -> str:
        return search(self.to_query())


@dataclass(frozen=True)
class LifecycleReport:
    """What the lifecycle page shows: the current month's stages, the moves, cohorts, attention."""

    month: dt.date | None = None  # the last complete month (None: no stage to show)
    partial: dt.date | None = None  # the data's partial last month, left out
    distribution: pd.DataFrame = field(default_factory=pd.DataFrame)  # stage, partners (all STAGES)
    moves: pd.DataFrame = field(default_factory=pd.DataFrame)  # from_stage, to_stage, partners
    moves_error: PartnerError | None = None
    cohorts: pd.DataFrame = field(default_factory=pd.DataFrame)
    attention: tuple[Attention, ...] = ()


def lifecycle_report(state: LifecycleState, data_end: dt.date | None, warehouse: Warehouse | None = None):
    """Everything the page shows for ``state`` (only partners in the request's scope)."""
    history = stage_history(warehouse)
    if history.empty:
        return LifecycleReport()
    month = max(history["month"])
    current = history[history["month"] == month]["stage"].value_counts()
    distribution = pd.DataFrame({"stage": STAGES, "partners": [int(current.get(s, 0)) for s in STAGES]})
    partial = month_end(month) + dt.timedelta(days=1) if data_end and data_end > month_end(month) else None
    moves, error = pd.DataFrame(columns=["from_stage", "to_stage", "partners"]), None
    try:
        if state.start is None or state.end is None:
            raise PartnerError("partners.error.dates_before_data", start="–")
        moves = transitions(state.start, state.end, warehouse)
    except PartnerError as exc:
        error = exc
    return LifecycleReport(
        month=month,
        partial=partial,
        distribution=distribution,
        moves=moves,
        moves_error=error,
        cohorts=cohorts(warehouse),
        attention=tuple(attention(None, warehouse)),
    )
