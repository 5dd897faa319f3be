"""Importer parsing on real-world shapes (issue 9, defect 5): headers of common exports, day-first
dates decided from the whole column, discount amounts vs rates, orders whose lines differ only in
timestamp, blank quantities and duplicate lines counted, country -> region, the warehouse currency.

Every file is made here; every figure is checked against pandas on the same file.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd
import pytest

from data import importer
from data.demo.world import COUNTRIES, REGIONS
from data.importer import ImportProblem, open_source
from data.importer.__main__ import main
from data.importer.countries import region_of
from data.importer.mapping import detect_mapping
from data.warehouse import current_path
from jobs.derive import derive


@pytest.fixture
def pointer(tmp_path):
    return tmp_path / "wh" / "xrm.duckdb"


def write(path, frame: pd.DataFrame):
    frame.to_csv(path, index=False)
    return path


def load(path, pointer, new=True, policy="reject", configure=None, currency=None):
    source = open_source(path)
    mapping = importer.detect(source, "order_lines")
    if configure:
        configure(mapping)
    validation = importer.validate(source, mapping, pointer=pointer, new_warehouse=new, currency=currency)
    result = importer.load(validation, "tester", policy=policy, new_warehouse=new, pointer=pointer, derive=derive)
    return validation, result


def query(pointer, sql: str, params=None) -> pd.DataFrame:
    con = duckdb.connect(str(current_path(pointer)), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def cli(pointer, monkeypatch, capsys, *args) -> tuple[int, str, str]:
    monkeypatch.setenv("XRM_DB", str(pointer))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- 1. headers


def uk_invoices() -> pd.DataFrame:
    """The UK online-retail export's columns, as the file has them."""
    return pd.DataFrame(
        {
            "InvoiceNo": ["536365", "536365", "536366", "536367", "536368"],
            "StockCode": ["85123A", "71053", "22633", "84879", "22960"],
            "Description": ["WHITE HANGING HEART", "WHITE METAL LANTERN", "HAND WARMER", "ASSORTED BIRDS", "JAM SET"],
            "Quantity": [6, 6, 6, 32, 6],
            "InvoiceDate": [
                "2010-12-01 08:26",
                "2010-12-01 08:26",
                "2010-12-01 08:28",
                "2010-12-01 08:34",
                "2010-12-01 08:34",
            ],  # fmt: skip
            "UnitPrice": [2.55, 3.39, 1.85, 1.69, 4.25],
            "CustomerID": ["17850", "17850", "17850", "13047", "13047"],
            "Country": ["United Kingdom", "United Kingdom", "United Kingdom", "EIRE", "EIRE"],
        }
    )


def test_the_uk_invoice_export_maps_and_loads_with_no_hand_mapping(tmp_path, pointer):
    frame = uk_invoices()
    mapping = importer.detect(open_source(write(tmp_path / "uk.csv", frame)), "order_lines")
    assert mapping.fields() == {
        "order_id": "InvoiceNo", "product_id": "StockCode", "product_name": "Description", "quantity": "Quantity",
        "order_ts": "InvoiceDate", "unit_price": "UnitPrice", "customer_id": "CustomerID", "country": "Country",
    }  # fmt: skip
    _, result = load(tmp_path / "uk.csv", pointer)
    assert result.status == "loaded" and result.rows_loaded == len(frame)
    got = query(pointer, "SELECT sum(revenue) AS r, count(DISTINCT order_id) AS o FROM fact_order_line").iloc[0]
    assert got["r"] == pytest.approx((frame["Quantity"] * frame["UnitPrice"]).sum())
    assert got["o"] == frame["InvoiceNo"].nunique()
    regions = query(pointer, "SELECT country, region FROM dim_customer ORDER BY country")
    assert dict(zip(regions["country"], regions["region"], strict=True)) == {"EIRE": "Europe",
                                                                              "United Kingdom": "Europe"}  # fmt: skip


