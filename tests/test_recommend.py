"""Recommendations (``mining.recommend``): metrics by hand, no future leakage, the backtest against
popularity, the fallback when the model loses, the CLI as a subprocess, and the page's sentences."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from mining.errors import MiningError
from mining.recommend.evaluate import backtest, hit_metrics, recommend_with, verdict
from mining.recommend.history import known_customers, read_history

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2025, 12, 31)
CUTOFF = dt.date(2025, 10, 2)  # AS_OF − 90 days


def write_warehouse(path: Path, lines: list[tuple], *, customers: dict[int, str], products: int, sessions=()) -> Path:
    """A warehouse with the columns the recommender reads: lines are (order_id, ts, customer, product)."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta(key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('lineage', ?)", [f"reco-{path.stem}"])
    con.execute("CREATE TABLE dim_customer(customer_id INTEGER, name VARCHAR, customer_type VARCHAR, signup_date DATE)")
    con.executemany(
        "INSERT INTO dim_customer VALUES (?, ?, ?, DATE '2024-01-01')",
        [(c, f"Customer {c}", kind) for c, kind in customers.items()],
    )
    con.execute("CREATE TABLE dim_product(product_id INTEGER, name VARCHAR, category VARCHAR)")
    con.executemany(
        "INSERT INTO dim_product VALUES (?, ?, 'Kitchen')", [(p, f"Product {p}") for p in range(1, products + 1)]
    )
    con.execute(
        """CREATE TABLE fact_order_line(order_id BIGINT, line_no INTEGER, order_ts TIMESTAMP, customer_id INTEGER,
           product_id INTEGER, channel_id INTEGER, quantity INTEGER, revenue DOUBLE)"""
    )
    frame = pd.DataFrame(lines, columns=["order_id", "order_ts", "customer_id", "product_id"])
    frame["order_ts"] = pd.to_datetime(frame["order_ts"])
    frame["line_no"] = np.arange(1, len(frame) + 1)
    con.register("new_lines", frame)
    con.execute(
        """INSERT INTO fact_order_line SELECT order_id, line_no, order_ts, customer_id, product_id, 1, 1, 10.0
           FROM new_lines"""
    )
    con.unregister("new_lines")
    con.execute(
        """CREATE TABLE fact_web_session(session_id BIGINT, customer_id INTEGER, start_ts TIMESTAMP,
           product_views INTEGER, order_id BIGINT)"""
    )
    if sessions:
        con.executemany("INSERT INTO fact_web_session VALUES (?, ?, ?, ?, NULL)", list(sessions))
    con.close()
    return path


# ------------------------------------------------------------------ a shop where the model must lose
# Everyone bought A, B, C (1, 2, 3) early in 2025; customers 1–20 also D, E, F (4–6). In the 90 days
# before the cutoff customers 21–60 buy D, E, F (what they did not have: skipping owned products wins
# the tuning) and 1–20 buy G (7). After the cutoff everyone buys A, B, C again: the best-sellers hit
# everyone, a model that skips what customers own hits nobody.


def losing_lines() -> list[tuple]:
    lines, order = [], 0
    for c in range(1, 61):
        order += 1
        lines += [(order, "2025-02-10 10:00", c, p) for p in (1, 2, 3)]
        if c <= 20:
            order += 1
            lines += [(order, "2025-03-15 10:00", c, p) for p in (4, 5, 6)]
            order += 1
            lines.append((order, "2025-08-01 10:00", c, 7))
        else:
            order += 1
            lines += [(order, "2025-08-01 10:00", c, p) for p in (4, 5, 6)]
        order += 1
        lines += [(order, "2025-11-01 10:00", c, p) for p in (1, 2, 3)]
    return lines


@pytest.fixture(scope="module")
def losing(tmp_path_factory):
    path = write_warehouse(
        tmp_path_factory.mktemp("reco") / "losing.duckdb", losing_lines(), customers=dict.fromkeys(range(1, 61), "B2C"),
        products=8,
    )  # fmt: skip
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


