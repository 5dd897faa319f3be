"""The strategy cycle: analysis → segment → campaign → result → decision, cycle after cycle, with links
back to each object (crm.campaigns.cycle composes it from the stores)."""

from __future__ import annotations

import dash

from components.access import CAMPAIGN_ROLES, page_for
from components.campaign_cycle_view import cycle_page
from components.coverage import coverage_for
from components.page import page_context

dash.register_page(
    __name__,
    path="/campaigns/cycle",
    order=5,
    nav=True,
    nav_group="campaigns",
    roles=CAMPAIGN_ROLES,
    label_key="nav.campaign_cycle",
    title="XRM · Strategy cycle",
)


@page_for(*CAMPAIGN_ROLES)
@coverage_for("campaign_cycle")
def layout(**_query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    return cycle_page(context.catalog.data_end, context.lang)
