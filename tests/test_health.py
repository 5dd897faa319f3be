"""Data coverage (data/health.py): counts, ranges, unknown shares and page status, checked against SQL."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from data import health
from data.warehouse import Warehouse, current_path
from jobs.derive import derive
from tests.fixtures import build_tiny_warehouse


def orders_only_frame(n_customers: int = 30, seed: int = 5) -> pd.DataFrame:
    """An export with customer, date and amount only (no product, channel, country)."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(1, n_customers + 1):
        for _ in range(int(rng.integers(1, 5))):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 600)))
            rows.append((f"C{c:03d}", day.isoformat(), round(float(rng.uniform(5, 300)), 2)))
    return pd.DataFrame(rows, columns=["customer", "order_date", "amount"])


def load_orders_only(folder, frame: pd.DataFrame | None = None):
    """A new warehouse made by the importer from one orders CSV; returns its pointer."""
    from data import importer

    frame = orders_only_frame() if frame is None else frame
    csv = folder / "orders.csv"
    frame.to_csv(csv, index=False)
    pointer = folder / "wh" / "xrm.duckdb"
    source = importer.open_source(csv)
    validation = importer.validate(source, importer.detect(source, "order_lines"), pointer=pointer, new_warehouse=True)
    result = importer.load(
        validation, "tester", new_warehouse=True, pointer=pointer, refresh_scores=False, derive=derive
    )
    assert result.status == "loaded", result.summary()
    return pointer


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = build_tiny_warehouse(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def orders_only(tmp_path_factory):
    return load_orders_only(tmp_path_factory.mktemp("orders_only"))


def test_tiny_warehouse_counts_and_ranges_match_sql(tiny):
    cov = health.compute_coverage(tiny)
    lines = tiny.execute("SELECT count(*), min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    orders = cov.table("fact_order_line")
    assert (orders.present, orders.rows, orders.first, orders.last) == (True, *lines)
    assert cov.rows("dim_customer") == 4 and cov.table("dim_customer").first == dt.date(2019, 3, 1)
    # tables the fixture does not have are reported absent, never an error
    assert not cov.table("fact_web_session").present and cov.rows("fact_opportunity") == 0
    assert cov.revenue == pytest.approx(tiny.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0])
    assert cov.unknown_share("region", "customers") == 0 and cov.unknown_share("channel") == 0
    assert cov.channel_groups == ("offline", "online") and cov.guests == 0  # the schema has is_guest
    assert cov.costed_revenue_share == pytest.approx(1.0)


def test_unknown_shares_follow_the_data(tmp_path):
    path = build_tiny_warehouse(tmp_path / "edited.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE dim_channel SET channel_group = 'unknown' WHERE channel_id = 5")
    con.execute("UPDATE dim_customer SET country = 'Unknown', region = 'Unknown' WHERE customer_id = 2")
    con.execute("UPDATE dim_product SET category = 'Unknown' WHERE product_id = 1")
    con.execute("UPDATE dim_customer SET is_guest = true WHERE customer_id = 3")
    cov = health.compute_coverage(con)
    total = con.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]

    def share(where: str) -> float:
        part = con.execute(
            f"""SELECT coalesce(sum(revenue), 0) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
                JOIN dim_channel ch USING (channel_id) JOIN dim_product p USING (product_id) WHERE {where}"""
        ).fetchone()[0]
        return part / total

    assert cov.unknown_share("channel") == pytest.approx(share("ch.channel_group = 'unknown'"))
    assert 0 < cov.unknown_share("channel") < 1
    assert cov.unknown_share("region") == pytest.approx(share("c.customer_id = 2"))
    assert cov.unknown_share("region", "customers") == pytest.approx(1 / 3)  # of 3 customers: the guest is none
    assert cov.unknown_share("category") == pytest.approx(share("p.product_id = 1"))
    assert (cov.guests, cov.guest_revenue_share) == (1, pytest.approx(share("c.is_guest")))
    assert cov.channel_groups == ("online", "unknown")
    assert not cov.has("channels") and cov.has("regions")
    con.close()


def test_orders_only_warehouse_as_the_importer_makes_it(orders_only):
    con = duckdb.connect(str(current_path(orders_only)), read_only=True)
    cov = health.compute_coverage(con)
    count, first, last, revenue = con.execute(
        "SELECT count(*), min(order_ts)::DATE, max(order_ts)::DATE, sum(revenue) FROM fact_order_line"
    ).fetchone()
    customers = con.execute("SELECT count(*) FROM dim_customer").fetchone()[0]
    con.close()
    frame = orders_only_frame()
    assert count == len(frame) and revenue == pytest.approx(frame["amount"].sum())
    assert cov.rows("fact_order_line") == count and (
        cov.table("fact_order_line").first,
        cov.table("fact_order_line").last,
    ) == (first, last)
    assert cov.rows("dim_customer") == customers == frame["customer"].nunique()
    for table in (
        "fact_web_session",
        "fact_campaign_contact",
        "fact_service_ticket",
        "fact_opportunity",
        "dim_campaign",
    ):
        assert cov.table(table).present and cov.rows(table) == 0
    assert cov.revenue == pytest.approx(revenue)
    # no country, product or category in the file: all of it is unknown, none of it a fact
    assert cov.unknown_share("country", "customers") == 1.0 and cov.unknown_share("region") == pytest.approx(1.0)
    assert cov.unknown_share("category") == pytest.approx(1.0) and cov.products == 0
    assert not cov.costed_revenue_share


