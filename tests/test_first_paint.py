"""Every page's first paint (issue 15 item 3): the dashboard built with its numbers when they are kept
(no callback round trip for its figures), the same numbers as SQL; and every text answer gzipped,
versioned assets kept by the browser."""

from __future__ import annotations

import gzip
import re

import duckdb
import pytest

from data.warehouse import use_warehouse
from tests import replay
from tests.conftest import login

URL = "/?p=2025"


def _top_customers_sql(pointer) -> list[tuple[int, float]]:
    con = duckdb.connect(str(pointer), read_only=True)
    rows = con.execute(
        """SELECT customer_id, sum(revenue) AS revenue FROM fact_order_line
           WHERE order_ts >= DATE '2025-01-01' AND order_ts < DATE '2026-01-01'
           GROUP BY 1 ORDER BY 2 DESC LIMIT 10"""
    ).fetchall()
    con.close()
    return rows


def test_a_kept_dashboard_is_built_drawn_with_the_numbers_of_sql(dash_app, demo_pointer):
    client = dash_app.server.test_client()
    login(client, "u_executive")
    with use_warehouse(demo_pointer):
        replay.visit(client, dash_app, URL, rounds=1)  # the first visit computes and keeps the numbers
        seen = replay.visit(client, dash_app, URL, rounds=1)
    keys = [key for key, *_ in seen.answers]
    assert all(status == 200 for _, status, _ in seen.answers)
    assert "exec-pending" not in seen.props  # nothing asks render for the numbers: they came with the page
    assert not any("exec-trend.figure" in key for key in keys)
    assert seen.props["exec-trend"]["figure"]["data"] and seen.props["exec-regions"]["figure"]["data"]
    assert seen.props["exec-cards"]["children"]
    rows = seen.props["exec-top-customers"]["rowData"]
    want = _top_customers_sql(demo_pointer)
    assert [int(r["customer_id"]) for r in rows] == [c for c, _ in want]
    assert [r["revenue"] for r in rows] == pytest.approx([v for _, v in want])


def test_a_dashboard_not_kept_asks_render_which_draws_the_same_numbers(dash_app, demo_pointer):
    from components import memo
    from components.executive_view import first_view, read_state
    from olap.catalog import catalog

    client = dash_app.server.test_client()
    login(client, "u_executive")
    url = "/?p=2025&ctype=B2C&channel=online"
    with use_warehouse(demo_pointer) as reader:
        state = read_state({"p": "2025", "ctype": "B2C", "channel": "online"}, catalog(reader))
        memo.forget()
        from olap import engine

        engine.cache().clear()
        assert first_view(state, "en") is None  # nothing kept: the page comes at once, render follows
        seen = replay.visit(client, dash_app, url, rounds=1)
        assert seen.props["exec-pending"]["data"] == state.to_query()
        assert any("exec-trend.figure" in key for key, *_ in seen.answers)
        drawn = replay.visit(client, dash_app, url, rounds=1)  # kept now: built drawn
    assert "exec-pending" not in drawn.props
    assert seen.props["exec-top-customers"]["rowData"] == drawn.props["exec-top-customers"]["rowData"]


def _index_scripts(client) -> list[str]:
    html = client.get("/").get_data(as_text=True)
    return re.findall(r'src="([^"]+_dash-component-suites[^"]+\.js)"', html)


def test_text_answers_are_gzipped_for_browsers_that_accept_it(dash_app, demo_pointer):
    client = dash_app.server.test_client()
    login(client, "u_executive")
    [renderer] = [s for s in _index_scripts(client) if "dash_renderer" in s]
    plain = client.get(renderer)
    packed = client.get(renderer, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) / 2
    # a callback's answer (the page router's JSON)
    with use_warehouse(demo_pointer):
        body = replay.router_body("/", "?p=2025")
        answer = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200 and answer.headers["Content-Encoding"] == "gzip"
    assert b"exec-state" in gzip.decompress(answer.data)
    # an unversioned chunk keeps its ETag: a returning browser is told "not modified"
    chunk = "/_dash-component-suites/dash/dcc/async-graph.js"
    first = client.get(chunk, headers={"Accept-Encoding": "gzip"})
    again = client.get(chunk, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert first.status_code == 200 and again.status_code == 304


def test_versioned_assets_are_kept_a_year_unversioned_ones_are_asked_about(dash_app):
    client = dash_app.server.test_client()
    versioned = client.get("/assets/xrm.css?m=1", headers={"Accept-Encoding": "gzip"})
    assert versioned.status_code == 200 and "immutable" in versioned.headers["Cache-Control"]
    assert "max-age=31536000" in versioned.headers["Cache-Control"]
    assert versioned.headers["Content-Encoding"] == "gzip"
    assert b".kpi-card" in gzip.decompress(versioned.data)
    plain = client.get("/assets/xrm.css")
    assert "immutable" not in plain.headers.get("Cache-Control", "")


def test_the_page_preloads_the_chunks_it_loads_on_demand_and_each_exists(dash_app):
    """The chart library and the other on-demand chunks are asked for in the page's head; a Dash or
    Plotly upgrade that moved one would leave a dead link (and the page waiting for the chunk)."""
    client = dash_app.server.test_client()
    login(client, "u_executive")
    html = client.get("/").get_data(as_text=True)
    links = re.findall(r'<link rel="preload" as="script" href="([^"]+)">', html)
    assert any(link.endswith("plotly.min.js") for link in links) and any("async-graph" in link for link in links)
    for link in links:
        assert client.get(link).status_code == 200, link


def test_an_unchanged_chunk_is_answered_from_its_tag_without_reading_the_file(dash_app, monkeypatch):
    """A returning browser revalidates the on-demand chunks (they carry no version) on every page: the
    answer comes from the tag the file had when first served, never from reading and hashing 4.6 MB
    again; a stale tag still gets the file, and someone signed out still gets 401."""
    import pkgutil

    client = dash_app.server.test_client()
    chunk = "/_dash-component-suites/plotly/package_data/plotly.min.js"
    assert client.get(chunk).status_code == 401
    login(client, "u_executive")
    first = client.get(chunk, headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200 and first.headers["ETag"]
    reads = []
    real = pkgutil.get_data
    monkeypatch.setattr(pkgutil, "get_data", lambda *a: reads.append(a) or real(*a))
    again = client.get(chunk, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data and reads == []
    stale = client.get(chunk, headers={"If-None-Match": '"not-the-tag"'})
    assert stale.status_code == 200 and stale.data.startswith(b"/**") and len(reads) == 1
    assert stale.headers["ETag"] == first.headers["ETag"]
    # a versioned bundle is untouched: kept a year, no tag asked about
    [renderer] = [s for s in _index_scripts(client) if "dash_renderer" in s]
    versioned = client.get(renderer)
    assert versioned.status_code == 200 and "max-age=31536000" in versioned.headers["Cache-Control"]
    fresh = dash_app.server.test_client()  # signed out
    assert fresh.get(chunk, headers={"If-None-Match": first.headers["ETag"]}).status_code == 401
