"""Models page wiring: train and score in the background, then read a stored run: AUC by split,
ROC, gains and lift, a confusion matrix at any threshold, what drives the model, its rules."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html, no_update

from components.access import SEGMENT_ROLES, background_for, callback_for, user_from_token
from components.errors import error_alert
from components.grids import data_grid
from components.jobs import message, progress_reporter, publish_note
from components.theme import ACCENT, NEUTRAL, base_layout
from i18n import current_language, t
from i18n import format as fmt
from jobs.publish import publish_after_run
from mining.errors import MiningError
from mining.propensity import MODELS, PARAM_RANGES, TARGETS
from mining.runs import current_lineage, list_runs, run_meta

log = logging.getLogger(__name__)
COLORS = {"cart": "#f59e0b", "hgb": ACCENT}
GRAPH_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "xrm-model"}}
TOP_FEATURES = 15


def _kind(target: str) -> str:
    return f"propensity_{target}"


@callback(
    Output("mod-target-help", "children"),
    Output("mod-horizon-box", "style"),
    Input("mod-target", "value"),
    Input("mod-horizon", "value"),
)
@callback_for(*SEGMENT_ROLES)
def target_help(target, horizon):
    lang = current_language()
    target = target if target in TARGETS else TARGETS[0]
    days = horizon if isinstance(horizon, int | float) else 180
    hidden = {"display": "none"} if target != "repurchase" else {}
    return message(f"mining.propensity.target.{target}.help", lang, days=int(days)), hidden


@callback(
    Output("mod-run-pick", "options"),
    Output("mod-run-pick", "value"),
    Input("mod-target", "value"),
    Input("mod-run-id", "data"),
)
@callback_for(*SEGMENT_ROLES)
def runs(target, run_id):
    """The target's stored runs, newest first; the one just trained (or in the link) shown."""
    lang = current_language()
    target = target if target in TARGETS else TARGETS[0]
    found = list_runs(_kind(target))
    options = [
        {
            "label": t(
                "models.run_label",
                lang,
                run=r["run_id"],
                as_of=str(r["as_of"]),
                auc=_auc_text(r["metrics"]),
                user=r.get("created_by") or "",
            ),
            "value": r["run_id"],
        }
        for r in found
    ]
    ids = [r["run_id"] for r in found]
    value = run_id if run_id in ids else (ids[0] if ids else None)
    return options, value


def _auc_text(metrics: dict) -> str:
    try:
        chosen = metrics["chosen"]
        return f"{metrics['models'][chosen]['auc']['test']:.3f}"
    except (KeyError, TypeError):
        return "–"


@callback(
    Output("mod-run-id", "data"),
    Output("mod-run-message", "children"),
    Input("mod-run", "n_clicks"),
    State("mod-target", "value"),
    State("mod-as-of", "date"),
    State("mod-horizon", "value"),
    State("mod-user", "data"),
    State("mod-lang", "data"),
    background=True,
    running=[(Output("mod-run", "disabled"), True, False), (Output("mod-cancel", "disabled"), False, True)],
    progress=[Output("mod-progress", "value"), Output("mod-progress", "label")],
    cancel=[Input("mod-cancel", "n_clicks")],
    prevent_initial_call=True,
)
@background_for(*SEGMENT_ROLES)
def train(set_progress, _clicks, target, as_of, horizon, token, lang):
    """Train both models, score every customer and publish the scores, in a worker process."""
    from data.warehouse import get_warehouse
    from mining.propensity import score_propensity

    lang = lang if lang in ("en", "ko") else "en"

    def refuse(text: str):
        return no_update, dbc.Alert(text, color="warning", className="mb-0", id="mod-refused")

    try:
        user = user_from_token(token)
    except ValueError:
        return refuse(t("access.denied.body", lang))
    if target not in TARGETS:
        return refuse(message("mining.propensity.unknown_target", lang, target=target, allowed=", ".join(TARGETS)))
    try:
        day = dt.date.fromisoformat(str(as_of)[:10])
    except ValueError:
        return refuse(t("cube.bad_date", lang, value=str(as_of)))
    low, high = PARAM_RANGES["horizon_days"]
    params = {}
    if target == "repurchase":
        if not isinstance(horizon, int | float) or int(horizon) != horizon or not low <= horizon <= high:
            return refuse(t("models.bad_horizon", lang, low=low, high=high))
        params["horizon_days"] = int(horizon)
    try:
        cursor = get_warehouse().cursor()
        run_id = score_propensity(cursor, target, day, user, params, progress=progress_reporter(set_progress, lang))
    except MiningError as exc:
        return refuse(message(exc.key, lang, **exc.values))
    except Exception:
        log.exception("propensity training failed")
        return no_update, error_alert(lang)
    return run_id, publish_note(publish_after_run(user), lang, f"propensity.{target}")


