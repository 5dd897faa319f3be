"""Market development funds: a budget for a period, allocated to partners, claimed against an
allocation (``submitted`` → ``approved`` | ``rejected``), and what each fund went with.

Rules, each refusal a ``PartnerError`` (``partners.error.fund_*``):
- a budget has a name, a period (end not before start) and an amount above zero;
- an allocation goes to a partner of the warehouse in the caller's scope, above zero, and all the
  budget's allocations together never exceed the budget;
- a claim names its activity, is dated inside the budget's period, is above zero and not more than
  what the allocation has left after the claims approved so far; approved claims together never
  exceed the allocation (checked again when approving);
- a claim is decided once; rejecting needs a reason.
The limits are checked inside the writing statement itself (``INSERT … SELECT … WHERE`` /
``UPDATE … WHERE``), so two managers acting at once cannot overspend a budget or an allocation.

``fund_summary`` puts per fund and partner the money (budget, allocated, claimed = submitted +
approved, approved, remaining = allocated − approved) beside the partner's revenue
(``fact_order_line`` through the partner) and new pipeline (``fact_opportunity`` created with the
partner) in the budget's period and in the same number of days just before: an association, not a
measured effect of the fund.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from crm.partners import PartnerError
from crm.partners.support_inputs import (
    amount,
    checked_partner,
    date,
    decision,
    has_table,
    identifier,
    partner_in_scope,
    partner_names,
    require_scope,
    text,
)
from data import opstore
from data.warehouse import Warehouse, get_warehouse
from olap.engine import cached
from olap.scope import partner_scope

NAME_MAX = 128
TEXT_MAX = 1000
SUBMITTED, APPROVED, REJECTED = "submitted", "approved", "rejected"
_CENT = 1e-6  # money compared to the budget with a little room for float sums

B, A, C = opstore.partner_fund_budgets, opstore.partner_fund_allocations, opstore.partner_fund_claims


def create_budget(user: str, name, start, end, total) -> int:
    """A new budget for ``start``–``end`` (inclusive); returns its id."""
    name = text(name, "name", limit=NAME_MAX)
    start, end = date(start, "start"), date(end, "end")
    if end < start:
        raise PartnerError("partners.error.fund_end_before_start", start=start.isoformat(), end=end.isoformat())
    total = amount(total)
    with opstore.engine().begin() as con:
        budget_id = con.execute(
            B.insert().values(name=name, start_date=start, end_date=end, amount=total, created_by=user)
        ).inserted_primary_key[0]
    opstore.audit(user, "partner.fund.budget", f"budget#{budget_id}", f"{name} {start}..{end} amount={total:g}")
    return int(budget_id)


def budget(budget_id) -> dict:
    """One budget's row (refused when unknown)."""
    budget_id = identifier(budget_id, "budget")
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(B).where(B.c.budget_id == budget_id)).first()
    if row is None:
        raise PartnerError("partners.error.fund_unknown_budget", budget=budget_id)
    return dict(row._mapping)


def allocate(user: str, budget_id, partner_id, total, purpose="", warehouse: Warehouse | None = None) -> int:
    """Allocate ``total`` of a budget to a partner; refused when the budget would be exceeded."""
    found = budget(budget_id)
    partner_id = checked_partner(partner_id, warehouse)
    total = amount(total)
    purpose = text(purpose, "purpose", limit=TEXT_MAX, required=False)
    allocated = sa.select(sa.func.coalesce(sa.func.sum(A.c.amount), 0.0)).where(A.c.budget_id == found["budget_id"])
    fits = allocated.scalar_subquery() + total <= found["amount"] + _CENT
    values = sa.select(
        sa.literal(found["budget_id"]), sa.literal(partner_id), sa.literal(total), sa.literal(purpose), sa.literal(user)
    ).where(fits)
    with opstore.engine().begin() as con:
        allocation_id = con.execute(
            A.insert()
            .from_select(["budget_id", "partner_id", "amount", "purpose", "created_by"], values)
            .returning(A.c.allocation_id)
        ).scalar()
        if allocation_id is None:
            used = con.execute(allocated).scalar_one()
            raise PartnerError(
                "partners.error.fund_over_budget",
                amount=f"{total:,.2f}",
                left=f"{found['amount'] - used:,.2f}",
                budget=found["name"],
            )
    opstore.audit(
        user,
        "partner.fund.allocate",
        f"allocation#{allocation_id}",
        f"budget={found['budget_id']} partner={partner_id} amount={total:g}",
    )
    return int(allocation_id)


