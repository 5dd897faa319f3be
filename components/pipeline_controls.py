"""The pipeline page's catalog (bounds and filter options, once per warehouse version) and its controls."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import filter_bar as shared_bar
from crm.pipeline import BREAKDOWNS, PipelineCatalog, read_catalog
from crm.pipeline_state import APPLIES, PipelineState
from data.warehouse import get_warehouse
from i18n import t
from olap.catalog import Catalog, versioned


def pipeline_catalog(warehouse=None) -> PipelineCatalog:
    """The current version's pipeline bounds, owners, partners and regions (read once per version)."""
    return versioned(warehouse or get_warehouse(), "pipeline", read_catalog)


def _dropdown(label_key: str, control_id: str, options: list, value, lang: str, **extra) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(t(label_key, lang), html_for=control_id),
            dcc.Dropdown(id=control_id, options=options, value=value, **extra),
        ],
        md=3,
    )


def filter_bar(state: PipelineState, catalog: PipelineCatalog, lang: str, valid: Catalog) -> html.Div:
    """The shared period and filter bar (``components.filter_bar``; the channel group shown as not
    applied: deals have none), with the pipeline's own owner and partner pickers, and the chips."""
    partners = [
        {"label": t("pipeline.direct", lang) if pid == 0 else name, "value": str(pid)}
        for pid, name in catalog.partners.items()
    ]
    owners = [{"label": o, "value": o} for o in catalog.owners]
    partner = None if state.partner is None else str(state.partner)
    every = t("filter.all", lang)
    own = [
        _dropdown("pipeline.filter.owner", "pl-owner", owners, state.owner, lang, placeholder=every),
        _dropdown("pipeline.filter.partner", "pl-partner", partners, partner, lang, placeholder=every),
    ]
    return html.Div(
        [
            shared_bar.filter_bar(
                "pl", state.period.token, state.shared, valid, lang, applies=APPLIES, extra=own, carried=state.carried
            ),
            shared_bar.chips("pl", state.shared, lang, applies=APPLIES),
        ]
    )


def problems_alert(state: PipelineState, lang: str) -> dbc.Alert | None:
    """What the URL asked for that was dropped, one line each; None when nothing was."""
    if not state.problems:
        return None
    lines = [html.Li(problem.message(lang)) for problem in state.problems]
    return dbc.Alert(html.Ul(lines), color="warning", dismissable=True, id="pl-rejected")


def breakdown_header(state: PipelineState, lang: str) -> html.Div:
    """The breakdown card's title with its owner / partner / region / month / quarter choice."""
    return html.Div(
        [
            html.Span(t("pipeline.breakdown", lang), className="me-3"),
            dbc.RadioItems(
                id="pl-by",
                options=[{"label": t(f"pipeline.by.{b}", lang), "value": b} for b in BREAKDOWNS],
                value=state.by,
                inline=True,
                className="d-inline-block",
            ),
        ],
        className="d-flex align-items-center flex-wrap",
    )
