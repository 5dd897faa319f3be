"""What imported rows mean: signup dates, returns and cancellations, guest checkouts, channels.

Every file is made here; every figure is checked against pandas on the same file.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from data import importer
from data.importer import open_source
from data.warehouse import Warehouse, current_path
from jobs.derive import derive


def run(path, pointer, entity="order_lines", new=False, policy="reject", **options):
    source = open_source(path)
    mapping = importer.detect(source, entity)
    validation = importer.validate(source, mapping, pointer=pointer, new_warehouse=new, **options)
    return importer.load(validation, "tester", policy=policy, new_warehouse=new, pointer=pointer, derive=derive)


def connect(pointer):
    return duckdb.connect(str(current_path(pointer)), read_only=True)


def customer_ids(con) -> dict[str, int]:
    """Source key -> warehouse id of every customer the importer keyed."""
    return dict(con.execute("SELECT source_key, id FROM import_key_map WHERE entity = 'customers'").fetchall())


@pytest.fixture
def pointer(tmp_path):
    return tmp_path / "wh" / "xrm.duckdb"


# ---------------------------------------------------------------- signup dates (defect 2)


def shop_orders(seed: int = 11, customers: int = 40) -> pd.DataFrame:
    """Orders of C1..C<customers> from July 2024 to June 2025, one to eight each, two lines some."""
    rng = np.random.default_rng(seed)
    rows, order = [], 1000
    start = pd.Timestamp("2024-07-01 09:00")
    for c in range(1, customers + 1):
        for _ in range(int(rng.integers(1, 9))):
            order += 1
            ts = start + pd.Timedelta(days=int(rng.integers(0, 365)), minutes=int(rng.integers(0, 600)))
            for line in range(1, int(rng.integers(1, 3)) + 1):
                rows.append((order, line, f"C{c}", ts, f"P{int(rng.integers(1, 6))}", int(rng.integers(1, 4)),
                             float(rng.choice([9.5, 20.0, 45.25]))))  # fmt: skip
    frame = pd.DataFrame(rows, columns=["order_id", "line_no", "customer_id", "order_date", "product", "quantity",
                                        "unit_price"])  # fmt: skip
    frame["order_date"] = frame["order_date"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return frame


def test_customers_file_before_orders_gets_signup_dates_from_the_first_orders(tmp_path, pointer):
    from crm.customers import profile
    from crm.segments import segment_base, summarise
    from mining.clustering import prepare
    from mining.features import customer_features
    from mining.propensity import repurchase_frame

    people = pd.DataFrame({"customer_id": [f"C{i}" for i in range(1, 41)] + ["C99"],
                           "name": [f"Person {i}" for i in range(1, 41)] + ["Never Bought"],
                           "country": ["Korea"] * 41})  # fmt: skip
    people.to_csv(tmp_path / "customers.csv", index=False)
    first = run(tmp_path / "customers.csv", pointer, entity="customers", new=True)
    assert first.status == "loaded"
    con = connect(pointer)
    # no date was given and no order is known: NULL, never the load day
    assert con.execute(
        "SELECT count(*), count(signup_date), bool_and(signup_derived) FROM dim_customer"
    ).fetchone() == (
        41,
        0,
        True,
    )
    con.close()

    orders = shop_orders()
    orders.to_csv(tmp_path / "orders.csv", index=False)
    result = run(tmp_path / "orders.csv", pointer)
    assert result.status == "loaded" and result.signups_derived == 40
    con = connect(pointer)
    ids = customer_ids(con)
    stamps = pd.to_datetime(orders["order_date"])
    want = stamps.groupby(orders["customer_id"]).min().dt.date
    got = dict(con.execute("SELECT customer_id, signup_date FROM dim_customer").fetchall())
    assert {k: got[ids[k]] for k in want.index} == want.to_dict()
    assert got[ids["C99"]] is None  # still no order: still no date

    # as-of features (the segment base, clustering and propensity all start from them) find the customers
    as_of = dt.date(2025, 3, 31)
    features = customer_features(con, as_of)
    signed = {ids[k] for k, day in want.items() if day <= as_of} | {ids["C99"]}
    assert set(features.index) == signed and len(signed) > 30
    revenue_to = (orders["quantity"] * orders["unit_price"])[stamps < pd.Timestamp(as_of + dt.timedelta(days=1))]
    assert features["revenue"].sum() == pytest.approx(revenue_to.sum())
    assert len(prepare(features).X) == len(signed)  # clustering input: every signed-up customer
    cutoff, horizon = dt.date(2025, 2, 28), 60
    frame, y = repurchase_frame(con, cutoff, horizon)  # the propensity train set at a cutoff
    assert set(frame.index) == {ids[k] for k, day in want.items() if day <= cutoff} | {ids["C99"]}
    window = (stamps >= pd.Timestamp("2025-03-01")) & (stamps < pd.Timestamp("2025-03-01") + pd.Timedelta(days=60))
    buyers = {ids[k] for k in orders.loc[window, "customer_id"]}
    assert int(y.sum()) == len(buyers & set(frame.index)) > 0
    c5 = profile(con, ids["C5"])
    assert pd.Timestamp(c5.customer["signup_date"]).date() == want["C5"]  # Customer 360 "customer since"
    con.close()

    base = segment_base(Warehouse(pointer))
    summary, members = summarise({"op": "and", "rules": []}, base)
    assert summary.customers == 41 and summary.revenue == pytest.approx(
        (orders["quantity"] * orders["unit_price"]).sum()
    )

    # a later file brings earlier orders of C1..C5: their derived dates move back; C6 keeps its date
    early = pd.DataFrame({"order_id": [1, 2, 3, 4, 5], "line_no": 1, "customer_id": [f"C{i}" for i in range(1, 6)],
                          "order_date": [f"2024-01-0{i} 10:00:00" for i in range(1, 6)], "product": "P1",
                          "quantity": 1, "unit_price": 10.0})  # fmt: skip
    early.to_csv(tmp_path / "early.csv", index=False)
    again = run(tmp_path / "early.csv", pointer)
    assert again.status == "loaded" and again.signups_derived == 5
    con = connect(pointer)
    got = dict(con.execute("SELECT customer_id, signup_date FROM dim_customer").fetchall())
    assert [got[ids[f"C{i}"]] for i in range(1, 6)] == [dt.date(2024, 1, i) for i in range(1, 6)]
    assert got[ids["C6"]] == want["C6"] and got[ids["C99"]] is None
    con.close()


def test_a_given_signup_date_is_kept_and_never_rederived(tmp_path, pointer):
    (tmp_path / "o.csv").write_text("customer,order_date,amount\nK1,2025-03-01,10\nK2,2025-03-02,20\n")
    run(tmp_path / "o.csv", pointer, new=True)
    (tmp_path / "c.csv").write_text("customer_id,signup_date\nK1,2019-05-01\nK2,\n")
    run(tmp_path / "c.csv", pointer, entity="customers")
    (tmp_path / "e.csv").write_text("customer,order_date,amount\nK1,2020-01-01,5\nK2,2020-01-02,5\n")
    run(tmp_path / "e.csv", pointer)
    con = connect(pointer)
    ids = customer_ids(con)
    rows = dict(con.execute("SELECT customer_id, (signup_date, signup_derived) FROM dim_customer").fetchall())
    con.close()
    assert rows[ids["K1"]] == (dt.date(2019, 5, 1), False)  # given: kept although an order came earlier
    assert rows[ids["K2"]] == (dt.date(2020, 1, 2), True)  # not given: the first order's day


# ---------------------------------------------------------------- returns and cancellations

INVOICES = """invoice_no,product,description,quantity,invoice_date,unit_price,customer_id,country
536300,P9,Mug,1,2010-11-30 09:00,10.00,C4,United Kingdom
536365,P1,Heart holder,6,2010-12-01 08:26,2.55,C1,United Kingdom
536365,P2,Lantern,8,2010-12-01 08:26,3.39,C1,United Kingdom
536366,P3,Hand warmer,10,2010-12-01 08:28,1.85,C2,France
536400,P4,Clock,2,2010-12-01 10:00,5.00,C3,France
536401,P4,Clock,-1,2010-12-03 11:00,5.00,C3,France
C536379,P1,Heart holder,-1,2010-12-02 09:41,2.55,C1,United Kingdom
536500,P5,Paper craft,1000,2010-12-02 10:00,77.00,C4,United Kingdom
C536501,P5,Paper craft,-1000,2010-12-02 10:05,77.00,C4,United Kingdom
536600,P2,Lantern,4,2010-12-05 12:00,3.39,C2,France
"""


def test_returns_and_cancellation_invoices_are_loaded_as_negative_lines(tmp_path, pointer):
    from mining.clv import purchase_summary
    from mining.rfm import rfm_values

    (tmp_path / "inv.csv").write_text(INVOICES)
    result = run(tmp_path / "inv.csv", pointer, new=True)
    assert result.status == "loaded" and result.rows_loaded == 10
    assert result.return_lines == 3 and "3 return lines" in result.summary()
    file = pd.read_csv(tmp_path / "inv.csv", dtype={"invoice_no": str})
    file["net"] = file["quantity"] * file["unit_price"]
    con = connect(pointer)
    revenue, units, orders = con.execute(
        "SELECT sum(revenue), sum(quantity), count(DISTINCT order_id) FROM fact_order_line"
    ).fetchone()
    assert revenue == pytest.approx(file["net"].sum()) and units == file["quantity"].sum()
    assert orders == file["invoice_no"].nunique()  # a cancellation invoice is an order of its own, like a return
    ids = customer_ids(con)
    # every negative line is stored as the warehouse's returns are: negative quantity and revenue
    neg = con.execute("SELECT count(*) FROM fact_order_line WHERE quantity < 0 AND revenue < 0").fetchone()[0]
    assert neg == (file["quantity"] < 0).sum() == 3
    # the customer whose large order was cancelled minutes later is worth their net spend
    as_of = dt.date(2010, 12, 5)
    rfm = rfm_values(con, as_of).set_index("customer_id")
    by_customer = file.groupby("customer_id")["net"].sum()
    for key, net in by_customer.items():
        assert rfm.loc[ids[key], "monetary"] == pytest.approx(net)
    assert rfm.loc[ids["C4"], "monetary"] == pytest.approx(10.0)
    clv = purchase_summary(con, as_of).set_index("customer_id")
    assert clv.loc[ids["C4"], "total_value"] == pytest.approx(10.0) and clv.loc[ids["C4"], "x"] == 0
    con.close()


def test_a_status_column_saying_cancelled_makes_returns(tmp_path, pointer):
    text = (
        "order_id,customer_id,order_date,quantity,unit_price,status\n"
        "1,A,2025-01-01,2,10,Completed\n"
        "2,A,2025-01-03,2,10,Cancelled\n"
        "3,B,2025-01-04,1,30,shipped\n"
        "4,B,2025-01-05,1,30,Refunded\n"
        "5,B,2025-01-06,1,5,\n"
    )
    (tmp_path / "s.csv").write_text(text)
    result = run(tmp_path / "s.csv", pointer, new=True)
    assert result.return_lines == 2
    con = connect(pointer)
    lines = con.execute("SELECT quantity, revenue FROM fact_order_line ORDER BY order_ts").fetchall()
    con.close()
    assert lines == [(2, 20.0), (-2, -20.0), (1, 30.0), (-1, -30.0), (1, 5.0)]


def test_a_negative_amount_with_a_positive_quantity_is_still_refused(tmp_path, pointer):
    (tmp_path / "b.csv").write_text("customer,order_date,amount,quantity\nA,2025-01-01,-10,1\nA,2025-01-02,0,0\n")
    source = open_source(tmp_path / "b.csv")
    v = importer.validate(source, importer.detect(source, "order_lines"), pointer=pointer)
    rules = {(r.row, r.rule) for r in v.error_rows(None).itertuples()}
    importer.discard(v)
    assert rules == {(1, "negative_amount"), (2, "quantity_not_positive")}


# ---------------------------------------------------------------- guest checkouts


GUEST_FILE = """order_id,customer_id,order_date,product,quantity,unit_price,country
1,K1,2025-01-05 10:00,P1,2,10.0,Korea
2,,2025-01-06 11:00,P1,1,10.0,Korea
2,,2025-01-06 11:00,P2,3,4.5,Korea
3,,2025-01-07 12:00,P2,1,4.5,Japan
4,J1,2025-01-08 13:00,P1,5,10.0,Japan
5,K1,2025-02-01 09:00,P2,2,4.5,Korea
6,,2025-02-02 09:30,P1,-1,10.0,Korea
7,G1,2025-02-03 09:00,P1,1,10.0,Germany
8,,2025-02-04 09:00,P2,2,4.5,
"""


def test_guest_rows_count_in_revenue_but_not_as_customers(tmp_path, pointer):
    from crm.customers import search
    from mining.features import customer_features
    from mining.rfm import rfm_values
    from olap.engine import execute_with_info
    from olap.filters import Filters
    from olap.kpi import compute_kpis, revenue_by_geography, top_customers
    from olap.period import Period
    from olap.query import make_spec

    (tmp_path / "g.csv").write_text(GUEST_FILE)
    result = run(tmp_path / "g.csv", pointer, new=True)
    file = pd.read_csv(tmp_path / "g.csv")
    file["net"] = file["quantity"] * file["unit_price"]
    guests = file["customer_id"].isna()
    assert result.status == "loaded" and result.rows_loaded == len(file)
    assert result.guest_lines == guests.sum() == 5 and "5 guest lines" in result.summary()
    con = connect(pointer)
    ids = customer_ids(con)
    flagged = con.execute("SELECT name, country FROM dim_customer WHERE is_guest ORDER BY country").fetchall()
    assert flagged == [("Guest checkouts (Japan)", "Japan"), ("Guest checkouts (Korea)", "Korea"),
                       ("Guest checkouts", "Unknown")]  # fmt: skip
    real = {ids[k] for k in file.loc[~guests, "customer_id"].unique()}
    # revenue, products and countries include the guests' rows
    assert con.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0] == pytest.approx(file["net"].sum())
    by_country = dict(con.execute("SELECT country, sum(revenue) FROM agg_customer_month GROUP BY 1").fetchall())
    want = file.assign(country=file["country"].fillna("Unknown")).groupby("country")["net"].sum()
    assert by_country == pytest.approx(want.to_dict())
    # customer analytics leave them out
    assert set(rfm_values(con, dt.date(2025, 2, 28))["customer_id"]) == real
    assert set(customer_features(con, dt.date(2025, 2, 28)).index) == real
    assert search(con, "Guest").empty
    kpis = compute_kpis(con, Period("2025-01", "month", dt.date(2025, 1, 1), dt.date(2025, 1, 1)), Filters()).current
    january = file[file["order_date"] < "2025-02"]
    assert kpis["active_customers"] == january["customer_id"].nunique() == 2
    assert kpis["revenue"] == pytest.approx(january["net"].sum())
    year = Period("2025", "year", dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    geo = revenue_by_geography(con, year, Filters(), "country").set_index("member")
    named = file.assign(country=file["country"].fillna("Unknown"))
    assert geo["revenue"].to_dict() == pytest.approx(named.groupby("country")["net"].sum().to_dict())
    assert geo["customers"].to_dict() == named.groupby("country")["customer_id"].nunique().to_dict()
    assert set(top_customers(con, year, Filters())["customer_id"]) == real
    con.close()
    for rollups in (True, False):
        spec = make_spec(["revenue", "customers", "new_customers", "repeat_rate"], rows=["geo.country"])
        frame = execute_with_info(spec, Warehouse(pointer), use_cache=False, use_rollups=rollups).frame
        frame = frame.set_index("geo.country")
        assert frame["revenue"].sum() == pytest.approx(file["net"].sum())
        assert frame.loc["Korea", "customers"] == 1 and frame.loc["Japan", "customers"] == 1
        assert frame.loc["Korea", "repeat_rate"] == pytest.approx(1.0)  # K1 twice; the Korean guest is no buyer
        assert frame["customers"].sum() == len(real) == 3


def test_a_line_missing_the_customer_of_its_order_is_that_customers(tmp_path, pointer):
    text = (
        "order_id,customer_id,order_date,amount,country\n"
        "1,K1,2025-01-05,10,Korea\n1,,2025-01-05,5,Korea\n"  # one order, one customer: K1's
        "2,,2025-01-06,7,Korea\n2,,2025-01-06,3,Japan\n"  # one guest order: one guest customer, not two
    )
    (tmp_path / "m.csv").write_text(text)
    result = run(tmp_path / "m.csv", pointer, new=True)
    assert result.guest_lines == 2
    con = connect(pointer)
    ids = customer_ids(con)
    rows = con.execute(
        "SELECT order_id, count(DISTINCT customer_id), sum(revenue) FROM fact_order_line GROUP BY 1 ORDER BY 1"
    ).fetchall()
    k1 = con.execute("SELECT sum(revenue) FROM fact_order_line WHERE customer_id = ?", [ids["K1"]]).fetchone()[0]
    con.close()
    assert rows == [(1, 1, 15.0), (2, 1, 10.0)] and k1 == 15.0


def test_guest_rows_can_be_rejected_instead(tmp_path, pointer):
    (tmp_path / "g.csv").write_text(GUEST_FILE)
    result = run(tmp_path / "g.csv", pointer, new=True, guests="reject", policy="quarantine")
    assert result.status == "loaded" and result.rows_loaded == 4 and result.rows_quarantined == 5
    with pytest.raises(importer.ImportProblem, match="keep or reject"):
        run(tmp_path / "g.csv", pointer, guests="maybe")


# ---------------------------------------------------------------- channels


def channels(pointer) -> list[tuple]:
    con = connect(pointer)
    try:
        return con.execute(
            """SELECT ch.name, ch.channel_group, sum(f.revenue) FROM fact_order_line f
               JOIN dim_channel ch USING (channel_id) GROUP BY ALL ORDER BY 1"""
        ).fetchall()
    finally:
        con.close()


def test_a_file_without_channel_is_unknown_not_offline(tmp_path, pointer):
    from olap.filters import Filters
    from olap.kpi import compute_kpis, monthly_trend
    from olap.period import Period

    (tmp_path / "o.csv").write_text("customer,order_date,amount\nA,2025-01-01,10\nB,2025-01-02,30\n")
    run(tmp_path / "o.csv", pointer, new=True)
    assert channels(pointer) == [("Unknown channel", "unknown", 40.0)]
    con = connect(pointer)
    kpis = compute_kpis(con, Period("2025-01", "month", dt.date(2025, 1, 1), dt.date(2025, 1, 1)), Filters()).current
    # neither online nor offline: no online share is claimed, all revenue is of an unknown channel
    assert kpis["online_share"] is None and kpis["unknown_channel_share"] == 1.0 and kpis["revenue"] == 40.0
    assert set(monthly_trend(con, Filters())["channel_group"]) == {"unknown"}
    con.close()


def test_a_file_can_name_its_channel_or_its_group(tmp_path, pointer):
    (tmp_path / "a.csv").write_text("customer,order_date,amount\nA,2025-01-01,10\n")
    run(tmp_path / "a.csv", pointer, new=True, channel="Web shop")
    assert channels(pointer) == [("Web shop", "online", 10.0)]
    (tmp_path / "b.csv").write_text("customer,order_date,amount\nB,2025-01-02,20\n")
    run(tmp_path / "b.csv", pointer, channel_group="offline")
    assert channels(pointer) == [("Offline (unnamed channel)", "offline", 20.0), ("Web shop", "online", 10.0)]
    (tmp_path / "c.csv").write_text("customer,order_date,amount,channel\nC,2025-01-03,5,Store\nC,2025-01-04,6,Kiosk\n")
    run(tmp_path / "c.csv", pointer)
    assert ("Kiosk", "unknown", 6.0) in channels(pointer) and ("Store", "offline", 5.0) in channels(pointer)
    with pytest.raises(importer.ImportProblem, match="online or offline"):
        run(tmp_path / "a.csv", pointer, channel_group="both")


def test_cli_takes_guests_and_channel_options(tmp_path, pointer, monkeypatch, capsys):
    from data.importer.__main__ import main

    monkeypatch.setenv("XRM_DB", str(pointer))
    (tmp_path / "g.csv").write_text(GUEST_FILE)
    code = main(["load", str(tmp_path / "g.csv"), "--new-warehouse", "--channel", "Mail order",
                 "--channel-group", "offline", "--no-scores"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "5 guest lines" in out and "1 return lines" in out
    assert "5 guest lines" in importer.history(1)[0]["message"]  # and so says the history
    assert channels(pointer) == [("Mail order", "offline", pytest.approx(116.0))]  # GUEST_FILE's net total
    code = main(["load", str(tmp_path / "g.csv"), "--guests", "reject"])
    assert code == 2 and "nothing was written" in capsys.readouterr().out


def test_pages_say_what_a_load_counted_and_that_guests_are_not_customers(tmp_path, pointer):
    from components.guest_note import guest_note
    from components.import_view import result_view
    from i18n import t

    (tmp_path / "g.csv").write_text(GUEST_FILE)
    result = run(tmp_path / "g.csv", pointer, new=True)
    for lang in ("en", "ko"):
        text = str(result_view(result, lang))
        assert t("import_page.result.guests", lang, n="5") in text
        assert t("import_page.result.returns", lang, n="1") in text
    note = guest_note(Warehouse(pointer), "en").children
    guest_orders = pd.read_csv(tmp_path / "g.csv").query("customer_id != customer_id")["order_id"].nunique()
    assert note.startswith(f"{guest_orders} guest orders (") and "not counted as customers" in note
    (tmp_path / "o.csv").write_text("customer,order_date,amount\nA,2025-01-01,10\n")
    run(tmp_path / "o.csv", pointer, new=True)
    assert guest_note(Warehouse(pointer), "en") is None


def test_a_warehouse_made_before_the_new_columns_takes_a_load_and_a_refresh(tmp_path, pointer):
    from data.warehouse import new_version_path, publish
    from jobs.build import refresh_derived

    path = new_version_path(pointer)
    con = duckdb.connect(str(path))
    from data.schema import TABLES

    for name, ddl in TABLES.items():
        if name == "dim_customer":  # as it was: signup_date NOT NULL, no signup_derived / is_guest
            ddl = ddl.replace("signup_date DATE,", "signup_date DATE NOT NULL,").split("company VARCHAR,")[0]
            ddl += "company VARCHAR)"
        con.execute(ddl)
    con.execute("INSERT INTO dim_channel VALUES (1, 'Store', 'offline')")
    con.execute(
        "INSERT INTO dim_customer VALUES (1, 'Old', 'B2C', NULL, NULL, NULL, NULL, 'Korea', 'Asia', 'Seoul', "
        "DATE '2020-01-01', 1, 1, false, NULL, 'Consumer', '', NULL)"
    )
    con.close()
    publish(path, pointer)
    refresh_derived(pointer)  # the derived tables bring the columns they read
    (tmp_path / "c.csv").write_text("customer_id,name\nN1,New\n")
    assert run(tmp_path / "c.csv", pointer, entity="customers").status == "loaded"
    con = connect(pointer)
    rows = con.execute("SELECT name, signup_date, signup_derived, is_guest FROM dim_customer ORDER BY 1").fetchall()
    con.close()
    assert rows == [("New", None, True, False), ("Old", dt.date(2020, 1, 1), False, False)]


def test_the_dashboard_renders_an_unknown_channel_and_guests(tmp_path, pointer):
    from components.executive_view import render_state
    from olap.catalog import read_catalog
    from olap.dashboard import DashboardState

    (tmp_path / "g.csv").write_text(GUEST_FILE)
    run(tmp_path / "g.csv", pointer, new=True)
    file = pd.read_csv(tmp_path / "g.csv")
    con = connect(pointer)
    state = DashboardState.from_query({"period": "2025-01"}, read_catalog(con))
    out = render_state(con, state, "en")
    con.close()
    shown = {}
    stack = list(out)
    while stack:  # every KPI card in the rendered trees
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(item)
            continue
        props = getattr(item, "to_plotly_json", lambda: {})().get("props", {})
        if "data-kpi" in props:
            shown[props["data-kpi"]] = float(props["data-value"]) if props["data-value"] else None
        if props.get("children") is not None and not isinstance(props["children"], str):
            stack.append(props["children"])
    january = file[file["order_date"] < "2025-02"]
    assert shown["revenue"] == pytest.approx((january["quantity"] * january["unit_price"]).sum())
    assert shown["active_customers"] == january["customer_id"].nunique() == 2  # guests are no customers
    assert shown["online_share"] is None  # every channel is unknown: shown as '–', never 0%


@pytest.mark.parametrize(
    ("name", "group"),
    [("Web shop", "online"), ("WebStore", "online"), ("Mobile app", "online"), ("Shopify", "online"),
     ("온라인몰", "online"), ("Apparel store", "offline"), ("Call center", "offline"), ("강남 매장", "offline"),
     ("Partner / distributor", "offline"), ("Kiosk", None), ("Trade fair", None)],
)  # fmt: skip
def test_a_channel_names_group(name, group):
    from data.importer.entities import channel_group_sql

    assert duckdb.connect().execute(f"SELECT {channel_group_sql('$1')}", [name]).fetchone()[0] == group


# ---------------------------------------------------------------- no invented dates (defect 2)


def test_no_date_a_file_does_not_give_is_the_load_day(tmp_path, pointer):
    """Products and partners without a launch / onboarding date keep none (never the load day); a
    campaign first named by a contacts file runs from its first contact to its last."""
    (tmp_path / "o.csv").write_text("customer,order_date,amount\nA,2024-03-01,10\n")
    run(tmp_path / "o.csv", pointer, new=True)
    (tmp_path / "p.csv").write_text("product_id,name,category\nP9,Widget,Tools\n")
    run(tmp_path / "p.csv", pointer, entity="products")
    (tmp_path / "r.csv").write_text("partner_id,name,country\nR1,Distributor One,Japan\n")
    run(tmp_path / "r.csv", pointer, entity="partners")
    (tmp_path / "c.csv").write_text(
        "campaign_id,customer_id,group_name,sent_ts\nSPRING,A,target,2024-03-05 09:00\nSPRING,B,control,2024-03-09 10:00\n"
    )
    result = run(tmp_path / "c.csv", pointer, entity="campaign_contacts", derive=True)
    assert result.status == "loaded", result.summary()
    con = connect(pointer)
    try:
        assert con.execute("SELECT launch_date FROM dim_product WHERE name = 'Widget'").fetchall() == [(None,)]
        assert con.execute("SELECT onboarded_date, region FROM dim_partner").fetchall() == [(None, "Asia")]
        assert con.execute("SELECT start_date, end_date FROM dim_campaign").fetchall() == [
            (dt.date(2024, 3, 5), dt.date(2024, 3, 9))
        ]
    finally:
        con.close()


def test_without_derive_the_files_channel_is_still_created(tmp_path, pointer):
    """--no-derive refuses unknown references, but the channel the import names for lines that name
    none is the importer's own: every line keeps a channel row."""
    (tmp_path / "a.csv").write_text("order_id,customer_id,order_date,amount\n1,C1,2025-01-02,10\n")
    run(tmp_path / "a.csv", pointer, new=True)
    (tmp_path / "b.csv").write_text("order_id,customer_id,order_date,amount\n2,C1,2025-01-03,30\n")
    for options in ({"channel_group": "online"}, {"channel": "Mail order", "channel_group": "offline"}):
        result = run(tmp_path / "b.csv", pointer, derive=False, **options)
        assert result.status == "loaded", result.summary()
        con = connect(pointer)
        try:
            orphans = con.execute(
                "SELECT count(*) FROM fact_order_line f ANTI JOIN dim_channel ch USING (channel_id)"
            ).fetchone()[0]
        finally:
            con.close()
        assert orphans == 0, options
    assert ("Mail order", "offline", pytest.approx(30.0)) in channels(pointer)