@pytest.mark.parametrize(
    ("headers", "want"),
    [
        # snake, kebab, spaces, run together, CamelCase
        (["order_no", "cust-id", "Order Date", "unitprice", "QTY"],
         {"order_id": "order_no", "customer_id": "cust-id", "order_ts": "Order Date", "unit_price": "unitprice",
          "quantity": "QTY"}),
        (["Invoice", "Customer ID", "InvoiceDate", "Price", "Quantity", "StockCode"],
         {"order_id": "Invoice", "customer_id": "Customer ID", "order_ts": "InvoiceDate", "unit_price": "Price",
          "quantity": "Quantity", "product_id": "StockCode"}),
        # Shopify orders export: "Name" is the order, "Email" the buyer, "Total" the order's (not the line's)
        (["Name", "Email", "Financial Status", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
          "Lineitem sku", "Billing Name", "Billing Country", "Total", "Subtotal"],
         {"order_id": "Name", "customer_id": "Email", "order_ts": "Created at", "quantity": "Lineitem quantity",
          "product_name": "Lineitem name", "unit_price": "Lineitem price", "product_id": "Lineitem sku",
          "customer_name": "Billing Name", "country": "Billing Country"}),
        # Magento order items: "name" is the product's
        (["increment_id", "created_at", "customer_email", "sku", "name", "qty_ordered", "price", "row_total"],
         {"order_id": "increment_id", "order_ts": "created_at", "customer_id": "customer_email", "product_id": "sku",
          "product_name": "name", "quantity": "qty_ordered", "unit_price": "price", "revenue": "row_total"}),
        # WooCommerce analytics orders
        (["Date", "Order #", "Customer", "Items sold", "Net Sales"],
         {"order_ts": "Date", "order_id": "Order #", "customer_id": "Customer", "quantity": "Items sold",
          "revenue": "Net Sales"}),
        # SAP sales documents
        (["VBELN", "POSNR", "KUNNR", "AUDAT", "MATNR", "KWMENG", "NETWR", "LAND1"],
         {"order_id": "VBELN", "line_no": "POSNR", "customer_id": "KUNNR", "order_ts": "AUDAT", "product_id": "MATNR",
          "quantity": "KWMENG", "revenue": "NETWR", "country": "LAND1"}),
    ],
)  # fmt: skip
def test_headers_of_common_exports_are_matched(headers, want):
    assert detect_mapping(headers, "order_lines").fields() == want


# ---------------------------------------------------------------- 2. day-first dates


def dated_lines(dates: list[str]) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame(
        {"InvoiceNo": [f"I{i}" for i in range(n)], "CustomerID": [f"C{i % 7}" for i in range(n)],
         "InvoiceDate": dates, "Quantity": [1 + i % 3 for i in range(n)], "UnitPrice": [2.5] * n}
    )  # fmt: skip


def test_day_first_is_decided_by_a_row_after_fifty_ambiguous_ones(tmp_path, pointer):
    dates = [f"{1 + i % 12:02d}/12/2010 08:26" for i in range(50)] + ["13/12/2010 09:00", "05/01/2011 10:15"]
    path = write(tmp_path / "d.csv", dated_lines(dates))
    validation, result = load(path, pointer)
    assert validation.decisions["dayfirst"] == "day"
    assert result.status == "loaded" and result.rows_quarantined == 0 and result.rows_loaded == len(dates)
    got = query(pointer, "SELECT order_ts FROM fact_order_line")["order_ts"].dt.to_pydatetime()
    want = [dt.datetime.strptime(d, "%d/%m/%Y %H:%M") for d in dates]
    assert sorted(got) == sorted(want)


def test_an_ambiguous_column_is_refused_until_the_order_is_chosen(tmp_path, pointer, monkeypatch, capsys):
    dates = [f"{1 + i % 12:02d}/0{1 + i % 9}/2011" for i in range(30)]
    path = write(tmp_path / "a.csv", dated_lines(dates))
    code, _, err = cli(pointer, monkeypatch, capsys, "load", str(path), "--user", "t")
    assert code == 1 and "Every date in InvoiceDate reads both ways" in err and "--dayfirst or --monthfirst" in err
    assert not pointer.exists()  # nothing was written
    code, out, _ = cli(pointer, monkeypatch, capsys, "load", str(path), "--monthfirst", "--user", "t")
    assert code == 0, out
    got = query(pointer, "SELECT order_ts FROM fact_order_line")["order_ts"].dt.to_pydatetime()
    assert sorted(got) == sorted(dt.datetime.strptime(d, "%m/%d/%Y") for d in dates)


