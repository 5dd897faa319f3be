"""Partner support wiring, the funds tab: the picker → ``crm.partners.funds`` (summary, claims,
budgets, allocations) → the view; each form's button → one write, refused on the server for any role
but ``PARTNER_EDIT_ROLES``."""

from __future__ import annotations

from dash import Input, Output, State, callback, no_update
from flask_login import current_user

from callbacks.partner_support import answer, bump, decision_callbacks
from components.access import PARTNER_EDIT_ROLES, PARTNER_ROLES, callback_for
from components.partner_support_funds import allocation_options, budget_options, claims_view, summary_view
from components.partner_support_view import ok, picked
from crm.partners import funds
from crm.partners.support_inputs import partner_names
from i18n import t


@callback(
    Output("ps-fund-summary", "children"), Output("ps-claims", "children"),
    Output("ps-alloc-budget", "options"), Output("ps-claim-allocation", "options"),
    Input("ps-partner", "value"), Input("ps-funds-changed", "data"),
)  # fmt: skip
@callback_for(*PARTNER_ROLES)
def show_funds(partner, _changed):
    """The summary per fund and partner, the claims, and what the forms can choose from."""

    def compute(lang):
        partners = partner_names()
        pid = picked(partner)
        return (
            summary_view(funds.fund_summary(pid), lang),
            claims_view(funds.list_claims(pid), partners, lang),
            budget_options(funds.list_budgets(), lang),
            allocation_options(funds.list_allocations(pid), partners, lang),
        )

    return answer(compute, lambda alert: (alert, None, [], []), "ps-fund-problem")


def _written(key: str, id_: str, changed):
    """What a successful write shows: a confirmation, and a refresh of the tab."""
    return lambda lang, **values: (ok(t(key, lang, **values), id_), bump(changed))


@callback(
    Output("ps-fund-message", "children"), Output("ps-funds-changed", "data"),
    Input("ps-budget-create", "n_clicks"),
    State("ps-budget-name", "value"), State("ps-budget-start", "value"), State("ps-budget-end", "value"),
    State("ps-budget-amount", "value"), State("ps-funds-changed", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_EDIT_ROLES)
def create_budget(_clicks, name, start, end, total, changed):
    """A new budget from the form."""
    done = _written("partners.support.funds.budget_ok", "ps-budget-ok", changed)
    return answer(
        lambda lang: done(lang, budget=funds.create_budget(current_user.username, name, start, end, total)),
        lambda alert: (alert, no_update),
        "ps-fund-problem",
    )


@callback(
    Output("ps-fund-message", "children", allow_duplicate=True),
    Output("ps-funds-changed", "data", allow_duplicate=True),
    Input("ps-alloc-create", "n_clicks"),
    State("ps-partner", "value"), State("ps-alloc-budget", "value"), State("ps-alloc-amount", "value"),
    State("ps-alloc-purpose", "value"), State("ps-funds-changed", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_EDIT_ROLES)
def allocate(_clicks, partner, budget_id, total, purpose, changed):
    """Allocate part of the chosen budget to the picked partner."""
    done = _written("partners.support.funds.allocation_ok", "ps-alloc-ok", changed)
    return answer(
        lambda lang: done(
            lang, allocation=funds.allocate(current_user.username, budget_id, picked(partner), total, purpose or "")
        ),  # fmt: skip
        lambda alert: (alert, no_update),
        "ps-fund-problem",
    )


@callback(
    Output("ps-fund-message", "children", allow_duplicate=True),
    Output("ps-funds-changed", "data", allow_duplicate=True),
    Input("ps-claim-submit", "n_clicks"),
    State("ps-claim-allocation", "value"), State("ps-claim-activity", "value"), State("ps-claim-date", "value"),
    State("ps-claim-amount", "value"), State("ps-funds-changed", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_EDIT_ROLES)
def submit_claim(_clicks, allocation_id, activity, when, total, changed):
    """A claim against the chosen allocation."""
    done = _written("partners.support.funds.claim_ok", "ps-claim-ok", changed)
    return answer(
        lambda lang: done(lang, claim=funds.claim(current_user.username, allocation_id, activity, when, total)),
        lambda alert: (alert, no_update),
        "ps-fund-problem",
    )


approve_claim, reject_claim = decision_callbacks(
    "claim", funds.decide_claim, grid="ps-claim-grid", key="claim_id", message="ps-fund-message",
    changed="ps-funds-changed", problem_id="ps-fund-problem",
)  # fmt: skip
