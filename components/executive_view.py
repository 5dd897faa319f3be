"""How the executive dashboard looks: its layout from a state, and every card, chart and grid
from a ``olap.dashboard.DashboardReport`` (no queries here except ``render_state``, for tests)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import filter_bar as shared_bar
from components.charts import bar_figure, empty_figure, trend_figure
from components.coverage import current as coverage
from components.coverage import page_notice
from components.errors import error_alert, warehouse_error
from components.formatters import column, graph_config
from components.grids import ag_grid
from components.kpi_card import kpi_card, unsupported_card
from components.memo import memo_view
from components.theme import NEUTRAL
from data.health import Coverage
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import format as fmt
from i18n import t
from olap import kpi, labels
from olap.catalog import Catalog
from olap.dashboard import (
    CLICK_ACTIONS,
    DashboardReport,
    DashboardState,
    dashboard_report,
    kept_report,
    kpi_explore_search,
    partner_explore_search,
    report,
    selected_members,
)

log = logging.getLogger(__name__)
CONFIG = graph_config("dashboard", select=False)


def read_state(query: Mapping, catalog: Catalog) -> DashboardState:
    """The state of a URL (for the page layout, which does not import the core)."""
    return DashboardState.from_query(query, catalog)


# --------------------------------------------------------------------------- grids


# The two grids sit in half-width cards: the name (pinned), then the key measure and its neighbours, so
# that revenue is in sight without sideways scrolling at 1280 px (issue 17 item 11); where a customer is
# and of which type, and a product's category, moved into the name's tooltip (they pushed revenue out).
NAME_WIDTH = {"minWidth": 130, "maxWidth": 180}


def customer_columns(lang: str) -> list[dict]:
    where = "params.data.country + ' · ' + params.data.customer_type"
    return [
        {"field": "name", "headerName": t("col.customer", lang), "pinned": "left", **NAME_WIDTH,
         "tooltipValueGetter": {"function": f"params.data ? params.value + ' — ' + {where} : ''"}},
        *_money_share_margin(lang),
        column("orders", t("kpi.orders", lang), "count", lang, minWidth=60),
    ]  # fmt: skip


def product_columns(lang: str) -> list[dict]:
    return [
        {"field": "name", "headerName": t("col.product", lang), "pinned": "left", **NAME_WIDTH,
         "tooltipValueGetter": {"function": "params.data ? params.value + ' — ' + params.data.category : ''"}},
        *_money_share_margin(lang),
        column("units", t("col.units", lang), "count", lang, minWidth=60),
    ]  # fmt: skip


def _money_share_margin(lang: str) -> list[dict]:
    return [
        column("revenue", t("kpi.revenue", lang), "money", lang, minWidth=90, sort="desc"),
        column("share", t("col.share", lang), "percent", lang, minWidth=60),
        column("gross_margin", t("kpi.gross_margin", lang), "money", lang, minWidth=90, sort=None),
    ]


# --------------------------------------------------------------------------- the view of a report


def dashboard_view(rep: DashboardReport, state: DashboardState, lang: str, cov: Coverage | None = None) -> tuple:
    """Everything the page shows, as plain values: comparison label, message, cards, trend, region
    and country charts, the two grids' rows and columns. ``cov`` (the data's coverage) turns figures
    the data cannot support into a reason instead of a number."""
    no_costs = cov is not None and not cov.has("costs")  # gross margin would equal revenue: not a fact
    compare = labels.comparison_label(state.period, lang)
    cards = [
        html.Div(
            unsupported_card(key, t("health.need.costs", lang), lang)
            if no_costs and key == "gross_margin"
            else kpi_card(key, rep.kpis, lang, explore=kpi_explore_search(state, key)),
            className="col",
        )
        for key in kpi.KPI_KEYS
    ]
    trend = trend_figure(rep.trend, state.period.month_list(), lang)
    customer_cols, product_cols = customer_columns(lang), product_columns(lang)
    if rep.empty:
        blank = empty_figure(t("empty.short", lang))
        return compare, empty_message(rep, state, lang), cards, trend, blank, blank, [], customer_cols, [], product_cols
    message = unknown_channel_note(rep.kpis.current.get("unknown_channel_share"), lang)
    region_fig = bar_figure(
        rep.regions, lambda r: labels.region_label(r, lang), lang, selected=selected_members(state, "exec-regions")
    )
    country_fig = bar_figure(
        rep.countries, lambda c: c, lang, color=NEUTRAL, selected=selected_members(state, "exec-countries")
    )
    if no_costs:
        customer_cols = [c for c in customer_cols if c["field"] != "gross_margin"]
        product_cols = [c for c in product_cols if c["field"] != "gross_margin"]
    return (
        compare,
        message,
        cards,
        trend,
        region_fig,
        country_fig,
        rep.customers,
        customer_cols,
        rep.products,
        product_cols,
    )


def render_state(cursor, state: DashboardState, lang: str, cov: Coverage | None = None) -> tuple:
    """``dashboard_view`` of the state's numbers read from ``cursor`` (uncached; tests, benchmarks)."""
    return dashboard_view(report(cursor, state), state, lang, cov)


