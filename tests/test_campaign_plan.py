"""The campaign planner's core (crm.campaigns.plan, audience, preview, launch) on the small demo
warehouse, against plain SQL and the statistics of crm.campaigns.stats."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from crm.campaigns import stats
from crm.campaigns.audience import REASONS, Audience, audience, split
from crm.campaigns.contacts import CONTACT_COLUMNS, file_name
from crm.campaigns.launch import campaigns_dir, contact_file, frozen_lists, launch, list_plans, plan_record, save_plan
from crm.campaigns.plan import Plan, PlanError
from crm.campaigns.preview import preview


@pytest.fixture(scope="module")
def demo(demo_pointer):
    con = duckdb.connect(str(demo_pointer), read_only=True)
    yield con.cursor()
    con.close()


@pytest.fixture(scope="module")
def everyone(demo_pointer):
    """A saved segment of every customer (its id and version)."""
    from crm.segments import save_segment
    from data.warehouse import use_warehouse

    with use_warehouse(demo_pointer):
        saved = save_segment("Planner: everyone", {"op": "and", "rules": []}, "tester")
    return saved["segment_id"], saved["version"]


def plan_of(segment, **changes) -> Plan:
    values = dict(
        name="Spring mailing", objective="campaign", segment_id=segment[0], segment_version=segment[1],
        channel="Email", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 21), cost_per_contact=0.1,
        holdout=0.2, window_days=30, fixed_cost=500.0, offer="10% off", offer_code="SPRING10", seed=11,
    )  # fmt: skip
    return Plan(**{**values, **changes})


# ------------------------------------------------------------------ validation


FORM = {
    "name": "Spring", "objective": "promotion", "segment_id": "3", "segment_version": "1", "channel": "Email",
    "start": "2026-03-01", "end": "2026-03-21", "cost_per_contact": "0.1", "holdout": "0.2",
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"name": " "}, "campaign.plan.no_name"),
        ({"objective": "party"}, "campaign.plan.bad_objective"),
        ({"segment_id": None}, "campaign.plan.no_segment"),
        ({"channel": ""}, "campaign.plan.no_channel"),
        ({"end": "2026-02-01"}, "campaign.plan.end_before_start"),
        ({"start": "first of March"}, "campaign.plan.bad_date"),
        ({"start": ""}, "campaign.plan.missing"),
        ({"holdout": "0.01"}, "campaign.plan.holdout_range"),
        ({"holdout": "0.6"}, "campaign.plan.holdout_range"),
        ({"cost_per_contact": "-1"}, "campaign.plan.negative"),
        ({"fixed_cost": "-5"}, "campaign.plan.negative"),
        ({"budget": "-5"}, "campaign.plan.negative"),
        ({"cost_per_contact": "cheap"}, "campaign.plan.not_a_number"),
        ({"window_days": "2.5"}, "campaign.plan.not_a_number"),
        ({"window_days": "400"}, "campaign.plan.window_range"),
        ({"colour": "red"}, "campaign.plan.unknown_field"),
        ({"expected_uplift": "0"}, "campaign.plan.uplift_range"),
        ({"expected_uplift": "1.5"}, "campaign.plan.uplift_range"),
    ],
)
def test_a_bad_plan_is_refused_with_a_message(change, key):
    with pytest.raises(PlanError) as refused:
        Plan.from_dict({**FORM, **change})
    assert refused.value.key == key
    assert "{" not in refused.value.message("en") and "{" not in refused.value.message("ko")


def test_a_plan_round_trips_through_json():
    plan = Plan.from_dict({**FORM, "budget": "", "window_days": 14, "seed": 5, "expected_uplift": "0.02"})
    assert (
        plan.budget is None
        and plan.expected_uplift == 0.02
        and plan.start == dt.date(2026, 3, 1)
        and plan.attribution_end == dt.date(2026, 4, 4)
    )
    assert Plan.from_dict(plan.to_dict()) == plan


def test_an_unknown_segment_or_channel_is_refused(demo, everyone):
    with pytest.raises(PlanError) as refused:
        audience(demo, plan_of((everyone[0], everyone[1] + 50)))
    assert refused.value.key == "campaign.plan.unknown_segment"
    with pytest.raises(PlanError) as refused:
        audience(demo, plan_of(everyone, channel="Web shop"))
    assert refused.value.key == "campaign.plan.unknown_channel" and "Email" in refused.value.values["allowed"]


# ------------------------------------------------------------------ who is reached


def test_email_reaches_the_opted_in_and_counts_the_others(demo, everyone):
    who = audience(demo, plan_of(everyone))
    # a customer who unsubscribed in an earlier campaign is opted out first (reason "unsubscribed")
    total, unsubscribed, opted, addressed = demo.execute(
        "SELECT count(*), count(*) FILTER (u), count(*) FILTER (email_opt_in AND NOT u), "
        "count(*) FILTER (email_opt_in AND email LIKE '%@%' AND NOT u) FROM (SELECT *, customer_id IN "
        "(SELECT customer_id FROM fact_campaign_contact WHERE unsubscribed_ts IS NOT NULL) AS u FROM dim_customer)"
    ).fetchone()
    assert who.segment_size == total and unsubscribed > 0
    assert who.reach == addressed
    assert who.excluded["unsubscribed"] == unsubscribed
    total -= unsubscribed
    assert who.excluded["no_consent"] == total - opted
    assert who.excluded["no_address"] == opted - addressed
    assert set(who.excluded) == set(REASONS) and sum(who.excluded.values()) + who.reach == total + unsubscribed
    assert set(who.customers["channel"]) == {"Email"}


def test_preferred_channels_exclude_those_no_campaign_can_reach(demo, everyone):
    who = audience(demo, plan_of(everyone, channel="preferred"))
    no_channel = demo.execute(
        """SELECT count(*) FROM dim_customer c JOIN dim_channel ch ON ch.channel_id = c.preferred_channel_id
           WHERE ch.name NOT IN (SELECT DISTINCT x.name FROM fact_campaign_contact f
                                 JOIN dim_channel x ON x.channel_id = f.channel_id) AND ch.name <> 'Email'
             AND c.customer_id NOT IN (SELECT customer_id FROM fact_campaign_contact WHERE unsubscribed_ts IS NOT NULL)"""
    ).fetchone()[0]
    assert who.excluded["no_contact_channel"] == no_channel > 0
    assert who.reach + sum(who.excluded.values()) == who.segment_size
    preferred = dict(
        demo.execute(
            "SELECT c.customer_id, ch.name FROM dim_customer c JOIN dim_channel ch ON ch.channel_id = c.preferred_channel_id"
        ).fetchall()
    )
    assert all(preferred[c] == ch for c, ch in zip(who.customers["customer_id"], who.customers["channel"], strict=True))


def test_an_app_campaign_reaches_only_app_users(demo, everyone):
    who = audience(demo, plan_of(everyone, channel="Mobile app"))
    users = demo.execute(
        """SELECT count(DISTINCT customer_id) FROM (
               SELECT c.customer_id FROM dim_customer c WHERE c.preferred_channel_id = 2
               UNION ALL SELECT customer_id FROM fact_order_line WHERE channel_id = 2
               UNION ALL SELECT customer_id FROM fact_web_session WHERE channel_id = 2 AND customer_id IS NOT NULL)
           WHERE customer_id NOT IN (SELECT customer_id FROM fact_campaign_contact WHERE unsubscribed_ts IS NOT NULL)"""
    ).fetchone()[0]
    unsubscribed = who.excluded["unsubscribed"]
    assert who.reach == users and who.excluded["unused_channel"] == who.segment_size - users - unsubscribed


# ------------------------------------------------------------------ the control group


def made_audience(n: int = 2000, seed: int = 0) -> Audience:
    rng = np.random.default_rng(seed)
    tiers = rng.choice(["platinum", "gold", "silver", "bronze", ""], n, p=[0.1, 0.2, 0.3, 0.3, 0.1])
    frame = pd.DataFrame({"customer_id": np.arange(1, n + 1) * 3, "channel": "Email", "tier": tiers})
    return Audience(n, frame, dict.fromkeys(REASONS, 0))


def test_the_control_group_is_reproducible_from_the_seed(everyone):
    who = made_audience()
    plan = plan_of(everyone, seed=7)
    target, control = split(who, plan)
    again_target, again_control = split(Audience(who.segment_size, who.customers.sample(frac=1.0), {}), plan)
    assert np.array_equal(target, again_target) and np.array_equal(control, again_control)
    _, other = split(who, plan_of(everyone, seed=8))
    assert not np.array_equal(np.sort(control), np.sort(other))
    assert len(np.intersect1d(target, control)) == 0
    assert np.array_equal(np.sort(np.r_[target, control]), who.customers["customer_id"].to_numpy())


@pytest.mark.parametrize("holdout", [0.05, 0.1, 0.23, 0.5])
def test_every_tier_holds_out_its_share(everyone, holdout):
    who = made_audience(seed=3)
    _, control = split(who, plan_of(everyone, holdout=holdout))
    frame = who.customers.assign(control=who.customers["customer_id"].isin(control))
    for tier, part in frame.groupby("tier"):
        assert abs(part["control"].sum() - holdout * len(part)) <= 0.5, tier


# ------------------------------------------------------------------ preview and power


def test_the_power_check_is_the_statistics_module(demo, everyone):
    shown = preview(demo, plan_of(everyone))
    power = shown.power
    assert shown.target + shown.control == shown.audience.reach
    assert power.base_source == "channel"
    control_rate = demo.execute(
        """SELECT count(*) FILTER (converted_ts IS NOT NULL) / count(*) FROM fact_campaign_contact f
           JOIN dim_campaign k USING (campaign_id) JOIN dim_channel ch ON ch.channel_id = f.channel_id
           WHERE k.status = 'completed' AND f.group_name = 'control' AND ch.name = 'Email'"""
    ).fetchone()[0]
    assert power.base_rate == pytest.approx(control_rate)
    assert power.mde == pytest.approx(stats.minimum_detectable_uplift(shown.target, shown.control, power.base_rate))
    assert shown.cost == pytest.approx(shown.target * 0.1 + 500)
    assert list(shown.projection["channel"]) == ["Email"] and shown.projection["contacts"].iloc[0] == shown.target
    row = shown.projection.iloc[0]
    assert row["responders_p10"] <= row["responders_mean"] <= row["responders_p90"]


def test_a_too_small_holdout_warns_with_what_it_would_need(demo, everyone):
    small = preview(demo, plan_of(everyone, holdout=0.05)).power
    if small.expected_uplift is None or small.expected_uplift >= small.mde:
        pytest.skip("the demo's e-mail history shows an uplift this test can detect")
    assert small.warning
    reach = preview(demo, plan_of(everyone, holdout=0.05)).audience.reach
    if small.holdout_needed is not None:
        assert small.holdout_needed == pytest.approx(
            stats.holdout_needed(reach, small.base_rate, small.expected_uplift)
        )
    else:
        assert small.segment_needed == stats.segment_needed(0.05, small.base_rate, small.expected_uplift)


def test_power_check_numbers_on_a_hand_made_history():
    from crm.campaigns.preview import power_check

    history = pd.DataFrame(
        {"channel": ["Email", "Phone"], "contacts": [1000, 0], "responses": [60, 0], "control_contacts": [500, 0],
         "control_responses": [25, 0], "control_rate": [0.05, np.nan], "uplift": [0.01, np.nan]}
    )  # fmt: skip
    power = power_check(history, pd.Series({"Email": 0.5, "Phone": 0.5}), 1900, 100, 2000, 0.05)
    assert power.base_rate == pytest.approx(0.05) and power.base_source == "mixed"
    assert power.expected_uplift == pytest.approx(0.01)
    assert power.mde == pytest.approx(stats.minimum_detectable_uplift(1900, 100, 0.05))
    assert power.warning
    assert power.holdout_needed is None and power.segment_needed == stats.segment_needed(0.05, 0.05, 0.01)
    bigger = power_check(history, pd.Series({"Email": 1.0}), 190_000, 10_000, 200_000, 0.05)
    assert not bigger.warning and bigger.expected_source == "history"
    wanted = power_check(history, pd.Series({"Email": 1.0}), 1900, 100, 2000, 0.05, wanted=0.04)
    assert wanted.expected_uplift == 0.04 and wanted.expected_source == "plan" and wanted.warning
    assert wanted.holdout_needed == pytest.approx(stats.holdout_needed(2000, 0.05, 0.04))


# ------------------------------------------------------------------ launch


def test_launch_freezes_the_lists_once_and_writes_contact_files(demo, demo_pointer, everyone):
    from data import opstore
    from data.warehouse import Warehouse

    warehouse = Warehouse(demo_pointer)
    plan = plan_of(everyone, channel="preferred", name="Preferred launch")
    plan_id = save_plan(plan, "tester", warehouse)
    assert plan_record(plan_id)["status"] == "planned"
    assert plan_id in [p["plan_id"] for p in list_plans(warehouse.lineage())]
    target, control = split(audience(demo, plan), plan)

    launched = launch(plan_id, "tester", warehouse)
    assert (launched.target, launched.control) == (len(target), len(control))
    lists = frozen_lists(plan_id)
    assert sorted(lists.loc[lists["group_name"] == "control", "customer_id"]) == sorted(control)
    assert sorted(lists.loc[lists["group_name"] == "target", "customer_id"]) == sorted(target)
    assert plan_record(plan_id)["status"] == "launched"

    with pytest.raises(PlanError) as again:
        launch(plan_id, "tester", warehouse)
    assert again.value.key == "campaign.plan.already_launched"
    assert len(frozen_lists(plan_id)) == len(lists)

    total = 0
    for channel, written in launched.files.items():
        assert written["file"] == file_name(channel)
        path = contact_file(plan_id, written["file"])
        assert path == campaigns_dir() / str(plan_id) / written["file"]
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert tuple(frame.columns) == CONTACT_COLUMNS and len(frame) == written["rows"]
        ids = set(frame["customer_id"].astype(int))
        assert ids == set(lists.loc[(lists["group_name"] == "target") & (lists["channel"] == channel), "customer_id"])
        assert (frame["offer_code"] == "SPRING10").all() and (frame["phone"] == "").all()
        total += len(frame)
    assert total == len(target)
    assert contact_file(plan_id, "../../xrm_store.sqlite") is None
    assert ("campaign.launch.no_phone", {}) in [tuple(n) for n in launched.notes]
    with opstore.engine().connect() as con:
        actions = [r[0] for r in con.execute(opstore.audit_log.select().with_only_columns(opstore.audit_log.c.action))]
    assert "campaign.launch" in actions and "campaign.plan" in actions


def test_contact_file_language_and_email_come_from_the_customer(demo, demo_pointer, everyone):
    from data.warehouse import Warehouse

    warehouse = Warehouse(demo_pointer)
    plan_id = save_plan(plan_of(everyone, name="Mail languages"), "tester", warehouse)
    launched = launch(plan_id, "tester", warehouse)
    frame = pd.read_csv(contact_file(plan_id, launched.files["Email"]["file"]), dtype=str, keep_default_na=False)
    truth = pd.DataFrame(
        demo.execute("SELECT customer_id::VARCHAR, name, country, email FROM dim_customer").fetchall(),
        columns=["customer_id", "name_sql", "country", "email_sql"],
    )
    merged = frame.merge(truth, on="customer_id")
    assert (merged["name"] == merged["name_sql"]).all() and (merged["email"] == merged["email_sql"]).all()
    korea = merged[merged["country"] == "South Korea"]
    assert len(korea) and (korea["language"] == "ko").all()


def test_every_refusal_reason_and_note_of_the_planner_is_translated():
    import re
    from pathlib import Path

    from crm.campaigns.plan import OBJECTIVES
    from i18n.translations import TRANSLATIONS

    source = "".join(p.read_text() for p in (Path(__file__).parents[1] / "crm" / "campaigns").glob("*.py"))
    keys = set(re.findall(r'"(campaign\.(?:plan|launch|preview)\.\w+)"', source))
    keys |= {f"campaign.reason.{r}" for r in REASONS} | {f"campaign.objective.{o}" for o in OBJECTIVES}
    keys |= {f"campaign.base.{s}" for s in ("channel", "overall", "mixed", "none")}
    keys |= {f"campaign.field.{f}" for f in Plan.__dataclass_fields__ if f not in ("segment_id", "segment_version")}
    assert len(keys) > 40 and not sorted(k for k in keys if k not in TRANSLATIONS)
