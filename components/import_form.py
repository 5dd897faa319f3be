"""The import page's controls: source, mapping, validation, load and history cards (ids ``imp-*``)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.grids import ag_grid
from data.import_session import DATE_ORDERS, DISCOUNTS, ENCODINGS, human_size, upload_limit
from data.importer import ENTITIES
from i18n import t


def source_card(lang: str) -> dbc.Card:
    entity = dbc.Col(_choice(dbc.Select, "entity", ENTITIES, lang, value="order_lines"), md=4)
    encoding = dbc.Col(_choice(dbc.Select, "encoding", ENCODINGS, lang), md=4)
    upload = dcc.Upload(
        id="imp-upload",
        children=html.Div([html.I(className="bi bi-upload me-2"), t("import_page.upload", lang)]),
        multiple=False,
        accept=".csv,.txt,.tsv,.xlsx,.xlsm,.parquet",
        className="border border-2 rounded p-4 text-center text-muted bg-light",
        style={"borderStyle": "dashed", "cursor": "pointer"},
    )
    file_tab = html.Div(
        [
            upload,
            html.Div(
                t("import_page.upload.limit", lang, limit=human_size(upload_limit())), className="small text-muted mt-1"
            ),
        ],
        className="pt-3",
    )
    db_tab = html.Div(
        [
            dbc.Label(t("import_page.db.url", lang), html_for="imp-db-url"),
            dbc.Input(id="imp-db-url", placeholder=t("import_page.db.url.placeholder", lang), type="text"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("import_page.db.table", lang), html_for="imp-db-table"),
                            dbc.Input(id="imp-db-table"),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("import_page.db.query", lang), html_for="imp-db-query"),
                            dbc.Textarea(id="imp-db-query", rows=2),
                        ],
                        md=8,
                    ),
                ],
                className="g-2 mt-1",
            ),
            dbc.Button(t("import_page.db.read", lang), id="imp-db-read", color="secondary", className="mt-2"),
            html.Div(t("import_page.db_hint", lang), className="small text-muted mt-1"),
        ],
        className="pt-3",
    )
    return _card(
        "source",
        lang,
        [
            dbc.Row([entity, encoding], className="g-2 mb-2"),
            dbc.Tabs(
                [
                    dbc.Tab(file_tab, label=t("import_page.tab.file", lang), tab_id="file"),
                    dbc.Tab(db_tab, label=t("import_page.tab.database", lang), tab_id="database"),
                ],
                id="imp-source-tabs",
                active_tab="file",
            ),
            dcc.Loading(html.Div(id="imp-source-info", className="mt-3"), type="dot"),
        ],
    )


def mapping_card(lang: str) -> dbc.Card:
    saved = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(t("import_page.saved", lang), html_for="imp-saved"),
                    dcc.Dropdown(id="imp-saved", placeholder=t("import_page.saved.placeholder", lang), clearable=True),
                ],
                md=5,
            ),
            dbc.Col(
                [
                    dbc.Label(t("import_page.save_as", lang), html_for="imp-save-name"),
                    dbc.InputGroup(
                        [
                            dbc.Input(id="imp-save-name", maxLength=120),
                            dbc.Button(t("import_page.save", lang), id="imp-save", color="secondary", outline=True),
                        ]
                    ),
                ],
                md=7,
            ),
        ],
        className="g-2 mb-3",
    )
    return _card(
        "mapping",
        lang,
        [
            saved,
            html.Div(id="imp-save-message"),
            html.Div(html.P(t("import_page.none_yet", lang), className="text-muted"), id="imp-mapping"),
            mapping_options(lang),
            html.Div(id="imp-mapping-check", className="mt-2"),
        ],
    )


def _choice(control, name: str, values: tuple[str, ...], lang: str, value: str = "auto", **extra) -> list:
    """A label and a control (``imp-<name>``) offering ``values`` (texts import_page.<name>.<value>)."""
    options = [{"label": t(f"import_page.{name}.{k}", lang), "value": k} for k in values]
    return [
        dbc.Label(t(f"import_page.{name}", lang), html_for=f"imp-{name}"),
        control(id=f"imp-{name}", options=options, value=value, **extra),
    ]


def mapping_options(lang: str) -> dbc.Row:
    """What the file cannot always say itself: date order, discount unit, order times, currency."""
    return dbc.Row(
        [
            dbc.Col(
                [
                    *_choice(dbc.RadioItems, "dayfirst", DATE_ORDERS, lang),
                    dbc.Checkbox(
                        id="imp-reconcile", label=t("import_page.reconcile", lang), value=True, className="mt-2"
                    ),  # fmt: skip
                ],
                md=6,
            ),
            dbc.Col(
                [
                    *_choice(dbc.Select, "discount", DISCOUNTS, lang, size="sm"),
                    dbc.Label(t("import_page.currency", lang), html_for="imp-currency", className="mt-2"),
                    dbc.Input(id="imp-currency", maxLength=3, size="sm", placeholder="GBP", style={"maxWidth": "8rem"}),
                    html.Div(t("import_page.currency.help", lang), className="small text-muted"),
                ],
                md=6,
            ),
        ],
        className="g-3 mt-2 border-top pt-2",
    )


def validate_card(lang: str) -> dbc.Card:
    return _card(
        "validate",
        lang,
        [
            html.P(t("import_page.validate.help", lang), className="small text-muted"),
            order_line_options(lang),
            dbc.Button(t("import_page.validate", lang), id="imp-validate", color="primary", disabled=True),
            dcc.Loading(html.Div(id="imp-validation", className="mt-3"), type="dot"),
            dbc.Button(
                t("import_page.download", lang),
                id="imp-download-btn",
                color="link",
                className="ps-0",
                style={"display": "none"},
            ),
            dcc.Download(id="imp-download"),
        ],
    )


def order_line_options(lang: str) -> html.Details:
    """Guest rows and the file's channel (order lines only; the CLI's --guests, --channel, --channel-group)."""
    groups = [{"label": t("import_page.channel_group.unknown", lang), "value": ""}] + [
        {"label": t(f"channel_group.{g}", lang), "value": g} for g in ("online", "offline")
    ]
    return html.Details(
        [
            html.Summary(t("import_page.options", lang), className="small fw-semibold"),
            dbc.Label(t("import_page.guests", lang), html_for="imp-guests", className="small mt-2"),
            dbc.RadioItems(
                id="imp-guests",
                options=[{"label": t(f"import_page.guests.{g}", lang), "value": g} for g in ("keep", "reject")],
                value="keep",
                className="small",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("import_page.channel", lang), html_for="imp-channel", className="small"),
                            dbc.Input(
                                id="imp-channel",
                                maxLength=100,
                                size="sm",
                                placeholder=t("import_page.channel.placeholder", lang),
                            ),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(
                                t("import_page.channel_group", lang), html_for="imp-channel-group", className="small"
                            ),
                            dbc.Select(id="imp-channel-group", options=groups, value="", size="sm"),
                        ],
                        md=6,
                    ),
                ],
                className="g-2 mt-1",
            ),
        ],
        id="imp-options",
        className="mb-3",
    )


def load_card(lang: str) -> dbc.Card:
    return _card(
        "load",
        lang,
        [
            dbc.Label(t("import_page.policy", lang), html_for="imp-policy"),
            dbc.RadioItems(
                id="imp-policy",
                options=[{"label": t(f"import_page.policy.{p}", lang), "value": p} for p in ("reject", "quarantine")],
                value="reject",
                className="mb-3",
            ),
            dbc.Button(t("import_page.load", lang), id="imp-load", color="primary", className="me-2", disabled=True),
            dbc.Button(t("import_page.cancel", lang), id="imp-cancel", color="secondary", outline=True, disabled=True),
            dbc.Progress(id="imp-progress", value=0, label="", className="mt-3", style={"height": "1.4rem"}),
            html.Div(id="imp-result", className="mt-3"),
        ],
    )


def history_card(lang: str) -> dbc.Card:
    columns = [
        ("started_at", "when", {"pinned": "left", "minWidth": 150}),
        ("actor", "who", {}),
        ("source", "file", {"minWidth": 180}),
        ("entity_label", "entity", {}),
        ("status_label", "status", {}),
        ("rows_in", "rows_in", {"type": "numericColumn"}),
        ("rows_loaded", "rows_loaded", {"type": "numericColumn"}),
        ("rows_rejected", "rows_rejected", {"type": "numericColumn"}),
        ("rows_quarantined", "rows_quarantined", {"type": "numericColumn"}),
        ("warehouse_version", "version", {"minWidth": 160}),
    ]
    grid = ag_grid(
        id="imp-history",
        columnDefs=[{"field": f, "headerName": t(f"import_page.hist.{k}", lang), **extra} for f, k, extra in columns],
        rowData=[],
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "flex": 1, "minWidth": 90},
        dashGridOptions={"domLayout": "autoHeight", "localeText": {"noRowsToShow": t("import_page.hist.empty", lang)}},
        className="ag-theme-alpine",
        style={"width": "100%"},
    )
    return _card("history", lang, [grid])


def _card(step: str, lang: str, children: list) -> dbc.Card:
    """One step of the page: its title (import_page.step.<step>) above its controls."""
    return dbc.Card(dbc.CardBody([html.H5(t(f"import_page.step.{step}", lang)), *children]), className="mb-3 shadow-sm")
