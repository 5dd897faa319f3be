"""The campaigns page: its layout, and the view of a ``CampaignReport`` — the table of every
campaign, the picked campaign's verdict sentence, cards with intervals, funnel and sub-groups — in
the reader's language. The column lists are shared with the exports (``callbacks/campaign_exports``)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Output, dcc, html

from components.access import EXPORT_ROLES, has_role
from components.charts import empty_figure
from components.errors import refusal
from components.formatters import column, graph_config
from components.glossary import info
from components.grids import KEY, data_grid
from components.theme import base_layout
from crm.campaigns.report import CampaignReport
from crm.campaigns.results import BREAKDOWNS, CampaignResult, SubGroup
from crm.campaigns.state import CampaignsState
from i18n import format as fmt
from i18n import t
from mining.clustering.names import name_of_key

# (field, header key, kind): kinds of components.formatters, "text", "date" or "interval"
_COMPARISON = (  # target against control: the columns a campaign and a sub-group share
    ("target", "campaigns.col.target", "count"),
    ("control", "campaigns.col.control", "count"),
    ("rate_target", "campaigns.col.rate_target", "percent"),
    ("rate_control", "campaigns.col.rate_control", "percent"),
    ("uplift", "campaigns.col.uplift", "percent"),
    ("interval", "campaigns.col.interval", "interval"),
    ("p_value", "campaigns.col.p", "number"),
)
CAMPAIGN_COLUMNS = (
    ("name", "campaigns.col.name", "text"),
    ("start_date", "campaigns.col.start", "date"),
    ("end_date", "campaigns.col.end", "date"),
    ("channel", "campaigns.col.channel", "text"),
    *_COMPARISON,
    ("incremental_revenue", "campaigns.col.incremental_revenue", "money"),
    ("cost", "campaigns.col.cost", "money"),
    ("roi", "campaigns.col.roi", "percent"),
    ("incremental_roi", "campaigns.col.incremental_roi", "percent"),
    ("unsubscribed_target", "campaigns.col.unsubscribed_target", "count"),
    ("unsubscribe_rate_target", "campaigns.col.unsubscribe_rate_target", "percent"),
    ("unsubscribed_control", "campaigns.col.unsubscribed_control", "count"),
    ("survey_score_mean", "campaigns.col.survey_score_mean", "number"),
    ("verdict", "campaigns.col.verdict", "text"),
)
PLAN_PATH = "/campaigns/plan"  # the planner (another page): linked by URL only
GROUP_COLUMNS = (("key", "campaigns.col.group", "text"), *_COMPARISON, ("readable", "campaigns.col.readable", "text"))
VERDICT_COLORS = {"worked": "success", "harmful": "danger", "too_early": "info", "too_small": "warning"}


def interval(low, high, lang: str) -> str:
    return "–" if low is None else f"{fmt.points(low, lang)} … {fmt.points(high, lang)}"


def campaign_row(r: CampaignResult, lang: str) -> dict:
    """One campaign as a table row: raw numbers, words for the verdict and the interval."""
    row = {name: getattr(r, name, None) for name, _, _ in CAMPAIGN_COLUMNS}
    return {
        **row,
        "campaign_id": r.campaign_id,
        "start_date": r.start_date.isoformat(),
        "end_date": r.end_date.isoformat(),
        "interval": interval(r.uplift_ci_low, r.uplift_ci_high, lang),
        "verdict": t(f"campaigns.verdict.{r.verdict}", lang),
    }


def group_name(key: str | None, by: str, lang: str) -> str:
    """A sub-group's stored value in words (RFM segments and clusters are language-free keys)."""
    if key is None:
        return t("campaigns.sub.unknown", lang)
    if by == "rfm":
        return t(f"mining.rfm.segment.{key}", lang, default=key)
    if by == "cluster":
        return name_of_key(key, lang) or key
    return key


def group_row(g: SubGroup, by: str, lang: str) -> dict:
    row = {name: getattr(g, name, None) for name, _, _ in GROUP_COLUMNS}
    return {
        **row,
        "key": group_name(g.key, by, lang),
        "interval": interval(g.ci_low, g.ci_high, lang),
        "readable": t("campaigns.sub.small" if g.too_small else "campaigns.sub.ok", lang),
    }


def grid_columns(spec, lang: str, **first) -> list[dict]:
    """The columns of ``spec``; its key measure (incremental revenue, else the uplift) stays in sight on a
    narrow screen."""
    out = []
    names = [name for name, _, _ in spec]
    key_measure = "incremental_revenue" if "incremental_revenue" in names else "uplift"
    for name, key, kind in spec:
        if kind in ("text", "date", "interval"):
            wide = {"interval": 180, "text": 120}.get(kind, 100)
            out.append({"field": name, "headerName": t(key, lang), "minWidth": wide})
        else:
            decimals = 3 if name == "p_value" else None
            extra = ({"decimals": decimals} if decimals else {}) | (KEY if name == key_measure else {})
            out.append(column(name, t(key, lang), kind, lang, **extra))
    out[0] |= first
    return out