def test_page_status_on_an_orders_only_warehouse(orders_only):
    cov = health.compute_coverage(duckdb.connect(str(current_path(orders_only)), read_only=True))
    status = {page: health.page_status(page, cov) for page in health.PAGES}
    assert status["rfm"].status == "ok" and status["forecast"].status == "ok"
    assert status["pipeline"].status == "unavailable" and status["pipeline"].entities == (
        "opportunities",
        "opportunity_stages",
    )
    assert status["whatif"].status == "unavailable"
    assert status["whatif"].entities == ("campaigns", "campaign_contacts")
    assert status["rules"].status == "unavailable" and status["rules"].missing == ("products",)
    assert status["analyses.tickets"].status == "unavailable"
    assert status["models"].status == "limited" and "campaigns" in status["models"].missing
    assert status["home"].status == "limited" and {"regions", "costs"} <= set(status["home"].missing)
    assert status["admin_users"].status == "ok"


def test_page_status_on_the_tiny_warehouse(tiny):
    cov = health.compute_coverage(tiny)
    assert health.page_status("home", cov).status == "ok"
    assert health.page_status("rules", cov).status == "ok"  # two named products
    assert health.page_status("customers", cov).missing == ("web_sessions", "campaigns", "tickets", "opportunities")


def test_coverage_is_cached_per_version(orders_only, tmp_path):
    reader = Warehouse(orders_only)
    first = health.coverage(reader)
    assert health.coverage(reader) is first
    other = Warehouse(load_orders_only(tmp_path, orders_only_frame(n_customers=5, seed=1)))
    assert health.coverage(other).rows("dim_customer") == 5
    assert health.coverage(reader) == first


def test_another_process_reads_the_measured_version_from_the_shared_cache(orders_only, monkeypatch):
    reader = Warehouse(orders_only)
    first = health.coverage(reader)
    monkeypatch.setattr(health, "_cache", {})  # as in a fresh web worker

    def not_again(_con):
        raise AssertionError("measured twice")

    monkeypatch.setattr(health, "compute_coverage", not_again)
    assert health.coverage(reader) == first


def test_import_command_names_the_entity():
    assert health.import_command("campaign_contacts") == "python -m data.importer load FILE --entity campaign_contacts"


def test_dashboard_on_a_warehouse_without_costs_shows_no_gross_margin_as_a_fact(orders_only):
    from components.executive_view import render_state
    from olap.catalog import read_catalog
    from olap.dashboard import DashboardState

    reader = Warehouse(orders_only)
    cursor = reader.cursor()
    state = DashboardState.from_query({}, read_catalog(cursor))
    cov = health.coverage(reader)
    _, _, cards, _, _, _, customers, customer_cols, _, product_cols = render_state(cursor, state, "en", cov)
    margin = str(cards[1])
    assert "kpi-unsupported-gross_margin" in margin and "No product costs" in margin
    assert "gross_margin" not in [c["field"] for c in customer_cols + product_cols]
    revenue = str(cards[0])
    assert "kpi-unsupported" not in revenue and customers  # revenue is a fact: it stays
    # without the coverage (or with costs) the card is the usual one
    assert "kpi-unsupported" not in str(render_state(cursor, state, "en")[2][1])


def test_dashboard_with_costs_keeps_gross_margin(tiny):
    from components.executive_view import render_state
    from olap.catalog import read_catalog
    from olap.dashboard import DashboardState

    cards = render_state(
        tiny, DashboardState.from_query({"period": "2025-Q4"}, read_catalog(tiny)), "en", health.compute_coverage(tiny)
    )[2]
    assert "kpi-unsupported" not in str(cards[1]) and "data-value" in str(cards[1])


def test_the_partner_status_step_of_a_load_on_orders_only_data_writes_nothing_and_fails_not(orders_only):
    """Found in a fresh-clone run's log: on a warehouse without partners the post-load partner status
    failed on an empty frame (logged, the load kept); it is simply empty now."""
    from crm.partners.status import refresh_status

    con = duckdb.connect(str(current_path(orders_only)))
    try:
        assert refresh_status(con) == 0
    finally:
        con.close()
