"""How the Explore page looks: its layout from a state, and its chart, table, pivot and detail grids
from the answers ``olap`` gives (``olap.explore_state``, ``olap.pivot``, ``olap.engine.detail``)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from components import labels
from components.access import EXPORT_ROLES, has_role
from components.charts import empty_figure, money_ticks
from components.coverage import empty_fact_reason, measure_options
from components.errors import error_alert, warehouse_error
from components.formatters import graph_config as base_config
from components.formatters import grid_value_formatter, measure_formatter
from components.theme import ACCENT, NEUTRAL, base_layout
from i18n import t
from olap.cube import FACTS, MEASURES, level
from olap.engine import Detail
from olap.explore_state import (
    CHARTS,
    VIEWS,
    ExploreState,
    breadcrumb,
    dimension_levels,
    load_state,
    series_frame,
    with_spec,
)
from olap.export import detail_columns
from olap.labels import format_value, level_label, level_option_label, measure_label, member_label
from olap.pivot import Pivot, pivot
from olap.query import replace_spec, to_dict

log = logging.getLogger(__name__)
BAR_MEMBERS = 30
LINE_SERIES = 5


def read_state(query: Mapping, warehouse=None) -> ExploreState:
    """The state of a URL checked against the warehouse, members included (once per page load: the
    callbacks then trust the canonical query the layout stores)."""
    return load_state(query, warehouse)


def chart_figure(state: ExploreState, df: pd.DataFrame, lang: str) -> go.Figure:
    if df.empty:  # nothing of the measure's fact was loaded: say which file, not "widen the dates"
        table = FACTS[MEASURES[state.spec.measures[0]].fact].table
        return empty_figure(empty_fact_reason(table, lang, separator="<br>") or t("explore.empty", lang))
    m = state.spec.measures[0]
    row = state.row
    labels_ = [member_label(row, k, lab, lang) for k, lab in zip(df[row], _labels(df, row), strict=False)]
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


def _labels(df: pd.DataFrame, row: str) -> list:
    column = f"{row}:label"
    return list(df[column]) if column in df else [None] * len(df)


def table_columns(state: ExploreState, lang: str) -> list[dict]:
    columns = [
        {"field": "_label", "headerName": level_label(state.row, lang), "pinned": "left", "minWidth": 180, "flex": 2}
    ]
    for m in state.spec.measures:
        columns.append(
            {
                "field": m,
                "headerName": measure_label(m, lang),
                "type": "rightAligned",
                "valueFormatter": measure_formatter(m, lang),
            }
        )
        if state.compare:
            columns.append(
                {
                    "field": f"{m}__prev",
                    "headerName": t(
                        "explore.previous_of_partial" if state.partial else "explore.previous_of",
                        lang,
                        measure=measure_label(m, lang),
                    ),
                    "type": "rightAligned",
                    "valueFormatter": measure_formatter(m, lang),
                }
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
                for k, lab in zip(df[state.row], _labels(df, state.row), strict=False)
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


def insights_for(state: ExploreState, lang: str):
    """The insights card's content: plain sentences about the view (never raises)."""
    from dash import html

    from olap import insights

    sentences = insights.sentences_for(state.spec, lang)  # logs and returns [] on any failure
    if not sentences:
        return html.Span(t("explore.no_insights", lang), className="text-muted small")
    return html.Ul([html.Li(s) for s in sentences], className="mb-0", id="explore-insight-list")


def pivot_table(state: ExploreState, lang: str, warehouse=None) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """The pivot grid of the view: rows, columns, the total row, the column members (cell ids ``c<i>``)."""
    return pivot_grid(state, pivot(state.pivot_spec(), state.column, warehouse), lang)


