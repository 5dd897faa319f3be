"""Executive dashboard callbacks: render the page from its URL state, and turn clicks into URLs."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode

from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, no_update

from components import executive_view as view
from components.access import ALL_ROLES, CAMPAIGN_ROLES, callback_for, has_role
from components.errors import error_alert, warehouse_error
from crm.campaigns.results import cached_results
from crm.campaigns.summary import period_campaigns
from crm.partners.contribution import contribution
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language
from i18n import format as fmt
from olap import labels, urlstate
from olap.catalog import catalog
from olap.dashboard import DashboardState, click_actions, next_state, product_explore_search

log = logging.getLogger(__name__)
FILTER_CONTROLS = ("exec-region", "exec-country", "exec-channel", "exec-ctype")
SAME_BAR = ("exec-channel", "exec-ctype")  # changing these leaves the rest of the filter bar as it is
CHARTS = ("exec-trend", "exec-regions", "exec-countries")


RENDERED_OUTPUTS = [Output(name, prop) for name, props in view.RENDERED.items()
                    for prop in ([props] if isinstance(props, str) else props)]  # fmt: skip


@callback(
    *RENDERED_OUTPUTS,
    Output("exec-rendered", "data"),
    Input("exec-pending", "data"),
)
@callback_for(*ALL_ROLES)
def render(store: dict):
    """Compute everything the page shows for the state in the URL (only for a page built without its
    numbers: ``exec-pending`` is in the page then; a page built with them drawn has no such store)."""
    lang = current_language()
    try:
        warehouse = get_warehouse()
        drawn = dashboard_outputs(DashboardState.from_query(store or {}, catalog(warehouse)), lang, warehouse)
    except WarehouseUnavailable as exc:
        drawn = view.blank_view(warehouse_error(exc, lang))
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("executive dashboard failed for %r", store)
        drawn = view.blank_view(error_alert(lang))
    return *drawn, store


def dashboard_outputs(state: DashboardState, lang: str, warehouse) -> tuple:
    """The page's outputs for ``state`` (``executive_view.outputs``: cached numbers, a view built once)."""
    return view.outputs(state, lang, warehouse)


# Once the page's charts are painted (built drawn, or drawn by ``render``), ``exec-drawn`` takes the
# state: the partner and campaign cards are asked for only then, so their requests never compete
# with the chart library's download or the charts' own request (assets/dashboard.js).
clientside_callback(
    ClientsideFunction("dashboard", "drawn"),
    Output("exec-drawn", "data"),
    Input("exec-state", "data"),
    Input("exec-rendered", "data"),
    State("exec-pending", "data", allow_optional=True),
)


