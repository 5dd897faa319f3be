"""The pipeline page's URL state (a table of old and new links, a hypothesis round trip) and its
callbacks called as plain functions on the demo warehouse, checked against pandas."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from urllib.parse import parse_qsl

import duckdb
import pandas as pd
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from hypothesis import given
from hypothesis import strategies as st

from crm import pipeline as pl
from crm.pipeline_state import PipelineState
from olap.period import period_tokens
from tests.signed_in import signed_in as signed_in_as

D = dt.date
CATALOG = pl.PipelineCatalog(
    D(2025, 1, 1),
    D(2025, 6, 30),
    owners=("Ann", "Bob"),
    partners=MappingProxyType({0: "Direct", 1: "Partner One"}),
    regions=("Asia", "Europe"),
)

# a link as written before issue 10 (or today) → the canonical query it opens
LINKS = [
    ({}, {"p": "2025-Q2"}),
    ({"period": "2025-Q1"}, {"p": "2025-Q1"}),
    ({"p": "2025-Q1"}, {"p": "2025-Q1"}),
    ({"period": "2025-Q1", "p": "2025-03"}, {"p": "2025-03"}),  # the new key wins
    ({"period": "L12M", "owner": "Bob"}, {"p": "L12M", "owner": "Bob"}),
    ({"partner": "0"}, {"p": "2025-Q2", "f.partner.partner": "0"}),
    ({"partner": "1", "region": "Asia"}, {"p": "2025-Q2", "f.partner.partner": "1", "f.geo.region": ["Asia"]}),
    ({"f.geo.region": "Europe", "by": "quarter"}, {"p": "2025-Q2", "f.geo.region": ["Europe"], "by": "quarter"}),
    (
        {"period": "2025", "owner": "Ann", "partner": "1", "region": "Europe", "by": "partner"},
        {"p": "2025", "owner": "Ann", "f.partner.partner": "1", "f.geo.region": ["Europe"], "by": "partner"},
    ),  # fmt: skip
    ({"by": "owner"}, {"p": "2025-Q2"}),
    ({"period": ["2025-Q1"], "owner": [" Bob "]}, {"p": "2025-Q1", "owner": "Bob"}),
]


@pytest.mark.parametrize(("query", "canonical"), LINKS)
def test_every_link_opens_its_view(query, canonical):
    state = PipelineState.from_query(query, CATALOG)
    assert state.to_query() == canonical and not state.problems


# a link with values the warehouse does not know → the problems it reports
BAD_LINKS = [
    ({"period": "1999"}, ["period"]),
    ({"p": "2025-Q9"}, ["period"]),
    ({"owner": "Eve"}, ["owner"]),
    ({"partner": "x"}, ["partner"]),
    ({"f.partner.partner": "7"}, ["partner"]),
    ({"region": "Mars"}, ["region"]),
    ({"by": "colour"}, ["by"]),
    ({"owner": "Eve", "region": "Mars", "by": "colour"}, ["owner", "region", "by"]),
]


@pytest.mark.parametrize(("query", "dropped"), BAD_LINKS)
def test_a_bad_link_says_what_it_dropped(query, dropped):
    state = PipelineState.from_query(query, CATALOG)
    assert [p.key.rsplit(".", 1)[1] for p in state.problems] == dropped
    assert all(str(v) in p.message("en") for p in state.problems for v in p.values.values())
    kept = set(state.to_query().values())
    assert not kept & {str(v) for p in state.problems for v in p.values.values()}


states = st.builds(
    lambda token, owner, partner, region, by: PipelineState.from_query(
        {"p": token, "owner": owner, "f.partner.partner": partner, "f.geo.region": region, "by": by}, CATALOG
    ),
    st.sampled_from(period_tokens(*CATALOG.bounds)),
    st.sampled_from([None, *CATALOG.owners]),
    st.sampled_from([None, *(str(p) for p in CATALOG.partners)]),
    st.sampled_from([None, *CATALOG.regions]),
    st.sampled_from(pl.BREAKDOWNS),
)


@given(states)
def test_the_url_round_trips(state):
    assert not state.problems
    assert PipelineState.from_query(state.to_query(), CATALOG) == state
    assert PipelineState.from_query(dict(parse_qsl(state.to_search()[1:])), CATALOG) == state


# --------------------------------------------------------------------------- callbacks as plain functions


@pytest.fixture
def signed_in(dash_app, demo_pointer):
    """A request signed in as an executive, the process-wide warehouse being the demo one."""
    with signed_in_as(dash_app, demo_pointer, "u_executive", "/pipeline"):
        yield


def _deals(demo_pointer) -> pd.DataFrame:
    con = duckdb.connect(str(demo_pointer), read_only=True)
    deals = con.execute("SELECT * FROM fact_opportunity").df()
    con.close()
    return deals


def _open_value(deals: pd.DataFrame, at: dt.date, owner: str | None = None) -> float:
    at = pd.Timestamp(at)
    closed = pd.to_datetime(deals["closed_date"])
    open_ = (pd.to_datetime(deals["created_date"]) <= at) & (closed.isna() | (closed > at))
    if owner:
        open_ &= deals["owner"] == owner
    return float(deals.loc[open_, "amount"].sum())


def _kpis(cards) -> dict:
    values = {}
    for card in cards:
        value = card.children.children.children[1]
        values[value.id] = float(value.__dict__["data-value"]) if value.__dict__["data-value"] else None
    return values


def test_render_shows_the_open_pipeline_pandas_computes(signed_in, demo_pointer):
    from callbacks.pipeline import render
    from components.pipeline_controls import pipeline_catalog
    from components.pipeline_view import PipelineView

    catalog = pipeline_catalog()
    deals = _deals(demo_pointer)
    owner = catalog.owners[0]
    for query in ({}, {"owner": owner}, {"period": "L12M", "owner": owner}):
        state = PipelineState.from_query(query, catalog)
        out = render.__wrapped__(query)
        assert len(out) == len(PipelineView.OUTPUTS)
        at = min(state.period.last_day, catalog.data_end)
        assert _kpis(out[2])["pl-kpi-open_value"] == pytest.approx(_open_value(deals, at, query.get("owner")))
        closed = pd.to_datetime(deals["closed_date"]).between(pd.Timestamp(state.period.first_day), pd.Timestamp(at))
        if query.get("owner"):
            closed &= deals["owner"] == owner
        won = deals.loc[closed, "won"].astype(bool)
        assert _kpis(out[2])["pl-kpi-win_rate"] == pytest.approx(won.mean())
        assert out[1] is None and (out[10] is None) == bool(query.get("owner"))  # Explore has no owner


def test_render_of_an_unreadable_warehouse_says_so(dash_app, tmp_path, monkeypatch):
    from flask_login import login_user

    import data.warehouse
    from auth.users import get_user
    from callbacks.pipeline import render

    with data.warehouse.use_warehouse(tmp_path / "gone.duckdb"), dash_app.server.test_request_context("/pipeline"):
        login_user(get_user("u_executive"))
        out = render.__wrapped__({})
    assert "warehouse-error" in str(out[1]) and out[2] == []


def _navigate(trigger: str, value, store: dict, cell=None):
    from callbacks.pipeline import CONTROLS, navigate

    context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{trigger}.value", "value": value}]))
    values = [value if control == trigger else None for control in CONTROLS]
    return navigate.__wrapped__(*values, None, [], cell, store)


def test_navigate_turns_controls_and_clicks_into_links(signed_in):
    from dash import no_update

    from components.pipeline_controls import pipeline_catalog

    catalog = pipeline_catalog()
    store = PipelineState.from_query({}, catalog).to_query()
    owner = catalog.owners[-1]
    assert (
        _navigate("pl-owner", owner, store) == PipelineState.from_query({**store, "owner": owner}, catalog).to_search()
    )
    assert _navigate("pl-by", "region", store).endswith("&by=region")
    region = catalog.regions[0]
    clicked = _navigate("pl-breakdown", None, {**store, "by": "region"}, cell={"rowId": region})
    assert f"f.geo.region={region}" in clicked
    assert _navigate("pl-period", store["p"], store) is no_update  # nothing changed
    assert _navigate("pl-owner", owner, {"period": "1999"}) != no_update  # a dropped value is written away


def test_the_page_layout_reads_no_query_and_keeps_old_links(signed_in):
    from pages.pipeline import layout

    page = str(layout(period="1999", partner="abc"))
    assert "pl-rejected" in page and "1999" in page and "abc" in page
    assert "pl-state" in page
