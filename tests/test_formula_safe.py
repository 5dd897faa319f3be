"""No file XRM writes lets a spreadsheet run a cell as a formula (issue 13, finding 1).

A customer named ``=HYPERLINK("http://x","click")`` (or starting with ``+``, ``-``, ``@``, a tab, a
carriage return) comes out of every CSV with an apostrophe in front and of every Excel file as
text, never as a formula; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pyarrow as pa
import pytest
from openpyxl import load_workbook

from data.cells import formula_safe
from olap import export
from tests.conftest import login

ATTACK = '=HYPERLINK("http://x","click")'
PAYLOADS = [ATTACK, "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_formula_text_gets_an_apostrophe(text):
    assert formula_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", "3-4", "", None, -5, -2.5, 0])
def test_other_values_are_untouched(value):
    assert formula_safe(value) == value


def _columns(*kinds):
    return [export.Column(f"h{i}", kind) for i, kind in enumerate(kinds)]


def test_csv_writers_make_text_safe_and_keep_numbers():
    table = export.Table(_columns("text", "money"), [[p, -5.0] for p in PAYLOADS])
    rows = list(csv.reader(io.StringIO(b"".join(export.table_csv(table))[3:].decode("utf-8"), newline="")))[1:]
    assert [r[0] for r in rows] == ["'" + p.replace("\r", "\n") for p in PAYLOADS] and {r[1] for r in rows} == {"-5.0"}
    batch = pa.RecordBatch.from_pydict({"name": PAYLOADS + ["ok"], "n": [-1] * 7})
    text = b"".join(export.batches_csv(_columns("text", "count"), [batch]))[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    # a lone carriage return inside text becomes a line break, so the field is quoted and the row holds
    assert [r[0] for r in rows] == ["'" + p.replace("\r", "\n") for p in PAYLOADS] + ["ok"]
    assert {r[1] for r in rows} == {"-1"}


def test_excel_cells_hold_formula_text_as_text(tmp_path):
    path = tmp_path / "x.xlsx"
    export.write_xlsx(path, _columns("text", "money"), [[p, -5.0] for p in PAYLOADS], [], "en")
    data = load_workbook(path)["Data"]
    cells = [row[0] for row in data.iter_rows(min_row=2)]
    assert [c.value for c in cells] == PAYLOADS  # readable as written …
    assert {c.data_type for c in cells} == {"s"} and all(c.quotePrefix for c in cells)  # … and never run
    assert {row[1].value for row in data.iter_rows(min_row=2)} == {-5.0}


@pytest.fixture
def attacked(tmp_path, demo_pointer):
    """The demo warehouse with a customer whose name is a formula, as the process's warehouse."""
    import shutil

    from data.warehouse import current_path, use_warehouse
    from jobs.derive import build_derived

    path = tmp_path / "attacked.duckdb"
    shutil.copy(current_path(demo_pointer), path)
    con = duckdb.connect(str(path))
    con.execute(
        "UPDATE dim_customer SET name = ? WHERE customer_id = (SELECT min(customer_id) FROM fact_order_line)", [ATTACK]
    )
    build_derived(con)  # the rollups keep member names: rebuilt as a load would
    con.close()
    with use_warehouse(path):
        yield path


SPEC = json.dumps(
    {"m": ["revenue"], "r": ["customer.customer"], "from": "2020-01-01", "to": "2025-12-31", "limit": 100000}
)


def test_exports_of_an_attacked_warehouse_are_safe(client, attacked):
    from olap import engine

    engine.clear_cache()
    login(client, "u_analyst")
    cells = _csv_cells(client.get("/export/view.csv", query_string={"spec": SPEC}))
    assert "'" + ATTACK in cells and ATTACK not in cells
    book = load_workbook(io.BytesIO(client.get("/export/view.xlsx", query_string={"spec": SPEC}).get_data()))
    named = [c for row in book["Data"].iter_rows() for c in row if c.value == ATTACK]
    assert named and all(c.data_type == "s" for c in named)
    cells = _csv_cells(client.get("/export/detail.csv", query_string={"spec": SPEC, "cell": "{}"}))
    assert "'" + ATTACK in cells and ATTACK not in cells


def _csv_cells(response) -> set[str]:
    text = response.get_data()[3:].decode("utf-8")
    return {cell for row in csv.reader(io.StringIO(text)) for cell in row}


def test_the_import_error_report_is_formula_safe(tmp_path):
    """A rejected value that looks like a formula is reported as text (the report opens in Excel)."""
    from tests.test_importer import validate_text

    text = (
        "order_id,line_no,customer_id,order_date,revenue,quantity,unit_price,is_return\n"
        f'1,1,C1,"{ATTACK.replace(chr(34), chr(34) * 2)}",10,1,10,no\n'
        "2,1,C2,2025-01-01,@SUM(A1),1,10,no\n"
    )
    v = validate_text(tmp_path, text)
    report = v.write_error_report(tmp_path / "errors.csv")
    values = [row["value"] for row in csv.DictReader(io.StringIO(report.read_text(encoding="utf-8"), newline=""))]
    assert sorted(values) == sorted(["'" + ATTACK, "'@SUM(A1)"])


def test_campaign_contact_files_are_formula_safe(tmp_path):
    import pandas as pd

    from crm.campaigns.contacts import CONTACT_COLUMNS, write_files

    row = {c: "" for c in CONTACT_COLUMNS} | {"channel": "Email", CONTACT_COLUMNS[1]: ATTACK, CONTACT_COLUMNS[0]: 7}
    written = write_files(pd.DataFrame([row]), tmp_path)
    text = (tmp_path / written["Email"]["file"]).read_text(encoding="utf-8")
    cells = {cell for line in csv.reader(io.StringIO(text, newline="")) for cell in line}
    assert "'" + ATTACK in cells and ATTACK not in cells and "7" in cells
