"""Clusters page wiring: the run as a background job with progress and cancel, then its
profiles, map, rules, and saving a cluster as a segment."""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, no_update
from flask_login import current_user

from components.access import SEGMENT_ROLES, background_for, callback_for, user_from_token
from components.auto_view import watch_auto, with_note
from components.clusters_view import no_run, run_view
from components.errors import error_alert
from components.jobs import progress_reporter, publish_note
from components.segment_editor import refusal
from components.studio import refused, show_run, warning
from crm import segments as seg
from crm.segments import SegmentError
from data.warehouse import get_warehouse
from i18n import current_language, t
from i18n import format as fmt
from jobs.publish import publish_after_run
from mining.errors import MiningError
from mining.runs import latest_run, load_run, shown_run
from olap.catalog import catalog

log = logging.getLogger(__name__)


@callback(
    Output("clu-run-id", "data"),
    Output("clu-run-message", "children"),
    Input("clu-run", "n_clicks"),
    State("clu-sets", "value"),
    State("clu-scaling", "value"),
    State("clu-method", "value"),
    State("clu-k", "value"),
    State("clu-user", "data"),
    State("clu-lang", "data"),
    background=True,
    running=[
        (Output("clu-run", "disabled"), True, False),
        (Output("clu-cancel", "disabled"), False, True),
    ],
    progress=[Output("clu-progress", "value"), Output("clu-progress", "label")],
    cancel=[Input("clu-cancel", "n_clicks")],
    prevent_initial_call=True,
)
@background_for(*SEGMENT_ROLES)
def run(set_progress, _clicks, sets, scaling, method, k, token, lang):
    """Cluster every customer in a worker process (roles were checked on the request)."""
    from mining.clustering import score_clusters

    lang = lang if lang in ("en", "ko") else "en"

    def refuse(text: str):
        return no_update, warning(text)

    try:
        user = user_from_token(token)
    except ValueError:
        return refuse(t("access.denied.body", lang))
    if not sets:
        return refuse(t("clusters.no_features", lang))
    if k not in (None, ""):
        if not isinstance(k, int | float) or int(k) != k or not 2 <= int(k) <= 30:
            return refuse(t("clusters.bad_k", lang))
        k = int(k)
    else:
        k = None
    params = {"feature_sets": list(sets), "scaling": scaling, "method": method, "k": k, "random_state": 0}

    progress = progress_reporter(set_progress, lang)

    try:
        warehouse = get_warehouse()
        as_of = catalog(warehouse).data_end
        run_id = score_clusters(warehouse.cursor(), as_of, params, user, progress=progress)
    except MiningError as exc:
        return no_update, refused(exc, lang)
    except Exception:
        log.exception("clustering failed")
        return no_update, error_alert(lang)
    return run_id, publish_note(publish_after_run(user), lang, "cluster.cluster")


def render_run(run_id: int | None, lang: str):
    """The stored clustering run ``run_id`` (or the latest) of the current warehouse."""
    meta = shown_run("cluster", run_id)  # a run of the current warehouse only
    if meta is None:
        return no_run(lang)
    meta, scores = load_run(meta["run_id"])
    view = run_view(meta, scores, latest_run("cluster"), lang)
    return with_note(view, meta, get_warehouse().loaded_at(), lang)


show = show_run("clu", render_run, SEGMENT_ROLES, what="a clustering run")
watch = watch_auto("clu", ("cluster",), SEGMENT_ROLES)


@callback(
    Output("clu-save-message", "children"),
    Input("clu-save", "n_clicks"),
    State("clu-save-cluster", "value"),
    State("clu-save-name", "value"),
    State("clu-shown-run", "data"),
    prevent_initial_call=True,
)
@callback_for(*SEGMENT_ROLES)
def save_cluster(_clicks, cluster, name, run_id):
    lang = current_language()
    latest = latest_run("cluster")
    if latest is None or latest["run_id"] != run_id:
        return warning(t("clusters.not_latest", lang))
    if cluster is None:
        return warning(t("segment.no_values", lang, field=t("clusters.save_cluster", lang)))
    _, scores = load_run(run_id)
    values = scores.loc[scores["cluster"] == int(cluster), "cluster_name"].dropna().unique().tolist()
    definition = {"op": "and", "rules": [{"field": "cluster", "cmp": "in", "value": values}]}
    try:
        saved = seg.save_segment(name or "", definition, current_user.username, f"cluster run #{run_id}")
    except SegmentError as exc:
        return warning(refusal(exc, lang))
    return dbc.Alert(
        t("clusters.saved", lang, name=(name or "").strip(), customers=fmt.number(saved["customers"], lang)),
        color="success",
        className="mb-0",
        id="clu-saved-ok",
    )