# ------------------------------------------------------------------ a shop with tastes
# 5 tastes of 4 products each (ids 1–20); every customer buys mostly from their taste, sometimes
# from the best-sellers 21–23 that everyone buys a little of.


def taste_lines(seed: int = 3) -> tuple[list[tuple], dict[int, str]]:
    rng = np.random.default_rng(seed)
    lines, order = [], 0
    start = dt.datetime(2024, 1, 1)
    customers = {}
    for c in range(1, 301):
        taste = c % 5
        customers[c] = "B2B" if c % 7 == 0 else "B2C"
        for _ in range(rng.integers(4, 14)):
            order += 1
            ts = start + dt.timedelta(days=int(rng.integers(0, 730)), hours=int(rng.integers(8, 20)))
            for _ in range(rng.integers(1, 4)):
                product = (
                    21 + int(rng.integers(0, 3)) if rng.random() < 0.2 else 1 + taste * 4 + int(rng.integers(0, 4))
                )
                lines.append((order, ts.strftime("%Y-%m-%d %H:%M"), c, product))
    return lines, customers


@pytest.fixture(scope="module")
def tastes(tmp_path_factory):
    lines, customers = taste_lines()
    path = write_warehouse(tmp_path_factory.mktemp("reco") / "tastes.duckdb", lines, customers=customers, products=23)
    con = duckdb.connect(str(path), read_only=True)
    yield con, path, lines, customers
    con.close()


# ------------------------------------------------------------------ metrics by hand


def test_hit_metrics_by_hand():
    recs = pd.DataFrame(
        {"customer_id": [1, 1, 1, 2, 2, 2, 3, 3, 3, 9], "product_id": [10, 11, 12, 10, 11, 12, 13, 14, 15, 10]}
    )
    truth = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3, 9], "product_id": [10, 11, 20, 13, 30, 10]})
    # customer 1: 2 of 3 bought, bought 2 → hit, precision 2/3, recall 2/2
    # customer 2: nothing bought of 10–12 (bought 20) → miss, 0, 0
    # customer 3: 13 bought of 13–15, bought {13, 30} → hit, 1/3, 1/2
    # customer 9 is not among the customers checked
    m = hit_metrics(recs, truth, [1, 2, 3], k=3, catalogue=12)
    assert m["customers"] == 3
    assert m["hit_rate"] == pytest.approx(2 / 3)
    assert m["precision"] == pytest.approx((2 / 3 + 0 + 1 / 3) / 3)
    assert m["recall"] == pytest.approx((1 + 0 + 0.5) / 3)
    assert m["coverage"] == pytest.approx(6 / 12)  # 10–15 recommended to customers 1–3
    assert hit_metrics(recs, truth, [], k=3, catalogue=12)["hit_rate"] is None


def test_backtest_on_the_losing_shop_by_hand(losing):
    check = backtest(losing, AS_OF, 3)
    assert (check["cutoff"], check["customers"], check["catalogue"]) == ("2025-10-02", 60, 7)
    best = check["methods"]["bestsellers"]  # A, B, C for all: each bought exactly those three
    assert (best["hit_rate"], best["precision"], best["recall"]) == (1.0, 1.0, 1.0)
    assert best["coverage"] == pytest.approx(3 / 7)
    assert check["tuning"]["params"]["exclude_owned"] is True  # what the 90 days before the cutoff rewarded
    assert check["methods"]["model"]["hit_rate"] == 0.0
    assert check["methods"]["popular_new"]["hit_rate"] == 0.0  # everyone owns A, B, C
    v = check["verdict"]
    assert (v["baseline"], v["chosen"], v["beats"], v["meets_target"]) == ("bestsellers", "bestsellers", False, False)


