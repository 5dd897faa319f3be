"""Executive dashboard: the home page for every role."""

from __future__ import annotations

import dash

from components import executive_view as view
from components.access import ALL_ROLES, page_for
from components.page import page_context

dash.register_page(__name__, path="/", order=0, nav=True, roles=ALL_ROLES, label_key="nav.home", title="XRM")


@page_for(*ALL_ROLES)
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    state = view.read_state(query, context.catalog)
    return view.page(state, context.catalog, context.lang, drawn=view.first_view(state, context.lang))
