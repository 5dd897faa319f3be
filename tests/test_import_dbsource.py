"""The import page's database source cannot reach the server's own files (issue 13, finding 2).

Each attack of the security review is reproduced: reading the operational store (password hashes),
``VACUUM INTO`` / ``ATTACH`` / ``CREATE`` writing files, a second statement, a host or driver the
administrator did not allow, a driver that is not installed (was an HTTP 500), a link out of the
import folder.
"""

from __future__ import annotations

import sqlite3

import pytest

from data.importer import ImportProblem, open_database
from data.importer.dbsource import checked_query


@pytest.fixture
def folder(tmp_path, monkeypatch):
    imports = tmp_path / "imports"
    imports.mkdir()
    monkeypatch.setenv("XRM_IMPORT_DIR", str(imports))
    monkeypatch.setenv("XRM_IMPORT_DB_HOSTS", "db.example.com,10.0.0.5:5432")
    with sqlite3.connect(imports / "shop.sqlite") as con:
        con.execute("CREATE TABLE sales (customer TEXT, amount REAL)")
        con.execute("INSERT INTO sales VALUES ('C1', 5.0), ('C2', 7.5)")
    return imports


def _refused(key, **kw):
    with pytest.raises(ImportProblem) as info:
        open_database(**kw)
    assert info.value.key == key, info.value.message("en")
    return info.value


def test_a_file_in_the_import_folder_is_read(folder):
    source = open_database(f"sqlite:///{folder / 'shop.sqlite'}", query="SELECT customer, amount FROM sales -- all")
    assert [r[0] for r in source.sample] == ["C1", "C2"]
    assert open_database(f"sqlite:///{folder / 'shop.sqlite'}", table="sales").columns == ["customer", "amount"]


def test_the_operational_store_and_other_files_are_refused(folder, instance_dir):
    from settings import store_url

    _refused("import.db_file_refused", url=store_url(), query="SELECT username, password_hash FROM users")
    outside = folder.parent / "elsewhere.sqlite"
    sqlite3.connect(outside).close()
    _refused("import.db_file_refused", url=f"sqlite:///{outside}", table="sales")
    (folder / "link.sqlite").symlink_to(outside)  # a link inside the folder to a file outside
    _refused("import.db_file_refused", url=f"sqlite:///{folder / 'link.sqlite'}", table="sales")
    _refused("import.db_file_refused", url="sqlite://", query="SELECT 1")
    _refused("import.db_file_refused", url=f"sqlite:///{folder / '..' / 'elsewhere.sqlite'}", table="sales")


@pytest.mark.parametrize(
    "query",
    [
        "VACUUM INTO '/tmp/x.sqlite'",
        "SELECT 1; VACUUM INTO 'assets/store.sqlite'",
        "ATTACH DATABASE '/tmp/evil.db' AS evil",
        "CREATE TABLE x AS SELECT 1",
        "SELECT * INTO copy FROM sales",
        "WITH a AS (SELECT 1) DELETE FROM sales",
        "select 1;/* sneaky */ pragma writable_schema = 1",
        "PRAGMA table_info(sales)",
    ],
)
def test_only_one_read_only_select_runs(folder, query):
    _refused("import.db_query_refused", url=f"sqlite:///{folder / 'shop.sqlite'}", query=query)
    assert not (folder.parent / "x.sqlite").exists()


def test_words_inside_quoted_text_are_only_values(folder):
    assert checked_query("SELECT 'drop; vacuum' AS note, \"insert\" FROM sales") == (
        "SELECT 'drop; vacuum' AS note, \"insert\" FROM sales"
    )
    source = open_database(f"sqlite:///{folder / 'shop.sqlite'}", query="SELECT 'attach; into' AS w FROM sales")
    assert source.sample[0][0] == "attach; into"


def test_a_read_only_connection_even_if_a_write_slipped_through(folder):
    import sqlalchemy as sa

    from data.importer.dbsource import read_only_engine

    engine = read_only_engine(sa.engine.make_url(f"sqlite:///{folder / 'shop.sqlite'}"))
    with pytest.raises(sa.exc.OperationalError, match="readonly"), engine.begin() as con:
        con.execute(sa.text("DELETE FROM sales"))


def test_hosts_and_drivers_the_administrator_did_not_allow(folder, monkeypatch):
    refused = _refused("import.db_host_refused", url="postgresql://reader@attacker.example.net/shop", table="sales")
    assert "db.example.com" in refused.message("en")
    _refused("import.db_bad_url", url="not a url at all", table="sales")
    _refused("import.db_table_refused", url=f"sqlite:///{folder / 'shop.sqlite'}", table="sales; DROP TABLE x")
    monkeypatch.setenv("XRM_IMPORT_DB_DRIVERS", "postgresql")
    _refused("import.db_driver_refused", url=f"sqlite:///{folder / 'shop.sqlite'}", table="sales")


def test_an_allowed_host_without_its_driver_is_said_in_words(folder):
    """A database URL whose driver is not installed (was an HTTP 500 on the import page) is a message; PostgreSQL's
    driver is installed since the store runs on it (issue 14), MySQL's is not."""
    problem = _refused("import.db_driver_missing", url="mysql://reader@db.example.com/shop", table="sales")
    assert "CSV" in problem.message("en") and "CSV" in problem.message("ko")
