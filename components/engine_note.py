"""Pages whose work stays on this machine's DuckDB when the cube runs on another engine (issue 14).

With ``XRM_ENGINE=spark`` Explore, the dashboard, the analyses and the exports read through Spark;
the mining pages, Customer 360 and the segment builder do per-customer work that needs every
customer's rows in one process (models fitted in memory, scores written back as a new warehouse
version), so they keep reading the warehouse's DuckDB copy. ``one_machine(page)`` says so above such a
page — which engine did not answer it, and why — only when another engine answers the cube.
``docs/scale-out.md`` lists the same pages and reasons.
"""

from __future__ import annotations

import functools

from dash import html

from i18n import current_language, t
from olap.engines import engine_name

# page → why its work needs one machine (the key of its reason: engine.local.why.<page>)
PAGES = ("rfm", "clusters", "rules", "models", "whatif", "customers", "segments")


def note(page: str, lang: str) -> html.Div | None:
    """The page's note, or None when DuckDB answers the cube too (nothing to tell)."""
    engine = engine_name()
    if engine == "duckdb":
        return None
    return html.Div(
        [t("engine.local.note", lang, engine=engine.capitalize()), " ", t(f"engine.local.why.{page}", lang)],
        className="alert alert-secondary small py-2 mb-3",
        id="engine-local-note",
    )


def one_machine(page: str):
    """Decorate a page's ``layout(**query)``: the note above it when another engine answers the cube."""
    if page not in PAGES:
        raise ValueError(f"no reason written for {page!r}")

    def decorate(layout):
        @functools.wraps(layout)
        def with_note(**query):
            content = layout(**query)
            shown = note(page, current_language())
            if shown is None:
                return content
            if isinstance(content, html.Div) and isinstance(content.children, list):
                content.children = [shown, *content.children]
                return content
            return html.Div([shown, content])

        with_note.one_machine = page
        return with_note

    return decorate
