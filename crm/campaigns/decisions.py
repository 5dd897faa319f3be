"""What was decided after reading a campaign's result: a choice, a note, optionally the segment or plan
it led to. Stored in the operational store (``campaign_decisions``), tied to the warehouse lineage the
campaign id belongs to (ids restart per warehouse), every decision audited."""

from __future__ import annotations

import sqlalchemy as sa

from data import opstore
from errors import KeyedError

CHOICES = ("repeat", "scale_up", "change_offer", "change_audience", "stop")
NOTE_MAX = 1000


class DecisionError(KeyedError, ValueError):
    """A decision that cannot be recorded; ``key`` and ``values`` make the translated message."""


def _optional_id(value, key: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DecisionError(key, value=str(value)) from None


def record_decision(
    campaign_id: int,
    choice: str,
    note: str,
    user: str,
    lineage: str,
    campaign_ids,
    segment_id=None,
    plan_id=None,
) -> int:
    """Record a decision on a campaign of ``campaign_ids`` (the warehouse's); returns its id.

    ``DecisionError`` for an unknown campaign, choice, segment or plan, or a note longer than ``NOTE_MAX``.
    """
    if campaign_id not in set(campaign_ids):
        raise DecisionError("cycle.decision.no_campaign", campaign=str(campaign_id))
    if choice not in CHOICES:
        raise DecisionError("cycle.decision.choice", value=str(choice))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DecisionError("cycle.decision.note_long", limit=NOTE_MAX, length=len(note))
    segment_id = _optional_id(segment_id, "cycle.decision.no_segment")
    plan_id = _optional_id(plan_id, "cycle.decision.no_plan")
    s, p, d = opstore.segments, opstore.campaign_plans, opstore.campaign_decisions
    with opstore.engine().begin() as con:
        if (
            segment_id is not None
            and con.execute(
                sa.select(s.c.segment_id).where(s.c.segment_id == segment_id, s.c.archived.is_(False))
            ).first()
            is None
        ):
            raise DecisionError("cycle.decision.no_segment", value=str(segment_id))
        if (
            plan_id is not None
            and con.execute(sa.select(p.c.plan_id).where(p.c.plan_id == plan_id, p.c.lineage == lineage)).first()
            is None
        ):
            raise DecisionError("cycle.decision.no_plan", value=str(plan_id))
        decision_id = con.execute(
            d.insert().values(
                campaign_id=int(campaign_id), lineage=lineage, choice=choice, note=note,
                segment_id=segment_id, plan_id=plan_id, created_by=user,
            )
        ).inserted_primary_key[0]  # fmt: skip
    opstore.audit(user, "campaign.decision", f"campaign#{campaign_id}", f"decision#{decision_id} {choice}")
    return int(decision_id)


def decisions(lineage: str, campaign_id: int | None = None) -> list[dict]:
    """Decisions of a lineage (one campaign's, or every one), newest first, with the name of the segment
    each led to (``segment_name``)."""
    d, s = opstore.campaign_decisions, opstore.segments
    query = (
        sa.select(d, s.c.name.label("segment_name"))
        .select_from(d.outerjoin(s, s.c.segment_id == d.c.segment_id))
        .where(d.c.lineage == lineage)
    )
    if campaign_id is not None:
        query = query.where(d.c.campaign_id == int(campaign_id))
    with opstore.engine().connect() as con:
        return [dict(r._mapping) for r in con.execute(query.order_by(d.c.decision_id.desc()))]


def decide(campaign_id, choice, note, user, segment_id=None, plan_id=None, warehouse=None) -> list[dict]:
    """Record a decision on a campaign of the current warehouse; returns that campaign's decisions."""
    from crm.campaigns.results import cached_results
    from data.warehouse import get_warehouse

    warehouse = warehouse or get_warehouse()
    lineage = warehouse.lineage()
    known = [r.campaign_id for r in cached_results(warehouse=warehouse)]
    try:
        campaign_id = int(campaign_id)
    except (TypeError, ValueError):
        raise DecisionError("cycle.decision.no_campaign", campaign=str(campaign_id)) from None
    record_decision(campaign_id, choice, note, user, lineage, known, segment_id, plan_id)
    return decisions(lineage, campaign_id)
