"""Two reference Dash apps for the click benchmark (``bench_explore_click.py``), on the same warehouse:

- ``floor``: the least any Dash app can do: every answer precomputed at start (revenue by region, and
  by country within each region), a click returns a ready figure. The floor a drill cannot beat.
- ``fair``: the floor *page* for one XRM page (``bench_first_paint.py``): a Dash app with no callbacks
  whose layout holds that page's own figures, cards and grid rows, dumped from XRM at bench start
  (``--layout dump.json --page dashboard|explore``), so a ratio to it measures XRM's overhead, not how
  much more the page shows. It serves XRM's assets (the grids' formatters and styles).
- ``static``: XRM's own page served static (``bench_first_paint.py``): the very layout XRM answers for
  a page (navigation, filters, controls, figures and grid rows, as its ``/_dash-layout`` gives it to a
  signed-in person, ``--layout page.json``) from a Dash app with no callbacks and no login. A ratio to
  it is XRM's own machinery (building the layout, the callbacks a page fires, login) and nothing of
  what the page shows.
- ``pandas``: the naive app: the order lines (with each line's region and country) loaded once into
  a pandas frame; a click filters and groups the frame inside the callback.

Both draw the chart as XRM's Explore does (horizontal bars, the biggest on top, the member in
``customdata``) and read the period from the address (``?from=…&to=…``) as XRM does, so the same
click is measured the same way. Not part of the app: a benchmark's fixture.

  python bench/click_apps.py --mode floor --db /path/scale-1.duckdb --port 8061
"""

from __future__ import annotations

import argparse
from urllib.parse import parse_qs

import duckdb
import plotly.graph_objects as go
from dash import Dash, Input, Output, State, dcc, html

YEAR = ("2025-01-01", "2025-12-31")


def bars(names, values) -> dict:
    """Horizontal bars, the biggest last (drawn on top), as XRM's Explore chart."""
    pairs = sorted(zip(names, values, strict=True), key=lambda p: p[1])
    fig = go.Figure(
        go.Bar(
            x=[v for _, v in pairs],
            y=[n for n, _ in pairs],
            orientation="h",
            customdata=[n for n, _ in pairs],
            text=[f"{v:,.0f}" for _, v in pairs],
            textposition="auto",
        )
    )
    fig.update_layout(clickmode="event", margin=dict(l=10, r=10, t=10, b=30), yaxis=dict(automargin=True))
    return fig.to_plotly_json()


def period(search: str | None) -> tuple[str, str]:
    query = parse_qs((search or "").lstrip("?"))
    return query.get("from", [YEAR[0]])[0], query.get("to", [YEAR[1]])[0]


LINES = """SELECT c.region, c.country, sum(f.revenue) AS revenue FROM fact_order_line f
           JOIN dim_customer c USING (customer_id)
           WHERE f.order_ts >= CAST(? AS DATE) AND f.order_ts < CAST(? AS DATE) + INTERVAL 1 DAY GROUP BY 1, 2"""


def floor_app(db: str) -> Dash:
    con = duckdb.connect(db, read_only=True)
    by_country = con.execute(LINES, list(YEAR)).df()
    con.close()
    regions = by_country.groupby("region")["revenue"].sum()
    top = bars(list(regions.index), list(regions.values))
    drilled = {
        region: bars(list(part["country"]), list(part["revenue"])) for region, part in by_country.groupby("region")
    }
    app = Dash(__name__)
    app.layout = html.Div([dcc.Graph(id="explore-graph", figure=top, style={"height": "420px"})])

    @app.callback(Output("explore-graph", "figure"), Input("explore-graph", "clickData"), prevent_initial_call=True)
    def drill(click):
        return drilled[click["points"][0]["customdata"]]

    return app


def rebuild(node):
    """A component from its JSON (``to_plotly_json`` of Dash components, dumped by the benchmark)."""
    import dash_ag_grid as dag
    import dash_bootstrap_components as dbc
    from dash import dcc, html

    libraries = {"dash_html_components": html, "dash_core_components": dcc, "dash_bootstrap_components": dbc,
                 "dash_ag_grid": dag}  # fmt: skip
    if isinstance(node, list):
        return [rebuild(n) for n in node]
    if isinstance(node, dict) and "namespace" in node and "type" in node and "props" in node:
        props = {k: rebuild(v) if k == "children" else v for k, v in node["props"].items()}
        return getattr(libraries[node["namespace"]], node["type"])(**props)
    return node


