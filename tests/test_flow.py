"""The shared period and filter's rules (olap.flow): what travels, what a link keeps, what "clear"
clears, which filters a page applies; and every grid fitting its columns (components.grids)."""

import ast
import datetime as dt
from pathlib import Path

import pytest

from olap import flow
from olap.catalog import Catalog
from olap.filters import Filters

ROOT = Path(__file__).resolve().parents[1]
VALID = Catalog(
    dt.date(2023, 1, 1),
    dt.date(2025, 12, 31),
    regions=("Asia", "Europe"),
    countries={"Japan": "Asia", "Korea": "Asia", "Germany": "Europe"},
)
EUROPE = {"p": "2025-Q3", "f.geo.region": ["Europe"], "f.channel.group": "online"}


@pytest.mark.parametrize(
    ("query", "shared"),
    [
        ({}, {}),
        ({"m": "revenue", "r": "geo.city", "f.product.category": "Bikes"}, {}),  # a page's own keys stay its own
        ({"p": "2025", "f.geo.region": "Europe"}, {"p": "2025", "f.geo.region": ["Europe"]}),
        ({"f.geo.country": ["Japan", "Japan", "Korea"]}, {"f.geo.country": ["Japan", "Korea"]}),
        ({"f.channel.group": ["online", "offline"]}, {"f.channel.group": "online"}),
        ({"from": "2025-01-01", "to": "2025-02-01"}, {"from": "2025-01-01", "to": "2025-02-01"}),
        ({"from": "2025-01-01"}, {}),  # half a range is no range
        ({"p": "2025", "from": "2025-01-01", "to": "2025-02-01"}, {"p": "2025"}),  # a token wins, as on Explore
        ({"p": "", "f.geo.region": []}, {}),
    ],
)
def test_shared_part_of_a_query(query, shared):
    assert flow.shared(query) == shared


@pytest.mark.parametrize(
    ("link", "remembered", "opened"),
    [
        ({}, EUROPE, EUROPE),  # a bare navigation link gets what the user last chose
        ({"a": "cohorts"}, EUROPE, {"a": "cohorts", **EUROPE}),
        ({"m": "orders", "r": "geo.region"}, EUROPE, {"m": "orders", "r": "geo.region", **EUROPE}),
        ({"p": "2024"}, EUROPE, {"p": "2024"}),  # a link with any state of its own wins whole
        ({"f.customer.type": "B2B"}, EUROPE, {"f.customer.type": "B2B"}),
        ({"period": "2024"}, EUROPE, {"period": "2024"}),  # an old bookmark's keys are state too
        ({"region": "Asia"}, EUROPE, {"region": "Asia"}),
        ({}, None, {}),  # nothing remembered: every page's default
        ({}, {"m": "orders", "x": "1"}, {}),  # only the shared keys are ever remembered
    ],
)
def test_merge_links_win_bare_links_get_the_remembered_state(link, remembered, opened):
    assert flow.merge(link, remembered) == opened


def test_navigation_links_carry_the_remembered_state():
    assert flow.nav_hrefs(None) == ["/", "/explore", "/analyses", "/pipeline"]
    hrefs = flow.nav_hrefs({**EUROPE, "a": "cohorts"})
    assert hrefs[1] == "/explore?p=2025-Q3&f.geo.region=Europe&f.channel.group=online"
    assert all(h.split("?")[1] == hrefs[1].split("?")[1] for h in hrefs)


def test_default_period_is_the_dashboards():
    from olap.dashboard import DashboardState

    assert flow.default_token(VALID) == DashboardState.from_query({}, VALID).period.token == "2025-Q4"


def test_filter_bar_changes():
    f = Filters(regions=("Asia",), countries=("Japan",), channel_group="online")
    assert flow.next_filters(f, "region", ["Europe"], VALID.countries) == Filters(("Europe",), (), "online")
    assert flow.next_filters(f, "region", ["Asia", "Europe"], VALID.countries).countries == ("Japan",)
    assert flow.next_filters(f, "country", ["Korea"], VALID.countries).countries == ("Korea",)
    assert flow.next_filters(f, "channel", "", VALID.countries).channel_group is None
    assert flow.next_filters(f, "ctype", "B2B", VALID.countries).customer_type == "B2B"
    assert flow.next_filters(f, "chip", ("country", "Japan"), {}).countries == ()
    assert flow.next_filters(f, "clear", None, {}) == Filters()
    assert flow.next_filters(f, "nonsense", None, {}) == f


def test_clear_keeps_the_period_and_the_pages_own_keys():
    query = {"a": "cohorts", **EUROPE, "f.geo.country": ["Germany"]}
    assert flow.without_filters(query) == {"a": "cohorts", "p": "2025-Q3"}


def test_not_applied_names_what_a_page_cannot_take():
    f = Filters(regions=("Europe",), channel_group="online", customer_type="B2B")
    assert flow.not_applied(f, ("region", "country", "ctype")) == [("channel", "online")]
    assert flow.not_applied(f, ()) == f.active()
    assert flow.not_applied(f, flow.FILTER_NAMES) == []