# --------------------------------------------------------------------------- showing a run


def model_name(name: str, lang: str) -> str:
    return message(f"mining.propensity.model.{name}", lang)


def feature_label(info: dict, lang: str) -> str:
    return message(info["key"], lang, **(info.get("values") or {}))


def _grid(grid_id: str, rows: list[dict], columns: list[dict]):
    return data_grid(grid_id, rows, columns, min_width=90)


PCT = {"function": "params.value == null ? '–' : d3.format('.1%')(params.value)"}
NUM = {"function": "params.value == null ? '–' : d3.format(',')(params.value)"}
AUC = {"function": "params.value == null ? '–' : d3.format('.3f')(params.value)"}


def _splits(metrics: dict, lang: str) -> dag.AgGrid:
    rows = []
    for s in metrics["splits"]:
        row = {
            "split": message(f"mining.propensity.split.{s['split']}", lang),
            "rows": s["rows"],
            "positives": s["positives"],
            "rate": s["rate"],
            "dates": ", ".join(s.get("feature_dates") or []),
            "labels": f"{s.get('label_start', '')} – {s.get('label_end', '')}",
        }
        for name in MODELS:
            row[name] = metrics["models"][name]["auc"].get(s["split"])
        rows.append(row)
    cols = [
        {"field": "split", "headerName": t("models.col.split", lang), "pinned": "left"},
        {
            "field": "rows",
            "headerName": message("mining.propensity.col.rows", lang),
            "type": "rightAligned",
            "valueFormatter": NUM,
        },  # fmt: skip
        {
            "field": "positives",
            "headerName": message("mining.propensity.col.positives", lang),
            "type": "rightAligned",
            "valueFormatter": NUM,
        },  # fmt: skip
        {
            "field": "rate",
            "headerName": message("mining.propensity.col.rate", lang),
            "type": "rightAligned",
            "valueFormatter": PCT,
        },  # fmt: skip
        *[
            {
                "field": name,
                "headerName": f"AUC · {model_name(name, lang)}",
                "type": "rightAligned",
                "valueFormatter": AUC,
            }  # fmt: skip
            for name in MODELS
        ],
        {"field": "dates", "headerName": t("models.col.feature_dates", lang), "minWidth": 160},
        {"field": "labels", "headerName": t("models.col.label_period", lang), "minWidth": 190},
    ]
    return _grid("mod-splits", rows, cols)


def _roc(metrics: dict, lang: str) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1], y=[0, 1], mode="lines", line=dict(color=NEUTRAL, dash="dot"), name=t("models.random", lang)
        )
    )
    for name in MODELS:
        roc = pd.DataFrame(metrics["models"][name]["roc"])
        auc = metrics["models"][name]["auc"]["test"]
        fig.add_trace(
            go.Scatter(
                x=roc["fpr"],
                y=roc["tpr"],
                mode="lines",
                line=dict(color=COLORS[name], width=2),
                name=f"{model_name(name, lang)} (AUC {auc:.3f})",
            )
        )
    fig.update_layout(
        **base_layout(showlegend=True, margin=dict(l=50, r=10, t=10, b=50)),
        xaxis=dict(title=t("models.roc.x", lang), range=[0, 1]),
        yaxis=dict(title=t("models.roc.y", lang), range=[0, 1]),
        height=330,
    )
    fig.update_layout(legend=dict(x=0.98, y=0.03, xanchor="right", yanchor="bottom", bgcolor="rgba(255,255,255,0.8)"))
    return fig


