"""Analyses page wiring: the URL's analysis, period and filter become findings, charts and grids."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, no_update

from components.access import ALL_ROLES, callback_for
from components.analyses_view import analyses_body, menu_for, navigate_search
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language
from olap import urlstate
from olap.catalog import catalog


@callback(Output("analyses-body", "children"), Input("analyses-state", "data"))
@callback_for(*ALL_ROLES)
def render(query: dict):
    return analyses_body(query, current_language())


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("analyses-period", "value"),
    Input("analyses-region", "value"),
    Input("analyses-country", "value"),
    Input("analyses-channel", "value"),
    Input("analyses-ctype", "value"),
    Input("analyses-clear", "n_clicks"),
    Input({"type": "analyses-chip", "name": ALL, "value": ALL}, "n_clicks"),
    State("analyses-state", "data"),
    State("_pages_location", "pathname"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def navigate(_period, _region, _country, _channel, _ctype, _clear, _chips, query, pathname, search_now):
    """The period and filter bar change the URL; the page follows the URL, so back undoes it."""
    trigger = ctx.triggered_id
    value = ctx.triggered[0]["value"] if ctx.triggered else None
    if trigger is None or (value in (None, 0) and (isinstance(trigger, dict) or trigger == "analyses-clear")):
        return no_update  # a chip or button appearing fires with nothing clicked
    try:
        valid = catalog(get_warehouse())
    except WarehouseUnavailable:
        return no_update
    return navigate_search(urlstate.shown(pathname, search_now, "/analyses", query), trigger, value, valid) or no_update


@callback(
    Output({"type": "analysis-menu", "table": ALL}, "children"),
    Input({"type": "analysis-graph", "table": ALL}, "clickData"),
    Input({"type": "analysis-click-close", "table": ALL}, "n_clicks"),
    State({"type": "analysis-menu", "table": ALL}, "id"),
    State("analyses-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def click_menu(clicks, closes, menus, query):
    """A click on a chart point opens its menu (drill, filter, detail rows, Explore) above that chart;
    every other chart's menu closes, as does its own × button."""
    trigger = ctx.triggered_id
    keys = [menu["table"] for menu in menus]
    if not isinstance(trigger, dict) or trigger.get("table") not in keys:
        return [no_update] * len(keys)
    if trigger.get("type") == "analysis-click-close":  # only a real click closes
        return [None] * len(keys) if any(closes or []) else [no_update] * len(keys)
    graphs = ctx.inputs_list[0]  # the graphs' ids with their clickData, in the page's order
    data = next((g.get("value") for g in graphs if g["id"].get("table") == trigger["table"]), None)
    try:
        point = data["points"][0]["customdata"]
        valid = catalog(get_warehouse())
    except (TypeError, KeyError, IndexError, WarehouseUnavailable):
        return [no_update] * len(keys)
    menu = menu_for(query, trigger["table"], point, current_language(), valid)
    if menu is None:
        return [no_update] * len(keys)
    return [menu if key == trigger["table"] else None for key in keys]
