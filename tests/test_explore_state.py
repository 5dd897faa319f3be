"""The Explore page's URL state: round trips, bad input reported, breadcrumb roll-ups, drill."""

import datetime as dt

import pytest

from olap.catalog import Catalog
from olap.cube import CubeError
from olap.explore_state import ExploreState, breadcrumb, drop_unknown_members, with_spec
from olap.query import drill_down

START, END = dt.date(2023, 1, 1), dt.date(2025, 12, 31)


def read(**query) -> ExploreState:
    return ExploreState.from_query(query, Catalog(data_start=START, data_end=END))


def keys(state: ExploreState) -> list[str]:
    return [p.key for p in state.problems]


def test_defaults():
    s = read()
    # the dashboard's default period on every analytical page: the last complete quarter (olap.flow)
    assert s.spec.measures == ("revenue",) and s.row == "geo.region" and s.period == "2025-Q4"
    assert (s.spec.start, s.spec.end) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert (s.view, s.chart, s.compare, s.problems) == ("chart", "bar", False, [])


def test_round_trip_through_the_url():
    s = read(
        m=["revenue", "orders"],
        r="geo.city",
        **{"f.geo.region": "Europe", "f.geo.country": ["Germany", "France"]},
        p="2025-Q3",
        cmp="1",
        chart="treemap",
        view="pivot",
        c="time.month",
    )
    again = read(**s.to_query())
    assert again == s
    assert s.spec.filters == (("geo.country", ("Germany", "France")), ("geo.region", ("Europe",)))
    assert (s.spec.start, s.spec.end) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert s.pivot_spec().columns == ("time.month",)


def test_custom_dates_and_impossible_range():
    s = read(**{"from": "2024-02-03", "to": "2024-05-06"})
    assert (s.period, s.spec.start, s.spec.end) == ("", dt.date(2024, 2, 3), dt.date(2024, 5, 6))
    assert read(**s.to_query()) == s
    bad = read(**{"from": "2025-12-01", "to": "2025-01-01"})
    assert keys(bad) == ["cube.bad_range"] and bad.period == "2025-Q4"
    assert keys(read(**{"from": "yesterday"})) == ["cube.bad_date"]
    assert keys(read(p="1999")) == ["cube.bad_period"]


def test_unknown_names_are_dropped_and_reported():
    s = read(m=["bogus", "orders"], r="geo.nowhere", **{"f.geo.planet": "Mars", "f.time.month": "2025-13"})
    assert s.spec.measures == ("orders",) and s.row == "geo.region" and s.spec.filters == ()
    assert sorted(keys(s)) == sorted(
        ["cube.unknown_measure", "cube.unknown_level", "cube.unknown_level", "cube.bad_time_member"]
    )


def test_a_measure_that_does_not_apply_to_the_level_is_refused():
    s = read(m=["revenue", "sessions"], r="product.category")  # web sessions have no product
    assert s.spec.measures == ("revenue",)
    assert keys(s) == ["cube.not_applicable"]


def test_quotes_and_unicode_are_values():
    s = read(**{"f.geo.country": ["O'Brien\"; DROP TABLE x; --", "대한민국"]})
    assert s.spec.filters == (("geo.country", ("O'Brien\"; DROP TABLE x; --", "대한민국")),)


def test_unknown_members_are_dropped_and_reported():
    s = read(**{"f.geo.country": ["Germany", "Atlantis"], "f.geo.region": ["Nowhere"]})
    known = {"geo.country": {"Germany"}, "geo.region": set()}
    checked = drop_unknown_members(s, lambda level_id, members: [m for m in members if m in known[level_id]])
    assert checked.spec.filters == (("geo.country", ("Germany",)),)
    assert [(p.key, p.values["member"]) for p in checked.problems] == [
        ("cube.unknown_member", "Atlantis"),
        ("cube.unknown_member", "Nowhere"),
    ]


def test_breadcrumb_rolls_up_to_each_ancestor():
    s = read(r="geo.region")
    s = with_spec(s, drill_down(s.spec, "geo.region", "Europe"))
    s = with_spec(s, drill_down(s.spec, "geo.country", "Germany"))
    assert s.row == "geo.city"
    crumbs = breadcrumb(s)
    assert [(level_id, member) for level_id, member, _ in crumbs] == [
        ("geo.region", None),
        ("geo.region", "Europe"),
        ("geo.country", "Germany"),
    ]
    top, europe, here = (target for _, _, target in crumbs)
    assert here is None
    assert top.row == "geo.region" and top.spec.filters == ()
    assert europe.row == "geo.country" and europe.spec.filters == (("geo.region", ("Europe",)),)


def test_drilling_below_the_lowest_level_is_refused():
    s = read(r="geo.city")
    with pytest.raises(CubeError) as err:
        drill_down(s.spec, "geo.city", "Berlin")
    assert err.value.key == "cube.lowest_level"


