"""Campaigns page callbacks (wiring only): the URL state in, ``campaign_report`` and
``campaigns_view`` out; a row click or a sub-group attribute becomes a new URL."""

from __future__ import annotations

import logging

from dash import Input, Output, State, callback, ctx, no_update

from components.access import CAMPAIGN_ROLES, callback_for
from components.campaign_view import CampaignsView, campaigns_view
from components.errors import error_alert, warehouse_error
from components.page import page_context
from crm.campaigns.report import campaign_report
from crm.campaigns.state import CampaignsState
from data.warehouse import WarehouseUnavailable

log = logging.getLogger(__name__)


@callback(*CampaignsView.outputs_spec(), Input("cp-state", "data"))
@callback_for(*CAMPAIGN_ROLES)
def render(store: dict):
    """Everything the page shows for the state in the URL."""
    context = page_context()
    if context.catalog is None:
        return CampaignsView(message=context.error_view()).outputs()
    try:
        state = CampaignsState.from_query(store or {})
        return campaigns_view(campaign_report(state), state, context.catalog.data_end, context.lang).outputs()
    except WarehouseUnavailable as exc:
        return CampaignsView(message=warehouse_error(exc, context.lang)).outputs()
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("campaigns page failed for %r", store)
        return CampaignsView(message=error_alert(context.lang)).outputs()


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("cp-table", "cellClicked"),
    Input("cp-by", "value"),
    State("cp-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*CAMPAIGN_ROLES)
def navigate(cell, by, store):
    """A row click picks a campaign, the dropdown the sub-groups; the page follows the URL (Back works)."""
    state = CampaignsState.from_query(store or {})
    if ctx.triggered_id == "cp-table":
        row = (cell or {}).get("rowId")
        new = state.picked(campaign=int(row)) if row not in (None, "") else state
    else:
        new = state.picked(by=by)
    return no_update if new.to_search() == state.to_search() else new.to_search()
