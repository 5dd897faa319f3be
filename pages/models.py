"""Propensity models (Bi-Mining): who will buy again, who will respond to a campaign. Train,
validate, test and score every customer in the background; read how good the model is
(AUC, gains, lift, a confusion matrix at any threshold), what drives it and its rules."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import SEGMENT_ROLES, page_for, user_token
from components.coverage import coverage_for, data_has
from components.errors import warehouse_error
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t
from mining.propensity import DEFAULT_PARAMS, PARAM_RANGES, TARGETS

dash.register_page(
    __name__,
    path="/mining/models",
    order=14,
    nav=True,
    nav_group="mining",
    roles=SEGMENT_ROLES,
    label_key="nav.models",
    title="XRM · Models",
)


@page_for(*SEGMENT_ROLES)
@coverage_for("models")
def layout(target: str | None = None, run: str | None = None, **_query):
    lang = current_language()
    try:
        cursor = get_warehouse().cursor()
        first, last = cursor.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    except WarehouseUnavailable as exc:
        return warehouse_error(exc, lang)
    target = target if target in TARGETS else TARGETS[0]
    low, high = PARAM_RANGES["horizon_days"]
    controls = dbc.Card(
        dbc.CardBody(
            [
                dbc.Label(t("models.target", lang), html_for="mod-target"),
                dbc.RadioItems(
                    id="mod-target",
                    # the response model learns from campaign contacts: not offered while none are loaded
                    options=[
                        {
                            "label": t(f"mining.propensity.target.{x}", lang),
                            "value": x,
                            "disabled": x == "response" and not data_has("campaigns"),
                        }
                        for x in TARGETS
                    ],  # fmt: skip
                    value=target,
                    className="mb-1",
                ),
                html.Div(id="mod-target-help", className="small text-muted mb-3"),
                dbc.Label(t("models.as_of", lang), html_for="mod-as-of"),
                dcc.DatePickerSingle(
                    id="mod-as-of",
                    date=last,
                    min_date_allowed=first,
                    max_date_allowed=last,
                    display_format="YYYY-MM-DD",
                    className="d-block mb-1",
                ),
                dbc.FormText(t("models.as_of.help", lang), className="d-block mb-3"),
                html.Div(
                    [
                        dbc.Label(t("models.horizon", lang), html_for="mod-horizon"),
                        dbc.InputGroup(
                            [
                                dbc.Input(
                                    id="mod-horizon",
                                    type="number",
                                    min=low,
                                    max=high,
                                    step=1,
                                    value=DEFAULT_PARAMS["horizon_days"],
                                ),
                                dbc.InputGroupText(t("models.days", lang)),
                            ],
                            className="mb-3",
                        ),
                    ],
                    id="mod-horizon-box",
                ),
                html.Div(
                    [
                        dbc.Button(t("models.run", lang), id="mod-run", color="primary", className="me-2"),
                        dbc.Button(
                            t("clusters.cancel", lang), id="mod-cancel", color="secondary", outline=True, disabled=True
                        ),
                    ]
                ),
                dbc.Progress(id="mod-progress", value=0, label="", className="mt-3", style={"height": "1.4rem"}),
                html.Div(id="mod-run-message", className="mt-2"),
                html.Hr(),
                dbc.Label(t("models.run_shown", lang), html_for="mod-run-pick"),
                dcc.Dropdown(id="mod-run-pick", clearable=False, placeholder=t("models.no_runs", lang)),
            ]
        ),
        className="shadow-sm mb-3",
    )
    return html.Div(
        [
            dcc.Location(id="mod-url", refresh=False),
            dcc.Store(id="mod-user", data=user_token()),
            dcc.Store(id="mod-lang", data=lang),
            dcc.Store(id="mod-run-id", data=int(run) if str(run or "").isdigit() else None),
            html.Div(
                [
                    html.H2(t("models.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("models.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(controls, lg=3),
                    dbc.Col(dcc.Loading(html.Div(id="mod-result"), delay_show=300), lg=9),
                ]
            ),
        ],
        className="p-3",
    )
