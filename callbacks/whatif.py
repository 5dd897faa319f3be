"""What-if page wiring: the form → a ``WhatIfRequest`` → ``mining.simulate.whatif`` → the view;
the URL keeps the offer."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from dash import Input, Output, State, callback, ctx, no_update

from components.access import SEGMENT_ROLES, callback_for
from components.errors import error_alert
from components.jobs import message
from components.whatif_view import problem, whatif_view
from crm.segments import ALL_CUSTOMERS, member_ids
from data.warehouse import get_warehouse
from i18n import current_language, t
from mining.errors import MiningError
from mining.simulate import Offer, WhatIfRequest, typical_costs, whatif

log = logging.getLogger(__name__)


def form_problem(channel, cpc, *numbers) -> str | None:
    """The translation key of what keeps the form from being simulated, or None."""
    if not channel:
        return "whatif.no_channel"
    if cpc in (None, ""):
        return "whatif.no_cost"
    for value in (cpc, *numbers):
        if value not in (None, "") and not isinstance(value, int | float):
            return "whatif.not_a_number"
    return None


def offer_of(channel, cpc, fixed, discount, margin, aov) -> Offer:
    """The form's offer: no fixed cost or discount when empty, margin and order value from the data."""
    return Offer(
        channel=channel,
        cost_per_contact=float(cpc),
        fixed_cost=float(fixed or 0),
        discount_pct=float(discount or 0),
        margin_pct=None if margin in (None, "") else float(margin),
        expected_order_value=None if aov in (None, "") else float(aov),
    )


def search_of(segment, channel, cpc, fixed, discount, margin, aov, use_scores) -> str:
    """The URL query that reopens the same offer (empty fields left out)."""
    values = {
        "seg": segment or ALL_CUSTOMERS,
        "ch": channel,
        "cpc": cpc,
        "fixed": fixed,
        "disc": discount,
        "margin": margin,
        "aov": aov,
        "scores": "1" if use_scores else "0",
    }
    return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


@callback(
    Output("wi-cpc", "value"),
    Input("wi-channel", "value"),
    State("wi-cpc", "value"),
)
@callback_for(*SEGMENT_ROLES)
def default_cost(channel, current):
    """A new channel brings its typical cost per contact; on arrival, a cost in the link stays."""
    if not channel or (ctx.triggered_id is None and current not in (None, "")):
        return no_update
    costs = typical_costs(get_warehouse().cursor())
    return round(costs[channel], 2) if channel in costs else no_update


@callback(
    Output("wi-result", "children"),
    Output("wi-url", "search"),
    Input("wi-run", "n_clicks"),
    Input("wi-autorun", "data"),
    State("wi-segment", "value"),
    State("wi-channel", "value"),
    State("wi-cpc", "value"),
    State("wi-fixed", "value"),
    State("wi-discount", "value"),
    State("wi-margin", "value"),
    State("wi-aov", "value"),
    State("wi-use-scores", "value"),
)
@callback_for(*SEGMENT_ROLES)
def run(clicks, autorun, segment, channel, cpc, fixed, discount, margin, aov, use_scores):
    """Simulate the form's offer to the segment, beside every other campaign channel."""
    lang = current_language()
    if not clicks and not autorun:
        return no_update, no_update
    bad = form_problem(channel, cpc, fixed, discount, margin, aov)
    if bad:
        return problem(t(bad, lang)), no_update
    cursor = get_warehouse().cursor()
    try:
        ids, name = member_ids(cursor, segment)
    except (KeyError, ValueError, LookupError):
        return problem(t("whatif.no_segment", lang)), no_update
    request = WhatIfRequest(ids, offer_of(channel, cpc, fixed, discount, margin, aov), use_scores=bool(use_scores))
    try:
        answer = whatif(cursor, request)
    except MiningError as exc:
        return problem(message(exc.key, lang, **exc.values)), no_update
    except Exception:
        log.exception("simulation failed")
        return error_alert(lang), no_update
    search = search_of(segment, channel, cpc, fixed, discount, margin, aov, use_scores)
    return whatif_view(answer, name, lang), search