def _allocation(con, allocation_id: int, unknown: tuple[str, dict] | None = None) -> dict:
    """An allocation with its budget's period; one outside the scope is refused as ``unknown``
    (default: as an unknown allocation)."""
    row = con.execute(
        sa.select(A, B.c.start_date, B.c.end_date, B.c.name.label("budget_name"))
        .join(B, B.c.budget_id == A.c.budget_id)
        .where(A.c.allocation_id == allocation_id)
    ).first()
    if row is None:
        raise PartnerError("partners.error.fund_unknown_allocation", allocation=allocation_id)
    found = dict(row._mapping)
    key, values = unknown or ("partners.error.fund_unknown_allocation", {"allocation": allocation_id})
    require_scope(found["partner_id"], key, **values)
    return found


def _approved(allocation_id):
    return sa.select(sa.func.coalesce(sa.func.sum(C.c.amount), 0.0)).where(
        C.c.allocation_id == allocation_id, C.c.status == APPROVED
    )


def claim(user: str, allocation_id, activity, activity_date, total) -> int:
    """Claim ``total`` against an allocation for an activity on ``activity_date``; returns its id."""
    allocation_id = identifier(allocation_id, "allocation")
    activity = text(activity, "activity", limit=TEXT_MAX)
    when = date(activity_date, "activity_date")
    total = amount(total)
    with opstore.engine().begin() as con:
        found = _allocation(con, allocation_id)
        if not found["start_date"] <= when <= found["end_date"]:
            raise PartnerError(
                "partners.error.fund_date_outside",
                date=when.isoformat(),
                start=found["start_date"].isoformat(),
                end=found["end_date"].isoformat(),
            )
        left = found["amount"] - con.execute(_approved(allocation_id)).scalar_one()
        if total > left + _CENT:
            raise PartnerError("partners.error.fund_over_allocation", amount=f"{total:,.2f}", left=f"{left:,.2f}")
        claim_id = con.execute(
            C.insert().values(
                allocation_id=allocation_id,
                amount=total,
                activity=activity,
                activity_date=when,
                status=SUBMITTED,
                created_by=user,
            )
        ).inserted_primary_key[0]
    opstore.audit(user, "partner.fund.claim", f"claim#{claim_id}", f"allocation={allocation_id} amount={total:g}")
    return int(claim_id)


def decide_claim(user: str, claim_id, approve: bool, reason=None) -> None:
    """Approve or reject a submitted claim (a reason is required to reject; deciding twice is refused)."""
    claim_id = identifier(claim_id, "claim")
    reason = decision(approve, reason)
    with opstore.engine().begin() as con:
        row = con.execute(sa.select(C).where(C.c.claim_id == claim_id)).first()
        if row is None:
            raise PartnerError("partners.error.fund_unknown_claim", claim=claim_id)
        found = _allocation(con, row.allocation_id, ("partners.error.fund_unknown_claim", {"claim": claim_id}))
        if row.status != SUBMITTED:
            raise PartnerError("partners.error.fund_decided", claim=claim_id, status=row.status)
        condition = [C.c.claim_id == claim_id, C.c.status == SUBMITTED]
        if approve:  # the approved total stays within the allocation, checked as the row changes
            condition.append(_approved(row.allocation_id).scalar_subquery() + C.c.amount <= found["amount"] + _CENT)
        changed = con.execute(
            C.update()
            .where(*condition)
            .values(
                status=APPROVED if approve else REJECTED,
                reason=reason,
                decided_by=user,
                decided_at=sa.func.current_timestamp(),
            )
        ).rowcount
        if not changed:
            status = con.execute(sa.select(C.c.status).where(C.c.claim_id == claim_id)).scalar_one()
            if status != SUBMITTED:
                raise PartnerError("partners.error.fund_decided", claim=claim_id, status=status)
            left = found["amount"] - con.execute(_approved(row.allocation_id)).scalar_one()
            raise PartnerError("partners.error.fund_over_allocation", amount=f"{row.amount:,.2f}", left=f"{left:,.2f}")
    opstore.audit(user, "partner.fund.approve" if approve else "partner.fund.reject", f"claim#{claim_id}", reason or "")


def _in_scope(frame: pd.DataFrame) -> pd.DataFrame:
    scope = partner_scope()
    if scope is None or frame.empty:
        return frame.reset_index(drop=True)
    return frame[frame["partner_id"].isin(scope)].reset_index(drop=True)


def _read(query) -> pd.DataFrame:
    with opstore.engine().connect() as con:
        return pd.read_sql(query, con)