def test_conflicting_and_contradicted_dates_are_errors_naming_rows(tmp_path, pointer):
    path = write(tmp_path / "c.csv", dated_lines(["01/02/2011", "25/02/2011", "02/28/2011"]))
    with pytest.raises(ImportProblem, match=r"row 2 \(25/02/2011\) can only be day first, row 3 \(02/28/2011\)"):
        load(path, pointer)
    path = write(tmp_path / "k.csv", dated_lines(["01/02/2011", "25/02/2011"]))
    with pytest.raises(ImportProblem, match=r"row 2 of InvoiceDate \(25/02/2011\) can only be read day first"):
        load(path, pointer, configure=lambda m: setattr(m, "dayfirst", False))


# ---------------------------------------------------------------- 3. discount


def discounted(discounts: list[float], with_revenue: bool = False, rate: bool = False) -> pd.DataFrame:
    n = len(discounts)
    frame = pd.DataFrame(
        {"order_id": [f"O{i}" for i in range(n)], "customer_id": [f"C{i % 4}" for i in range(n)],
         "order_date": [f"2025-0{1 + i % 9}-1{i % 10}" for i in range(n)], "quantity": [2 + i % 5 for i in range(n)],
         "unit_price": [40.0 + 17 * i for i in range(n)], "discount": discounts}
    )  # fmt: skip
    gross = frame["quantity"] * frame["unit_price"]
    if with_revenue:
        frame["revenue"] = gross * (1 - frame["discount"] / 100) if rate else gross - frame["discount"]
    return frame


def test_a_discount_column_of_money_amounts_is_read_as_amounts(tmp_path, pointer):
    # amounts up to 150: the 150 off a 2 x 108 line can only be money
    frame = discounted([0, 5.5, 12.0, 150.0, 3.25, 0, 20.0])
    validation, result = load(write(tmp_path / "amt.csv", frame), pointer)
    assert validation.decisions["discount"] == "amount" and result.status == "loaded"
    got = query(pointer, "SELECT o.source_key AS order_id, revenue, discount FROM fact_order_line f JOIN import_key_map o "
                         "ON o.id = f.order_id AND o.entity = 'order_lines' ORDER BY o.source_key").set_index("order_id")  # fmt: skip
    want = frame.set_index("order_id")
    gross = want["quantity"] * want["unit_price"]
    assert got["revenue"].to_dict() == pytest.approx((gross - want["discount"]).to_dict())
    # the warehouse keeps its meaning: discount is a share of the list value (revenue = q x p x (1 - d))
    assert got["discount"].to_dict() == pytest.approx((want["discount"] / gross).to_dict())


def test_percentages_are_read_as_rates_and_revenue_decides_an_ambiguous_column(tmp_path, pointer):
    frame = discounted([0, 5, 10, 15, 20, 25])  # <= 100 and <= every line's value: the data cannot tell
    with pytest.raises(ImportProblem, match="--discount rate .* or --discount amount"):
        load(write(tmp_path / "p.csv", frame), pointer)
    validation, result = load(tmp_path / "p.csv", pointer, configure=lambda m: setattr(m, "discount", "rate"))
    assert validation.decisions["discount"] == "percent"
    gross = frame["quantity"] * frame["unit_price"]
    total = query(pointer, "SELECT sum(revenue) AS r FROM fact_order_line")["r"][0]
    assert total == pytest.approx((gross * (1 - frame["discount"] / 100)).sum())
    # with the line's revenue in the file, the reading that reproduces it wins
    both = discounted([0, 5, 10, 15, 20, 25], with_revenue=True)
    validation, _ = load(write(tmp_path / "r.csv", both), pointer)
    assert validation.decisions["discount"] == "amount"
    assert query(pointer, "SELECT sum(revenue) AS r FROM fact_order_line")["r"][0] == pytest.approx(
        both["revenue"].sum()
    )
    rates = discounted([0, 0.05, 0.1, 0.2])
    validation, _ = load(write(tmp_path / "q.csv", rates), pointer)
    assert validation.decisions["discount"] == "rate"
    gross = rates["quantity"] * rates["unit_price"]
    assert query(pointer, "SELECT sum(revenue) AS r FROM fact_order_line")["r"][0] == pytest.approx(
        (gross * (1 - rates["discount"])).sum()
    )


