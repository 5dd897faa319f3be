"""Forecasts of a cube slice: a measure by month or week, with a rolling-origin backtest.

``cube_series`` asks the cube for one measure by ``time.month`` or ``time.week`` (ISO
weeks, starting on Monday) within filters and dates, and returns a regular series:

- periods with no rows become 0 for additive measures (sums and counts: a month without
  orders had 0 revenue); a ratio measure (``aov``, ``margin_pct``…) has no value there,
  which is a gap, and ``forecast`` refuses a series with gaps naming the periods;
- a period cut by the start or end date is dropped with a note (a half month looks like a
  drop), and so are empty periods before the first and after the last data (data that
  start late or stop early), with a note.

``forecast`` fits the candidate models, scores them by a rolling-origin backtest and
forecasts with the best one:

- with at least two seasons plus the backtest horizon (``2·s + min(h, s)`` periods,
  ``s`` = 12 months or 52 weeks) the candidates are ETS with a damped additive trend and
  additive or multiplicative season (multiplicative only for a positive series), ETS with
  a damped trend and no season, SARIMA — the airline model ``(0,1,1)×(0,1,1)₁₂`` by month;
  by week ``(1,1,1)`` with four pairs of yearly Fourier terms as regressors, since a
  52-period seasonal ARMA is slow and rarely converges on three years — and the seasonal
  naive forecast (the value one season earlier) as baseline;
- with fewer periods but at least ``MIN_PERIODS``, only non-seasonal models (damped ETS,
  ARIMA(1,1,1)) and the naive forecast (the last value), with a note; fewer is refused.

Backtest: up to ``folds`` forecast origins spread over the last ``max(h_b, folds)``
periods (each origin keeps at least ``2·s`` periods, or ``MIN_FIT`` without season, for
fitting); from each origin every model forecasts ``h_b = min(h, s)`` periods, or up to
the end of the data. Per origin, MASE is the mean absolute error divided by the in-sample
mean absolute error of the seasonal naive forecast (lag 1 without season) on that
origin's training data; a model's MASE is the mean over origins. MAPE is the mean of
``|actual − forecast| / |actual|`` over all backtest points, skipping zero actuals (noted).

Every fit runs with all warnings recorded, never printed; a fit that raises, or whose
optimiser reports no convergence (or a ``ConvergenceWarning``), makes its model not
converged, and such a model is never chosen. The series is divided by its mean absolute
value before fitting (the optimisers converge far more reliably near 1) and the forecasts
multiplied back. The chosen model (best backtest MASE; the baseline when no model beats
it) is refitted on the whole series and forecasts ``horizon`` periods with 80% and 95%
prediction intervals: exact or simulated ETS intervals, SARIMAX's ``conf_int``, and for
the naive baselines ``σ·√(k+1)`` with ``k`` the whole seasons (or steps) ahead.
A series that never goes below zero is forecast as non-negative: means and bounds are
clipped at 0.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

from mining.errors import Cancelled, MiningError
from olap.period import is_complete, month_end

GRAINS = ("month", "week")
SEASON = {"month": 12, "week": 52}
FREQ = {"month": "MS", "week": "W-MON"}
MAX_HORIZON = {"month": 24, "week": 104}
WEEKS_PER_YEAR = 365.25 / 7
FOURIER_PAIRS = 4
MIN_FIT = 8  # periods a non-seasonal model is fitted on at least
MIN_FOLDS = 3
MIN_PERIODS = MIN_FIT + MIN_FOLDS + 1
DEFAULT_FOLDS = 5
LEVELS = (80, 95)
SIMULATIONS = 1000
MAX_LISTED = 12  # periods named in a message

BASELINES = ("snaive", "naive")
SEASONAL_MODELS = ("ets_add", "ets_mul", "ets", "sarima", "snaive")
NONSEASONAL_MODELS = ("ets", "arima", "naive")
MODELS = ("ets_add", "ets_mul", "ets", "sarima", "arima", "snaive", "naive")
CANDIDATE_COLUMNS = ("model", "mase", "mape", "mae", "converged", "warnings", "note", "chosen")
FORECAST_COLUMNS = ("period", "mean", "lo80", "hi80", "lo95", "hi95")

Progress = Callable[[float, str], None] | None
IsCancelled = Callable[[], bool] | None


# ----------------------------------------------------------------------------- metrics


def mape(actual, predicted) -> float:
    """Mean absolute percentage error as a share (0.1 = 10%), zero actuals skipped; NaN if none left."""
    a = np.asarray(actual, dtype=float)
    p = np.asarray(predicted, dtype=float)
    keep = a != 0
    if not keep.any():
        return float("nan")
    return float(np.mean(np.abs(a[keep] - p[keep]) / np.abs(a[keep])))


def mase(actual, predicted, train, season: int = 1) -> float:
    """Mean absolute error scaled by the in-sample MAE of the naive forecast at lag ``season``.

    NaN when the training data are too short for that lag or the naive forecast is perfect.
    """
    a = np.asarray(actual, dtype=float)
    p = np.asarray(predicted, dtype=float)
    y = np.asarray(train, dtype=float)
    if len(y) <= season:
        return float("nan")
    scale = float(np.mean(np.abs(y[season:] - y[:-season])))
    if scale == 0:
        return float("nan")
    return float(np.mean(np.abs(a - p)) / scale)


# ----------------------------------------------------------------------------- periods


def period_label(period, grain: str) -> str:
    """The cube's member name of a period start: ``2025-03`` or ``2025-W07``."""
    ts = pd.Timestamp(period)
    if grain == "week":
        year, week, _ = ts.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{ts.year}-{ts.month:02d}"


