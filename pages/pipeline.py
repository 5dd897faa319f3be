"""Sales pipeline (Bi-SFA): open pipeline, next-quarter forecast, win rate and cycle first; then
the funnel, conversion, breakdowns and stale deals. The URL holds the view
(``?p=2025-Q4&owner=…&f.partner.partner=12&f.geo.region=Asia&by=partner``;
crm.pipeline_state)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import ALL_ROLES, page_for
from components.coverage import coverage_for
from components.formatters import graph_config
from components.grids import data_grid
from components.page import page_context
from components.pipeline_controls import breakdown_header, filter_bar, pipeline_catalog, problems_alert
from crm.pipeline_state import PipelineState
from i18n import t

dash.register_page(
    __name__,
    path="/pipeline",
    order=4,
    nav=True,
    roles=ALL_ROLES,
    label_key="nav.pipeline",
    title="XRM · Pipeline",
)


def _card(title, body, **kwargs) -> dbc.Card:
    return dbc.Card([dbc.CardHeader(title), dbc.CardBody(body)], className="h-100 shadow-sm", **kwargs)


@page_for(*ALL_ROLES)
@coverage_for("pipeline")
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    lang, catalog = context.lang, pipeline_catalog()
    if catalog.empty:
        return html.Div(dbc.Alert(t("pipeline.no_data", lang), color="info", id="pl-no-data"), className="p-3")
    state = PipelineState.from_query(query, catalog, context.catalog)
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
            problems_alert(state, lang),
            filter_bar(state, catalog, lang, context.catalog),
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
                                        dcc.Graph(
                                            id="pl-funnel",
                                            config=graph_config("pipeline-funnel", select=False),
                                            style={"height": "340px"},
                                        ),
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    _card(
                                        t("pipeline.conversion", lang),
                                        data_grid(
                                            "pl-conversion",
                                            [],
                                            [],
                                            min_width=90,
                                            filters=True,
                                        ),
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                            ]
                        ),
                        _card(
                            breakdown_header(state, lang),
                            [
                                html.P(t("pipeline.breakdown.help", lang), className="text-muted small mb-2"),
                                data_grid(
                                    "pl-breakdown", [], [], min_width=90, filters=True, getRowId="params.data.key"
                                ),
                                html.A(id="pl-explore", className="small d-inline-block mt-2"),
                            ],
                            id="pl-breakdown-card",
                        ),
                        html.Div(className="mb-3"),
                        _card(t("pipeline.forecast", lang), html.Div(id="pl-forecast")),
                        html.Div(className="mb-3"),
                        _card(t("pipeline.stages", lang), html.Div(id="pl-stages"), id="pl-stages-card"),
                        html.Div(className="mb-3"),
                        _card(
                            t("pipeline.stale", lang),
                            [
                                html.P(id="pl-stale-help", className="text-muted small mb-2"),
                                data_grid(
                                    "pl-stale",
                                    [],
                                    [],
                                    min_width=90,
                                    filters=True,
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