def pivot_grid(state: ExploreState, answer: Pivot, lang: str) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """Rows × columns of the first measure, with the exact totals of ``answer``."""
    m = state.spec.measures[0]
    row, col = state.row, state.column
    cells, by_row, by_col, grand = answer.cells, answer.row_totals, answer.col_totals, answer.grand
    col_members = (
        sorted(by_col[col].dropna().astype(str)) if level(col).time_grain else list(by_col[col].dropna().astype(str))
    )
    col_names = {
        str(k): member_label(col, k, lab, lang) for k, lab in zip(by_col[col], _labels(by_col, col), strict=False)
    }
    wide = cells.assign(_c=cells[col].astype("string")).pivot_table(index=row, columns="_c", values=m, aggfunc="first")
    order = list(by_row[row])
    rows = []
    names = dict(
        zip(
            by_row[row],
            [member_label(row, k, lab, lang) for k, lab in zip(by_row[row], _labels(by_row, row), strict=False)],
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
    columns += [
        {
            "field": f"c{i}",
            "headerName": col_names.get(c, c),
            "type": "rightAligned",
            "valueFormatter": measure_formatter(m, lang),
            "minWidth": 110,
        }
        for i, c in enumerate(col_members)
    ]
    columns.append(
        {
            "field": "_total",
            "headerName": t("explore.total", lang),
            "type": "rightAligned",
            "pinned": "right",
            "valueFormatter": measure_formatter(m, lang),
            "cellStyle": {"fontWeight": "bold"},
        }
    )
    return rows, columns, [total], col_members


def _num(value):
    return None if value is None or value != value else float(value)


# ------------------------------------------------------------------ the layout


def graph_config(state: ExploreState) -> dict:
    """The chart's config: the camera (and the Download PNG button) saves a PNG named after the view."""
    from olap.export import ascii_name, file_stem

    config = base_config("explore", select=False)
    return {
        **config,
        "toImageButtonOptions": {**config["toImageButtonOptions"], "filename": ascii_name(file_stem(state.spec))},
    }


def href(state: ExploreState) -> str:
    return "/explore" + state.to_search()


def _controls(state: ExploreState, valid: dict, lang: str) -> dbc.Card:
    spec = state.spec
    level_options = [
        {"label": level_option_label(level_id, lang), "value": level_id}
        for _, ids in dimension_levels()
        for level_id in ids
    ]
    periods = labels.period_options(valid.data_start, valid.data_end, lang)
    periods.append({"label": t("explore.custom_range", lang), "value": ""})
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Label(t("explore.measures", lang), html_for="explore-measures"),
                dcc.Dropdown(
                    id="explore-measures",
                    multi=True,
                    clearable=False,
                    options=measure_options(MEASURES, lang),
                    value=list(spec.measures),
                    className="mb-2",
                ),
                dbc.Label(t("explore.by", lang), html_for="explore-row"),
                dcc.Dropdown(
                    id="explore-row", options=level_options, value=state.row, clearable=False, className="mb-2"
                ),
                dbc.Label(t("filter.period", lang), html_for="explore-period"),
                dcc.Dropdown(
                    id="explore-period", options=periods, value=state.period, clearable=False, className="mb-1"
                ),
                dcc.DatePickerRange(
                    id="explore-dates",
                    start_date=spec.start.isoformat(),
                    end_date=spec.end.isoformat(),
                    min_date_allowed=valid.data_start.isoformat(),
                    max_date_allowed=valid.data_end.isoformat(),
                    display_format="YYYY-MM-DD",
                    className="mb-2 w-100",
                ),
                dbc.Switch(
                    id="explore-compare",
                    label=t("explore.compare", lang),
                    value=state.compare,
                    className="mb-3",
                ),
                html.Hr(className="my-2"),
                dbc.Label(t("explore.add_filter", lang), html_for="explore-filter-level"),
                dcc.Dropdown(
                    id="explore-filter-level",
                    options=level_options,
                    placeholder=t("explore.filter_level", lang),
                    className="mb-1",
                ),
                dcc.Dropdown(
                    id="explore-filter-members",
                    multi=True,
                    placeholder=t("explore.filter_members", lang),
                    className="mb-1",
                ),
                dbc.Button(t("explore.apply_filter", lang), id="explore-filter-add", size="sm", color="secondary"),
                html.Div(_filter_chips(state, lang), className="mt-2"),
            ]
        ),
        className="shadow-sm explore-controls",
    )


