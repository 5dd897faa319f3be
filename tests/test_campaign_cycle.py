"""Closing the loop: campaign outcomes as a segment field, results saved as segments (members against
independent SQL), their origin, decisions, the strategy-cycle composition and its page, role refusals."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import duckdb
import pandas as pd
import pytest
import sqlalchemy as sa
from werkzeug.exceptions import Forbidden

from crm import segments as seg
from crm.campaigns import decisions as dec
from crm.campaigns import picks
from crm.campaigns import results as res
from crm.campaigns.cycle import compose
from crm.campaigns.outcomes import outcomes, parse, token
from crm.segment_base import base_from_frame
from crm.segments import SegmentError
from data import opstore
from data import warehouse as wh
from tests.signed_in import signed_in
from tests.test_campaign_results import build_campaign_warehouse

# ---------------------------------------------------------------- the field, on a hand-made warehouse


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = build_campaign_warehouse(tmp_path_factory.mktemp("cycle") / "c.duckdb")
    con = duckdb.connect(path, read_only=True)
    yield con
    con.close()


def test_outcome_tokens_follow_the_results_attribution(tiny):
    got = outcomes(tiny)
    members = {k: set(v.tolist()) for k, v in got.members.items()}
    # campaign 1: 1 and 2 bought in the window, 3 only outside it, 4 only returned; 5 and 6 held out
    assert members == {
        "1:responded": {1, 2},
        "1:not_responded": {3, 4},
        "1:control": {5, 6},
        "2:not_responded": {1},
        "2:control": {6},
    }
    assert got.names == {2: "Still running", 1: "Spring"}  # newest first
    assert got.tokens()[:2] == ["2:not_responded", "2:control"]
    spring = res.campaign_results(tiny, 1)[0]
    assert len(members["1:responded"]) == spring.converted_target
    assert parse("1:responded") == (1, "responded") and parse("x:responded") is None and parse("1:maybe") is None
    with pytest.raises(ValueError, match="unknown outcome"):
        token(1, "maybe")


@pytest.fixture(scope="module")
def tiny_base(tiny):
    frame = pd.DataFrame({"country": ["Korea"] * 4 + ["Japan"] * 3, "revenue": 1.0, "orders": 1}, index=range(1, 8))
    frame.index.name = "customer_id"
    return base_from_frame(frame, dt.date(2024, 3, 31), "tiny", outcomes(tiny))


def _ids(definition, base):
    return set(seg.summarise(definition, base)[1])


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"cmp": "in", "value": ["1:responded"]}, {1, 2}),
        ({"cmp": "in", "value": ["1:responded", "1:not_responded"]}, {1, 2, 3, 4}),
        ({"cmp": "not_in", "value": ["1:responded", "1:control"]}, {3, 4, 7}),
        ({"cmp": "in", "value": ["2:responded"]}, set()),  # a campaign nobody answered: nobody, no error
        ({"cmp": "not_empty", "value": None}, {1, 2, 3, 4, 5, 6}),
        ({"cmp": "is_empty", "value": None}, {7}),
    ],
)
def test_the_campaign_outcome_field_selects_any_of_its_tokens(tiny_base, rule, expected):
    assert _ids({"op": "and", "rules": [{"field": "campaign_outcome", **rule}]}, tiny_base) == expected


def test_outcomes_combine_with_other_fields(tiny_base):
    both = {"op": "and", "rules": [{"field": "campaign_outcome", "cmp": "in", "value": ["1:responded", "1:control"]},
                                   {"field": "country", "cmp": "in", "value": ["Japan"]}]}  # fmt: skip
    assert _ids(both, tiny_base) == {5, 6}


@pytest.mark.parametrize("value", [["9:responded"], ["1:maybe"], ["'; DROP TABLE x"]])
def test_an_unknown_campaign_or_outcome_is_refused(tiny_base, value):
    with pytest.raises(SegmentError) as caught:
        seg.summarise({"rules": [{"field": "campaign_outcome", "cmp": "in", "value": value}]}, tiny_base)
    assert caught.value.key == "segment.unknown_value"


def test_the_builder_names_outcomes_in_both_languages(tiny_base):
    from components.segment_editor import _value_label

    assert _value_label("campaign_outcome", "1:responded", "en", tiny_base) == "Spring · responded (target, converted)"
    assert _value_label("campaign_outcome", "2:control", "ko", tiny_base) == "Still running · 대조군"
    assert _value_label("campaign_outcome", "7:control", "en", tiny_base).startswith("#7 · ")


# ---------------------------------------------------------------- saved from a demo campaign's result


@pytest.fixture(scope="module")
def demo(demo_pointer):
    with wh.use_warehouse(demo_pointer) as reader:
        yield reader


@pytest.fixture(scope="module")
def worked(demo):
    """The finished demo campaign with the most responders (it has non-responders too)."""
    finished = [r for r in res.campaign_results(demo.cursor()) if not r.window_open]
    best = max(finished, key=lambda r: r.converted_target)
    assert 0 < best.converted_target < best.target
    return best


def _independent(demo, campaign_id: int, responded: bool) -> set[int]:
    """Target contacts who did / did not buy (a line of positive revenue) in the campaign's days."""
    exists = "EXISTS" if responded else "NOT EXISTS"
    sql = f"""
        SELECT k.customer_id FROM fact_campaign_contact k JOIN dim_campaign c USING (campaign_id)
        WHERE k.campaign_id = ? AND k.group_name = 'target' AND {exists} (
            SELECT 1 FROM fact_order_line f WHERE f.customer_id = k.customer_id AND f.revenue > 0
              AND f.order_ts >= c.start_date AND f.order_ts < c.end_date + INTERVAL 1 DAY)"""
    return {r[0] for r in demo.cursor().execute(sql, [campaign_id]).fetchall()}


