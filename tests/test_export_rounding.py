"""Summary exports round money to cents; detail exports keep every stored value (issue 17 item 11)."""

import csv
import io
import json

import duckdb
import pytest
from openpyxl import load_workbook

from olap import export
from tests.conftest import login

YEAR = {"from": "2025-01-01", "to": "2025-12-31"}
COUNTRY_SQL = """SELECT c.country, sum(f.revenue), count(DISTINCT f.order_id)
                 FROM fact_order_line f JOIN dim_customer c USING (customer_id)
                 WHERE f.order_ts >= DATE '2025-01-01' AND f.order_ts < DATE '2026-01-01' GROUP BY 1"""


@pytest.fixture
def analyst(client):
    login(client, "u_analyst")
    return client


def sql(path, query: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data()[3:].decode("utf-8"))))


def spec(**fields) -> str:
    return json.dumps({"m": ["revenue", "orders"], "r": ["geo.country"], **YEAR, "limit": 500, **fields})


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (1234.5600000001, "money", 1234.56),
        (0.005000001, "money", 0.01),
        (-12.344999, "money", -12.34),
        (1234.5600000001, "count", 1234.5600000001),
        (0.123456, "percent", 0.123456),
        (None, "money", None),
        (float("nan"), "money", None),
    ],
)
def test_summary_values_round_money_only(value, kind, shown):
    assert export._shown(value, kind) == shown


def test_view_csv_rounds_money_to_cents_and_keeps_counts(analyst, tiny_published):
    header, *rows = rows_of(analyst.get("/export/view.csv", query_string={"spec": spec()}))
    expected = {country: (revenue, orders) for country, revenue, orders in sql(tiny_published, COUNTRY_SQL)}
    assert len(rows) == len(expected)
    for country, revenue, orders in rows:
        assert decimals(revenue) <= 2
        assert float(revenue) == round(expected[country][0], 2)
        assert float(orders) == expected[country][1]


def test_pivot_xlsx_rounds_money_cells_and_totals(analyst, tiny_published):
    query = {"spec": spec(m=["revenue"], r=["geo.region"], c=["time.quarter"])}
    _, *rows = list(
        load_workbook(io.BytesIO(analyst.get("/export/view.xlsx", query_string=query).get_data()))["Data"].iter_rows(
            values_only=True
        )
    )
    numbers = [v for row in rows for v in row[1:] if isinstance(v, (int, float))]
    assert numbers and all(v == round(v, 2) for v in numbers)
    (grand,) = sql(
        tiny_published,
        COUNTRY_SQL.replace("c.country, ", "").replace(", count(DISTINCT f.order_id)", "").replace(" GROUP BY 1", ""),
    )[0]
    assert rows[-1][-1] == round(grand, 2)


@pytest.fixture
def demo(demo_pointer):
    from data import warehouse as wh

    with wh.use_warehouse(demo_pointer):
        yield demo_pointer


def test_detail_csv_keeps_exact_line_values_and_the_summary_rounds_them(analyst, demo):
    """The demo's line revenue carries fractions of a cent (net of discount): the detail export keeps
    them as stored; the same cell's summary export rounds its sum to cents."""
    (country,) = sql(demo, "SELECT country FROM dim_customer GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0]
    cell = json.dumps({"geo.country": country})
    response = analyst.get("/export/detail.csv", query_string={"spec": spec(m=["revenue"]), "cell": cell})
    assert response.status_code == 200
    header, *rows = rows_of(response)
    column = header.index("Revenue (USD)")
    stored = sorted(
        v
        for (v,) in sql(
            demo,
            f"""SELECT f.revenue FROM fact_order_line f JOIN dim_customer c USING (customer_id)
                WHERE f.order_ts >= DATE '2025-01-01' AND f.order_ts < DATE '2026-01-01' AND c.country = '{country}'""",
        )
    )
    assert sorted(float(r[column]) for r in rows) == stored  # exactly, every digit
    assert any(decimals(r[column]) > 2 for r in rows)
    _, *summary = rows_of(analyst.get("/export/view.csv", query_string={"spec": spec(m=["revenue"])}))
    shown = dict((r[0], r[1]) for r in summary)[country]
    assert decimals(shown) <= 2 and float(shown) == round(sum(stored), 2)