def outputs(state: DashboardState, lang: str, warehouse) -> tuple:
    """The page's outputs for ``state``: numbers from the shared cache, the view built once per
    version, state and language in this process (``components.memo``)."""
    return memo_view(
        ("dashboard", state.to_search(), lang),
        lambda: dashboard_view(dashboard_report(state, warehouse), state, lang, coverage(warehouse)),
        warehouse,
    )


def first_view(state: DashboardState, lang: str) -> tuple | None:
    """The page's outputs for its first build when its numbers are already in the shared cache for this
    warehouse version, state and partner scope (the view is built once per language): the page comes
    drawn, with no callback round trip. None when they are not: the page is built at once and
    ``render`` computes them while the browser builds the page (no slower for a first visitor than
    computing them here, measured with ``bench_first_paint.py --cold``); a failure is said on the page."""
    try:
        warehouse = get_warehouse()
        if kept_report(state, warehouse) is None:
            return None
        return outputs(state, lang, warehouse)
    except WarehouseUnavailable as exc:
        return blank_view(warehouse_error(exc, lang))
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("executive dashboard failed for %r", state.to_search())
        return blank_view(error_alert(lang))


def blank_view(message) -> tuple:
    """The page's outputs when nothing could be computed: only ``message``."""
    blank = empty_figure("")
    return "", message, [], blank, blank, blank, [], [], [], []


def _filter_text(name: str, value: str, lang: str) -> str:
    return shared_bar.filter_text(name, value, lang)


def empty_message(rep: DashboardReport, state: DashboardState, lang: str) -> dbc.Alert:
    """Say which filter emptied the page, and offer to remove each one that brings data back."""
    buttons = [
        dbc.Button(
            t("empty.remove", lang, filter=_filter_text(name, value, lang)),
            id={"type": "exec-unfilter", "name": name, "value": value},
            size="sm",
            color="primary",
            outline=True,
            className="me-2 mt-1",
        )
        for name, value in rep.relaxing
    ]
    body = [
        html.H5(t("empty.title", lang)),
        html.P(t("empty.body", lang, period=labels.period_label(state.period, lang))),
    ]
    return dbc.Alert(body + buttons, color="info", id="exec-empty")


def unknown_channel_note(share: float | None, lang: str):
    """Said in words when part of the revenue has no known channel (the online share leaves it out)."""
    if not share:
        return None
    return dbc.Alert(
        t("channel.unknown_share", lang, share=fmt.percent(share, lang, decimals=0)),
        color="light",
        className="border py-2 small",
        id="exec-unknown-channel",
    )


# --------------------------------------------------------------------------- the layout


