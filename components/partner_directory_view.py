"""The partners page: its layout (period, search box, filter dropdowns, the directory grid, the
profile's place) and the directory's rows and columns in the reader's language."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components.formatters import column
from components.grids import data_grid
from crm.partners.state import PartnersState
from i18n import format as fmt
from i18n import t
from olap import labels
from olap.labels import token_label
from olap.period import period_tokens

# (dropdown id suffix, directory column, DirectoryFilter field, label key)
FILTERS = (
    ("type", "partner_type", "types", "partners.filter.type"),
    ("country", "country", "countries", "partners.filter.country"),
    ("region", "region", "regions", "partners.filter.region"),
    ("tier", "tier", "tiers", "partners.filter.tier"),
    ("stage", "stage", "stages", "partners.filter.stage"),
    ("manager", "managers", "managers", "partners.filter.manager"),
)
_TEXT = (("name", "partners.col.name", 200), ("partner_type", "partners.col.type", 120),
         ("country", "partners.col.country", 120), ("region", "partners.col.region", 110))  # fmt: skip
_OPTIONAL = (("tier", "partners.col.tier"), ("stage", "partners.col.stage"), ("managers", "partners.col.managers"))


def layout(query: dict, catalog, lang: str) -> html.Div:
    """The whole page for the URL's state; the callbacks fill the grid and the profile."""
    state = PartnersState.from_query(query, catalog)
    problems = [dbc.Alert(p.message(lang), color="warning", className="py-2") for p in state.problems]
    return html.Div(
        [
            dcc.Store(id="pt-state", data=state.to_query()),
            html.Div(
                [
                    html.H2(t("partners.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("partners.intro", lang), className="text-muted small me-3"),
                    dcc.Dropdown(
                        id="pt-period",
                        options=[
                            {"label": token_label(tok, lang), "value": tok}
                            for tok in period_tokens(catalog.data_start, catalog.data_end)
                        ],
                        value=state.period.token,
                        clearable=False,
                        style={"minWidth": "140px"},
                    ),  # fmt: skip
                    html.Span(
                        fmt.day_range(state.period.first_day, state.period.last_day, lang),
                        className="text-muted small ms-2",
                        id="pt-period-days",
                    ),
                ],
                className="d-flex align-items-center flex-wrap mb-2",
            ),
            *problems,
            html.Div(
                directory_section(state, lang), id="pt-directory", style={"display": "none"} if state.partner else {}
            ),  # fmt: skip
            dcc.Loading(html.Div(id="pt-profile"), delay_show=150),
        ],
        className="p-3",
    )


def directory_section(state: PartnersState, lang: str) -> list:
    flt = state.filter
    dropdowns = [
        dbc.Col(
            dcc.Dropdown(
                id=f"pt-f-{key}",
                multi=True,
                value=list(getattr(flt, field)),
                placeholder=t(label, lang),
            ),
            id=f"pt-f-{key}-box",
            md=2,
        )
        for key, _, field, label in FILTERS
    ]
    return [
        dbc.Row(
            [
                dbc.Col(
                    dbc.Input(
                        id="pt-q",
                        value=flt.text,
                        type="search",
                        debounce=True,
                        autoComplete="off",
                        placeholder=t("partners.search.placeholder", lang),
                    ),
                    md=12,
                    className="mb-2",
                ),
                *dropdowns,
            ],
            className="g-2 mb-2",
        ),
        html.Div(id="pt-count", className="small text-muted mb-1"),
        html.Div(id="pt-message"),
        data_grid(
            "pt-grid",
            [],
            [],
            min_width=90,
            filters=True,
            getRowId="params.data.partner_id",
        ),  # fmt: skip
        html.P(t("partners.directory.help", lang), className="small text-muted mt-1"),
    ]


def directory_columns(frame: pd.DataFrame, lang: str) -> list[dict]:
    cols = [{"field": "partner_id", "headerName": t("partners.col.id", lang), "maxWidth": 90, "pinned": "left"}]
    cols += [{"field": f, "headerName": t(k, lang), "minWidth": w} for f, k, w in _TEXT]
    cols[1] |= {"pinned": "left"}
    cols.append({"field": "onboarded", "headerName": t("partners.col.onboarded", lang), "minWidth": 110})
    cols += [
        column("revenue", t("partners.col.revenue", lang), "money", lang),
        column("active_customers", t("partners.col.active_customers", lang), "count", lang),
        column("customers_served", t("partners.col.customers_served", lang), "count", lang),
    ]
    cols.append({"field": "last_sale", "headerName": t("partners.col.last_sale", lang), "minWidth": 110})
    cols += [{"field": f, "headerName": t(k, lang), "minWidth": 110} for f, k in _OPTIONAL if f in frame]
    return cols


def _day(value) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


LABELS = {"tier": "partners.scorecard.tier.{}", "stage": "partners.stage.{}", "region": None}  # column -> label key


def value_label(col: str, value, lang: str) -> str:
    """A tier, stage or world region in the reader's language (other values as they are)."""
    if col == "region" and isinstance(value, str):
        return labels.region_label(value, lang)
    key = LABELS.get(col)
    return t(key.format(value), lang, default=str(value)) if key and isinstance(value, str) else value


def directory_rows(frame: pd.DataFrame, lang: str = "en") -> list[dict]:
    """The grid's rows: raw numbers (sorted as numbers), dates as ISO days, no date → empty cell,
    tiers, stages and regions in the reader's language."""
    out = frame.copy()
    for col in LABELS:
        if col in out:
            out[col] = out[col].map(lambda v, c=col: value_label(c, v, lang))
    out["onboarded"] = out["onboarded"].map(_day)
    out["last_sale"] = out["last_sale"].map(_day)
    out["partner_id"] = out["partner_id"].astype(int).astype(str)
    return out.astype(object).where(out.notna(), None).to_dict("records")


def dropdown_options(options: dict[str, list[str]], lang: str = "en") -> list:
    """Each dropdown's options, and its box hidden when the directory has no such column."""
    out = []
    for _key, col, _, _ in FILTERS:
        present = col in options
        out.append([{"label": value_label(col, v, lang), "value": v} for v in options.get(col, [])])
        out.append({} if present else {"display": "none"})
    return out


def count_text(shown: int, total: int, lang: str) -> str:
    return t("partners.count", lang, shown=fmt.number(shown, lang), total=fmt.number(total, lang))
