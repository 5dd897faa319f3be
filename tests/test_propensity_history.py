"""Campaign-response history as features of the response model: equal to an independent pandas
computation on a small hand-made warehouse, no leakage from after the feature date, a warehouse
without open/click data still fits (the page says what was unavailable), the kept/left-out choice
follows the validation AUCs, and the demo's run says what it did with them."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from mining.propensity import score_propensity, train_models
from mining.propensity.history import (
    HISTORY_FEATURES,
    RECENT_DAYS,
    contact_columns,
    contact_history,
    history_features,
)

AS_OF = dt.date(2025, 12, 31)
FIRST = dt.date(2024, 1, 10)  # the first campaign's start; one every 28 days, 7 days each


def _warehouse(seed: int = 1, customers: int = 240, opens: bool = True, unsubscribe: bool = False):
    """Customers who buy now and then; campaigns every 28 days contact ~70 % of them (10 % held out).

    A third of the customers are responsive (they buy in a campaign's window with probability 0.5,
    the others 0.08); the others make up with orders outside the windows, so their order counts
    are alike. ``opens``: opened/clicked times and some undelivered contacts, else none (as an
    import of only target/control would have); ``unsubscribe``: the column ``unsubscribed_ts``.
    """
    from data.schema import create_schema

    rng = np.random.default_rng(seed)
    con = duckdb.connect()
    create_schema(con)
    con.execute("INSERT INTO dim_channel VALUES (1, 'E-mail', 'online')")
    con.execute("INSERT INTO dim_product VALUES (1, 'Kettle', 'Kitchen', 'Kettles', 10, 6, DATE '2020-01-01', 'K1')")
    con.execute(
        """INSERT INTO dim_customer
           SELECT i, 'C' || i, 'B2C', 'F', 1980, NULL, NULL, 'Japan', 'Asia', 'Tokyo', DATE '2022-12-01',
                  1, 1, true, NULL, 'Consumer', 'c' || i || '@x.jp', NULL, false, false
           FROM range(1, ? + 1) t(i)""",
        [customers],
    )
    responsive = rng.random(customers) < 1 / 3
    campaigns, contacts, orders = [], [], []
    start = FIRST
    cid = 0
    while start + dt.timedelta(days=6) <= AS_OF - dt.timedelta(days=20):
        cid += 1
        end = start + dt.timedelta(days=6)
        campaigns.append((cid, f"Campaign {cid}", "Sales", 1, None, start, end, 1000.0, 0.1, 0.1, "completed"))
        for cust in np.flatnonzero(rng.random(customers) < 0.7) + 1:
            control = rng.random() < 0.1
            sent = dt.datetime.combine(start, dt.time(9)) + dt.timedelta(hours=int(rng.integers(0, 30)))
            buys = rng.random() < (0.5 if responsive[cust - 1] else 0.08)
            conv = None
            if buys:
                conv = sent + dt.timedelta(hours=int(rng.integers(1, 120)))
                orders.append((cust, conv, 10.0))
            delivered = not control and (not opens or rng.random() < 0.9)
            opened = sent + dt.timedelta(hours=2) if opens and delivered and (buys or rng.random() < 0.3) else None
            clicked = opened + dt.timedelta(minutes=5) if opened and (buys or rng.random() < 0.3) else None
            unsub = sent + dt.timedelta(days=1) if unsubscribe and not control and rng.random() < 0.05 else None
            contacts.append(
                (cid, int(cust), "control" if control else "target", 1, None if control else sent, delivered,
                 opened, clicked, conv, None, unsub)
            )  # fmt: skip
        start += dt.timedelta(days=28)
    # orders outside the campaigns: the unresponsive buy more often there
    for cust in range(1, customers + 1):
        n = rng.poisson(8 if responsive[cust - 1] else 14)
        for day in rng.integers(0, (AS_OF - dt.date(2023, 1, 1)).days, n):
            orders.append(
                (cust, dt.datetime.combine(dt.date(2023, 1, 1), dt.time(15)) + dt.timedelta(days=int(day)), 10.0)
            )
    orders.append((1, dt.datetime(2024, 1, 11, 12), -10.0))  # a return in a window converts nobody
    camp = pd.DataFrame(campaigns)
    con.register("camp", camp)
    con.execute("INSERT INTO dim_campaign SELECT * FROM camp")
    cols = ["campaign_id", "customer_id", "group_name", "channel_id", "sent_ts", "delivered", "opened_ts",
            "clicked_ts", "converted_ts", "converted_order_id", "unsubscribed_ts"]  # fmt: skip
    k = pd.DataFrame(contacts, columns=cols)
    for col in ("sent_ts", "opened_ts", "clicked_ts", "converted_ts", "unsubscribed_ts"):
        k[col] = pd.to_datetime(k[col])
    has_column = "unsubscribed_ts" in contact_columns(con, "fact_campaign_contact")
    if unsubscribe and not has_column:
        con.execute("ALTER TABLE fact_campaign_contact ADD COLUMN unsubscribed_ts TIMESTAMP")
    elif not unsubscribe:
        k = k.drop(columns="unsubscribed_ts")
    k["converted_order_id"] = k["converted_order_id"].astype("Int64")
    con.register("k", k)
    con.execute("INSERT INTO fact_campaign_contact BY NAME SELECT * FROM k")
    o = pd.DataFrame(orders, columns=["customer_id", "order_ts", "revenue"])
    o["order_id"] = np.arange(1, len(o) + 1)
    con.register("o", o)
    con.execute(
        """INSERT INTO fact_order_line
           SELECT order_id, 1, order_ts, customer_id, 1, 1, NULL, NULL, sign(revenue)::INTEGER, 10, 0, revenue, 6 FROM o"""
    )
    for name in ("camp", "k", "o"):
        con.unregister(name)
    return con


def _by_hand(con, as_of: dt.date, customers) -> pd.DataFrame:
    """The features the slow, plain way: one customer at a time over the raw tables."""
    end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    camp = con.execute("SELECT campaign_id, start_date, end_date FROM dim_campaign").df()
    camp["start_date"] = pd.to_datetime(camp["start_date"])
    camp["end_date"] = pd.to_datetime(camp["end_date"])
    k = con.execute("SELECT * FROM fact_campaign_contact WHERE group_name = 'target'").df().merge(camp)
    lines = con.execute("SELECT customer_id, order_ts, revenue FROM fact_order_line").df()
    rows = {}
    for cust in customers:
        mine = k[k["customer_id"] == cust]
        counted, recent, reported, delivered, opened, clicked, conversions, unsub, last = 0, 0, 0, 0, 0, 0, 0, 0, None
        for c in mine.itertuples():
            sent = c.sent_ts if pd.notna(c.sent_ts) else c.start_date
            if not (c.start_date <= pd.Timestamp(as_of) and sent < end):
                continue
            counted += 1
            recent += c.start_date > pd.Timestamp(as_of) - pd.Timedelta(days=RECENT_DAYS)
            if pd.notna(c.delivered):  # NULL: a launched plan's contact before its response file
                reported += 1
                delivered += bool(c.delivered)
                opened += pd.notna(c.opened_ts) and c.opened_ts < end
                clicked += pd.notna(c.clicked_ts) and c.clicked_ts < end
            if pd.notna(getattr(c, "unsubscribed_ts", None)) and c.unsubscribed_ts < end:
                unsub = 1
            bought = lines[
                (lines["customer_id"] == cust)
                & (lines["revenue"] > 0)
                & (lines["order_ts"] >= c.start_date)
                & (lines["order_ts"] < c.end_date + pd.Timedelta(days=1))
                & (lines["order_ts"] < end)
            ]
            if len(bought):
                conversions += 1
                first = bought["order_ts"].min()
                last = first if last is None else max(last, first)
        share = np.array([delivered, opened, clicked]) / reported if reported else [np.nan] * 3
        rows[cust] = {
            "contacts_12m": recent,
            "delivered_rate": share[0],
            "opened_rate": share[1],
            "clicked_rate": share[2],
            "past_conversions": conversions,
            "days_since_response": np.nan if last is None else (pd.Timestamp(as_of) - last.normalize()).days,
            "unsubscribed": unsub,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _features(con, as_of: dt.date, customers=range(1, 241)) -> pd.DataFrame:
    return history_features(contact_history(con, as_of), as_of, pd.Index(list(customers), name="customer_id"))


# ------------------------------------------------------------------ against an independent computation


@pytest.mark.parametrize(
    ("as_of", "unsubscribe"),
    [(dt.date(2024, 9, 2), True), (dt.date(2025, 6, 14), False), (AS_OF, True)],
)
def test_features_equal_a_computation_by_hand(as_of, unsubscribe):
    con = _warehouse(seed=2, customers=60, unsubscribe=unsubscribe)
    # two campaigns launched from a plan with no response file yet: delivery, opens, clicks not reported
    con.execute("ALTER TABLE fact_campaign_contact ALTER delivered DROP NOT NULL")
    con.execute(
        """UPDATE fact_campaign_contact SET delivered = NULL, opened_ts = NULL, clicked_ts = NULL
           WHERE campaign_id IN (SELECT campaign_id FROM dim_campaign WHERE start_date IN (?, ?))""",
        [FIRST + dt.timedelta(days=28 * 6), FIRST + dt.timedelta(days=28 * 22)],
    )
    got = _features(con, as_of, range(1, 61))
    want = _by_hand(con, as_of, range(1, 61))
    assert list(got.columns) == list(HISTORY_FEATURES)
    pd.testing.assert_frame_equal(got, want[list(HISTORY_FEATURES)], check_dtype=False, check_names=False)
    assert got["past_conversions"].sum() > 0 and got["opened_rate"].notna().any()
    assert got["unsubscribed"].any() == unsubscribe


def test_a_customer_never_contacted_has_no_rates_and_no_response():
    con = _warehouse(seed=2, customers=60)
    got = _features(con, FIRST - dt.timedelta(days=1), [1, 999])  # before any campaign; 999 does not exist
    assert got["contacts_12m"].tolist() == [0, 0] and got["past_conversions"].tolist() == [0, 0]
    assert got[["delivered_rate", "opened_rate", "clicked_rate", "days_since_response"]].isna().all().all()


# ------------------------------------------------------------------ no leakage


def test_nothing_after_the_feature_date_changes_a_feature():
    con = _warehouse(seed=3, customers=60, unsubscribe=True)
    # a campaign running across the feature date: started 2025-03-05, ends 2025-03-11
    day = dt.date(2025, 3, 8)
    running = con.execute("SELECT campaign_id FROM dim_campaign WHERE start_date <= ? AND end_date > ?", [day, day])
    running = running.fetchone()[0]
    before = _features(con, day, range(1, 61))
    after_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0))
    # a later campaign contacting everyone, opened, clicked, converted and unsubscribed
    con.execute("INSERT INTO dim_campaign VALUES (99, 'Later', 'Sales', 1, NULL, ?, ?, 0, 0, 0, 'completed')",
                [day + dt.timedelta(days=1), day + dt.timedelta(days=5)])  # fmt: skip
    con.execute(
        """INSERT INTO fact_campaign_contact BY NAME
           SELECT 99 AS campaign_id, i AS customer_id, 'target' AS group_name, 1 AS channel_id, $t AS sent_ts,
                  true AS delivered, $t AS opened_ts, $t AS clicked_ts, $t AS converted_ts, $t AS unsubscribed_ts
           FROM range(1, 61) r(i)""",
        {"t": after_day + dt.timedelta(hours=9)},
    )
    # the running campaign's contacts: opened, clicked, unsubscribed on the next day; a late send
    con.execute(
        """UPDATE fact_campaign_contact SET opened_ts = coalesce(opened_ts, $t), clicked_ts = coalesce(clicked_ts, $t),
                  unsubscribed_ts = coalesce(unsubscribed_ts, $t)
           WHERE campaign_id = $c""",
        {"t": after_day, "c": running},
    )
    con.execute(
        """INSERT INTO fact_campaign_contact (campaign_id, customer_id, group_name, channel_id, sent_ts, delivered)
           VALUES (?, 61, 'target', 1, ?, true)""",
        [running, after_day + dt.timedelta(hours=1)],
    )
    # everyone buys on the next day, inside the running campaign's window and the later one's
    con.execute(
        """INSERT INTO fact_order_line
           SELECT 100000 + i, 1, $t, i, 1, 1, NULL, NULL, 1, 10, 0, 10, 6 FROM range(1, 62) r(i)""",
        {"t": after_day + dt.timedelta(hours=12)},
    )
    pd.testing.assert_frame_equal(_features(con, day, range(1, 61)), before)
    assert _features(con, day, [61])["contacts_12m"].tolist() == [0]  # sent after the day: not yet a contact
    # the same purchase on the day itself is known: it converts the running campaign's contacts
    con.execute(
        """INSERT INTO fact_order_line
           SELECT 200000 + i, 1, $t, i, 1, 1, NULL, NULL, 1, 10, 0, 10, 6 FROM range(1, 61) r(i)""",
        {"t": after_day - dt.timedelta(hours=1)},
    )
    now = _features(con, day, range(1, 61))
    contacted = con.execute(
        "SELECT customer_id FROM fact_campaign_contact WHERE campaign_id = ? AND group_name = 'target' AND sent_ts < ?",
        [running, after_day],
    ).df()["customer_id"]
    # those whose last conversion was before the running window had none in it: now one, today
    unconverted = before.index.isin(contacted) & ~(before["days_since_response"] <= (day - dt.date(2025, 3, 5)).days)
    assert unconverted.sum() > 5
    assert (now.loc[unconverted, "days_since_response"] == 0).all()
    added = now["past_conversions"] - before["past_conversions"]
    assert (added[unconverted] == 1).all() and (added[~unconverted] == 0).all()


def test_the_training_rows_of_a_campaign_see_only_earlier_campaigns():
    con = _warehouse(seed=4)
    result = train_models(con, "response", AS_OF, {"campaign_history": 2})
    test = result.data["test"]
    names = result.features
    day = test.dates[0]  # the day before the first test campaign's start
    rows = test.customer_id[:50]
    want = _by_hand(con, day, rows)
    X = pd.DataFrame(test.X[:50], columns=names, index=rows)
    assert set(HISTORY_FEATURES) - {"unsubscribed"} <= set(names)
    for name in set(HISTORY_FEATURES) & set(names):
        np.testing.assert_allclose(X[name].to_numpy(), want[name].to_numpy(dtype=float), equal_nan=True)


# ------------------------------------------------------------------ fitting without open/click data


def test_the_model_fits_without_open_or_click_data_and_says_so(instance_dir):
    from components.models_view import history_lines
    from mining.runs import load_run

    con = _warehouse(seed=5, opens=False)
    assert con.execute("SELECT count(opened_ts) + count(clicked_ts) FROM fact_campaign_contact").fetchone()[0] == 0
    run_id = score_propensity(con, "response", AS_OF, "u_analyst", {"campaign_history": 2})
    meta, scores = load_run(run_id)
    history = meta["metrics"]["history"]
    used = [f["name"] for f in history["used"]]
    unavailable = [f["name"] for f in history["unavailable"]]
    # delivered is always true and nobody opened or clicked: constant, left out; no unsubscribe column
    assert unavailable == ["delivered_rate", "opened_rate", "clicked_rate", "unsubscribed"]
    assert used == ["contacts_12m", "past_conversions", "days_since_response"]
    assert set(used) <= {f["name"] for f in meta["metrics"]["features"]}
    assert not set(unavailable) & {f["name"] for f in meta["metrics"]["features"]}
    assert len(scores) == 240 and scores["score"].between(0, 1).all()
    lines = history_lines(meta["metrics"], "en")
    assert "Past campaign conversions (orders in the campaign window)" in lines[0]
    assert lines[1].startswith("Campaign history unavailable") and "Share of campaign contacts opened" in lines[1]
    ko = history_lines(meta["metrics"], "ko")
    assert "캠페인 접촉 오픈율" in ko[1] and "과거 캠페인 전환 수" in ko[0]


def test_history_is_kept_only_when_validation_is_not_worse():
    con = _warehouse(seed=6)
    result = train_models(con, "response", AS_OF)
    check = result.history_check
    assert check["valid_auc_without"] is not None
    if check["valid_auc_with"] >= check["valid_auc_without"]:
        assert check["left_out"] == [] and "past_conversions" in result.features
    else:
        assert "past_conversions" in check["left_out"] and not set(HISTORY_FEATURES) & set(result.features)
    assert result.data["test"].X.shape[1] == len(result.features)
    # the chosen model's validation AUC is the better of the kept set
    best = max(result.models[m].auc["valid"] for m in result.models)
    kept = check["valid_auc_with"] if not check["left_out"] else check["valid_auc_without"]
    assert best == pytest.approx(kept)
    off = train_models(con, "response", AS_OF, {"campaign_history": 0})
    assert not set(HISTORY_FEATURES) & set(off.features) and off.history is None
    # without the history the check refits the same models as a run that never had it
    assert check["valid_auc_without"] == pytest.approx(max(m.auc["valid"] for m in off.models.values()))


def test_history_left_out_is_said_on_the_page():
    from components.models_view import history_lines

    info = lambda name: {"name": name, "key": f"mining.propensity.feature.{name}", "values": {}}  # noqa: E731
    metrics = {
        "history": {
            "used": [],
            "unavailable": [info("unsubscribed")],
            "left_out": [info("past_conversions"), info("opened_rate")],
            "valid_auc_with": 0.8627,
            "valid_auc_without": 0.8631,
        }
    }
    lines = history_lines(metrics, "en")
    assert lines[0].startswith("Campaign history left out") and "0.863 without, 0.863 with" in lines[0]
    assert "Share of campaign contacts opened" in lines[0] and "Unsubscribed from a campaign" in lines[1]
    assert history_lines({}, "en") == []  # a run from before these features
