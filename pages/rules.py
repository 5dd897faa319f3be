"""Basket rules and next best product (Bi-Mining): what sells together, and what each
customer is likely to want next."""

from __future__ import annotations

import dash

from components.access import SEGMENT_ROLES, page_for
from components.auto_view import auto_strip
from components.coverage import coverage_for
from components.engine_note import one_machine
from components.page import page_context
from components.rules_view import rules_controls
from components.studio import card, loading, studio_page
from i18n import t

dash.register_page(
    __name__,
    path="/mining/rules",
    order=12,
    nav=True,
    nav_group="mining",
    roles=SEGMENT_ROLES,
    label_key="nav.rules",
    title="XRM · Basket rules",
)


@page_for(*SEGMENT_ROLES)
@coverage_for("rules")
@one_machine("rules")
def layout(**_query):
    context = page_context()
    if context.catalog is None:
        return context.error_view()
    lang = context.lang
    result = [loading("rules-result"), card(t("mining.nbp.title", lang), [*auto_strip("nbp"), loading("nbp-result")])]
    return studio_page("nbp", "mining.rules.title", "rules.intro", rules_controls(context.catalog, lang), result, lang)
