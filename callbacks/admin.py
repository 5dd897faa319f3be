"""Admin callbacks: list, add and change users (admins only, checked on the server)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, no_update
from flask_login import current_user

from auth import users
from components.access import callback_for
from data import opstore
from i18n import LANGUAGES, current_language, t


def _rows(lang: str) -> list[dict]:
    rows = users.list_users()
    for row in rows:
        row["role_label"] = t(f"role.{row['role']}", lang)
        row["language"] = LANGUAGES.get(row.get("language"), row.get("language"))  # English / 한국어, not en / ko
        row["active_label"] = t("admin.yes" if row["active"] else "admin.disabled", lang)
        row["created_at"] = row["created_at"].strftime("%Y-%m-%d %H:%M") if row["created_at"] else ""
    return rows


@callback(
    Output("admin-users-grid", "rowData"),
    Output("admin-message", "children"),
    Input("admin-add", "n_clicks"),
    Input("admin-save", "n_clicks"),
    Input("admin-disable", "n_clicks"),
    Input("admin-enable", "n_clicks"),
    State("admin-new-username", "value"),
    State("admin-new-name", "value"),
    State("admin-new-role", "value"),
    State("admin-new-password", "value"),
    State("admin-edit-username", "value"),
    State("admin-edit-role", "value"),
    State("admin-edit-password", "value"),
)
@callback_for("admin")
def manage_users(_add, _save, _off, _on, new_user, new_name, new_role, new_password, edit_user, edit_role,
                 edit_password):  # fmt: skip
    """Add a user, change one's role or password, disable or re-enable one, then show the list."""
    lang = current_language()
    message = None
    try:
        if ctx.triggered_id == "admin-add":
            users.add_user(new_user or "", new_password or "", new_role or "", new_name or "")
            opstore.audit(current_user.username, "user.add", new_user, f"role={new_role}")
            message = dbc.Alert(t("admin.added", lang, user=new_user), color="success")
        elif ctx.triggered_id == "admin-save":
            if not edit_user or not (edit_role or edit_password):
                raise users.UserError(t("admin.nothing", lang))
            if edit_role:
                users.set_role(edit_user, edit_role)
                opstore.audit(current_user.username, "user.set_role", edit_user, f"role={edit_role}")
            if edit_password:
                users.set_password(edit_user, edit_password)
                opstore.audit(current_user.username, "user.reset_password", edit_user)
            message = dbc.Alert(t("admin.saved", lang, user=edit_user), color="success")
        elif ctx.triggered_id in ("admin-disable", "admin-enable"):
            active = ctx.triggered_id == "admin-enable"
            if not edit_user:
                raise users.UserError(t("admin.nothing", lang))
            if not active and edit_user == current_user.username:
                raise users.UserError(t("admin.not_yourself", lang))
            users.set_active(edit_user, active)  # disabling also ends every session of the user
            opstore.audit(current_user.username, "user.enable" if active else "user.disable", edit_user)
            message = dbc.Alert(t("admin.enabled" if active else "admin.disabled_now", lang, user=edit_user),
                                color="success")  # fmt: skip
    except users.UserError as exc:
        message = dbc.Alert(str(exc), color="danger")
    rows = _rows(lang)
    return rows, message if message is not None else no_update


@callback(
    Output("admin-edit-username", "value"),
    Output("admin-edit-role", "value"),
    Output("admin-editing", "children"),
    Output("admin-disable", "disabled"),
    Output("admin-enable", "disabled"),
    Input("admin-users-grid", "selectedRows"),
    prevent_initial_call=True,
)
@callback_for("admin")
def pick_user(selected):
    """Clicking a user in the list fills the change form and says whose it is; disable or re-enable
    is offered as the user's state allows (never disabling oneself)."""
    if not selected:
        return no_update, no_update, no_update, True, True
    lang = current_language()
    row = selected[0]
    editing = t("admin.editing", lang, user=row["username"], state=row.get("active_label") or "")
    active = bool(row.get("active"))
    return row["username"], row["role"], editing, not active or row["username"] == current_user.username, active