# --------------------------------------------------------------------------- the picked campaign


def verdict_sentence(r: CampaignResult, data_end, lang: str) -> str:
    """The verdict in a plain sentence with the numbers it rests on."""
    values = {
        "uplift": fmt.points(abs(r.uplift or 0), lang),
        "low": fmt.points(r.uplift_ci_low, lang),
        "high": fmt.points(r.uplift_ci_high, lang),
        "p": fmt.number(r.p_value, lang, 3),
        "mde": fmt.points(r.mde, lang),
        "meaningful": fmt.points(r.meaningful_uplift, lang),
        "end": fmt.date(r.end_date, lang),
        "data_end": fmt.date(data_end, lang) if data_end else "–",
    }
    if r.verdict == "too_small":
        if r.mde is None:
            return t("campaigns.sentence.too_small_flat", lang)
        values["needed"] = (
            t("campaigns.needed.holdout", lang, share=fmt.percent(r.holdout_needed, lang, 0))
            if r.holdout_needed is not None
            else t("campaigns.needed.segment", lang, size=fmt.number(r.segment_needed, lang))
        )
    return t(f"campaigns.sentence.{r.verdict}", lang, **values)


def _card(
    title: str, value: str, lines: list[str], key: str, raw, term: str | None = None, lang: str = "en"
) -> dbc.Col:
    body = [
        html.Div([title, info(term, lang, "card")] if term else title, className="kpi-title"),
        html.Div(value, className="kpi-value", id=f"cp-kpi-{key}", **{"data-value": "" if raw is None else repr(raw)}),
        *(html.Div(line, className="small text-muted") for line in lines),
    ]
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="kpi-card h-100 shadow-sm"))


def cards(r: CampaignResult, lang: str) -> list:
    relative = fmt.percent(r.relative_uplift, lang, signed=True)
    p = fmt.number(r.p_value, lang, 3)
    rates = t("campaigns.card.rates", lang, target=fmt.percent(r.rate_target, lang),
              control=fmt.percent(r.rate_control, lang))  # fmt: skip
    money_interval = t("campaigns.card.interval", lang, low=fmt.money(r.incremental_revenue_low, lang),
                       high=fmt.money(r.incremental_revenue_high, lang))  # fmt: skip
    count_interval = t("campaigns.card.interval", lang, low=fmt.number(r.incremental_conversions_low, lang, 1),
                       high=fmt.number(r.incremental_conversions_high, lang, 1))  # fmt: skip
    return [
        _card(t("campaigns.card.uplift", lang), fmt.points(r.uplift, lang),
              [rates, t("campaigns.card.interval", lang, low=fmt.points(r.uplift_ci_low, lang),
                        high=fmt.points(r.uplift_ci_high, lang)),
               t("campaigns.card.relative", lang, value=relative, p=p)], "uplift", r.uplift, "uplift", lang),
        _card(t("campaigns.card.incremental", lang), fmt.number(r.incremental_conversions, lang, 1),
              [count_interval], "incremental", r.incremental_conversions, "confidence_interval", lang),
        _card(t("campaigns.card.revenue", lang), fmt.money(r.revenue_target, lang),
              [t("campaigns.card.rates", lang, target=fmt.money(r.revenue_target, lang),
                 control=fmt.money(r.revenue_control, lang))],
              "revenue", r.revenue_target),
        _card(t("campaigns.card.incremental_revenue", lang), fmt.money(r.incremental_revenue, lang),
              [money_interval], "incremental_revenue", r.incremental_revenue),
        _card(t("campaigns.card.cost", lang), fmt.money(r.cost, lang),
              [t("campaigns.card.cost_split", lang, fixed=fmt.money(r.cost_fixed, lang),
                 contacts=fmt.money(r.cost_contacts, lang)),
               t("campaigns.card.cpic", lang, value=fmt.money(r.cost_per_incremental_conversion, lang))],
              "cost", r.cost),
        _card(t("campaigns.card.roi", lang), fmt.percent(r.roi, lang),
              [t("campaigns.card.roas", lang, value=fmt.number(r.roas, lang, 2))], "roi", r.roi, "roas", lang),
        _card(t("campaigns.card.incremental_roi", lang), fmt.percent(r.incremental_roi, lang), [],
              "incremental_roi", r.incremental_roi, "incremental_roi", lang),
    ]  # fmt: skip


