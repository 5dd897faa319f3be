"""A campaign plan: what is offered to which saved segment version, through which channel, when,
at what cost, with which holdout — checked on its own (``Plan.from_dict`` / ``check``) before the
warehouse is asked who it reaches (``crm.campaigns.audience``).

A plan is plain JSON once saved (``to_dict``), so the planner page keeps it in a store and the
operational store keeps it in ``campaign_plans.plan``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, fields

from errors import KeyedError

OBJECTIVES = ("campaign", "promotion", "survey")
PREFERRED = "preferred"  # channel mode: each customer's preferred channel
HOLDOUT_MIN, HOLDOUT_MAX = 0.05, 0.5
WINDOW_MAX = 365  # days of attribution after the end at most
NAME_MAX = 128


class PlanError(KeyedError, ValueError):
    """A plan that cannot be used as it is; ``key`` and ``values`` make the translated message
    (a ``field`` value is the plan's field name, said as the form's label)."""

    def message(self, lang: str) -> str:
        from i18n import t  # lazy, as KeyedError.message

        values = dict(self.values)
        if "field" in values:
            values["field"] = t(f"campaign.field.{values['field']}", lang, default=str(values["field"]))
        return t(self.key, lang, **values)


@dataclass(frozen=True)
class Plan:
    """One planned campaign, promotion or survey.

    ``channel`` is a ``dim_channel`` name or ``PREFERRED`` (each customer through the channel they
    prefer); ``holdout`` the share of the reachable audience kept as the random control group
    (drawn with ``seed``, stratified by RFM tier); ``window_days`` how long after ``end`` an order
    still counts as the campaign's answer; ``budget`` None when none was set; ``expected_uplift``
    the absolute uplift the marketer expects (None: the channels' past uplift, see ``preview``).
    """

    name: str
    objective: str
    segment_id: int
    segment_version: int
    channel: str
    start: dt.date
    end: dt.date
    cost_per_contact: float
    holdout: float
    window_days: int = 30
    fixed_cost: float = 0.0
    budget: float | None = None
    expected_uplift: float | None = None
    offer: str = ""
    offer_code: str = ""
    seed: int = 0

    def __post_init__(self) -> None:
        check(self)

    def to_dict(self) -> dict:
        """The plan as JSON-ready values (dates as ISO text)."""
        out = asdict(self)
        out["start"], out["end"] = self.start.isoformat(), self.end.isoformat()
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Plan:
        """A plan from a form or stored JSON: text is parsed, every problem is a ``PlanError``."""
        data = dict(data or {})
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise PlanError("campaign.plan.unknown_field", field=", ".join(sorted(unknown)))
        return cls(
            name=str(data.get("name") or "").strip(),
            objective=str(data.get("objective") or ""),
            segment_id=_integer(data.get("segment_id"), "segment", missing="campaign.plan.no_segment"),
            segment_version=_integer(data.get("segment_version"), "segment", missing="campaign.plan.no_segment"),
            channel=str(data.get("channel") or ""),
            start=_date(data.get("start"), "start"),
            end=_date(data.get("end"), "end"),
            cost_per_contact=_number(data.get("cost_per_contact"), "cost_per_contact"),
            holdout=_number(data.get("holdout"), "holdout"),
            window_days=_integer(data.get("window_days", 30), "window_days"),
            fixed_cost=_number(data.get("fixed_cost") or 0, "fixed_cost"),
            budget=_optional(data.get("budget"), "budget"),
            expected_uplift=_optional(data.get("expected_uplift"), "expected_uplift"),
            offer=str(data.get("offer") or "").strip(),
            offer_code=str(data.get("offer_code") or "").strip(),
            seed=_integer(data.get("seed", 0), "seed"),
        )

    @property
    def attribution_end(self) -> dt.date:
        """The last day an order is still attributed to the campaign."""
        return self.end + dt.timedelta(days=self.window_days)


def check(plan: Plan) -> None:
    """Refuse a plan whose own values make no sense (the warehouse is not asked)."""
    if not plan.name:
        raise PlanError("campaign.plan.no_name")
    if len(plan.name) > NAME_MAX:
        raise PlanError("campaign.plan.long_name", limit=NAME_MAX)
    if plan.objective not in OBJECTIVES:
        raise PlanError("campaign.plan.bad_objective", value=plan.objective, allowed=", ".join(OBJECTIVES))
    if not plan.channel:
        raise PlanError("campaign.plan.no_channel")
    if plan.segment_id < 1 or plan.segment_version < 1:
        raise PlanError("campaign.plan.no_segment")
    if plan.end < plan.start:
        raise PlanError("campaign.plan.end_before_start", start=plan.start.isoformat(), end=plan.end.isoformat())
    if not HOLDOUT_MIN <= plan.holdout <= HOLDOUT_MAX:
        raise PlanError(
            "campaign.plan.holdout_range",
            value=f"{plan.holdout:.1%}",
            low=f"{HOLDOUT_MIN:.0%}",
            high=f"{HOLDOUT_MAX:.0%}",
        )
    for name in ("cost_per_contact", "fixed_cost", "budget"):
        value = getattr(plan, name)
        if value is not None and value < 0:
            raise PlanError("campaign.plan.negative", field=name, value=value)
    if plan.expected_uplift is not None and not 0 < plan.expected_uplift < 1:
        raise PlanError("campaign.plan.uplift_range", value=f"{plan.expected_uplift * 100:g}")
    if not 0 <= plan.window_days <= WINDOW_MAX:
        raise PlanError("campaign.plan.window_range", value=plan.window_days, high=WINDOW_MAX)
    if plan.seed < 0:
        raise PlanError("campaign.plan.negative", field="seed", value=plan.seed)


def _number(value, field: str) -> float:
    if value is None or value == "":
        raise PlanError("campaign.plan.missing", field=field)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PlanError("campaign.plan.not_a_number", field=field, value=str(value)) from None
    if not math.isfinite(number):
        raise PlanError("campaign.plan.not_a_number", field=field, value=str(value))
    return number


def _optional(value, field: str) -> float | None:
    return None if value is None or value == "" else _number(value, field)


def _integer(value, field: str, missing: str = "campaign.plan.missing") -> int:
    if value is None or value == "":
        raise PlanError(missing, field=field)
    number = _number(value, field)
    if number != int(number):
        raise PlanError("campaign.plan.not_a_number", field=field, value=str(value))
    return int(number)


def _date(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        raise PlanError("campaign.plan.missing", field=field)
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise PlanError("campaign.plan.bad_date", field=field, value=str(value)) from None
