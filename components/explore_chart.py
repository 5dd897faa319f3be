"""Explore's chart, table and pivot grid drawn from the cube's answers (numbers stay numbers in grids)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from components.charts import empty_figure, money_ticks
from components.coverage import empty_fact_reason
from components.formatters import grid_value_formatter, measure_column
from components.theme import ACCENT, NEUTRAL, base_layout
from i18n import t
from olap.cube import FACTS, MEASURES, level
from olap.explore_state import (
    ExploreState,
    series_frame,
)
from olap.labels import format_value, level_label, measure_help, measure_label, member_label
from olap.pivot import Pivot

BAR_MEMBERS = 30
LINE_SERIES = 5


def chart_figure(state: ExploreState, df: pd.DataFrame, lang: str) -> go.Figure:
    if df.empty:  # nothing of the measure's fact was loaded: say which file, not "widen the dates"
        table = FACTS[MEASURES[state.spec.measures[0]].fact].table
        return empty_figure(empty_fact_reason(table, lang, separator="<br>") or t("explore.empty", lang))
    m = state.spec.measures[0]
    row = state.row
    labels_ = [member_label(row, k, lab, lang) for k, lab in zip(df[row], member_labels(df, row), strict=False)]
    if state.chart == "treemap":
        positive = df[m] > 0
        fig = go.Figure(
            go.Treemap(
                labels=[lab for lab, p in zip(labels_, positive, strict=False) if p],
                parents=[""] * int(positive.sum()),
                values=df.loc[positive, m],
                customdata=list(df.loc[positive, row]),
                text=[format_value(m, v, lang) for v in df.loc[positive, m]],
                texttemplate="%{label}<br>%{text}",
                hovertemplate="%{label}: %{text}<extra></extra>",
                marker=dict(colorscale="Blues", colors=df.loc[positive, m]),
            )
        )
        fig.update_layout(**base_layout(margin=dict(l=0, r=0, t=10, b=0)))
        return fig
    if state.chart == "line" or (state.chart == "bar" and level(row).time_grain):
        return _time_figure(state, df, lang, labels_)
    top = df.head(BAR_MEMBERS).iloc[::-1]
    top_labels = labels_[: len(top)][::-1]
    fig = go.Figure()
    if state.compare and f"{m}__prev" in top:
        fig.add_bar(
            x=top[f"{m}__prev"],
            y=top_labels,
            orientation="h",
            marker_color="#cbd5e1",
            name=t("explore.previous", lang),
            customdata=list(top[row]),
            hovertext=[format_value(m, v, lang, exact=True) for v in top[f"{m}__prev"]],
            hoverinfo="text",
        )
    fig.add_bar(
        x=top[m],
        y=top_labels,
        orientation="h",
        marker_color=ACCENT,
        name=measure_label(m, lang),
        customdata=list(top[row]),
        text=[format_value(m, v, lang) for v in top[m]],
        textposition="auto",
        textangle=0,  # a short bar shows its value beside it, never turned on its side
        hovertext=[
            f"{lab}: {format_value(m, v, lang, exact=True)}" for lab, v in zip(top_labels, top[m], strict=False)
        ],
        hoverinfo="text",
    )
    fig.update_layout(
        **base_layout(clickmode="event", barmode="group", showlegend=state.compare),
        yaxis=dict(automargin=True, range=[len(top) - 0.5 - max(len(top), 6), len(top) - 0.5]),
        xaxis=dict(title=measure_label(m, lang), **_axis_ticks(m, top, lang)),
    )
    return fig


def _axis_ticks(m: str, df: pd.DataFrame, lang: str) -> dict:
    """Value-axis ticks in the measure's unit: money in M/만, rates in percent."""
    from olap.cube import measure

    kind = measure(m).kind
    if kind in ("percent", "percent_points"):
        return {"tickformat": ".1%"}
    if kind != "money" or df.empty:
        return {}
    values = [df[m].max()] + ([df[f"{m}__prev"].max()] if f"{m}__prev" in df else [])
    values = [float(v) for v in values if v == v]
    return money_ticks(max(values), lang) if values else {}


def _time_figure(state: ExploreState, df: pd.DataFrame, lang: str, labels_: list[str]) -> go.Figure:
    """A time row level: the measure over its periods; another level: its top members by month."""
    m = state.spec.measures[0]
    row = state.row
    fig = go.Figure()
    values = df
    if level(row).time_grain:
        ordered = df.assign(_l=labels_).sort_values(row)
        kind = go.Scatter if state.chart == "line" else go.Bar
        extra = {"mode": "lines+markers"} if state.chart == "line" else {}
        fig.add_trace(
            kind(
                x=ordered["_l"],
                y=ordered[m],
                customdata=list(ordered[row]),
                marker_color=ACCENT,
                name=measure_label(m, lang),
                hovertext=[format_value(m, v, lang, exact=True) for v in ordered[m]],
                hoverinfo="x+text",
                **extra,
            )
        )
        if state.compare and f"{m}__prev" in ordered:
            fig.add_trace(
                kind(
                    x=ordered["_l"],
                    y=ordered[f"{m}__prev"],
                    name=t("explore.previous", lang),
                    marker_color=NEUTRAL,
                    customdata=list(ordered[row]),
                    **extra,
                )
            )
    else:
        top = [str(k) for k in df[row].head(LINE_SERIES) if k is not None and k == k]
        series = series_frame(state, top)
        values = series
        names = dict(zip(df[row].astype(str), labels_, strict=False))
        for member in top:
            part = series[series[row].astype(str) == member]
            fig.add_scatter(
                x=part["time.month"],
                y=part[m],
                mode="lines+markers",
                name=names.get(member, member),
                customdata=[member] * len(part),
            )
    fig.update_layout(
        **base_layout(clickmode="event", showlegend=True),
        yaxis=dict(title=measure_label(m, lang), **_axis_ticks(m, values, lang)),
    )
    return fig


