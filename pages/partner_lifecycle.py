"""Partner lifecycle: each partner's stage inferred from its sales, the moves between two dates,
cohorts by onboarding year and the partners needing attention. The URL holds the dates
(``?from=2024-12-31&to=2025-12-31``; crm.partners.lifecycle)."""

from __future__ import annotations

import dash

from components.access import PARTNER_ROLES, page_for
from components.coverage import coverage_for
from components.page import page_context
from components.partner_lifecycle_view import layout as lifecycle_layout

dash.register_page(
    __name__,
    path="/partners/lifecycle",
    order=8,
    nav=True,
    nav_group="partners",
    roles=PARTNER_ROLES,
    label_key="nav.partner_lifecycle",
    title="XRM · Partner lifecycle",
)


@page_for(*PARTNER_ROLES)
@coverage_for("partner_lifecycle")
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    return lifecycle_layout(query, context.lang, context.catalog)
