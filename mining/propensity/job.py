"""Training and scoring runs of the propensity models.

Two models are always trained and reported (``models``); the one with the better
validation AUC is "chosen" (CART wins an exact tie). ``score_propensity`` refits it with
the same hyper-parameters on every labelled row (train + valid + test) and scores every
customer as of ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from mining.classifier_metrics import deciles
from mining.errors import MiningError
from mining.features import customer_features, value_names
from mining.jobs import IsCancelled, Progress, stepper, within
from mining.propensity.design import Design
from mining.propensity.evaluate import TrainResult, evaluate, metrics_of, records
from mining.propensity.history import HISTORY_FEATURES, history_features
from mining.propensity.labels import (
    SPLITS,
    labelled,
    repurchase_data,
    response_data,
    sample_rows,
)
from mining.propensity.models import ValidatedModel, fit_with, threads

TARGETS = ("repurchase", "response")
DEFAULT_PARAMS = {
    "horizon_days": 180,  # repurchase: the label window after each cutoff
    "train_cutoffs": 2,  # repurchase: stacked training cutoffs, one horizon apart
    "campaign_dates": None,  # response: use the campaigns of the latest N start dates; None = auto
    "max_train_rows": 100_000,  # a larger training set is sampled (seeded) to keep fits quick
    "hgb_max_iter": 100,  # the most boosting iterations tried; the best count is chosen on validation
    "importance_rows": 5_000,  # permutation importance on at most this many test rows
    "importance_repeats": 3,
    "random_state": 0,
    "threads": 1,  # OpenMP threads for boosting (see models.threads)
    # response: the campaign-history features (mining.propensity.history): 0 never, 1 when they do not
    # lower the validation AUC (both models are also fit without them to tell), 2 always
    "campaign_history": 1,
}
PARAM_RANGES = {  # name: (lowest, highest) accepted
    "horizon_days": (14, 730),
    "train_cutoffs": (1, 4),
    "campaign_dates": (3, 200),
    "max_train_rows": (1_000, 5_000_000),
    "hgb_max_iter": (10, 1_000),
    "importance_rows": (100, 1_000_000),
    "importance_repeats": (1, 20),
    "random_state": (0, 2**31 - 1),
    "threads": (1, 256),
    "campaign_history": (0, 2),
}
SCORE_COLUMNS = ("customer_id", "score", "decile")


def checked_params(target: str, params: dict | None) -> dict:
    """``DEFAULT_PARAMS`` with ``params`` over them, each within its range (``seed``: the older name
    of ``random_state``, as stored by earlier runs)."""
    if target not in TARGETS:
        raise MiningError("mining.propensity.unknown_target", target=target, allowed=", ".join(TARGETS))
    params = dict(params or {})
    if "seed" in params and "random_state" not in params:
        params["random_state"] = params.pop("seed")
    unknown = set(params) - set(DEFAULT_PARAMS)
    if unknown:
        raise MiningError("mining.propensity.unknown_param", names=", ".join(sorted(unknown)))
    p = {**DEFAULT_PARAMS, **params}
    for name, (low, high) in PARAM_RANGES.items():
        value = p[name]
        if value is None and DEFAULT_PARAMS[name] is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
            raise MiningError("mining.propensity.bad_param", name=name, value=value, low=low, high=high)
    return p


def _category_names(cursor) -> dict[str, str]:
    return {name: value for name, value in value_names(cursor).items() if name.startswith("cat_")}


def train_models(
    cursor, target: str, as_of: dt.date, params=None, progress: Progress = None, cancelled: IsCancelled = None
) -> TrainResult:
    """Train, tune and test both models for ``target`` (see ``mining.propensity.labels`` for the split).

    Parameters
    ----------
    cursor : a DuckDB cursor on the warehouse.
    target : "repurchase" or "response".
    as_of : the last day whose data may be used; the test labels end on it.
    params : overrides of ``DEFAULT_PARAMS`` (unknown names raise ``MiningError``).
    progress, cancelled : ``progress(fraction, key)`` and ``cancelled()`` for a background job.

    Returns
    -------
    ``TrainResult`` with, per model ("cart", "hgb"): AUC on train/valid/test, the test
    gains table, threshold curve, ROC points and permutation importance, CART's rules,
    the hyper-parameters chosen on validation and the F1-best validation threshold; the
    split sizes; the chosen model (best validation AUC; CART wins an exact tie).

    Example
    -------
    >>> result = train_models(cur, "repurchase", dt.date(2025, 12, 31))
    >>> result.models[result.chosen].auc["test"]
    """
    p = checked_params(target, params)
    with threads(p["threads"]):
        return _train(cursor, target, as_of, p, stepper(progress, cancelled))


def _splits(data: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "split": split,
                "rows": len(d.y),
                "positives": int(d.y.sum()),
                "rate": float(d.y.mean()),
                "feature_dates": [str(x) for x in d.dates],
                "label_start": str(min(a for a, _ in d.periods)),
                "label_end": str(max(b for _, b in d.periods)),
            }
            for split, d in data.items()
        ]
    )


WORKERS = min(2, os.cpu_count() or 1)  # fits run side by side (each fit itself on ``threads`` OpenMP threads)


def _side_by_side(fn, tasks: list, n_threads: int) -> list:
    """``[fn(t) for t in tasks]`` on ``WORKERS`` threads (scikit-learn's fits and predictions release
    the GIL); each thread keeps OpenMP to ``n_threads`` (see ``models.threads``). Results in order."""

    def run(task):
        with threads(n_threads):
            return fn(task)

    if WORKERS < 2 or len(tasks) < 2:
        return [run(t) for t in tasks]
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(run, tasks))


def _fit_sets(column_sets: list[list[int]], design: Design, data: dict, fit_rows, p: dict) -> list[dict]:
    """Both models (hyper-parameters chosen on validation) for each set of design columns, on the same
    training rows and validation rows (one design matrix, its columns subset); all fits side by side."""
    seed, max_iter = int(p["random_state"]), int(p["hgb_max_iter"])
    train, valid = data["train"], data["valid"]
    X, y = train.X[fit_rows], train.y[fit_rows]

    def fit(task):
        i, model = task
        keep = column_sets[i]
        names = [design.columns_[j] for j in keep]
        return ValidatedModel(model, names, max_iter, seed).fit(X[:, keep], y, valid.X[:, keep], valid.y)

    # the slower fits first, so the two threads finish together
    tasks = [(i, model) for i in range(len(column_sets)) for model in ("hgb", "cart")]
    fitted = dict(zip(tasks, _side_by_side(fit, tasks, int(p["threads"])), strict=True))
    return [{model: fitted[(i, model)] for model in ("cart", "hgb")} for i in range(len(column_sets))]


def _valid_auc(fitted: dict[str, ValidatedModel]) -> float:
    """The better model's validation AUC (each keeps its best candidate)."""
    return max(t["valid_auc"] for m in fitted.values() for t in m.tried_)


