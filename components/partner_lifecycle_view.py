"""The partner lifecycle page: its layout, and the view of a ``LifecycleReport`` — partners by
current stage, the Sankey of stage moves between two dates, current stage by onboarding year, and
the attention list with a sentence per partner — in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Output, dcc, html

from components.charts import empty_figure
from components.errors import refusal
from components.formatters import column, graph_config
from components.grids import data_grid
from components.theme import base_layout
from crm.partners.lifecycle import LifecycleReport, LifecycleState
from crm.partners.stages import STAGES, Attention
from i18n import format as fmt
from i18n import t

# one colour per stage wherever a stage is drawn; the name always goes with it
STAGE_COLORS = {
    "prospect": "#94a3b8",
    "new": "#38bdf8",
    "growing": "#16a34a",
    "mature": "#2563eb",
    "declining": "#f59e0b",
    "dormant": "#a855f7",
    "churned": "#dc2626",
}


def stage_name(stage: str, lang: str) -> str:
    return t(f"partners.stage.{stage}", lang)


def _card(title: str, body) -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H5(title, className="h6"), body]), className="mb-3")


def _graph(graph_id: str, name: str) -> dcc.Graph:
    return dcc.Graph(id=graph_id, config=graph_config(name, select=False), style={"height": "320px"})


def _date_picker(picker_id: str, value, catalog) -> dcc.DatePickerSingle:
    return dcc.DatePickerSingle(
        id=picker_id,
        date=None if value is None else value.isoformat(),
        min_date_allowed=catalog.data_start,
        max_date_allowed=catalog.data_end,
        display_format="YYYY-MM-DD",
        className="me-2",
    )


def layout(query: dict, lang: str, catalog) -> html.Div:
    """The page: the state in a store, the URL's problems, the cards the render callback fills."""
    state = LifecycleState.from_query(query, catalog)
    pickers = html.Div(
        [
            html.Label(t("partners.lifecycle.from", lang), className="me-2 small"),
            _date_picker("pl-from", state.start, catalog),
            html.Label(t("partners.lifecycle.to", lang), className="me-2 small"),
            _date_picker("pl-to", state.end, catalog),
        ],
        className="d-flex align-items-center mb-2",
    )
    return html.Div(
        [
            dcc.Store(id="pl-state", data=state.to_query()),
            html.H2(t("partners.lifecycle.title", lang), className="h4"),
            *(refusal(p, lang) for p in state.problems),
            dcc.Loading(html.Div(id="pl-message")),
            dbc.Row(
                [
                    dbc.Col(
                        _card(t("partners.lifecycle.distribution", lang), _graph("pl-distribution", "stages")), md=5
                    ),
                    dbc.Col(
                        _card(
                            t("partners.lifecycle.transitions", lang),
                            html.Div([pickers, html.Div(id="pl-moves-note"), _graph("pl-sankey", "stage-moves")]),
                        ),
                        md=7,
                    ),
                ]
            ),
            _card(t("partners.lifecycle.attention", lang), html.Div(id="pl-attention")),
            _card(t("partners.lifecycle.cohorts", lang), _graph("pl-cohorts", "stage-cohorts")),
        ],
        className="p-3",
    )


@dataclass(frozen=True)
class LifecycleView:
    """Everything the render callback sets, in the order of its fields."""

    message: object = None
    distribution: object = field(default_factory=dict)
    moves_note: object = None
    sankey: object = field(default_factory=dict)
    attention: object = None
    cohorts: object = field(default_factory=dict)

    IDS = {
        "message": ("pl-message", "children"),
        "distribution": ("pl-distribution", "figure"),
        "moves_note": ("pl-moves-note", "children"),
        "sankey": ("pl-sankey", "figure"),
        "attention": ("pl-attention", "children"),
        "cohorts": ("pl-cohorts", "figure"),
    }

    @classmethod
    def outputs_spec(cls) -> list[Output]:
        return [Output(*cls.IDS[f.name]) for f in fields(cls)]

    def outputs(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self))


def distribution_figure(report: LifecycleReport, lang: str) -> go.Figure:
    df = report.distribution
    fig = go.Figure(
        go.Bar(
            x=[stage_name(s, lang) for s in df["stage"]],
            y=df["partners"],
            marker_color=[STAGE_COLORS[s] for s in df["stage"]],
            text=df["partners"],
            textposition="outside",
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.update_layout(**base_layout(yaxis_title=t("partners.lifecycle.partners", lang), showlegend=False))
    return fig


def sankey_figure(report: LifecycleReport, lang: str) -> go.Figure:
    """Stage at the start (left) to stage at the end (right); a band's width is its partners."""
    moves = report.moves
    left = [s for s in STAGES if s in set(moves["from_stage"])]
    right = [s for s in STAGES if s in set(moves["to_stage"])]
    index = {("l", s): i for i, s in enumerate(left)} | {("r", s): len(left) + i for i, s in enumerate(right)}
    nodes = [*left, *right]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node=dict(
                label=[stage_name(s, lang) for s in nodes],
                color=[STAGE_COLORS[s] for s in nodes],
                pad=14,
                thickness=16,
            ),
            link=dict(
                source=[index[("l", s)] for s in moves["from_stage"]],
                target=[index[("r", s)] for s in moves["to_stage"]],
                value=[int(v) for v in moves["partners"]],
                color="rgba(148,163,184,0.45)",
            ),
        )
    )
    fig.update_layout(**base_layout(margin=dict(l=8, r=8, t=8, b=8)))
    return fig


