"""Ready-made analyses (Bi-AAS): sales, marketing and service questions answered in one click."""

from __future__ import annotations

import dash

from components.access import ALL_ROLES, page_for
from components.analyses_view import analyses_page
from components.page import page_context

dash.register_page(
    __name__,
    path="/analyses",
    order=2,
    nav=True,
    roles=ALL_ROLES,
    label_key="nav.analyses",
    title="XRM · Analyses",
)


@page_for(*ALL_ROLES)
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    return analyses_page(query, context.catalog, context.lang)
