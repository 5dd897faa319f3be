"""Analyses page wiring: the URL's analysis and period become findings, charts and grids."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html, no_update

from components.access import ALL_ROLES, callback_for
from components.charts import empty_figure, money_ticks
from components.coverage import blocks, page_notice
from components.coverage import current as coverage
from components.errors import error_alert, warehouse_error
from components.measures import grid_formatter
from components.theme import ACCENT, CHANNEL_GROUP_COLORS, NEUTRAL, base_layout
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t
from i18n import format as fmt
from i18n.translations import TRANSLATIONS
from olap.analyses import AnalysisUnavailable, Context, Table, read_state, run_analysis
from olap.catalog import catalog
from olap.cube import LEVELS, MEASURES
from olap.labels import format_value, level_label, measure_label, member_label

log = logging.getLogger(__name__)

GRAPH_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "xrm-analysis"},
}
# a measure with each column kind's format, so grids and labels format like the cube's measures
KIND_MEASURE = {
    "money": "revenue",
    "count": "orders",
    "percent": "margin_pct",
    "score": "satisfaction",
    "hours": "resolution_hours",
}
LABEL_KINDS = ("level", "month", "group", "bucket", "kind", "text")
# series colours: none of them is a channel group's colour (blue online, amber offline)
SERIES_COLORS = ["#0891b2", "#db2777", "#65a30d", "#9333ea", "#ea580c", "#0f766e", "#be123c", "#475569"]


# --------------------------------------------------------------------------- labels and values


def column_label(column: str, lang: str) -> str:
    if column in LEVELS:
        return level_label(column, lang)
    key = f"analysis.col.{column}"
    if key in TRANSLATIONS:
        return t(key, lang)
    if column in MEASURES:
        return measure_label(column, lang)
    if column.startswith("m") and column[1:].isdigit():
        return t("analysis.col.age_n", lang, n=int(column[1:]))
    return column


def cell_label(column: str, kind: str, value, frame: pd.DataFrame, index: int, lang: str) -> str:
    """A member or category as people name it."""
    if value is None or (isinstance(value, float) and value != value):
        return t("member.none", lang)
    if kind == "level":
        label_col = f"{column}:label"
        label = frame[label_col].iloc[index] if label_col in frame else None
        return member_label(column, value, label, lang)
    if kind == "month":
        text = str(value)[:7]
        return fmt.month(dt.date(int(text[:4]), int(text[5:7]), 1), lang)
    if kind == "group":
        return t(f"channel_group.{value}", lang) if f"channel_group.{value}" in TRANSLATIONS else str(value)
    if kind in ("bucket", "kind"):
        return t(f"analysis.{kind}.{value}", lang)
    return str(value)


def labelled(table: Table, lang: str) -> pd.DataFrame:
    """The table with every label column replaced by its display text (numbers stay numbers)."""
    frame = table.frame.reset_index(drop=True)
    out = pd.DataFrame(index=frame.index)
    for column, kind in table.columns.items():
        if column not in frame:
            continue
        if kind in LABEL_KINDS:
            out[column] = [cell_label(column, kind, v, frame, i, lang) for i, v in enumerate(frame[column])]
        else:
            out[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return out


def value_text(kind: str, value, lang: str) -> str:
    return format_value(KIND_MEASURE[kind], value, lang) if kind in KIND_MEASURE else str(value)


# --------------------------------------------------------------------------- figures


def figure_for(table: Table, shown: pd.DataFrame, lang: str) -> go.Figure | None:
    if table.figure == "none":
        return None
    if shown.empty:
        return empty_figure(t("analyses.empty", lang))
    kinds = table.columns
    builders = {
        "hbar": _hbar,
        "stacked": _stacked,
        "stacked_h": _stacked_h,
        "bars": _bars,
        "treemap": _treemap,
        "donut": _donut,
        "heatmap": _heatmap,
        "line": _line,
    }
    fig = builders[table.figure](table, shown, lang)
    value = table.x if table.figure in ("hbar", "stacked_h") else table.y
    if value and kinds.get(value) == "money":
        maximum = float(shown[value].max()) if table.figure not in ("stacked", "stacked_h") else None
        if table.figure == "stacked":
            maximum = float(shown.groupby(table.x)[value].sum().max())
        if table.figure == "stacked_h":
            maximum = float(shown.groupby(table.y)[value].sum().max())
        axis = "xaxis" if table.figure in ("hbar", "stacked_h") else "yaxis"
        fig.update_layout(**{axis: money_ticks(maximum, lang)})
    if value and kinds.get(value) == "percent" and table.figure in ("bars", "line", "hbar"):
        axis = "xaxis" if table.figure == "hbar" else "yaxis"
        fig.update_layout(**{axis: {"tickformat": ".0%"}})
    return fig


def _hover(kind: str, values, lang: str) -> list[str]:
    return [value_text(kind, v, lang) for v in values]


def _hbar(table: Table, shown: pd.DataFrame, lang: str) -> go.Figure:
    data = shown.iloc[::-1]
    colors = ACCENT
    if table.color and table.color in table.frame:
        groups = table.frame[table.color].iloc[::-1]
        colors = [CHANNEL_GROUP_COLORS.get(g, ACCENT) for g in groups]
    kind = table.columns[table.x]
    fig = go.Figure(
        go.Bar(
            x=data[table.x],
            y=data[table.y],
            orientation="h",
            marker_color=colors,
            text=_hover(kind, data[table.x], lang),
            textposition="auto",
            hovertext=[f"{n}: {value_text(kind, v, lang)}" for n, v in zip(data[table.y], data[table.x], strict=False)],
            hoverinfo="text",
        )
    )
    fig.update_layout(**base_layout(), yaxis=dict(automargin=True))
    return fig


def _series(table: Table, shown: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(shown[table.color]))


def _color(table: Table, name: str, raw, i: int) -> str:
    if table.columns.get(table.color) == "group":
        return CHANNEL_GROUP_COLORS.get(str(raw), NEUTRAL)
    if table.columns.get(table.color) == "kind":
        return ACCENT if raw == "new" else NEUTRAL
    return SERIES_COLORS[i % len(SERIES_COLORS)]


def _stacked(table: Table, shown: pd.DataFrame, lang: str) -> go.Figure:
    fig = go.Figure()
    raw = table.frame.reset_index(drop=True)
    kind = table.columns[table.y]
    for i, name in enumerate(_series(table, shown)):
        mask = shown[table.color] == name
        fig.add_bar(
            x=shown.loc[mask, table.x],
            y=shown.loc[mask, table.y],
            name=name,
            marker_color=_color(table, name, raw.loc[mask, table.color].iloc[0], i),
            hovertext=[f"{name}: {value_text(kind, v, lang)}" for v in shown.loc[mask, table.y]],
            hoverinfo="x+text",
        )
    fig.update_layout(**base_layout(barmode="stack", showlegend=True), xaxis=dict(type="category"))
    return fig


def _stacked_h(table: Table, shown: pd.DataFrame, lang: str) -> go.Figure:
    fig = go.Figure()
    kind = table.columns[table.x]
    order = list(shown.groupby(table.y, sort=False)[table.x].sum().sort_values().index)
    for i, name in enumerate(_series(table, shown)):
        part = shown[shown[table.color] == name]
        fig.add_bar(
            x=part[table.x],
            y=part[table.y],
            name=name,
            orientation="h",
            marker_color=SERIES_COLORS[i % len(SERIES_COLORS)],
            hovertext=[f"{name}: {value_text(kind, v, lang)}" for v in part[table.x]],
            hoverinfo="y+text",
        )
    fig.update_layout(
        **base_layout(barmode="stack", showlegend=True),
        yaxis=dict(automargin=True, categoryorder="array", categoryarray=order),
    )
    return fig


def _bars(table: Table, shown: pd.DataFrame, lang: str) -> go.Figure:
    kind = table.columns[table.y]
    fig = go.Figure(
        go.Bar(
            x=shown[table.x],
            y=shown[table.y],
            marker_color=ACCENT,
            text=_hover(kind, shown[table.y], lang),
            textposition="auto",
            hoverinfo="x+text",
            hovertext=_hover(kind, shown[table.y], lang),
        )
    )
    fig.update_layout(**base_layout(), xaxis=dict(type="category"))
    return fig


def _treemap(table: Table, shown: pd.DataFrame, lang: str) -> go.Figure:
    """Parents (``x``) holding children (``color``), sized by ``y`` (only positive values can be drawn)."""
    kind = table.columns[table.y]
    data = shown[shown[table.y] > 0]
    parents = data.groupby(table.x, sort=False)[table.y].sum()
    ids = [f"p:{p}" for p in parents.index] + [
        f"c:{p}/{c}" for p, c in zip(data[table.x], data[table.color], strict=False)
    ]
    names = list(parents.index) + list(data[table.color])
    parent_ids = [""] * len(parents) + [f"p:{p}" for p in data[table.x]]
    values = list(parents.values) + list(data[table.y])
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=names,
            parents=parent_ids,
            values=values,
            branchvalues="total",
            text=_hover(kind, values, lang),
            texttemplate="%{label}<br>%{text}",
            hovertemplate="%{label}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(**base_layout(margin=dict(l=0, r=0, t=10, b=0)))
    return fig


def _donut(table: Table, shown: pd.DataFrame, lang: str) -> go.Figure:
    kind = table.columns[table.y]
    data = shown[shown[table.y] > 0]
    fig = go.Figure(
        go.Pie(
            labels=data[table.x],
            values=data[table.y],
            hole=0.5,
            sort=False,
            text=_hover(kind, data[table.y], lang),
            textinfo="label+percent",
            hovertemplate="%{label}: %{text} (%{percent})<extra></extra>",
        )
    )
    fig.update_layout(**base_layout(showlegend=False))
    return fig


def _heatmap(table: Table, shown: pd.DataFrame, lang: str) -> go.Figure:
    ages = [c for c in shown.columns if c.startswith("m") and c[1:].isdigit()]
    z = shown[ages].to_numpy(dtype=float)
    text = [[fmt.percent(v, lang) if v == v else "" for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[column_label(c, lang) for c in ages],
            y=list(shown[table.x]),
            text=text,
            texttemplate="%{text}",
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            colorscale="Blues",
            zmin=0,
            showscale=False,
        )
    )
    fig.update_layout(**base_layout(), yaxis=dict(autorange="reversed", type="category", automargin=True))
    return fig


def _line(table: Table, shown: pd.DataFrame, lang: str) -> go.Figure:
    kind = table.columns[table.y]
    fig = go.Figure(
        go.Scatter(
            x=shown[table.x],
            y=shown[table.y],
            mode="lines+markers",
            line_color=ACCENT,
            hovertext=_hover(kind, shown[table.y], lang),
            hoverinfo="x+text",
        )
    )
    fig.update_layout(**base_layout(), xaxis=dict(title=column_label(table.x, lang), dtick=1))
    return fig


# --------------------------------------------------------------------------- grids and blocks


def grid_columns(table: Table, lang: str) -> list[dict]:
    columns = []
    for i, (column, kind) in enumerate(table.columns.items()):
        if column not in table.frame:
            continue
        spec = {"field": column.replace(".", "_"), "headerName": column_label(column, lang)}
        if kind in LABEL_KINDS:
            spec.update(minWidth=160, flex=2)
            if i == 0:
                spec["pinned"] = "left"
        else:
            spec.update(type="rightAligned", valueFormatter=grid_formatter(KIND_MEASURE.get(kind, "orders"), lang))
        columns.append(spec)
    return columns


def grid_rows(shown: pd.DataFrame) -> list[dict]:
    out = shown.rename(columns=lambda c: c.replace(".", "_"))
    return out.astype(object).where(out.notna(), None).to_dict("records")


def block(table: Table, lang: str) -> dbc.Card:
    shown = labelled(table, lang)
    figure = figure_for(table, shown, lang)
    body = []
    if figure is not None:
        config = {
            **GRAPH_CONFIG,
            "toImageButtonOptions": {**GRAPH_CONFIG["toImageButtonOptions"], "filename": f"xrm-{table.key}"},
        }
        height = "460px" if table.figure in ("heatmap", "treemap") else "360px"
        body.append(dcc.Graph(id=f"analysis-graph-{table.key}", figure=figure, config=config, style={"height": height}))
    body.append(
        dag.AgGrid(
            id=f"analysis-grid-{table.key}",
            rowData=grid_rows(shown),
            columnDefs=grid_columns(table, lang),
            className="ag-theme-alpine",
            defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 100, "flex": 1},
            dashGridOptions={
                "domLayout": "autoHeight",
                "animateRows": False,
                "pagination": len(shown) > 25,
                "paginationPageSize": 25,
                "paginationPageSizeSelector": False,
            },
            style={"width": "100%"},
        )
    )
    return dbc.Card(
        [dbc.CardHeader(t(f"analysis.table.{table.key}", lang)), dbc.CardBody(body)],
        className="shadow-sm mb-3",
        id=f"analysis-block-{table.key}",
    )


def findings(sentences: list[str], explore: dict | None, lang: str) -> dbc.Card:
    items = (
        html.Ul([html.Li(s) for s in sentences], className="mb-2", id="analysis-sentences")
        if sentences
        else html.P(t("analyses.no_findings", lang), className="text-muted small mb-2", id="analysis-sentences")
    )
    link = (
        dcc.Link(
            t("analyses.open_explore", lang),
            href="/explore?" + urlencode(explore, doseq=True),
            className="btn btn-sm btn-outline-primary",
            id="analysis-explore-link",
        )
        if explore
        else None
    )
    return dbc.Card(
        [dbc.CardHeader(t("analyses.findings", lang)), dbc.CardBody([items, link])],
        className="shadow-sm mb-3",
        id="analysis-findings",
    )


def render_body(query: dict, lang: str, warehouse=None) -> list:
    """Everything below the analysis title, for the URL state ``query``."""
    warehouse = warehouse or get_warehouse()
    valid = catalog(warehouse)
    state = read_state(query or {}, valid.data_start, valid.data_end)
    cov = coverage(warehouse)
    notice = page_notice(f"analyses.{state.analysis}", lang, cov)
    if blocks(f"analyses.{state.analysis}", cov):  # no tickets, partners…: say which file, not "no data"
        return [notice]
    ctx = Context(state.start, state.end, valid.data_end, lang, warehouse)
    result = run_analysis(state.analysis, ctx, state.period)
    head = [notice] if notice else []
    if all(table.frame.empty for table in result.tables):
        return head + [dbc.Alert(t("analyses.empty", lang), color="info", id="analysis-empty")]
    return head + [findings(result.sentences, result.explore, lang)] + [block(table, lang) for table in result.tables]


@callback(Output("analyses-body", "children"), Input("analyses-state", "data"))
@callback_for(*ALL_ROLES)
def render(query: dict):
    lang = current_language()
    try:
        return render_body(query, lang)
    except WarehouseUnavailable as exc:
        return warehouse_error(exc, lang)
    except AnalysisUnavailable as exc:
        return dbc.Alert(t(exc.key, lang, **exc.values), color="warning", id="analysis-unavailable")
    except Exception:  # the page stays usable; the details go to the log
        log.exception("analysis failed for %s", query)
        return error_alert(lang)


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("analyses-period", "value"),
    State("analyses-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def change_period(period, query):
    """The period picker changes the URL; the page follows the URL, so back undoes it."""
    if not period or period == (query or {}).get("p"):
        return no_update
    return "?" + urlencode({"a": (query or {}).get("a", ""), "p": period})
