"""The upload page's server side without Dash: uploads on disk, per-user state, mapping from the selects."""

from __future__ import annotations

import base64
import os
import time

import pytest

from data import import_session as session
from data.importer import ImportProblem
from data.importer.read import work_dir

CSV = "고객번호,주문일자,구매금액\nK-1,2024-11-03,10.5\nK-2,2024-11-04,20\n".encode()


def data_url(data: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(data).decode()


def test_an_empty_upload_is_refused_in_words(instance_dir):
    with pytest.raises(ImportProblem, match=r"empty\.csv is empty \(0 bytes\)"):
        session.save_upload("empty.csv", data_url(b""))


def test_a_too_large_upload_is_refused_before_it_is_written(instance_dir, monkeypatch):
    monkeypatch.setenv("XRM_UPLOAD_MAX_BYTES", "10")
    before = set(work_dir().glob("upload-*"))
    with pytest.raises(ImportProblem) as info:
        session.save_upload("big.csv", data_url(CSV))
    assert info.value.key == "import.too_large" and info.value.values == {"size": len(CSV), "limit": 10}
    assert set(work_dir().glob("upload-*")) == before


def test_a_broken_data_url_is_not_a_table(instance_dir):
    with pytest.raises(ImportProblem) as info:
        session.save_upload("x.csv", "data:text/csv;base64,@@@")
    assert info.value.key == "import.not_a_table"


def test_the_upload_is_kept_under_a_random_name_with_a_known_suffix(instance_dir):
    path = session.save_upload("../../etc/passwd.exe", data_url(CSV))
    assert path.parent == work_dir() and path.suffix == ".csv" and path.read_bytes() == CSV
    path.unlink()


def test_start_get_and_finish_belong_to_one_user(instance_dir):
    token, state = session.start_upload("alice", "orders.csv", data_url(CSV), "auto")
    assert state.label == "orders.csv" and state.source.columns == ["고객번호", "주문일자", "구매금액"]
    assert session.get(token, "alice").upload == state.upload
    with pytest.raises(KeyError):
        session.get(token, "mallory")
    for bad in ("../../x", "", None, "A" * 24):
        with pytest.raises(KeyError):
            session.get(bad, "alice")
    session.finish(token, "alice")
    assert not state.upload.exists()
    with pytest.raises(KeyError):
        session.get(token, "alice")


def test_an_unreadable_upload_leaves_no_file(instance_dir):
    before = set(work_dir().glob("upload-*"))
    with pytest.raises(ImportProblem) as info:
        session.start_upload("alice", "one.csv", data_url(b"just one column\n1\n"), None)
    assert info.value.key == "import.not_a_table"
    assert set(work_dir().glob("upload-*")) == before


def test_reopen_reads_the_same_upload_with_another_encoding(instance_dir):
    token, state = session.start_upload("alice", "kr.csv", data_url(CSV.decode().encode("cp949")), "auto")
    assert state.source.encoding == "cp949" and state.source.columns[0] == "고객번호"
    latin = session.reopen(token, "alice", "latin-1")
    assert latin.source.encoding == "latin-1" and latin.source.columns[0] != "고객번호"
    session.finish(token, "alice")


def test_mapping_from_the_selects_and_its_check():
    columns = ["고객번호", "주문일자", "구매금액", "비고"]
    mapping = session.mapping_from_choices("order_lines", columns, ["customer_id", "order_ts", "revenue", "-"])
    assert mapping.columns == {"고객번호": "customer_id", "주문일자": "order_ts", "구매금액": "revenue", "비고": None}
    assert mapping.check(columns) == {"customer_id": 0, "order_ts": 1, "revenue": 2}
    double = session.mapping_from_choices("order_lines", columns, ["customer_id", "order_ts", "revenue", "revenue"])
    with pytest.raises(ImportProblem, match="Columns 구매금액, 비고 are all mapped to the field revenue"):
        double.check(columns)
    with pytest.raises(ImportProblem) as info:
        session.mapping_from_choices("orders", columns, [])
    assert info.value.key == "import.unknown_entity"


def test_derivations_say_what_the_file_lacks():
    m = session.mapping_from_choices("order_lines", ["c", "d", "a"], ["customer_id", "order_ts", "revenue"])
    assert session.derivations(m, True) == [
        "import_page.derive.customers",
        "import_page.derive.unknown_product",
        "import_page.derive.default_channel",
        "import_page.derive.order_ids",
    ]
    assert session.derivations(m, True, file_channel=True)[2] == "import_page.derive.file_channel"
    assert session.derivations(m, False) == []
    named = session.mapping_from_choices("order_lines", ["c", "d", "a", "n"], ["customer_id", "order_ts", "revenue",
                                                                              "product_name"])  # fmt: skip
    assert session.derivations(named, True)[1] == "import_page.derive.products_by_name"
    full = session.mapping_from_choices(
        "order_lines", ["o", "c", "d", "q", "p", "ch", "pr"],
        ["order_id", "customer_id", "order_ts", "quantity", "unit_price", "channel_id", "product_id"],
    )  # fmt: skip
    assert session.derivations(full, True) == [
        "import_page.derive.customers",
        "import_page.derive.products",
        "import_page.derive.channels",
        "import_page.derive.revenue",
    ]


def test_stale_uploads_are_pruned(instance_dir):
    old = work_dir() / "upload-stale.csv"
    old.write_bytes(b"x")
    fresh = work_dir() / "upload-fresh.csv"
    fresh.write_bytes(b"x")
    day_ago = time.time() - session.STALE_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    assert session.prune_stale() >= 1
    assert not old.exists() and fresh.exists()
    fresh.unlink()


def test_human_size():
    assert [session.human_size(n) for n in (10, 1536, 100 * 1024**2, 20 * 1024**3)] == [
        "10 B",
        "1.5 KB",
        "100 MB",
        "20 GB",
    ]


def test_a_database_table_is_a_source_and_a_bad_url_is_said_in_words(instance_dir, tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("XRM_IMPORT_DIR", str(tmp_path))  # the administrator's import folder

    db = tmp_path / "shop.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE sales (cust TEXT, day TEXT, amount REAL)")
        con.executemany("INSERT INTO sales VALUES (?, ?, ?)", [("A", "2024-01-02", 5.0), ("B", "2024-01-03", 7.5)])
    token, state = session.start_database("alice", f"sqlite:///{db}", "sales", None)
    assert state.source.kind == "database" and state.source.columns == ["cust", "day", "amount"]
    assert [r[0] for r in state.source.sample] == ["A", "B"]
    session.finish(token, "alice")
    with pytest.raises(ImportProblem) as info:
        session.start_database("alice", f"sqlite:///{db}", "no_such_table", None)
    assert info.value.key == "import.source_error"
    with pytest.raises(ImportProblem) as info:
        session.start_database("alice", "  ", None, None)
    assert info.value.key == "import.source_error"