# ---------------------------------------------------------------- products named without an id


def named_products_file(path, seed: int = 5, names: int = 12, lines: int = 400) -> pd.DataFrame:
    """An orders-only export as Korean shops write it: cp949, Korean headers, product names and no
    product id (some names padded with spaces, a few lines with no name), one country."""
    rng = np.random.default_rng(seed)
    catalogue = [f"상품 {chr(0xAC00 + i * 37)} {i}" for i in range(names)]
    orders = lines // 2  # two lines an order, one customer and day each
    buyer, day = rng.integers(1, 60, orders), rng.integers(0, 300, orders)
    frame = pd.DataFrame({
        "주문번호": [f"O{1000 + i // 2}" for i in range(lines)],
        "고객ID": [f"K{buyer[i // 2]}" for i in range(lines)],
        "주문일자": [str(dt.date(2025, 1, 1) + dt.timedelta(days=int(day[i // 2]))) for i in range(lines)],
        "상품명": [catalogue[int(i)] for i in rng.integers(0, names, lines)],
        "수량": rng.integers(1, 5, lines),
        "금액": rng.integers(1, 90, lines) * 1000,
        "국가": "대한민국",
    })  # fmt: skip
    frame.loc[frame.index % 7 == 3, "상품명"] = " " + frame["상품명"] + "  "  # the same name, padded
    frame.loc[frame.index % 50 == 9, "상품명"] = None  # no name: the unknown product
    frame.to_csv(path, index=False, encoding="cp949")
    return frame


def product_revenue(pointer) -> dict[str, float]:
    con = connect(pointer)
    got = dict(con.execute(
        """SELECT p.name, round(sum(f.revenue), 2) FROM fact_order_line f JOIN dim_product p USING (product_id)
           GROUP BY 1"""
    ).fetchall())  # fmt: skip
    con.close()
    return got


def test_product_names_without_ids_are_products(tmp_path, pointer):
    frame = named_products_file(tmp_path / "orders.csv")
    assert run(tmp_path / "orders.csv", pointer, new=True).status == "loaded"
    names = frame["상품명"].str.strip().fillna("Unknown product")
    expected = frame.groupby(names)["금액"].sum().astype(float).to_dict()
    assert product_revenue(pointer) == expected  # a product per name, every line's amount on it
    assert len(expected) == 13  # 12 names and the unknown product
    # the rollups the pages read say the same
    con = connect(pointer)
    rolled = dict(con.execute(
        """SELECT p.name, round(sum(r.revenue), 2) FROM rollup_sales_m_product r JOIN dim_product p USING (product_id)
           GROUP BY 1"""
    ).fetchall())  # fmt: skip
    products = con.execute("SELECT count(*) FROM dim_product").fetchone()[0]
    con.close()
    assert rolled == expected
    # the same file again changes nothing: each name is the product it made
    assert run(tmp_path / "orders.csv", pointer).status == "loaded"
    assert product_revenue(pointer) == expected
    assert connect(pointer).execute("SELECT count(*) FROM dim_product").fetchone()[0] == products


def test_a_name_the_warehouse_has_is_that_product(tmp_path, pointer):
    catalogue = pd.DataFrame({"product_id": ["SKU-1", "SKU-2", "SKU-3"], "name": ["Kettle", "Mug", "Mug"],
                              "category": ["Kitchen"] * 3, "unit_price": [30.0, 5.0, 6.0]})  # fmt: skip
    catalogue.to_csv(tmp_path / "products.csv", index=False)
    assert run(tmp_path / "products.csv", pointer, entity="products", new=True).status == "loaded"
    (tmp_path / "o.csv").write_text(
        "order_id,customer,order_date,product_name,amount\n1,A,2025-01-01,Kettle,30\n2,B,2025-01-02, Kettle ,60\n"
        "3,B,2025-01-03,Mug,5\n4,C,2025-01-04,Teapot,25\n"
    )
    assert run(tmp_path / "o.csv", pointer).status == "loaded"
    con = connect(pointer)
    kettle_sql = "SELECT id FROM import_key_map WHERE entity = 'products' AND source_key = 'SKU-1'"
    kettle = con.execute(kettle_sql).fetchone()[0]
    by_order = dict(con.execute(
        """SELECT f.order_id, p.name || '/' || p.product_id FROM fact_order_line f JOIN dim_product p USING (product_id)"""
    ).fetchall())  # fmt: skip
    mugs = con.execute("SELECT count(*) FROM dim_product WHERE name = 'Mug'").fetchone()[0]
    con.close()
    assert by_order[1] == by_order[2] == f"Kettle/{kettle}"  # the catalogue's own Kettle, padded or not
    assert by_order[4].startswith("Teapot/")  # a name it lacks: a new product
    # two catalogue products share the name Mug: the line is not guessed onto either of them
    assert by_order[3].startswith("Mug/") and mugs == 3
    assert product_revenue(pointer) == {"Kettle": 90.0, "Mug": 5.0, "Teapot": 25.0}


def test_without_derivation_an_unknown_name_is_the_unknown_product(tmp_path, pointer):
    pd.DataFrame({"product_id": ["SKU-1"], "name": ["Kettle"], "category": ["Kitchen"],
                  "unit_price": [30.0]}).to_csv(tmp_path / "products.csv", index=False)  # fmt: skip
    run(tmp_path / "products.csv", pointer, entity="products", new=True)
    (tmp_path / "c.csv").write_text("customer_id,name\nA,Ann\nB,Bo\n")
    run(tmp_path / "c.csv", pointer, entity="customers")
    (tmp_path / "o.csv").write_text(
        "order_id,customer_id,order_date,product_name,amount\n1,A,2025-01-01,Kettle,30\n2,B,2025-01-02,Teapot,25\n"
    )
    source = open_source(tmp_path / "o.csv")
    validation = importer.validate(source, importer.detect(source, "order_lines"), pointer=pointer, derive=False)
    assert importer.load(validation, "tester", pointer=pointer, derive=derive).status == "loaded"
    assert product_revenue(pointer) == {"Kettle": 30.0, "Unknown product": 25.0}
