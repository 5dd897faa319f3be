"""How a segment being built looks: its size and value, its biggest members, the saved segments."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.formatters import column
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


def count_view(summary, top, skipped: int, lang: str, stand_in: bool = False) -> tuple:
    """The summary cards and the as-of note, the preview grid's rows and columns (``top``: the biggest
    members, ``crm.segment_members.preview``; a row opens the profile), and a note on rules left out while
    still being filled in (``skipped``). ``stand_in``: counted from the table of another version of the
    warehouse while the current one's is prepared (``crm.segments.segment_base``), said beside the as-of note."""
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
    if stand_in:
        note = html.Div(
            [note, html.Div(t("segments.stand_in", lang), className="small text-warning-emphasis", id="seg-stand-in")]
        )
    columns = [
        {"field": "customer_id", "headerName": t("segments.col.id", lang), "maxWidth": 100},
        {"field": "name", "headerName": t("segments.export.col.name", lang), "minWidth": 140},
        {"field": "country", "headerName": t("segfield.country", lang)},
        {"field": "customer_type", "headerName": t("segfield.customer_type", lang), "maxWidth": 110},
        column("revenue", t("segfield.revenue", lang), "money", lang),
        {"field": "orders", "headerName": t("segfield.orders", lang), "type": "rightAligned", "maxWidth": 100},
        {"field": "last_order", "headerName": t("segments.export.col.last_order", lang), "maxWidth": 130},
    ]
    rows = top.astype(object).where(top.notna(), None).to_dict("records")
    for row in rows:
        row["last_order"] = fmt.date(row["last_order"], lang) if row["last_order"] else ""
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


def next_steps(loaded: dict | None, lang: str) -> list | None:
    """What to do with a saved segment (the one being edited): simulate an offer on it, plan a
    campaign to it, download its members, or archive it (with a confirmation naming it)."""
    if not loaded or not loaded.get("segment_id"):
        return None
    segment_id, name = int(loaded["segment_id"]), loaded.get("name") or ""
    link = {"className": "btn btn-outline-primary btn-sm me-2 mb-1"}
    downloads = [
        html.A(t(f"segments.next.download_{f}", lang), href=f"/export/segments/{segment_id}.{f}?lang={lang}",
               id=f"seg-download-{f}", className="btn btn-outline-secondary btn-sm me-2 mb-1")
        for f in ("csv", "xlsx")
    ]  # fmt: skip
    return [
        html.Div(t("segments.next.title", lang, name=name), className="small fw-semibold mb-1"),
        html.A(t("segments.next.whatif", lang), href=f"/mining/whatif?seg={segment_id}", id="seg-next-whatif", **link),
        html.A(t("segments.next.plan", lang), href=f"/campaigns/plan?segment={segment_id}", id="seg-next-plan", **link),
        *downloads,
        dcc.ConfirmDialogProvider(
            dbc.Button(t("segments.next.archive", lang), color="link", size="sm", className="text-danger mb-1"),
            id="seg-archive",
            message=t("segments.next.archive_confirm", lang, name=name),
        ),
    ]


def archived_message(name: str, lang: str) -> dbc.Alert:
    return dbc.Alert(t("segments.archived", lang, name=name), color="info", className="mb-0", id="seg-archived-ok")
