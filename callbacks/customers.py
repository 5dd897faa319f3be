"""Customer 360 wiring: search, the profile with its scores and segments, the timeline,
corrections (marketers, admins) and erasure on request (admins), applied in the background.
The views are in components/customers_view.py, the work in crm/customers.py."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html, no_update

from components.access import (
    ALL_ROLES,
    CUSTOMER_EDIT_ROLES,
    ERASE_ROLES,
    background_for,
    callback_for,
    has_role,
    user_from_token,
)
from components.customers_view import profile_view, search_help, search_results, timeline_view
from components.errors import error_alert, refusal
from crm import customers as cu
from data.warehouse import get_warehouse
from i18n import current_language, t
from jobs.changes import apply_changes

log = logging.getLogger(__name__)


def _problem(exc: cu.CustomerError, lang: str) -> dbc.Alert:
    return refusal(exc, lang, id="cust-problem")


# --------------------------------------------------------------------------- search


@callback(
    Output("cust-results", "children"),
    Input("cust-search", "n_clicks"),
    Input("cust-q", "value"),
    State("cust-id", "data"),
)
@callback_for(*ALL_ROLES)
def find(_clicks, text, customer_id):
    lang = current_language()
    text = (text or "").strip()
    if not text:
        return None if customer_id else search_help(lang)
    try:
        return search_results(cu.search(get_warehouse().cursor(), text), text, lang)
    except cu.CustomerError as exc:
        return _problem(exc, lang)


@callback(
    Output("cust-url", "search"),
    Input("cust-found", "cellClicked"),
    State("cust-q", "value"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def open_profile(cell, text):
    """A click on a found customer opens their profile (the search stays in the URL for Back)."""
    if not cell or cell.get("rowId") in (None, ""):
        return no_update
    return "?" + urlencode({"id": cell["rowId"], **({"q": text} if text else {})})


@callback(
    Output("cust-url", "search", allow_duplicate=True),
    Input("cust-q", "value"),
    Input("cust-search", "n_clicks"),
    State("cust-id", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def open_exact(text, _clicks, customer_id):
    """A customer's exact id typed in the search opens their profile directly (a separate callback:
    the found grid, another input, exists only once something was found)."""
    text = (text or "").strip()
    chosen = cu.exact_customer(get_warehouse().cursor(), text)
    if chosen is None or str(chosen) == str(customer_id):
        return no_update
    return "?" + urlencode({"id": chosen, "q": text})


# --------------------------------------------------------------------------- the profile


@callback(
    Output("cust-profile", "children"),
    Output("cust-timeline-box", "style"),
    Input("cust-id", "data"),
    Input("cust-saved", "data"),
    State("cust-rights", "data"),
)
@callback_for(*ALL_ROLES)
def show_profile(customer_id, _saved, _rights):
    lang = current_language()
    if not customer_id:
        return None, {"display": "none"}
    try:
        warehouse = get_warehouse()
        p = cu.profile(warehouse.cursor(), int(customer_id))
        history = cu.history(int(p.customer["customer_id"]), warehouse.lineage())
        can_edit, can_erase = has_role(CUSTOMER_EDIT_ROLES), has_role(ERASE_ROLES)
        channels = cu.channel_choices(warehouse.cursor()) if can_edit and not p.erased else []
        return profile_view(p, history, lang, channels=channels, can_edit=can_edit, can_erase=can_erase), {}
    except cu.CustomerError as exc:
        return _problem(exc, lang), {"display": "none"}
    except Exception:
        log.exception("profile failed")
        return error_alert(lang), {"display": "none"}


# --------------------------------------------------------------------------- the timeline


@callback(
    Output("cust-timeline", "children"),
    Input("cust-id", "data"),
    Input("cust-kinds", "value"),
    Input("cust-saved", "data"),
)
@callback_for(*ALL_ROLES)
def show_timeline(customer_id, kinds, _saved):
    lang = current_language()
    if not customer_id:
        return None
    if not kinds:
        return html.P(t("customers.timeline.no_kinds", lang), className="text-muted small")
    try:
        return timeline_view(cu.timeline(get_warehouse().cursor(), int(customer_id), kinds=tuple(kinds)), lang)
    except cu.CustomerError as exc:
        return _problem(exc, lang)


@callback(
    Output("cust-saved", "data", allow_duplicate=True),
    Output("cust-notice", "children", allow_duplicate=True),
    Input("cust-save", "n_clicks"),
    State("cust-id", "data"),
    State("cust-edit-name", "value"),
    State("cust-edit-email", "value"),
    State("cust-edit-company", "value"),
    State("cust-edit-city", "value"),
    State("cust-edit-channel", "value"),
    State("cust-edit-optin", "value"),
    State("cust-user", "data"),
    prevent_initial_call=True,
)
@callback_for(*CUSTOMER_EDIT_ROLES)
def save(_clicks, customer_id, name, email, company, city, channel, optin, token):
    lang = current_language()
    if not _clicks:  # the form was just drawn
        return no_update, no_update
    try:
        user = user_from_token(token)
        changed = cu.correct(
            get_warehouse().cursor(),
            int(customer_id),
            {"name": name, "email": email, "company": company, "city": city, "preferred_channel_id": channel, "email_opt_in": bool(optin)},
            user,
        )  # fmt: skip
    except cu.CustomerError as exc:
        return no_update, _problem(exc, lang)
    except ValueError:
        return no_update, dbc.Alert(t("access.denied.body", lang), color="warning")
    if not changed:
        return no_update, dbc.Alert(t("customers.save.nothing", lang), color="light", className="border mb-0")
    fields = ", ".join(t(f"customers.field.{f}", lang) for f in changed)
    return {"changed": changed, "clicks": _clicks}, dbc.Alert(t("customers.save.done", lang, fields=fields), color="success", className="mb-2", id="cust-saved-ok")  # fmt: skip


@callback(
    Output("cust-saved", "data", allow_duplicate=True),
    Output("cust-notice", "children", allow_duplicate=True),
    Input("cust-erase", "n_clicks"),
    State("cust-id", "data"),
    State("cust-erase-reason", "value"),
    State("cust-erase-confirm", "value"),
    State("cust-user", "data"),
    State("cust-lang", "data"),
    background=True,
    running=[
        (Output("cust-erase", "disabled"), True, False),
        (Output("cust-working", "style"), {}, {"display": "none"}),
    ],
    prevent_initial_call=True,
)
@background_for(*ERASE_ROLES)
def erase(_clicks, customer_id, reason, confirmed, token, lang):
    """Erase on request, then write it (and any pending correction) into a new warehouse version."""
    lang = lang if lang in ("en", "ko") else "en"
    if not _clicks:
        return no_update, no_update
    if not confirmed:
        return no_update, dbc.Alert(t("customers.erase.not_confirmed", lang), color="warning", className="mb-0")
    try:
        user = user_from_token(token)
        cu.erase(get_warehouse().cursor(), int(customer_id), user, reason or "")
        version = apply_changes(user)
    except cu.CustomerError as exc:
        return no_update, _problem(exc, lang)
    except ValueError:
        return no_update, dbc.Alert(t("access.denied.body", lang), color="warning")
    except Exception:
        log.exception("erasure failed")
        return no_update, error_alert(lang)
    return {"erased": int(customer_id), "version": version}, dbc.Alert(
        t("customers.erase.done", lang, version=version or ""), color="success", className="mb-2", id="cust-erased-ok"
    )


@callback(
    Output("cust-apply-status", "children"),
    Input("cust-saved", "data"),
    State("cust-user", "data"),
    State("cust-lang", "data"),
    background=True,
    running=[(Output("cust-working", "style"), {}, {"display": "none"})],
    prevent_initial_call=True,
)
@background_for(*CUSTOMER_EDIT_ROLES)
def apply_saved(saved, token, lang):
    """Write saved corrections into a new warehouse version, so Explore and exports see them."""
    lang = lang if lang in ("en", "ko") else "en"
    if not saved or "changed" not in saved:
        return no_update
    try:
        version = apply_changes(user_from_token(token))
    except Exception:
        log.exception("applying corrections failed")
        return dbc.Alert(t("customers.apply.failed", lang), color="warning", className="mb-2")
    if version is None:
        return no_update
    return html.P(t("customers.apply.done", lang, version=version), className="small text-muted", id="cust-applied")
