"""Scoring runs belong to the warehouse (lineage) they were computed on (issue 9, defect 1).

Two warehouses are imported one after the other with ``--new-warehouse``; their customer ids
collide (both start at 1). Every reader of runs must show the current warehouse's own run, or
say there is none, never the other warehouse's.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import duckdb
import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from data import importer
from data import warehouse as wh
from data.importer import open_source
from jobs.derive import derive
from mining.runs import latest_run, list_runs, load_run, save_run, shown_run


def orders_csv(path, seed: int, customers: int, start: dt.date, days: int) -> pd.DataFrame:
    """A small orders file: customers 1..N (integer ids, so two files collide), varied spend."""
    rng = np.random.default_rng(seed)
    rows = []
    for customer in range(1, customers + 1):
        mean = rng.gamma(4.0, 15.0)
        for day in sorted(set(rng.integers(0, days, size=1 + rng.poisson(2.0)).tolist())):
            rows.append(
                {
                    "customer": customer,
                    "order_date": (start + dt.timedelta(days=int(day))).isoformat(),
                    "amount": round(float(rng.gamma(6.0, mean / 6.0)) + 1.0, 2),
                    "quantity": 1,
                    "product": f"P{int(rng.integers(1, 5))}",
                    "country": "Korea",
                }
            )
    frame = pd.DataFrame(rows)
    frame.to_csv(path, index=False)
    return frame


def load(path, pointer, new: bool, refresh_scores: bool = True):
    source = open_source(path)
    validation = importer.validate(source, importer.detect(source, "order_lines"), pointer=pointer, new_warehouse=new)
    result = importer.load(
        validation, "tester", new_warehouse=new, pointer=pointer, refresh_scores=refresh_scores, derive=derive
    )
    assert result.status == "loaded", result.summary()
    return result


def buyers_and_end(frame: pd.DataFrame) -> tuple[int, dt.date]:
    return frame["customer"].nunique(), pd.to_datetime(frame["order_date"]).max().date()


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """Warehouse A (imported), then B (a different file, --new-warehouse); A is scored once more
    after B is loaded (a job started on A that finished late), so A's run is the newest of all."""
    from mining.rfm import score_rfm

    folder = tmp_path_factory.mktemp("lineage")
    pointer = folder / "wh" / "xrm.duckdb"
    a = orders_csv(folder / "a.csv", 1, 60, dt.date(1998, 1, 1), 180)
    load(folder / "a.csv", pointer, new=True)
    path_a = wh.current_path(pointer)
    lineage_a = wh.Warehouse(pointer).lineage()
    b = orders_csv(folder / "b.csv", 2, 45, dt.date(2025, 1, 1), 300)
    result_b = load(folder / "b.csv", pointer, new=True)
    con = duckdb.connect(str(path_a), read_only=True)  # A's version is kept for rollback
    try:
        run_a = score_rfm(con, buyers_and_end(a)[1], "tester", {"holdout_days": 0})
    finally:
        con.close()
    return dict(folder=folder, pointer=pointer, a=a, b=b, lineage_a=lineage_a, run_a=run_a, result_b=result_b)


def test_each_warehouse_has_its_own_lineage_and_runs(two):
    reader = wh.Warehouse(two["pointer"])
    lineage_b = reader.lineage()
    assert lineage_b != two["lineage_a"] and len(lineage_b) == 16 and int(lineage_b, 16) >= 0
    assert reader.meta()["lineage"] == lineage_b
    run_b = latest_run("rfm", lineage_b)
    buyers, end = buyers_and_end(two["b"])
    # the import's own run: B's as-of date and buyer count, B's lineage and version
    assert f"rfm run {run_b['run_id']} as of {end}" in two["result_b"].scores
    assert (run_b["as_of"], run_b["rows"], run_b["lineage"]) == (end, buyers, lineage_b)
    assert run_b["warehouse_version"] == two["result_b"].version
    assert run_b["run_id"] < two["run_a"] and two["run_a"] not in [r["run_id"] for r in list_runs("rfm", lineage_b)]
    assert latest_run("rfm", two["lineage_a"])["run_id"] == two["run_a"]  # A's runs stay A's
    assert load_run(two["run_a"])[0]["lineage"] == two["lineage_a"]
    assert shown_run("rfm", two["run_a"], lineage_b)["run_id"] == run_b["run_id"]  # a stale id from a page


