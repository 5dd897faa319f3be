"""Stored XSS and formula payloads through import → every page and every export (issue 13, item 4).

A warehouse is built by importing files as a user would (order lines, customers, products, partners,
channels, campaigns, campaign contacts) whose text fields carry the payloads. Every page (enumerated
from the page registry, opened on the payload-carrying customers, partners and members) must give
them back only as JSON strings — never as markup: no ``dangerously_allow_html``, no Markdown with raw
HTML, no link to ``javascript:`` — and one real browser pass must see no dialog and no injected
element. Every export is formula-safe per ``data.cells`` and its workbook holds no formula."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlencode

import duckdb
import pytest
from openpyxl import load_workbook

from data.cells import FORMULA_START, csv_text
from tests import replay
from tests.conftest import login

XSS = [
    '<script>alert("xss1")</script>',
    '<img src=x onerror=alert("xss2")>',
    'javascript:alert("xss3")',
    '"><svg onload=alert("xss4")>',
    "'><iframe src=javascript:alert(5)></iframe>",
    '<a href="javascript:alert(6)">six</a>',
    "x](javascript:alert(7))[y",
]
FORMULAS = ['=HYPERLINK("http://x","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
PAYLOADS = XSS + FORMULAS
LINK_PROPS = ("href", "src", "srcDoc", "action", "formAction", "data")


def _write(folder, name: str, header: list[str], rows: list[list]) -> object:
    path = folder / name
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def import_payloads(folder, pointer) -> None:
    """Each entity's file through the importer (detect, validate, load), as ``python -m data.importer``."""
    from data import importer
    from data.importer import open_source
    from jobs.derive import derive

    n = len(PAYLOADS)
    files = [
        ("order_lines", ["order_id", "line_no", "customer_id", "product_id", "channel_id", "partner_id", "campaign_id",
                         "order_date", "quantity", "unit_price"],
         [[100 + 3 * i + j, 1, f"C{i}", f"P{(i + j) % n}", f"H{i}", f"R{i}", f"K{i}", f"2025-0{1 + j}-1{i % 9}",
           1 + j, 10 + i] for i in range(n) for j in range(3)]),
        ("customers", ["customer_id", "name", "customer_type", "country", "region", "city", "segment", "company"],
         [[f"C{i}", p, "B2C", "Germany", p, p, p, p] for i, p in enumerate(PAYLOADS)]),
        ("products", ["product_id", "name", "category", "subcategory", "unit_price"],
         [[f"P{i}", p, p, p, 10] for i, p in enumerate(PAYLOADS)]),
        ("partners", ["partner_id", "name", "partner_type", "country", "region", "tier"],
         [[f"R{i}", p, p, "Germany", p, p] for i, p in enumerate(PAYLOADS)]),
        ("channels", ["channel_id", "name", "channel_group"], [[f"H{i}", p, "online"] for i, p in enumerate(PAYLOADS)]),
        ("campaigns", ["campaign_id", "name", "objective", "start_date", "end_date", "budget"],
         [[f"K{i}", p, p, "2025-01-01", "2025-03-31", 100] for i, p in enumerate(PAYLOADS)]),
        ("campaign_contacts", ["campaign_id", "customer_id", "group_name", "channel_id", "sent_ts"],
         [[f"K{i % 3}", f"C{i}", "target" if i % 2 else "control", f"H{i}", "2025-01-02"] for i in range(n)]),
    ]  # fmt: skip
    for number, (entity, header, rows) in enumerate(files):
        source = open_source(_write(folder, f"{entity}.csv", header, rows))
        new = number == 0
        validation = importer.validate(source, importer.detect(source, entity), pointer=pointer, new_warehouse=new)
        result = importer.load(validation, "tester", policy="reject", new_warehouse=new, pointer=pointer, derive=derive)
        assert result.status == "loaded", (entity, result)


@pytest.fixture(scope="module")
def payload_pointer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("payloads")
    pointer = folder / "wh" / "xrm.duckdb"
    import_payloads(folder, pointer)
    return pointer


@pytest.fixture(scope="module")
def attacked(dash_app, payload_pointer):
    """The imported warehouse as the process's one; its ids by payload."""
    from data.warehouse import current_path, use_warehouse
    from olap import engine

    con = duckdb.connect(str(current_path(payload_pointer)), read_only=True)
    ids = {
        table: dict(con.execute(f"SELECT name, {key} FROM {table}").fetchall())
        for table, key in (("dim_customer", "customer_id"), ("dim_partner", "partner_id"),
                           ("dim_product", "product_id"), ("dim_campaign", "campaign_id"))
    }  # fmt: skip
    con.close()
    engine.clear_cache()
    with use_warehouse(payload_pointer):
        yield ids
    engine.clear_cache()


