"""A forecast job: check the series, choose the candidates, backtest them, forecast with the best.

``forecast`` runs the named steps in order; ``forecast_slice`` reads the series from the cube
first (the only step that touches the warehouse).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mining.errors import MiningError
from mining.forecast.backtest import CANDIDATE_COLUMNS, backtest, fit_best, fold_origins, ranked
from mining.forecast.models import LEVELS, MODELS, NONSEASONAL_MODELS, SEASONAL_MODELS, Fit, fit_model
from mining.forecast.series import FREQ, SEASON, check_grain, cube_series, labels, regular
from mining.jobs import IsCancelled, Progress, step, stepper

MAX_HORIZON = {"month": 24, "week": 104}
MIN_FIT = 8  # periods a non-seasonal model is fitted on at least
MIN_FOLDS = 3
MIN_PERIODS = MIN_FIT + MIN_FOLDS + 1
DEFAULT_FOLDS = 5
FORECAST_COLUMNS = ("period", "mean", "lo80", "hi80", "lo95", "hi95")


@dataclass
class ForecastResult:
    """What ``forecast`` found: the history, the forecast, and how the model was chosen."""

    history: pd.Series
    forecast: pd.DataFrame  # period, mean, lo80, hi80, lo95, hi95
    model: str  # chosen model id (``MODELS``)
    candidates: pd.DataFrame  # CANDIDATE_COLUMNS + "error" (a failed fit's exception); best first
    baseline: dict  # {"model", "mase", "mape", "mae"} of the naive baseline
    baseline_forecast: pd.DataFrame  # the baseline's forecast, same columns as ``forecast``
    backtest: pd.DataFrame  # origin, period, step, actual, one column per candidate model
    notes: list[tuple[str, dict]]
    grain: str
    horizon: int
    season: int | None  # 12 or 52; None when the series was too short for seasonal models
    backtest_horizon: int
    origins: list[pd.Timestamp] = field(default_factory=list)

    @property
    def improvement(self) -> float:
        """How much lower the chosen model's backtest MASE is than the baseline's (0.2 = 20%)."""
        chosen = self.candidates.set_index("model").loc[self.model, "mase"]
        base = self.baseline["mase"]
        if not (np.isfinite(chosen) and np.isfinite(base)) or base == 0:
            return float("nan")
        return float(1 - chosen / base)


@dataclass(frozen=True)
class _Plan:
    """The candidates a series gets: seasonal ones when it holds two seasons plus the backtest horizon."""

    season: int | None
    min_fit: int
    names: list[str]
    baseline: str
    hb: int  # backtest horizon


def forecast(
    series: pd.Series,
    grain: str,
    horizon: int,
    progress: Progress = None,
    cancelled: IsCancelled = None,
    nonnegative: bool | None = None,
    folds: int = DEFAULT_FOLDS,
    models=None,
    random_state: int = 0,
) -> ForecastResult:
    """Backtest the candidate models on ``series``, pick the best, forecast ``horizon`` periods.

    Parameters
    ----------
    series : values by period start (``cube_series`` output, or any series on month
        starts / Mondays); ``series.attrs["notes"]`` are carried into the result.
    grain : ``"month"`` or ``"week"``.
    horizon : periods to forecast, 1–24 months or 1–104 weeks.
    progress, cancelled : ``progress(fraction, key)`` and ``cancelled()`` of a background job.
    nonnegative : clip forecasts at 0; None = when the history never goes below 0
        (or ``series.attrs["nonnegative"]`` if set).
    folds : backtest origins (at most; fewer when the history is short).
    models : restrict the candidates to these ids (the baseline is always kept).
    random_state : seed of the simulated intervals.

    Returns
    -------
    ``ForecastResult``; ``MiningError`` (``mining.forecast.*``) for a bad grain or
    horizon, a series with gaps, a constant or all-zero series, too few periods.

    Example
    -------
    >>> r = forecast(cube_series("revenue", {}, "month", "2023-01-01", "2025-12-31"), "month", 6)
    >>> r.model, r.forecast[["period", "mean", "lo95", "hi95"]]
    """
    check_grain(grain)
    h = _check_horizon(grain, horizon)
    notes: list[tuple[str, dict]] = list(series.attrs.get("notes", []))
    y_series = _checked(series, grain, notes)
    y = y_series.to_numpy(float)
    nonnegative = _nonnegative(nonnegative, series.attrs.get("nonnegative"), y)
    plan = _plan(y, grain, h, models, notes)

    report = stepper(progress, cancelled)
    origins, tried, candidates = _backtested(y_series, plan, folds, nonnegative, random_state, report, notes)
    report(0.85, "mining.forecast.progress.final")
    chosen, final, base_fit = _final_fits(candidates, plan, y, h, random_state)
    report(0.95, "mining.forecast.progress.final")
    _choice_notes(candidates, chosen, plan.baseline, notes)

    future = pd.date_range(y_series.index[-1], periods=h + 1, freq=FREQ[grain])[1:]
    frame = _forecast_frame(final, future, nonnegative, notes)
    candidates["chosen"] = candidates["model"] == chosen
    candidates = ranked(candidates, plan.baseline)[list(CANDIDATE_COLUMNS) + ["error"]]
    report(1.0, "mining.forecast.progress.done")
    return ForecastResult(
        history=y_series.rename(series.name),
        forecast=frame,
        model=chosen,
        candidates=candidates,
        baseline=_baseline_scores(candidates, plan.baseline),
        baseline_forecast=_forecast_frame(base_fit, future, nonnegative),
        backtest=tried,
        notes=notes,
        grain=grain,
        horizon=h,
        season=plan.season,
        backtest_horizon=plan.hb,
        origins=[y_series.index[o - 1] for o in origins],
    )


def _check_horizon(grain: str, horizon) -> int:
    """The horizon as an int within 1..MAX_HORIZON[grain] (a fraction or text is refused)."""
    try:
        h = int(horizon)
    except (TypeError, ValueError):
        h = None
    if h is None or h != horizon or not 1 <= h <= MAX_HORIZON[grain]:
        raise MiningError(f"mining.forecast.bad_horizon.{grain}", horizon=str(horizon), max=MAX_HORIZON[grain])
    return h


def _checked(series: pd.Series, grain: str, notes: list) -> pd.Series:
    """The regular series, refused when it has gaps, too few periods, or no variation."""
    y_series = regular(series, grain, notes)
    gaps = y_series.index[y_series.isna().to_numpy()]
    if len(gaps):
        raise MiningError("mining.forecast.gaps", periods=labels(gaps, grain), count=len(gaps))
    n = len(y_series)
    if n < MIN_PERIODS:
        raise MiningError(f"mining.forecast.too_few.{grain}", periods=n, needed=MIN_PERIODS)
    y = y_series.to_numpy(float)
    if np.all(y == 0):
        raise MiningError("mining.forecast.all_zero", periods=n)
    if np.all(y == y[0]):
        raise MiningError("mining.forecast.constant", value=float(y[0]), periods=n)
    return y_series


def _nonnegative(asked: bool | None, of_series: bool | None, y: np.ndarray) -> bool:
    """Clip at 0: the caller's word, else the series', else whether the history never goes below 0."""
    if asked is not None:
        return asked
    return of_series if of_series is not None else bool(np.all(y >= 0))


def _plan(y: np.ndarray, grain: str, h: int, models, notes: list) -> _Plan:
    """Seasonal candidates with ``2·s + min(h, s)`` periods, otherwise non-seasonal ones (noted)."""
    n, s = len(y), SEASON[grain]
    hb = min(h, s)
    seasonal_needed = 2 * s + hb
    if n >= seasonal_needed:
        season, min_fit, names, baseline = s, 2 * s, list(SEASONAL_MODELS), "snaive"
    else:
        season, min_fit, names, baseline = None, MIN_FIT, list(NONSEASONAL_MODELS), "naive"
        notes.append((f"mining.forecast.note.nonseasonal.{grain}", {"periods": n, "needed": seasonal_needed}))
    if not np.all(y > 0) and "ets_mul" in names:
        names.remove("ets_mul")
    if models is not None:
        wanted = set(models)
        unknown = wanted - set(MODELS)
        if unknown:
            raise MiningError("mining.forecast.bad_model", model=", ".join(sorted(unknown)), allowed=", ".join(MODELS))
        names = [m for m in names if m in wanted or m == baseline]
    return _Plan(season, min_fit, names, baseline, hb)


def _backtested(
    y_series: pd.Series, plan: _Plan, folds: int, nonnegative: bool, random_state: int, report, notes: list
):
    """The backtest origins, the backtest frame and one candidate row per model (zero actuals noted)."""
    y = y_series.to_numpy(float)
    origins = fold_origins(len(y), plan.min_fit, plan.hb, folds)
    tried, candidates, zeros = backtest(
        y, y_series.index, plan.names, plan.season, origins, plan.hb, nonnegative, random_state, report
    )
    if zeros:
        notes.append(("mining.forecast.note.mape_zeros", {"count": zeros, "points": len(tried)}))
    return origins, tried, candidates


def _final_fits(candidates: pd.DataFrame, plan: _Plan, y, h: int, random_state: int) -> tuple[str, Fit, Fit]:
    """The chosen model's and the baseline's fits on the whole series (the baseline when nothing else fits)."""
    chosen, final = fit_best(candidates, plan.baseline, y, h, plan.season, random_state)
    base_fit = fit_model(plan.baseline, y, h, plan.season, LEVELS, random_state)
    if final is None:
        chosen, final = plan.baseline, base_fit
    return chosen, final, base_fit


def _choice_notes(candidates: pd.DataFrame, chosen: str, baseline: str, notes: list) -> None:
    not_converged = int((~candidates["converged"]).sum())
    if not_converged:
        notes.append(("mining.forecast.note.not_converged", {"count": not_converged}))
    if chosen == baseline:
        notes.append(("mining.forecast.note.baseline_best", {}))


def _baseline_scores(candidates: pd.DataFrame, baseline: str) -> dict:
    row = candidates.set_index("model").loc[baseline]
    return {"model": baseline, "mase": float(row["mase"]), "mape": float(row["mape"]), "mae": float(row["mae"])}


def _forecast_frame(fit: Fit, periods: pd.DatetimeIndex, nonnegative: bool, notes: list | None = None) -> pd.DataFrame:
    """Forecast columns in order lo95 <= lo80 <= mean <= hi80 <= hi95, clipped at 0 if asked (noted in
    ``notes`` when given)."""
    mean = np.asarray(fit.mean, dtype=float)
    lo80, hi80 = fit.bounds[80]
    lo95, hi95 = fit.bounds[95]
    # simulated intervals can miss the point forecast by a hair: keep the bands nested
    lo80 = np.minimum(lo80, mean)
    hi80 = np.maximum(hi80, mean)
    lo95 = np.minimum(lo95, lo80)
    hi95 = np.maximum(hi95, hi80)
    clipped = 0
    cols = [mean, lo80, hi80, lo95, hi95]
    if nonnegative:
        clipped = int(np.sum(mean < 0))
        cols = [np.clip(c, 0, None) for c in cols]
    if clipped and notes is not None:
        notes.append(("mining.forecast.note.clipped", {"count": clipped}))
    return pd.DataFrame(dict(zip(FORECAST_COLUMNS, [periods, *cols], strict=True)))


def forecast_slice(
    measure: str,
    filters,
    grain: str,
    start,
    end,
    horizon: int,
    warehouse=None,
    progress: Progress = None,
    cancelled: IsCancelled = None,
) -> ForecastResult:
    """``cube_series`` then ``forecast``: a cube slice forecast ``horizon`` periods ahead."""
    check_grain(grain)
    step(progress, cancelled, 0.0, "mining.forecast.progress.query")
    series = cube_series(measure, filters, grain, start, end, warehouse)
    return forecast(series, grain, horizon, progress=progress, cancelled=cancelled)