def _labels(periods, grain: str) -> str:
    names = [period_label(p, grain) for p in periods]
    if len(names) > MAX_LISTED:
        names = names[:MAX_LISTED] + ["…"]
    return ", ".join(names)


def _period_start(day: dt.date, grain: str) -> pd.Timestamp:
    if grain == "week":
        return pd.Timestamp(day - dt.timedelta(days=day.weekday()))
    return pd.Timestamp(day.replace(day=1))


def _period_last_day(start: pd.Timestamp, grain: str) -> dt.date:
    if grain == "week":
        return (start + pd.Timedelta(days=6)).date()
    return month_end(start.date())


def _check_grain(grain: str) -> None:
    if grain not in GRAINS:
        raise MiningError("mining.forecast.bad_grain", grain=str(grain), allowed=", ".join(GRAINS))


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _is_ratio(measure_name: str) -> bool:
    from olap.cube import measure

    m = measure(measure_name)
    return m.combine is not None or m.customer_grain


# ----------------------------------------------------------------------------- cube series


def cube_series(measure: str, filters, grain: str, start, end, warehouse=None) -> pd.Series:
    """One measure of a cube slice by month or week, as a regular float series.

    Parameters
    ----------
    measure : a cube measure name (``revenue``, ``orders``…); sums and counts are filled
        with 0 in periods without rows, ratios are left missing there (a gap).
    filters : ``{level_id: members}`` as ``olap.query.make_spec`` takes them.
    grain : ``"month"`` or ``"week"`` (ISO weeks from Monday).
    start, end : first and last day (dates or ISO text); a period they cut is dropped.
        ``None`` takes the data's first or last period as complete.
    warehouse : a ``data.warehouse.Warehouse``; default the current one.

    Returns
    -------
    Series indexed by period start (frequency ``MS`` or ``W-MON``), named after the
    measure. ``series.attrs`` holds ``grain``, ``measure``, ``ratio`` (bool),
    ``nonnegative`` (True for counts, else None: decided from the history) and ``notes``
    (``(key, values)`` pairs: partial periods dropped, empty edges trimmed, zeros filled),
    which ``forecast`` passes on. A ``CubeError`` from the cube propagates unchanged.

    Example
    -------
    >>> cube_series("revenue", {"geo.country": ["Germany"]}, "month", "2023-01-01", "2025-12-31")
    """
    from olap.cube import measure as cube_measure
    from olap.engine import execute
    from olap.query import make_spec

    _check_grain(grain)
    level_id = f"time.{grain}"
    spec = make_spec(
        measures=(measure,),
        rows=(level_id,),
        filters=filters,
        start=start,
        end=end,
        sort=level_id,
        descending=False,
    )
    frame = execute(spec, warehouse)
    ratio = _is_ratio(measure)
    return series_from_frame(
        frame,
        measure,
        grain,
        spec.start,
        spec.end,
        ratio=ratio,
        nonnegative=True if cube_measure(measure).kind == "count" else None,
    )


