"""The what-if entry points: ``simulate`` one offer to a segment, ``compare_offers`` across
channels, and ``whatif``, the page's whole question (the offer, and every campaign channel at its
typical cost beside it). ``simulate`` runs named steps: check the input, read the channel's
history, restrict to the customers the channel may contact, calibrate the probabilities, choose
the order value, note the caveats, project the range.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from mining.errors import MiningError
from mining.jobs import IsCancelled, Progress, step, stepper
from mining.simulate.calibrate import probabilities
from mining.simulate.history import (
    channel_history,
    channel_names,
    channel_row,
    order_value,
    past_contacts,
    reachable,
    response_scores,
    typical_costs,
)
from mining.simulate.project import DRAWS, SAMPLE, project
from olap.catalog import campaign_channels, warehouse_margin

FEW_CONTACTS = 500  # fewer past target contacts than this: the range is wide
FEW_CONTROL = 100


@dataclass(frozen=True)
class Offer:
    """What is sent, through which channel, at what cost.

    ``discount_pct`` (0..100) is given on converted orders; ``margin_pct`` (0..100) is
    the gross margin of revenue before the discount (None: the warehouse's
    ``sum(revenue − cost) / sum(revenue)``); ``expected_order_value`` None: from history.
    """

    channel: str
    cost_per_contact: float
    fixed_cost: float = 0.0
    discount_pct: float = 0.0
    margin_pct: float | None = None
    expected_order_value: float | None = None


@dataclass
class SimulationResult:
    """Expected outcome of one offer to one segment.

    ``expected[metric]`` is a dict of mean, p10, p50, p90 for each of ``METRICS`` (ROI
    values None when the cost is zero; incremental values NaN without a control group).
    ``notes`` are (translation key, values) pairs for the page.
    """

    channel: str
    contacts: int
    scored: int
    expected: dict[str, dict[str, float | None]]
    expected_rate: float
    break_even_rate: float | None
    order_value: float
    order_value_source: str
    margin_pct: float
    discount_pct: float
    expected_delivered: float | None
    history: dict | None
    calibration: dict
    notes: list[tuple[str, dict]] = field(default_factory=list)
    profit_sample: np.ndarray = field(default_factory=lambda: np.zeros(0))
    draws: int = DRAWS
    random_state: int = 0


def simulate(
    cursor,
    customer_ids: Sequence[int],
    offer: Offer,
    scores: pd.Series | None = None,
    random_state: int = 0,
    *,
    draws: int = DRAWS,
    history: pd.DataFrame | None = None,
    progress: Progress = None,
    cancelled: IsCancelled = None,
    consent: bool = False,
) -> SimulationResult:
    """Expected responders, revenue, cost, profit and ROI of ``offer`` to ``customer_ids``.

    Parameters
    ----------
    cursor : a DuckDB cursor on the warehouse.
    customer_ids : the segment's customers (duplicates count once).
    offer : channel (a dim_channel name, see ``campaign_channels``), costs, discount, margin.
    scores : response probabilities indexed by customer_id (``response_scores()``), or
        None to use the channel's historical rate for everybody.
    random_state : seed of the simulation (same seed, same range).
    history : ``channel_history(cursor)`` when the caller has it already.

    Returns
    -------
    SimulationResult (see its docstring); ``expected[metric]`` has mean, p10, p50, p90.

    Example
    -------
    >>> r = simulate(cur, ids, Offer("Email", cost_per_contact=0.08, fixed_cost=3000))
    >>> r.expected["roi"]["mean"], r.expected["incremental_roi"]["p10"]
    """
    report = stepper(progress, cancelled)
    ids = _customer_ids(customer_ids, draws)
    report(0.0, "mining.simulate.step.history")
    _check_offer(offer, channel_names(cursor))
    scores = _check_scores(scores)
    row = _history_row(cursor, history, offer.channel, scores)
    notes: list[tuple[str, dict]] = []
    if consent:
        ids = _consenting(cursor, ids, offer.channel, notes)
    margin = _margin(cursor, offer, notes)

    report(0.3, "mining.simulate.step.scores")
    past = past_contacts(cursor, offer.channel) if scores is not None and row is not None else None
    p, scored, calibration = probabilities(ids, scores, row, past, offer.channel, notes)
    contacts = len(ids)
    cost = contacts * float(offer.cost_per_contact) + float(offer.fixed_cost)
    value, source = order_value(cursor, ids, offer, row, notes)
    baseline_ratio = _caveats(row, offer, margin, cost, notes)

    report(0.6, "mining.simulate.step.simulate")
    expected, profit = project(
        p, **_history_counts(row), order_value=value, margin_pct=margin, discount_pct=offer.discount_pct,
        cost=cost, baseline_ratio=baseline_ratio, draws=int(draws), random_state=random_state,
    )  # fmt: skip
    report(1.0, "mining.simulate.step.done")
    return SimulationResult(
        channel=offer.channel, contacts=contacts, scored=scored, expected=expected,
        expected_rate=float(np.sum(p)) / contacts, break_even_rate=_break_even(cost, contacts, value, margin, offer),
        order_value=value, order_value_source=source, margin_pct=float(margin), discount_pct=float(offer.discount_pct),
        expected_delivered=_delivered(row, contacts), history=row, calibration=calibration, notes=notes,
        profit_sample=profit[:SAMPLE].copy(), draws=int(draws), random_state=random_state,
    )  # fmt: skip


def _check_offer(offer: Offer, channels: list[str]) -> None:
    if offer.channel not in channels:
        raise MiningError("mining.simulate.unknown_channel", channel=offer.channel, allowed=", ".join(channels))
    for name in ("cost_per_contact", "fixed_cost"):
        value = getattr(offer, name)
        if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise MiningError("mining.simulate.negative_cost", value=value)
    if not isinstance(offer.discount_pct, int | float) or not 0 <= offer.discount_pct <= 100:
        raise MiningError("mining.simulate.bad_discount", value=offer.discount_pct)
    if offer.margin_pct is not None and (
        not isinstance(offer.margin_pct, int | float) or not 0 <= offer.margin_pct <= 100
    ):
        raise MiningError("mining.simulate.bad_margin", value=offer.margin_pct)
    value = offer.expected_order_value
    if value is not None and (not isinstance(value, int | float) or not math.isfinite(value) or value <= 0):
        raise MiningError("mining.simulate.bad_order_value", value=value)


def _customer_ids(customer_ids, draws) -> np.ndarray:
    """The segment's distinct customer ids as int64 (the number of draws checked too)."""
    ids = pd.unique(np.asarray(list(customer_ids) if not isinstance(customer_ids, np.ndarray) else customer_ids))
    if len(ids) == 0:
        raise MiningError("mining.simulate.empty_segment")
    try:
        ids = ids.astype("int64")
    except (TypeError, ValueError):
        raise MiningError("mining.simulate.bad_customer_ids") from None
    if int(draws) < 10:
        raise MiningError("mining.simulate.bad_draws", value=draws)
    return ids