def page_urls(ids: dict) -> list[str]:
    """Every registered page, and the pages that take ids or members on the payload-carrying ones."""
    import dash

    urls = [p["path"] for p in dash.page_registry.values()]
    for customer in ids["dim_customer"].values():
        urls.append(f"/customers?id={customer}")
    for name, partner in ids["dim_partner"].items():
        urls += [f"/partners?partner={partner}", f"/partners/scorecard?partner={partner}"]
        urls.append("/explore?" + urlencode({"r": "geo.country", "f.geo.region": name, "p": "2025"}))
    for level, row in (("product.category", "product.product"), ("customer.segment", "customer.customer"),
                       ("geo.city", "partner.partner")):  # fmt: skip
        for view in ("chart", "pivot", "detail"):
            query = {"r": row, "p": "2025", "view": view, "c": "channel.channel", f"f.{level}": PAYLOADS}
            urls.append("/explore?" + urlencode(query, doseq=True))
    urls += ["/customers?" + urlencode({"q": p}) for p in XSS[:3]]
    urls += ["/partners?" + urlencode({"q": "<", "region": XSS[0]}), "/campaigns?p=2025"]
    return urls


def markup_problems(text: str) -> list[str]:
    """What in one JSON answer could turn stored text into markup or script."""
    found = []
    try:
        tree = json.loads(text)
    except ValueError:
        return found

    def walk(node, key=None):
        if isinstance(node, dict):
            if node.get("dangerously_allow_html") or node.get("dangerously_allow_code"):
                found.append(f"HTML allowed in {node.get('id') or node}")
            if node.get("type") == "Markdown" and "<" in json.dumps(node.get("props", {}).get("children")):
                found.append("markdown with markup")
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            if key in LINK_PROPS and re.match(r"\s*(javascript|data|vbscript):", node, re.I):
                found.append(f"{key}={node!r}")
            markdown = node.startswith("[")  # the app's markdown cells are links: [name](/path)
            for target in re.findall(r"(?<!\\)\]\(\s*([^)\s]*)", node) if markdown else ():
                if not target.startswith("/") and not target.startswith("#"):
                    found.append(f"markdown link to {target!r}")

    walk(tree)
    return found


@pytest.mark.parametrize("role", ["admin", "marketer"])
def test_every_page_gives_payloads_back_only_as_text(dash_app, attacked, role):
    client = dash_app.server.test_client()
    login(client, f"u_{role}")
    callbacks = replay.server_callbacks(dash_app)
    seen_payloads: set[str] = set()
    answers = 0
    for url in page_urls(attacked):
        visit = replay.visit(client, dash_app, url, callbacks)
        assert visit.failures() == [], (url, visit.failures())
        for key, _status, text in visit.answers:
            assert markup_problems(text) == [], (url, key, markup_problems(text))
            strings = replay.json_strings(text)
            seen_payloads.update(p for p in PAYLOADS if any(p in s for s in strings))
            answers += 1
    assert answers > 200
    assert set(XSS) <= seen_payloads  # the pages did show them (as text)


# ------------------------------------------------------------------ exports


def _csv_rows(response) -> list[list[str]]:
    raw = response.get_data()
    raw = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def check_csv(rows: list[list[str]]) -> set[str]:
    cells = {cell for row in rows for cell in row}
    unsafe = [c for c in cells if c.startswith(FORMULA_START) and not _number(c)]
    assert unsafe == [], unsafe
    return cells


def check_xlsx(data: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(data))
    values = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START) or cell.quotePrefix, (cell.coordinate, cell.value)
                    values.add(cell.value)
    return values


def export_urls(ids: dict) -> list[str]:
    from crm.campaigns.results import BREAKDOWNS

    urls = []
    spec = {"m": ["revenue", "orders"], "from": "2025-01-01", "to": "2025-12-31", "limit": 100000}
    for row in ("customer.customer", "product.product", "partner.partner", "channel.channel", "geo.region",
                "geo.city", "product.category", "customer.segment", "partner.tier"):  # fmt: skip
        for fmt in ("csv", "xlsx"):
            urls.append(f"/export/view.{fmt}?" + urlencode({"spec": json.dumps({**spec, "r": [row]})}))
            urls.append(f"/export/view.{fmt}?" + urlencode({"spec": json.dumps({**spec, "r": [row]}), "cmp": "1"}))
    for fmt in ("csv", "xlsx"):
        urls.append(f"/export/detail.{fmt}?" + urlencode({"spec": json.dumps({**spec, "r": []}), "cell": "{}"}))
        urls.append(f"/export/campaigns/all.{fmt}")
        for campaign in list(ids["dim_campaign"].values())[:3]:
            urls += [f"/export/campaigns/{campaign}/{by}.{fmt}" for by in BREAKDOWNS]
    return urls


