"""RFM, value tiers and lifetime value (Bi-Mining): score buyers in the background, read the
R×F grid, segments, tiers, movement between dates and the model's holdout check."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import SEGMENT_ROLES, page_for
from components.auto_view import auto_strip
from components.coverage import coverage_for
from components.engine_note import one_machine
from components.page import page_context
from components.studio import choice, controls_card, job_controls, loading, studio_page
from i18n import t

dash.register_page(
    __name__,
    path="/mining/rfm",
    order=10,
    nav=True,
    nav_group="mining",
    roles=SEGMENT_ROLES,
    label_key="nav.rfm",
    title="XRM · RFM",
)


def _day(element_id: str, day, first, last, class_name: str) -> dcc.DatePickerSingle:
    return dcc.DatePickerSingle(
        id=element_id,
        date=day,
        min_date_allowed=first,
        max_date_allowed=last,
        display_format="YYYY-MM-DD",
        className=class_name,
    )


@page_for(*SEGMENT_ROLES)
@coverage_for("rfm")
@one_machine("rfm")
def layout(**_query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    lang, first, last = context.lang, context.catalog.data_start, context.catalog.data_end
    controls = controls_card(
        [
            dbc.Label(t("rfm.as_of", lang), html_for="rfm-as-of"),
            _day("rfm-as-of", last, first, last, "d-block mb-3"),
            *choice("rfm-window", "rfm.window", "rfm.window", ("all", "365", "730"), "all", lang),
            *job_controls("rfm", "rfm.run", lang),
            html.Hr(),
            html.H3(t("rfm.movement", lang), className="h6"),
            dbc.Label(t("rfm.movement.from", lang), html_for="rfm-move-from"),
            _day("rfm-move-from", max(first, last - dt.timedelta(days=180)), first, last, "d-block mb-2"),
            dbc.Label(t("rfm.movement.to", lang), html_for="rfm-move-to"),
            _day("rfm-move-to", last, first, last, "d-block"),
        ]
    )
    movement = dbc.Card(
        [dbc.CardHeader(t("rfm.movement", lang)), dbc.CardBody(loading("rfm-movement"))], className="shadow-sm mb-3"
    )
    result = [*auto_strip("rfm"), loading("rfm-result"), movement]
    return studio_page("rfm", "rfm.title", "rfm.intro", controls, result, lang)
