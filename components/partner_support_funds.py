"""The funds tab of /partners/support: budgets, allocations and claims forms, the claims grid with
approve / reject, and the summary per fund and partner with what each fund went with (in words)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components.formatters import column
from components.grids import data_grid
from components.partner_support_view import card, field, named, pick_grid, rows_of
from crm.partners.funds import SUMMARY_COLUMNS, change
from i18n import t
from i18n.format import money, percent


def _date(id_: str) -> dbc.Input:
    return dbc.Input(id=id_, type="date", debounce=True)


def _number(id_: str) -> dbc.Input:
    return dbc.Input(id=id_, type="number", min=0, step="any", debounce=True)


def funds_tab(lang: str, writable: bool) -> html.Div:
    tr = lambda key: t(f"partners.support.funds.{key}", lang)  # noqa: E731
    fl = lambda key: t(f"partners.support.field.{key}", lang)  # noqa: E731
    forms = dbc.Row(
        [
            dbc.Col(card(tr("new_budget"), [
                dbc.Row([
                    field(fl("name"), dbc.Input(id="ps-budget-name", maxLength=128), 12),
                    field(fl("start"), _date("ps-budget-start")),
                    field(fl("end"), _date("ps-budget-end")),
                    field(fl("amount"), _number("ps-budget-amount"), 12),
                ]),
                dbc.Button(tr("create_budget"), id="ps-budget-create", color="primary"),
            ]), lg=4),
            dbc.Col(card(tr("new_allocation"), [
                dbc.Row([
                    field(fl("budget"), dcc.Dropdown(id="ps-alloc-budget", options=[]), 12),
                    field(fl("amount"), _number("ps-alloc-amount"), 12),
                    field(fl("purpose"), dbc.Input(id="ps-alloc-purpose", maxLength=1000), 12),
                ]),
                html.Div(tr("to_picked"), className="small text-muted mb-2"),
                dbc.Button(tr("allocate"), id="ps-alloc-create", color="primary"),
            ]), lg=4),
            dbc.Col(card(tr("new_claim"), [
                dbc.Row([
                    field(fl("allocation"), dcc.Dropdown(id="ps-claim-allocation", options=[]), 12),
                    field(fl("activity"), dbc.Input(id="ps-claim-activity", maxLength=1000), 12),
                    field(fl("activity_date"), _date("ps-claim-date")),
                    field(fl("amount"), _number("ps-claim-amount")),
                ]),
                dbc.Button(tr("submit_claim"), id="ps-claim-submit", color="primary"),
            ]), lg=4),
        ]
    )  # fmt: skip
    decide = html.Div(
        [
            field(fl("reason"), dbc.Input(id="ps-claim-reason", maxLength=1000), 12),
            dbc.Button(tr("approve"), id="ps-claim-approve", color="success", className="me-2"),
            dbc.Button(tr("reject"), id="ps-claim-reject", color="danger"),
        ],
        className="mt-2",
        style=None if writable else {"display": "none"},
    )
    return html.Div(
        [
            dcc.Store(id="ps-funds-changed", data=0),
            html.Div(id="ps-fund-message"),
            card(tr("summary"), dcc.Loading(html.Div(id="ps-fund-summary"), delay_show=300)),
            forms if writable else None,
            card(tr("claims"), [dcc.Loading(html.Div(id="ps-claims"), delay_show=300), decide]),
        ]
    )


def budget_options(budgets: pd.DataFrame, lang: str) -> list[dict]:
    return [
        {
            "label": f"{b.name} ({b.start_date} – {b.end_date}; {t('partners.support.funds.left', lang)} "
            f"{money(b.unallocated, lang)})",
            "value": int(b.budget_id),
        }  # fmt: skip
        for b in budgets.itertuples()
    ]


def allocation_options(allocations: pd.DataFrame, partners: dict[int, str], lang: str) -> list[dict]:
    return [
        {
            "label": f"#{a.allocation_id} {partners.get(int(a.partner_id), a.partner_id)} · {a.budget_name} · "
            f"{money(a.amount, lang)}",
            "value": int(a.allocation_id),
        }  # fmt: skip
        for a in allocations.itertuples()
    ]


def went_with_sentence(row, lang: str) -> str:
    """What one fund went with, said as an association (the fund may not have caused it)."""
    values = {
        "partner": row["partner"], "budget": row["budget_name"], "start": row["start_date"], "end": row["end_date"],
        "revenue": money(row["revenue"], lang), "revenue_before": money(row["revenue_before"], lang),
        "before_start": row["before_start"], "before_end": row["before_end"],
    }  # fmt: skip
    growth = change(row["revenue"], row["revenue_before"])
    said = t("partners.support.funds.sentence_revenue", lang, **values)
    if growth is not None:
        said += " " + t("partners.support.funds.sentence_change", lang, change=percent(growth, lang, signed=True))
    if not pd.isna(row["pipeline"]):
        said += " " + t("partners.support.funds.sentence_pipeline", lang, pipeline=money(row["pipeline"], lang),
                        count=int(row["opportunities"]), pipeline_before=money(row["pipeline_before"], lang),
                        count_before=int(row["opportunities_before"]))  # fmt: skip
    return said + " " + t("partners.support.funds.association", lang)


def summary_view(summary: pd.DataFrame, lang: str) -> html.Div:
    """The money per fund and partner, then one sentence per row on what the fund went with."""
    if summary.empty:
        return html.Div(t("partners.support.funds.none", lang), id="ps-fund-empty", className="text-muted")
    money_columns = ("budget_amount", "allocated", "claimed", "approved", "remaining", "revenue", "revenue_before",
                     "pipeline", "pipeline_before")  # fmt: skip
    label = lambda c: t(f"partners.support.funds.col.{c}", lang)  # noqa: E731
    columns = [
        {"field": "budget_name", "headerName": label("budget_name"), "pinned": "left", "minWidth": 160},
        {"field": "partner", "headerName": label("partner"), "minWidth": 140},
        {"field": "start_date", "headerName": label("start_date")},
        {"field": "end_date", "headerName": label("end_date")},
        *(column(c, label(c), "money", lang) for c in money_columns),
    ]
    shown = [c for c in SUMMARY_COLUMNS if c not in ("budget_id", "partner_id", "before_start", "before_end")]
    sentences = [html.Li(went_with_sentence(row, lang)) for _, row in summary.iterrows()]
    return html.Div(
        [
            data_grid("ps-fund-grid", rows_of(summary, shown), columns, min_width=110),
            html.Ul(sentences, id="ps-fund-sentences", className="small mt-3 mb-0"),
        ]
    )


def claims_view(claims: pd.DataFrame, partners: dict[int, str], lang: str):
    """Every claim in view, newest first; pick one to approve or reject it."""
    if claims.empty:
        return html.Div(t("partners.support.funds.no_claims", lang), id="ps-claims-empty", className="text-muted")
    frame = named(claims, partners, lang)
    shown = ["claim_id", "budget_name", "partner", "activity", "activity_date", "amount", "status_text", "reason",
             "created_by", "decided_by", "decided_at"]  # fmt: skip
    label = lambda c: t(f"partners.support.funds.col.{c}", lang)  # noqa: E731
    columns = [{"field": c, "headerName": label(c)} for c in shown]
    columns[5] = column("amount", label("amount"), "money", lang)
    return pick_grid("ps-claim-grid", rows_of(frame, shown), columns, "claim_id")
