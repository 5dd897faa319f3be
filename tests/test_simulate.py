"""Campaign simulation: a hand-computed offer, the simulation against its exact mean,
channel history against pandas on the demo warehouse, calibration, fallbacks, bad input."""

import json
import math

import duckdb
import numpy as np
import pandas as pd
import pytest

from mining.errors import Cancelled, MiningError
from mining.simulate import (
    COMPARE_COLUMNS,
    HISTORY_COLUMNS,
    METRICS,
    Offer,
    calibrate,
    campaign_channels,
    channel_history,
    compare_offers,
    past_contacts,
    project,
    segment_order_value,
    simulate,
)

# Email, campaign 1 (completed): targets 5..9, customer 5 converts (order 100, value 250);
# 4 of the 5 delivered. Control 10..19, customer 10 converts (order 101).
# Email, campaign 2 (still running): targets 1..4 all convert — must not count.
# Mobile app, campaign 3 (completed): targets 1..4, customers 1 and 2 convert, no control.
CONTACTS = (
    [(1, c, "target", 4, "2025-03-01", c != 9, 100 if c == 5 else None) for c in range(5, 10)]
    + [(1, c, "control", 4, None, False, 101 if c == 10 else None) for c in range(10, 20)]
    + [(2, c, "target", 4, "2025-12-20", True, 200 + c) for c in range(1, 5)]
    + [(3, c, "target", 2, "2025-06-01", True, 300 + c if c <= 2 else None) for c in range(1, 5)]
)
ORDERS = {100: (5, 250.0), 101: (10, 40.0), 201: (1, 10.0), 202: (2, 10.0), 203: (3, 10.0), 204: (4, 10.0)}
ORDERS.update({301: (1, 90.0), 302: (2, 110.0)})
# customer -> score; 5..9 average 0.2 = the Email rate, so calibration changes nothing
SCORES = pd.Series({1: 0.1, 2: 0.2, 3: 0.3, 4: 0.4, 5: 0.1, 6: 0.1, 7: 0.2, 8: 0.3, 9: 0.3})
SEGMENT = [1, 2, 3, 4]
OFFER = Offer(
    "Email", cost_per_contact=2.0, fixed_cost=10.0, discount_pct=10.0, margin_pct=40.0, expected_order_value=100.0
)


@pytest.fixture(scope="module")
def hand():
    con = duckdb.connect()
    con.execute("CREATE TABLE dim_channel(channel_id INTEGER, name VARCHAR, channel_group VARCHAR)")
    con.execute(
        "INSERT INTO dim_channel VALUES (1, 'Web shop', 'online'), (2, 'Mobile app', 'online'), (4, 'Email', 'online')"
    )
    con.execute("CREATE TABLE dim_campaign(campaign_id INTEGER, channel_id INTEGER, status VARCHAR)")
    con.execute("INSERT INTO dim_campaign VALUES (1, 4, 'completed'), (2, 4, 'active'), (3, 2, 'completed')")
    con.execute(
        """CREATE TABLE fact_campaign_contact(campaign_id INTEGER, customer_id INTEGER, group_name VARCHAR,
           channel_id INTEGER, sent_ts TIMESTAMP, delivered BOOLEAN, converted_ts TIMESTAMP, converted_order_id BIGINT)"""
    )
    con.executemany(
        "INSERT INTO fact_campaign_contact VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(k, c, g, ch, ts, d, "2025-03-05" if o else None, o) for k, c, g, ch, ts, d, o in CONTACTS],
    )
    con.execute(
        "CREATE TABLE fact_order_line(order_id BIGINT, line_no INTEGER, customer_id INTEGER, revenue DOUBLE, cost DOUBLE)"
    )
    # two lines per order: the order value is their sum; costs give a 30% margin
    con.executemany(
        "INSERT INTO fact_order_line VALUES (?, ?, ?, ?, ?)",
        [(o, n, c, v / 2, 0.35 * v) for o, (c, v) in ORDERS.items() for n in (1, 2)],
    )
    yield con.cursor()
    con.close()