def filter_bar(state: DashboardState, valid: Catalog, lang: str) -> dbc.Card:
    """The shared period and filter bar (``components.filter_bar``), set to the dashboard's state."""
    return shared_bar.filter_bar("exec", state.period.token, state.filters, valid, lang, carried=state.carried)


def chips(state: DashboardState, lang: str) -> html.Div:
    """Active filters as chips, each removable on its own."""
    return shared_bar.chips("exec", state.filters, lang)


def problems_alert(state: DashboardState, lang: str):
    if not state.problems:
        return None
    items = [html.Li(t(f"rejected.{name}", lang, value=value)) for name, value in state.problems]
    return dbc.Alert(
        [html.Strong(t("rejected.title", lang)), html.Ul(items, className="mb-0")],
        color="warning",
        dismissable=True,
        id="exec-rejected",
    )


# a click on a top-customer / top-product row opens it: the grid reports the row's id (not its data)
ROW_IDS = {"exec-top-customers": "'' + params.data.customer_id", "exec-top-products": "'' + params.data.product_id"}


def grid(grid_id: str, rows: list | None = None, columns: list | None = None) -> dag.AgGrid:
    return ag_grid(
        id=grid_id,
        rowData=rows or [],
        columnDefs=columns or [],
        className="ag-theme-alpine xrm-clickable-rows xrm-compact-grid",
        # no column filters on ten rows: their header icons alone pushed the measures out of a half-width card
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "flex": 1,
            "minWidth": 60,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
            "suppressHeaderMenuButton": True,
        },
        dashGridOptions={"domLayout": "autoHeight", "animateRows": False, "tooltipShowDelay": 300},
        getRowId=ROW_IDS[grid_id],
        style={"width": "100%"},
    )


def _chart_card(title: str, graph_id: str, height: str, figure=None) -> dbc.Card:
    """A chart with the menu its clicks open (``click_menu``) above it; ``figure`` drawn in it if given."""
    drawn = {} if figure is None else {"figure": figure}
    return dbc.Card(
        [
            dbc.CardHeader(title),
            dbc.CardBody(
                [
                    html.Div(id=f"{graph_id}-menu"),
                    dcc.Graph(
                        id=graph_id, config=CONFIG, style={"height": height}, className="exec-clickable", **drawn
                    ),
                ]
            ),
        ],
        className="h-100 shadow-sm",
    )


def click_menu(chart: str, member_label: str, actions: dict[str, str], lang: str) -> html.Div:
    """What a click on a chart point offers: drill down, filter the page, its detail rows, Explore."""
    level_words = {"exec-regions": "region", "exec-countries": "country", "exec-trend": "month"}[chart]
    links = [
        dcc.Link(
            t(f"exec.click.{key}.{level_words}" if key == "drill" else f"exec.click.{key}", lang),
            href=actions[key],
            className="btn btn-sm btn-outline-primary me-1 mb-1",
            id={"type": "exec-click-action", "chart": chart, "action": key},
        )
        for key in CLICK_ACTIONS
    ]
    close = html.Button(
        "×",
        id={"type": "exec-click-close", "chart": chart},
        className="btn btn-sm btn-link text-muted p-0 ms-auto",
        title=t("exec.click.close", lang),
        **{"aria-label": t("exec.click.close", lang)},
    )
    return html.Div(
        [
            html.Div([html.Strong(member_label, className="me-2"), close], className="d-flex align-items-center"),
            html.Div(links, className="d-flex flex-wrap mt-1"),
        ],
        className="border rounded p-2 mb-2 bg-light exec-click-menu",
        role="menu",
    )


def _grid_card(title: str, grid_id: str, hint: str, rows=None, columns=None) -> dbc.Card:
    return dbc.Card(
        [
            dbc.CardHeader(title),
            dbc.CardBody([grid(grid_id, rows, columns), html.P(hint, className="text-muted small mt-1 mb-0")]),
        ],
        className="h-100 shadow-sm",
    )


