"""Partner lifecycle page callbacks (wiring only): the URL state in, ``lifecycle_report`` and
``lifecycle_view`` out; new dates in the pickers become a new URL."""

from __future__ import annotations

import logging

from dash import Input, Output, State, callback, no_update

from components.access import PARTNER_ROLES, callback_for
from components.errors import error_alert, warehouse_error
from components.page import page_context
from components.partner_lifecycle_view import LifecycleView, lifecycle_view
from crm.partners.lifecycle import LifecycleState, lifecycle_report
from data.warehouse import WarehouseUnavailable

log = logging.getLogger(__name__)


@callback(*LifecycleView.outputs_spec(), Input("pl-state", "data"))
@callback_for(*PARTNER_ROLES)
def render(store: dict):
    """Everything the page shows for the state in the URL."""
    context = page_context()
    if context.catalog is None:
        return LifecycleView(message=context.error_view()).outputs()
    try:
        state = LifecycleState.from_query(store or {}, context.catalog)
        report = lifecycle_report(state, context.catalog.data_end)
        return lifecycle_view(report, state, context.lang).outputs()
    except WarehouseUnavailable as exc:
        return LifecycleView(message=warehouse_error(exc, context.lang)).outputs()
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("partner lifecycle page failed for %r", store)
        return LifecycleView(message=error_alert(context.lang)).outputs()


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("pl-from", "date"),
    Input("pl-to", "date"),
    State("pl-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*PARTNER_ROLES)
def navigate(start, end, store):
    """New dates for the transition view; the page follows the URL (Back works)."""
    old = LifecycleState.from_query(store or {})
    new = LifecycleState.from_query({"from": start or "", "to": end or ""})
    return no_update if new.to_search() == old.to_search() else new.to_search()
