"""Deal registration: a partner registers an opportunity it is working on; possible duplicates are
flagged as it is registered; a partner manager approves or rejects it (with a reason) once.

A deal names a warehouse customer (``customer_id``) or a prospect not in the warehouse yet (a
name). Possible duplicates are
- open opportunities (``fact_opportunity`` with no ``closed_date`` and a stage not ``Closed …``) of
  the same customer — for a prospect, of every customer whose name is the same ignoring case and
  spaces — expected to close within ``WINDOW_DAYS`` of the deal's expected close;
- other registered or approved deals for the same customer (same id, or the same name ignoring
  case and spaces).
They are stored with the deal (``partner_deals.duplicates``: JSON ``{"opportunities": […],
"deals": […]}``) as what was found when it was registered. Every refusal is a ``PartnerError``
(``partners.error.deal_*``); everything is audited; a reader sees only the deals of partners in scope.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

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
    name_key,
    partner_in_scope,
    require_scope,
    text,
)
from data import opstore
from data.warehouse import Warehouse, get_warehouse
from olap.scope import partner_scope

REGISTERED, APPROVED, REJECTED = "registered", "approved", "rejected"
STATUSES = (REGISTERED, APPROVED, REJECTED)
WINDOW_DAYS = 90
NAME_MAX = 200
DESCRIPTION_MAX = 2000
D = opstore.partner_deals

# The same normalisation as ``name_key``: all white space removed, then case folded.
_OPEN_OPPORTUNITIES = """
SELECT o.opportunity_id
FROM fact_opportunity o
WHERE o.closed_date IS NULL AND o.stage NOT LIKE 'Closed%'
  AND abs(date_diff('day', o.expected_close, $close)) <= $window
  AND {customer}
ORDER BY o.opportunity_id
"""
_BY_ID = "o.customer_id = $customer"
_BY_NAME = (
    "o.customer_id IN (SELECT customer_id FROM dim_customer WHERE lower(regexp_replace(name, '\\s+', '', 'g')) = $name)"
)


@dataclass(frozen=True)
class Registered:
    """A deal as registered, with what it may duplicate."""

    deal_id: int
    opportunities: list[int] = field(default_factory=list)
    deals: list[int] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.opportunities or self.deals)


def customer_name(cursor, customer_id: int) -> str:
    """The warehouse's name of a customer (refused when it has none)."""
    row = cursor.execute("SELECT name FROM dim_customer WHERE customer_id = ?", [customer_id]).fetchone()
    if row is None:
        raise PartnerError("partners.error.deal_unknown_customer", customer=customer_id)
    return str(row[0] or customer_id)


def duplicate_opportunities(cursor, close: dt.date, *, customer_id: int | None = None, name: str = "") -> list[int]:
    """Open opportunities of the customer (or of customers so named) closing within the window."""
    customer = _BY_ID if customer_id is not None else _BY_NAME
    params = {"close": close, "window": WINDOW_DAYS}
    params |= {"customer": customer_id} if customer_id is not None else {"name": name_key(name)}
    rows = cursor.execute(_OPEN_OPPORTUNITIES.format(customer=customer), params).fetchall()
    return [int(r[0]) for r in rows]


def duplicate_deals(con, *, customer_id: int | None, name: str, exclude: int | None = None) -> list[int]:
    """Registered or approved deals for the same customer (same id, or a prospect of the same name)."""
    rows = con.execute(
        sa.select(D.c.deal_id, D.c.customer_id, D.c.customer_name).where(D.c.status.in_((REGISTERED, APPROVED)))
    ).all()
    key = name_key(name)
    return sorted(
        int(r.deal_id)
        for r in rows
        if r.deal_id != exclude
        and (
            (customer_id is not None and r.customer_id == customer_id)
            or ((customer_id is None or r.customer_id is None) and name_key(r.customer_name) == key)
        )
    )


