"""Customer 360: search, the profile and its timeline against SQL, corrections and erasure."""

from __future__ import annotations

import duckdb
import pytest

from crm import customers as cu
from data import opstore
from data import warehouse as wh
from jobs.changes import apply_changes
from tests.fixtures import private_copy


@pytest.fixture(scope="module")
def own(demo_pointer, tmp_path_factory):
    """A private copy of the demo warehouse (corrections and erasures publish new versions)."""
    return private_copy(demo_pointer, tmp_path_factory.mktemp("c360"))


@pytest.fixture
def cur(own):
    return wh.Warehouse(own).cursor()


def busy_customer(cur) -> int:
    """A customer with orders, sessions, contacts and tickets."""
    return cur.execute(
        """SELECT c.customer_id FROM dim_customer c
           WHERE EXISTS (SELECT 1 FROM fact_web_session s WHERE s.customer_id = c.customer_id)
             AND EXISTS (SELECT 1 FROM fact_campaign_contact k WHERE k.customer_id = c.customer_id)
             AND EXISTS (SELECT 1 FROM fact_service_ticket t WHERE t.customer_id = c.customer_id)
           ORDER BY (SELECT count(*) FROM fact_order_line f WHERE f.customer_id = c.customer_id) DESC
           LIMIT 1"""
    ).fetchone()[0]


def test_search_finds_by_id_name_email_and_company(cur):
    cid, name, email = cur.execute(
        "SELECT customer_id, name, email FROM dim_customer ORDER BY customer_id LIMIT 1 OFFSET 7"
    ).fetchone()
    assert cu.search(cur, str(cid))["customer_id"].iloc[0] == cid
    assert (
        cid in cu.search(cur, name.split()[-1][:5])["customer_id"].tolist()
        or len(cu.search(cur, name)) == cu.SEARCH_LIMIT
    )
    assert cu.search(cur, email)["customer_id"].tolist() == [cid]
    company_id, company = cur.execute(
        "SELECT customer_id, company FROM dim_customer WHERE company IS NOT NULL ORDER BY customer_id LIMIT 1"
    ).fetchone()
    assert company_id in cu.search(cur, company)["customer_id"].tolist()
    found = cu.search(cur, str(cid))
    revenue = cur.execute(
        "SELECT coalesce(sum(revenue), 0) FROM fact_order_line WHERE customer_id = ?", [cid]
    ).fetchone()[0]
    assert found["revenue"].iloc[0] == pytest.approx(revenue)
    with pytest.raises(cu.CustomerError, match="too_short"):
        cu.search(cur, "a")
    assert cu.search(cur, "no such customer anywhere").empty


def test_timeline_has_every_contact_of_the_customer(cur):
    cid = busy_customer(cur)
    line = cu.timeline(cur, cid)
    counts = line["kind"].value_counts().to_dict()
    sql = {
        "order": "SELECT count(DISTINCT order_id) FROM fact_order_line WHERE customer_id = ?",
        "session": "SELECT count(*) FROM fact_web_session WHERE customer_id = ?",
        "contact": "SELECT count(*) FROM fact_campaign_contact WHERE customer_id = ?",
        "ticket": "SELECT count(*) FROM fact_service_ticket WHERE customer_id = ?",
        "opportunity": "SELECT count(*) FROM fact_opportunity WHERE customer_id = ?",
    }
    for kind, query in sql.items():
        assert counts.get(kind, 0) == cur.execute(query, [cid]).fetchone()[0], kind
    orders = line[line["kind"] == "order"]
    revenue = cur.execute("SELECT sum(revenue) FROM fact_order_line WHERE customer_id = ?", [cid]).fetchone()[0]
    assert orders["amount"].sum() == pytest.approx(revenue)
    assert line["ts"].is_monotonic_decreasing
    assert set(cu.timeline(cur, cid, kinds=("ticket",))["kind"]) == {"ticket"}
    with pytest.raises(cu.CustomerError):
        cu.timeline(cur, cid, kinds=("letters",))


def test_profile_kpis_equal_sql_and_unknown_customer_is_refused(cur):
    cid = busy_customer(cur)
    p = cu.profile(cur, cid)
    orders, revenue = cur.execute(
        "SELECT count(DISTINCT order_id), sum(revenue) FROM fact_order_line WHERE customer_id = ?", [cid]
    ).fetchone()
    assert p.kpis["orders"] == orders and p.kpis["revenue"] == pytest.approx(revenue)
    assert p.kpis["aov"] == pytest.approx(revenue / orders)
    assert p.customer["customer_id"] == cid and not p.erased
    with pytest.raises(cu.CustomerError, match="not_found"):
        cu.profile(cur, 99_999_999)


def test_corrections_are_checked_recorded_and_shown(cur):
    cid = cur.execute("SELECT customer_id FROM dim_customer ORDER BY customer_id LIMIT 1 OFFSET 3").fetchone()[0]
    before = cu.profile(cur, cid).customer
    with pytest.raises(cu.CustomerError, match="bad_email"):
        cu.correct(cur, cid, {"email": "not-an-email", "city": "Busan"}, "tester")
    assert cu.history(cid, wh.lineage_of(cur)).empty  # nothing recorded when one value is wrong
    with pytest.raises(cu.CustomerError, match="bad_field"):
        cu.correct(cur, cid, {"segment": "Enterprise"}, "tester")
    with pytest.raises(cu.CustomerError, match="bad_channel"):
        cu.correct(cur, cid, {"preferred_channel_id": 999}, "tester")
    changed = cu.correct(
        cur,
        cid,
        {"email": "new.address@example.com", "email_opt_in": not before["email_opt_in"], "city": before["city"]},
        "tester",
    )
    assert changed == ["email", "email_opt_in"]  # the unchanged city is not recorded
    shown = cu.profile(cur, cid)
    assert shown.customer["email"] == "new.address@example.com"
    assert shown.customer["email_opt_in"] is (not before["email_opt_in"])
    assert set(shown.pending) == {"email", "email_opt_in"}
    log = cu.history(cid, wh.lineage_of(cur))
    row = log[log["field"] == "email"].iloc[0]
    assert (row["before"], row["after"], row["changed_by"]) == (before["email"], "new.address@example.com", "tester")
    assert cu.search(cur, "new.address@example.com")["customer_id"].tolist() == [cid]
    with opstore.engine().connect() as con:
        audit = con.execute(opstore.audit_log.select().where(opstore.audit_log.c.subject == f"customer#{cid}")).all()
    assert any("new.address@example.com" in a.detail for a in audit)


