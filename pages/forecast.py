"""Forecast (Bi-Mining): any cube slice forward, with the model chosen by backtest and its
intervals, next to the seasonal-naive baseline. The URL holds the question
(``?m=revenue&g=month&h=12&f.geo.country=Korea``), so Explore can link here."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import ALL_ROLES, page_for
from components.coverage import coverage_for
from components.forecast_view import ForecastState, forecast_controls, kept_result
from components.page import page_context
from components.studio import studio_page

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


@page_for(*ALL_ROLES)
@coverage_for("forecast")
def layout(**query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    lang = context.lang
    state = ForecastState.from_query(query, context.catalog)
    warnings = [dbc.Alert(p.message(lang), color="warning", dismissable=True) for p in state.problems]
    # the URL's question (the default one without a URL): drawn at once when this version already
    # answered it (the automatic job after a load computes the default), else computed on arrival
    kept = kept_result(state.request())
    stores = [
        dcc.Store(id="fc-request", data=None if kept else state.request()),
        dcc.Store(id="fc-filters", data=state.request()["filters"]),
        dcc.Store(id="fc-result", data=kept),
        dcc.Download(id="fc-download"),
    ]
    controls = forecast_controls(state, context.catalog, lang)
    result = dcc.Loading(html.Div(id="fc-body"), delay_show=300)
    return studio_page(
        "fc", "forecast.title", "forecast.intro", controls, result, lang, run=False, stores=stores, top=warnings
    )
