"""Sales pipeline (Bi-SFA): open pipeline, next-quarter forecast, win rate and cycle first; then
the funnel, conversion, breakdowns and stale deals. The URL holds the view
(``?period=2025-Q4&owner=…&partner=12&region=Asia&by=partner``)."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import labels
from components.access import ALL_ROLES, page_for
from components.coverage import coverage_for
from components.errors import warehouse_error
from crm.pipeline import BREAKDOWNS, data_bounds, filter_options
from crm.pipeline_state import read_state
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t
from olap.period import period_tokens

dash.register_page(
    __name__,
    path="/pipeline",
    order=4,
    nav=True,
    roles=ALL_ROLES,
    label_key="nav.pipeline",
    title="XRM · Pipeline",
)

GRAPH_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def _dropdown(label_key: str, control_id: str, options: list, value, lang: str) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(t(label_key, lang), html_for=control_id),
            dcc.Dropdown(id=control_id, options=options, value=value, placeholder=t("filter.all", lang)),
        ],
        md=3,
    )


def _filter_bar(state, options: dict, bounds, lang: str) -> dbc.Card:
    partners = [
        {"label": t("pipeline.direct", lang) if pid == 0 else name, "value": str(pid)}
        for pid, name in options["partners"].items()
    ]
    period = dbc.Col(
        [
            dbc.Label(t("filter.period", lang), html_for="pl-period"),
            dcc.Dropdown(
                id="pl-period",
                options=[{"label": labels.token_label(tok, lang), "value": tok} for tok in period_tokens(*bounds)],
                value=state.period.token,
                clearable=False,
            ),
        ],
        md=3,
    )
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    period,
                    _dropdown(
                        "pipeline.filter.owner",
                        "pl-owner",
                        [{"label": o, "value": o} for o in options["owners"]],
                        state.owner,
                        lang,
                    ),
                    _dropdown(
                        "pipeline.filter.partner",
                        "pl-partner",
                        partners,
                        None if state.partner is None else str(state.partner),
                        lang,
                    ),
                    _dropdown(
                        "filter.region",
                        "pl-region",
                        [{"label": labels.region_label(r, lang), "value": r} for r in options["regions"]],
                        state.region,
                        lang,
                    ),
                ],
                className="g-2",
            )
        ),
        className="mb-2 filter-bar",
    )


def _grid(grid_id: str, **extra) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id,
        rowData=[],
        columnDefs=[],
        className="ag-theme-alpine",
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "filter": True,
            "flex": 1,
            "minWidth": 90,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions={"domLayout": "autoHeight", "animateRows": False, **extra.pop("options", {})},
        style={"width": "100%"},
        **extra,
    )


def _card(title, body, **kwargs) -> dbc.Card:
    return dbc.Card([dbc.CardHeader(title), dbc.CardBody(body)], className="h-100 shadow-sm", **kwargs)


@page_for(*ALL_ROLES)
@coverage_for("pipeline")
def layout(**query):
    lang = current_language()
    try:
        con = get_warehouse().cursor()
        bounds = data_bounds(con)
        if bounds is None:
            return html.Div(dbc.Alert(t("pipeline.no_data", lang), color="info", id="pl-no-data"), className="p-3")
        options = filter_options(con)
    except WarehouseUnavailable as exc:
        return warehouse_error(exc, lang)
    state = read_state(query, options, bounds)
    rejected = (
        dbc.Alert(
            html.Ul([html.Li(t(f"pipeline.rejected.{name}", lang, value=value)) for name, value in state.rejected]),
            color="warning",
            dismissable=True,
            id="pl-rejected",
        )
        if state.rejected
        else None
    )
    breakdown_header = html.Div(
        [
            html.Span(t("pipeline.breakdown", lang), className="me-3"),
            dbc.RadioItems(
                id="pl-by",
                options=[{"label": t(f"pipeline.by.{b}", lang), "value": b} for b in BREAKDOWNS],
                value=state.by,
                inline=True,
                className="d-inline-block",
            ),
        ],
        className="d-flex align-items-center flex-wrap",
    )
    return html.Div(
        [
            dcc.Store(id="pl-state", data=state.to_query()),
            html.Div(
                [
                    html.H2(t("pipeline.title", lang), className="h4 mb-0 me-3"),
                    html.Div(id="pl-compare", className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-2",
            ),
            rejected,
            _filter_bar(state, options, bounds, lang),
            dcc.Loading(
                html.Div(
                    [
                        html.Div(id="pl-message"),
                        dbc.Row(id="pl-cards", className="g-2 mb-2 row-cols-1 row-cols-sm-2 row-cols-lg-4"),
                        html.P(id="pl-sentence", className="mb-3"),
                        dbc.Row(
                            [
                                dbc.Col(
                                    _card(
                                        t("pipeline.funnel", lang),
                                        dcc.Graph(id="pl-funnel", config=GRAPH_CONFIG, style={"height": "340px"}),
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    _card(t("pipeline.conversion", lang), _grid("pl-conversion")),
                                    lg=6,
                                    className="mb-3",
                                ),
                            ]
                        ),
                        _card(
                            breakdown_header,
                            [
                                html.P(t("pipeline.breakdown.help", lang), className="text-muted small mb-2"),
                                _grid("pl-breakdown", getRowId="params.data.key"),
                                html.A(id="pl-explore", className="small d-inline-block mt-2"),
                            ],
                            id="pl-breakdown-card",
                        ),
                        html.Div(className="mb-3"),
                        _card(t("pipeline.forecast", lang), html.Div(id="pl-forecast")),
                        html.Div(className="mb-3"),
                        _card(
                            t("pipeline.stale", lang),
                            [
                                html.P(id="pl-stale-help", className="text-muted small mb-2"),
                                _grid(
                                    "pl-stale",
                                    options={"pagination": True, "paginationPageSize": 20, "domLayout": "autoHeight"},
                                ),
                            ],
                        ),
                        html.Details(
                            [
                                html.Summary(t("pipeline.method", lang)),
                                html.P(t("pipeline.method.body", lang), className="small text-muted mt-2"),
                            ],
                            className="mt-3",
                            id="pl-method",
                        ),
                    ]
                ),
                delay_show=100,
            ),
        ],
        className="p-3",
    )
