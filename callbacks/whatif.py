"""What-if page wiring: simulate the offer to the segment, compare channels, keep the URL."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import plotly.graph_objects as go
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from components.access import SEGMENT_ROLES, callback_for
from components.errors import error_alert
from components.grids import data_grid
from components.jobs import message
from components.theme import ACCENT, base_layout
from crm.segments import segment_members, segment_version
from data.warehouse import get_warehouse
from i18n import current_language, t
from i18n import format as fmt
from mining.errors import MiningError
from mining.simulate import Offer, campaign_channels, channel_history, compare_offers, response_scores, simulate

log = logging.getLogger(__name__)
ALL = "all"

_TYPICAL_COST = """
    SELECT ch.name, avg(k.cost_per_contact) AS cost_per_contact
    FROM dim_campaign k JOIN dim_channel ch ON ch.channel_id = k.channel_id
    GROUP BY ch.name
"""


def typical_costs(cursor) -> dict[str, float]:
    """What a contact cost on each channel in past campaigns (the default of an offer)."""
    return {name: float(cost) for name, cost in cursor.execute(_TYPICAL_COST).fetchall() if cost is not None}


def _customers(cursor, segment: str) -> tuple[list[int], str]:
    if segment in (None, "", ALL):
        sql = "SELECT customer_id FROM dim_customer WHERE is_guest IS NOT TRUE ORDER BY 1"  # guests are no customer
        ids = [r[0] for r in cursor.execute(sql).fetchall()]
        return ids, ""
    segment_id = int(segment)
    version = segment_version(segment_id)
    return segment_members(segment_id, version["version"]), version.get("name") or ""


def _bad(text: str):
    return dbc.Alert(text, color="warning", className="mb-0", id="wi-problem")


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


MONEY = {"function": "params.value == null ? '–' : d3.format(',.0f')(params.value)"}
PCT = {"function": "params.value == null ? '–' : d3.format('.2%')(params.value)"}
NUM = {"function": "params.value == null ? '–' : d3.format(',.0f')(params.value)"}
TIMES = {"function": "params.value == null ? '–' : d3.format('.0%')(params.value)"}


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


@callback(
    Output("wi-cpc", "value"),
    Input("wi-channel", "value"),
    State("wi-cpc", "value"),
)
@callback_for(*SEGMENT_ROLES)
def default_cost(channel, current):
    """A new channel brings its typical cost per contact; on arrival, a cost in the link stays."""
    if not channel or (ctx.triggered_id is None and current not in (None, "")):
        return no_update
    costs = typical_costs(get_warehouse().cursor())
    return round(costs[channel], 2) if channel in costs else no_update


@callback(
    Output("wi-result", "children"),
    Output("wi-url", "search"),
    Input("wi-run", "n_clicks"),
    Input("wi-autorun", "data"),
    State("wi-segment", "value"),
    State("wi-channel", "value"),
    State("wi-cpc", "value"),
    State("wi-fixed", "value"),
    State("wi-discount", "value"),
    State("wi-margin", "value"),
    State("wi-aov", "value"),
    State("wi-use-scores", "value"),
)
@callback_for(*SEGMENT_ROLES)
def run(clicks, autorun, segment, channel, cpc, fixed, discount, margin, aov, use_scores):
    lang = current_language()
    if not clicks and not autorun:
        return no_update, no_update
    if not channel:
        return _bad(t("whatif.no_channel", lang)), no_update
    if cpc in (None, ""):
        return _bad(t("whatif.no_cost", lang)), no_update
    for value in (cpc, fixed, discount, margin, aov):
        if value not in (None, "") and not isinstance(value, int | float):
            return _bad(t("whatif.not_a_number", lang)), no_update
    cursor = get_warehouse().cursor()
    try:
        ids, name = _customers(cursor, segment)
    except (KeyError, ValueError, LookupError):
        return _bad(t("whatif.no_segment", lang)), no_update
    scores, meta = response_scores() if use_scores else (None, None)
    offer = Offer(
        channel=channel,
        cost_per_contact=float(cpc),
        fixed_cost=float(fixed or 0),
        discount_pct=float(discount or 0),
        margin_pct=None if margin in (None, "") else float(margin),
        expected_order_value=None if aov in (None, "") else float(aov),
    )
    try:
        history = channel_history(cursor)
        result = simulate(cursor, ids, offer, scores, history=history, consent=True)
        costs = typical_costs(cursor)
        offers = [
            offer if c == channel else Offer(**{**offer.__dict__, "channel": c, "cost_per_contact": costs.get(c, 0.0)})
            for c in campaign_channels(cursor)
        ]
        comparison = compare_offers(cursor, ids, offers, scores, consent=True)
    except MiningError as exc:
        return _bad(message(exc.key, lang, **exc.values)), no_update
    except Exception:
        log.exception("simulation failed")
        return error_alert(lang), no_update
    search = "?" + urlencode(
        {
            k: v
            for k, v in {
                "seg": segment or ALL,
                "ch": channel,
                "cpc": cpc,
                "fixed": fixed,
                "disc": discount,
                "margin": margin,
                "aov": aov,
                "scores": "1" if use_scores else "0",
            }.items()
            if v not in (None, "")
        }
    )
    return _body(result, name, comparison, history, meta, lang), search


def _body(result, name: str, comparison, history, meta, lang: str) -> list:
    e = result.expected
    cards = dbc.Row(
        [
            _card(t("mining.simulate.metric.responders", lang), e["responders"], "count", lang, "wi-responders"),
            _card(
                t("mining.simulate.metric.incremental_responders", lang),
                e["incremental_responders"],
                "count",
                lang,
                "wi-incremental",
            ),
            _card(t("mining.simulate.metric.revenue", lang), e["revenue"], "money", lang, "wi-revenue"),
            _card(t("mining.simulate.metric.cost", lang), e["cost"], "money", lang, "wi-cost"),
            _card(t("mining.simulate.metric.profit", lang), e["profit"], "money", lang, "wi-profit"),
            _card(
                t("mining.simulate.metric.incremental_profit", lang),
                e["incremental_profit"],
                "money",
                lang,
                "wi-incremental-profit",
            ),
            _card(t("mining.simulate.metric.roi", lang), e["roi"], "ratio", lang, "wi-roi"),
            _card(t("mining.simulate.metric.incremental_roi", lang), e["incremental_roi"], "ratio", lang, "wi-iroi"),
        ]
    )
    source = t(
        "whatif.basis",
        lang,
        value=fmt.money(result.order_value, lang, exact=True),
        source=t(f"whatif.value_source.{result.order_value_source}", lang),
        rate=fmt.percent(result.expected_rate, lang, decimals=2),
        break_even="–" if result.break_even_rate is None else fmt.percent(result.break_even_rate, lang, decimals=2),
    )
    model = (
        t("whatif.model_used", lang, run=meta["run_id"], as_of=str(meta["as_of"]))
        if meta
        else t("whatif.model_none", lang)
    )
    notes = [html.Li(message(key, lang, **_readable(values, lang))) for key, values in result.notes]
    return [
        html.P(_sentence(result, name, lang), className="lead fs-6 mb-3", id="wi-sentence"),
        cards,
        html.P([source, " ", model], className="small text-muted"),
        html.Ul(notes, className="small", id="wi-notes") if notes else None,
        dbc.Card(
            [
                dbc.CardHeader(t("whatif.hist.title", lang)),
                dbc.CardBody(
                    dcc.Graph(
                        figure=_histogram(np.asarray(result.profit_sample, dtype=float), lang),
                        config={"displaylogo": False},
                    )
                ),
            ],
            className="shadow-sm mb-3",
        ),
        dbc.Card(
            [dbc.CardHeader(t("whatif.compare", lang)), dbc.CardBody(_compare_grid(comparison, result.channel, lang))],
            className="shadow-sm mb-3",
        ),
        dbc.Card(
            [dbc.CardHeader(t("whatif.history", lang)), dbc.CardBody(_history_grid(history, lang))],
            className="shadow-sm mb-3",
        ),
    ]