def _fit_checked(design: Design, data: dict, fit_rows, p: dict, step) -> tuple[dict, dict]:
    """Both models; with ``campaign_history`` 1 also both without the campaign-history columns (fit
    side by side, on the same rows), and those columns stay only when the better model's validation
    AUC with them is not lower than without (the test split is never looked at). Returns the models
    kept and what was decided."""
    every = list(range(len(design.columns_)))
    check_history = bool(design.extra_) and int(p["campaign_history"]) == 1
    sets = [every]
    if check_history:
        sets.append([i for i, name in enumerate(design.columns_) if name not in design.extra_])
    step(0.35, "mining.propensity.progress.cart")
    fitted = _fit_sets(sets, design, data, fit_rows, p)
    step(0.6, "mining.propensity.progress.hgb")
    check = {"valid_auc_with": _valid_auc(fitted[0]), "valid_auc_without": None, "left_out": []}
    if not check_history:
        return fitted[0], check
    check["valid_auc_without"] = _valid_auc(fitted[1])
    if check["valid_auc_with"] >= check["valid_auc_without"]:
        return fitted[0], check
    check["left_out"] = design.leave_out_extra()
    for split in SPLITS:
        data[split].X = data[split].X[:, sets[1]]
    return fitted[1], check


def _train(cursor, target: str, as_of: dt.date, p: dict, step) -> TrainResult:
    step(0.0, "mining.propensity.progress.features")
    load = repurchase_data if target == "repurchase" else response_data
    raw, notes, history = load(cursor, as_of, p, step)
    design = Design(extra=HISTORY_FEATURES if history is not None else ())
    design.fit([part[1] for parts in raw.values() for part in parts])  # history it cannot use: unavailable_
    data = labelled(target, raw, design, int(p["horizon_days"]))
    del raw
    seed = int(p["random_state"])
    train = data["train"]
    sampled = sample_rows(len(train.y), int(p["max_train_rows"]), seed)
    fit_rows = slice(None) if sampled is None else sampled
    if sampled is not None:
        notes.append({"key": "mining.propensity.note.sampled", "values": {"rows": len(sampled), "of": len(train.y)}})
    fitted, check = _fit_checked(design, data, fit_rows, p, step)
    names = design.columns_
    step(0.7, "mining.propensity.progress.evaluate")
    evaluated = _side_by_side(
        lambda name: evaluate(name, fitted[name], names, data, p), ["hgb", "cart"], int(p["threads"])
    )
    models = {m.name: m for m in sorted(evaluated, key=lambda m: m.name)}
    chosen = "hgb" if models["hgb"].auc["valid"] > models["cart"].auc["valid"] else "cart"
    splits = _splits(data)
    step(0.9, "mining.propensity.progress.evaluate")
    return TrainResult(
        target=target,
        as_of=as_of,
        params=p,
        features=design.columns_,
        models=models,
        chosen=chosen,
        threshold=models[chosen].threshold,
        splits=splits,
        base_rate=float(data["test"].y.mean()),
        design=design,
        data=data,
        category_names=_category_names(cursor),
        notes=notes,
        history=history,
        history_check=check,
    )


