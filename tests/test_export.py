"""Export content: what /export/* sends equals independent SQL on the same data, for analysts only."""

import csv
import datetime as dt
import io
import json
from urllib.parse import unquote

import duckdb
import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from olap import export
from olap.query import make_spec, to_dict
from tests.conftest import login

YEAR = {"from": "2025-01-01", "to": "2025-12-31"}


def spec_json(**fields) -> str:
    data = {"m": ["revenue"], "r": ["geo.country"], **YEAR, "limit": 500}
    data.update(fields)
    return json.dumps(data)


def read_csv(response) -> list[list[str]]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM first, so Excel reads Korean"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.get_data()))


def sql(path, query: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture
def analyst(client):
    login(client, "u_analyst")
    return client


COUNTRY_SQL = """
    SELECT c.country, sum(f.revenue), count(DISTINCT f.order_id), count(DISTINCT f.customer_id)
    FROM fact_order_line f JOIN dim_customer c USING (customer_id)
    WHERE f.order_ts >= DATE '2025-01-01' AND f.order_ts < DATE '2026-01-01'
    GROUP BY 1 ORDER BY 2 DESC"""


# --------------------------------------------------------------------------- view exports (tiny warehouse)


@pytest.mark.parametrize(
    "lang,headers",
    [("en", ["Country", "Revenue (USD)", "Orders", "Customers"]), ("ko", ["국가", "매출 (USD)", "주문 수", "고객 수"])],
)
def test_view_csv_equals_sql_with_headers_in_the_language(analyst, tiny_published, lang, headers):
    response = analyst.get(
        "/export/view.csv", query_string={"spec": spec_json(m=["revenue", "orders", "customers"]), "lang": lang}
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.is_streamed
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="xrm-revenue-orders-customers-by-country-2025-01-01_2025-12-31.csv"'
    )
    header, *rows = read_csv(response)
    assert header == headers
    expected = sql(tiny_published, COUNTRY_SQL)
    assert len(rows) == len(expected) == 4
    for row, (country, revenue, orders, customers) in zip(rows, expected, strict=True):
        assert row[0] == country
        assert float(row[1]) == pytest.approx(revenue)
        assert float(row[2]) == orders and float(row[3]) == customers


def test_compared_view_exports_the_previous_period_and_the_change(analyst, tiny_published):
    # Q4 2025 (the data ends Dec 24: partial) against the same part of Q3 2025 (Jul 1 - Sep 24)
    quarter = {"from": "2025-10-01", "to": "2025-12-31"}
    response = analyst.get("/export/view.csv", query_string={"spec": spec_json(**quarter), "cmp": "1"})
    header, *rows = read_csv(response)
    assert header == ["Country", "Revenue (USD)", "Revenue (previous) (USD)", "Revenue change vs previous"]
    by_country = """SELECT c.country, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
                    WHERE f.order_ts >= DATE '{}' AND f.order_ts < DATE '{}' GROUP BY 1"""
    now = dict(sql(tiny_published, by_country.format("2025-10-01", "2026-01-01")))
    before = dict(sql(tiny_published, by_country.format("2025-07-01", "2025-09-25")))
    assert before, "the fixture has sales in the quarter before"
    assert {r[0] for r in rows} == set(now)
    for country, revenue, previous, change in rows:
        assert float(revenue) == pytest.approx(now[country])
        if country in before:
            assert float(previous) == pytest.approx(before[country])
            assert float(change) == pytest.approx((now[country] - before[country]) / before[country])
        else:
            assert previous == "" and change == ""


def test_a_year_the_data_only_begins_in_is_not_compared(analyst, tiny_published):
    """2025 against 2024, of which the data holds only Oct 2 onwards: no figure that reads as a change."""
    response = analyst.get("/export/view.csv", query_string={"spec": spec_json(), "cmp": "1"})
    header, *rows = read_csv(response)
    assert header[2:] == ["Revenue (previous) (USD)", "Revenue change vs previous"]
    assert sql(tiny_published, "SELECT min(order_ts)::DATE FROM fact_order_line") == [(dt.date(2024, 10, 2),)]
    assert rows and all(previous == "" and change == "" for _, _, previous, change in rows)


def test_region_names_are_translated_in_a_korean_export(analyst, tiny_published):
    from olap import labels

    response = analyst.get("/export/view.csv", query_string={"spec": spec_json(r=["geo.region"]), "lang": "ko"})
    _, *rows = read_csv(response)
    regions = [r for (r,) in sql(tiny_published, "SELECT DISTINCT region FROM dim_customer")]
    assert sorted(r[0] for r in rows) == sorted(labels.region_label(r, "ko") for r in regions)
    assert "아시아" in {r[0] for r in rows}


def test_view_export_drops_the_display_limit(analyst, tiny_published):
    response = analyst.get("/export/view.csv", query_string={"spec": spec_json(limit=1)})
    _, *rows = read_csv(response)
    assert [r[0] for r in rows] == [r[0] for r in sql(tiny_published, COUNTRY_SQL)]


def test_view_sorted_as_asked(analyst, tiny_published):
    response = analyst.get("/export/view.csv", query_string={"spec": spec_json(sort="geo.country", desc=False)})
    _, *rows = read_csv(response)
    assert [r[0] for r in rows] == sorted(r[0] for r in sql(tiny_published, COUNTRY_SQL))


def test_view_xlsx_equals_sql_and_describes_itself(analyst, tiny_published):
    spec = spec_json(m=["revenue", "margin_pct", "orders"], f={"customer.type": ["B2C"]})
    response = analyst.get("/export/view.xlsx", query_string={"spec": spec, "lang": "en"})
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = read_xlsx(response)
    assert book.sheetnames == ["Data", "About"]
    data = book["Data"]
    header, *rows = list(data.iter_rows())
    assert [c.value for c in header] == ["Country", "Revenue (USD)", "Margin %", "Orders"]
    assert all(c.font.b for c in header)
    assert data.freeze_panes == "B2"
    expected = sql(
        tiny_published,
        """SELECT c.country, sum(f.revenue), sum(f.revenue - f.cost) / sum(f.revenue), count(DISTINCT f.order_id)
           FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           WHERE f.order_ts >= DATE '2025-01-01' AND f.order_ts < DATE '2026-01-01' AND c.customer_type = 'B2C'
           GROUP BY 1 ORDER BY 2 DESC""",
    )
    assert [[c.value for c in r] for r in rows] == [
        [country, pytest.approx(rev), pytest.approx(margin), orders] for country, rev, margin, orders in expected
    ]
    assert {r[1].number_format for r in rows} == {"#,##0.00"}
    assert {r[2].number_format for r in rows} == {"0.0%"}
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Measures"] == "Revenue, Margin %, Orders"
    assert about["Filters"] == "Customer type: Consumers (B2C)"
    assert about["Period"] == "2025-01-01 – 2025-12-31"
    assert about["Exported by"] == "u_analyst"
    assert about["Rows"] == str(len(expected))
    from data.warehouse import get_warehouse

    assert about["Data version"] == get_warehouse().version()


def test_id_levels_export_the_id_and_the_name(analyst, tiny_published):
    response = analyst.get("/export/view.csv", query_string={"spec": spec_json(r=["customer.customer"])})
    header, *rows = read_csv(response)
    assert header == ["Customer ID", "Customer", "Revenue (USD)"]
    expected = sql(
        tiny_published,
        """SELECT f.customer_id, c.name, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           WHERE f.order_ts >= DATE '2025-01-01' AND f.order_ts < DATE '2026-01-01' GROUP BY 1, 2 ORDER BY 3 DESC""",
    )
    assert [(int(a), b, float(c)) for a, b, c in rows] == [(a, b, pytest.approx(c)) for a, b, c in expected]


def test_pivot_export_has_exact_totals_like_the_page(analyst, tiny_published):
    """Customers (a distinct count) by type × quarter: totals are queried, never summed."""
    spec = spec_json(m=["customers"], r=["customer.type"], c=["time.quarter"], **{"from": "2024-01-01"})
    response = analyst.get("/export/view.xlsx", query_string={"spec": spec})
    header, *rows = list(read_xlsx(response)["Data"].iter_rows(values_only=True))
    quarters = ["Q4 2024", "Q3 2025", "Q4 2025"]
    assert header == ("Customer type", *quarters, "Total")
    lines = """FROM fact_order_line f JOIN dim_customer c USING (customer_id)
               WHERE f.order_ts >= DATE '2024-01-01' AND f.order_ts < DATE '2026-01-01'"""
    q = "strftime(f.order_ts, '%Y') || '-Q' || quarter(f.order_ts)"
    cells = {
        (a, b): n
        for a, b, n in sql(
            tiny_published, f"SELECT c.customer_type, {q}, count(DISTINCT customer_id) {lines} GROUP BY 1, 2"
        )
    }
    by_type = dict(sql(tiny_published, f"SELECT c.customer_type, count(DISTINCT customer_id) {lines} GROUP BY 1"))
    by_quarter = dict(sql(tiny_published, f"SELECT {q}, count(DISTINCT customer_id) {lines} GROUP BY 1"))
    (grand,) = sql(tiny_published, f"SELECT count(DISTINCT customer_id) {lines}")[0]
    *body, total = rows
    assert [r[0] for r in body] == ["B2C", "B2B"]  # biggest first, as the page
    for row in body:
        keys = ["2024-Q4", "2025-Q3", "2025-Q4"]
        assert list(row[1:4]) == [cells.get((row[0], k)) for k in keys]
        assert row[4] == by_type[row[0]]
    assert body[0][4] < sum(v or 0 for v in body[0][1:4])  # a customer in two quarters counts once
    assert total == ("Total", by_quarter["2024-Q4"], by_quarter["2025-Q3"], by_quarter["2025-Q4"], grand)

    # the same numbers as the Explore page's pivot grid
    from callbacks.explore import pivot_table
    from olap.explore_state import load_state

    with analyst.application.test_request_context("/"):
        state = load_state(
            {
                "m": "customers",
                "r": "customer.type",
                "c": "time.quarter",
                "view": "pivot",
                "from": "2024-01-01",
                "to": "2025-12-31",
            }
        )
        page_rows, _, page_total, members = pivot_table(state, "en")
    assert members == ["2024-Q4", "2025-Q3", "2025-Q4"]
    assert [[r["_member"], *(r[f"c{i}"] for i in range(3)), r["_total"]] for r in page_rows] == [list(r) for r in body]
    assert [page_total[0][f"c{i}"] for i in range(3)] + [page_total[0]["_total"]] == list(total[1:])


def test_pivot_of_several_measures_names_each_block(tiny_published):
    spec = make_spec(
        ["revenue", "orders"], rows=["geo.region"], columns=["channel.group"], start="2025-01-01", end="2025-12-31"
    )
    table = export.view_table(spec, "ko")
    headers = [c.header for c in table.columns]
    # offline sold more in 2025 (500 vs 80), so it comes first, as in the page
    off, on = "오프라인", "온라인"
    assert headers == ["권역"] + [f"{m} · {c}" for m in ("매출", "주문 수") for c in (off, on, "합계")]
    by_group = dict(
        sql(
            tiny_published,
            """SELECT ch.channel_group, sum(f.revenue) FROM fact_order_line f JOIN dim_channel ch USING (channel_id)
               WHERE f.order_ts >= DATE '2025-01-01' GROUP BY 1""",
        )
    )
    assert table.rows[-1][1:3] == [pytest.approx(by_group["offline"]), pytest.approx(by_group["online"])]
    (total,) = sql(
        tiny_published,
        "SELECT sum(revenue), count(DISTINCT order_id) FROM fact_order_line WHERE order_ts >= DATE '2025-01-01'",
    )
    assert table.rows[-1][0] == "합계"
    assert table.rows[-1][3] == pytest.approx(total[0]) and table.rows[-1][6] == total[1]


def test_unicode_and_quotes_in_a_filter_are_just_values(analyst, tiny_published):
    odd = 'Côte d\'Ivoire "x"; DROP TABLE dim_customer; --'
    spec = spec_json(f={"geo.country": ["Germany", odd]})
    response = analyst.get("/export/view.csv", query_string={"spec": spec})
    _, *rows = read_csv(response)
    assert [r[0] for r in rows] == ["Germany"]
    response = analyst.get("/export/view.xlsx", query_string={"spec": spec, "lang": "ko"})
    about = dict(read_xlsx(response)["내보내기 정보"].iter_rows(values_only=True))
    assert about["필터"] == f"국가: Germany, {odd}"
    assert json.loads(about["보기 정의"])["f"] == {"geo.country": ["Germany", odd]}
    # the warehouse is untouched
    assert sql(tiny_published, "SELECT count(*) FROM dim_customer")[0][0] == 4


def test_unicode_member_names_the_file_with_an_ascii_fallback():
    spec = make_spec(["revenue"], rows=["geo.country"], start="2025-01-01", end="2025-12-31")
    stem = export.file_stem(spec, {"geo.city": "서울 Seoul"})
    assert stem == "xrm-detail-sales-city-서울-Seoul-2025-01-01_2025-12-31"
    header = export.content_disposition(stem + ".csv")
    assert header.startswith('attachment; filename="xrm-detail-sales-city-Seoul-2025-01-01_2025-12-31.csv"; ')
    assert unquote(header.split("filename*=UTF-8''")[1]) == stem + ".csv"
    assert export.ascii_name('a/b\\c"d.csv') == "a-b-c-d.csv"


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("user", ["u_marketer", "u_executive", "u_partner_manager"])
@pytest.mark.parametrize("path", ["/export/view.csv", "/export/view.xlsx", "/export/detail.csv", "/export/detail.xlsx"])
def test_other_roles_get_403(client, user, path):
    login(client, user)
    response = client.get(path, query_string={"spec": spec_json(), "cell": "{}"})
    assert response.status_code == 403
    assert "analysts" in response.get_data(as_text=True)


def test_admin_may_export(client):
    login(client, "u_admin")
    assert client.get("/export/view.csv", query_string={"spec": spec_json()}).status_code == 200


def test_anonymous_gets_no_data(client):
    response = client.get("/export/view.csv", query_string={"spec": spec_json()})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=/export/view.csv")
    assert b"Germany" not in response.get_data()


@pytest.mark.parametrize(
    "path,query,status,message",
    [
        ("/export/view.csv", {}, 400, "names no view"),
        ("/export/view.csv", {"spec": "{not json"}, 400, "could not be read"),
        ("/export/view.csv", {"spec": "[1, 2]"}, 400, "could not be read"),
        ("/export/view.xlsx", {"spec": spec_json(m=["profit"])}, 400, "“profit” is not a measure"),
        ("/export/view.csv", {"spec": spec_json(r=["geo.planet"])}, 400, "“geo.planet” is not a level"),
        ("/export/view.csv", {"spec": spec_json(**{"from": "2025-02-30"})}, 400, "is not a date"),
        (
            "/export/view.csv",
            {"spec": spec_json(**{"from": "2025-12-01", "to": "2025-01-01"})},
            400,
            "ends (2025-01-01) before",
        ),
        ("/export/view.csv", {"spec": spec_json(m=["sessions"], r=["product.category"])}, 400, "cannot be broken down"),
        ("/export/detail.csv", {"spec": spec_json(), "cell": "[1]"}, 400, "cell in the export link"),
        ("/export/detail.csv", {"spec": spec_json(), "cell": "{oops"}, 400, "cell in the export link"),
        ("/export/detail.csv", {"spec": spec_json(), "cell": '{"geo.moon": "x"}'}, 400, "“geo.moon” is not a level"),
        ("/export/detail.xlsx", {"spec": spec_json(), "cell": '{"time.month": "2025-13"}'}, 400, "not a valid Month"),
        ("/export/summary.csv", {"spec": spec_json()}, 404, "does not exist"),
        ("/export/view.pdf", {"spec": spec_json()}, 404, "does not exist"),
    ],
)
def test_bad_links_get_a_clear_plain_text_message(analyst, path, query, status, message):
    response = analyst.get(path, query_string=query)
    text = response.get_data(as_text=True)
    assert response.status_code == status, text
    assert response.mimetype == "text/plain"
    assert message in text and "Traceback" not in text


def test_refusals_follow_the_language(analyst):
    response = analyst.get("/export/view.csv", query_string={"spec": spec_json(m=["profit"]), "lang": "ko"})
    assert response.status_code == 400 and "측정값이 아닙니다" in response.get_data(as_text=True)


def test_too_many_rows_for_excel_is_refused_but_csv_is_not(analyst, monkeypatch):
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 2)
    response = analyst.get("/export/view.xlsx", query_string={"spec": spec_json()})
    assert response.status_code == 413
    assert "more than one Excel sheet holds (2)" in response.get_data(as_text=True)
    assert analyst.get("/export/view.csv", query_string={"spec": spec_json()}).status_code == 200


