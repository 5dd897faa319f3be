"""The admin users page's partner picker: which partners a partner manager sees (row-level security)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from i18n import t


def assignment_card(lang: str) -> dbc.Card:
    """The picker, hidden until an admin selects a partner manager in the users list."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H5(id="admin-partners-title"),
                html.P(t("admin.partners.help", lang), className="text-muted small"),
                dcc.Dropdown(
                    id="admin-partners",
                    multi=True,
                    options=[],
                    value=[],
                    placeholder=t("admin.partners.placeholder", lang),
                ),
                dbc.Button(t("admin.partners.save", lang), id="admin-partners-save", color="primary", className="mt-2"),
                dcc.Store(id="admin-partners-user"),
                html.Div(id="admin-partners-message", className="mt-2"),
            ]
        ),
        id="admin-partners-card",
        className="mb-3 shadow-sm",
        style={"display": "none"},
    )


def partner_options(choices: list[dict]) -> list[dict]:
    """Dropdown options from ``crm.partners.access.partner_choices``: name and country."""
    return [
        {"label": f"{c['name']} ({c['country']})" if c["country"] else c["name"], "value": c["partner_id"]}
        for c in choices
    ]


def picker(username: str | None, choices: list[dict], assigned, lang: str) -> tuple:
    """The card's style, title, options, value and stored user for the selected user (hidden for
    anyone but a partner manager)."""
    if username is None:
        return {"display": "none"}, None, [], [], None
    title = t("admin.partners.title", lang, user=username)
    return {}, title, partner_options(choices), sorted(assigned), username


def saved(username: str, count: int, lang: str) -> dbc.Alert:
    return dbc.Alert(t("admin.partners.saved", lang, user=username, count=count), color="success")


def no_partners(lang: str) -> dbc.Alert:
    return dbc.Alert(t("admin.partners.none_in_warehouse", lang), color="light", className="border")
