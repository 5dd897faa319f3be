"""``make backup`` / ``make restore``: a round trip brings back the warehouse, the store and the files;
a damaged or hostile archive is refused before anything changes."""

from __future__ import annotations

import shutil
import tarfile

import pytest

from data.warehouse import current_path, new_version_path, publish


@pytest.fixture
def instance(tmp_path, monkeypatch):
    from tests.fixtures import build_tiny_warehouse

    folder = tmp_path / "instance"
    monkeypatch.setenv("XRM_INSTANCE", str(folder))
    monkeypatch.setenv("XRM_DB", str(folder / "xrm.duckdb"))
    monkeypatch.setenv("XRM_STORE_URL", f"sqlite:///{folder / 'xrm_store.sqlite'}")
    monkeypatch.setenv("XRM_BACKUP_DIR", str(tmp_path / "backups"))
    folder.mkdir()
    first = new_version_path(folder / "xrm.duckdb")
    build_tiny_warehouse(first)
    publish(first, folder / "xrm.duckdb")
    (folder / "scores").mkdir()
    (folder / "scores" / "run-1.parquet").write_bytes(b"scores of run 1")
    (folder / "secret_key").write_text("k" * 64)
    return folder


def revenue(folder) -> float:
    import duckdb

    con = duckdb.connect(str(current_path(folder / "xrm.duckdb")), read_only=True)
    try:
        return con.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]
    finally:
        con.close()


def test_round_trip(instance, capsys):
    from auth.users import add_user, get_user
    from jobs.backup import main

    add_user("keeper", "a-long-password-1", "analyst")
    before = revenue(instance)
    assert main(["create"]) == 0
    out = capsys.readouterr().out
    assert "backup written:" in out
    archive = next((instance.parent / "backups").glob("xrm-backup-*.tar"))
    assert archive.stat().st_mode & 0o077 == 0  # private: customer data and password hashes

    # afterwards: the data changes, the user goes, a score file is lost
    changed = new_version_path(instance / "xrm.duckdb")
    shutil.copyfile(current_path(instance / "xrm.duckdb"), changed)
    import duckdb

    con = duckdb.connect(str(changed))
    con.execute("UPDATE fact_order_line SET revenue = revenue * 2")
    con.close()
    publish(changed, instance / "xrm.duckdb")
    assert revenue(instance) == pytest.approx(2 * before)
    from data import opstore

    with opstore.engine().begin() as c:
        c.execute(opstore.users.delete().where(opstore.users.c.username == "keeper"))
    (instance / "scores" / "run-1.parquet").unlink()

    assert main(["restore"]) == 0  # the newest backup
    out = capsys.readouterr().out
    assert "restored" in out and "restart the app" in out
    assert revenue(instance) == pytest.approx(before)
    opstore._engines.clear()  # a restarted process opens the restored store
    assert get_user("keeper") is not None
    assert (instance / "scores" / "run-1.parquet").read_bytes() == b"scores of run 1"
    kept = next(instance.glob("before-restore-*"))
    assert (kept / "xrm_store.sqlite").exists()  # what the restore replaced is kept


def test_a_damaged_backup_changes_nothing(instance, tmp_path, capsys):
    from jobs.backup import main

    assert main(["create", "--out", str(tmp_path / "b.tar")]) == 0
    data = bytearray((tmp_path / "b.tar").read_bytes())
    at = data.index(b"scores of run 1")
    data[at] ^= 0xFF
    (tmp_path / "bad.tar").write_bytes(bytes(data))
    version = current_path(instance / "xrm.duckdb")
    assert main(["restore", str(tmp_path / "bad.tar")]) == 2
    assert "damaged" in capsys.readouterr().err
    assert current_path(instance / "xrm.duckdb") == version
    assert not list(instance.glob("before-restore-*"))
    assert main(["restore", str(tmp_path / "missing.tar")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_a_hostile_archive_is_refused(instance, tmp_path, capsys):
    from jobs.backup import main

    assert main(["create", "--out", str(tmp_path / "b.tar")]) == 0
    evil = tmp_path / "evil.tar"
    shutil.copyfile(tmp_path / "b.tar", evil)
    payload = tmp_path / "payload"
    payload.write_text("owned")
    with tarfile.open(evil, "a") as tar:
        tar.add(str(payload), arcname="../../escaped")
    assert main(["restore", str(evil)]) == 2
    assert "unexpected entry" in capsys.readouterr().err
    assert not (tmp_path / "escaped").exists() and not (instance.parent / "escaped").exists()


def test_restore_waits_for_a_running_load(instance, tmp_path, capsys):
    from data.warehouse import writer_lock
    from jobs.backup import main

    assert main(["create", "--out", str(tmp_path / "b.tar")]) == 0
    with writer_lock(instance / "xrm.duckdb"):
        assert main(["restore", str(tmp_path / "b.tar")]) == 2
    assert "load or publish is running" in capsys.readouterr().err
