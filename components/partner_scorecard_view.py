"""The partner scorecard page: its layout (period picker, grid, tier chart, weights editor, versions,
tier changes, definitions) and the view of a ``scorecard`` frame in the reader's language.

The editor starts from the weights in use (the operational store, never the warehouse); every edit
re-scores the grid before it is saved. Only ``PARTNER_EDIT_ROLES`` may change and save them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Output, dcc, html

from components.access import PARTNER_EDIT_ROLES, has_role
from components.charts import empty_figure
from components.errors import refusal
from components.formatters import column, graph_config
from components.grids import data_grid
from components.labels import period_label, period_options
from components.theme import base_layout
from crm.partners.scorecard import METRICS
from crm.partners.scorecard_state import ScorecardState
from crm.partners.weights import THRESHOLD_TIERS, TIERS, Weights, current_weights
from i18n import format as fmt
from i18n import t

TIER_COLORS = {"platinum": "#475569", "gold": "#ca8a04", "silver": "#94a3b8", "bronze": "#b45309"}
TIER_STYLES = [  # the tier's colour beside its name (never the only carrier of meaning)
    {"condition": f"params.data.tier_key === '{tier}'",
     "style": {"borderLeft": f"6px solid {color}", "fontWeight": "600"}}
    for tier, color in TIER_COLORS.items()
]  # fmt: skip
GRID_KINDS = {"money": "money", "percent": "percent", "count": "count", "score": "score", "years": "number"}
WEIGHT_IDS = {m: f"ps-w-{m}" for m in METRICS}
THRESHOLD_IDS = {k: f"ps-t-{k}" for k in THRESHOLD_TIERS}


def tier_name(tier: str | None, lang: str) -> str:
    return "–" if tier is None else t(f"partners.scorecard.tier.{tier}", lang)


def _plain(value):
    return None if value is None or (isinstance(value, float) and value != value) else value


def score_rows(frame: pd.DataFrame, lang: str) -> list[dict]:
    """The grid's rows: raw numbers (formatted by the grid), words for tier, action and note."""
    rows = []
    for record in frame.to_dict("records"):
        row = {k: _plain(record[k]) for k in ("partner_id", "name", "score", *METRICS)}
        row["tier"] = tier_name(record["tier"], lang)
        row["tier_key"] = record["tier"]
        row["action"] = t(record["action"], lang) if record["action"] else ""
        row["note"] = t(f"partners.scorecard.note.{record['note']}", lang) if record["note"] else ""
        rows.append(row)
    return rows


def grid_columns(lang: str) -> list[dict]:
    metric_columns = [
        column(name, t(f"partners.scorecard.metric.{name}", lang), GRID_KINDS[m.kind], lang,
               **({"decimals": 1} if m.kind in ("years", "score") else {}))
        for name, m in METRICS.items()
    ]  # fmt: skip
    return [
        {"field": "name", "headerName": t("partners.scorecard.col.partner", lang), "pinned": "left", "minWidth": 200},
        {
            "field": "tier",
            "headerName": t("partners.scorecard.col.tier", lang),
            "minWidth": 100,
            "cellStyle": {"styleConditions": TIER_STYLES},
        },
        column("score", t("partners.scorecard.col.score", lang), "number", lang, decimals=1),
        *metric_columns,
        {"field": "action", "headerName": t("partners.scorecard.col.action", lang), "minWidth": 260},
        {"field": "note", "headerName": t("partners.scorecard.col.note", lang), "minWidth": 140},
    ]


def tier_figure(frame: pd.DataFrame, lang: str) -> go.Figure:
    """How many partners each tier holds (partners without a tier left out)."""
    counts = frame["tier"].value_counts()
    if counts.empty:
        return empty_figure(t("partners.scorecard.none", lang))
    fig = go.Figure(
        go.Bar(
            x=[tier_name(k, lang) for k in TIERS],
            y=[int(counts.get(k, 0)) for k in TIERS],
            marker_color=[TIER_COLORS[k] for k in TIERS],
            text=[int(counts.get(k, 0)) for k in TIERS],
            textposition="outside",
        )
    )
    fig.update_layout(
        **base_layout(margin=dict(l=8, r=8, t=24, b=8)), yaxis_title=t("partners.scorecard.partners", lang)
    )
    return fig


