"""The campaign planner page: its callbacks called as plain functions on the small demo warehouse,
the contact-file route through the Flask test client, and the layout per role."""

from __future__ import annotations

import pandas as pd
import pytest

from components.campaign_plan_form import FIELDS, plan_fields
from tests.conftest import login
from tests.signed_in import signed_in as signed_in_as


@pytest.fixture(scope="module")
def segment(dash_app, demo_pointer):
    from crm.segments import save_segment
    from data.warehouse import use_warehouse

    with use_warehouse(demo_pointer):
        saved = save_segment("Planner page: everyone", {"op": "and", "rules": []}, "u_marketer")
    return f"{saved['segment_id']}:{saved['version']}"


@pytest.fixture
def marketer(dash_app, demo_pointer):
    with signed_in_as(dash_app, demo_pointer, "u_marketer", "/campaigns/plan"):
        yield


def form(chosen: str, **changes) -> list:
    values = {
        "name": "Page plan", "objective": "promotion", "segment": chosen, "channel": "Email", "offer": "Gift",
        "offer_code": "GIFT5", "start": "2026-02-01", "end": "2026-02-20", "budget": None, "cost_per_contact": 0.1,
        "fixed_cost": 100, "holdout": 10, "expected_uplift": None, "window_days": 30, "seed": 4,
    }  # fmt: skip
    values.update(changes)
    return [values[name] for name, _ in FIELDS]


def find(tree, id_: str):
    """The component with ``id_`` in a component tree (or a list of them)."""
    stack = list(tree) if isinstance(tree, list | tuple) else [tree]
    while stack:
        node = stack.pop()
        if node is None or isinstance(node, str | int | float):
            continue
        if getattr(node, "id", None) == id_:
            return node
        children = getattr(node, "children", None)
        stack.extend(children if isinstance(children, list | tuple) else [children])
    return None


def test_plan_fields_split_the_segment_and_the_percent():
    fields = plan_fields({"segment": "4:2", "holdout": 15, "name": "x", "expected_uplift": 2})
    assert fields == {"segment_id": "4", "segment_version": "2", "holdout": 0.15, "name": "x", "expected_uplift": 0.02}
    assert plan_fields({"segment": None, "holdout": None})["segment_id"] == ""


def test_load_offers_the_saved_segments(marketer, segment):
    from callbacks.campaign_plan import load

    options, value, plans = load.__wrapped__(0, None)
    assert segment in [o["value"] for o in options] and value == options[0]["value"]
    assert plans is not None


def test_preview_shows_reach_power_and_the_range(marketer, segment):
    from callbacks.campaign_plan import show_preview

    children, plan, save_disabled, launch_disabled, saved = show_preview.__wrapped__(*form(segment))
    assert plan["name"] == "Page plan" and plan["holdout"] == pytest.approx(0.1)
    assert not save_disabled and launch_disabled and saved is None
    assert find(children, "cp-whatif") is not None and find(children, "cp-excluded") is not None
    assert (find(children, "cp-power-warning") is None) != (find(children, "cp-power-ok") is None)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"holdout": 2}, "between 5% and 50%"),
        ({"end": "2026-01-01"}, "before the start"),
        ({"cost_per_contact": -1}, "Cost per contact cannot be negative"),
        ({"channel": "Web shop"}, "cannot carry a campaign"),
        ({"name": ""}, "name"),
        ({"segment": None}, "saved segment"),
    ],
)
def test_bad_input_is_a_message_never_a_traceback(marketer, segment, change, words):
    from callbacks.campaign_plan import show_preview

    alert, plan, save_disabled, *_ = show_preview.__wrapped__(*form(segment, **change))
    assert alert.id == "cp-problem" and words in str(alert.children[0].children)
    assert plan is None and save_disabled


def test_save_then_launch_once(marketer, segment):
    from callbacks.campaign_plan import launch_plan, save, show_preview

    _, plan, *_ = show_preview.__wrapped__(*form(segment, name="Launch from the page"))
    message, plan_id, launch_disabled, save_disabled, plans = save.__wrapped__(1, plan)
    assert message.id == "cp-saved-ok" and isinstance(plan_id, int) and not launch_disabled and save_disabled
    launched, disabled, plans = launch_plan.__wrapped__(1, plan_id)
    assert launched.id == "cp-launched" and disabled
    links = [a.href for a in _links(launched)]
    assert links == [f"/campaigns/plan/{plan_id}/email.csv"]
    assert "cp-status-launched" in str(plans)
    again, _, _ = launch_plan.__wrapped__(2, plan_id)
    assert again.id == "cp-problem" and "already launched" in str(again.children[0].children)


def test_contact_files_are_for_planners_only(dash_app, demo_pointer, segment):
    from crm.campaigns.launch import launch, save_plan
    from crm.campaigns.plan import Plan
    from data.warehouse import Warehouse

    warehouse = Warehouse(demo_pointer)
    plan = Plan.from_dict(plan_fields(dict(zip([n for n, _ in FIELDS], form(segment, name="Route plan"), strict=True))))
    plan_id = save_plan(plan, "u_marketer", warehouse)
    launch(plan_id, "u_marketer", warehouse)
    links = [f"/campaigns/plan/{plan_id}/email.csv"]

    client = dash_app.server.test_client()
    assert client.get(links[0]).status_code in (302, 401)  # not signed in
    login(client, "u_analyst")
    assert client.get(links[0]).status_code == 403
    client.post("/logout")
    login(client, "u_marketer")
    response = client.get(links[0])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert (
        response.data.decode().splitlines()[0] == "customer_id,name,language,email,phone,recommended_product,offer_code"
    )
    sneaky = client.get(f"/campaigns/plan/{plan_id}/..%2F..%2Fsecret_key")  # never a file outside the plan's
    assert sneaky.mimetype != "text/csv" and b"test-secret-key" not in sneaky.data
    assert client.get(f"/campaigns/plan/{plan_id}/sms.csv").status_code == 404


def _links(tree) -> list:
    found, stack = [], [tree]
    while stack:
        node = stack.pop()
        if getattr(node, "className", None) == "cp-file":
            found.append(node)
        children = getattr(node, "children", None)
        stack.extend(children if isinstance(children, list | tuple) else [children] if children is not None else [])
    return found


def test_the_page_is_for_marketers_and_admins(dash_app, demo_pointer):
    from pages.campaign_plan import layout

    with signed_in_as(dash_app, demo_pointer, "u_marketer", "/campaigns/plan"):
        page = layout()
        assert find(page, "cp-preview") is not None and find(page, "cp-launch-confirm") is not None
        channels = [o["value"] for o in find(page, "cp-channel").options]
        assert channels[0] == "preferred" and "Email" in channels and "Web shop" not in channels
    with signed_in_as(dash_app, demo_pointer, "u_analyst", "/campaigns/plan"):
        assert find(layout(), "access-denied") is not None


def test_the_frozen_lists_do_not_change_when_the_segment_is_saved_again(marketer, segment):
    from crm.campaigns.launch import frozen_lists, list_plans

    launched = [p for p in list_plans() if p["status"] == "launched"]
    for p in launched:
        lists = frozen_lists(p["plan_id"])
        assert isinstance(lists, pd.DataFrame) and len(lists) == p["summary"]["target"] + p["summary"]["control"]
