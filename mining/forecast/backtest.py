"""How the candidates are scored: a rolling-origin backtest, MASE and MAPE, and the ranking.

Up to ``folds`` forecast origins are spread over the last ``max(h_b, folds)`` periods (each
origin keeps at least ``2·s`` periods, or ``MIN_FIT`` without season, for fitting); from each
origin every model forecasts ``h_b = min(h, s)`` periods, or up to the end of the data. Per
origin, MASE is the mean absolute error divided by the in-sample mean absolute error of the
seasonal naive forecast (lag 1 without season) on that origin's training data; a model's MASE
is the mean over origins. MAPE is the mean of ``|actual − forecast| / |actual|`` over all
backtest points, skipping zero actuals.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mining.forecast.models import LEVELS, fit_model

CANDIDATE_COLUMNS = ("model", "mase", "mape", "mae", "converged", "warnings", "note", "chosen")


def mape(actual, predicted) -> float:
    """Mean absolute percentage error as a share (0.1 = 10%), zero actuals skipped; NaN if none left."""
    a = np.asarray(actual, dtype=float)
    p = np.asarray(predicted, dtype=float)
    keep = a != 0
    if not keep.any():
        return float("nan")
    return float(np.mean(np.abs(a[keep] - p[keep]) / np.abs(a[keep])))


def mase(actual, predicted, train, season: int = 1) -> float:
    """Mean absolute error scaled by the in-sample MAE of the naive forecast at lag ``season``.

    NaN when the training data are too short for that lag or the naive forecast is perfect.
    """
    a = np.asarray(actual, dtype=float)
    p = np.asarray(predicted, dtype=float)
    y = np.asarray(train, dtype=float)
    if len(y) <= season:
        return float("nan")
    scale = float(np.mean(np.abs(y[season:] - y[:-season])))
    if scale == 0:
        return float("nan")
    return float(np.mean(np.abs(a - p)) / scale)


def fold_origins(n: int, min_fit: int, hb: int, folds: int) -> list[int]:
    """Training lengths of the backtest folds: spread over the last ``max(hb, folds)`` periods."""
    lo = max(min_fit, n - max(hb, folds))
    hi = n - 1
    count = max(1, min(folds, hi - lo + 1))
    return sorted({int(round(x)) for x in np.linspace(lo, hi, count)})


def backtest(y, index, names, season, origins, hb, nonnegative, random_state, report):
    """Forecast from every origin with every candidate: the backtest frame, one candidate row per model, zero actuals."""
    lag = season or 1
    fold_mase: dict[str, list[float]] = {m: [] for m in names}
    preds: dict[str, list[np.ndarray]] = {m: [] for m in names}
    fits_ok = {m: True for m in names}
    warn_count = {m: 0 for m in names}
    failure: dict[str, str | None] = {m: None for m in names}
    rows: list[dict] = []
    done, total = 0, len(origins) * len(names)
    for origin in origins:
        steps = min(hb, len(y) - origin)
        train, actual = y[:origin], y[origin : origin + steps]
        rows.extend(
            {"origin": index[origin - 1], "period": index[origin + k], "step": k + 1, "actual": actual[k]}
            for k in range(steps)
        )
        for name in names:
            report(0.85 * done / total, "mining.forecast.progress.backtest")
            fit = fit_model(name, train, steps, season, levels=(), random_state=random_state)
            pred = np.clip(fit.mean, 0, None) if nonnegative else fit.mean
            fits_ok[name] &= fit.converged
            warn_count[name] += fit.warnings
            failure[name] = failure[name] or fit.error
            preds[name].append(pred)
            fold_mase[name].append(mase(actual, pred, train, lag))
            done += 1
    frame = pd.DataFrame(rows)
    actual_all = frame["actual"].to_numpy(float)
    table = []
    for name in names:
        frame[name] = pred_all = np.concatenate(preds[name])
        finite = [v for v in fold_mase[name] if np.isfinite(v)]
        note = ""
        if failure[name]:
            note = "mining.forecast.cand.failed"
        elif not fits_ok[name]:
            note = "mining.forecast.cand.not_converged"
        table.append(
            {
                "model": name,
                "mase": float(np.mean(finite)) if finite else float("nan"),
                "mape": mape(actual_all, pred_all),
                "mae": float(np.mean(np.abs(actual_all - pred_all))),
                "converged": bool(fits_ok[name]),
                "warnings": int(warn_count[name]),
                "note": note,
                "error": failure[name] or "",
            }
        )
    return frame, pd.DataFrame(table), int(np.sum(actual_all == 0))


def ranked(candidates: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Converged first, then by backtest MASE, then MAE; the baseline wins a tie."""
    key = candidates.assign(
        _failed=~candidates["converged"].astype(bool),
        _mase=candidates["mase"].fillna(math.inf),
        _mae=candidates["mae"].fillna(math.inf),
        _not_base=candidates["model"] != baseline,
    )
    order = key.sort_values(["_failed", "_mase", "_mae", "_not_base"], kind="stable").index
    return candidates.loc[order].reset_index(drop=True)


def fit_best(candidates: pd.DataFrame, baseline: str, y, h: int, season, random_state: int):
    """Fit the best converged candidate on the whole series; one that fails there is marked and skipped.

    Returns ``(model, fit)``, or ``(baseline, None)`` when no candidate fits.
    """
    for name in ranked(candidates, baseline)["model"]:
        row = candidates["model"] == name
        if not candidates.loc[row, "converged"].iloc[0]:
            continue
        fit = fit_model(name, y, h, season, LEVELS, random_state)
        if fit.converged and all(np.all(np.isfinite(b)) for pair in fit.bounds.values() for b in pair):
            return name, fit
        candidates.loc[row, "converged"] = False
        candidates.loc[row, "note"] = "mining.forecast.cand.final_not_converged"
        candidates.loc[row, "warnings"] += fit.warnings
    return baseline, None