def series_from_frame(
    frame: pd.DataFrame,
    measure: str,
    grain: str,
    start: dt.date | None,
    end: dt.date | None,
    ratio: bool = False,
    nonnegative: bool | None = None,
) -> pd.Series:
    """The regular series of a cube answer with a ``time.<grain>`` column (see ``cube_series``)."""
    from olap.cube import time_member_range

    _check_grain(grain)
    start, end = _as_date(start), _as_date(end)
    level_id = f"time.{grain}"
    notes: list[tuple[str, dict]] = []
    periods = [pd.Timestamp(time_member_range(grain, m)[0]) for m in frame[level_id]]
    values = pd.to_numeric(frame[measure], errors="coerce").astype(float).to_numpy()
    data = pd.Series(values, index=pd.DatetimeIndex(periods), dtype=float).groupby(level=0).sum(min_count=1)
    data = data.sort_index()

    first = _period_start(start, grain) if start else (data.index.min() if len(data) else None)
    last = _period_start(end, grain) if end else (data.index.max() if len(data) else None)
    attrs = {"grain": grain, "measure": measure, "ratio": ratio, "nonnegative": nonnegative}
    if first is None or last is None or first > last:
        return _with_attrs(pd.Series([], index=pd.DatetimeIndex([], freq=FREQ[grain]), dtype=float), attrs, notes)
    index = pd.date_range(first, last, freq=FREQ[grain])
    series = data.reindex(index)
    if start is not None and pd.Timestamp(start) > index[0]:
        notes.append(
            (
                "mining.forecast.note.partial_first",
                {"period": period_label(index[0], grain), "start": start.isoformat()},
            )
        )
        series = series.iloc[1:]
    if end is not None and len(series) and not is_complete(_period_last_day(series.index[-1], grain), end):
        notes.append(
            (
                "mining.forecast.note.partial_last",
                {"period": period_label(series.index[-1], grain), "end": end.isoformat()},
            )
        )
        series = series.iloc[:-1]
    series = _trim_edges(series, grain, notes)
    if not ratio:
        empty = int(series.isna().sum())
        if empty:
            notes.append(("mining.forecast.note.zero_filled", {"periods": empty}))
        series = series.fillna(0.0)
    else:
        notes.append(("mining.forecast.note.ratio", {"measure": measure}))
    series.index = pd.DatetimeIndex(series.index, freq=FREQ[grain]).as_unit("ns")
    series.name = measure
    return _with_attrs(series.astype(float), attrs, notes)


def _trim_edges(series: pd.Series, grain: str, notes: list) -> pd.Series:
    """Drop the periods without a value before the first and after the last value, with notes."""
    has_data = series.notna().to_numpy()
    if not has_data.any():
        return series.iloc[0:0]
    lo = int(np.argmax(has_data))
    hi = len(series) - int(np.argmax(has_data[::-1]))
    if lo > 0:
        notes.append(
            ("mining.forecast.note.trimmed_start", {"periods": lo, "first": period_label(series.index[lo], grain)})
        )
    if hi < len(series):
        last = period_label(series.index[hi - 1], grain)
        notes.append(("mining.forecast.note.trimmed_end", {"periods": len(series) - hi, "last": last}))
    return series.iloc[lo:hi]


def _with_attrs(series: pd.Series, attrs: dict, notes: list) -> pd.Series:
    series.attrs.update(attrs)
    series.attrs["notes"] = list(notes)
    return series


