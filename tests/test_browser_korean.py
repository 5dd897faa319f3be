"""Korean complete: every page, read in Korean in real Chromium, holds no English UI words.

What may stay English: data values (every text of the warehouse and of the operational store — names,
countries, categories, products, users — as the data spells them), acronyms and unit codes (all capitals:
USD, AUC, RFM, PNG…), code names and command lines shown to admins, and the few names ``tests/test_i18n``
allows in Korean texts (Excel, Newcombe, Welch…). Everything else on the screen is UI and must be Korean:
the words of the portal, AG Grid's own pagination and overlays, chart dates and number axes.
"""

from __future__ import annotations

import re

import duckdb
import pytest
import sqlalchemy as sa

from tests.apprun import AppProcess
from tests.conftest import PASSWORD
from tests.test_i18n import KOREAN_MAY_SAY, english_words

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

# the brand line's CRM; plotly's credit; PCA axes PC1/PC2; a language named in its own words (English / 한국어)
EXTRA = {"CRM", "Plotly", "js", "Enter", "Esc", "IQR", "PC", "English"}


@pytest.fixture(scope="module")
def server(dash_app, demo_pointer):
    with AppProcess({"XRM_DB": str(demo_pointer)}) as app:
        yield app


def data_words(pointer) -> set[str]:
    """Every word of every text value in the warehouse and the operational store."""
    words = set()
    con = duckdb.connect(str(pointer), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' "
            "AND database_name = current_database() AND schema_name = 'main'"
        ).fetchall()
        for table, column in columns:
            for (value,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall():
                words.update(re.findall(r"[A-Za-z]+", value or ""))
    finally:
        con.close()
    from data import opstore

    engine = opstore.engine()
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as con:
        for table in meta.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, sa.String | sa.Text):
                    for (value,) in con.execute(sa.select(column).distinct().limit(50_000)):
                        words.update(re.findall(r"[A-Za-z]+", str(value or "")))
    return words


def page_text(page) -> str:
    """What a reader sees: visible text of the page (charts' SVG text included), code blocks left out."""
    return page.evaluate(
        """() => {
          const parts = [];
          const walk = (n) => {
            if (n.nodeType === 3) { parts.push(n.textContent); return; }
            if (n.nodeType !== 1 || ['CODE', 'PRE', 'KBD', 'SCRIPT', 'STYLE'].includes(n.tagName)) return;
            const st = getComputedStyle(n);
            if (st.display === 'none' || st.visibility === 'hidden') return;
            for (const c of n.childNodes) walk(c);
          };
          walk(document.body);
          return parts.join('\\n');
        }"""
    )


def test_every_page_in_korean_has_no_english_ui_words(server, browser, demo_pointer, dash_app):
    import dash

    paths = [p["path"] for p in dash.page_registry.values() if p["path"] != "/404"]
    con = duckdb.connect(str(demo_pointer), read_only=True)
    customer = con.execute("SELECT min(customer_id) FROM fact_order_line").fetchone()[0]
    campaign = con.execute("SELECT min(campaign_id) FROM dim_campaign").fetchone()[0]
    con.close()
    paths += [f"/customers?id={customer}", f"/campaigns?c={campaign}"]

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server.url + "/login")
    page.fill("#username", "u_admin")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#_pages_content", timeout=30000)
    page.goto(server.url + "/lang/ko")
    leaks = {}
    try:
        for path in paths:
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle", timeout=60000)
            page.wait_for_timeout(1500)
            leaks[path] = english_words(page_text(page))
    finally:
        page.goto(server.url + "/lang/en")  # the language is the user's setting: leave it as other tests expect
    allowed = data_words(demo_pointer) | KOREAN_MAY_SAY | EXTRA
    leaks = {path: sorted(w for w in words if w not in allowed) for path, words in leaks.items()}
    found = {path: words for path, words in leaks.items() if words}
    assert not found, "\n".join(f"{path}: {words}" for path, words in found.items())
    page.close()
