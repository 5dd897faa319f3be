"""Explore: drill through the cube by any dimension, pivot it, see the rows behind it, export it."""

from __future__ import annotations

import dash

from components.access import ALL_ROLES, page_for
from components.coverage import coverage_for
from components.explore_page import page, read_state
from components.explore_view import first_chart
from components.page import page_context

dash.register_page(
    __name__, path="/explore", order=1, nav=True, roles=ALL_ROLES, label_key="nav.explore", title="XRM · Explore"
)


@page_for(*ALL_ROLES)
@coverage_for("explore")
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    state = read_state(query)
    return page(state, context.catalog, context.lang, chart=first_chart(state, context.lang))
