"""Importer: rules, encodings, formats, mapping, idempotence, incremental loads, a working new warehouse."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import duckdb
import pandas as pd
import pytest

from data import importer
from data.importer import ImportProblem, Mapping, open_source
from data.importer.read import work_dir
from data.importer.validate import number_sql, ts_sql
from data.warehouse import current_path, publish, versions_dir
from jobs.derive import derive as post_load

TABLE_KEYS = {
    "fact_order_line": "order_id, line_no",
    "dim_customer": "customer_id",
    "dim_product": "product_id",
    "dim_channel": "channel_id",
}


def write_csv(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def run(path, pointer, entity="order_lines", policy="reject", new=False, derive=None, mapping=None, **source_kw):
    source = open_source(path, **source_kw)
    mapping = mapping or importer.detect(source, entity)
    validation = importer.validate(source, mapping, pointer=pointer, derive=derive, new_warehouse=new)
    result = importer.load(validation, "tester", policy=policy, new_warehouse=new, pointer=pointer, derive=post_load)
    return validation, result


def table(pointer, name: str) -> pd.DataFrame:
    con = duckdb.connect(str(current_path(pointer)), read_only=True)
    try:
        return con.execute(f"SELECT * FROM {name} ORDER BY {TABLE_KEYS.get(name, '1')}").df()
    finally:
        con.close()


ORDERS = """customer,order_date,amount,quantity,product,country
C1,2025-01-05,100.00,1,P1,Korea
C1,2025-02-10,40.00,2,P2,Korea
C2,2025-01-20,250.00,5,P1,Japan
C3,2025-03-01,80.00,1,P3,
C4,2025-03-15,60.00,3,P2,Korea
C5,2025-04-02,30.00,1,P1,Germany
C5,2025-05-02,45.50,1,P3,Germany
C6,2025-05-20,500.00,10,P1,Japan
"""


@pytest.fixture
def pointer(tmp_path):
    return tmp_path / "wh" / "xrm.duckdb"


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "dayfirst", "want"),
    [
        ("2025-03-01", False, dt.datetime(2025, 3, 1)),
        ("2025-03-01 13:45:00", False, dt.datetime(2025, 3, 1, 13, 45)),
        ("2025-03-01T13:45", False, dt.datetime(2025, 3, 1, 13, 45)),
        ("2025/03/01", False, dt.datetime(2025, 3, 1)),
        ("01.03.2025", False, dt.datetime(2025, 3, 1)),
        ("03/01/2025", False, dt.datetime(2025, 3, 1)),
        ("03/01/2025", True, dt.datetime(2025, 1, 3)),
        ("1/2/2010 8:26", True, dt.datetime(2010, 2, 1, 8, 26)),
        ("01/12/2010 08:26:59", True, dt.datetime(2010, 12, 1, 8, 26, 59)),
        ("12/31/2010 23:05", False, dt.datetime(2010, 12, 31, 23, 5)),
        ("31/12/2010", False, None),  # month-first: no 31st month
        ("13/12/2010 08:26", True, dt.datetime(2010, 12, 13, 8, 26)),
        ("45717", False, dt.datetime(2025, 3, 1)),  # Excel serial
        ("45717.5", False, dt.datetime(2025, 3, 1, 12)),
        ("20250301", False, dt.datetime(2025, 3, 1)),
        ("2025년 3월 1일", False, dt.datetime(2025, 3, 1)),
        ("next tuesday", False, None),
        ("2025-13-01", False, None),
    ],
)
def test_dates_in_several_formats(text, dayfirst, want):
    got = duckdb.execute(f"SELECT {ts_sql('$1', dayfirst)}", [text]).fetchone()[0]
    assert got == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1,234.50", 1234.5),
        ("$12", 12.0),
        ("₩12,000", 12000.0),
        ("-3.5", -3.5),
        ("10%", 0.1),
        ("12,5", None),
        ("x", None),
    ],
)
def test_numbers(text, want):
    got = duckdb.execute(f"SELECT {number_sql('$1')}", [text]).fetchone()[0]
    assert got == (pytest.approx(want) if want is not None else None)


# ---------------------------------------------------------------- row rules


def errors_of(validation) -> set[tuple[int, str, str]]:
    return {(r.row, r.field, r.rule) for r in validation.error_rows(None).itertuples()}


def validate_text(tmp_path, text, pointer=None, derive=None, entity="order_lines", columns=None, dayfirst=False, **kw):
    source = open_source(write_csv(tmp_path / "in.csv", text))
    mapping = importer.detect(source, entity)
    if columns:
        mapping.columns.update(columns)
    mapping.dayfirst = dayfirst
    return importer.validate(source, mapping, pointer=pointer or tmp_path / "none" / "x.duckdb", derive=derive, **kw)


def test_each_row_rule_is_reported_with_row_column_and_rule(tmp_path):
    text = (
        "order_id,line_no,customer_id,order_date,amount,quantity,unit_price,is_return\n"
        "1,1,C1,2025-01-01,10,1,10,no\n"  # fine
        "2,1,,2025-01-01,10,1,10,no\n"  # required (guests rejected)
        "3,1,C3,someday,10,1,10,no\n"  # type_date
        "4,1,C4,2025-01-01,ten,1,10,no\n"  # type_number
        "5,1,C5,2025-01-01,10,1.5,10,no\n"  # type_int
        "6,1,C6,2025-01-01,10,1,10,maybe\n"  # type_bool
        "7,1,C7,2025-01-01,10,0,10,no\n"  # quantity_not_positive
        "8,1,C8,2025-01-01,-10,1,10,no\n"  # negative_amount
        "9,1,C9,2025-01-01,5000000000,1,10,no\n"  # too_large
        "10,1,C10,1850-01-01,10,1,10,no\n"  # date_out_of_range
        "11,1,C11,2025-01-01,10,1,-2,no\n"  # too_small (unit price)
        "1,1,C1,2025-01-01,10,1,10,no\n"  # duplicate_key
        f"12,1,{'X' * 101},2025-01-01,10,1,10,no\n"  # key_format
        "13,1,C13,2025-01-01,10,1,10,no\n"
        "13,2,C14,2025-01-01,10,1,10,no\n"  # order_inconsistent (two customers)
        "14,1,C1,2025-01-02,-10,-1,10,yes\n"  # a return: fine
    )
    v = validate_text(tmp_path, text, guests="reject")
    got = errors_of(v)
    want = {
        (2, "customer_id", "required"),
        (3, "order_ts", "type_date"),
        (4, "revenue", "type_number"),
        (5, "quantity", "type_int"),
        (6, "is_return", "type_bool"),
        (7, "quantity", "quantity_not_positive"),
        (8, "revenue", "negative_amount"),
        (9, "revenue", "too_large"),
        (10, "order_ts", "date_out_of_range"),
        (11, "unit_price", "too_small"),
        (12, "order_id", "duplicate_key"),
        (13, "customer_id", "key_format"),
        (14, "order_id", "order_inconsistent"),
        (15, "order_id", "order_inconsistent"),
    }
    assert got == want
    assert v.rows_in == 16 and v.rows_bad == 14 and v.rows_valid == 2
    report = pd.read_csv(v.write_error_report(tmp_path / "errors.csv"))
    assert list(report.columns) == ["row", "column", "field", "value", "rule", "message_key", "message"]
    assert len(report) == len(want)
    row3 = report[report["row"] == 3].iloc[0]
    assert (row3["column"], row3["value"], row3["message_key"]) == ("order_date", "someday", "rule.type_date")
    importer.discard(v)


def test_values_outside_a_fields_choices_are_refused_and_case_is_normalised(tmp_path):
    text = "customer_id,customer_type,gender\n1,b2b,f\n2,Retail,M\n3,B2C,x\n"
    v = validate_text(tmp_path, text, entity="customers")
    assert errors_of(v) == {(2, "customer_type", "bad_choice"), (3, "gender", "bad_choice")}
    con = duckdb.connect(str(v.scratch), read_only=True)
    assert con.execute("SELECT customer_type, gender FROM valid").fetchall() == [("B2B", "F")]
    con.close()
    importer.discard(v)


def test_unknown_references_are_errors_without_derivation(tmp_path, pointer):
    run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    text = "customer,order_date,amount,product\nC1,2025-06-01,10,P1\nC99,2025-06-01,10,P1\nC2,2025-06-02,10,P77\n"
    v = validate_text(tmp_path, text, pointer=pointer, derive=False)
    assert errors_of(v) == {(2, "customer_id", "unknown_reference"), (3, "product_id", "unknown_reference")}


def test_reject_policy_writes_nothing(tmp_path, pointer):
    run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    before = current_path(pointer)
    bad = write_csv(tmp_path / "b.csv", "customer,order_date,amount\nC1,2025-06-01,10\nC2,never,10\n")
    v, result = run(bad, pointer)
    assert result.status == "rejected" and result.version is None and result.rows_loaded == 0
    assert current_path(pointer) == before
    assert "nothing was written" in result.summary()
    last = importer.history(1)[0]
    assert (last["status"], last["rows_in"], last["rows_rejected"]) == ("rejected", 2, 1)


def test_quarantine_loads_valid_rows_and_keeps_the_rest_with_reasons(tmp_path, pointer):
    bad = write_csv(tmp_path / "b.csv", "customer,order_date,amount\nC1,2025-06-01,10\nC2,never,10\nC3,2025-06-03,7\n")
    _, result = run(bad, pointer, policy="quarantine", new=True)
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 2, 1)
    q = pd.read_parquet(result.quarantine_file)
    assert q[["_row", "customer", "order_date"]].values.tolist() == [[2, "C2", "never"]]
    assert q["_reasons"].iloc[0] == "order_ts: type_date"
    assert table(pointer, "fact_order_line")["revenue"].sum() == pytest.approx(17)
    hist = importer.history(1)[0]
    assert hist["quarantine_file"] == str(result.quarantine_file) and hist["rows_quarantined"] == 1


# ---------------------------------------------------------------- files and encodings


def test_file_level_problems(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportProblem, match="empty"):
        open_source(empty)
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    with pytest.raises(ImportProblem, match="does not look like a table"):
        open_source(binary)
    one_column = write_csv(tmp_path / "text.csv", "just some words\nand more words\n")
    with pytest.raises(ImportProblem, match="does not look like a table"):
        open_source(one_column)
    big = write_csv(tmp_path / "big.csv", ORDERS)
    with pytest.raises(ImportProblem, match="more than the limit"):
        open_source(big, limit=100)
    cp949 = write_csv(tmp_path / "k.csv", "고객,금액\n김철수,10\n", "cp949")
    with pytest.raises(ImportProblem, match="not valid UTF-8") as info:
        open_source(cp949, encoding="utf-8")
    assert info.value.key == "import.bad_encoding"
    broken = tmp_path / "broken.csv"
    broken.write_bytes("고객,금액\n김철수,10\n".encode("cp949") + b"\xff\xfe,1\n")
    with pytest.raises(ImportProblem, match="not valid CP949"):
        open_source(broken, encoding="cp949")
    with pytest.raises(ImportProblem, match="Unknown encoding"):
        open_source(big, encoding="klingon")
    with pytest.raises(ImportProblem, match="does not exist"):
        open_source(tmp_path / "missing.csv")
    header_only = write_csv(tmp_path / "h.csv", "customer,order_date,amount\n")
    source = open_source(header_only)
    with pytest.raises(ImportProblem, match="no data rows"):
        importer.validate(source, importer.detect(source, "order_lines"), pointer=tmp_path / "n" / "x.duckdb")


KOREAN = '고객ID,고객명,주문일자,금액,수량,국가\nK1,김철수,2025-03-01,15000,1,대한민국\nK2,이영희,2025/03/02,"22,000",2,대한민국\n'


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "utf-8", "utf-8-sig"])
def test_korean_file_in_each_encoding_reads_back(tmp_path, pointer, encoding):
    path = write_csv(tmp_path / "k.csv", KOREAN, encoding)
    source = open_source(path)
    assert source.encoding == {"euc-kr": "cp949"}.get(encoding, encoding)
    assert source.columns == ["고객ID", "고객명", "주문일자", "금액", "수량", "국가"]
    if encoding != "cp949":  # one load is enough: the others stage the same text
        v = importer.validate(source, importer.detect(source, "order_lines"), pointer=pointer, new_warehouse=True)
        assert v.ok and v.rows_in == 2
        return
    v, _ = run(path, pointer, new=True)
    assert not v.scratch.exists() and not v.source.read_path.exists()  # the transcoded copy is gone
    customers = table(pointer, "dim_customer")
    assert sorted(customers["name"]) == ["김철수", "이영희"]
    assert set(customers["country"]) == {"대한민국"}
    assert sorted(table(pointer, "fact_order_line")["revenue"]) == [15000, 22000]


def test_latin1_file(tmp_path, pointer):
    path = write_csv(
        tmp_path / "l.csv", "customer,customer_name,date,amount\n1,Jos\xe9 M\xfcller,2025-01-02,5\n", "latin-1"
    )
    assert open_source(path).encoding == "latin-1"
    run(path, pointer, new=True)
    assert table(pointer, "dim_customer")["name"].tolist() == ["José Müller"]


def staged(path, pointer) -> pd.DataFrame:
    """The validated rows of a file (parsed values, before any load)."""
    source = open_source(path)
    v = importer.validate(source, importer.detect(source, "order_lines"), pointer=pointer, new_warehouse=True)
    con = duckdb.connect(str(v.scratch), read_only=True)
    try:
        return con.execute("SELECT customer_id, order_ts, revenue, quantity, product_id FROM valid ORDER BY _row").df()
    finally:
        con.close()
        importer.discard(v)


def test_excel_and_parquet_stage_the_same_rows_as_csv(tmp_path, pointer):
    import openpyxl

    frame = pd.read_csv(pd.io.common.StringIO(ORDERS), dtype=str)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        values = list(row)
        values[1] = dt.datetime.fromisoformat(values[1])  # a real Excel date cell
        values[2] = float(values[2])
        values[3] = int(values[3])
        sheet.append([None if isinstance(v, float) and pd.isna(v) else v for v in values])
    book.save(tmp_path / "o.xlsx")
    frame.to_parquet(tmp_path / "o.parquet")
    write_csv(tmp_path / "o.csv", ORDERS)
    want = staged(tmp_path / "o.csv", pointer)
    assert want["revenue"].sum() == pytest.approx(1105.5) and len(want) == 8
    pd.testing.assert_frame_equal(staged(tmp_path / "o.xlsx", pointer), want)
    pd.testing.assert_frame_equal(staged(tmp_path / "o.parquet", pointer), want)
    _, result = run(tmp_path / "o.xlsx", pointer, new=True)
    assert result.rows_loaded == 8
    assert table(pointer, "fact_order_line")["revenue"].sum() == pytest.approx(1105.5)


def test_sqlite_table_and_query_sources(tmp_path, pointer, monkeypatch):
    import sqlalchemy as sa

    monkeypatch.setenv("XRM_IMPORT_DIR", str(tmp_path))  # the administrator's import folder

    url = f"sqlite:///{tmp_path / 'shop.sqlite'}"
    engine = sa.create_engine(url)
    pd.read_csv(pd.io.common.StringIO(ORDERS), dtype=str).to_sql("sales", engine, index=False)
    engine.dispose()
    source = importer.open_database(url, table="sales")
    assert source.columns[:3] == ["customer", "order_date", "amount"]
    v = importer.validate(source, importer.detect(source, "order_lines"), pointer=pointer, new_warehouse=True)
    importer.load(v, "tester", new_warehouse=True, pointer=pointer, derive=post_load)
    assert table(pointer, "fact_order_line")["revenue"].sum() == pytest.approx(1105.5)
    query = importer.open_database(url, query="SELECT customer, order_date, amount FROM sales WHERE customer = 'C1'")
    assert [r[0] for r in query.sample] == ["C1", "C1"]
    with pytest.raises(ImportProblem, match="could not be read"):
        importer.open_database(url, table="no_such_table")


# ---------------------------------------------------------------- mapping


def test_mapping_detection_english_and_korean():
    m = importer.detect_mapping(
        ["Order No", "고객번호", "주문일자", "결제금액", "수량", "상품코드", "메모"], "order_lines"
    )
    assert m.fields() == {
        "order_id": "Order No",
        "customer_id": "고객번호",
        "order_ts": "주문일자",
        "revenue": "결제금액",
        "quantity": "수량",
        "product_id": "상품코드",
    }
    assert m.columns["메모"] is None


def test_mapping_detects_an_unnamed_date_column_by_its_values():
    m = importer.detect_mapping(
        ["cust", "when", "amount"], "order_lines", [("1", "2025-01-02", "3"), ("2", "2025/01/03", "4")]
    )
    assert m.columns["when"] == "order_ts"


def test_day_first_dates_are_decided_at_validation(tmp_path):
    path = write_csv(tmp_path / "d.csv", "customer,date,amount\n1,03/01/2025,5\n2,25/03/2025,6\n")
    source = open_source(path)
    mapping = importer.detect(source, "order_lines")
    assert mapping.dayfirst is None and any("day first" in n for n in mapping.notes)  # a note; the column decides
    v = importer.validate(source, mapping, pointer=tmp_path / "n" / "x.duckdb")
    assert v.ok and v.decisions["dayfirst"] == "day"
    importer.discard(v)
    assert importer.detect_mapping(["c", "date", "a"], "order_lines", [("1", "03/01/2025", "5")]).dayfirst is None


def test_two_columns_on_one_field_and_other_bad_mappings_are_refused():
    cols = ["a", "b", "c"]
    with pytest.raises(ImportProblem, match="a, b are all mapped to the field customer_id"):
        Mapping("order_lines", {"a": "customer_id", "b": "customer_id", "c": "order_ts"}).check(cols)
    with pytest.raises(ImportProblem, match="Required field"):
        Mapping("order_lines", {"a": "customer_id", "b": "revenue", "c": None}).check(cols)
    with pytest.raises(ImportProblem, match="not a field"):
        Mapping("order_lines", {"a": "shoe_size"}).check(cols)
    with pytest.raises(ImportProblem, match="amount"):
        Mapping("order_lines", {"a": "customer_id", "b": "order_ts"}).check(cols)
    with pytest.raises(ImportProblem, match="Unknown entity"):
        Mapping("spaceships", {"a": "x"}).check(cols)


def test_saved_mapping_round_trip():
    m = Mapping("order_lines", {"x": "customer_id", "y": "order_ts", "z": "revenue"}, dayfirst=True)
    importer.save_mapping("shop-export", m, "tester")
    got = importer.load_mapping("shop-export")
    assert (got.entity, got.columns, got.dayfirst) == ("order_lines", m.columns, True)
    assert "shop-export" in {r["name"] for r in importer.list_mappings()}
    with pytest.raises(ImportProblem, match="No saved mapping"):
        importer.load_mapping("nope")


# ---------------------------------------------------------------- loads


def snapshot(pointer) -> dict[str, pd.DataFrame]:
    return {name: table(pointer, name) for name in TABLE_KEYS}


def test_loading_the_same_file_twice_changes_nothing(tmp_path, pointer):
    path = write_csv(tmp_path / "a.csv", ORDERS)
    _, first = run(path, pointer, new=True)
    before = snapshot(pointer)
    _, second = run(path, pointer)
    assert second.version != first.version and second.derived == {}
    after = snapshot(pointer)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], check_exact=True)


def test_incremental_load_appends_and_updates(tmp_path, pointer):
    path = write_csv(
        tmp_path / "a.csv", "order_id,customer,order_date,amount\n1,C1,2025-01-01,10\n2,C2,2025-01-02,20\n"
    )
    run(path, pointer, new=True)
    more = write_csv(
        tmp_path / "b.csv", "order_id,customer,order_date,amount\n2,C2,2025-01-02,25\n3,C3,2025-01-03,30\n"
    )
    _, result = run(more, pointer)
    facts = table(pointer, "fact_order_line")
    assert facts[["order_id", "revenue"]].values.tolist() == [[1, 10], [2, 25], [3, 30]]
    assert result.derived == {"customers": 1}


def transactions(n_customers: int = 40, seed: int = 3) -> pd.DataFrame:
    """A transactions-only export: customer, date, amount, quantity, product, country."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for c in range(1, n_customers + 1):
        country = ["Korea", "Japan", "Germany", ""][c % 4]
        for _ in range(int(rng.integers(1, 7))):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 700)))
            rows.append((f"CU{c:03d}", day.isoformat(), round(float(rng.uniform(5, 300)), 2), int(rng.integers(1, 4)),
                         f"SKU-{int(rng.integers(1, 6))}", country))  # fmt: skip
    return pd.DataFrame(rows, columns=["customer", "order_date", "amount", "quantity", "product", "country"])


