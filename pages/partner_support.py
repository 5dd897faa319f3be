"""Partner communication and support: the notices board, market development funds and deal
registration, for one partner or all partners in the reader's scope (``?tab=funds&partner=5``)."""

from __future__ import annotations

import dash

from components.access import PARTNER_ROLES, page_for
from components.coverage import coverage_for
from components.page import page_context
from components.partner_support_view import support_page

dash.register_page(
    __name__,
    path="/partners/support",
    order=9,
    nav=True,
    nav_group="partners",
    roles=PARTNER_ROLES,
    label_key="nav.partner_support",
    title="XRM · Partner support",
)


@page_for(*PARTNER_ROLES)
@coverage_for("partner_support")
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    return support_page(query, context.lang)