def funnel_figure(r: CampaignResult, lang: str) -> go.Figure:
    """The target group's funnel, and the control group's conversions beside it."""
    if not r.target:
        return empty_figure(t("campaigns.sentence.no_control", lang))
    if r.responses_reported:
        steps = ("targeted", "delivered", "opened", "clicked", "converted_target")
        counts = (r.target, r.delivered, r.opened, r.clicked, r.converted_target)
    else:  # no response file yet: deliveries, opens and clicks are unknown, not zero
        steps, counts = ("targeted", "converted_target"), (r.target, r.converted_target)
    names = [t(f"campaigns.funnel.{s}", lang) for s in steps]
    fig = go.Figure(go.Funnel(y=names, x=counts, textinfo="value+percent initial", marker_color="#2563eb",
                              name=t("campaigns.col.target", lang)))  # fmt: skip
    fig.add_trace(go.Funnel(
        y=[t("campaigns.funnel.control", lang), t("campaigns.funnel.converted_control", lang)],
        x=[r.control, r.converted_control], textinfo="value+percent initial", marker_color="#94a3b8",
        name=t("campaigns.col.control", lang),
    ))  # fmt: skip
    fig.update_layout(**base_layout(margin=dict(l=8, r=8, t=24, b=8)))
    return fig


def origin_and_responses(r: CampaignResult, lang: str) -> list:
    """The plan a launched campaign came from (a link to the planner) and what its response files said:
    unsubscribes per group and the survey's answers (nothing when no file reported them)."""
    out = []
    if r.plan_id is not None:
        out.append(html.P(
            html.A(t("campaigns.from_plan", lang, plan=r.plan_id), href=f"{PLAN_PATH}?plan={r.plan_id}",
                   id="cp-plan-link"),
            className="small mb-1",
        ))  # fmt: skip
    said = []
    if r.unsubscribed_target or r.unsubscribed_control:
        said.append(t("campaigns.unsubscribed", lang, target=fmt.number(r.unsubscribed_target, lang),
                      rate=fmt.percent(r.unsubscribe_rate_target, lang),
                      control=fmt.number(r.unsubscribed_control, lang)))  # fmt: skip
    if r.survey_answers:
        mean = fmt.number(r.survey_score_mean, lang, 2) if r.survey_score_mean is not None else "–"
        said.append(t("campaigns.survey", lang, answers=fmt.number(r.survey_answers, lang), mean=mean))
    if said:
        out.append(html.P(" · ".join(said), className="small mb-2", id="cp-responses"))
    if not r.responses_reported and r.target:
        out.append(html.P(t("campaigns.not_reported", lang), className="small text-muted mb-2", id="cp-not-reported"))
    return out


def head(r: CampaignResult, data_end, lang: str) -> list:
    """The picked campaign: name and days, the verdict sentence, cards and funnel."""
    return [
        html.H4(r.name, className="mt-3", id="cp-name"),
        html.P(
            f"{fmt.day_range(r.start_date, r.end_date, lang)} · {r.channel} · {r.objective}",
            className="text-muted small",
        ),  # fmt: skip
        *origin_and_responses(r, lang),
        dbc.Alert(
            html.Span(verdict_sentence(r, data_end, lang), id="cp-verdict", **{"data-verdict": r.verdict}),
            color=VERDICT_COLORS.get(r.verdict, "secondary"),
        ),  # fmt: skip
        dbc.Row(cards(r, lang), className="g-2 mb-3 row-cols-1 row-cols-sm-2 row-cols-lg-4", id="cp-cards"),
        dbc.Card(
            [
                dbc.CardHeader(t("campaigns.funnel", lang)),
                dbc.CardBody(
                    dcc.Graph(
                        figure=funnel_figure(r, lang),
                        id="cp-funnel",
                        style={"height": "320px"},
                        config=graph_config("campaign-funnel", select=False),
                    )
                ),
            ],
            className="mb-3 shadow-sm",
        ),  # fmt: skip
    ]


def exports(base: str, name: str, lang: str):
    """CSV and Excel links for analysts (the server checks the role again)."""
    if not has_role(EXPORT_ROLES):
        return None
    links = [html.A(f.upper(), href=f"{base}.{f}?lang={lang}", className="ms-2", id=f"cp-export-{name}-{f}")
             for f in ("csv", "xlsx")]  # fmt: skip
    return html.Div([html.Span(t(f"campaigns.export.{name}", lang)), *links], className="small mt-2")


# --------------------------------------------------------------------------- the page


