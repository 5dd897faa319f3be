"""The strategy cycle, composed from what is already stored: analysis → segment → campaign → result →
decision, cycle after cycle.

One cycle per saved segment:

- **analysis**: the segment's origin (``segments.origin``): a campaign's result (with its verdict), a
  scoring run or analysis page when a segment records one, or nothing ("built by hand");
- **segment**: its name, latest version and size;
- **campaigns**: the plans made on one of its versions (planned / launched). A plan is linked to its
  warehouse campaign, and so to a result, only when ``campaign_plans`` carries a ``campaign_id`` (set
  when a launched plan is bridged into the warehouse); otherwise it is "not measured yet";
- **decisions** recorded on that campaign's result, and the segments saved from it — each of which
  starts the next cycle.

Cycles are ordered as chains: a segment saved from campaign A's result, planned as campaign B, whose
result gave the next segment, reads A → B → … consecutively. Warehouse campaigns that only name a
``segment_id`` of their own source are no saved segment and are not shown as cycles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from crm.campaigns.results import CampaignResult


@dataclass(frozen=True)
class Origin:
    kind: str  # "campaign" | "hand" | another recorded kind ("scoring", "analysis"…)
    detail: dict  # the stored origin (empty when built by hand)
    campaign_id: int | None = None
    campaign_name: str | None = None
    result: CampaignResult | None = None  # the origin campaign's result (this warehouse's only)
    decisions: tuple[dict, ...] = ()  # recorded on the origin campaign


@dataclass(frozen=True)
class CampaignStep:
    plan_id: int
    name: str
    status: str  # planned | launched
    segment_version: int
    start: str | None
    end: str | None
    campaign_id: int | None  # the warehouse campaign the launched plan became, when bridged
    result: CampaignResult | None  # None: not measured yet
    decisions: tuple[dict, ...]
    next_segments: tuple[int, ...]  # segments saved from this campaign's result


@dataclass(frozen=True)
class Cycle:
    chain: int  # 1, 2, …: cycles of one chain share it
    step: int  # 1, 2, … within the chain
    segment_id: int
    segment_name: str
    version: int
    members: int
    saved_at: dt.datetime | None
    origin: Origin
    campaigns: tuple[CampaignStep, ...]


def _origin(segment: dict, lineage: str, results: dict[int, CampaignResult], decisions: dict) -> Origin:
    stored = segment.get("origin") or {}
    kind = stored.get("kind") or "hand"
    if kind != "campaign":
        return Origin(kind, stored)
    campaign_id = stored.get("campaign_id")
    ours = stored.get("lineage") in (None, lineage)  # another warehouse's campaign 12 is not this one's
    result = results.get(campaign_id) if ours else None
    return Origin(
        "campaign", stored, campaign_id, result.name if result else None, result,
        tuple(decisions.get(campaign_id, ())) if ours else (),
    )  # fmt: skip


def _plan_campaign(plan: dict) -> int | None:
    value = plan.get("campaign_id")  # only once launched plans are bridged into the warehouse
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def compose(
    segments: Iterable[dict],
    plans: Iterable[dict],
    results: Iterable[CampaignResult],
    decisions: Iterable[dict],
    lineage: str,
) -> list[Cycle]:
    """Every cycle, chains consecutive (oldest chain first), from plain rows: ``segments`` as
    ``crm.segments.list_segments`` returns them (origin parsed), ``plans`` as
    ``crm.campaigns.launch.list_plans`` (plan parsed), ``decisions`` as ``decisions.decisions``."""
    segments = sorted(segments, key=lambda s: s["segment_id"])
    by_result = {r.campaign_id: r for r in results}
    by_campaign: dict[int, list[dict]] = {}
    for d in decisions:
        by_campaign.setdefault(d["campaign_id"], []).append(d)
    plans_of: dict[int, list[dict]] = {}
    for p in sorted(plans, key=lambda p: p["plan_id"]):
        plans_of.setdefault(int(p["plan"].get("segment_id", -1)), []).append(p)
    from_campaign: dict[int, list[int]] = {}  # campaign id -> segments saved from its result
    for s in segments:
        origin = s.get("origin") or {}
        if origin.get("kind") == "campaign" and origin.get("lineage") in (None, lineage):
            from_campaign.setdefault(origin.get("campaign_id"), []).append(s["segment_id"])
    # a segment whose origin is a campaign one of our plans became continues that plan's chain
    planned_campaigns = {_plan_campaign(p) for ps in plans_of.values() for p in ps} - {None}
    continued = {sid for c in planned_campaigns for sid in from_campaign.get(c, ())}
    by_id = {s["segment_id"]: s for s in segments}

    out: list[Cycle] = []
    seen: set[int] = set()

    def walk(segment_id: int, chain: int) -> None:
        if segment_id in seen:  # a chain never loops, but stored rows are not trusted to say so
            return
        seen.add(segment_id)
        s = by_id[segment_id]
        steps = []
        for p in plans_of.get(segment_id, ()):
            campaign_id = _plan_campaign(p)
            plan = p["plan"]
            steps.append(CampaignStep(
                plan_id=int(p["plan_id"]), name=p["name"], status=p["status"],
                segment_version=int(plan.get("segment_version") or 0), start=plan.get("start"), end=plan.get("end"),
                campaign_id=campaign_id, result=by_result.get(campaign_id),
                decisions=tuple(by_campaign.get(campaign_id, ())) if campaign_id is not None else (),
                next_segments=tuple(from_campaign.get(campaign_id, ())) if campaign_id is not None else (),
            ))  # fmt: skip
        out.append(Cycle(
            chain=chain, step=sum(c.chain == chain for c in out) + 1, segment_id=segment_id, segment_name=s["name"], version=int(s["version"]),
            members=int(s["members"]), saved_at=s.get("saved_at"),
            origin=_origin(s, lineage, by_result, by_campaign), campaigns=tuple(steps),
        ))  # fmt: skip
        for campaign_step in steps:
            for following in campaign_step.next_segments:
                walk(following, chain)

    chain = 0
    for s in segments:
        if s["segment_id"] in continued or s["segment_id"] in seen:
            continue
        chain += 1
        walk(s["segment_id"], chain)
    for s in segments:  # only rows that contradict each other reach here: each still shows, on its own
        if s["segment_id"] not in seen:
            chain += 1
            walk(s["segment_id"], chain)
    return out


def strategy_cycles(warehouse=None) -> list[Cycle]:
    """The cycles of the current warehouse: saved segments, this lineage's plans and decisions, and the
    campaign results cached per warehouse version."""
    from crm import segments as seg
    from crm.campaigns import decisions as dec
    from crm.campaigns.launch import list_plans
    from crm.campaigns.results import cached_results
    from data.warehouse import get_warehouse

    warehouse = warehouse or get_warehouse()
    lineage = warehouse.lineage()
    return compose(
        seg.list_segments(), list_plans(lineage), cached_results(warehouse=warehouse), dec.decisions(lineage), lineage
    )
