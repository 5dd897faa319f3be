"""Under a campaign's result (wiring only): what it offers next, saving a pick as a segment, recording
a decision. Each callback checks the role on the server."""

from __future__ import annotations

import logging

from dash import ALL, Input, Output, State, callback, ctx, no_update
from flask_login import current_user

from components.access import CAMPAIGN_ROLES, SEGMENT_ROLES, callback_for
from components.campaign_next import DECISION_ROLES, decision_list, next_view, problem, saved_message
from components.errors import error_alert
from crm.campaigns.decisions import DecisionError, decide
from crm.campaigns.picks import next_steps, save_pick
from crm.campaigns.state import CampaignsState
from crm.segments import SegmentError
from i18n import current_language

log = logging.getLogger(__name__)


@callback(Output("cp-next", "children"), Input("cp-state", "data"))
@callback_for(*CAMPAIGN_ROLES)
def render_next(store):
    """The picks and decisions of the campaign in the URL (nothing when none is picked)."""
    lang = current_language()
    state = CampaignsState.from_query(store or {})
    if state.campaign is None:
        return []
    try:
        return next_view(next_steps(state.campaign), lang)
    except Exception:  # the results above stay usable; the traceback goes to the log
        log.exception("campaign next steps failed for %r", store)
        return [error_alert(lang)]


@callback(
    Output("cp-pick-message", "children"),
    Input({"type": "cp-pick-save", "pick": ALL}, "n_clicks"),
    State({"type": "cp-pick-name", "pick": ALL}, "value"),
    State("cp-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*SEGMENT_ROLES)
def save(clicks, names, store):
    """Save the clicked pick under the name in its box."""
    lang = current_language()
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(clicks or ()):
        return no_update
    pick = trigger.get("pick")
    named = {item["id"]["pick"]: item.get("value") for item in ctx.states_list[0]}
    name = (named.get(pick) or "").strip()
    state = CampaignsState.from_query(store or {})
    try:
        saved = save_pick(state.campaign, pick, name, current_user.username)
    except SegmentError as exc:
        return problem(exc, lang)
    except Exception:
        log.exception("saving %s of campaign %r failed", pick, store)
        return error_alert(lang)
    return saved_message(saved, name, lang)


@callback(
    Output("cp-decision-message", "children"),
    Output("cp-decision-list", "children"),
    Output("cp-decision-note", "value"),
    Input("cp-decision-save", "n_clicks"),
    State("cp-decision-choice", "value"),
    State("cp-decision-note", "value"),
    State("cp-decision-segment", "value"),
    State("cp-decision-plan", "value"),
    State("cp-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*DECISION_ROLES)
def record(clicks, choice, note, segment_id, plan_id, store):
    """Record what was decided after this result; the list below shows it at once."""
    lang = current_language()
    if not clicks:
        return no_update, no_update, no_update
    state = CampaignsState.from_query(store or {})
    try:
        decisions = decide(state.campaign, choice, note, current_user.username, segment_id, plan_id)
    except DecisionError as exc:
        return problem(exc, lang), no_update, no_update
    except Exception:
        log.exception("recording a decision on campaign %r failed", store)
        return error_alert(lang), no_update, no_update
    return None, decision_list(decisions, lang), ""
