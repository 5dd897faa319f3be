"""Executive dashboard callbacks: render the page from its URL state, and turn clicks into URLs."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from components.access import ALL_ROLES, callback_for
from components.charts import bar_figure, empty_figure, trend_figure
from components.coverage import current as coverage
from components.errors import error_alert, warehouse_error
from components.kpi_card import kpi_card, unsupported_card
from components.theme import NEUTRAL
from data.health import Coverage
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t
from i18n import format as fmt
from olap import kpi, labels
from olap.catalog import catalog
from olap.dashboard import DashboardState, state_from_query
from olap.filters import Filters

log = logging.getLogger(__name__)
TOP_N = 10
TOP_COUNTRIES = 15
FILTER_CONTROLS = ("exec-region", "exec-country", "exec-channel", "exec-ctype")


def _money_col(field: str, header: str, lang: str) -> dict:
    locale = "ko-KR" if lang == "ko" else "en-US"
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "minWidth": 120,
        "sort": "desc" if field == "revenue" else None,
        "valueFormatter": {
            "function": f"params.value == null ? '' : {json.dumps(fmt.currency_symbol())} + "
            f"Math.round(params.value).toLocaleString('{locale}')"
        },
    }


def _count_col(field: str, header: str, lang: str) -> dict:
    locale = "ko-KR" if lang == "ko" else "en-US"
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "valueFormatter": {"function": f"params.value == null ? '' : Number(params.value).toLocaleString('{locale}')"},
    }


def _share_col(lang: str) -> dict:
    return {
        "field": "share",
        "headerName": t("col.share", lang),
        "type": "rightAligned",
        "valueFormatter": {"function": "params.value == null ? '' : (params.value * 100).toFixed(1) + '%'"},
    }


def customer_columns(lang: str) -> list[dict]:
    return [
        {"field": "name", "headerName": t("col.customer", lang), "pinned": "left", "minWidth": 150, "flex": 2},
        {"field": "country", "headerName": t("col.country", lang)},
        {"field": "customer_type", "headerName": t("col.type", lang), "minWidth": 70, "maxWidth": 90},
        _money_col("revenue", t("kpi.revenue", lang), lang),
        _share_col(lang),
        _money_col("gross_margin", t("kpi.gross_margin", lang), lang),
        _count_col("orders", t("kpi.orders", lang), lang),
    ]


def product_columns(lang: str) -> list[dict]:
    return [
        {"field": "name", "headerName": t("col.product", lang), "pinned": "left", "minWidth": 150, "flex": 2},
        {"field": "category", "headerName": t("col.category", lang)},
        _money_col("revenue", t("kpi.revenue", lang), lang),
        _share_col(lang),
        _money_col("gross_margin", t("kpi.gross_margin", lang), lang),
        _count_col("units", t("col.units", lang), lang),
    ]


def _records(df, total: float) -> list[dict]:
    df = df.copy()
    df["share"] = df["revenue"] / total if total else None
    return df.to_dict("records")


def _empty_message(cursor, state: DashboardState, lang: str):
    """Say which filter emptied the page, and offer to remove each one that brings data back."""
    f = state.filters
    active = [("region", v) for v in f.regions] + [("country", v) for v in f.countries]
    active += [("channel", f.channel_group)] if f.channel_group else []
    active += [("ctype", f.customer_type)] if f.customer_type else []
    names = {"region": "regions", "country": "countries", "channel": "channel_group", "ctype": "customer_type"}
    buttons = []
    for name, value in active:
        relaxed = f.without(names[name], value)
        orders = kpi.compute_kpis(cursor, state.period, relaxed).current["orders"] if not relaxed.is_empty() else 1
        if orders:
            label = f"{t('filter.' + {'ctype': 'customer_type'}.get(name, name), lang)}: {labels.filter_value_label(name, value, lang)}"
            buttons.append(
                dbc.Button(
                    t("empty.remove", lang, filter=label),
                    id={"type": "exec-unfilter", "name": name, "value": value},
                    size="sm",
                    color="primary",
                    outline=True,
                    className="me-2 mt-1",
                )
            )
    body = [
        html.H5(t("empty.title", lang)),
        html.P(t("empty.body", lang, period=labels.period_label(state.period, lang))),
    ]
    return dbc.Alert(body + buttons, color="info", id="exec-empty")


@callback(
    Output("exec-compare", "children"),
    Output("exec-message", "children"),
    Output("exec-cards", "children"),
    Output("exec-trend", "figure"),
    Output("exec-regions", "figure"),
    Output("exec-countries", "figure"),
    Output("exec-top-customers", "rowData"),
    Output("exec-top-customers", "columnDefs"),
    Output("exec-top-products", "rowData"),
    Output("exec-top-products", "columnDefs"),
    Input("exec-state", "data"),
)
@callback_for(*ALL_ROLES)
def render(store: dict):
    """Compute everything the page shows for the state in the URL."""
    lang = current_language()
    try:
        warehouse = get_warehouse()
        state = state_from_query(store or {}, catalog(warehouse))
        return render_state(warehouse.cursor(), state, lang, coverage(warehouse))
    except WarehouseUnavailable as exc:
        message = warehouse_error(exc, lang)
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("executive dashboard failed for %r", store)
        message = error_alert(lang)
    blank = empty_figure("")
    return "", message, [], blank, blank, blank, [], [], [], []


def render_state(cursor, state: DashboardState, lang: str, cov: Coverage | None = None) -> tuple:
    """Everything the page shows, as plain values (testable without Dash); ``cov`` (the data's
    coverage) turns figures the data cannot support into a reason instead of a number."""
    period, filters = state.period, state.filters
    result = kpi.compute_kpis(cursor, period, filters)
    no_costs = cov is not None and not cov.has("costs")  # gross margin would equal revenue: not a fact
    compare = labels.comparison_label(period, lang)
    cards = [
        html.Div(
            unsupported_card(key, t("health.need.costs", lang), lang)
            if no_costs and key == "gross_margin"
            else kpi_card(key, result, lang),
            className="col",
        )
        for key in kpi.KPI_KEYS
    ]
    trend = trend_figure(kpi.monthly_trend(cursor, filters), period.month_list(), lang)
    message = unknown_channel_note(result.current.get("unknown_channel_share"), lang)
    if result.current["orders"] == 0:
        message = _empty_message(cursor, state, lang)
        blank = empty_figure(t("empty.short", lang))
        return compare, message, cards, trend, blank, blank, [], customer_columns(lang), [], product_columns(lang)
    regions = kpi.revenue_by_geography(cursor, period, filters, "region")
    countries = kpi.revenue_by_geography(cursor, period, filters, "country").head(TOP_COUNTRIES)
    total = result.current["revenue"]
    region_fig = bar_figure(regions, lambda r: labels.region_label(r, lang), lang)
    country_fig = bar_figure(countries, lambda c: c, lang, color=NEUTRAL)
    customers = _records(kpi.top_customers(cursor, period, filters, TOP_N), total)
    products = _records(kpi.top_products(cursor, period, filters, TOP_N), total)
    customer_cols, product_cols = customer_columns(lang), product_columns(lang)
    if no_costs:
        customer_cols = [c for c in customer_cols if c["field"] != "gross_margin"]
        product_cols = [c for c in product_cols if c["field"] != "gross_margin"]
    return (compare, message, cards, trend, region_fig, country_fig, customers, customer_cols, products, product_cols)


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


def next_state(state: DashboardState, trigger, values: dict) -> DashboardState:
    """The state after one user action (pure; ``trigger`` is the id of what changed)."""
    f = state.filters
    if trigger == "exec-period":
        return replace(state, period=replace(state.period, token=values["period"]))
    if trigger == "exec-region":
        regions = tuple(values["region"] or ())
        countries = tuple(c for c in f.countries if not regions or values["country_region"].get(c) in regions)
        return replace(state, filters=replace(f, regions=regions, countries=countries))
    if trigger == "exec-country":
        return replace(state, filters=replace(f, countries=tuple(values["country"] or ())))
    if trigger == "exec-channel":
        return replace(state, filters=replace(f, channel_group=values["channel"] or None))
    if trigger == "exec-ctype":
        return replace(state, filters=replace(f, customer_type=values["ctype"] or None))
    if trigger == "exec-clear":
        return replace(state, filters=Filters())
    if trigger == "exec-trend":
        month = values["click"]
        return replace(state, period=replace(state.period, token=month[:7]))
    if trigger == "exec-regions":
        return replace(state, filters=replace(f, regions=(values["click"],), countries=()))
    if trigger == "exec-countries":
        return replace(state, filters=replace(f, countries=(values["click"],)))
    if isinstance(trigger, dict) and trigger.get("type") in ("exec-chip", "exec-unfilter"):
        names = {"region": "regions", "country": "countries", "channel": "channel_group", "ctype": "customer_type"}
        return replace(state, filters=f.without(names[trigger["name"]], trigger["value"]))
    return state


def _clicked(click_data) -> str | None:
    try:
        return click_data["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError):
        return None


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("exec-period", "value"),
    Input("exec-region", "value"),
    Input("exec-country", "value"),
    Input("exec-channel", "value"),
    Input("exec-ctype", "value"),
    Input("exec-clear", "n_clicks"),
    Input({"type": "exec-chip", "name": ALL, "value": ALL}, "n_clicks"),
    Input({"type": "exec-unfilter", "name": ALL, "value": ALL}, "n_clicks"),
    Input("exec-trend", "clickData"),
    Input("exec-regions", "clickData"),
    Input("exec-countries", "clickData"),
    State("exec-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def navigate(
    period, region, country, channel, ctype, _clear, _chips, _unfilter, trend_click, region_click, country_click, store
):
    """Every control and every click changes the URL; the page follows the URL (so back works)."""
    trigger = ctx.triggered_id
    value = ctx.triggered[0]["value"] if ctx.triggered else None
    # Buttons and charts appearing on the page fire with nothing clicked: ignore those.
    if trigger is None or (value in (None, 0) and trigger not in FILTER_CONTROLS):
        return no_update
    click = {"exec-trend": trend_click, "exec-regions": region_click, "exec-countries": country_click}.get(trigger)
    if trigger in ("exec-trend", "exec-regions", "exec-countries") and not _clicked(click):
        return no_update
    try:
        valid = catalog(get_warehouse())
    except WarehouseUnavailable:
        return no_update
    state = state_from_query(store or {}, valid)
    values = dict(
        period=period,
        region=region,
        country=country,
        channel=channel,
        ctype=ctype,
        click=_clicked(click),
        country_region=valid.countries,
    )
    new = next_state(state, trigger, values)
    search = new.to_search()
    return no_update if search == state.to_search() and not state.rejected else search
