"""Forecast page wiring: the question in the URL (a ``ForecastState``), the fit as a background
job, then the result drawn by ``components.forecast_view`` and the numbers to download."""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, no_update

from components.access import ALL_ROLES, background_for, callback_for, user_from_token
from components.errors import error_alert
from components.forecast_view import download_frame, filter_chips, forecast_body, member_options, result_data
from components.jobs import progress_reporter
from components.studio import refused, warning
from data.warehouse import get_warehouse
from i18n import current_language, t
from mining.errors import MiningError
from olap.catalog import catalog
from olap.cube import CubeError
from olap.engine import execute
from olap.forecast_state import FILTER_LEVELS, MAX_HORIZON, ForecastState
from olap.query import make_spec

log = logging.getLogger(__name__)


@callback(
    Output("fc-filter-members", "options"),
    Output("fc-filter-members", "value"),
    Input("fc-filter-level", "value"),
    State("fc-filters", "data"),
    State("fc-measure", "value"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def filter_members(level_id, filters, measure):
    """The chosen level's members, biggest first, with the ones already filtered ticked."""
    if level_id not in FILTER_LEVELS:
        return [], []
    lang = current_language()
    try:
        frame = execute(make_spec([measure or "revenue"], rows=[level_id], limit=500))
    except CubeError as exc:
        return [{"label": exc.message(lang), "value": "", "disabled": True}], []
    return member_options(level_id, frame, lang), list((filters or {}).get(level_id, []))


@callback(
    Output("fc-filters", "data"),
    Input("fc-filter-members", "value"),
    Input("fc-filter-clear", "n_clicks"),
    State("fc-filter-level", "value"),
    State("fc-filters", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def set_filters(members, _clear, level_id, filters):
    if ctx.triggered_id == "fc-filter-clear":
        return {}
    if level_id not in FILTER_LEVELS:
        return no_update
    filters = dict(filters or {})
    if members:
        filters[level_id] = [str(m) for m in members]
    else:
        filters.pop(level_id, None)
    return filters


@callback(
    Output("fc-filter-chips", "children"),
    Output("fc-filter-clear", "disabled"),
    Input("fc-filters", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def show_filters(filters):
    return filter_chips(filters, current_language()), not filters


@callback(Output("fc-horizon-unit", "children"), Output("fc-horizon", "max"), Input("fc-grain", "value"))
@callback_for(*ALL_ROLES)
def horizon_unit(grain):
    grain = grain if grain in MAX_HORIZON else "month"
    return t(f"forecast.unit.{grain}", current_language()), MAX_HORIZON[grain]


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Output("fc-request", "data", allow_duplicate=True),
    Output("fc-run-message", "children", allow_duplicate=True),
    Input("fc-run", "n_clicks"),
    State("fc-measure", "value"),
    State("fc-grain", "value"),
    State("fc-horizon", "value"),
    State("fc-dates", "start_date"),
    State("fc-dates", "end_date"),
    State("fc-filters", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def ask(clicks, measure, grain, horizon, start, end, filters, search):
    """Put the question in the URL (the page reopens on it and runs); the same question again
    runs again without a reload."""
    lang = current_language()
    grain = grain if grain in MAX_HORIZON else "month"
    if not isinstance(horizon, int | float) or int(horizon) != horizon or not 1 <= horizon <= MAX_HORIZON[grain]:
        text = t("forecast.bad_horizon", lang, value="" if horizon is None else horizon, most=MAX_HORIZON[grain])
        return no_update, no_update, warning(text)
    query = {"m": measure, "g": grain, "h": str(int(horizon)), "from": start or "", "to": end or ""}
    query |= {f"f.{level_id}": members for level_id, members in (filters or {}).items()}
    state = ForecastState.from_query(query, catalog(get_warehouse()))
    if state.problems:
        return no_update, no_update, warning(state.problems[0].message(lang))
    if state.to_search() != (search or ""):
        return state.to_search(), no_update, None
    return no_update, {**state.request(), "again": (clicks or 0)}, None


@callback(
    Output("fc-result", "data"),
    Output("fc-run-message", "children"),
    Input("fc-request", "data"),
    State("fc-user", "data"),
    State("fc-lang", "data"),
    background=True,
    running=[(Output("fc-run", "disabled"), True, False), (Output("fc-cancel", "disabled"), False, True)],
    progress=[Output("fc-progress", "value"), Output("fc-progress", "label")],
    cancel=[Input("fc-cancel", "n_clicks")],
)
@background_for(*ALL_ROLES)
def run(set_progress, request, token, lang):
    """Backtest the models and forecast in a worker process (roles were checked on the request).

    The worker has no request, hence no partner scope of its own: the scope of the user named by
    the signed token is applied explicitly (a partner manager forecasts only their partners'
    business; a token that does not verify sees no partner business)."""
    from crm.partners.access import scope_of_user
    from mining.forecast.kept import cached_forecast
    from olap.scope import scoped

    lang = lang if lang in ("en", "ko") else "en"
    if not request:  # the page opened with its forecast kept for this version: it is drawn already
        return no_update, no_update
    try:
        user = user_from_token(token)
    except ValueError:
        user = None
    try:
        with scoped(scope_of_user(user)):  # kept per version and scope: the same question is answered at once
            result = cached_forecast(request, progress=progress_reporter(set_progress, lang))
    except (MiningError, CubeError) as exc:
        return None, refused(exc, lang, id="fc-refused")
    except Exception:
        log.exception("forecast failed")
        return None, error_alert(lang)
    return result_data(result, request), None


@callback(Output("fc-body", "children"), Input("fc-result", "data"))
@callback_for(*ALL_ROLES)
def show(data):
    lang = current_language()
    if not data:
        return dbc.Alert(t("forecast.empty", lang), color="light", className="border")
    try:
        return forecast_body(data, lang)
    except Exception:
        log.exception("drawing the forecast failed")
        return error_alert(lang)


@callback(
    Output("fc-download", "data"),
    Input("fc-download-csv", "n_clicks"),
    State("fc-result", "data"),
    prevent_initial_call=True,
)
@callback_for(*ALL_ROLES)
def download(_clicks, data):
    """The forecast with its intervals and the history it was fitted on, as CSV (exact values)."""
    if not data:
        return no_update
    name = f"xrm-forecast-{data['request']['measure']}-{data['grain']}.csv"
    return dcc.send_data_frame(download_frame(data).to_csv, name, index=False)