# ----------------------------------------------------------------------------- model fits


@dataclass
class _Fit:
    """One model fitted on a training window and its forecast of ``h`` periods."""

    mean: np.ndarray
    bounds: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    converged: bool = True
    warnings: int = 0
    error: str | None = None


def _z(level: int) -> float:
    return float(stats.norm.ppf(0.5 + level / 200))


def _naive_fit(y: np.ndarray, h: int, lag: int, levels) -> _Fit:
    """Repeat the value ``lag`` periods back; intervals from the in-sample lag residuals."""
    reps = np.arange(h) // lag + 1  # whole seasons (or steps) ahead, counting this one
    mean = y[len(y) - lag + (np.arange(h) % lag)]
    resid = y[lag:] - y[:-lag]
    sigma = float(np.sqrt(np.mean(resid**2))) if len(resid) else 0.0
    bounds = {}
    for level in levels:
        half = _z(level) * sigma * np.sqrt(reps)
        bounds[level] = (mean - half, mean + half)
    return _Fit(mean=mean.astype(float), bounds=bounds)


def _fourier(positions: np.ndarray) -> np.ndarray:
    angle = 2 * np.pi * positions[:, None] * np.arange(1, FOURIER_PAIRS + 1)[None, :] / WEEKS_PER_YEAR
    return np.column_stack([np.sin(angle), np.cos(angle)])