@pytest.fixture(scope="module")
def demo(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    yield con.cursor()
    con.close()


@pytest.fixture(scope="module")
def demo_ids(demo):
    return demo.execute("SELECT customer_id FROM dim_customer ORDER BY customer_id").df()["customer_id"].tolist()


# ------------------------------------------------------------------ known answers


def test_hand_history_leaves_out_running_campaigns(hand):
    h = channel_history(hand).set_index("channel")
    assert tuple(h.reset_index().columns) == HISTORY_COLUMNS
    assert list(h.index) == ["Email", "Mobile app"]
    email = h.loc["Email"]
    assert (email["contacts"], email["responses"], email["control_contacts"], email["control_responses"]) == (
        5,
        1,
        10,
        1,
    )
    assert email["rate"] == pytest.approx(0.2) and email["control_rate"] == pytest.approx(0.1)
    assert email["uplift"] == pytest.approx(0.1) and email["deliverability"] == pytest.approx(0.8)
    assert email["avg_order_value"] == pytest.approx(250.0)
    app = h.loc["Mobile app"]
    assert (app["contacts"], app["responses"], app["control_contacts"]) == (4, 2, 0)
    assert math.isnan(app["control_rate"]) and app["avg_order_value"] == pytest.approx(100.0)
    assert campaign_channels(hand) == ["Email", "Mobile app"]


def test_hand_offer_equals_hand_computation(hand):
    r = simulate(hand, SEGMENT, OFFER, scores=SCORES, random_state=3)
    e = r.expected
    assert set(e) == set(METRICS)
    assert r.calibration["method"] == "logit_shift" and r.calibration["shift"] == pytest.approx(0.0, abs=1e-8)
    assert r.contacts == 4 and r.scored == 4
    # p = .1 .2 .3 .4: responders 1.0; the control converts half as often -> baseline 0.5
    assert e["responders"]["mean"] == pytest.approx(1.0)
    assert e["incremental_responders"]["mean"] == pytest.approx(0.5)
    assert e["revenue"]["mean"] == pytest.approx(1.0 * 100 * 0.9)
    assert e["gross_profit"]["mean"] == pytest.approx(1.0 * 100 * (0.4 - 0.1))  # margin before the discount
    assert e["cost"] == {"mean": 18.0, "p10": 18.0, "p50": 18.0, "p90": 18.0}  # 4 × 2 + 10
    assert e["profit"]["mean"] == pytest.approx(12.0)
    assert e["roi"]["mean"] == pytest.approx(12.0 / 18.0)
    # the baseline buyers get the discount too and would have paid full margin: 30 − 0.5 × 40 − 18
    assert e["incremental_profit"]["mean"] == pytest.approx(-8.0)
    assert e["incremental_roi"]["mean"] == pytest.approx(-8.0 / 18.0)
    assert r.break_even_rate == pytest.approx(18.0 / (4 * 30.0))
    assert r.expected_rate == pytest.approx(0.25)
    assert r.expected_delivered == pytest.approx(4 * 0.8)
    assert r.order_value_source == "offer" and r.order_value == 100.0
    for metric in METRICS:
        s = e[metric]
        assert s["p10"] <= s["p50"] <= s["p90"], metric
    assert len(r.profit_sample) == 200
    k = (r.profit_sample + 18.0) / 30.0  # whole numbers of responders, 0..4
    assert np.allclose(k, np.round(k)) and set(np.round(k)) <= {0, 1, 2, 3, 4}
    assert type(r.history["contacts"]) is int and r.history["rate"] == pytest.approx(0.2)
    json.dumps({"history": r.history, "notes": r.notes, "calibration": r.calibration})  # the page stores them
    keys = [k for k, _ in r.notes]
    assert "mining.simulate.note.few_contacts" in keys and "mining.simulate.note.calibrated" in keys


def test_same_seed_same_range_other_seed_other_draws(hand):
    a = simulate(hand, SEGMENT, OFFER, scores=SCORES, random_state=1)
    b = simulate(hand, SEGMENT, OFFER, scores=SCORES, random_state=1)
    c = simulate(hand, SEGMENT, OFFER, scores=SCORES, random_state=2)
    assert a.expected == b.expected and np.array_equal(a.profit_sample, b.profit_sample)
    assert not np.array_equal(a.profit_sample, c.profit_sample)


@pytest.mark.parametrize("n", [4, 5000])  # customer by customer, and the normal approximation
def test_simulated_mean_and_spread_match_the_exact_ones(n):
    rng = np.random.default_rng(0)
    p = np.array([0.1, 0.2, 0.3, 0.4]) if n == 4 else rng.uniform(0.0, 0.3, n)
    kw = dict(order_value=100.0, margin_pct=40.0, discount_pct=10.0, cost=50.0, draws=20000, random_state=5)
    # a rate known almost exactly: only who responds is random (Poisson-binomial)
    e, profit = project(p, responses=200_000, contacts=1_000_000, baseline_ratio=0.5, **kw)
    s1, var = p.sum(), (p * (1 - p)).sum()
    resp = (profit + 50.0) / 30.0
    assert resp.mean() == pytest.approx(s1, abs=4 * math.sqrt(var / 20000))
    assert resp.std() == pytest.approx(math.sqrt(var), rel=0.05)
    assert e["responders"]["mean"] == pytest.approx(s1)
    assert e["profit"]["mean"] == pytest.approx(profit.mean(), abs=4 * 30 * math.sqrt(var / 20000))
    # a rate from 20 of 100 contacts: every p is scaled by f ~ Beta(20, 80) / 0.2, so
    # var = E[sum pf(1 − pf)] + var(f) s1² = s1 − s2 (1 + var(f)) + var(f) s1²
    wide, wide_profit = project(p, responses=20, contacts=100, baseline_ratio=0.5, **kw)
    var_f = (20 * 80 / (100**2 * 101)) / 0.2**2
    s2 = (p * p).sum()
    wide_resp = (wide_profit + 50.0) / 30.0
    assert wide["responders"]["mean"] == pytest.approx(s1)
    assert wide_resp.mean() == pytest.approx(s1, rel=0.02)
    assert wide_resp.std() == pytest.approx(math.sqrt(s1 - s2 * (1 + var_f) + var_f * s1**2), rel=0.05)


def test_channel_order_value_when_the_segment_has_few_orders(hand):
    offer = Offer("Email", cost_per_contact=1.0)
    r = simulate(hand, SEGMENT, offer, scores=SCORES)
    assert segment_order_value(hand, np.array(SEGMENT)) == (pytest.approx(40.0), 6)  # 4 × 10, 90, 110
    assert r.order_value_source == "channel" and r.order_value == pytest.approx(250.0)
    assert r.margin_pct == pytest.approx(30.0)  # the warehouse's margin by default
    assert r.expected["revenue"]["mean"] == pytest.approx(1.0 * 250.0)


def test_no_control_group_means_no_incremental_figures(hand):
    r = simulate(hand, SEGMENT, Offer("Mobile app", 1.0, expected_order_value=50.0, margin_pct=50.0))
    assert r.expected["responders"]["mean"] == pytest.approx(4 * 0.5)  # history: 2 of 4
    assert math.isnan(r.expected["incremental_responders"]["mean"])
    assert math.isnan(r.expected["incremental_roi"]["p10"])
    assert "mining.simulate.note.no_control" in [k for k, _ in r.notes]


def test_channel_without_history_uses_raw_scores(hand):
    r = simulate(hand, SEGMENT, Offer("Web shop", 1.0, expected_order_value=50.0), scores=SCORES)
    assert r.expected["responders"]["mean"] == pytest.approx(1.0)
    assert r.calibration["method"] == "none" and r.history is None
    assert "mining.simulate.note.no_history_scores" in [k for k, _ in r.notes]


def test_unscored_customers_get_the_channel_rate(hand):
    r = simulate(hand, [1, 2, 42], OFFER, scores=SCORES)
    assert r.scored == 2
    assert r.expected["responders"]["mean"] == pytest.approx(0.1 + 0.2 + 0.2)
    note = dict(r.notes)["mining.simulate.note.unscored"]
    assert note["customers"] == 1 and note["rate"] == pytest.approx(0.2)


def test_zero_cost_reports_profit_and_no_roi(hand):
    r = simulate(hand, SEGMENT, Offer("Email", 0.0, expected_order_value=100.0, margin_pct=40.0), scores=SCORES)
    assert r.expected["roi"] == {"mean": None, "p10": None, "p50": None, "p90": None}
    assert r.expected["incremental_roi"]["mean"] is None
    assert r.expected["profit"]["mean"] == pytest.approx(40.0)
    assert r.break_even_rate == 0.0
    assert ("mining.simulate.note.roi_na", {}) in r.notes


def test_discount_above_margin_has_no_break_even(hand):
    r = simulate(hand, SEGMENT, Offer("Email", 1.0, discount_pct=50.0, margin_pct=40.0, expected_order_value=100.0))
    assert r.break_even_rate is None
    assert r.expected["gross_profit"]["mean"] < 0
    assert "mining.simulate.note.discount_over_margin" in [k for k, _ in r.notes]


# ------------------------------------------------------------------ calibration


def test_calibration_matches_the_rate_and_keeps_the_order():
    scores = pd.Series([0.05, 0.5, 0.9, 0.3, 0.0, 1.0], index=[1, 2, 3, 4, 5, 6])
    contacts = pd.Series([1, 3, 1, 2], index=[1, 2, 3, 99])  # customer 2 contacted three times
    out, info = calibrate(scores, contacts, 0.2)
    assert np.average(out[[1, 2, 3]], weights=[1, 3, 1]) == pytest.approx(0.2, abs=1e-12)
    assert info["raw_mean"] == pytest.approx((0.05 + 1.5 + 0.9) / 5) and info["contacts_scored"] == 5
    assert list(out.sort_values().index) == list(scores.sort_values().index)
    assert out.between(0, 1).all()
    same, none = calibrate(scores, pd.Series([2], index=[99]), 0.2)
    assert none["shift"] is None and same.equals(scores.astype(float))


# ------------------------------------------------------------------ the demo warehouse


def test_demo_history_equals_pandas(demo):
    contacts = demo.execute("SELECT * FROM fact_campaign_contact").df()
    campaigns = demo.execute("SELECT campaign_id, status FROM dim_campaign").df()
    channels = demo.execute("SELECT channel_id, name FROM dim_channel").df()
    lines = demo.execute("SELECT order_id, revenue FROM fact_order_line").df()
    value = lines.groupby("order_id")["revenue"].sum()
    c = contacts.merge(campaigns, on="campaign_id").merge(channels, on="channel_id")
    c = c[c["status"] == "completed"]
    c["converted"] = c["converted_ts"].notna()
    c["value"] = c["converted_order_id"].map(value)
    got = channel_history(demo).set_index("channel")
    assert sorted(got.index) == sorted(c["name"].unique())
    for name, g in c.groupby("name"):
        t, k = g[g["group_name"] == "target"], g[g["group_name"] == "control"]
        row = got.loc[name]
        assert row["contacts"] == len(t) and row["responses"] == t["converted"].sum()
        assert row["control_contacts"] == len(k) and row["control_responses"] == k["converted"].sum()
        assert row["rate"] == pytest.approx(t["converted"].mean())
        assert row["control_rate"] == pytest.approx(k["converted"].mean())
        assert row["uplift"] == pytest.approx(t["converted"].mean() - k["converted"].mean())
        assert row["avg_order_value"] == pytest.approx(t.loc[t["converted"], "value"].mean())
        sent = t[t["sent_ts"].notna()]
        assert row["deliverability"] == pytest.approx(sent["delivered"].mean())
    assert got.loc["Email", "contacts"] > 500  # the demo has real history to test against


def test_demo_without_scores_falls_back_to_history(demo, demo_ids):
    history = channel_history(demo).set_index("channel")
    r = simulate(demo, demo_ids, Offer("Email", 0.05, 500.0))
    rate = history.loc["Email", "rate"]
    assert r.calibration["method"] == "history"
    assert r.expected["responders"]["mean"] == pytest.approx(len(demo_ids) * rate)
    assert r.expected_rate == pytest.approx(rate)
    assert ("mining.simulate.note.history_only", {"channel": "Email", "rate": rate}) in r.notes
    # the whole customer base has many orders: its own order value is used
    lines = demo.execute("SELECT order_id, revenue FROM fact_order_line").df()
    orders = lines.groupby("order_id")["revenue"].sum()
    assert r.order_value_source == "segment"
    assert r.order_value == pytest.approx(orders[orders > 0].mean())


def test_demo_calibration_matches_the_channel_rate(demo, demo_ids):
    rng = np.random.default_rng(11)
    scores = pd.Series(rng.beta(2, 6, len(demo_ids)), index=demo_ids)
    history = channel_history(demo).set_index("channel")
    for channel in ("Email", "Mobile app"):
        r = simulate(demo, demo_ids, Offer(channel, 0.05, 500.0), scores=scores)
        weights = past_contacts(demo, channel)
        shifted = 1 / (1 + np.exp(-(np.log(scores / (1 - scores)) + r.calibration["shift"])))
        mean = np.average(shifted.reindex(weights.index), weights=weights)
        assert mean == pytest.approx(history.loc[channel, "rate"], abs=1e-9)
        assert r.calibration["calibrated_mean"] == pytest.approx(history.loc[channel, "rate"], abs=1e-9)
        assert r.expected["responders"]["mean"] == pytest.approx(shifted.sum())


def test_compare_offers_one_row_per_offer(demo, demo_ids):
    offers = [Offer(ch, 0.5, 100.0) for ch in campaign_channels(demo)]
    table = compare_offers(demo, demo_ids[:120], offers)
    assert tuple(table.columns) == COMPARE_COLUMNS
    assert list(table["channel"]) == [o.channel for o in offers]
    single = simulate(demo, demo_ids[:120], offers[0])
    assert table.loc[0, "roi_mean"] == pytest.approx(single.expected["roi"]["mean"])
    assert table.loc[0, "profit_p10"] == pytest.approx(single.expected["profit"]["p10"])
    assert (table["responders_p10"] <= table["responders_p90"]).all()


def test_progress_and_cancel(hand):
    steps = []
    simulate(hand, SEGMENT, OFFER, scores=SCORES, progress=lambda f, k: steps.append(f))
    assert steps[0] == 0.0 and steps[-1] == 1.0 and steps == sorted(steps)
    with pytest.raises(Cancelled):
        simulate(hand, SEGMENT, OFFER, cancelled=lambda: True)


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "ids, offer, scores, key",
    [
        ([], OFFER, None, "mining.simulate.empty_segment"),
        (["a"], OFFER, None, "mining.simulate.bad_customer_ids"),
        (SEGMENT, Offer("Carrier pigeon", 1.0), None, "mining.simulate.unknown_channel"),
        (SEGMENT, Offer("Email", -1.0), None, "mining.simulate.negative_cost"),
        (SEGMENT, Offer("Email", 1.0, fixed_cost=-5.0), None, "mining.simulate.negative_cost"),
        (SEGMENT, Offer("Email", 1.0, discount_pct=101.0), None, "mining.simulate.bad_discount"),
        (SEGMENT, Offer("Email", 1.0, discount_pct=-1.0), None, "mining.simulate.bad_discount"),
        (SEGMENT, Offer("Email", 1.0, margin_pct=120.0), None, "mining.simulate.bad_margin"),
        (SEGMENT, Offer("Email", 1.0, margin_pct=-3.0), None, "mining.simulate.bad_margin"),
        (SEGMENT, Offer("Email", 1.0, expected_order_value=0.0), None, "mining.simulate.bad_order_value"),
        (SEGMENT, Offer("Web shop", 1.0), None, "mining.simulate.no_history"),
        (SEGMENT, OFFER, pd.Series({1: 1.5}), "mining.simulate.bad_scores"),
        (SEGMENT, OFFER, pd.Series({1: np.nan}), "mining.simulate.bad_scores"),
    ],
)
def test_bad_input_raises_its_key(hand, ids, offer, scores, key):
    with pytest.raises(MiningError, match=key.replace(".", r"\.")) as info:
        simulate(hand, ids, offer, scores=scores)
    assert info.value.key == key


