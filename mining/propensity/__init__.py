"""Propensity models: who will buy again, and who will respond to a campaign contact.

``design`` (the model columns, a transformer) → ``labels`` (labelled rows per split and
their SQL; the features of every row in one set-based pass, ``mining.features.customer_features_at``;
``history``: the response model's campaign-response features) → ``models`` (CART
and boosting, hyper-parameters chosen on validation) → ``evaluate`` (metrics, importance,
the JSON a page reads); ``job`` trains and scores (and keeps the campaign history only when
the models do not do worse without it on validation; the fits with and without it run side by
side on two threads from one design matrix).
"""

from mining.propensity.design import (
    CATEGORICAL_FEATURES,
    FLAG_FEATURES,
    MISSING_INDICATORS,
    NUMERIC_FEATURES,
    Design,
    feature_info,
)
from mining.propensity.evaluate import ModelResult, TrainResult, metrics_of
from mining.propensity.history import HISTORY_FEATURES, contact_history, history_features
from mining.propensity.job import (
    DEFAULT_PARAMS,
    PARAM_RANGES,
    SCORE_COLUMNS,
    TARGETS,
    refit,
    score_propensity,
    train_models,
)
from mining.propensity.labels import SPLITS, Labelled, repurchase_cutoffs, repurchase_frame, response_split
from mining.propensity.models import MODELS, ValidatedModel

__all__ = [
    "CATEGORICAL_FEATURES",
    "DEFAULT_PARAMS",
    "FLAG_FEATURES",
    "HISTORY_FEATURES",
    "MISSING_INDICATORS",
    "MODELS",
    "NUMERIC_FEATURES",
    "PARAM_RANGES",
    "SCORE_COLUMNS",
    "SPLITS",
    "TARGETS",
    "Design",
    "Labelled",
    "ModelResult",
    "TrainResult",
    "ValidatedModel",
    "contact_history",
    "feature_info",
    "history_features",
    "metrics_of",
    "refit",
    "repurchase_cutoffs",
    "repurchase_frame",
    "response_split",
    "score_propensity",
    "train_models",
]