def test_a_discount_out_of_range_says_which_unit_it_expects(tmp_path, pointer):
    frame = discounted([0, 5.0, 500.0, 150.0])  # 500 off a 2 x 74 = 148 line is more than the line
    validation, result = load(write(tmp_path / "o.csv", frame), pointer, policy="quarantine")
    rows = validation.error_rows(None)
    assert rows[["row", "rule"]].values.tolist() == [[3, "discount_amount_range"]]
    assert "quantity × unit price" in rows["message"][0] and result.rows_loaded == 3
    frame = discounted([0, 0.5, 1.5, 0.2])
    validation, _ = load(write(tmp_path / "x.csv", frame), pointer, policy="quarantine",
                         configure=lambda m: setattr(m, "discount", "rate"))  # fmt: skip
    assert set(validation.error_rows(None)["rule"]) == set()  # 0-100 %: 1.5 is 1.5 %
    frame = discounted([0, 0.5, 150.0, 0.2])
    with pytest.raises(ImportProblem):  # a choice that is neither unit
        load(write(tmp_path / "y.csv", frame), pointer, configure=lambda m: setattr(m, "discount", "percentage"))
    validation, _ = load(tmp_path / "y.csv", pointer, policy="quarantine",
                         configure=lambda m: setattr(m, "discount", "rate"))  # fmt: skip
    rows = validation.error_rows(None)
    assert rows["rule"].tolist() == ["discount_rate_range"] and "between 0 and 1" in rows["message"][0]


# ---------------------------------------------------------------- 4. order timestamps


ORDER_TIMES = """order_id,customer_id,order_date,product,quantity,unit_price
A1,C1,2025-03-01 10:30,P1,1,20.00
A1,C1,2025-03-01,P2,2,5.00
A1,C1,2025-03-01 10:31,P3,1,7.50
B2,C2,2025-03-02 12:00,P1,3,20.00
B2,C2,2025-03-02 12:00,P2,1,5.00
D4,C4,2025-03-03 09:00,P1,1,20.00
D4,C5,2025-03-03 09:00,P2,1,5.00
"""


def test_lines_of_one_order_differing_only_in_time_take_the_earliest(tmp_path, pointer):
    (tmp_path / "t.csv").write_text(ORDER_TIMES)
    validation, result = load(tmp_path / "t.csv", pointer, policy="quarantine")
    # D4 names two customers: still an error; A1 differs only in time: reconciled and loaded whole
    assert validation.error_rows(None)["rule"].unique().tolist() == ["order_inconsistent"]
    assert result.applied["order_times_reconciled"] == 1 and result.applied["order_lines_retimed"] == 2
    got = query(pointer, "SELECT m.source_key AS o, f.order_ts, f.revenue FROM fact_order_line f JOIN import_key_map m "
                         "ON m.id = f.order_id AND m.entity = 'order_lines'")  # fmt: skip
    a1 = got[got["o"] == "A1"]
    assert len(a1) == 3 and set(a1["order_ts"]) == {pd.Timestamp("2025-03-01 00:00")}
    file = pd.read_csv(tmp_path / "t.csv")
    file = file[file["order_id"] != "D4"]
    revenue = (file["quantity"] * file["unit_price"]).groupby(file["order_id"]).sum()
    assert got.groupby("o")["revenue"].sum().to_dict() == pytest.approx(revenue.to_dict())
    stored = [r for r in importer.history(20) if r["import_id"] == result.import_id][0]
    assert stored["applied"]["order_times_reconciled"] == 1
    assert "1 orders whose lines differed only in time" in stored["message"]


