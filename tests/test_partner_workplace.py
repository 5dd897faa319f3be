"""The directory and the profile carry what the scorecard, the stage rules and the assignments say,
exactly: the workplace composes them, it never computes its own."""

from __future__ import annotations

import datetime as dt

import pytest

from crm.partners.scorecard import scorecard, tier_history
from crm.partners.stages import stage_history, stages_at
from crm.partners.workplace import directory_view, profile_view
from data.warehouse import Warehouse

START, END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)


@pytest.fixture(scope="module")
def demo(demo_pointer):
    return Warehouse(demo_pointer)


def test_directory_carries_tier_stage_and_managers(demo, instance_dir):
    from auth.users import add_user, get_user
    from crm.partners.access import set_assignment

    if get_user("wp_manager") is None:
        add_user("wp_manager", "a-long-password-7", "partner_manager")
    d = directory_view(START, END, demo).set_index("partner_id")
    first = int(d.index[0])
    set_assignment("wp_manager", [first], "tester", cursor=demo.cursor())
    d = directory_view(START, END, demo).set_index("partner_id")
    scored = scorecard(START, END, warehouse=demo).set_index("partner_id")["tier"]
    for pid, tier in scored.items():
        assert d.loc[pid, "tier"] == (tier if isinstance(tier, str) else None)
    stages = stages_at(END, demo)
    assert {int(p): s for p, s in d["stage"].items() if s} == stages
    assert "wp_manager" in d.loc[first, "managers"].split(", ")


def test_profile_carries_its_tier_and_stage_history(demo):
    pid = int(directory_view(START, END, demo)["partner_id"].iloc[0])
    p = profile_view(pid, START, END, demo)
    tiers = tier_history(warehouse=demo)
    assert p.tiers.to_dict("records") == tiers[tiers["partner_id"] == pid][["quarter", "score", "tier"]].to_dict(
        "records"
    )
    stages = stage_history(demo)
    expected = stages[stages["partner_id"] == pid].sort_values("month").tail(24)
    assert p.stages["month"].tolist() == expected["month"].tolist()
    assert p.stages["stage"].tolist() == expected["stage"].tolist()
