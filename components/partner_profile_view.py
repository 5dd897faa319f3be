"""One partner's profile in the reader's language: KPI cards, sales over time with the share line,
customers (linked to Customer 360), products, opportunities, tickets, contacts and contracts with
their add forms, and the links into Explore and the other partner pages."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from components.charts import empty_figure
from components.formatters import column, graph_config
from components.grids import data_grid
from components.partner_lifecycle_view import STAGE_COLORS
from components.partner_scorecard_view import TIER_COLORS
from components.theme import ACCENT, NEUTRAL, base_layout
from crm.partners.contacts import CONTRACT_KINDS
from crm.partners.profile import PartnerProfile
from crm.partners.state import PartnersState
from i18n import format as fmt
from i18n import t

CONTACT_FIELDS = ("contact_id", "name", "role", "email", "phone")
CONTRACT_FIELDS = ("contract_id", "kind", "start_date", "end_date", "note")
LINKS = (("scorecard", "/partners/scorecard"), ("lifecycle", "/partners/lifecycle"), ("support", "/partners/support"))


def explore_href(partner_id: int, state: PartnersState) -> str:
    """Explore on the partner's revenue and customers by month, filtered to the partner, same period."""
    query = [("m", "revenue"), ("m", "customers"), ("r", "time.month"), ("p", state.period.token),
             ("f.partner.partner", str(partner_id))]  # fmt: skip
    return "/explore?" + urlencode(query)


def _card(title: str, value: str, key: str, note: str = "") -> dbc.Col:
    body = [html.Div(title, className="kpi-title"), html.Div(value, className="kpi-value", id=f"pt-kpi-{key}")]
    if note:
        body.append(html.Div(note, className="small text-muted"))
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="kpi-card h-100 shadow-sm"))


def cards(p: PartnerProfile, lang: str) -> dbc.Row:
    opp, tickets = p.opportunities, p.tickets
    last = fmt.date(p.last_sale.date(), lang) if p.last_sale else "–"
    items = [
        _card(t("partners.kpi.revenue", lang), fmt.money(p.revenue, lang), "revenue"),
        _card(t("partners.kpi.share", lang), fmt.percent(p.share, lang), "share", t("partners.kpi.share.note", lang)),
        _card(
            t("partners.kpi.active", lang),
            fmt.number(p.active_customers, lang),
            "active",
            t("partners.kpi.served", lang, served=fmt.number(p.customers_served, lang)),
        ),  # fmt: skip
        _card(t("partners.kpi.last_sale", lang), last, "last-sale"),
    ]
    if opp is not None:
        items.append(_card(t("partners.kpi.win_rate", lang), fmt.percent(opp.win_rate, lang), "win-rate",
                           t("partners.kpi.pipeline", lang, amount=fmt.money(opp.open_pipeline, lang))))  # fmt: skip
    if tickets is not None:
        mean = fmt.number(tickets.mean_satisfaction, lang, 2)
        items.append(_card(t("partners.kpi.satisfaction", lang), mean, "satisfaction",
                           t("partners.kpi.satisfied", lang, share=fmt.percent(tickets.satisfied_share, lang))))  # fmt: skip
    return dbc.Row(items, className="g-2 mb-3 row-cols-2 row-cols-md-3 row-cols-xl-6")


