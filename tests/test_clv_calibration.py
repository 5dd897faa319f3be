"""The CLV holdout check as the classic calibration view: mean predicted and actual holdout
purchases per customer by repeat purchases before the cutoff (0 … 7+), checked against an
independent pandas computation, the trust verdict's rule, and the RFM page's view of it."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from components.rfm_view import calibration_rows, holdout
from mining.clv import BetaGeoModel, calibration_table, calibration_trust, holdout_check

CUTOFF, END = dt.date(2024, 12, 31), dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def demo(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    yield con
    con.close()


def _purchase_days(con) -> pd.DataFrame:
    """Per customer and day, the net value of its orders (pandas, from the order lines)."""
    lines = con.execute(
        """SELECT l.customer_id, l.order_id, l.order_ts, l.revenue FROM fact_order_line l
           JOIN dim_customer c USING (customer_id) WHERE NOT c.is_guest"""
    ).df()
    orders = lines.groupby(["customer_id", "order_id"]).agg(ts=("order_ts", "min"), value=("revenue", "sum"))
    orders = orders.reset_index()
    orders["day"] = orders["ts"].dt.normalize()
    days = orders.groupby(["customer_id", "day"])["value"].sum().reset_index()
    return days[days["value"] > 0]


def test_calibration_table_equals_pandas(demo):
    _, metrics = holdout_check(demo, CUTOFF, END)
    got = pd.DataFrame(metrics["calibration"])
    days = _purchase_days(demo)
    before = days[days["day"] <= pd.Timestamp(CUTOFF)]
    after = days[(days["day"] > pd.Timestamp(CUTOFF)) & (days["day"] <= pd.Timestamp(END))]
    g = before.groupby("customer_id")["day"]
    per = pd.DataFrame({"x": g.size() - 1, "first": g.min(), "last": g.max()})
    per["actual"] = after.groupby("customer_id").size().reindex(per.index).fillna(0)
    per["t_x"] = (per["last"] - per["first"]).dt.days / 7.0
    per["T"] = (pd.Timestamp(CUTOFF) - per["first"]).dt.days / 7.0
    bg = BetaGeoModel().fit(per["x"], per["t_x"], per["T"])  # the same estimator on the pandas summary
    assert bg.params_ == pytest.approx(metrics["bgnbd"], rel=1e-6)
    per["predicted"] = bg.expected_purchases((END - CUTOFF).days / 7.0, per["x"], per["t_x"], per["T"])
    per["group"] = per["x"].clip(upper=7)
    want = per.groupby("group").agg(customers=("x", "size"), actual=("actual", "mean"), predicted=("predicted", "mean"))
    assert list(got["purchases"]) == [str(g) if g < 7 else "7+" for g in want.index]
    assert list(got["customers"]) == list(want["customers"])
    assert np.allclose(got["actual"], want["actual"])
    assert np.allclose(got["predicted"], want["predicted"], rtol=1e-6)
    total_error = 100 * (per["predicted"].sum() - per["actual"].sum()) / per["actual"].sum()
    assert metrics["purchases_error_pct"] == pytest.approx(total_error, rel=1e-6)
    assert metrics["trust"] == calibration_trust(got, total_error)


def test_seven_or_more_share_one_bucket_and_trust_follows_the_limits():
    table = calibration_table(np.array([0, 0, 3, 7, 12]), np.array([0.0, 1.0, 2.0, 4.0, 6.0]), np.ones(5) * 2)
    assert list(table["purchases"]) == ["0", "3", "7+"]
    assert list(table["customers"]) == [2, 1, 2]
    assert list(table["actual"]) == [0.5, 2.0, 5.0]
    assert table["error_pct"].tolist() == pytest.approx([300.0, 0.0, -60.0])
    big = pd.DataFrame({"customers": [100, 100, 5], "error_pct": [5.0, -15.0, 500.0]})  # the small bucket is ignored
    assert calibration_trust(big, 4.0) == "close"
    assert calibration_trust(big, -20.0) == "fair"
    assert calibration_trust(big, 30.0) == "rough"
    assert calibration_trust(big.assign(error_pct=[35.0, -35.0, 0.0]), 4.0) == "fair"
    assert calibration_trust(big, None) == "rough"


def test_the_rfm_page_shows_the_calibration_view(demo):
    _, metrics = holdout_check(demo, CUTOFF, END)
    for lang in ("en", "ko"):
        view = holdout({"holdout": metrics}, lang)
        ids = [getattr(c, "id", None) for c in view.children]
        assert ids == ["rfm-holdout-summary", "rfm-holdout-trust", "rfm-calibration", "rfm-calibration-table"]
        fig = view.children[2].figure
        assert list(fig.data[0].y) == pytest.approx([r["actual"] for r in metrics["calibration"]])
        assert list(fig.data[1].y) == pytest.approx([r["predicted"] for r in metrics["calibration"]])
    en = holdout({"holdout": metrics}, "en")
    error = metrics["purchases_error_pct"]
    assert f"{error:+.1f}%" in en.children[0].children
    assert len(calibration_rows(pd.DataFrame(metrics["calibration"]), "en")) == len(metrics["calibration"])
    # an older run without the calibration keeps its bar chart
    old = {k: v for k, v in metrics.items() if k != "calibration"}
    old["table"] = [{"bucket": "0", "actual": 1.0, "predicted": 1.2}]
    assert holdout({"holdout": old}, "en").children[0].id == "rfm-holdout-summary"
