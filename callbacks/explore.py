"""Explore page wiring: the URL's state becomes figures and grids; clicks and controls change the URL.

The layout checks a URL once (members included) and stores the canonical query; the callbacks
read that query back without looking members up again (``ExploreState.from_query``).
"""

from __future__ import annotations

from dataclasses import replace

from dash import Input, Output, State, callback, ctx, no_update

from components import explore_view as view
from components.access import ALL_ROLES, callback_for
from components.charts import empty_figure
from components.explore_page import NO_MEMBER_ROW
from data.warehouse import get_warehouse
from i18n import current_language
from olap import engine
from olap.catalog import catalog
from olap.cube import CubeError
from olap.explore_state import ExploreState, drilled, level_members, next_query

DETAIL_PAGE = 100


def _state(query: dict | None) -> ExploreState:
    return ExploreState.from_query(query or {}, catalog(get_warehouse()))


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
    """The chart view, kept per version, language and state: going back to a view redraws at once."""
    lang = current_language()
    try:
        return *view.cached_chart(_state(query), lang), None
    except Exception as exc:  # the page stays usable; the details go to the log
        return empty_figure(""), {"display": "none"}, [], [], view.failure(exc, current_language())


@callback(Output("explore-insights", "children"), Input("explore-state", "data"))
@callback_for(*ALL_ROLES)
def render_insights(query: dict):
    """Insights come in their own request: the chart is drawn without waiting for them."""
    lang = current_language()
    try:
        return view.cached_insights(_state(query), lang)
    except Exception as exc:
        return view.failure(exc, lang)


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
        rows, columns, total, members = view.pivot_table(_state(query), lang)
        return rows, columns, {**(options or {}), "pinnedBottomRowData": total}, members, None
    except Exception as exc:
        return [], [], options or {}, [], view.failure(exc, lang)


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
    row_member = (cell or {}).get("rowId")  # the grid's row id is the row's member (components.explore_page)
    column = (cell or {}).get("colId") or ""
    if not isinstance(row_member, str) or row_member == NO_MEMBER_ROW:
        return no_update
    state = _state(query)
    chosen = [(state.row, row_member)]
    if column.startswith("c") and column[1:].isdigit() and int(column[1:]) < len(members or []):
        chosen.append((state.column, members[int(column[1:])]))
    return replace(state, view="detail", cell=tuple(chosen), page=0).to_search()


@callback(
    Output("explore-detail-info", "children"),
    Output("explore-detail", "rowData"),
    Output("explore-detail", "columnDefs"),
    Output("explore-detail-pager", "children"),
    Input("explore-detail-state", "data"),
)
@callback_for(*ALL_ROLES)
def render_detail(query: dict):
    lang = current_language()
    try:
        state = _state(query)
        return view.detail_view(state, engine.detail(state.spec, dict(state.cell), state.page, DETAIL_PAGE), lang)
    except Exception as exc:
        return view.failure(exc, lang), [], [], []


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
    if ctx.triggered_id == "explore-graph":
        points = (click or {}).get("points") or [{}]
        member = points[0].get("customdata") if isinstance(points[0], dict) else None
    else:
        member = cell.get("rowId") if isinstance(cell, dict) else None  # the row's id is its member
    if member is None or member == NO_MEMBER_ROW:
        return no_update, no_update
    try:
        return drilled(_state(query), str(member)).to_search(), None
    except CubeError as exc:
        return no_update, view.drill_refusal(exc, current_language())


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
def navigate(measures, row, period, start, end, compare, add, filter_level, filter_members, query):
    """Every control changes the URL; the page follows the URL, so back undoes it."""
    values = dict(measures=measures, row=row, period=period, start=start, end=end, compare=compare, add=add)
    values |= dict(filter_level=filter_level, filter_members=filter_members)
    new = next_query(dict(query or {}), ctx.triggered_id, values)
    if new is None:
        return no_update
    state = _state(new)
    if state.spec.start and not state.period and ctx.triggered_id == "explore-period":
        return no_update
    search = replace(state, page=0).to_search()
    # Controls re-created with the page (a detail view opened from a pivot cell) fire with the values
    # they already had: the same address again would be a second history entry, and back would stop.
    return no_update if search == replace(_state(query), page=0).to_search() else search


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("explore-pivot-column", "value"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def pivot_column(column, query):
    new = next_query(dict(query or {}), "explore-pivot-column", {"column": column})
    return no_update if new is None else _state(new).to_search()


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
        return view.member_options(level_id, level_members(_state(query), level_id), lang), []
    except CubeError as exc:
        return view.refused_option(exc, lang), []
