"""Customer 360 (Bi-PM): search, then one customer's profile, scores, segments and every
contact on one timeline; corrections and erasure on request. ``?q=kim`` searches,
``?id=123`` opens a profile (``&kinds=order,ticket`` narrows its timeline)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import ALL_ROLES, CUSTOMER_EDIT_ROLES, ERASE_ROLES, has_role, page_for, user_token
from components.coverage import coverage_for
from components.engine_note import one_machine
from crm.customers import TIMELINE_KINDS
from i18n import current_language, t

dash.register_page(
    __name__,
    path="/customers",
    order=4,
    nav=True,
    roles=ALL_ROLES,
    label_key="nav.customers",
    title="XRM · Customers",
)


def _kinds(query: dict) -> list[str]:
    raw = query.get("kinds")
    if not raw:
        return list(TIMELINE_KINDS)
    chosen = [k for k in str(raw).split(",") if k in TIMELINE_KINDS]
    return chosen or list(TIMELINE_KINDS)


@page_for(*ALL_ROLES)
@coverage_for("customers")
@one_machine("customers")
def layout(q: str | None = None, id: str | None = None, **query):  # noqa: A002 (the URL's name)
    lang = current_language()
    customer_id = int(id) if str(id or "").isdigit() else None
    search = html.Div(
        [
            dbc.InputGroup(
                [
                    dbc.Input(
                        id="cust-q",
                        value=q or "",
                        placeholder=t("customers.search.placeholder", lang),
                        debounce=True,
                        type="search",
                        autoComplete="off",
                    ),
                    dbc.Button(t("customers.search", lang), id="cust-search", color="primary"),
                ],
                className="mb-2",
                style={"maxWidth": "640px"},
            ),
            html.Div(id="cust-results"),
        ],
        className="mb-3",
    )
    return html.Div(
        [
            dcc.Location(id="cust-url", refresh="callback-nav"),
            dcc.Store(id="cust-id", data=customer_id),
            dcc.Store(id="cust-user", data=user_token()),
            dcc.Store(id="cust-lang", data=lang),
            dcc.Store(id="cust-saved"),
            dcc.Store(
                id="cust-rights",
                data={"edit": has_role(CUSTOMER_EDIT_ROLES), "erase": has_role(ERASE_ROLES)},
            ),
            html.Div(
                [
                    html.H2(t("customers.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("customers.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            search,
            html.Div(id="cust-notice"),
            html.Div(
                [dbc.Spinner(size="sm", spinner_class_name="me-2"), t("customers.working", lang)],
                id="cust-working",
                className="small text-muted mb-2",
                style={"display": "none"},
            ),
            html.Div(id="cust-apply-status"),
            dcc.Loading(html.Div(id="cust-profile"), delay_show=200),
            html.Div(
                [
                    html.H3(t("customers.timeline", lang), className="h5 mt-3"),
                    dbc.Checklist(
                        id="cust-kinds",
                        options=[{"label": t(f"customers.kind.{k}", lang), "value": k} for k in TIMELINE_KINDS],
                        value=_kinds(query),
                        inline=True,
                        switch=True,
                        className="mb-2",
                    ),
                    dcc.Loading(html.Div(id="cust-timeline"), delay_show=200),
                ],
                id="cust-timeline-box",
                style={} if customer_id else {"display": "none"},
            ),
        ],
        className="p-3",
    )
