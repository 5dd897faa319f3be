"""What a saved segment leads to: its member list (download, against SQL), the preview's names and last
orders, archiving, and the planner opened on it."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from crm import segments as seg
from crm.segment_members import COLUMNS, member_frame, preview
from data import opstore
from data import warehouse as wh
from tests.conftest import login

ASIA = {"op": "and", "rules": [{"field": "region", "cmp": "in", "value": ["Asia"]}]}


@pytest.fixture(scope="module")
def demo(demo_pointer):
    with wh.use_warehouse(demo_pointer) as reader:
        yield reader


@pytest.fixture(scope="module")
def saved(demo):
    return seg.save_segment("Members of Asia", ASIA, "u_marketer")


def independent(demo, ids) -> pd.DataFrame:
    """The same columns from the raw tables with pandas (no SQL aggregation)."""
    cur = demo.cursor()
    customers = cur.execute("SELECT customer_id, name, country, customer_type FROM dim_customer").df()
    lines = cur.execute("SELECT customer_id, order_id, order_ts, revenue FROM fact_order_line").df()
    lines = lines[lines["customer_id"].isin(ids)]
    agg = lines.groupby("customer_id").agg(
        revenue=("revenue", "sum"), orders=("order_id", "nunique"), last_order=("order_ts", "max")
    )
    out = customers[customers["customer_id"].isin(ids)].merge(agg, on="customer_id", how="left")
    out["revenue"] = out["revenue"].fillna(0.0)
    out["orders"] = out["orders"].fillna(0).astype(int)
    return out.set_index("customer_id")


def test_the_member_list_equals_pandas_on_the_raw_tables(demo, saved):
    ids = seg.segment_members(saved["segment_id"])
    frame = member_frame(demo.cursor(), ids)
    assert list(frame.columns) == list(COLUMNS) and len(frame) == len(ids) == saved["customers"]
    assert list(frame["revenue"]) == sorted(frame["revenue"], reverse=True)
    expected = independent(demo, ids).loc[frame["customer_id"]]
    assert list(frame["name"]) == list(expected["name"])
    assert frame["revenue"].to_numpy() == pytest.approx(expected["revenue"].to_numpy())
    assert list(frame["orders"]) == list(expected["orders"])
    bought = expected["last_order"].notna().to_numpy()
    assert [d for d in frame["last_order"][bought]] == [t.date() for t in expected["last_order"][bought]]
    assert member_frame(demo.cursor(), []).empty


def test_the_preview_names_the_biggest_members_and_their_last_order(demo):
    base = seg.segment_base(demo)
    _, members = seg.summarise(ASIA, base)
    top = preview(base, ASIA, 10)
    assert list(top.columns) == list(COLUMNS) and len(top) == 10
    expected = independent(demo, list(top["customer_id"])).loc[top["customer_id"]]
    assert list(top["name"]) == list(expected["name"])
    assert top["revenue"].to_numpy() == pytest.approx(expected["revenue"].to_numpy())
    revenue = independent(demo, list(members))["revenue"]
    assert top["revenue"].to_numpy() == pytest.approx(sorted(revenue, reverse=True)[:10])
    assert [d for d in top["last_order"]] == [t.date() for t in expected["last_order"]]


def test_archiving_takes_a_segment_off_the_lists_and_frees_its_name(demo):
    kept = seg.save_segment("Archive me", ASIA, "u_marketer")
    assert seg.archive_segment(kept["segment_id"], "u_marketer") == "Archive me"
    assert kept["segment_id"] not in {s["segment_id"] for s in seg.list_segments()}
    assert seg.segment_members(kept["segment_id"])  # the snapshot stays for the plans made on it
    with pytest.raises(seg.SegmentError):
        seg.archive_segment(kept["segment_id"], "u_marketer")  # already archived
    with pytest.raises(seg.SegmentError):
        seg.archive_segment(999_999, "u_marketer")
    again = seg.save_segment("Archive me", ASIA, "u_marketer")  # the name is free again
    assert again["segment_id"] != kept["segment_id"]
    with opstore.engine().connect() as con:
        actions = [
            r.action for r in con.execute(opstore.audit_log.select().where(opstore.audit_log.c.actor == "u_marketer"))
        ]
    assert "segment.archive" in actions


def test_the_member_download_for_the_segment_roles_only(dash_app, demo, demo_pointer, saved):
    ids = seg.segment_members(saved["segment_id"])
    with wh.use_warehouse(demo_pointer):
        client = dash_app.server.test_client()
        login(client, "u_marketer")
        response = client.get(f"/export/segments/{saved['segment_id']}.csv?lang=en")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert rows[0][:2] == ["Customer id", "Name"] and len(rows) == len(ids) + 1
        assert sorted(int(r[0]) for r in rows[1:]) == sorted(ids)
        workbook = client.get(f"/export/segments/{saved['segment_id']}.xlsx?lang=ko")
        assert workbook.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(workbook.data)).worksheets[0]
        assert sheet.max_row == len(ids) + 1
        assert client.get("/export/segments/999999.csv").status_code == 404
        assert client.get(f"/export/segments/{saved['segment_id']}.pdf").status_code == 404
        executive = dash_app.server.test_client()
        login(executive, "u_executive")
        assert executive.get(f"/export/segments/{saved['segment_id']}.csv").status_code == 403
        anonymous = dash_app.server.test_client()
        assert anonymous.get(f"/export/segments/{saved['segment_id']}.csv").status_code in (302, 401)


def test_the_planner_opens_on_the_segment_a_link_names(dash_app, demo_pointer, saved):
    from callbacks.campaign_plan import load
    from tests.signed_in import signed_in

    with signed_in(dash_app, demo_pointer, "u_marketer", "/campaigns/plan"):
        options, value, _ = load(0, saved["segment_id"])
        assert value == f"{saved['segment_id']}:{saved['version']}"
        _, first, _ = load(0, None)
        assert first == options[0]["value"]
        _, unknown, _ = load(0, 987654)
        assert unknown == options[0]["value"]
