"""The segment builder counts in DuckDB: for many random rule sets it selects exactly the customers the old
pandas builder (tests/segment_oracle.py) selects on the same warehouse and runs — on the demo and on odd
warehouses (orders only, no scoring runs, one country, Korean category names, returns) — and its counts,
values, preview, value lists and spreads equal independent pandas figures."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from crm import segments as seg
from crm.segment_base import base_from_frame
from crm.segment_members import preview
from data import warehouse as wh
from tests.segment_oracle import OldBase, ranked_share

N_DEFINITIONS = 150


def old_base(reader, base, *, runs=True) -> OldBase:
    from mining.runs import load_run

    loaded = [(kind, load_run(run_id)[1]) for kind, run_id in seg._score_runs(reader.lineage())] if runs else []
    return OldBase(reader.cursor(), base.as_of, loaded)


def _number_value(rng: random.Random, column: pd.Series):
    known = column.dropna()
    pick = rng.random()
    if known.empty or pick < 0.15:
        return rng.choice([0, 1, 2.5, 10, 100, 1000])
    if pick < 0.6:  # a value some customer has: equalities and ties at the threshold
        return float(known.iloc[rng.randrange(len(known))])
    return float(known.quantile(rng.random()))


def random_rule(rng: random.Random, old: OldBase) -> dict:
    field = rng.choice(list(seg.FIELDS.values()))
    cmp = rng.choice(seg.OPERATORS[field.kind])
    rule = {"field": field.id, "cmp": cmp}
    if cmp in ("is_empty", "not_empty", "is_true", "is_false"):
        return rule
    if field.kind == "category":
        values = old.field_values(field.id)
        if not values:
            values = ["nobody has this"]
            if field.id in old.category_members:  # an unknown category or outcome is refused: not drawn
                return {"field": field.id, "cmp": "not_empty"}
        chosen = rng.sample(values, k=min(len(values), rng.randint(1, 3)))
        if field.id not in old.category_members and rng.random() < 0.2:
            chosen.append("'; DROP TABLE base; --")  # only ever compared
        rule["value"] = chosen
        return rule
    column = pd.to_numeric(old.frame[field.column], errors="coerce")
    if cmp in ("top_pct", "bottom_pct"):
        rule["value"] = rng.choice([0.5, 1, 5, 10, 12.5, 25, 33.3, 50, 90, 100, rng.uniform(0.01, 100)])
    elif cmp == "between":
        rule["value"] = [_number_value(rng, column), _number_value(rng, column)]
    else:
        rule["value"] = _number_value(rng, column)
    return rule


def random_definition(rng: random.Random, old: OldBase, depth: int = 1) -> dict:
    rules = []
    for _ in range(rng.randint(0 if depth == 1 else 1, 4)):
        if depth < 3 and rng.random() < 0.25:
            rules.append(random_definition(rng, old, depth + 1))
        else:
            rules.append(random_rule(rng, old))
    return {"op": rng.choice(["and", "or"]), "rules": rules}


def assert_same_builder(base, old: OldBase, reader, seed: int, n: int = N_DEFINITIONS) -> None:
    frame = old.frame
    assert base.customers == len(frame)
    assert base.total_revenue == pytest.approx(frame["revenue"].sum())
    assert base.unscored == old.unscored
    assert {k: list(v) for k, v in base.category_members.items()} == old.category_members
    for field in seg.FIELDS.values():
        assert seg.field_values(base, field.id) == old.field_values(field.id), field.id
        got, want = seg.field_summary(base, field.id), old.field_summary(field.id)
        if want is None:
            assert got is None
            continue
        assert {k: got[k] for k in want} == pytest.approx(want), field.id
    rng = random.Random(seed)
    sizes = []
    for _ in range(n):
        definition = random_definition(rng, old)
        expected = old.members(definition)
        summary, members = seg.summarise(definition, base)
        assert set(members) == expected, definition
        assert list(members) == sorted(expected)
        sizes.append(len(expected))
        chosen = frame.loc[sorted(expected)]
        assert summary.customers == len(expected)
        assert summary.revenue == pytest.approx(chosen["revenue"].sum(), rel=1e-9, abs=1e-6)
        assert summary.avg_orders == (pytest.approx(chosen["orders"].mean()) if len(chosen) else None)
        if rng.random() < 0.2:  # the preview: the biggest members by revenue, ties by id
            top = preview(base, definition, 10)
            want = chosen.reset_index().sort_values(["revenue", "customer_id"], ascending=[False, True]).head(10)
            assert list(top["customer_id"]) == list(want["customer_id"])
            assert list(top["last_order"]) == [None if pd.isna(d) else d.date() for d in want["last_order_date"]]
            live, shown = seg.live_count(definition, base, 10)  # the builder's one-pass count and preview
            assert (live.customers, live.as_of) == (summary.customers, summary.as_of)
            assert (live.revenue, live.avg_orders or 0) == pytest.approx((summary.revenue, summary.avg_orders or 0))
            pd.testing.assert_frame_equal(shown, top)
    # the draws reached empty, partial and whole selections
    assert min(sizes) == 0 and max(sizes) == len(frame) and any(0 < s < len(frame) for s in sizes)


# --------------------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo(demo_pointer):
    with wh.use_warehouse(demo_pointer) as reader:
        yield reader


def test_random_rule_sets_select_what_the_old_builder_selects_on_the_demo(demo):
    base = seg.segment_base(demo)
    old = old_base(demo, base)
    assert old.unscored != frozenset(seg.FIELDS)  # the demo's runs are in: score fields are exercised
    assert_same_builder(base, old, demo, seed=1)


def test_the_lists_answer_as_the_bit_masks_do(demo, monkeypatch):
    """A kind with more than 64 codes (categories, channel groups, campaign outcomes) is tested on its lists."""
    base = seg.segment_base(demo)
    old = old_base(demo, base)
    monkeypatch.setattr(seg, "MASK_BITS", 0)
    assert_same_builder(base, old, demo, seed=2, n=60)


def test_every_process_reads_one_cache_file_per_version(demo):
    from crm.segment_base import cache_folder

    seg._bases.clear()
    files = set(cache_folder().glob("*.duckdb"))
    seg.segment_base(demo)  # a process that starts now opens the file, never builds another
    assert set(cache_folder().glob("*.duckdb")) == files and files


# --------------------------------------------------------------------------- odd warehouses


def _run(path, pointer, entity="order_lines", new=False):
    from data import importer
    from data.importer import open_source
    from jobs.derive import derive

    source = open_source(path)
    mapping = importer.detect(source, entity)
    validation = importer.validate(source, mapping, pointer=pointer, new_warehouse=new)
    result = importer.load(validation, "tester", policy="reject", new_warehouse=new, pointer=pointer, derive=derive)
    assert result.status == "loaded", result
    return result


def korean_orders(seed: int = 5, customers: int = 60) -> pd.DataFrame:
    """Orders of one country's customers over Korean categories; some lines returned (negative quantity)."""
    rng = np.random.default_rng(seed)
    rows, order = [], 5000
    start = pd.Timestamp("2024-07-01 10:00")
    for c in range(1, customers + 1):
        for _ in range(int(rng.integers(0, 7))):
            order += 1
            ts = start + pd.Timedelta(days=int(rng.integers(0, 365)), minutes=int(rng.integers(0, 600)))
            for line in range(1, int(rng.integers(1, 4)) + 1):
                quantity = int(rng.choice([1, 1, 2, 3, -1]))
                rows.append((order, line, f"C{c}", ts, f"P{int(rng.integers(1, 7))}", quantity,
                             float(rng.choice([9.5, 20.0, 45.25, 120.0]))))  # fmt: skip
    frame = pd.DataFrame(rows, columns=["order_id", "line_no", "customer_id", "order_date", "product", "quantity",
                                        "unit_price"])  # fmt: skip
    frame["order_date"] = frame["order_date"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return frame


@pytest.fixture(scope="module")
def orders_only(tmp_path_factory):
    """A warehouse loaded from one orders file (no customers' or products' file)."""
    folder = tmp_path_factory.mktemp("segduck-orders")
    pointer = folder / "wh" / "xrm.duckdb"
    korean_orders().to_csv(folder / "orders.csv", index=False)
    _run(folder / "orders.csv", pointer, new=True)
    return pointer


@pytest.fixture(scope="module")
def korean(tmp_path_factory):
    """One country's customers, Korean category names (two differing only in spacing: one value), returns."""
    folder = tmp_path_factory.mktemp("segduck-korean")
    pointer = folder / "wh" / "xrm.duckdb"
    people = pd.DataFrame({"customer_id": [f"C{i}" for i in range(1, 71)], "name": [f"고객 {i}" for i in range(1, 71)],
                           "country": ["Korea"] * 70})  # fmt: skip
    people.to_csv(folder / "customers.csv", index=False)
    _run(folder / "customers.csv", pointer, entity="customers", new=True)
    products = pd.DataFrame({"product_id": [f"P{i}" for i in range(1, 7)],
                             "name": ["주전자", "냄비", "드라이어", "필터", "토스터", "면도기"],
                             "category": ["주방 가전", "조리 도구", "뷰티 & 케어", "소모품/부품", "주방  가전", "뷰티 & 케어"]})  # fmt: skip
    products.to_csv(folder / "products.csv", index=False)
    _run(folder / "products.csv", pointer, entity="products")
    korean_orders(seed=9).to_csv(folder / "orders.csv", index=False)
    _run(folder / "orders.csv", pointer)
    return pointer


@pytest.mark.parametrize("which", ["orders_only", "korean"])
@pytest.mark.parametrize("runs", [True, False])
def test_random_rule_sets_select_the_same_on_odd_warehouses(which, runs, request, monkeypatch):
    pointer = request.getfixturevalue(which)
    if not runs:  # no scoring run of this warehouse: every score field is empty and matches nobody
        monkeypatch.setattr(seg, "_score_runs", lambda lineage: [])
    seg._bases.clear()
    with wh.use_warehouse(pointer) as reader:
        base = seg.segment_base(reader)
        old = old_base(reader, base, runs=runs)
        if not runs:
            assert base.unscored == frozenset(f for _, _, f in seg.SCORE_SOURCES)
        if which == "korean":
            assert base.category_members["categories_bought"] == old.category_members["categories_bought"]
            assert "뷰티 & 케어" in base.category_members["categories_bought"]
            assert set(old.frame["country"].dropna()) == {"Korea"}
        assert_same_builder(base, old, reader, seed=3 if runs else 4, n=100)
    seg._bases.clear()


# --------------------------------------------------------------------------- top / bottom share


def test_ranked_share_takes_the_top_or_bottom_share_with_ties_whole_and_blanks_out():
    values = [5.0, 1.0, None, 9.0, 9.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0]
    frame = pd.DataFrame(
        {"revenue": 1.0, "orders": 1, "clv_12m": values}, index=pd.Index(range(11), name="customer_id")
    )
    base = base_from_frame(frame, dt.date(2025, 1, 1), "ranked")

    def share(cmp, pct):
        return set(seg.summarise({"rules": [{"field": "clv_12m", "cmp": cmp, "value": pct}]}, base)[1])

    assert share("top_pct", 10) == {3, 4}  # 10 values: the 1 highest is 9, tied: both 9s
    assert share("top_pct", 30) == {3, 4, 8}
    assert share("bottom_pct", 20) == {1, 7}
    assert 2 not in share("top_pct", 100)  # no value: never in, even at 100 %
    assert len(share("bottom_pct", 100)) == 10
    column = pd.Series(values)
    for pct in (0.5, 10, 15, 33.3, 50, 99.9, 100):
        for cmp in ("top_pct", "bottom_pct"):
            assert share(cmp, pct) == set(column.index[ranked_share(column, pct / 100, top=cmp == "top_pct")])
    empty = base_from_frame(frame.assign(clv_12m=np.nan), dt.date(2025, 1, 1), "blank")
    assert seg.summarise({"rules": [{"field": "clv_12m", "cmp": "top_pct", "value": 50}]}, empty)[0].customers == 0


def test_the_automatic_runs_job_builds_the_customer_table_of_a_new_version(orders_only, monkeypatch):
    """After a load, the job that computes the default analyses builds the builder's table, so the first
    person to count a segment opens a file instead of waiting for it; a big warehouse's table is built in
    a child process (here every one's), so no worker's memory grows with the build."""
    import crm.segment_base as segment_base
    from crm.segment_base import cache_folder, cache_key
    from jobs.defaults import segment_table

    monkeypatch.setattr(segment_base, "CHILD_ABOVE", 0)
    built_here = []
    monkeypatch.setattr(segment_base, "_build", lambda *a: built_here.append(a))

    seg._bases.clear()
    reader = wh.Warehouse(orders_only)
    _, version = reader.cursor_with_version()
    target = cache_folder() / f"{cache_key(version)}.duckdb"
    target.unlink(missing_ok=True)
    segment_table(reader)
    assert target.exists() and not built_here
    seg._bases.clear()
    with wh.use_warehouse(orders_only):
        base = seg.segment_base(reader)
        old = old_base(reader, base)
        assert_same_builder(base, old, reader, seed=6, n=30)
    seg._bases.clear()


def test_a_file_pruned_between_the_look_and_the_open_is_built_again(orders_only, monkeypatch):
    real = seg.ensure_cache
    calls = []

    def pruned_first(cursor, version, as_of):
        calls.append(version)
        path = real(cursor, version, as_of)
        if len(calls) == 1:
            path.unlink()  # another process pruned it just after this one saw it
        return path

    monkeypatch.setattr(seg, "ensure_cache", pruned_first)
    seg._bases.clear()
    reader = wh.Warehouse(orders_only)
    with wh.use_warehouse(orders_only):
        assert seg.segment_base(reader).customers > 0 and len(calls) == 2
    seg._bases.clear()


def test_a_score_publish_keeps_the_customer_table_of_the_version_before(orders_only, monkeypatch):
    """A score publish writes a new version whose customers, orders and campaigns are the old one's: the
    builder's table is carried over (no build of minutes at scale 30), and counts the same."""
    import crm.segment_base as segment_base
    from mining.publish import publish_scores

    seg._bases.clear()
    reader = wh.Warehouse(orders_only)
    with wh.use_warehouse(orders_only):
        before = seg.segment_base(reader)
        definition = {"op": "or", "rules": [{"field": "revenue", "cmp": "top_pct", "value": 20},
                                            {"field": "orders", "cmp": ">=", "value": 4}]}  # fmt: skip
        expected = seg.summarise(definition, before)
        _, old_version = reader.cursor_with_version()
        publish_scores("tester", orders_only)
        _, new_version = reader.cursor_with_version()
        assert new_version != old_version
        monkeypatch.setattr(segment_base, "_build", lambda *a: pytest.fail("built again"))
        seg._bases.clear()
        after = seg.segment_base(reader)
        got = seg.summarise(definition, after)
        assert got[0] == expected[0] and list(got[1]) == list(expected[1])
    seg._bases.clear()
