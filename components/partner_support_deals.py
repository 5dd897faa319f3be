"""The deals tab of /partners/support: register a deal for the picked partner, see what it may
duplicate, and the registered deals (filtered by status) to approve or reject with a reason."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components.formatters import column
from components.partner_support_view import card, field, named, ok, pick_grid, rows_of
from crm.partners.deals import STATUSES, WINDOW_DAYS, Registered
from i18n import t


def deals_tab(lang: str, writable: bool) -> html.Div:
    fl = lambda key: t(f"partners.support.field.{key}", lang)  # noqa: E731
    form = card(
        t("partners.support.deals.new", lang),
        [
            dbc.Row([
                field(fl("customer"), dbc.Input(id="ps-deal-customer", type="number", min=1, step=1), 4),
                field(fl("prospect"), dbc.Input(id="ps-deal-prospect", maxLength=200), 8),
                field(fl("amount"), dbc.Input(id="ps-deal-amount", type="number", min=0, step="any"), 6),
                field(fl("expected_close"), dbc.Input(id="ps-deal-close", type="date"), 6),
                field(fl("description"), dbc.Textarea(id="ps-deal-description", maxLength=2000, rows=2), 12),
            ]),
            html.Div(t("partners.support.deals.hint", lang, days=WINDOW_DAYS), className="small text-muted mb-2"),
            dbc.Button(t("partners.support.deals.register", lang), id="ps-deal-register", color="primary"),
        ],
    )  # fmt: skip
    statuses = [{"label": t("partners.support.deals.any_status", lang), "value": "any"}] + [
        {"label": t(f"partners.support.status.{s}", lang), "value": s} for s in STATUSES
    ]
    decide = html.Div(
        [
            field(fl("reason"), dbc.Input(id="ps-deal-reason", maxLength=1000), 12),
            dbc.Button(
                t("partners.support.deals.approve", lang), id="ps-deal-approve", color="success", className="me-2"
            ),  # fmt: skip
            dbc.Button(t("partners.support.deals.reject", lang), id="ps-deal-reject", color="danger"),
        ],
        className="mt-2",
        style=None if writable else {"display": "none"},
    )
    listing = [
        dbc.Row(
            field(
                t("partners.support.deals.status", lang),
                dcc.Dropdown(id="ps-deal-status", options=statuses, value="any", clearable=False),
                4,
            )
        ),  # fmt: skip
        dcc.Loading(html.Div(id="ps-deals"), delay_show=300),
        decide,
    ]
    return html.Div(
        [
            dcc.Store(id="ps-deals-changed", data=0),
            html.Div(id="ps-deal-message"),
            form if writable else None,
            card(t("partners.support.deals.list", lang), listing),
        ]
    )


def registered_view(found: Registered, lang: str) -> html.Div:
    """A registered deal, with its possible duplicates named (or none found)."""
    parts = [ok(t("partners.support.deals.registered", lang, deal=found.deal_id), "ps-deal-registered")]
    if found.flagged:
        parts.append(
            dbc.Alert(
                t(
                    "partners.support.deals.duplicates",
                    lang,
                    days=WINDOW_DAYS,
                    opportunities=", ".join(f"#{o}" for o in found.opportunities) or "–",
                    deals=", ".join(f"#{d}" for d in found.deals) or "–",
                ),  # fmt: skip
                color="warning",
                id="ps-deal-duplicates",
            )
        )
    return html.Div(parts)


def deals_view(deals: pd.DataFrame, partners: dict[int, str], lang: str):
    """Registered deals, newest first; possible duplicates listed per deal."""
    if deals.empty:
        return html.Div(t("partners.support.deals.none", lang), id="ps-deals-empty", className="text-muted")
    frame = named(deals, partners, lang).assign(
        flagged=[
            ", ".join([f"opp #{o}" for o in opps] + [f"deal #{d}" for d in others])
            for opps, others in zip(deals["duplicate_opportunities"], deals["duplicate_deals"], strict=True)
        ],
    )
    shown = ["deal_id", "partner", "customer_id", "customer_name", "amount", "expected_close", "status_text",
             "flagged", "reason", "created_by", "decided_by", "decided_at"]  # fmt: skip
    label = lambda c: t(f"partners.support.deals.col.{c}", lang)  # noqa: E731
    columns = [{"field": c, "headerName": label(c)} for c in shown]
    columns[4] = column("amount", label("amount"), "money", lang)
    return pick_grid("ps-deal-grid", rows_of(frame, shown), columns, "deal_id")
