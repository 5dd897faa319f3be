"""Explore page wiring: the URL's state becomes figures and grids; clicks, controls and links change
the state in place.

The layout checks a URL once (members included) and stores the canonical query; the callbacks
read that query back without looking members up again (``ExploreState.from_query``). After that,
``act`` answers a click in one round trip: the new state, the controls and the breadcrumb showing it,
the address for the browser's history, and the view's answer (``explore-payload``), which
``assets/explore.js`` draws in place; the grid and the insights follow once the chart is drawn.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, no_update

from components import explore_page
from components import explore_view as view
from components.access import ALL_ROLES, callback_for
from components.charts import empty_figure
from components.explore_page import NO_MEMBER_ROW
from data.warehouse import get_warehouse
from i18n import current_language
from olap import engine
from olap.catalog import catalog
from olap.cube import CubeError
from olap.explore_state import ExploreState, drilled, level_members, load_state, next_query, parse_search

DETAIL_PAGE = view.DETAIL_PAGE
log = logging.getLogger(__name__)


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
        state = _state(query)
        answer = view.cached_chart(state, lang)
    except Exception as exc:  # the page stays usable; the details go to the log
        return empty_figure(""), {"display": "none"}, [], [], view.failure(exc, current_language())
    view.anticipate(state, answer[2], lang)
    return *answer, None


@callback(
    Output("explore-insights", "children"),
    Input("explore-drawn", "data"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def render_insights(_drawn, query: dict):
    """Insights come in their own request, once the view is drawn: they never hold the chart up."""
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


@callback(
    Output("explore-ahead", "data"),
    Input("explore-drawn", "data"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def ahead(drawn, query):
    """Once a chart is drawn, the answers to a click on its biggest members go to the browser, which
    draws such a click at once (``assets/explore.js``); ``stamp`` says which drawing they belong to."""
    try:
        return view.steps_ahead(_state(query), current_language()) | {"stamp": drawn}
    except Exception:  # only a head start is lost: the click asks the server as before
        log.exception("answers ahead failed")
        return {"steps": {}, "stamp": drawn}


# ------------------------------------------------------------------ one round trip per click

FRAME = ("crumbs", "chips", "tabs-place", "exports-place", "forecast-place", "problems-place")
CONTROLS = ("measures", "row", "period", "start", "end", "compare", *explore_page.SHARED_CONTROLS)


@callback(
    Output("explore-state", "data"),
    Output("explore-url", "data"),
    Output("explore-payload", "data"),
    Output("explore-body", "children"),
    Output("explore-message", "children"),
    Output("explore-frame", "data"),
    Output("explore-shared-shown", "data"),
    Output("explore-measures", "value"),
    Output("explore-row", "value"),
    Output("explore-period", "value"),
    Output("explore-dates", "start_date"),
    Output("explore-dates", "end_date"),
    Output("explore-compare", "value"),
    *[Output(f"explore-{name}", "value") for name in explore_page.SHARED_CONTROLS],
    Input("explore-drill", "data", allow_optional=True),
    Input("explore-table", "cellDoubleClicked", allow_optional=True),
    Input("explore-pivot", "cellClicked", allow_optional=True),
    Input("explore-pivot-column", "value", allow_optional=True),
    Input("explore-measures", "value"),
    Input("explore-row", "value"),
    Input("explore-period", "value"),
    Input("explore-dates", "start_date"),
    Input("explore-dates", "end_date"),
    Input("explore-compare", "value"),
    Input("explore-filter-add", "n_clicks"),
    Input("explore-nav", "data"),
    State("explore-filter-level", "value"),
    State("explore-filter-members", "value"),
    State("explore-pivot-members", "data", allow_optional=True),
    State("explore-state", "data"),
    *[State(f"explore-{name}", "value") for name in explore_page.SHARED_CONTROLS],
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def act(drill, cell, pivot_cell, column, measures, row, period, start, end, compare, add, nav, *states):
    """A click on a bar or a row drills into it, a pivot cell opens its rows, a control or a link inside
    the page (the breadcrumb, a filter chip, a tab, back and forward) goes to its state: the page stays,
    and the state, the controls, the address and the view's answer come back in this one answer."""
    filter_level, filter_members, pivot_members, query, *shared = states
    shown = dict(zip(CONTROLS, (measures, row, period, start, end, compare, *shared), strict=True))
    lang = current_language()
    unchanged = [no_update] * (7 + len(CONTROLS))
    current = _state(query)
    trigger = ctx.triggered_id
    try:
        if trigger == "explore-nav":
            if not isinstance(nav, dict) or not isinstance(nav.get("search"), str):
                return unchanged
            new = load_state(parse_search(nav["search"]))
        elif trigger in ("explore-drill", "explore-table"):
            member = _clicked_member(trigger, drill, cell)
            new = None if member is None else drilled(current, member)
        elif trigger == "explore-pivot":
            new = _cell_state(current, pivot_cell, pivot_members)
        else:
            values = dict(measures=measures, row=row, period=period, start=start, end=end, compare=compare, add=add)
            values |= dict(filter_level=filter_level, filter_members=filter_members, column=column)
            moved = next_query(dict(query or {}), trigger, values)
            new = None if moved is None else replace(_state(moved), page=0)
            if new is not None and new.spec.start and not new.period and trigger == "explore-period":
                new = None
    except CubeError as exc:
        unchanged[4] = view.drill_refusal(exc, lang)
        return unchanged
    # Controls re-created with a view fire with the values they already had: the same address again
    # would be a second history entry, and back would stop.
    if new is None or new.to_search() == current.to_search():
        return unchanged
    parts = explore_page.frame(new, lang)
    same_view = new.view == current.view
    # a step the browser drew from the answers sent ahead (``ahead``) needs no answer again, unless a
    # load has published another version since they were read
    drawn = trigger == "explore-nav" and nav.get("drawn") and nav.get("drawn") == get_warehouse().version()
    return (
        new.to_query(),
        {"search": new.to_search(), "replace": trigger == "explore-nav" and bool(nav.get("pop"))},
        view.payload(new, lang) if same_view and not drawn else no_update,  # a new view's frame asks for its own
        no_update if same_view else explore_page.body(new, lang),
        None,
        {f"explore-{k}": parts[k] for k in FRAME},  # drawn after the chart (assets/explore.js)
        dict(zip(explore_page.SHARED_CONTROLS, explore_page.shared_values(new), strict=True)),
        # a control that already shows its value is left alone: redrawing it delays the chart, and a
        # shared control set again would ask the server whether anything changed
        *(no_update if _shows(shown[k], parts[k]) else parts[k] for k in CONTROLS),
    )


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _shows(current, value) -> bool:
    """Whether a control's current value is the state's (an empty choice is the same empty whichever way)."""
    current, value = _plain(current), _plain(value)
    if current in ("", []) and value in ("", []):
        return True
    return current == value