def change_rows(changes: pd.DataFrame, lang: str) -> list[dict]:
    return [
        {"partner_id": int(r["partner_id"]), "name": r["name"], "quarter": r["quarter"],
         "from_tier": tier_name(r["from_tier"], lang), "to_tier": tier_name(r["to_tier"], lang),
         "direction": t("partners.scorecard.up" if TIERS.index(r["to_tier"]) < TIERS.index(r["from_tier"])
                        else "partners.scorecard.down", lang)}
        for r in changes.to_dict("records")
    ]  # fmt: skip


def version_rows(versions: pd.DataFrame, lang: str) -> list[dict]:
    """The saved versions: who, when, the note, weights and thresholds in a line each."""
    out = []
    for r in versions.to_dict("records"):
        weights = ", ".join(f"{t(f'partners.scorecard.metric.{k}', lang)} {fmt.number(v, lang, 0)}"
                            for k, v in r["weights"].items() if v)  # fmt: skip
        limits = " / ".join(f"{tier_name(k, lang)} {fmt.number(r['thresholds'][k], lang, 0)}" for k in THRESHOLD_TIERS)
        out.append({"version": r["version"], "created_by": r["created_by"], "created_at": str(r["created_at"])[:16],
                    "note": r["note"], "weights": weights, "thresholds": limits})  # fmt: skip
    return out


def saved_message(version: int, lang: str) -> dbc.Alert:
    return dbc.Alert(t("partners.scorecard.saved", lang, version=version), color="success",
                     className="py-2 small mb-0", id="ps-saved")  # fmt: skip


def _number_input(id_: str, value, editable: bool, maximum=None) -> dcc.Input:
    return dcc.Input(id=id_, type="number", value=value, min=0, max=maximum, step="any", disabled=not editable,
                     debounce=True, className="form-control form-control-sm")  # fmt: skip


def editor(weights: Weights, lang: str, editable: bool) -> dbc.Card:
    """Weights per metric and tier thresholds; read-only for roles that may not change them."""
    weight_cells = [
        dbc.Col([dbc.Label(t(f"partners.scorecard.metric.{m}", lang), html_for=WEIGHT_IDS[m], className="small mb-0"),
                 _number_input(WEIGHT_IDS[m], weights.weight(m), editable)], xs=6, md=4, lg=2)
        for m in METRICS
    ]  # fmt: skip
    threshold_cells = [
        dbc.Col([dbc.Label(t("partners.scorecard.threshold", lang, tier=tier_name(k, lang)), html_for=THRESHOLD_IDS[k],
                           className="small mb-0"),
                 _number_input(THRESHOLD_IDS[k], weights.thresholds[k], editable, 100)], xs=6, md=4, lg=2)
        for k in THRESHOLD_TIERS
    ]  # fmt: skip
    save = (
        dbc.Row([
            dbc.Col(dbc.Input(id="ps-note", placeholder=t("partners.scorecard.note_placeholder", lang), size="sm"), md=6),
            dbc.Col(dbc.Button(t("partners.scorecard.save", lang), id="ps-save", color="primary", size="sm"), width="auto"),
        ], className="g-2 mt-2")
        if editable
        else html.P(t("partners.scorecard.read_only", lang), className="small text-muted mt-2", id="ps-read-only")
    )  # fmt: skip
    version = (t("partners.scorecard.default_weights", lang) if weights.version is None
               else t("partners.scorecard.version", lang, version=weights.version))  # fmt: skip
    return dbc.Card(
        dbc.CardBody([
            html.H5(t("partners.scorecard.weights", lang), className="mb-1"),
            html.P([version, " · ", t("partners.scorecard.weights_help", lang)], className="small text-muted"),
            dbc.Row(weight_cells, className="g-2"),
            html.H6(t("partners.scorecard.thresholds", lang), className="mt-3 mb-1"),
            dbc.Row(threshold_cells, className="g-2"),
            save,
            html.Div(id="ps-save-message", className="mt-2"),
        ]),
        className="mb-3 shadow-sm", id="ps-editor",
    )  # fmt: skip


def definitions(lang: str) -> html.Details:
    keys = ("revenue", "growth", "gross_margin", "customers", "pipeline", "satisfaction", "tenure", "score")
    return html.Details(
        [html.Summary(t("partners.scorecard.definitions", lang)),
         html.Ul([html.Li(t(f"partners.scorecard.def.{k}", lang)) for k in keys], className="small text-muted mt-2")],
        className="mt-3", id="ps-definitions",
    )  # fmt: skip