def _check_scores(scores) -> pd.Series | None:
    if scores is None:
        return None
    s = pd.Series(scores, dtype=float) if not isinstance(scores, pd.Series) else scores.astype(float)
    s = s[~s.index.duplicated(keep="last")]
    bad = ~np.isfinite(s.to_numpy()) | (s.to_numpy() < 0) | (s.to_numpy() > 1)
    if bad.any():
        raise MiningError("mining.simulate.bad_scores", count=int(bad.sum()))
    return s


def _history_row(cursor, history: pd.DataFrame | None, channel: str, scores) -> dict | None:
    """The channel's history row; refused when there is neither a history nor scores."""
    row = channel_row(channel_history(cursor) if history is None else history, channel)
    if row is None and scores is None:
        raise MiningError("mining.simulate.no_history", channel=channel)
    return row


def _consenting(cursor, ids: np.ndarray, channel: str, notes: list) -> np.ndarray:
    """The customers the channel may contact (noted when fewer); refused when none may."""
    asked = len(ids)
    ids = reachable(cursor, ids, channel)
    if len(ids) < asked:
        notes.append(("mining.simulate.note.consent", {"reachable": len(ids), "asked": asked}))
    if len(ids) == 0:
        raise MiningError("mining.simulate.no_consent", channel=channel, asked=asked)
    return ids


