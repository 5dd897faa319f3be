"""How a propensity model did: test-set tables, AUC on every split, permutation importance,
and the JSON a page reads (``metrics_of``).

The measures themselves (``auc``, ``gains_table``, ``confusion``, ``threshold_curve``…)
live in ``mining.classifier_metrics`` and the tree's rules in ``mining.rule_tree``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mining.classifier_metrics import auc, best_f1_threshold, confusion, gains_table, roc_points, threshold_curve
from mining.propensity.baseline import compare
from mining.propensity.design import MISSING_INDICATORS, Design, feature_info
from mining.propensity.history import ContactHistory
from mining.propensity.labels import SPLITS, Labelled, sample_rows
from mining.propensity.models import ValidatedModel
from mining.rule_tree import rule_lines


@dataclass
class ModelResult:
    """One fitted model and how it did (test-set tables; AUC on every split)."""

    name: str
    estimator: object
    hyper: dict
    tried: list[dict]
    auc: dict[str, float]
    threshold: float
    gains: pd.DataFrame
    curve: pd.DataFrame
    roc: pd.DataFrame
    importance: pd.DataFrame
    confusion: dict  # on the test set at ``threshold``
    rules: list[str] = field(default_factory=list)
    rule_records: list[dict] = field(default_factory=list)


@dataclass
class TrainResult:
    """Both models of one target, the split they were judged on, and the chosen one."""

    target: str
    as_of: dt.date
    params: dict
    features: list[str]
    models: dict[str, ModelResult]
    chosen: str
    threshold: float
    splits: pd.DataFrame
    base_rate: float
    design: Design
    data: dict[str, Labelled]
    category_names: dict[str, str] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)
    history: ContactHistory | None = None  # the response model's campaign contacts (scoring reads them again)
    # validation AUC of the better model with and without the history features, and those left out
    history_check: dict = field(default_factory=dict)


def importance(model, names: list[str], X: np.ndarray, y: np.ndarray, p: dict) -> pd.DataFrame:
    """Permutation importance (drop in test AUC) on a seeded sample of the test rows."""
    from sklearn.inspection import permutation_importance

    pick = sample_rows(len(y), int(p["importance_rows"]), int(p["random_state"]))
    if pick is not None:
        X, y = X[pick], y[pick]
    result = permutation_importance(
        model, X, y, scoring="roc_auc", n_repeats=int(p["importance_repeats"]), random_state=int(p["random_state"])
    )
    table = pd.DataFrame({"feature": list(names), "importance": result.importances_mean, "std": result.importances_std})
    return table.sort_values(["importance", "feature"], ascending=[False, True]).reset_index(drop=True)


def evaluate(name: str, chosen: ValidatedModel, names: list[str], data: dict[str, Labelled], p: dict) -> ModelResult:
    """Scores on every split, the F1-best validation threshold and the test-set tables of one model."""
    model = chosen.estimator_
    scores = {split: model.predict_proba(data[split].X)[:, 1] for split in SPLITS}
    test = data["test"]
    threshold = best_f1_threshold(data["valid"].y, scores["valid"])
    result = ModelResult(
        name=name,
        estimator=model,
        hyper=chosen.hyper_,
        tried=chosen.tried_,
        auc={split: auc(data[split].y, scores[split]) for split in SPLITS},
        threshold=threshold,
        gains=gains_table(test.y, scores["test"]),
        curve=threshold_curve(test.y, scores["test"]),
        roc=roc_points(test.y, scores["test"]),
        importance=importance(model, names, test.X, test.y, p),
        confusion=confusion(test.y, scores["test"], threshold),
    )
    if name == "cart":
        result.rule_records = model.rules()
        result.rules = rule_lines(result.rule_records)
    return result


def baselines_of(result: TrainResult) -> dict:
    """The chosen model beside recency alone and random on the test rows (``mining.propensity.baseline``)."""
    test = result.data["test"]
    score = result.models[result.chosen].estimator.predict_proba(test.X)[:, 1]
    return compare(test.y, score, test.X, result.features, seed=int(result.params["random_state"]))


def records(table: pd.DataFrame) -> list[dict]:
    """JSON-ready rows: numpy numbers as Python numbers, NaN as None."""
    clean = table.astype(object).where(table.notna(), None)
    return [
        {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()} for row in clean.to_dict("records")
    ]


def metrics_of(result: TrainResult, refit_rows: int, customers: int) -> dict:
    """Everything a page shows about the models, JSON-serialisable."""
    models = {}
    for name, m in result.models.items():
        models[name] = {
            "auc": m.auc,
            "hyper": {k: (v if v is not None else "none") for k, v in m.hyper.items()},
            "tried": m.tried,
            "threshold": m.threshold,
            "confusion_test": m.confusion,
            "gains": records(m.gains),
            "threshold_curve": records(m.curve),
            "roc": records(m.roc),
            "importance": records(m.importance),
            "rules": m.rules,
            "rule_records": m.rule_records,
        }
    return {
        "target": result.target,
        "models": models,
        "chosen": result.chosen,
        "threshold": result.threshold,
        "base_rate": result.base_rate,
        "splits": records(result.splits),
        "features": [feature_info(name, result.category_names) for name in result.features],
        # the tree's own 0/1 columns for gaps (its rules may name them)
        "missing_indicators": [
            {**feature_info(flag), "of": col} for col, flag in MISSING_INDICATORS.items() if col in result.features
        ],
        # the campaign-history features (response): in the model, and left out for want of data
        "history": {
            "used": [feature_info(name) for name in getattr(result.design, "extra_", [])],
            "unavailable": [feature_info(name) for name in getattr(result.design, "unavailable_", [])],
            "left_out": [feature_info(name) for name in result.history_check.get("left_out", [])],
            "valid_auc_with": result.history_check.get("valid_auc_with"),
            "valid_auc_without": result.history_check.get("valid_auc_without"),
        },
        "baselines": baselines_of(result),
        "refit_on": "train+valid+test",
        "refit_rows": refit_rows,
        "customers": customers,
        "notes": result.notes,
    }
