"""Campaign planner: a campaign, promotion or survey to a saved segment version — reach, power
check and what-if before launch; launch freezes the lists and writes the contact files."""

from __future__ import annotations

import dash

from components.access import page_for
from components.campaign_plan_form import PLAN_ROLES, plan_page
from components.coverage import coverage_for
from components.page import page_context

dash.register_page(
    __name__,
    path="/campaigns/plan",
    order=5,
    nav=True,
    nav_group="campaigns",
    roles=PLAN_ROLES,
    label_key="nav.campaign_plan",
    title="XRM · Plan a campaign",
)


@page_for(*PLAN_ROLES)
@coverage_for("campaign_plan")
def layout(plan=None, segment=None, **_query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    return plan_page(context.catalog, context.lang, shown=plan, segment=segment)
