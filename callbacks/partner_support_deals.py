"""Partner support wiring, the deals tab: the picker and status filter → ``crm.partners.deals`` →
the view; registering, approving and rejecting are for ``PARTNER_EDIT_ROLES`` only (checked here)."""

from __future__ import annotations

from dash import Input, Output, State, callback, no_update
from flask_login import current_user

from callbacks.partner_support import answer, bump, decision_callbacks
from components.access import PARTNER_EDIT_ROLES, PARTNER_ROLES, callback_for
from components.partner_support_deals import deals_view, registered_view
from components.partner_support_view import picked
from crm.partners import deals
from crm.partners.support_inputs import partner_names


@callback(
    Output("ps-deals", "children"),
    Input("ps-partner", "value"), Input("ps-deal-status", "value"), Input("ps-deals-changed", "data"),
)  # fmt: skip
@callback_for(*PARTNER_ROLES)
def show_deals(partner, status, _changed):
    """The registered deals of the picked partner (or all in scope) with the chosen status."""
    return answer(
        lambda lang: deals_view(
            deals.list_deals(None if status == "any" else status, picked(partner)), partner_names(), lang
        ),  # fmt: skip
        lambda alert: alert,
        "ps-deal-problem",
    )


@callback(
    Output("ps-deal-message", "children"), Output("ps-deals-changed", "data"),
    Input("ps-deal-register", "n_clicks"),
    State("ps-partner", "value"), State("ps-deal-customer", "value"), State("ps-deal-prospect", "value"),
    State("ps-deal-amount", "value"), State("ps-deal-close", "value"), State("ps-deal-description", "value"),
    State("ps-deals-changed", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_EDIT_ROLES)
def register(_clicks, partner, customer_id, prospect, deal_amount, close, description, changed):
    """Register the form's deal for the picked partner; what it may duplicate is said at once."""

    def compute(lang):
        found = deals.register_deal(
            current_user.username, picked(partner), deal_amount, close,
            customer_id=customer_id, prospect=prospect, description=description or "",
        )  # fmt: skip
        return registered_view(found, lang), bump(changed)

    return answer(compute, lambda alert: (alert, no_update), "ps-deal-problem")


approve_deal, reject_deal = decision_callbacks(
    "deal", deals.decide_deal, grid="ps-deal-grid", key="deal_id", message="ps-deal-message",
    changed="ps-deals-changed", problem_id="ps-deal-problem",
)  # fmt: skip