def test_warehouse_unavailable_is_503(analyst, monkeypatch):
    from callbacks import export_routes
    from data.warehouse import WarehouseUnavailable

    def missing():
        raise WarehouseUnavailable("No warehouse found at /nowhere. Run `make run`.")

    monkeypatch.setattr(export_routes, "get_warehouse", missing)
    response = analyst.get("/export/view.csv", query_string={"spec": spec_json()})
    assert response.status_code == 503 and "make run" in response.get_data(as_text=True)


def test_each_export_is_audited(analyst):
    from data import opstore

    analyst.get("/export/view.csv", query_string={"spec": spec_json(f={"geo.country": ["Japan"]})})
    with opstore.engine().connect() as con:
        row = con.execute(
            sa.select(opstore.audit_log.c.actor, opstore.audit_log.c.subject, opstore.audit_log.c.detail)
            .where(opstore.audit_log.c.action == "export")
            .order_by(opstore.audit_log.c.id.desc())
        ).first()
    assert row.actor == "u_analyst" and row.subject == "view.csv"
    detail = json.loads(row.detail)
    assert detail["spec"]["f"] == {"geo.country": ["Japan"]} and detail["rows"] == 1 and detail["version"]


# --------------------------------------------------------------------------- detail rows (generated demo data)


@pytest.fixture(scope="module")
def demo(demo_pointer):
    from data import warehouse as wh

    with wh.use_warehouse(demo_pointer):
        yield demo_pointer


