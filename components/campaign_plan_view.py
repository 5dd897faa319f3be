"""What the campaign planner shows: the preview (reach, exclusions, sizes, power check, what-if
range), the saved and launched messages, the contact-file links and the list of plans. No queries,
no arithmetic beyond formatting."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from crm.campaigns.bridge import campaign_id_of
from crm.campaigns.launch import Launched
from crm.campaigns.plan import PREFERRED
from crm.campaigns.preview import Power, Preview
from i18n import format as fmt
from i18n import t

RESULTS_PATH = "/campaigns"  # the results page (another module): linked by URL only


def file_url(plan_id: int, name: str) -> str:
    return f"/campaigns/plan/{int(plan_id)}/{name}"


def segment_options(segments: list[dict], lang: str) -> list[dict]:
    """One choice per saved segment's latest version: ``"<id>:<version>"``."""
    return [
        {
            "label": t(
                "campaign.plan.segment_option",
                lang,
                name=s["name"],
                version=s["version"],
                customers=fmt.number(s["members"], lang),
            ),
            "value": f"{s['segment_id']}:{s['version']}",
        }  # fmt: skip
        for s in segments
    ]


def _kpi(key: str, value: str, lang: str) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(t(f"campaign.plan.kpi.{key}", lang), className="small text-muted"),
                    html.Div(value, className="fs-5 fw-semibold", **{"data-kpi": key}),
                ]
            ),  # fmt: skip
            className="shadow-sm h-100",
        )
    )


def preview_view(shown: Preview, lang: str) -> list:
    """The live preview of a valid plan."""
    who = shown.audience
    excluded = [
        html.Tr([html.Td(t(f"campaign.reason.{reason}", lang)), html.Td(fmt.number(n, lang), className="text-end")])
        for reason, n in who.excluded.items()
        if n
    ]
    cards = [
        _kpi("segment", fmt.number(who.segment_size, lang), lang),
        _kpi("reach", fmt.number(who.reach, lang), lang),
        _kpi("target", fmt.number(shown.target, lang), lang),
        _kpi("control", fmt.number(shown.control, lang), lang),
        _kpi("cost", fmt.money(shown.cost, lang), lang),
    ]
    return [
        dbc.Row(cards, className="g-2 mb-3 row-cols-2 row-cols-md-5"),
        dbc.Alert(
            t("campaign.plan.over_budget", lang, budget=fmt.money(shown.plan.budget, lang)),
            color="warning",
            id="cp-over-budget",
        )
        if shown.over_budget
        else None,  # fmt: skip
        _card(
            t("campaign.plan.excluded", lang),
            dbc.Table(html.Tbody(excluded), size="sm", className="mb-0", id="cp-excluded")
            if excluded
            else html.P(t("campaign.plan.none_excluded", lang), className="mb-0 small", id="cp-excluded"),
        ),
        _card(t("campaign.plan.power", lang), power_view(shown.power, lang)),
        _card(t("campaign.plan.whatif", lang), whatif_table(shown, lang)),
    ]


def power_view(power: Power, lang: str) -> html.Div:
    """Base rate, minimum detectable uplift, expected uplift, and the warning with what it needs."""
    if power.mde is None:
        return html.Div(dbc.Alert(t("campaign.plan.power_unknown", lang), color="secondary", id="cp-power-warning"))
    facts = t(
        "campaign.plan.power_facts", lang, base=fmt.percent(power.base_rate, lang, 2),
        source=t(f"campaign.base.{power.base_source}", lang), mde=fmt.points(power.mde, lang, 2),
        expected=fmt.points(power.expected_uplift, lang, 2), said=t(f"campaign.expected.{power.expected_source}", lang),
    )  # fmt: skip
    if not power.warning:
        key = "campaign.plan.power_ok" if power.expected_uplift is not None else "campaign.plan.power_no_history"
        return html.Div([html.P(facts, className="small"), dbc.Alert(t(key, lang), color="success", id="cp-power-ok")])
    if power.holdout_needed is not None:
        need = t("campaign.plan.need_holdout", lang, holdout=fmt.percent(power.holdout_needed, lang, 0))
    elif power.segment_needed is not None:
        need = t("campaign.plan.need_segment", lang, customers=fmt.number(power.segment_needed, lang))
    else:
        need = t("campaign.plan.need_nothing", lang)
    return html.Div(
        [
            html.P(facts, className="small"),
            dbc.Alert(
                [html.Strong(t("campaign.plan.power_warning", lang)), " ", need], color="warning", id="cp-power-warning"
            ),
        ]
    )


