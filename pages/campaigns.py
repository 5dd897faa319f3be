"""Campaign results (Bi-CM): every campaign against its random control group, one picked in
detail with its verdict, intervals, funnel and sub-groups. The URL holds the view
(``?c=12&by=country``; crm.campaigns.state)."""

from __future__ import annotations

import dash

from components.access import CAMPAIGN_ROLES, page_for
from components.campaign_view import layout as campaigns_layout
from components.coverage import coverage_for
from components.page import page_context

dash.register_page(
    __name__,
    path="/campaigns",
    order=5,
    nav=True,
    nav_group="campaigns",
    roles=CAMPAIGN_ROLES,
    label_key="nav.campaigns",
    title="XRM · Campaigns",
)


@page_for(*CAMPAIGN_ROLES)
@coverage_for("campaigns")
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    return campaigns_layout(query, context.lang)
