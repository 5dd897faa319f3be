"""How a forecast looks: the controls (set from a ``ForecastState``), the filter chips, and a result
(the sentence, cards, chart with intervals, the backtest against the seasonal-naive baseline, the
table) drawn from the JSON the job leaves in the page's store (``result_data``)."""

from __future__ import annotations

import logging

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from components.charts import money_ticks
from components.coverage import measure_options
from components.formatters import graph_config, grid_value_formatter, measure_column
from components.glossary import info
from components.grids import data_grid
from components.labels import level_option_label, member_label
from components.studio import controls_card, job_controls
from components.theme import ACCENT, NEUTRAL, base_layout
from i18n import t
from mining.forecast import period_label
from olap.cube import MEASURES
from olap.forecast_state import FILTER_LEVELS, FORECAST_MEASURES, GRAINS, ForecastState
from olap.labels import format_value, measure_label

log = logging.getLogger(__name__)
GRAPH = graph_config("forecast")
HISTORY_SHOWN = {"month": 48, "week": 156}  # periods of history drawn before the forecast

__all__ = ["ForecastState", "forecast_body", "forecast_controls", "filter_chips", "kept_result"]


def forecast_controls(state: ForecastState, catalog, lang: str) -> dbc.Card:
    """Measure, grain, horizon, history, filters and the job's controls, set to ``state``."""
    grain = state.grain
    return controls_card(
        [
            dbc.Label(t("forecast.measure", lang), html_for="fc-measure"),
            dcc.Dropdown(
                id="fc-measure",
                options=measure_options(FORECAST_MEASURES, lang),
                value=state.measure,
                clearable=False,
                className="mb-3",
            ),
            dbc.Label(t("forecast.grain", lang), html_for="fc-grain"),
            dbc.RadioItems(
                id="fc-grain",
                options=[{"label": t(f"forecast.grain.{g}", lang), "value": g} for g in GRAINS],
                value=grain,
                inline=True,
                className="mb-3",
            ),
            dbc.Label(t("forecast.horizon", lang), html_for="fc-horizon"),
            dbc.InputGroup(
                [
                    dbc.Input(id="fc-horizon", type="number", min=1, step=1, value=state.horizon),
                    dbc.InputGroupText(id="fc-horizon-unit", children=t(f"forecast.unit.{grain}", lang)),
                ],
                className="mb-3",
            ),
            dbc.Label(t("forecast.history", lang), html_for="fc-dates"),
            dcc.DatePickerRange(
                id="fc-dates",
                start_date=state.start.isoformat(),
                end_date=state.end.isoformat(),
                min_date_allowed=catalog.data_start,
                max_date_allowed=catalog.data_end,
                display_format="YYYY-MM-DD",
                className="d-block mb-3",
            ),
            dbc.Label(t("forecast.filter", lang), html_for="fc-filter-level"),
            dcc.Dropdown(
                id="fc-filter-level",
                options=[{"label": level_option_label(lv, lang), "value": lv} for lv in FILTER_LEVELS],
                placeholder=t("forecast.filter.level", lang),
                className="mb-2",
            ),
            dcc.Dropdown(
                id="fc-filter-members",
                multi=True,
                placeholder=t("forecast.filter.members", lang),
                className="mb-2",
            ),
            html.Div(filter_chips(state.filters, lang), id="fc-filter-chips", className="mb-2"),
            dbc.Button(
                t("forecast.filter.clear", lang),
                id="fc-filter-clear",
                size="sm",
                color="link",
                className="p-0 mb-3",
                disabled=not state.filters,
            ),
            *job_controls("fc", "forecast.run", lang),
        ]
    )


