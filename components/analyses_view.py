"""The Analyses page: its menu and layout, and each analysis drawn as findings, charts and grids."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import filter_bar
from components.analyses_figures import figure_for
from components.analyses_labels import KIND_MEASURE, LABEL_KINDS, column_label, labelled
from components.coverage import blocks, page_notice
from components.coverage import current as coverage
from components.errors import error_alert, refusal, warehouse_error
from components.formatters import graph_config, measure_column
from components.grids import ag_grid
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import t
from olap import flow
from olap.analyses import ANALYSES, AnalysesState, AnalysisUnavailable, Context, Table, by_group, run_analysis
from olap.analyses.clicks import ACTIONS, below, click_actions
from olap.catalog import catalog
from olap.filters import filters_to_query
from olap.labels import level_label

log = logging.getLogger(__name__)


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
            spec = measure_column(spec["field"], spec["headerName"], KIND_MEASURE.get(kind, "orders"), lang)
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
        config = graph_config(table.key, select=False)
        height = "460px" if table.figure in ("heatmap", "treemap") else "360px"
        if any(getattr(trace, "customdata", None) is not None for trace in figure.data):  # its points lead somewhere
            body.append(html.Div(id={"type": "analysis-menu", "table": table.key}))
            body.append(html.P(t("exec.click.hint", lang), className="text-muted small mb-1"))
        body.append(dcc.Graph(id={"type": "analysis-graph", "table": table.key}, figure=figure, config=config,
                              style={"height": height}, className="analysis-graph"))  # fmt: skip
    body.append(
        ag_grid(
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


def click_menu(table_key: str, label: str, level_id: str, actions: dict[str, str], lang: str) -> html.Div:
    """What a click on a chart's point offers (``olap.analyses.clicks``): drill, filter, detail rows, Explore."""
    words = {
        "drill": t("analyses.click.drill", lang, level=level_label(below(level_id), lang)) if below(level_id) else "",
        "filter": t("exec.click.filter", lang),
        "detail": t("exec.click.detail", lang),
        "explore": t("exec.click.explore", lang),
    }
    links = [
        dcc.Link(words[key], href=actions[key], className="btn btn-sm btn-outline-primary me-1 mb-1",
                 id={"type": "analysis-click-action", "table": table_key, "action": key})
        for key in ACTIONS
        if key in actions
    ]  # fmt: skip
    close = html.Button("×", id={"type": "analysis-click-close", "table": table_key}, title=t("exec.click.close", lang),
                        className="btn btn-sm btn-link text-muted p-0 ms-auto",
                        **{"aria-label": t("exec.click.close", lang)})  # fmt: skip
    return html.Div(
        [
            html.Div([html.Strong(label, className="me-2"), close], className="d-flex align-items-center"),
            html.Div(links, className="d-flex flex-wrap mt-1"),
        ],
        className="border rounded p-2 mb-2 bg-light analysis-click-menu",
        role="menu",
    )


def menu_for(query: dict | None, table_key: str, point: list, lang: str, valid) -> html.Div | None:
    """The menu of a clicked point (its ``customdata``: level id, member, measure, label), or None."""
    if not isinstance(point, list) or len(point) != 4 or not all(isinstance(p, str) for p in point):
        return None
    level_id, member, measure, label = point
    actions = click_actions(AnalysesState.from_query(query or {}, valid), level_id, member, measure)
    return click_menu(table_key, label, level_id, actions, lang) if actions else None


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
    state = AnalysesState.from_query(query or {}, valid)
    cov = coverage(warehouse)
    notice = page_notice(f"analyses.{state.analysis}", lang, cov)
    if blocks(f"analyses.{state.analysis}", cov):  # no tickets, partners…: say which file, not "no data"
        return [notice]
    filtered = ANALYSES[state.analysis].filtered
    cube_filters = tuple(state.cube_filters().items()) if filtered else ()
    ctx = Context(state.start, state.end, valid.data_end, lang, warehouse, cube_filters)
    result = run_analysis(state.analysis, ctx, state.period or None)  # a custom range opens Explore on its days
    head = [notice] if notice else []
    if all(table.frame.empty for table in result.tables):
        return head + [dbc.Alert(t("analyses.empty", lang), color="info", id="analysis-empty")]
    return head + [findings(result.sentences, result.explore, lang)] + [block(table, lang) for table in result.tables]


