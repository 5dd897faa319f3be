"""How the Explore page looks: its layout from a state, and its chart, table, pivot and detail grids
from the answers ``olap`` gives (``olap.explore_state``, ``olap.pivot``, ``olap.engine.detail``)."""

from __future__ import annotations

import logging
from dataclasses import replace

import pandas as pd
from dash import dcc, html

from components.errors import error_alert, warehouse_error
from components.explore_chart import chart_figure, member_labels, pivot_grid, table_columns, table_rows
from components.explore_page import href
from i18n import t
from olap.cube import CubeError
from olap.engine import Detail
from olap.explore_state import (
    ExploreState,
)
from olap.export import detail_columns
from olap.labels import level_label, member_label
from olap.pivot import pivot

log = logging.getLogger(__name__)
DETAIL_PAGE = 100  # detail rows a page
AHEAD_MEMBERS = 6  # the biggest members of a chart whose drill-downs are worked out ahead


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
        for k, lab in zip(df[level_id], member_labels(df, level_id), strict=False)
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


def anticipate(state: ExploreState, rows: list[dict], lang: str) -> None:
    """Work out, in the background, the charts a click on this one most likely asks for next (its
    biggest members' drill-downs and the roll-up), under the very keys ``cached_chart`` reads them by."""
    from functools import partial

    from olap import anticipate as ahead
    from olap.explore_state import likely_next

    if state.view != "chart" or state.problems:
        return
    members = [r["_member"] for r in rows if r.get("_member") is not None][:AHEAD_MEMBERS]
    ahead.ahead(partial(cached_chart, s, lang) for s in likely_next(state, members))


def first_chart(state: ExploreState, lang: str) -> tuple | None:
    """A chart view's answer for the page's first build (figure, style, rows, columns, message): the page
    comes with its chart drawn, no second round trip; its likely next answers are worked out in the
    background. None for a pivot or detail view (their callbacks fill them)."""
    if state.view != "chart":
        return None
    from components.charts import empty_figure

    try:
        answer = cached_chart(state, lang)
    except Exception as exc:  # the page stays usable; the details go to the log
        return empty_figure("").to_plotly_json(), {"display": "none"}, [], [], failure(exc, lang)
    anticipate(state, answer[2], lang)
    return *answer, None


def steps_ahead(state: ExploreState, lang: str) -> dict:
    """The answers to a click on this chart's biggest members (their drill-downs' payloads, by member),
    for the browser to keep while the person looks at the chart: a click on one of them is drawn at once,
    with no round trip (``assets/explore.js``). ``version`` is the warehouse version they were read from:
    the server sends a fresh answer instead when a load has published another since. Nothing for a view
    that is not a chart, a chart with a message about its address, or with anticipation turned off."""
    from data.warehouse import get_warehouse
    from olap import anticipate as ahead
    from olap.explore_state import drilled

    if state.view != "chart" or state.problems or not ahead.enabled():
        return {"steps": {}}
    version = get_warehouse().version()  # before the answers: a publish meanwhile makes them stale, not wrong
    _figure, _style, rows, _columns = cached_chart(state, lang)
    steps = {}
    for member in [r["_member"] for r in rows if r.get("_member") is not None][:AHEAD_MEMBERS]:
        try:
            step = drilled(state, str(member))
        except CubeError:  # the lowest level: nothing below any member
            break
        answer = payload(step, lang, anticipating=False)
        if answer["message"] is None:
            steps[str(member)] = answer
    return {"version": version, "steps": steps}


def payload(state: ExploreState, lang: str, anticipating: bool = True) -> dict:
    """The view's answer for an update in place (``assets/explore.js`` puts it into the view's
    components): the chart's figure and table, the pivot's grid, or the detail rows; a failure is
    said in the view, never raised. ``anticipating``: a chart's likely next answers are worked out in
    the background (not for an answer that is itself one of those)."""
    from components.explore_page import graph_config, pivot_options
    from olap import engine

    out: dict = {"view": state.view, "search": state.to_search(), "message": None}
    try:
        if state.view == "chart":
            figure, style, rows, columns = cached_chart(state, lang)
            if anticipating:
                anticipate(state, rows, lang)
            filename = graph_config(state)["toImageButtonOptions"]["filename"]
            return out | {"figure": figure, "style": style, "rows": rows, "columns": columns, "filename": filename}
        if state.view == "pivot":
            rows, columns, total, members = pivot_table(state, lang)
            return out | {"rows": rows, "columns": columns, "options": pivot_options(total), "members": members}
        answer = engine.detail(state.spec, dict(state.cell), state.page, DETAIL_PAGE)
        info, rows, columns, pager_ = detail_view(state, answer, lang)
        return out | {"info": info, "rows": rows, "columns": columns, "pager": pager_}
    except Exception as exc:  # the page stays usable; the details go to the log
        said = failure(exc, lang)
        if state.view == "chart":
            from components.charts import empty_figure

            empty = empty_figure("").to_plotly_json()
            return out | {"figure": empty, "style": {"display": "none"}, "rows": [], "columns": [], "message": said}
        if state.view == "pivot":
            return out | {"rows": [], "columns": [], "options": pivot_options([]), "members": [], "message": said}
        return out | {"info": said, "rows": [], "columns": [], "pager": []}
