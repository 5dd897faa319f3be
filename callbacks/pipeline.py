"""Pipeline page callbacks: render the page from its URL state, and turn controls and clicks into URLs."""

from __future__ import annotations

import datetime as dt
import json
import logging
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, callback, ctx, html, no_update

from components.access import ALL_ROLES, callback_for
from components.charts import empty_figure
from components.errors import error_alert, warehouse_error
from components.theme import base_layout, change_colors
from crm import pipeline as pl
from crm.pipeline_state import PipelineState, read_state
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language, t
from i18n import format as fmt
from olap import labels
from olap.period import PeriodError, parse_period

log = logging.getLogger(__name__)
FUNNEL_COLORS = ("#93c5fd", "#60a5fa", "#3b82f6", "#2563eb", "#16a34a")


def _locale(lang: str) -> str:
    return "ko-KR" if lang == "ko" else "en-US"


def _money_col(field: str, header: str, lang: str, **extra) -> dict:
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "valueFormatter": {
            "function": f"params.value == null ? '–' : {json.dumps(fmt.currency_symbol())} + "
            f"Math.round(params.value).toLocaleString('{_locale(lang)}')"
        },
        **extra,
    }


def _count_col(field: str, header: str, lang: str, decimals: int = 0) -> dict:
    opts = f"{{maximumFractionDigits: {decimals}, minimumFractionDigits: {decimals}}}"
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "valueFormatter": {
            "function": f"params.value == null ? '–' : Number(params.value).toLocaleString('{_locale(lang)}', {opts})"
        },
    }


def _pct_col(field: str, header: str) -> dict:
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "valueFormatter": {"function": "params.value == null ? '–' : (params.value * 100).toFixed(1) + '%'"},
    }


# --------------------------------------------------------------------------- KPI cards


def _delta(current, base, kind: str, lang: str) -> html.Div:
    """Arrow, relative and absolute change against the previous period."""
    if current is None or base is None:
        return html.Div(f"– {t('pipeline.vs_previous', lang)}", className="kpi-delta text-muted")
    diff = current - base
    up, down = change_colors(lang)
    arrow, color = ("▲", up) if diff > 0 else ("▼", down) if diff < 0 else ("■", "#64748b")
    if kind == "rate":
        absolute = f"{diff * 100:+.1f}{t('unit.pp', lang)}"
        head = absolute
    else:
        rel = diff / base if base else None
        absolute = (
            ("+" if diff >= 0 else "-") + fmt.money(abs(diff), lang)
            if kind == "money"
            else t("pipeline.days", lang, days=f"{diff:+,.0f}")
        )
        head = fmt.percent(abs(rel), lang) if rel is not None else ""
    return html.Div(
        [
            html.Span(f"{arrow} {head}", style={"color": color}, className="fw-semibold"),
            html.Span(f" ({absolute}) {t('pipeline.vs_previous', lang)}", className="text-muted"),
        ],
        className="kpi-delta",
    )


def _card(key: str, value: float | None, shown: str, lines: list, lang: str) -> html.Div:
    """A KPI card: its title first (``lines[0]``), the value, then the detail lines."""
    body = [
        lines[0],
        html.Div(
            shown,
            className="kpi-value",
            id=f"pl-kpi-{key}",
            title=t(f"pipeline.kpi.{key}.help", lang),
            **{"data-kpi": key, "data-value": "" if value is None else repr(float(value))},
        ),
        *lines[1:],
    ]
    return html.Div(dbc.Card(dbc.CardBody(body), className="kpi-card h-100 shadow-sm"), className="col")


def _title(key: str, lang: str, **values) -> html.Div:
    return html.Div(
        t(f"pipeline.kpi.{key}", lang, **values), className="kpi-title", title=t(f"pipeline.kpi.{key}.help", lang)
    )


