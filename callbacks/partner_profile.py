"""The profile's contacts and contracts (wiring only): a button and the form's values in, one
``crm.partners.contacts`` call, the refreshed grids out. Editors only (``PARTNER_EDIT_ROLES``),
checked on the server; the partner comes from the URL state and is checked against the scope
again by the domain call."""

from __future__ import annotations

import logging

from dash import Input, Output, State, callback, ctx, no_update
from flask_login import current_user

from components.access import PARTNER_EDIT_ROLES, callback_for
from components.errors import error_alert, refusal
from components.page import page_context
from components.partner_profile_view import CONTACT_FIELDS, CONTRACT_FIELDS, contacts_grid
from crm.partners import PartnerError, contacts
from crm.partners.state import PartnersState

log = logging.getLogger(__name__)


def _selected(rows, key: str):
    return (rows or [{}])[0].get(key)


@callback(
    Output("pt-contacts-box", "children"),
    Output("pt-contracts-box", "children"),
    Output("pt-edit-message", "children"),
    Input("pt-contact-add", "n_clicks"),
    Input("pt-contact-remove", "n_clicks"),
    Input("pt-contract-add", "n_clicks"),
    Input("pt-contract-remove", "n_clicks"),
    State("pt-state", "data"),
    State("pt-contact-name", "value"),
    State("pt-contact-role", "value"),
    State("pt-contact-email", "value"),
    State("pt-contact-phone", "value"),
    State("pt-contacts", "selectedRows"),
    State("pt-contract-kind", "value"),
    State("pt-contract-start", "value"),
    State("pt-contract-end", "value"),
    State("pt-contract-note", "value"),
    State("pt-contracts", "selectedRows"),
    prevent_initial_call=True,
)
@callback_for(*PARTNER_EDIT_ROLES)
def edit(_a, _b, _c, _d, store, name, role, email, phone, picked_contact, kind, start, end, note, picked_contract):
    """Add or remove a contact or a contract, then show both lists as stored."""
    context = page_context()
    lang = context.lang
    if context.catalog is None:
        return no_update, no_update, context.error_view()
    partner = PartnersState.from_query(store or {}, context.catalog).partner
    actor = current_user.username
    try:
        action = ctx.triggered_id
        if action == "pt-contact-add":
            contacts.add_contact(partner, actor, name, role, email, phone)
        elif action == "pt-contact-remove":
            contacts.remove_contact(partner, _selected(picked_contact, "contact_id"), actor)
        elif action == "pt-contract-add":
            contacts.add_contract(partner, actor, kind, start, end, note)
        elif action == "pt-contract-remove":
            contacts.remove_contract(partner, _selected(picked_contract, "contract_id"), actor)
        return (
            contacts_grid(contacts.list_contacts(partner), lang, "pt-contacts", CONTACT_FIELDS),
            contacts_grid(contacts.list_contracts(partner), lang, "pt-contracts", CONTRACT_FIELDS),
            None,
        )
    except PartnerError as exc:
        return no_update, no_update, refusal(exc, lang, id="pt-edit-refusal")
    except Exception:
        log.exception("partner contact edit failed for %r", store)
        return no_update, no_update, error_alert(lang)
