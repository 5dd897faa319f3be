"""Pipeline page callbacks (wiring only): the URL state in, ``pipeline_report`` and ``pipeline_view``
out; controls and row clicks become a new URL through the pure ``next_state``."""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, no_update

from components.access import ALL_ROLES, callback_for
from components.errors import error_alert, warehouse_error
from components.pipeline_controls import pipeline_catalog
from components.pipeline_view import PipelineView, pipeline_view
from crm.pipeline_report import pipeline_report
from crm.pipeline_state import PipelineState, next_state
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t
from olap.catalog import catalog as olap_catalog

log = logging.getLogger(__name__)
CONTROLS = ("pl-period", "pl-owner", "pl-partner", "pl-region", "pl-country", "pl-channel", "pl-ctype", "pl-by")


@callback(*PipelineView.outputs_spec(), Input("pl-state", "data"))
@callback_for(*ALL_ROLES)
def render(store: dict):
    """Everything the page shows for the state in the URL."""
    lang = current_language()
    try:
        catalog = pipeline_catalog()
        if catalog.empty:
            return PipelineView(message=dbc.Alert(t("pipeline.no_data", lang), color="info")).outputs()
        state = PipelineState.from_query(store or {}, catalog, olap_catalog())
        return pipeline_view(pipeline_report(get_warehouse(), state), state, lang).outputs()
    except WarehouseUnavailable as exc:
        return PipelineView(message=warehouse_error(exc, lang)).outputs()
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("pipeline page failed for %r", store)
        return PipelineView(message=error_alert(lang)).outputs()


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    *(Input(control, "value") for control in CONTROLS),
    Input("pl-clear", "n_clicks"),
    Input({"type": "pl-chip", "name": ALL, "value": ALL}, "n_clicks"),
    Input("pl-breakdown", "cellClicked"),
    State("pl-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def navigate(*args):
    """Every control and row click changes the URL; the page follows the URL (so Back works)."""
    *controls, _clear, _chips, cell, store = args
    trigger = ctx.triggered_id
    clicked = ctx.triggered[0]["value"] if ctx.triggered else None
    if trigger is None or (clicked in (None, 0) and (isinstance(trigger, dict) or trigger == "pl-clear")):
        return no_update  # a chip or button appearing fires with nothing clicked
    try:
        catalog, valid = pipeline_catalog(), olap_catalog()
    except WarehouseUnavailable:
        return no_update
    if catalog.empty:
        return no_update
    state = PipelineState.from_query(store or {}, catalog, valid)
    value = dict(zip(CONTROLS, controls, strict=True)).get(trigger)
    search = next_state(state, trigger, value, cell, catalog, valid.countries).to_search()
    return no_update if search == state.to_search() and not state.problems else search
