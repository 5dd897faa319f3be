"""Partner valuation scorecard: every partner's metrics for a period, normalised and weighted into a
score and a tier, with the weights editor, its saved versions and the tier changes. The URL holds
the period (``?p=2025-Q4``; crm.partners.scorecard_state)."""

from __future__ import annotations

import dash

from components.access import PARTNER_ROLES, page_for
from components.coverage import coverage_for
from components.page import page_context
from components.partner_scorecard_view import layout as scorecard_layout
from components.partner_scorecard_view import weights_in_use

dash.register_page(
    __name__,
    path="/partners/scorecard",
    order=7,
    nav=True,
    nav_group="partners",
    roles=PARTNER_ROLES,
    label_key="nav.partner_scorecard",
    title="XRM · Partner scorecard",
)


@page_for(*PARTNER_ROLES)
@coverage_for("partner_scorecard")
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    return scorecard_layout(query, context.lang, context.catalog, weights_in_use())
