"""``--snapshot-update``: rewrite the reviewed SQL files of tests/sql from the compiler's output."""

from __future__ import annotations

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--snapshot-update",
        action="store_true",
        default=False,
        help="rewrite tests/sql/*.sql from the compiler's output (then review the diff)",
    )


@pytest.fixture
def snapshot_update(request) -> bool:
    return request.config.getoption("--snapshot-update", default=False)