def _margin(cursor, offer: Offer, notes: list) -> float:
    """The offer's gross margin in percent, or the warehouse's (noted)."""
    margin = offer.margin_pct if offer.margin_pct is not None else warehouse_margin(cursor)
    if margin is None:
        raise MiningError("mining.simulate.no_margin")
    if offer.margin_pct is None:
        notes.append(("mining.simulate.note.margin_default", {"margin": margin}))
    return margin


def _caveats(row: dict | None, offer: Offer, margin: float, cost: float, notes: list) -> float | None:
    """Note what makes the range wide or the answer partial; the baseline ratio control_rate / rate
    (None without a control group)."""
    channel = offer.channel
    if row is not None and row["contacts"] < FEW_CONTACTS:
        notes.append(("mining.simulate.note.few_contacts", {"channel": channel, "contacts": int(row["contacts"])}))
    baseline_ratio = None
    if row is None or row["control_contacts"] == 0:
        notes.append(("mining.simulate.note.no_control", {"channel": channel}))
    else:
        rate = float(row["rate"])
        baseline_ratio = float(row["control_rate"]) / rate if rate > 0 else 0.0
        if row["control_contacts"] < FEW_CONTROL:
            notes.append(
                ("mining.simulate.note.few_control", {"channel": channel, "contacts": int(row["control_contacts"])})
            )
        if row["uplift"] <= 0:
            notes.append(("mining.simulate.note.no_uplift", {"channel": channel, "uplift": float(row["uplift"])}))
    if offer.discount_pct >= margin:
        notes.append(("mining.simulate.note.discount_over_margin", {"discount": offer.discount_pct, "margin": margin}))
    if cost == 0:
        notes.append(("mining.simulate.note.roi_na", {}))
    return baseline_ratio


def _history_counts(row: dict | None) -> dict[str, int]:
    """The channel's past responses and contacts, target and control (0 without a history)."""
    names = ("responses", "contacts", "control_responses", "control_contacts")
    return {name: int(row[name]) if row is not None else 0 for name in names}


def _break_even(cost: float, contacts: int, value: float, margin: float, offer: Offer) -> float | None:
    """The response rate at which the gross profit pays the cost; None when a responder earns nothing."""
    per_responder = value * (margin - offer.discount_pct) / 100.0
    return cost / (contacts * per_responder) if per_responder > 0 else None


def _delivered(row: dict | None, contacts: int) -> float | None:
    deliverability = row["deliverability"] if row is not None else None
    return contacts * deliverability if deliverability is not None and np.isfinite(deliverability) else None


COMPARE_COLUMNS = (
    "channel",
    "cost_per_contact",
    "fixed_cost",
    "discount_pct",
    "contacts",
    "order_value",
    "responders_mean",
    "responders_p10",
    "responders_p90",
    "incremental_responders_mean",
    "revenue_mean",
    "cost",
    "profit_mean",
    "profit_p10",
    "profit_p90",
    "incremental_profit_mean",
    "roi_mean",
    "roi_p10",
    "roi_p90",
    "incremental_roi_mean",
    "break_even_rate",
    "expected_rate",
)


