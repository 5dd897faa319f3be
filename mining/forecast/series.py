"""The series a forecast is made of: a cube slice by month or week, made regular and trimmed.

Periods with no rows become 0 for additive measures and a gap for ratios; a period cut by
the start or end date is dropped, and so are empty periods before the first and after the
last data, each with a note (``(key, values)`` pairs in ``series.attrs["notes"]``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from mining.errors import MiningError
from olap.period import is_complete, month_end
from olap.query import as_date

GRAINS = ("month", "week")
SEASON = {"month": 12, "week": 52}
FREQ = {"month": "MS", "week": "W-MON"}
MAX_LISTED = 12  # periods named in a message


def period_label(period, grain: str) -> str:
    """The cube's member name of a period start: ``2025-03`` or ``2025-W07``."""
    ts = pd.Timestamp(period)
    if grain == "week":
        year, week, _ = ts.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{ts.year}-{ts.month:02d}"


def labels(periods, grain: str) -> str:
    """The periods' names for a message, at most ``MAX_LISTED`` of them."""
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


def check_grain(grain: str) -> None:
    """Refuse a grain other than ``GRAINS``."""
    if grain not in GRAINS:
        raise MiningError("mining.forecast.bad_grain", grain=str(grain), allowed=", ".join(GRAINS))


def _is_ratio(measure_name: str) -> bool:
    from olap.cube import measure

    m = measure(measure_name)
    return m.combine is not None or m.customer_grain


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

    check_grain(grain)
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
    from olap.timegrain import time_member_range

    check_grain(grain)
    start, end = as_date(start), as_date(end)
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


def regular(series: pd.Series, grain: str, notes: list) -> pd.Series:
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
