"""How a clustering run looks: the controls, the customer map, the choice of k, profiles, the
heat map of feature ratios, the rules that describe each cluster and saving one as a segment."""

from __future__ import annotations

import math

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from components.formatters import column, graph_config, grid_value_formatter
from components.grids import ag_grid
from components.studio import card, choice, controls_card, job_controls
from components.theme import base_layout
from i18n import format as fmt
from i18n import t
from mining.clustering import DEFAULT_SETS, FEATURE_SETS, SCALINGS
from mining.clustering.names import feature_words, names_of_run, rule_text

GRAPH = graph_config("clusters")
PALETTE = ["#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d"]
MAP_POINTS = 5000


def clusters_controls(lang: str) -> dbc.Card:
    """Feature sets, scaling, method, k and the job's controls."""
    return controls_card(
        [
            dbc.Label(t("clusters.features", lang), html_for="clu-sets"),
            dbc.Checklist(
                id="clu-sets",
                options=[{"label": t(f"clusters.set.{name}", lang), "value": name} for name in FEATURE_SETS],
                value=list(DEFAULT_SETS),
                className="mb-3",
            ),
            *choice("clu-scaling", "clusters.scaling", "clusters.scaling", SCALINGS, "standard", lang),
            *choice("clu-method", "clusters.method", "clusters.method", ("kmeans", "som"), "kmeans", lang),
            dbc.Label(t("clusters.k", lang), html_for="clu-k"),
            dbc.Input(id="clu-k", type="number", min=2, max=30, step=1, className="mb-3"),
            *job_controls("clu", "clusters.run", lang),
        ]
    )


def _pct(value, lang) -> str:
    return (
        fmt.percent(value, lang) if value is not None and not (isinstance(value, float) and math.isnan(value)) else "–"
    )


def _choose_k_figure(metrics: dict, lang: str) -> go.Figure | None:
    table = metrics.get("choose_k")
    if not table:
        return None
    df = pd.DataFrame(table)
    fig = go.Figure()
    fig.add_scatter(x=df["k"], y=df["inertia"], name=t("clusters.inertia", lang), mode="lines+markers", yaxis="y")
    fig.add_scatter(
        x=df["k"], y=df["silhouette"], name=t("clusters.silhouette", lang), mode="lines+markers", yaxis="y2"
    )
    fig.update_layout(
        **base_layout(showlegend=True, margin=dict(l=50, r=50, t=10, b=40)),
        xaxis=dict(title="k", dtick=1),
        yaxis=dict(title=t("clusters.inertia", lang)),
        yaxis2=dict(title=t("clusters.silhouette", lang), overlaying="y", side="right", showgrid=False),
        height=280,
    )
    return fig


def _map_figure(scores: pd.DataFrame, metrics: dict, lang: str) -> go.Figure:
    sample = scores.sample(n=min(MAP_POINTS, len(scores)), random_state=0) if len(scores) > MAP_POINTS else scores
    names = names_of_run(metrics, lang)
    fig = go.Figure()
    for c in sorted(sample["cluster"].unique()):
        part = sample[sample["cluster"] == c]
        fig.add_scattergl(
            x=part["x"],
            y=part["y"],
            mode="markers",
            name=names.get(int(c), str(c)),
            marker=dict(size=4, opacity=0.6, color=PALETTE[int(c) % len(PALETTE)]),
            hoverinfo="name",
        )
    variance = metrics.get("explained_variance") or [None, None]
    fig.update_layout(
        **base_layout(showlegend=True, margin=dict(l=40, r=10, t=10, b=40)),
        xaxis=dict(title=f"PC1 ({_pct(variance[0], lang)})", zeroline=False),
        yaxis=dict(title=f"PC2 ({_pct(variance[1], lang)})", zeroline=False),
        height=380,
    )
    return fig


def _heat_figure(metrics: dict, lang: str) -> go.Figure:
    names = names_of_run(metrics, lang)
    overall = metrics["overall_means"]
    features = [f for f in metrics["features"] if f in overall]
    rows, labels = [], []
    for c in metrics["clusters"]:
        ratio = []
        for f in features:
            base, value = overall[f], c["means"].get(f)
            ratio.append(math.log2(value / base) if base and value and value > 0 and base > 0 else 0.0)
        rows.append(ratio)
        labels.append(names[c["cluster"]])
    z = np.clip(np.array(rows), -2, 2)
    text = [[f"{2**v:.2f}×" for v in row] for row in rows]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[feature_words(f, lang, metrics.get("value_names")) for f in features],
            y=labels,
            text=text,
            texttemplate="%{text}",
            colorscale="RdBu",
            zmid=0,
            showscale=False,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(**base_layout(margin=dict(l=10, r=10, t=10, b=80)), height=60 + 40 * len(labels))
    return fig