def compare_offers(
    cursor,
    customer_ids: Sequence[int],
    offers: Sequence[Offer],
    scores: pd.Series | None = None,
    random_state: int = 0,
    *,
    progress: Progress = None,
    cancelled: IsCancelled = None,
    consent: bool = False,
) -> pd.DataFrame:
    """One row per offer (``COMPARE_COLUMNS``: mean and range of responders, profit, ROI),
    every offer simulated on the same segment with the same seed (with ``consent``, each
    on the customers its channel may contact; a channel that may contact none is left out)."""
    if not offers:
        raise MiningError("mining.simulate.no_offers")
    history = channel_history(cursor)
    rows = []
    for i, offer in enumerate(offers):
        step(progress, cancelled, i / len(offers), "mining.simulate.step.simulate")
        try:
            r = simulate(cursor, customer_ids, offer, scores, random_state, history=history, consent=consent)
        except MiningError as exc:
            if exc.key == "mining.simulate.no_consent":
                continue
            raise
        rows.append(_compare_row(offer, r))
    step(progress, None, 1.0, "mining.simulate.step.done")
    return pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))


def _compare_row(offer: Offer, r: SimulationResult) -> dict:
    e = r.expected
    return {
        "channel": offer.channel,
        "cost_per_contact": float(offer.cost_per_contact),
        "fixed_cost": float(offer.fixed_cost),
        "discount_pct": float(offer.discount_pct),
        "contacts": r.contacts,
        "order_value": r.order_value,
        "responders_mean": e["responders"]["mean"],
        "responders_p10": e["responders"]["p10"],
        "responders_p90": e["responders"]["p90"],
        "incremental_responders_mean": e["incremental_responders"]["mean"],
        "revenue_mean": e["revenue"]["mean"],
        "cost": e["cost"]["mean"],
        "profit_mean": e["profit"]["mean"],
        "profit_p10": e["profit"]["p10"],
        "profit_p90": e["profit"]["p90"],
        "incremental_profit_mean": e["incremental_profit"]["mean"],
        "roi_mean": e["roi"]["mean"],
        "roi_p10": e["roi"]["p10"],
        "roi_p90": e["roi"]["p90"],
        "incremental_roi_mean": e["incremental_roi"]["mean"],
        "break_even_rate": r.break_even_rate,
        "expected_rate": r.expected_rate,
    }


@dataclass(frozen=True)
class WhatIfRequest:
    """The what-if page's question: ``offer`` to ``customer_ids``, with the latest response scores
    or not; every other campaign channel is compared at its typical cost per contact."""

    customer_ids: Sequence[int]
    offer: Offer
    use_scores: bool = True
    consent: bool = True
    random_state: int = 0


@dataclass(frozen=True)
class WhatIfAnswer:
    """The chosen offer's simulation, the channel comparison, the channels' history, the score run used."""

    result: SimulationResult
    comparison: pd.DataFrame  # COMPARE_COLUMNS, one row per campaign channel that may contact someone
    history: pd.DataFrame  # channel_history
    model: dict | None  # meta of the propensity_response run whose scores were used; None without scores


def whatif(cursor, request: WhatIfRequest) -> WhatIfAnswer:
    """Simulate the offer and compare it with the same offer on every campaign channel.

    Example
    -------
    >>> answer = whatif(cur, WhatIfRequest(ids, Offer("Email", cost_per_contact=0.5)))
    >>> answer.result.expected["profit"]["mean"], answer.comparison[["channel", "profit_mean"]]
    """
    scores, model = response_scores() if request.use_scores else (None, None)
    offer, ids = request.offer, request.customer_ids
    history = channel_history(cursor)
    result = simulate(cursor, ids, offer, scores, request.random_state, history=history, consent=request.consent)
    costs = typical_costs(cursor)
    offers = [
        offer if c == offer.channel else replace(offer, channel=c, cost_per_contact=costs.get(c, 0.0))
        for c in campaign_channels(cursor)
    ]
    comparison = compare_offers(cursor, ids, offers, scores, request.random_state, consent=request.consent)
    return WhatIfAnswer(result, comparison, history, model)
