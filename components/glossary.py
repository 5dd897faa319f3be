"""The glossary: its terms, the page that defines them, and the (ⓘ) placed beside a term on a page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from i18n import t

# each term: its translation keys glossary.<term>.name / .def, and the pages that use it
TERMS = {
    "uplift": ("/campaigns",),
    "incremental_roi": ("/campaigns", "/mining/whatif"),
    "roas": ("/campaigns",),
    "holdout": ("/campaigns", "/campaigns/plan", "/mining/rfm"),
    "confidence_interval": ("/campaigns",),
    "mde": ("/campaigns", "/campaigns/plan"),
    "mase": ("/mining/forecast",),
    "p10_p90": ("/mining/forecast", "/mining/whatif", "/pipeline"),
    "backtest": ("/mining/forecast", "/mining/rules", "/pipeline"),
    "auc": ("/mining/models",),
    "lift": ("/mining/models",),
    "hit_rate": ("/mining/rules",),
    "rfm": ("/mining/rfm",),
    "clv": ("/mining/rfm", "/customers"),
    "p_alive": ("/mining/rfm", "/customers"),
}
PATH = "/glossary"


def anchor(term: str) -> str:
    return f"term-{term}"


def href(term: str) -> str:
    return f"{PATH}#{anchor(term)}"


def info(term: str, lang: str, where: str = "") -> html.Span:
    """A (ⓘ) beside ``term`` that opens its definition, with a link to the glossary entry.

    ``where`` makes the id unique when a page shows the same term twice."""
    if term not in TERMS:
        raise KeyError(term)
    button_id = f"gloss-{term}{'-' + where if where else ''}"
    name = t(f"glossary.{term}.name", lang)
    return html.Span(
        [
            html.Button("ⓘ", id=button_id, type="button", className="btn btn-link btn-sm p-0 ms-1 gloss-info",
                        title=t("glossary.define", lang, term=name),
                        **{"aria-label": t("glossary.define", lang, term=name)}),
            dbc.Popover(
                [
                    dbc.PopoverHeader(name),
                    dbc.PopoverBody([
                        html.Div(t(f"glossary.{term}.def", lang)),
                        html.A(t("glossary.more", lang), href=href(term), className="small d-inline-block mt-1",
                               id=f"{button_id}-link"),
                    ]),
                ],
                target=button_id,
                trigger="legacy",
                placement="bottom",
            ),
        ],
        className="gloss",
    )  # fmt: skip


def entry(term: str, lang: str, page_names: dict[str, str]) -> html.Div:
    pages = [page_names[p] for p in TERMS[term] if p in page_names]
    return html.Div(
        [
            html.H5(
                [
                    html.A("#", href=href(term), className="text-muted me-2 text-decoration-none", tabIndex=-1),
                    t(f"glossary.{term}.name", lang),
                ],
                className="mb-1",
            ),  # fmt: skip
            html.P(t(f"glossary.{term}.def", lang), className="mb-1"),
            html.Div(t("glossary.where", lang, pages=", ".join(pages)), className="small text-muted")
            if pages
            else None,
        ],
        id=anchor(term),
        className="gloss-entry py-2 border-bottom",
    )


def glossary_page(lang: str, page_names: dict[str, str]) -> html.Div:
    """Every term, sorted by its name in the reader's language; ``page_names``: path -> page title."""
    terms = sorted(TERMS, key=lambda k: t(f"glossary.{k}.name", lang).lower())
    return html.Div(
        [
            html.H2(t("glossary.title", lang), id="glossary-title"),
            html.P(t("glossary.intro", lang), className="text-muted"),
            html.Div([entry(term, lang, page_names) for term in terms], id="glossary-terms"),
        ],
        style={"maxWidth": "860px"},
    )
