"""Saving a campaign result's responders, non-responders or best sub-group as an ordinary segment.

Every pick is a rule definition over the segment builder's ``campaign_outcome`` field (so the
saved segment can be reopened, edited and re-evaluated like any other), saved with its origin:

- ``responders``: target-group contacts who converted in the window (``<id>:responded``);
- ``non_responders``: target-group contacts who did not (``<id>:not_responded``);
- ``subgroup``: the campaign's contacts, **target and control alike** (everyone the uplift was
  measured on), in the sub-group with the largest uplift whose 95 % interval is above 0 and which is
  not too small to read (``results.SubGroup.too_small``), as a rule on the matching segment field.

The contact's channel is no sub-group a segment can hold: it is how one campaign reached a person,
not something the customer is, so channel sub-groups are never the best sub-group here.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm import segments as seg
from crm.campaigns import results
from crm.campaigns.outcomes import OUTCOMES, token
from crm.segments import SegmentError
from data.warehouse import get_warehouse

PICKS = ("responders", "non_responders", "subgroup")
# results.BREAKDOWNS attribute -> segment field holding the same value
SUBGROUP_FIELDS = {
    "country": "country",
    "customer_type": "customer_type",
    "segment": "segment",
    "rfm": "rfm_segment",
    "cluster": "cluster",
}


@dataclass(frozen=True)
class BestSubGroup:
    dimension: str  # a key of SUBGROUP_FIELDS
    member: str | None  # the attribute's value; None = unknown
    group: results.SubGroup


@dataclass(frozen=True)
class Best:
    """The best sub-group, or why there is none (``reason``: a message key)."""

    found: BestSubGroup | None
    reason: str | None = None


def best_subgroup(campaign_id: int, warehouse=None) -> Best:
    """The sub-group with the largest uplift whose interval is above 0 and that is large enough to read,
    over every attribute this warehouse can break the campaign down by (cached per version)."""
    available = [by for by in results.cached_breakdowns(warehouse) if by in SUBGROUP_FIELDS]
    if not available:
        return Best(None, "cycle.best.no_breakdowns")
    candidates, small_winners = [], 0
    for by in available:
        for group in results.cached_breakdown(campaign_id, by, warehouse):
            if group.ci_low is None or group.ci_low <= 0:
                continue
            if group.too_small:
                small_winners += 1
            else:
                candidates.append(BestSubGroup(by, group.key, group))
    if not candidates:
        return Best(None, "cycle.best.only_small" if small_winners else "cycle.best.none_above")
    return Best(max(candidates, key=lambda c: (c.group.uplift, c.group.target + c.group.control)))


def definition(campaign_id: int, pick: str, best: BestSubGroup | None = None) -> dict:
    """The segment rule definition of a pick."""
    if pick == "responders":
        return {"op": "and", "rules": [_outcome(campaign_id, ["responded"])]}
    if pick == "non_responders":
        return {"op": "and", "rules": [_outcome(campaign_id, ["not_responded"])]}
    if pick == "subgroup" and best is not None:
        field = SUBGROUP_FIELDS[best.dimension]
        condition = (
            {"field": field, "cmp": "is_empty", "value": None}
            if best.member is None
            else {"field": field, "cmp": "in", "value": [best.member]}
        )
        return {"op": "and", "rules": [_outcome(campaign_id, list(OUTCOMES)), condition]}
    raise SegmentError("cycle.pick.unknown", pick=str(pick))


def _outcome(campaign_id: int, outcomes: list[str]) -> dict:
    return {"field": "campaign_outcome", "cmp": "in", "value": [token(campaign_id, o) for o in outcomes]}


def save_pick(campaign_id, pick: str, name: str, user: str, warehouse=None) -> dict:
    """Save a pick of a campaign's result as a new segment with its origin; ``SegmentError`` for an
    unknown campaign or pick, a sub-group pick without a best sub-group, an empty name, a name
    already taken or an empty result. Returns ``save_segment``'s answer."""
    if pick not in PICKS:
        raise SegmentError("cycle.pick.unknown", pick=str(pick))
    try:
        campaign_id = int(campaign_id)
    except (TypeError, ValueError):
        raise SegmentError("cycle.pick.no_campaign", campaign=str(campaign_id)) from None
    warehouse = warehouse or get_warehouse()
    result = next((r for r in results.cached_results(warehouse=warehouse) if r.campaign_id == campaign_id), None)
    if result is None:
        raise SegmentError("cycle.pick.no_campaign", campaign=str(campaign_id))
    origin = {"kind": "campaign", "campaign_id": campaign_id, "campaign_name": result.name, "pick": pick,
              "lineage": warehouse.lineage()}  # fmt: skip
    best = None
    if pick == "subgroup":
        best = best_subgroup(campaign_id, warehouse).found
        if best is None:
            raise SegmentError("cycle.pick.no_best")
        origin |= {"dimension": best.dimension, "member": best.member}
    return seg.save_segment(name, definition(campaign_id, pick, best), user, origin=origin)


@dataclass(frozen=True)
class NextSteps:
    """What the result of one campaign offers next: its picks, the decisions recorded on it, and the
    segments and plans a decision may name."""

    result: results.CampaignResult | None  # None: no such campaign in this warehouse
    best: Best
    decisions: tuple[dict, ...]
    segments: tuple[dict, ...]  # saved segments (latest versions), newest first
    plans: tuple[dict, ...]  # this lineage's plans, newest first


def next_steps(campaign_id: int, warehouse=None) -> NextSteps:
    """The next steps of a campaign's result (results and sub-groups cached per warehouse version)."""
    from crm.campaigns.decisions import decisions
    from crm.campaigns.launch import list_plans

    warehouse = warehouse or get_warehouse()
    result = next((r for r in results.cached_results(warehouse=warehouse) if r.campaign_id == campaign_id), None)
    if result is None:
        return NextSteps(None, Best(None), (), (), ())
    lineage = warehouse.lineage()
    return NextSteps(
        result, best_subgroup(campaign_id, warehouse), tuple(decisions(lineage, campaign_id)),
        tuple(seg.list_segments()), tuple(list_plans(lineage)),
    )  # fmt: skip
