"""Segment builder: rules on profile, behaviour and scores, counted live, saved with versions."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import SEGMENT_ROLES, page_for
from components.coverage import coverage_for
from components.engine_note import one_machine
from components.grids import data_grid
from components.page import page_context
from components.segment_editor import editor, initial_state
from i18n import t

dash.register_page(
    __name__,
    path="/segments",
    order=3,
    nav=True,
    roles=SEGMENT_ROLES,
    label_key="nav.segments",
    title="XRM · Segments",
)


@page_for(*SEGMENT_ROLES)
@coverage_for("segments")
@one_machine("segments")
def layout(segment=None, **_query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    lang = context.lang
    definition, loaded, notice = initial_state(segment, lang)
    rules = editor(definition, lang)
    op = definition.get("op", "and")
    return html.Div(
        [
            dcc.Store(id="seg-definition", data=definition),
            dcc.Store(id="seg-loaded", data=loaded),
            html.Div(
                [
                    html.H2(t("segments.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("segments.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            dbc.Alert(notice, color="warning", id="seg-notice", dismissable=True) if notice else None,
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Card(
                                [
                                    dbc.CardHeader(
                                        html.Div(
                                            [
                                                html.Span(t("segments.match", lang), className="me-2"),
                                                dbc.RadioItems(
                                                    id="seg-op",
                                                    options=[
                                                        {"label": t("segments.all", lang), "value": "and"},
                                                        {"label": t("segments.any", lang), "value": "or"},
                                                    ],
                                                    value=op,
                                                    inline=True,
                                                ),
                                                html.Span(id="seg-editing", className="ms-auto small text-muted"),
                                            ],
                                            className="d-flex align-items-center",
                                        )
                                    ),
                                    dbc.CardBody(
                                        [
                                            html.Div(rules, id="seg-rules"),
                                            html.Div(
                                                [
                                                    dbc.Button(
                                                        t("segments.add_rule", lang),
                                                        id="seg-add-rule",
                                                        size="sm",
                                                        color="primary",
                                                        outline=True,
                                                        className="me-2",
                                                    ),
                                                    dbc.Button(
                                                        t("segments.add_group", lang),
                                                        id="seg-add-group",
                                                        size="sm",
                                                        color="secondary",
                                                        outline=True,
                                                    ),
                                                ],
                                                className="mt-2",
                                            ),
                                            html.Div(id="seg-error", className="mt-2"),
                                        ]
                                    ),
                                ],
                                className="shadow-sm mb-3",
                            ),
                            dbc.Card(
                                dbc.CardBody(
                                    [
                                        dbc.Row(
                                            [
                                                dbc.Col(
                                                    [
                                                        dbc.Label(t("segments.name", lang), html_for="seg-name"),
                                                        dbc.Input(id="seg-name", value=(loaded or {}).get("name", "")),
                                                    ],
                                                    md=5,
                                                ),
                                                dbc.Col(
                                                    [
                                                        dbc.Label(
                                                            t("segments.description", lang), html_for="seg-description"
                                                        ),
                                                        dbc.Input(
                                                            id="seg-description",
                                                            value=(loaded or {}).get("description") or "",
                                                        ),
                                                    ],
                                                    md=7,
                                                ),
                                            ],
                                            className="mb-2",
                                        ),
                                        dbc.Button(
                                            t("segments.save_new", lang),
                                            id="seg-save-new",
                                            color="primary",
                                            className="me-2",
                                        ),
                                        dbc.Button(
                                            t("segments.save_version", lang),
                                            id="seg-save-version",
                                            color="secondary",
                                            disabled=not loaded,
                                        ),
                                        html.Div(id="seg-save-message", className="mt-2"),
                                        html.Div(id="seg-actions", className="mt-2"),  # what to do with it next
                                    ]
                                ),
                                className="shadow-sm mb-3",
                            ),
                        ],
                        lg=7,
                    ),
                    dbc.Col(
                        [
                            dbc.Card(
                                dbc.CardBody(dcc.Loading(html.Div(id="seg-summary"), delay_show=300)),
                                className="shadow-sm mb-3",
                            ),
                            dbc.Card(
                                [
                                    dbc.CardHeader(t("segments.preview", lang)),
                                    dbc.CardBody(
                                        data_grid(
                                            "seg-preview",
                                            [],
                                            [],
                                            min_width=90,
                                            wrap_headers=False,
                                            className="ag-theme-alpine xrm-clickable-rows",
                                            getRowId="'' + params.data.customer_id",  # a click opens the profile
                                            options={
                                                "pagination": True,
                                                "paginationPageSize": 10,
                                                "paginationPageSizeSelector": False,
                                            },
                                        )
                                    ),
                                ],
                                className="shadow-sm mb-3",
                            ),
                            dbc.Card(
                                [
                                    dbc.CardHeader(t("segments.saved_list", lang)),
                                    dbc.CardBody(
                                        [
                                            html.P(t("segments.saved_hint", lang), className="text-muted small"),
                                            data_grid(
                                                "seg-saved",
                                                [],
                                                [],
                                                min_width=90,
                                                wrap_headers=False,
                                                getRowId="'' + params.data.segment_id",  # a click reports the row's id
                                            ),
                                        ]
                                    ),
                                ],
                                className="shadow-sm",
                            ),
                        ],
                        lg=5,
                    ),
                ]
            ),
        ],
        className="p-3",
    )