def biggest_country(path) -> str:
    return sql(
        path,
        """SELECT c.country FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           WHERE f.order_ts >= DATE '2025-01-01' AND f.order_ts < DATE '2026-01-01'
           GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""",
    )[0][0]


def detail_lines(path, country: str) -> list[tuple]:
    return sql(
        path,
        """SELECT f.order_id, f.line_no, f.revenue FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           WHERE f.order_ts >= DATE '2025-01-01' AND f.order_ts < DATE '2026-01-01' AND c.country = ?
           ORDER BY f.order_ts, f.order_id, f.line_no""",
        [country],
    )


def test_detail_csv_has_every_row_behind_the_cell(analyst, demo):
    country = biggest_country(demo)
    query = {"spec": spec_json(), "cell": json.dumps({"geo.country": country}), "lang": "en"}
    response = analyst.get("/export/detail.csv", query_string=query)
    assert response.status_code == 200 and response.is_streamed
    header, *rows = read_csv(response)
    assert header[:6] == ["Order ID", "Line", "Ordered at", "Customer ID", "Customer", "Country"]
    assert "Revenue (USD)" in header and "Discount" in header
    expected = detail_lines(demo, country)
    (count,) = sql(demo, *export_count_sql(country))[0]
    assert len(rows) == len(expected) == count > 100
    revenue = header.index("Revenue (USD)")
    assert [(int(r[0]), int(r[1]), float(r[revenue])) for r in rows] == [
        (o, n, pytest.approx(v)) for o, n, v in expected
    ]
    assert {r[5] for r in rows} == {country}
    assert len(rows[0][2]) == len("2025-01-01 00:00:00")  # whole seconds, no .000000 tail


