"""Under a campaign's result: save its responders, non-responders or best sub-group as a segment (one
click, the name editable first), and record what was decided next. Buttons and forms only for the roles
that may use them; the callbacks check again on the server."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.access import SEGMENT_ROLES, has_role
from components.campaign_view import group_name, interval
from components.errors import refusal
from crm.campaigns.decisions import CHOICES, NOTE_MAX
from crm.campaigns.picks import PICKS, NextSteps
from i18n import format as fmt
from i18n import t

DECISION_ROLES = ("executive", "marketer", "admin")  # who records what was decided after a result
CYCLE_PATH = "/campaigns/cycle"


def default_name(pick: str, steps: NextSteps, lang: str) -> str:
    """ "Responders — Spring", the user edits it before saving."""
    campaign = steps.result.name
    if pick == "subgroup":
        found = steps.best.found
        if found is None:
            return ""
        member = group_name(found.member, found.dimension, lang)
        return t("cycle.name.subgroup", lang, member=member, campaign=campaign)
    return t(f"cycle.name.{pick}", lang, campaign=campaign)


def _pick_sentence(pick: str, steps: NextSteps, lang: str) -> str:
    r = steps.result
    if pick == "responders":
        return t("cycle.pick.responders_about", lang, count=fmt.number(r.converted_target, lang))
    if pick == "non_responders":
        return t("cycle.pick.non_responders_about", lang, count=fmt.number(r.target - r.converted_target, lang))
    found = steps.best.found
    if found is None:
        return t(steps.best.reason or "cycle.best.none_above", lang)
    g = found.group
    return t(
        "cycle.pick.subgroup_about", lang, dimension=t(f"campaigns.by.{found.dimension}", lang),
        member=group_name(found.member, found.dimension, lang), uplift=fmt.points(g.uplift, lang),
        interval=interval(g.ci_low, g.ci_high, lang), count=fmt.number(g.target + g.control, lang),
    )  # fmt: skip


def _pick_row(pick: str, steps: NextSteps, lang: str) -> dbc.Row:
    unavailable = pick == "subgroup" and steps.best.found is None
    return dbc.Row(
        [
            dbc.Col(
                [
                    html.Div(t(f"cycle.pick.{pick}", lang).capitalize(), className="fw-semibold"),
                    html.Div(
                        _pick_sentence(pick, steps, lang), className="small text-muted", id=f"cp-pick-about-{pick}"
                    ),
                ],
                md=5,
            ),  # fmt: skip
            dbc.Col(
                dbc.Input(
                    id={"type": "cp-pick-name", "pick": pick},
                    value=default_name(pick, steps, lang),
                    maxLength=128,
                    size="sm",
                    disabled=unavailable,
                    placeholder=t("segments.name", lang),
                ),
                md=4,
            ),  # fmt: skip
            dbc.Col(
                dbc.Button(
                    t("cycle.save_segment", lang),
                    id={"type": "cp-pick-save", "pick": pick},
                    size="sm",
                    color="primary",
                    outline=True,
                    disabled=unavailable,
                    title=_pick_sentence(pick, steps, lang) if unavailable else None,
                ),
                md=3,
            ),  # fmt: skip
        ],
        className="g-2 mb-2 align-items-center",
        id=f"cp-pick-{pick}",
    )


def picks_card(steps: NextSteps, lang: str) -> dbc.Card:
    body = [
        html.H5(t("cycle.save_title", lang), className="mb-1"),
        html.P(t("cycle.save_intro", lang), className="small text-muted"),
        *(_pick_row(pick, steps, lang) for pick in PICKS),
        html.Div(id="cp-pick-message"),
    ]
    return dbc.Card(dbc.CardBody(body), className="mb-3 shadow-sm", id="cp-picks")


def decision_item(d: dict, lang: str) -> html.Li:
    """One recorded decision: choice, note, what it led to, who and when."""
    parts = [html.Strong(t(f"cycle.choice.{d['choice']}", lang, default=d["choice"]))]
    if d.get("note"):
        parts.append(html.Span(f" — {d['note']}"))
    if d.get("segment_id"):
        name = d.get("segment_name") or f"#{d['segment_id']}"
        parts += [" · ", html.A(t("cycle.decision.led_segment", lang, name=name),
                                href=f"/segments?segment={int(d['segment_id'])}")]  # fmt: skip
    if d.get("plan_id"):
        parts += [" · ", html.A(t("cycle.decision.led_plan", lang, plan=d["plan_id"]), href="/campaigns/plan")]
    when = fmt.date(d["created_at"].date(), lang) if d.get("created_at") else ""
    parts.append(html.Span(t("cycle.decision.by", lang, user=d["created_by"], when=when),
                           className="small text-muted ms-2"))  # fmt: skip
    return html.Li(parts, className="cp-decision")


def decision_list(decisions, lang: str):
    if not decisions:
        return html.P(t("cycle.decision.none", lang), className="small text-muted", id="cp-decisions-none")
    return html.Ul([decision_item(d, lang) for d in decisions], className="mb-2", id="cp-decisions-ul")


def decisions_card(steps: NextSteps, lang: str) -> dbc.Card:
    body = [
        html.H5(t("cycle.decision.title", lang), className="mb-2"),
        html.Div(decision_list(steps.decisions, lang), id="cp-decision-list"),
    ]
    if has_role(DECISION_ROLES):
        choose = lambda i, key: dcc.Dropdown(id=i, options=key, clearable=True, placeholder=t("cycle.optional", lang))  # noqa: E731
        body += [
            dbc.Row([
                dbc.Col(dcc.Dropdown(id="cp-decision-choice", clearable=False,
                                     options=[{"label": t(f"cycle.choice.{c}", lang), "value": c} for c in CHOICES],
                                     placeholder=t("cycle.decision.choice_label", lang)), md=4),
                dbc.Col(choose("cp-decision-segment", [{"label": s["name"], "value": s["segment_id"]}
                                                        for s in steps.segments]), md=4),
                dbc.Col(choose("cp-decision-plan", [{"label": f"#{p['plan_id']} {p['name']}", "value": p["plan_id"]}
                                                     for p in steps.plans]), md=4),
            ], className="g-2 mb-2"),
            dbc.Textarea(id="cp-decision-note", maxLength=NOTE_MAX, rows=2,
                         placeholder=t("cycle.decision.note", lang, limit=NOTE_MAX), className="mb-2"),
            dbc.Button(t("cycle.decision.save", lang), id="cp-decision-save", size="sm", color="primary"),
            html.Div(id="cp-decision-message", className="mt-2"),
        ]  # fmt: skip
    body.append(html.A(t("cycle.to_cycle", lang), href=CYCLE_PATH, className="small d-block mt-2"))
    return dbc.Card(dbc.CardBody(body), className="mb-3 shadow-sm", id="cp-decisions")


def next_view(steps: NextSteps | None, lang: str) -> list:
    """The section under a picked campaign (nothing when none is picked or it does not exist)."""
    if steps is None or steps.result is None:
        return []
    return ([picks_card(steps, lang)] if has_role(SEGMENT_ROLES) else []) + [decisions_card(steps, lang)]


def saved_message(saved: dict, name: str, lang: str) -> dbc.Alert:
    """Said after a pick was saved: name and size, links to the segment and the strategy cycle."""
    text = t("cycle.saved", lang, name=name, customers=fmt.number(saved["customers"], lang))
    return dbc.Alert(
        [text, " ", html.A(t("cycle.open_segment", lang), href=f"/segments?segment={saved['segment_id']}"),
         " · ", html.A(t("cycle.to_cycle", lang), href=CYCLE_PATH)],
        color="success", className="py-2 mb-0", id="cp-pick-saved",
    )  # fmt: skip


def problem(exc, lang: str):
    """A refusal (a taken name, an empty result…) as the page's warning."""
    return refusal(exc, lang)