def list_budgets() -> pd.DataFrame:
    """Every budget (budgets belong to no partner), newest first, with what is allocated of it."""
    allocated = sa.select(A.c.budget_id, sa.func.sum(A.c.amount).label("allocated")).group_by(A.c.budget_id)
    allocated = allocated.subquery()
    query = (
        sa.select(B, sa.func.coalesce(allocated.c.allocated, 0.0).label("allocated"))
        .outerjoin(allocated, allocated.c.budget_id == B.c.budget_id)
        .order_by(B.c.start_date.desc(), B.c.budget_id.desc())
    )
    frame = _read(query)
    frame["unallocated"] = frame["amount"] - frame["allocated"]
    return frame


def list_allocations(partner_id=None) -> pd.DataFrame:
    """Allocations in scope (of one partner when given), with their budget's name and period."""
    query = sa.select(A, B.c.name.label("budget_name"), B.c.start_date, B.c.end_date).join(
        B, B.c.budget_id == A.c.budget_id
    )
    if partner_id is not None and partner_id != "":
        query = query.where(A.c.partner_id == partner_in_scope(partner_id))
    return _in_scope(_read(query.order_by(A.c.allocation_id.desc())))


def list_claims(partner_id=None, status: str | None = None) -> pd.DataFrame:
    """Claims in scope, newest first, with their allocation's partner and budget."""
    query = (
        sa.select(C, A.c.partner_id, A.c.budget_id, B.c.name.label("budget_name"))
        .join(A, A.c.allocation_id == C.c.allocation_id)
        .join(B, B.c.budget_id == A.c.budget_id)
    )
    if partner_id is not None and partner_id != "":
        query = query.where(A.c.partner_id == partner_in_scope(partner_id))
    if status:
        query = query.where(C.c.status == status)
    return _in_scope(_read(query.order_by(C.c.claim_id.desc())))


SUMMARY_COLUMNS = [
    "budget_id",
    "budget_name",
    "start_date",
    "end_date",
    "budget_amount",
    "partner_id",
    "partner",
    "allocated",
    "claimed",
    "approved",
    "remaining",
    "revenue",
    "revenue_before",
    "pipeline",
    "pipeline_before",
    "opportunities",
    "opportunities_before",
    "before_start",
    "before_end",
]


def fund_summary(partner_id=None, warehouse: Warehouse | None = None) -> pd.DataFrame:
    """Per fund and partner (in scope): the money and what the partner sold and opened meanwhile.

    ``revenue`` is the partner's ``fact_order_line`` revenue with ``order_ts`` in the budget's
    period, ``pipeline`` / ``opportunities`` the amount and count of ``fact_opportunity`` rows of the
    partner created in it; the ``*_before`` columns are the same for the same number of days just
    before (``before_start``–``before_end``). A warehouse without opportunities leaves pipeline empty.
    """
    money = _money(partner_id)
    if money.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    money["remaining"] = money["allocated"] - money["approved"]
    money["before_end"] = [start - dt.timedelta(days=1) for start in money["start_date"]]
    money["before_start"] = [
        start - dt.timedelta(days=period_days(start, end))
        for start, end in zip(money["start_date"], money["end_date"], strict=True)
    ]
    sales = went_with(money[["partner_id", "start_date", "end_date", "before_start", "before_end"]], warehouse)
    out = money.merge(sales, how="left", on=["partner_id", "start_date", "end_date"])
    out["partner"] = out["partner_id"].map(partner_names(warehouse)).fillna(out["partner_id"].astype(str))
    return out[SUMMARY_COLUMNS].sort_values(["start_date", "budget_id", "partner"], ascending=[False, False, True])


def _money(partner_id=None) -> pd.DataFrame:
    """Per budget and partner in scope: the budget, what is allocated, claimed (submitted + approved)
    and approved — one grouped query on the operational store."""
    per_claim = (
        sa.select(
            C.c.allocation_id,
            sa.func.sum(sa.case((C.c.status.in_((SUBMITTED, APPROVED)), C.c.amount), else_=0.0)).label("claimed"),
            sa.func.sum(sa.case((C.c.status == APPROVED, C.c.amount), else_=0.0)).label("approved"),
        )
        .group_by(C.c.allocation_id)
        .subquery()
    )
    query = (
        sa.select(
            A.c.budget_id, B.c.name.label("budget_name"), B.c.start_date, B.c.end_date,
            B.c.amount.label("budget_amount"), A.c.partner_id, sa.func.sum(A.c.amount).label("allocated"),
            sa.func.coalesce(sa.func.sum(per_claim.c.claimed), 0.0).label("claimed"),
            sa.func.coalesce(sa.func.sum(per_claim.c.approved), 0.0).label("approved"),
        )
        .join(B, B.c.budget_id == A.c.budget_id)
        .outerjoin(per_claim, per_claim.c.allocation_id == A.c.allocation_id)
        .group_by(A.c.budget_id, A.c.partner_id, B.c.name, B.c.start_date, B.c.end_date, B.c.amount)
    )  # fmt: skip
    if partner_id is not None and partner_id != "":
        query = query.where(A.c.partner_id == partner_in_scope(partner_id))
    scope = partner_scope()
    if scope is not None:
        query = query.where(A.c.partner_id.in_(sorted(scope)))
    with opstore.engine().connect() as con:
        rows = [dict(r._mapping) for r in con.execute(query)]
    return pd.DataFrame(rows, columns=[c.name for c in query.selected_columns])