def _clicked_member(trigger, drill, cell) -> str | None:
    if trigger == "explore-drill":  # a bar the browser did not have the answer for (assets/explore.js)
        member = drill.get("member") if isinstance(drill, dict) else None
    else:
        member = cell.get("rowId") if isinstance(cell, dict) else None  # the row's id is its member
    return None if member is None or member == NO_MEMBER_ROW else str(member)


def _cell_state(state: ExploreState, cell, members) -> ExploreState | None:
    """A click on a pivot cell opens the detail rows behind it (row and column member)."""
    row_member = (cell or {}).get("rowId")  # the grid's row id is the row's member (components.explore_page)
    column = (cell or {}).get("colId") or ""
    if not isinstance(row_member, str) or row_member == NO_MEMBER_ROW:
        return None
    chosen = [(state.row, row_member)]
    if column.startswith("c") and column[1:].isdigit() and int(column[1:]) < len(members or []):
        chosen.append((state.column, members[int(column[1:])]))
    return replace(state, view="detail", cell=tuple(chosen), page=0)


@callback(
    Output("explore-nav", "data", allow_duplicate=True),
    Input("explore-shared-change", "data"),
    Input("explore-clear", "n_clicks"),
    State("explore-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def shared_filter(change, clear, query):
    """The shared bar's region, country, channel group, customer type (as the person changed them:
    ``assets/explore.js`` leaves out what the page set itself) and "clear" go to their view in place, as
    a link inside the page does (``act`` answers ``explore-nav``)."""
    if ctx.triggered_id == "explore-clear":
        if not clear:
            return no_update
        control, value = "clear", clear
    else:
        controls = {f"explore-{name}" for name in explore_page.SHARED_CONTROLS}
        if not isinstance(change, dict) or change.get("control") not in controls:
            return no_update
        control, value = change["control"], change.get("value")
    search = explore_page.shared_search(query, control, value, catalog(get_warehouse()))
    return no_update if search is None else {"search": search}


# The browser side (assets/explore.js): draw the answer in place, keep the address bar and history,
# then say the view is drawn (the grid and the insights follow).
clientside_callback(
    ClientsideFunction("explore", "apply"),
    Output("explore-applied", "data"),
    Input("explore-payload", "data"),
    prevent_initial_call=True,
)
clientside_callback(
    ClientsideFunction("explore", "address"),
    Output("explore-applied", "data", allow_duplicate=True),
    Input("explore-url", "data"),
    prevent_initial_call=True,
)
clientside_callback(
    ClientsideFunction("explore", "frame"),
    Output("explore-applied", "data", allow_duplicate=True),
    Input("explore-frame", "data"),
    prevent_initial_call=True,
)
clientside_callback(
    ClientsideFunction("explore", "shared"),
    Output("explore-shared-change", "data"),
    *[Input(f"explore-{name}", "value") for name in explore_page.SHARED_CONTROLS],
    State("explore-shared-shown", "data"),
    prevent_initial_call=True,
)
clientside_callback(
    ClientsideFunction("explore", "click"),
    Output("explore-drill", "data"),
    Input("explore-graph", "clickData", allow_optional=True),
    prevent_initial_call=True,
)
clientside_callback(
    ClientsideFunction("explore", "ahead"),
    Output("explore-applied", "data", allow_duplicate=True),
    Input("explore-ahead", "data"),
    prevent_initial_call=True,
)
clientside_callback(
    ClientsideFunction("explore", "drawn"),
    Output("explore-drawn", "data"),
    Input("explore-graph", "figure", allow_optional=True),
    Input("explore-pivot", "rowData", allow_optional=True),
    Input("explore-detail", "rowData", allow_optional=True),
    prevent_initial_call=True,
)
clientside_callback(  # a page built with its chart in it (``explore_view.first_chart``): drawn at once
    ClientsideFunction("explore", "drawn"),
    Output("explore-applied", "data", allow_duplicate=True),
    Input("explore-first", "data"),
    prevent_initial_call="initial_duplicate",
)