def member_labels(df: pd.DataFrame, row: str) -> list:
    column = f"{row}:label"
    return list(df[column]) if column in df else [None] * len(df)


def table_columns(state: ExploreState, lang: str) -> list[dict]:
    columns = [
        {"field": "_label", "headerName": level_label(state.row, lang), "pinned": "left", "minWidth": 180, "flex": 2}
    ]
    for m in state.spec.measures:
        columns.append(
            measure_column(
                m, measure_label(m, lang), m, lang, headerTooltip=measure_help(m, lang) or measure_label(m, lang)
            )
        )
        if state.compare:
            columns.append(
                measure_column(
                    f"{m}__prev",
                    t(
                        "explore.previous_of_partial" if state.partial else "explore.previous_of",
                        lang,
                        measure=measure_label(m, lang),
                    ),
                    m,
                    lang,
                )
            )
            columns.append(
                {
                    "field": f"{m}__change",
                    "headerName": "Δ %",
                    "type": "rightAligned",
                    "valueFormatter": _signed(grid_value_formatter("percent", lang)),
                }
            )
    columns.append(
        {
            "field": "_detail",
            "headerName": t("explore.view.detail", lang),
            "cellRenderer": "markdown",
            "sortable": False,
            "filter": False,
            "minWidth": 110,
            "maxWidth": 140,
        }
    )
    return columns


def _signed(formatter: dict) -> dict:
    """A formatter that writes ``+`` before a positive value (a change)."""
    return {"function": f"(params.value > 0 ? '+' : '') + ({formatter['function']})"}


def table_rows(state: ExploreState, df: pd.DataFrame, lang: str) -> list[dict]:
    out = pd.DataFrame(
        {
            "_member": df[state.row].astype("string"),
            "_label": [
                member_label(state.row, k, lab, lang)
                for k, lab in zip(df[state.row], member_labels(df, state.row), strict=False)
            ],
        }
    )
    link = t("explore.rows_link", lang)
    out["_detail"] = [
        f"[{link}](/explore{replace(state, view='detail', cell=((state.row, str(k)),), page=0).to_search()})"
        for k in df[state.row]
    ]
    for m in state.spec.measures:
        out[m] = df[m]
        if state.compare:
            prev = df[f"{m}__prev"]
            out[f"{m}__prev"] = prev
            out[f"{m}__change"] = (df[m] - prev) / prev.where(prev != 0)
    return out.astype(object).where(out.notna(), None).to_dict("records")


def pivot_grid(state: ExploreState, answer: Pivot, lang: str) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """Rows × columns of the first measure, with the exact totals of ``answer``."""
    m = state.spec.measures[0]
    row, col = state.row, state.column
    cells, by_row, by_col, grand = answer.cells, answer.row_totals, answer.col_totals, answer.grand
    col_members = (
        sorted(by_col[col].dropna().astype(str)) if level(col).time_grain else list(by_col[col].dropna().astype(str))
    )
    col_names = {
        str(k): member_label(col, k, lab, lang) for k, lab in zip(by_col[col], member_labels(by_col, col), strict=False)
    }
    wide = cells.assign(_c=cells[col].astype("string")).pivot_table(index=row, columns="_c", values=m, aggfunc="first")
    order = list(by_row[row])
    rows = []
    names = dict(
        zip(
            by_row[row],
            [member_label(row, k, lab, lang) for k, lab in zip(by_row[row], member_labels(by_row, row), strict=False)],
            strict=False,
        )
    )
    for member in order:
        record = {
            "_member": str(member),
            "_label": names.get(member, str(member)),
            "_total": _num(by_row.set_index(row)[m].get(member)),
        }
        for i, c in enumerate(col_members):
            value = wide.loc[member, c] if member in wide.index and c in wide.columns else None
            record[f"c{i}"] = _num(value)
        rows.append(record)
    total = {"_label": t("explore.total", lang), "_total": _num(grand[m].iloc[0] if len(grand) else None)}
    col_totals = by_col.assign(_c=by_col[col].astype(str)).set_index("_c")[m]
    for i, c in enumerate(col_members):
        total[f"c{i}"] = _num(col_totals.get(c))
    columns = [{"field": "_label", "headerName": level_label(row, lang), "pinned": "left", "minWidth": 180}]
    columns += [measure_column(f"c{i}", col_names.get(c, c), m, lang, minWidth=110) for i, c in enumerate(col_members)]
    columns.append(
        measure_column("_total", t("explore.total", lang), m, lang, pinned="right", cellStyle={"fontWeight": "bold"})
    )
    return rows, columns, [total], col_members


def _num(value):
    return None if value is None or value != value else float(value)