def _filter_chips(state: ExploreState, lang: str) -> list:
    chips = []
    for level_id, members in state.spec.filters:
        for member in members:
            rest = {k: v for k, v in state.spec.filters if k != level_id}
            kept = tuple(m for m in members if m != member)
            if kept:
                rest[level_id] = kept
            target = _with_filters(state, rest)
            chips.append(
                dcc.Link(
                    [f"{level_label(level_id, lang)}: {member_label(level_id, member, None, lang)} ", html.Span("×")],
                    href=href(target),
                    className="btn btn-light btn-sm me-1 mb-1 filter-chip",
                    title=t("filter.remove", lang),
                )
            )
    if not chips:
        return [html.Span(t("explore.no_filters", lang), className="text-muted small")]
    return chips


def _with_filters(state: ExploreState, filters: dict) -> ExploreState:
    return with_spec(state, replace_spec(state.spec, filters=filters))


def _breadcrumb(state: ExploreState, lang: str) -> html.Nav:
    items = []
    for i, (level_id, member, target) in enumerate(breadcrumb(state)):
        text = (
            t("explore.all_of", lang, level=level_label(level_id, lang))
            if member is None
            else member_label(level_id, member, None, lang)
        )
        if target is not None:
            items.append(html.Li(dcc.Link(text, href=href(target)), className="breadcrumb-item"))
        else:
            items.append(html.Li(text, className="breadcrumb-item active", **{"aria-current": "page"}))
        if i == len(breadcrumb(state)) - 1 and member is not None:
            items.append(html.Li(level_label(state.row, lang), className="breadcrumb-item active"))
    return html.Nav(
        html.Ol(items, className="breadcrumb mb-0"), id="explore-breadcrumb", **{"aria-label": "breadcrumb"}
    )


def _tabs(state: ExploreState, lang: str) -> html.Div:
    tabs = [
        html.Li(
            dcc.Link(
                t(f"explore.view.{view}", lang),
                href=href(replace(state, view=view, page=0)),
                className="nav-link" + (" active" if view == state.view else ""),
                id=f"explore-tab-{view}",
            ),
            className="nav-item",
        )
        for view in VIEWS
    ]
    charts = [
        dcc.Link(
            t(f"explore.chart.{chart}", lang),
            href=href(replace(state, chart=chart)),
            className="btn btn-sm " + ("btn-primary" if chart == state.chart else "btn-outline-secondary"),
            id=f"explore-chart-{chart}",
        )
        for chart in CHARTS
    ]
    right = html.Div(charts, className="btn-group ms-auto") if state.view == "chart" else None
    return html.Div(
        [html.Ul(tabs, className="nav nav-tabs flex-grow-1"), right], className="d-flex align-items-end mb-2"
    )


def _exports(state: ExploreState, lang: str):
    if not has_role(EXPORT_ROLES):
        return None
    spec = json.dumps(to_dict(state.pivot_spec() if state.view == "pivot" else state.spec), separators=(",", ":"))
    query = {"spec": spec, "lang": lang} | ({"cmp": "1"} if state.compare and state.view == "chart" else {})
    links = [
        html.A(
            t("explore.export.csv", lang),
            href="/export/view.csv?" + urlencode(query),
            className="btn btn-sm btn-outline-primary",
            id="explore-export-csv",
        ),
        html.A(
            t("explore.export.xlsx", lang),
            href="/export/view.xlsx?" + urlencode(query),
            className="btn btn-sm btn-outline-primary",
            id="explore-export-xlsx",
        ),
    ]
    if state.view == "detail":
        cell = json.dumps(dict(state.cell), separators=(",", ":"))
        detail = {"spec": spec, "cell": cell, "lang": lang}
        links.append(
            html.A(
                t("explore.export.detail", lang),
                href="/export/detail.csv?" + urlencode(detail),
                className="btn btn-sm btn-outline-primary",
                id="explore-export-detail",
            )
        )
        links.append(
            html.A(
                t("explore.export.detail_xlsx", lang),
                href="/export/detail.xlsx?" + urlencode(detail),
                className="btn btn-sm btn-outline-primary",
                id="explore-export-detail-xlsx",
            )
        )
    if state.view == "chart":
        links.append(
            html.Button(
                t("explore.export.png", lang),
                id="explore-export-png",
                className="btn btn-sm btn-outline-primary",
                type="button",
            )
        )
        links.append(dcc.Store(id="explore-png-done"))
    return html.Div(links, className="btn-group btn-group-sm mt-2")


