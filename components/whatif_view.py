"""The what-if page's answer as components: the sentence, metric cards with their range, the profit
histogram, the channel comparison and the channels' history (no queries, no arithmetic)."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import plotly.graph_objects as go
from dash import dcc, html

from components.grids import data_grid
from components.jobs import message
from components.theme import ACCENT, base_layout
from i18n import format as fmt
from i18n import t
from mining.simulate import WhatIfAnswer

MONEY = {"function": "params.value == null ? '–' : d3.format(',.0f')(params.value)"}
PCT = {"function": "params.value == null ? '–' : d3.format('.2%')(params.value)"}
NUM = {"function": "params.value == null ? '–' : d3.format(',.0f')(params.value)"}
TIMES = {"function": "params.value == null ? '–' : d3.format('.0%')(params.value)"}


def problem(text: str) -> dbc.Alert:
    """What is wrong with the form or the offer, in words."""
    return dbc.Alert(text, color="warning", className="mb-0", id="wi-problem")


def whatif_view(answer: WhatIfAnswer, segment_name: str, lang: str) -> list:
    """The result column: sentence, cards, basis and notes, histogram, comparison, history."""
    result = answer.result
    notes = [html.Li(message(key, lang, **_readable(values, lang))) for key, values in result.notes]
    histogram = dcc.Graph(
        figure=_histogram(np.asarray(result.profit_sample, dtype=float), lang), config={"displaylogo": False}
    )
    return [
        html.P(_sentence(result, segment_name, lang), className="lead fs-6 mb-3", id="wi-sentence"),
        _cards(result.expected, lang),
        html.P([_basis(result, lang), " ", _model(answer.model, lang)], className="small text-muted"),
        html.Ul(notes, className="small", id="wi-notes") if notes else None,
        _section(t("whatif.hist.title", lang), histogram),
        _section(t("whatif.compare", lang), _compare_grid(answer.comparison, result.channel, lang)),
        _section(t("whatif.history", lang), _history_grid(answer.history, lang)),
    ]


def _section(title: str, body) -> dbc.Card:
    return dbc.Card([dbc.CardHeader(title), dbc.CardBody(body)], className="shadow-sm mb-3")


CARDS = (  # metric, kind, component id
    ("responders", "count", "wi-responders"),
    ("incremental_responders", "count", "wi-incremental"),
    ("revenue", "money", "wi-revenue"),
    ("cost", "money", "wi-cost"),
    ("profit", "money", "wi-profit"),
    ("incremental_profit", "money", "wi-incremental-profit"),
    ("roi", "ratio", "wi-roi"),
    ("incremental_roi", "ratio", "wi-iroi"),
)


def _cards(expected: dict, lang: str) -> dbc.Row:
    return dbc.Row(
        [_card(t(f"mining.simulate.metric.{m}", lang), expected[m], kind, lang, card_id) for m, kind, card_id in CARDS]
    )


def _basis(result, lang: str) -> str:
    """The order value and where it comes from, the expected and the break-even rates."""
    return t(
        "whatif.basis",
        lang,
        value=fmt.money(result.order_value, lang, exact=True),
        source=t(f"whatif.value_source.{result.order_value_source}", lang),
        rate=fmt.percent(result.expected_rate, lang, decimals=2),
        break_even="–" if result.break_even_rate is None else fmt.percent(result.break_even_rate, lang, decimals=2),
    )


def _model(meta: dict | None, lang: str) -> str:
    if meta:
        return t("whatif.model_used", lang, run=meta["run_id"], as_of=str(meta["as_of"]))
    return t("whatif.model_none", lang)


def _amount(value, lang: str, kind: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if kind == "money":
        return fmt.money(value, lang)
    if kind == "ratio":
        return fmt.percent(value, lang)
    return fmt.number(value, lang)


def _card(title: str, metric: dict, kind: str, lang: str, card_id: str) -> dbc.Col:
    mean, p10, p90 = metric.get("mean"), metric.get("p10"), metric.get("p90")
    rng = t("whatif.range", lang, low=_amount(p10, lang, kind), high=_amount(p90, lang, kind))
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(title, className="text-muted small"),
                    html.Div(_amount(mean, lang, kind), className="fs-4 fw-semibold", id=card_id),
                    html.Div(rng, className="small text-muted"),
                ]
            ),
            className="shadow-sm h-100",
        ),
        sm=6,
        lg=3,
        className="mb-3",
    )


def _histogram(sample: np.ndarray, lang: str) -> go.Figure:
    fig = go.Figure(
        go.Histogram(x=sample, nbinsx=30, marker_color=ACCENT, name=t("mining.simulate.metric.profit", lang))
    )
    if sample.size and sample.min() <= 0 <= sample.max():  # break-even inside the range: mark it
        fig.add_vline(x=0, line_color="#dc2626", line_dash="dash")
    fig.update_layout(
        **base_layout(margin=dict(l=50, r=10, t=10, b=50)),
        xaxis=dict(title=t("whatif.hist.x", lang)),
        yaxis=dict(title=t("whatif.hist.y", lang)),
        height=260,
        bargap=0.05,
    )
    return fig


def _grid(grid_id: str, rows: list[dict], columns: list[dict]):
    return data_grid(grid_id, rows, columns, min_width=110)


def _compare_grid(frame, chosen: str, lang: str) -> dag.AgGrid:
    rows = frame.replace({np.nan: None}).to_dict(orient="records")
    for row in rows:
        row["chosen"] = row["channel"] == chosen
    cols = [
        {"field": "channel", "headerName": t("mining.simulate.offer.channel", lang), "pinned": "left", "minWidth": 120},
        {
            "field": "cost_per_contact",
            "headerName": t("mining.simulate.offer.cost_per_contact", lang),
            "type": "rightAligned",
            "valueFormatter": {"function": "d3.format(',.2f')(params.value)"},
        },  # fmt: skip
        {
            "field": "responders_mean",
            "headerName": t("mining.simulate.metric.responders", lang),
            "type": "rightAligned",
            "valueFormatter": NUM,
        },  # fmt: skip
        {
            "field": "incremental_responders_mean",
            "headerName": t("mining.simulate.metric.incremental_responders", lang),
            "type": "rightAligned",
            "valueFormatter": NUM,
        },  # fmt: skip
        {
            "field": "revenue_mean",
            "headerName": t("mining.simulate.metric.revenue", lang),
            "type": "rightAligned",
            "valueFormatter": MONEY,
        },  # fmt: skip
        {
            "field": "cost",
            "headerName": t("mining.simulate.metric.cost", lang),
            "type": "rightAligned",
            "valueFormatter": MONEY,
        },
        {
            "field": "profit_mean",
            "headerName": t("mining.simulate.metric.profit", lang),
            "type": "rightAligned",
            "valueFormatter": MONEY,
        },  # fmt: skip
        {
            "field": "incremental_profit_mean",
            "headerName": t("mining.simulate.col.incremental_profit_mean", lang),
            "type": "rightAligned",
            "valueFormatter": MONEY,
        },  # fmt: skip
        {
            "field": "roi_mean",
            "headerName": t("mining.simulate.metric.roi", lang),
            "type": "rightAligned",
            "valueFormatter": TIMES,
        },
        {
            "field": "expected_rate",
            "headerName": t("mining.simulate.col.expected_rate", lang),
            "type": "rightAligned",
            "valueFormatter": PCT,
        },  # fmt: skip
        {
            "field": "break_even_rate",
            "headerName": t("mining.simulate.col.break_even_rate", lang),
            "type": "rightAligned",
            "valueFormatter": PCT,
        },  # fmt: skip
    ]
    grid = _grid("wi-compare", rows, cols)
    grid.getRowStyle = {"styleConditions": [{"condition": "params.data.chosen", "style": {"fontWeight": "600"}}]}
    return grid


def _history_grid(history, lang: str) -> dag.AgGrid:
    rows = history.replace({np.nan: None}).to_dict(orient="records")
    cols = [
        {"field": "channel", "headerName": t("mining.simulate.offer.channel", lang), "pinned": "left", "minWidth": 120},
        {
            "field": "contacts",
            "headerName": t("mining.simulate.col.contacts", lang),
            "type": "rightAligned",
            "valueFormatter": NUM,
        },  # fmt: skip
        {
            "field": "responses",
            "headerName": t("mining.simulate.col.responses", lang),
            "type": "rightAligned",
            "valueFormatter": NUM,
        },  # fmt: skip
        {
            "field": "rate",
            "headerName": t("mining.simulate.col.rate", lang),
            "type": "rightAligned",
            "valueFormatter": PCT,
        },
        {
            "field": "control_rate",
            "headerName": t("mining.simulate.col.control_rate", lang),
            "type": "rightAligned",
            "valueFormatter": PCT,
        },  # fmt: skip
        {
            "field": "uplift",
            "headerName": t("mining.simulate.col.uplift", lang),
            "type": "rightAligned",
            "valueFormatter": PCT,
        },
        {
            "field": "avg_order_value",
            "headerName": t("mining.simulate.col.avg_order_value", lang),
            "type": "rightAligned",
            "valueFormatter": MONEY,
        },  # fmt: skip
    ]
    return _grid("wi-history", rows, cols)


def _readable(values: dict, lang: str) -> dict:
    """A note's numbers as people read them: rates in %, money with its symbol, counts grouped."""
    out = {}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            out[name] = value
        elif "rate" in name or "uplift" in name:
            out[name] = fmt.percent(float(value), lang, decimals=2)
        elif name in ("margin", "discount") or name.endswith("_pct"):
            out[name] = f"{float(value):.1f}%"
        elif "value" in name or "cost" in name or "profit" in name:
            out[name] = fmt.money(float(value), lang, exact=True)
        else:
            out[name] = fmt.number(float(value), lang)
    return out


def _sentence(result, name: str, lang: str) -> str:
    e = result.expected
    roi = e["roi"]["mean"]
    return t(
        "whatif.sentence",
        lang,
        contacts=fmt.number(result.contacts, lang),
        segment=name or t("whatif.segment.all", lang),
        channel=result.channel,
        responders=fmt.number(e["responders"]["mean"], lang),
        low=fmt.number(e["responders"]["p10"], lang),
        high=fmt.number(e["responders"]["p90"], lang),
        incremental=fmt.number(e["incremental_responders"]["mean"], lang)
        if e["incremental_responders"]["mean"] == e["incremental_responders"]["mean"]
        else "–",
        profit=fmt.money(e["profit"]["mean"], lang),
        roi="–" if roi is None else fmt.percent(roi, lang),
    )
