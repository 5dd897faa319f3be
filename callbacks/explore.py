"""Explore page wiring: the URL's state becomes figures and grids; clicks and controls change the URL."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, ctx, no_update

from components.access import ALL_ROLES, callback_for
from components.charts import empty_figure, money_ticks
from components.coverage import empty_fact_reason
from components.errors import error_alert, warehouse_error
from components.measures import grid_formatter
from components.theme import ACCENT, NEUTRAL, base_layout
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t
from olap import engine
from olap.cube import FACTS, MEASURES, CubeError, level
from olap.engine import execute
from olap.explore_state import ExploreState, load_state, with_spec
from olap.export import detail_columns
from olap.labels import format_value, level_label, measure_label, member_label, refusal_text
from olap.query import detail_count, detail_query, drill_down, make_spec, replace_spec

log = logging.getLogger(__name__)

BAR_MEMBERS = 30
LINE_SERIES = 5
DETAIL_PAGE = 100


def _fail(exc: Exception, lang: str):
    if isinstance(exc, WarehouseUnavailable):
        return warehouse_error(exc, lang)
    if isinstance(exc, CubeError):
        from dash import html

        return html.Div(refusal_text(exc, lang), className="alert alert-warning")
    log.exception("explore failed")
    return error_alert(lang)


# --------------------------------------------------------------------------- chart view


def view_frame(state: ExploreState) -> pd.DataFrame:
    """The view's rows, with the previous period's values (``<measure>__prev``) when comparing."""
    return engine.execute_compared(state.spec) if state.compare else execute(state.spec)


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
        spec = replace_spec(
            state.spec,
            rows=(row, "time.month"),
            filters={**dict(state.spec.filters), row: top},
            limit=None,
            sort="time.month",
            descending=False,
        )
        series = execute(spec)
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
                "valueFormatter": grid_formatter(m, lang),
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
                    "valueFormatter": grid_formatter(m, lang),
                }
            )
            columns.append(
                {
                    "field": f"{m}__change",
                    "headerName": "Δ %",
                    "type": "rightAligned",
                    "valueFormatter": {
                        "function": "params.value == null ? '–' : (params.value > 0 ? '+' : '') + (params.value * 100).toFixed(1) + '%'"
                    },
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


@callback(
    Output("explore-graph", "figure"),
    Output("explore-graph", "style"),
    Output("explore-table", "rowData"),
    Output("explore-table", "columnDefs"),
    Output("explore-view-message", "children"),
    Input("explore-chart-state", "data"),
)
@callback_for(*ALL_ROLES)
def render_chart(query: dict):
    lang = current_language()
    try:
        return *rendered_chart(query or {}, lang), None
    except Exception as exc:  # the page stays usable; the details go to the log
        return empty_figure(""), {"display": "none"}, [], [], _fail(exc, lang)


@callback(Output("explore-insights", "children"), Input("explore-state", "data"))
@callback_for(*ALL_ROLES)
def render_insights(query: dict):
    """Insights come in their own request: the chart is drawn without waiting for them."""
    lang = current_language()
    try:
        _, version = get_warehouse().cursor_with_version()
        key = "insights|" + "|".join([version, lang, json.dumps(query or {}, sort_keys=True, default=str)])
        hit = engine.cache().get(key)
        if hit is None:
            hit = insights_for(load_state(query or {}), lang)
            engine.cache().set(key, hit)
        return hit
    except Exception as exc:
        return _fail(exc, lang)


def rendered_chart(query: dict, lang: str) -> tuple:
    """The chart view of a URL: figure, its style, table rows and columns.

    Kept in the shared result cache under the warehouse version, the language and the
    URL's state: going back to a view (the back button, a shared link) redraws at once,
    and a data load makes a new version, so nothing stale is ever shown.
    """
    _, version = get_warehouse().cursor_with_version()
    key = "chart|" + "|".join([version, lang, json.dumps(query, sort_keys=True, default=str)])
    hit = engine.cache().get(key)
    if hit is not None:
        return hit
    state = load_state(query)
    df = view_frame(state)
    figure = chart_figure(state, df, lang).to_plotly_json()
    style = {"height": "420px", "display": "none" if state.chart == "table" else "block"}
    out = (figure, style, table_rows(state, df, lang), table_columns(state, lang))
    if not state.problems:  # a view with a message about the URL is not worth keeping
        engine.cache().set(key, out)
    return out


def insights_for(state: ExploreState, lang: str):
    """The insights card's content: plain sentences about the view (never raises)."""
    from dash import html

    from olap import insights

    sentences = insights.sentences_for(state.spec, lang)  # logs and returns [] on any failure
    if not sentences:
        return html.Span(t("explore.no_insights", lang), className="text-muted small")
    return html.Ul([html.Li(s) for s in sentences], className="mb-0", id="explore-insight-list")