def sub_groups(state: CampaignsState, lang: str) -> dbc.Card:
    """The sub-group table of the picked campaign (hidden until one is picked)."""
    options = [{"label": t(f"campaigns.by.{by}", lang), "value": by} for by in BREAKDOWNS]
    body = [
        dbc.Row([
            dbc.Col(html.H5(t("campaigns.sub.title", lang), className="mb-0"), width="auto"),
            dbc.Col(dcc.Dropdown(id="cp-by", options=options, value=state.by, clearable=False), md=3),
        ], className="align-items-center g-2 mb-2"),
        html.Div(id="cp-small"),
        data_grid("cp-groups", [], grid_columns(GROUP_COLUMNS, lang, minWidth=180), min_width=90),
        html.Div(id="cp-groups-export"),
    ]  # fmt: skip
    return dbc.Card(dbc.CardBody(body), className="mb-3 shadow-sm", id="cp-sub", style={"display": "none"})


def definitions(lang: str) -> html.Details:
    keys = ("window", "conversion", "uplift", "revenue", "cost", "roi", "verdict")
    return html.Details(
        [html.Summary(t("campaigns.definitions", lang)),
         html.Ul([html.Li(t(f"campaigns.def.{k}", lang)) for k in keys], className="small text-muted mt-2")],
        className="mt-3", id="cp-definitions",
    )  # fmt: skip


def layout(query: dict, lang: str) -> html.Div:
    """The page: the state in a store, the problems the URL had, the table and the detail the
    render callback fills, the definitions."""
    state = CampaignsState.from_query(query)
    return html.Div(
        [
            dcc.Store(id="cp-state", data=state.to_query()),
            html.H2(t("campaigns.title", lang), className="h4"),
            html.P(t("campaigns.intro", lang), className="text-muted small"),
            *(refusal(p, lang) for p in state.problems),
            dcc.Loading(html.Div(id="cp-message")),
            data_grid(
                "cp-table",
                [],
                grid_columns(CAMPAIGN_COLUMNS, lang, pinned="left", minWidth=220),
                min_width=90,
                filters=True,
                getRowId="params.data.campaign_id",
            ),  # fmt: skip
            exports("/export/campaigns/all", "all", lang),
            dcc.Loading(html.Div(id="cp-head")),
            sub_groups(state, lang),
            html.Div(id="cp-next"),  # save a pick as a segment, decisions (callbacks/campaign_next.py)
            definitions(lang),
        ],
        className="p-3",
    )


@dataclass(frozen=True)
class CampaignsView:
    """Everything the render callback sets, in the order of ``OUTPUTS``."""

    message: object = None
    rows: list = field(default_factory=list)
    head: list = field(default_factory=list)
    sub_style: dict = field(default_factory=lambda: {"display": "none"})
    by_options: list = field(default_factory=list)
    small: object = None
    groups: list = field(default_factory=list)
    groups_export: object = None

    OUTPUTS = (
        ("cp-message", "children"),
        ("cp-table", "rowData"),
        ("cp-head", "children"),
        ("cp-sub", "style"),
        ("cp-by", "options"),
        ("cp-small", "children"),
        ("cp-groups", "rowData"),
        ("cp-groups-export", "children"),
    )

    @classmethod
    def outputs_spec(cls) -> list[Output]:
        return [Output(component, prop) for component, prop in cls.OUTPUTS]

    def outputs(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self))


def campaigns_view(report: CampaignReport, state: CampaignsState, data_end, lang: str) -> CampaignsView:
    """The view of a report: the table always, the picked campaign and its sub-groups when there is one."""
    if not report.campaigns:
        return CampaignsView(message=dbc.Alert(t("campaigns.none", lang), color="info", id="cp-none"))
    rows = [campaign_row(r, lang) for r in report.campaigns]
    if report.chosen is None:
        unknown = report.unknown is not None
        message = dbc.Alert(t("campaigns.unknown", lang, campaign=report.unknown), color="warning") if unknown else None
        return CampaignsView(message=message, rows=rows)
    r, groups = report.chosen, report.breakdown
    small = sum(g.too_small for g in groups)
    warning = t("campaigns.sub.warning", lang, count=small, total=len(groups))
    return CampaignsView(
        rows=rows,
        head=head(r, data_end, lang),
        sub_style={},
        by_options=[{"label": t(f"campaigns.by.{by}", lang), "value": by} for by in report.breakdowns],
        small=dbc.Alert(warning, color="warning", className="py-2 small", id="cp-small-alert") if small else (
            None if groups else html.P(t("campaigns.sub.none", lang), className="text-muted")),
        groups=[group_row(g, state.by, lang) for g in groups],
        groups_export=exports(f"/export/campaigns/{r.campaign_id}/{state.by}", "groups", lang),
    )  # fmt: skip
