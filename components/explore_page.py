"""Explore's layout from a state: controls, breadcrumb, tabs, exports, the chart/pivot/detail places."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import filter_bar
from components.access import EXPORT_ROLES, has_role
from components.coverage import measure_options
from components.formatters import graph_config as base_config
from components.grids import ag_grid, data_grid
from i18n import t
from olap import flow
from olap.cube import MEASURES, level
from olap.explore_state import (
    CHARTS,
    VIEWS,
    ExploreState,
    breadcrumb,
    dimension_levels,
    load_state,
    shared_filters,
    with_shared_filters,
    with_spec,
)
from olap.labels import level_label, level_option_label, measure_label, member_label
from olap.query import replace_spec, to_dict
from olap.urlstate import search

log = logging.getLogger(__name__)
# A click on a grid cell reports the row's id, not its data: the table's and the pivot's rows are
# identified by their member; a row without one (the totals, an unknown member) by this, never a member.
NO_MEMBER_ROW = "\u2211 no member"
MEMBER_ROW_ID = f"params.data._member != null ? params.data._member : '{NO_MEMBER_ROW}'"


def read_state(query: Mapping, warehouse=None) -> ExploreState:
    """The state of a URL checked against the warehouse, members included (once per page load: the
    callbacks then trust the canonical query the layout stores)."""
    return load_state(query, warehouse)


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
                dbc.Label(t("explore.custom_range", lang)),  # the period itself is in the shared bar above
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
                html.Div(_filter_chips(state, lang), className="mt-2", id="explore-chips"),
            ]
        ),
        className="shadow-sm explore-controls",
    )


def shared_bar(state: ExploreState, valid, lang: str) -> dbc.Card:
    """The period and filter bar every analytical page shares (``components.filter_bar``); the view's
    filters on other levels stay in the panel's chips, which list every filter."""
    clear = dbc.Col(
        dbc.Button(t("filter.clear", lang), id="explore-clear", size="sm", color="link", className="px-0"), width="auto"
    )
    return filter_bar.filter_bar(
        "explore", state.period, shared_filters(state), valid, lang, custom_period=True, extra=[clear]
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


def _body(state: ExploreState, lang: str, chart: tuple | None = None) -> list:
    """The view's frame; ``chart`` (a chart view's answer: figure, style, rows, columns, message) comes
    drawn in it, else the view's callback fills it (``explore-chart-state``)."""
    query = state.to_query()
    if state.view == "chart":
        figure, style, rows, columns, said = chart or (None, {"height": "420px"}, [], [], None)
        asks = (
            [dcc.Store(id="explore-first", data=True)] if chart else [dcc.Store(id="explore-chart-state", data=query)]
        )
        return [
            html.Div(said, id="explore-view-message"),  # what went wrong drawing the view, if anything
            *asks,
            dcc.Graph(
                id="explore-graph", config=graph_config(state), style=style, **({"figure": figure} if chart else {})
            ),
            html.P(t("explore.click_hint", lang), className="text-muted small mb-2"),
            data_grid(
                "explore-table",
                rows,
                columns,
                filters=True,
                wrap_headers=False,
                options={"pagination": True, "paginationPageSize": 25, "paginationPageSizeSelector": False},
                getRowId=MEMBER_ROW_ID,
            ),
        ]
    message = html.Div(id="explore-view-message")  # what went wrong drawing the view, if anything
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
            data_grid(
                "explore-pivot",
                [],
                [],
                filters=True,
                wrap_headers=False,
                options={"pinnedBottomRowData": []},
                getRowId=MEMBER_ROW_ID,
            ),
            html.P(t("explore.pivot_hint", lang), className="text-muted small mt-1 mb-0"),
        ]
    return [
        dcc.Store(id="explore-detail-state", data=query),
        html.Div(id="explore-detail-info", className="mb-2"),
        ag_grid(
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


def page(state: ExploreState, valid, lang: str, chart: tuple | None = None) -> html.Div:
    """The whole page for a state: controls, tabs, the view's frame (filled by the callbacks), exports.

    The page stays while the person works in it: a click, a control or a link inside it changes the
    state in place (``explore-state``), and the view's answer arrives in ``explore-payload`` in the same
    round trip (``callbacks.explore.act``; ``assets/explore.js`` draws it and keeps the address bar).
    """
    return html.Div(
        [
            dcc.Store(id="explore-state", data=state.to_query()),
            dcc.Store(id="explore-nav"),  # an address inside the page to go to (a link, back/forward)
            dcc.Store(id="explore-url"),  # the address of the state, for the browser's history
            dcc.Store(id="explore-drawn"),  # set once a view is drawn: the insights follow it
            dcc.Store(id="explore-applied"),
            dcc.Store(id="explore-frame"),  # the breadcrumb, chips, tabs… of a state changed in place
            # what the shared bar's controls show for the state: a control set by the page to that value is
            # no change of the person's (assets/explore.js, ``shared``), so it costs no round trip
            dcc.Store(id="explore-shared-shown", data=dict(zip(SHARED_CONTROLS, shared_values(state), strict=True))),
            dcc.Store(id="explore-shared-change"),  # a shared control the person changed: {control, value}
            dcc.Store(id="explore-drill"),  # a bar clicked whose answer the browser does not hold: {member}
            dcc.Store(id="explore-ahead"),  # the answers to a click on the chart's biggest bars, sent ahead
            html.Div(
                [
                    html.H2(t("explore.title", lang), className="h4 mb-0 me-3"),
                    html.Div(_breadcrumb(state, lang), id="explore-crumbs"),
                ],
                className="d-flex align-items-center flex-wrap mb-2",
            ),
            shared_bar(state, valid, lang),
            html.Div(problems_alert(state, lang), id="explore-problems-place"),
            html.Div(id="explore-message"),
            dbc.Row(
                [
                    dbc.Col(_controls(state, valid, lang), lg=3, className="mb-3"),
                    dbc.Col(
                        [
                            dbc.Card(
                                dbc.CardBody(
                                    [
                                        html.Div(_tabs(state, lang), id="explore-tabs-place"),
                                        dcc.Store(id="explore-payload"),
                                        dcc.Loading(
                                            html.Div(_body(state, lang, chart), id="explore-body"), delay_show=100
                                        ),
                                        html.Div(_exports(state, lang), id="explore-exports-place"),
                                        html.Div(_forecast_link(state, lang), id="explore-forecast-place"),
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
        ],
        id="explore-page",
    )


def frame(state: ExploreState, lang: str) -> dict:
    """What of the page shows the state, besides the view itself: for an update in place."""
    spec = state.spec
    return {
        "crumbs": _breadcrumb(state, lang),
        "chips": _filter_chips(state, lang),
        "tabs-place": _tabs(state, lang),
        "exports-place": _exports(state, lang),
        "forecast-place": _forecast_link(state, lang),
        "problems-place": problems_alert(state, lang),
        "measures": list(spec.measures),
        "row": state.row,
        "period": state.period,
        "start": spec.start.isoformat(),
        "end": spec.end.isoformat(),
        "compare": state.compare,
        **dict(zip(SHARED_CONTROLS, shared_values(state), strict=True)),
    }


SHARED_CONTROLS = ("region", "country", "channel", "ctype")


def shared_values(state: ExploreState) -> tuple:
    """The shared bar's control values for a state (regions, countries, channel group, customer type)."""
    f = shared_filters(state)
    return list(f.regions), list(f.countries), f.channel_group or "", f.customer_type or ""


def shared_search(query: dict | None, trigger, value, valid) -> str | None:
    """The address after a control of the shared bar changed (``trigger`` its id), or None when the
    view's filter stays the same."""
    current = ExploreState.from_query(query or {}, valid)
    control = str(trigger).removeprefix("explore-")
    changed = flow.next_filters(shared_filters(current), control, value, valid.countries)
    if changed == shared_filters(current):
        return None
    return search(with_shared_filters(dict(query or {}), changed))


def body(state: ExploreState, lang: str) -> list:
    """The view's frame (chart, pivot or detail), filled by its callback when it appears."""
    return _body(state, lang)


def pivot_options(total: list[dict]) -> dict:
    """The pivot grid's options with its totals row (as the layout's grid has them)."""
    grid = data_grid("explore-pivot", [], [], filters=True, wrap_headers=False, options={"pinnedBottomRowData": []})
    return {**grid.dashGridOptions, "pinnedBottomRowData": total}