# --------------------------------------------------------------------------- pivot view


def pivot_table(state: ExploreState, lang: str) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """Rows × columns of the first measure, with exact totals (queried, not summed: counts of
    distinct customers do not add up)."""
    m = state.spec.measures[0]
    spec = replace_spec(state.pivot_spec(), measures=(m,), limit=None)
    row, col = state.row, state.column
    cells = execute(spec)
    by_row = execute(replace_spec(spec, columns=(), limit=None))
    by_col = execute(replace_spec(spec, rows=(col,), columns=(), limit=None))
    grand = execute(replace_spec(spec, rows=(), columns=(), limit=None))
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
            "valueFormatter": grid_formatter(m, lang),
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
            "valueFormatter": grid_formatter(m, lang),
            "cellStyle": {"fontWeight": "bold"},
        }
    )
    return rows, columns, [total], col_members


def _num(value):
    return None if value is None or value != value else float(value)


@callback(
    Output("explore-pivot", "rowData"),
    Output("explore-pivot", "columnDefs"),
    Output("explore-pivot", "dashGridOptions"),
    Output("explore-pivot-members", "data"),
    Output("explore-view-message", "children", allow_duplicate=True),
    Input("explore-pivot-state", "data"),
    State("explore-pivot", "dashGridOptions"),
    prevent_initial_call="initial_duplicate",
)
@callback_for(*ALL_ROLES)
def render_pivot(query: dict, options: dict):
    lang = current_language()
    try:
        state = load_state(query)
        rows, columns, total, members = pivot_table(state, lang)
        return rows, columns, {**(options or {}), "pinnedBottomRowData": total}, members, None
    except Exception as exc:
        return [], [], options or {}, [], _fail(exc, lang)


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("explore-pivot", "cellClicked"),
    State("explore-pivot-members", "data"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def pivot_cell(cell, members, query):
    """A click on a pivot cell opens the detail rows behind it (row and column member)."""
    row_member = ((cell or {}).get("data") or {}).get("_member")
    column = (cell or {}).get("colId") or ""
    if row_member is None:
        return no_update
    state = load_state(query)
    chosen = [(state.row, row_member)]
    if column.startswith("c") and column[1:].isdigit() and int(column[1:]) < len(members or []):
        chosen.append((state.column, members[int(column[1:])]))
    return replace(state, view="detail", cell=tuple(chosen), page=0).to_search()


# --------------------------------------------------------------------------- detail view


@callback(
    Output("explore-detail-info", "children"),
    Output("explore-detail", "rowData"),
    Output("explore-detail", "columnDefs"),
    Output("explore-detail-pager", "children"),
    Input("explore-detail-state", "data"),
)
@callback_for(*ALL_ROLES)
def render_detail(query: dict):
    from dash import dcc, html

    lang = current_language()
    try:
        state = load_state(query)
        cell = dict(state.cell)
        cursor = get_warehouse().cursor()
        sql, params = detail_count(state.spec, cell)
        total = cursor.execute(sql, params).fetchall()[0][0]
        pages = max(1, -(-total // DETAIL_PAGE))
        page = min(state.page, pages - 1)
        sql, params = detail_query(state.spec, cell, page=page, page_size=DETAIL_PAGE)
        df = cursor.execute(sql, params).df()
        scope = ", ".join(f"{level_label(k, lang)}: {member_label(k, v, None, lang)}" for k, v in cell.items())
        info = t("explore.detail_info", lang, count=f"{total:,}", scope=scope or t("explore.whole_view", lang))
        headers = [col.header for col in detail_columns(state.spec, lang)]  # in the fact's detail order
        columns = [{"field": c, "headerName": h, "minWidth": 110} for c, h in zip(df.columns, headers, strict=True)]
        for c in df.columns:
            if pd.api.types.is_datetime64_any_dtype(df[c]):
                df[c] = df[c].dt.strftime("%Y-%m-%d %H:%M")
        rows = df.astype(object).where(df.notna(), None).to_dict("records")
        nav = []
        if page > 0:
            nav.append(
                dcc.Link(
                    t("explore.prev_page", lang),
                    href="/explore" + replace(state, page=page - 1).to_search(),
                    className="btn btn-sm btn-outline-secondary me-2",
                    id="explore-prev",
                )
            )
        nav.append(html.Span(t("explore.page_of", lang, page=page + 1, pages=pages), className="small me-2"))
        if page + 1 < pages:
            nav.append(
                dcc.Link(
                    t("explore.next_page", lang),
                    href="/explore" + replace(state, page=page + 1).to_search(),
                    className="btn btn-sm btn-outline-secondary",
                    id="explore-next",
                )
            )
        return info, rows, columns, nav
    except Exception as exc:
        return _fail(exc, lang), [], [], []


# --------------------------------------------------------------------------- navigation


def drilled(state: ExploreState, member: str) -> ExploreState:
    """One level down into ``member`` (raises CubeError at the lowest level)."""
    return with_spec(state, drill_down(state.spec, state.row, member))


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Output("explore-message", "children"),
    Input("explore-graph", "clickData"),
    Input("explore-table", "cellDoubleClicked"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def drill(click, cell, query):
    """A click on a bar, a tile, a point or a table row drills one level down into it."""
    lang = current_language()
    if ctx.triggered_id == "explore-graph":
        try:
            member = click["points"][0]["customdata"]
        except (TypeError, KeyError, IndexError):
            return no_update, no_update
    else:
        member = ((cell or {}).get("data") or {}).get("_member") if isinstance(cell, dict) else None
    if member is None:
        return no_update, no_update
    try:
        state = load_state(query)
        return drilled(state, str(member)).to_search(), None
    except CubeError as exc:
        from dash import html

        return no_update, html.Div(refusal_text(exc, lang), className="alert alert-info", id="explore-drill-message")


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("explore-measures", "value"),
    Input("explore-row", "value"),
    Input("explore-period", "value"),
    Input("explore-dates", "start_date"),
    Input("explore-dates", "end_date"),
    Input("explore-compare", "value"),
    Input("explore-filter-add", "n_clicks"),
    State("explore-filter-level", "value"),
    State("explore-filter-members", "value"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def navigate(measures, row, period, start, end, compare, _add, filter_level, filter_members, query):
    """Every control changes the URL; the page follows the URL, so back undoes it."""
    trigger = ctx.triggered_id
    query = dict(query or {})
    if trigger == "explore-measures":
        if not measures:
            return no_update
        query["m"] = list(measures)
    elif trigger == "explore-row":
        query["r"] = row
        query.pop("page", None)
    elif trigger == "explore-period":
        if not period:
            return no_update
        query["p"] = period
        query.pop("from", None), query.pop("to", None)
    elif trigger == "explore-dates":
        if not (start and end):
            return no_update
        if query.get("from") == start[:10] and query.get("to") == end[:10]:
            return no_update
        query.pop("p", None)
        query["from"], query["to"] = start[:10], end[:10]
    elif trigger == "explore-compare":
        if bool(compare) == (query.get("cmp") == "1"):
            return no_update
        query["cmp"] = "1" if compare else None
    elif trigger == "explore-filter-add":
        if not _add or not filter_level or not filter_members:
            return no_update
        query[f"f.{filter_level}"] = list(filter_members)
    else:
        return no_update
    state = load_state({k: v for k, v in query.items() if v is not None})
    if state.spec.start and not state.period and trigger == "explore-period":
        return no_update
    return replace(state, page=0).to_search()


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("explore-pivot-column", "value"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def pivot_column(column, query):
    if not column or column == (query or {}).get("c"):
        return no_update
    return load_state({**(query or {}), "c": column}).to_search()


@callback(
    Output("explore-filter-members", "options"),
    Output("explore-filter-members", "value"),
    Input("explore-filter-level", "value"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def filter_members(level_id, query):
    """The members of the chosen level, biggest first, to pick filter values from."""
    if not level_id:
        return [], []
    lang = current_language()
    try:
        state = load_state(query)
        spec = make_spec(
            state.spec.measures[:1], rows=[level_id], start=state.spec.start, end=state.spec.end, limit=1000
        )
        df = execute(spec)
    except CubeError as exc:
        return [{"label": refusal_text(exc, lang), "value": "", "disabled": True}], []
    return [
        {"label": member_label(level_id, k, lab, lang), "value": str(k)}
        for k, lab in zip(df[level_id], _labels(df, level_id), strict=False)
        if k is not None
    ], []