def sales_figure(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Revenue through the partner per month (bars) and the share of its customers' purchases (line)."""
    if monthly.empty or not monthly["customers_revenue"].any():
        return empty_figure(t("partners.profile.no_sales", lang))
    months = [pd.Timestamp(m).date() for m in monthly["month"]]
    x = [m.isoformat() for m in months]
    fig = go.Figure()
    fig.add_bar(x=x, y=monthly["revenue"], name=t("partners.chart.revenue", lang), marker_color=ACCENT,
                hovertext=[f"{fmt.month(m, lang)}: {fmt.money(v, lang, exact=True)}"
                           for m, v in zip(months, monthly["revenue"], strict=True)], hoverinfo="text")  # fmt: skip
    fig.add_scatter(x=x, y=monthly["share"], name=t("partners.chart.share", lang), yaxis="y2", mode="lines+markers",
                    line=dict(color=NEUTRAL), connectgaps=False,
                    hovertext=[f"{fmt.month(m, lang)}: {fmt.percent(s, lang)}"
                               for m, s in zip(months, monthly["share"], strict=True)], hoverinfo="text")  # fmt: skip
    fig.update_layout(
        **base_layout(margin=dict(l=8, r=40, t=30, b=8)),
        yaxis=dict(title=None, rangemode="tozero"),
        yaxis2=dict(overlaying="y", side="right", range=[0, 1], tickformat=".0%", showgrid=False),
        xaxis=dict(type="date", tickformat="%Y-%m"),
    )
    return fig


def _grid_rows(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def customers_grid(p: PartnerProfile, lang: str):
    rows = _grid_rows(p.customers)
    for row in rows:
        row["link"] = f"[{_md(row['name'] or row['customer_id'])}](/customers?id={int(row['customer_id'])})"
    cols = [
        {"field": "link", "headerName": t("partners.col.customer", lang), "cellRenderer": "markdown", "minWidth": 200},
        {"field": "country", "headerName": t("partners.col.country", lang), "minWidth": 110},
        column("revenue", t("partners.col.revenue_partner", lang), "money", lang),
        column("total_revenue", t("partners.col.revenue_total", lang), "money", lang),
        column("share", t("partners.col.share", lang), "percent", lang),
    ]
    return data_grid("pt-customers", rows, cols, min_width=90)


def products_grid(p: PartnerProfile, lang: str):
    cols = [
        {"field": "name", "headerName": t("partners.col.product", lang), "minWidth": 200},
        {"field": "category", "headerName": t("partners.col.category", lang), "minWidth": 110},
        column("quantity", t("partners.col.quantity", lang), "count", lang),
        column("revenue", t("partners.col.revenue", lang), "money", lang),
        column("customers", t("partners.col.customers", lang), "count", lang),
    ]
    return data_grid("pt-products", _grid_rows(p.products), cols, min_width=90)


def opportunities_block(p: PartnerProfile, lang: str):
    o = p.opportunities
    if o is None:
        return html.P(t("partners.profile.no_opportunities", lang), className="text-muted")
    return html.P(
        t(
            "partners.opportunities.sentence",
            lang,
            created=fmt.number(o.created, lang),
            won=fmt.number(o.won, lang),
            lost=fmt.number(o.lost, lang),
            open=fmt.number(o.open, lang),
            rate=fmt.percent(o.win_rate, lang),
            pipeline=fmt.money(o.open_pipeline, lang),
        ),  # fmt: skip
        id="pt-opportunities",
    )


def tickets_block(p: PartnerProfile, lang: str):
    k = p.tickets
    if k is None:
        return html.P(t("partners.profile.no_tickets", lang), className="text-muted")
    return html.P(
        t(
            "partners.tickets.sentence",
            lang,
            count=fmt.number(k.count, lang),
            rated=fmt.number(k.rated, lang),
            mean=fmt.number(k.mean_satisfaction, lang, 2),
            share=fmt.percent(k.satisfied_share, lang),
        ),  # fmt: skip
        id="pt-tickets",
    )


def contacts_grid(frame: pd.DataFrame, lang: str, grid_id: str, fields: tuple[str, ...]):
    cols = [{"field": f, "headerName": t(f"partners.col.{f}", lang), "minWidth": 100} for f in fields]
    rows = _grid_rows(
        frame.assign(**{c: frame[c].astype(str) for c in frame.columns if "date" in c or c == "created_at"})
    )
    return data_grid(grid_id, rows, cols, min_width=90, options={"rowSelection": "single"})


def contacts_section(p: PartnerProfile, lang: str, can_edit: bool) -> list:
    """Contacts and contracts, each with its add form and a remove button (editors only)."""
    contacts = contacts_grid(p.contacts, lang, "pt-contacts", CONTACT_FIELDS)
    contracts = contacts_grid(p.contracts, lang, "pt-contracts", CONTRACT_FIELDS)
    out = [html.H3(t("partners.contacts", lang), className="h6"), html.Div(contacts, id="pt-contacts-box")]
    if can_edit:
        out.append(contact_form(lang))
    out += [html.H3(t("partners.contracts", lang), className="h6 mt-3"), html.Div(contracts, id="pt-contracts-box")]
    if can_edit:
        out.append(contract_form(lang))
    out.append(html.Div(id="pt-edit-message", className="mt-2"))
    return out


def contact_form(lang: str) -> dbc.Row:
    fields = [dbc.Col(dbc.Input(id=f"pt-contact-{f}", placeholder=t(f"partners.col.{f}", lang), size="sm"), md=2)
              for f in ("name", "role", "email", "phone")]  # fmt: skip
    buttons = dbc.Col([
        dbc.Button(t("partners.add", lang), id="pt-contact-add", size="sm", color="primary", className="me-1"),
        dbc.Button(t("partners.remove", lang), id="pt-contact-remove", size="sm", color="secondary", outline=True),
    ], md=4)  # fmt: skip
    return dbc.Row([*fields, buttons], className="g-1 mt-1")


def contract_form(lang: str) -> dbc.Row:
    kinds = [{"label": t(f"partners.kind.{k}", lang), "value": k} for k in CONTRACT_KINDS]
    return dbc.Row([
        dbc.Col(dcc.Dropdown(id="pt-contract-kind", options=kinds, placeholder=t("partners.col.kind", lang)), md=2),
        dbc.Col(dbc.Input(id="pt-contract-start", type="date", size="sm"), md=2),
        dbc.Col(dbc.Input(id="pt-contract-end", type="date", size="sm"), md=2),
        dbc.Col(dbc.Input(id="pt-contract-note", placeholder=t("partners.col.note", lang), size="sm"), md=2),
        dbc.Col([
            dbc.Button(t("partners.add", lang), id="pt-contract-add", size="sm", color="primary", className="me-1"),
            dbc.Button(t("partners.remove", lang), id="pt-contract-remove", size="sm", color="secondary",
                       outline=True),
        ], md=4),
    ], className="g-1 mt-1")  # fmt: skip


def _md(text) -> str:
    return str(text).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _section(title: str, body, md: int = 12) -> dbc.Col:
    return dbc.Col(dbc.Card([dbc.CardHeader(title), dbc.CardBody(body)], className="h-100 shadow-sm"), lg=md,
                   className="mb-3")  # fmt: skip


def profile_view(p: PartnerProfile, state: PartnersState, lang: str, can_edit: bool) -> html.Div:
    """The whole profile of ``p`` for the page's state."""
    a = p.partner
    onboarded = fmt.date(a["onboarded"], lang) if a.get("onboarded") else t("partners.onboarded.unknown", lang)
    back = state.opened(None).to_search()
    links = [dbc.Button(t("partners.link.explore", lang), href=explore_href(a["partner_id"], state), id="pt-explore",
                        size="sm", color="primary", outline=True, className="me-2")]  # fmt: skip
    links += [dbc.Button(t(f"partners.link.{k}", lang), href=f"{path}?partner={a['partner_id']}", id=f"pt-link-{k}",
                         size="sm", color="secondary", outline=True, className="me-2") for k, path in LINKS]  # fmt: skip
    return html.Div(
        [
            dcc.Link(t("partners.back", lang), href="/partners" + back, id="pt-back", className="small"),
            html.H3(a["name"], className="h4 mt-1 mb-0", id="pt-name"),
            html.Div(
                t(
                    "partners.attributes",
                    lang,
                    type=a["partner_type"],
                    country=a["country"],
                    region=a["region"],
                    onboarded=onboarded,
                    id=a["partner_id"],
                ),  # fmt: skip
                className="text-muted small mb-2",
                id="pt-attributes",
            ),
            html.Div(links, className="mb-3"),
            cards(p, lang),
            dbc.Row(
                [
                    _section(
                        t("partners.chart.title", lang),
                        dcc.Graph(
                            id="pt-sales",
                            figure=sales_figure(p.monthly, lang),
                            config=graph_config("partner-sales", select=False),
                            style={"height": "320px"},
                        ),
                    ),
                    _section(
                        t("partners.customers", lang),
                        [
                            html.P(t("partners.customers.help", lang), className="small text-muted"),
                            customers_grid(p, lang),
                        ],
                        md=6,
                    ),
                    _section(t("partners.products", lang), products_grid(p, lang), md=6),
                    _section(t("partners.opportunities", lang), opportunities_block(p, lang), md=6),
                    _section(t("partners.tickets", lang), tickets_block(p, lang), md=6),
                    _section(t("partners.history.title", lang), history_block(p, lang)),
                    _section(t("partners.contacts_contracts", lang), contacts_section(p, lang, can_edit)),
                ]
            ),  # fmt: skip
        ],
        id="pt-profile-body",
    )


def stage_figure(stages: pd.DataFrame, lang: str) -> go.Figure:
    """Monthly revenue through the partner, each month's bar in the colour of its inferred stage."""
    if stages.empty:
        return empty_figure(t("partners.history.no_stages", lang))
    fig = go.Figure()
    for stage, rows in stages.groupby("stage", sort=False):
        name = t(f"partners.stage.{stage}", lang, default=stage)
        color = STAGE_COLORS.get(stage, NEUTRAL)
        fig.add_bar(x=rows["month"], y=rows["revenue"], name=name, marker_color=color, legendgroup=stage,
                    hovertemplate="%{x|%Y-%m}: %{y:,.0f}<extra>%{fullData.name}</extra>")  # fmt: skip
        # a square per month on the axis, so a month without sales (dormant, churned) shows its stage too
        fig.add_scatter(x=rows["month"], y=[0] * len(rows), mode="markers", name=name, legendgroup=stage,
                        showlegend=False, marker={"symbol": "square", "size": 9, "color": color},
                        hovertemplate="%{x|%Y-%m}<extra>%{fullData.name}</extra>")  # fmt: skip
    fig.update_layout(**{**base_layout(), "legend": {"orientation": "h", "y": -0.2}}, barmode="stack", bargap=0.1)
    return fig


def tier_badges(tiers: pd.DataFrame, lang: str) -> html.Div:
    """The tier of each complete quarter (current weights), oldest first."""
    if tiers.empty:
        return html.P(t("partners.history.no_tiers", lang), className="small text-muted")
    badges = [
        html.Span(
            [
                html.Small(row.quarter, className="me-1"),
                t(f"partners.scorecard.tier.{row.tier}", lang, default=row.tier),
            ],
            className="badge me-1 mb-1",
            style={"backgroundColor": TIER_COLORS.get(row.tier, NEUTRAL)},
            title=f"{row.score:.0f}",
        )
        for row in tiers.itertuples()
    ]
    return html.Div(badges, id="pt-tier-history")


def history_block(p: PartnerProfile, lang: str) -> list:
    return [
        html.P(t("partners.history.help", lang), className="small text-muted"),
        tier_badges(p.tiers, lang),
        dcc.Graph(
            id="pt-stage-history",
            figure=stage_figure(p.stages, lang),
            config=graph_config("partner-stages", select=False),
            style={"height": "260px"},
        ),
    ]
