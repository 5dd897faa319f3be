"""What the campaigns page shows for a state: every campaign, the one picked, its sub-groups."""

from __future__ import annotations

from dataclasses import dataclass

from crm.campaigns import results as r
from crm.campaigns.state import CampaignsState


@dataclass(frozen=True)
class CampaignReport:
    campaigns: tuple[r.CampaignResult, ...]
    chosen: r.CampaignResult | None  # None: nothing picked, or the id in the URL is not a campaign
    breakdown: tuple[r.SubGroup, ...]
    breakdowns: tuple[str, ...]  # the attributes this warehouse can break a campaign down by
    unknown: int | None = None  # a campaign id the URL asked for that does not exist


def campaign_report(state: CampaignsState, warehouse=None) -> CampaignReport:
    """Every campaign's result (cached per warehouse version) and the picked one's sub-groups."""
    campaigns = tuple(r.cached_results(warehouse=warehouse))
    chosen = next((c for c in campaigns if c.campaign_id == state.campaign), None)
    if chosen is None:
        return CampaignReport(campaigns, None, (), (), state.campaign)
    available = r.cached_breakdowns(warehouse)
    groups = r.cached_breakdown(chosen.campaign_id, state.by, warehouse) if state.by in available else []
    return CampaignReport(campaigns, chosen, tuple(groups), available)