def kpi_cards(now: dict, before: dict, forecast: pl.Forecast, bt: pl.Backtest, lang: str) -> list:
    o, b = now["outcomes"], before["outcomes"]
    range_text = t("pipeline.kpi.range", lang, low=fmt.money(forecast.p10, lang), high=fmt.money(forecast.p90, lang))
    backtest = t(
        "pipeline.kpi.backtest",
        lang,
        quarter=labels.token_label(bt.forecast.quarter, lang),
        predicted=fmt.money(bt.forecast.expected, lang),
        actual=fmt.money(bt.actual_from_pipeline, lang),
    )
    cycle = None if o.cycle_won is None else t("pipeline.days", lang, days=fmt.number(o.cycle_won, lang))
    lost = None if o.cycle_lost is None else t("pipeline.days", lang, days=fmt.number(o.cycle_lost, lang))
    return [
        _card(
            "open_value",
            now["open_value"],
            fmt.money(now["open_value"], lang),
            [
                _title("open_value", lang),
                html.Div(
                    t("pipeline.kpi.open_deals", lang, deals=fmt.number(now["open_deals"], lang)),
                    className="small text-muted",
                ),
                _delta(now["open_value"], before["open_value"], "money", lang),
            ],
            lang,
        ),
        _card(
            "forecast",
            forecast.expected,
            fmt.money(forecast.expected, lang),
            [
                _title("forecast", lang, quarter=labels.token_label(forecast.quarter, lang)),
                html.Div(range_text, className="small text-muted", id="pl-forecast-range"),
                html.Div(backtest, className="kpi-delta text-muted"),
            ],
            lang,
        ),
        _card(
            "win_rate",
            o.win_rate,
            fmt.percent(o.win_rate, lang),
            [
                _title("win_rate", lang),
                html.Div(
                    t("pipeline.kpi.avg_deal", lang, value=fmt.money(o.avg_deal, lang)), className="small text-muted"
                ),
                _delta(o.win_rate, b.win_rate, "rate", lang),
            ],
            lang,
        ),
        _card(
            "cycle",
            o.cycle_won,
            cycle or "–",
            [
                _title("cycle", lang),
                html.Div(t("pipeline.kpi.cycle_lost", lang, days=lost or "–"), className="small text-muted"),
                _delta(o.cycle_won, b.cycle_won, "days", lang),
            ],
            lang,
        ),
    ]


# --------------------------------------------------------------------------- figures and tables


def funnel_figure(df, lang: str) -> go.Figure:
    if df.empty or not df["deals"].iloc[0]:
        return empty_figure(t("pipeline.funnel.empty", lang))
    names = [t(f"pipeline.stage.{s}", lang) for s in df["stage"]]
    fig = go.Figure(
        go.Funnel(
            y=names,
            x=df["deals"],
            text=[
                f"{fmt.number(n, lang)} · {fmt.money(v, lang)}" for n, v in zip(df["deals"], df["value"], strict=True)
            ],
            textinfo="text",
            hovertext=[
                f"{name}: {fmt.number(n, lang)} · {fmt.money(v, lang, exact=True)}"
                for name, n, v in zip(names, df["deals"], df["value"], strict=True)
            ],
            hoverinfo="text",
            marker={"color": list(FUNNEL_COLORS[: len(df)])},
            connector={"line": {"color": "#cbd5e1"}},
        )
    )
    fig.update_layout(**base_layout(margin=dict(l=8, r=8, t=8, b=8)), yaxis={"automargin": True})
    return fig


def conversion_table(df, probs, lang: str) -> tuple[list, list]:
    p = dict(zip(probs["stage"], probs["probability"], strict=True))
    rows = [
        {
            "stage": t(f"pipeline.stage.{r.stage}", lang),
            "deals": int(r.deals),
            "value": float(r.value),
            "conversion": None if r.conversion is None or r.conversion != r.conversion else float(r.conversion),
            "share": None if r.share is None or r.share != r.share else float(r.share),
            "probability": None if p.get(r.stage) is None or p[r.stage] != p[r.stage] else float(p[r.stage]),
        }
        for r in df.itertuples()
    ]
    cols = [
        {
            "field": "stage",
            "headerName": t("pipeline.col.stage", lang),
            "pinned": "left",
            "minWidth": 130,
            "sortable": False,
        },
        _count_col("deals", t("pipeline.col.deals", lang), lang),
        _money_col("value", t("pipeline.col.value", lang), lang, minWidth=115),
        _pct_col("conversion", t("pipeline.col.conversion", lang)),
        _pct_col("share", t("pipeline.col.share", lang)),
        _pct_col("probability", t("pipeline.col.probability", lang)),
    ]
    return rows, [{"minWidth": 80, **c, "filter": False} for c in cols]


def _label(by: str, key, label, lang: str) -> str:
    if by == "partner" and str(key) == "0":
        return t("pipeline.direct", lang)
    if by == "region":
        return labels.region_label(str(key), lang)
    if by in ("month", "quarter"):
        return labels.token_label(str(key), lang)
    return str(label)


