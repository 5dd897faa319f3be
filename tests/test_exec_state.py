"""URL state of the executive dashboard and how clicks change it (no browser, no Dash)."""

import datetime as dt
from dataclasses import replace
from urllib.parse import parse_qs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from olap.catalog import Catalog
from olap.dashboard import DashboardState, next_state
from olap.filters import CHANNEL_GROUPS, CUSTOMER_TYPES, Filters
from olap.period import period_tokens

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
    state = DashboardState.from_query({"utm_source": "mail", "foo": ["a", "b"]}, VALID)
    assert state.period.token == "2025-Q4" and state.filters == Filters() and state.problems == ()
    assert state.to_search() == "?p=2025-Q4"


def test_unknown_values_are_reported_and_dropped():
    state = DashboardState.from_query(
        {"period": "2031", "region": ["Asia", "Atlantis"], "channel": "fax", "ctype": "b2b"}, VALID
    )
    assert state.filters == Filters(regions=("Asia",))
    assert set(state.problems) == {("period", "2031"), ("region", "Atlantis"), ("channel", "fax"), ("ctype", "b2b")}


def test_round_trip_through_the_url():
    query = {"period": "2024-07", "region": ["Asia", "Europe"], "country": "Japan", "channel": "online", "ctype": "B2B"}
    state = DashboardState.from_query(query, VALID)
    from urllib.parse import parse_qs

    again = DashboardState.from_query(
        {k: v[0] if len(v) == 1 else v for k, v in parse_qs(state.to_search()[1:]).items()}, VALID
    )
    assert again == state


def test_clicking_a_month_narrows_the_period():
    state = DashboardState.from_query({"period": "2025"}, VALID)
    new = next_state(state, "exec-trend", values(click="2025-03-01"))
    assert new.to_query()["p"] == "2025-03"


def test_clicking_a_region_then_a_country_drills_down():
    state = DashboardState.from_query({"country": "Germany"}, VALID)
    asia = next_state(state, "exec-regions", values(click="Asia"))
    assert asia.filters.regions == ("Asia",) and asia.filters.countries == ()
    japan = next_state(asia, "exec-countries", values(click="Japan"))
    assert japan.filters.countries == ("Japan",) and japan.filters.regions == ("Asia",)


def test_changing_regions_drops_countries_outside_them():
    state = DashboardState.from_query({"region": ["Asia", "Europe"], "country": ["Japan", "Germany"]}, VALID)
    new = next_state(state, "exec-region", values(region=["Asia"]))
    assert new.filters.countries == ("Japan",)


def test_chips_remove_one_value_at_a_time_and_clear_removes_all():
    state = DashboardState.from_query({"region": ["Asia", "Europe"], "channel": "online"}, VALID)
    one = next_state(state, {"type": "exec-chip", "name": "region", "value": "Asia"}, values())
    assert one.filters.regions == ("Europe",) and one.filters.channel_group == "online"
    two = next_state(one, {"type": "exec-unfilter", "name": "channel", "value": "online"}, values())
    assert two.filters.channel_group is None
    assert next_state(state, "exec-clear", values()).filters.is_empty()


def test_data_ending_mid_quarter_defaults_to_the_last_complete_quarter():
    valid = replace(VALID, data_end=dt.date(2025, 10, 8))
    state = DashboardState.from_query({}, valid)
    assert (state.period.token, state.period.partial) == ("2025-Q3", False)
    assert state.to_search() == "?p=2025-Q3"
    picked = DashboardState.from_query({"period": "2025-Q4"}, valid)
    assert (picked.period.partial, picked.period.days, picked.problems) == (True, 8, ())


# ------------------------------------------------------------------ one key vocabulary, old bookmarks kept

OLD_URLS = [  # (an old bookmark's query, the canonical query it opens)
    ({"period": "2025-Q4"}, {"p": "2025-Q4"}),
    ({"period": "2024-07", "region": "Asia"}, {"p": "2024-07", "f.geo.region": ["Asia"]}),
    ({"region": ["Asia", "Europe"], "country": "Japan"}, {"p": "2025-Q4", "f.geo.region": ["Asia", "Europe"],
                                                           "f.geo.country": ["Japan"]}),
    ({"channel": "online", "ctype": "B2B"}, {"p": "2025-Q4", "f.channel.group": "online", "f.customer.type": "B2B"}),
    ({"period": "2025", "p": "2024"}, {"p": "2024"}),  # the new key wins over its old name
    ({"region": "Asia", "f.geo.region": "Europe"}, {"p": "2025-Q4", "f.geo.region": ["Europe"]}),
]  # fmt: skip


@pytest.mark.parametrize(("old", "canonical"), OLD_URLS)
def test_old_bookmarks_open_the_same_view(old, canonical):
    state = DashboardState.from_query(old, VALID)
    assert state.to_query() == canonical and state.problems == ()
    assert DashboardState.from_query(canonical, VALID) == state


