"""The candidate models of a forecast: seasonal and plain naive forecasts, ETS, SARIMA, ARIMA.

``fit_model`` fits one candidate on a training window and forecasts ``h`` periods with its
prediction intervals. Every fit runs with all warnings recorded, never printed; a fit that
raises, or whose optimiser reports no convergence (or a ``ConvergenceWarning``), is marked not
converged. The series is divided by its mean absolute value before fitting (the optimisers
converge far more reliably near 1) and the forecasts multiplied back.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

WEEKS_PER_YEAR = 365.25 / 7
FOURIER_PAIRS = 4
LEVELS = (80, 95)

BASELINES = ("snaive", "naive")
SEASONAL_MODELS = ("ets_add", "ets_mul", "ets", "sarima", "snaive")
NONSEASONAL_MODELS = ("ets", "arima", "naive")
MODELS = ("ets_add", "ets_mul", "ets", "sarima", "arima", "snaive", "naive")


@dataclass
class Fit:
    """One model fitted on a training window and its forecast of ``h`` periods."""

    mean: np.ndarray
    bounds: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    converged: bool = True
    warnings: int = 0
    error: str | None = None


def _z(level: int) -> float:
    return float(stats.norm.ppf(0.5 + level / 200))


def _naive_fit(y: np.ndarray, h: int, lag: int, levels) -> Fit:
    """Repeat the value ``lag`` periods back; intervals from the in-sample lag residuals."""
    reps = np.arange(h) // lag + 1  # whole seasons (or steps) ahead, counting this one
    mean = y[len(y) - lag + (np.arange(h) % lag)]
    resid = y[lag:] - y[:-lag]
    sigma = float(np.sqrt(np.mean(resid**2))) if len(resid) else 0.0
    bounds = {}
    for level in levels:
        half = _z(level) * sigma * np.sqrt(reps)
        bounds[level] = (mean - half, mean + half)
    return Fit(mean=mean.astype(float), bounds=bounds)


def _fourier(positions: np.ndarray) -> np.ndarray:
    angle = 2 * np.pi * positions[:, None] * np.arange(1, FOURIER_PAIRS + 1)[None, :] / WEEKS_PER_YEAR
    return np.column_stack([np.sin(angle), np.cos(angle)])


def _statsmodels_fit(name: str, y: np.ndarray, h: int, season: int, levels, random_state: int) -> Fit:
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
            pred = res.get_prediction(start=n, end=n + h - 1, rng=np.random.default_rng(random_state))
            for level in levels:
                pi = np.asarray(pred.pred_int(alpha=1 - level / 100), dtype=float)
                bounds[level] = (pi[:, 0], pi[:, 1])
        return Fit(mean=mean, bounds=bounds, converged=converged)
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
    return Fit(mean=mean, bounds=bounds, converged=converged)


def fit_model(name: str, y, h: int, season: int | None, levels=LEVELS, random_state: int = 0) -> Fit:
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
            fit = _statsmodels_fit(name, y / scale, h, season or 1, levels, random_state)
        except Exception as exc:  # any failure of one candidate leaves the others standing
            fit = Fit(mean=np.full(h, np.nan), converged=False, error=f"{type(exc).__name__}: {exc}")
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    fit.warnings = len(caught)
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        fit.converged = False
    if not np.all(np.isfinite(fit.mean)):
        fit.converged = False
    fit.mean = fit.mean * scale
    fit.bounds = {k: (lo * scale, hi * scale) for k, (lo, hi) in fit.bounds.items()}
    return fit