_WENT_WITH = """
WITH asked AS (
    SELECT unnest($partners) AS partner_id, unnest($starts) AS start_date, unnest($ends) AS end_date,
           unnest($before_starts) AS before_start, unnest($before_ends) AS before_end
), sales AS (
    SELECT a.partner_id, a.start_date, a.end_date,
           sum(f.revenue) FILTER (WHERE f.order_ts >= a.start_date AND f.order_ts < a.end_date + 1) AS revenue,
           sum(f.revenue) FILTER (WHERE f.order_ts < a.start_date) AS revenue_before
    FROM asked a JOIN fact_order_line f
      ON f.partner_id = a.partner_id AND f.order_ts >= a.before_start AND f.order_ts < a.end_date + 1
    GROUP BY ALL
){opportunities}
SELECT a.partner_id, a.start_date, a.end_date,
       coalesce(s.revenue, 0) AS revenue, coalesce(s.revenue_before, 0) AS revenue_before{opportunity_columns}
FROM asked a
LEFT JOIN sales s USING (partner_id, start_date, end_date){opportunity_join}
"""
_OPPORTUNITIES = """, opened AS (
    SELECT a.partner_id, a.start_date, a.end_date,
           sum(o.amount) FILTER (WHERE o.created_date >= a.start_date) AS pipeline,
           sum(o.amount) FILTER (WHERE o.created_date < a.start_date) AS pipeline_before,
           count(*) FILTER (WHERE o.created_date >= a.start_date) AS opportunities,
           count(*) FILTER (WHERE o.created_date < a.start_date) AS opportunities_before
    FROM asked a JOIN fact_opportunity o
      ON o.partner_id = a.partner_id AND o.created_date BETWEEN a.before_start AND a.end_date
    GROUP BY ALL
)"""


def went_with(periods: pd.DataFrame, warehouse: Warehouse | None = None) -> pd.DataFrame:
    """Revenue and new pipeline per (partner, period) and in the same number of days before it.

    ``periods`` has ``partner_id``, ``start_date``, ``end_date``, ``before_start``, ``before_end``;
    one warehouse query answers all of them (cached per warehouse version and the periods asked).
    """
    warehouse = warehouse or get_warehouse()
    asked = periods.drop_duplicates(["partner_id", "start_date", "end_date"])
    with_pipeline = has_table("fact_opportunity", warehouse)
    sql = _WENT_WITH.format(
        opportunities=_OPPORTUNITIES if with_pipeline else "",
        opportunity_columns=(
            ", coalesce(o.pipeline, 0) AS pipeline, coalesce(o.pipeline_before, 0) AS pipeline_before, "
            "coalesce(o.opportunities, 0) AS opportunities, coalesce(o.opportunities_before, 0) AS opportunities_before"
            if with_pipeline
            else ", NULL::DOUBLE AS pipeline, NULL::DOUBLE AS pipeline_before, NULL::BIGINT AS opportunities, "
            "NULL::BIGINT AS opportunities_before"
        ),
        opportunity_join=" LEFT JOIN opened o USING (partner_id, start_date, end_date)" if with_pipeline else "",
    )
    params = {
        "partners": [int(p) for p in asked["partner_id"]],
        "starts": list(asked["start_date"]),
        "ends": list(asked["end_date"]),
        "before_starts": list(asked["before_start"]),
        "before_ends": list(asked["before_end"]),
    }
    key = tuple(zip(*(map(str, v) for v in params.values()), strict=True))

    def compute(cursor) -> pd.DataFrame:
        frame = cursor.execute(sql, params).df()
        for column in ("start_date", "end_date"):
            frame[column] = pd.to_datetime(frame[column]).dt.date
        frame["partner_id"] = frame["partner_id"].astype("int64")
        return frame

    return cached(("partners.funds.went_with", key), compute, warehouse)


def change(now: float | None, before: float | None) -> float | None:
    """The relative change from ``before`` to ``now`` (None when there was nothing before)."""
    if now is None or before is None or pd.isna(now) or pd.isna(before) or before == 0:
        return None
    return (now - before) / abs(before)


def period_days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1