def filter_chips(filters: dict, lang: str) -> list:
    """One badge per filtered level: its name and members."""
    return [
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


def member_options(level_id: str, frame, lang: str) -> list[dict]:
    """A level's members (a cube answer, biggest first) as dropdown options."""
    label_col = f"{level_id}:label"
    return [
        {
            "label": member_label(level_id, k, frame[label_col].iloc[i] if label_col in frame else None, lang),
            "value": str(k),
        }
        for i, k in enumerate(frame[level_id])
        if k is not None
    ]


def _records(frame: pd.DataFrame) -> list[dict]:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out.replace({np.nan: None}).to_dict(orient="records")


def kept_result(request: dict) -> dict | None:
    """The page's store for ``request`` when the current version has its forecast kept, else None."""
    from mining.forecast.kept import kept_forecast

    try:
        found = kept_forecast(request)
    except Exception:  # noqa: BLE001 - an unreadable cache only means computing it again
        log.exception("reading a kept forecast failed")
        return None
    return None if found is None else result_data(found, request)


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


def model_name(model: str, lang: str) -> str:
    key = f"mining.forecast.model.{model}"
    return t(key, lang, default=key)


def _period_text(period: str, grain: str, lang: str) -> str:
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
    top = max([*hist["value"], *fc["hi95"]], default=0)
    fig.update_layout(
        **base_layout(showlegend=True, margin=dict(l=60, r=10, t=10, b=40)),
        yaxis=dict(title=measure_label(measure, lang), rangemode="tozero", **_value_ticks(measure, top, lang)),
        height=420,
        hovermode="x unified",
    )
    fig.update_layout(legend=dict(orientation="h", y=-0.12))
    return fig


def _value_ticks(measure: str, top: float, lang: str) -> dict:
    """A money measure's axis in the cards' money (the currency; M or 만/억); others as plotly draws them."""
    if MEASURES[measure].kind != "money":
        return {}
    return money_ticks(float(top), lang)


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
    values = [*actual.values, *(bt[m].max() for m in shown if m and m in bt.columns)]
    fig.update_layout(
        **base_layout(showlegend=True, margin=dict(l=60, r=10, t=10, b=40)),
        yaxis=_value_ticks(data["request"]["measure"], max(values, default=0), lang),
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
                "note": t(note, lang, default=note) if note else "",
                "converged": t("forecast.yes", lang) if r.get("converged") else t("forecast.no", lang),
                "chosen": "✓" if r.get("chosen") else "",
            }
        )
    two = grid_value_formatter("number", lang, decimals=3)
    pct = grid_value_formatter("percent", lang)
    cols = [
        {"field": "chosen", "headerName": t("mining.forecast.col.chosen", lang), "maxWidth": 90},
        {"field": "name", "headerName": t("mining.forecast.col.model", lang), "minWidth": 200},
        {
            "field": "mase",
            "headerName": t("mining.forecast.col.mase", lang),
            "type": "rightAligned",
            "valueFormatter": two,
            "sort": "asc",
        },  # fmt: skip
        {
            "field": "mape",
            "headerName": t("mining.forecast.col.mape", lang),
            "type": "rightAligned",
            "valueFormatter": pct,
        },  # fmt: skip
        {"field": "converged", "headerName": t("mining.forecast.col.converged", lang), "maxWidth": 130},
        {
            "field": "warnings",
            "headerName": t("mining.forecast.col.warnings", lang),
            "type": "rightAligned",
            "maxWidth": 130,
        },  # fmt: skip
        {"field": "note", "headerName": t("mining.forecast.col.note", lang), "minWidth": 220},
    ]
    return _grid("fc-candidates", rows, cols)


def _table(data: dict, lang: str) -> dag.AgGrid:
    grain = data["grain"]
    rows = [{**r, "label": _period_text(r["period"], grain, lang)} for r in data["forecast"]]
    measure = data["request"]["measure"]
    cols = [{"field": "label", "headerName": t("mining.forecast.col.period", lang), "pinned": "left"}]
    cols.append(measure_column("mean", t("mining.forecast.col.mean", lang), measure, lang))
    for key in ("lo80", "hi80", "lo95", "hi95"):
        cols.append(measure_column(key, t(f"forecast.col.{key}", lang), measure, lang))
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


def _scope(data: dict, lang: str) -> str:
    request = data["request"]
    filters = request.get("filters") or {}
    if not filters:
        return t("forecast.filter.all", lang)
    return "; ".join(
        f"{level_option_label(lv, lang)}: {', '.join(member_label(lv, m, None, lang) for m in ms)}"
        for lv, ms in filters.items()
    )


def forecast_body(data: dict, lang: str) -> list:
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

    def accuracy(metric: str, show):
        """The chosen model's backtest error ``metric`` next to the baseline's."""
        said = lambda v: "–" if v is None else show(v)  # noqa: E731
        base_name = model_name(base.get("model") or "snaive", lang)
        title = t(f"forecast.card.{metric}", lang, model=model_name(data["model"], lang))
        return card(
            [title, info("mase", lang)] if metric == "mase" else title,
            said(chosen.get(metric)),
            t(f"forecast.card.{metric}_sub", lang, base=base_name, value=said(base.get(metric))),
            f"fc-{metric}",
        )

    cards = dbc.Row(
        [
            card(
                [
                    t("forecast.card.next", lang, period=_period_text(fc["period"].iloc[0], grain, lang)),
                    info("p10_p90", lang),
                ],
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
            accuracy("mase", lambda v: f"{v:.2f}"),
            accuracy("mape", lambda v: f"{v * 100:.1f}%"),
        ]
    )
    notes = [html.Li(t(key, lang, default=key, **(values or {}))) for key, values in data["notes"]]
    return [
        html.P(_sentence(data, lang), className="lead fs-6 mb-1", id="fc-sentence"),
        html.P(_scope(data, lang), className="small text-muted mb-3", id="fc-scope"),
        cards,
        dbc.Card(
            dbc.CardBody(dcc.Graph(id="fc-graph", figure=_figure(data, lang), config=GRAPH)),
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
                        dcc.Graph(figure=_backtest_figure(data, lang), config=GRAPH, className="mt-3"),
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


def download_frame(data: dict) -> pd.DataFrame:
    """The forecast with its intervals after the history it was fitted on (exact values)."""
    grain = data["grain"]
    hist = pd.DataFrame(data["history"]).rename(columns={"value": "actual"})
    table = pd.concat([hist, pd.DataFrame(data["forecast"])], ignore_index=True)
    table.insert(0, grain, [period_label(p, grain) for p in table["period"]])
    return table.drop(columns=["period"])
