"""URL state of the executive dashboard and how clicks change it (no browser, no Dash)."""

import datetime as dt
from dataclasses import replace

from callbacks.executive import next_state
from olap.catalog import Catalog
from olap.dashboard import state_from_query
from olap.filters import Filters

VALID = Catalog(
    regions={"Asia": ("Japan", "South Korea"), "Europe": ("Germany",)},
    countries={"Japan": "Asia", "South Korea": "Asia", "Germany": "Europe"},
    data_start=dt.date(2023, 1, 1),
    data_end=dt.date(2025, 12, 31),
)


def values(**kw):
    base = dict(
        period=None, region=None, country=None, channel=None, ctype=None, click=None, country_region=VALID.countries
    )
    return {**base, **kw}


def test_defaults_and_unknown_keys_are_ignored():
    state = state_from_query({"utm_source": "mail", "foo": ["a", "b"]}, VALID)
    assert state.period.token == "2025-Q4" and state.filters == Filters() and state.rejected == []
    assert state.to_search() == "?period=2025-Q4"


def test_unknown_values_are_reported_and_dropped():
    state = state_from_query(
        {"period": "2031", "region": ["Asia", "Atlantis"], "channel": "fax", "ctype": "b2b"}, VALID
    )
    assert state.filters == Filters(regions=("Asia",))
    assert set(state.rejected) == {("period", "2031"), ("region", "Atlantis"), ("channel", "fax"), ("ctype", "b2b")}


def test_round_trip_through_the_url():
    query = {"period": "2024-07", "region": ["Asia", "Europe"], "country": "Japan", "channel": "online", "ctype": "B2B"}
    state = state_from_query(query, VALID)
    from urllib.parse import parse_qs

    again = state_from_query({k: v[0] if len(v) == 1 else v for k, v in parse_qs(state.to_search()[1:]).items()}, VALID)
    assert again == state


def test_clicking_a_month_narrows_the_period():
    state = state_from_query({"period": "2025"}, VALID)
    new = next_state(state, "exec-trend", values(click="2025-03-01"))
    assert new.to_query()["period"] == "2025-03"


def test_clicking_a_region_then_a_country_drills_down():
    state = state_from_query({"country": "Germany"}, VALID)
    asia = next_state(state, "exec-regions", values(click="Asia"))
    assert asia.filters.regions == ("Asia",) and asia.filters.countries == ()
    japan = next_state(asia, "exec-countries", values(click="Japan"))
    assert japan.filters.countries == ("Japan",) and japan.filters.regions == ("Asia",)


def test_changing_regions_drops_countries_outside_them():
    state = state_from_query({"region": ["Asia", "Europe"], "country": ["Japan", "Germany"]}, VALID)
    new = next_state(state, "exec-region", values(region=["Asia"]))
    assert new.filters.countries == ("Japan",)


def test_chips_remove_one_value_at_a_time_and_clear_removes_all():
    state = state_from_query({"region": ["Asia", "Europe"], "channel": "online"}, VALID)
    one = next_state(state, {"type": "exec-chip", "name": "region", "value": "Asia"}, values())
    assert one.filters.regions == ("Europe",) and one.filters.channel_group == "online"
    two = next_state(one, {"type": "exec-unfilter", "name": "channel", "value": "online"}, values())
    assert two.filters.channel_group is None
    assert next_state(state, "exec-clear", values()).filters.is_empty()


def test_data_ending_mid_quarter_defaults_to_the_last_complete_quarter():
    valid = replace(VALID, data_end=dt.date(2025, 10, 8))
    state = state_from_query({}, valid)
    assert (state.period.token, state.period.partial) == ("2025-Q3", False)
    assert state.to_search() == "?period=2025-Q3"
    picked = state_from_query({"period": "2025-Q4"}, valid)
    assert (picked.period.partial, picked.period.days, picked.rejected) == (True, 8, [])
