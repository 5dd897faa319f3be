"""Basket rules page wiring: mine rules on demand, draw them as a table and a network, and
compute next-best-product recommendations as a background job."""

from __future__ import annotations

import datetime as dt
import logging

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html, no_update

from components.access import SEGMENT_ROLES, background_for, callback_for, user_from_token
from components.errors import error_alert
from components.jobs import message
from components.theme import ACCENT, base_layout
from data.warehouse import get_warehouse
from i18n import current_language, t
from i18n import format as fmt
from mining.errors import MiningError
from mining.rules import RuleSpec, mine_rules, rules_network
from mining.runs import load_run, shown_run
from olap.catalog import catalog
from olap.period import PeriodError, parse_period

log = logging.getLogger(__name__)
GRAPH_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "xrm-rules"}}
NETWORK_RULES = 40


def _dates(token: str) -> tuple[dt.date, dt.date]:
    valid = catalog(get_warehouse())
    period = parse_period(token, valid.data_start, valid.data_end)
    return period.first_day, period.last_day  # the exact days (L12M ends on the data's last day)


def _warn(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="warning", className="mb-0")


def _network(result, lang: str) -> go.Figure:
    top = result.rules.head(NETWORK_RULES)
    net = rules_network(type(result)(**{**result.__dict__, "rules": top}), directed=False)
    nodes, edges = net["nodes"].set_index("item"), net["edges"]
    fig = go.Figure()
    most = max(float(edges["lift"].max()), 1.0) if len(edges) else 1.0
    for e in edges.itertuples():
        a, b = nodes.loc[e.source], nodes.loc[e.target]
        fig.add_scatter(
            x=[a.x, b.x],
            y=[a.y, b.y],
            mode="lines",
            line=dict(width=1 + 6 * (e.lift / most), color="rgba(37,99,235,0.45)"),
            hoverinfo="text",
            hovertext=f"{a['name']} ↔ {b['name']}: lift {e.lift:.2f}, conf. {e.confidence:.0%}",
            showlegend=False,
        )
    fig.add_scatter(
        x=nodes["x"],
        y=nodes["y"],
        mode="markers+text",
        text=nodes["name"],
        textposition="top center",
        marker=dict(size=10 + 40 * nodes["support"] / max(float(nodes["support"].max()), 1e-9), color=ACCENT),
        hovertext=[f"{n}: {s:.1%}" for n, s in zip(nodes["name"], nodes["support"], strict=True)],
        hoverinfo="text",
        showlegend=False,
    )
    fig.update_layout(
        **base_layout(margin=dict(l=10, r=10, t=10, b=10)),
        xaxis=dict(visible=False, range=[-1.5, 1.5]),
        yaxis=dict(visible=False, range=[-1.3, 1.3], scaleanchor="x"),
        height=480,
    )
    return fig


def _grid(grid_id: str, rows, columns, page: int | None = None) -> dag.AgGrid:
    options = {"domLayout": "autoHeight"}
    if page:
        options |= {"pagination": True, "paginationPageSize": page, "paginationPageSizeSelector": False}
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        className="ag-theme-alpine",
        defaultColDef={"sortable": True, "resizable": True, "flex": 1, "minWidth": 90},
        dashGridOptions=options,
        style={"width": "100%"},
    )


@callback(
    Output("rules-result", "children"),
    Input("rules-mine", "n_clicks"),
    State("rules-level", "value"),
    State("rules-basket", "value"),
    State("rules-period", "value"),
    State("rules-support", "value"),
    State("rules-confidence", "value"),
    State("rules-lift", "value"),
)
@callback_for(*SEGMENT_ROLES)
def mine(_clicks, level, basket, period, support, confidence, lift):
    lang = current_language()
    try:
        start, end = _dates(period)
        spec = RuleSpec(
            level=level,
            basket=basket,
            start=start,
            end=end,
            min_support=float(support) if support not in (None, "") else -1.0,
            min_confidence=float(confidence) if confidence not in (None, "") else -1.0,
            min_lift=float(lift) if lift not in (None, "") else -1.0,
            max_rules=500,
        )
        result = mine_rules(get_warehouse().cursor(), spec)
    except PeriodError:
        return _warn(t("filter.period", lang) + ": " + str(period))
    except MiningError as exc:
        return _warn(message(exc.key, lang, **exc.values))
    except Exception:
        log.exception("rule mining failed")
        return error_alert(lang)
    summary = t(
        "mining.rules.summary",
        lang,
        rules=fmt.number(len(result.rules), lang),
        baskets=fmt.number(result.n_baskets, lang),
        pairs=fmt.number(result.frequent_pairs, lang),
    )
    if result.rules.empty:
        return dbc.Alert(
            [html.P(summary), message(result.note, lang, **result.note_values)], color="info", id="rules-empty"
        )
    pct = {"function": "d3.format('.1%')(params.value)"}
    two = {"function": "d3.format('.2f')(params.value)"}
    columns = [
        {"field": "antecedent_name", "headerName": t("mining.rules.col.antecedent", lang), "minWidth": 170},
        {"field": "consequent_name", "headerName": t("mining.rules.col.consequent", lang), "minWidth": 170},
        {"field": "pair_count", "headerName": t("mining.rules.col.pair_count", lang), "type": "rightAligned"},
        {
            "field": "support",
            "headerName": t("mining.rules.col.support", lang),
            "type": "rightAligned",
            "valueFormatter": pct,
        },
        {
            "field": "confidence",
            "headerName": t("mining.rules.col.confidence", lang),
            "type": "rightAligned",
            "valueFormatter": pct,
        },
        {
            "field": "lift",
            "headerName": t("mining.rules.col.lift", lang),
            "type": "rightAligned",
            "valueFormatter": two,
        },
        {
            "field": "conviction",
            "headerName": t("mining.rules.col.conviction", lang),
            "type": "rightAligned",
            "valueFormatter": two,
        },
    ]
    rows = result.rules[[c["field"] for c in columns]]
    rows = rows.astype(object).where(rows.notna() & (rows != float("inf")), None).to_dict("records")
    return html.Div(
        [
            html.P(summary, className="small", id="rules-summary"),
            dbc.Card(
                [
                    dbc.CardHeader(t("rules.network", lang)),
                    dbc.CardBody(dcc.Graph(figure=_network(result, lang), config=GRAPH_CONFIG)),
                ],
                className="shadow-sm mb-3",
            ),
            dbc.Card(
                [dbc.CardHeader(t("rules.table", lang)), dbc.CardBody(_grid("rules-table", rows, columns, page=15))],
                className="shadow-sm mb-3",
            ),
        ]
    )


