"""Every number the pipeline page shows for one state, computed once per warehouse version (no Dash)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from crm import pipeline as pl
from crm import pipeline_stages as ps
from crm.pipeline_state import PipelineState
from olap import engine


@dataclass(frozen=True)
class PeriodFigures:
    """One period's outcomes and its open pipeline at the period's end (or the data's last day)."""

    start: dt.date
    end: dt.date
    outcomes: pl.Outcomes
    open_deals: int
    open_value: float


@dataclass(frozen=True)
class PipelineReport:
    as_of: dt.date
    now: PeriodFigures
    before: PeriodFigures
    funnel: pd.DataFrame
    forecast: pl.Forecast
    backtest: pl.Backtest
    breakdown: pd.DataFrame
    stale: pd.DataFrame
    stages: ps.StageReport | None = None  # from fact_opportunity_stage; None: no history (inferred stages)


def _figures(con, filters: pl.PipelineFilters, start: dt.date, end: dt.date, as_of: dt.date) -> PeriodFigures:
    deals, value = pl.open_pipeline(con, filters, min(end, as_of))
    return PeriodFigures(start, end, pl.outcomes(con, filters, start, end), deals, value)


def compute_report(con, state: PipelineState) -> PipelineReport:
    """The report for ``state`` straight from the warehouse ``con`` reads (no cache)."""
    as_of = pl.data_bounds(con)[1]
    f = state.filters
    # exact days: a partial period and the same part of the one before (olap.period.like_for_like)
    now, before = (_figures(con, f, p.first_day, p.last_day, as_of) for p in (state.period, state.period.previous()))
    return PipelineReport(
        as_of=as_of,
        now=now,
        before=before,
        funnel=pl.funnel(con, f, now.start, now.end),
        forecast=pl.weighted_forecast(con, f, as_of),
        backtest=pl.backtest(con, f, as_of),
        breakdown=pl.breakdown(con, f, now.start, now.end, state.by, min(now.end, as_of)),
        stale=pl.stale_opportunities(con, f, as_of),
        stages=ps.stage_report(con, f, as_of),
    )


def pipeline_report(warehouse, state: PipelineState) -> PipelineReport:
    """``compute_report`` kept in the shared result cache per warehouse version and state (the
    forecast's simulations make a cold page take seconds at scale 10)."""
    return engine.cached(("pipeline", state.to_search()), lambda con: compute_report(con, state), warehouse)