def register_deal(
    user: str,
    partner_id,
    deal_amount,
    expected_close,
    *,
    customer_id=None,
    prospect=None,
    description="",
    today: dt.date | None = None,
    warehouse: Warehouse | None = None,
) -> Registered:
    """Register a deal of a partner for a warehouse customer or a prospect; flag its possible duplicates."""
    warehouse = warehouse or get_warehouse()
    partner_id = checked_partner(partner_id, warehouse)
    cursor = warehouse.cursor()
    if customer_id not in (None, ""):
        customer = identifier(customer_id, "customer")
        name = customer_name(cursor, customer)
    else:
        customer, name = None, text(prospect, "prospect", limit=NAME_MAX)
    deal_amount = amount(deal_amount)
    close = date(expected_close, "expected_close")
    today = today or dt.date.today()
    if close < today:
        raise PartnerError("partners.error.deal_close_past", date=close.isoformat(), today=today.isoformat())
    description = text(description, "description", limit=DESCRIPTION_MAX, required=False)
    opportunities = (
        duplicate_opportunities(cursor, close, customer_id=customer, name=name)
        if has_table("fact_opportunity", warehouse)
        else []
    )
    with opstore.engine().begin() as con:
        deals = duplicate_deals(con, customer_id=customer, name=name)
        deal_id = con.execute(
            D.insert().values(
                partner_id=partner_id,
                customer_id=customer,
                customer_name=name,
                amount=deal_amount,
                expected_close=close,
                description=description or None,
                status=REGISTERED,
                created_by=user,
                duplicates=json.dumps({"opportunities": opportunities, "deals": deals}),
            )
        ).inserted_primary_key[0]
    opstore.audit(
        user,
        "partner.deal.register",
        f"deal#{deal_id}",
        f"partner={partner_id} amount={deal_amount:g} duplicates={len(opportunities) + len(deals)}",
    )
    return Registered(int(deal_id), opportunities, deals)


def decide_deal(user: str, deal_id, approve: bool, reason=None) -> None:
    """Approve or reject a registered deal; a reason is required to reject, and a deal is decided once."""
    deal_id = identifier(deal_id, "deal")
    reason = decision(approve, reason)
    with opstore.engine().begin() as con:
        row = con.execute(sa.select(D.c.partner_id, D.c.status).where(D.c.deal_id == deal_id)).first()
        if row is None:
            raise PartnerError("partners.error.deal_unknown", deal=deal_id)
        require_scope(row.partner_id, "partners.error.deal_unknown", deal=deal_id)  # another's: as if unknown
        changed = con.execute(
            D.update()
            .where(D.c.deal_id == deal_id, D.c.status == REGISTERED)
            .values(
                status=APPROVED if approve else REJECTED,
                reason=reason,
                decided_by=user,
                decided_at=sa.func.current_timestamp(),
            )
        ).rowcount
    if not changed:
        raise PartnerError("partners.error.deal_decided", deal=deal_id, status=row.status)
    opstore.audit(user, "partner.deal.approve" if approve else "partner.deal.reject", f"deal#{deal_id}", reason or "")


COLUMNS = [c.name for c in D.columns]


def list_deals(status: str | None = None, partner_id=None) -> pd.DataFrame:
    """Registered deals in scope, newest first; ``duplicates`` parsed into ``duplicate_opportunities``
    and ``duplicate_deals`` (lists of ids)."""
    query = sa.select(D).order_by(D.c.deal_id.desc())
    if status:
        if status not in STATUSES:
            raise PartnerError("partners.error.deal_bad_status", value=str(status), allowed=", ".join(STATUSES))
        query = query.where(D.c.status == status)
    if partner_id not in (None, ""):
        query = query.where(D.c.partner_id == partner_in_scope(partner_id))
    scope = partner_scope()
    if scope is not None:
        query = query.where(D.c.partner_id.in_(sorted(scope)))
    with opstore.engine().connect() as con:
        frame = pd.DataFrame([dict(r._mapping) for r in con.execute(query)], columns=COLUMNS)
    frame["customer_id"] = frame["customer_id"].astype("Int64")  # a prospect has none
    found = [json.loads(d) if d else {} for d in frame["duplicates"]]
    frame["duplicate_opportunities"] = [f.get("opportunities", []) for f in found]
    frame["duplicate_deals"] = [f.get("deals", []) for f in found]
    return frame
