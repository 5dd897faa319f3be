"""Forecasts of a cube slice: a measure by month or week, with a rolling-origin backtest.

The package, in the order a forecast runs: ``series`` (the cube slice as a regular series),
``models`` (the candidates and ``fit_model``), ``backtest`` (origins, MASE/MAPE, ranking) and
``job`` (``forecast``, ``forecast_slice``).

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

from mining.forecast.backtest import CANDIDATE_COLUMNS, mape, mase
from mining.forecast.job import (
    DEFAULT_FOLDS,
    FORECAST_COLUMNS,
    MAX_HORIZON,
    MIN_PERIODS,
    ForecastResult,
    forecast,
    forecast_slice,
)
from mining.forecast.models import LEVELS, MODELS, fit_model
from mining.forecast.series import FREQ, GRAINS, SEASON, cube_series, period_label, series_from_frame

__all__ = [
    "CANDIDATE_COLUMNS",
    "DEFAULT_FOLDS",
    "FORECAST_COLUMNS",
    "FREQ",
    "GRAINS",
    "LEVELS",
    "MAX_HORIZON",
    "MIN_PERIODS",
    "MODELS",
    "SEASON",
    "ForecastResult",
    "cube_series",
    "fit_model",
    "forecast",
    "forecast_slice",
    "mape",
    "mase",
    "period_label",
    "series_from_frame",
]
