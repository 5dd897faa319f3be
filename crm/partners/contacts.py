"""A partner's contacts and contract dates, kept in the operational store (the warehouse holds
neither): add, list, remove, each checked and audited. Who may change them is decided by the caller
(the page's callbacks allow ``PARTNER_EDIT_ROLES``); every function refuses a partner that is unknown
or outside the request's scope with the same ``partners.error.not_found``."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import sqlalchemy as sa

from crm.partners import PartnerError
from crm.partners.profile import check_partner
from data import opstore

CONTRACT_KINDS = ("distribution", "reseller", "agency", "service", "nda", "other")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()./\- ]{3,64}$")
LIMITS = {"name": 200, "role": 128, "email": 254, "note": 2000}
CONTACT_COLUMNS = ("contact_id", "name", "role", "email", "phone", "created_by", "created_at")
CONTRACT_COLUMNS = ("contract_id", "kind", "start_date", "end_date", "note", "created_by", "created_at")


def _text(value, field: str, required: bool = False) -> str | None:
    text = str(value or "").strip()
    if not text:
        if required:
            raise PartnerError("partners.error.missing", field=field)
        return None
    if len(text) > LIMITS.get(field, 200):
        raise PartnerError("partners.error.too_long", field=field, limit=LIMITS.get(field, 200))
    return text


def _date(value, field: str, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        if required:
            raise PartnerError("partners.error.missing", field=field)
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise PartnerError("partners.error.bad_field_date", field=field, value=str(value)) from None


def add_contact(partner_id, actor: str, name, role=None, email=None, phone=None, warehouse=None) -> int:
    """Store a contact person of the partner; returns its id."""
    pid = check_partner(partner_id, warehouse)
    values = {
        "name": _text(name, "name", required=True),
        "role": _text(role, "role"),
        "email": _text(email, "email"),
        "phone": _text(phone, "phone"),
    }
    if values["email"] and not _EMAIL.match(values["email"]):
        raise PartnerError("partners.error.email", value=values["email"])
    if values["phone"] and not _PHONE.match(values["phone"]):
        raise PartnerError("partners.error.phone", value=values["phone"])
    with opstore.engine().begin() as con:
        contact_id = con.execute(
            opstore.partner_contacts.insert().values(partner_id=pid, created_by=actor, **values)
        ).inserted_primary_key[0]
    opstore.audit(actor, "partner.contact.add", f"partner#{pid}", f"contact={contact_id}")
    return int(contact_id)


def add_contract(partner_id, actor: str, kind, start, end=None, note=None, warehouse=None) -> int:
    """Store a contract of the partner (``end`` None: open-ended); returns its id."""
    pid = check_partner(partner_id, warehouse)
    kind = str(kind or "").strip()
    if kind not in CONTRACT_KINDS:
        raise PartnerError("partners.error.kind", value=kind, allowed=", ".join(CONTRACT_KINDS))
    first, last = _date(start, "start_date"), _date(end, "end_date", required=False)
    if last is not None and last < first:
        raise PartnerError("partners.error.end_before_start", start=first.isoformat(), end=last.isoformat())
    with opstore.engine().begin() as con:
        contract_id = con.execute(
            opstore.partner_contracts.insert().values(
                partner_id=pid, kind=kind, start_date=first, end_date=last, note=_text(note, "note"), created_by=actor
            )
        ).inserted_primary_key[0]
    opstore.audit(actor, "partner.contract.add", f"partner#{pid}", f"contract={contract_id} {kind} {first}..{last}")
    return int(contract_id)


def _listed(table: sa.Table, columns: tuple[str, ...], pid: int, order) -> pd.DataFrame:
    with opstore.engine().connect() as con:
        rows = con.execute(
            sa.select(*(table.c[c] for c in columns)).where(table.c.partner_id == pid).order_by(*order)
        ).fetchall()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def list_contacts(partner_id, warehouse=None) -> pd.DataFrame:
    """The partner's contacts (``CONTACT_COLUMNS``), oldest first."""
    pid = check_partner(partner_id, warehouse)
    t = opstore.partner_contacts
    return _listed(t, CONTACT_COLUMNS, pid, (t.c.contact_id,))


def list_contracts(partner_id, warehouse=None) -> pd.DataFrame:
    """The partner's contracts (``CONTRACT_COLUMNS``), latest start first."""
    pid = check_partner(partner_id, warehouse)
    t = opstore.partner_contracts
    return _listed(t, CONTRACT_COLUMNS, pid, (t.c.start_date.desc(), t.c.contract_id.desc()))


def _remove(table: sa.Table, key: str, what: str, partner_id, row_id, actor: str, warehouse) -> None:
    pid = check_partner(partner_id, warehouse)
    try:
        row_id = int(row_id)
    except (TypeError, ValueError):
        raise PartnerError(f"partners.error.no_{what}", value=str(row_id)) from None
    with opstore.engine().begin() as con:
        # the row must belong to this partner: an id of another partner's row removes nothing
        gone = con.execute(table.delete().where(table.c[key] == row_id, table.c.partner_id == pid)).rowcount
    if not gone:
        raise PartnerError(f"partners.error.no_{what}", value=str(row_id))
    opstore.audit(actor, f"partner.{what}.remove", f"partner#{pid}", f"{what}={row_id}")


def remove_contact(partner_id, contact_id, actor: str, warehouse=None) -> None:
    """Delete one of the partner's contacts."""
    _remove(opstore.partner_contacts, "contact_id", "contact", partner_id, contact_id, actor, warehouse)


def remove_contract(partner_id, contract_id, actor: str, warehouse=None) -> None:
    """Delete one of the partner's contracts."""
    _remove(opstore.partner_contracts, "contract_id", "contract", partner_id, contract_id, actor, warehouse)
