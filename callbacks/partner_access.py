"""Admin users page: assign partners to a partner manager (admins only; saved and audited)."""

from __future__ import annotations

from dash import Input, Output, State, callback, no_update
from flask_login import current_user

from components.access import callback_for
from components.errors import refusal
from components.partner_assign_view import no_partners, picker, saved
from crm.partners import PartnerError
from crm.partners import access as pa
from data.warehouse import get_warehouse
from i18n import current_language


@callback(
    Output("admin-partners-card", "style"),
    Output("admin-partners-title", "children"),
    Output("admin-partners", "options"),
    Output("admin-partners", "value"),
    Output("admin-partners-user", "data"),
    Output("admin-partners-message", "children"),
    Input("admin-users-grid", "selectedRows"),
    prevent_initial_call=True,
)
@callback_for("admin")
def show_assignment(selected):
    """Selecting a partner manager in the users list opens their partners."""
    lang = current_language()
    row = (selected or [None])[0]
    if not row or row.get("role") != pa.MANAGER_ROLE:
        return (*picker(None, [], (), lang), None)
    choices = pa.partner_choices(get_warehouse().cursor())
    username = row["username"]
    return (*picker(username, choices, pa.assigned_partners(username), lang), None if choices else no_partners(lang))


@callback(
    Output("admin-partners-message", "children", allow_duplicate=True),
    Input("admin-partners-save", "n_clicks"),
    State("admin-partners-user", "data"),
    State("admin-partners", "value"),
    prevent_initial_call=True,
)
@callback_for("admin")
def save_assignment(clicks, username, partner_ids):
    """Replace the manager's partners with the chosen ones."""
    lang = current_language()
    if not clicks or not username:
        return no_update
    try:
        pa.set_assignment(username, partner_ids or [], actor=current_user.username)
    except PartnerError as exc:
        return refusal(exc, lang)
    return saved(username, len(pa.assigned_partners(username)), lang)
