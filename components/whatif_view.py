"""The what-if page's answer as components: the sentence, metric cards with their range, the profit
histogram, the channel comparison and the channels' history (no queries, no arithmetic)."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import plotly.graph_objects as go
from dash import dcc, html

from components.formatters import column, graph_config
from components.grids import data_grid
from components.theme import ACCENT, base_layout
from i18n import format as fmt
from i18n import t
from mining.simulate import WhatIfAnswer


def problem(text: str) -> dbc.Alert:
    """What is wrong with the form or the offer, in words."""
    return dbc.Alert(text, color="warning", className="mb-0", id="wi-problem")


def whatif_view(answer: WhatIfAnswer, segment_name: str, lang: str) -> list:
    """The result column: sentence, cards, basis and notes, histogram, comparison, history."""
    result = answer.result
    notes = [html.Li(t(key, lang, default=key, **_readable(values, lang))) for key, values in result.notes]
    histogram = dcc.Graph(
        figure=_histogram(np.asarray(result.profit_sample, dtype=float), lang), config=graph_config("whatif")
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


CARDS = (  # metric, kind, component id: what the campaign itself adds first
    ("incremental_profit", "money", "wi-incremental-profit"),
    ("incremental_responders", "count", "wi-incremental"),
    ("responders", "count", "wi-responders"),
    ("revenue", "money", "wi-revenue"),
    ("cost", "money", "wi-cost"),
    ("profit", "money", "wi-profit"),
    ("incremental_roi", "ratio", "wi-iroi"),
    ("roi", "ratio", "wi-roi"),
)


def _cards(expected: dict, lang: str) -> dbc.Row:
    flagged = (
        None
        if ratio_meaningful(expected)
        else t("whatif.ratio_flagged", lang, share=fmt.percent(MEANINGFUL_COST_SHARE, lang, decimals=0))
    )
    return dbc.Row(
        [
            _card(t(f"mining.simulate.metric.{m}", lang), expected[m], kind, lang, card_id, flagged=flagged)
            for m, kind, card_id in CARDS
        ]
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


def _card(title: str, metric: dict, kind: str, lang: str, card_id: str, flagged: str | None = None) -> dbc.Col:
    """One figure with its likely range; a ratio whose cost is near zero shows why it is not given."""
    mean, p10, p90 = metric.get("mean"), metric.get("p10"), metric.get("p90")
    rng = t("whatif.range", lang, low=_amount(p10, lang, kind), high=_amount(p90, lang, kind))
    if kind == "ratio" and flagged:
        mean, rng = None, flagged
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
        expected = {"cost": {"mean": row.get("cost")}, "profit": {"mean": row.get("profit_mean")}}
        if not ratio_meaningful(expected):
            row["roi_mean"] = None  # shown empty, as in the cards: a near-free channel's ratio means nothing
    cols = [
        {"field": "channel", "headerName": t("mining.simulate.offer.channel", lang), "pinned": "left", "minWidth": 120},
        column("cost_per_contact", t("mining.simulate.offer.cost_per_contact", lang), "money", lang, decimals=2),
        column("responders_mean", t("mining.simulate.metric.responders", lang), "count", lang),
        column("incremental_responders_mean", t("mining.simulate.metric.incremental_responders", lang), "count", lang),
        column("revenue_mean", t("mining.simulate.metric.revenue", lang), "money", lang),
        column("cost", t("mining.simulate.metric.cost", lang), "money", lang),
        column("profit_mean", t("mining.simulate.metric.profit", lang), "money", lang),
        column("incremental_profit_mean", t("mining.simulate.col.incremental_profit_mean", lang), "money", lang),
        column("roi_mean", t("mining.simulate.metric.roi", lang), "percent", lang, decimals=0),
        column("expected_rate", t("mining.simulate.col.expected_rate", lang), "percent", lang, decimals=2),
        column("break_even_rate", t("mining.simulate.col.break_even_rate", lang), "percent", lang, decimals=2),
    ]
    grid = _grid("wi-compare", rows, cols)
    grid.getRowStyle = {"styleConditions": [{"condition": "params.data.chosen", "style": {"fontWeight": "600"}}]}
    return grid


def _history_grid(history, lang: str) -> dag.AgGrid:
    rows = history.replace({np.nan: None}).to_dict(orient="records")
    cols = [
        {"field": "channel", "headerName": t("mining.simulate.offer.channel", lang), "pinned": "left", "minWidth": 120},
        column("contacts", t("mining.simulate.col.contacts", lang), "count", lang),
        column("responses", t("mining.simulate.col.responses", lang), "count", lang),
        column("rate", t("mining.simulate.col.rate", lang), "percent", lang, decimals=2),
        column("control_rate", t("mining.simulate.col.control_rate", lang), "percent", lang, decimals=2),
        column("uplift", t("mining.simulate.col.uplift", lang), "percent", lang, decimals=2),
        column("avg_order_value", t("mining.simulate.col.avg_order_value", lang), "money", lang),
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
    """Who buys, then what the campaign itself adds after its cost (incremental profit, or loss): the
    figure to decide on. A ratio is never the headline: on a near-free channel it can read 245,137 %."""
    e = result.expected
    said = t(
        "whatif.sentence",
        lang,
        contacts=fmt.number(result.contacts, lang),
        segment=name or t("whatif.segment.all", lang),
        channel=result.channel,
        responders=fmt.number(e["responders"]["mean"], lang),
        low=fmt.number(e["responders"]["p10"], lang),
        high=fmt.number(e["responders"]["p90"], lang),
        incremental=fmt.number(e["incremental_responders"]["mean"], lang)
        if _known(e["incremental_responders"]["mean"])
        else "–",
    )
    gain = e["incremental_profit"]
    if not _known(gain["mean"]):
        return f"{said} {t('whatif.sentence.no_baseline', lang, profit=fmt.money(e['profit']['mean'], lang))}"
    bounds = dict(inc_low=_amount(gain["p10"], lang, "money"), inc_high=_amount(gain["p90"], lang, "money"))
    if gain["mean"] < 0:
        return f"{said} {t('whatif.sentence.loss', lang, inc_loss=fmt.money(-gain['mean'], lang), **bounds)}"
    return f"{said} {t('whatif.sentence.gain', lang, inc_profit=fmt.money(gain['mean'], lang), **bounds)}"


def _known(value) -> bool:
    return value is not None and value == value


# A ratio over a cost this small next to the gross profit says more about the cost than the campaign.
MEANINGFUL_COST_SHARE = 0.01


def ratio_meaningful(expected: dict) -> bool:
    """Whether ROI-like ratios (profit / cost) mean anything: the cost is at least
    ``MEANINGFUL_COST_SHARE`` of the expected gross profit (and above zero)."""
    cost = expected["cost"]["mean"] or 0.0
    gross = abs(expected["profit"]["mean"] + cost) if _known(expected["profit"]["mean"]) else 0.0
    return cost > 0 and cost >= MEANINGFUL_COST_SHARE * gross
