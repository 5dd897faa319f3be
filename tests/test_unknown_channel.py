"""Revenue whose file named no channel (channel_group 'unknown') is shown as such, never as offline or 0% online."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from jobs.derive import build_derived
from olap.catalog import read_catalog
from olap.filters import Filters, parse_filters
from olap.kpi import compute_kpis
from olap.period import parse_period
from tests.fixtures import build_tiny_warehouse


def tiny_with_unknown_channel(path, channel_ids=(5,)):
    """The tiny warehouse with some channels' group set to 'unknown' (aggregates rebuilt)."""
    build_tiny_warehouse(path)
    con = duckdb.connect(str(path))
    con.execute(
        f"UPDATE dim_channel SET channel_group = 'unknown' WHERE channel_id IN ({', '.join('?' for _ in channel_ids)})",
        list(channel_ids),
    )
    build_derived(con)
    return con


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = tiny_with_unknown_channel(tmp_path_factory.mktemp("unknown") / "tiny.duckdb")
    yield con
    con.close()


def q4(cursor):
    valid = read_catalog(cursor)
    return parse_period("2025-Q4", valid.data_start, valid.data_end)


def sql_revenue(con, where: str) -> float:
    return con.execute(
        f"""SELECT coalesce(sum(f.revenue), 0) FROM fact_order_line f JOIN dim_channel ch USING (channel_id)
            WHERE f.order_ts >= DATE '2025-10-01' AND f.order_ts < DATE '2026-01-01' AND {where}"""
    ).fetchone()[0]


def test_online_share_counts_only_revenue_with_a_known_channel(con):
    k = compute_kpis(con.cursor(), q4(con), Filters()).current
    total, online, unknown = (sql_revenue(con, w) for w in ("TRUE", "ch.channel_group = 'online'",
                                                            "ch.channel_group = 'unknown'"))  # fmt: skip
    assert unknown > 0 and online > 0
    assert k["unknown_channel_share"] == pytest.approx(unknown / total)
    assert k["online_share"] == pytest.approx(online / (total - unknown))


def test_all_revenue_of_unknown_channel_is_no_online_share_rather_than_zero(tmp_path):
    con = tiny_with_unknown_channel(tmp_path / "all.duckdb", channel_ids=(1, 5))
    k = compute_kpis(con.cursor(), q4(con), Filters()).current
    con.close()
    assert k["online_share"] is None and k["unknown_channel_share"] == pytest.approx(1.0)


def test_the_dashboard_says_it_in_words_and_draws_a_third_group(con):
    from callbacks.executive import render_state
    from olap.dashboard import state_from_query

    cursor = con.cursor()
    state = state_from_query({"period": "2025-Q4"}, read_catalog(cursor))
    share = sql_revenue(con, "ch.channel_group = 'unknown'") / sql_revenue(con, "TRUE")
    for lang, words in (
        ("en", "of revenue has no known channel: import with --channel"),
        ("ko", "채널을 알 수 없습니다"),
    ):
        _, message, cards, trend, *_ = render_state(cursor, state, lang)
        assert message.id == "exec-unknown-channel"
        assert f"{share * 100:.0f}%" in message.children and words in message.children
        names = tuple(trace.name for trace in trend.data)
        assert names == ([("Online", "Offline", "Unknown channel"), ("온라인", "오프라인", "채널 미상")][lang == "ko"])
        assert len({trace.marker.color for trace in trend.data}) == 3
    online_card = str(cards[-1])
    assert "kpi-unknown-channel" in online_card and f"{share * 100:.1f}%" in online_card


def test_no_note_when_every_channel_is_known(tmp_path):
    from callbacks.executive import render_state
    from olap.dashboard import state_from_query

    path = build_tiny_warehouse(tmp_path / "known.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    _, message, cards, trend, *_ = render_state(con.cursor(), state_from_query({"period": "2025-Q4"},
                                                read_catalog(con.cursor())), "en")  # fmt: skip
    con.close()
    assert message is None and "kpi-unknown-channel" not in str(cards[-1]) and len(trend.data) == 2


def test_the_unknown_channel_group_is_a_filter_value(con):
    filters, rejected = parse_filters({"channel": "unknown"}, read_catalog(con.cursor()))
    assert rejected == [] and filters.channel_group == "unknown"
    k = compute_kpis(con.cursor(), q4(con), filters).current
    assert k["revenue"] == pytest.approx(sql_revenue(con, "ch.channel_group = 'unknown'"))
    assert parse_filters({"channel": "somewhere"}, read_catalog(con.cursor()))[1] == [("channel", "somewhere")]


def test_explore_and_chips_name_the_unknown_group():
    from olap.labels import filter_value_label, member_label

    assert member_label("channel.group", "unknown", None, "en") == "Unknown channel"
    assert member_label("channel.group", "unknown", None, "ko") == "채널 미상"
    assert filter_value_label("channel", "unknown", "en") == "Unknown channel"


def test_coverage_offers_the_unknown_filter_only_when_the_data_has_it(con, tmp_path):
    from data import health

    assert health.compute_coverage(con).channel_groups == ("online", "unknown")
    known = duckdb.connect(str(build_tiny_warehouse(tmp_path / "k.duckdb")), read_only=True)
    assert "unknown" not in health.compute_coverage(known).channel_groups
    known.close()


def test_acquisition_analysis_names_the_unknown_channel_group(tmp_path):
    from callbacks.analyses import labelled
    from data.warehouse import Warehouse
    from olap.analyses import Context, run_analysis

    path = tmp_path / "acq.duckdb"
    tiny_with_unknown_channel(path, channel_ids=(1,)).close()  # the web shop, where customers 1, 3, 4 began
    reader = Warehouse(path)
    result = run_analysis("acquisition", Context(dt.date(2024, 10, 1), dt.date(2025, 12, 31), dt.date(2025, 12, 24),
                                                 "en", reader))  # fmt: skip
    shown = [labelled(table, "en") for table in result.tables]
    groups = {v for frame in shown for col in frame for v in frame[col] if isinstance(v, str)}
    assert "Unknown channel" in groups and "Online" not in groups


def test_the_channel_filter_offers_unknown_only_when_the_data_has_it(con, monkeypatch):
    from components import coverage as notices
    from data import health

    assert notices.channel_groups() == ("online", "offline")  # the shared tiny warehouse: all known
    monkeypatch.setattr(health, "coverage", lambda warehouse=None: health.compute_coverage(con))
    assert notices.channel_groups() == ("online", "offline", "unknown")