def test_pipeline_carries_the_channel_and_applies_the_rest():
    from types import MappingProxyType

    from crm.pipeline import PipelineCatalog
    from crm.pipeline_state import PipelineState

    catalog = PipelineCatalog(
        dt.date(2024, 1, 1), dt.date(2025, 12, 31), ("Ann",), MappingProxyType({0: "Direct"}), ("Europe",)
    )
    query = {**EUROPE, "f.geo.country": "Germany", "f.customer.type": "B2B"}
    state = PipelineState.from_query(query, catalog, VALID)
    assert not state.problems
    assert state.filters.regions == ("Europe",) and state.filters.countries == ("Germany",)
    assert state.filters.customer_types == ("B2B",)
    assert state.not_applied == [("channel", "online")]
    assert flow.shared(state.to_query()) == flow.shared(query)  # carried on to the next page
    where, params = state.filters.where()
    assert "c.country" in where and "c.customer_type" in where and ["Germany"] in params


def test_analyses_apply_the_filter_through_the_cube_only():
    from olap.analyses import ANALYSES, AnalysesState

    state = AnalysesState.from_query({"a": "region_period", **EUROPE, "f.geo.region": ["Mars"]}, VALID)
    assert [p.key for p in state.problems] == ["rejected.region"]
    state = AnalysesState.from_query({"a": "region_period", **EUROPE}, VALID)
    assert state.cube_filters() == {"geo.region": ("Europe",), "channel.group": ("online",)}
    assert AnalysesState.from_query(state.to_query(), VALID) == state
    assert {a for a, x in ANALYSES.items() if x.filtered} == {
        "region_period",
        "customers",
        "product_mix",
        "partner_share",
    }


def test_explore_shared_filters_round_trip():
    from olap.explore_state import ExploreState, shared_filters, with_shared_filters

    state = ExploreState.from_query({**EUROPE, "f.product.category": "Bikes", "page": "3"}, VALID)
    assert shared_filters(state) == Filters(("Europe",), (), "online")
    moved = with_shared_filters(state.to_query(), Filters(regions=("Asia",)))
    assert moved["f.geo.region"] == ["Asia"] and "f.channel.group" not in moved
    assert moved["f.product.category"] == ["Bikes"] and "page" not in moved


