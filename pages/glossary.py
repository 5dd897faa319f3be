"""Glossary: the terms the analyses use (MASE, uplift, incremental ROI, AUC…), in the reader's
language; ``/glossary#term-<term>`` opens at one of them (the (ⓘ) beside a term links here)."""

from __future__ import annotations

import dash

from components.access import ALL_ROLES, page_for
from components.glossary import glossary_page
from components.search_box import page_titles
from i18n import current_language

dash.register_page(
    __name__, path="/glossary", nav=False, roles=ALL_ROLES, label_key="nav.glossary", title="XRM · Glossary"
)


@page_for(*ALL_ROLES)
def layout(**_query):
    lang = current_language()
    return glossary_page(lang, dict((path, title) for title, path in page_titles(None, lang)))