def export_count_sql(country):
    from olap.query import detail_count

    spec = make_spec(["revenue"], rows=["geo.country"], start="2025-01-01", end="2025-12-31")
    return detail_count(spec, {"geo.country": country})


def test_detail_csv_of_the_whole_view_in_korean(analyst, demo):
    query = {"spec": spec_json(), "cell": "{}", "lang": "ko"}
    response = analyst.get("/export/detail.csv", query_string=query)
    header, *rows = read_csv(response)
    assert header[:3] == ["주문 ID", "행 번호", "주문 일시"]
    (count,) = sql(
        demo,
        "SELECT count(*) FROM fact_order_line WHERE order_ts >= DATE '2025-01-01' AND order_ts < DATE '2026-01-01'",
    )[0]
    assert len(rows) == count


def test_detail_xlsx_equals_the_csv(analyst, demo):
    country = biggest_country(demo)
    query = {"spec": spec_json(), "cell": json.dumps({"geo.country": country})}
    _, *csv_rows = read_csv(analyst.get("/export/detail.csv", query_string=query))
    response = analyst.get("/export/detail.xlsx", query_string=query)
    assert response.status_code == 200
    book = read_xlsx(response)
    header, *rows = list(book["Data"].iter_rows())
    names = [c.value for c in header]
    assert len(rows) == len(csv_rows)
    revenue, discount = names.index("Revenue (USD)"), names.index("Discount")
    assert [(r[0].value, r[revenue].value) for r in rows] == [
        (int(c[0]), pytest.approx(float(c[revenue]))) for c in csv_rows
    ]
    assert rows[0][revenue].number_format == "#,##0.00" and rows[0][discount].number_format == "0.0%"
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Cell"] == f"Country: {country}" and about["Rows"] == f"{len(rows):,}"


