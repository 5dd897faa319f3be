"""The model columns of the propensity models: an explicit feature list, as a transformer.

Features come from ``mining.features.customer_features``: numbers as they are, yes/no
flags as 0/1, category revenue shares, categories one-hot. ``Design().fit(frames)`` learns
the category shares and category levels seen in training; ``transform`` gives any
features frame those columns (a level unseen in training gets no column).

``Design(extra=HISTORY_FEATURES)`` (the response model) adds the campaign-history numbers
of ``mining.propensity.history``, each only when it varies in the frames it is fitted on:
one the warehouse has no data for (no open times, no unsubscribe column…) is constant or
all missing, teaches nothing, and is listed in ``unavailable_`` instead.
"""

from __future__ import annotations

import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

NUMERIC_FEATURES = (
    "recency_days",
    "orders",
    "revenue",
    "units",
    "aov",
    "tenure_days",
    "online_share",
    "partner_share",
    "tickets",
    "avg_satisfaction",
    "contacts",
    "responses",
    "response_rate",
    "sessions",
)
FLAG_FEATURES = ("email_opt_in", "has_partner")
CATEGORY_SHARE_PREFIX = "cat_"  # revenue share per product category (the categories of the data)
CATEGORICAL_FEATURES = ("customer_type", "segment", "region", "gender", "age_band")
# CART's gap filling: a missing value gets the training median and a 0/1 indicator
MISSING_INDICATORS = {
    "recency_days": "never_ordered",
    "avg_satisfaction": "no_rated_ticket",
    "response_rate": "never_contacted",
    "days_since_response": "never_responded",
}
ZERO_WHEN_MISSING = ("aov",)  # nothing spent per order by a customer who never ordered


class Design(TransformerMixin, BaseEstimator):
    """The model columns: explicit numeric features, flags, category shares, one-hot categories.

    ``fit`` takes a features frame or a list of them (one per cutoff); learned:
    ``category_shares_``, ``levels_`` (category -> values), ``extra_`` (the ``extra`` numeric
    columns that vary), ``unavailable_`` (those that do not) and ``columns_``.
    """

    def __init__(self, extra: tuple[str, ...] = ()):
        self.extra = extra

    def fit(self, frames: pd.DataFrame | list[pd.DataFrame], y=None) -> Design:
        frames = [frames] if isinstance(frames, pd.DataFrame) else list(frames)
        self.category_shares_ = sorted({c for f in frames for c in f.columns if c.startswith(CATEGORY_SHARE_PREFIX)})
        self.levels_ = {}
        for col in CATEGORICAL_FEATURES:
            values = set()
            for f in frames:
                if col in f.columns:
                    values.update(str(v) for v in f[col].dropna().unique())
            self.levels_[col] = sorted(values)
        onehot = [f"{col}={value}" for col in CATEGORICAL_FEATURES for value in self.levels_[col]]
        self.extra_ = [name for name in self.extra if _varies(frames, name)]
        self.unavailable_ = [name for name in self.extra if name not in self.extra_]
        self.columns_ = [*NUMERIC_FEATURES, *self.extra_, *FLAG_FEATURES, *self.category_shares_, *onehot]
        return self

    def leave_out_extra(self) -> list[str]:
        """Drop the ``extra`` columns from a fitted design (they did not help); returns their names."""
        left_out, self.extra_ = self.extra_, []
        self.columns_ = [name for name in self.columns_ if name not in left_out]
        return left_out

    def transform(self, features: pd.DataFrame) -> pd.DataFrame:
        """One row per row of ``features`` (same index), ``columns_`` as floats."""
        parts = {name: features[name].astype(float) for name in (*NUMERIC_FEATURES, *self.extra_)}
        parts["email_opt_in"] = features["email_opt_in"].astype(float)
        parts["has_partner"] = features["home_partner_id"].notna().astype(float)
        for name in self.category_shares_:
            parts[name] = features[name].astype(float) if name in features.columns else 0.0
        for col in CATEGORICAL_FEATURES:
            values = features[col].astype(object)
            for value in self.levels_[col]:
                parts[f"{col}={value}"] = (values == value).astype(float)
        return pd.DataFrame(parts, index=features.index)[self.columns_]


def _varies(frames: list[pd.DataFrame], name: str) -> bool:
    """Whether column ``name`` takes at least two values (gaps aside) across ``frames``."""
    values = set()
    for f in frames:
        if name in f.columns:
            values.update(f[name].dropna().unique().tolist())
            if len(values) > 1:
                return True
    return False


def feature_info(name: str, category_names: dict[str, str] | None = None) -> dict:
    """How a page labels a model column: an i18n key and the values that fill it."""
    if "=" in name:
        col, value = name.split("=", 1)
        return {"name": name, "key": f"mining.propensity.feature.{col}_is", "values": {"value": value}}
    if name.startswith(CATEGORY_SHARE_PREFIX):
        category = (category_names or {}).get(name, name[len(CATEGORY_SHARE_PREFIX) :].replace("_", " "))
        return {"name": name, "key": "mining.propensity.feature.category_share", "values": {"category": category}}
    return {"name": name, "key": f"mining.propensity.feature.{name}", "values": {}}