# --------------------------------------------------------------------------- next best product


@callback(
    Output("nbp-run-id", "data"),
    Output("nbp-message", "children"),
    Input("nbp-run", "n_clicks"),
    State("rules-level", "value"),
    State("nbp-user", "data"),
    State("nbp-lang", "data"),
    background=True,
    running=[(Output("nbp-run", "disabled"), True, False), (Output("nbp-cancel", "disabled"), False, True)],
    progress=[Output("nbp-progress", "value"), Output("nbp-progress", "label")],
    cancel=[Input("nbp-cancel", "n_clicks")],
    prevent_initial_call=True,
)
@background_for(*SEGMENT_ROLES)
def recommend_all(set_progress, _clicks, level, token, lang):
    """Recommend for every customer in a worker process (roles were checked on the request)."""
    from mining.rules import score_nbp

    lang = lang if lang in ("en", "ko") else "en"
    try:
        user = user_from_token(token)
    except ValueError:
        return no_update, _warn(t("access.denied.body", lang))
    set_progress((10, t("mining.nbp.title", lang) + "…"))
    try:
        cursor = get_warehouse().cursor()
        as_of = cursor.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
        run_id = score_nbp(cursor, as_of, {"level": level or "category"}, user)
    except MiningError as exc:
        return no_update, _warn(message(exc.key, lang, **exc.values))
    except Exception:
        log.exception("next best product failed")
        return no_update, error_alert(lang)
    set_progress((100, ""))
    return run_id, None


def render_nbp(run_id, lang: str):
    meta = shown_run("nbp", run_id)  # a run of the current warehouse only
    if meta is None:
        return html.P(t("rules.nbp_none", lang), className="text-muted mb-0", id="nbp-none")
    meta, recs = load_run(meta["run_id"])
    params, metrics = meta["params"], meta["metrics"]
    parts = [
        html.P(
            t(
                "rules.nbp_info",
                lang,
                run=meta["run_id"],
                as_of=fmt.date(meta["as_of"], lang),
                level=t(f"mining.rules.level.{params.get('level', 'category')}", lang),
                customers=fmt.number(recs["customer_id"].nunique(), lang),
                top_n=params.get("top_n", 3),
            ),
            className="small",
            id="nbp-info",
        )
    ]
    check = metrics.get("backtest") or {}
    if "hit_rate" in check:
        parts.append(
            dbc.Alert(
                t(
                    "rules.backtest",
                    lang,
                    cutoff=check["cutoff"],
                    days=check["horizon_days"],
                    hit=fmt.percent(check["hit_rate"], lang),
                    base=fmt.percent(check["baseline_hit_rate"], lang),
                ),
                color="light",
                id="nbp-backtest",
            )
        )
    top = (
        recs.groupby("item_name", as_index=False)
        .agg(customers=("customer_id", "nunique"))
        .sort_values("customers", ascending=False)
        .head(10)
    )
    fig = go.Figure(go.Bar(x=top["customers"][::-1], y=top["item_name"][::-1], orientation="h", marker_color=ACCENT))
    fig.update_layout(**base_layout(margin=dict(l=10, r=10, t=10, b=30)), height=320, yaxis=dict(automargin=True))
    sample = recs.sort_values(["customer_id", "rank"]).head(300)
    columns = [
        {"field": "customer_id", "headerName": t("rules.col.customer", lang), "maxWidth": 120},
        {"field": "rank", "headerName": t("rules.col.rank", lang), "maxWidth": 90},
        {"field": "item_name", "headerName": t("mining.nbp.col.item", lang), "minWidth": 160},
        {"field": "because_name", "headerName": t("mining.nbp.col.because", lang), "minWidth": 160},
        {
            "field": "score",
            "headerName": t("mining.nbp.col.score", lang),
            "type": "rightAligned",
            "valueFormatter": {"function": "d3.format('.3f')(params.value)"},
        },
    ]
    rows = sample[[c["field"] for c in columns]].astype(object).to_dict("records")
    parts += [
        dbc.Row(
            [
                dbc.Col(
                    [html.H3(t("rules.top_items", lang), className="h6"), dcc.Graph(figure=fig, config=GRAPH_CONFIG)],
                    lg=5,
                ),
                dbc.Col(
                    [html.H3(t("rules.sample", lang), className="h6"), _grid("nbp-table", rows, columns, page=10)], lg=7
                ),
            ]
        )
    ]
    return html.Div(parts)


@callback(Output("nbp-result", "children"), Input("nbp-run-id", "data"))
@callback_for(*SEGMENT_ROLES)
def show_nbp(run_id):
    lang = current_language()
    try:
        return render_nbp(run_id, lang)
    except Exception:
        log.exception("showing recommendations failed")
        return error_alert(lang)