def test_detail_xlsx_over_the_sheet_limit_is_413(analyst, demo, monkeypatch):
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 10)
    response = analyst.get("/export/detail.xlsx", query_string={"spec": spec_json(), "cell": "{}"})
    assert response.status_code == 413 and "CSV" in response.get_data(as_text=True)


def test_detail_streams_in_batches_that_join_up(demo):
    from data.warehouse import get_warehouse

    spec = make_spec(["revenue"], rows=["geo.country"], start="2025-01-01", end="2025-12-31")
    columns = export.detail_columns(spec, "en")
    whole = b"".join(export.batches_csv(columns, export.DetailRows(spec, {}, get_warehouse())))
    chunks = list(export.batches_csv(columns, export.DetailRows(spec, {}, get_warehouse(), batch_rows=1000)))
    assert len(chunks) > 3
    assert b"".join(chunks) == whole


def test_detail_of_another_fact_uses_its_columns(analyst, demo):
    spec = spec_json(m=["tickets"], r=["product.category"])
    response = analyst.get("/export/detail.csv", query_string={"spec": spec, "cell": "{}"})
    header, *rows = read_csv(response)
    assert header[:3] == ["Ticket ID", "Opened at", "Closed at"]
    (count,) = sql(
        demo,
        "SELECT count(*) FROM fact_service_ticket WHERE opened_ts >= DATE '2025-01-01' AND opened_ts < DATE '2026-01-01'",
    )[0]
    assert len(rows) == count


