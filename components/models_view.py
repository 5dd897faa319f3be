"""How a propensity model looks: the controls, a stored run (AUC by split, ROC, gains, the
sentence and notes) and its detail at a threshold (confusion, lift, importance, a tree's rules)."""

from __future__ import annotations

import datetime as dt

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from components.formatters import graph_config, grid_value_formatter
from components.glossary import info
from components.grids import data_grid
from components.studio import controls_card, job_controls
from components.theme import ACCENT, NEUTRAL, base_layout
from i18n import format as fmt
from i18n import t
from mining.propensity import DEFAULT_PARAMS, MODELS, PARAM_RANGES, TARGETS
from olap.urlstate import Problem

COLORS = {"cart": "#f59e0b", "hgb": ACCENT}
GRAPH = graph_config("model")
TOP_FEATURES = 15


def models_controls(target: str, catalog, campaigns: bool, lang: str) -> dbc.Card:
    """Target (the response model only with ``campaigns`` loaded), as-of day, horizon, the job, the run shown."""
    first, last = catalog.data_start, catalog.data_end
    low, high = PARAM_RANGES["horizon_days"]
    return controls_card(
        [
            dbc.Label(t("models.target", lang), html_for="mod-target"),
            dbc.RadioItems(
                id="mod-target",
                # the response model learns from campaign contacts: not offered while none are loaded
                options=[
                    {
                        "label": t(f"mining.propensity.target.{x}", lang),
                        "value": x,
                        "disabled": x == "response" and not campaigns,
                    }
                    for x in TARGETS
                ],  # fmt: skip
                value=target,
                className="mb-1",
            ),
            html.Div(id="mod-target-help", className="small text-muted mb-3"),
            dbc.Label(t("models.as_of", lang), html_for="mod-as-of"),
            dcc.DatePickerSingle(
                id="mod-as-of",
                date=last,
                min_date_allowed=first,
                max_date_allowed=last,
                display_format="YYYY-MM-DD",
                className="d-block mb-1",
            ),
            dbc.FormText(t("models.as_of.help", lang), className="d-block mb-3"),
            html.Div(
                [
                    dbc.Label(t("models.horizon", lang), html_for="mod-horizon"),
                    dbc.InputGroup(
                        [
                            dbc.Input(
                                id="mod-horizon",
                                type="number",
                                min=low,
                                max=high,
                                step=1,
                                value=DEFAULT_PARAMS["horizon_days"],
                            ),
                            dbc.InputGroupText(t("models.days", lang)),
                        ],
                        className="mb-3",
                    ),
                ],
                id="mod-horizon-box",
            ),
            *job_controls("mod", "models.run", lang),
            html.Hr(),
            dbc.Label(t("models.run_shown", lang), html_for="mod-run-pick"),
            dcc.Dropdown(id="mod-run-pick", clearable=False, placeholder=t("models.no_runs", lang)),
        ]
    )


def training(target, as_of, horizon) -> tuple[dt.date, dict]:
    """The training job's as-of day and parameters from the controls; ``Problem`` says what is wrong."""
    if target not in TARGETS:
        raise Problem("mining.propensity.unknown_target", target=target, allowed=", ".join(TARGETS))
    try:
        day = dt.date.fromisoformat(str(as_of)[:10])
    except ValueError:
        raise Problem("cube.bad_date", value=str(as_of)) from None
    if target != "repurchase":
        return day, {}
    low, high = PARAM_RANGES["horizon_days"]
    if not isinstance(horizon, int | float) or int(horizon) != horizon or not low <= horizon <= high:
        raise Problem("models.bad_horizon", low=low, high=high)
    return day, {"horizon_days": int(horizon)}


def run_options(found: list[dict], lang: str) -> list[dict]:
    """A target's stored runs as the run picker's options."""
    return [
        {
            "label": t(
                "models.run_label",
                lang,
                run=r["run_id"],
                as_of=str(r["as_of"]),
                auc=_auc_text(r["metrics"]),
                user=t("auto.run_label", lang) if r.get("auto_for") is not None else (r.get("created_by") or ""),
            ),
            "value": r["run_id"],
        }
        for r in found
    ]


def _auc_text(metrics: dict) -> str:
    try:
        chosen = metrics["chosen"]
        return f"{metrics['models'][chosen]['auc']['test']:.3f}"
    except (KeyError, TypeError):
        return "–"


def model_name(name: str, lang: str) -> str:
    key = f"mining.propensity.model.{name}"
    return t(key, lang, default=key)


def feature_label(info: dict, lang: str) -> str:
    return t(info["key"], lang, default=info["key"], **(info.get("values") or {}))


def _grid(grid_id: str, rows: list[dict], columns: list[dict]):
    return data_grid(grid_id, rows, columns, min_width=90)


