"""How an RFM run looks: the R×F grid, segment and tier tables, the lifetime-value holdout check,
the honest notes, and the movement between two dates."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from components.formatters import column, graph_config, grid_value_formatter
from components.glossary import info
from components.grids import data_grid
from components.studio import card
from components.theme import ACCENT, NEUTRAL, base_layout
from i18n import format as fmt
from i18n import t
from mining.rfm import ARRIVED, CLV_ABSENT, GONE, SEGMENTS, TIER_NAMES, rf_grid

GRAPH = graph_config("rfm")


def segment_label(name: str, lang: str) -> str:
    if name == ARRIVED:
        return t("mining.rfm.arrived", lang)
    if name == GONE:
        return t("mining.rfm.gone", lang)
    return t(f"mining.rfm.segment.{name}", lang, default=f"mining.rfm.segment.{name}")


def tier_label(name: str, lang: str) -> str:
    return t(f"mining.rfm.tier.{name}", lang, default=f"mining.rfm.tier.{name}")


def grid_figure(scores: pd.DataFrame, lang: str) -> go.Figure:
    grid = rf_grid(scores)
    counts = grid.pivot(index="r", columns="f", values="customers").sort_index(ascending=False)
    money = grid.pivot(index="r", columns="f", values="monetary").sort_index(ascending=False)
    names = grid.pivot(index="r", columns="f", values="segment").sort_index(ascending=False)
    text = [
        [f"{segment_label(names.loc[r, f], lang)}<br>{int(counts.loc[r, f]):,}" for f in counts.columns]
        for r in counts.index
    ]
    hover = [
        [
            f"R{r} F{f} · {segment_label(names.loc[r, f], lang)}<br>{int(counts.loc[r, f]):,} · {fmt.money(money.loc[r, f], lang)}"
            for f in counts.columns
        ]
        for r in counts.index
    ]
    fig = go.Figure(
        go.Heatmap(
            z=counts.to_numpy(),
            x=[str(f) for f in counts.columns],
            y=[str(r) for r in counts.index],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hoverinfo="text",
            colorscale="Blues",
            showscale=False,
        )
    )
    fig.update_layout(
        **base_layout(margin=dict(l=60, r=10, t=10, b=50)),
        xaxis=dict(title=t("rfm.grid.f", lang)),
        yaxis=dict(title=t("rfm.grid.r", lang)),
        height=420,
    )
    return fig


def _table(grid_id: str, rows: list[dict], columns: list[dict]) -> dag.AgGrid:
    return data_grid(grid_id, rows, columns, min_width=90, wrap_headers=False)


def one_time_buyers(scores: pd.DataFrame) -> pd.Series:
    """True for buyers without a repeat purchase (BG/NBD gives them P(alive) = 1 by construction);
    NA where the run does not say (a run stored without the column)."""
    if "repeat_purchases" not in scores:
        return pd.Series(pd.NA, index=scores.index, dtype="boolean")
    return (scores["repeat_purchases"] == 0).astype("boolean")


def summary_rows(scores: pd.DataFrame, key: str, order, label, lang: str) -> list[dict]:
    """One row per segment (or tier): size, spend, RFM means, CLV and P(alive) (None when the run
    has no CLV) and the share of one-time buyers, whose P(alive) is 1 by construction."""
    total = len(scores)
    frame = scores.assign(_one_time=one_time_buyers(scores).astype("Float64"))
    agg = frame.groupby(key).agg(
        customers=("customer_id", "size"),
        monetary=("monetary", "sum"),
        recency=("recency_days", "mean"),
        frequency=("frequency", "mean"),
        clv=("clv_12m", lambda v: v.sum() if v.notna().any() else None),
        p_alive=("p_alive", "mean"),
        one_time=("_one_time", "mean"),
    )
    agg = agg.reindex([o for o in order if o in agg.index])
    return [
        {
            "name": label(name, lang),
            "code": name,
            "customers": int(r.customers),
            "share": r.customers / total if total else None,
            "monetary": float(r.monetary),
            "recency": float(r.recency),
            "frequency": float(r.frequency),
            "clv": None if pd.isna(r.clv) else float(r.clv),
            "p_alive": None if pd.isna(r.p_alive) else float(r.p_alive),
            "one_time": None if pd.isna(r.one_time) else float(r.one_time),
        }
        for name, r in agg.iterrows()
    ]


def summary_grid(scores: pd.DataFrame, key: str, order, label, lang: str) -> dag.AgGrid:
    rows = summary_rows(scores, key, order, label, lang)
    one = grid_value_formatter("number", lang, decimals=1)
    pct = grid_value_formatter("percent", lang)
    # an average that includes one-time buyers (P(alive) = 1 by construction) is marked *
    alive = grid_value_formatter("percent", lang, suffix_js="params.data.one_time > 0 ? '*' : ''")
    head = "rfm.col.segment" if key == "segment" else "rfm.col.tier"
    columns = [
        {"field": "name", "headerName": t(head, lang), "minWidth": 150},
        {"field": "customers", "headerName": t("rfm.col.customers", lang), "type": "rightAligned"},
        {"field": "share", "headerName": t("rfm.col.share", lang), "type": "rightAligned", "valueFormatter": pct},
        column("monetary", t("rfm.col.monetary", lang), "money", lang),
        {"field": "recency", "headerName": t("rfm.col.recency", lang), "type": "rightAligned", "valueFormatter": one},
        {
            "field": "frequency",
            "headerName": t("rfm.col.frequency", lang),
            "type": "rightAligned",
            "valueFormatter": one,
        },
        column("clv", t("rfm.col.clv", lang), "money", lang),
        {"field": "p_alive", "headerName": t("rfm.col.p_alive", lang), "type": "rightAligned", "valueFormatter": alive},
        {
            "field": "one_time",
            "headerName": t("rfm.col.one_time", lang),
            "headerTooltip": t("rfm.col.one_time.help", lang),
            "type": "rightAligned",
            "valueFormatter": pct,
        },
    ]
    return _table(f"rfm-{key}-table", rows, columns)


def holdout(metrics: dict, lang: str):
    check = metrics.get("holdout")
    if not check:
        return None
    if "error" in check:
        reason = t(check["error"], lang, default=check["error"], **(check.get("values") or {}))
        return html.P(t("rfm.holdout.missing", lang, reason=reason), className="text-muted small")
    if check.get("calibration"):
        return calibration_view(check, lang)
    table = pd.DataFrame(check["table"])
    fig = go.Figure()
    fig.add_bar(
        x=table["bucket"].astype(str), y=table["actual"], name=t("rfm.holdout.actual", lang), marker_color=NEUTRAL
    )
    fig.add_bar(
        x=table["bucket"].astype(str), y=table["predicted"], name=t("rfm.holdout.predicted", lang), marker_color=ACCENT
    )
    fig.update_layout(
        **base_layout(showlegend=True, barmode="group", margin=dict(l=50, r=10, t=10, b=50)),
        xaxis=dict(title=t("rfm.holdout.bucket", lang), type="category"),
        height=300,
    )
    error = check.get("purchases_error_pct")
    summary = t(
        "rfm.holdout.summary",
        lang,
        cutoff=check["cutoff"],
        end=check["end"],
        predicted=fmt.number(check["predicted_purchases"], lang),
        actual=fmt.number(check["actual_purchases"], lang),
        error=f"{error:+.1f}%" if error is not None else "–",
        corr=f"{check['correlation']:.2f}",
    )
    return html.Div([html.P(summary, id="rfm-holdout-summary"), dcc.Graph(figure=fig, config=GRAPH)])


def calibration_figure(calibration: pd.DataFrame, lang: str) -> go.Figure:
    """The classic calibration view: mean holdout purchases per customer, predicted and actual, by
    repeat purchases before the cutoff (0 … 7+)."""
    fig = go.Figure()
    x = calibration["purchases"].astype(str)
    fig.add_scatter(x=x, y=calibration["actual"], name=t("rfm.holdout.actual_mean", lang), mode="lines+markers",
                    line=dict(color=NEUTRAL))  # fmt: skip
    fig.add_scatter(x=x, y=calibration["predicted"], name=t("rfm.holdout.predicted_mean", lang),
                    mode="lines+markers", line=dict(color=ACCENT, dash="dash"))  # fmt: skip
    fig.update_layout(
        **base_layout(showlegend=True, margin=dict(l=50, r=10, t=10, b=50)),
        xaxis=dict(title=t("rfm.holdout.bucket", lang), type="category"),
        yaxis=dict(title=t("rfm.holdout.per_customer", lang)),
        height=300,
    )
    return fig


def calibration_rows(calibration: pd.DataFrame, lang: str) -> list[list[str]]:
    return [
        [
            r.purchases,
            fmt.number(r.customers, lang),
            fmt.number(r.actual, lang, 2),
            fmt.number(r.predicted, lang, 2),
            "–" if r.error_pct is None or r.error_pct != r.error_pct else f"{r.error_pct:+.1f}%",
        ]
        for r in calibration.itertuples()
    ]


def calibration_view(check: dict, lang: str) -> html.Div:
    """The holdout check as the calibration view, its total error and how far to trust the tiers."""
    calibration = pd.DataFrame(check["calibration"])
    error = check.get("purchases_error_pct")
    summary = t(
        "rfm.holdout.total",
        lang,
        cutoff=check["cutoff"],
        end=check["end"],
        predicted=fmt.number(check["predicted_purchases"], lang),
        actual=fmt.number(check["actual_purchases"], lang),
        error=f"{error:+.1f}%" if error is not None else "–",
        mae=fmt.number(check["mae_per_customer"], lang, 2),
    )
    trust = t(f"rfm.holdout.trust.{check.get('trust', 'rough')}", lang)
    head = [t(f"rfm.holdout.col.{k}", lang) for k in ("purchases", "customers", "actual", "predicted", "error")]
    table = dbc.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in head])),
            html.Tbody([html.Tr([html.Td(c) for c in r]) for r in calibration_rows(calibration, lang)]),
        ],
        size="sm",
        className="small",
        id="rfm-calibration-table",
    )
    return html.Div(
        [
            html.P(summary, id="rfm-holdout-summary"),
            html.P(trust, className="fw-semibold", id="rfm-holdout-trust"),
            dcc.Graph(figure=calibration_figure(calibration, lang), config=GRAPH, id="rfm-calibration"),
            table,
        ]
    )


def _kpi(label, value: str, key: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(label, className="text-muted small"),
                    html.Div(value, className="fs-4 fw-semibold", **{"data-kpi": key}),
                ]
            ),
            className="shadow-sm",
        ),
        md=4,
        className="mb-3",
    )


def clv_absent(metrics: dict, lang: str):
    """Why the run has no lifetime value (its models could not be fitted), in words; None if it has."""
    if metrics.get("clv_status") != CLV_ABSENT:
        return None
    reason = metrics.get("clv_reason") or {}
    key = reason.get("key", "mining.clv.no_convergence")
    text = t(key, lang, default=key, **(reason.get("values") or {}))
    return dbc.Alert(t("rfm.clv_absent", lang, reason=text), color="info", id="rfm-clv-absent", className="small")


def notes(scores: pd.DataFrame, metrics: dict, lang: str) -> list:
    """Honest labels: how many buyers are one-time buyers (P(alive) 1 by construction) and how
    many customers are left out because they have no positive spend."""
    notes = []
    one_time = int(one_time_buyers(scores).sum())
    if one_time and scores["p_alive"].notna().any():
        text = t(
            "rfm.one_time_note",
            lang,
            n=fmt.number(one_time, lang),
            total=fmt.number(len(scores), lang),
            share=fmt.percent(one_time / len(scores), lang),
        )
        notes.append(html.P(text, className="small text-muted mt-2 mb-0", id="rfm-one-time-note"))
    excluded = int(metrics.get("no_positive_spend") or 0)
    if excluded:
        text = t("rfm.no_spend_note", lang, n=fmt.number(excluded, lang))
        notes.append(html.P(text, className="small text-muted mt-2 mb-0", id="rfm-no-spend-note"))
    return notes


def run_view(meta: dict, scores: pd.DataFrame, guest, lang: str) -> html.Div:
    """A stored run (``meta``, its ``scores``) with the note on guest checkouts (``guest``)."""
    metrics = meta["metrics"]
    run_info = t(
        "rfm.run_info",
        lang,
        run=meta["run_id"],
        as_of=fmt.date(meta["as_of"], lang),
        date=fmt.date(meta["created_at"].date(), lang),
        user=meta["created_by"],
        n=fmt.number(meta["rows"], lang),
    )
    check = holdout(metrics, lang)
    clv_total = fmt.money(scores["clv_12m"].sum(), lang) if scores["clv_12m"].notna().any() else "–"
    return html.Div(
        [
            html.P(run_info, className="small", id="rfm-run-info"),
            guest,
            dbc.Row(
                [
                    _kpi(t("rfm.kpi.customers", lang), fmt.number(len(scores), lang), "customers"),
                    _kpi(t("rfm.kpi.monetary", lang), fmt.money(scores["monetary"].sum(), lang), "monetary"),
                    _kpi([t("rfm.kpi.clv", lang), info("clv", lang)], clv_total, "clv"),
                ]
            ),
            clv_absent(metrics, lang),
            card(t("rfm.grid", lang), dcc.Graph(figure=grid_figure(scores, lang), config=GRAPH, id="rfm-grid")),
            card(
                [t("rfm.segments", lang), info("rfm", lang)],
                [
                    summary_grid(scores, "segment", SEGMENTS, segment_label, lang),
                    *notes(scores, metrics, lang),
                    html.P(t("rfm.segment_hint", lang), className="small text-muted mt-2 mb-0"),
                ],
            ),
            card(t("rfm.tiers", lang), summary_grid(scores, "tier", TIER_NAMES, tier_label, lang)),
            card([t("rfm.holdout", lang), info("holdout", lang)], check) if check else None,
        ]
    )


def no_run(lang: str) -> dbc.Alert:
    return dbc.Alert(t("rfm.no_run", lang), color="info", id="rfm-none")


def movement_graph(moves: pd.DataFrame, a, b, lang: str) -> dcc.Graph:
    """Customers by segment at the first date ``a`` (rows) and the second ``b`` (columns)."""
    order = [ARRIVED, *SEGMENTS, GONE]
    matrix = moves.pivot_table(
        index="from_segment", columns="to_segment", values="customers", aggfunc="sum", fill_value=0
    )
    rows = [o for o in order if o in matrix.index]
    cols = [o for o in order if o in matrix.columns]
    matrix = matrix.reindex(index=rows, columns=cols, fill_value=0)
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=[segment_label(c, lang) for c in cols],
            y=[segment_label(r, lang) for r in rows],
            texttemplate="%{z:,}",
            colorscale="Greens",
            showscale=False,
            hovertemplate="%{y} → %{x}: %{z:,}<extra></extra>",
        )
    )
    fig.update_layout(
        **base_layout(margin=dict(l=140, r=10, t=10, b=120)),
        xaxis=dict(title=f"{t('rfm.movement.to', lang)} {fmt.date(b, lang)}", tickangle=-35),
        yaxis=dict(title=f"{t('rfm.movement.from', lang)} {fmt.date(a, lang)}", autorange="reversed"),
        height=520,
    )
    return dcc.Graph(figure=fig, config=GRAPH, id="rfm-movement-graph")