# --------------------------------------------------------------------------- the page


def test_the_page_links_to_these_routes_and_offers_png(dash_app):
    from flask_login import login_user

    from auth.users import get_user
    from pages.explore import GRAPH_CONFIG, layout

    with dash_app.server.test_request_context("/"):
        login_user(get_user("u_analyst"))
        page = str(layout(r="geo.country", p="2025"))
        assert "/export/view.csv?" in page and "/export/view.xlsx?" in page and "explore-export-png" in page
        detail = str(layout(r="geo.country", p="2025", view="detail"))
        assert "/export/detail.csv?" in detail and "/export/detail.xlsx?" in detail
        login_user(get_user("u_marketer"))
        assert "/export/" not in str(layout(r="geo.country", p="2025"))
    assert GRAPH_CONFIG.get("displayModeBar", True) is not False
    assert "toImage" not in GRAPH_CONFIG["modeBarButtonsToRemove"]
    assert GRAPH_CONFIG["toImageButtonOptions"]["format"] == "png"


def test_page_link_spec_round_trips(dash_app):
    """The page writes the spec with to_dict; the route reads it back to the same spec."""
    spec = make_spec(
        ["revenue", "orders"],
        rows=["geo.country"],
        filters={"customer.type": ["B2B"]},
        start="2025-01-01",
        end="2025-06-30",
        limit=500,
    )
    assert export.parse_spec(json.dumps(to_dict(spec))) == spec


def test_detail_reads_month_by_month_only_when_the_order_starts_with_time():
    import datetime as dt

    spec = make_spec(["revenue"], rows=["geo.country"], start="2024-11-15", end="2025-02-03")
    windows = export.month_windows(spec)
    assert [(w.start, w.end) for w in windows] == [
        (dt.date(2024, 11, 15), dt.date(2024, 11, 30)),
        (dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
        (dt.date(2025, 2, 1), dt.date(2025, 2, 3)),
    ]
    assert all(w.filters == spec.filters and w.measures == spec.measures for w in windows)
    # campaign contacts are listed by campaign, not by time: one query keeps their order
    contacts = make_spec(["contacts"], start="2024-11-15", end="2025-02-03")
    assert export.month_windows(contacts) == [contacts]
    assert export.month_windows(make_spec(["revenue"])) == [make_spec(["revenue"])]
    opportunities = make_spec(["opportunities"], start="2025-01-01", end="2025-03-31")
    assert len(export.month_windows(opportunities)) == 3


def test_contact_details_stream_in_their_own_order(analyst, demo):
    spec = spec_json(m=["contacts"], r=["channel.group"])
    response = analyst.get("/export/detail.csv", query_string={"spec": spec, "cell": "{}"})
    header, *rows = read_csv(response)
    assert header[:2] == ["Campaign ID", "Campaign"]
    expected = sql(
        demo,
        """SELECT k.campaign_id, k.customer_id FROM fact_campaign_contact k
           LEFT JOIN dim_campaign cam ON cam.campaign_id = k.campaign_id
           WHERE coalesce(k.sent_ts, cam.start_date::TIMESTAMP) >= DATE '2025-01-01'
             AND coalesce(k.sent_ts, cam.start_date::TIMESTAMP) < DATE '2026-01-01'
           ORDER BY 1, 2""",
    )
    assert [(int(r[0]), int(r[2])) for r in rows] == expected