def test_reconciliation_can_be_turned_off(tmp_path, pointer, monkeypatch, capsys):
    (tmp_path / "t.csv").write_text(ORDER_TIMES)
    code, out, err = cli(pointer, monkeypatch, capsys, "load", str(tmp_path / "t.csv"), "--no-reconcile-order-times",
                         "--dry-run")  # fmt: skip
    assert code == 2 and "order_inconsistent: 5" in out


# ---------------------------------------------------------------- 5. defaults counted


def test_blank_quantities_and_exact_duplicates_are_loaded_and_counted(tmp_path, pointer, monkeypatch, capsys):
    text = """customer,date,product,quantity,price
C1,2025-01-05,P1,,10.00
C1,2025-01-05,P1,,10.00
C2,2025-01-06,P2,3,4.00
C3,2025-01-07,P1,,10.00
C2,2025-01-06,P2,3,4.00
C2,2025-01-06,P2,3,4.00
"""
    (tmp_path / "q.csv").write_text(text)
    code, out, err = cli(pointer, monkeypatch, capsys, "load", str(tmp_path / "q.csv"), "--user", "t",
                         "--currency", "EUR")  # fmt: skip
    assert code == 0, err
    assert "3 blank quantities stored as 1 (+3 units assumed)" in out and "3 exact duplicate lines" in out
    assert "defaults the load applies" in err
    file = pd.read_csv(tmp_path / "q.csv")
    got = query(pointer, "SELECT count(*) AS n, sum(quantity) AS q, sum(revenue) AS r FROM fact_order_line").iloc[0]
    assert got["n"] == len(file)  # genuine duplicates are loaded
    assert got["q"] == file["quantity"].fillna(1).sum()
    assert got["r"] == pytest.approx((file["quantity"].fillna(1) * file["price"]).sum())
    last = importer.history(1)[0]
    assert last["applied"] == {"quantity_assumed": 3, "duplicate_lines": 3}
    assert json.loads(last["derived"])["customers"] == 3


# ---------------------------------------------------------------- 6. regions


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("United Kingdom", "Europe"), ("UK", "Europe"), ("GB", "Europe"), ("GBR", "Europe"), ("EIRE", "Europe"),
        ("Channel Islands", "Europe"), ("영국", "Europe"), ("USA", "North America"), ("U.S.A.", "North America"),
        ("United States of America", "North America"), ("미국", "North America"), ("Korea, Republic of", "Asia"),
        ("대한민국", "Asia"), ("한국", "Asia"), ("KOR", "Asia"), ("kr", "Asia"), ("Türkiye", "Europe"),
        ("Mexico", "Latin America"), ("Brazil", "Latin America"), ("Jamaica", "Latin America"),
        ("Saudi Arabia", "Middle East & Africa"), ("RSA", "Middle East & Africa"), ("Nigeria", "Middle East & Africa"),
        ("  new zealand ", "Oceania"), ("Fiji", "Oceania"), ("Kazakhstan", "Asia"), ("Narnia", None), ("", None),
    ],
)  # fmt: skip
def test_country_names_and_codes_map_to_the_demo_regions(country, region):
    assert region_of(country) == region


def test_every_iso_country_but_antarctica_has_a_demo_region_and_the_demo_keeps_its_own():
    import pycountry

    missing = [c.alpha_2 for c in pycountry.countries if region_of(c.alpha_2) is None]
    assert missing == ["AQ"]
    assert {region_of(c.alpha_3) for c in pycountry.countries} - {None} == set(REGIONS)
    assert [(c.name, region_of(c.name)) for c in COUNTRIES] == [(c.name, c.region) for c in COUNTRIES]


