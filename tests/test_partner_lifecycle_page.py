"""The partner lifecycle page in-process: its URL state, the layout and the callbacks as plain
functions for each role, a bad or reversed date said in words."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.exceptions import Forbidden

from crm.partners.lifecycle import LifecycleState, default_dates
from olap.catalog import Catalog
from tests.partner_trajectories import TRAJECTORIES, build_trajectory_warehouse
from tests.signed_in import signed_in

CATALOG = Catalog(dt.date(2023, 1, 1), dt.date(2025, 12, 10))


def test_state_defaults_to_a_year_before_the_last_complete_month():
    assert default_dates(CATALOG.data_start, CATALOG.data_end) == (dt.date(2024, 11, 30), dt.date(2025, 11, 30))
    state = LifecycleState.from_query({}, CATALOG)
    assert (state.start, state.end, state.problems) == (dt.date(2024, 11, 30), dt.date(2025, 11, 30), ())
    assert state.to_search() == "?from=2024-11-30&to=2025-11-30"
    assert LifecycleState.from_query(state.to_query(), CATALOG) == state


def test_a_bad_date_is_dropped_and_said():
    state = LifecycleState.from_query({"from": "last spring", "to": "2025-06-30"}, CATALOG)
    assert (state.start, state.end) == (dt.date(2024, 11, 30), dt.date(2025, 6, 30))
    assert [p.key for p in state.problems] == ["partners.error.bad_date"]
    assert "last spring" in state.problems[0].message("en")


@pytest.fixture(scope="module")
def pointer(tmp_path_factory):
    from data.warehouse import new_version_path, publish

    pointer = tmp_path_factory.mktemp("lifecycle") / "w.duckdb"
    publish(build_trajectory_warehouse(new_version_path(pointer)), pointer)
    return pointer


def _render(store):
    from callbacks.partner_lifecycle import render
    from components.partner_lifecycle_view import LifecycleView

    return dict(zip(LifecycleView.IDS, render(store), strict=True))


def _text(component) -> str:
    return str(component)


def test_render_draws_every_part(dash_app, pointer):
    with signed_in(dash_app, pointer, "u_partner_manager", "/partners/lifecycle"):
        out = _render({})
        bars = out["distribution"].data[0]
        assert sum(bars.y) == len(TRAJECTORIES)
        sankey = out["sankey"].data[0]
        assert sankey.type == "sankey" and sum(sankey.link.value) == len(TRAJECTORIES)
        assert "partners changed stage" in _text(out["moves_note"])
        grid = out["attention"]
        assert [r["partner_id"] for r in grid.rowData] == [4, 5, 3]
        assert grid.rowData[0]["partner"] == "[Stopped Agencies](/partners?partner=4)"
        assert "no sale for 8 months" in grid.rowData[0]["sentence"]
        assert sum(sum(trace.y) for trace in out["cohorts"].data) == len(TRAJECTORIES)
        assert "December 2025" in _text(out["message"]) or "Dec" in _text(out["message"])  # partial month said


def test_reversed_dates_say_so(dash_app, pointer):
    with signed_in(dash_app, pointer, "u_analyst", "/partners/lifecycle"):
        out = _render({"from": "2025-06-30", "to": "2025-01-31"})
        assert "pl-moves-error" in _text(out["moves_note"])
        assert "before the start date" in _text(out["moves_note"])
        early = _render({"from": "2019-01-01", "to": "2025-01-31"})
        assert "pl-moves-error" in _text(early["moves_note"])


def test_navigate_writes_the_dates_in_the_url(dash_app, pointer):
    from callbacks.partner_lifecycle import navigate

    with signed_in(dash_app, pointer, "u_executive", "/partners/lifecycle"):
        assert navigate("2025-01-31", "2025-10-31", {"from": "2024-11-30"}) == "?from=2025-01-31&to=2025-10-31"
        assert navigate("2025-01-31", None, {"from": "2025-01-31"}).__class__.__name__ == "NoUpdate"


@pytest.mark.parametrize("user", ["u_marketer"])
def test_other_roles_are_refused_on_the_server(dash_app, pointer, user):
    from callbacks.partner_lifecycle import navigate, render
    from pages.partner_lifecycle import layout

    with signed_in(dash_app, pointer, user, "/partners/lifecycle"):
        assert "access-denied" in _text(layout())
        with pytest.raises(Forbidden):
            render({})
        with pytest.raises(Forbidden):
            navigate("2025-01-31", "2025-10-31", {})


@pytest.mark.parametrize("user", ["u_partner_manager", "u_executive", "u_analyst", "u_admin"])
def test_partner_roles_get_the_page(dash_app, pointer, user):
    from pages.partner_lifecycle import layout

    with signed_in(dash_app, pointer, user, "/partners/lifecycle"):
        page = _text(layout(**{"from": "2025-01-31"}))
        assert "pl-sankey" in page and "access-denied" not in page


def test_a_warehouse_without_partners_says_so(dash_app, tiny_published):
    import settings

    with signed_in(dash_app, settings.warehouse_pointer(), "u_admin", "/partners/lifecycle"):
        out = _render({})
        assert "pl-none" in _text(out["message"])
