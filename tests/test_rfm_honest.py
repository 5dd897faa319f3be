"""RFM is never hostage to CLV (issue 9, defect 4) and model output is labelled honestly (defect 7).

Orders files the tests write are imported into their own warehouses; every figure is checked
against an independent pandas computation on the same file.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from data import warehouse as wh
from i18n import format as fmt
from mining.rfm import SEGMENT_CELLS, TIERS
from mining.runs import latest_run, load_run
from tests.test_run_lineage import load

AS_OF_START = dt.date(2024, 1, 1)


def orders(seed: int, customers: int, constant: float | None = None, zero_only: int = 0) -> pd.DataFrame:
    """Customers 1..N buying as BG/NBD assumes (Poisson while alive, may drop out after each
    purchase), one order a day at most, spend varied or all ``constant``; plus ``zero_only``
    customers whose every order is free (amount 0)."""
    rng = np.random.default_rng(seed)
    rows = []
    for customer in range(1, customers + zero_only + 1):
        rate, drop, mean = rng.gamma(2.0, 1 / 60), rng.beta(1.0, 4.0), rng.gamma(4.0, 15.0)
        day, days = float(rng.integers(0, 200)), []
        while day < 360:
            days.append(int(day))
            if rng.random() < drop:
                break
            day += rng.exponential(1 / rate)
        for day in sorted(set(days)):
            if customer > customers:
                amount = 0.0
            elif constant is not None:
                amount = constant
            else:
                amount = round(float(rng.gamma(5.0, mean / 5.0)) + 1.0, 2)
            rows.append(
                {
                    "customer": customer,
                    "order_date": (AS_OF_START + dt.timedelta(days=day)).isoformat(),
                    "amount": amount,
                    "quantity": 1,
                    "product": "P1",
                    "country": "Korea",
                }
            )
    return pd.DataFrame(rows)


def expected_rfm(frame: pd.DataFrame) -> pd.DataFrame:
    """RFM, segments and tiers in pandas, from the definitions (one order per customer and day)."""
    as_of = pd.Timestamp(frame["order_date"].max())
    days = frame.assign(day=pd.to_datetime(frame["order_date"]))
    buys = days[days["amount"] > 0]
    out = pd.DataFrame(
        {
            "recency_days": (as_of - buys.groupby("customer")["day"].max()).dt.days,
            "frequency": buys.groupby("customer").size(),
            "monetary": days.groupby("customer")["amount"].sum(),
        }
    ).dropna()
    n = len(out)

    def score(worse: pd.Series) -> pd.Series:
        return np.minimum(1 + (5 * worse) // n, 5).astype(int)

    out["r"] = score(n - out["recency_days"].rank(method="max").astype(int))  # strictly more recent is worse
    out["f"] = score(out["frequency"].rank(method="min").astype(int) - 1)
    cell = {c: seg for seg, cells in SEGMENT_CELLS.items() for c in cells}
    out["segment"] = [cell[f"{r}{f}"] for r, f in zip(out["r"], out["f"], strict=True)]
    pct = (out["monetary"].rank(method="min") - 1) / n
    out["tier"] = "bronze"
    for name, min_pct, min_orders in reversed(TIERS):
        out.loc[(pct >= min_pct) & (out["frequency"] >= min_orders), "tier"] = name
    out["one_time"] = buys.groupby("customer")["day"].nunique() == 1
    return out


def imported(folder, frame: pd.DataFrame):
    """``frame`` written as a CSV and imported into a new warehouse of its own (RFM scored by the load)."""
    frame.to_csv(folder / "orders.csv", index=False)
    pointer = folder / "wh" / "xrm.duckdb"
    return pointer, load(folder / "orders.csv", pointer, new=True)


@pytest.fixture(scope="module")
def constant(tmp_path_factory):
    """Every order costs the same: Gamma-Gamma has no spend heterogeneity to fit."""
    frame = orders(11, 80, constant=50.0)
    return frame, *imported(tmp_path_factory.mktemp("constant"), frame)


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    """Varied spend (the models fit), one-time buyers, and customers with free orders only."""
    frame = orders(12, 120, zero_only=7)
    return frame, imported(tmp_path_factory.mktemp("varied"), frame)[0]


def kpi_value(component, key: str):
    """The text of the KPI card marked ``data-kpi=key`` in a component tree."""
    if getattr(component, "data-kpi", None) == key:
        return component.children
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found = kpi_value(child, key)
            if found is not None:
                return found
    return None


def run_of(pointer) -> tuple[dict, pd.DataFrame]:
    return load_run(latest_run("rfm", wh.Warehouse(pointer).lineage())["run_id"])


def test_rfm_is_stored_when_spend_has_no_heterogeneity(constant):
    frame, pointer, result = constant
    meta, scores = run_of(pointer)
    assert (
        f"rfm run {meta['run_id']} as of" in result.scores
        and "without CLV (mining.clv.constant_value)" in result.scores
    )
    assert meta["metrics"]["clv_status"] == "absent"
    assert meta["metrics"]["clv_reason"] == {"key": "mining.clv.constant_value", "values": {}}
    assert scores[["p_alive", "expected_purchases_12m", "clv_12m"]].isna().all().all()
    want = expected_rfm(frame)
    got = scores.set_index("customer_id").sort_index()
    assert list(got.index) == list(want.index)
    for column in ("recency_days", "frequency", "r", "f", "segment", "tier"):
        assert got[column].tolist() == want[column].tolist(), column
    assert got["monetary"].to_numpy() == pytest.approx(want["monetary"].to_numpy())
    assert meta["metrics"]["segments"] == want["segment"].value_counts().to_dict()
    assert meta["metrics"]["tiers"] == want["tier"].value_counts().to_dict()
    # the published cube scores hold the segments too
    con = wh.Warehouse(pointer).cursor()
    published = dict(con.execute("SELECT customer_id, rfm_segment FROM customer_score").fetchall())
    assert published == want["segment"].to_dict()


def test_rfm_page_says_why_clv_is_absent(constant, monkeypatch):
    from callbacks.rfm import render_run
    from components.customers_view import clv_texts

    _, pointer, _ = constant
    monkeypatch.setenv("XRM_DB", str(pointer))
    page = render_run(None, "en")
    text = str(page)
    assert "rfm-clv-absent" in text
    assert "Every repeat customer spends exactly the same per purchase, so spend cannot be modelled." in text
    assert "RFM segments and tiers are complete." in text
    assert kpi_value(page, "clv") == "–" and kpi_value(page, "customers") == "80"
    meta, scores = run_of(pointer)
    row = scores.iloc[0].to_dict()
    assert clv_texts(row, "en") == ("not available for this run", "not available for this run")
    assert clv_texts(row, "ko") == ("이 실행에는 없음", "이 실행에는 없음")


def test_one_time_buyers_and_free_order_customers_are_counted(varied):
    frame, pointer = varied
    meta, scores = run_of(pointer)
    metrics = meta["metrics"]
    assert metrics["clv_status"] == "fitted" and scores["clv_12m"].notna().all()
    want = expected_rfm(frame)
    got = scores.set_index("customer_id").sort_index()
    assert list(got.index) == list(want.index)  # the free-order customers are not buyers
    assert metrics["no_positive_spend"] == 7 == frame.groupby("customer")["amount"].max().eq(0).sum()
    assert metrics["one_time_buyers"] == int(want["one_time"].sum()) > 0
    assert (got["repeat_purchases"] == 0).tolist() == want["one_time"].tolist()
    # BG/NBD gives a one-time buyer P(alive) = 1 by construction; repeat buyers less
    assert (got.loc[want["one_time"], "p_alive"] == 1.0).all()
    assert (got.loc[~want["one_time"], "p_alive"] < 1.0).all()


def test_segment_table_marks_p_alive_of_one_time_buyers(varied, monkeypatch):
    from callbacks.rfm import render_run
    from components.rfm_view import segment_label, summary_rows
    from mining.rfm import SEGMENTS

    frame, pointer = varied
    meta, scores = run_of(pointer)
    want = expected_rfm(frame)
    rows = {r["code"]: r for r in summary_rows(scores, "segment", SEGMENTS, segment_label, "en")}
    share = want.groupby("segment")["one_time"].mean()
    alive = scores.groupby("segment")["p_alive"].mean()
    assert set(rows) == set(share.index)
    for code, row in rows.items():
        assert row["one_time"] == pytest.approx(share[code])
        assert row["p_alive"] == pytest.approx(alive[code])
    monkeypatch.setenv("XRM_DB", str(pointer))
    text = str(render_run(None, "en"))
    n, total = int(want["one_time"].sum()), len(want)
    assert f"* {n} of {total} buyers ({n / total:.1%}) have bought only once." in text
    assert "7 customers have orders but no positive spend" in text
    assert "rfm-clv-absent" not in text
    assert "params.data.one_time > 0 ? '*' : ''" in text  # the P(alive) column marks averages that include them


def test_customer_360_marks_a_one_time_buyers_p_alive(varied):
    from components.customers_view import clv_texts
    from crm.customers import profile

    frame, pointer = varied
    want = expected_rfm(frame)
    cursor = wh.Warehouse(pointer).cursor()
    once = int(want.index[want["one_time"]][0])
    again = int(want.index[~want["one_time"]][0])
    row = profile(cursor, once).scores["rfm"]["rows"][0]
    clv, alive = clv_texts(row, "en")
    assert alive == "100.0%* (one-time buyer: the model gives 100% by construction and cannot tell yet)"
    assert row["clv_12m"] > 0 and clv == fmt.money(row["clv_12m"], "en")
    assert clv_texts(row, "ko")[1].startswith("100.0%* (1회 구매 고객")
    row = profile(cursor, again).scores["rfm"]["rows"][0]
    assert "*" not in clv_texts(row, "en")[1] and clv_texts(row, "en")[1].endswith("%")
