"""RFM, value tiers and lifetime value (Bi-Mining): score buyers in the background, read the
R×F grid, segments, tiers, movement between dates and the model's holdout check."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import SEGMENT_ROLES, page_for, user_token
from components.coverage import coverage_for
from components.errors import warehouse_error
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t

dash.register_page(
    __name__,
    path="/mining/rfm",
    order=10,
    nav=True,
    nav_group="mining",
    roles=SEGMENT_ROLES,
    label_key="nav.rfm",
    title="XRM · RFM",
)


@page_for(*SEGMENT_ROLES)
@coverage_for("rfm")
def layout(**_query):
    lang = current_language()
    try:
        cursor = get_warehouse().cursor()
        first, last = cursor.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    except WarehouseUnavailable as exc:
        return warehouse_error(exc, lang)
    controls = dbc.Card(
        dbc.CardBody(
            [
                dbc.Label(t("rfm.as_of", lang), html_for="rfm-as-of"),
                dcc.DatePickerSingle(
                    id="rfm-as-of",
                    date=last,
                    min_date_allowed=first,
                    max_date_allowed=last,
                    display_format="YYYY-MM-DD",
                    className="d-block mb-3",
                ),
                dbc.Label(t("rfm.window", lang), html_for="rfm-window"),
                dbc.RadioItems(
                    id="rfm-window",
                    options=[{"label": t(f"rfm.window.{w}", lang), "value": w} for w in ("all", "365", "730")],
                    value="all",
                    className="mb-3",
                ),
                dbc.Button(t("rfm.run", lang), id="rfm-run", color="primary", className="me-2"),
                dbc.Button(t("clusters.cancel", lang), id="rfm-cancel", color="secondary", outline=True, disabled=True),
                dbc.Progress(id="rfm-progress", value=0, label="", className="mt-3", style={"height": "1.4rem"}),
                html.Div(id="rfm-run-message", className="mt-2"),
                html.Hr(),
                html.H3(t("rfm.movement", lang), className="h6"),
                dbc.Label(t("rfm.movement.from", lang), html_for="rfm-move-from"),
                dcc.DatePickerSingle(
                    id="rfm-move-from",
                    date=max(first, last - dt.timedelta(days=180)),
                    min_date_allowed=first,
                    max_date_allowed=last,
                    display_format="YYYY-MM-DD",
                    className="d-block mb-2",
                ),
                dbc.Label(t("rfm.movement.to", lang), html_for="rfm-move-to"),
                dcc.DatePickerSingle(
                    id="rfm-move-to",
                    date=last,
                    min_date_allowed=first,
                    max_date_allowed=last,
                    display_format="YYYY-MM-DD",
                    className="d-block",
                ),
            ]
        ),
        className="shadow-sm mb-3",
    )
    return html.Div(
        [
            dcc.Store(id="rfm-user", data=user_token()),
            dcc.Store(id="rfm-lang", data=lang),
            dcc.Store(id="rfm-run-id"),
            html.Div(
                [
                    html.H2(t("rfm.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("rfm.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(controls, lg=3),
                    dbc.Col(
                        [
                            dcc.Loading(html.Div(id="rfm-result"), delay_show=300),
                            dbc.Card(
                                [
                                    dbc.CardHeader(t("rfm.movement", lang)),
                                    dbc.CardBody(dcc.Loading(html.Div(id="rfm-movement"), delay_show=300)),
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