def test_bad_input_values_fill_the_message(hand):
    from i18n.translations import TRANSLATIONS

    with pytest.raises(MiningError) as info:
        simulate(hand, SEGMENT, Offer("Carrier pigeon", 1.0))
    assert info.value.values == {"channel": "Carrier pigeon", "allowed": "Email, Mobile app, Web shop"}
    for lang in ("en", "ko"):
        assert "Carrier pigeon" in TRANSLATIONS[info.value.key][lang].format(**info.value.values)
    with pytest.raises(MiningError, match="mining.simulate.no_offers"):
        compare_offers(hand, SEGMENT, [])
    with pytest.raises(MiningError, match="mining.simulate.bad_draws"):
        simulate(hand, SEGMENT, OFFER, draws=1)


def test_email_reaches_only_customers_who_opted_in(demo, demo_ids):
    cursor = demo
    opted = {r[0] for r in cursor.execute("SELECT customer_id FROM dim_customer WHERE email_opt_in").fetchall()}
    asked = list(demo_ids)
    expected = sorted(set(asked) & opted)
    assert 0 < len(expected) < len(asked)  # the demo data has both
    result = simulate(cursor, asked, Offer("Email", 0.1), None, consent=True)
    assert result.contacts == len(expected)
    assert ("mining.simulate.note.consent", {"reachable": len(expected), "asked": len(asked)}) in result.notes
    assert result.expected["cost"]["mean"] == pytest.approx(0.1 * len(expected))
    # other channels are not limited; without consent nothing is left out
    assert simulate(cursor, asked, Offer("Mobile app", 0.1), None, consent=True).contacts == len(asked)
    assert simulate(cursor, asked, Offer("Email", 0.1), None).contacts == len(asked)


def test_email_to_nobody_who_opted_in_is_refused(demo):
    cursor = demo
    refused = [
        r[0] for r in cursor.execute("SELECT customer_id FROM dim_customer WHERE NOT email_opt_in LIMIT 5").fetchall()
    ]
    with pytest.raises(MiningError, match=r"mining\.simulate\.no_consent"):
        simulate(cursor, refused, Offer("Email", 0.1), None, consent=True)
    table = compare_offers(cursor, refused, [Offer("Email", 0.1), Offer("Mobile app", 0.1)], consent=True)
    assert table["channel"].tolist() == ["Mobile app"]
