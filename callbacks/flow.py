"""The shared filter's memory (``olap.flow``): each analytical page's state is remembered for the
browser tab, and the navigation's links to those pages carry it."""

from __future__ import annotations

from dash import Input, Output, State, callback

from components.access import ALL_ROLES, callback_for
from components.shell import flow_links
from olap import flow

STORES = ("exec-state", "explore-state", "analyses-state", "pl-state")  # each page's URL state


def _remember(query):
    """Only the shared part of a page's state is remembered (the page's own keys stay its own)."""
    return flow.shared(query if isinstance(query, dict) else {})


for store in STORES:
    if store in ("explore-state", "exec-state"):
        continue
    callback(
        Output("flow-memory", "data", allow_duplicate=True),
        Input(store, "data"),
        prevent_initial_call="initial_duplicate",
    )(callback_for(*ALL_ROLES)(_remember))

# The dashboard's state is remembered once its charts are painted (``exec-drawn`` holds the state drawn,
# assets/dashboard.js): the round trip, and the menu's links it changes, never compete with the drawing.
callback(
    Output("flow-memory", "data", allow_duplicate=True),
    Input("exec-drawn", "data"),
    prevent_initial_call=True,
)(callback_for(*ALL_ROLES)(_remember))


@callback(
    Output("flow-memory", "data", allow_duplicate=True),
    Input("explore-drawn", "data"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def remember_explore(_drawn, query):
    """Explore's state is remembered once its view is drawn: a drill's round trip to remember it (and the
    menu's links it changes) never competes with the chart being drawn."""
    return _remember(query)


@callback(
    *[Output(link, "href") for link in flow.PAGES.values()],
    *[Output(link, "active") for link in flow.PAGES.values()],
    Input("flow-memory", "data"),
    Input("_pages_location", "pathname"),
)
@callback_for(*ALL_ROLES)
def links(remembered, pathname):
    """The four links carry what the user last chose; the one of the page shown is marked active
    (a link with a query would never match the path exactly)."""
    return flow_links(remembered, pathname)