def test_every_grid_fits_its_columns():
    """Every AG Grid the app builds goes through components.grids.ag_grid: the shared fitting and AG Grid's
    own texts in the reader's language."""
    direct = []
    for path in [*ROOT.glob("components/*.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("callbacks/*.py")]:
        if path.name == "grids.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "dag.AgGrid":
                direct.append(f"{path.name}:{node.lineno}")
    assert direct == []
    from components.grids import FIT, ag_grid, data_grid

    assert data_grid("g", [], []).eventListeners["rowDataUpdated"] == [FIT]
    options = ag_grid(id="x", dashGridOptions={"pagination": True}).dashGridOptions
    assert options == {"pagination": True, "suppressColumnVirtualisation": True}  # English: AG Grid's own words
    assert "xrmFitColumns" in (ROOT / "assets" / "grids.js").read_text()


def test_grids_speak_korean_to_a_korean_reader(dash_app):
    from components.grids import ag_grid, data_grid
    from i18n.grid_locale import KOREAN

    with dash_app.server.test_request_context():
        from flask import session

        session["lang"] = "ko"
        grid = data_grid("g", [], [], height=300)
        assert grid.dashGridOptions["localeText"]["page"] == "페이지" and grid.dashGridOptions["pagination"]
        assert ag_grid(id="x").dashGridOptions["localeText"] == KOREAN


# --------------------------------------------------------------------------- a custom range across pages

DATA = (dt.date(2023, 1, 1), dt.date(2025, 7, 8))  # the data ends inside Q3 2025


@pytest.mark.parametrize(
    ("start", "end", "token"),
    [
        ("2025-04-01", "2025-06-30", "2025-Q2"),
        ("2025-07-01", "2025-09-30", "2025-Q3"),  # the calendar quarter the data ends in
        ("2025-07-01", "2025-07-08", "2025-07"),  # … or the part of a month the data covers
        ("2024-02-01", "2024-02-29", "2024-02"),
        ("2024-01-01", "2024-12-31", "2024"),
        ("2024-07-09", "2025-07-08", "L12M"),
        ("2025-01-05", "2025-03-09", None),  # no period is those days
        ("2025-04-01", "2025-06-29", None),
        ("2020-01-01", "2020-03-31", None),  # before the data
    ],
)
def test_a_custom_range_is_a_period_only_when_its_days_are(start, end, token):
    assert flow.range_token(dt.date.fromisoformat(start), dt.date.fromisoformat(end), *DATA) == token


def test_period_of_a_page_without_a_free_range():
    period, carried, problems = flow.period_of({"from": "2025-04-01", "to": "2025-06-30"}, *DATA)
    assert (period.token, carried, problems) == ("2025-Q2", None, [])
    period, carried, problems = flow.period_of({"from": "2025-01-05", "to": "2025-03-09"}, *DATA)
    default = flow.default_period(DATA[1], DATA[0])
    assert period.token == default.token == "2025-Q2" and not problems
    assert carried == flow.CarriedRange(dt.date(2025, 1, 5), dt.date(2025, 3, 9))
    assert carried.to_query() == {"from": "2025-01-05", "to": "2025-03-09"}
    assert flow.period_of({"p": "2024", "from": "2025-01-05", "to": "2025-03-09"}, *DATA)[:2][1] is None  # p wins
    period, carried, problems = flow.period_of({"from": "2025-03-09", "to": "2025-01-05"}, *DATA)
    assert period.token == "2025-Q2" and carried is None and problems == [("period", "2025-03-09 – 2025-01-05")]
    assert flow.period_of({"from": "soon", "to": "later"}, *DATA)[2] == [("period", "soon – later")]


def test_dashboard_and_pipeline_carry_a_range_they_cannot_apply():
    from types import MappingProxyType

    from crm.pipeline import PipelineCatalog
    from crm.pipeline_state import PipelineState
    from crm.pipeline_state import next_state as pipeline_next
    from olap.dashboard import DashboardState, next_state

    valid = Catalog(*DATA, regions=("Europe",), countries={"Germany": "Europe"})
    odd = {"from": "2025-01-05", "to": "2025-03-09", "f.geo.region": "Europe"}
    state = DashboardState.from_query(odd, valid)
    assert state.period.token == "2025-Q2" and state.carried and not state.problems
    assert flow.shared(state.to_query()) == flow.shared(odd)  # the range travels on to Explore
    assert DashboardState.from_query(state.to_query(), valid) == state
    chosen = next_state(state, "exec-period", {"period": "2025-Q2"})
    assert chosen.carried is None and chosen.to_query()["p"] == "2025-Q2"  # choosing a period replaces it
    whole = DashboardState.from_query({"from": "2024-01-01", "to": "2024-12-31"}, valid)
    assert whole.period.token == "2024" and whole.carried is None and whole.to_query()["p"] == "2024"

    catalog = PipelineCatalog(*DATA, ("Ann",), MappingProxyType({0: "Direct"}), ("Europe",))
    pl = PipelineState.from_query(odd, catalog, valid)
    assert pl.period.token == "2025-Q2" and pl.carried and flow.shared(pl.to_query()) == flow.shared(odd)
    assert pipeline_next(pl, "pl-period", "2024", None, catalog).carried is None
    assert (
        PipelineState.from_query({"from": "2024-04-01", "to": "2024-06-30"}, catalog, valid).period.token == "2024-Q2"
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_bar_says_a_carried_range_is_not_applied(lang):
    from components.filter_bar import filter_bar

    valid = Catalog(*DATA, regions=("Europe",), countries={"Germany": "Europe"})
    carried = flow.CarriedRange(dt.date(2025, 1, 5), dt.date(2025, 3, 9))
    bar = str(filter_bar("exec", "2025-Q2", Filters(), valid, lang, carried=carried))
    note = "Jan 5, 2025 – Mar 9, 2025" if lang == "en" else "2025. 1. 5. – 2025. 3. 9."
    assert "exec-range-note" in bar and note in bar
    from components.filter_bar import range_note

    words = range_note("exec", carried, "Q2", lang).children
    assert note in words and "Q2" in words  # the range and what is shown instead
    assert "exec-range-note" not in str(filter_bar("exec", "2025-Q2", Filters(), valid, lang))


def test_analyses_apply_a_custom_range():
    from olap.analyses import AnalysesState

    valid = Catalog(*DATA, regions=("Europe",), countries={"Germany": "Europe"})
    odd = {"a": "customers", "from": "2025-01-05", "to": "2025-03-09", "f.geo.region": "Europe"}
    state = AnalysesState.from_query(odd, valid)
    assert (state.period, state.start, state.end) == ("", dt.date(2025, 1, 5), dt.date(2025, 3, 9))
    assert not state.problems and flow.shared(state.to_query()) == flow.shared(odd)
    assert AnalysesState.from_query(state.to_query(), valid) == state
    assert AnalysesState.from_query(state.with_period("2024"), valid).period == "2024"  # a period replaces it
    quarter = AnalysesState.from_query({"from": "2025-04-01", "to": "2025-06-30"}, valid)
    assert quarter.period == "2025-Q2" and quarter.custom is None
    bad = AnalysesState.from_query({"from": "2025-03-09", "to": "2025-01-05"}, valid)
    assert bad.period == "2025-Q2" and [p.key for p in bad.problems] == ["analyses.bad_period"]