def whatif_table(shown: Preview, lang: str) -> html.Div:
    """Per channel: responders, incremental responders, profit and ROI with their P10–P90 range."""

    def ranged(row, metric, kind):
        show = (lambda v: fmt.number(v, lang)) if kind == "count" else (lambda v: fmt.money(v, lang))
        if kind == "ratio":
            show = lambda v: fmt.percent(v, lang, 0)  # noqa: E731
        return f"{show(row[f'{metric}_mean'])} ({show(row[f'{metric}_p10'])} – {show(row[f'{metric}_p90'])})"

    head = html.Thead(html.Tr([html.Th(t(f"campaign.plan.col.{c}", lang)) for c in WHATIF_COLUMNS]))
    body = [
        html.Tr(
            [
                html.Td(r["channel"]),
                html.Td(fmt.number(r["contacts"], lang)),
                html.Td(ranged(r, "responders", "count")),
                html.Td(fmt.number(r["incremental_responders_mean"], lang)),
                html.Td(ranged(r, "profit", "money")),
                html.Td(ranged(r, "roi", "ratio")),
            ]
        )  # fmt: skip
        for r in shown.projection.to_dict("records")
    ]
    notes = [
        html.Li(t(key, lang, channel=values["channel"], reason=values["error"].message(lang)))
        for key, values in shown.notes
    ]
    model = (
        t("campaign.plan.model", lang, run=shown.model["run_id"], as_of=str(shown.model["as_of"]))
        if shown.model
        else t("campaign.plan.no_model", lang)
    )
    return html.Div(
        [
            dbc.Table([head, html.Tbody(body)], size="sm", className="mb-2", id="cp-whatif") if body else None,
            html.P([t("campaign.plan.whatif_help", lang), " ", model], className="small text-muted mb-0"),
            html.Ul(notes, className="small mb-0") if notes else None,
        ]
    )


WHATIF_COLUMNS = ("channel", "contacts", "responders", "incremental", "profit", "roi")


def _card(title: str, body) -> dbc.Card:
    return dbc.Card([dbc.CardHeader(title), dbc.CardBody(body)], className="shadow-sm mb-3")


def saved_message(plan_id: int, name: str, lang: str) -> dbc.Alert:
    return dbc.Alert(t("campaign.plan.saved", lang, plan=plan_id, name=name), color="success", id="cp-saved-ok")


def file_links(plan_id: int, files: dict, lang: str) -> html.Ul:
    """One download link per contact file."""
    return html.Ul(
        [
            html.Li(
                html.A(
                    t("campaign.plan.file", lang, channel=channel, rows=fmt.number(f["rows"], lang)),
                    href=file_url(plan_id, f["file"]),
                    className="cp-file",
                )
            )
            for channel, f in files.items()
        ],  # fmt: skip
        className="mb-0",
    )


def results_link(campaign_id: int | None, lang: str) -> list:
    """A launched plan's link to its results (none before the warehouse holds it)."""
    if campaign_id is None:
        return []
    return [" · ", html.A(t("campaign.plan.results_link", lang), href=f"{RESULTS_PATH}?c={campaign_id}",
                          className="cp-results-link")]  # fmt: skip


def launched_view(launched: Launched, lang: str) -> dbc.Alert:
    """The launch: sizes, the contact files to download, what they cannot hold."""
    notes = [html.Div(t(key, lang), className="small") for key, _ in launched.notes]
    return dbc.Alert(
        [
            html.Div(
                t(
                    "campaign.plan.launched",
                    lang,
                    plan=launched.plan_id,
                    target=fmt.number(launched.target, lang),
                    control=fmt.number(launched.control, lang),
                    at=str(launched.launched_at)[:16],
                )
            ),  # fmt: skip
            file_links(launched.plan_id, launched.files, lang),
            *notes,
            html.Div(t("campaign.plan.publishing", lang, campaign=campaign_id_of(launched.plan_id)), className="small"),
            html.A(
                t("campaign.plan.to_results", lang),
                href=f"{RESULTS_PATH}?c={campaign_id_of(launched.plan_id)}",
                className="small",
                id="cp-launched-results",
            ),
        ],
        color="success",
        id="cp-launched",
    )


def plans_table(plans: list[dict], lang: str, shown: int = 0):
    """Saved plans with their status; launched ones with their contact files and, once the warehouse holds
    them (``campaign_id``), a link to their results; the plan ``shown`` (a link's) is highlighted."""
    if not plans:
        return html.P(t("campaign.plan.no_plans", lang), className="text-muted small mb-0", id="cp-plans-table")
    head = html.Thead(html.Tr([html.Th(t(f"campaign.plan.list.{c}", lang)) for c in PLAN_COLUMNS]))
    rows = []
    for p in plans:
        plan, summary = p["plan"], p["summary"] or {}
        channel = t("campaign.plan.preferred", lang) if plan["channel"] == PREFERRED else plan["channel"]
        sizes = f"{fmt.number(summary['target'], lang)} / {fmt.number(summary['control'], lang)}" if summary else "–"
        files = file_links(p["plan_id"], summary.get("files", {}), lang) if summary else "–"
        rows.append(
            html.Tr(
                [
                    html.Td(p["plan_id"]),
                    html.Td(p["name"]),
                    html.Td(t(f"campaign.objective.{plan['objective']}", lang)),
                    html.Td(channel),
                    html.Td(f"{plan['start']} – {plan['end']}"),
                    html.Td(
                        [t(f"campaign.plan.status.{p['status']}", lang), *results_link(p.get("campaign_id"), lang)],
                        className=f"cp-status-{p['status']}",
                    ),
                    html.Td(sizes),
                    html.Td(files),
                ],
                id=f"cp-plan-{p['plan_id']}",
                className="table-active" if shown and p["plan_id"] == shown else None,
            )  # fmt: skip
        )
    return html.Div(
        [
            dbc.Table([head, html.Tbody(rows)], size="sm", hover=True, className="mb-1", id="cp-plans-table"),
            html.A(t("campaign.plan.to_results", lang), href=RESULTS_PATH, className="small"),
        ]
    )


PLAN_COLUMNS = ("id", "name", "objective", "channel", "schedule", "status", "sizes", "files")