def test_customer_360_shows_the_new_warehouses_scores_of_customer_1(two):
    from crm.customers import profile

    cursor = wh.Warehouse(two["pointer"]).cursor()
    lineage_b = wh.lineage_of(cursor)
    got = profile(cursor, 1).scores["rfm"]
    run_b, scores_b = load_run(latest_run("rfm", lineage_b)["run_id"])
    assert got["run_id"] == run_b["run_id"] != two["run_a"]
    row = got["rows"][0]
    expected = scores_b.set_index("customer_id").loc[1]
    assert (row["segment"], row["tier"]) == (expected["segment"], expected["tier"])
    # the spend is warehouse B's customer 1's, computed independently from the file
    b, a = two["b"], two["a"]
    assert row["monetary"] == pytest.approx(b.loc[b["customer"] == 1, "amount"].sum())
    assert row["monetary"] != pytest.approx(a.loc[a["customer"] == 1, "amount"].sum())


def test_rfm_page_shows_only_the_current_warehouses_run(two, monkeypatch):
    from callbacks.rfm import render_run

    monkeypatch.setenv("XRM_DB", str(two["pointer"]))
    text = str(render_run(None, "en"))
    buyers_b, end_b = buyers_and_end(two["b"])
    buyers_a, end_a = buyers_and_end(two["a"])
    assert f"as of {end_b:%b} {end_b.day}, {end_b.year}" in text and f"{buyers_b} buyers scored" in text
    assert str(end_a.year) not in text and f"{buyers_a} buyers scored" not in text
    # a run id of warehouse A kept in the browser never brings A's run back
    stale = str(render_run(two["run_a"], "en"))
    assert f"{buyers_a} buyers scored" not in stale and f"Run #{two['run_a']} " not in stale


def test_a_warehouse_without_a_run_says_so_everywhere(two, monkeypatch):
    from callbacks.rfm import render_run
    from crm.customers import profile
    from crm.segments import segment_base
    from mining.publish import score_table
    from mining.simulate import response_scores

    pointer = two["folder"] / "c" / "xrm.duckdb"
    orders_csv(two["folder"] / "c.csv", 3, 30, dt.date(2024, 6, 1), 90)
    load(two["folder"] / "c.csv", pointer, new=True, refresh_scores=False)
    reader = wh.Warehouse(pointer)
    assert latest_run("rfm", reader.lineage()) is None
    assert profile(reader.cursor(), 1).scores == {}
    base = segment_base(reader)
    assert "rfm_segment" in base.unscored
    assert base.execute("SELECT count(rfm_segment) FROM base").fetchone()[0] == 0
    table, used = score_table(reader.lineage())
    assert table.empty and used == {}
    monkeypatch.setenv("XRM_DB", str(pointer))
    assert response_scores() == (None, None)
    page = render_run(None, "en")
    assert page.id == "rfm-none" and "No scoring has been run on this warehouse yet" in str(page.children)
    # runs of every kind exist on warehouse A: the other pages still say this one has none
    from callbacks.clusters import render_run as render_clusters
    from callbacks.rules import render_nbp

    frame = pd.DataFrame({"customer_id": [1, 2], "cluster": [0, 1], "score": [0.5, 0.2], "decile": [1, 2]})
    for kind in ("cluster", "nbp", "propensity_response"):
        save_run(kind, dt.date(1998, 6, 30), {}, frame, {}, "tester", lineage=two["lineage_a"])
    assert response_scores() == (None, None)
    assert render_clusters(None, "en").id == "clu-none"
    assert render_nbp(None, "en").id == "nbp-none"


