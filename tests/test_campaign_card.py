"""The executive dashboard's campaign card: the period's campaigns summed, right, for the right roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import pytest

from crm.campaigns.results import campaign_results
from crm.campaigns.summary import period_campaigns
from tests.signed_in import signed_in


@pytest.fixture(scope="module")
def results(demo_pointer):
    from data.warehouse import current_path

    con = duckdb.connect(str(current_path(demo_pointer)), read_only=True)
    try:
        return campaign_results(con)
    finally:
        con.close()


def test_the_period_sums_the_campaigns_that_started_in_it(results):
    first = min(r.start_date for r in results)
    year = dt.date(first.year, 1, 1), dt.date(first.year, 12, 31)
    chosen = [r for r in results if year[0] <= r.start_date <= year[1]]
    got = period_campaigns(results, *year)
    assert got.campaigns == len(chosen) > 0
    assert got.spend == pytest.approx(sum(r.cost for r in chosen))
    added = sum(r.incremental_revenue for r in chosen if r.incremental_revenue is not None)
    assert got.incremental_revenue == pytest.approx(added)
    assert got.incremental_roi == pytest.approx((added - got.spend) / got.spend)
    assert got.incremental_low <= got.incremental_revenue <= got.incremental_high
    assert got.worked + got.harmful <= got.campaigns


def test_no_campaign_and_no_spend():
    empty = period_campaigns([], dt.date(2020, 1, 1), dt.date(2020, 3, 31))
    assert (empty.campaigns, empty.spend, empty.incremental_roi) == (0, 0.0, None)


def test_an_open_window_is_counted_apart(results):
    opened = [replace(r, window_open=True) for r in results[:2]]
    assert period_campaigns(opened, dt.date(1900, 1, 1), dt.date(2100, 1, 1)).still_open == 2


@pytest.mark.parametrize("user", ["u_executive", "u_marketer"])
def test_the_card_shows_the_incremental_roi_of_the_dashboard_period(dash_app, demo_pointer, results, user):
    from callbacks.executive import render_campaigns
    from olap.catalog import catalog
    from olap.dashboard import DashboardState

    with signed_in(dash_app, demo_pointer, user):
        state = DashboardState.from_query({"p": "2025"}, catalog())
        card = render_campaigns.__wrapped__(state.to_query())
    want = period_campaigns(results, state.period.first_day, state.period.last_day)
    text = next(c for c in _walk(card) if getattr(c, "id", None) == "exec-campaigns-text")
    assert float(getattr(text, "data-roi")) == pytest.approx(want.incremental_roi)


def test_roles_that_cannot_open_campaigns_see_no_card(dash_app, demo_pointer):
    from callbacks.executive import render_campaigns

    with signed_in(dash_app, demo_pointer, "u_partner_manager"):
        assert render_campaigns.__wrapped__({"p": "2025"}) is None


def _walk(component):
    if isinstance(component, (list, tuple)):
        for item in component:
            yield from _walk(item)
        return
    if component is None or isinstance(component, (str, int, float)):
        return
    yield component
    yield from _walk(getattr(component, "children", None))