def _gains(metrics: dict, lang: str) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 100], y=[0, 100], mode="lines", line=dict(color=NEUTRAL, dash="dot"), name=t("models.random", lang)
        )
    )
    for name in MODELS:
        gains = pd.DataFrame(metrics["models"][name]["gains"])
        share = 100 * gains["customers"].cumsum() / gains["customers"].sum()
        fig.add_trace(
            go.Scatter(
                x=[0, *share],
                y=[0, *gains["cum_gain_pct"]],
                mode="lines+markers",
                line=dict(color=COLORS[name], width=2),
                name=model_name(name, lang),
            )
        )
    fig.update_layout(
        **base_layout(showlegend=True, margin=dict(l=50, r=10, t=10, b=50)),
        xaxis=dict(title=t("models.gains.x", lang), ticksuffix="%"),
        yaxis=dict(title=t("models.gains.y", lang), ticksuffix="%"),
        height=330,
    )
    fig.update_layout(legend=dict(x=0.98, y=0.03, xanchor="right", yanchor="bottom", bgcolor="rgba(255,255,255,0.8)"))
    return fig


def _lift(metrics: dict, model: str, lang: str) -> go.Figure:
    gains = pd.DataFrame(metrics["models"][model]["gains"])
    fig = go.Figure(
        go.Bar(
            x=gains["decile"].astype(str),
            y=gains["lift"],
            marker_color=COLORS[model],
            text=[f"{v:.2f}×" for v in gains["lift"]],
            textposition="outside",
            hovertext=[
                t("models.lift.hover", lang, rate=fmt.percent(r, lang), n=fmt.number(c, lang))
                for r, c in zip(gains["rate"], gains["customers"], strict=False)
            ],
            hoverinfo="text",
        )
    )
    fig.add_hline(y=1, line_color=NEUTRAL, line_dash="dot")
    fig.update_layout(
        **base_layout(margin=dict(l=50, r=10, t=20, b=50)),
        xaxis=dict(title=t("models.lift.x", lang), type="category"),
        yaxis=dict(title=message("mining.propensity.col.lift", lang)),
        height=300,
    )
    return fig


def _importance(metrics: dict, model: str, lang: str) -> go.Figure:
    info = {f["name"]: f for f in metrics["features"]}
    imp = pd.DataFrame(metrics["models"][model]["importance"])
    imp = imp.sort_values("importance", ascending=False).head(TOP_FEATURES).iloc[::-1]
    labels = [feature_label(info.get(n, {"key": n}), lang) for n in imp["feature"]]
    fig = go.Figure(
        go.Bar(
            x=imp["importance"],
            y=labels,
            orientation="h",
            marker_color=COLORS[model],
            error_x=dict(type="data", array=imp["std"], visible=True, color=NEUTRAL),
        )
    )
    fig.update_layout(
        **base_layout(margin=dict(l=230, r=10, t=10, b=50)),
        xaxis=dict(title=t("models.importance.x", lang)),
        height=max(260, 26 * len(imp) + 80),
    )
    return fig


def _sentence(metrics: dict, lang: str) -> str:
    chosen = metrics["chosen"]
    other = [m for m in MODELS if m != chosen][0]
    gains = metrics["models"][chosen]["gains"]
    top = gains[0] if gains else {"cum_gain_pct": 0, "lift": 0}
    return t(
        f"models.sentence.{metrics['target']}",
        lang,
        model=model_name(chosen, lang),
        auc=f"{metrics['models'][chosen]['auc']['test']:.3f}",
        other=model_name(other, lang),
        other_auc=f"{metrics['models'][other]['auc']['test']:.3f}",
        gain=f"{top['cum_gain_pct']:.0f}%",
        lift=f"{top['lift']:.1f}",
        base=fmt.percent(metrics["base_rate"], lang),
    )