def test_responders_and_non_responders_equal_independent_sql(demo, worked):
    responders = picks.save_pick(worked.campaign_id, "responders", f"R {worked.campaign_id}", "tester")
    non = picks.save_pick(worked.campaign_id, "non_responders", f"N {worked.campaign_id}", "tester")
    got_r = set(seg.segment_members(responders["segment_id"]))
    got_n = set(seg.segment_members(non["segment_id"]))
    assert got_r == _independent(demo, worked.campaign_id, True)
    assert got_n == _independent(demo, worked.campaign_id, False)
    target = {r[0] for r in demo.cursor().execute(
        "SELECT customer_id FROM fact_campaign_contact WHERE campaign_id = ? AND group_name = 'target'",
        [worked.campaign_id]).fetchall()}  # fmt: skip
    assert got_r | got_n == target and not got_r & got_n
    assert responders["customers"] == worked.converted_target
    # the origin is stored with the segment, and the save audited with it
    listed = {s["segment_id"]: s for s in seg.list_segments()}
    origin = listed[responders["segment_id"]]["origin"]
    assert origin == {"kind": "campaign", "campaign_id": worked.campaign_id, "campaign_name": worked.name,
                      "pick": "responders", "lineage": demo.lineage()}  # fmt: skip
    with opstore.engine().connect() as con:
        detail = con.execute(
            sa.select(opstore.audit_log.c.detail).where(
                opstore.audit_log.c.action == "segment.save",
                opstore.audit_log.c.subject.like(f"R {worked.campaign_id}#%"),
            )
        ).scalar()
    assert '"pick": "responders"' in detail
    # an ordinary segment: it re-evaluates to the same members
    definition = seg.segment_version(responders["segment_id"])["definition"]
    assert set(seg.summarise(definition, seg.segment_base())[1]) == got_r


def test_a_taken_name_or_an_empty_result_is_refused(demo, worked):
    picks.save_pick(worked.campaign_id, "responders", "Taken name", "tester")
    with pytest.raises(SegmentError) as caught:
        picks.save_pick(worked.campaign_id, "responders", "Taken name", "tester")
    assert caught.value.key == "segment.name_taken"
    with pytest.raises(SegmentError) as caught:
        picks.save_pick(worked.campaign_id, "responders", "  ", "tester")
    assert caught.value.key == "segment.no_name"
    nobody = {"op": "and", "rules": [picks._outcome(worked.campaign_id, ["responded"]),
                                     picks._outcome(worked.campaign_id, ["not_responded"])]}  # fmt: skip
    with pytest.raises(SegmentError) as caught:
        seg.save_segment("Nobody", nobody, "tester")
    assert caught.value.key == "segment.empty"
    for bad, key in ((999999, "cycle.pick.no_campaign"), ("twelve", "cycle.pick.no_campaign")):
        with pytest.raises(SegmentError) as caught:
            picks.save_pick(bad, "responders", "Whatever", "tester")
        assert caught.value.key == key
    with pytest.raises(SegmentError, match="cycle.pick.unknown"):
        picks.save_pick(worked.campaign_id, "everyone", "Whatever", "tester")


