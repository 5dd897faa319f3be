"""Partner scorecard wiring: the URL state and the editor's weights in, ``scorecard`` (and, after it,
``named_tier_changes``) and the view out (re-scored live as weights change, before saving); Save stores a new version; the period
picker writes the URL. Every callback is refused on the server to roles outside the partner pages'."""

from __future__ import annotations

import logging

from dash import Input, Output, State, callback, no_update
from flask_login import current_user

from components.access import PARTNER_EDIT_ROLES, PARTNER_ROLES, callback_for
from components.errors import error_alert, refusal, warehouse_error
from components.page import page_context
from components.partner_scorecard_view import (
    THRESHOLD_IDS,
    WEIGHT_IDS,
    ScorecardView,
    change_rows,
    saved_message,
    scorecard_view,
    version_rows,
)
from crm.partners import PartnerError
from crm.partners.scorecard import named_tier_changes, scorecard
from crm.partners.scorecard_state import ScorecardState
from crm.partners.weights import Weights, save_weights, weight_versions
from data.warehouse import WarehouseUnavailable

log = logging.getLogger(__name__)
EDITOR = [*WEIGHT_IDS.values(), *THRESHOLD_IDS.values()]


def edited(values) -> Weights:
    """The editor's values as weights (an empty box stays None: ``validate`` names it)."""
    weights = dict(zip(WEIGHT_IDS, values[: len(WEIGHT_IDS)], strict=True))
    thresholds = dict(zip(THRESHOLD_IDS, values[len(WEIGHT_IDS) :], strict=True))
    return Weights(weights, thresholds)


@callback(*ScorecardView.outputs_spec(), Input("ps-state", "data"), *(Input(i, "value") for i in EDITOR))
@callback_for(*PARTNER_ROLES)
def render(store: dict, *values):
    """The scorecard of the URL's period scored with the editor's weights; unusable weights are said
    in the page and the grid keeps its tiers."""
    context = page_context()
    if context.catalog is None:
        return ScorecardView(message=context.error_view()).outputs()
    lang = context.lang
    try:
        state = ScorecardState.from_query(store or {}, context.catalog)
        return scorecard_view(scorecard(state.period.first_day, state.period.last_day, edited(values)), lang).outputs()
    except PartnerError as exc:
        return refusal(exc, lang, id="ps-problem"), no_update, no_update
    except WarehouseUnavailable as exc:
        return ScorecardView(message=warehouse_error(exc, lang)).outputs()
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("partner scorecard failed for %r", store)
        return ScorecardView(message=error_alert(lang)).outputs()


@callback(Output("ps-changes", "rowData"), Input("ps-state", "data"), *(Input(i, "value") for i in EDITOR))
@callback_for(*PARTNER_ROLES)
def changes(store: dict, *values):
    """The tier changes of the quarters ending by the period's end, with the editor's weights (after the
    grid: eight quarters take longer the first time); unusable weights leave them as they were."""
    context = page_context()
    if context.catalog is None:
        return []
    try:
        state = ScorecardState.from_query(store or {}, context.catalog)
        return change_rows(named_tier_changes(edited(values), state.period.last_day), context.lang)
    except PartnerError:
        return no_update  # said once, by render
    except Exception:  # the grid above still answers; the traceback goes to the log
        log.exception("partner tier changes failed for %r", store)
        return []


@callback(Output("ps-versions", "rowData"), Input("ps-state", "data"))
@callback_for(*PARTNER_ROLES)
def versions(_store):
    """The saved versions of the weights, newest first."""
    return version_rows(weight_versions(), page_context().lang)


@callback(
    Output("ps-save-message", "children"), Output("ps-versions", "rowData", allow_duplicate=True),
    Input("ps-save", "n_clicks"), State("ps-note", "value"), *(State(i, "value") for i in EDITOR),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_EDIT_ROLES)
def save(_clicks, note, *values):
    """Store the editor's weights as a new version (audited)."""
    lang = page_context().lang
    try:
        version = save_weights(edited(values), current_user.username, note or "")
    except PartnerError as exc:
        return refusal(exc, lang, id="ps-save-problem"), no_update
    return saved_message(version, lang), version_rows(weight_versions(), lang)


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("ps-period", "value"),
    State("ps-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*PARTNER_ROLES)
def navigate(token, store):
    """A new period becomes the URL (Back works); the page follows it."""
    context = page_context()
    if context.catalog is None:
        return no_update
    state = ScorecardState.from_query(store or {}, context.catalog)
    new = state.with_period(token, context.catalog)
    return no_update if new.to_search() == state.to_search() else new.to_search()
