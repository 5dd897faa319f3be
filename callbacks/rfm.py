"""RFM page wiring: scoring as a background job, then the grid, segments, tiers, the CLV
holdout check, and segment movement between two dates (drawn by ``components.rfm_view``)."""

from __future__ import annotations

import datetime as dt
import logging

from dash import Input, Output, State, callback, no_update

from components.access import SEGMENT_ROLES, background_for, callback_for, user_from_token
from components.auto_view import watch_auto, with_note
from components.errors import error_alert
from components.guest_note import guest_note
from components.jobs import progress_reporter, publish_note
from components.rfm_view import movement_graph, no_run, run_view
from components.studio import refused, show_run, warning
from data.warehouse import get_warehouse
from i18n import current_language, t
from jobs.publish import publish_after_run
from mining.errors import MiningError
from mining.rfm import movement
from mining.runs import load_run, shown_run

log = logging.getLogger(__name__)


def _window(window) -> int | None:
    return None if window in (None, "all") else int(window)


@callback(
    Output("rfm-run-id", "data"),
    Output("rfm-run-message", "children"),
    Input("rfm-run", "n_clicks"),
    State("rfm-as-of", "date"),
    State("rfm-window", "value"),
    State("rfm-user", "data"),
    State("rfm-lang", "data"),
    background=True,
    running=[(Output("rfm-run", "disabled"), True, False), (Output("rfm-cancel", "disabled"), False, True)],
    progress=[Output("rfm-progress", "value"), Output("rfm-progress", "label")],
    cancel=[Input("rfm-cancel", "n_clicks")],
    prevent_initial_call=True,
)
@background_for(*SEGMENT_ROLES)
def run(set_progress, _clicks, as_of, window, token, lang):
    """Score every buyer in a worker process (roles were checked on the request)."""
    from mining.rfm import score_rfm

    lang = lang if lang in ("en", "ko") else "en"
    try:
        user = user_from_token(token)
        day = dt.date.fromisoformat(str(as_of)[:10])
    except ValueError:
        return no_update, warning(t("cube.bad_date", lang, value=str(as_of)))
    params = {"window_days": _window(window)}
    try:
        run_id = score_rfm(get_warehouse().cursor(), day, user, params, progress=progress_reporter(set_progress, lang))
    except MiningError as exc:
        return no_update, refused(exc, lang)
    except Exception:
        log.exception("rfm scoring failed")
        return no_update, error_alert(lang)
    return run_id, publish_note(publish_after_run(user), lang, "score.tier")


def render_run(run_id: int | None, lang: str):
    """The stored run ``run_id`` (or the latest) of the current warehouse."""
    meta = shown_run("rfm", run_id)  # a run of the current warehouse only
    if meta is None:
        return no_run(lang)
    meta, scores = load_run(meta["run_id"])
    warehouse = get_warehouse()
    return with_note(run_view(meta, scores, guest_note(warehouse, lang), lang), meta, warehouse.loaded_at(), lang)


show = show_run("rfm", render_run, SEGMENT_ROLES, what="an rfm run")
watch = watch_auto("rfm", ("rfm",), SEGMENT_ROLES)


@callback(
    Output("rfm-movement", "children"),
    Input("rfm-move-from", "date"),
    Input("rfm-move-to", "date"),
    Input("rfm-window", "value"),
)
@callback_for(*SEGMENT_ROLES)
def moved(first, second, window):
    """Customers by segment at the first date (rows) and the second (columns)."""
    lang = current_language()
    try:
        a, b = (dt.date.fromisoformat(str(d)[:10]) for d in (first, second))
    except (TypeError, ValueError):
        return warning(t("rfm.movement.bad_dates", lang))
    if a >= b:
        return warning(t("rfm.movement.bad_dates", lang))
    try:
        moves = movement(get_warehouse().cursor(), a, b, _window(window))
    except MiningError as exc:
        return refused(exc, lang)
    except Exception:
        log.exception("rfm movement failed")
        return error_alert(lang)
    return movement_graph(moves, a, b, lang)