def test_customers_and_partners_get_the_region_of_their_country(tmp_path, pointer):
    lines = "customer,date,amount,country\nC1,2025-01-05,10,EIRE\nC2,2025-01-06,20,대한민국\nC3,2025-01-07,5,Narnia\n"
    (tmp_path / "o.csv").write_text(lines)
    _, result = load(tmp_path / "o.csv", pointer)
    assert result.applied["regions_derived"] == 2 and result.applied["regions_unknown"] == 1
    (tmp_path / "p.csv").write_text("partner_id,name,country\nR1,Reseller one,DEU\nR2,Reseller two,Japan\n")
    source = open_source(tmp_path / "p.csv")
    validation = importer.validate(source, importer.detect(source, "partners"), pointer=pointer)
    partners = importer.load(validation, "tester", pointer=pointer, derive=derive)
    assert partners.applied["regions_derived"] == 2
    got = query(pointer, "SELECT country, region FROM dim_customer UNION ALL SELECT country, region FROM dim_partner")
    assert dict(zip(got["country"], got["region"], strict=True)) == {
        "EIRE": "Europe", "대한민국": "Asia", "Narnia": "Unknown", "DEU": "Europe", "Japan": "Asia"
    }  # fmt: skip


# ---------------------------------------------------------------- 7. currency


def test_the_currency_is_chosen_once_per_warehouse(tmp_path, pointer, monkeypatch, capsys):
    path = write(tmp_path / "uk.csv", uk_invoices())
    code, _, err = cli(pointer, monkeypatch, capsys, "load", str(path), "--currency", "pounds")
    assert code == 1 and "not an ISO 4217 currency code" in err
    code, out, _ = cli(pointer, monkeypatch, capsys, "load", str(path), "--currency", "gbp", "--user", "t")
    assert code == 0 and "currency GBP" in out and "currency_assumed" not in out
    assert query(pointer, "SELECT value FROM meta WHERE key = 'currency'")["value"][0] == "GBP"
    code, _, err = cli(pointer, monkeypatch, capsys, "load", str(path), "--currency", "EUR")
    assert code == 1 and "keeps its amounts in GBP" in err
    code, out, _ = cli(pointer, monkeypatch, capsys, "load", str(path), "--user", "t")  # no currency: the warehouse's
    assert code == 0 and "currency GBP" in out
    code, out, _ = cli(pointer, monkeypatch, capsys, "load", str(path), "--new-warehouse", "--user", "t")
    assert code == 0 and "currency USD assumed" in out


def test_a_gbp_import_shows_pounds_on_the_dashboard_and_in_exports(tmp_path, pointer, monkeypatch):
    import plotly

    from callbacks.executive import render_state
    from data.warehouse import Warehouse
    from i18n import format as fmt
    from olap import export
    from olap.catalog import read_catalog
    from olap.dashboard import state_from_query
    from olap.query import make_spec

    frame = uk_invoices()
    load(write(tmp_path / "uk.csv", frame), pointer, currency="GBP")
    monkeypatch.setenv("XRM_DB", str(pointer))  # the app's warehouse is this one
    reader = Warehouse(pointer)
    state = state_from_query({"period": "2010-Q4"}, read_catalog(reader.cursor()))
    cards = json.dumps(
        render_state(reader.cursor(), state, "en")[2], cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False
    )
    total = float((frame["Quantity"] * frame["UnitPrice"]).sum())
    assert f'"£{fmt.compact(total)}"' in cards and "$" not in cards
    spec = make_spec(["revenue"], rows=["geo.country"], start="2010-12-01", end="2010-12-31")
    text = b"".join(export.table_csv(export.view_table(spec, "en", reader))).decode("utf-8-sig").splitlines()
    assert text[0] == "Country,Revenue (GBP)"
    by_country = (frame["Quantity"] * frame["UnitPrice"]).groupby(frame["Country"]).sum()
    got = {line.split(",")[0]: float(line.split(",")[1]) for line in text[1:]}
    assert got == pytest.approx(by_country.to_dict())
    about = dict(export.about_rows(spec, "en"))
    assert about["Currency of the amounts"] == "GBP"


# ---------------------------------------------------------------- the import page (browser)