def _splits(metrics: dict, lang: str) -> dag.AgGrid:
    rows = []
    for s in metrics["splits"]:
        row = {
            "split": t(f"mining.propensity.split.{s['split']}", lang),
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
            "headerName": t("mining.propensity.col.rows", lang),
            "type": "rightAligned",
            "valueFormatter": grid_value_formatter("count", lang),
        },  # fmt: skip
        {
            "field": "positives",
            "headerName": t("mining.propensity.col.positives", lang),
            "type": "rightAligned",
            "valueFormatter": grid_value_formatter("count", lang),
        },  # fmt: skip
        {
            "field": "rate",
            "headerName": t("mining.propensity.col.rate", lang),
            "type": "rightAligned",
            "valueFormatter": grid_value_formatter("percent", lang),
        },  # fmt: skip
        *[
            {
                "field": name,
                "headerName": f"AUC · {model_name(name, lang)}",
                "type": "rightAligned",
                "valueFormatter": grid_value_formatter("number", lang, decimals=3),
            }  # fmt: skip
            for name in MODELS
        ],
        {"field": "dates", "headerName": t("models.col.feature_dates", lang), "minWidth": 160},
        {"field": "labels", "headerName": t("models.col.label_period", lang), "minWidth": 190},
    ]
    return _grid("mod-splits", rows, cols)


def _chance(top: float, lang: str) -> go.Scatter:
    """The diagonal a model without skill would draw."""
    return go.Scatter(
        x=[0, top], y=[0, top], mode="lines", line=dict(color=NEUTRAL, dash="dot"), name=t("models.random", lang)
    )


def _roc(metrics: dict, lang: str) -> go.Figure:
    fig = go.Figure(_chance(1, lang))
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
    fig = go.Figure(_chance(100, lang))
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
        yaxis=dict(title=t("mining.propensity.col.lift", lang)),
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


def _note_values(values: dict, lang: str) -> dict:
    """A note's values as read: split names translated, counts grouped."""
    out = dict(values)
    if out.get("split") in ("train", "valid", "test"):
        out["split"] = t(f"mining.propensity.split.{out['split']}", lang)
    for key, value in out.items():
        if isinstance(value, int) and not isinstance(value, bool):
            out[key] = fmt.number(value, lang)
    return out


def baseline_line(metrics: dict, lang: str) -> str:
    """The chosen model beside recency alone and random, with the verdict (``mining.propensity.baseline``)."""
    base = metrics.get("baselines")
    if not base:
        return t("models.baseline.missing", lang)
    share = lambda part: fmt.percent(base[part]["top_share"], lang)  # noqa: E731
    low, high = base["auc_difference"]
    line = t(
        "models.baseline.line",
        lang,
        buyers=t(f"models.baseline.buyers.{metrics['target']}", lang),
        recency_share=share("recency"),
        recency_auc=f"{base['recency']['auc']:.3f}",
        model_share=share("model"),
        model_auc=f"{base['model']['auc']:.3f}",
    )
    verdict = t(f"models.baseline.{base['verdict']}", lang, low=f"{low:+.3f}", high=f"{high:+.3f}")
    return f"{line} {verdict}"


def history_lines(metrics: dict, lang: str) -> list[str]:
    """What the run did with the campaign-history features: used (kept on validation), left out, unavailable."""
    history = metrics.get("history") or {}
    names = lambda infos: ", ".join(feature_label(i, lang) for i in infos)  # noqa: E731
    auc = lambda key: "–" if history.get(key) is None else f"{history[key]:.3f}"  # noqa: E731
    lines = []
    if history.get("used"):
        line = t("mining.propensity.history.used", lang, features=names(history["used"]))
        if history.get("valid_auc_without") is not None:
            kept = t(
                "mining.propensity.history.kept",
                lang,
                with_auc=auc("valid_auc_with"),
                without_auc=auc("valid_auc_without"),
            )
            line = f"{line} {kept}"
        lines.append(line)
    if history.get("left_out"):
        lines.append(t("mining.propensity.history.left_out", lang, features=names(history["left_out"]),
                       with_auc=auc("valid_auc_with"), without_auc=auc("valid_auc_without")))  # fmt: skip
    if history.get("unavailable"):
        lines.append(t("mining.propensity.history.unavailable", lang, features=names(history["unavailable"])))
    return lines


def run_body(meta: dict, lang: str) -> list:
    """A stored run: the sentence, the splits, ROC and gains, the detail card (filled by ``detail_view``), notes."""
    metrics = meta["metrics"]
    chosen = metrics["chosen"]
    notes = [
        html.Li(t(n["key"], lang, default=n["key"], **_note_values(n.get("values") or {}, lang)))
        for n in metrics.get("notes") or []
    ]
    notes += [html.Li(line, className="mod-history") for line in history_lines(metrics, lang)]
    notes.append(html.Li(t("mining.propensity.refit_on", lang, rows=fmt.number(metrics["refit_rows"], lang))))
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
        html.P(baseline_line(metrics, lang), className="mb-1", id="mod-baseline"),
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
                dbc.Col(
                    card(
                        [t("models.roc", lang), info("auc", lang)], dcc.Graph(figure=_roc(metrics, lang), config=GRAPH)
                    ),
                    lg=6,
                ),
                dbc.Col(card(t("models.gains", lang), dcc.Graph(figure=_gains(metrics, lang), config=GRAPH)), lg=6),
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
                                        html.H3([t("models.lift", lang), info("lift", lang)], className="h6"),
                                        dcc.Graph(id="mod-lift", config=GRAPH),
                                    ],
                                    lg=6,
                                ),
                                dbc.Col(
                                    [
                                        html.H3(t("models.importance", lang), className="h6"),
                                        html.P(t("models.importance.help", lang), className="small text-muted"),
                                        dcc.Graph(id="mod-importance", config=GRAPH),
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


def detail_view(metrics: dict, model: str, threshold, lang: str) -> tuple:
    """The model's confusion at the threshold (from the stored curve: no retraining), its lift,
    what drives it and (a tree) its rules."""
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