def cohorts_figure(report: LifecycleReport, lang: str) -> go.Figure:
    """Stacked bars: one bar per onboarding year, one colour per current stage."""
    df = report.cohorts
    years = sorted(set(df["cohort"]), key=lambda c: (c == "unknown", c))
    labels = [t("partners.lifecycle.cohort_unknown", lang) if y == "unknown" else y for y in years]
    fig = go.Figure()
    for stage in STAGES:
        part = df[df["stage"] == stage].set_index("cohort")["partners"]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=labels,
                y=[int(part.get(y, 0)) for y in years],
                name=stage_name(stage, lang),
                marker_color=STAGE_COLORS[stage],
            )
        )
    fig.update_layout(**base_layout(barmode="stack", yaxis_title=t("partners.lifecycle.partners", lang)))
    return fig


def _link_text(text: str) -> str:
    """A name inside a markdown link: brackets and backslashes escaped."""
    return str(text).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def attention_row(a: Attention, lang: str) -> dict:
    return {
        "partner_id": a.partner_id,
        "partner": f"[{_link_text(a.name)}](/partners?partner={a.partner_id})",
        "change": f"{stage_name(a.from_stage, lang)} → {stage_name(a.to_stage, lang)}",
        "sentence": a.sentence(lang),
        "revenue": a.revenue,
        "trend": a.trend,
        "share": a.share,
        "months_since_sale": a.months_since_sale,
    }


def attention_grid(report: LifecycleReport, lang: str):
    if not report.attention:
        month = fmt.month(report.month, lang) if report.month else "–"
        return html.P(t("partners.lifecycle.attention_none", lang, month=month), id="pl-attention-none")
    head = lambda name: t(f"partners.lifecycle.col.{name}", lang)  # noqa: E731
    columns = [
        {
            "field": "partner",
            "headerName": head("partner"),
            "cellRenderer": "markdown",
            "pinned": "left",
            "minWidth": 200,
        },
        {"field": "change", "headerName": head("change"), "minWidth": 160},
        {
            "field": "sentence",
            "headerName": head("sentence"),
            "minWidth": 380,
            "flex": 3,
            "wrapText": True,
            "autoHeight": True,
        },
        column("revenue", head("revenue"), "money", lang),
        column("trend", head("trend"), "percent", lang),
        column("share", head("share"), "percent", lang),
        column("months_since_sale", head("since"), "count", lang),
    ]
    rows = [attention_row(a, lang) for a in report.attention]
    return data_grid("pl-attention-grid", rows, columns, getRowId="params.data.partner_id")


def lifecycle_view(report: LifecycleReport, state: LifecycleState, lang: str) -> LifecycleView:
    """The report in the reader's language."""
    if report.month is None:
        empty = empty_figure(t("partners.lifecycle.none", lang))
        note = dbc.Alert(t("partners.lifecycle.none", lang), color="info", id="pl-none")
        return LifecycleView(message=note, distribution=empty, sankey=empty, cohorts=empty)
    intro = [
        html.P(t("partners.lifecycle.intro", lang, month=fmt.month(report.month, lang)), className="text-muted small")
    ]
    if report.partial:
        intro.append(
            html.P(t("partners.lifecycle.partial", lang, month=fmt.month(report.partial, lang)), className="small")
        )
    if report.moves_error is not None:
        note = refusal(report.moves_error, lang, id="pl-moves-error")
        sankey = empty_figure(report.moves_error.message(lang))
    else:
        total = int(report.moves["partners"].sum())
        moved = int(report.moves.loc[report.moves["from_stage"] != report.moves["to_stage"], "partners"].sum())
        words = t(
            "partners.lifecycle.transitions_between",
            lang,
            start=fmt.date(state.start, lang),
            end=fmt.date(state.end, lang),
            moved=fmt.number(moved, lang),
            total=fmt.number(total, lang),
        )
        note, sankey = html.P(words, className="small", id="pl-moves-sentence"), sankey_figure(report, lang)
    return LifecycleView(
        message=intro,
        distribution=distribution_figure(report, lang),
        moves_note=note,
        sankey=sankey,
        attention=attention_grid(report, lang),
        cohorts=cohorts_figure(report, lang),
    )
