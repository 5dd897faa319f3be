"""Basket rules page wiring: mine rules on demand, and compute next-best-product
recommendations (``mining.recommend``, backtested against popularity) as a background job (drawn by ``components.rules_view``)."""

from __future__ import annotations

import logging

from dash import Input, Output, State, callback, no_update

from components.access import SEGMENT_ROLES, background_for, callback_for, user_from_token
from components.auto_view import watch_auto, with_note
from components.errors import error_alert
from components.jobs import progress_reporter
from components.rules_view import nbp_none, nbp_view, rules_view
from components.studio import refused, show_run, warning
from data.warehouse import get_warehouse
from i18n import current_language, t
from mining.errors import MiningError
from mining.rules import RuleSpec, mine_rules
from mining.runs import load_run, shown_run
from olap.catalog import catalog
from olap.period import PeriodError, parse_period

log = logging.getLogger(__name__)


def _threshold(value) -> float:
    return float(value) if value not in (None, "") else -1.0


def rule_spec(level, basket, period, support, confidence, lift) -> RuleSpec:
    """The controls as a ``RuleSpec``: the period token's exact days (L12M ends on the data's last day)."""
    valid = catalog(get_warehouse())
    days = parse_period(period, valid.data_start, valid.data_end)
    return RuleSpec(
        level=level,
        basket=basket,
        start=days.first_day,
        end=days.last_day,
        min_support=_threshold(support),
        min_confidence=_threshold(confidence),
        min_lift=_threshold(lift),
        max_rules=500,
    )


@callback(
    Output("rules-result", "children"),
    Input("rules-mine", "n_clicks"),
    State("rules-level", "value"),
    State("rules-basket", "value"),
    State("rules-period", "value"),
    State("rules-support", "value"),
    State("rules-confidence", "value"),
    State("rules-lift", "value"),
)
@callback_for(*SEGMENT_ROLES)
def mine(_clicks, level, basket, period, support, confidence, lift):
    lang = current_language()
    try:
        result = mine_rules(get_warehouse().cursor(), rule_spec(level, basket, period, support, confidence, lift))
    except PeriodError:
        return warning(t("filter.period", lang) + ": " + str(period))
    except MiningError as exc:
        return refused(exc, lang)
    except Exception:
        log.exception("rule mining failed")
        return error_alert(lang)
    return rules_view(result, lang)


@callback(
    Output("nbp-run-id", "data"),
    Output("nbp-message", "children"),
    Input("nbp-run", "n_clicks"),
    State("nbp-user", "data"),
    State("nbp-lang", "data"),
    background=True,
    running=[(Output("nbp-run", "disabled"), True, False), (Output("nbp-cancel", "disabled"), False, True)],
    progress=[Output("nbp-progress", "value"), Output("nbp-progress", "label")],
    cancel=[Input("nbp-cancel", "n_clicks")],
    prevent_initial_call=True,
)
@background_for(*SEGMENT_ROLES)
def recommend_all(set_progress, _clicks, token, lang):
    """Backtest the methods and recommend products to every customer with the winner, in a
    worker process (roles were checked on the request)."""
    from mining.recommend.run import score_recommendations

    lang = lang if lang in ("en", "ko") else "en"
    try:
        user = user_from_token(token)
    except ValueError:
        return no_update, warning(t("access.denied.body", lang))
    try:
        warehouse = get_warehouse()
        as_of = catalog(warehouse).data_end
        run_id = score_recommendations(
            warehouse.cursor(), as_of, {"k": 3}, user, progress=progress_reporter(set_progress, lang)
        )
    except MiningError as exc:
        return no_update, refused(exc, lang)
    except Exception:
        log.exception("recommendations failed")
        return no_update, error_alert(lang)
    set_progress((100, ""))
    return run_id, None


def render_nbp(run_id, lang: str):
    """The stored recommendation run ``run_id`` (or the latest) of the current warehouse."""
    meta = shown_run("nbp", run_id)  # a run of the current warehouse only
    if meta is None:
        return nbp_none(lang)
    meta, recs = load_run(meta["run_id"])
    return with_note(nbp_view(meta, recs, lang), meta, get_warehouse().loaded_at(), lang)


show_nbp = show_run("nbp", render_nbp, SEGMENT_ROLES, what="recommendations")
watch_nbp = watch_auto("nbp", ("nbp",), SEGMENT_ROLES)
