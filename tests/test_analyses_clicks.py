"""A click on an Analyses chart's point (issue 17 item 4): its menu's links keep the page's period and
filters, and what they open equals SQL on the same data."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest

from components.analyses_view import menu_for, render_body
from data import warehouse as wh
from olap.analyses import AnalysesState
from olap.analyses.clicks import click_actions
from olap.catalog import Catalog, catalog
from olap.explore_state import ExploreState, view_frame

VALID = Catalog(dt.date(2023, 1, 1), dt.date(2025, 12, 31), regions=("Asia", "Europe"),
                countries={"Japan": "Asia", "Germany": "Europe"})  # fmt: skip


def query_of(link: str) -> dict:
    return {k: v if len(v) > 1 else v[0] for k, v in parse_qs(urlsplit(link).query).items()}


def test_a_region_leads_to_its_countries_its_rows_and_this_page_filtered():
    state = AnalysesState.from_query({"a": "region_period", "p": "2025-Q2", "f.channel.group": "online"}, VALID)
    links = click_actions(state, "geo.region", "Europe")
    assert set(links) == {"drill", "filter", "detail", "explore"}
    drill = query_of(links["drill"])
    assert links["drill"].startswith("/explore?") and drill["r"] == "geo.country" and drill["p"] == "2025-Q2"
    assert drill["f.geo.region"] == "Europe" and drill["f.channel.group"] == "online" and drill["m"] == "revenue"
    detail = query_of(links["detail"])
    assert detail["view"] == "detail" and detail["d.geo.region"] == "Europe" and detail["r"] == "geo.region"
    narrowed = query_of(links["filter"])
    assert links["filter"].startswith("/analyses?") and narrowed["a"] == "region_period"
    assert narrowed["f.geo.region"] == "Europe" and narrowed["f.channel.group"] == "online"
    assert "f.geo.region" not in query_of(links["explore"])  # the level opened whole


def test_a_month_is_a_period_a_customer_has_no_page_filter_and_a_custom_range_travels():
    state = AnalysesState.from_query({"a": "region_period", "from": "2025-01-05", "to": "2025-03-09"}, VALID)
    month = click_actions(state, "time.month", "2025-02-01 00:00:00")
    assert query_of(month["drill"])["p"] == "2025-02" and query_of(month["drill"])["r"] == "time.day"
    assert query_of(month["filter"])["p"] == "2025-02" and "from" not in query_of(month["filter"])
    customer = click_actions(state, "customer.customer", 42)
    assert "filter" not in customer and "drill" not in customer  # no page filter takes it; the lowest level
    assert query_of(customer["detail"])["from"] == "2025-01-05" and query_of(customer["detail"])["to"] == "2025-03-09"
    assert query_of(customer["detail"])["f.customer.customer"] == "42"
    assert click_actions(state, "cohort", "2025-01") == {}  # not a cube level: no menu


@pytest.fixture(scope="module")
def demo(demo_pointer):
    with wh.use_warehouse(demo_pointer) as reader:
        yield reader


def revenue_sql(pointer, where: str, params: list) -> float:
    con = duckdb.connect(str(pointer), read_only=True)
    try:
        sql = ("SELECT COALESCE(SUM(f.revenue), 0) FROM fact_order_line f JOIN dim_customer c USING (customer_id) "
               f"JOIN dim_channel ch USING (channel_id) WHERE {where}")  # fmt: skip
        return float(con.execute(sql, params).fetchone()[0])
    finally:
        con.close()


def graphs(tree) -> list:
    """Every chart in a component tree."""
    found = []

    def walk(node):
        if getattr(node, "figure", None) is not None and isinstance(getattr(node, "id", None), dict):
            found.append(node)
        for child in getattr(node, "children", None) or []:
            walk(child)
        if hasattr(node, "children") and not isinstance(node.children, list | str | type(None)):
            walk(node.children)

    for item in tree:
        walk(item)
    return found


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_menus_links_open_the_numbers_sql_gives(demo, demo_pointer, lang):
    valid = catalog(demo)
    query = {"a": "region_period", "p": "2025-Q3", "f.channel.group": "offline"}
    charts = {g.id["table"]: g for g in graphs(render_body(query, lang, demo))}
    bar = charts["by_region"].figure.data[0]
    level, region, measure, label = bar.customdata[-1]  # the largest region (bars are drawn bottom-up)
    assert (level, measure) == ("geo.region", "revenue") and label
    where = "c.region = ? AND ch.channel_group = 'offline' AND f.order_ts >= ? AND f.order_ts < ?"
    expected = revenue_sql(demo_pointer, where, [region, "2025-07-01", "2025-10-01"])
    assert bar.x[-1] == pytest.approx(expected)  # the bar clicked
    menu = menu_for(query, "by_region", list(bar.customdata[-1]), lang, valid)
    hrefs = {c.id["action"]: c.href for c in menu.children[1].children}
    drill = ExploreState.from_query(query_of(hrefs["drill"]), valid)
    countries = view_frame(drill)
    assert countries["revenue"].sum() == pytest.approx(expected)  # its countries add up to it
    country = countries.sort_values("revenue").iloc[-1]
    one = revenue_sql(demo_pointer, where.replace("c.region = ?", "c.country = ?"),
                      [country["geo.country"], "2025-07-01", "2025-10-01"])  # fmt: skip
    assert country["revenue"] == pytest.approx(one)
    filtered = AnalysesState.from_query(query_of(hrefs["filter"]), valid)
    assert filtered.filters.regions == (region,) and filtered.filters.channel_group == "offline"

    stacked = charts["region_month"].figure.data[0]
    level, month, _, _ = stacked.customdata[0]
    assert level == "time.month" and month in ("2025-07", "2025-08", "2025-09")
    links = click_actions(AnalysesState.from_query(query, valid), level, month)
    days = view_frame(ExploreState.from_query(query_of(links["drill"]), valid))
    start = dt.date.fromisoformat(month + "-01")
    end = (start + dt.timedelta(days=32)).replace(day=1)
    month_sql = revenue_sql(demo_pointer, "ch.channel_group = 'offline' AND f.order_ts >= ? AND f.order_ts < ?",
                            [start.isoformat(), end.isoformat()])  # fmt: skip
    assert days["revenue"].sum() == pytest.approx(month_sql)
