"""The strategy-cycle page: cycle after cycle as a timeline — analysis → segment → campaign → result →
decision — with links back to each object (``crm.campaigns.cycle`` composes it)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components.campaign_next import decision_item
from components.campaign_view import VERDICT_COLORS, verdict_sentence
from components.segment_origin import campaign_link, origin_text, pick_text
from crm.campaigns.cycle import CampaignStep, Cycle, strategy_cycles
from i18n import format as fmt
from i18n import t

STAGES = ("analysis", "segment", "campaign", "result", "decision")


def _stage(stage: str, children, lang: str) -> dbc.Col:
    return dbc.Col(
        [html.Div(t(f"cycle.stage.{stage}", lang), className="text-uppercase small text-muted fw-semibold"),
         html.Div(children, className="small")],
        md=True, className=f"cycle-stage cycle-{stage} border-start ps-2",
    )  # fmt: skip


def analysis(cycle: Cycle, lang: str) -> list:
    origin = cycle.origin
    if origin.kind != "campaign":
        return [html.Div(origin_text(origin.detail or None, lang))]
    name = origin.campaign_name or origin.detail.get("campaign_name") or f"#{origin.campaign_id}"
    out = [html.A(t("cycle.analysis.result_of", lang, campaign=name), href=campaign_link(origin.campaign_id)),
           html.Div(pick_text(origin.detail, lang), className="text-muted")]  # fmt: skip
    if origin.result is not None:
        out.append(dbc.Badge(t(f"campaigns.verdict.{origin.result.verdict}", lang),
                             color=VERDICT_COLORS.get(origin.result.verdict, "secondary"), className="mt-1"))  # fmt: skip
    if origin.decisions:
        out.append(html.Ul([decision_item(d, lang) for d in origin.decisions], className="ps-3 mt-1 mb-0"))
    return out


def segment(cycle: Cycle, lang: str) -> list:
    return [
        html.A(cycle.segment_name, href=f"/segments?segment={cycle.segment_id}", className="fw-semibold"),
        html.Div(
            t("cycle.segment.size", lang, version=cycle.version, customers=fmt.number(cycle.members, lang)),
            className="text-muted",
        ),  # fmt: skip
    ]


def campaign(step: CampaignStep | None, lang: str) -> list:
    if step is None:
        return [html.Div(t("cycle.campaign.none", lang), className="text-muted"),
                html.A(t("cycle.campaign.plan_one", lang), href="/campaigns/plan")]  # fmt: skip
    days = f"{step.start} – {step.end}" if step.start and step.end else ""
    return [
        html.A(step.name, href=f"/campaigns/plan?plan={step.plan_id}", className="fw-semibold"),
        html.Div(
            t(f"cycle.status.{step.status}", lang, default=step.status) + f" · v{step.segment_version}",
            className="text-muted",
        ),  # fmt: skip
        html.Div(days, className="text-muted"),
    ]


def result(step: CampaignStep | None, data_end, lang: str) -> list:
    if step is None:
        return []
    r = step.result
    if r is None:
        return [html.Div(t("cycle.result.not_measured", lang), className="text-muted cycle-not-measured")]
    return [
        html.Div(verdict_sentence(r, data_end, lang), className="cycle-verdict", **{"data-verdict": r.verdict}),
        html.Div(
            t(
                "cycle.result.figures",
                lang,
                revenue=fmt.money(r.incremental_revenue, lang),
                roi=fmt.percent(r.incremental_roi, lang),
            ),
            className="text-muted",
        ),  # fmt: skip
        html.A(t("cycle.result.open", lang), href=campaign_link(r.campaign_id)),
    ]


def decision(step: CampaignStep | None, names: dict[int, str], lang: str) -> list:
    if step is None or step.campaign_id is None:
        return []
    out = []
    if step.decisions:
        out.append(html.Ul([decision_item(d, lang) for d in step.decisions], className="ps-3 mb-1"))
    else:
        out.append(html.A(t("cycle.decision.record", lang), href=campaign_link(step.campaign_id)))
    for segment_id in step.next_segments:
        out.append(html.Div(["→ ", html.A(t("cycle.decision.next", lang, name=names.get(segment_id, segment_id)),
                                          href=f"#cycle-{segment_id}")]))  # fmt: skip
    return out


def cycle_card(cycle: Cycle, names: dict[int, str], data_end, lang: str) -> html.Div:
    steps = cycle.campaigns or (None,)
    rows = [
        dbc.Row(
            [
                _stage("analysis", analysis(cycle, lang) if i == 0 else [], lang),
                _stage("segment", segment(cycle, lang) if i == 0 else [], lang),
                _stage("campaign", campaign(step, lang), lang),
                _stage("result", result(step, data_end, lang), lang),
                _stage("decision", decision(step, names, lang), lang),
            ],
            className="g-2 mb-2",
        )  # fmt: skip
        for i, step in enumerate(steps)
    ]
    title = t("cycle.cycle_title", lang, chain=cycle.chain, step=cycle.step)
    card = dbc.Card([dbc.CardHeader(title, className="small"), dbc.CardBody(rows)], className="shadow-sm")
    return html.Div(
        card, className="mb-3 cycle-card", id=f"cycle-{cycle.segment_id}",
        **{"data-chain": cycle.chain, "data-step": cycle.step},
    )  # fmt: skip


def empty_state(lang: str) -> dbc.Alert:
    return dbc.Alert(
        [html.P(t("cycle.empty", lang), className="mb-2"),
         dbc.Button(t("cycle.empty.segments", lang), href="/segments", color="primary", size="sm", className="me-2"),
         dbc.Button(t("cycle.empty.campaigns", lang), href="/campaigns", color="secondary", size="sm", outline=True)],
        color="info", id="cycle-empty",
    )  # fmt: skip


def timeline(cycles: list[Cycle], data_end, lang: str) -> list:
    if not cycles:
        return [empty_state(lang)]
    names = {c.segment_id: c.segment_name for c in cycles}
    return [cycle_card(c, names, data_end, lang) for c in cycles]


def cycle_page(data_end, lang: str) -> html.Div:
    """The page: title, what it shows, the timeline (read from the stores when the page opens)."""
    return html.Div(
        [
            html.H2(t("cycle.title", lang), className="h4"),
            html.P(t("cycle.intro", lang), className="text-muted small"),
            html.Div(timeline(strategy_cycles(), data_end, lang), id="cycle-timeline"),
        ],
        className="p-3",
    )
