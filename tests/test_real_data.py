"""A user's own invoice export, end to end: the command line with no hand mapping, then the numbers
every page starts from, each checked against pandas on the file itself (issue 9).

The file (tests/realdata.py) carries everything a real export does at once: its own headers,
day-first dates whose first rows are ambiguous, cancellation invoices, guest checkouts, EIRE and
Unspecified countries, no channel, pounds, data ending nine days into December.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from data.warehouse import Warehouse, current_path
from olap import kpi
from olap.catalog import catalog
from olap.dashboard import DashboardState
from olap.filters import Filters
from tests.realdata import uk_retail_csv


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The export loaded by the CLI into a new warehouse, in pounds, everything else as detected."""
    from data.importer.__main__ import main

    folder = tmp_path_factory.mktemp("uk")
    path, frame = uk_retail_csv(folder)
    pointer = folder / "wh" / "xrm.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XRM_DB", str(pointer))
        code = main(["load", str(path), "--new-warehouse", "--currency", "GBP", "--user", "tester"])
    assert code == 0
    return Warehouse(pointer), frame, pointer


def query(pointer, sql: str, params=()):
    con = duckdb.connect(str(current_path(pointer)), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_every_line_is_loaded_and_net_revenue_is_the_files(loaded):
    _, frame, pointer = loaded
    (lines, revenue, returns, first, last), = query(
        pointer,
        "SELECT count(*), sum(revenue), count(*) FILTER (WHERE quantity < 0), min(order_ts), max(order_ts) "
        "FROM fact_order_line",
    )  # fmt: skip
    assert lines == len(frame)
    assert revenue == pytest.approx((frame["Quantity"] * frame["UnitPrice"]).sum(), abs=0.005)
    assert returns == (frame["Quantity"] < 0).sum() > 0
    # day-first, decided by the rows after the ambiguous first day
    assert (first, last) == (frame["InvoiceDate"].min(), frame["InvoiceDate"].max())
    assert query(pointer, "SELECT value FROM meta WHERE key = 'currency'") == [("GBP",)]


def test_guests_count_in_revenue_by_country_but_not_as_customers(loaded):
    _, frame, pointer = loaded
    by_country = dict(
        query(
            pointer,
            "SELECT c.country, sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id) "
            "GROUP BY ALL",
        )
    )
    want = (frame["Quantity"] * frame["UnitPrice"]).groupby(frame["Country"]).sum()
    assert by_country == pytest.approx(want.to_dict(), abs=0.005)
    (customers,), = query(pointer, "SELECT count(*) FROM dim_customer WHERE is_guest IS NOT TRUE")  # fmt: skip
    assert customers == frame["CustomerID"].nunique()
    guests = query(pointer, "SELECT country FROM dim_customer WHERE is_guest ORDER BY 1")
    assert [g for (g,) in guests] == sorted(frame.loc[frame["CustomerID"].isna(), "Country"].unique())


def test_countries_get_their_regions_and_the_channel_is_unknown(loaded):
    _, _, pointer = loaded
    regions = dict(query(pointer, "SELECT DISTINCT country, region FROM dim_customer"))
    assert regions["United Kingdom"] == regions["EIRE"] == regions["France"] == "Europe"
    assert regions["USA"] == "North America" and regions["Unspecified"] == "Unknown"
    assert query(pointer, "SELECT DISTINCT ch.channel_group FROM fact_order_line JOIN dim_channel ch USING (channel_id)") == [
        ("unknown",)
    ]  # fmt: skip


def test_rfm_scores_the_files_customers_on_their_net_spend(loaded):
    from mining.runs import latest_run, load_run

    warehouse, frame, _ = loaded
    run = latest_run("rfm", warehouse.lineage())
    assert run is not None and run["as_of"] == dt.date(2011, 12, 9)
    _, scores = load_run(run["run_id"])
    known = frame.dropna(subset=["CustomerID"])
    net = (known["Quantity"] * known["UnitPrice"]).groupby(known["CustomerID"]).sum()
    got = scores.set_index(scores["customer_id"].astype("int64"))["monetary"]  # plain integer ids are kept
    scored = net[net > 0]
    assert len(scores) == len(scored)  # guests never scored; customers with no positive spend left out
    assert got.sort_index().to_numpy() == pytest.approx(scored.sort_index().to_numpy(), abs=0.01)


def test_the_dashboard_opens_on_the_last_complete_quarter_in_pounds(loaded, monkeypatch):
    from components.executive_view import render_state

    warehouse, frame, pointer = loaded
    monkeypatch.setenv("XRM_DB", str(pointer))  # the app's warehouse is this one
    state = DashboardState.from_query({}, catalog(warehouse))
    assert (state.period.token, state.period.partial) == ("2011-Q3", False)
    result = kpi.compute_kpis(warehouse.cursor(), state.period, Filters())
    in_q3 = frame[(frame["InvoiceDate"] >= "2011-07-01") & (frame["InvoiceDate"] < "2011-10-01")]
    assert result.current["revenue"] == pytest.approx((in_q3["Quantity"] * in_q3["UnitPrice"]).sum(), abs=0.005)
    assert result.current["orders"] == in_q3["InvoiceNo"].nunique()
    assert result.current["active_customers"] == in_q3["CustomerID"].nunique()  # guests are not customers
    _compare, _message, cards, *_ = render_state(warehouse.cursor(), state, "en")
    assert "£" in str(cards) and "$" not in str(cards)


def test_insights_do_not_compare_with_a_period_the_data_only_begins_in(loaded):
    from olap import insights
    from olap.query import make_spec

    warehouse, frame, _ = loaded
    # the last twelve months (Dec 10, 2010 - Dec 9, 2011) against the twelve before, of which
    # the data holds nine days: no "+65,000%", a sentence saying why instead
    spec = make_spec(["revenue"], rows=["geo.region"], start="2010-12-10", end="2011-12-09")
    found = insights.contributions(spec, warehouse)
    assert found.uncovered and found.data_start == dt.date(2010, 12, 1)
    for lang, words in (("en", "No comparison with"), ("ko", "비교하지 않습니다")):
        said = insights.sentences_for(spec, lang, warehouse)
        assert said and words in said[0] and "%" not in said[0]
    # a previous period the data covers whole is still compared
    later = make_spec(["revenue"], rows=["geo.region"], start="2011-07-01", end="2011-09-30")
    compared = insights.contributions(later, warehouse)
    q2 = frame[(frame["InvoiceDate"] >= "2011-04-01") & (frame["InvoiceDate"] < "2011-07-01")]
    assert not compared.uncovered
    assert compared.previous == pytest.approx((q2["Quantity"] * q2["UnitPrice"]).sum(), abs=0.005)


def test_kpi_cards_do_not_compare_with_a_window_the_data_only_begins_in(loaded):
    from olap.period import parse_period

    warehouse, frame, _ = loaded
    valid = catalog(warehouse)
    # Q4 2011 is partial (to Dec 9); its last year is Oct 1 - Dec 9, 2010, of which the data holds
    # Dec 1-9 only: no figures there (shown "–"), while the previous quarter is compared
    period = parse_period("2011-Q4", valid.data_start, valid.data_end)
    result = kpi.compute_kpis(warehouse.cursor(), period, Filters())
    assert set(result.last_year.values()) == {None}
    q3 = frame[(frame["InvoiceDate"] >= "2011-07-01") & (frame["InvoiceDate"] < "2011-09-10")]
    assert result.previous["revenue"] == pytest.approx((q3["Quantity"] * q3["UnitPrice"]).sum(), abs=0.005)
    assert kpi.change(result.current["revenue"], result.last_year["revenue"]) is None
