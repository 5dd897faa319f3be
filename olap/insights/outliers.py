"""Outliers: robust flags by the median and the median absolute deviation (modified z-score)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from olap.cube import CubeError, measure

MIN_MEMBERS = 8  # fewer members than this: no outlier statement (2 of 7 "unusual" is noise)
OUTLIER_Z = 3.5  # Iglewicz and Hoaglin's cut-off for the modified z-score


@dataclass(frozen=True)
class Outlier:
    member: object
    label: object
    value: float
    median: float
    score: float  # modified z-score (signed)


MAD_SCALE = 0.6745  # makes the MAD consistent with the standard deviation of a normal sample
MEAN_AD_SCALE = 0.7979  # the same for the mean absolute deviation, used when the MAD is zero


def modified_z(values) -> pd.Series | None:
    """Modified z-scores (Iglewicz–Hoaglin); ``None`` when the series is too short or flat."""
    series = pd.Series(values, dtype=float).dropna()
    series = series[series.map(math.isfinite)]
    if len(series) < MIN_MEMBERS:
        return None
    median = float(series.median())
    deviation = (series - median).abs()
    mad = float(deviation.median())
    if mad > 0:
        return MAD_SCALE * (series - median) / mad
    # more than half the members share one value: fall back to the mean absolute deviation
    mean_ad = float(deviation.mean())
    if mean_ad <= 0 or mean_ad <= 1e-12 * max(1.0, abs(median)):
        return None
    return MEAN_AD_SCALE * (series - median) / mean_ad


def outliers(
    frame: pd.DataFrame,
    column: str,
    level_id: str | None = None,
    z: float = OUTLIER_Z,
    log_scale: bool | None = None,
) -> list[Outlier]:
    """Members whose ``column`` value is unusual (|modified z| > ``z``), most unusual first.

    ``log_scale`` scores the logarithms: sizes (money, counts) spread multiplicatively, so on
    the raw scale every big customer would be "unusual". ``None`` chooses it when the column
    is a money or count measure and every value is positive.
    """
    if frame is None or frame.empty or column not in frame:
        return []
    frame = frame.reset_index(drop=True)
    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    if log_scale is None:
        try:
            sized = measure(column).kind in ("money", "count")
        except CubeError:
            sized = False
        finite = values.dropna()
        log_scale = sized and len(finite) > 0 and bool((finite > 0).all())
    scores = modified_z(values.where(values > 0).map(math.log) if log_scale else values)
    if scores is None:
        return []
    median = float(values.dropna().median())
    label_col = f"{level_id}:label" if level_id else None
    found = []
    for index, score in scores.items():
        if abs(score) > z:
            member = frame[level_id].iloc[index] if level_id and level_id in frame else index
            label = frame[label_col].iloc[index] if label_col and label_col in frame else None
            found.append(Outlier(member, label, float(values.iloc[index]), median, float(score)))
    found.sort(key=lambda o: -abs(o.score))
    return found