def refit(result: TrainResult):
    """The chosen model refit with its hyper-parameters on every labelled row (sampled if too many)."""
    X = np.vstack([result.data[s].X for s in SPLITS])
    y = np.concatenate([result.data[s].y for s in SPLITS])
    seed = int(result.params["random_state"])
    pick = sample_rows(len(y), int(result.params["max_train_rows"]), seed)
    if pick is not None:
        X, y = X[pick], y[pick]
    hyper = result.models[result.chosen].hyper
    return fit_with(result.chosen, hyper, result.features, X, y, seed), len(y)


def score_propensity(
    cursor,
    target: str,
    as_of: dt.date,
    user: str,
    params=None,
    progress: Progress = None,
    cancelled: IsCancelled = None,
) -> int:
    """Train both models, refit the chosen one on all labelled rows, score every customer as of
    ``as_of`` and store a ``propensity_<target>`` run (customer_id, score, decile); returns its id.

    ``score`` is the model's probability (0..1) of a purchase in the next ``horizon_days``
    (repurchase) or of converting when contacted (response); ``decile`` 1 holds the 10 %
    most likely customers (see ``deciles``). The run's metrics hold both models'
    evaluation (``metrics_of``), so a page can show them without retraining.
    """
    from mining.runs import save_run

    checked_params(target, params)  # a bad request is refused before any work starts
    own = cursor.cursor()  # every customer's features as of the day, read by DuckDB while the models fit
    with ThreadPoolExecutor(2) as pool:
        ahead = pool.submit(customer_features, own, as_of)
        try:
            result = train_models(
                cursor, target, as_of, params, progress=within(progress, 0.0, 0.8), cancelled=cancelled
            )
            step = stepper(progress, cancelled)
            step(0.8, "mining.propensity.progress.refit")
            n_threads = int(result.params["threads"])
            refitting = pool.submit(_side_by_side, lambda _: refit(result), [None], n_threads)
            features = ahead.result()
            if result.target == "response" and result.history is not None:
                features = features.join(history_features(result.history, as_of, features.index))
            [(model, refit_rows)] = refitting.result()
        except BaseException:
            own.interrupt()  # a failed or cancelled training: the read ahead is not needed
            raise
        finally:
            if ahead.done():
                own.close()
            else:
                ahead.add_done_callback(lambda _: own.close())
    step(0.9, "mining.propensity.progress.score")
    with threads(n_threads):
        X = result.design.transform(features).to_numpy(dtype=float)
        score = model.predict_proba(X)[:, 1] if len(X) else np.zeros(0)
    scores = pd.DataFrame(
        {"customer_id": features.index.to_numpy(), "score": score.astype(float), "decile": deciles(score)}
    )
    metrics = metrics_of(result, refit_rows, len(scores))
    metrics["score_deciles"] = records(
        scores.groupby("decile")["score"]
        .agg(customers="size", min_score="min", max_score="max", mean_score="mean")
        .reset_index()
    )
    step(0.95, "mining.propensity.progress.save")
    run_id = save_run(
        f"propensity_{target}", as_of, result.params, scores[list(SCORE_COLUMNS)], metrics, user, cursor=cursor
    )
    step(1.0, "mining.propensity.progress.save")
    return run_id
