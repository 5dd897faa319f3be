"""The campaigns page in-process: its URL state, the render and navigate callbacks as plain
functions, and the CSV/Excel exports through the Flask routes (role-checked, audited)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

from crm.campaigns.state import CampaignsState
from tests.conftest import login
from tests.signed_in import signed_in


@pytest.mark.parametrize(
    ("query", "state", "problems"),
    [
        ({}, CampaignsState(), 0),
        ({"c": "12"}, CampaignsState(12), 0),
        ({"c": "12", "by": "rfm"}, CampaignsState(12, "rfm"), 0),
        ({"c": "twelve", "by": "shoe size"}, CampaignsState(), 2),
    ],
)
def test_state_from_the_url(query, state, problems):
    read = CampaignsState.from_query(query)
    assert (read.campaign, read.by, len(read.problems)) == (state.campaign, state.by, problems)
    assert CampaignsState.from_query(read.to_query()).to_query() == read.to_query()


def test_picking_keeps_the_rest():
    state = CampaignsState(3, "rfm")
    assert state.picked(campaign=5).to_search() == "?c=5&by=rfm"
    assert state.picked(by="country").to_search() == "?c=3"
    assert state.picked(by="nonsense") == state


@pytest.fixture(scope="module")
def results(demo_pointer):
    from crm.campaigns.results import campaign_results
    from data.warehouse import Warehouse

    return campaign_results(Warehouse(demo_pointer).cursor())


def test_render_shows_every_campaign_and_the_picked_one(dash_app, demo_pointer, results):
    from callbacks.campaigns import navigate, render
    from components.campaign_view import CampaignsView

    names = [name for name, _ in CampaignsView.OUTPUTS]
    chosen = results[0]
    with signed_in(dash_app, demo_pointer, "u_marketer", "/campaigns"):
        out = dict(zip(names, render({"c": str(chosen.campaign_id)}), strict=True))
        assert [row["campaign_id"] for row in out["cp-table"]] == [r.campaign_id for r in results]
        assert out["cp-head"] and out["cp-groups"]
        assert sum(row["target"] for row in out["cp-groups"]) == chosen.target
        empty = dict(zip(names, render({}), strict=True))
        assert empty["cp-head"] == [] and empty["cp-sub"] == {"display": "none"}
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": "cp-table.cellClicked", "value": {}}]))
        picked = navigate.__wrapped__({"rowId": str(results[1].campaign_id)}, "country", {"by": "rfm"})
        assert picked == f"?c={results[1].campaign_id}&by=rfm"
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": "cp-by.value", "value": "segment"}]))
        assert navigate.__wrapped__(None, "segment", {"c": "4"}) == "?c=4&by=segment"


def _sign_in(client, user):
    login(client, user)
    return client


def test_exports_all_campaigns_as_csv_and_excel(dash_app, demo_pointer, results):
    from data.warehouse import use_warehouse

    client = _sign_in(dash_app.server.test_client(), "u_analyst")
    with use_warehouse(demo_pointer):
        response = client.get("/export/campaigns/all.csv?lang=en")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert rows[0][0] == "Campaign" and len(rows) == len(results) + 1
        assert [r[0] for r in rows[1:]] == [r.name for r in results]
        workbook = client.get("/export/campaigns/all.xlsx?lang=ko")
        assert workbook.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(workbook.data)).worksheets[0]
        assert sheet.max_row == len(results) + 1
        groups = client.get(f"/export/campaigns/{results[0].campaign_id}/country.csv")
        assert groups.status_code == 200
        counts = list(csv.reader(io.StringIO(groups.data.decode("utf-8-sig"))))[1:]
        assert sum(int(r[1]) for r in counts) == results[0].target
        assert client.get("/export/campaigns/99999/country.csv").status_code == 404
        assert client.get(f"/export/campaigns/{results[0].campaign_id}/shoe.csv").status_code == 404


def test_exports_are_for_analysts(dash_app, demo_pointer):
    client = _sign_in(dash_app.server.test_client(), "u_marketer")
    assert client.get("/export/campaigns/all.csv").status_code == 403


def test_a_warehouse_without_campaigns_says_so(dash_app, tiny_published):
    """Orders only (no campaign tables): the page explains what it cannot show, the CLI too."""
    import subprocess
    import sys

    from tests.conftest import login

    client = dash_app.server.test_client()
    login(client, "u_marketer")
    page = client.get("/campaigns")
    assert page.status_code == 200
    from callbacks.campaigns import render

    with dash_app.server.test_request_context("/campaigns"):
        from flask_login import login_user

        from auth.users import get_user

        login_user(get_user("u_marketer"))
        text = str(render.__wrapped__({}))
    assert "Traceback" not in text and ("campaign" in text.lower())
    cli = subprocess.run(
        [sys.executable, "-m", "crm.campaigns", "results", "--json"], capture_output=True, text=True, timeout=120
    )
    assert cli.returncode in (0, 1, 2) and "Traceback" not in cli.stderr
