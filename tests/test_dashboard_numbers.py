"""Differential tests: every dashboard figure equals an independent pandas computation on the fact table."""

import random

import duckdb
import pandas as pd
import pytest

from components.executive_view import render_state
from data.warehouse import Warehouse
from olap import kpi
from olap.dashboard import DashboardState
from olap.filters import Filters
from olap.period import period_tokens


@pytest.fixture(scope="module")
def reader(demo_pointer):
    return Warehouse(demo_pointer)


@pytest.fixture(scope="module")
def lines(demo_pointer):
    """The fact table with the customer and channel attributes, straight from the base tables."""
    con = duckdb.connect(str(demo_pointer), read_only=True)
    df = con.execute(
        """SELECT f.order_id, f.order_ts, f.customer_id, f.product_id, f.revenue, f.cost, f.quantity,
                  c.region, c.country, c.customer_type, c.signup_date, ch.channel_group
           FROM fact_order_line f JOIN dim_customer c USING (customer_id) JOIN dim_channel ch USING (channel_id)"""
    ).df()
    con.close()
    df["month"] = df["order_ts"].dt.to_period("M")
    return df


def scope(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    mask = pd.Series(True, index=df.index)
    if f.regions:
        mask &= df["region"].isin(f.regions)
    if f.countries:
        mask &= df["country"].isin(f.countries)
    if f.channel_group:
        mask &= df["channel_group"] == f.channel_group
    if f.customer_type:
        mask &= df["customer_type"] == f.customer_type
    return df[mask]


def expected_kpis(lines: pd.DataFrame, start, end, f: Filters) -> dict:
    """The KPI definitions of olap/kpi.py, written again with pandas."""
    first_month = lines.groupby("customer_id")["month"].min()
    # customers who signed up before the first order in the data may have bought before it
    signup = lines.groupby("customer_id")["signup_date"].first()
    first_month = first_month[pd.to_datetime(signup.loc[first_month.index]) >= lines["order_ts"].min().normalize()]
    s, e = pd.Period(start, "M"), pd.Period(end, "M")
    df = scope(lines[(lines["month"] >= s) & (lines["month"] <= e)], f)
    orders_per_customer = df.groupby("customer_id")["order_id"].nunique()
    revenue = df["revenue"].sum()
    orders = df["order_id"].nunique()
    active = len(orders_per_customer)
    firsts = first_month.reindex(orders_per_customer.index)
    return {
        "revenue": revenue,
        "gross_margin": revenue - df["cost"].sum(),
        "orders": orders,
        "active_customers": active,
        "new_customers": int(((firsts >= s) & (firsts <= e)).sum()),
        "repeat_rate": (orders_per_customer >= 2).sum() / active if active else None,
        "aov": revenue / orders if orders else None,
        "online_share": df.loc[df["channel_group"] == "online", "revenue"].sum() / revenue if revenue else None,
    }


def random_filters(rng, valid) -> Filters:
    regions = tuple(rng.sample(sorted(valid.regions), rng.choice([0, 0, 1, 2])))
    pool = sorted(c for c, r in valid.countries.items() if not regions or r in regions)
    countries = tuple(rng.sample(pool, rng.choice([0, 0, 1])))
    return Filters(regions, countries, rng.choice([None, "online", "offline"]), rng.choice([None, "B2C", "B2B"]))


def test_kpis_equal_pandas_on_random_periods_and_filters(reader, lines):
    from olap.catalog import read_catalog

    valid = read_catalog(reader.cursor())
    tokens = period_tokens(valid.data_start, valid.data_end)
    rng = random.Random(3)
    for _ in range(25):
        state = DashboardState.from_query({"period": rng.choice(tokens)}, valid)
        filters = random_filters(rng, valid)
        result = kpi.compute_kpis(reader.cursor(), state.period, filters)
        for window, period in (
            ("current", state.period),
            ("previous", state.period.previous()),
            ("last_year", state.period.last_year()),
        ):
            got = getattr(result, window)
            want = expected_kpis(lines, period.start, period.end, filters)
            for key in kpi.KPI_KEYS:
                assert got[key] == pytest.approx(want[key], rel=1e-9, abs=1e-6), (
                    state.period.token,
                    filters,
                    window,
                    key,
                )


def test_top_lists_and_geography_equal_pandas(reader, lines):
    from olap.catalog import read_catalog

    valid = read_catalog(reader.cursor())
    state = DashboardState.from_query({"period": "2025"}, valid)
    df = scope(
        lines[(lines["month"] >= pd.Period("2025-01", "M")) & (lines["month"] <= pd.Period("2025-12", "M"))], Filters()
    )
    by_region = df.groupby("region")["revenue"].sum()
    got = kpi.revenue_by_geography(reader.cursor(), state.period, Filters(), "region").set_index("member")["revenue"]
    assert got.sort_index().tolist() == pytest.approx(by_region.sort_index().tolist())
    top = df.groupby("customer_id")["revenue"].sum().sort_values(ascending=False).head(10)
    got_top = kpi.top_customers(reader.cursor(), state.period, Filters())
    assert got_top["revenue"].tolist() == pytest.approx(top.tolist())
    top_p = df.groupby("product_id")["quantity"].sum()
    got_p = kpi.top_products(reader.cursor(), state.period, Filters()).set_index("product_id")["units"]
    assert got_p.tolist() == pytest.approx(top_p.loc[got_p.index].tolist())


def test_render_state_shows_the_same_numbers(reader, lines):
    from olap.catalog import read_catalog

    valid = read_catalog(reader.cursor())
    state = DashboardState.from_query({"period": "2025-Q2", "ctype": "B2B"}, valid)
    out = render_state(reader.cursor(), state, "ko")
    shown = dict(kpi_values(out[2]))
    want = expected_kpis(lines, state.period.start, state.period.end, state.filters)
    assert set(shown) == set(kpi.KPI_KEYS)
    for key in kpi.KPI_KEYS:
        assert shown[key] == pytest.approx(want[key], rel=1e-9), key
    customers = out[6]
    assert sum(r["share"] for r in customers) <= 1.0 + 1e-9


def kpi_values(component):
    """(kpi, value) of every KPI card in a rendered component tree."""
    if isinstance(component, list | tuple):
        for child in component:
            yield from kpi_values(child)
        return
    props = getattr(component, "to_plotly_json", lambda: {})().get("props", {})
    if "data-kpi" in props:
        yield props["data-kpi"], float(props["data-value"]) if props["data-value"] else None
    children = props.get("children")
    if children is not None and not isinstance(children, str):
        yield from kpi_values(children)


def test_filtered_geography_charts_keep_every_member_and_highlight_the_chosen(reader, lines):
    """Filtered to a region, the region chart still shows every region (the others greyed) with the numbers of
    the page's other filters; the country chart shows that region's countries, the chosen one included."""
    from dataclasses import replace

    from olap.catalog import read_catalog
    from olap.dashboard import report, selected_members

    valid = read_catalog(reader.cursor())
    base = DashboardState.from_query({}, valid)
    region = sorted(valid.regions)[0]
    country = sorted(valid.regions[region])[-1]
    state = replace(base, filters=Filters((region,), (country,), "online", None))
    rep = report(reader.cursor(), state)
    days = lines["order_ts"].dt.date
    period = lines[(days >= state.period.first_day) & (days <= state.period.last_day)]
    online = period[period["channel_group"] == "online"]
    want_regions = online.groupby("region")["revenue"].sum()
    got_regions = rep.regions.set_index("member")["revenue"]
    assert set(got_regions.index) == set(want_regions.index) and len(got_regions) > 1
    assert got_regions.sort_index().to_numpy() == pytest.approx(want_regions.sort_index().to_numpy())
    want_countries = online[online["region"] == region].groupby("country")["revenue"].sum()
    got_countries = rep.countries.set_index("member")["revenue"]
    assert country in got_countries.index
    assert got_countries.to_numpy() == pytest.approx(want_countries.reindex(got_countries.index).to_numpy())
    assert selected_members(state, "exec-regions") == {region}
    assert selected_members(state, "exec-countries") == {country}
    # the page's own numbers stay those of every filter
    assert rep.kpis.current["revenue"] == pytest.approx(online[online["country"] == country]["revenue"].sum())
