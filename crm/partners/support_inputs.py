"""What the board, funds and deals share: form values parsed into checked Python values, and the
partners a request may act on (the warehouse's ``dim_partner`` read through ``olap.scope``).

Every refusal is a ``PartnerError`` with a ``partners.error.support_*`` key and the field it is about.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from crm.partners import PartnerError
from data.warehouse import Warehouse, get_warehouse, table_names
from olap.engine import cached
from olap.scope import allows, partner_scope

_SPACE = re.compile(r"\s+")
REASON_MAX = 1000  # characters of a decision's reason


class FieldError(PartnerError):
    """A refusal about one form field: the ``field`` value is said as the form's label."""

    def message(self, lang: str) -> str:
        from i18n import t  # lazy, as KeyedError.message

        values = dict(self.values)
        if "field" in values:
            values["field"] = t(f"partners.support.field.{values['field']}", lang, default=str(values["field"]))
        return t(self.key, lang, **values)


def text(value, field: str, *, limit: int, required: bool = True) -> str:
    """``value`` as stripped plain text of at most ``limit`` characters (stored as written, never markup)."""
    out = "" if value is None else str(value).strip()
    if required and not out:
        raise FieldError("partners.error.support_missing", field=field)
    if len(out) > limit:
        raise FieldError("partners.error.support_too_long", field=field, limit=limit, length=len(out))
    return out


def amount(value, field: str = "amount") -> float:
    """A finite amount above zero."""
    if value is None or value == "":
        raise FieldError("partners.error.support_missing", field=field)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FieldError("partners.error.support_not_a_number", field=field, value=str(value)) from None
    if not math.isfinite(number):
        raise FieldError("partners.error.support_not_a_number", field=field, value=str(value))
    if number <= 0:
        raise FieldError("partners.error.support_not_positive", field=field, value=f"{number:g}")
    return number


def date(value, field: str) -> dt.date:
    """A date from a date, a datetime or ISO text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or value == "":
        raise FieldError("partners.error.support_missing", field=field)
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise FieldError("partners.error.support_bad_date", field=field, value=str(value)) from None


def identifier(value, field: str) -> int:
    """A row id (a positive whole number)."""
    if value is None or value == "":
        raise FieldError("partners.error.support_missing", field=field)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise FieldError("partners.error.support_not_a_number", field=field, value=str(value)) from None
    if number < 1:
        raise FieldError("partners.error.support_not_a_number", field=field, value=str(value))
    return number


def decision(approve: bool, reason, *, field: str = "reason") -> str | None:
    """The reason kept with a decision: required to reject, optional to approve."""
    said = text(reason, field, limit=REASON_MAX, required=not approve)
    return said or None


def name_key(name) -> str:
    """A customer or prospect name compared case- and space-insensitively."""
    return _SPACE.sub("", str(name or "")).casefold()


def _all_partners(cursor) -> dict[int, str]:
    rows = cursor.execute("SELECT partner_id, name FROM dim_partner ORDER BY name, partner_id").fetchall()
    return {int(pid): str(name) for pid, name in rows}


def partner_names(warehouse: Warehouse | None = None) -> dict[int, str]:
    """Every partner of the warehouse the current scope allows: id → name, by name.

    Read once per warehouse version for all partners, filtered after the cache, so one manager's
    answer never serves another's. A warehouse without partners has none.
    """
    warehouse = warehouse or get_warehouse()
    if not has_table("dim_partner", warehouse):
        return {}
    everyone = cached(("partners.support.partners",), _all_partners, warehouse)
    scope = partner_scope()
    return everyone if scope is None else {pid: n for pid, n in everyone.items() if pid in scope}


def checked_partner(value, warehouse: Warehouse | None = None) -> int:
    """A partner id the warehouse holds and the current scope allows (refused otherwise)."""
    partner_id = identifier(value, "partner")
    if not allows(partner_id):
        raise PartnerError("partners.error.support_out_of_scope", partner=partner_id)
    if partner_id not in partner_names(warehouse):
        raise PartnerError("partners.error.support_unknown_partner", partner=partner_id)
    return partner_id


def require_scope(partner_id, key: str = "partners.error.support_out_of_scope", **values) -> None:
    """Refuse to act on a partner outside the current scope. A stored row of another manager's
    partner passes its own "unknown" ``key`` and ``values``: the refusal then says nothing of it."""
    if partner_id is not None and not allows(partner_id):
        raise PartnerError(key, **(values or {"partner": partner_id}))


def partner_in_scope(value) -> int:
    """A partner id to filter by, refused when outside the current scope (the warehouse is not asked)."""
    partner_id = identifier(value, "partner")
    require_scope(partner_id)
    return partner_id


def _has_table(warehouse: Warehouse, name: str) -> bool:
    return cached(("partners.support.has_table", name), lambda cursor: name in table_names(cursor), warehouse)


def has_table(name: str, warehouse: Warehouse | None = None) -> bool:
    """Whether the current warehouse version holds table ``name``."""
    return _has_table(warehouse or get_warehouse(), name)