FROM_QUERY = [  # (query, period token, filters, problems)
    ({}, "2025-Q4", Filters(), ()),
    ({"p": " 2025-03 "}, "2025-03", Filters(), ()),
    ({"p": "L12M", "f.geo.country": ["Japan", "Japan"]}, "L12M", Filters(countries=("Japan",)), ()),
    ({"p": "2031"}, "2025-Q4", Filters(), (("period", "2031"),)),
    ({"f.geo.region": ["Atlantis", "Asia"]}, "2025-Q4", Filters(regions=("Asia",)), (("region", "Atlantis"),)),
    ({"f.channel.group": "fax"}, "2025-Q4", Filters(), (("channel", "fax"),)),
    ({"f.customer.type": "b2b"}, "2025-Q4", Filters(), (("ctype", "b2b"),)),
    ({"f.channel.group": "unknown", "utm": "x"}, "2025-Q4", Filters(channel_group="unknown"), ()),
]


@pytest.mark.parametrize(("query", "token", "filters", "problems"), FROM_QUERY)
def test_from_query_table(query, token, filters, problems):
    state = DashboardState.from_query(query, VALID)
    assert (state.period.token, state.filters, state.problems) == (token, filters, problems)


TOKENS = [*period_tokens(VALID.data_start, VALID.data_end), "L12M", "YTD"]


@st.composite
def dashboard_states(draw):
    token = draw(st.sampled_from(TOKENS))
    regions = draw(st.lists(st.sampled_from(sorted(VALID.regions)), unique=True, max_size=2))
    countries = draw(st.lists(st.sampled_from(sorted(VALID.countries)), unique=True, max_size=3))
    channel = draw(st.sampled_from([None, *CHANNEL_GROUPS]))
    ctype = draw(st.sampled_from([None, *CUSTOMER_TYPES]))
    query = {"p": token, "f.geo.region": regions, "f.geo.country": countries}
    query |= {"f.channel.group": channel} if channel else {}
    query |= {"f.customer.type": ctype} if ctype else {}
    return DashboardState.from_query(query, VALID)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # slow on a busy machine
@given(dashboard_states())
def test_round_trip_of_any_state(state):
    assert state.problems == ()
    assert DashboardState.from_query(state.to_query(), VALID) == state
    assert DashboardState.from_query(parse_qs(state.to_search()[1:]), VALID) == state


def test_every_kpi_card_opens_its_breakdown_in_explore_with_the_same_period_and_filters():
    """Issue 17 item 3: each KPI's breakdown is a valid Explore view of its measure, same period and filters."""
    from olap.dashboard import KPI_BREAKDOWN, DashboardState, kpi_explore_search
    from olap.explore_state import ExploreState
    from olap.kpi import KPI_KEYS

    catalog = VALID
    state = DashboardState.from_query({"p": "2025-Q3", "f.geo.region": "Asia", "f.channel.group": "online"}, catalog)
    assert set(KPI_BREAKDOWN) == set(KPI_KEYS)
    for key in KPI_KEYS:
        query = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(kpi_explore_search(state, key)[1:]).items()}
        explore = ExploreState.from_query(query, catalog)
        assert not explore.problems, (key, explore.problems)
        assert explore.spec.measures == (KPI_BREAKDOWN[key][0],) and explore.row == KPI_BREAKDOWN[key][1]
        assert explore.period == "2025-Q3" and dict(explore.spec.filters)["geo.region"] == ("Asia",)


def test_a_chart_point_s_menu_leads_to_drill_filter_detail_and_explore():
    from olap.dashboard import click_actions

    state = DashboardState.from_query({"period": "2025-Q3", "channel": "online"}, VALID)
    actions = click_actions(state, "exec-regions", "Asia", VALID)
    q = {k: parse_qs(v.split("?", 1)[1]) for k, v in actions.items()}
    assert actions["drill"].startswith("/explore?") and q["drill"]["r"] == ["geo.country"]
    assert q["drill"]["f.geo.region"] == ["Asia"] and q["drill"]["f.channel.group"] == ["online"]
    assert q["drill"]["p"] == ["2025-Q3"]
    assert actions["filter"].startswith("/?") and q["filter"]["f.geo.region"] == ["Asia"]
    assert q["detail"]["view"] == ["detail"] and q["detail"]["d.geo.region"] == ["Asia"]
    assert q["explore"]["r"] == ["geo.region"] and "f.geo.region" not in q["explore"]  # every region, to compare
    japan = click_actions(state, "exec-countries", "Japan", VALID)
    assert parse_qs(japan["drill"].split("?")[1])["r"] == ["geo.city"]
    month = click_actions(state, "exec-trend", "2025-03-01", VALID)
    mq = {k: parse_qs(v.split("?", 1)[1]) for k, v in month.items()}
    assert mq["drill"]["r"] == ["time.day"] and mq["drill"]["p"] == ["2025-03"]
    assert mq["detail"]["d.time.month"] == ["2025-03"] and mq["filter"]["p"] == ["2025-03"]