def test_loading_more_into_the_same_warehouse_keeps_its_lineage_and_runs(two):
    from mining.publish import publish_scores

    pointer = two["folder"] / "same" / "xrm.duckdb"
    shutil.copytree(two["pointer"].parent, pointer.parent, symlinks=True)
    lineage = wh.Warehouse(pointer).lineage()
    before = latest_run("rfm", lineage)["run_id"]
    more = orders_csv(two["folder"] / "more.csv", 4, 10, dt.date(2025, 11, 1), 30)
    more["customer"] += 100
    more.to_csv(two["folder"] / "more.csv", index=False)
    result = load(two["folder"] / "more.csv", pointer, new=False)
    reader = wh.Warehouse(pointer)
    assert reader.lineage() == lineage and wh.version_of(wh.current_path(pointer)) == result.version
    runs = [r["run_id"] for r in list_runs("rfm", lineage)]
    assert runs[0] > before and before in runs  # the load's own run, and the earlier ones still there
    # publishing scores writes another version of the same warehouse, with the latest run
    version = publish_scores("tester", pointer)
    con = duckdb.connect(str(wh.current_path(pointer)), read_only=True)
    try:
        assert wh.lineage_of(con) == lineage and wh.version_of(wh.current_path(pointer)) == version
        assert con.execute("SELECT value FROM meta WHERE key = 'scores.rfm'").fetchone()[0] == str(runs[0])
    finally:
        con.close()


def test_a_warehouse_from_before_lineages_gets_a_stable_one(tmp_path):
    from jobs.build import refresh_derived
    from tests.fixtures import build_tiny_warehouse

    pointer = tmp_path / "old" / "xrm.duckdb"
    wh.publish(build_tiny_warehouse(wh.new_version_path(pointer)), pointer)
    con = duckdb.connect(str(wh.current_path(pointer)), read_only=True)
    assert con.execute("SELECT count(*) FROM meta WHERE key = 'lineage'").fetchone()[0] == 0
    derived = wh.lineage_of(con)
    con.close()
    assert derived.startswith("legacy-") and wh.Warehouse(pointer).lineage() == derived
    run_id = save_run("rfm", dt.date(2025, 1, 1), {}, pd.DataFrame({"customer_id": [1]}), {}, "t", lineage=derived)
    refresh_derived(pointer)  # the next version stores the derived id: its runs stay its own
    con = duckdb.connect(str(wh.current_path(pointer)), read_only=True)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'lineage'").fetchone()[0] == derived
    finally:
        con.close()
    assert latest_run("rfm", wh.Warehouse(pointer).lineage())["run_id"] == run_id
    # a different warehouse from before lineages derives a different id
    other = tmp_path / "other.duckdb"
    build_tiny_warehouse(other)
    con = duckdb.connect(str(other))
    con.execute("UPDATE meta SET value = 'other' WHERE key = 'source'")
    assert wh.lineage_of(con) != derived
    con.close()


def test_an_older_store_gets_the_lineage_column(tmp_path):
    from data import opstore

    path = tmp_path / "old-store.sqlite"
    raw = sqlite3.connect(path)
    raw.execute(
        "CREATE TABLE score_runs (run_id INTEGER PRIMARY KEY, kind VARCHAR(64) NOT NULL, as_of DATE NOT NULL, "
        "params TEXT NOT NULL, metrics TEXT NOT NULL, rows INTEGER NOT NULL, file VARCHAR(256) NOT NULL, "
        "warehouse_version VARCHAR(128), created_by VARCHAR(64) NOT NULL, created_at DATETIME NOT NULL)"
    )
    raw.execute(
        "INSERT INTO score_runs VALUES (1, 'rfm', '2025-01-01', '{}', '{}', 3, 'x.parquet', NULL, 'u', '2025-01-02')"
    )
    raw.commit()
    raw.close()
    engine = opstore.engine(f"sqlite:///{path}")
    columns = {c["name"] for c in sa.inspect(engine).get_columns("score_runs")}
    assert "lineage" in columns
    with engine.connect() as con:
        rows = con.execute(sa.text("SELECT run_id, kind, lineage FROM score_runs")).all()
    assert [tuple(r) for r in rows] == [(1, "rfm", None)]  # an old run belongs to no lineage: never shown
    indexes = {i["name"] for i in sa.inspect(engine).get_indexes("score_runs")}
    assert "ix_score_runs_lineage" in indexes
