"""Automatic insights: contribution arithmetic, robust outliers, sentences, and no exceptions."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from data.warehouse import Warehouse
from olap import insights
from olap.engine import execute
from olap.query import make_spec

Q3 = dict(start="2025-07-01", end="2025-09-30")
Q4 = dict(start="2025-10-01", end="2025-12-31")


@pytest.fixture(scope="module")
def tiny(tiny_published):
    return Warehouse(tiny_published)


@pytest.fixture(scope="module")
def demo(demo_pointer):
    return Warehouse(demo_pointer)


# --------------------------------------------------------------------------- hand-computed (tiny warehouse)
# Q4 2025 lines: Kim (Asia) 10 + 100, Berlin (Europe) 10 × 50 × 0.8 = 400, Ann (North America) -10,
# Sato (Asia) 50  → 550.  Q3 2025: Ann 30.  Change +520 = Asia +160, Europe +400, North America -40.


def test_additive_change_splits_exactly_by_member(tiny):
    c = insights.contributions(make_spec(["revenue"], rows=["geo.region"], **Q4), tiny)
    assert (c.kind, c.current, c.previous, c.change) == ("additive", 550.0, 30.0, 520.0)
    # the tiny data ends on 2025-12-24: Q4 is compared like for like with July 1 – September 24
    assert (c.previous_start, c.previous_end) == (dt.date(2025, 7, 1), dt.date(2025, 9, 24)) and c.partial
    effects = {d.member: d.effect for d in c.drivers}
    assert effects == pytest.approx({"Asia": 160.0, "Europe": 400.0, "North America": -40.0})
    assert sum(effects.values()) == pytest.approx(c.change)
    assert [d.member for d in c.up()] == ["Europe", "Asia"]
    assert [d.member for d in c.down()] == ["North America"]


def test_distinct_counts_split_only_when_members_partition(tiny):
    # every customer has one region: customers add up over regions
    by_region = insights.contributions(make_spec(["customers"], rows=["geo.region"], **Q4), tiny)
    assert by_region.kind == "partition"
    assert (by_region.current, by_region.previous) == (4.0, 1.0)
    assert sum(d.effect for d in by_region.drivers) == pytest.approx(by_region.change)
    # Kim bought online and offline in Q4: channel groups overlap, the total comes from the total query
    by_group = insights.contributions(make_spec(["customers"], rows=["channel.group"], **Q4), tiny)
    assert by_group.kind == "overlapping" and not by_group.exact
    assert by_group.change == 3.0
    assert {d.member: d.current for d in by_group.drivers} == {"online": 3.0, "offline": 2.0}


def test_ratio_change_splits_into_rate_and_mix(tiny):
    c = insights.contributions(make_spec(["margin_pct"], rows=["channel.group"], **Q4), tiny)
    con = duckdb.connect(str(tiny.pointer), read_only=True)
    margin = {
        q: con.execute(
            "SELECT sum(revenue - cost) / sum(revenue) FROM fact_order_line WHERE order_ts >= ? AND order_ts < ?",
            [start, end],
        ).fetchone()[0]
        for q, (start, end) in {"q3": ("2025-07-01", "2025-10-01"), "q4": ("2025-10-01", "2026-01-01")}.items()
    }
    con.close()
    assert c.kind == "ratio_split"
    assert c.current == pytest.approx(margin["q4"]) and c.previous == pytest.approx(margin["q3"])
    assert c.rate_effect + c.mix_effect == pytest.approx(c.change)
    assert sum(d.effect for d in c.drivers) == pytest.approx(c.change)


def test_time_rows_state_only_the_total(tiny):
    c = insights.contributions(make_spec(["revenue"], rows=["time.month"], **Q4), tiny)
    assert c.kind == "total_only" and c.change == 520.0 and not c.drivers


@pytest.mark.parametrize(
    "spec",
    [
        make_spec(["revenue"], rows=["geo.region"]),  # no dates
        make_spec(["revenue"], **Q4),  # no group level
        make_spec(["revenue"], rows=["geo.region"], filters={"time.year": ["2025"]}, **Q4),  # time member filter
        make_spec(["revenue"], rows=["geo.region"], start="2024-01-01", end="2024-06-30"),  # nothing before
    ],
)
def test_nothing_to_compare_gives_none(tiny, spec):
    assert insights.contributions(spec, tiny) is None


# --------------------------------------------------------------------------- differential (demo warehouse)


@pytest.mark.parametrize(
    "measure,level_id",
    [
        ("revenue", "geo.country"),
        ("units", "product.category"),
        ("orders", "channel.channel"),
        ("gross_margin", "partner.tier"),
        ("tickets", "channel.group"),
        ("sessions", "channel.channel"),
    ],
)
def test_additive_contributions_equal_sql(demo, demo_pointer, measure, level_id):
    spec = make_spec([measure], rows=[level_id], start="2025-04-01", end="2025-06-30", limit=3)
    c = insights.contributions(spec, demo)
    whole = [
        execute(make_spec([measure], start=s, end=e), demo)[measure].iloc[0]
        for s, e in (("2025-04-01", "2025-06-30"), ("2025-01-01", "2025-03-31"))
    ]
    assert (c.current, c.previous) == pytest.approx(tuple(whole))
    assert c.exact, c.kind
    # the limit of the view does not cut members out of the split
    assert sum(d.effect for d in c.drivers) == pytest.approx(c.change, abs=1e-6)


def test_revenue_by_country_equals_pandas(demo, demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    lines = con.execute(
        "SELECT f.order_ts, f.revenue, c.country FROM fact_order_line f JOIN dim_customer c USING (customer_id) "
        "WHERE f.order_ts >= '2025-01-01' AND f.order_ts < '2025-07-01'"
    ).df()
    con.close()
    q2 = lines[lines["order_ts"] >= pd.Timestamp("2025-04-01")].groupby("country")["revenue"].sum()
    q1 = lines[lines["order_ts"] < pd.Timestamp("2025-04-01")].groupby("country")["revenue"].sum()
    expected = q2.sub(q1, fill_value=0)
    c = insights.contributions(make_spec(["revenue"], rows=["geo.country"], start="2025-04-01", end="2025-06-30"), demo)
    got = pd.Series({d.member: d.effect for d in c.drivers})
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)


def test_ratio_parts_are_the_cube_ratios(demo):
    """The rate/mix split relies on measure = numerator / denominator; check it on the data."""
    for name, (num, den) in insights.RATIO_PARTS.items():
        df = execute(make_spec([name, num, den], rows=["channel.channel"], start="2025-01-01", end="2025-06-30"), demo)
        ok = df[df[den] > 0]
        assert len(ok) > 0
        np.testing.assert_allclose(ok[name], ok[num] / ok[den], rtol=1e-9)


def test_ratio_without_parts_is_ranked_not_split(demo):
    c = insights.contributions(
        make_spec(["satisfaction"], rows=["channel.channel"], start="2025-04-01", end="2025-06-30"), demo
    )
    assert c.kind == "ratio_weighted" and not c.exact and c.volume == "tickets"
    assert all(d.effect == pytest.approx(d.rate_effect) for d in c.drivers)


# --------------------------------------------------------------------------- outliers


def _frame(values):
    return pd.DataFrame({"geo.country": [f"c{i}" for i in range(len(values))], "revenue": values})


def test_planted_outlier_is_found():
    rng = np.random.default_rng(3)
    values = list(100 + rng.permutation(np.linspace(-10, 10, 30)))
    values[17] = 400.0
    found = insights.outliers(_frame(values), "revenue", "geo.country")
    assert [o.member for o in found] == ["c17"]
    assert found[0].score > insights.OUTLIER_Z
    low = insights.outliers(_frame(values[:17] + [1.0] + values[18:]), "revenue", "geo.country")
    assert [o.member for o in low] == ["c17"] and low[0].score < 0


def test_no_outliers_on_flat_smooth_or_tiny_series():
    assert insights.outliers(_frame([100.0] * 12), "revenue", "geo.country") == []
    assert insights.outliers(_frame(list(np.linspace(90, 110, 25))), "revenue", "geo.country") == []
    assert (
        insights.outliers(_frame([1.0, 2.0, 1.5, 1.2, 1.1, 1.3, 1000.0]), "revenue", "geo.country") == []
    )  # 7: too few


def test_mad_zero_falls_back_to_mean_deviation():
    # more than half the members are equal: the MAD is 0, the mean absolute deviation is not
    found = insights.outliers(_frame([5.0] * 8 + [50.0]), "revenue", "geo.country", log_scale=False)
    assert [o.member for o in found] == ["c8"]


def test_sizes_are_scored_on_a_log_scale():
    # a geometric spread is normal for sizes: nothing unusual on the log scale, the top on the raw one
    values = [float(2**i) for i in range(12)]
    assert insights.outliers(_frame(values), "revenue", "geo.country") == []
    assert insights.outliers(_frame(values), "revenue", "geo.country", log_scale=False) != []


# --------------------------------------------------------------------------- sentences


def test_sentences_in_both_languages(tiny):
    spec = make_spec(["revenue"], rows=["geo.region"], limit=500, **Q4)
    en = insights.sentences_for(spec, "en", tiny)
    # the tiny data ends on Dec 24: Q4 is partial and compared with the same part of Q3
    assert en[0] == (
        "Q4 2025 is partial: the data ends on Dec 24, 2025 (85 of 92 days), "
        "so it is compared with the same part of the period before."
    )
    assert en[1] == (
        "Revenue rose 1,733.3% (+$520) to $550 against the same days of Q3 2025 (Jul 1, 2025 – Sep 24, 2025)."
    )
    assert en[2] == (
        "Europe contributed +$400 (77% of the change), Asia +$160 (31%); North America moved the other way (-$40)."
    )
    ko = insights.sentences_for(spec, "ko", tiny)
    assert ko[0].startswith("부분 기간: 2025년 4분기 데이터가 2025. 12. 24.에 끝납니다(92일 중 85일).")
    assert ko[1] == "2025년 3분기의 같은 기간(2025. 7. 1. – 2025. 9. 24.) 대비 매출 1,733.3% 증가(+$520), 현재 $550."
    assert ko[2] == "주요 변화 요인: 유럽 +$400(변화의 77%), 아시아 +$160(31%); 반대 방향: 북미 -$40."
    assert len(en) <= insights.MAX_SENTENCES


def test_overlapping_members_are_not_given_shares(tiny):
    en = insights.sentences_for(make_spec(["customers"], rows=["channel.group"], **Q4), "en", tiny)
    assert en[1] == "Customers rose 300.0% (+3) to 4 against the same days of Q3 2025 (Jul 1, 2025 – Sep 24, 2025)."
    assert "do not add up" in en[2] and "of the change" not in en[2]


def test_ratio_sentences_in_points(tiny):
    en = insights.sentences_for(make_spec(["margin_pct"], rows=["channel.group"], **Q4), "en", tiny)
    assert en[1].startswith("Margin % ") and " pp) against the same days of Q3 2025 (" in en[1]
    ko = insights.sentences_for(make_spec(["margin_pct"], rows=["channel.group"], **Q4), "ko", tiny)
    assert "%p" in ko[1]


@pytest.mark.parametrize(
    "spec",
    [
        make_spec(["revenue"], rows=["geo.region"]),
        make_spec(["revenue"], **Q4),
        make_spec(["revenue"], rows=["time.day"], **Q4),
        make_spec(["revenue", "orders"], rows=["customer.customer"], columns=["time.month"], **Q4),
        make_spec(["repeat_rate"], rows=["geo.region"], **Q4),
        make_spec(["new_customers"], rows=["product.product"], **Q4),
        make_spec(["revenue"], rows=["geo.city"], filters={"geo.region": ["Nowhere"]}, **Q4),
        make_spec(["revenue"], rows=["geo.region"], start="2030-01-01", end="2030-03-31"),
        make_spec(["tickets"], rows=["channel.channel"], **Q4),  # the tiny warehouse has no tickets table
        make_spec(["satisfaction"], rows=["channel.group"], **Q4),
    ],
)
def test_sentences_never_raise(tiny, spec):
    for lang in ("en", "ko"):
        out = insights.sentences_for(spec, lang, tiny)
        assert isinstance(out, list) and all(isinstance(s, str) and s for s in out)
        assert len(out) <= insights.MAX_SENTENCES
