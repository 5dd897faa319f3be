"""Campaign what-if (Bi-Mining): for a saved segment and an offer, the expected buyers,
revenue, cost, profit and ROI with their range, before any money is spent. The URL keeps
the offer (``?seg=3&ch=Email&cpc=0.2&fixed=500&disc=10``), so a plan can be shared."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import SEGMENT_ROLES, page_for
from components.coverage import coverage_for
from components.engine_note import one_machine
from components.page import page_context
from crm.segments import ALL_CUSTOMERS as ALL
from crm.segments import list_segments
from i18n import format as fmt
from i18n import t

dash.register_page(
    __name__,
    path="/mining/whatif",
    order=15,
    nav=True,
    nav_group="mining",
    roles=SEGMENT_ROLES,
    label_key="nav.whatif",
    title="XRM · What-if",
)


def _number(query: dict, key: str, default):
    try:
        value = float(str(query.get(key)))
    except (TypeError, ValueError):
        return default
    return value if value == value else default


def _field(label: str, control, help_text: str | None = None) -> html.Div:
    parts = [dbc.Label(label, html_for=control.id), control]
    if help_text:
        parts.append(dbc.FormText(help_text))
    return html.Div(parts, className="mb-3")


@page_for(*SEGMENT_ROLES)
@coverage_for("whatif")
@one_machine("whatif")
def layout(**query):
    context = page_context()
    lang, catalog = context.lang, context.catalog
    if catalog is None:
        return context.error_view()
    channels, margin = list(catalog.campaign_channels), catalog.margin
    segments = list_segments()
    segment_options = [{"label": t("whatif.segment.all", lang), "value": ALL}] + [
        {"label": f"{s['name']} · v{s['version']} · {fmt.number(s['members'], lang)}", "value": str(s["segment_id"])}
        for s in segments
    ]
    chosen = str(query.get("seg") or ALL)
    if chosen not in {o["value"] for o in segment_options}:
        chosen = ALL
    channel = query.get("ch") if query.get("ch") in channels else (channels[0] if channels else None)
    controls = dbc.Card(
        dbc.CardBody(
            [
                _field(
                    t("whatif.segment", lang),
                    dcc.Dropdown(id="wi-segment", options=segment_options, value=chosen, clearable=False),
                    t("whatif.segment.help", lang),
                ),
                _field(
                    t("mining.simulate.offer.channel", lang),
                    dcc.Dropdown(id="wi-channel", options=[{"label": c, "value": c} for c in channels], value=channel),
                ),
                _field(
                    t("mining.simulate.offer.cost_per_contact", lang),
                    dbc.Input(id="wi-cpc", type="number", min=0, step="any", value=_number(query, "cpc", None)),
                    t("whatif.cpc.help", lang),
                ),
                _field(
                    t("mining.simulate.offer.fixed_cost", lang),
                    dbc.Input(id="wi-fixed", type="number", min=0, step="any", value=_number(query, "fixed", 0)),
                ),
                _field(
                    t("mining.simulate.offer.discount_pct", lang),
                    dbc.Input(
                        id="wi-discount", type="number", min=0, max=100, step="any", value=_number(query, "disc", 0)
                    ),
                ),
                _field(
                    t("mining.simulate.offer.margin_pct", lang),
                    dbc.Input(
                        id="wi-margin",
                        type="number",
                        min=0,
                        max=100,
                        step="any",
                        value=_number(query, "margin", round(margin, 1) if margin is not None else None),
                    ),
                    t("whatif.margin.help", lang),
                ),
                _field(
                    t("mining.simulate.offer.expected_order_value", lang),
                    dbc.Input(id="wi-aov", type="number", min=0, step="any", value=_number(query, "aov", None)),
                    t("whatif.aov.help", lang),
                ),
                dbc.Checklist(
                    id="wi-use-scores",
                    options=[{"label": t("whatif.use_scores", lang), "value": "1"}],
                    value=[] if query.get("scores") == "0" else ["1"],
                    switch=True,
                    className="mb-3",
                ),
                dbc.Button(t("whatif.run", lang), id="wi-run", color="primary"),
            ]
        ),
        className="shadow-sm mb-3",
    )
    return html.Div(
        [
            dcc.Location(id="wi-url", refresh=False),
            dcc.Store(id="wi-autorun", data=bool(query.get("ch"))),
            html.Div(
                [
                    html.H2(t("whatif.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("whatif.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(controls, lg=3),
                    dbc.Col(
                        dcc.Loading(
                            html.Div(
                                dbc.Alert(t("whatif.empty", lang), color="light", className="border"), id="wi-result"
                            ),
                            delay_show=150,
                        ),
                        lg=9,
                    ),
                ]
            ),
        ],
        className="p-3",
    )
