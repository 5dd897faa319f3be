"""The campaigns of a period in one line: what they cost, what they added, and whether it paid.

For the executive dashboard's campaign card: the campaigns that **started** in the period
(``start_date`` inside it), their spend (``cost``), the revenue they added over their control
groups (the sum of each campaign's incremental revenue, with the sum of the interval ends as a
conservative range) and the incremental ROI of the lot — ``(incremental revenue − spend) / spend``,
on revenue like each campaign's own figure. Campaigns whose window is still open count with what
they show so far and are counted apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from crm.campaigns.results import CampaignResult


@dataclass(frozen=True)
class PeriodCampaigns:
    campaigns: int
    still_open: int
    worked: int
    harmful: int
    spend: float
    incremental_revenue: float
    incremental_low: float
    incremental_high: float

    @property
    def incremental_roi(self) -> float | None:
        return (self.incremental_revenue - self.spend) / self.spend if self.spend > 0 else None


def period_campaigns(results: Iterable[CampaignResult], start: dt.date, end: dt.date) -> PeriodCampaigns:
    """The campaigns of ``results`` that started between ``start`` and ``end`` (inclusive), summed."""
    chosen = [r for r in results if start <= r.start_date <= end]
    added = [r for r in chosen if r.incremental_revenue is not None]
    return PeriodCampaigns(
        campaigns=len(chosen),
        still_open=sum(r.window_open for r in chosen),
        worked=sum(r.verdict == "worked" for r in chosen),
        harmful=sum(r.verdict == "harmful" for r in chosen),
        spend=float(sum(r.cost for r in chosen)),
        incremental_revenue=float(sum(r.incremental_revenue for r in added)),
        incremental_low=float(sum(r.incremental_revenue_low or 0.0 for r in added)),
        incremental_high=float(sum(r.incremental_revenue_high or 0.0 for r in added)),
    )