PAGE_CSV = (
    b"InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Country\n"
    b"P-1,K-7001,01/02/2024 10:00,,20.00,EIRE\n"
    b"P-2,K-7002,03/04/2024 11:00,2,7.50,EIRE\n"
    b"P-3,K-7001,05/06/2024 12:00,,4.00,EIRE\n"
)


@pytest.fixture(scope="module")
def page_server(dash_app, demo_pointer, tmp_path_factory):
    from tests.apprun import AppProcess
    from tests.fixtures import private_copy

    pointer = private_copy(demo_pointer, tmp_path_factory.mktemp("parsepage"))
    with AppProcess({"XRM_DB": str(pointer)}) as app:
        yield app, pointer


@pytest.mark.browser
def test_the_page_asks_for_the_date_order_and_shows_every_default(page_server, browser):
    pytest.importorskip("playwright.sync_api")
    from tests.apprun import sign_in

    server, pointer = page_server
    before = query(pointer, "SELECT count(*) AS n, sum(revenue) AS r FROM fact_order_line").iloc[0]
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    sign_in(page, server, "/admin/import", "u_admin")
    page.wait_for_selector("#imp-upload", timeout=20000)
    page.set_input_files("#imp-upload input[type=file]",
                         files=[{"name": "ambiguous.csv", "mimeType": "text/csv", "buffer": PAGE_CSV}])  # fmt: skip
    page.wait_for_selector("#imp-mapping-ok", timeout=20000)
    page.click("#imp-validate")
    asked = page.wait_for_selector("#imp-validation .imp-problem", timeout=30000).inner_text()
    assert "Every date in InvoiceDate reads both ways" in asked and "date order on the mapping step" in asked
    page.check("#imp-dayfirst input[value=day]")
    page.fill("#imp-currency", "EUR")  # the demo warehouse keeps USD: refused in words
    page.click("#imp-validate")
    refused = page.wait_for_selector("#imp-validation .imp-problem >> text=keeps its amounts in USD", timeout=30000)
    assert "new warehouse" in refused.inner_text()
    page.fill("#imp-currency", "")
    page.click("#imp-validate")
    page.wait_for_selector("#imp-summary", timeout=30000)
    assert page.inner_text("#imp-decided") == "Dates read day first"
    assert "2 blank quantities stored as 1 (+2 units assumed)" in page.inner_text("#imp-applied")
    page.wait_for_selector("#imp-load:not([disabled])", timeout=10000)
    page.click("#imp-load")
    page.wait_for_selector("#imp-loaded-ok", timeout=60000)
    applied = page.inner_text("#imp-result-applied")
    assert "2 blank quantities stored as 1" in applied and "regions derived from the country" in applied
    assert "Amounts are in USD." in page.inner_text("#imp-loaded-ok")
    after = query(pointer, "SELECT count(*) AS n, sum(revenue) AS r FROM fact_order_line").iloc[0]
    assert (after["n"] - before["n"], after["r"] - before["r"]) == (3, pytest.approx(20.0 + 15.0 + 4.0))
    got = query(pointer, "SELECT CAST(f.order_ts AS DATE) AS d FROM fact_order_line f JOIN import_key_map m "
                         "ON m.id = f.order_id AND m.entity = 'order_lines' WHERE m.source_key LIKE 'P-%' ORDER BY d")  # fmt: skip
    assert [d.date() for d in pd.to_datetime(got["d"])] == [
        dt.date(2024, 2, 1),
        dt.date(2024, 4, 3),
        dt.date(2024, 6, 5),
    ]


def test_a_saved_mapping_keeps_the_date_order_and_the_discount_unit():
    from data.importer import Mapping

    for dayfirst, discount in ((None, "amount"), (False, None), (True, "rate")):
        importer.save_mapping(
            "parsing-options", Mapping("order_lines", {"a": "customer_id"}, dayfirst, discount=discount), "t"
        )
        got = importer.load_mapping("parsing-options")
        assert (got.dayfirst, got.discount) == (dayfirst, discount)
