"""The campaign planner's layout: the plan form, the preview column, save and launch, the plans list.

The form's values become a plan (``plan_fields``: the segment choice ``"<id>:<version>"`` split,
the holdout given in percent); everything the page shows is drawn by ``campaign_plan_view``.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from crm.campaigns.audience import contact_channels_of
from crm.campaigns.plan import OBJECTIVES, PREFERRED
from i18n import t
from olap.catalog import Catalog

PLAN_ROLES = ("marketer", "admin")  # who plans and launches campaigns
FIELDS = (  # form field → its input type
    ("name", "text"),
    ("objective", "choice"),
    ("segment", "choice"),
    ("channel", "choice"),
    ("offer", "text"),
    ("offer_code", "text"),
    ("start", "date"),
    ("end", "date"),
    ("budget", "number"),
    ("cost_per_contact", "number"),
    ("fixed_cost", "number"),
    ("holdout", "number"),
    ("expected_uplift", "number"),
    ("window_days", "number"),
    ("seed", "number"),
)
PERCENT = {"holdout": "campaign.plan.holdout_pct", "expected_uplift": "campaign.plan.uplift_pp"}  # form says %
IDS = tuple(f"cp-{name.replace('_', '-')}" for name, _ in FIELDS)


def plan_fields(values: dict) -> dict:
    """The form's values (field → value) as ``Plan.from_dict`` input (percentages made shares)."""
    out = dict(values)
    segment = str(out.pop("segment", None) or "")
    out["segment_id"], _, out["segment_version"] = segment.partition(":")
    for name in PERCENT:
        if isinstance(out.get(name), int | float):
            out[name] = out[name] / 100
    return out


def defaults(catalog: Catalog) -> dict:
    """Where the form starts: a three-week campaign after the data's last day, a 10% holdout."""
    start = (catalog.data_end or dt.date.today()) + dt.timedelta(days=1)
    return {
        "objective": "campaign", "channel": PREFERRED, "start": start.isoformat(),
        "end": (start + dt.timedelta(days=20)).isoformat(), "cost_per_contact": 0.1, "fixed_cost": 0,
        "holdout": 10, "window_days": 30, "seed": 1,
    }  # fmt: skip


def _input(name: str, kind: str, value, options, lang: str):
    id_ = f"cp-{name.replace('_', '-')}"
    if kind == "choice":
        return dcc.Dropdown(id=id_, options=options.get(name, []), value=value, clearable=False)
    if kind == "date":
        return dbc.Input(id=id_, type="date", value=value, debounce=True)
    extra = {"min": 0, "step": "any"} if kind == "number" else {}
    return dbc.Input(id=id_, type=kind, value=value, debounce=True, **extra)


def plan_form(catalog: Catalog, lang: str) -> dbc.Card:
    """Every field of a plan, labelled, with the form's defaults (segments are filled on load)."""
    options = {
        "objective": [{"label": t(f"campaign.objective.{o}", lang), "value": o} for o in OBJECTIVES],
        "channel": [{"label": t("campaign.plan.preferred", lang), "value": PREFERRED}]
        + [{"label": c, "value": c} for c in contact_channels_of(catalog.channels, catalog.campaign_channels)],
    }
    start = defaults(catalog)
    rows = []
    for name, kind in FIELDS:
        label = t(PERCENT[name], lang) if name in PERCENT else t(f"campaign.field.{name}", lang)
        rows.append(
            dbc.Col(
                [
                    dbc.Label(label, html_for=f"cp-{name.replace('_', '-')}", className="small mb-0"),
                    _input(name, kind, start.get(name), options, lang),
                ],
                md=12 if name in ("name", "segment", "offer") else 6,
                className="mb-2",
            )  # fmt: skip
        )
    return dbc.Card(
        [dbc.CardHeader(t("campaign.plan.form", lang)), dbc.CardBody(dbc.Row(rows, className="g-2"))],
        className="shadow-sm mb-3",
    )


def plan_page(catalog: Catalog, lang: str, shown=None, segment=None) -> html.Div:
    """The whole page: form and actions on the left, the live preview on the right, plans below."""
    actions = html.Div(
        [
            dbc.Button(t("campaign.plan.save", lang), id="cp-save", color="primary", className="me-2", disabled=True),
            dcc.ConfirmDialogProvider(
                dbc.Button(t("campaign.plan.launch", lang), id="cp-launch", color="danger", disabled=True),
                id="cp-launch-confirm",
                message=t("campaign.plan.launch_confirm", lang),
            ),
            html.Div(id="cp-save-message", className="mt-2"),
            html.Div(id="cp-launch-message", className="mt-2"),
        ],
        className="mb-3",
    )
    return html.Div(
        [
            dcc.Store(id="cp-init", data=shown_plan(shown)),  # the plan a link asked for (highlighted), or 0
            dcc.Store(id="cp-init-segment", data=shown_plan(segment)),  # the segment a link plans for, or 0
            dcc.Store(id="cp-plan"),
            dcc.Store(id="cp-saved"),
            html.Div(
                [
                    html.H2(t("campaign.plan.title", lang), className="h4 mb-0 me-3"),
                    html.Span(t("campaign.plan.intro", lang), className="text-muted small"),
                ],
                className="d-flex align-items-baseline flex-wrap mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col([plan_form(catalog, lang), actions], lg=5),
                    dbc.Col(dcc.Loading(html.Div(id="cp-preview"), delay_show=300), lg=7),
                ]
            ),
            dbc.Card(
                [dbc.CardHeader(t("campaign.plan.plans", lang)), dbc.CardBody(html.Div(id="cp-plans"))],
                className="shadow-sm",
            ),
        ],
        className="p-3",
    )


def shown_plan(value) -> int:
    """The id of a ``?plan=`` (or ``?segment=``) link (0 for none, or anything that is not an id)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else 0
