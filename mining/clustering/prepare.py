"""Clustering input: the columns of named feature sets, gaps filled, skew tamed and scaled.

``FeaturePrep(sets, scaling).fit(features)`` learns what to fill gaps with, which columns
carry information and how to scale; ``transform`` turns a features frame into the model
matrix. What is missing or useless is handled explicitly:

- ``recency_days`` of a customer who never bought is the larger of their tenure and the
  longest recency of any buyer: a non-buyer is at least as cold as the coldest buyer.
- ``aov`` of a non-buyer is 0 (nothing spent per order).
- any other gap (``avg_satisfaction`` without tickets, ``response_rate`` without
  contacts) becomes the population median plus a 0/1 indicator ``<name>_missing``, so
  "no tickets" stays distinguishable from "average satisfaction".
- money and counts (revenue, orders, units, aov, sessions, tickets, contacts,
  responses) are strongly right-skewed (a few customers buy 100× the median), so the
  model sees ``sign(x)·log1p(|x|)`` of them; otherwise a handful of big accounts would
  become their own clusters and everyone else one blob. Profiles and rules use the
  original values.
- a feature with a single value carries no information: it is dropped with a note;
  if every chosen feature is constant the clustering cannot run (``MiningError``).
- scaling: ``standard`` (z-scores), ``robust`` (median / IQR, less pulled by
  outliers) or ``minmax`` (0..1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from mining.errors import MiningError

FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "rfm": ("recency_days", "orders", "revenue"),
    "basket": ("aov", "units"),
    "category_mix": ("cat_*",),
    "channel_mix": ("chan_*", "partner_share"),
    "tenure": ("tenure_days",),
    "service": ("tickets", "avg_satisfaction"),
    "engagement": ("sessions", "contacts", "response_rate"),
}
DEFAULT_SETS = ("rfm", "category_mix", "channel_mix")
LOG_FEATURES = frozenset({"revenue", "orders", "units", "aov", "sessions", "tickets", "contacts", "responses"})
SCALINGS = ("standard", "robust", "minmax")
MIN_CUSTOMERS = 10


def feature_columns(features: pd.DataFrame, sets: Iterable[str]) -> list[str]:
    """The columns of ``features`` that the named sets select, in set order, without repeats."""
    sets = list(sets)
    if not sets:
        raise MiningError("mining.cluster.no_features")
    out: list[str] = []
    for name in sets:
        if name not in FEATURE_SETS:
            raise MiningError("mining.cluster.unknown_feature_set", name=name)
        for pattern in FEATURE_SETS[name]:
            if pattern.endswith("*"):
                cols = sorted(c for c in features.columns if c.startswith(pattern[:-1]))
            else:
                cols = [pattern] if pattern in features.columns else []
            out.extend(c for c in cols if c not in out)
    if not out:
        raise MiningError("mining.cluster.no_features")
    return out


@dataclass
class Prepared:
    """Model input: ``X`` (scaled, transformed), ``raw`` (imputed, original units) and notes."""

    X: np.ndarray
    raw: pd.DataFrame
    columns: list[str]
    scaling: str
    notes: list[dict] = field(default_factory=list)


def signed_log1p(values: np.ndarray) -> np.ndarray:
    return np.sign(values) * np.log1p(np.abs(values))


def _centre_spread(values: np.ndarray, scaling: str) -> tuple[np.ndarray, np.ndarray]:
    if scaling == "standard":
        centre, spread = values.mean(axis=0), values.std(axis=0)
    elif scaling == "robust":
        q1, centre, q3 = np.percentile(values, [25, 50, 75], axis=0)
        spread = q3 - q1
        # A feature whose middle half is one value (most customers have no ticket) falls
        # back to its standard deviation rather than exploding.
        spread = np.where(spread > 0, spread, values.std(axis=0))
    else:
        centre = values.min(axis=0)
        spread = values.max(axis=0) - centre
    return centre, np.where(spread > 0, spread, 1.0)


class FeaturePrep(TransformerMixin, BaseEstimator):
    """Select, impute, log-transform and scale the features of the named sets (see the module notes).

    Learned: ``columns_`` (model columns, gap indicators included, constants dropped),
    ``notes_`` (what was filled or dropped, as i18n keys and counts), ``longest_recency_``,
    ``medians_``, ``centre_`` and ``spread_``.
    """

    def __init__(self, sets: Sequence[str] = DEFAULT_SETS, scaling: str = "standard"):
        self.sets = sets
        self.scaling = scaling

    def fit(self, features: pd.DataFrame, y=None) -> FeaturePrep:
        if self.scaling not in SCALINGS:
            raise MiningError("mining.cluster.unknown_scaling", scaling=self.scaling)
        if len(features) < MIN_CUSTOMERS:
            raise MiningError("mining.cluster.too_few_customers", n=len(features), minimum=MIN_CUSTOMERS)
        self.selected_ = feature_columns(features, self.sets)
        raw = features[self.selected_].astype("float64").copy()
        notes: list[dict] = []
        longest = raw["recency_days"].max() if "recency_days" in raw else np.nan
        self.longest_recency_ = 0.0 if np.isnan(longest) else float(longest)
        if "recency_days" in raw and raw["recency_days"].isna().any():
            notes.append({"key": "mining.cluster.note.recency_filled", "count": int(raw["recency_days"].isna().sum())})
        if "aov" in raw and raw["aov"].isna().any():
            notes.append({"key": "mining.cluster.note.aov_zero", "count": int(raw["aov"].isna().sum())})
        raw = self._fill_known(raw, features)
        self.medians_ = {}
        for col in raw.columns:
            gap = raw[col].isna()
            if not gap.any():
                continue
            median = raw[col].median()
            self.medians_[col] = 0.0 if np.isnan(median) else median
            notes.append({"key": "mining.cluster.note.median_filled", "feature": col, "count": int(gap.sum())})
        raw = self._fill_medians(raw)
        constant = [c for c in raw.columns if raw[c].nunique(dropna=False) <= 1]
        notes.extend({"key": "mining.cluster.note.constant_dropped", "feature": col} for col in constant)
        if raw.shape[1] == len(constant):
            raise MiningError("mining.cluster.all_constant", features=", ".join(self.selected_))
        self.columns_ = [c for c in raw.columns if c not in constant]
        self.notes_ = notes
        values = self._logged(raw[self.columns_])
        self.centre_, self.spread_ = _centre_spread(values, self.scaling)
        self.n_features_in_ = len(self.selected_)
        return self

    def _fill_known(self, raw: pd.DataFrame, features: pd.DataFrame) -> pd.DataFrame:
        if "recency_days" in raw and raw["recency_days"].isna().any():
            gap = raw["recency_days"].isna()
            fill = features["tenure_days"].astype("float64") if "tenure_days" in features else pd.Series(0.0, raw.index)
            fill = np.maximum(fill, self.longest_recency_)
            raw.loc[gap, "recency_days"] = fill[gap]
        if "aov" in raw:
            raw["aov"] = raw["aov"].fillna(0.0)
        return raw

    def _fill_medians(self, raw: pd.DataFrame) -> pd.DataFrame:
        for col, median in self.medians_.items():
            gap = raw[col].isna()
            raw[col] = raw[col].fillna(median)
            raw[f"{col}_missing"] = gap.astype("float64")
        return raw

    def _logged(self, raw: pd.DataFrame) -> np.ndarray:
        values = raw.to_numpy(dtype=np.float64, copy=True)
        if not np.isfinite(values).all():
            raise MiningError("mining.cluster.not_finite")
        for j, col in enumerate(raw.columns):
            if col in LOG_FEATURES:
                values[:, j] = signed_log1p(values[:, j])
        return values

    def raw(self, features: pd.DataFrame) -> pd.DataFrame:
        """The model columns in original units, gaps filled as learned (profiles and rules read these)."""
        raw = self._fill_known(features[self.selected_].astype("float64").copy(), features)
        return self._fill_medians(raw)[self.columns_]

    def scale(self, raw: pd.DataFrame) -> np.ndarray:
        """The model matrix of an imputed frame (``raw``'s output)."""
        return (self._logged(raw) - self.centre_) / self.spread_

    def transform(self, features: pd.DataFrame) -> np.ndarray:
        return self.scale(self.raw(features))


def prepare(features: pd.DataFrame, sets: Sequence[str] = DEFAULT_SETS, scaling: str = "standard") -> Prepared:
    """Select, impute, transform and scale the features of the named sets (see the module notes)."""
    prep = FeaturePrep(sets, scaling).fit(features)
    raw = prep.raw(features)
    return Prepared(X=prep.scale(raw), raw=raw, columns=list(prep.columns_), scaling=scaling, notes=prep.notes_)