def _statsmodels_fit(name: str, y: np.ndarray, h: int, season: int, levels, seed: int) -> _Fit:
    """Fit one statsmodels candidate on ``y`` (already scaled near 1) and forecast ``h`` periods."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    n = len(y)
    if name.startswith("ets"):
        seasonal = {"ets_add": "add", "ets_mul": "mul"}.get(name)
        model = ETSModel(
            pd.Series(y),  # its prediction intervals need an indexed endog
            error="mul" if seasonal == "mul" else "add",
            trend="add",
            damped_trend=True,
            seasonal=seasonal,
            seasonal_periods=season if seasonal else None,
            # heuristic initial states: estimating 52 seasonal states by MLE defeats the optimiser
            initialization_method="heuristic" if seasonal else "estimated",
        )
        res = model.fit(disp=False, maxiter=1000)
        converged = bool(res.mle_retvals.get("converged", True))
        mean = np.asarray(res.forecast(h), dtype=float)
        bounds = {}
        if levels:
            pred = res.get_prediction(start=n, end=n + h - 1, rng=np.random.default_rng(seed))
            for level in levels:
                pi = np.asarray(pred.pred_int(alpha=1 - level / 100), dtype=float)
                bounds[level] = (pi[:, 0], pi[:, 1])
        return _Fit(mean=mean, bounds=bounds, converged=converged)
    if name == "sarima" and season == 52:
        positions = np.arange(n + h, dtype=float)
        exog = _fourier(positions)
        model = SARIMAX(y, exog=exog[:n], order=(1, 1, 1))
        res = model.fit(disp=False, maxiter=200)
        fc = res.get_forecast(h, exog=exog[n:])
    elif name == "sarima":
        # the airline model. Start from zero MA terms and the variance of the differenced
        # series: statsmodels' own start values need more seasons than two or three years and
        # fall back to zeros with a warning; given directly they converge at least as often
        model = SARIMAX(y, order=(0, 1, 1), seasonal_order=(0, 1, 1, season))
        diffed = np.diff(y[season:] - y[:-season])
        start = [0.0, 0.0, float(np.var(diffed)) or 1e-6]
        res = model.fit(start_params=start, disp=False, maxiter=200)
        fc = res.get_forecast(h)
    else:  # arima
        model = SARIMAX(y, order=(1, 1, 1))
        res = model.fit(disp=False, maxiter=200)
        fc = res.get_forecast(h)
    converged = bool(res.mle_retvals.get("converged", True)) if isinstance(res.mle_retvals, dict) else True
    mean = np.asarray(fc.predicted_mean, dtype=float)
    bounds = {}
    for level in levels:
        ci = np.asarray(fc.conf_int(alpha=1 - level / 100), dtype=float)
        bounds[level] = (ci[:, 0], ci[:, 1])
    return _Fit(mean=mean, bounds=bounds, converged=converged)


def fit_model(name: str, y, h: int, season: int | None, levels=LEVELS, seed: int = 0) -> _Fit:
    """Fit candidate ``name`` on ``y`` and forecast ``h`` periods; warnings and errors are recorded.

    ``season`` is 12 or 52 for seasonal candidates and None (lag 1) otherwise. The
    result's ``converged`` is False when the fit raised, its optimiser did not converge,
    or it warned of non-convergence; ``warnings`` counts every warning it raised.
    """
    y = np.asarray(y, dtype=float)
    if name == "snaive":
        return _naive_fit(y, h, season or 1, levels)
    if name == "naive":
        return _naive_fit(y, h, 1, levels)
    scale = float(np.mean(np.abs(y))) or 1.0
    # one BLAS thread: these matrices are tiny, and OpenBLAS threads spinning on them make
    # a SARIMAX fit about ten times slower on two busy cores
    with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = _statsmodels_fit(name, y / scale, h, season or 1, levels, seed)
        except Exception as exc:  # any failure of one candidate leaves the others standing
            fit = _Fit(mean=np.full(h, np.nan), converged=False, error=f"{type(exc).__name__}: {exc}")
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    fit.warnings = len(caught)
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        fit.converged = False
    if not np.all(np.isfinite(fit.mean)):
        fit.converged = False
    fit.mean = fit.mean * scale
    fit.bounds = {k: (lo * scale, hi * scale) for k, (lo, hi) in fit.bounds.items()}
    return fit


# ----------------------------------------------------------------------------- forecast


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


def _step(progress: Progress, cancelled: IsCancelled, fraction: float, key: str) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(round(float(fraction), 4), key)


def _check_horizon(grain: str, horizon) -> int:
    """The horizon as an int within 1..MAX_HORIZON[grain] (a fraction or text is refused)."""
    try:
        h = int(horizon)
    except (TypeError, ValueError):
        h = None
    if h is None or h != horizon or not 1 <= h <= MAX_HORIZON[grain]:
        raise MiningError(f"mining.forecast.bad_horizon.{grain}", horizon=str(horizon), max=MAX_HORIZON[grain])
    return h


def _regular(series: pd.Series, grain: str, notes: list) -> pd.Series:
    """The series on its regular period index, leading and trailing missing values trimmed."""
    if not isinstance(series.index, pd.DatetimeIndex):
        try:
            series = series.set_axis(pd.DatetimeIndex(series.index))
        except (TypeError, ValueError):
            raise MiningError("mining.forecast.bad_index") from None
    series = pd.to_numeric(series, errors="coerce").astype(float).sort_index()
    if series.index.has_duplicates:
        raise MiningError("mining.forecast.bad_index")
    if len(series) == 0:
        return series
    starts = pd.DatetimeIndex([_period_start(d.date(), grain) for d in series.index])
    if not (starts == series.index.normalize()).all() or not (series.index == series.index.normalize()).all():
        raise MiningError("mining.forecast.bad_index")
    index = pd.date_range(series.index[0], series.index[-1], freq=FREQ[grain])
    return _trim_edges(series.reindex(index), grain, notes)


def _origins(n: int, min_fit: int, hb: int, folds: int) -> list[int]:
    """Training lengths of the backtest folds: spread over the last ``max(hb, folds)`` periods."""
    lo = max(min_fit, n - max(hb, folds))
    hi = n - 1
    count = max(1, min(folds, hi - lo + 1))
    return sorted({int(round(x)) for x in np.linspace(lo, hi, count)})


def _backtest(y, index, names, season, origins, hb, nonnegative, seed, report):
    """Forecast from every origin with every candidate: the backtest frame, one table row per model, zero actuals."""
    lag = season or 1
    fold_mase: dict[str, list[float]] = {m: [] for m in names}
    preds: dict[str, list[np.ndarray]] = {m: [] for m in names}
    fits_ok = {m: True for m in names}
    warn_count = {m: 0 for m in names}
    failure: dict[str, str | None] = {m: None for m in names}
    rows: list[dict] = []
    done, total = 0, len(origins) * len(names)
    for origin in origins:
        steps = min(hb, len(y) - origin)
        train, actual = y[:origin], y[origin : origin + steps]
        rows.extend(
            {"origin": index[origin - 1], "period": index[origin + k], "step": k + 1, "actual": actual[k]}
            for k in range(steps)
        )
        for name in names:
            report(0.85 * done / total, "mining.forecast.progress.backtest")
            fit = fit_model(name, train, steps, season, levels=(), seed=seed)
            pred = np.clip(fit.mean, 0, None) if nonnegative else fit.mean
            fits_ok[name] &= fit.converged
            warn_count[name] += fit.warnings
            failure[name] = failure[name] or fit.error
            preds[name].append(pred)
            fold_mase[name].append(mase(actual, pred, train, lag))
            done += 1
    frame = pd.DataFrame(rows)
    actual_all = frame["actual"].to_numpy(float)
    table = []
    for name in names:
        frame[name] = pred_all = np.concatenate(preds[name])
        finite = [v for v in fold_mase[name] if np.isfinite(v)]
        note = ""
        if failure[name]:
            note = "mining.forecast.cand.failed"
        elif not fits_ok[name]:
            note = "mining.forecast.cand.not_converged"
        table.append(
            {
                "model": name,
                "mase": float(np.mean(finite)) if finite else float("nan"),
                "mape": mape(actual_all, pred_all),
                "mae": float(np.mean(np.abs(actual_all - pred_all))),
                "converged": bool(fits_ok[name]),
                "warnings": int(warn_count[name]),
                "note": note,
                "error": failure[name] or "",
            }
        )
    return frame, table, int(np.sum(actual_all == 0))


def forecast(
    series: pd.Series,
    grain: str,
    horizon: int,
    progress: Progress = None,
    cancelled: IsCancelled = None,
    nonnegative: bool | None = None,
    folds: int = DEFAULT_FOLDS,
    models=None,
    seed: int = 0,
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
    seed : seed of simulated intervals.

    Returns
    -------
    ``ForecastResult``; ``MiningError`` (``mining.forecast.*``) for a bad grain or
    horizon, a series with gaps, a constant or all-zero series, too few periods.

    Example
    -------
    >>> r = forecast(cube_series("revenue", {}, "month", "2023-01-01", "2025-12-31"), "month", 6)
    >>> r.model, r.forecast[["period", "mean", "lo95", "hi95"]]
    """
    _check_grain(grain)
    h = _check_horizon(grain, horizon)
    notes: list[tuple[str, dict]] = list(series.attrs.get("notes", []))
    if nonnegative is None:
        nonnegative = series.attrs.get("nonnegative")
    y_series = _regular(series, grain, notes)
    gaps = y_series.index[y_series.isna().to_numpy()]
    if len(gaps):
        raise MiningError("mining.forecast.gaps", periods=_labels(gaps, grain), count=len(gaps))
    n = len(y_series)
    s = SEASON[grain]
    hb = min(h, s)
    if n < MIN_PERIODS:
        raise MiningError(f"mining.forecast.too_few.{grain}", periods=n, needed=MIN_PERIODS)
    y = y_series.to_numpy(float)
    if np.all(y == 0):
        raise MiningError("mining.forecast.all_zero", periods=n)
    if np.all(y == y[0]):
        raise MiningError("mining.forecast.constant", value=float(y[0]), periods=n)
    if nonnegative is None:
        nonnegative = bool(np.all(y >= 0))

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

    report = partial(_step, progress, cancelled)
    origins = _origins(n, min_fit, hb, folds)
    backtest, table, zeros = _backtest(y, y_series.index, names, season, origins, hb, nonnegative, seed, report)
    if zeros:
        notes.append(("mining.forecast.note.mape_zeros", {"count": zeros, "points": len(backtest)}))
    candidates = pd.DataFrame(table)

    report(0.85, "mining.forecast.progress.final")
    chosen, final = _fit_best(candidates, baseline, y, h, season, seed)
    base_fit = fit_model(baseline, y, h, season, LEVELS, seed)
    if final is None:
        chosen, final = baseline, base_fit
    report(0.95, "mining.forecast.progress.final")

    not_converged = int((~candidates["converged"]).sum())
    if not_converged:
        notes.append(("mining.forecast.note.not_converged", {"count": not_converged}))
    if chosen == baseline:
        notes.append(("mining.forecast.note.baseline_best", {}))

    future = pd.date_range(y_series.index[-1], periods=h + 1, freq=FREQ[grain])[1:]
    frame, clipped = _forecast_frame(final, future, nonnegative)
    base_frame, _ = _forecast_frame(base_fit, future, nonnegative)
    if clipped:
        notes.append(("mining.forecast.note.clipped", {"count": clipped}))

    candidates["chosen"] = candidates["model"] == chosen
    candidates = _ranked(candidates, baseline)[list(CANDIDATE_COLUMNS) + ["error"]]
    base_row = candidates.set_index("model").loc[baseline]
    report(1.0, "mining.forecast.progress.done")
    return ForecastResult(
        history=y_series.rename(series.name),
        forecast=frame,
        model=chosen,
        candidates=candidates,
        baseline={
            "model": baseline,
            "mase": float(base_row["mase"]),
            "mape": float(base_row["mape"]),
            "mae": float(base_row["mae"]),
        },
        baseline_forecast=base_frame,
        backtest=backtest,
        notes=notes,
        grain=grain,
        horizon=h,
        season=season,
        backtest_horizon=hb,
        origins=[y_series.index[o - 1] for o in origins],
    )


