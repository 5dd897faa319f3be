"""The forecast page's URL state: a table of what each URL opens, and the round trip."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from olap.catalog import Catalog
from olap.forecast_state import FILTER_LEVELS, FORECAST_MEASURES, GRAINS, ForecastState

CATALOG = Catalog(data_start=dt.date(2022, 1, 1), data_end=dt.date(2025, 6, 30))
FIRST, LAST = CATALOG.data_start, CATALOG.data_end


def keys(state: ForecastState) -> list[str]:
    return [p.key for p in state.problems]


@pytest.mark.parametrize(
    ("query", "want", "problems"),
    [
        ({}, dict(measure="revenue", grain="month", horizon=12, start=FIRST, end=LAST, filters={}), []),
        ({"m": "orders", "g": "week"}, dict(measure="orders", grain="week", horizon=26), []),
        ({"m": "margin_pct"}, dict(measure="revenue"), ["forecast.bad_measure"]),
        ({"g": "day"}, dict(grain="month"), ["forecast.bad_grain"]),
        ({"h": "6"}, dict(horizon=6), []),
        ({"h": "99"}, dict(horizon=24), ["forecast.bad_horizon"]),
        ({"h": "0"}, dict(horizon=1), ["forecast.bad_horizon"]),
        ({"h": "soon"}, dict(horizon=12), ["forecast.bad_horizon"]),
        ({"g": "week", "h": "104"}, dict(horizon=104), []),
        ({"from": "2023-01-01", "to": "2024-12-31"}, dict(start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31)), []),
        ({"from": "2019-01-01", "to": "2030-01-01"}, dict(start=FIRST, end=LAST), []),
        ({"from": "2023-01-01T10:00:00"}, dict(start=dt.date(2023, 1, 1)), []),
        ({"from": "yesterday"}, dict(start=FIRST), ["cube.bad_date"]),
        ({"from": "2024-01-01", "to": "2023-01-01"}, dict(start=FIRST, end=LAST), ["cube.bad_range"]),
        ({"f.geo.country": "Korea"}, dict(filters={"geo.country": ("Korea",)}), []),
        ({"f.geo.country": ["Korea", "Japan"]}, dict(filters={"geo.country": ("Korea", "Japan")}), []),
        ({"f.nowhere.level": "x"}, dict(filters={}), ["cube.unknown_level"]),
        ({"m": ["orders", "revenue"]}, dict(measure="orders"), []),
    ],
)
def test_from_query(query, want, problems):
    state = ForecastState.from_query(query, CATALOG)
    assert {k: getattr(state, k) for k in want} == want
    assert keys(state) == problems


def test_the_problems_are_said_in_words():
    state = ForecastState.from_query({"m": "nonsense", "h": "99"}, CATALOG)
    assert [p.message("en") for p in state.problems] != [p.key for p in state.problems]


def test_the_canonical_query_writes_every_key():
    state = ForecastState.from_query({"m": "orders", "f.geo.country": "Korea", "h": "3"}, CATALOG)
    assert state.to_query() == {
        "m": "orders",
        "g": "month",
        "h": "3",
        "from": "2022-01-01",
        "to": "2025-06-30",
        "f.geo.country": ["Korea"],
    }
    assert state.to_search() == "?m=orders&g=month&h=3&from=2022-01-01&to=2025-06-30&f.geo.country=Korea"
    assert state.request()["filters"] == {"geo.country": ["Korea"]}


days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2027, 1, 1)).map(dt.date.isoformat)
queries = st.fixed_dictionaries(
    {},
    optional={
        "m": st.sampled_from([*FORECAST_MEASURES, "margin_pct", ""]),
        "g": st.sampled_from([*GRAINS, "year"]),
        "h": st.one_of(st.integers(-5, 200).map(str), st.just("x")),
        "from": days,
        "to": days,
        **{f"f.{level}": st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=3) for level in FILTER_LEVELS},
    },
)


@given(queries)
def test_the_canonical_query_opens_the_same_state(query):
    state = ForecastState.from_query(query, CATALOG)
    again = ForecastState.from_query(state.to_query(), CATALOG)
    assert again == state
    assert not again.problems