def test_the_best_sub_group_is_the_largest_readable_uplift_above_zero(demo, worked):
    cursor = demo.cursor()
    candidates = [
        (g.uplift, by, g.key)
        for by in res.breakdowns(cursor) if by in picks.SUBGROUP_FIELDS
        for g in res.campaign_breakdown(cursor, worked.campaign_id, by)
        if g.ci_low is not None and g.ci_low > 0 and not g.too_small
    ]  # fmt: skip
    best = picks.best_subgroup(worked.campaign_id)
    if not candidates:
        assert best.found is None and best.reason
        return
    uplift, by, key = max(candidates)
    assert (best.found.group.uplift, best.found.dimension, best.found.member) == (uplift, by, key)
    saved = picks.save_pick(worked.campaign_id, "subgroup", f"Best {worked.campaign_id}", "tester")
    field = picks.SUBGROUP_FIELDS[by]
    base = seg.segment_base()
    contacts = {r[0] for r in cursor.execute(
        "SELECT customer_id FROM fact_campaign_contact WHERE campaign_id = ?", [worked.campaign_id]).fetchall()}  # fmt: skip
    rule = {"field": field, "cmp": "is_empty"} if key is None else {"field": field, "cmp": "in", "value": [key]}
    in_group = set(seg.summarise({"rules": [rule]}, base)[1])
    assert set(seg.segment_members(saved["segment_id"])) == contacts & in_group
    origin = {s["segment_id"]: s for s in seg.list_segments()}[saved["segment_id"]]["origin"]
    assert (origin["pick"], origin["dimension"], origin["member"]) == ("subgroup", by, key)


def _group(key, uplift, low, small=False):
    return res.SubGroup(key, 100, 100, 20, 10, 0.2, 0.1, uplift, low, uplift + 0.05, 0.01, small)


@pytest.mark.parametrize(
    ("groups", "expected", "reason"),
    [
        ({"country": [_group("Japan", 0.1, 0.02), _group("Korea", 0.2, 0.05)]}, ("country", "Korea"), None),
        ({"country": [_group("Japan", 0.3, 0.02, small=True)], "rfm": [_group("loyal", 0.1, 0.01)]},
         ("rfm", "loyal"), None),
        ({"country": [_group("Japan", 0.3, 0.02, small=True)]}, None, "cycle.best.only_small"),
        ({"country": [_group("Japan", 0.1, -0.02)]}, None, "cycle.best.none_above"),
        ({"channel": [_group("Email", 0.5, 0.3)]}, None, "cycle.best.no_breakdowns"),  # channel: no customer field
    ],
)  # fmt: skip
def test_best_sub_group_rules(monkeypatch, groups, expected, reason):
    monkeypatch.setattr(res, "cached_breakdowns", lambda warehouse=None: tuple(groups))
    monkeypatch.setattr(res, "cached_breakdown", lambda c, by, warehouse=None: groups.get(by, []))
    best = picks.best_subgroup(1)
    assert (None if best.found is None else (best.found.dimension, best.found.member)) == expected
    assert best.reason == reason


# ---------------------------------------------------------------- decisions


def test_decisions_are_validated_stored_listed_and_audited(demo, worked):
    lineage, known = demo.lineage(), [worked.campaign_id]
    segment = picks.save_pick(worked.campaign_id, "non_responders", "Decided from", "tester")
    for kwargs, key in (
        ({"choice": "celebrate"}, "cycle.decision.choice"),
        ({"choice": None}, "cycle.decision.choice"),
        ({"note": "x" * (dec.NOTE_MAX + 1)}, "cycle.decision.note_long"),
        ({"campaign_id": 424242}, "cycle.decision.no_campaign"),
        ({"segment_id": 987654}, "cycle.decision.no_segment"),
        ({"segment_id": "abc"}, "cycle.decision.no_segment"),
        ({"plan_id": 987654}, "cycle.decision.no_plan"),
    ):
        args = {"campaign_id": worked.campaign_id, "choice": "repeat", "note": "ok", **kwargs}
        with pytest.raises(dec.DecisionError) as caught:
            dec.record_decision(args["campaign_id"], args["choice"], args["note"], "tester", lineage, known,
                                args.get("segment_id"), args.get("plan_id"))  # fmt: skip
        assert caught.value.key == key
    first = dec.record_decision(worked.campaign_id, "scale_up", "  Go wider  ", "tester", lineage, known,
                                segment["segment_id"])  # fmt: skip
    second = dec.record_decision(worked.campaign_id, "stop", "", "boss", lineage, known)
    listed = dec.decisions(lineage, worked.campaign_id)
    assert [d["decision_id"] for d in listed][:2] == [second, first]
    assert listed[1]["note"] == "Go wider" and listed[1]["segment_name"] == "Decided from"
    assert dec.decisions("another-lineage", worked.campaign_id) == []
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(opstore.audit_log.c.actor, opstore.audit_log.c.detail).where(
            opstore.audit_log.c.action == "campaign.decision")).all()  # fmt: skip
    assert ("tester", f"decision#{first} scale_up") in [tuple(r) for r in rows]


