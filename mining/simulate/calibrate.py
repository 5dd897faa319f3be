"""Response probabilities for an offer: the response scores calibrated to the channel's history.

The scores' log-odds are shifted so that their mean over the channel's past target contacts
equals its historical rate (a shift keeps every probability inside 0..1, where scaling would
not); customers without a score get the channel's rate. Without scores everybody gets it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mining.errors import MiningError


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def calibrate(scores: pd.Series, contacts: pd.Series, rate: float) -> tuple[pd.Series, dict]:
    """Shift the scores' log-odds so that their mean over past contacts equals ``rate``.

    ``contacts`` is the number of past target contacts per customer id (a customer
    contacted twice counts twice). Returns the calibrated scores and a dict with the
    shift, the raw and calibrated means and how many contacts had a score; with no
    scored contact the scores are returned unchanged (``shift`` None).
    """
    weights = contacts.reindex(scores.index).fillna(0).to_numpy(dtype=float)
    info = {"contacts_scored": int(weights.sum()), "target_rate": float(rate), "shift": None}
    s = scores.to_numpy(dtype=float)
    if weights.sum() == 0:
        info.update(raw_mean=None, calibrated_mean=None)
        return scores.astype(float), info
    raw_mean = float(np.average(s, weights=weights))
    if rate <= 0.0 or rate >= 1.0:  # a certain outcome: every score follows it
        out = np.full(len(s), float(rate))
        info.update(raw_mean=raw_mean, calibrated_mean=float(rate), shift=math.copysign(math.inf, rate - 0.5))
        return pd.Series(out, index=scores.index), info
    eps = 1e-9
    logit = np.log(np.clip(s, eps, 1 - eps) / (1 - np.clip(s, eps, 1 - eps)))
    lo, hi = -40.0, 40.0
    for _ in range(100):  # the weighted mean rises with the shift: bisection
        mid = 0.5 * (lo + hi)
        if np.average(_sigmoid(logit + mid), weights=weights) < rate:
            lo = mid
        else:
            hi = mid
    shift = 0.5 * (lo + hi)
    out = _sigmoid(logit + shift)
    info.update(raw_mean=raw_mean, calibrated_mean=float(np.average(out, weights=weights)), shift=shift)
    return pd.Series(out, index=scores.index), info


def probabilities(
    ids: np.ndarray, scores: pd.Series | None, row: dict | None, contacts: pd.Series | None, channel: str, notes: list
) -> tuple[np.ndarray, int, dict]:
    """Each customer's response probability, how many had a score, and how they were calibrated.

    ``row`` is the channel's history row (None: no history), ``contacts`` its past target
    contacts per customer (``history.past_contacts``; needed with scores and a history).
    """
    rate = float(row["rate"]) if row is not None else None
    if scores is None:
        notes.append(("mining.simulate.note.history_only", {"channel": channel, "rate": rate}))
        return np.full(len(ids), rate), 0, {"method": "history", "target_rate": rate, "shift": None}
    if row is not None:
        calibrated, info = calibrate(scores, contacts, rate)
        if info["shift"] is None:
            notes.append(("mining.simulate.note.not_calibrated", {"channel": channel}))
            calibration = {"method": "none", **info}
        else:
            values = {
                "channel": channel,
                "rate": rate,
                "raw_mean": info["raw_mean"],
                "contacts": info["contacts_scored"],
            }
            notes.append(("mining.simulate.note.calibrated", values))
            calibration = {"method": "logit_shift", **info}
    else:
        calibrated = scores
        calibration = {"method": "none", "target_rate": None, "shift": None}
        notes.append(("mining.simulate.note.no_history_scores", {"channel": channel}))
    mapped = calibrated.reindex(ids).to_numpy(dtype=float, copy=True)
    missing = np.isnan(mapped)
    scored = int((~missing).sum())
    if missing.any():
        fill = rate if rate is not None else float(np.nanmean(mapped)) if scored else math.nan
        if not np.isfinite(fill):
            raise MiningError("mining.simulate.no_history", channel=channel)
        mapped[missing] = fill
        values = {"customers": int(missing.sum()), "share": float(missing.mean()), "rate": fill}
        notes.append(("mining.simulate.note.unscored", values))
    return mapped, scored, calibration
