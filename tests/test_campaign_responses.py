"""Launched plans in the warehouse (crm.campaigns.bridge), response files through the importer
(data.importer.responses), unsubscribes in the results and the planner, and the planted unsubscribes.

Every test reads its own small demo warehouse (scale 0.02) under its own pointer: publishing versions
here never moves the session's shared demo."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from crm.campaigns.audience import audience
from crm.campaigns.bridge import bridge_plans, campaign_id_of, publish_campaigns
from crm.campaigns.launch import frozen_lists, launch, plan_record, save_plan
from crm.campaigns.plan import Plan
from crm.campaigns.results import campaign_results
from data.importer import detect, load, open_source, validate
from data.importer.write import PLAN_CAMPAIGN_BASE, resolve_keys
from data.warehouse import Warehouse, current_path
from jobs.derive import derive

START = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A demo warehouse of its own, a segment of every customer, and two launched e-mail plans
    (A and B: the same segment, different seeds) published into the warehouse."""
    from crm.segments import save_segment
    from data.warehouse import use_warehouse
    from jobs.build import build_demo

    pointer = tmp_path_factory.mktemp("responses") / "demo.duckdb"
    build_demo(scale=0.02, seed=7, pointer=pointer)
    with use_warehouse(pointer):
        saved = save_segment("Responses: everyone", {"op": "and", "rules": []}, "tester")
    segment = (saved["segment_id"], saved["version"])
    warehouse = Warehouse(pointer)
    plans = {}
    for label, seed in (("A", 3), ("B", 4)):
        plan = Plan(
            name=f"Response test {label}", objective="campaign", segment_id=segment[0], segment_version=segment[1],
            channel="Email", start=START, end=START + dt.timedelta(days=20), cost_per_contact=0.1, holdout=0.2,
            window_days=30, fixed_cost=500.0, offer_code=f"RESP{label}", seed=seed,
        )  # fmt: skip
        plan_id = save_plan(plan, "tester", warehouse)
        launch(plan_id, "tester", warehouse)
        plans[label] = plan_id
    publish_campaigns("tester", pointer)
    return {"pointer": pointer, "plans": plans, "segment": segment}


