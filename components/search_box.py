"""The top bar's search box and its results, grouped by kind; links a keyboard can reach
(assets/search.js: ↓/↑ move through the results, Enter opens, Esc closes)."""

from __future__ import annotations

import dash
from dash import dcc, html

from components.access import ALL_ROLES, PARTNER_ROLES, SEGMENT_ROLES
from crm.search import SearchResults
from i18n import t

# which kinds of result a role may open (the roles of the page each kind opens)
KIND_ROLES = {
    "customers": ALL_ROLES,
    "products": ALL_ROLES,
    "partners": PARTNER_ROLES,
    "views": ALL_ROLES,
    "segments": SEGMENT_ROLES,
    "pages": ALL_ROLES,
}


def kinds_for(role: str) -> tuple[str, ...]:
    return tuple(kind for kind, roles in KIND_ROLES.items() if role in roles)


def page_titles(role: str | None, lang: str) -> list[tuple[str, str]]:
    """(title in ``lang``, path) of every page ``role`` may open (every page for None)."""
    out = []
    for page in dash.page_registry.values():
        key, roles = page.get("label_key"), page.get("roles") or ()
        if key and roles and (role is None or role in roles) and "<" not in page["path"]:
            out.append((t(key, lang), page["path"]))
    return sorted(out, key=lambda p: p[1])


def search_box(lang: str) -> html.Div:
    return html.Div(
        [
            html.Label(t("search.label", lang), htmlFor="gs-q", className="visually-hidden"),
            dcc.Input(
                id="gs-q",
                type="search",
                placeholder=t("search.placeholder", lang),
                debounce=0.25,
                autoComplete="off",
                className="form-control form-control-sm",
            ),
            html.Div(id="gs-results", className="gs-results shadow", role="listbox", hidden=True),
        ],
        className="gs me-3",
        id="gs",
    )


def _hit(hit, lang: str, index: int) -> html.A:
    detail = t("search.members", lang, count=hit.detail) if hit.kind == "segments" else hit.detail
    return html.A(
        [html.Span(hit.label, className="gs-label"), html.Span(detail, className="gs-detail small text-muted ms-2")],
        href=hit.href,
        className="gs-hit d-block",
        id=f"gs-hit-{hit.kind}-{index}",
        role="option",
    )


def results_view(results: SearchResults, lang: str) -> tuple[list, bool]:
    """The results' children and whether the panel is hidden."""
    if not results.text:
        return [], True
    if results.too_short:
        return [html.Div(t("search.too_short", lang), className="gs-note")], False
    if not results.count:
        return [html.Div(t("search.nothing", lang, text=results.text), className="gs-note", id="gs-nothing")], False
    children = []
    for kind, hits in results.groups:
        children.append(
            html.Div(
                [html.Div(t(f"search.kind.{kind}", lang), className="gs-kind")]
                + [_hit(hit, lang, i) for i, hit in enumerate(hits)],
                className="gs-group",
                id=f"gs-group-{kind}",
            )
        )
    children.append(html.Div(t("search.keys", lang), className="gs-note gs-keys"))
    # which text these results answer: Enter opens the first only when it is the text in the box
    return [html.Div(children, className="gs-answer", **{"data-for": results.text})], False


def unavailable(lang: str) -> tuple[list, bool]:
    return [html.Div(t("search.unavailable", lang), className="gs-note")], False