@callback(
    Output("mod-result", "children"),
    Output("mod-url", "search"),
    Input("mod-run-pick", "value"),
    State("mod-target", "value"),
)
@callback_for(*SEGMENT_ROLES)
def show(run_id, target):
    lang = current_language()
    target = target if target in TARGETS else TARGETS[0]
    if not run_id:
        return dbc.Alert(t("models.empty", lang), color="light", className="border"), "?" + urlencode(
            {"target": target}
        )
    meta = run_meta(int(run_id))
    if meta is None or not meta["kind"].startswith("propensity_") or meta.get("lineage") != current_lineage():
        return dbc.Alert(t("models.missing_run", lang), color="warning"), no_update
    try:
        body = _body(meta, lang)
    except Exception:
        log.exception("drawing the model run failed")
        return error_alert(lang), no_update
    return body, "?" + urlencode({"target": meta["kind"].removeprefix("propensity_"), "run": meta["run_id"]})


def _note_values(values: dict, lang: str) -> dict:
    """A note's values as read: split names translated, counts grouped."""
    out = dict(values)
    if out.get("split") in ("train", "valid", "test"):
        out["split"] = message(f"mining.propensity.split.{out['split']}", lang)
    for key, value in out.items():
        if isinstance(value, int) and not isinstance(value, bool):
            out[key] = fmt.number(value, lang)
    return out


def _body(meta: dict, lang: str) -> list:
    metrics = meta["metrics"]
    chosen = metrics["chosen"]
    notes = [
        html.Li(message(n["key"], lang, **_note_values(n.get("values") or {}, lang)))
        for n in metrics.get("notes") or []
    ]
    notes.append(html.Li(message("mining.propensity.refit_on", lang, rows=fmt.number(metrics["refit_rows"], lang))))
    target = metrics["target"]
    segment_field = "repurchase_score" if target == "repurchase" else "response_score"
    actions = html.Div(
        [
            dcc.Link(t("models.to_segments", lang, field=t(f"models.field.{segment_field}", lang)), href="/segments"),
            html.Span(" · ", className="text-muted"),
            dcc.Link(t("models.to_explore", lang), href=f"/explore?r=propensity.{target}"),
            *(
                [html.Span(" · ", className="text-muted"), dcc.Link(t("models.to_whatif", lang), href="/mining/whatif")]
                if target == "response"
                else []
            ),
        ],
        className="small mb-3",
    )
    card = lambda header, body: dbc.Card(  # noqa: E731
        [dbc.CardHeader(header), dbc.CardBody(body)], className="shadow-sm mb-3 h-100"
    )
    return [
        html.P(_sentence(metrics, lang), className="lead fs-6 mb-1", id="mod-sentence"),
        html.P(
            t(
                "models.run_line",
                lang,
                run=meta["run_id"],
                as_of=str(meta["as_of"]),
                customers=fmt.number(metrics["customers"], lang),
                user=meta.get("created_by") or "",
            ),
            className="small text-muted mb-2",
        ),
        actions,
        card(
            t("models.splits", lang),
            [html.P(t("models.splits.help", lang), className="small text-muted"), _splits(metrics, lang)],
        ),  # fmt: skip
        dbc.Row(
            [
                dbc.Col(card(t("models.roc", lang), dcc.Graph(figure=_roc(metrics, lang), config=GRAPH_CONFIG)), lg=6),
                dbc.Col(
                    card(t("models.gains", lang), dcc.Graph(figure=_gains(metrics, lang), config=GRAPH_CONFIG)), lg=6
                ),
            ],
            className="mb-3",
        ),
        dbc.Card(
            [
                dbc.CardHeader(
                    [
                        html.Span(t("models.detail", lang), className="me-3"),
                        dbc.RadioItems(
                            id="mod-model",
                            options=[{"label": model_name(m, lang), "value": m} for m in MODELS],
                            value=chosen,
                            inline=True,
                            className="d-inline-block",
                        ),
                    ]
                ),
                dbc.CardBody(
                    [
                        dcc.Store(id="mod-shown", data=meta["run_id"]),
                        html.H3(t("models.confusion", lang), className="h6"),
                        html.P(t("models.confusion.help", lang), className="small text-muted"),
                        dcc.Slider(
                            id="mod-threshold",
                            min=0,
                            max=1,
                            step=0.01,
                            value=round(float(metrics["models"][chosen]["threshold"]), 2),
                            marks={x / 10: f"{x / 10:.1f}" for x in range(11)},
                            tooltip={"placement": "bottom", "always_visible": True},
                        ),
                        html.Div(id="mod-confusion", className="mt-4"),
                        html.Hr(),
                        dbc.Row(
                            [
                                dbc.Col(
                                    [
                                        html.H3(t("models.lift", lang), className="h6"),
                                        dcc.Graph(id="mod-lift", config=GRAPH_CONFIG),
                                    ],
                                    lg=6,
                                ),
                                dbc.Col(
                                    [
                                        html.H3(t("models.importance", lang), className="h6"),
                                        html.P(t("models.importance.help", lang), className="small text-muted"),
                                        dcc.Graph(id="mod-importance", config=GRAPH_CONFIG),
                                    ],
                                    lg=6,
                                ),
                            ]
                        ),
                        html.Div(id="mod-rules"),
                    ]
                ),
            ],
            className="shadow-sm mb-3",
        ),
        html.Ul(notes, className="small text-muted", id="mod-notes"),
    ]


