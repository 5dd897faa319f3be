"""Executive dashboard: the home page for every role."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import labels
from components.access import ALL_ROLES, page_for
from components.coverage import channel_groups, page_notice
from components.page import page_context
from i18n import t
from olap.dashboard import state_from_query

dash.register_page(__name__, path="/", order=0, nav=True, roles=ALL_ROLES, label_key="nav.home", title="XRM")

GRAPH_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"scale": 2},
}


def _filter_bar(state, valid: dict, lang: str) -> dbc.Card:
    f = state.filters
    countries = sorted(c for c, r in valid.countries.items() if not f.regions or r in f.regions or c in f.countries)
    all_option = [{"label": t("filter.all", lang), "value": ""}]
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("filter.period", lang), html_for="exec-period"),
                            dcc.Dropdown(
                                id="exec-period",
                                options=labels.period_options(valid.data_start, valid.data_end, lang),
                                value=state.period.token,
                                clearable=False,
                            ),
                        ],
                        md=2,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("filter.region", lang), html_for="exec-region"),
                            dcc.Dropdown(
                                id="exec-region",
                                multi=True,
                                placeholder=t("filter.all", lang),
                                options=[{"label": labels.region_label(r, lang), "value": r} for r in valid.regions],
                                value=list(f.regions),
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("filter.country", lang), html_for="exec-country"),
                            dcc.Dropdown(
                                id="exec-country",
                                multi=True,
                                placeholder=t("filter.all", lang),
                                options=[{"label": c, "value": c} for c in countries],
                                value=list(f.countries),
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("filter.channel", lang)),
                            dbc.RadioItems(
                                id="exec-channel",
                                inline=True,
                                value=f.channel_group or "",
                                options=all_option
                                + [{"label": t(f"channel_group.{g}", lang), "value": g} for g in channel_groups()],
                            ),
                        ],
                        md=2,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("filter.customer_type", lang)),
                            dbc.RadioItems(
                                id="exec-ctype",
                                inline=True,
                                value=f.customer_type or "",
                                options=all_option
                                + [{"label": t(f"customer_type.{c}", lang), "value": c} for c in ("B2C", "B2B")],
                            ),
                        ],
                        md=2,
                    ),
                ],
                className="g-2",
            )
        ),
        className="mb-2 filter-bar",
    )


def _chips(state, lang: str) -> html.Div:
    """Active filters as chips, each removable on its own."""
    f = state.filters
    active = [("region", v) for v in f.regions] + [("country", v) for v in f.countries]
    active += [("channel", f.channel_group)] if f.channel_group else []
    active += [("ctype", f.customer_type)] if f.customer_type else []
    chips = [
        dbc.Button(
            [
                f"{t('filter.' + {'ctype': 'customer_type'}.get(name, name), lang)}: {labels.filter_value_label(name, value, lang)} ",
                html.Span("×", **{"aria-hidden": "true"}),
            ],
            id={"type": "exec-chip", "name": name, "value": value},
            size="sm",
            color="light",
            className="me-1 mb-1 filter-chip",
            title=t("filter.remove", lang),
        )
        for name, value in active
    ]
    if chips:
        chips.append(dbc.Button(t("filter.clear", lang), id="exec-clear", size="sm", color="link", className="mb-1"))
    else:
        chips = [
            html.Span(t("filter.none", lang), className="text-muted small"),
            html.Span(id="exec-clear", hidden=True),
        ]
    return html.Div(chips, id="exec-chips", className="mb-2")


def _rejected_alert(state, lang: str):
    if not state.rejected:
        return None
    items = [html.Li(t(f"rejected.{name}", lang, value=value)) for name, value in state.rejected]
    return dbc.Alert(
        [html.Strong(t("rejected.title", lang)), html.Ul(items, className="mb-0")],
        color="warning",
        dismissable=True,
        id="exec-rejected",
    )


def _grid(grid_id: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id,
        rowData=[],
        columnDefs=[],
        className="ag-theme-alpine",
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "flex": 1, "minWidth": 80},
        dashGridOptions={"domLayout": "autoHeight", "animateRows": False},
        style={"width": "100%"},
    )


@page_for(*ALL_ROLES)
def layout(**query):
    context = page_context()
    lang, valid = context.lang, context.catalog
    if valid is None:
        return context.error_view()
    state = state_from_query(query, valid)
    compare = html.Div(id="exec-compare", className="text-muted small")
    chart_card = lambda title, graph_id, height: dbc.Card(  # noqa: E731
        [dbc.CardHeader(title), dbc.CardBody(dcc.Graph(id=graph_id, config=GRAPH_CONFIG, style={"height": height}))],
        className="h-100 shadow-sm",
    )
    grid_card = lambda title, grid_id: dbc.Card(  # noqa: E731
        [dbc.CardHeader(title), dbc.CardBody(_grid(grid_id))], className="h-100 shadow-sm"
    )
    return html.Div(
        [
            dcc.Store(id="exec-state", data=state.to_store()),
            html.Div(
                [html.H2(t("exec.title", lang), className="h4 mb-0 me-3"), compare],
                className="d-flex align-items-baseline flex-wrap mb-2",
            ),
            _filter_bar(state, valid, lang),
            _chips(state, lang),
            _rejected_alert(state, lang),
            page_notice("home", lang),
            dcc.Loading(
                html.Div(
                    [
                        html.Div(id="exec-message"),
                        dbc.Row(id="exec-cards", className="g-2 mb-3 row-cols-2 row-cols-md-4"),
                        dbc.Row(dbc.Col(chart_card(t("exec.trend", lang), "exec-trend", "320px"), className="mb-3")),
                        dbc.Row(
                            [
                                dbc.Col(
                                    chart_card(t("exec.by_region", lang), "exec-regions", "380px"),
                                    lg=5,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    chart_card(t("exec.by_country", lang), "exec-countries", "380px"),
                                    lg=7,
                                    className="mb-3",
                                ),
                            ]
                        ),
                        dbc.Row(
                            [
                                dbc.Col(
                                    grid_card(t("exec.top_customers", lang), "exec-top-customers"),
                                    lg=6,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    grid_card(t("exec.top_products", lang), "exec-top-products"), lg=6, className="mb-3"
                                ),
                            ]
                        ),
                    ]
                ),
                delay_show=100,
                type="default",
            ),
        ]
    )