def _ranked(candidates: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Converged first, then by backtest MASE, then MAE; the baseline wins a tie."""
    key = candidates.assign(
        _failed=~candidates["converged"].astype(bool),
        _mase=candidates["mase"].fillna(math.inf),
        _mae=candidates["mae"].fillna(math.inf),
        _not_base=candidates["model"] != baseline,
    )
    order = key.sort_values(["_failed", "_mase", "_mae", "_not_base"], kind="stable").index
    return candidates.loc[order].reset_index(drop=True)


def _fit_best(candidates: pd.DataFrame, baseline: str, y, h: int, season, seed: int):
    """Fit the best converged candidate on the whole series; one that fails there is marked and skipped.

    Returns ``(model, fit)``, or ``(baseline, None)`` when no candidate fits.
    """
    for name in _ranked(candidates, baseline)["model"]:
        row = candidates["model"] == name
        if not candidates.loc[row, "converged"].iloc[0]:
            continue
        fit = fit_model(name, y, h, season, LEVELS, seed)
        if fit.converged and all(np.all(np.isfinite(b)) for pair in fit.bounds.values() for b in pair):
            return name, fit
        candidates.loc[row, "converged"] = False
        candidates.loc[row, "note"] = "mining.forecast.cand.final_not_converged"
        candidates.loc[row, "warnings"] += fit.warnings
    return baseline, None


def _forecast_frame(fit: _Fit, periods: pd.DatetimeIndex, nonnegative: bool) -> tuple[pd.DataFrame, int]:
    """Forecast columns in order lo95 <= lo80 <= mean <= hi80 <= hi95, clipped at 0 if asked."""
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
    frame = pd.DataFrame(dict(zip(FORECAST_COLUMNS, [periods, *cols], strict=True)))
    return frame, clipped


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
    _check_grain(grain)
    _step(progress, cancelled, 0.0, "mining.forecast.progress.query")
    series = cube_series(measure, filters, grain, start, end, warehouse)
    return forecast(series, grain, horizon, progress=progress, cancelled=cancelled)