def test_verdict_picks_the_best_method_and_prefers_popularity_on_a_tie():
    def m(rate):
        return {"hit_rate": rate}

    tie = verdict({"model": m(0.4), "bestsellers": m(0.4), "popular_new": m(0.3), "rules": m(0.1)})
    assert (tie["chosen"], tie["beats"], tie["ratio"]) == ("bestsellers", False, 1.0)
    win = verdict({"model": m(0.5), "bestsellers": m(0.3), "popular_new": m(0.4), "rules": m(0.1)})
    assert (win["chosen"], win["baseline"], win["beats"], win["meets_target"]) == ("model", "popular_new", True, True)
    assert win["ratio"] == pytest.approx(1.25)
    rules = verdict({"model": m(0.2), "bestsellers": m(0.3), "popular_new": m(0.1), "rules": m(0.35)})
    assert rules["chosen"] == "rules" and not rules["beats"]


# ------------------------------------------------------------------ the model where tastes exist


def test_model_beats_popularity_where_customers_have_tastes(tastes):
    con = tastes[0]
    check = backtest(con, AS_OF, 3)
    model, best = check["methods"]["model"], check["methods"]["bestsellers"]
    assert check["verdict"]["chosen"] == "model" and check["verdict"]["beats"]
    assert model["hit_rate"] >= 1.2 * best["hit_rate"]
    assert model["coverage"] > best["coverage"]
    # the model's own figures, recomputed independently in pandas from its recommendations
    truth = con.execute(
        "SELECT DISTINCT customer_id, product_id FROM fact_order_line WHERE order_ts >= ? AND order_ts < ?",
        [dt.datetime(2025, 10, 3), dt.datetime(2026, 1, 1)],
    ).df()
    before = con.execute(
        "SELECT DISTINCT customer_id FROM fact_order_line WHERE order_ts < ?", [dt.datetime(2025, 10, 3)]
    ).df()
    customers = sorted(set(truth["customer_id"]) & set(before["customer_id"]))
    assert check["customers"] == len(customers)
    recs, _ = recommend_with(con, "model", CUTOFF, customers, 3)
    got = {c: set(g["product_id"]) for c, g in recs.groupby("customer_id")}
    bought = {c: set(g["product_id"]) for c, g in truth.groupby("customer_id")}
    hits = [len(got.get(c, set()) & bought[c]) for c in customers]
    assert model["hit_rate"] == pytest.approx(np.mean([h > 0 for h in hits]))
    assert model["precision"] == pytest.approx(np.mean([h / 3 for h in hits]))
    assert model["recall"] == pytest.approx(np.mean([h / len(bought[c]) for h, c in zip(hits, customers, strict=True)]))


def test_bestsellers_equal_sql_on_the_demo(demo_pointer):
    from data.warehouse import Warehouse

    con = Warehouse(demo_pointer).cursor()
    end = con.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0]
    check = backtest(con, end, 3, methods=("bestsellers", "popular_new"))
    cutoff = end - dt.timedelta(days=90)
    top = con.execute(
        """SELECT product_id FROM fact_order_line
           WHERE quantity > 0 AND order_ts >= ?::DATE - INTERVAL 364 DAY AND order_ts < ?::DATE + INTERVAL 1 DAY
           GROUP BY product_id ORDER BY count(DISTINCT customer_id) DESC, product_id LIMIT 3""",
        [cutoff, cutoff],
    ).fetchall()
    top = [r[0] for r in top]
    hit, n = con.execute(
        """WITH before AS (SELECT DISTINCT customer_id FROM fact_order_line
                           WHERE quantity > 0 AND order_ts >= ?::DATE - INTERVAL 729 DAY AND order_ts < ?::DATE + INTERVAL 1 DAY),
                after AS (SELECT customer_id, max((product_id IN (SELECT unnest(?)))::INT) AS hit
                          FROM fact_order_line WHERE quantity > 0 AND order_ts >= ?::DATE + INTERVAL 1 DAY
                            AND order_ts < ?::DATE + INTERVAL 1 DAY GROUP BY customer_id)
           SELECT sum(hit), count(*) FROM after SEMI JOIN before USING (customer_id)""",
        [cutoff, cutoff, top, cutoff, end],
    ).fetchone()
    assert check["customers"] == n
    assert check["methods"]["bestsellers"]["hit_rate"] == pytest.approx(hit / n)
    assert check["methods"]["popular_new"]["hit_rate"] <= 1


