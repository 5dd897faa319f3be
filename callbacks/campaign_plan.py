"""Campaign planner wiring: the form → a ``Plan`` → ``crm.campaigns`` (preview, save, launch) → the
view. A refusal of any layer is shown in the page; anything else is logged and said generically."""

from __future__ import annotations

import logging

from dash import Input, Output, State, callback, no_update
from flask_login import current_user

from components.access import callback_for
from components.campaign_plan_form import FIELDS, IDS, PLAN_ROLES, plan_fields
from components.campaign_plan_view import launched_view, plans_table, preview_view, saved_message, segment_options
from components.errors import error_alert, refusal, warehouse_error
from crm.campaigns.bridge import plans_with_results
from crm.campaigns.launch import launch, save_plan
from crm.campaigns.plan import Plan
from crm.campaigns.preview import preview
from crm.segments import list_segments
from data.warehouse import WarehouseUnavailable, get_warehouse
from errors import KeyedError
from i18n import current_language
from jobs.campaigns import publish_in_background

log = logging.getLogger(__name__)
NAMES = tuple(name for name, _ in FIELDS)


def answer(lang: str, compute, failed):
    """``compute()``'s outputs, or ``failed(alert)``'s when it is refused or fails (logged)."""
    try:
        return compute()
    except KeyedError as exc:
        return failed(refusal(exc, lang, id="cp-problem"))
    except WarehouseUnavailable as exc:
        return failed(warehouse_error(exc, lang))
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("campaign planner failed")
        return failed(error_alert(lang))


@callback(
    Output("cp-segment", "options"), Output("cp-segment", "value"), Output("cp-plans", "children"),
    Input("cp-init", "data"), State("cp-init-segment", "data"),
)  # fmt: skip
@callback_for(*PLAN_ROLES)
def load(shown, segment):
    """The saved segments to plan for and the plans made so far (``shown``: the plan a link asked for;
    ``segment``: the segment a link plans for, chosen at its latest version; else the newest)."""
    lang = current_language()

    def compute():
        options = segment_options(list_segments(), lang)
        plans = plans_table(plans_with_results(), lang, shown=int(shown or 0))
        asked = [o["value"] for o in options if o["value"].split(":")[0] == str(segment or "")]
        return options, (asked or [o["value"] for o in options] or [None])[0], plans

    return answer(lang, compute, lambda alert: ([], None, alert))


@callback(
    Output("cp-preview", "children"), Output("cp-plan", "data"), Output("cp-save", "disabled"),
    Output("cp-launch", "disabled"), Output("cp-saved", "data"),
    *(Input(id_, "value") for id_ in IDS),
)  # fmt: skip
@callback_for(*PLAN_ROLES)
def show_preview(*values):
    """Every change of the form: the plan checked and previewed (a changed plan must be saved again)."""
    lang = current_language()

    def compute():
        plan = Plan.from_dict(plan_fields(dict(zip(NAMES, values, strict=True))))
        return preview_view(preview(get_warehouse().cursor(), plan), lang), plan.to_dict(), False, True, None

    return answer(lang, compute, lambda alert: (alert, None, True, True, None))


@callback(
    Output("cp-save-message", "children"), Output("cp-saved", "data", allow_duplicate=True),
    Output("cp-launch", "disabled", allow_duplicate=True), Output("cp-save", "disabled", allow_duplicate=True),
    Output("cp-plans", "children", allow_duplicate=True),
    Input("cp-save", "n_clicks"), State("cp-plan", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PLAN_ROLES)
def save(_clicks, data):
    """Store the previewed plan; it may then be launched."""
    lang = current_language()

    def compute():
        plan = Plan.from_dict(data)
        plan_id = save_plan(plan, current_user.username)
        return saved_message(plan_id, plan.name, lang), plan_id, False, True, plans_table(plans_with_results(), lang)

    return answer(lang, compute, lambda alert: (alert, None, True, False, no_update))


@callback(
    Output("cp-launch-message", "children"), Output("cp-launch", "disabled", allow_duplicate=True),
    Output("cp-plans", "children", allow_duplicate=True),
    Input("cp-launch-confirm", "submit_n_clicks"), State("cp-saved", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PLAN_ROLES)
def launch_plan(_clicks, plan_id):
    """Launch the saved plan (confirmed): frozen lists and contact files."""
    lang = current_language()

    def compute():
        launched = launch(int(plan_id), current_user.username)
        publish_in_background(current_user.username)  # the results page shows it within seconds
        return launched_view(launched, lang), True, plans_table(plans_with_results(), lang)

    return answer(lang, compute, lambda alert: (alert, True, no_update))
