"""Analyses page wiring: the URL's analysis and period become findings, charts and grids."""

from __future__ import annotations

from dash import Input, Output, State, callback, no_update

from components.access import ALL_ROLES, callback_for
from components.analyses_view import analyses_body, period_search
from i18n import current_language


@callback(Output("analyses-body", "children"), Input("analyses-state", "data"))
@callback_for(*ALL_ROLES)
def render(query: dict):
    return analyses_body(query, current_language())


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("analyses-period", "value"),
    State("analyses-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def change_period(period, query):
    """The period picker changes the URL; the page follows the URL, so back undoes it."""
    return period_search(period, query) or no_update
