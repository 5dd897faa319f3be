"""How a segment being built looks: its size and value, its biggest members, the saved segments."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components.formatters import grid_value_formatter
from components.segment_origin import origin_markdown
from i18n import format as fmt
from i18n import t

PREVIEW_ROWS = 100


def _kpi(label: str, value: str, sub: str | None = None, kpi: str = "") -> dbc.Col:
    return dbc.Col(
        [
            html.Div(label, className="text-muted small"),
            html.Div(value, className="fs-4 fw-semibold", **({"data-kpi": kpi} if kpi else {})),
            html.Div(sub, className="small text-muted") if sub else None,
        ],
        xs=6,
        className="mb-2",
    )


def count_view(summary, base, members, skipped: int, lang: str) -> tuple:
    """The summary cards and the as-of note, the preview grid's rows and columns, and a note on
    rules left out while still being filled in (``skipped``)."""
    money = lambda v: fmt.money(v, lang) if v is not None else "–"  # noqa: E731
    cards = dbc.Row(
        [
            _kpi(
                t("segments.size", lang),
                fmt.number(summary.customers, lang),
                f"{summary.share:.1%} {t('segments.share', lang)}",
                "customers",
            ),
            _kpi(
                t("segments.value", lang),
                money(summary.revenue),
                f"{summary.revenue_share:.1%} {t('segments.value_share', lang)}",
                "revenue",
            ),
            _kpi(t("segments.avg_revenue", lang), money(summary.avg_revenue)),
            _kpi(
                t("segments.avg_orders", lang),
                f"{summary.avg_orders:,.1f}" if summary.avg_orders is not None else "–",
            ),
        ]
    )
    note = html.Div(t("segments.as_of", lang, date=fmt.date(summary.as_of, lang)), className="small text-muted")
    # the biggest members by revenue, read from the one column first (not a copy of every member's row)
    biggest = base.frame["revenue"].loc[members].nlargest(PREVIEW_ROWS, keep="first").index
    columns_read = ["country", "customer_type", "revenue", "orders", "recency_days"]
    top = base.frame.loc[biggest, columns_read].rename_axis(base.frame.index.name).reset_index()
    columns = [
        {"field": "customer_id", "headerName": t("segments.col.id", lang), "maxWidth": 100},
        {"field": "country", "headerName": t("segfield.country", lang)},
        {"field": "customer_type", "headerName": t("segfield.customer_type", lang), "maxWidth": 110},
        {
            "field": "revenue",
            "headerName": t("segfield.revenue", lang),
            "type": "rightAligned",
            "valueFormatter": grid_value_formatter("amount", lang),
        },
        {"field": "orders", "headerName": t("segfield.orders", lang), "type": "rightAligned", "maxWidth": 100},
    ]
    rows = top.astype(object).where(top.notna(), None).to_dict("records")
    message = None
    if skipped:
        message = html.Div(t("segments.incomplete", lang, n=skipped), className="small text-muted", id="seg-incomplete")
    return [cards, note], rows, columns, message


def saved_rows(segments: list[dict], lang: str) -> tuple[list[dict], list[dict]]:
    """The saved segments' grid: rows and columns."""
    rows = [
        {
            "segment_id": s["segment_id"],
            "name": s["name"],
            "version": s["version"],
            "members": s["members"],
            "saved_at": fmt.date(s["saved_at"].date(), lang) if s.get("saved_at") else "",
            "by": s["created_by"],
            "origin": origin_markdown(s.get("origin"), lang),
        }
        for s in segments
    ]
    columns = [
        {"field": "name", "headerName": t("segments.name", lang), "minWidth": 160},
        {"field": "version", "headerName": t("segments.col.version", lang), "maxWidth": 90},
        {"field": "members", "headerName": t("segments.col.members", lang), "type": "rightAligned", "maxWidth": 110},
        {"field": "saved_at", "headerName": t("segments.col.saved_at", lang), "maxWidth": 130},
        {"field": "by", "headerName": t("segments.col.by", lang), "maxWidth": 110},
        {"field": "origin", "headerName": t("cycle.col.origin", lang), "cellRenderer": "markdown", "minWidth": 180},
    ]
    return rows, columns


def saved_message(saved: dict, name: str, lang: str) -> dbc.Alert:
    """Said after a save: the name, its version and how many customers it holds."""
    customers = fmt.number(saved["customers"], lang)
    return dbc.Alert(
        t("segments.saved", lang, name=name, version=saved["version"], customers=customers),
        color="success",
        className="mb-0",
        id="seg-saved-ok",
    )
