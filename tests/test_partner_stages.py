"""Lifecycle stage rules on hand-made trajectories (tests/partner_trajectories.py): every rule,
the partial last month, stages_at, transitions and cohorts against pandas on the history, the
attention list, and the request's partner scope."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm.partners import PartnerError
from crm.partners.stages import (
    HISTORY_COLUMNS,
    STAGES,
    attention,
    cohorts,
    month_grid,
    stage_history,
    stages_at,
    transitions,
)
from olap.scope import scoped
from tests.partner_trajectories import EXPECTED_AT_END, MONTHS, TRAJECTORIES, build_trajectory_warehouse


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    from data.warehouse import Warehouse, new_version_path, publish

    pointer = tmp_path_factory.mktemp("stages") / "stages.duckdb"
    publish(build_trajectory_warehouse(new_version_path(pointer)), pointer)
    return Warehouse(pointer)


@pytest.fixture(scope="module")
def history(warehouse):
    return stage_history(warehouse)


def test_history_has_every_partner_and_complete_month(history):
    assert list(history.columns) == list(HISTORY_COLUMNS)
    assert len(history) == len(TRAJECTORIES) * len(MONTHS)
    assert sorted(set(history["month"])) == MONTHS  # December 2025 is partial: left out
    assert set(history["stage"]) <= set(STAGES)
    assert history["reason"].str.startswith("partners.stage.reason.").all()


def test_each_trajectory_ends_in_its_stage(warehouse):
    assert stages_at(dt.date(2025, 12, 31), warehouse) == EXPECTED_AT_END
    # the partial month is not complete: the same answer as the end of November
    assert stages_at(dt.date(2025, 12, 10), warehouse) == stages_at(dt.date(2025, 11, 30), warehouse)


def test_the_numbers_behind_the_stages(history):
    last = history[history["month"] == MONTHS[-1]].set_index("partner_id")
    assert last.loc[1, "share"] == pytest.approx(0.5)
    assert last.loc[1, "trend"] == pytest.approx(0.0)
    assert last.loc[1, "revenue"] == pytest.approx(150.0)
    assert last.loc[4, "revenue"] == 0  # the partial month's large sale is not counted
    assert last.loc[4, "months_since_sale"] == 8  # last sale in March
    assert last.loc[5, "months_since_sale"] == 4
    assert last.loc[6, "tenure_months"] == 6  # onboarded in May 2025
    assert pd.isna(last.loc[7, "months_since_sale"])
    assert last.loc[8, "tenure_months"] == 22  # no onboarding date: counted from the first sale (January 2024)
    # the revenue column is the sales through the partner, month by month
    two = history[history["partner_id"] == 2].sort_values("month")
    assert np.allclose(two["revenue"], [40.0 + 6.0 * i for i in range(len(MONTHS))])


def test_stage_moves_month_by_month(warehouse):
    assert stages_at(dt.date(2024, 8, 31), warehouse)[8] == "new"  # no date: young from its first sale
    assert stages_at(dt.date(2023, 1, 31), warehouse)[9] == "mature"  # no date, selling before the data: never new
    assert stages_at(dt.date(2025, 7, 31), warehouse)[4] == "dormant"
    assert stages_at(dt.date(2025, 9, 30), warehouse)[4] == "churned"
    assert stages_at(dt.date(2025, 5, 31), warehouse)[6] == "prospect"  # onboarded, no sale yet
    assert stages_at(dt.date(2022, 12, 31), warehouse) == {}  # before the data


def test_month_grid_leaves_a_partial_month_out():
    assert month_grid(dt.date(2025, 1, 15), dt.date(2025, 3, 31))[-1] == dt.date(2025, 3, 1)
    assert month_grid(dt.date(2025, 1, 15), dt.date(2025, 3, 30))[-1] == dt.date(2025, 2, 1)
    assert month_grid(dt.date(2025, 1, 15), dt.date(2025, 1, 20)) == []
    assert month_grid(None, None) == []


@pytest.mark.parametrize(
    ("start", "end"), [(dt.date(2024, 11, 30), dt.date(2025, 11, 30)), (dt.date(2023, 6, 30), dt.date(2025, 8, 31))]
)
def test_transitions_equal_pandas_on_the_history(warehouse, history, start, end):
    got = transitions(start, end, warehouse)
    first = history[history["month"] == max(m for m in MONTHS if m < start)]
    last = history[history["month"] == max(m for m in MONTHS if m < end)]
    pairs = first.merge(last, on="partner_id", suffixes=("_a", "_b"))
    want = pairs.groupby(["stage_a", "stage_b"]).size()
    assert (
        dict(zip(zip(got["from_stage"], got["to_stage"], strict=True), got["partners"], strict=True)) == want.to_dict()
    )
    assert got["partners"].sum() == len(TRAJECTORIES)


def test_transitions_refuse_reversed_or_early_dates(warehouse):
    with pytest.raises(PartnerError, match="dates_reversed"):
        transitions(dt.date(2025, 6, 30), dt.date(2025, 1, 31), warehouse)
    with pytest.raises(PartnerError, match="dates_before_data"):
        transitions(dt.date(2020, 1, 1), dt.date(2025, 1, 31), warehouse)
    try:
        transitions(dt.date(2025, 6, 30), dt.date(2025, 1, 31), warehouse)
    except PartnerError as exc:
        assert "2025-01-31" in exc.message("en") and "2025-01-31" in exc.message("ko")


def test_cohorts_equal_pandas(warehouse, history):
    got = cohorts(warehouse)
    last = history[history["month"] == MONTHS[-1]]
    years = {pid: ("unknown" if on is None else str(on.year)) for pid, (_, on, _) in TRAJECTORIES.items()}
    want = last.assign(cohort=last["partner_id"].map(years)).groupby(["cohort", "stage"]).size()
    assert dict(zip(zip(got["cohort"], got["stage"], strict=True), got["partners"], strict=True)) == want.to_dict()
    assert set(got["cohort"]) == {"2018", "2019", "2024", "2025", "unknown"}


def test_attention_lists_the_worsened_partners_with_their_reasons(warehouse):
    found = attention(None, warehouse)
    assert [(a.partner_id, a.from_stage, a.to_stage) for a in found] == [
        (4, "dormant", "churned"),
        (5, "mature", "dormant"),
        (3, "mature", "declining"),
    ]
    churned, dormant, declining = found
    assert churned.reason == "partners.attention.churned" and churned.months_since_sale == 8
    assert churned.sentence("en") == "Stopped Agencies went from Dormant to Churned: no sale for 8 months."
    assert "8개월" in churned.sentence("ko")
    assert dormant.sentence("en").endswith("no sale for 4 months.")
    assert declining.trend == pytest.approx(stage_history(warehouse).query("partner_id == 3")["trend"].iloc[-1])
    assert f"{declining.trend * 100:+.1f}%" in declining.sentence("en")
    assert all(a.month == MONTHS[-1] and a.name == TRAJECTORIES[a.partner_id][0] for a in found)


def test_attention_sees_a_trend_turning_down(warehouse):
    # in May 2025 partner 3 is still mature, but its share has been falling since December
    found = {a.partner_id: a for a in attention(dt.date(2025, 5, 31), warehouse)}
    assert found[3].reason == "partners.attention.turned_down"
    assert (found[3].from_stage, found[3].to_stage) == ("mature", "mature")
    assert found[3].trend <= -0.10 < found[3].previous_trend
    assert "turned down" in found[3].sentence("en")


def test_every_reader_keeps_to_the_partner_scope(warehouse):
    with scoped({1, 4}):
        assert set(stage_history(warehouse)["partner_id"]) == {1, 4}
        assert stages_at(dt.date(2025, 11, 30), warehouse) == {1: "mature", 4: "churned"}
        assert transitions(dt.date(2024, 11, 30), dt.date(2025, 11, 30), warehouse)["partners"].sum() == 2
        assert cohorts(warehouse)["partners"].sum() == 2
        assert [a.partner_id for a in attention(None, warehouse)] == [4]
    with scoped(set()):
        assert stage_history(warehouse).empty and stages_at(dt.date(2025, 11, 30), warehouse) == {}
    assert len(stage_history(warehouse)) == len(TRAJECTORIES) * len(MONTHS)  # the cache kept everyone


def test_a_warehouse_without_partners_has_no_stages(tiny_published):
    from data.warehouse import Warehouse

    tiny = Warehouse()  # the instance's current version: the tiny warehouse, without dim_partner
    assert stage_history(tiny).empty
    assert stages_at(dt.date(2025, 12, 31), tiny) == {}
    assert attention(None, tiny) == [] and cohorts(tiny).empty
