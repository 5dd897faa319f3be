"""How a recommendation run (``mining.recommend``) looks: the backtest of every method beside
the baselines, the verdict in a sentence, the method downstream uses, top products and a sample."""

from __future__ import annotations

import datetime as dt

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from components.formatters import column, graph_config, grid_value_formatter
from components.glossary import info
from components.grids import ag_grid
from components.theme import ACCENT, base_layout
from i18n import format as fmt
from i18n import t

GRAPH = graph_config("recommendations")
METHOD_ORDER = ("model", "bestsellers", "popular_new", "rules")


def method_name(method: str | None, lang: str) -> str:
    return t(f"mining.reco.method.{method}", lang, default=str(method))


def verdict_text(verdict: dict, methods: dict, lang: str) -> str:
    """Whether the model beats the baseline, in one sentence (empty without a model or baseline)."""
    if not verdict or verdict.get("baseline") is None or "model" not in methods:
        return ""
    ratio = verdict.get("ratio")
    values = {
        "model": fmt.percent(methods["model"]["hit_rate"], lang),
        "base": fmt.percent(methods[verdict["baseline"]]["hit_rate"], lang),
        "baseline": method_name(verdict["baseline"], lang),
        "ratio": fmt.number(ratio, lang, decimals=2) if ratio is not None else "–",
    }
    if not verdict.get("beats"):
        return t("mining.reco.verdict.loses", lang, **values)
    target = fmt.number(verdict["target"], lang, decimals=1)
    met = "met" if verdict.get("meets_target") else "missed"
    return t(
        "mining.reco.verdict.beats", lang, target_text=t(f"mining.reco.target.{met}", lang, target=target), **values
    )


def used_method_text(method: str | None, lang: str) -> str:
    """The method downstream uses, saying so when it is a fallback from the model."""
    name = method_name(method, lang)
    return name if method in (None, "model") else t("mining.reco.fallback", lang, method=name)


def backtest_table(check: dict, lang: str) -> dag.AgGrid:
    k = check["k"]
    rows = [
        {"method": method_name(m, lang), **{key: check["methods"][m][key] for key in ("hit_rate", "precision", "recall",
                                                                                      "coverage")}}
        for m in METHOD_ORDER
        if m in check["methods"]
    ]  # fmt: skip
    columns = [
        {"field": "method", "headerName": t("mining.reco.col.method", lang), "minWidth": 220},
        column("hit_rate", t("mining.reco.col.hit_rate", lang, k=k), "percent", lang),
        column("precision", t("mining.reco.col.precision", lang, k=k), "percent", lang),
        column("recall", t("mining.reco.col.recall", lang, k=k), "percent", lang),
        column("coverage", t("mining.reco.col.coverage", lang), "percent", lang),
    ]
    return ag_grid(
        id="nbp-methods",
        rowData=rows,
        columnDefs=columns,
        className="ag-theme-alpine",
        defaultColDef={"sortable": False, "resizable": True, "flex": 1, "minWidth": 100},
        dashGridOptions={"domLayout": "autoHeight"},
        style={"width": "100%"},
    )


def reco_view(meta: dict, recs, lang: str, grid) -> html.Div:
    """A stored run of ``mining.recommend.run.score_recommendations``; ``grid`` draws a paged table."""
    metrics = meta["metrics"]
    method = metrics.get("method")
    parts = [
        html.P(
            t(
                "mining.reco.info",
                lang,
                run=meta["run_id"],
                as_of=fmt.date(meta["as_of"], lang),
                customers=fmt.number(recs["customer_id"].nunique(), lang),
                k=meta["params"].get("k", 3),
                method=used_method_text(method, lang),
            ),
            className="small",
            id="nbp-info",
        )
    ]
    check = metrics.get("backtest") or {}
    if "methods" in check:
        sentence = verdict_text(check.get("verdict") or {}, check["methods"], lang)
        color = "success" if (check.get("verdict") or {}).get("beats") else "warning"
        parts += [
            dbc.Alert(sentence, color=color, id="nbp-verdict", className="py-2"),
            html.P(
                [
                    t(
                        "mining.reco.backtest",
                        lang,
                        cutoff=fmt.date(dt.date.fromisoformat(check["cutoff"]), lang),
                        customers=fmt.number(check["customers"], lang),
                        days=check["horizon_days"],
                        k=check["k"],
                    ),
                    info("hit_rate", lang),
                    info("backtest", lang),
                ],
                className="small text-muted",
                id="nbp-backtest",
            ),
            backtest_table(check, lang),
        ]
    else:
        reason = t(check.get("error", "mining.reco.no_history"), lang, default=str(check.get("error")), **{
            k: v for k, v in check.items() if k != "error"})  # fmt: skip
        parts.append(dbc.Alert(t("mining.reco.unchecked", lang, reason=reason), color="warning", id="nbp-verdict"))
    parts += [
        html.P(
            t("mining.reco.chosen", lang, method=used_method_text(method, lang)),
            className="small mt-2",
            id="nbp-chosen",
        ),  # fmt: skip
        html.P(t("mining.reco.sessions", lang), className="small text-muted", id="nbp-sessions"),
    ]
    top = (
        recs.groupby("item_name", as_index=False)
        .agg(customers=("customer_id", "nunique"))
        .sort_values(["customers", "item_name"], ascending=[False, True])
        .head(10)
    )
    fig = go.Figure(go.Bar(x=top["customers"][::-1], y=top["item_name"][::-1], orientation="h", marker_color=ACCENT))
    fig.update_layout(**base_layout(margin=dict(l=10, r=10, t=10, b=30)), height=320, yaxis=dict(automargin=True))
    sample = recs.sort_values(["customer_id", "rank"]).head(300)
    columns = [
        {"field": "customer_id", "headerName": t("rules.col.customer", lang), "maxWidth": 120},
        {"field": "rank", "headerName": t("rules.col.rank", lang), "maxWidth": 90},
        {"field": "item_name", "headerName": t("mining.nbp.col.item", lang), "minWidth": 160},
        {"field": "because_name", "headerName": t("mining.reco.col.because", lang), "minWidth": 160},
        {
            "field": "score",
            "headerName": t("mining.reco.col.score", lang),
            "type": "rightAligned",
            "valueFormatter": grid_value_formatter("number", lang, decimals=3),
        },
    ]
    rows = sample[[c["field"] for c in columns]].astype(object).to_dict("records")
    parts.append(
        dbc.Row(
            [
                dbc.Col(
                    [html.H3(t("rules.top_items", lang), className="h6"), dcc.Graph(figure=fig, config=GRAPH)], lg=5
                ),  # fmt: skip
                dbc.Col(
                    [html.H3(t("rules.sample", lang), className="h6"), grid("nbp-table", rows, columns, page=10)], lg=7
                ),  # fmt: skip
            ],
            className="mt-2",
        )
    )
    return html.Div(parts)
