"""The Saved menu: the panel opens on the browser's address; save, rename and delete act on the
store (crm.saved_views checks who may), then the panel is drawn again."""

from __future__ import annotations

import flask
from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, no_update
from flask_login import current_user

from components.access import ALL_ROLES, callback_for
from components.saved_menu import message, page_of, view_list
from crm import saved_views as sv
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t

# the address is the browser's, read when the panel opens: Explore writes its steps with pushState
clientside_callback(
    """function (n) {
        if (!n) { return [window.dash_clientside.no_update, window.dash_clientside.no_update]; }
        return [true, window.location.pathname + window.location.search];
    }""",
    Output("saved-panel", "is_open"),
    Output("saved-here", "data"),
    Input("saved-open", "n_clicks"),
    prevent_initial_call=True,
)


def _version() -> str | None:
    try:
        return get_warehouse().version()
    except WarehouseUnavailable:
        return None


def _act(trigger, here, name, roles, rename_ids, rename_names) -> tuple[str | None, bool, bool]:
    """Do what was asked; (message, ok, redraw the form)."""
    user, role, lang = current_user.username, current_user.role, current_language()
    try:
        if trigger == "saved-save":
            view = sv.save_view(user, name, here or "", roles or (), warehouse_version=_version())
            return t("saved.done.save", lang, name=view.name), True, True
        if isinstance(trigger, dict) and trigger.get("type") == "saved-rename":
            names = {i["id"]: v for i, v in zip(rename_ids, rename_names, strict=False)}
            view = sv.rename_view(trigger["id"], names.get(trigger["id"]), user, role)
            return t("saved.done.rename", lang, name=view.name), True, False
        if isinstance(trigger, dict) and trigger.get("type") == "saved-delete":
            view = sv.delete_view(trigger["id"], user, role)
            return t("saved.done.delete", lang, name=view.name), True, False
    except sv.SavedViewError as exc:
        return exc.message(lang), False, False
    return None, True, True


@callback(
    Output("saved-form", "hidden"),
    Output("saved-cannot", "hidden"),
    Output("saved-page", "children"),
    Output("saved-name", "value"),
    Output("saved-list", "children"),
    Output("saved-message", "children"),
    Input("saved-here", "data"),
    Input("saved-save", "n_clicks"),
    Input({"type": "saved-rename", "id": ALL}, "n_clicks"),
    Input({"type": "saved-delete", "id": ALL}, "submit_n_clicks"),
    State("saved-name", "value"),
    State("saved-roles", "value"),
    State({"type": "saved-rename-name", "id": ALL}, "id"),
    State({"type": "saved-rename-name", "id": ALL}, "value"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def saved_panel(here, _save, _rename, _delete, name, roles, rename_ids, rename_names):
    """Open the panel, or save / rename / delete, then list the views the user may open."""
    trigger = ctx.triggered_id
    clicked = ctx.triggered[0]["value"] if ctx.triggered else None
    if trigger != "saved-here" and not clicked:  # a button drawn anew, not pressed
        return (no_update,) * 6
    lang = current_language()
    text, ok, redraw = _act(trigger, here, name, roles, rename_ids, rename_names)
    views = sv.list_views(current_user.username, current_user.role)
    base_url = flask.request.host_url.rstrip("/")
    page = page_of(here, lang)
    return (
        page is None,
        page is not None,
        page,
        "" if redraw and ok else no_update,
        view_list(views, current_user.username, current_user.role, lang, base_url),
        message(text, ok) if text else None,
    )