# ------------------------------------------------------------------ no future leakage


def recommendations_of(path: Path, as_of: dt.date, method: str = "model") -> dict:
    from mining.recommend.__main__ import recommendations

    con = duckdb.connect(str(path), read_only=True)
    try:
        return recommendations(con, as_of, 3, method)
    finally:
        con.close()


@pytest.mark.parametrize("method", ["model", "bestsellers", "popular_new", "rules"])
def test_data_after_the_date_never_changes_a_recommendation(tastes, tmp_path, method):
    _, path, lines, customers = tastes
    as_of = dt.date(2025, 6, 30)
    limit = "2025-07-01"
    rng = np.random.default_rng(11)
    moved = []
    for o, ts, c, p in lines:
        if ts >= limit:  # every later line: another product, moved further into the future
            later = (dt.datetime.fromisoformat(ts) + dt.timedelta(days=int(rng.integers(0, 200)))).strftime(
                "%Y-%m-%d %H:%M"
            )
            moved.append((o, later, c, int(rng.integers(1, 24))))
        else:
            moved.append((o, ts, c, p))
    # and an order placed before the date moved to just after it: the customer no longer had it
    first_order = next(o for o, ts, c, p in lines if ts < limit)
    moved = [(o, "2025-07-02 09:00" if o == first_order else ts, c, p) for o, ts, c, p in moved]
    sessions = [
        (
            i,
            c,
            dt.datetime(2025, 8, 1) + dt.timedelta(hours=i),
            40,
        )
        for i, c in enumerate(customers, start=1)
    ]
    changed = write_warehouse(tmp_path / "moved.duckdb", moved, customers=customers, products=23, sessions=sessions)

    original_without = [(o, ts, c, p) for o, ts, c, p in lines if o != first_order]
    baseline = write_warehouse(tmp_path / "base.duckdb", original_without, customers=customers, products=23)
    assert recommendations_of(changed, as_of, method) == recommendations_of(baseline, as_of, method)
    # the test has teeth: the same edit before the date does change what is recommended
    if method == "model":
        assert recommendations_of(changed, dt.date(2025, 12, 31)) != recommendations_of(baseline, dt.date(2025, 12, 31))


def test_history_and_known_customers_stop_at_the_date(losing):
    history = read_history(losing, dt.date(2025, 2, 10))
    assert history.customers.tolist() == list(range(1, 61)) and set(history.products) == {1, 2, 3}
    assert set(history.age) == {0.0}
    assert read_history(losing, dt.date(2025, 2, 9)).empty
    assert len(known_customers(losing, dt.date(2025, 2, 9))) == 60  # signed up 2024-01-01
    with pytest.raises(MiningError) as err:
        recommend_with(losing, "model", dt.date(2023, 1, 1), [1], 3)
    assert err.value.key == "mining.reco.no_history"


def test_bad_inputs_are_translated_errors(losing):
    from i18n import t

    for call, key in (
        (lambda: recommend_with(losing, "magic", AS_OF, [1], 3), "mining.reco.bad_method"),
        (lambda: recommend_with(losing, "model", AS_OF, [1], 0), "mining.nbp.bad_top_n"),
        (lambda: recommend_with(losing, "model", "2025-01-01", [1], 3), "mining.reco.bad_date"),
        (lambda: backtest(losing, AS_OF, 3, horizon_days=0), "mining.nbp.bad_horizon"),
        (lambda: backtest(losing, dt.date(2025, 7, 1), 3, horizon_days=30), "mining.reco.no_buyers"),
    ):
        with pytest.raises(MiningError) as err:
            call()
        assert err.value.key == key
        for lang in ("en", "ko"):
            text = err.value.message(lang)
            assert "{" not in text and text != t(key, "en" if lang == "ko" else "ko", **err.value.values)