def _profile_grid(metrics: dict, lang: str) -> dag.AgGrid:
    names = names_of_run(metrics, lang)
    rows = [
        {
            "cluster": names[c["cluster"]],
            "size": c["size"],
            "share": c["share"],
            "value": c["value_total"],
            "value_avg": c["value_avg"],
            "fidelity": c["fidelity"],
        }
        for c in metrics["clusters"]
    ]
    pct = grid_value_formatter("percent", lang)
    columns = [
        {"field": "cluster", "headerName": t("clusters.col.cluster", lang), "minWidth": 200},
        {"field": "size", "headerName": t("clusters.col.size", lang), "type": "rightAligned"},
        {"field": "share", "headerName": t("clusters.col.share", lang), "type": "rightAligned", "valueFormatter": pct},
        column("value", t("clusters.col.value", lang), "money", lang),
        column("value_avg", t("clusters.col.value_avg", lang), "money", lang),
        {
            "field": "fidelity",
            "headerName": t("clusters.col.fidelity", lang),
            "type": "rightAligned",
            "valueFormatter": pct,
        },
    ]
    return ag_grid(
        id="clu-profiles",
        rowData=rows,
        columnDefs=columns,
        className="ag-theme-alpine",
        defaultColDef={"sortable": True, "resizable": True, "flex": 1},
        dashGridOptions={"domLayout": "autoHeight"},
        style={"width": "100%"},
    )


def _note_values(note: dict, metrics: dict, lang: str) -> dict:
    """A preparation note's values (stored beside its key) as read: counts grouped, features in words."""
    values = dict(note.get("values") or {k: v for k, v in note.items() if k != "key"})
    if isinstance(values.get("count"), int):
        values["count"] = fmt.number(values["count"], lang)
    if isinstance(values.get("feature"), str):
        values["feature"] = feature_words(values["feature"], lang, metrics.get("value_names"))
    return values


def _rules(metrics: dict, lang: str) -> html.Div:
    names = names_of_run(metrics, lang)
    blocks = []
    for c in metrics["clusters"]:
        items = [html.Li(rule_text(r["conditions"], lang, metrics.get("value_names"))) for r in c["rules"]]
        blocks.append(
            html.Div(
                [
                    html.Strong(names[c["cluster"]]),
                    html.Span(
                        " · " + t("clusters.fidelity", lang, value=_pct(c["fidelity"], lang)),
                        className="text-muted small",
                    ),
                    html.Ul(items, className="mb-2 small"),
                ],
                className="clu-rule",
            )
        )
    return html.Div(blocks)


def no_run(lang: str) -> dbc.Alert:
    return dbc.Alert(t("clusters.no_run", lang), color="info", id="clu-none")


def run_view(meta: dict, scores: pd.DataFrame, latest: dict, lang: str) -> html.Div:
    """A stored run: map, choice of k, profiles, the heat map, rules and saving a cluster
    (only from the ``latest`` run)."""
    metrics = meta["metrics"]
    info = t(
        "clusters.run_info",
        lang,
        run=meta["run_id"],
        date=fmt.date(meta["created_at"].date(), lang),
        user=meta["created_by"],
        k=metrics["k"],
        n=fmt.number(meta["rows"], lang),
        method=t(f"clusters.method.{metrics['method']}", lang),
        silhouette=f"{metrics['silhouette']:.2f}",
        fidelity=_pct(metrics["fidelity"], lang),
    )
    notes = [
        html.Li(
            t(n["key"], lang, default=n["key"], **_note_values(n, metrics, lang)) if isinstance(n, dict) else str(n)
        )
        for n in metrics.get("notes", [])
    ]
    names = names_of_run(metrics, lang)
    save_card = card(
        t("clusters.save_as", lang),
        [
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            id="clu-save-cluster",
                            options=[
                                {"label": names[c["cluster"]], "value": c["cluster"]} for c in metrics["clusters"]
                            ],
                            placeholder=t("clusters.save_cluster", lang),
                        ),
                        md=5,
                    ),
                    dbc.Col(dbc.Input(id="clu-save-name", placeholder=t("clusters.save_name", lang)), md=4),
                    dbc.Col(
                        dbc.Button(
                            t("clusters.save", lang),
                            id="clu-save",
                            color="primary",
                            disabled=latest["run_id"] != meta["run_id"],
                        ),
                        md=3,
                    ),
                ],
                className="g-2",
            ),
            html.Div(
                t("clusters.not_latest", lang) if latest["run_id"] != meta["run_id"] else "",
                className="small text-muted mt-1",
            ),
            html.Div(id="clu-save-message", className="mt-2"),
            dcc.Store(id="clu-shown-run", data=meta["run_id"]),
        ],
    )
    k_figure = _choose_k_figure(metrics, lang)
    return html.Div(
        [
            html.P(info, className="small", id="clu-run-info"),
            html.Ul(notes, className="small text-muted") if notes else None,
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            t("clusters.map", lang),
                            dcc.Graph(figure=_map_figure(scores, metrics, lang), config=GRAPH),
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        card(t("clusters.choose_k", lang), dcc.Graph(figure=k_figure, config=GRAPH))
                        if k_figure
                        else None,
                        lg=5,
                    ),
                ]
            ),
            card(t("clusters.profiles", lang), _profile_grid(metrics, lang)),
            card(t("clusters.heat", lang), dcc.Graph(figure=_heat_figure(metrics, lang), config=GRAPH)),
            card(t("clusters.rules", lang), _rules(metrics, lang)),
            save_card,
        ]
    )
