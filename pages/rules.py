"""Basket rules and next best product (Bi-Mining): what sells together, and what each
customer is likely to want next."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import labels
from components.access import SEGMENT_ROLES, page_for, user_token
from components.coverage import coverage_for
from components.page import page_context
from i18n import t
from mining.rules import BASKETS, LEVELS
from olap.period import period_tokens

dash.register_page(
    __name__,
    path="/mining/rules",
    order=12,
    nav=True,
    nav_group="mining",
    roles=SEGMENT_ROLES,
    label_key="nav.rules",
    title="XRM · Basket rules",
)


@page_for(*SEGMENT_ROLES)
@coverage_for("rules")
def layout(**_query):
    context = page_context()
    lang, valid = context.lang, context.catalog
    if valid is None:
        return context.error_view()
    tokens = [tok for tok in period_tokens(valid.data_start, valid.data_end) if "-" not in tok or "Q" in tok]
    controls = dbc.Card(
        dbc.CardBody(
            [
                dbc.Label(t("rules.level", lang), html_for="rules-level"),
                dbc.RadioItems(
                    id="rules-level",
                    options=[{"label": t(f"mining.rules.level.{lv}", lang), "value": lv} for lv in LEVELS],
                    value="subcategory",
                    className="mb-2",
                ),
                dbc.Label(t("rules.basket", lang), html_for="rules-basket"),
                dbc.RadioItems(
                    id="rules-basket",
                    options=[{"label": t(f"mining.rules.basket.{b}", lang), "value": b} for b in BASKETS],
                    value="order",
                    className="mb-2",
                ),
                dbc.Label(t("rules.period", lang), html_for="rules-period"),
                dcc.Dropdown(
                    id="rules-period",
                    options=[{"label": labels.token_label(tok, lang), "value": tok} for tok in tokens],
                    value="L12M",
                    clearable=False,
                    className="mb-2",
                ),
                dbc.Label(t("rules.min_support", lang), html_for="rules-support"),
                dbc.Input(
                    id="rules-support", type="number", min=0.0001, max=1, step=0.0005, value=0.005, className="mb-2"
                ),
                dbc.Label(t("rules.min_confidence", lang), html_for="rules-confidence"),
                dbc.Input(id="rules-confidence", type="number", min=0, max=1, step=0.05, value=0.1, className="mb-2"),
                dbc.Label(t("rules.min_lift", lang), html_for="rules-lift"),
                dbc.Input(id="rules-lift", type="number", min=0, step=0.1, value=1.2, className="mb-3"),
                dbc.Button(t("rules.mine", lang), id="rules-mine", color="primary", className="me-2"),
                html.Hr(),
                dbc.Button(t("rules.nbp_run", lang), id="nbp-run", color="secondary", className="me-2"),
                dbc.Button(t("clusters.cancel", lang), id="nbp-cancel", color="secondary", outline=True, disabled=True),
                dbc.Progress(id="nbp-progress", value=0, label="", className="mt-2", style={"height": "1.2rem"}),
                html.Div(id="nbp-message", className="mt-2"),
            ]
        ),
        className="shadow-sm mb-3",
    )
    return html.Div(
        [
            dcc.Store(id="nbp-user", data=user_token()),
            dcc.Store(id="nbp-lang", data=lang),
            dcc.Store(id="nbp-run-id"),
            html.Div(
                [
                    html.H2(t("mining.rules.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("rules.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(controls, lg=3),
                    dbc.Col(
                        [
                            dcc.Loading(html.Div(id="rules-result"), delay_show=300),
                            dbc.Card(
                                [
                                    dbc.CardHeader(t("mining.nbp.title", lang)),
                                    dbc.CardBody(dcc.Loading(html.Div(id="nbp-result"), delay_show=300)),
                                ],
                                className="shadow-sm mb-3",
                            ),
                        ],
                        lg=9,
                    ),
                ]
            ),
        ],
        className="p-3",
    )