# ------------------------------------------------------------------ the stored run and its fallback


def test_the_run_falls_back_to_the_best_sellers_when_the_model_loses(losing, instance_dir):
    from crm.campaigns.contacts import recommended_products
    from mining.recommend.run import score_recommendations
    from mining.runs import load_run

    run_id = score_recommendations(losing, AS_OF, {"k": 3}, "u_analyst")
    meta, rows = load_run(run_id)
    assert meta["metrics"]["method"] == "bestsellers" and meta["metrics"]["verdict"]["beats"] is False
    assert set(rows["method"]) == {"bestsellers"}
    assert rows["customer_id"].nunique() == 60
    # as of the last day the best-sellers are D, E, F (60 buyers each, bought later than A, B, C ties → lower id first)
    first = rows[rows["customer_id"] == 5].sort_values("rank")
    assert first["item"].tolist() == ["1", "2", "3"] and first["item_name"].tolist() == [
        "Product 1",
        "Product 2",
        "Product 3",
    ]
    products, notes = recommended_products(losing)
    assert products[5] == "Product 1"
    assert notes == [("campaign.launch.nbp_fallback.bestsellers", {})]


def test_the_run_uses_the_model_where_it_wins(tastes, instance_dir):
    from crm.campaigns.contacts import recommended_products
    from mining.recommend.run import score_recommendations
    from mining.runs import load_run

    con = tastes[0]
    run_id = score_recommendations(con, AS_OF, {"k": 3}, "u_analyst")
    meta, rows = load_run(run_id)
    assert meta["metrics"]["method"] == "model" and set(rows["method"]) == {"model"}
    expected = recommendations_of(tastes[1], AS_OF)
    got = {str(c): g.sort_values("rank")["item"].astype(int).tolist() for c, g in rows.groupby("customer_id")}
    assert got == expected
    _, notes = recommended_products(con)
    assert notes == []


# ------------------------------------------------------------------ the CLI


