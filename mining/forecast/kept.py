"""Forecasts kept per warehouse version: the default forecast is drawn on a page's first open.

A forecast is a pure function of the slice's history, hence of the warehouse version (and of the
partner scope, which ``olap.engine.cached`` puts in every key). The automatic job after a load
(``jobs.defaults``) computes the default question into the result cache; the page then shows it
without running anything, and any other question is computed once and kept the same way.
"""

from __future__ import annotations

import json

from mining.forecast.job import ForecastResult, forecast_slice
from mining.jobs import IsCancelled, Progress


def forecast_key(request: dict) -> tuple:
    """The cache key of a forecast request (``olap.forecast_state.ForecastState.request``)."""
    filters = {level: sorted(str(m) for m in members) for level, members in (request.get("filters") or {}).items()}
    parts = (request["measure"], request["grain"], int(request["horizon"]), str(request["start"]), str(request["end"]))
    return ("forecast", *parts, json.dumps(filters, sort_keys=True))


def kept_forecast(request: dict, warehouse=None) -> ForecastResult | None:
    """The forecast of ``request`` when it was computed on the current version, else None (never computes)."""
    from olap.engine import peek

    return peek(forecast_key(request), warehouse)


def cached_forecast(
    request: dict, warehouse=None, progress: Progress = None, cancelled: IsCancelled = None
) -> ForecastResult:
    """``forecast_slice`` of ``request``, computed once per warehouse version and kept."""
    from olap.engine import cached

    def compute(_cursor) -> ForecastResult:
        return forecast_slice(
            request["measure"],
            request.get("filters") or {},
            request["grain"],
            request["start"],
            request["end"],
            int(request["horizon"]),
            warehouse,
            progress=progress,
            cancelled=cancelled,
        )

    return cached(forecast_key(request), compute, warehouse)