# ---------------------------------------------------------------- the cycle


@pytest.fixture(scope="module")
def fake_result(tiny):
    spring = res.campaign_results(tiny, 1)[0]
    return dataclasses.replace(spring, campaign_id=501, name="Bridged B")


def _segment(segment_id, name, origin=None):
    return {"segment_id": segment_id, "name": name, "version": 1, "members": 10, "saved_at": None, "origin": origin}


def _plan(plan_id, segment_id, campaign_id=None, status="launched"):
    plan = {"segment_id": segment_id, "segment_version": 1, "start": "2026-01-01", "end": "2026-01-10"}
    return {"plan_id": plan_id, "name": f"Plan {plan_id}", "status": status, "plan": plan, "campaign_id": campaign_id}


def test_a_chain_reads_as_consecutive_cycles(fake_result):
    """Segment 1 (by hand) → plan 10 → warehouse campaign 501 → decision → segment 2 from its responders →
    plan 11 (not bridged yet); segment 3 saved from historical campaign 7 is a chain of its own."""
    segments = [
        _segment(3, "From history", {"kind": "campaign", "campaign_id": 7, "pick": "responders", "lineage": "L"}),
        _segment(1, "Hand made"),
        _segment(2, "Responders of B", {"kind": "campaign", "campaign_id": 501, "pick": "responders", "lineage": "L"}),
        _segment(4, "Other warehouse", {"kind": "campaign", "campaign_id": 501, "pick": "responders", "lineage": "X"}),
    ]
    plans = [_plan(10, 1, 501), _plan(11, 2, None, "planned")]
    decision = {"decision_id": 1, "campaign_id": 501, "choice": "scale_up", "note": "more", "created_by": "m"}
    cycles = compose(segments, plans, [fake_result], [decision], "L")
    assert [(c.segment_id, c.chain, c.step) for c in cycles] == [(1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 1)]
    first, second, history, other = cycles
    assert first.origin.kind == "hand"
    (step,) = first.campaigns
    assert (step.campaign_id, step.result.name, step.next_segments) == (501, "Bridged B", (2,))
    assert step.decisions == (decision,)
    assert second.origin.result is fake_result and second.origin.decisions == (decision,)
    (pending,) = second.campaigns
    assert pending.result is None and pending.status == "planned" and pending.next_segments == ()
    assert history.origin.campaign_id == 7 and history.origin.result is None and history.campaigns == ()
    assert other.origin.result is None  # campaign 501 of another warehouse is not this one's


def test_a_plan_without_a_campaign_column_is_not_measured(fake_result):
    plan = _plan(10, 1)
    del plan["campaign_id"]  # a store from before launched plans were bridged
    (cycle,) = compose([_segment(1, "S")], [plan], [fake_result], [], "L")
    assert cycle.campaigns[0].campaign_id is None and cycle.campaigns[0].result is None


def test_the_timeline_view(fake_result):
    from components.campaign_cycle_view import timeline

    assert "cycle-empty" in str(timeline([], None, "en"))
    segments = [_segment(1, "Hand made"),
                _segment(2, "Responders of B", {"kind": "campaign", "campaign_id": 501, "pick": "responders",
                                                "campaign_name": "Bridged B"})]  # fmt: skip
    cycles = compose(segments, [_plan(10, 1, 501), _plan(11, 2)], [fake_result], [], "L")
    text = str(timeline(cycles, dt.date(2024, 3, 31), "ko"))
    assert "Hand made" in text and "/campaigns?c=501" in text and "#cycle-2" in text
    assert "아직 측정되지 않았습니다" in text  # plan 11: not measured yet, in the reader's language