def test_transactions_only_file_makes_a_working_warehouse(tmp_path, pointer):
    from data.schema import TABLES
    from data.warehouse import Warehouse
    from mining.rfm import rfm_table
    from olap import kpi
    from olap.catalog import read_catalog
    from olap.filters import Filters
    from olap.period import parse_period

    frame = transactions()
    frame.to_csv(tmp_path / "t.csv", index=False)
    _, result = run(tmp_path / "t.csv", pointer, new=True)
    assert result.derived == {"customers": 40, "products": 5, "channels": 1}
    assert result.scores.startswith(("rfm run", "rfm segments")), result.scores
    con = duckdb.connect(str(current_path(pointer)), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert set(TABLES) <= tables
    assert con.execute("SELECT count(*) FROM fact_web_session").fetchone()[0] == 0
    countries = con.execute("SELECT country, count(*) FROM dim_customer GROUP BY ALL ORDER BY 1").fetchall()
    assert countries == [("Germany", 10), ("Japan", 10), ("Korea", 10), ("Unknown", 10)]
    scored = con.execute("SELECT count(*) FROM customer_score WHERE rfm_segment IS NOT NULL").fetchone()[0]
    con.close()
    assert scored == 40

    frame["order_date"] = pd.to_datetime(frame["order_date"])
    cursor = Warehouse(pointer).cursor()
    valid = read_catalog(cursor)
    assert (valid.data_start, valid.data_end) == (
        frame["order_date"].min().date(),
        frame["order_date"].max().date(),
    )
    period = parse_period("2025-Q1", valid.data_start, valid.data_end)
    got = kpi.compute_kpis(cursor, period, Filters()).current
    q1 = frame[(frame["order_date"] >= "2025-01-01") & (frame["order_date"] < "2025-04-01")]
    assert got["revenue"] == pytest.approx(q1["amount"].sum())
    assert got["orders"] == len(q1.drop_duplicates(["customer", "order_date"]))
    assert got["active_customers"] == q1["customer"].nunique()
    rfm = rfm_table(cursor, valid.data_end)
    assert len(rfm) == 40
    assert rfm["monetary"].sum() == pytest.approx(frame["amount"].sum())


def test_tiny_file_loads_and_says_why_scores_were_not_refreshed(tmp_path, pointer):
    _, result = run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    assert result.status == "loaded" and result.derived == {"customers": 6, "products": 3, "channels": 1}
    assert re.fullmatch(r"rfm run \d+ as of 2025-05-20 without CLV \(mining\.clv\.too_few\)", result.scores)


def test_load_into_an_existing_demo_warehouse_keeps_its_data(tmp_path, demo_pointer):
    pointer = tmp_path / "copy" / "xrm.duckdb"
    versions_dir(pointer).mkdir(parents=True)
    copy = versions_dir(pointer) / "20000101T000000000000-aaaaaa.duckdb"
    shutil.copyfile(current_path(demo_pointer), copy)
    publish(copy, pointer)
    before = table(pointer, "fact_order_line")
    text = "order_id,customer_id,date,amount,product_id,channel\nA-1,1,2025-12-30,99,1,Web shop\nA-2,NEW-9,2025-12-31,11,1,1\n"
    _, result = run(write_csv(tmp_path / "a.csv", text), pointer)
    after = table(pointer, "fact_order_line")
    assert len(after) == len(before) + 2
    assert after["revenue"].sum() == pytest.approx(before["revenue"].sum() + 110)
    assert result.derived == {"customers": 1, "channels": 1}  # "Web shop" as text is a new channel key
    assert table(pointer, "dim_product")["product_id"].max() == table(demo_pointer, "dim_product")["product_id"].max()


def test_customers_file_updates_derived_customers(tmp_path, pointer):
    run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    text = "고객ID,이름,이메일,국가\nC1,Kim Minji,minji@example.com,Korea\nC9,New One,new@example.com,\n"
    _, result = run(write_csv(tmp_path / "c.csv", text), pointer, entity="customers")
    customers = table(pointer, "dim_customer").set_index("name")
    assert customers.loc["Kim Minji", "email"] == "minji@example.com"
    assert customers.loc["Kim Minji", "signup_date"] == pd.Timestamp("2025-01-05")  # kept from the derivation
    assert customers.loc["New One", "country"] == "Unknown"
    assert result.rows_loaded == 2 and len(customers) == 7


def test_service_tickets_refer_to_known_customers(tmp_path, pointer):
    run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    text = "ticket_id,customer_id,opened,status,satisfaction\nT1,C1,2025-06-01,closed,5\nT2,C404,2025-06-02,open,\nT3,C2,2025-06-03,open,9\n"
    v, result = run(write_csv(tmp_path / "t.csv", text), pointer, entity="service_tickets", policy="quarantine")
    assert errors_of(v) == {(2, "customer_id", "unknown_reference"), (3, "satisfaction", "too_large")}
    tickets = table(pointer, "fact_service_ticket")
    assert tickets[["status", "satisfaction"]].values.tolist() == [["closed", 5]]
    assert result.rows_loaded == 1


# ---------------------------------------------------------------- a kill during the load


def test_kill_during_load_leaves_the_warehouse_as_it_was(tmp_path, pointer, instance_dir):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    before_version, before = current_path(pointer), snapshot(pointer)
    files_before = sorted(p.name for p in versions_dir(pointer).glob("*.duckdb"))
    more = write_csv(tmp_path / "b.csv", "customer,order_date,amount\nC1,2025-07-01,1000\nC77,2025-07-02,5\n")
    env = {**os.environ, "XRM_DB": str(pointer), "XRM_IMPORT_TEST_PAUSE": "60"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "data.importer", "load", str(more), "--user", "killer"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.time() + 60
        seen = ""
        while "pausing before publishing" not in seen:
            line = proc.stderr.readline()
            assert line or proc.poll() is None, f"the load ended early: {seen}"
            seen += line
            assert time.time() < deadline
        building = list(versions_dir(pointer).glob("*.building"))
        assert building, "the new version is being written beside the current one"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    assert current_path(pointer) == before_version
    assert sorted(p.name for p in versions_dir(pointer).glob("*.duckdb")) == files_before
    after = snapshot(pointer)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], check_exact=True)
    killed = [r for r in importer.history(50) if r["actor"] == "killer"]
    assert [r["status"] for r in killed] == ["running"]  # what the kill left: the load's own row
    staged = work_dir() / f"{killed[0]['import_id']}.duckdb"
    assert staged.exists()
    # the next start finds it: recorded as interrupted, its .building file and staging database removed
    from data.importer.recovery import recover

    found = recover(pointer)
    assert found.runs == [killed[0]["import_id"]] and not found.busy
    assert not list(versions_dir(pointer).glob("*.building")) and not staged.exists()
    row = next(r for r in importer.history(50) if r["import_id"] == killed[0]["import_id"])
    assert row["status"] == "interrupted" and row["finished_at"] and "nothing was published" in row["message"]
    assert recover(pointer).runs == []  # once
    _, result = run(more, pointer)
    assert result.status == "loaded" and not list(versions_dir(pointer).glob("*.building"))
    assert [r["status"] for r in importer.history(50) if r["import_id"] == result.import_id] == ["loaded"]


