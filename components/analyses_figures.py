"""The Analyses page's charts: one figure per table kind (bars, stacks, treemap, donut, heatmap, line)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.analyses_labels import column_label, value_text
from components.charts import empty_figure, money_ticks
from components.theme import ACCENT, CHANNEL_GROUP_COLORS, NEUTRAL, base_layout
from i18n import format as fmt
from i18n import t
from olap.analyses import Table
from olap.analyses.clicks import clickable, member_key

# series colours: none of them is a channel group's colour (blue online, amber offline)
SERIES_COLORS = ["#0891b2", "#db2777", "#65a30d", "#9333ea", "#ea580c", "#0f766e", "#be123c", "#475569"]


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


def _points(table: Table, column: str | None, rows, shown: pd.DataFrame) -> list | None:
    """Each point's ``[level id, member, measure, label]`` when ``column`` is a cube level (a click on it
    opens the menu of ``olap.analyses.clicks``); None for points that are not members of a level."""
    if not clickable(column) or column not in table.frame:
        return None
    raw = table.frame.reset_index(drop=True)[column]
    measure = next((c for c, kind in table.columns.items() if kind == "money"), "revenue")
    return [[column, member_key(column, raw.loc[i]), measure, str(shown.loc[i, column])] for i in rows]


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
            textangle=0,  # a short bar shows its value beside it, never turned on its side
            hovertext=[f"{n}: {value_text(kind, v, lang)}" for n, v in zip(data[table.y], data[table.x], strict=False)],
            hoverinfo="text",
            customdata=_points(table, table.y, data.index, shown),
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
            customdata=_points(table, table.x, shown.index[mask], shown),
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
            customdata=_points(table, table.y, part.index, shown),
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
            customdata=_points(table, table.x, shown.index, shown),
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
    firsts = [data.index[data[table.x] == p][0] for p in parents.index]  # a row of each parent, for its member
    tops, leaves = _points(table, table.x, firsts, shown), _points(table, table.color, data.index, shown)
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
            customdata=(tops + leaves) if tops and leaves else None,
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
            customdata=_points(table, table.x, data.index, shown),
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
            customdata=_points(table, table.x, shown.index, shown),
        )
    )
    fig.update_layout(**base_layout(), xaxis=dict(title=column_label(table.x, lang), dtick=1))
    return fig
