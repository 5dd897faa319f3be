"""What a plan would do, before launch: reach, group sizes, the power check and the what-if range.

- **Base rate** (the control group's expected conversion): per channel, the control conversion
  rate of its completed past campaigns (``mining.simulate.channel_history``); a channel without
  a control history gets the rate of all past control groups; mixed channels are weighted by
  their share of the audience.
- **Expected uplift**: the plan's own (what the marketer expects), else the same weighting of each
  channel's past uplift (target rate − control rate); None when no channel has both groups in its
  history.
- **Power check** (``crm.campaigns.stats``): the smallest absolute uplift the test can detect at
  95% confidence and 80% power with these target and control sizes; when the expected uplift is
  below it, the holdout share (``holdout_needed``) — or, when no share is enough, the segment
  size at this holdout (``segment_needed``) — that would show it.
- **Projection**: the what-if simulation of ``mining.simulate`` (``compare_offers``, as the what-if
  page's ``whatif`` draws its channel rows) of the offer to the target group, one row per channel
  (the preferred mode may use several; the fixed cost shared by contacts), with the latest
  ``propensity_response`` run's scores when one exists: mean and P10–P90 of responders, profit, ROI.
  A note ``(key, {"channel", "error"})`` says why a channel has no row (``error`` a ``MiningError``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm.campaigns import stats
from crm.campaigns.audience import Audience, audience, lineage, split
from crm.campaigns.plan import Plan
from mining.errors import MiningError
from mining.simulate import COMPARE_COLUMNS, Offer, channel_history, compare_offers, response_scores


@dataclass(frozen=True)
class Power:
    """The power check: base rate and its source (channel | overall | mixed | none), the minimum
    detectable uplift (absolute), the expected uplift and its source (plan | history), and what a
    too-weak test would need."""

    base_rate: float | None
    base_source: str
    mde: float | None
    expected_uplift: float | None
    warning: bool = False
    expected_source: str = "history"
    holdout_needed: float | None = None
    segment_needed: int | None = None


@dataclass(frozen=True, eq=False)
class Preview:
    plan: Plan
    audience: Audience
    target: int
    control: int
    cost: float  # target contacts × cost per contact + fixed cost
    power: Power
    projection: pd.DataFrame  # mining.simulate.COMPARE_COLUMNS, one row per channel
    model: dict | None  # meta of the propensity_response run used (None: channel rates only)
    notes: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def over_budget(self) -> bool:
        return self.plan.budget is not None and self.cost > self.plan.budget


def preview(cursor, plan: Plan) -> Preview:
    """Reach, sizes, cost, power check and what-if projection of ``plan`` on the warehouse ``cursor`` reads."""
    who = audience(cursor, plan)
    target, control = split(who, plan)
    notes: list[tuple[str, dict]] = []
    history = channel_history(cursor)
    channels = _channel_shares(who, target)
    power = power_check(history, channels, len(target), len(control), who.reach, plan.holdout, plan.expected_uplift)
    projection, model = _projection(cursor, plan, who, target, notes)
    cost = len(target) * plan.cost_per_contact + plan.fixed_cost
    return Preview(plan, who, len(target), len(control), cost, power, projection, model, notes)


def _channel_shares(who: Audience, target: np.ndarray) -> pd.Series:
    frame = who.customers
    return frame.loc[frame["customer_id"].isin(target), "channel"].value_counts(normalize=True)


def power_check(
    history: pd.DataFrame,
    shares: pd.Series,
    target: int,
    control: int,
    reach: int,
    holdout: float,
    wanted: float | None = None,
) -> Power:
    """The power check of a test with ``target`` and ``control`` members on channels in ``shares``,
    for the uplift ``wanted`` (None: the channels' past uplift)."""
    base, source = base_rate(history, shares)
    expected = wanted if wanted is not None else expected_uplift(history, shares)
    said = {"expected_source": "plan" if wanted is not None else "history"}
    if base is None or not 0 < base < 1 or target == 0 or control == 0:
        return Power(base, source, None, expected, **said)
    mde = stats.minimum_detectable_uplift(target, control, base)
    if expected is None or expected >= mde:
        return Power(base, source, mde, expected, **said)
    if expected <= 0:  # past campaigns showed no uplift: no holdout shows what is not there
        return Power(base, source, mde, expected, True, **said)
    needed = stats.holdout_needed(reach, base, expected)
    segment = stats.segment_needed(holdout, base, expected) if needed is None else None
    return Power(base, source, mde, expected, True, said["expected_source"], needed, segment)


def base_rate(history: pd.DataFrame, shares: pd.Series) -> tuple[float | None, str]:
    """The expected control conversion rate and where it comes from."""
    control = history["control_contacts"].sum()
    overall = float(history["control_responses"].sum() / control) if control > 0 else None
    rows = history.set_index("channel")
    rates, own = [], []
    for channel, share in shares.items():
        has = channel in rows.index and rows.loc[channel, "control_contacts"] > 0
        own.append(has)
        rates.append((float(rows.loc[channel, "control_rate"]) if has else overall, share))
    if not rates or any(r is None for r, _ in rates):
        return (overall, "overall") if overall is not None and not rates else (None, "none")
    source = "channel" if all(own) else "overall" if not any(own) else "mixed"
    return float(sum(r * s for r, s in rates) / sum(s for _, s in rates)), source


def expected_uplift(history: pd.DataFrame, shares: pd.Series) -> float | None:
    """The channels' past uplift, weighted by their share (channels without both groups left out)."""
    rows = history.set_index("channel")
    known = [
        (float(rows.loc[c, "uplift"]), s)
        for c, s in shares.items()
        if c in rows.index and rows.loc[c, "contacts"] > 0 and rows.loc[c, "control_contacts"] > 0
    ]
    if not known:
        return None
    return sum(u * s for u, s in known) / sum(s for _, s in known)


def _projection(cursor, plan: Plan, who: Audience, target: np.ndarray, notes: list) -> tuple[pd.DataFrame, dict | None]:
    """The what-if simulation of the offer to the target group, one channel at a time."""
    scores, model = response_scores(lineage(cursor))
    frame = who.customers[who.customers["customer_id"].isin(target)]
    parts = []
    for channel, ids in frame.groupby("channel")["customer_id"]:
        share = len(ids) / len(frame)
        offer = Offer(str(channel), plan.cost_per_contact, fixed_cost=plan.fixed_cost * share)
        try:
            parts.append(compare_offers(cursor, ids.to_numpy(), [offer], scores, plan.seed))
        except MiningError as exc:
            notes.append(("campaign.preview.no_projection", {"channel": str(channel), "error": exc}))
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(COMPARE_COLUMNS))
    return rows, model