def test_recovery_leaves_a_running_load_alone(tmp_path, pointer):
    """While a writer holds the lock, recovery touches nothing (the load's row and files are live)."""
    from data.importer.recovery import recover
    from data.warehouse import writer_lock

    versions_dir(pointer).mkdir(parents=True, exist_ok=True)
    building = versions_dir(pointer) / "live.building"
    building.write_bytes(b"x")
    with writer_lock(pointer):
        assert recover(pointer).busy
    assert building.exists()
    assert recover(pointer).files == [building] and not building.exists()


def test_cli_detect_load_and_history(tmp_path, pointer, monkeypatch, capsys):
    from data.importer.__main__ import main

    path = write_csv(tmp_path / "k.csv", KOREAN, "cp949")
    monkeypatch.setenv("XRM_DB", str(pointer))

    def cli(*args):
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = cli("detect", str(path))
    assert code == 0 and "encoding cp949" in out and "고객ID" in out and "customer_id" in out
    code, out, err = cli(
        "load", str(path), "--new-warehouse", "--map", "국가=", "--save-mapping", "k-shop", "--user", "cli-user"
    )
    assert code == 0, err
    assert "loaded 2 of 2 rows" in out and "[100%]" in err
    assert set(table(pointer, "dim_customer")["country"]) == {"Unknown"}  # the country column was left out
    code, _, err = cli("load", str(tmp_path / "missing.csv"))
    assert code == 1 and err.startswith("error: ") and "does not exist" in err
    bad = write_csv(tmp_path / "bad.csv", "고객ID,주문일자,금액\nK1,yesterday,5\n")
    code, out, err = cli("load", str(bad), "--mapping", "k-shop")
    assert code == 2 and "nothing was written" in out
    code, out, _ = cli("load", str(bad), "--mapping", "k-shop", "--dry-run")
    assert code == 2 and "nothing loaded (--dry-run)" in out and "errors.csv" in out
    code, out, _ = cli("history", "--limit", "3")
    assert code == 0 and "cli-user" in out and "rejected" in out


