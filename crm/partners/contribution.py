"""The executive dashboard's partner contribution: the period's sales through partners (cube
measures, ``olap.dashboard.partner_figures``) and how many partners need attention now
(``crm.partners.stages.attention``, the list ``/partners/lifecycle`` shows)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from data.warehouse import get_warehouse
from olap.catalog import catalog
from olap.dashboard import DashboardState, PartnerFigures, partner_figures

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Contribution:
    figures: PartnerFigures
    attention: int | None  # partners needing attention; None when the list could not be computed


def contribution(state: DashboardState, warehouse=None) -> Contribution:
    """The card's figures for the dashboard's state (the request's partner scope applies)."""
    warehouse = warehouse or get_warehouse()
    figures = partner_figures(state, warehouse, catalog(warehouse).data_start)
    if not figures.partners:
        return Contribution(figures, 0)
    return Contribution(figures, attention_count(warehouse))


def attention_count(warehouse) -> int | None:
    """How many partners the attention list names (None, logged, when it cannot be computed)."""
    try:
        from crm.partners.stages import attention

        return len(attention(warehouse=warehouse))
    except Exception:  # the rest of the card stands
        log.exception("partner attention list failed")
        return None
