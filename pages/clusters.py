"""Customer clusters (Bi-Mining): choose features, run K-means or a SOM in the background,
read profiles and rules, save a cluster as a segment."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import SEGMENT_ROLES, page_for, user_token
from components.coverage import coverage_for
from i18n import current_language, t
from mining.clustering import DEFAULT_SETS, FEATURE_SETS, SCALINGS

dash.register_page(
    __name__,
    path="/mining/clusters",
    order=11,
    nav=True,
    nav_group="mining",
    roles=SEGMENT_ROLES,
    label_key="nav.clusters",
    title="XRM · Clusters",
)


def _controls(lang: str) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Label(t("clusters.features", lang), html_for="clu-sets"),
                dbc.Checklist(
                    id="clu-sets",
                    options=[{"label": t(f"clusters.set.{name}", lang), "value": name} for name in FEATURE_SETS],
                    value=list(DEFAULT_SETS),
                    className="mb-3",
                ),
                dbc.Label(t("clusters.scaling", lang), html_for="clu-scaling"),
                dbc.RadioItems(
                    id="clu-scaling",
                    options=[{"label": t(f"clusters.scaling.{s}", lang), "value": s} for s in SCALINGS],
                    value="standard",
                    className="mb-3",
                ),
                dbc.Label(t("clusters.method", lang), html_for="clu-method"),
                dbc.RadioItems(
                    id="clu-method",
                    options=[{"label": t(f"clusters.method.{m}", lang), "value": m} for m in ("kmeans", "som")],
                    value="kmeans",
                    className="mb-3",
                ),
                dbc.Label(t("clusters.k", lang), html_for="clu-k"),
                dbc.Input(id="clu-k", type="number", min=2, max=30, step=1, className="mb-3"),
                html.Div(
                    [
                        dbc.Button(t("clusters.run", lang), id="clu-run", color="primary", className="me-2"),
                        dbc.Button(
                            t("clusters.cancel", lang), id="clu-cancel", color="secondary", outline=True, disabled=True
                        ),
                    ]
                ),
                dbc.Progress(id="clu-progress", value=0, label="", className="mt-3", style={"height": "1.4rem"}),
                html.Div(id="clu-run-message", className="mt-2"),
            ]
        ),
        className="shadow-sm mb-3",
    )


@page_for(*SEGMENT_ROLES)
@coverage_for("clusters")
def layout(**_query):
    lang = current_language()
    return html.Div(
        [
            dcc.Store(id="clu-user", data=user_token()),
            dcc.Store(id="clu-lang", data=lang),
            dcc.Store(id="clu-run-id"),
            html.Div(
                [
                    html.H2(t("clusters.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("clusters.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(_controls(lang), lg=3),
                    dbc.Col(dcc.Loading(html.Div(id="clu-result"), delay_show=300), lg=9),
                ]
            ),
        ],
        className="p-3",
    )