def _card(title: str, body) -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H5(title, className="mb-2"), body]), className="mb-3 shadow-sm")


# (field, key under partners.scorecard., column options) of the two text grids
CHANGE_COLUMNS = (
    ("quarter", "col.quarter", {"minWidth": 100}),
    ("name", "col.partner", {"minWidth": 200}),
    ("from_tier", "col.from", {}),
    ("to_tier", "col.to", {}),
    ("direction", "col.direction", {}),
)
VERSION_COLUMNS = (
    ("version", "col.version", {"maxWidth": 100}),
    ("created_at", "col.when", {}),
    ("created_by", "col.who", {}),
    ("note", "col.note", {}),
    ("weights", "weights", {"minWidth": 320}),
    ("thresholds", "thresholds", {"minWidth": 220}),
)


def text_columns(spec, lang: str) -> list[dict]:
    return [{"field": name, "headerName": t(f"partners.scorecard.{key}", lang), **extra} for name, key, extra in spec]


def layout(query: dict, lang: str, catalog, weights: Weights) -> html.Div:
    """The page for the period in the URL; the render callback fills the grid, chart and changes."""
    state = ScorecardState.from_query(query, catalog)
    editable = has_role(PARTNER_EDIT_ROLES)
    history_columns = text_columns(CHANGE_COLUMNS, lang)
    version_columns = text_columns(VERSION_COLUMNS, lang)
    return html.Div(
        [
            dcc.Store(id="ps-state", data=state.to_query()),
            html.H2(t("partners.scorecard.title", lang), className="h4"),
            html.P(t("partners.scorecard.intro", lang), className="text-muted small"),
            *(refusal(p, lang) for p in state.problems),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            id="ps-period",
                            options=period_options(catalog.data_start, catalog.data_end, lang),
                            value=state.period.token,
                            clearable=False,
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        html.Span(
                            period_label(state.period, lang)
                            + " · "
                            + fmt.day_range(state.period.first_day, state.period.last_day, lang),
                            className="text-muted small",
                            id="ps-period-days",
                        ),
                        md=6,
                    ),
                ],
                className="g-2 mb-2 align-items-center",
            ),  # fmt: skip
            html.Div(id="ps-message"),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Loading(
                            dcc.Graph(
                                id="ps-tiers",
                                figure=empty_figure(""),
                                style={"height": "260px"},
                                config=graph_config("partner-tiers", select=False),
                            )
                        ),
                        md=4,
                    ),
                    dbc.Col(editor(weights, lang, editable), md=8),
                ],
                className="g-3",
            ),  # fmt: skip
            data_grid(
                "ps-grid", [], grid_columns(lang), min_width=100, filters=True, getRowId="params.data.partner_id"
            ),  # fmt: skip
            _card(t("partners.scorecard.changes", lang), data_grid("ps-changes", [], history_columns, height=320)),
            _card(t("partners.scorecard.versions", lang), data_grid("ps-versions", [], version_columns, height=260)),
            definitions(lang),
        ],
        className="p-3",
    )


@dataclass(frozen=True)
class ScorecardView:
    """Everything the render callback sets, in the order of ``OUTPUTS``."""

    message: object = None
    rows: list = field(default_factory=list)
    figure: object = None

    OUTPUTS = (("ps-message", "children"), ("ps-grid", "rowData"), ("ps-tiers", "figure"))

    @classmethod
    def outputs_spec(cls) -> list[Output]:
        return [Output(component, prop) for component, prop in cls.OUTPUTS]

    def outputs(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self))


def scorecard_view(frame: pd.DataFrame, lang: str) -> ScorecardView:
    """The grid and tier chart of a ``scorecard``; a sentence when no partner is shown."""
    if frame.empty:
        return ScorecardView(message=dbc.Alert(t("partners.scorecard.none", lang), color="info", id="ps-none"),
                             figure=empty_figure(t("partners.scorecard.none", lang)))  # fmt: skip
    return ScorecardView(rows=score_rows(frame, lang), figure=tier_figure(frame, lang))


def weights_in_use() -> Weights:
    """The weights the editor starts from: the latest saved version, or the default."""
    return current_weights()
