"""The what-if page's question and answer: the callback module's pure parts (form → offer → URL) and
``mining.simulate.whatif`` on the small demo warehouse against a plain pandas computation."""

import importlib
from urllib.parse import parse_qs

import duckdb
import pandas as pd
import pytest

from callbacks.whatif import form_problem, offer_of, search_of
from crm.segments import ALL_CUSTOMERS, member_ids
from mining.simulate import COMPARE_COLUMNS, Offer, WhatIfRequest, campaign_channels, simulate, whatif

OFFER = Offer("Email", 0.5, fixed_cost=1000.0, discount_pct=5.0, margin_pct=40.0)


@pytest.fixture(scope="module")
def demo(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    yield con.cursor()
    con.close()


# ------------------------------------------------------------------ the callback's pure parts


@pytest.mark.parametrize(
    ("channel", "cpc", "numbers", "key"),
    [
        (None, 0.5, (), "whatif.no_channel"),
        ("", 0.5, (), "whatif.no_channel"),
        ("Email", None, (), "whatif.no_cost"),
        ("Email", "", (), "whatif.no_cost"),
        ("Email", "abc", (), "whatif.not_a_number"),
        ("Email", 0.5, (10, "x"), "whatif.not_a_number"),
        ("Email", 0.5, (None, "", 3.5, 0), None),
    ],
)
def test_form_problem_names_what_is_missing(channel, cpc, numbers, key):
    assert form_problem(channel, cpc, *numbers) == key


def test_offer_of_fills_the_empty_fields():
    assert offer_of("Email", 0.5, None, "", None, "") == Offer("Email", 0.5, 0.0, 0.0, None, None)
    assert offer_of("SMS", 1, 200, 10, 35, 80) == Offer("SMS", 1.0, 200.0, 10.0, 35.0, 80.0)


def test_search_of_keeps_the_offer_and_leaves_out_empty_fields():
    search = search_of(None, "Email", 0.5, 1000, None, "", 80, ["1"])
    assert search.startswith("?")
    assert parse_qs(search[1:]) == {
        "seg": [ALL_CUSTOMERS],
        "ch": ["Email"],
        "cpc": ["0.5"],
        "fixed": ["1000"],
        "aov": ["80"],
        "scores": ["1"],
    }
    assert parse_qs(search_of("3", "Email", 0.5, 0, 0, 40, None, [])[1:])["scores"] == ["0"]


# ------------------------------------------------------------------ member ids


def test_all_customers_are_the_non_guests(demo):
    ids, name = member_ids(demo, ALL_CUSTOMERS)
    expected = demo.execute("SELECT customer_id FROM dim_customer WHERE is_guest IS NOT TRUE").df()["customer_id"]
    assert (ids, name) == (sorted(expected.tolist()), "")
    assert member_ids(demo, None) == member_ids(demo, "") == (ids, "")


def test_all_customers_of_a_warehouse_built_before_guests():
    con = duckdb.connect()
    con.execute("CREATE TABLE dim_customer AS SELECT * FROM (VALUES (3), (1), (2)) t(customer_id)")  # no is_guest
    assert member_ids(con, ALL_CUSTOMERS) == ([1, 2, 3], "")


def test_a_segment_that_is_no_number_is_refused(demo):
    with pytest.raises(ValueError):
        member_ids(demo, "not-a-segment")


# ------------------------------------------------------------------ whatif on the demo warehouse


def test_whatif_equals_the_simulation_and_pandas(demo):
    ids, _ = member_ids(demo, ALL_CUSTOMERS)
    answer = whatif(demo, WhatIfRequest(ids, OFFER, use_scores=False))
    assert answer.model is None
    direct = simulate(demo, ids, OFFER, None, consent=True)
    # equal up to DuckDB's parallel float sums (the history's averages may differ in the 12th digit)
    assert [key for key, _ in answer.result.notes] == [key for key, _ in direct.notes]
    for (_, got), (_, want) in zip(answer.result.notes, direct.notes, strict=True):
        assert got == pytest.approx(want, rel=1e-9)
    for metric, stats in direct.expected.items():
        assert answer.result.expected[metric] == pytest.approx(stats, rel=1e-9), metric

    # independent: the channels' typical cost and history rate, and the customers each may contact
    campaigns = demo.execute(
        "SELECT ch.name AS channel, k.cost_per_contact FROM dim_campaign k JOIN dim_channel ch USING (channel_id)"
    ).df()
    typical = campaigns.groupby("channel")["cost_per_contact"].mean()
    contacts = demo.execute(
        """SELECT ch.name AS channel, f.group_name, f.converted_ts IS NOT NULL AS converted
           FROM fact_campaign_contact f JOIN dim_campaign k USING (campaign_id)
           JOIN dim_channel ch ON ch.channel_id = f.channel_id WHERE k.status = 'completed'"""
    ).df()
    rate = contacts[contacts["group_name"] == "target"].groupby("channel")["converted"].mean()
    customers = demo.execute("SELECT customer_id, email_opt_in FROM dim_customer").df().set_index("customer_id")
    opted = int(customers.loc[ids, "email_opt_in"].fillna(False).astype(bool).sum())

    table = answer.comparison.set_index("channel")
    assert tuple(answer.comparison.columns) == COMPARE_COLUMNS
    assert list(table.index) == campaign_channels(demo)
    for channel, row in table.iterrows():
        reach = opted if channel.lower() == "email" else len(ids)
        cpc = OFFER.cost_per_contact if channel == OFFER.channel else typical[channel]
        assert row["cost_per_contact"] == pytest.approx(cpc)
        assert row["contacts"] == reach
        assert row["cost"] == pytest.approx(reach * cpc + OFFER.fixed_cost)
        assert row["responders_mean"] == pytest.approx(reach * rate[channel])
        assert row["expected_rate"] == pytest.approx(rate[channel])
    assert table.loc["Email", "profit_mean"] == pytest.approx(answer.result.expected["profit"]["mean"])
    assert list(answer.history["channel"]) == sorted(rate.index)


def test_whatif_uses_the_latest_scores_when_asked(demo, monkeypatch):
    ids, _ = member_ids(demo, ALL_CUSTOMERS)
    scores = pd.Series(0.05, index=ids)
    meta = {"run_id": 7, "as_of": "2025-12-31"}
    monkeypatch.setattr(importlib.import_module("mining.simulate.whatif"), "response_scores", lambda: (scores, meta))
    answer = whatif(demo, WhatIfRequest(ids, OFFER))
    assert answer.model == meta
    assert answer.result.scored == answer.result.contacts
    assert answer.result.calibration["method"] == "logit_shift"
    without = whatif(demo, WhatIfRequest(ids, OFFER, use_scores=False))
    assert without.model is None and without.result.scored == 0


def test_a_saved_segment_is_named_in_the_sentence_and_ratios_over_a_near_free_cost_are_flagged(demo, demo_pointer):
    """Issue 17 item 2: the sentence named "all customers" for a saved segment (the version had no
    name), and headlined an ROI of 245,137 % next to an incremental loss."""
    from components.whatif_view import ratio_meaningful, whatif_view
    from crm.segments import save_segment
    from data.warehouse import use_warehouse

    asia = {"op": "and", "rules": [{"field": "region", "cmp": "in", "value": ["Asia"]}]}
    with use_warehouse(demo_pointer):
        saved = save_segment("Whatif named", asia, "t")
    ids, name = member_ids(demo, saved["segment_id"])
    assert name == "Whatif named" and len(ids) == saved["customers"]

    answer = whatif(demo, WhatIfRequest(ids[:400], Offer("Email", cost_per_contact=0.0001), random_state=3))
    expected = answer.result.expected
    assert not ratio_meaningful(expected)  # 4 cents against the gross profit of 400 customers' purchases
    text = str(whatif_view(answer, name, "en"))
    assert "Whatif named" in text and "All customers" not in text
    assert "not meaningful" in text
    gain = expected["incremental_profit"]["mean"]
    assert ("incremental loss" in text) == (gain < 0) and ("incremental profit of" in text) == (gain >= 0)

    costly = whatif(demo, WhatIfRequest(ids[:400], Offer("Email", cost_per_contact=5.0), random_state=3))
    assert ratio_meaningful(costly.result.expected)
    assert "not meaningful" not in str(whatif_view(costly, name, "en"))