def test_detail_cell_and_page():
    s = read(view="detail", **{"d.geo.country": "Germany", "d.time.quarter": "2025-Q3"}, page="3")
    assert s.cell == (("geo.country", "Germany"), ("time.quarter", "2025-Q3")) and s.page == 3
    assert read(**s.to_query()) == s
    assert read(page="-4").page == 0 and read(page="x").page == 0


def test_periods_on_data_ending_mid_month():
    end = dt.date(2025, 11, 12)
    s = ExploreState.from_query(
        {"p": "L12M"}, Catalog(data_start=START, data_end=end)
    )  # L12M: the twelve months ending on the data's last day
    assert (s.spec.start, s.spec.end, s.partial) == (dt.date(2024, 11, 13), end, False)
    q = ExploreState.from_query(
        {"p": "2025-Q4"}, Catalog(data_start=START, data_end=end)
    )  # the quarter, cut short by the data
    assert (q.spec.start, q.spec.end, q.partial) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31), True)
    assert q.to_query()["p"] == "2025-Q4"
    assert not ExploreState.from_query({"p": "2025-Q3"}, Catalog(data_start=START, data_end=end)).partial


# ------------------------------------------------------------------ the URL-state protocol

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from olap.explore_state import CHARTS as _CHARTS  # noqa: E402
from olap.explore_state import VIEWS as _VIEWS  # noqa: E402
from olap.explore_state import next_query  # noqa: E402
from olap.period import period_tokens  # noqa: E402

CATALOG = Catalog(data_start=START, data_end=END)


@st.composite
def explore_queries(draw):
    query = {
        "m": draw(
            st.lists(st.sampled_from(["revenue", "orders", "customers", "aov"]), min_size=1, max_size=3, unique=True)
        ),
        "r": draw(st.sampled_from(["geo.region", "geo.country", "product.category", "time.month", "customer.type"])),
        "p": draw(st.sampled_from(period_tokens(START, END) + ["L12M", "YTD"])),
        "chart": draw(st.sampled_from(_CHARTS)),
        "view": draw(st.sampled_from(_VIEWS)),
    }
    if draw(st.booleans()):
        query["cmp"] = "1"
    if draw(st.booleans()):
        query["f.channel.group"] = draw(st.lists(st.sampled_from(["online", "offline"]), min_size=1, unique=True))
    return query


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(explore_queries())
def test_round_trip_of_any_explore_state(query):
    state = ExploreState.from_query(query, CATALOG)
    assert state.problems == []
    assert ExploreState.from_query(state.to_query(), CATALOG) == state
    assert ExploreState.from_query(state.to_query(), CATALOG).to_search() == state.to_search()


NEXT = [  # (query, trigger, values, the next query or None)
    ({"r": "geo.region"}, "explore-measures", {"measures": ["orders"]}, {"r": "geo.region", "m": ["orders"]}),
    ({"m": "revenue"}, "explore-measures", {"measures": []}, None),
    ({"r": "geo.region", "page": "2"}, "explore-row", {"row": "geo.country"}, {"r": "geo.country"}),
    ({"from": "2025-01-01", "to": "2025-02-01"}, "explore-period", {"period": "2025"}, {"p": "2025"}),
    ({"p": "2025"}, "explore-dates", {"start": "2025-01-01T00:00", "end": "2025-03-31"},
     {"from": "2025-01-01", "to": "2025-03-31"}),
    ({"cmp": "1"}, "explore-compare", {"compare": True}, None),
    ({"cmp": "1"}, "explore-compare", {"compare": False}, {}),
    ({}, "explore-filter-add", {"add": 1, "filter_level": "geo.region", "filter_members": ["Asia"]},
     {"f.geo.region": ["Asia"]}),
    ({"c": "time.year"}, "explore-pivot-column", {"column": "time.year"}, None),
    ({}, "something-else", {}, None),
]  # fmt: skip


@pytest.mark.parametrize(("query", "trigger", "values", "expected"), NEXT)
def test_next_query_table(query, trigger, values, expected):
    assert next_query(dict(query), trigger, values) == expected


def test_an_empty_value_among_repeated_filter_values_is_no_value():
    """Found by the security fuzz: ``f.customer.customer=1&f.customer.customer=`` refused the whole id
    filter for its empty value; an empty field is no value, the rest of the filter stands."""
    state = read(**{"f.customer.customer": ["1", ""], "f.geo.region": ["", "Asia"]})
    assert dict(state.spec.filters) == {"customer.customer": ("1",), "geo.region": ("Asia",)}
    assert not keys(state)
    assert dict(read(**{"f.geo.region": ["", ""]}).spec.filters) == {}
