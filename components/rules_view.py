"""How basket rules look: the controls, the rules as a network and a table, and a
next-best-product run (top items, the backtest, a sample of recommendations)."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from components import labels
from components.formatters import graph_config, grid_value_formatter
from components.grids import ag_grid
from components.reco_view import reco_view
from components.studio import card, choice, controls_card, job_controls
from components.theme import ACCENT, base_layout
from i18n import format as fmt
from i18n import t
from mining.rules import BASKETS, LEVELS, rules_network
from olap.period import period_tokens

GRAPH = graph_config("rules")
NETWORK_RULES = 40


def rules_controls(catalog, lang: str) -> dbc.Card:
    """Level, basket, period (years and quarters of the data) and thresholds; the recommendation job."""
    tokens = [tok for tok in period_tokens(catalog.data_start, catalog.data_end) if "-" not in tok or "Q" in tok]
    return controls_card(
        [
            *choice("rules-level", "rules.level", "mining.rules.level", LEVELS, "subcategory", lang, space="mb-2"),
            *choice("rules-basket", "rules.basket", "mining.rules.basket", BASKETS, "order", lang, space="mb-2"),
            dbc.Label(t("rules.period", lang), html_for="rules-period"),
            dcc.Dropdown(
                id="rules-period",
                options=[{"label": labels.token_label(tok, lang), "value": tok} for tok in tokens],
                value="L12M",
                clearable=False,
                className="mb-2",
            ),
            dbc.Label(t("rules.min_support", lang), html_for="rules-support"),
            dbc.Input(id="rules-support", type="number", min=0.0001, max=1, step=0.0005, value=0.005, className="mb-2"),
            dbc.Label(t("rules.min_confidence", lang), html_for="rules-confidence"),
            dbc.Input(id="rules-confidence", type="number", min=0, max=1, step=0.05, value=0.1, className="mb-2"),
            dbc.Label(t("rules.min_lift", lang), html_for="rules-lift"),
            dbc.Input(id="rules-lift", type="number", min=0, step=0.1, value=1.2, className="mb-3"),
            dbc.Button(t("rules.mine", lang), id="rules-mine", color="primary", className="me-2"),
            html.Hr(),
            *job_controls("nbp", "rules.nbp_run", lang, color="secondary", message_id="nbp-message", compact=True),
        ]
    )


def network_figure(result, lang: str) -> go.Figure:
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
    return ag_grid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        className="ag-theme-alpine",
        defaultColDef={"sortable": True, "resizable": True, "flex": 1, "minWidth": 90},
        dashGridOptions=options,
        style={"width": "100%"},
    )


def rules_view(result, lang: str):
    """Mined rules: a summary, the strongest as a network, all in a table (or why there are none)."""
    summary = t(
        "mining.rules.summary",
        lang,
        rules=fmt.number(len(result.rules), lang),
        baskets=fmt.number(result.n_baskets, lang),
        pairs=fmt.number(result.frequent_pairs, lang),
    )
    if result.rules.empty:
        note = t(result.note, lang, default=result.note, **result.note_values)
        return dbc.Alert([html.P(summary), note], color="info", id="rules-empty")
    pct = grid_value_formatter("percent", lang)
    two = grid_value_formatter("number", lang, decimals=2)
    columns = [
        {"field": "antecedent_name", "headerName": t("mining.rules.col.antecedent", lang), "minWidth": 170},
        {"field": "consequent_name", "headerName": t("mining.rules.col.consequent", lang), "minWidth": 170},
        {"field": "pair_count", "headerName": t("mining.rules.col.pair_count", lang), "type": "rightAligned"},
    ] + [
        {
            "field": field,
            "headerName": t(f"mining.rules.col.{field}", lang),
            "type": "rightAligned",
            "valueFormatter": f,
        }
        for field, f in (("support", pct), ("confidence", pct), ("lift", two), ("conviction", two))
    ]
    rows = result.rules[[c["field"] for c in columns]]
    rows = rows.astype(object).where(rows.notna() & (rows != float("inf")), None).to_dict("records")
    return html.Div(
        [
            html.P(summary, className="small", id="rules-summary"),
            card(t("rules.network", lang), dcc.Graph(figure=network_figure(result, lang), config=GRAPH)),
            card(t("rules.table", lang), _grid("rules-table", rows, columns, page=15)),
        ]
    )


def nbp_none(lang: str) -> html.P:
    return html.P(t("rules.nbp_none", lang), className="text-muted mb-0", id="nbp-none")


def nbp_view(meta: dict, recs, lang: str) -> html.Div:
    """A stored next-best-product run: its scope, backtest, top items and a sample (a run of
    ``mining.recommend`` is drawn by ``components.reco_view``)."""
    params, metrics = meta["params"], meta["metrics"]
    if metrics.get("engine") == "recommend":
        return reco_view(meta, recs, lang, _grid)
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
            "valueFormatter": grid_value_formatter("number", lang, decimals=3),
        },
    ]
    rows = sample[[c["field"] for c in columns]].astype(object).to_dict("records")
    parts += [
        dbc.Row(
            [
                dbc.Col(
                    [html.H3(t("rules.top_items", lang), className="h6"), dcc.Graph(figure=fig, config=GRAPH)],
                    lg=5,
                ),
                dbc.Col(
                    [html.H3(t("rules.sample", lang), className="h6"), _grid("nbp-table", rows, columns, page=10)], lg=7
                ),
            ]
        )
    ]
    return html.Div(parts)
