"""Propensity models (Bi-Mining): who will buy again, who will respond to a campaign. Train,
validate, test and score every customer in the background; read how good the model is
(AUC, gains, lift, a confusion matrix at any threshold), what drives it and its rules."""

from __future__ import annotations

import dash
from dash import dcc

from components.access import SEGMENT_ROLES, page_for
from components.auto_view import auto_strip
from components.coverage import coverage_for, data_has
from components.engine_note import one_machine
from components.models_view import TARGETS, models_controls
from components.page import page_context
from components.studio import loading, studio_page

dash.register_page(
    __name__,
    path="/mining/models",
    order=14,
    nav=True,
    nav_group="mining",
    roles=SEGMENT_ROLES,
    label_key="nav.models",
    title="XRM · Models",
)


@page_for(*SEGMENT_ROLES)
@coverage_for("models")
@one_machine("models")
def layout(target: str | None = None, run: str | None = None, **_query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    lang = context.lang
    target = target if target in TARGETS else TARGETS[0]
    controls = models_controls(target, context.catalog, data_has("campaigns"), lang)
    run_id = int(run) if str(run or "").isdigit() else None
    stores = [dcc.Location(id="mod-url", refresh=False)]
    return studio_page(
        "mod",
        "models.title",
        "models.intro",
        controls,
        [*auto_strip("mod"), loading("mod-result")],
        lang,
        run=run_id,
        stores=stores,
    )
