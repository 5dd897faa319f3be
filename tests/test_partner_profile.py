"""The partner directory and profile: hand-made answers, differential checks against pandas on the
demo warehouse, the tiny warehouse (no partners), search as a pure function and the scope."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from crm.partners import PartnerError
from crm.partners.profile import DirectoryFilter, choices, directory, profile, search
from crm.partners.state import PartnersState
from olap.catalog import Catalog
from olap.scope import scoped

# ------------------------------------------------------------------ a hand-made warehouse

PARTNERS = [  # id, name, type, country, region, onboarded (one country for all; one NULL date)
    (1, "Seoul Supply", "Distributor", "South Korea", "Asia", "2024-01-15"),
    (2, "Busan Agents", "Agent", "South Korea", "Asia", None),
    (3, "Quiet Reseller", "Reseller", "South Korea", "Asia", "2025-06-01"),  # never sold anything
]
# order, ts, customer, product, partner, qty, revenue
LINES = [
    (1, "2024-12-20 10:00", 10, 1, 1, 1, 100.0),  # before the period: served, not active
    (2, "2025-01-05 10:00", 10, 1, 1, 2, 200.0),
    (3, "2025-01-20 10:00", 10, 2, None, 1, 50.0),  # direct purchase of partner 1's customer
    (4, "2025-02-10 10:00", 11, 2, 1, 3, 300.0),
    (5, "2025-02-11 10:00", 11, 1, 2, 1, 100.0),  # the same customer through partner 2
    (6, "2025-03-31 23:59", 12, 1, 2, 1, 80.0),
    (7, "2025-04-01 00:00", 12, 1, 2, 1, 999.0),  # after the period
    (8, "2025-02-15 10:00", 13, 1, None, 1, 70.0),  # direct only: nobody's customer
    (9, "2025-02-20 10:00", 10, 1, 1, -1, -100.0),  # a return through partner 1
]
OPPORTUNITIES = [  # id, customer, partner, created, amount, closed, won
    (1, 10, 1, "2025-01-10", 1000.0, "2025-02-01", True),
    (2, 11, 1, "2025-02-01", 500.0, "2025-03-01", False),
    (3, 10, 1, "2025-03-01", 700.0, None, None),  # open
    (4, 10, 1, "2025-03-05", 300.0, "2025-05-01", True),  # closed after the period: open at its end
    (5, 10, 1, "2024-06-01", 900.0, "2025-01-15", True),  # created before the period
    (6, 12, 2, "2025-01-10", 400.0, "2025-01-20", False),
]
TICKETS = [  # id, customer, opened, satisfaction
    (1, 10, "2025-01-07 09:00", 5),
    (2, 11, "2025-02-12 09:00", 2),
    (3, 10, "2025-03-02 09:00", None),
    (4, 13, "2025-02-01 09:00", 1),  # not a partner customer
    (5, 10, "2025-04-02 09:00", 5),  # after the period
]
START, END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)


def build_partner_warehouse(path) -> None:
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE dim_partner(partner_id INTEGER, name VARCHAR, partner_type VARCHAR, country VARCHAR, "
        "region VARCHAR, onboarded_date DATE)"
    )
    con.executemany("INSERT INTO dim_partner VALUES (?, ?, ?, ?, ?, ?)", PARTNERS)
    con.execute("CREATE TABLE dim_customer(customer_id INTEGER, name VARCHAR, country VARCHAR)")
    con.executemany(
        "INSERT INTO dim_customer VALUES (?, ?, 'South Korea')", [(c, f"Customer {c}") for c in (10, 11, 12, 13)]
    )
    con.execute("CREATE TABLE dim_product(product_id INTEGER, name VARCHAR, category VARCHAR)")
    con.executemany("INSERT INTO dim_product VALUES (?, ?, 'Kitchen')", [(1, "Kettle"), (2, "Blender")])
    con.execute(
        "CREATE TABLE fact_order_line(order_id BIGINT, line_no INTEGER, order_ts TIMESTAMP, customer_id INTEGER, "
        "product_id INTEGER, partner_id INTEGER, quantity INTEGER, revenue DOUBLE)"
    )
    con.executemany(
        "INSERT INTO fact_order_line VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
        [(o, ts, c, p, pa, q, r) for o, ts, c, p, pa, q, r in LINES],
    )
    con.execute(
        "CREATE TABLE fact_opportunity(opportunity_id BIGINT, customer_id INTEGER, partner_id INTEGER, "
        "created_date DATE, amount DOUBLE, closed_date DATE, won BOOLEAN)"
    )
    con.executemany("INSERT INTO fact_opportunity VALUES (?, ?, ?, ?, ?, ?, ?)", OPPORTUNITIES)
    con.execute(
        "CREATE TABLE fact_service_ticket(ticket_id BIGINT, customer_id INTEGER, opened_ts TIMESTAMP, "
        "satisfaction INTEGER)"
    )
    con.executemany("INSERT INTO fact_service_ticket VALUES (?, ?, ?, ?)", TICKETS)
    con.close()


@pytest.fixture(scope="module")
def handmade(tmp_path_factory):
    from data.warehouse import Warehouse, new_version_path, publish

    pointer = tmp_path_factory.mktemp("partners") / "xrm.duckdb"
    path = new_version_path(pointer)
    build_partner_warehouse(path)
    publish(path, pointer)
    return Warehouse(pointer)


def test_directory_by_hand(handmade):
    d = directory(START, END, handmade).set_index("partner_id")
    assert list(d.index) == [1, 2, 3]
    assert d.loc[1, "revenue"] == pytest.approx(200 + 300 - 100)
    assert d.loc[1, "active_customers"] == 2  # 10 and 11
    assert d.loc[1, "customers_served"] == 2
    assert pd.Timestamp(d.loc[1, "last_sale"]) == pd.Timestamp("2025-02-20 10:00")
    assert d.loc[2, "revenue"] == pytest.approx(180) and d.loc[2, "active_customers"] == 2
    assert pd.Timestamp(d.loc[2, "last_sale"]) == pd.Timestamp("2025-03-31 23:59")  # not April's sale
    assert d.loc[3, "revenue"] == 0 and d.loc[3, "active_customers"] == 0 and pd.isna(d.loc[3, "last_sale"])
    assert pd.isna(d.loc[2, "onboarded"])
    assert "tier" not in d and "stage" not in d and "managers" not in d  # never placeholders


def test_directory_shows_given_tiers_stages_and_managers(handmade):
    d = directory(START, END, handmade, tiers={1: "gold"}, stages={1: "mature", 2: "new"}, managers={2: ["b", "a"]})
    assert d["tier"].tolist() == ["gold", None, None]
    assert d["stage"].tolist() == ["mature", "new", None]
    assert d["managers"].tolist() == ["", "a, b", ""]
    assert choices(d)["managers"] == ["a", "b"]
    assert search(d, DirectoryFilter.of(managers="a"))["partner_id"].tolist() == [2]
    assert search(d, DirectoryFilter.of(stages=["mature", "new"], tiers="gold"))["partner_id"].tolist() == [1]


def test_profile_by_hand(handmade):
    p = profile(1, START, END, handmade)
    assert p.partner["name"] == "Seoul Supply" and p.partner["onboarded"] == dt.date(2024, 1, 15)
    assert p.revenue == pytest.approx(400) and p.active_customers == 2 and p.customers_served == 2
    # its customers 10 and 11 bought 200 + 50 + 300 + 100 - 100 = 550 in the period, 400 through it
    assert p.share == pytest.approx(400 / 550)
    m = p.monthly.set_index("month")
    assert list(m.index) == [dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)]
    assert m["revenue"].tolist() == pytest.approx([200, 200, 0])
    assert m["customers_revenue"].tolist() == pytest.approx([250, 300, 0])
    assert pd.isna(m.loc[dt.date(2025, 3, 1), "share"])  # nothing bought: no share, not 0
    c = p.customers.set_index("customer_id")
    assert c.loc[10, "revenue"] == pytest.approx(100) and c.loc[10, "total_revenue"] == pytest.approx(150)
    assert c.loc[11, "revenue"] == pytest.approx(300) and c.loc[11, "total_revenue"] == pytest.approx(400)
    assert p.products.set_index("product_id")["revenue"].to_dict() == pytest.approx({1: 100, 2: 300})
    o = p.opportunities
    assert (o.created, o.won, o.lost, o.open) == (4, 1, 1, 2)
    assert o.win_rate == pytest.approx(0.5) and o.open_pipeline == pytest.approx(1000)
    k = p.tickets
    assert (k.count, k.rated) == (3, 2) and k.mean_satisfaction == pytest.approx(3.5)
    assert k.satisfied_share == pytest.approx(0.5)


def test_a_partner_with_no_sales_has_a_profile_without_numbers_invented(handmade):
    p = profile(3, START, END, handmade)
    assert p.revenue == 0 and p.share is None and p.last_sale is None
    assert p.monthly["share"].isna().all() and p.customers.empty and p.products.empty
    assert p.opportunities.win_rate is None and p.tickets.count == 0 and p.tickets.mean_satisfaction is None


def test_unknown_foreign_and_malformed_partners_get_the_same_refusal(handmade):
    messages = set()
    for bad in (99, "abc", "", None, 2):
        with scoped({1}), pytest.raises(PartnerError) as err:
            profile(bad, START, END, handmade)
        assert err.value.key == "partners.error.not_found"
        message = err.value.message("en")
        assert "Busan" not in message and "180" not in message  # nothing of the foreign partner
        messages.add(message.replace(str(bad), "X", 1) if str(bad) else message.replace("Partner  ", "Partner X "))
    assert len(messages) == 1


def test_the_scope_filters_the_directory(handmade):
    with scoped({2, 3}):
        assert directory(START, END, handmade)["partner_id"].tolist() == [2, 3]
        assert profile(2, START, END, handmade).revenue == pytest.approx(180)
    with scoped(()):
        assert directory(START, END, handmade).empty
    assert len(directory(START, END, handmade)) == 3  # the cached answer serves every scope rightly


def test_a_period_ending_before_it_starts_is_refused(handmade):
    with pytest.raises(PartnerError, match="period"):
        directory(END, START, handmade)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (DirectoryFilter(), [1, 2, 3]),
        (DirectoryFilter.of("seoul"), [1]),
        (DirectoryFilter.of("  AGENT "), [2]),
        (DirectoryFilter.of("3"), [3]),
        (DirectoryFilter.of(types=["Agent", "Reseller"]), [2, 3]),
        (DirectoryFilter.of(countries="South Korea", regions=["Asia"]), [1, 2, 3]),
        (DirectoryFilter.of(countries="Japan"), []),
        (DirectoryFilter.of(tiers="gold"), [1, 2, 3]),  # no tier column: the filter cannot apply
    ],
)
def test_search_is_a_pure_filter(flt, expected):
    frame = pd.DataFrame(
        [(p[0], p[1], p[2], p[3], p[4]) for p in PARTNERS],
        columns=["partner_id", "name", "partner_type", "country", "region"],
    )
    assert search(frame, flt)["partner_id"].tolist() == expected


def test_tiny_warehouse_without_partners(tiny_published):
    from data.warehouse import Warehouse

    frame = directory(START, END, Warehouse(tiny_published))
    assert frame.empty and "revenue" in frame
    with pytest.raises(PartnerError):
        profile(1, START, END, Warehouse(tiny_published))


def test_state_round_trip():
    catalog = Catalog(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    state = PartnersState.from_query({"partner": "12", "p": "2025-Q2", "q": "seoul", "type": ["Agent"]}, catalog)
    assert state.partner == "12" and state.period.token == "2025-Q2" and state.filter.types == ("Agent",)
    assert PartnersState.from_query(state.to_query(), catalog) == state
    assert state.opened(None).to_search() == "?p=2025-Q2&q=seoul&type=Agent"
    assert PartnersState.from_query({"p": "1999", "extra": "x"}, catalog).period.token == "2025-Q4"
    assert len(PartnersState.from_query({"p": "1999"}, catalog).problems) == 1


# ------------------------------------------------------------------ the demo, differentially


@pytest.fixture(scope="module")
def demo(demo_pointer):
    from data.warehouse import Warehouse

    wh = Warehouse(demo_pointer)
    cur = wh.cursor()
    lines = cur.execute(
        "SELECT order_ts, customer_id, product_id, partner_id, quantity, revenue FROM fact_order_line"
    ).df()
    partners = cur.execute("SELECT partner_id, name FROM dim_partner ORDER BY partner_id").df()
    opps = cur.execute("SELECT partner_id, created_date, amount, closed_date, won FROM fact_opportunity").df()
    tickets = cur.execute("SELECT customer_id, opened_ts, satisfaction FROM fact_service_ticket").df()
    end = lines["order_ts"].max().date()
    return wh, lines, partners, opps, tickets, dt.date(end.year, 1, 1), end


def test_directory_equals_pandas_on_the_demo(demo):
    wh, lines, partners, _, _, start, end = demo
    got = directory(start, end, wh).set_index("partner_id")
    assert list(got.index) == partners["partner_id"].tolist()
    upto = lines[lines["order_ts"] < pd.Timestamp(end + dt.timedelta(days=1))].dropna(subset=["partner_id"])
    inside = upto[upto["order_ts"] >= pd.Timestamp(start)]
    g = inside.groupby("partner_id")
    expected_revenue = g["revenue"].sum().reindex(got.index, fill_value=0)
    assert got["revenue"].to_numpy() == pytest.approx(expected_revenue.to_numpy())
    assert (got["active_customers"] == g["customer_id"].nunique().reindex(got.index, fill_value=0)).all()
    served = upto.groupby("partner_id")["customer_id"].nunique().reindex(got.index, fill_value=0)
    assert (got["customers_served"] == served).all()
    assert got["revenue"].sum() > 0


def test_profiles_equal_pandas_on_the_demo(demo):
    wh, lines, _, opps, tickets, start, end = demo
    after = pd.Timestamp(end + dt.timedelta(days=1))
    period = lines[(lines["order_ts"] >= pd.Timestamp(start)) & (lines["order_ts"] < after)]
    top = period.dropna(subset=["partner_id"]).groupby("partner_id")["revenue"].sum().sort_values()
    for pid in (int(top.index[-1]), int(top.index[len(top) // 2])):
        p = profile(pid, start, end, wh)
        through = period[period["partner_id"] == pid]
        customers = set(through["customer_id"])
        theirs = period[period["customer_id"].isin(customers)]
        assert p.revenue == pytest.approx(through["revenue"].sum())
        assert p.share == pytest.approx(through["revenue"].sum() / theirs["revenue"].sum())
        by_month = theirs.assign(month=theirs["order_ts"].dt.to_period("M").dt.start_time.dt.date)
        expected = by_month.groupby("month")["revenue"].sum()
        got = p.monthly.set_index("month")["customers_revenue"]
        assert got.loc[list(expected.index)].to_numpy() == pytest.approx(expected.to_numpy())
        per_customer = through.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
        assert p.customers["revenue"].iloc[0] == pytest.approx(per_customer.iloc[0])
        per_product = through.groupby("product_id")["revenue"].sum().sort_values(ascending=False)
        assert p.products["revenue"].iloc[0] == pytest.approx(per_product.iloc[0])
        mine = opps[(opps["partner_id"] == pid) & (opps["created_date"] >= pd.Timestamp(start))
                    & (opps["created_date"] < after)]  # fmt: skip
        closed = mine[mine["won"].notna() & (mine["closed_date"] < after)]
        won = int((closed["won"] == True).sum())  # noqa: E712
        assert (p.opportunities.created, p.opportunities.won) == (len(mine), won)
        assert p.opportunities.lost == len(closed) - won
        assert p.opportunities.open_pipeline == pytest.approx(mine.drop(closed.index)["amount"].sum())
        t = tickets[tickets["customer_id"].isin(customers) & (tickets["opened_ts"] >= pd.Timestamp(start))
                    & (tickets["opened_ts"] < after)]  # fmt: skip
        assert p.tickets.count == len(t) and p.tickets.rated == t["satisfaction"].notna().sum()
        rated = t["satisfaction"].dropna()
        assert p.tickets.mean_satisfaction == (pytest.approx(rated.mean()) if len(rated) else None)
