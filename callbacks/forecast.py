"""Forecast page wiring: the question in the URL, the fit as a background job, then the chart,
the backtest against the seasonal-naive baseline, the candidates and the numbers to download."""

from __future__ import annotations

import logging

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from components.access import ALL_ROLES, background_for, callback_for
from components.errors import error_alert
from components.grids import data_grid
from components.jobs import message, progress_reporter
from components.theme import ACCENT, NEUTRAL, base_layout
from i18n import current_language, t
from mining.errors import MiningError
from olap.cube import CubeError
from olap.engine import execute
from olap.forecast_state import FILTER_LEVELS, MAX_HORIZON, read_request, request_search
from olap.labels import format_value, level_option_label, measure_label, member_label, refusal_text
from olap.query import make_spec

log = logging.getLogger(__name__)
GRAPH_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "xrm-forecast"}}
HISTORY_SHOWN = {"month": 48, "week": 156}  # periods of history drawn before the forecast


# --------------------------------------------------------------------------- the question


@callback(
    Output("fc-filter-members", "options"),
    Output("fc-filter-members", "value"),
    Input("fc-filter-level", "value"),
    State("fc-filters", "data"),
    State("fc-measure", "value"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def filter_members(level_id, filters, measure):
    """The chosen level's members, biggest first, with the ones already filtered ticked."""
    if level_id not in FILTER_LEVELS:
        return [], []
    lang = current_language()
    try:
        df = execute(make_spec([measure or "revenue"], rows=[level_id], limit=500))
    except CubeError as exc:
        return [{"label": refusal_text(exc, lang), "value": "", "disabled": True}], []
    label_col = f"{level_id}:label"
    options = [
        {"label": member_label(level_id, k, df[label_col].iloc[i] if label_col in df else None, lang), "value": str(k)}
        for i, k in enumerate(df[level_id])
        if k is not None
    ]
    return options, list((filters or {}).get(level_id, []))


@callback(
    Output("fc-filters", "data"),
    Input("fc-filter-members", "value"),
    Input("fc-filter-clear", "n_clicks"),
    State("fc-filter-level", "value"),
    State("fc-filters", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def set_filters(members, _clear, level_id, filters):
    if ctx.triggered_id == "fc-filter-clear":
        return {}
    if level_id not in FILTER_LEVELS:
        return no_update
    filters = dict(filters or {})
    if members:
        filters[level_id] = [str(m) for m in members]
    else:
        filters.pop(level_id, None)
    return filters


@callback(
    Output("fc-filter-chips", "children"),
    Output("fc-filter-clear", "disabled"),
    Input("fc-filters", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def show_filters(filters):
    lang = current_language()
    chips = [
        dbc.Badge(
            [
                f"{level_option_label(level_id, lang)}: ",
                ", ".join(member_label(level_id, m, None, lang) for m in members),
            ],
            color="light",
            text_color="dark",
            className="me-1 mb-1 border",
        )
        for level_id, members in (filters or {}).items()
    ]
    return chips, not filters


@callback(
    Output("fc-horizon-unit", "children"),
    Output("fc-horizon", "max"),
    Input("fc-grain", "value"),
)
@callback_for(*ALL_ROLES)
def horizon_unit(grain):
    grain = grain if grain in MAX_HORIZON else "month"
    return t(f"forecast.unit.{grain}", current_language()), MAX_HORIZON[grain]


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Output("fc-request", "data", allow_duplicate=True),
    Output("fc-run-message", "children", allow_duplicate=True),
    Input("fc-run", "n_clicks"),
    State("fc-measure", "value"),
    State("fc-grain", "value"),
    State("fc-horizon", "value"),
    State("fc-dates", "start_date"),
    State("fc-dates", "end_date"),
    State("fc-filters", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def ask(_clicks, measure, grain, horizon, start, end, filters, search):
    """Put the question in the URL (the page reopens on it and runs); the same question again
    runs again without a reload."""
    lang = current_language()
    grain = grain if grain in MAX_HORIZON else "month"
    if not isinstance(horizon, int | float) or int(horizon) != horizon or not 1 <= horizon <= MAX_HORIZON[grain]:
        text = t("forecast.bad_horizon", lang, value="" if horizon is None else horizon, most=MAX_HORIZON[grain])
        return no_update, no_update, dbc.Alert(text, color="warning", className="mb-0")
    query = {"m": measure, "g": grain, "h": str(int(horizon)), "from": start or "", "to": end or ""}
    for level_id, members in (filters or {}).items():
        query[f"f.{level_id}"] = members
    from data.warehouse import get_warehouse

    first, last = (
        get_warehouse()
        .cursor()
        .execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line")
        .fetchone()
    )
    request, problems = read_request(query, first, last)
    if problems:
        return no_update, no_update, dbc.Alert(refusal_text(problems[0], lang), color="warning", className="mb-0")
    new_search = request_search(request)
    if new_search != (search or ""):
        return new_search, no_update, None
    return no_update, {**request, "again": (_clicks or 0)}, None


# --------------------------------------------------------------------------- the job


def _records(frame: pd.DataFrame) -> list[dict]:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out.replace({np.nan: None}).to_dict(orient="records")


def result_data(result, request: dict) -> dict:
    """A forecast result as JSON for the page's store."""
    history = result.history
    return {
        "request": request,
        "model": result.model,
        "grain": result.grain,
        "horizon": result.horizon,
        "season": result.season,
        "backtest_horizon": result.backtest_horizon,
        "history": {"period": [p.strftime("%Y-%m-%d") for p in history.index], "value": history.tolist()},
        "forecast": _records(result.forecast),
        "baseline_forecast": _records(result.baseline_forecast),
        "candidates": _records(result.candidates),
        "baseline": {
            k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in result.baseline.items()
        },
        "backtest": _records(result.backtest),
        "notes": [[key, values] for key, values in result.notes],
        "improvement": None if not np.isfinite(result.improvement) else result.improvement,
    }


@callback(
    Output("fc-result", "data"),
    Output("fc-run-message", "children"),
    Input("fc-request", "data"),
    State("fc-user", "data"),
    State("fc-lang", "data"),
    background=True,
    running=[(Output("fc-run", "disabled"), True, False), (Output("fc-cancel", "disabled"), False, True)],
    progress=[Output("fc-progress", "value"), Output("fc-progress", "label")],
    cancel=[Input("fc-cancel", "n_clicks")],
)
@background_for(*ALL_ROLES)
def run(set_progress, request, _token, lang):
    """Backtest the models and forecast in a worker process (roles were checked on the request)."""
    from mining.forecast import forecast_slice

    lang = lang if lang in ("en", "ko") else "en"
    if not request:
        return None, None
    try:
        result = forecast_slice(
            request["measure"],
            request["filters"],
            request["grain"],
            request["start"],
            request["end"],
            int(request["horizon"]),
            progress=progress_reporter(set_progress, lang),
        )
    except MiningError as exc:
        return None, dbc.Alert(message(exc.key, lang, **exc.values), color="warning", className="mb-0", id="fc-refused")
    except CubeError as exc:
        return None, dbc.Alert(refusal_text(exc, lang), color="warning", className="mb-0", id="fc-refused")
    except Exception:
        log.exception("forecast failed")
        return None, error_alert(lang)
    return result_data(result, request), None


# --------------------------------------------------------------------------- showing it


def model_name(model: str, lang: str) -> str:
    return message(f"mining.forecast.model.{model}", lang)


def _period_text(period: str, grain: str, lang: str) -> str:
    from mining.forecast import period_label

    return member_label(f"time.{grain}", period_label(period, grain), None, lang)


def _figure(data: dict, lang: str) -> go.Figure:
    grain, measure = data["grain"], data["request"]["measure"]
    shown = HISTORY_SHOWN[grain]
    hist = pd.DataFrame(data["history"]).tail(shown)
    fc = pd.DataFrame(data["forecast"])
    base = pd.DataFrame(data["baseline_forecast"])
    # the forecast line starts at the last actual value, so the two lines join
    join_x = [hist["period"].iloc[-1], *fc["period"]]
    fig = go.Figure()
    for level, alpha in ((95, 0.12), (80, 0.25)):
        fig.add_trace(
            go.Scatter(
                x=[*fc["period"], *fc["period"][::-1]],
                y=[*fc[f"hi{level}"], *fc[f"lo{level}"][::-1]],
                fill="toself",
                fillcolor=f"rgba(37, 99, 235, {alpha})",
                line=dict(width=0),
                hoverinfo="skip",
                name=t("forecast.band", lang, level=level),
            )
        )
    fig.add_trace(
        go.Scatter(
            x=hist["period"],
            y=hist["value"],
            mode="lines",
            line=dict(color=NEUTRAL, width=2),
            name=t("forecast.actual", lang),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=join_x,
            y=[hist["value"].iloc[-1], *fc["mean"]],
            mode="lines+markers",
            line=dict(color=ACCENT, width=2, dash="dash"),
            marker=dict(size=4),
            name=model_name(data["model"], lang),
        )
    )
    if not base.empty and data["baseline"].get("model") != data["model"]:
        fig.add_trace(
            go.Scatter(
                x=base["period"],
                y=base["mean"],
                mode="lines",
                line=dict(color="#94a3b8", width=1.5, dash="dot"),
                name=model_name(data["baseline"]["model"], lang),
                visible="legendonly",
            )
        )
    fig.update_layout(
        **base_layout(showlegend=True, margin=dict(l=60, r=10, t=10, b=40)),
        yaxis=dict(title=measure_label(measure, lang), rangemode="tozero"),
        height=420,
        hovermode="x unified",
    )
    fig.update_layout(legend=dict(orientation="h", y=-0.12))
    return fig


def _backtest_figure(data: dict, lang: str) -> go.Figure:
    bt = pd.DataFrame(data["backtest"])
    fig = go.Figure()
    if bt.empty:
        return fig
    actual = bt.groupby("period")["actual"].first().sort_index()
    fig.add_trace(go.Scatter(x=actual.index, y=actual.values, mode="lines+markers", name=t("forecast.actual", lang),
                             line=dict(color=NEUTRAL)))  # fmt: skip
    shown = [data["model"], data["baseline"].get("model")]
    for model, color in zip(shown, (ACCENT, "#94a3b8"), strict=False):
        if model and model in bt.columns:
            for origin, part in bt.groupby("origin"):
                fig.add_trace(
                    go.Scatter(
                        x=part["period"],
                        y=part[model],
                        mode="lines",
                        line=dict(color=color, dash="dash" if model == data["model"] else "dot"),
                        name=model_name(model, lang),
                        legendgroup=model,
                        showlegend=origin == bt["origin"].iloc[0],
                    )
                )
        if shown[0] == shown[1]:
            break
    fig.update_layout(
        **base_layout(showlegend=True, margin=dict(l=60, r=10, t=10, b=40)),
        height=300,
    )
    fig.update_layout(legend=dict(orientation="h", y=-0.2))
    return fig


def _num(value, lang: str, measure: str) -> str:
    return format_value(measure, value, lang)


def _grid(grid_id: str, rows: list[dict], columns: list[dict]):
    return data_grid(grid_id, rows, columns, wrap_headers=False)


def _candidates(data: dict, lang: str) -> dag.AgGrid:
    rows = []
    for r in data["candidates"]:
        note = r.get("note")
        rows.append(
            {
                **r,
                "name": model_name(r["model"], lang),
                "note": message(note, lang) if note else "",
                "converged": t("forecast.yes", lang) if r.get("converged") else t("forecast.no", lang),
                "chosen": "✓" if r.get("chosen") else "",
            }
        )
    two = {"function": "params.value == null ? '–' : d3.format('.3f')(params.value)"}
    pct = {"function": "params.value == null ? '–' : d3.format('.1%')(params.value)"}
    cols = [
        {"field": "chosen", "headerName": message("mining.forecast.col.chosen", lang), "maxWidth": 90},
        {"field": "name", "headerName": message("mining.forecast.col.model", lang), "minWidth": 200},
        {
            "field": "mase",
            "headerName": message("mining.forecast.col.mase", lang),
            "type": "rightAligned",
            "valueFormatter": two,
            "sort": "asc",
        },  # fmt: skip
        {
            "field": "mape",
            "headerName": message("mining.forecast.col.mape", lang),
            "type": "rightAligned",
            "valueFormatter": pct,
        },  # fmt: skip
        {"field": "converged", "headerName": message("mining.forecast.col.converged", lang), "maxWidth": 130},
        {
            "field": "warnings",
            "headerName": message("mining.forecast.col.warnings", lang),
            "type": "rightAligned",
            "maxWidth": 130,
        },  # fmt: skip
        {"field": "note", "headerName": message("mining.forecast.col.note", lang), "minWidth": 220},
    ]
    return _grid("fc-candidates", rows, cols)


def _table(data: dict, lang: str) -> dag.AgGrid:
    grain = data["grain"]
    rows = [{**r, "label": _period_text(r["period"], grain, lang)} for r in data["forecast"]]
    fmt_js = {"function": "params.value == null ? '–' : d3.format(',.0f')(params.value)"}
    cols = [{"field": "label", "headerName": message("mining.forecast.col.period", lang), "pinned": "left"}]
    cols.append({"field": "mean", "headerName": message("mining.forecast.col.mean", lang), "type": "rightAligned",
                 "valueFormatter": fmt_js})  # fmt: skip
    for key in ("lo80", "hi80", "lo95", "hi95"):
        cols.append({"field": key, "headerName": t(f"forecast.col.{key}", lang), "type": "rightAligned",
                     "valueFormatter": fmt_js})  # fmt: skip
    return _grid("fc-table", rows, cols)


def _sentence(data: dict, lang: str) -> str:
    measure, grain = data["request"]["measure"], data["grain"]
    fc = pd.DataFrame(data["forecast"])
    chosen = next((c for c in data["candidates"] if c["model"] == data["model"]), {})
    base = data["baseline"]
    values = dict(
        model=model_name(data["model"], lang),
        measure=measure_label(measure, lang),
        h=data["horizon"],
        unit=t(f"forecast.unit.{grain}", lang),
        total=_num(float(fc["mean"].sum()), lang, measure),
        next=_period_text(fc["period"].iloc[0], grain, lang),
        next_value=_num(float(fc["mean"].iloc[0]), lang, measure),
        lo=_num(float(fc["lo80"].iloc[0]), lang, measure),
        hi=_num(float(fc["hi80"].iloc[0]), lang, measure),
        mase="–" if chosen.get("mase") is None else f"{chosen['mase']:.2f}",
        base_model=model_name(base.get("model") or "snaive", lang),
        base_mase="–" if base.get("mase") is None else f"{base['mase']:.2f}",
    )
    if data["model"] == base.get("model"):
        return t("forecast.sentence.baseline", lang, **values)
    better = data.get("improvement")
    values["better"] = "–" if better is None else f"{better * 100:.0f}%"
    return t("forecast.sentence", lang, **values)


@callback(
    Output("fc-body", "children"),
    Input("fc-result", "data"),
)
@callback_for(*ALL_ROLES)
def show(data):
    lang = current_language()
    if not data:
        return dbc.Alert(t("forecast.empty", lang), color="light", className="border")
    try:
        return _body(data, lang)
    except Exception:
        log.exception("drawing the forecast failed")
        return error_alert(lang)


def _scope(data: dict, lang: str) -> str:
    request = data["request"]
    filters = request.get("filters") or {}
    if not filters:
        return t("forecast.filter.all", lang)
    return "; ".join(
        f"{level_option_label(lv, lang)}: {', '.join(member_label(lv, m, None, lang) for m in ms)}"
        for lv, ms in filters.items()
    )


def _body(data: dict, lang: str) -> list:
    measure, grain = data["request"]["measure"], data["grain"]
    fc = pd.DataFrame(data["forecast"])
    chosen = next((c for c in data["candidates"] if c["model"] == data["model"]), {})
    base = data["baseline"]

    def card(title, value, sub, card_id):
        return dbc.Col(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(title, className="text-muted small"),
                        html.Div(value, className="fs-4 fw-semibold", id=card_id),
                        html.Div(sub, className="small text-muted"),
                    ]
                ),
                className="shadow-sm h-100",
            ),
            sm=6,
            lg=3,
            className="mb-3",
        )

    cards = dbc.Row(
        [
            card(
                t("forecast.card.next", lang, period=_period_text(fc["period"].iloc[0], grain, lang)),
                _num(float(fc["mean"].iloc[0]), lang, measure),
                t(
                    "forecast.card.range80",
                    lang,
                    lo=_num(float(fc["lo80"].iloc[0]), lang, measure),
                    hi=_num(float(fc["hi80"].iloc[0]), lang, measure),
                ),
                "fc-next",
            ),
            card(
                t("forecast.card.total", lang, h=data["horizon"], unit=t(f"forecast.unit.{grain}", lang)),
                _num(float(fc["mean"].sum()), lang, measure),
                t("forecast.card.total_sub", lang),
                "fc-total",
            ),
            card(
                t("forecast.card.mase", lang, model=model_name(data["model"], lang)),
                "–" if chosen.get("mase") is None else f"{chosen['mase']:.2f}",
                t(
                    "forecast.card.mase_sub",
                    lang,
                    base=model_name(base.get("model") or "snaive", lang),
                    value="–" if base.get("mase") is None else f"{base['mase']:.2f}",
                ),
                "fc-mase",
            ),
            card(
                t("forecast.card.mape", lang),
                "–" if chosen.get("mape") is None else f"{chosen['mape'] * 100:.1f}%",
                t(
                    "forecast.card.mape_sub",
                    lang,
                    base=model_name(base.get("model") or "snaive", lang),
                    value="–" if base.get("mape") is None else f"{base['mape'] * 100:.1f}%",
                ),
                "fc-mape",
            ),
        ]
    )
    notes = [html.Li(message(key, lang, **(values or {}))) for key, values in data["notes"]]
    return [
        html.P(_sentence(data, lang), className="lead fs-6 mb-1", id="fc-sentence"),
        html.P(_scope(data, lang), className="small text-muted mb-3", id="fc-scope"),
        cards,
        dbc.Card(
            dbc.CardBody(dcc.Graph(id="fc-graph", figure=_figure(data, lang), config=GRAPH_CONFIG)),
            className="shadow-sm mb-3",
        ),
        html.Ul(notes, className="small", id="fc-notes") if notes else None,
        dbc.Card(
            [
                dbc.CardHeader(
                    t("forecast.backtest", lang, h=data["backtest_horizon"], unit=t(f"forecast.unit.{grain}", lang))
                ),
                dbc.CardBody(
                    [
                        html.P(t("forecast.backtest.help", lang), className="small text-muted"),
                        _candidates(data, lang),
                        dcc.Graph(figure=_backtest_figure(data, lang), config=GRAPH_CONFIG, className="mt-3"),
                    ]
                ),
            ],
            className="shadow-sm mb-3",
        ),
        dbc.Card(
            [
                dbc.CardHeader(
                    [
                        t("forecast.table", lang),
                        dbc.Button(
                            t("forecast.download", lang),
                            id="fc-download-csv",
                            size="sm",
                            color="secondary",
                            outline=True,
                            className="float-end",
                        ),
                    ]
                ),
                dbc.CardBody(_table(data, lang)),
            ],
            className="shadow-sm mb-3",
        ),
    ]


@callback(
    Output("fc-download", "data"),
    Input("fc-download-csv", "n_clicks"),
    State("fc-result", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def download(_clicks, data):
    """The forecast with its intervals and the history it was fitted on, as CSV (exact values)."""
    if not data:
        return no_update
    from mining.forecast import period_label

    grain = data["grain"]
    hist = pd.DataFrame(data["history"]).rename(columns={"value": "actual"})
    fc = pd.DataFrame(data["forecast"])
    table = pd.concat([hist, fc], ignore_index=True)
    table.insert(0, grain, [period_label(p, grain) for p in table["period"]])
    table = table.drop(columns=["period"])
    name = f"xrm-forecast-{data['request']['measure']}-{grain}.csv"
    return dcc.send_data_frame(table.to_csv, name, index=False)
