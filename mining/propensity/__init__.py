"""Propensity models: who will buy again, and who will respond to a campaign contact.

``design`` (the model columns, a transformer) → ``labels`` (labelled rows per split and
their SQL) → ``models`` (CART and boosting, hyper-parameters chosen on validation) →
``evaluate`` (metrics, importance, the JSON a page reads); ``job`` trains and scores.
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
    "feature_info",
    "metrics_of",
    "refit",
    "repurchase_cutoffs",
    "repurchase_frame",
    "response_split",
    "score_propensity",
    "train_models",
]