@callback(
    Output("mod-confusion", "children"),
    Output("mod-lift", "figure"),
    Output("mod-importance", "figure"),
    Output("mod-rules", "children"),
    Input("mod-threshold", "value"),
    Input("mod-model", "value"),
    State("mod-shown", "data"),
)
@callback_for(*SEGMENT_ROLES)
def detail(threshold, model, run_id):
    """The chosen model's confusion at the threshold (from the stored curve: no retraining)."""
    lang = current_language()
    meta = run_meta(int(run_id)) if run_id else None
    if meta is None or model not in MODELS:
        return no_update, no_update, no_update, no_update
    metrics = meta["metrics"]
    curve = pd.DataFrame(metrics["models"][model]["threshold_curve"])
    threshold = 0.5 if not isinstance(threshold, int | float) else min(max(float(threshold), 0.0), 1.0)
    row = curve.iloc[(curve["threshold"] - threshold).abs().argmin()]
    tp, fp, tn, fn = (int(row[k]) for k in ("tp", "fp", "tn", "fn"))
    total = tp + fp + tn + fn
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    accuracy = (tp + tn) / total if total else None
    yes, no = t("models.actual.yes", lang), t("models.actual.no", lang)
    cell = lambda n, good: html.Td(  # noqa: E731
        [html.Div(fmt.number(n, lang), className="fs-5 fw-semibold"), html.Div(fmt.percent(n / total if total else 0, lang), className="small text-muted")],
        className="text-center " + ("table-success" if good else "table-light"),
    )  # fmt: skip
    table = dbc.Table(
        [
            html.Thead(
                html.Tr(
                    [html.Th(""), html.Th(t("models.predicted.yes", lang)), html.Th(t("models.predicted.no", lang))]
                )
            ),
            html.Tbody(
                [
                    html.Tr([html.Th(yes), cell(tp, True), cell(fn, False)]),
                    html.Tr([html.Th(no), cell(fp, False), cell(tn, True)]),
                ]
            ),
        ],
        bordered=True,
        className="mb-2",
        id="mod-confusion-table",
        style={"maxWidth": "520px"},
    )
    summary = t(
        "models.confusion.summary",
        lang,
        threshold=f"{float(row['threshold']):.2f}",
        flagged=fmt.number(tp + fp, lang),
        precision="–" if precision is None else fmt.percent(precision, lang),
        recall="–" if recall is None else fmt.percent(recall, lang),
        accuracy="–" if accuracy is None else fmt.percent(accuracy, lang),
    )
    rules = None
    if model == "cart" and metrics["models"]["cart"].get("rules"):
        rules = [
            html.Hr(),
            html.H3(t("models.rules", lang), className="h6"),
            html.P(t("models.rules.help", lang), className="small text-muted"),
            html.Ol(
                [html.Li(line, className="small") for line in metrics["models"]["cart"]["rules"]], id="mod-rule-list"
            ),
        ]
    return (
        [table, html.P(summary, className="small", id="mod-confusion-summary")],
        _lift(metrics, model, lang),
        _importance(metrics, model, lang),
        rules,
    )