def read(pointer, sql: str, params=None) -> pd.DataFrame:
    con = duckdb.connect(str(current_path(pointer)), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def contacts_of(pointer, campaign_id: int) -> pd.DataFrame:
    return read(
        pointer,
        "SELECT * FROM fact_campaign_contact WHERE campaign_id = ? ORDER BY customer_id",
        [campaign_id],
    )


def import_file(pointer, tmp_path, frame: pd.DataFrame, name: str = "responses.csv"):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    source = open_source(path)
    mapping = detect(source, "campaign_responses")
    validation = validate(source, mapping, pointer=pointer)
    return validation, load(validation, "tester", pointer=pointer, derive=derive)


# ------------------------------------------------------------------ launched plans become campaigns


def test_a_plan_gets_one_campaign_id_stored_on_its_row(world):
    for plan_id in world["plans"].values():
        assert plan_record(plan_id)["campaign_id"] == campaign_id_of(plan_id) == PLAN_CAMPAIGN_BASE + plan_id
    keys = read(world["pointer"], "SELECT source_key, id FROM import_key_map WHERE entity = 'campaigns'")
    for plan_id in world["plans"].values():
        assert (str(campaign_id_of(plan_id)), campaign_id_of(plan_id)) in set(
            zip(keys["source_key"], keys["id"], strict=True)
        )


def test_bridging_twice_gives_the_same_rows_and_ids_across_versions(world, tmp_path):
    pointer = world["pointer"]
    ids = [campaign_id_of(p) for p in world["plans"].values()]
    sql = "SELECT * FROM {t} WHERE campaign_id IN ({ids}) ORDER BY ALL".format
    before = {
        t: read(pointer, sql(t=t, ids=", ".join(map(str, ids)))) for t in ("dim_campaign", "fact_campaign_contact")
    }
    first = current_path(pointer)
    version, bridged = publish_campaigns("tester", pointer)
    assert bridged == 2 and current_path(pointer) != first
    for table, frame in before.items():
        pd.testing.assert_frame_equal(read(pointer, sql(t=table, ids=", ".join(map(str, ids)))), frame)
    # on one connection, twice in a row: nothing moves the second time
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(current_path(pointer).read_bytes())
    con = duckdb.connect(str(copy))
    try:
        counts = lambda: con.execute(  # noqa: E731
            "SELECT (SELECT count(*) FROM dim_campaign), (SELECT count(*) FROM fact_campaign_contact), "
            "(SELECT count(*) FROM import_key_map)"
        ).fetchone()
        assert bridge_plans(con) == 2
        once = counts()
        assert bridge_plans(con) == 2 and counts() == once
    finally:
        con.close()


def test_a_launched_plan_appears_in_the_results_with_its_frozen_lists(world):
    pointer = world["pointer"]
    con = duckdb.connect(str(current_path(pointer)), read_only=True)
    try:
        results = {r.campaign_id: r for r in campaign_results(con.cursor())}
        row = con.execute(
            "SELECT name, start_date, end_date, budget, status FROM dim_campaign WHERE campaign_id = ?",
            [campaign_id_of(world["plans"]["A"])],
        ).fetchone()
    finally:
        con.close()
    for label, plan_id in world["plans"].items():
        lists = frozen_lists(plan_id)
        result = results[campaign_id_of(plan_id)]
        assert result.target == int((lists["group_name"] == "target").sum())
        assert result.control == int((lists["group_name"] == "control").sum())
        assert result.name == f"Response test {label}" and result.plan_id == plan_id
        assert result.verdict == "too_early" and result.window_open
        assert not result.responses_reported  # no response file yet: the funnel's middle is unknown, not zero
    target = int((frozen_lists(world["plans"]["A"])["group_name"] == "target").sum())
    assert row == (
        "Response test A",
        START,
        START + dt.timedelta(days=50),
        pytest.approx(500 + 0.1 * target),
        "launched",
    )


def test_every_load_keeps_the_launched_campaigns(world):
    from jobs.build import refresh_derived

    pointer = world["pointer"]
    campaign = campaign_id_of(world["plans"]["A"])
    before = contacts_of(pointer, campaign)
    refresh_derived(pointer)
    pd.testing.assert_frame_equal(contacts_of(pointer, campaign), before)


def test_an_imported_text_campaign_key_never_takes_a_plan_id():
    con = duckdb.connect()
    con.execute("CREATE TABLE import_key_map (entity VARCHAR, source_key VARCHAR, id BIGINT)")
    con.execute("INSERT INTO import_key_map VALUES ('campaigns', '2000000007', 2000000007)")
    resolve_keys(con, "campaigns", "SELECT 'SPRING-MAIL' AS k")
    allocated = con.execute("SELECT id FROM import_key_map WHERE source_key = 'SPRING-MAIL'").fetchone()[0]
    assert 1_000_000_000 < allocated < PLAN_CAMPAIGN_BASE


# ------------------------------------------------------------------ response files


def response_frame(pointer, campaign_id: int, n: int = 40) -> pd.DataFrame:
    """A response file for the first ``n`` target contacts: delivered, some opened/clicked/unsubscribed."""
    target = contacts_of(pointer, campaign_id).query("group_name == 'target'").head(n)
    ids = target["customer_id"].to_numpy()
    day = pd.Timestamp(START) + pd.Timedelta(hours=9)
    i = np.arange(len(ids))
    return pd.DataFrame({
        "캠페인id": str(campaign_id), "고객번호": ids, "도달여부": np.where(i % 5 == 4, "no", "yes"),
        "opened_at": [str(day + pd.Timedelta(hours=int(k))) if k % 2 == 0 and k % 5 != 4 else "" for k in i],
        "clicked_at": [str(day + pd.Timedelta(hours=int(k) + 1)) if k % 4 == 0 else "" for k in i],
        "unsubscribed_at": [str(day + pd.Timedelta(days=2)) if k % 10 == 3 else "" for k in i],
        "score": [str(1 + k % 5) if k % 3 == 0 else "" for k in i],
    })  # fmt: skip


def test_a_response_file_updates_exactly_its_rows(world, tmp_path):
    pointer = world["pointer"]
    campaign = campaign_id_of(world["plans"]["A"])
    before = contacts_of(pointer, campaign)
    frame = response_frame(pointer, campaign)
    validation, result = import_file(pointer, tmp_path, frame)
    assert validation.ok and result.status == "loaded" and result.rows_loaded == len(frame), validation.error_rows()
    after = contacts_of(pointer, campaign).set_index("customer_id")
    listed = after.loc[frame["고객번호"]]
    assert (listed["delivered"] == (frame["도달여부"] == "yes").to_numpy()).all()
    assert listed["opened_ts"].notna().sum() == (frame["opened_at"] != "").sum()
    assert listed["clicked_ts"].notna().sum() == (frame["clicked_at"] != "").sum()
    assert listed["unsubscribed_ts"].notna().sum() == (frame["unsubscribed_at"] != "").sum()
    assert listed["survey_score"].notna().sum() == (frame["score"] != "").sum()
    others = after.drop(index=frame["고객번호"])
    assert (
        others["delivered"].isna().all()
        and others["opened_ts"].isna().all()
        and len(others) == len(before) - len(frame)
    )
    # the results' funnel and unsubscribes are the file's, per group
    con = duckdb.connect(str(current_path(pointer)), read_only=True)
    try:
        result = campaign_results(con.cursor(), campaign)[0]
    finally:
        con.close()
    assert result.responses_reported and result.delivered == (frame["도달여부"] == "yes").sum()
    assert result.opened == (frame["opened_at"] != "").sum() and result.clicked == (frame["clicked_at"] != "").sum()
    assert (result.unsubscribed_target, result.unsubscribed_control) == ((frame["unsubscribed_at"] != "").sum(), 0)
    assert result.unsubscribe_rate_target == pytest.approx(result.unsubscribed_target / result.target)
    scores = pd.to_numeric(frame["score"], errors="coerce").dropna()
    assert result.survey_answers == len(scores) and result.survey_score_mean == pytest.approx(scores.mean())


def test_loading_the_same_response_file_twice_changes_nothing(world, tmp_path):
    pointer = world["pointer"]
    campaign = campaign_id_of(world["plans"]["B"])
    frame = response_frame(pointer, campaign, n=25)
    _, first = import_file(pointer, tmp_path, frame)
    once = contacts_of(pointer, campaign)
    _, second = import_file(pointer, tmp_path, frame, "again.csv")
    assert first.status == second.status == "loaded"
    pd.testing.assert_frame_equal(contacts_of(pointer, campaign), once)


def _refused(pointer, tmp_path, frame) -> tuple:
    version = current_path(pointer)
    rows = read(pointer, "SELECT * FROM fact_campaign_contact ORDER BY ALL")
    validation, result = import_file(pointer, tmp_path, frame)
    assert result.status == "rejected" and result.rows_loaded == 0
    assert current_path(pointer) == version  # nothing published
    pd.testing.assert_frame_equal(read(pointer, "SELECT * FROM fact_campaign_contact ORDER BY ALL"), rows)
    report = pd.read_csv(result.error_report, dtype=str, keep_default_na=False)
    return validation, report


@pytest.mark.parametrize(
    ("case", "rule", "field"),
    [
        ("unknown_campaign", "unknown_reference", "campaign_id"),
        ("duplicate", "duplicate_key", "campaign_id"),
        ("before_start", "outside_campaign", "opened_ts"),
        ("after_attribution_end", "outside_campaign", "clicked_ts"),
        ("control_delivered", "control_contacted", "delivered"),
        ("not_on_list", "not_on_list", "customer_id"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_and_names_the_row(world, tmp_path, case, rule, field):
    pointer = world["pointer"]
    campaign = campaign_id_of(world["plans"]["A"])
    frame = response_frame(pointer, campaign, n=10).drop(columns=["score"])
    bad = 7  # the 7th data row: row 7 of the report
    if case == "unknown_campaign":
        frame.loc[bad - 1, "캠페인id"] = "999999"
    elif case == "duplicate":
        frame.loc[bad - 1, "고객번호"] = frame.loc[0, "고객번호"]
    elif case == "before_start":
        frame.loc[bad - 1, "opened_at"] = "2026-02-28 23:00:00"
    elif case == "after_attribution_end":
        frame.loc[bad - 1, "clicked_at"] = "2026-04-21 08:00:00"  # the window ends on 2026-04-20
    elif case == "control_delivered":
        control = contacts_of(pointer, campaign).query("group_name == 'control'")["customer_id"].iloc[0]
        frame.loc[bad - 1, ["고객번호", "도달여부", "opened_at", "clicked_at"]] = [control, "yes", "", ""]
    elif case == "not_on_list":
        listed = set(contacts_of(pointer, campaign)["customer_id"])
        stranger = read(pointer, "SELECT customer_id FROM dim_customer ORDER BY customer_id")["customer_id"]
        frame.loc[bad - 1, "고객번호"] = next(c for c in stranger if c not in listed)
    validation, report = _refused(pointer, tmp_path, frame)
    hits = report[(report["rule"] == rule)]
    assert list(hits["row"].astype(int)) == [bad] and hits["field"].iloc[0] == field
    assert hits["message"].iloc[0]  # in words
    assert validation.rows_bad == 1


def test_the_last_attribution_day_is_still_inside(world, tmp_path):
    pointer = world["pointer"]
    campaign = campaign_id_of(world["plans"]["A"])
    frame = response_frame(pointer, campaign, n=3).drop(columns=["score"])
    frame["clicked_at"] = "2026-04-20 23:59:00"
    frame["opened_at"] = "2026-03-01 00:00:00"
    validation, result = import_file(pointer, tmp_path, frame)
    assert validation.ok and result.status == "loaded"


def test_a_quarantine_policy_still_refuses_a_response_file_whole(world, tmp_path):
    pointer = world["pointer"]
    campaign = campaign_id_of(world["plans"]["A"])
    frame = response_frame(pointer, campaign, n=5).drop(columns=["score"])
    frame.loc[2, "opened_at"] = "2025-01-01 10:00:00"
    path = tmp_path / "quarantine.csv"
    frame.to_csv(path, index=False)
    source = open_source(path)
    validation = validate(source, detect(source, "campaign_responses"), pointer=pointer)
    version = current_path(pointer)
    result = load(validation, "tester", policy="quarantine", pointer=pointer, derive=derive)
    assert result.status == "rejected" and result.rows_loaded == 0 and current_path(pointer) == version


def test_another_campaigns_file_is_named(world, tmp_path):
    pointer = world["pointer"]
    a, b = campaign_id_of(world["plans"]["A"]), campaign_id_of(world["plans"]["B"])
    listed_a, in_b = set(contacts_of(pointer, a)["customer_id"]), set(contacts_of(pointer, b)["customer_id"])
    demo = read(
        pointer, "SELECT campaign_id, customer_id FROM fact_campaign_contact WHERE campaign_id < 1000 ORDER BY ALL"
    )
    # a file that names plan A but carries 12 contacts of the first demo campaign with 12 off A's lists
    # (no campaign of a lower id holds them all: it would have been the first)
    for other, group in demo.groupby("campaign_id", sort=True):  # noqa: B007 (read after the loop)
        ids = [c for c in group["customer_id"] if c not in listed_a][:12]
        if len(ids) == 12:
            break
    frame = pd.DataFrame({"campaign_id": str(a), "customer_id": ids, "delivered": "yes"})
    validation, report = _refused(pointer, tmp_path, frame)
    assert (report["rule"] == "not_on_list").sum() == 12
    ((key, values),) = validation.notes
    assert key == "import.responses.other_campaign" and values["best"] == other and values["hits"] == 12
    assert values["missing"] == values["rows"] == 12 and values["campaign"] == str(a)
    assert not in_b & set(ids)  # the other plan (the same audience) does not hold them either


def test_a_file_of_strangers_says_no_list_holds_them(world, tmp_path):
    pointer = world["pointer"]
    a = campaign_id_of(world["plans"]["A"])
    contacted = set(read(pointer, "SELECT DISTINCT customer_id FROM fact_campaign_contact")["customer_id"])
    everyone = read(pointer, "SELECT customer_id FROM dim_customer ORDER BY 1")["customer_id"]
    ids = [c for c in everyone if c not in contacted][:5]
    frame = pd.DataFrame({"campaign_id": str(a), "customer_id": ids, "delivered": "yes"})
    validation, _ = _refused(pointer, tmp_path, frame)
    assert [key for key, _ in validation.notes] == ["import.responses.not_this_campaign"]


# ------------------------------------------------------------------ the loop closes


def test_unsubscribed_customers_drop_out_of_a_new_plan(world):
    pointer = world["pointer"]
    warehouse = Warehouse(pointer)
    segment = world["segment"]
    plan = Plan(name="After unsubscribes", objective="campaign", segment_id=segment[0], segment_version=segment[1],
                channel="Email", start=START, end=START, cost_per_contact=0.1, holdout=0.2)  # fmt: skip
    gone = set(read(pointer, "SELECT DISTINCT customer_id FROM fact_campaign_contact WHERE unsubscribed_ts IS NOT NULL")[
        "customer_id"])  # fmt: skip
    assert gone
    who = audience(warehouse.cursor(), plan)
    assert not gone & set(who.customers["customer_id"])
    assert who.excluded["unsubscribed"] == len(
        gone
        & set(read(pointer, "SELECT customer_id FROM dim_customer WHERE NOT coalesce(is_guest, false)")["customer_id"])
    )
    assert sum(who.excluded.values()) + who.reach == who.segment_size


def test_the_planted_harmful_campaign_puts_off_more_customers(world):
    rates = read(
        world["pointer"],
        """SELECT c.name LIKE 'Summer Discount Blast%' AS harmful,
                  count(k.unsubscribed_ts) FILTER (k.group_name = 'target')
                      / count(*) FILTER (k.group_name = 'target') AS rate,
                  count(k.unsubscribed_ts) FILTER (k.group_name = 'control') AS control
           FROM fact_campaign_contact k JOIN dim_campaign c USING (campaign_id)
           WHERE c.campaign_id < ? GROUP BY 1""",
        [PLAN_CAMPAIGN_BASE],
    ).set_index("harmful")
    assert rates.loc[True, "rate"] > 4 * rates.loc[False, "rate"] > 0
    assert rates["control"].sum() == 0


# ------------------------------------------------------------------ pages: plan ⇄ results


def test_the_planner_lists_a_launched_plan_with_its_results_link(world):
    from dash import html

    from components.campaign_plan_view import plans_table
    from crm.campaigns.bridge import plans_with_results

    plans = {p["plan_id"]: p for p in plans_with_results(Warehouse(world["pointer"]))}
    a = world["plans"]["A"]
    assert plans[a]["campaign_id"] == campaign_id_of(a)
    table = plans_table(list(plans.values()), "en", shown=a)
    rows = {}

    def walk(node):
        if isinstance(node, html.Tr) and str(getattr(node, "id", "")).startswith("cp-plan-"):
            rows[node.id] = node
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            walk(child)

    walk(table)
    row = rows[f"cp-plan-{a}"]
    assert row.className == "table-active" and rows[f"cp-plan-{world['plans']['B']}"].className is None
    links = [c for cell in row.children for c in (cell.children if isinstance(cell.children, list) else [])
             if isinstance(c, html.A)]  # fmt: skip
    assert [link.href for link in links if link.className == "cp-results-link"] == [f"/campaigns?c={campaign_id_of(a)}"]


def test_the_funnel_says_what_is_not_reported_yet(world):
    from dataclasses import replace

    from components.campaign_view import funnel_figure, origin_and_responses

    con = duckdb.connect(str(current_path(world["pointer"])), read_only=True)
    try:
        result = campaign_results(con.cursor(), campaign_id_of(world["plans"]["A"]))[0]
    finally:
        con.close()
    unknown = replace(result, responses_reported=False)
    assert list(funnel_figure(unknown, "en").data[0].y) == ["Targeted", "Converted (target)"]
    assert "not reported yet" in str(origin_and_responses(unknown, "en"))
    known = replace(result, responses_reported=True)
    assert len(funnel_figure(known, "en").data[0].y) == 5
    assert "not reported yet" not in str(origin_and_responses(known, "en"))


def test_the_results_link_back_to_the_plan_and_say_the_unsubscribes(world):
    from components.campaign_view import CAMPAIGN_COLUMNS, origin_and_responses

    con = duckdb.connect(str(current_path(world["pointer"])), read_only=True)
    try:
        result = campaign_results(con.cursor(), campaign_id_of(world["plans"]["A"]))[0]
        demo = campaign_results(con.cursor(), 1)[0]
    finally:
        con.close()
    link, said = origin_and_responses(result, "en")
    assert link.children.href == f"/campaigns/plan?plan={world['plans']['A']}"
    assert f"{result.unsubscribed_target} targeted" in said.children
    assert demo.plan_id is None and all(p.children.id != "cp-plan-link" for p in origin_and_responses(demo, "en")
                                        if hasattr(p.children, "id"))  # fmt: skip
    fields = {name for name, _, _ in CAMPAIGN_COLUMNS}  # the table and the CSV / Excel exports
    assert {"unsubscribed_target", "unsubscribe_rate_target", "unsubscribed_control"} <= fields
    as_json = result.as_json()  # the CLI's JSON
    assert as_json["unsubscribed_target"] == result.unsubscribed_target and as_json["plan_id"] == world["plans"]["A"]


def test_a_launch_publishes_the_campaign_in_the_background(world):
    from crm.campaigns.plan import Plan
    from jobs.campaigns import publish_in_background

    pointer = world["pointer"]
    warehouse = Warehouse(pointer)
    segment = world["segment"]
    plan = Plan(name="Background launch", objective="promotion", segment_id=segment[0],
                segment_version=segment[1], channel="preferred", start=START, end=START, cost_per_contact=0.2,
                holdout=0.1)  # fmt: skip
    plan_id = save_plan(plan, "tester", warehouse)
    launch(plan_id, "tester", warehouse)
    before = current_path(pointer)
    publish_in_background("tester", pointer).join(timeout=60)
    assert current_path(pointer) != before
    lists = frozen_lists(plan_id)
    got = read(pointer, "SELECT group_name, count(*) AS n FROM fact_campaign_contact WHERE campaign_id = ? GROUP BY 1",
               [campaign_id_of(plan_id)]).set_index("group_name")["n"]  # fmt: skip
    assert got.to_dict() == lists["group_name"].value_counts().to_dict()
    channel = read(pointer, "SELECT ch.name FROM dim_campaign c JOIN dim_channel ch USING (channel_id) "
                   "WHERE c.campaign_id = ?", [campaign_id_of(plan_id)])["name"].iloc[0]  # fmt: skip
    assert channel == lists["channel"].value_counts().idxmax()  # "preferred": the list's most common channel


def test_the_command_line_refuses_another_campaigns_file_and_says_whose_it_looks_like(world, tmp_path, monkeypatch,
                                                                                       capsys):  # fmt: skip
    from data.importer.__main__ import main

    pointer = world["pointer"]
    monkeypatch.setenv("XRM_DB", str(pointer))
    a = campaign_id_of(world["plans"]["A"])
    listed_a = set(contacts_of(pointer, a)["customer_id"])
    demo = read(pointer, "SELECT c.campaign_id, c.name, k.customer_id FROM fact_campaign_contact k "
                "JOIN dim_campaign c USING (campaign_id) WHERE c.campaign_id < 1000 ORDER BY ALL")  # fmt: skip
    for (other, name), group in demo.groupby(["campaign_id", "name"], sort=True):  # noqa: B007 (read after the loop)
        ids = [c for c in group["customer_id"] if c not in listed_a][:8]
        if len(ids) == 8:
            break
    frame = pd.DataFrame({"campaign": str(a), "customer": ids, "opened": "2026-03-02 10:00"})
    path = tmp_path / "b-as-a.csv"
    frame.to_csv(path, index=False)
    version = current_path(pointer)
    assert main(["load", str(path), "--entity", "campaign_responses", "--policy", "quarantine"]) == 2
    err = capsys.readouterr().err
    assert f"Campaign {other} ({name}) has 8 of its 8" in err and "loaded whole or not at all" in err
    assert current_path(pointer) == version


def test_the_import_page_refuses_a_bad_response_file_and_keeps_load_disabled(world, dash_app, monkeypatch):
    import base64
    import json

    from flask import session as flask_session
    from flask_login import login_user
    from plotly.utils import PlotlyJSONEncoder

    from auth.users import get_user
    from callbacks.admin_import import run_validation
    from data import import_session as session

    pointer = world["pointer"]
    monkeypatch.setenv("XRM_DB", str(pointer))
    campaign = campaign_id_of(world["plans"]["A"])
    frame = response_frame(pointer, campaign, n=6).drop(columns=["score"])
    frame.loc[3, "opened_at"] = "2026-06-30 10:00:00"  # after the attribution end
    upload = "data:text/csv;base64," + base64.b64encode(frame.to_csv(index=False).encode()).decode()
    with dash_app.server.test_request_context("/admin/import"):
        login_user(get_user("u_admin"))
        flask_session["lang"] = "en"
        token, state, mapping = session.receive("u_admin", None, "upload", "campaign_responses", "auto",
                                                ("r.csv", upload))  # fmt: skip
        choices = [mapping.columns.get(c) or session.SKIP for c in state.source.columns]
        assert choices == ["campaign_id", "customer_id", "delivered", "opened_ts", "clicked_ts", "unsubscribed_ts"]
        summary, _, load_disabled = run_validation(1, token, "campaign_responses", choices, "auto", "auto", True, None)
        session.finish(token, "u_admin")
    body = json.dumps(summary, cls=PlotlyJSONEncoder, ensure_ascii=False)
    assert load_disabled is True
    assert "outside_campaign" in body and "imp-whole-file" in body and "loaded whole or not at all" in body
