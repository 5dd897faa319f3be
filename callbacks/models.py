"""Models page wiring: train and score in the background, then read a stored run: AUC by split,
ROC, gains and lift, a confusion matrix at any threshold, what drives the model, its rules."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, no_update

from components.access import SEGMENT_ROLES, background_for, callback_for, user_from_token
from components.auto_view import watch_auto, with_note
from components.errors import error_alert
from components.jobs import progress_reporter, publish_note
from components.models_view import detail_view, run_body, run_options, training
from components.studio import refused, warning
from data.warehouse import get_warehouse
from i18n import current_language, t
from jobs.publish import publish_after_run
from mining.errors import MiningError
from mining.propensity import MODELS, TARGETS
from mining.runs import current_lineage, list_runs, run_meta
from olap.urlstate import Problem

log = logging.getLogger(__name__)


def _kind(target: str) -> str:
    return f"propensity_{target}"


@callback(
    Output("mod-target-help", "children"),
    Output("mod-horizon-box", "style"),
    Input("mod-target", "value"),
    Input("mod-horizon", "value"),
)
@callback_for(*SEGMENT_ROLES)
def target_help(target, horizon):
    lang = current_language()
    target = target if target in TARGETS else TARGETS[0]
    days = horizon if isinstance(horizon, int | float) else 180
    hidden = {"display": "none"} if target != "repurchase" else {}
    key = f"mining.propensity.target.{target}.help"
    return t(key, lang, default=key, days=int(days)), hidden


@callback(
    Output("mod-run-pick", "options"),
    Output("mod-run-pick", "value"),
    Input("mod-target", "value"),
    Input("mod-run-id", "data"),
    Input("mod-auto-done", "data"),
)
@callback_for(*SEGMENT_ROLES)
def runs(target, run_id, _auto_done=None):
    """The target's stored runs, newest first; the one just trained (or in the link) shown."""
    lang = current_language()
    target = target if target in TARGETS else TARGETS[0]
    found = list_runs(_kind(target))
    options = run_options(found, lang)
    ids = [r["run_id"] for r in found]
    value = run_id if run_id in ids else (ids[0] if ids else None)
    return options, value


@callback(
    Output("mod-run-id", "data"),
    Output("mod-run-message", "children"),
    Input("mod-run", "n_clicks"),
    State("mod-target", "value"),
    State("mod-as-of", "date"),
    State("mod-horizon", "value"),
    State("mod-user", "data"),
    State("mod-lang", "data"),
    background=True,
    running=[(Output("mod-run", "disabled"), True, False), (Output("mod-cancel", "disabled"), False, True)],
    progress=[Output("mod-progress", "value"), Output("mod-progress", "label")],
    cancel=[Input("mod-cancel", "n_clicks")],
    prevent_initial_call=True,
)
@background_for(*SEGMENT_ROLES)
def train(set_progress, _clicks, target, as_of, horizon, token, lang):
    """Train both models, score every customer and publish the scores, in a worker process."""
    from mining.propensity import score_propensity

    lang = lang if lang in ("en", "ko") else "en"

    def refuse(text: str):
        return no_update, warning(text, id="mod-refused")

    try:
        user = user_from_token(token)
    except ValueError:
        return refuse(t("access.denied.body", lang))
    try:
        day, params = training(target, as_of, horizon)
    except Problem as exc:
        return refuse(exc.message(lang))
    try:
        cursor = get_warehouse().cursor()
        run_id = score_propensity(cursor, target, day, user, params, progress=progress_reporter(set_progress, lang))
    except MiningError as exc:
        return no_update, refused(exc, lang, id="mod-refused")
    except Exception:
        log.exception("propensity training failed")
        return no_update, error_alert(lang)
    return run_id, publish_note(publish_after_run(user), lang, f"propensity.{target}")


@callback(
    Output("mod-result", "children"),
    Output("mod-url", "search"),
    Input("mod-run-pick", "value"),
    State("mod-target", "value"),
)
@callback_for(*SEGMENT_ROLES)
def show(run_id, target):
    lang = current_language()
    target = target if target in TARGETS else TARGETS[0]
    if not run_id:
        return dbc.Alert(t("models.empty", lang), color="light", className="border"), "?" + urlencode(
            {"target": target}
        )
    meta = run_meta(int(run_id))
    if meta is None or not meta["kind"].startswith("propensity_") or meta.get("lineage") != current_lineage():
        return dbc.Alert(t("models.missing_run", lang), color="warning"), no_update
    if "chosen" not in (meta.get("metrics") or {}):  # a run stored without its evaluation (scores only)
        return dbc.Alert(t("models.no_evaluation", lang, run=meta["run_id"]), color="warning"), no_update
    try:
        body = with_note(run_body(meta, lang), meta, get_warehouse().loaded_at(), lang)
    except Exception:
        log.exception("drawing the model run failed")
        return error_alert(lang), no_update
    return body, "?" + urlencode({"target": meta["kind"].removeprefix("propensity_"), "run": meta["run_id"]})


watch = watch_auto("mod", ("propensity_repurchase", "propensity_response"), SEGMENT_ROLES)


@callback(
    Output("mod-confusion", "children"),
    Output("mod-lift", "figure"),
    Output("mod-importance", "figure"),
    Output("mod-rules", "children"),
    Input("mod-threshold", "value"),
    Input("mod-model", "value"),
    State("mod-shown", "data"),
)
@callback_for(*SEGMENT_ROLES)
def detail(threshold, model, run_id):
    """The chosen model's confusion at the threshold (from the stored curve: no retraining)."""
    lang = current_language()
    meta = run_meta(int(run_id)) if run_id else None
    if meta is None or model not in MODELS:
        return no_update, no_update, no_update, no_update
    return detail_view(meta["metrics"], model, threshold, lang)
