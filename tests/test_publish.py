"""Publishing scores into a new warehouse version, and the cube grouping by them."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from data import warehouse as wh
from mining.publish import publish_scores, published_runs
from mining.runs import save_run
from olap.engine import execute
from olap.query import make_spec
from tests.fixtures import private_copy


@pytest.fixture(scope="module")
def own(demo_pointer, tmp_path_factory):
    """A private copy of the demo warehouse under its own pointer (publishing moves it on)."""
    return private_copy(demo_pointer, tmp_path_factory.mktemp("publish"))


@pytest.fixture(scope="module")
def planted(own):
    """Latest rfm and propensity runs with known values for every third customer."""
    con = duckdb.connect(str(wh.current_path(own)), read_only=True)
    ids = [r[0] for r in con.execute("SELECT customer_id FROM dim_customer ORDER BY 1").fetchall()]
    con.close()
    scored = np.array(ids[::3])
    rng = np.random.default_rng(3)
    rfm = pd.DataFrame(
        {
            "customer_id": scored,
            "segment": rng.choice(["champions", "at_risk", "lost"], len(scored)),
            "tier": rng.choice(["gold", "bronze"], len(scored)),
        }
    )
    propensity = pd.DataFrame({"customer_id": scored, "score": rng.random(len(scored))})
    propensity["decile"] = pd.qcut(-propensity["score"], 10, labels=False) + 1
    lineage = wh.Warehouse(own).lineage()  # runs of this warehouse: publish_scores takes only those
    rfm_run = save_run("rfm", dt.date(2025, 12, 31), {}, rfm, {}, "tester", lineage=lineage)
    prop_run = save_run("propensity_repurchase", dt.date(2025, 12, 31), {}, propensity, {}, "tester", lineage=lineage)
    return rfm, propensity, rfm_run, prop_run


def _score_rows(path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    rows = con.execute("SELECT * FROM customer_score ORDER BY customer_id").fetchall()
    con.close()
    return rows


@pytest.fixture(scope="module")
def published(own, planted):
    before = wh.current_path(own)
    rows_before = _score_rows(before)
    version = publish_scores("tester", own)
    return before, version, rows_before


def test_publish_writes_a_new_version_and_keeps_the_old_one(own, published):
    before, version, rows_before = published
    assert wh.current_path(own) != before and wh.version_of(wh.current_path(own)) == version
    assert _score_rows(before) == rows_before  # the old version is untouched
    assert _score_rows(wh.current_path(own)) != rows_before


def test_published_table_holds_the_latest_runs(own, planted, published):
    rfm, propensity, rfm_run, prop_run = planted
    con = duckdb.connect(str(wh.current_path(own)), read_only=True)
    table = con.execute("SELECT * FROM customer_score ORDER BY customer_id").df()
    runs = published_runs(con)
    con.close()
    assert runs["rfm"] == rfm_run and runs["propensity_repurchase"] == prop_run
    # other kinds' latest runs (from other tests) may score more customers; ours are all there
    assert set(rfm["customer_id"]) <= set(table["customer_id"])
    others = table[~table["customer_id"].isin(rfm["customer_id"])]
    assert others["value_tier"].isna().all() and others["repurchase_decile"].isna().all()
    merged = table.merge(rfm, on="customer_id").merge(propensity, on="customer_id")
    assert len(merged) == len(rfm)
    assert (merged["value_tier"] == merged["tier"]).all()
    assert (merged["rfm_segment"] == merged["segment"]).all()
    assert (merged["repurchase_decile"] == merged["decile"].map(lambda d: f"{int(d):02d}")).all()


def test_cube_revenue_by_tier_equals_an_independent_join(own, planted, published):
    rfm = planted[0]
    reader = wh.Warehouse(own)
    got = execute(make_spec(["revenue"], rows=["score.tier"]), reader).set_index("score.tier")["revenue"]
    lines = reader.cursor().execute("SELECT customer_id, revenue FROM fact_order_line").df()
    lines = lines.merge(rfm[["customer_id", "tier"]], on="customer_id", how="left")
    expected = lines.fillna({"tier": "unscored"}).groupby("tier")["revenue"].sum()
    assert sorted(got.index) == sorted(expected.index)
    for tier, value in expected.items():
        assert got[tier] == pytest.approx(value, rel=1e-9)


def test_cube_filters_by_segment_and_groups_by_decile(own, planted, published):
    rfm, propensity = planted[0], planted[1]
    reader = wh.Warehouse(own)
    spec = make_spec(["orders"], rows=["propensity.repurchase"], filters={"score.rfm_segment": ["champions"]})
    got = execute(spec, reader).set_index("propensity.repurchase")["orders"]
    champions = rfm.loc[rfm["segment"] == "champions", "customer_id"]
    lines = reader.cursor().execute("SELECT customer_id, order_id FROM fact_order_line").df()
    lines = lines[lines["customer_id"].isin(champions)].merge(propensity, on="customer_id")
    expected = lines.groupby(lines["decile"].map(lambda d: f"{int(d):02d}"))["order_id"].nunique()
    assert got.to_dict() == expected.to_dict()


def test_score_members_read_as_names():
    from olap.labels import member_label

    assert member_label("score.tier", "gold", None, "en") == "Gold"
    assert member_label("score.rfm_segment", "champions", None, "ko") == "챔피언"
    assert member_label("score.tier", "unscored", None, "en") == "Not scored"
    assert member_label("propensity.response", "01", None, "en") == "Decile 1 (most likely)"
    assert member_label("propensity.response", "07", None, "ko") == "7분위"


def test_a_failed_publish_after_a_run_says_so_and_raises_nothing(tmp_path):
    from jobs.publish import publish_after_run

    assert publish_after_run("tester", tmp_path / "none" / "xrm.duckdb") is False
