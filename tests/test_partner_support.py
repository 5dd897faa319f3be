"""The board, market development funds and deal registration (crm.partners.board, funds, deals) on a
hand-made warehouse and a fresh operational store per test: round trips, every refusal, the scope."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import sqlalchemy as sa

from crm.partners import PartnerError, board, deals, funds
from data import opstore
from olap.scope import scoped
from tests.support_fixtures import support_warehouse

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    return support_warehouse(tmp_path_factory.mktemp("support"))


@pytest.fixture(autouse=True)
def store(store_url):
    """A fresh operational store for every test, on SQLite and on PostgreSQL."""
    return opstore.engine()


def audit_actions() -> list[str]:
    with opstore.engine().connect() as con:
        return [r.action for r in con.execute(sa.select(opstore.audit_log).order_by(opstore.audit_log.c.id))]


def refused(key: str):
    return pytest.raises(PartnerError, match=key.replace(".", r"\."))


# ------------------------------------------------------------------ board


def test_board_post_read_done_round_trip(wh):
    to_alpha = board.post_notice("boss", "Q2 price list", "New prices from April.", partner_id=1, warehouse=wh)
    to_all = board.post_notice("boss", "Holiday", "Closed on the 25th.", kind="suggestion", warehouse=wh)
    board.post_notice("boss", "Beta only", "For Beta.", partner_id=2, warehouse=wh)

    alpha = board.list_notices("ann", 1)
    assert [n.notice_id for n in alpha] == [to_all, to_alpha]  # newest first; Beta's is not Alpha's
    assert all(n.read_at is None and not n.done for n in alpha)
    assert board.unread_counts("ann") == {None: 1, 1: 1, 2: 1}

    board.mark_read(to_alpha, "ann")
    board.mark_read(to_alpha, "ann")  # reading again keeps the first time
    assert board.unread_counts("ann") == {None: 1, 2: 1}
    assert board.unread_counts("bob") == {None: 1, 1: 1, 2: 1}  # per user
    read = {n.notice_id: n for n in board.list_notices("ann", 1)}
    assert read[to_alpha].read_at is not None and read[to_all].read_at is None

    board.mark_done(to_all, "ann")
    done = {n.notice_id: n for n in board.list_notices("bob")}[to_all]
    assert done.done and done.done_by == "ann" and isinstance(done.done_at, dt.datetime)
    with refused("partners.error.board_already_done"):
        board.mark_done(to_all, "bob")
    assert [n.notice_id for n in board.list_notices("bob", 1, include_done=False)] == [to_alpha]
    assert audit_actions().count("partner.notice.post") == 3
    assert "partner.notice.done" in audit_actions() and audit_actions().count("partner.notice.read") == 1


def test_board_stores_markup_as_plain_text(wh):
    title = '<script>alert("x")</script><b>bold</b>'
    notice = board.post_notice("boss", title, "<img src=x onerror=alert(1)>", partner_id=1, warehouse=wh)
    (found,) = [n for n in board.list_notices("ann", 1) if n.notice_id == notice]
    assert found.title == title and found.body == "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ({"title": "", "body": "b"}, "partners.error.support_missing"),
        ({"title": "t", "body": "   "}, "partners.error.support_missing"),
        ({"title": "t" * 201, "body": "b"}, "partners.error.support_too_long"),
        ({"title": "t", "body": "b" * 5001}, "partners.error.support_too_long"),
        ({"title": "t", "body": "b", "kind": "rumour"}, "partners.error.board_bad_kind"),
        ({"title": "t", "body": "b", "partner_id": 99}, "partners.error.support_unknown_partner"),
        ({"title": "t", "body": "b", "partner_id": "x"}, "partners.error.support_not_a_number"),
    ],
)
def test_board_refusals(wh, args, key):
    with refused(key):
        board.post_notice("boss", warehouse=wh, **args)


def test_board_unknown_notice(wh):
    with refused("partners.error.board_unknown"):
        board.mark_read(404, "ann")
    with refused("partners.error.board_unknown"):
        board.mark_done(404, "ann")


def test_board_scope(wh):
    alpha = board.post_notice("boss", "A", "a", partner_id=1, warehouse=wh)
    beta = board.post_notice("boss", "B", "b", partner_id=2, warehouse=wh)
    everyone = board.post_notice("boss", "All", "all", warehouse=wh)
    with scoped([1]):
        assert {n.notice_id for n in board.list_notices("m")} == {alpha, everyone}
        assert board.unread_counts("m") == {None: 1, 1: 1}
        with refused("partners.error.support_out_of_scope"):
            board.list_notices("m", 2)
        with refused("partners.error.support_out_of_scope"):
            board.post_notice("m", "t", "b", partner_id=2, warehouse=wh)
        with refused("partners.error.board_all_needs_all"):
            board.post_notice("m", "t", "b", warehouse=wh)
        with refused("partners.error.board_unknown"):  # another manager's notice: as if it did not exist
            board.mark_done(beta, "m")
        board.mark_done(alpha, "m")
    with scoped([]):
        assert [n.notice_id for n in board.list_notices("m")] == [everyone]


# ------------------------------------------------------------------ funds


def q1_budget(total=1000.0) -> int:
    return funds.create_budget("boss", "Q1 2025 co-marketing", "2025-01-01", "2025-03-31", total)


def test_funds_round_trip_and_summary(wh):
    budget_id = q1_budget()
    to_alpha = funds.allocate("boss", budget_id, 1, 600, "Trade fair", warehouse=wh)
    to_beta = funds.allocate("boss", budget_id, 2, 400, warehouse=wh)
    first = funds.claim("alpha", to_alpha, "Fair booth", "2025-02-10", 350)
    second = funds.claim("alpha", to_alpha, "Flyers", "2025-03-31", 200)
    third = funds.claim("beta", to_beta, "Ads", dt.date(2025, 1, 1), 100)
    funds.decide_claim("boss", first, True)
    funds.decide_claim("boss", second, False, "No receipt")
    claims = funds.list_claims().set_index("claim_id")
    assert claims.loc[first, "status"] == "approved" and claims.loc[second, "reason"] == "No receipt"
    assert claims.loc[third, "status"] == "submitted" and claims.loc[second, "decided_by"] == "boss"

    summary = funds.fund_summary(warehouse=wh).set_index("partner_id")
    alpha, beta = summary.loc[1], summary.loc[2]
    assert (alpha["budget_amount"], alpha["allocated"], alpha["claimed"], alpha["approved"]) == (1000, 600, 350, 350)
    assert alpha["remaining"] == 250 and alpha["partner"] == "Alpha Trading"
    assert (beta["allocated"], beta["claimed"], beta["approved"], beta["remaining"]) == (400, 100, 0, 400)
    # Q1 2025 is 90 days: the days before are 2024-10-03 … 2024-12-31
    assert (alpha["before_start"], alpha["before_end"]) == (dt.date(2024, 10, 3), dt.date(2024, 12, 31))
    assert (alpha["revenue"], alpha["revenue_before"]) == (125, 60)
    assert (alpha["pipeline"], alpha["opportunities"], alpha["pipeline_before"], alpha["opportunities_before"]) == (
        1000, 1, 130, 2,
    )  # fmt: skip
    assert (beta["revenue"], beta["revenue_before"], beta["pipeline"], beta["pipeline_before"]) == (500, 0, 0, 2000)
    assert [a for a in audit_actions() if a.startswith("partner.fund")] == [
        "partner.fund.budget", "partner.fund.allocate", "partner.fund.allocate", "partner.fund.claim",
        "partner.fund.claim", "partner.fund.claim", "partner.fund.approve", "partner.fund.reject",
    ]  # fmt: skip


def test_summary_equals_plain_sql(wh):
    """Differential: every revenue and pipeline figure of the summary equals a plain query."""
    budget_id = funds.create_budget("boss", "Autumn", "2024-11-15", "2025-02-14", 5000)
    for partner in (1, 2, 3):
        funds.allocate("boss", budget_id, partner, 100, warehouse=wh)
    cursor = wh.cursor()
    for row in funds.fund_summary(warehouse=wh).itertuples():
        revenue = cursor.execute(
            "SELECT coalesce(sum(revenue), 0) FROM fact_order_line WHERE partner_id = ? "
            "AND CAST(order_ts AS DATE) BETWEEN ? AND ?",
            [row.partner_id, row.start_date, row.end_date],
        ).fetchone()[0]
        before = cursor.execute(
            "SELECT coalesce(sum(revenue), 0) FROM fact_order_line WHERE partner_id = ? "
            "AND CAST(order_ts AS DATE) BETWEEN ? AND ?",
            [row.partner_id, row.before_start, row.before_end],
        ).fetchone()[0]
        pipeline = cursor.execute(
            "SELECT coalesce(sum(amount), 0) FROM fact_opportunity WHERE partner_id = ? AND created_date BETWEEN ? AND ?",
            [row.partner_id, row.start_date, row.end_date],
        ).fetchone()[0]
        assert (row.revenue, row.revenue_before, row.pipeline) == pytest.approx((revenue, before, pipeline))
        assert (row.before_end - row.before_start).days == (row.end_date - row.start_date).days


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("", "2025-01-01", "2025-03-31", 10), "partners.error.support_missing"),
        (("n" * 129, "2025-01-01", "2025-03-31", 10), "partners.error.support_too_long"),
        (("n", "2025-04-01", "2025-03-31", 10), "partners.error.fund_end_before_start"),
        (("n", "2025-13-01", "2025-03-31", 10), "partners.error.support_bad_date"),
        (("n", "2025-01-01", "2025-03-31", 0), "partners.error.support_not_positive"),
        (("n", "2025-01-01", "2025-03-31", "lots"), "partners.error.support_not_a_number"),
        (("n", "2025-01-01", "2025-03-31", float("inf")), "partners.error.support_not_a_number"),
    ],
)
def test_budget_refusals(args, key):
    with refused(key):
        funds.create_budget("boss", *args)


def test_allocation_refusals(wh):
    budget_id = q1_budget(1000)
    funds.allocate("boss", budget_id, 1, 700, warehouse=wh)
    with refused("partners.error.fund_over_budget"):
        funds.allocate("boss", budget_id, 2, 300.01, warehouse=wh)
    funds.allocate("boss", budget_id, 2, 300, warehouse=wh)  # exactly the budget is fine
    with refused("partners.error.fund_over_budget"):
        funds.allocate("boss", budget_id, 3, 0.5, warehouse=wh)
    with refused("partners.error.support_not_positive"):
        funds.allocate("boss", budget_id, 3, -5, warehouse=wh)
    with refused("partners.error.support_unknown_partner"):
        funds.allocate("boss", budget_id, 42, 1, warehouse=wh)
    with refused("partners.error.fund_unknown_budget"):
        funds.allocate("boss", 999, 1, 1, warehouse=wh)
    assert funds.list_budgets().set_index("budget_id").loc[budget_id, "unallocated"] == 0


def test_claim_refusals(wh):
    allocation = funds.allocate("boss", q1_budget(), 1, 500, warehouse=wh)
    with refused("partners.error.fund_date_outside"):
        funds.claim("a", allocation, "Too early", "2024-12-31", 10)
    with refused("partners.error.fund_date_outside"):
        funds.claim("a", allocation, "Too late", "2025-04-01", 10)
    with refused("partners.error.support_missing"):
        funds.claim("a", allocation, " ", "2025-02-01", 10)
    with refused("partners.error.fund_over_allocation"):
        funds.claim("a", allocation, "Too much", "2025-02-01", 500.5)
    with refused("partners.error.fund_unknown_allocation"):
        funds.claim("a", 77, "Nothing", "2025-02-01", 1)
    big = funds.claim("a", allocation, "Big", "2025-02-01", 400)
    other = funds.claim("a", allocation, "Other", "2025-02-02", 300)  # fits before the first is approved
    funds.decide_claim("boss", big, True)
    with refused("partners.error.fund_over_allocation"):  # 400 + 300 > 500: approval refused
        funds.decide_claim("boss", other, True)
    with refused("partners.error.fund_over_allocation"):  # 100 is left now
        funds.claim("a", allocation, "More", "2025-02-03", 101)
    with refused("partners.error.support_missing"):  # rejecting needs a reason
        funds.decide_claim("boss", other, False, "  ")
    funds.decide_claim("boss", other, False, "Over the allocation")
    with refused("partners.error.fund_decided"):
        funds.decide_claim("boss", other, True)
    with refused("partners.error.fund_decided"):
        funds.decide_claim("boss", big, False, "changed my mind")
    with refused("partners.error.fund_unknown_claim"):
        funds.decide_claim("boss", 9999, True)


def test_funds_scope(wh):
    budget_id = q1_budget()
    alpha = funds.allocate("boss", budget_id, 1, 100, warehouse=wh)
    beta = funds.allocate("boss", budget_id, 2, 100, warehouse=wh)
    beta_claim = funds.claim("b", beta, "Ads", "2025-02-01", 50)
    with scoped([1]):
        assert list(funds.list_allocations()["allocation_id"]) == [alpha]
        assert funds.list_claims().empty
        assert list(funds.fund_summary(warehouse=wh)["partner_id"]) == [1]
        with refused("partners.error.support_out_of_scope"):
            funds.fund_summary(2, warehouse=wh)
        with refused("partners.error.support_out_of_scope"):
            funds.allocate("m", budget_id, 2, 10, warehouse=wh)
        with refused("partners.error.fund_unknown_allocation"):  # another manager's: as if unknown
            funds.claim("m", beta, "Ads", "2025-02-01", 5)
        with refused("partners.error.fund_unknown_claim"):
            funds.decide_claim("m", beta_claim, True)
    assert funds.list_claims().set_index("claim_id").loc[beta_claim, "status"] == "submitted"


def test_summary_without_allocations_or_opportunities(tmp_path, wh):
    assert funds.fund_summary(warehouse=wh).empty
    import duckdb

    from data import warehouse as whm
    from tests.support_fixtures import build_support_warehouse

    pointer = tmp_path / "no-opps.duckdb"
    path = build_support_warehouse(whm.new_version_path(pointer))
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE fact_opportunity")
    con.close()
    whm.publish(path, pointer)
    bare = whm.Warehouse(pointer)
    funds.allocate("boss", q1_budget(), 1, 10, warehouse=bare)
    row = funds.fund_summary(warehouse=bare).iloc[0]
    assert row["revenue"] == 125 and pd.isna(row["pipeline"])


def test_change_is_none_without_a_base():
    assert funds.change(125, 60) == pytest.approx(65 / 60)
    assert funds.change(10, 0) is None and funds.change(None, 5) is None


# ------------------------------------------------------------------ deals


def register(wh, **values):
    args = {"partner_id": 1, "deal_amount": 5000, "expected_close": "2027-02-15", "today": TODAY} | values
    return deals.register_deal("alpha", warehouse=wh, **args)


def test_deal_flags_open_opportunities_of_the_customer(wh):
    first = register(wh, customer_id=10, description="Kitchen refit")
    assert first.opportunities == [100] and first.deals == [] and first.flagged  # 101 closed, 103 too far
    prospect = register(wh, prospect="  KIM   home ", expected_close="2027-03-01")
    assert prospect.opportunities == [100, 102]  # both customers named "Kim Home"
    assert prospect.deals == [first.deal_id]
    clean = register(wh, prospect="Nobody Ltd")
    assert not clean.flagged
    far = register(wh, customer_id=11, expected_close="2027-06-01")  # Berlin's open one closes 2027-01-01
    assert far.opportunities == [] and not far.flagged
    stored = deals.list_deals().set_index("deal_id")
    assert stored.loc[prospect.deal_id, "duplicate_opportunities"] == [100, 102]
    assert json.loads(stored.loc[first.deal_id, "duplicates"]) == {"opportunities": [100], "deals": []}
    assert stored.loc[first.deal_id, "customer_name"] == "Kim Home" and pd.isna(
        stored.loc[prospect.deal_id, "customer_id"]
    )
    assert stored.loc[first.deal_id, "status"] == "registered"


def test_deal_window_is_ninety_days_either_side(wh):
    assert register(wh, customer_id=10, expected_close="2027-05-02").opportunities == [100]  # 90 days after
    assert register(wh, customer_id=10, expected_close="2027-05-03").opportunities == []  # 91 days after


def test_deal_decisions(wh):
    deal = register(wh, customer_id=12).deal_id
    other = register(wh, customer_id=11).deal_id
    with refused("partners.error.support_missing"):
        deals.decide_deal("boss", deal, False, "")
    deals.decide_deal("boss", deal, True)
    with refused("partners.error.deal_decided"):
        deals.decide_deal("boss", deal, False, "no")
    deals.decide_deal("boss", other, False, "Already ours")
    with refused("partners.error.deal_decided"):
        deals.decide_deal("boss", other, True)
    with refused("partners.error.deal_unknown"):
        deals.decide_deal("boss", 999, True)
    frame = deals.list_deals(status="rejected")
    assert list(frame["deal_id"]) == [other] and frame.iloc[0]["reason"] == "Already ours"
    assert list(deals.list_deals(status="approved")["deal_id"]) == [deal]
    rejected_again = register(wh, customer_id=11)  # a rejected deal is no duplicate
    assert rejected_again.deals == []
    assert [a for a in audit_actions() if a.startswith("partner.deal")] == [
        "partner.deal.register", "partner.deal.register", "partner.deal.approve", "partner.deal.reject",
        "partner.deal.register",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"customer_id": 10, "deal_amount": 0}, "partners.error.support_not_positive"),
        ({"customer_id": 10, "deal_amount": "much"}, "partners.error.support_not_a_number"),
        ({"customer_id": 10, "expected_close": "2026-11-30"}, "partners.error.deal_close_past"),
        ({"customer_id": 10, "expected_close": ""}, "partners.error.support_missing"),
        ({"customer_id": 77}, "partners.error.deal_unknown_customer"),
        ({"prospect": "  "}, "partners.error.support_missing"),
        ({"prospect": "p" * 201}, "partners.error.support_too_long"),
        ({"prospect": "P", "description": "d" * 2001}, "partners.error.support_too_long"),
        ({"prospect": "P", "partner_id": 9}, "partners.error.support_unknown_partner"),
        ({"prospect": "P", "partner_id": None}, "partners.error.support_missing"),
    ],
)
def test_deal_refusals(wh, values, key):
    with refused(key):
        register(wh, **values)


def test_deal_today_is_allowed(wh):
    assert register(wh, prospect="Today Co", expected_close=TODAY).deal_id > 0


def test_deals_scope_and_filters(wh):
    mine = register(wh, prospect="Mine").deal_id
    theirs = register(wh, prospect="Theirs", partner_id=2).deal_id
    assert set(deals.list_deals()["deal_id"]) == {mine, theirs}
    assert list(deals.list_deals(partner_id=2)["deal_id"]) == [theirs]
    with refused("partners.error.deal_bad_status"):
        deals.list_deals(status="won")
    with scoped([1]):
        assert list(deals.list_deals()["deal_id"]) == [mine]
        with refused("partners.error.support_out_of_scope"):
            deals.list_deals(partner_id=2)
        with refused("partners.error.deal_unknown"):  # another manager's deal: as if unknown
            deals.decide_deal("m", theirs, True)
        with refused("partners.error.support_out_of_scope"):
            register(wh, prospect="X", partner_id=2)
    with scoped([]):
        assert deals.list_deals().empty