# what ``render`` draws: the loading spinner covers these only (never the partner and campaign cards)
RENDERED = {
    "exec-compare": "children",
    "exec-message": "children",
    "exec-cards": "children",
    "exec-trend": "figure",
    "exec-regions": "figure",
    "exec-countries": "figure",
    "exec-top-customers": ["rowData", "columnDefs"],
    "exec-top-products": ["rowData", "columnDefs"],
}


def page(state: DashboardState, valid: Catalog, lang: str, drawn: tuple | None = None) -> html.Div:
    """The whole page for a state: filters and chips, and the numbers when ``drawn`` (``first_view``'s
    outputs) is given; else ``exec-pending`` asks the ``render`` callback for them."""
    compare, message, cards, trend, regions, countries, customers, ccols, products, pcols = drawn or (None,) * 10
    pending = [] if drawn else [dcc.Store(id="exec-pending", data=state.to_query())]
    bar, chip_row, problems = frame(state, valid, lang)
    return html.Div(
        [
            dcc.Store(id="exec-state", data=state.to_query()),
            *pending,
            dcc.Store(id="exec-rendered"),  # set by ``render`` with the numbers
            dcc.Store(id="exec-drawn"),  # the state whose charts are painted: the cards below follow it
            # the page stays while its state changes (``callbacks.executive.navigate``): the address of a
            # new state for the history, and an address to go to in place (back/forward, a link to the
            # dashboard clicked on it: assets/dashboard.js)
            dcc.Store(id="exec-url"),
            dcc.Store(id="exec-nav"),
            html.Div(
                [
                    html.H2(t("exec.title", lang), className="h4 mb-0 me-3"),
                    html.Div(compare, id="exec-compare", className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-2",
            ),
            html.Div(bar, id="exec-bar-place"),
            html.Div(chip_row, id="exec-chips-place"),
            html.Div(problems, id="exec-problems-place"),
            page_notice("home", lang),
            dcc.Loading(
                html.Div(
                    [
                        html.Div(message, id="exec-message"),
                        dbc.Row(cards or [], id="exec-cards", className="g-2 mb-3 row-cols-2 row-cols-md-4"),
                        html.Div(id="exec-campaigns", className="mb-3"),
                        html.Div(id="exec-partners", className="mb-3"),
                        dbc.Row(
                            dbc.Col(_chart_card(t("exec.trend", lang), "exec-trend", "320px", trend), className="mb-3")
                        ),
                        dbc.Row(
                            [
                                dbc.Col(
                                    _chart_card(t("exec.by_region", lang), "exec-regions", "380px", regions),
                                    lg=5,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    _chart_card(t("exec.by_country", lang), "exec-countries", "380px", countries),
                                    lg=7,
                                    className="mb-3",
                                ),
                            ]
                        ),
                        dbc.Row(
                            [
                                dbc.Col(
                                    _grid_card(
                                        t("exec.top_customers", lang),
                                        "exec-top-customers",
                                        t("exec.customer_click", lang),
                                        customers,
                                        ccols,
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                                dbc.Col(
                                    _grid_card(
                                        t("exec.top_products", lang),
                                        "exec-top-products",
                                        t("exec.product_click", lang),
                                        products,
                                        pcols,
                                    ),
                                    lg=6,
                                    className="mb-3",
                                ),
                            ]
                        ),
                    ]
                ),
                delay_show=100,
                type="default",
                target_components=RENDERED,
            ),
        ],
        id="exec-page",
    )


def frame(state: DashboardState, valid: Catalog, lang: str) -> tuple:
    """What around the numbers follows the state: the filter bar set to it, its chips, what it rejected."""
    return filter_bar(state, valid, lang), chips(state, lang), problems_alert(state, lang)


def campaign_card(summary, state: DashboardState, lang: str) -> dbc.Card:
    """The period's campaigns in one card (``crm.campaigns.summary``), clicking through to their results."""
    period = labels.period_label(state.period, lang)
    link = dcc.Link(t("exec.campaigns.open", lang), href="/campaigns", id="exec-campaigns-link", className="small")
    if not summary.campaigns:
        body = [html.Span(t("exec.campaigns.none", lang, period=period), className="text-muted small me-2"), link]
        return dbc.Card(dbc.CardBody(body, className="py-2"), className="shadow-sm", id="exec-campaign-card")
    money = lambda v: fmt.money(v, lang)  # noqa: E731
    roi = summary.incremental_roi
    text = t(
        "exec.campaigns.body",
        lang,
        count=summary.campaigns,
        spend=money(summary.spend),
        added=money(summary.incremental_revenue),
        low=money(summary.incremental_low),
        high=money(summary.incremental_high),
        roi="–" if roi is None else fmt.percent(roi, lang),
    )
    verdicts = t(
        "exec.campaigns.verdicts", lang, worked=summary.worked, harmful=summary.harmful, open=summary.still_open
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(t("exec.campaigns.title", lang, period=period), className="kpi-title"),
                html.Div(text, id="exec-campaigns-text", **{"data-roi": "" if roi is None else repr(roi)}),
                html.Div([html.Span(verdicts, className="text-muted small me-2"), link]),
            ]
        ),
        className="shadow-sm",
        id="exec-campaign-card",
    )


def partner_card(found, state: DashboardState, lang: str) -> dbc.Card:
    """The period's contribution of partners (``crm.partners.contribution.Contribution``): the share
    of revenue through partners (opens Explore on partner tier → partner for the period), its change
    against the comparison period, partner revenue, active partners, and the partners needing
    attention (opens ``/partners/lifecycle``)."""
    figures = found.figures
    period = labels.period_label(state.period, lang)
    title = html.Div(t("exec.partners.title", lang, period=period), className="kpi-title")
    if not figures.partners:
        body = [title, html.Div(t("exec.partners.none", lang, period=period), className="text-muted small")]
        return dbc.Card(dbc.CardBody(body, className="py-2"), className="shadow-sm", id="exec-partner-card")
    share = "–" if figures.share is None else fmt.percent(figures.share, lang)
    change = figures.share_change
    before = state.period.previous()  # the share is compared with the previous period only
    compare = fmt.day_range(before.first_day, before.last_day, lang)
    change_text = (
        t("exec.partners.no_change", lang)
        if change is None
        else t("exec.partners.change", lang, change=labels.points(change, lang), compare=compare)
    )
    link = dcc.Link(
        [
            html.Span(
                share,
                className="kpi-value me-2",
                id="exec-partners-share-value",
                **{"data-share": "" if figures.share is None else repr(figures.share)},
            ),
            html.Span(t("exec.partners.share", lang)),
        ],
        href="/explore" + partner_explore_search(state),
        id="exec-partners-share",
        title=t("exec.partners.share.help", lang),
    )
    attention = (
        t("exec.partners.attention_unknown", lang)
        if found.attention is None
        else t("exec.partners.attention", lang, count=fmt.number(found.attention, lang))
    )
    facts = " · ".join(
        [
            t("exec.partners.revenue", lang, value=fmt.money(figures.partner_revenue, lang)),
            t("exec.partners.active", lang, count=fmt.number(figures.active_partners, lang)),
        ]
    )
    return dbc.Card(
        dbc.CardBody(
            [
                title,
                html.Div(link),
                html.Div(change_text, className="text-muted small", id="exec-partners-change"),
                html.Div(
                    [
                        html.Span(facts, className="small me-2", id="exec-partners-facts"),
                        dcc.Link(
                            attention, href="/partners/lifecycle", id="exec-partners-attention", className="small"
                        ),
                    ]
                ),
            ]
        ),
        className="shadow-sm",
        id="exec-partner-card",
    )
