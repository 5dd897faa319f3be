"""Clusters page wiring: the run as a background job with progress and cancel, then its
profiles, map, rules, and saving a cluster as a segment."""

from __future__ import annotations

import logging
import math

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html, no_update
from flask_login import current_user

from components.access import SEGMENT_ROLES, background_for, callback_for, user_from_token
from components.errors import error_alert
from components.jobs import message, progress_reporter, publish_note
from components.theme import base_layout
from crm import segments as seg
from crm.segments import SegmentError
from data.warehouse import get_warehouse
from i18n import current_language, t
from i18n import format as fmt
from jobs.publish import publish_after_run
from mining.clustering.names import names_of_run, rule_text
from mining.errors import MiningError
from mining.runs import latest_run, load_run, shown_run

log = logging.getLogger(__name__)
GRAPH_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "xrm-clusters"}}
PALETTE = ["#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d"]
MAP_POINTS = 5000


@callback(
    Output("clu-run-id", "data"),
    Output("clu-run-message", "children"),
    Input("clu-run", "n_clicks"),
    State("clu-sets", "value"),
    State("clu-scaling", "value"),
    State("clu-method", "value"),
    State("clu-k", "value"),
    State("clu-user", "data"),
    State("clu-lang", "data"),
    background=True,
    running=[
        (Output("clu-run", "disabled"), True, False),
        (Output("clu-cancel", "disabled"), False, True),
    ],
    progress=[Output("clu-progress", "value"), Output("clu-progress", "label")],
    cancel=[Input("clu-cancel", "n_clicks")],
    prevent_initial_call=True,
)
@background_for(*SEGMENT_ROLES)
def run(set_progress, _clicks, sets, scaling, method, k, token, lang):
    """Cluster every customer in a worker process (roles were checked on the request)."""
    from mining.clustering import score_clusters

    lang = lang if lang in ("en", "ko") else "en"

    def refuse(text: str):
        return no_update, dbc.Alert(text, color="warning", className="mb-0")

    try:
        user = user_from_token(token)
    except ValueError:
        return refuse(t("access.denied.body", lang))
    if not sets:
        return refuse(t("clusters.no_features", lang))
    if k not in (None, ""):
        if not isinstance(k, int | float) or int(k) != k or not 2 <= int(k) <= 30:
            return refuse(t("clusters.bad_k", lang))
        k = int(k)
    else:
        k = None
    params = {"feature_sets": list(sets), "scaling": scaling, "method": method, "k": k, "random_state": 0}

    progress = progress_reporter(set_progress, lang)

    try:
        cursor = get_warehouse().cursor()
        as_of = cursor.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
        run_id = score_clusters(cursor, as_of, params, user, progress=progress)
    except MiningError as exc:
        return refuse(message(exc.key, lang, **exc.values))
    except Exception:
        log.exception("clustering failed")
        return no_update, error_alert(lang)
    return run_id, publish_note(publish_after_run(user), lang, "cluster.cluster")


# --------------------------------------------------------------------------- showing a run


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
            x=features,
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
    pct = {"function": "d3.format('.1%')(params.value)"}
    money = {"function": "d3.format(',.0f')(params.value)"}
    columns = [
        {"field": "cluster", "headerName": t("clusters.col.cluster", lang), "minWidth": 200},
        {"field": "size", "headerName": t("clusters.col.size", lang), "type": "rightAligned"},
        {"field": "share", "headerName": t("clusters.col.share", lang), "type": "rightAligned", "valueFormatter": pct},
        {
            "field": "value",
            "headerName": t("clusters.col.value", lang),
            "type": "rightAligned",
            "valueFormatter": money,
        },
        {
            "field": "value_avg",
            "headerName": t("clusters.col.value_avg", lang),
            "type": "rightAligned",
            "valueFormatter": money,
        },
        {
            "field": "fidelity",
            "headerName": t("clusters.col.fidelity", lang),
            "type": "rightAligned",
            "valueFormatter": pct,
        },
    ]
    return dag.AgGrid(
        id="clu-profiles",
        rowData=rows,
        columnDefs=columns,
        className="ag-theme-alpine",
        defaultColDef={"sortable": True, "resizable": True, "flex": 1},
        dashGridOptions={"domLayout": "autoHeight"},
        style={"width": "100%"},
    )


