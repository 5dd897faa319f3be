"""``XRM_LAKE`` read as a folder or a URL, and Spark's errors told in one line (no JVM needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from olap import lake, lake_url
from olap.engines.spark import first_line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("s3a://company-lake/xrm/", "s3a://company-lake/xrm"),
        ("hdfs://nn:8020/xrm", "hdfs://nn:8020/xrm"),
        ("file:///srv/lake", "file:///srv/lake"),
        ("/srv/lake", Path("/srv/lake")),
        ("lake", Path("lake").absolute()),
        ("", None),
    ],
)
def test_the_lake_is_a_folder_or_a_url(monkeypatch, value, expected):
    monkeypatch.setenv("XRM_LAKE", value)
    assert lake.lake_root() == expected
    if isinstance(expected, str):
        assert lake_url.is_url(value)
        assert lake.version_dir("v1") == f"{expected}/v1"
        assert lake.table_location("v1", "dim_customer", {"write": "w7"}) == f"{expected}/v1/w7/dim_customer"
    elif expected is not None:
        assert lake.table_location("v1", "dim_customer", {}) == str(expected / "v1" / "dim_customer")


def test_spark_errors_are_one_line_in_the_jvms_own_words():
    py4j = RuntimeError(
        "An error occurred while calling o50.text.\n"
        ': org.apache.hadoop.fs.UnsupportedFileSystemException: No FileSystem for scheme "bogus"\n'
        "\tat org.apache.hadoop.fs.FileSystem.getFileSystemClass(FileSystem.java:3443)"
    )
    assert first_line(py4j) == 'org.apache.hadoop.fs.UnsupportedFileSystemException: No FileSystem for scheme "bogus"'
    assert first_line(ValueError("[PATH_NOT_FOUND] Path does not exist: x.\nmore")) == (
        "[PATH_NOT_FOUND] Path does not exist: x."
    )
    assert first_line(ValueError("")) == "ValueError"


def test_make_lake_without_a_lake_says_what_to_set(monkeypatch, capsys):
    monkeypatch.delenv("XRM_LAKE", raising=False)
    assert lake.main([]) == 2
    assert "XRM_LAKE is not set" in capsys.readouterr().err
