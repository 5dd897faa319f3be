"""Ready-made analyses (Bi-AAS): sales, marketing and service questions answered in one click."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import labels
from components.access import ALL_ROLES, page_for
from components.page import page_context
from i18n import t
from olap.analyses import DEFAULT_ANALYSIS, AnalysesState, by_group, read_state

dash.register_page(
    __name__,
    path="/analyses",
    order=2,
    nav=True,
    roles=ALL_ROLES,
    label_key="nav.analyses",
    title="XRM · Analyses",
)


def href(analysis: str, period: str) -> str:
    return "/analyses?" + urlencode({"a": analysis, "p": period})


def _menu(state: AnalysesState, lang: str) -> dbc.Card:
    blocks = []
    for group, analyses in by_group():
        items = [
            dcc.Link(
                t(f"analysis.{a.id}.title", lang),
                href=href(a.id, state.period),
                className="list-group-item list-group-item-action" + (" active" if a.id == state.analysis else ""),
                id=f"analysis-link-{a.id}",
            )
            for a in analyses
        ]
        blocks.append(html.H3(t(f"analyses.group.{group}", lang), className="h6 text-uppercase text-muted mt-2"))
        blocks.append(html.Div(items, className="list-group mb-2", id=f"analysis-group-{group}"))
    return dbc.Card(dbc.CardBody(blocks), className="shadow-sm")


@page_for(*ALL_ROLES)
def layout(**query):
    context = page_context()
    lang, valid = context.lang, context.catalog
    if valid is None:
        return context.error_view()
    state = read_state(query, valid.data_start, valid.data_end)
    names = {"shown": t(f"analysis.{DEFAULT_ANALYSIS}.title", lang)}
    problems = [t(key, lang, **{**values, **names}) for key, values in state.problems]
    periods = labels.period_options(valid.data_start, valid.data_end, lang)
    return html.Div(
        [
            dcc.Store(id="analyses-state", data=state.to_query()),
            html.Div(
                [
                    html.H2(t("analyses.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("analyses.intro", lang), className="text-muted small me-auto"),
                    dbc.Label(t("filter.period", lang), html_for="analyses-period", className="mb-0 me-2"),
                    dcc.Dropdown(
                        id="analyses-period",
                        options=periods,
                        value=state.period,
                        clearable=False,
                        style={"minWidth": "200px"},
                    ),
                ],
                className="d-flex align-items-center flex-wrap gap-2 mb-2",
            ),
            dbc.Alert(
                [html.Ul([html.Li(p) for p in problems], className="mb-0")],
                color="warning",
                dismissable=True,
                id="analyses-problems",
            )
            if problems
            else None,
            dbc.Row(
                [
                    dbc.Col(_menu(state, lang), lg=3, className="mb-3"),
                    dbc.Col(
                        [
                            html.H3(t(f"analysis.{state.analysis}.title", lang), className="h5 mb-1"),
                            html.P(t(f"analysis.{state.analysis}.desc", lang), className="text-muted small"),
                            dcc.Loading(html.Div(id="analyses-body"), delay_show=100),
                        ],
                        lg=9,
                    ),
                ]
            ),
        ]
    )
