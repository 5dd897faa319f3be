"""The data health page's body: tables, unknown values, what each page can show, last imports."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components.coverage import need_sentence
from components.errors import warehouse_error
from components.formatters import column
from components.grids import data_grid
from data import health
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import format as fmt
from i18n import t

PAGE_PATHS = {
    "home": "/",
    "explore": "/explore",
    "segments": "/segments",
    "rfm": "/mining/rfm",
    "clusters": "/mining/clusters",
    "rules": "/mining/rules",
    "forecast": "/mining/forecast",
    "models": "/mining/models",
    "whatif": "/mining/whatif",
    "campaign_plan": "/campaigns/plan",
    "customers": "/customers",
    "pipeline": "/pipeline",
    "partners": "/partners",
    "campaigns": "/campaigns",
    "campaign_cycle": "/campaigns/cycle",
    "partner_lifecycle": "/partners/lifecycle",
    "partner_scorecard": "/partners/scorecard",
    "partner_support": "/partners/support",
    "admin_import": "/admin/import",
    "admin_users": "/admin/users",
    "admin_mail": "/admin/mail",
}
STATUS_CLASS = {"ok": "text-success", "limited": "text-warning-emphasis", "unavailable": "text-danger"}


def page_label(page: str, lang: str) -> str:
    if page.startswith("analyses."):
        return t("health.page.analyses", lang, name=t(f"analysis.{page.split('.', 1)[1]}.title", lang))
    if page.startswith("admin_"):
        return t(f"health.page.{page}", lang)
    return t(f"nav.{page}", lang)


def page_path(page: str) -> str:
    if page.startswith("analyses."):
        return f"/analyses?a={page.split('.', 1)[1]}"
    return PAGE_PATHS[page]


def _col(field: str, key: str, lang: str, **extra) -> dict:
    return {"field": field, "headerName": t(key, lang), **extra}


def tables_grid(cov: health.Coverage, lang: str):
    rows = []
    for tc in cov.tables:
        state = "loaded" if tc.rows else "empty" if tc.present else "absent"
        rows.append(
            {
                "table": tc.table,
                "name": t(f"health.table.{tc.table}", lang),
                "rows": tc.rows,
                "first": fmt.date(tc.first, lang) if tc.first else "",
                "last": fmt.date(tc.last, lang) if tc.last else "",
                "state": t(f"health.state.{state}", lang),
            }
        )
    columns = [
        _col("name", "health.col.name", lang, pinned="left"),
        _col("table", "health.col.table", lang),
        column("rows", t("health.col.rows", lang), "count", lang),
        _col("first", "health.col.first", lang),
        _col("last", "health.col.last", lang),
        _col("state", "health.col.state", lang),
    ]
    return data_grid("health-tables", rows, columns)


def unknown_grid(cov: health.Coverage, lang: str):
    rows = [
        {
            "field": u.field,
            "label": t(f"health.field.{u.field}", lang),
            "customers": fmt.percent(u.customers, lang) if u.customers is not None else "–",
            "revenue": fmt.percent(u.revenue, lang) if u.revenue is not None else "–",
        }
        for u in cov.unknown
    ]
    columns = [
        _col("label", "health.col.field", lang),
        _col("customers", "health.col.customers_share", lang, type="rightAligned"),
        _col("revenue", "health.col.revenue_share", lang, type="rightAligned"),
    ]
    return data_grid("health-unknown", rows, columns)


def unknown_notes(cov: health.Coverage, lang: str) -> list:
    notes = []
    if cov.revenue and not cov.costed_revenue_share:
        notes.append(
            html.Li(t("health.no_costs", lang, command=health.import_command("products")), id="health-no-costs")
        )
    if cov.guests is None:
        notes.append(html.Li(t("health.no_guests_column", lang), id="health-guests"))
    else:
        share = fmt.percent(cov.guest_revenue_share or 0.0, lang)
        notes.append(
            html.Li(t("health.guests", lang, count=fmt.number(cov.guests, lang), share=share), id="health-guests")
        )
    return notes


def pages_grid(cov: health.Coverage, lang: str):
    rows = []
    for page in health.PAGES:
        status = health.page_status(page, cov)
        rows.append(
            {
                "key": page,
                "page": f"[{page_label(page, lang)}]({page_path(page)})",
                "status": t(f"health.status.{status.status}", lang),
                "status_key": status.status,
                "reason": " ".join(t(f"health.need.{n}", lang) for n in status.missing),
                "import": ", ".join(status.entities),
            }
        )
    style = {"styleConditions": [{"condition": f"params.data.status_key == '{k}'", "style": {"fontWeight": "600"}}
                                 for k in ("limited", "unavailable")]}  # fmt: skip
    columns = [
        _col("page", "health.col.page", lang, cellRenderer="markdown", pinned="left", minWidth=280),
        _col("status", "health.col.status", lang, cellStyle=style, maxWidth=140),
        _col("reason", "health.col.reason", lang, wrapText=True, autoHeight=True, minWidth=240),
        _col("import", "health.col.import", lang, wrapText=True, autoHeight=True, minWidth=200),
    ]
    return data_grid("health-pages", rows, columns, filters=True, getRowId="params.data.key")


def _derived_text(derived: str | None, lang: str) -> str:
    """'customers 80, products 1': what a load had to make up because the file did not carry it."""
    import json

    try:
        counts = json.loads(derived or "{}")
    except ValueError:
        return ""
    if not isinstance(counts, dict):
        return ""
    return ", ".join(f"{name} {fmt.number(n, lang)}" for name, n in counts.items() if isinstance(n, int | float) and n)


def _applied_text(applied: dict | None, lang: str) -> str:
    """Every default a load applied, counted, in the reader's words (the import page's sentences)."""
    return "; ".join(
        t(f"import_page.applied.{key}", lang, n=fmt.number(n, lang), currency=fmt.reporting_currency())
        for key, n in (applied or {}).items()
        if isinstance(n, int | float) and n
    )


def history_grid(runs: list[dict], lang: str):
    if not runs:
        return html.P(t("health.history.none", lang), className="text-muted mb-0", id="health-history-none")
    rows = [
        {
            "when": r["started_at"].strftime("%Y-%m-%d %H:%M") if r.get("started_at") else "",
            "actor": r.get("actor") or "",
            "entity": r.get("entity") or "",
            "source": r.get("source") or "",
            "status": r.get("status") or "",
            "rows_loaded": fmt.number(r.get("rows_loaded") or 0, lang),
            "rows_rejected": fmt.number(r.get("rows_rejected") or 0, lang),
            "message": r.get("message") or "",
            "derived": _derived_text(r.get("derived"), lang),
            "applied": _applied_text(r.get("applied"), lang),
        }
        for r in runs
    ]
    columns = [
        _col("when", "health.col.when", lang, maxWidth=170),
        _col("entity", "health.col.entity", lang, maxWidth=170),
        _col("source", "health.col.source", lang),
        _col("status", "health.col.status", lang, maxWidth=120),
        _col("rows_loaded", "health.col.rows_loaded", lang, type="rightAligned", maxWidth=130),
        _col("rows_rejected", "health.col.rows_rejected", lang, type="rightAligned", maxWidth=130),
        _col("message", "health.col.message", lang, wrapText=True, autoHeight=True, minWidth=320),
        _col("derived", "health.col.derived", lang, wrapText=True, autoHeight=True),
        _col("applied", "health.col.applied", lang, wrapText=True, autoHeight=True, minWidth=240),
        _col("actor", "health.col.actor", lang, maxWidth=120),
    ]
    return data_grid("health-history", rows, columns, filters=True)


def _card(title_key: str, body, lang: str, card_id: str) -> dbc.Card:
    return dbc.Card(
        [dbc.CardHeader(html.Strong(t(title_key, lang))), dbc.CardBody(body)], className="mb-3 shadow-sm", id=card_id
    )


def health_view(cov: health.Coverage, meta: dict, version: str, runs: list[dict], lang: str) -> html.Div:
    """Every block of the data health page, from the coverage, the meta table and the import history."""
    missing = [n for n in health.NEEDS if not cov.has(n)]
    return html.Div(
        [
            html.Div(
                [
                    html.H2(t("health.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("health.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-1",
            ),
            html.P(
                t(
                    "health.source",
                    lang,
                    version=version,
                    source=meta.get("source", "–"),
                    currency=meta.get("currency", "–"),
                ),
                className="small text-muted",
                id="health-source",
            ),  # fmt: skip
            _card("health.tables.title", tables_grid(cov, lang), lang, "health-tables-card"),
            _card(
                "health.unknown.title",
                [unknown_grid(cov, lang), html.Ul(unknown_notes(cov, lang), className="small mt-2 mb-0")],
                lang,
                "health-unknown-card",
            ),
            _card(
                "health.pages.title",
                [
                    html.Ul([html.Li(need_sentence(n, lang)) for n in missing], className="small", id="health-missing")
                    if missing
                    else None,
                    pages_grid(cov, lang),
                ],
                lang,
                "health-pages-card",
            ),
            _card("health.history.title", history_grid(runs, lang), lang, "health-history-card"),
        ],
        id="health-page",
    )


def data_health_body(lang: str, history_limit: int = 20):
    """The page for the current warehouse version (its coverage is cached per version)."""
    from data.importer.core import history  # the importer's history of loads (operational store)

    try:
        warehouse = get_warehouse()
        cov = health.coverage(warehouse)
        return health_view(cov, warehouse.meta(), warehouse.version(), history(limit=history_limit), lang)
    except WarehouseUnavailable as exc:
        return warehouse_error(exc, lang)