def test_every_export_is_formula_safe_and_readable(dash_app, attacked):
    client = dash_app.server.test_client()
    login(client, "u_analyst")
    everything: set[str] = set()
    for url in export_urls(attacked):
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code, answer.get_data(as_text=True)[:300])
        if ".xlsx" in url:
            everything |= check_xlsx(answer.get_data())
        else:
            everything |= check_csv(_csv_rows(answer))
    for payload in FORMULAS:  # readable: the same text behind the spreadsheets' "this is text" mark
        assert csv_text(payload) in everything or payload in everything, payload
    assert set(XSS) <= everything


def test_the_import_error_report_is_formula_safe(tmp_path):
    from data import importer
    from data.importer import open_source

    rows = [[i + 1, 1, p, p, p, 1, 10] for i, p in enumerate(PAYLOADS)]  # payloads where dates and amounts go
    path = _write(tmp_path, "bad.csv", ["order_id", "line_no", "customer_id", "order_date", "revenue", "quantity",
                                        "unit_price"], rows)  # fmt: skip
    source = open_source(path)
    validation = importer.validate(source, importer.detect(source, "order_lines"), pointer=tmp_path / "wh.duckdb")
    report = validation.write_error_report(tmp_path / "errors.csv")
    cells = check_csv(list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"), newline=""))))
    assert csv_text(FORMULAS[0]) in cells


def test_campaign_contact_files_are_formula_safe(tmp_path, attacked):
    """The planner's contact files are written from the warehouse's customers (names, emails)."""
    import pandas as pd

    from crm.campaigns.contacts import CONTACT_COLUMNS, write_files

    rows = [
        {c: p for c in CONTACT_COLUMNS} | {"channel": "Email", CONTACT_COLUMNS[0]: i} for i, p in enumerate(PAYLOADS)
    ]
    written = write_files(pd.DataFrame(rows), tmp_path)
    text = (tmp_path / written["Email"]["file"]).read_text(encoding="utf-8-sig")
    cells = check_csv(list(csv.reader(io.StringIO(text, newline=""))))
    assert csv_text(FORMULAS[0]) in cells


# ------------------------------------------------------------------ one real browser pass


@pytest.mark.browser
def test_no_payload_runs_in_a_real_browser(browser, dash_app, payload_pointer, attacked):
    from tests.apprun import AppProcess, sign_in

    customer = attacked["dim_customer"][XSS[1]]
    partner = attacked["dim_partner"][XSS[0]]
    pages = [
        "/",
        "/explore?" + urlencode({"r": "customer.customer", "p": "2025"}),
        "/explore?" + urlencode({"r": "product.product", "p": "2025", "view": "pivot", "c": "partner.partner"}),
        "/explore?" + urlencode({"r": "geo.city", "p": "2025", "view": "detail"}),
        f"/customers?id={customer}",
        f"/partners?partner={partner}",
        "/campaigns",
        "/segments",
    ]
    dialogs: list[str] = []
    shown = 0
    with AppProcess(env={"XRM_DB": str(payload_pointer)}) as server:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        sign_in(page, server, "/", user="u_admin")
        page.wait_for_selector("#user-menu", timeout=30000)
        for path in pages:
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle", timeout=30000)
            page.wait_for_timeout(500)
            injected = page.evaluate(
                """() => document.querySelectorAll(
                    '#react-entry-point script, #react-entry-point iframe, [onerror], [onload], img[src="x"],'
                    + ' a[href^="javascript:" i]').length"""
            )
            assert injected == 0, path
            body = page.inner_text("body")
            shown += any(p in body for p in XSS)  # there as text
        page.close()
    assert dialogs == []
    assert shown >= 4


def test_the_checks_catch_what_they_look_for():
    """The suite's own oracles, on answers and files made unsafe on purpose."""
    unsafe = [
        {"type": "Markdown", "namespace": "dash_core_components", "props": {"children": XSS[1]}},
        {"type": "Div", "props": {"dangerously_allow_html": True, "children": "x"}},
        {"type": "A", "props": {"href": " JavaScript:alert(1)", "children": "x"}},
        {"rowData": [{"link": "[x](javascript:alert(1))"}]},
    ]
    assert [len(markup_problems(json.dumps(answer))) for answer in unsafe] == [1, 1, 1, 1]
    assert (
        markup_problems(json.dumps({"rowData": [{"link": "[x\\](javascript:alert(1))\\[y](/customers?id=1)"}]})) == []
    )
    with pytest.raises(AssertionError):
        check_csv([["name"], ["=HYPERLINK(1)"]])
    assert check_csv([["amount"], ["-5.0"], ["'=1"]]) == {"amount", "-5.0", "'=1"}