def test_erasure_anonymises_keeps_totals_and_removes_old_versions(own, cur):
    cid = busy_customer(cur)
    name, email = cur.execute("SELECT name, email FROM dim_customer WHERE customer_id = ?", [cid]).fetchone()
    totals_sql = """SELECT c.country, c.customer_type, count(DISTINCT c.customer_id), sum(f.revenue)
                    FROM dim_customer c LEFT JOIN fact_order_line f USING (customer_id) GROUP BY ALL ORDER BY ALL"""
    totals = cur.execute(totals_sql).fetchall()
    with pytest.raises(cu.CustomerError, match="no_reason"):
        cu.erase(cur, cid, "tester", "  ")
    cu.erase(cur, cid, "tester", "GDPR request #42")
    assert cu.profile(cur, cid).erased
    assert cu.profile(cur, cid).customer["name"] == f"Anonymised customer {cid}"
    assert cid not in cu.search(cur, email)["customer_id"].tolist()
    with pytest.raises(cu.CustomerError, match="erased"):
        cu.correct(cur, cid, {"city": "Seoul"}, "tester")
    old = wh.current_path(own)
    version = apply_changes("tester", own)
    assert version and wh.current_path(own) != old and not old.exists()
    assert wh.list_versions(own) == [wh.current_path(own)]  # older versions held the person's data
    con = duckdb.connect(str(wh.current_path(own)), read_only=True)
    row = con.execute("SELECT name, email, company FROM dim_customer WHERE customer_id = ?", [cid]).fetchone()
    assert row == (f"Anonymised customer {cid}", "", None)
    assert con.execute(totals_sql).fetchall() == totals
    assert (
        con.execute("SELECT count(*) FROM dim_customer WHERE name = ? OR email = ?", [name, email]).fetchone()[0] == 0
    )
    # the corrections recorded earlier were applied in the same version
    assert con.execute("SELECT count(*) FROM dim_customer WHERE email = 'new.address@example.com'").fetchone()[0] == 1
    con.close()
    assert cu.unapplied(wh.lineage_of(cur)).empty
    assert apply_changes("tester", own) is None  # nothing left to apply


def test_enforcing_erasures_anonymises_a_reloaded_customer(own, cur):
    erased = cu.erased_ids(wh.lineage_of(cur))
    assert erased  # the erasure test above erased one
    con = duckdb.connect(":memory:")  # a version of the same warehouse being written
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('lineage', ?)", [wh.lineage_of(cur)])
    con.execute("CREATE TABLE dim_customer (customer_id INTEGER, name VARCHAR, email VARCHAR, company VARCHAR)")
    con.execute(
        "INSERT INTO dim_customer VALUES (?, 'Back Again', 'back@example.com', 'Co'), (-1, 'Other', 'o@x.io', NULL)",
        [erased[0]],
    )
    assert cu.enforce_erasures(con) == len(erased)
    assert con.execute(
        "SELECT name, email, company FROM dim_customer WHERE customer_id = ?", [erased[0]]
    ).fetchone() == (
        f"Anonymised customer {erased[0]}",
        "",
        None,
    )
    assert con.execute("SELECT name FROM dim_customer WHERE customer_id = -1").fetchone() == ("Other",)


def test_timeline_details_read_in_the_readers_language():
    from crm.customers import timeline_detail

    assert timeline_detail("contact", "target · opened · converted:812", "en") == "sent · opened · bought (order 812)"
    assert timeline_detail("contact", "control", "ko") == "대조군 (미발송)"
    assert timeline_detail("session", "email · mobile · order:77", "ko") == "email · mobile · 주문 77"
    assert timeline_detail("order", "Rice cooker · order:1", "ko") == "Rice cooker · order:1"  # product names stay


def test_an_exact_id_names_one_customer_within_the_scope(cur):
    from olap.scope import scoped

    cid, partner = cur.execute(
        "SELECT customer_id, partner_id FROM dim_customer WHERE partner_id IS NOT NULL AND is_guest IS NOT TRUE LIMIT 1"
    ).fetchone()
    guest = cur.execute("SELECT min(customer_id) FROM dim_customer WHERE is_guest").fetchone()[0]
    assert cu.exact_customer(cur, f" {cid} ") == cid
    for text in ("", "abc", f"{cid}x", "-1", "99999999999999999999999", "10 OR 1=1"):
        assert cu.exact_customer(cur, text) is None
    if guest is not None:
        assert cu.exact_customer(cur, str(guest)) is None  # a guest checkout is no customer to open
    with scoped({partner}):
        assert cu.exact_customer(cur, str(cid)) == cid
    with scoped({-1}):
        assert cu.exact_customer(cur, str(cid)) is None  # another partner's customer: not found