MINIMAL = {
    "products": "product_id,name,category,price\nP1,Kettle,Kitchen,10\nP9,Pan,Kitchen,20\n",
    "partners": "partner_id,name,tier\nPA,Seoul Trading,Gold\n",
    "channels": "channel_id,name,channel_group\nWEB,Web shop,online\n",
    "campaigns": "campaign_id,name,start_date,budget\nSPRING,Spring mail,2025-03-01,1000\n",
    "campaign_contacts": "campaign_id,customer_id,sent,opened\nSPRING,C1,2025-03-01 09:00,2025-03-01 10:00\n",
    "web_sessions": "session_id,customer_id,start,device,pages\nS1,C1,2025-03-01 09:00,mobile,5\nS2,,2025-03-02 10:00,,1\n",
    "opportunities": "opportunity_id,customer_id,owner,created_date,stage,amount\nO1,C2,Lee,2025-02-01,Closed Won,5000\n",
    "opportunity_stages": "opportunity_id,stage,entered\nO1,prospecting,2025-02-01 09:00\nO1,Closed Won,2025-03-01 10:00\n",
}


def test_every_entity_loads_and_a_reload_changes_nothing(tmp_path, pointer):
    from data.importer.entities import ENTITIES

    run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    for entity, text in MINIMAL.items():
        path = write_csv(tmp_path / f"{entity}.csv", text)
        _, result = run(path, pointer, entity=entity, derive=True)
        assert result.status == "loaded" and result.rows_loaded == text.count("\n") - 1, entity
    tables = {e: ENTITIES[e].table for e in MINIMAL}
    first = {
        e: table(pointer, name).sort_values(list(ENTITIES[e].key), ignore_index=True) for e, name in tables.items()
    }
    assert first["campaigns"]["start_date"].tolist() == [pd.Timestamp("2025-03-01")]
    assert first["opportunities"]["won"].tolist() == [True]
    assert first["web_sessions"]["device"].tolist() == ["mobile", "desktop"]
    for entity in ("campaign_contacts", "web_sessions"):  # a composite key and a BIGINT key
        run(tmp_path / f"{entity}.csv", pointer, entity=entity, derive=True)
    for e, name in tables.items():
        again = table(pointer, name).sort_values(list(ENTITIES[e].key), ignore_index=True)
        pd.testing.assert_frame_equal(first[e], again)