def _forecast_link(state: ExploreState, lang: str):
    """The first measure of the view, within its filters, forecast forward (sums and counts only)."""
    from olap.forecast_state import FORECAST_MEASURES

    measure = state.spec.measures[0]
    if measure not in FORECAST_MEASURES:
        return None
    query = {"m": measure}
    for level_id, members in state.spec.filters:
        if not level_id.startswith("time."):
            query[f"f.{level_id}"] = list(members)
    return dcc.Link(
        t("explore.forecast", lang, measure=measure_label(measure, lang)),
        href="/mining/forecast?" + urlencode(query, doseq=True),
        id="explore-forecast",
        className="small d-inline-block mt-2 ms-3",
    )


def _grid(grid_id: str, **extra) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id,
        rowData=[],
        columnDefs=[],
        className="ag-theme-alpine",
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 100, "flex": 1},
        dashGridOptions={"domLayout": "autoHeight", "animateRows": False, **extra.pop("options", {})},
        style={"width": "100%"},
        **extra,
    )


def _body(state: ExploreState, lang: str) -> list:
    query = state.to_query()
    message = html.Div(id="explore-view-message")  # what went wrong drawing the view, if anything
    if state.view == "chart":
        return [
            message,
            dcc.Store(id="explore-chart-state", data=query),
            dcc.Graph(id="explore-graph", config=graph_config(state), style={"height": "420px"}),
            html.P(t("explore.click_hint", lang), className="text-muted small mb-2"),
            _grid(
                "explore-table",
                options={"pagination": True, "paginationPageSize": 25, "paginationPageSizeSelector": False},
            ),
        ]
    if state.view == "pivot":
        column_options = [
            {"label": level_option_label(level_id, lang), "value": level_id}
            for _, ids in dimension_levels()
            for level_id in ids
            if level(level_id).dimension != level(state.row).dimension
        ]
        return [
            message,
            dcc.Store(id="explore-pivot-state", data=query),
            dcc.Store(id="explore-pivot-members"),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label(t("explore.pivot_columns", lang), html_for="explore-pivot-column"),
                        dcc.Dropdown(
                            id="explore-pivot-column", options=column_options, value=state.column, clearable=False
                        ),
                    ],
                    md=4,
                ),
                className="mb-2",
            ),
            _grid("explore-pivot", options={"pinnedBottomRowData": []}),
            html.P(t("explore.pivot_hint", lang), className="text-muted small mt-1 mb-0"),
        ]
    return [
        dcc.Store(id="explore-detail-state", data=query),
        html.Div(id="explore-detail-info", className="mb-2"),
        dag.AgGrid(
            id="explore-detail",
            rowData=[],
            columnDefs=[],
            className="ag-theme-alpine",
            defaultColDef={"sortable": False, "resizable": True, "minWidth": 100},
            style={"width": "100%", "height": "520px"},
        ),
        html.Div(id="explore-detail-pager", className="mt-2"),
    ]


def problems_alert(state: ExploreState, lang: str):
    """What of the URL could not be used, in words (None when everything could)."""
    if not state.problems:
        return None
    items = [html.Li(p.message(lang)) for p in state.problems]
    return dbc.Alert(
        [html.Strong(t("explore.problems", lang)), html.Ul(items, className="mb-0")],
        color="warning",
        dismissable=True,
        id="explore-problems",
    )


def page(state: ExploreState, valid, lang: str) -> html.Div:
    """The whole page for a state: controls, tabs, the view's frame (filled by the callbacks), exports."""
    return html.Div(
        [
            dcc.Store(id="explore-state", data=state.to_query()),
            html.Div(
                [html.H2(t("explore.title", lang), className="h4 mb-0 me-3"), _breadcrumb(state, lang)],
                className="d-flex align-items-center flex-wrap mb-2",
            ),
            problems_alert(state, lang),
            html.Div(id="explore-message"),
            dbc.Row(
                [
                    dbc.Col(_controls(state, valid, lang), lg=3, className="mb-3"),
                    dbc.Col(
                        [
                            dbc.Card(
                                dbc.CardBody(
                                    [
                                        _tabs(state, lang),
                                        dcc.Loading(html.Div(_body(state, lang)), delay_show=100),
                                        _exports(state, lang),
                                        _forecast_link(state, lang),
                                    ]
                                ),
                                className="shadow-sm mb-3",
                            ),
                            dbc.Card(
                                [
                                    dbc.CardHeader(t("explore.insights", lang)),
                                    dbc.CardBody(dcc.Loading(html.Div(id="explore-insights"), delay_show=100)),
                                ],
                                className="shadow-sm",
                            ),
                        ],
                        lg=9,
                    ),
                ]
            ),
        ]
    )