def test_cli_prints_recommendations_as_json(tastes, tmp_path):
    path = tastes[1]
    env = {**os.environ, "XRM_INSTANCE": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "mining.recommend", "--as-of", "2025-12-31", "--k", "3", "--json", "--db", str(path)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert len(out) == 300 and all(key.isdigit() for key in out)
    assert all(len(v) == 3 and all(isinstance(p, int) and 1 <= p <= 23 for p in v) for v in out.values())
    assert out == recommendations_of(path, AS_OF)
    bad = subprocess.run(
        [sys.executable, "-m", "mining.recommend", "--as-of", "2025-13-40", "--json", "--db", str(path)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and "not a date" in bad.stderr and "Traceback" not in bad.stderr
    empty = subprocess.run(
        [sys.executable, "-m", "mining.recommend", "--as-of", "2020-01-01", "--json", "--db", str(path)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert empty.returncode == 2 and "No purchases up to 2020-01-01" in empty.stderr


# ------------------------------------------------------------------ the page's words


def test_verdict_sentences_in_english_and_korean():
    from components.reco_view import used_method_text, verdict_text

    methods = {"model": {"hit_rate": 0.4217}, "bestsellers": {"hit_rate": 0.4051}, "popular_new": {"hit_rate": 0.33}}
    v = verdict(methods)
    en, ko = verdict_text(v, methods, "en"), verdict_text(v, methods, "ko")
    assert en.startswith("The model beats the baseline") and "42.2%" in en and "40.5%" in en and "1.04×" in en
    assert "short of the 1.2× target" in en
    assert (
        ko.startswith("모델이 기준선보다 낫습니다") and "42.2%" in ko and "1.04배" in ko and "목표 1.2배에는 미달" in ko
    )
    lost = {"model": {"hit_rate": 0.0}, "bestsellers": {"hit_rate": 1.0}}
    assert verdict_text(verdict(lost), lost, "en").startswith("The model does not beat the baseline")
    assert verdict_text(verdict(lost), lost, "ko").startswith("모델이 기준선보다 낫지 않습니다")
    assert used_method_text("bestsellers", "en") == "Best-sellers (same list for all) (the model lost its backtest)"
    assert used_method_text("bestsellers", "ko") == "베스트셀러 (모두에게 같은 목록) (모델이 백테스트에서 졌음)"
    assert used_method_text("model", "ko") == "모델 (유사도 + 인기도 혼합)"


def _texts(node) -> dict[str, str]:
    """Every component id in a Dash tree → its text."""
    out = {}

    def text(n) -> str:
        if n is None:
            return ""
        if isinstance(n, str | int | float):
            return str(n)
        if isinstance(n, list | tuple):
            return "".join(text(c) for c in n)
        return text(getattr(n, "children", None))

    def walk(n):
        if isinstance(n, list | tuple):
            for c in n:
                walk(c)
            return
        if n is None or isinstance(n, str | int | float):
            return
        if getattr(n, "id", None):
            out[n.id] = text(n)
        walk(getattr(n, "children", None))

    walk(node)
    return out


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_page_states_the_verdict_and_the_method_used(losing, tastes, instance_dir, lang):
    from components.rules_view import nbp_view
    from mining.recommend.run import score_recommendations
    from mining.runs import load_run

    lost = _texts(nbp_view(*load_run(score_recommendations(losing, AS_OF, {"k": 3}, "u_analyst")), lang))
    won = _texts(nbp_view(*load_run(score_recommendations(tastes[0], AS_OF, {"k": 3}, "u_analyst")), lang))
    if lang == "en":
        assert lost["nbp-verdict"].startswith(
            "The model does not beat the baseline: it hits 0.0% of customers against 100.0%"
        )
        assert lost["nbp-chosen"] == (
            "Customer 360 and the campaign contact files use: Best-sellers (same list for all) (the model lost its backtest)."
        )
        assert (
            won["nbp-verdict"].startswith("The model beats the baseline")
            and "the 1.2× target is met" in won["nbp-verdict"]
        )
        assert won["nbp-chosen"].endswith("use: Model (similarity + popularity blend).")
        assert "60 customers" in lost["nbp-backtest"] and "Oct 2, 2025" in lost["nbp-backtest"]
    else:
        assert lost["nbp-verdict"].startswith("모델이 기준선보다 낫지 않습니다: 고객 적중률 0.0%")
        assert lost["nbp-chosen"].endswith("베스트셀러 (모두에게 같은 목록) (모델이 백테스트에서 졌음).")
        assert won["nbp-verdict"].startswith("모델이 기준선보다 낫습니다") and "목표 1.2배 달성" in won["nbp-verdict"]
        assert "2025. 10. 2." in lost["nbp-backtest"]
    assert "nbp-methods" in lost and "nbp-table" in lost


def test_customer_360_says_when_recommendations_are_a_fallback():
    from components.customers_view import _scores

    rows = [
        {"rank": 2, "item": "2", "item_name": "Product 2", "method": "bestsellers"},
        {"rank": 1, "item": "1", "item_name": "Product 1", "method": "bestsellers"},
    ]
    shown = _texts(_scores({"nbp": {"run_id": 4, "as_of": "2025-12-31", "rows": rows}}, "en"))
    assert shown["cust-nbp"].endswith(
        "Product 1, Product 2 · Best-sellers (same list for all) (the model lost its backtest)"
    )
    model_rows = [{**r, "method": "model"} for r in rows]
    shown = _texts(_scores({"nbp": {"run_id": 5, "as_of": "2025-12-31", "rows": model_rows}}, "ko"))
    assert shown["cust-nbp"].endswith("Product 1, Product 2")
    old_rows = [{k: v for k, v in r.items() if k != "method"} for r in rows]  # a run of the older rules job
    assert _texts(_scores({"nbp": {"run_id": 6, "as_of": "2025-12-31", "rows": old_rows}}, "en"))["cust-nbp"].endswith(
        "Product 1, Product 2"
    )
