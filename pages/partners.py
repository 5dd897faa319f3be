"""Partners (e-PRM): the directory with search and filters, and one partner's profile.
``?partner=12`` opens a profile (other pages link to it); ``p`` the period; ``q``, ``type``,
``country``, ``region``, ``tier``, ``stage``, ``manager`` the directory's search and filters
(crm.partners.state). Unknown query keys are ignored."""

from __future__ import annotations

import dash

from components.access import PARTNER_ROLES, page_for
from components.coverage import coverage_for
from components.page import page_context
from components.partner_directory_view import layout as partners_layout

dash.register_page(
    __name__,
    path="/partners",
    order=6,
    nav=True,
    nav_group="partners",
    roles=PARTNER_ROLES,
    label_key="nav.partners",
    title="XRM · Partners",
)


@page_for(*PARTNER_ROLES)
@coverage_for("partners")
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    return partners_layout(query, context.catalog, context.lang)