def _rules(metrics: dict, lang: str) -> html.Div:
    names = names_of_run(metrics, lang)
    blocks = []
    for c in metrics["clusters"]:
        items = [html.Li(rule_text(r["conditions"], lang)) for r in c["rules"]]
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


def _card(title: str, body, **kw) -> dbc.Card:
    return dbc.Card([dbc.CardHeader(title), dbc.CardBody(body)], className="shadow-sm mb-3", **kw)


def render_run(run_id: int | None, lang: str):
    meta = shown_run("cluster", run_id)  # a run of the current warehouse only
    if meta is None:
        return dbc.Alert(t("clusters.no_run", lang), color="info", id="clu-none")
    meta, scores = load_run(meta["run_id"])
    metrics = meta["metrics"]
    latest = latest_run("cluster")
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
        html.Li(message(n["key"], lang, **n.get("values", {})) if isinstance(n, dict) else str(n))
        for n in metrics.get("notes", [])
    ]
    names = names_of_run(metrics, lang)
    save_card = _card(
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
                        _card(
                            t("clusters.map", lang),
                            dcc.Graph(figure=_map_figure(scores, metrics, lang), config=GRAPH_CONFIG),
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        _card(t("clusters.choose_k", lang), dcc.Graph(figure=k_figure, config=GRAPH_CONFIG))
                        if k_figure
                        else None,
                        lg=5,
                    ),
                ]
            ),
            _card(t("clusters.profiles", lang), _profile_grid(metrics, lang)),
            _card(t("clusters.heat", lang), dcc.Graph(figure=_heat_figure(metrics, lang), config=GRAPH_CONFIG)),
            _card(t("clusters.rules", lang), _rules(metrics, lang)),
            save_card,
        ]
    )


@callback(Output("clu-result", "children"), Input("clu-run-id", "data"))
@callback_for(*SEGMENT_ROLES)
def show(run_id):
    lang = current_language()
    try:
        return render_run(run_id, lang)
    except Exception:
        log.exception("showing a clustering run failed")
        return error_alert(lang)


@callback(
    Output("clu-save-message", "children"),
    Input("clu-save", "n_clicks"),
    State("clu-save-cluster", "value"),
    State("clu-save-name", "value"),
    State("clu-shown-run", "data"),
    prevent_initial_call=True,
)
@callback_for(*SEGMENT_ROLES)
def save_cluster(_clicks, cluster, name, run_id):
    lang = current_language()
    latest = latest_run("cluster")
    if latest is None or latest["run_id"] != run_id:
        return dbc.Alert(t("clusters.not_latest", lang), color="warning", className="mb-0")
    if cluster is None:
        return dbc.Alert(
            t("segment.no_values", lang, field=t("clusters.save_cluster", lang)), color="warning", className="mb-0"
        )
    _, scores = load_run(run_id)
    values = scores.loc[scores["cluster"] == int(cluster), "cluster_name"].dropna().unique().tolist()
    definition = {"op": "and", "rules": [{"field": "cluster", "cmp": "in", "value": values}]}
    try:
        saved = seg.save_segment(name or "", definition, current_user.username, f"cluster run #{run_id}")
    except SegmentError as exc:
        from components.segment_editor import refusal

        return dbc.Alert(refusal(exc, lang), color="warning", className="mb-0")
    return dbc.Alert(
        t("clusters.saved", lang, name=(name or "").strip(), customers=fmt.number(saved["customers"], lang)),
        color="success",
        className="mb-0",
        id="clu-saved-ok",
    )
