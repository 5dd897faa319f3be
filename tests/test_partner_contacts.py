"""A partner's contacts and contracts in the operational store: round trip, validation, the scope,
the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from crm.partners import PartnerError
from crm.partners import contacts as pc
from data import opstore
from olap.scope import scoped
from tests.test_partner_profile import handmade  # noqa: F401 (the hand-made warehouse fixture)


@pytest.fixture(autouse=True)
def store(store_url):
    """A fresh operational store for every test, on SQLite and on PostgreSQL."""
    return opstore.engine()


def _audits(action: str) -> int:
    with opstore.engine().connect() as con:
        return con.execute(
            sa.select(sa.func.count()).select_from(opstore.audit_log).where(opstore.audit_log.c.action == action)
        ).scalar_one()


def test_contacts_round_trip(handmade):  # noqa: F811
    before = _audits("partner.contact.add")
    first = pc.add_contact(1, "pm", " Jin Park ", "Sales lead", "jin@seoul-supply.kr", "+82 2-555-0100", handmade)
    second = pc.add_contact("1", "pm", "Mina Lee", warehouse=handmade)
    listed = pc.list_contacts(1, handmade)
    assert listed["contact_id"].tolist()[-2:] == [first, second]
    row = listed.set_index("contact_id").loc[first]
    assert (row["name"], row["role"], row["email"], row["created_by"]) == (
        "Jin Park",
        "Sales lead",
        "jin@seoul-supply.kr",
        "pm",
    )
    assert pc.list_contacts(2, handmade).empty or first not in pc.list_contacts(2, handmade)["contact_id"].tolist()
    with pytest.raises(PartnerError, match="no_contact"):
        pc.remove_contact(2, first, "pm", handmade)  # another partner's contact: nothing removed
    pc.remove_contact(1, first, "pm", handmade)
    assert first not in pc.list_contacts(1, handmade)["contact_id"].tolist()
    assert _audits("partner.contact.add") == before + 2 and _audits("partner.contact.remove") >= 1


def test_contracts_round_trip(handmade):  # noqa: F811
    cid = pc.add_contract(2, "pm", "reseller", "2025-01-01", "2025-12-31", "yearly", handmade)
    open_ended = pc.add_contract(2, "pm", "nda", dt.date(2024, 5, 1), warehouse=handmade)
    listed = pc.list_contracts(2, handmade).set_index("contract_id")
    assert listed.loc[cid, "end_date"] == dt.date(2025, 12, 31) and listed.loc[cid, "kind"] == "reseller"
    assert listed.loc[open_ended, "end_date"] is None or str(listed.loc[open_ended, "end_date"]) in ("None", "NaT")
    pc.remove_contract(2, cid, "pm", handmade)
    assert cid not in pc.list_contracts(2, handmade)["contract_id"].tolist()
    assert _audits("partner.contract.add") >= 2


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"name": ""}, "partners.error.missing"),
        ({"name": "A", "email": "not-an-address"}, "partners.error.email"),
        ({"name": "A", "email": "a@b"}, "partners.error.email"),
        ({"name": "A", "phone": "call me"}, "partners.error.phone"),
        ({"name": "x" * 201}, "partners.error.too_long"),
    ],
)
def test_contact_validation(handmade, kwargs, key):  # noqa: F811
    with pytest.raises(PartnerError) as err:
        pc.add_contact(1, "pm", warehouse=handmade, **kwargs)
    assert err.value.key == key
    assert err.value.message("en") and err.value.message("ko")


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("reseller", "2025-02-01", "2025-01-31"), "partners.error.end_before_start"),
        (("reseller", "", None), "partners.error.missing"),
        (("reseller", "01/02/2025", None), "partners.error.bad_field_date"),
        (("marriage", "2025-01-01", None), "partners.error.kind"),
    ],
)
def test_contract_validation(handmade, args, key):  # noqa: F811
    with pytest.raises(PartnerError) as err:
        pc.add_contract(1, "pm", *args, warehouse=handmade)
    assert err.value.key == key


def test_outside_the_scope_nothing_is_read_or_written(handmade):  # noqa: F811
    pc.add_contact(3, "pm", "Someone", warehouse=handmade)
    with scoped({1}):
        for call in (
            lambda: pc.list_contacts(3, handmade),
            lambda: pc.list_contracts(3, handmade),
            lambda: pc.add_contact(3, "pm", "Intruder", warehouse=handmade),
            lambda: pc.add_contract(3, "pm", "nda", "2025-01-01", warehouse=handmade),
            lambda: pc.add_contact(404, "pm", "Nobody", warehouse=handmade),
        ):
            with pytest.raises(PartnerError) as err:
                call()
            assert err.value.key == "partners.error.not_found"
    assert "Intruder" not in pc.list_contacts(3, handmade)["name"].tolist()