def _clicked(click_data) -> str | None:
    try:
        return click_data["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError):
        return None


@callback(
    Output("exec-state", "data"),
    Output("exec-url", "data"),
    Output("exec-bar-place", "children"),
    Output("exec-chips-place", "children"),
    Output("exec-problems-place", "children"),
    *RENDERED_OUTPUTS,
    *[Output(f"{chart}-menu", "children", allow_duplicate=True) for chart in CHARTS],
    Input("exec-period", "value"),
    Input("exec-region", "value"),
    Input("exec-country", "value"),
    Input("exec-channel", "value"),
    Input("exec-ctype", "value"),
    Input("exec-clear", "n_clicks"),
    Input({"type": "exec-chip", "name": ALL, "value": ALL}, "n_clicks"),
    Input({"type": "exec-unfilter", "name": ALL, "value": ALL}, "n_clicks"),
    Input("exec-nav", "data"),
    State("exec-state", "data"),
    State("exec-top-customers", "columnDefs"),
    State("exec-top-products", "columnDefs"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def navigate(period, region, country, channel, ctype, _clear, _chips, _unfilter, nav, store, *columns):
    """A control, a chip or an address (back/forward, a link to the dashboard clicked on it) changes the
    state in place: the page stays, its numbers and filter bar follow in this one round trip, and the
    address of a new state goes into the history (``exec-url``, assets/dashboard.js)."""
    nothing = (no_update,) * (5 + len(RENDERED_OUTPUTS) + len(CHARTS))
    trigger = ctx.triggered_id
    value = ctx.triggered[0]["value"] if ctx.triggered else None
    # Buttons appearing on the page fire with nothing clicked: ignore those.
    if trigger is None or (value in (None, 0) and trigger not in FILTER_CONTROLS):
        return nothing
    lang = current_language()
    try:
        warehouse = get_warehouse()
        valid = catalog(warehouse)
    except WarehouseUnavailable:
        return nothing
    current = DashboardState.from_query(store or {}, valid)
    if trigger == "exec-nav":  # the address is in the bar already
        if not isinstance(nav, dict) or not isinstance(nav.get("search"), str):
            return nothing
        state, push = DashboardState.from_query(urlstate.parse(nav["search"]), valid), False
    else:
        values = dict(period=period, region=region, country=country, channel=channel, ctype=ctype)
        chosen = next_state(current, trigger, {**values, "country_region": valid.countries})
        if chosen.to_search() == current.to_search():
            return nothing
        state, push = DashboardState.from_query(chosen.to_query(), valid), True
    try:
        drawn = dashboard_outputs(state, lang, warehouse)
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("executive dashboard failed for %r", state.to_search())
        drawn = view.blank_view(error_alert(lang))
    address = {"search": state.to_search(), "push": push}
    # the control the person changed shows the new state already, and nothing else in the bar moves
    same_bar = trigger in SAME_BAR or (trigger == "exec-period" and current.carried is None)
    bar = no_update if same_bar else view.filter_bar(state, valid, lang)
    chip_row, problems = view.chips(state, lang), view.problems_alert(state, lang)
    compare, message, cards, trend, regions, countries, customers, ccols, products, pcols = drawn
    # a grid's columns are set again only when they differ (setting them makes the grid rebuild them)
    ccols, pcols = (no_update if new == old else new for new, old in zip((ccols, pcols), columns, strict=True))
    shown = compare, message, cards, trend, regions, countries, customers, ccols, products, pcols
    return state.to_query(), address, bar, chip_row, problems, *shown, *(None,) * len(CHARTS)


# The address of a state changed in place goes into the history once its charts are painted.
clientside_callback(
    ClientsideFunction("dashboard", "address"),
    Output("exec-rendered", "data", allow_duplicate=True),  # never changed: the history is the browser's
    Input("exec-url", "data"),
    prevent_initial_call=True,
)


@callback(
    Output("exec-trend-menu", "children"),
    Output("exec-regions-menu", "children"),
    Output("exec-countries-menu", "children"),
    Input("exec-trend", "clickData"),
    Input("exec-regions", "clickData"),
    Input("exec-countries", "clickData"),
    Input({"type": "exec-click-close", "chart": ALL}, "n_clicks"),
    State("exec-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def click_menu(trend, regions, countries, closes, store):
    """A click on a chart point opens its menu (drill, filter, detail rows, Explore) above that chart;
    any other chart's menu closes, as does its own × button."""
    trigger = ctx.triggered_id
    if isinstance(trigger, dict):  # a close button: only a real click closes
        return (None, None, None) if any(closes or []) else (no_update, no_update, no_update)
    clicks = {"exec-trend": trend, "exec-regions": regions, "exec-countries": countries}
    member = _clicked(clicks.get(trigger))
    if trigger not in clicks or not isinstance(member, str) or not member:
        return no_update, no_update, no_update
    lang = current_language()
    try:
        valid = catalog(get_warehouse())
    except WarehouseUnavailable:
        return no_update, no_update, no_update
    state = DashboardState.from_query(store or {}, valid)
    menu = view.click_menu(trigger, _member_label(trigger, member, lang), click_actions(state, trigger, member, valid),
                           lang)  # fmt: skip
    return tuple(menu if chart == trigger else None for chart in CHARTS)


def _member_label(chart: str, member: str, lang: str) -> str:
    if chart == "exec-trend":
        return fmt.month(dt.date.fromisoformat(member[:10]), lang)
    return labels.region_label(member, lang) if chart == "exec-regions" else member


@callback(
    Output("_pages_location", "pathname", allow_duplicate=True),
    Output("_pages_location", "search", allow_duplicate=True),
    Input("exec-top-customers", "cellClicked"),
    Input("exec-top-products", "cellClicked"),
    State("exec-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def open_row(customer_cell, product_cell, store):
    """A top customer opens Customer 360; a top product opens Explore on its months (same period and filters)."""
    cell = customer_cell if ctx.triggered_id == "exec-top-customers" else product_cell
    row = (cell or {}).get("rowId")  # the grid's row id is the customer's or the product's id
    if not isinstance(row, str) or not row.isdigit():
        return no_update, no_update
    if ctx.triggered_id == "exec-top-customers":
        return "/customers", "?" + urlencode({"id": row})
    try:
        state = DashboardState.from_query(store or {}, catalog(get_warehouse()))
    except WarehouseUnavailable:
        return no_update, no_update
    return "/explore", product_explore_search(state, int(row))


@callback(Output("exec-partners", "children"), Input("exec-drawn", "data"), prevent_initial_call=True)
@callback_for(*ALL_ROLES)
def render_partners(store: dict):
    """The period's partner contribution (its own request, like the campaigns card)."""
    lang = current_language()
    try:
        warehouse = get_warehouse()
        state = DashboardState.from_query(store or {}, catalog(warehouse))
        return view.partner_card(contribution(state, warehouse), state, lang)
    except Exception:  # an unreadable warehouse: the rest of the page stands
        log.exception("partner card failed for %r", store)
        return None


@callback(Output("exec-campaigns", "children"), Input("exec-drawn", "data"), prevent_initial_call=True)
@callback_for(*ALL_ROLES)
def render_campaigns(store: dict):
    """The period's campaigns (their own request: the KPIs do not wait for them); only for the
    roles that may open the campaign results, and nothing where the warehouse has no campaigns."""
    lang = current_language()
    if not has_role(CAMPAIGN_ROLES):
        return None
    try:
        warehouse = get_warehouse()
        state = DashboardState.from_query(store or {}, catalog(warehouse))
        summary = period_campaigns(cached_results(warehouse=warehouse), state.period.first_day, state.period.last_day)
        return view.campaign_card(summary, state, lang)
    except Exception:  # no campaign tables, an unreadable warehouse: the rest of the page stands
        log.exception("campaign card failed for %r", store)
        return None
