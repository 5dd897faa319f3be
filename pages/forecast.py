"""Forecast (Bi-Mining): any cube slice forward, with the model chosen by backtest and its
intervals, next to the seasonal-naive baseline. The URL holds the question
(``?m=revenue&g=month&h=12&f.geo.country=Korea``), so Explore can link here."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import ALL_ROLES, page_for, user_token
from components.coverage import coverage_for, measure_options
from components.errors import warehouse_error
from components.labels import level_option_label, member_label, refusal_text
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t
from olap.forecast_state import FILTER_LEVELS, FORECAST_MEASURES, GRAINS, read_request

dash.register_page(
    __name__,
    path="/mining/forecast",
    order=13,
    nav=True,
    nav_group="mining",
    roles=ALL_ROLES,
    label_key="nav.forecast",
    title="XRM · Forecast",
)


def _controls(request: dict, first: dt.date, last: dt.date, lang: str) -> dbc.Card:
    grain = request["grain"]
    chips = [
        dbc.Badge(
            [
                f"{level_option_label(level_id, lang)}: ",
                ", ".join(member_label(level_id, m, None, lang) for m in members),
            ],
            color="light",
            text_color="dark",
            className="me-1 mb-1 border",
        )
        for level_id, members in request["filters"].items()
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Label(t("forecast.measure", lang), html_for="fc-measure"),
                dcc.Dropdown(
                    id="fc-measure",
                    options=measure_options(FORECAST_MEASURES, lang),
                    value=request["measure"],
                    clearable=False,
                    className="mb-3",
                ),
                dbc.Label(t("forecast.grain", lang), html_for="fc-grain"),
                dbc.RadioItems(
                    id="fc-grain",
                    options=[{"label": t(f"forecast.grain.{g}", lang), "value": g} for g in GRAINS],
                    value=grain,
                    inline=True,
                    className="mb-3",
                ),
                dbc.Label(t("forecast.horizon", lang), html_for="fc-horizon"),
                dbc.InputGroup(
                    [
                        dbc.Input(id="fc-horizon", type="number", min=1, step=1, value=request["horizon"]),
                        dbc.InputGroupText(id="fc-horizon-unit", children=t(f"forecast.unit.{grain}", lang)),
                    ],
                    className="mb-3",
                ),
                dbc.Label(t("forecast.history", lang), html_for="fc-dates"),
                dcc.DatePickerRange(
                    id="fc-dates",
                    start_date=request["start"],
                    end_date=request["end"],
                    min_date_allowed=first,
                    max_date_allowed=last,
                    display_format="YYYY-MM-DD",
                    className="d-block mb-3",
                ),
                dbc.Label(t("forecast.filter", lang), html_for="fc-filter-level"),
                dcc.Dropdown(
                    id="fc-filter-level",
                    options=[{"label": level_option_label(lv, lang), "value": lv} for lv in FILTER_LEVELS],
                    placeholder=t("forecast.filter.level", lang),
                    className="mb-2",
                ),
                dcc.Dropdown(
                    id="fc-filter-members",
                    multi=True,
                    placeholder=t("forecast.filter.members", lang),
                    className="mb-2",
                ),
                html.Div(chips, id="fc-filter-chips", className="mb-2"),
                dbc.Button(
                    t("forecast.filter.clear", lang),
                    id="fc-filter-clear",
                    size="sm",
                    color="link",
                    className="p-0 mb-3",
                    disabled=not request["filters"],
                ),
                html.Div(
                    [
                        dbc.Button(t("forecast.run", lang), id="fc-run", color="primary", className="me-2"),
                        dbc.Button(
                            t("clusters.cancel", lang), id="fc-cancel", color="secondary", outline=True, disabled=True
                        ),
                    ]
                ),
                dbc.Progress(id="fc-progress", value=0, label="", className="mt-3", style={"height": "1.4rem"}),
                html.Div(id="fc-run-message", className="mt-2"),
            ]
        ),
        className="shadow-sm mb-3",
    )


@page_for(*ALL_ROLES)
@coverage_for("forecast")
def layout(**query):
    lang = current_language()
    try:
        cursor = get_warehouse().cursor()
        first, last = cursor.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    except WarehouseUnavailable as exc:
        return warehouse_error(exc, lang)
    request, problems = read_request(query, first, last)
    warnings = [dbc.Alert(refusal_text(p, lang), color="warning", dismissable=True) for p in problems]
    return html.Div(
        [
            dcc.Store(id="fc-user", data=user_token()),
            dcc.Store(id="fc-lang", data=lang),
            # what the job computes: set from the URL on arrival (a shared link reopens the forecast)
            dcc.Store(id="fc-request", data=request if query.get("m") else None),
            dcc.Store(id="fc-filters", data=request["filters"]),
            dcc.Store(id="fc-result"),
            dcc.Download(id="fc-download"),
            html.Div(
                [
                    html.H2(t("forecast.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("forecast.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            *warnings,
            dbc.Row(
                [
                    dbc.Col(_controls(request, first, last, lang), lg=3),
                    dbc.Col(dcc.Loading(html.Div(id="fc-body"), delay_show=300), lg=9),
                ]
            ),
        ],
        className="p-3",
    )