# ------------------------------------------------------------------ what the callbacks draw


def chart_view(state: ExploreState, df: pd.DataFrame, lang: str) -> tuple:
    """The chart view: figure (as JSON), its style, the table's rows and columns."""
    figure = chart_figure(state, df, lang).to_plotly_json()
    style = {"height": "420px", "display": "none" if state.chart == "table" else "block"}
    return figure, style, table_rows(state, df, lang), table_columns(state, lang)


def detail_view(state: ExploreState, answer: Detail, lang: str) -> tuple:
    """The detail view: what the rows are, their grid rows and columns, the pager."""
    cell, df = dict(state.cell), answer.frame.copy()
    scope = ", ".join(f"{level_label(k, lang)}: {member_label(k, v, None, lang)}" for k, v in cell.items())
    info = t("explore.detail_info", lang, count=f"{answer.total:,}", scope=scope or t("explore.whole_view", lang))
    headers = [col.header for col in detail_columns(state.spec, lang)]  # in the fact's detail order
    columns = [{"field": c, "headerName": h, "minWidth": 110} for c, h in zip(df.columns, headers, strict=True)]
    for c in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[c]):
            df[c] = df[c].dt.strftime("%Y-%m-%d %H:%M")
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    return info, rows, columns, pager(state, answer, lang)


def pager(state: ExploreState, answer: Detail, lang: str) -> list:
    page, pages = answer.page, answer.pages
    step = lambda key, to, id: dcc.Link(  # noqa: E731
        t(key, lang), href=href(replace(state, page=to)), className="btn btn-sm btn-outline-secondary", id=id
    )
    nav = [step("explore.prev_page", page - 1, "explore-prev")] if page > 0 else []
    if nav:
        nav[0].className += " me-2"
    nav.append(html.Span(t("explore.page_of", lang, page=page + 1, pages=pages), className="small me-2"))
    if page + 1 < pages:
        nav.append(step("explore.next_page", page + 1, "explore-next"))
    return nav


def member_options(level_id: str, df: pd.DataFrame, lang: str) -> list[dict]:
    """Dropdown options of a level's members (from ``olap.explore_state.level_members``)."""
    return [
        {"label": member_label(level_id, k, lab, lang), "value": str(k)}
        for k, lab in zip(df[level_id], _labels(df, level_id), strict=False)
        if k is not None
    ]


def refused_option(exc, lang: str) -> list[dict]:
    return [{"label": exc.message(lang), "value": "", "disabled": True}]


def drill_refusal(exc, lang: str):
    return html.Div(exc.message(lang), className="alert alert-info", id="explore-drill-message")


def failure(exc: Exception, lang: str):
    """What went wrong drawing a view, said on the page (the traceback of an unexpected one goes to the log)."""
    from data.warehouse import WarehouseUnavailable
    from errors import KeyedError

    if isinstance(exc, WarehouseUnavailable):
        return warehouse_error(exc, lang)
    if isinstance(exc, KeyedError):
        return html.Div(exc.message(lang), className="alert alert-warning")
    log.exception("explore failed")
    return error_alert(lang)


def cached_chart(state: ExploreState, lang: str) -> tuple:
    """``chart_view`` kept in the shared result cache per warehouse version, language and state:
    going back to a view (the back button, a shared link) redraws at once; a view with a message
    about its URL is not kept."""
    from olap import engine
    from olap.explore_state import view_frame

    compute = lambda _: chart_view(state, view_frame(state), lang)  # noqa: E731
    return engine.cached(("chart", lang, state.to_search()), compute, keep=lambda _: not state.problems)


def cached_insights(state: ExploreState, lang: str):
    """``insights_for`` kept in the shared result cache per warehouse version, language and state."""
    from olap import engine

    return engine.cached(("insights", lang, state.to_search()), lambda _: insights_for(state, lang))