def analyses_body(query: dict, lang: str) -> list:
    """The body for a URL state, or the page's message when it cannot be drawn (never raises)."""
    try:
        return render_body(query, lang)
    except WarehouseUnavailable as exc:
        return warehouse_error(exc, lang)
    except AnalysisUnavailable as exc:
        return refusal(exc, lang, id="analysis-unavailable")
    except Exception:  # the page stays usable; the details go to the log
        log.exception("analysis failed for %s", query)
        return error_alert(lang)


# --------------------------------------------------------------------------- the page


def href(analysis: str, state: AnalysesState) -> str:
    """Another analysis over the same period and filter."""
    return "/analyses?" + urlencode({**state.to_query(), "a": analysis}, doseq=True)


def applies(analysis: str) -> tuple[str, ...]:
    """The shared filters an analysis can take: all of them through the cube, none over other tables."""
    return flow.FILTER_NAMES if ANALYSES[analysis].filtered else ()


def _menu(state: AnalysesState, lang: str) -> dbc.Card:
    items_by_group = []
    for group, analyses in by_group():
        items = [
            dcc.Link(
                t(f"analysis.{a.id}.title", lang),
                href=href(a.id, state),
                className="list-group-item list-group-item-action" + (" active" if a.id == state.analysis else ""),
                id=f"analysis-link-{a.id}",
            )
            for a in analyses
        ]
        items_by_group.append(
            html.H3(t(f"analyses.group.{group}", lang), className="h6 text-uppercase text-muted mt-2")
        )
        items_by_group.append(html.Div(items, className="list-group mb-2", id=f"analysis-group-{group}"))
    return dbc.Card(dbc.CardBody(items_by_group), className="shadow-sm")


def problem_text(problem, lang: str) -> str:
    """A URL problem in words; the analysis shown instead is named by its title."""
    values = dict(problem.values)
    if "shown" in values:
        values["shown"] = t(f"analysis.{values['shown']}.title", lang)
    return t(problem.key, lang, **values)


def analyses_page(query: dict, valid, lang: str) -> html.Div:
    """The page for a URL query: title, period picker, problems with the URL, menu and the body's place."""
    state = AnalysesState.from_query(query, valid)
    problems = [problem_text(p, lang) for p in state.problems]
    takes = applies(state.analysis)
    return html.Div(
        [
            dcc.Store(id="analyses-state", data=state.to_query()),
            html.Div(
                [
                    html.H2(t("analyses.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("analyses.intro", lang), className="text-muted small me-auto"),
                ],
                className="d-flex align-items-center flex-wrap gap-2 mb-2",
            ),
            filter_bar.filter_bar(
                "analyses", state.period, state.filters, valid, lang, applies=takes, applied_range=state.custom
            ),
            filter_bar.chips("analyses", state.filters, lang, applies=takes),
            dbc.Alert(
                [html.Ul([html.Li(p) for p in problems], className="mb-0")],
                color="warning",
                dismissable=True,
                id="analyses-problems",
            )
            if problems
            else None,
            dbc.Row(
                [
                    dbc.Col(_menu(state, lang), lg=3, className="mb-3"),
                    dbc.Col(
                        [
                            html.H3(t(f"analysis.{state.analysis}.title", lang), className="h5 mb-1"),
                            html.P(t(f"analysis.{state.analysis}.desc", lang), className="text-muted small"),
                            dcc.Loading(html.Div(id="analyses-body"), delay_show=100),
                        ],
                        lg=9,
                    ),
                ]
            ),
        ]
    )


def navigate_search(query: dict | None, trigger, value, valid) -> str | None:
    """The URL search after a control of the filter bar changed (``trigger`` its id, ``value`` its
    value), or None when nothing changed."""
    state = AnalysesState.from_query(query or {}, valid)
    if trigger == "analyses-period":
        if not value:
            return None
        new = state.with_period(value)
    else:
        if isinstance(trigger, dict):
            control, value = "chip", (trigger.get("name"), trigger.get("value"))
        else:
            control = str(trigger).removeprefix("analyses-")
        changed = flow.next_filters(state.filters, control, value, valid.countries)
        new = {**flow.without_filters(state.to_query()), **filters_to_query(changed)}
    search = "?" + urlencode(new, doseq=True)
    return None if search == state.to_search() else search