def fair_app(dump: str, page: str, assets: str) -> Dash:
    """The page ``page`` of the dump: its cards (as XRM built them), its charts and its grids, static."""
    import json

    import dash_ag_grid as dag

    shown = json.loads(open(dump).read())[page]
    graphs = [dcc.Graph(figure=fig, style={"height": h}) for fig, h in shown["figures"]]
    grids = [
        dag.AgGrid(
            rowData=rows, columnDefs=cols, className="ag-theme-alpine", dashGridOptions={"domLayout": "autoHeight"}
        )
        for rows, cols in shown["grids"]
    ]
    app = Dash(__name__, assets_folder=assets, serve_locally=True)
    app.layout = html.Div([html.Div(rebuild(shown.get("cards", []))), *graphs, *grids])
    return app


def pandas_app(db: str) -> Dash:
    con = duckdb.connect(db, read_only=True)
    lines = con.execute(
        """SELECT f.order_ts, f.revenue, c.region, c.country FROM fact_order_line f
           JOIN dim_customer c USING (customer_id)"""
    ).df()
    con.close()
    lines["region"] = lines["region"].astype("category")
    lines["country"] = lines["country"].astype("category")
    app = Dash(__name__)
    app.layout = html.Div([dcc.Location(id="where"), dcc.Graph(id="explore-graph", style={"height": "420px"})])

    def within(search):
        start, end = period(search)
        ts = lines["order_ts"]
        import pandas as pd

        return lines[(ts >= pd.Timestamp(start)) & (ts < pd.Timestamp(end) + pd.Timedelta(days=1))]

    @app.callback(Output("explore-graph", "figure"), Input("where", "search"))
    def regions(search):
        sums = within(search).groupby("region", observed=True)["revenue"].sum()
        return bars(list(sums.index), list(sums.values))

    @app.callback(
        Output("explore-graph", "figure", allow_duplicate=True),
        Input("explore-graph", "clickData"),
        State("where", "search"),
        prevent_initial_call=True,
    )
    def drill(click, search):
        part = within(search)
        part = part[part["region"] == click["points"][0]["customdata"]]
        sums = part.groupby("country", observed=True)["revenue"].sum()
        sums = sums[sums != 0]
        return bars(list(sums.index), list(sums.values))

    return app


def static_app(layout: str, assets: str) -> Dash:
    """XRM's answer to ``/_dash-layout`` for one page (``layout``), served as it is; XRM's assets."""
    import dash_ag_grid as dag
    import dash_bootstrap_components as dbc
    from flask import Response, request

    body = open(layout).read()
    app = Dash(__name__, assets_folder=assets, serve_locally=True)
    # the component libraries the page uses, so that the page loads their bundles as XRM's does
    app.layout = html.Div([dcc.Graph(), dcc.Dropdown(), dcc.DatePickerRange(), dcc.Store(id="s"), dag.AgGrid(),
                           dbc.Button()])  # fmt: skip

    @app.server.before_request
    def the_page():
        if request.path == "/_dash-layout":
            return Response(body, mimetype="application/json")
        return None

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=("floor", "pandas", "fair", "static"), required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--layout", help="fair: the dumped pages (JSON); static: the page's layout (JSON)")
    parser.add_argument("--page", choices=("dashboard", "explore"), help="fair: which page")
    parser.add_argument("--assets", help="fair: XRM's assets folder")
    args = parser.parse_args()
    if args.mode == "fair":
        app = fair_app(args.layout, args.page, args.assets)
    elif args.mode == "static":
        app = static_app(args.layout, args.assets)
    else:
        app = floor_app(args.db) if args.mode == "floor" else pandas_app(args.db)
    app.run(host="127.0.0.1", port=args.port, debug=False)


if __name__ == "__main__":
    main()