def test_demo_lines_round_trip_to_the_same_numbers_and_fresh_scores(tmp_path, pointer, demo_pointer):
    """The demo's order lines exported to Parquet and imported alone give the same facts and KPIs."""
    from data.warehouse import Warehouse
    from olap import kpi
    from olap.catalog import read_catalog
    from olap.filters import Filters
    from olap.period import parse_period

    cols = "order_id, line_no, customer_id, order_ts, product_id, channel_id, quantity, unit_price, discount, revenue, cost"
    con = duckdb.connect(str(current_path(demo_pointer)), read_only=True)
    demo = con.execute(f"SELECT {cols} FROM fact_order_line ORDER BY order_id, line_no").df()
    con.close()
    demo.assign(is_return=demo["quantity"] < 0).to_parquet(tmp_path / "lines.parquet")  # returns need their flag
    _, result = run(tmp_path / "lines.parquet", pointer, new=True)
    assert result.rows_loaded == len(demo) and result.scores.startswith("rfm run"), result.scores
    got = table(pointer, "fact_order_line")[demo.columns.tolist()]
    pd.testing.assert_frame_equal(got, demo, check_dtype=False)
    readers = Warehouse(demo_pointer).cursor(), Warehouse(pointer).cursor()
    valid = read_catalog(readers[0])
    period = parse_period("2025-Q2", valid.data_start, valid.data_end)
    want, have = (kpi.compute_kpis(c, period, Filters()).current for c in readers)
    for key in ("revenue", "gross_margin", "orders", "active_customers", "aov", "repeat_rate"):
        assert have[key] == pytest.approx(want[key]), key