# ---------------------------------------------------------------- pages and callbacks


def test_the_result_offers_picks_and_decisions_by_role(dash_app, demo_pointer, worked):
    from callbacks.campaign_next import render_next

    store = {"c": str(worked.campaign_id)}
    with signed_in(dash_app, demo_pointer, "u_marketer", "/campaigns"):
        text = str(render_next(store))
        assert "cp-pick-save" in text and "cp-decision-save" in text
        assert f"Responders — {worked.name}" in text
        assert render_next({}) == []
    with signed_in(dash_app, demo_pointer, "u_executive", "/campaigns"):
        text = str(render_next(store))
        assert "cp-pick-save" not in text and "cp-decision-save" in text  # executives decide, never save segments
    with signed_in(dash_app, demo_pointer, "u_analyst", "/campaigns"):
        text = str(render_next(store))
        assert "cp-pick-save" in text and "cp-decision-save" not in text
    with signed_in(dash_app, demo_pointer, "u_partner_manager", "/campaigns"), pytest.raises(Forbidden):
        render_next(store)


def _trigger(prop_id: str, value):
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": value}],
                                    states_list=[[{"id": {"type": "cp-pick-name", "pick": "responders"},
                                                   "property": "value", "value": "From the callback"}]]))  # fmt: skip


def test_the_save_callback_saves_and_refuses(dash_app, demo_pointer, worked):
    from callbacks.campaign_next import save

    store = {"c": str(worked.campaign_id)}
    prop = json.dumps({"pick": "responders", "type": "cp-pick-save"}, separators=(",", ":")) + ".n_clicks"
    with signed_in(dash_app, demo_pointer, "u_marketer", "/campaigns"):
        _trigger(prop, 1)
        ok = str(save([1, None, None], ["From the callback"], store))
        assert "cp-pick-saved" in str(ok) and "/segments?segment=" in ok
        _trigger(prop, 2)
        assert "already" in str(save([2, None, None], ["From the callback"], store))  # the name is taken
    for role in ("u_executive", "u_partner_manager"):
        with signed_in(dash_app, demo_pointer, role, "/campaigns"), pytest.raises(Forbidden):
            save([1], ["x"], store)


def test_the_decision_callback_records_and_refuses(dash_app, demo_pointer, worked):
    from callbacks.campaign_next import record

    store = {"c": str(worked.campaign_id)}
    with signed_in(dash_app, demo_pointer, "u_executive", "/campaigns"):
        message, listed, note = record(1, "repeat", "Again next quarter", None, None, store)
        assert message is None and note == "" and "Again next quarter" in str(listed)
        message, listed, _ = record(1, None, "no choice", None, None, store)
        assert "Choose what was decided" in str(message)
    for role in ("u_analyst", "u_partner_manager"):
        with signed_in(dash_app, demo_pointer, role, "/campaigns"), pytest.raises(Forbidden):
            record(1, "repeat", "x", None, None, store)


def test_the_segments_page_shows_the_origin_with_a_link(dash_app, demo_pointer, worked):
    from components.segments_view import saved_rows

    with wh.use_warehouse(demo_pointer):
        saved = picks.save_pick(worked.campaign_id, "responders", "Origin shown", "tester")
        rows, columns = saved_rows(seg.list_segments(), "en")
    row = next(r for r in rows if r["segment_id"] == saved["segment_id"])
    assert row["origin"] == f"[From campaign “{worked.name}”: responders](/campaigns?c={worked.campaign_id})"
    assert any(c["field"] == "origin" and c["cellRenderer"] == "markdown" for c in columns)
    hand = next(r for r in saved_rows([{**seg.list_segments()[0], "origin": None}], "ko")[0])
    assert hand["origin"] == "직접 구성"


def test_the_cycle_page_is_for_campaign_readers(dash_app, demo_pointer):
    from pages.campaign_cycle import layout

    for user, ok in (("u_marketer", True), ("u_executive", True), ("u_analyst", True), ("u_partner_manager", False)):
        with signed_in(dash_app, demo_pointer, user, "/campaigns/cycle"):
            text = str(layout())
        assert ("access-denied" not in text) is ok
        assert ("cycle-timeline" in text) is ok