def breakdown_table(df, by: str, lang: str) -> tuple[list, list]:
    rows = []
    for r in df.to_dict("records"):
        rec = {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
        rec["key"] = str(rec["key"])
        rec["label"] = _label(by, r["key"], r["label"], lang)
        rows.append(rec)
    cols = [
        {"field": "label", "headerName": t(f"pipeline.by.{by}", lang), "pinned": "left", "minWidth": 170, "flex": 2},
        _count_col("created", t("pipeline.col.created", lang), lang),
        _money_col("created_value", t("pipeline.col.created_value", lang), lang),
        _count_col("won", t("pipeline.col.won", lang), lang),
        _count_col("lost", t("pipeline.col.lost", lang), lang),
        _money_col("won_value", t("pipeline.col.won_value", lang), lang),
        _pct_col("win_rate", t("pipeline.col.win_rate", lang)),
        _money_col("avg_deal", t("pipeline.col.avg_deal", lang), lang),
        _count_col("cycle_won", t("pipeline.col.cycle_won", lang), lang),
        _count_col("cycle_lost", t("pipeline.col.cycle_lost", lang), lang),
    ]
    if by in ("owner", "partner", "region"):
        cols.append(_money_col("open_value", t("pipeline.col.open_value", lang), lang))
    return rows, cols


def explore_link(state: PipelineState, as_of: dt.date) -> str | None:
    """The page's deals in Explore (created in the period); None when the owner filter is on, as
    Explore has no owner dimension."""
    if state.owner:
        return None
    q: list[tuple[str, str]] = [("m", "pipeline_value"), ("m", "opportunities")]
    q.append(("r", "customer.customer" if state.partner is not None else "partner.partner"))
    q.append(("p", state.period.token))
    if state.partner is not None:
        q.append(("f.partner.partner", str(state.partner)))
    if state.region:
        q.append(("f.geo.region", state.region))
    return "/explore?" + urlencode(q)


def _md(text) -> str:
    """A name inside a markdown link: brackets and backslashes escaped."""
    return str(text or "").replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def stale_table(df, as_of: dt.date, lang: str) -> tuple[list, list]:
    rows = []
    for r in df.itertuples():
        reasons = [t(f"pipeline.reason.{k}", lang) for k in ("overdue", "aged") if getattr(r, k)]
        link = "/explore?" + urlencode(
            [
                ("m", "pipeline_value"),
                ("m", "opportunities"),
                ("r", "customer.customer"),
                ("f.customer.customer", str(r.customer_id)),
                ("from", r.created_date.date().isoformat() if hasattr(r.created_date, "date") else str(r.created_date)),
                ("to", as_of.isoformat()),
                ("view", "detail"),
            ]
        )
        rows.append(
            {
                "opportunity_id": int(r.opportunity_id),
                "customer": f"[{_md(r.customer)}](/customers?id={int(r.customer_id)})",
                "owner": r.owner,
                "partner": t("pipeline.direct", lang) if r.partner_id == 0 else r.partner,
                "region": labels.region_label(r.region, lang),
                "stage": t(f"pipeline.stage.{r.stage}", lang) if r.stage in pl.OPEN_STAGES else r.stage,
                "amount": float(r.amount),
                "expected_close": str(r.expected_close)[:10],
                "days_overdue": int(r.days_overdue),
                "age_days": int(r.age_days),
                "reason": ", ".join(reasons),
                "link": f"[Explore ↗]({link})",
            }
        )
    cols = [
        {
            "field": "customer",
            "headerName": t("pipeline.col.customer", lang),
            "cellRenderer": "markdown",
            "pinned": "left",
            "minWidth": 170,
            "flex": 2,
        },
        {"field": "owner", "headerName": t("pipeline.col.owner", lang), "minWidth": 120},
        {"field": "partner", "headerName": t("pipeline.col.partner", lang), "minWidth": 140},
        {"field": "region", "headerName": t("pipeline.col.region", lang)},
        {"field": "stage", "headerName": t("pipeline.col.stage", lang)},
        _money_col("amount", t("pipeline.col.amount", lang), lang),
        {"field": "expected_close", "headerName": t("pipeline.col.expected_close", lang), "minWidth": 110},
        {**_count_col("days_overdue", t("pipeline.col.days_overdue", lang), lang), "sort": "desc"},
        _count_col("age_days", t("pipeline.col.age_days", lang), lang),
        {"field": "reason", "headerName": t("pipeline.col.reason", lang), "minWidth": 150},
        {
            "field": "link",
            "headerName": t("pipeline.col.link", lang),
            "cellRenderer": "markdown",
            "sortable": False,
            "filter": False,
            "minWidth": 90,
        },
    ]
    return rows, cols


def forecast_detail(fc: pl.Forecast, bt: pl.Backtest, lang: str) -> list:
    money = lambda v: fmt.money(v, lang)  # noqa: E731
    error = bt.error
    out = [
        html.P(
            t(
                "pipeline.forecast.detail",
                lang,
                deals=fmt.number(len(fc.deals), lang),
                pipeline=money(fc.pipeline),
                quarter=labels.token_label(fc.quarter, lang),
                forecast=money(fc.expected),
                low=money(fc.p10),
                median=money(fc.p50),
                high=money(fc.p90),
            ),
            id="pl-forecast-text",
        ),
        html.P(
            t(
                "pipeline.backtest.detail",
                lang,
                made_on=fmt.date(bt.forecast.made_on, lang),
                quarter=labels.token_label(bt.forecast.quarter, lang),
                predicted=money(bt.forecast.expected),
                low=money(bt.forecast.p10),
                high=money(bt.forecast.p90),
                deals=fmt.number(len(bt.forecast.deals), lang),
                actual=money(bt.actual_from_pipeline),
                error=t("pipeline.backtest.none", lang)
                if error is None
                else t("pipeline.backtest.error", lang, error=fmt.percent(error, lang, signed=True)),
                total=money(bt.actual_total),
            ),
            id="pl-backtest-text",
        ),
    ]
    probs = fc.probabilities["probability"].dropna()
    if len(probs) and probs.max() - probs.min() < 1e-9:
        out.append(
            html.P(
                t("pipeline.flat_probabilities", lang, p=fmt.percent(probs.iloc[0], lang)), className="small text-muted"
            )
        )
    return out


# --------------------------------------------------------------------------- render


def compute(con, state: PipelineState) -> dict:
    """Every number the page shows, as plain values (no Dash)."""
    bounds = pl.data_bounds(con)
    as_of = bounds[1]
    f = state.filters
    periods = {"now": state.period, "before": state.period.previous()}
    figures = {}
    for name, period in periods.items():
        # exact days: a partial period and the same part of the one before (olap.period.like_for_like)
        start, end = period.first_day, period.last_day
        deals, value = pl.open_pipeline(con, f, min(end, as_of))
        figures[name] = {
            "start": start,
            "end": end,
            "outcomes": pl.outcomes(con, f, start, end),
            "open_deals": deals,
            "open_value": value,
        }
    now = figures["now"]
    return {
        "as_of": as_of,
        "now": now,
        "before": figures["before"],
        "funnel": pl.funnel(con, f, now["start"], now["end"]),
        "forecast": pl.weighted_forecast(con, f, as_of),
        "backtest": pl.backtest(con, f, as_of),
        "breakdown": pl.breakdown(con, f, now["start"], now["end"], state.by, min(now["end"], as_of)),
        "stale": pl.stale_opportunities(con, f, as_of),
    }


def sentence(state: PipelineState, numbers: dict, lang: str) -> str:
    o, fc = numbers["now"]["outcomes"], numbers["forecast"]
    common = dict(
        period=labels.period_label(state.period, lang),
        open=fmt.money(numbers["now"]["open_value"], lang),
        day=fmt.date(min(numbers["now"]["end"], numbers["as_of"]), lang),
        quarter=labels.token_label(fc.quarter, lang),
        forecast=fmt.money(fc.expected, lang),
        low=fmt.money(fc.p10, lang),
        high=fmt.money(fc.p90, lang),
    )
    if not o.closed:
        return t("pipeline.sentence.none_closed", lang, **common)
    return t(
        "pipeline.sentence",
        lang,
        won=fmt.number(o.won, lang),
        closed=fmt.number(o.closed, lang),
        win_rate=fmt.percent(o.win_rate, lang),
        won_value=fmt.money(o.won_value, lang),
        **common,
    )


def cached_compute(con, state: PipelineState, version: str | None) -> dict:
    """``compute``, kept in the shared result cache per warehouse version and state (the
    forecast's simulations make a cold page take seconds at scale 10)."""
    if version is None:
        return compute(con, state)
    from olap.engine import cache

    key = f"pipeline|{version}|{state.to_search()}"
    numbers = cache().get(key)
    if numbers is None:
        numbers = compute(con, state)
        cache().set(key, numbers)
    return numbers


def render_state(con, state: PipelineState, lang: str, version: str | None = None) -> tuple:
    n = cached_compute(con, state, version)
    period = state.period
    name = labels.period_label(period, lang)
    if period.partial:
        name = t("pipeline.partial", lang, period=name, days=f"{period.days:,}", total=f"{period.span_days:,}")
    previous = fmt.day_range(n["before"]["start"], n["before"]["end"], lang)  # whole months read as month_range
    compare = t("pipeline.compare", lang, period=name, previous=previous)
    cards = kpi_cards(n["now"], n["before"], n["forecast"], n["backtest"], lang)
    conv_rows, conv_cols = conversion_table(n["funnel"], n["forecast"].probabilities, lang)
    bd_rows, bd_cols = breakdown_table(n["breakdown"], state.by, lang)
    link = explore_link(state, n["as_of"])
    stale_rows, stale_cols = stale_table(n["stale"], n["as_of"], lang)
    stale_help = t(
        "pipeline.stale.help",
        lang,
        grace=pl.STALE_GRACE_DAYS,
        count=fmt.number(len(n["stale"]), lang),
        value=fmt.money(float(n["stale"]["amount"].sum()) if len(n["stale"]) else 0.0, lang),
    )
    return (
        compare,
        None,
        cards,
        sentence(state, n, lang),
        funnel_figure(n["funnel"], lang),
        conv_rows,
        conv_cols,
        bd_rows,
        bd_cols,
        t("pipeline.explore", lang) if link else "",
        link,
        forecast_detail(n["forecast"], n["backtest"], lang),
        stale_help,
        stale_rows,
        stale_cols,
    )


@callback(
    Output("pl-compare", "children"),
    Output("pl-message", "children"),
    Output("pl-cards", "children"),
    Output("pl-sentence", "children"),
    Output("pl-funnel", "figure"),
    Output("pl-conversion", "rowData"),
    Output("pl-conversion", "columnDefs"),
    Output("pl-breakdown", "rowData"),
    Output("pl-breakdown", "columnDefs"),
    Output("pl-explore", "children"),
    Output("pl-explore", "href"),
    Output("pl-forecast", "children"),
    Output("pl-stale-help", "children"),
    Output("pl-stale", "rowData"),
    Output("pl-stale", "columnDefs"),
    Input("pl-state", "data"),
)
@callback_for(*ALL_ROLES)
def render(store: dict):
    """Compute everything the page shows for the state in the URL."""
    lang = current_language()
    try:
        con, version = get_warehouse().cursor_with_version()
        bounds = pl.data_bounds(con)
        if bounds is None:
            message = dbc.Alert(t("pipeline.no_data", lang), color="info")
        else:
            state = read_state(store or {}, pl.filter_options(con), bounds)
            return render_state(con, state, lang, version)
    except WarehouseUnavailable as exc:
        message = warehouse_error(exc, lang)
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("pipeline page failed for %r", store)
        message = error_alert(lang)
    return "", message, [], "", empty_figure(""), [], [], [], [], "", None, [], "", [], []


def _period(state: PipelineState, token, bounds) -> PipelineState:
    try:
        return state.with_(period=parse_period(str(token), *bounds))
    except PeriodError:
        return state


def next_state(state: PipelineState, trigger: str, value, cell: dict | None, bounds) -> PipelineState:
    """The state after one user action (pure; ``bounds`` are the data's first and last days)."""
    if trigger == "pl-period":
        return _period(state, value, bounds)
    if trigger == "pl-owner":
        return state.with_(owner=value or None)
    if trigger == "pl-partner":
        return state.with_(partner=None if value in (None, "") else int(value))
    if trigger == "pl-region":
        return state.with_(region=value or None)
    if trigger == "pl-by":
        return state.with_(by=value)
    if trigger == "pl-breakdown" and cell and cell.get("rowId") not in (None, ""):
        key = str(cell["rowId"])
        if state.by == "owner":
            return state.with_(owner=key)
        if state.by == "partner":
            return state.with_(partner=int(key))
        if state.by == "region":
            return state.with_(region=key)
        return _period(state, key, bounds)
    return state


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("pl-period", "value"),
    Input("pl-owner", "value"),
    Input("pl-partner", "value"),
    Input("pl-region", "value"),
    Input("pl-by", "value"),
    Input("pl-breakdown", "cellClicked"),
    State("pl-state", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def navigate(period, owner, partner, region, by, cell, store):
    """Every control and row click changes the URL; the page follows the URL (so Back works)."""
    trigger = ctx.triggered_id
    if trigger is None:
        return no_update
    value = {"pl-period": period, "pl-owner": owner, "pl-partner": partner, "pl-region": region, "pl-by": by}.get(
        trigger
    )
    try:
        con = get_warehouse().cursor()
        bounds = pl.data_bounds(con)
        if bounds is None:
            return no_update
        state = read_state(store or {}, pl.filter_options(con), bounds)
    except WarehouseUnavailable:
        return no_update
    search = next_state(state, trigger, value, cell, bounds).to_search()
    return no_update if search == state.to_search() and not state.rejected else search
