"""components.memo: a view is built once per warehouse version, partner scope and key."""

from __future__ import annotations

import pytest

from components import memo
from olap.scope import scoped


class FakeWarehouse:
    def __init__(self, version: str):
        self.version_name = version

    def cursor_with_version(self):
        return None, self.version_name


@pytest.fixture(autouse=True)
def _fresh():
    memo.forget()
    yield
    memo.forget()


def test_a_view_is_built_once_per_version_and_key():
    built = []

    def build(tag):
        built.append(tag)
        return {"tag": tag, "n": len(built)}

    w1 = FakeWarehouse("v1")
    first = memo.memo_view(("dash", "?p=q1", "en"), lambda: build("a"), w1)
    again = memo.memo_view(("dash", "?p=q1", "en"), lambda: build("b"), w1)
    assert again is first and built == ["a"]
    other_lang = memo.memo_view(("dash", "?p=q1", "ko"), lambda: build("c"), w1)
    assert other_lang["tag"] == "c"
    newer = memo.memo_view(("dash", "?p=q1", "en"), lambda: build("d"), FakeWarehouse("v2"))
    assert newer["tag"] == "d" and built == ["a", "c", "d"]


def test_a_partner_scope_never_sees_another_scopes_view():
    w = FakeWarehouse("v1")
    everyone = memo.memo_view(("k",), lambda: "all partners", w)
    with scoped(frozenset({7})):
        mine = memo.memo_view(("k",), lambda: "partner 7", w)
    with scoped(frozenset({8})):
        theirs = memo.memo_view(("k",), lambda: "partner 8", w)
    assert (everyone, mine, theirs) == ("all partners", "partner 7", "partner 8")


def test_a_failed_build_is_not_kept_and_the_size_is_bounded(monkeypatch):
    w = FakeWarehouse("v1")

    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        memo.memo_view(("x",), fail, w)
    assert memo.memo_view(("x",), lambda: "ok", w) == "ok"
    monkeypatch.setattr(memo, "SIZE", 3)
    for i in range(5):
        memo.memo_view(("n", i), lambda i=i: i, w)
    assert memo.memo_view(("n", 0), lambda: "rebuilt", w) == "rebuilt"  # evicted, oldest first
    assert memo.memo_view(("n", 4), lambda: "rebuilt", w) == 4
