"""The partner scorecard: every metric and score on a hand-made warehouse with answers worked out by
hand, the metrics against independent pandas on the tiny and demo warehouses, weights validation and
versions, tier history and changes, the command line as a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import duckdb
import numpy as np
import pandas as pd
import pytest

from crm.partners import PartnerError
from crm.partners.scorecard import (
    METRICS,
    NEUTRAL,
    last_complete_quarter,
    normalised,
    partner_metrics,
    read_metrics,
    score,
    scorecard,
    tier_changes,
    tier_history,
)
from crm.partners.weights import DEFAULT_WEIGHTS, Weights
from data.schema import TABLES
from data.warehouse import Warehouse, new_version_path, publish
from olap.scope import scoped

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
Q4 = (dt.date(2025, 10, 1), dt.date(2025, 12, 31))

# partner_id, name, onboarded_date: Alpha sells, Beta has no onboarding date (tenure from its first
# sale), Gamma never sold, Delta is onboarded after the period
PARTNERS = [(1, "Alpha", "2020-01-01"), (2, "Beta", None), (3, "Gamma", "2021-06-01"), (4, "Delta", "2026-02-01")]
# order_id, ts, customer, partner, revenue, cost
LINES = [
    (1, "2025-08-01 10:00", 1, 1, 100.0, 60.0),  # Alpha's previous quarter: customer 1's first line with it
    (2, "2025-10-05 10:00", 1, 1, 200.0, 120.0),
    (3, "2025-11-10 10:00", 2, 1, 100.0, 50.0),  # customer 2: new to Alpha in Q4
    (4, "2025-11-11 10:00", 1, None, 200.0, 100.0),  # customer 1 buys direct too: Alpha's loyalty 300 / 500
    (5, "2025-11-12 10:00", 1, None, -50.0, -25.0),  # a direct return: not a purchase, loyalty unchanged
    (6, "2024-12-31 12:00", 3, 2, 50.0, 40.0),  # Beta's first sale: its tenure starts here
    (7, "2025-12-31 23:00", 3, 2, 100.0, 80.0),  # the period's last hour counts
    (8, "2026-01-01 00:00", 3, 2, 1000.0, 10.0),  # the day after: does not
    (9, "2025-10-01 00:00", 4, None, 70.0, 30.0),  # a customer without partners
]
# opportunity_id, partner, created, closed, won, amount
OPPORTUNITIES = [
    (1, 1, "2025-09-01", "2025-10-15", True, 300.0),  # closed in Q4, won
    (2, 1, "2025-11-01", None, None, 1000.0),  # open at the end: pipeline
    (3, 1, "2025-12-01", "2026-01-10", False, 500.0),  # closed after the end: still open at the end
    (4, 1, "2025-10-02", "2025-12-20", False, 800.0),  # closed in Q4, lost
    (5, 1, "2026-01-05", None, None, 9999.0),  # created after the end: not in the pipeline
    (6, 4, "2025-10-02", None, None, 100.0),  # Delta's, before it existed: not shown
]
# ticket_id, customer, opened, satisfaction
TICKETS = [(1, 1, "2025-10-20", 4), (2, 2, "2025-11-20", 2), (3, 2, "2025-11-21", None), (4, 1, "2025-09-01", 1),
           (5, 4, "2025-10-10", 5)]  # fmt: skip


def build_partner_warehouse(path) -> str:
    con = duckdb.connect(str(path))
    for table in ("dim_partner", "dim_customer", "dim_channel", "fact_order_line", "fact_opportunity",
                  "fact_service_ticket"):  # fmt: skip
        con.execute(TABLES[table])
    con.executemany(
        "INSERT INTO dim_partner VALUES (?, ?, 'Agent', 'Korea', 'Asia', 'Gold', ?, 'active', 'mature', NULL)",
        PARTNERS,
    )
    con.execute("INSERT INTO dim_channel VALUES (1, 'Web shop', 'online')")
    con.executemany(
        "INSERT INTO dim_customer (customer_id, name, customer_type, country, region, city, acquisition_channel_id, "
        "preferred_channel_id, email_opt_in, segment, email) VALUES (?, 'c', 'B2C', 'Korea', 'Asia', 'Seoul', 1, 1, true, "
        "'Consumer', 'c@example.com')",
        [(c,) for c in range(1, 5)],
    )
    con.executemany("INSERT INTO fact_order_line VALUES (?, 1, ?, ?, 1, 1, ?, NULL, 1, 0, 0, ?, ?)", LINES)
    con.executemany(
        "INSERT INTO fact_opportunity VALUES (?, 1, ?, 'sam', ?, 'x', ?, ?, ?, ?, NULL)",
        [(o, p, created, amount, created, closed, won) for o, p, created, closed, won, amount in OPPORTUNITIES],
    )
    con.executemany("INSERT INTO fact_service_ticket VALUES (?, ?, ?, NULL, 1, 'x', 1, 'closed', ?, NULL)", TICKETS)
    con.close()
    return str(path)


@pytest.fixture(scope="module")
def partner_pointer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partners")
    pointer = folder / "xrm.duckdb"
    path = new_version_path(pointer)
    build_partner_warehouse(path)
    publish(path, pointer)
    return pointer


@pytest.fixture(scope="module")
def metrics(partner_pointer):
    return read_metrics(Warehouse(partner_pointer).cursor(), *Q4).set_index("partner_id")


def test_metrics_by_hand(metrics):
    alpha, beta, gamma = metrics.loc[1], metrics.loc[2], metrics.loc[3]
    assert alpha["revenue"] == 300 and alpha["growth"] == pytest.approx(2.0)
    assert alpha["gross_margin"] == pytest.approx(130 / 300)
    assert (alpha["active_customers"], alpha["new_customers"]) == (2, 1)
    assert alpha["pipeline"] == 1500 and alpha["win_rate"] == 0.5
    assert alpha["satisfaction"] == 3.0  # the unrated ticket and September's are left out
    assert alpha["tenure"] == pytest.approx(2191 / 365.25)
    assert alpha["loyalty"] == pytest.approx(300 / 500)
    assert alpha["note"] == ""
    assert beta["revenue"] == 100 and np.isnan(beta["growth"])  # nothing in Q3: no growth
    assert beta["gross_margin"] == pytest.approx(0.2) and beta["loyalty"] == 1.0
    assert (beta["active_customers"], beta["new_customers"], beta["pipeline"]) == (1, 0, 0)
    assert np.isnan(beta["win_rate"]) and np.isnan(beta["satisfaction"])
    assert beta["tenure"] == pytest.approx(365 / 365.25)  # from its first sale
    assert gamma["note"] == "no_sales" and gamma["revenue"] == 0 and gamma["active_customers"] == 0
    assert np.isnan(gamma["gross_margin"]) and np.isnan(gamma["loyalty"]) and np.isnan(gamma["growth"])
    assert gamma["tenure"] == pytest.approx(1674 / 365.25)


def test_a_partner_onboarded_after_the_period_has_no_values(metrics):
    delta = metrics.loc[4]
    assert delta["note"] == "not_onboarded"
    assert all(np.isnan(delta[m]) for m in METRICS)


def test_scores_by_hand(metrics):
    scored = score(metrics.reset_index(), DEFAULT_WEIGHTS).set_index("partner_id")
    # sales metrics rank Alpha and Beta (Gamma sold nothing: 0); pipeline and tenure rank all three;
    # Delta is not ranked (module docstring)
    assert scored.loc[1, "norm_revenue"] == 1.0 and scored.loc[2, "norm_revenue"] == 0.0
    assert scored.loc[3, "norm_revenue"] == 0.0 and scored.loc[3, "norm_gross_margin"] == 0.0
    assert scored.loc[2, "norm_pipeline"] == 0.25 == scored.loc[3, "norm_pipeline"]  # a tie
    assert scored.loc[1, "norm_growth"] == NEUTRAL == scored.loc[2, "norm_growth"]  # one value, one missing
    assert scored.loc[3, "norm_tenure"] == 0.5 and scored.loc[2, "norm_loyalty"] == 1.0
    # Alpha 25 + 7.5 + 10 + 10 + 10 + 10 + 2.5 + 2.5 + 5 + 0; Beta 7.5 + 2.5 + 2.5 + 2.5 + 5; Gamma 2.5 + 2.5
    assert scored["score"].loc[[1, 2, 3]].tolist() == pytest.approx([82.5, 20.0, 5.0])
    assert scored["tier"].tolist() == ["platinum", "bronze", "bronze", None]
    assert scored.loc[1, "action"] == "partners.scorecard.action.platinum"
    assert np.isnan(scored.loc[4, "score"]) and scored.loc[4, "action"] is None


def test_only_the_weights_share_matters_and_a_changed_weight_moves_tiers(metrics):
    frame = metrics.reset_index()
    doubled = Weights({k: 2 * v for k, v in DEFAULT_WEIGHTS.weights.items()}, DEFAULT_WEIGHTS.thresholds)
    assert score(frame, doubled)["score"].tolist() == pytest.approx(score(frame, DEFAULT_WEIGHTS)["score"].tolist(),
                                                                     nan_ok=True)  # fmt: skip
    loyal = Weights({"loyalty": 1.0}, DEFAULT_WEIGHTS.thresholds)  # only loyalty: Beta leads
    tiers = score(frame, loyal).set_index("partner_id")["tier"]
    assert tiers.loc[2] == "platinum" and tiers.loc[1] == "bronze" and tiers.loc[3] == "bronze"


def test_normalised_ranks():
    values = pd.Series([10.0, np.nan, 30.0, 20.0, 20.0])
    assert normalised(values).tolist() == pytest.approx([0.0, np.nan, 1.0, 0.5, 0.5], nan_ok=True)
    assert normalised(values, higher_is_better=False).tolist() == pytest.approx([1.0, np.nan, 0.0, 0.5, 0.5],
                                                                                 nan_ok=True)  # fmt: skip
    assert normalised(pd.Series([np.nan, 5.0])).tolist() == pytest.approx([np.nan, NEUTRAL], nan_ok=True)


def test_scorecard_honours_the_partner_scope(partner_pointer):
    warehouse = Warehouse(partner_pointer)
    everyone = scorecard(*Q4, warehouse=warehouse)
    with scoped({2, 3}):
        mine = scorecard(*Q4, warehouse=warehouse)
    assert sorted(mine["partner_id"]) == [2, 3]
    # a score is the partner's own: the same whoever looks
    assert (
        mine.set_index("partner_id")["score"].to_dict()
        == everyone.set_index("partner_id")["score"].loc[[2, 3]].to_dict()
    )
    with scoped(set()):
        assert scorecard(*Q4, warehouse=warehouse).empty


def test_tier_history_and_changes(partner_pointer):
    warehouse = Warehouse(partner_pointer)
    assert last_complete_quarter(warehouse) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))  # data ends 2026-01-01
    history = tier_history(DEFAULT_WEIGHTS, quarters=8, warehouse=warehouse)
    assert set(history["quarter"]) == {"2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"}  # none before the data
    assert 4 not in set(history["partner_id"])  # Delta did not exist yet
    q4 = history[history["quarter"] == "2025-Q4"].set_index("partner_id")["tier"]
    assert q4.to_dict() == {1: "platinum", 2: "bronze", 3: "bronze"}
    changes = tier_changes(history)
    expected = history.sort_values(["partner_id", "quarter"]).groupby("partner_id")["tier"].apply(
        lambda s: int((s != s.shift()).iloc[1:].sum()))  # fmt: skip
    assert changes.groupby("partner_id").size().reindex(expected.index, fill_value=0).tolist() == expected.tolist()
    assert (changes["from_tier"] != changes["to_tier"]).all()


def test_named_tier_changes(partner_pointer):
    from crm.partners.scorecard import named_tier_changes

    warehouse = Warehouse(partner_pointer)
    named = named_tier_changes(DEFAULT_WEIGHTS, warehouse=warehouse)
    plain = tier_changes(tier_history(DEFAULT_WEIGHTS, warehouse=warehouse))
    assert len(named) == len(plain) and set(named["name"]) <= {"Alpha", "Beta", "Gamma"}
    assert named["quarter"].tolist() == sorted(named["quarter"], reverse=True)


def test_tier_changes_by_hand():
    history = pd.DataFrame({"partner_id": [1, 1, 1, 2, 2], "quarter": ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q2", "2025-Q3"],
                            "score": 0.0, "tier": ["gold", "gold", "silver", "bronze", "platinum"]})  # fmt: skip
    changes = tier_changes(history)
    assert changes.values.tolist() == [[1, "2025-Q3", "gold", "silver"], [2, "2025-Q3", "bronze", "platinum"]]
    assert tier_changes(history.iloc[:0]).empty


# --------------------------------------------------------------------------- weights


@pytest.mark.parametrize(
    ("weights", "thresholds", "key"),
    [
        ({"revenue": 0, "growth": 0}, None, "partners.error.weights_zero"),
        ({}, None, "partners.error.weights_zero"),
        ({"revenue": -1, "growth": 3}, None, "partners.error.weights_negative"),
        ({"revenue": 1, "profit": 1}, None, "partners.error.weights_unknown"),
        ({"revenue": "a lot"}, None, "partners.error.weights_number"),
        ({"revenue": float("nan")}, None, "partners.error.weights_number"),
        ({"revenue": True}, None, "partners.error.weights_number"),
        ({"revenue": 1}, {"platinum": 50, "gold": 60, "silver": 30}, "partners.error.thresholds_order"),
        ({"revenue": 1}, {"platinum": 50, "gold": 50, "silver": 30}, "partners.error.thresholds_order"),
        ({"revenue": 1}, {"platinum": 120, "gold": 60, "silver": 30}, "partners.error.thresholds_range"),
        ({"revenue": 1}, {"platinum": 80, "gold": 60, "silver": -1}, "partners.error.thresholds_range"),
        ({"revenue": 1}, {"platinum": 80, "gold": None, "silver": 1}, "partners.error.thresholds_number"),
        ({"revenue": 1}, {"platinum": 80, "gold": 60}, "partners.error.thresholds_keys"),
    ],
)
def test_weights_refused_with_a_clear_key(weights, thresholds, key, metrics):
    bad = Weights(weights, thresholds or DEFAULT_WEIGHTS.thresholds)
    with pytest.raises(PartnerError) as caught:
        bad.validate()
    assert caught.value.key == key
    assert "{" not in caught.value.message("en") and caught.value.message("ko")
    with pytest.raises(PartnerError):
        score(metrics.reset_index(), bad)  # tiers are never computed with such weights


def test_tier_of_a_score():
    assert [DEFAULT_WEIGHTS.tier(s) for s in (100, 75, 74.9, 55, 35, 34.9, 0, None, float("nan"))] == [
        "platinum", "platinum", "gold", "gold", "silver", "bronze", "bronze", None, None]  # fmt: skip


def test_weight_versions_round_trip(store_url):  # on SQLite and PostgreSQL
    from crm.partners.weights import current_weights, save_weights, weight_versions
    from data import opstore

    assert current_weights() == DEFAULT_WEIGHTS and current_weights().version is None
    assert weight_versions().empty
    first = save_weights(DEFAULT_WEIGHTS.changed({"loyalty": 20}), "pm", "loyalty matters")
    second = save_weights(DEFAULT_WEIGHTS.changed(thresholds={"platinum": 90}), "admin")
    assert second > first
    now = current_weights()
    assert now.version == second and now.thresholds["platinum"] == 90 and now.weights["loyalty"] == 5
    versions = weight_versions()
    assert versions["version"].tolist() == [second, first]
    assert versions.iloc[1]["weights"]["loyalty"] == 20 and versions.iloc[1]["note"] == "loyalty matters"
    assert versions["created_by"].tolist() == ["admin", "pm"]
    with pytest.raises(PartnerError):
        save_weights(Weights({"revenue": 0}, DEFAULT_WEIGHTS.thresholds), "pm")
    assert len(weight_versions()) == 2  # nothing stored
    with opstore.engine().connect() as con:
        audited = con.execute(
            opstore.audit_log.select().where(opstore.audit_log.c.action == "partners.weights.save")
        ).fetchall()
    assert [(r.actor, r.subject) for r in audited] == [("pm", f"version {first}"), ("admin", f"version {second}")]


# --------------------------------------------------------------------------- differential


def pandas_metrics(con, start: dt.date, end: dt.date, prev: tuple[dt.date, dt.date]) -> pd.DataFrame:
    """The metrics computed again from the raw tables with pandas (module docstring of scorecard)."""
    lines = con.execute("SELECT order_ts, customer_id, partner_id, revenue, cost FROM fact_order_line").df()
    partners = con.execute("SELECT partner_id, onboarded_date FROM dim_partner").df()
    opps = con.execute("SELECT partner_id, created_date, closed_date, won, amount FROM fact_opportunity").df()
    tickets = con.execute("SELECT customer_id, opened_ts, satisfaction FROM fact_service_ticket").df()
    day = lines["order_ts"].dt.normalize()
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    within = lines[(day >= lo) & (day <= hi)]
    through = within[within["partner_id"].notna()]
    before = lines[(day >= pd.Timestamp(prev[0])) & (day <= pd.Timestamp(prev[1])) & lines["partner_id"].notna()]
    upto = lines[(day <= hi) & lines["partner_id"].notna()]
    first = upto.groupby(["partner_id", "customer_id"])["order_ts"].min().reset_index()
    out = {}
    for pid, onboarded in zip(partners["partner_id"], partners["onboarded_date"], strict=True):
        mine = through[through["partner_id"] == pid]
        revenue, cost = mine["revenue"].sum(), mine["cost"].sum()
        prev_revenue = before.loc[before["partner_id"] == pid, "revenue"].sum()
        customers = set(mine["customer_id"])
        theirs = within[within["customer_id"].isin(customers) & (within["revenue"] > 0)]
        o = opps[opps["partner_id"] == pid]
        closed = o[
            o["closed_date"].notna()
            & (pd.to_datetime(o["closed_date"]) >= lo)
            & (pd.to_datetime(o["closed_date"]) <= hi)
        ]
        open_ = o[
            (pd.to_datetime(o["created_date"]) <= hi)
            & (o["closed_date"].isna() | (pd.to_datetime(o["closed_date"]) > hi))
        ]
        t = tickets[tickets["customer_id"].isin(customers) & (tickets["opened_ts"].dt.normalize() >= lo)
                    & (tickets["opened_ts"].dt.normalize() <= hi)]  # fmt: skip
        f = first[first["partner_id"] == pid]
        since = (
            pd.Timestamp(onboarded) if pd.notna(onboarded) else (f["order_ts"].min().normalize() if len(f) else pd.NaT)
        )
        out[int(pid)] = {
            "revenue": revenue,
            "growth": revenue / prev_revenue - 1 if prev_revenue > 0 else np.nan,
            "gross_margin": (revenue - cost) / revenue if revenue > 0 else np.nan,
            "active_customers": len(customers),
            "new_customers": int((f["order_ts"].dt.normalize() >= lo).sum()),
            "pipeline": open_["amount"].sum(),
            "win_rate": closed["won"].sum() / len(closed) if len(closed) else np.nan,
            "satisfaction": t["satisfaction"].mean() if t["satisfaction"].notna().any() else np.nan,
            "tenure": (hi - since).days / 365.25 if pd.notna(since) else np.nan,
            "loyalty": mine.loc[mine["revenue"] > 0, "revenue"].sum() / theirs["revenue"].sum()
            if theirs["revenue"].sum() > 0 else np.nan,
        }  # fmt: skip
        if pd.notna(onboarded) and pd.Timestamp(onboarded) > hi:
            out[int(pid)] = dict.fromkeys(out[int(pid)], np.nan)
    return pd.DataFrame.from_dict(out, orient="index").sort_index()


@pytest.mark.parametrize(
    "period", [(dt.date(2025, 10, 1), dt.date(2025, 12, 31)), (dt.date(2025, 2, 10), dt.date(2025, 5, 3))]
)
def test_demo_metrics_equal_pandas(demo_pointer, period):
    from olap.period import previous_span

    con = Warehouse(demo_pointer).cursor()
    ours = read_metrics(con, *period).set_index("partner_id")[list(METRICS)].sort_index()
    theirs = pandas_metrics(con, *period, previous_span(*period))
    assert len(ours) == con.execute("SELECT count(*) FROM dim_partner").fetchone()[0] > 0
    pd.testing.assert_frame_equal(ours, theirs[list(METRICS)], check_dtype=False, check_names=False, rtol=1e-9)


def test_fixture_metrics_equal_pandas(partner_pointer):
    con = Warehouse(partner_pointer).cursor()
    ours = read_metrics(con, *Q4).set_index("partner_id")[list(METRICS)].sort_index()
    theirs = pandas_metrics(con, *Q4, (dt.date(2025, 7, 1), dt.date(2025, 9, 30)))
    pd.testing.assert_frame_equal(ours, theirs[list(METRICS)], check_dtype=False, check_names=False, rtol=1e-9)


def test_a_warehouse_without_partners_answers_an_empty_scorecard(tiny_published):
    from data.warehouse import get_warehouse

    frame = partner_metrics(*Q4, warehouse=get_warehouse())
    assert frame.empty and list(frame.columns)[:3] == ["partner_id", "name", "note"]
    assert score(frame, DEFAULT_WEIGHTS).empty


# --------------------------------------------------------------------------- command line


def run_cli(pointer, *args):
    env = {**os.environ, "XRM_DB": str(pointer)}
    return subprocess.run([sys.executable, "-m", "crm.partners", "scorecard", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_cli_json(partner_pointer):
    done = run_cli(partner_pointer, "--json")  # the last complete quarter: 2025-Q4
    assert done.returncode == 0, done.stderr
    items = {item["partner_id"]: item for item in json.loads(done.stdout)}
    assert set(items) == {1, 2, 3, 4}
    for key in ("partner_id", "name", "revenue", "active_customers", "gross_margin", "score", "tier", "stage"):
        assert key in items[1]
    assert items[1]["revenue"] == 300 and items[1]["tier"] == "platinum" and items[1]["score"] == pytest.approx(82.5)
    assert items[1]["active_customers"] == 2 and isinstance(items[1]["active_customers"], int)
    assert items[4]["note"] == "not_onboarded" and items[4]["score"] is None and items[4]["tier"] is None
    from crm.partners.stages import stages_at

    stages = stages_at(Q4[1], Warehouse(partner_pointer))  # the stage at the period's end
    assert {p: items[p]["stage"] for p in items} == {p: stages.get(p) for p in items}
    earlier = json.loads(run_cli(partner_pointer, "--json", "--start", "2025-07-01", "--end", "2025-09-30").stdout)
    assert {i["partner_id"]: i["revenue"] for i in earlier}[1] == 100


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--start", "2025-13-01", "--end", "2025-12-31"), "not a date"),
        (("--start", "2025-12-01", "--end", "2025-10-01"), "after --end"),
        (("--start", "2025-10-01"), "both --start and --end"),
    ],
)
def test_cli_bad_dates(partner_pointer, args, said):
    done = run_cli(partner_pointer, *args)
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr
