"""Partners in the cube: the published partner_status (after a load, on demand), the tier and stage
levels reading it (never dim_partner.tier), the partner measures against SQL, and the dashboard's
partner contribution card against SQL."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pandas as pd
import pytest

from crm.partners.contribution import contribution
from crm.partners.status import COLUMNS, current_status, publish_status, read_status, status_frame
from data import warehouse as wh
from jobs.derive import build_derived
from olap import engine
from olap.catalog import catalog
from olap.dashboard import DashboardState, partner_explore_search
from olap.filters import Filters
from olap.query import make_spec
from olap.scope import scoped
from tests.fixtures import build_tiny_warehouse, private_copy

MEASURES = ["partner_revenue", "partner_share", "active_partners", "partner_customers", "revenue"]
Q = {"start": "2025-04-01", "end": "2025-06-30"}  # whole months: rollups may answer


def _sql(path, query: str, params=()) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query, list(params)).df()
    finally:
        con.close()


@pytest.fixture(scope="module")
def own(demo_pointer, tmp_path_factory):
    """A private copy of the demo warehouse (publishing moves its pointer on)."""
    return private_copy(demo_pointer, tmp_path_factory.mktemp("partner-cube"))


# --------------------------------------------------------------------------- the published table


def test_every_load_publishes_the_scorecard_tiers_and_the_stages(demo_pointer):
    """build_demo ran the post-load steps: partner_status holds current_tiers and stages_at(data end)."""
    reader = wh.Warehouse(demo_pointer)
    table = read_status(reader.cursor()).set_index("partner_id")
    assert list(read_status(reader.cursor()).columns) == list(COLUMNS)
    expected = current_status(reader).set_index("partner_id")
    assert len(table) == len(expected) > 0
    assert table["tier"].to_dict() == expected["tier"].to_dict()
    assert table["stage"].to_dict() == expected["stage"].to_dict()
    assert set(table["tier"].dropna()) <= {"platinum", "gold", "silver", "bronze"}
    data_end = _sql(demo_pointer, "SELECT max(order_ts)::DATE AS d FROM fact_order_line")["d"][0]
    assert {pd.Timestamp(d).date() for d in table["as_of"]} == {pd.Timestamp(data_end).date()}


def test_status_is_computed_over_every_partner_whatever_the_scope(demo_pointer):
    reader = wh.Warehouse(demo_pointer)
    everyone = current_status(reader)
    with scoped([everyone["partner_id"].iloc[0]]):
        assert current_status(reader).equals(everyone)


def test_tier_and_stage_levels_read_the_published_table(own):
    """dim_partner.tier says Platinum/Gold/… (the generator's truth); the published table says otherwise:
    the cube follows the published table."""
    path = wh.current_path(own)
    partners = _sql(path, "SELECT partner_id, tier FROM dim_partner ORDER BY 1")
    ids = partners["partner_id"].tolist()
    planted = {p: ("gold" if i % 2 else "silver") for i, p in enumerate(ids[:-1])}  # the last one: unrated
    stages = {p: "dormant" for p in ids[:-1]}
    frame = status_frame(planted, stages, dt.date(2025, 12, 31))
    publish_status("tester", own, compute=lambda _reader: frame)
    reader = wh.Warehouse(own)
    spec = make_spec(["revenue", "orders"], rows=["partner.tier"], **Q)
    for use_rollups in (True, False):
        got = engine.execute_with_info(spec, reader, use_cache=False, use_rollups=use_rollups).frame
        want = _sql(
            wh.current_path(own),
            """SELECT CASE WHEN f.partner_id IS NULL THEN 'Direct' ELSE coalesce(ps.tier, 'unrated') END AS t,
                      sum(f.revenue) AS revenue, count(DISTINCT f.order_id) AS orders
               FROM fact_order_line f LEFT JOIN partner_status ps USING (partner_id)
               WHERE f.order_ts >= ? AND f.order_ts < ? GROUP BY 1""",
            [dt.date(2025, 4, 1), dt.date(2025, 7, 1)],
        ).set_index("t")
        got = got.set_index("partner.tier")
        assert set(got.index) == set(want.index) <= {"gold", "silver", "unrated", "Direct"}
        assert not set(got.index) & set(partners["tier"])  # never dim_partner's own column
        pd.testing.assert_series_equal(got["revenue"], want["revenue"].astype(float), check_names=False,
                                       check_like=True)  # fmt: skip
    stage = engine.execute(make_spec(["partner_revenue"], rows=["partner_stage.stage"], **Q), reader)
    assert set(stage["partner_stage.stage"]) <= {"dormant", "unrated", "Direct"}


def test_publish_round_trip_new_version_pointer_switched_caches_move_on(own):
    reader = wh.Warehouse(own)
    before_path, before_version = wh.current_path(own), reader.version()
    spec = make_spec(["partner_revenue"], rows=["partner.tier"], **Q)
    engine.execute(spec, reader)  # cached under the old version
    ids = _sql(before_path, "SELECT partner_id FROM dim_partner")["partner_id"].tolist()
    version = publish_status("tester", own, compute=lambda _r: status_frame(dict.fromkeys(ids, "platinum"), {}, None))
    assert wh.current_path(own) != before_path and reader.version() == version != before_version
    assert set(_sql(before_path, "SELECT tier FROM partner_status")["tier"]) != {"platinum"}  # old version kept
    answer = engine.execute_with_info(spec, reader)
    assert answer.source != "cache"
    assert set(answer.frame["partner.tier"]) <= {"platinum", "Direct"}
    # the real computation, as the CLI and the scorecard page publish it
    version = publish_status("tester", own)
    published = read_status(reader.cursor())
    assert reader.version() == version and len(published) == len(ids)


def test_cli_publishes(own, capsys):
    from jobs.partners import main

    before = wh.current_path(own)
    with wh.use_warehouse(own):
        import settings

        original = settings.warehouse_pointer
        settings.warehouse_pointer = lambda: own
        try:
            assert main(["publish", "--user", "tester"]) == 0
        finally:
            settings.warehouse_pointer = original
    assert "published partner status" in capsys.readouterr().out
    assert wh.current_path(own) != before


# --------------------------------------------------------------------------- measures against SQL


PARTNER_SQL = """
    SELECT {key} AS k,
           sum(f.revenue) FILTER (WHERE f.partner_id IS NOT NULL) AS partner_revenue,
           sum(f.revenue) FILTER (WHERE f.partner_id IS NOT NULL) / nullif(sum(f.revenue), 0) AS partner_share,
           count(DISTINCT f.partner_id) AS active_partners,
           count(DISTINCT f.customer_id) FILTER (WHERE f.partner_id IS NOT NULL AND c.is_guest IS NOT TRUE)
               AS partner_customers,
           sum(f.revenue) AS revenue
    FROM fact_order_line f LEFT JOIN dim_customer c USING (customer_id)
    LEFT JOIN partner_status ps ON ps.partner_id = f.partner_id
    WHERE f.order_ts >= ? AND f.order_ts < ?
    GROUP BY 1
"""
KEYS = {
    "geo.region": "c.region",
    "partner.tier": "CASE WHEN f.partner_id IS NULL THEN 'Direct' ELSE coalesce(ps.tier, 'unrated') END",
    "partner_stage.stage": "CASE WHEN f.partner_id IS NULL THEN 'Direct' ELSE coalesce(ps.stage, 'unrated') END",
    "time.month": "strftime(f.order_ts, '%Y-%m')",
}


def _check_measures(pointer, row: str, start: dt.date, end: dt.date) -> None:
    reader = wh.Warehouse(pointer)
    want = _sql(wh.current_path(pointer), PARTNER_SQL.format(key=KEYS[row]), [start, end + dt.timedelta(days=1)])
    want = want.set_index("k").sort_index()
    for use_rollups in (True, False):
        spec = make_spec(MEASURES, rows=[row], start=start, end=end)
        got = engine.execute_with_info(spec, reader, use_cache=False, use_rollups=use_rollups).frame
        got = got.set_index(row).sort_index()
        assert list(got.index) == list(want.index), (row, use_rollups)
        for m in MEASURES:
            pd.testing.assert_series_equal(
                got[m].astype(float), want[m].astype(float).fillna(0.0), check_names=False, rtol=1e-9
            )


@pytest.mark.parametrize("row", list(KEYS))
def test_partner_measures_equal_sql_on_the_demo(demo_pointer, row):
    _check_measures(demo_pointer, row, dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    _check_measures(demo_pointer, row, dt.date(2025, 4, 10), dt.date(2025, 5, 19))  # days: facts or day rollups


@pytest.fixture(scope="module")
def tiny_partners(tmp_path_factory):
    """The tiny warehouse with two partners (one sells nothing; its dim_partner.tier disagrees with
    the published one) and a published status for one of them."""
    folder = tmp_path_factory.mktemp("tiny-partners")
    built = build_tiny_warehouse(folder / "built.duckdb")
    pointer = folder / "xrm.duckdb"
    path = wh.new_version_path(pointer)
    shutil.copyfile(built, path)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE dim_customer ADD COLUMN IF NOT EXISTS is_guest BOOLEAN DEFAULT false")
    con.execute(
        "CREATE TABLE dim_partner(partner_id INTEGER, name VARCHAR, partner_type VARCHAR, country VARCHAR, "
        "region VARCHAR, tier VARCHAR, onboarded_date DATE, status VARCHAR, lifecycle_stage VARCHAR, churned_date DATE)"
    )
    con.execute(
        "INSERT INTO dim_partner VALUES (1, 'Seoul Dist', 'Distributor', 'South Korea', 'Asia', 'Platinum', "
        "NULL, 'active', 'mature', NULL), (2, 'Idle Agent', 'Agent', 'Japan', 'Asia', 'Gold', '2025-01-01', "
        "'active', 'new', NULL)"
    )
    con.execute("UPDATE fact_order_line SET partner_id = 1 WHERE channel_id = 5")
    build_derived(con)
    con.execute("INSERT INTO partner_status VALUES (1, 'silver', 'declining', 40.0, NULL, DATE '2025-12-24')")
    con.close()
    wh.publish(path, pointer)
    return pointer


@pytest.mark.parametrize("row", ["geo.region", "partner.tier", "partner_stage.stage"])
def test_partner_measures_equal_sql_on_the_tiny_warehouse(tiny_partners, row):
    _check_measures(tiny_partners, row, dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    _check_measures(tiny_partners, row, dt.date(2024, 10, 1), dt.date(2025, 12, 31))


def test_tiny_tiers_by_hand(tiny_partners):
    got = engine.execute(make_spec(MEASURES, rows=["partner.tier"], start="2025-10-01", end="2025-12-31"),
                         wh.Warehouse(tiny_partners)).set_index("partner.tier")  # fmt: skip
    # through partner 1: order 3 (2 × 50) and order 4 (10 × 50 × 0.8); direct: 10, 10×5, −10
    assert got.loc["silver", "partner_revenue"] == pytest.approx(500.0)
    assert got.loc["silver", "active_partners"] == 1 and got.loc["silver", "partner_customers"] == 2
    assert got.loc["Direct", "partner_revenue"] == 0 and got.loc["Direct", "revenue"] == pytest.approx(50.0)
    assert "Platinum" not in got.index  # dim_partner.tier is never read


def test_nothing_published_reads_unrated(tiny_partners, tmp_path):
    pointer = private_copy(tiny_partners, tmp_path)
    publish_status("tester", pointer, compute=lambda _r: status_frame({}, {}, None))
    got = engine.execute(make_spec(["partner_revenue", "revenue"], rows=["partner.tier"]), wh.Warehouse(pointer))
    assert set(got["partner.tier"]) == {"unrated", "Direct"}


def test_no_partners_at_all(tiny_published):
    """The plain tiny warehouse: no dim_partner, no partner sales: everything is direct, zeros, no error."""
    reader = wh.Warehouse(tiny_published)
    got = engine.execute(make_spec(MEASURES, rows=["partner.tier"]), reader)
    assert list(got["partner.tier"]) == ["Direct"]
    assert got["partner_revenue"].iloc[0] == 0 and got["active_partners"].iloc[0] == 0
    state = DashboardState.from_query({}, catalog(reader))
    found = contribution(state, reader)
    assert found.figures.partners == 0 and found.attention == 0


# --------------------------------------------------------------------------- the dashboard card


def _card_sql(path, first, last, f: Filters) -> tuple[float, float, int]:
    clauses, params = ["f.order_ts >= ?", "f.order_ts < ?"], [first, last + dt.timedelta(days=1)]
    if f.regions:
        clauses.append(f"c.region IN ({', '.join('?' for _ in f.regions)})")
        params += list(f.regions)
    if f.channel_group:
        clauses.append("ch.channel_group = ?")
        params.append(f.channel_group)
    row = _sql(
        path,
        "SELECT sum(f.revenue) AS revenue, sum(f.revenue) FILTER (WHERE f.partner_id IS NOT NULL) AS through, "
        "count(DISTINCT f.partner_id) AS active FROM fact_order_line f LEFT JOIN dim_customer c USING (customer_id) "
        f"LEFT JOIN dim_channel ch USING (channel_id) WHERE {' AND '.join(clauses)}",
        params,
    ).iloc[0]
    return float(row["revenue"] or 0), float(row["through"] or 0), int(row["active"])


@pytest.mark.parametrize(
    "query",
    [{}, {"p": "2025-Q2"}, {"p": "2025", "f.geo.region": ["Europe"]}, {"p": "L12M", "f.channel.group": "offline"}],
)
def test_dashboard_card_equals_sql(demo_pointer, query):
    reader = wh.Warehouse(demo_pointer)
    state = DashboardState.from_query(query, catalog(reader))
    found = contribution(state, reader)
    path = wh.current_path(demo_pointer)
    revenue, through, active = _card_sql(path, state.period.first_day, state.period.last_day, state.filters)
    assert found.figures.revenue == pytest.approx(revenue)
    assert found.figures.partner_revenue == pytest.approx(through)
    assert found.figures.share == pytest.approx(through / revenue)
    assert found.figures.active_partners == active
    before = state.period.previous()
    rev0, thr0, _ = _card_sql(path, before.first_day, before.last_day, state.filters)
    assert found.figures.share_before == pytest.approx(thr0 / rev0)
    assert found.figures.share_change == pytest.approx(through / revenue - thr0 / rev0)
    from crm.partners.stages import attention

    assert found.attention == len(attention(warehouse=reader))
    link = partner_explore_search(state)
    assert "r=partner.tier" in link and f"p={state.period.token}" in link


def test_dashboard_card_renders_in_both_languages(demo_pointer, tiny_published):
    from components.executive_view import partner_card

    for pointer in (demo_pointer, tiny_published):
        reader = wh.Warehouse(pointer)
        state = DashboardState.from_query({}, catalog(reader))
        found = contribution(state, reader)
        for lang in ("en", "ko"):
            card = partner_card(found, state, lang)
            assert card.id == "exec-partner-card"
            text = str(card)
            assert ("exec-partners-share" in text) == bool(found.figures.partners)