def test_a_failing_load_publishes_nothing_and_is_in_the_history(tmp_path, pointer, monkeypatch, capsys):
    from data.importer import write
    from data.importer.__main__ import main

    run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    before, versions = current_path(pointer), sorted(versions_dir(pointer).glob("*"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(write, "load_order_lines", broken)
    monkeypatch.setenv("XRM_DB", str(pointer))
    code = main(["load", str(tmp_path / "a.csv"), "--user", "unlucky"])
    err = capsys.readouterr().err
    assert code == 3 and "nothing was published" in err and "disk on fire" in err and "Traceback" not in err
    assert current_path(pointer) == before and sorted(versions_dir(pointer).glob("*")) == versions
    last = importer.history(1)[0]
    assert (last["actor"], last["status"], last["message"]) == ("unlucky", "failed", "RuntimeError: disk on fire")
    from data import opstore

    with opstore.engine().connect() as con:
        actions = [r[0] for r in con.execute(opstore.audit_log.select().with_only_columns(opstore.audit_log.c.action))]
    assert "import.failed" in actions and "import.loaded" in actions


def test_a_customers_file_does_not_reidentify_an_erased_customer(tmp_path, pointer, monkeypatch):
    import crm.customers

    run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    c1 = int(table(pointer, "dim_customer").query("name == 'Customer C1'")["customer_id"].iloc[0])
    monkeypatch.setattr(crm.customers, "erased_ids", lambda lineage: [c1])
    text = "customer_id,name,email\nC1,Kim Minji,minji@example.com\nC2,Lee Jun,jun@example.com\n"
    run(write_csv(tmp_path / "c.csv", text), pointer, entity="customers")
    customers = table(pointer, "dim_customer").set_index("customer_id")
    assert (customers.loc[c1, "name"], customers.loc[c1, "email"]) == (f"Anonymised customer {c1}", "")
    assert "Lee Jun" in set(customers["name"])


def test_a_full_disk_during_a_load_fails_cleanly(tmp_path, pointer, instance_dir, monkeypatch):
    """The file-size limit stands for a full disk (the write fails with an OS error): the load says
    nothing was published, the warehouse is unchanged, no partial version is left, the history says failed."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    run(write_csv(tmp_path / "a.csv", ORDERS), pointer, new=True)
    before_version, before = current_path(pointer), snapshot(pointer)
    limit = before_version.stat().st_size // 2  # the staging fits, the new version does not
    more = write_csv(tmp_path / "b.csv", "customer,order_date,amount\nC1,2025-07-01,1000\nC77,2025-07-02,5\n")
    script = (
        "import resource, signal, sys, runpy\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        f"sys.argv = ['xrm', 'load', {str(more)!r}, '--user', 'fulldisk']\n"
        "runpy.run_module('data.importer', run_name='__main__')\n"
    )
    # a store of its own, small and empty: the instance's shared store grows with the suite and could pass the
    # limit itself (the history write would then fail instead of the version's)
    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("XRM_STORE_URL", store)
    env = {**os.environ, "XRM_DB": str(pointer), "XRM_STORE_URL": store}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0 and "nothing was published" in done.stderr and "Traceback" not in done.stderr
    assert current_path(pointer) == before_version
    assert not list(versions_dir(pointer).glob("*.building*"))
    after = snapshot(pointer)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], check_exact=True)
    assert [r["status"] for r in importer.history(50) if r["actor"] == "fulldisk"] == ["failed"]
