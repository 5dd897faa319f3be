"""Segments: rules in AND/OR groups select exactly what pandas selects; saving keeps versions and snapshots."""

import pandas as pd
import pytest

from crm import segments as seg
from crm.segments import SegmentError, save_segment, segment_base, segment_members, segment_version, summarise
from data import warehouse as wh


@pytest.fixture(scope="module")
def demo(demo_pointer):
    with wh.use_warehouse(demo_pointer) as reader:
        yield reader


@pytest.fixture(scope="module")
def base(demo):
    return segment_base(demo)


@pytest.fixture(scope="module")
def raw(demo):
    """An independent per-customer table, straight from the warehouse."""
    cur = demo.cursor()
    return (
        cur.execute(
            """SELECT c.customer_id, c.country, c.region, c.customer_type,
                  coalesce(sum(f.revenue), 0) AS revenue, count(DISTINCT f.order_id) AS orders,
                  coalesce(sum(f.revenue) FILTER (WHERE p.category = 'Cookware'), 0) > 0 AS cookware
           FROM dim_customer c LEFT JOIN fact_order_line f USING (customer_id)
           LEFT JOIN dim_product p USING (product_id)
           GROUP BY ALL"""
        )
        .df()
        .set_index("customer_id")
    )


def ids(definition, base):
    return set(summarise(definition, base)[1])


def test_and_or_groups_select_what_pandas_selects(base, raw):
    definition = {
        "op": "and",
        "rules": [
            {"field": "region", "cmp": "in", "value": ["Asia", "Europe"]},
            {
                "op": "or",
                "rules": [
                    {"field": "revenue", "cmp": ">=", "value": 5000},
                    {"field": "customer_type", "cmp": "in", "value": ["B2B"]},
                ],
            },
        ],
    }
    expected = raw[
        raw["region"].isin(["Asia", "Europe"]) & ((raw["revenue"] >= 5000) | (raw["customer_type"] == "B2B"))
    ]
    assert ids(definition, base) == set(expected.index)
    summary, members = summarise(definition, base)
    assert summary.customers == len(expected) > 0
    assert summary.revenue == pytest.approx(expected["revenue"].sum())
    assert summary.share == pytest.approx(len(expected) / len(raw))


def test_operators(base, raw):
    bought = raw.index[raw["cookware"].fillna(False).astype(bool)]
    assert ids({"rules": [{"field": "categories_bought", "cmp": "in", "value": ["Cookware"]}]}, base) == set(bought)
    none = {"rules": [{"field": "categories_bought", "cmp": "not_in", "value": ["Cookware"]}]}
    assert ids(none, base) == set(raw.index) - set(bought)
    between = {"rules": [{"field": "orders", "cmp": "between", "value": [5, 2]}]}
    assert ids(between, base) == set(raw.index[(raw["orders"] >= 2) & (raw["orders"] <= 5)])
    never = {"rules": [{"field": "recency_days", "cmp": "is_empty"}]}
    assert ids(never, base) == set(raw.index[raw["orders"] == 0])
    assert ids({"op": "and", "rules": []}, base) == set(raw.index)
    assert ids({"op": "or", "rules": [{"field": "country", "cmp": "in", "value": ["Atlantis"]}]}, base) == set()


@pytest.mark.parametrize(
    "definition, key",
    [
        ({"rules": [{"field": "password_hash", "cmp": "in", "value": ["x"]}]}, "segment.unknown_field"),
        ({"rules": [{"field": "revenue", "cmp": "in", "value": ["x"]}]}, "segment.bad_operator"),
        ({"rules": [{"field": "revenue", "cmp": ">=", "value": "lots"}]}, "segment.not_a_number"),
        ({"rules": [{"field": "revenue", "cmp": ">=", "value": "nan"}]}, "segment.not_a_number"),
        ({"rules": [{"field": "country", "cmp": "in", "value": []}]}, "segment.no_values"),
        ({"rules": [{"field": "orders", "cmp": "between", "value": [1]}]}, "segment.between_needs_two"),
        ({"rules": [{"field": "categories_bought", "cmp": "in", "value": ["Rockets"]}]}, "segment.unknown_value"),
        ({"op": "xor", "rules": []}, "segment.bad_group"),
        ({"rules": [{"rules": [{"rules": [{"rules": [{"rules": []}]}]}]}]}, "segment.too_deep"),
        ({"rules": ["country = 'Japan'"]}, "segment.bad_rule"),
    ],
)
def test_bad_definitions_are_refused_with_a_reason(base, definition, key):
    with pytest.raises(SegmentError) as info:
        summarise(definition, base)
    assert info.value.key == key


def test_quotes_and_sql_in_values_are_only_compared(base):
    hostile = {"rules": [{"field": "country", "cmp": "in", "value": ["'; DROP TABLE users; --", "Côte d'Ivoire"]}]}
    assert ids(hostile, base) == set()


def test_save_versions_and_snapshots(demo, base, raw):
    definition = {"rules": [{"field": "region", "cmp": "in", "value": ["Asia"]}]}
    first = save_segment("Asia buyers", definition, "u_marketer", "all of Asia")
    assert first["version"] == 1
    asia = set(raw.index[raw["region"] == "Asia"])
    assert set(segment_members(first["segment_id"])) == asia
    with pytest.raises(SegmentError) as info:
        save_segment("Asia buyers", definition, "u_marketer")
    assert info.value.key == "segment.name_taken"
    narrower = {"op": "and", "rules": [*definition["rules"], {"field": "orders", "cmp": ">=", "value": 3}]}
    second = save_segment("Asia buyers", narrower, "u_marketer", segment_id=first["segment_id"])
    assert second == {"segment_id": first["segment_id"], "version": 2, "customers": second["customers"]}
    assert set(segment_members(first["segment_id"], 1)) == asia  # the old snapshot is kept
    assert set(segment_members(first["segment_id"])) == set(raw.index[(raw["region"] == "Asia") & (raw["orders"] >= 3)])
    assert segment_version(first["segment_id"])["definition"] == narrower
    assert segment_version(first["segment_id"], 1)["definition"] == definition
    listed = {s["segment_id"]: s for s in seg.list_segments()}
    assert listed[first["segment_id"]]["version"] == 2 and listed[first["segment_id"]]["members"] == second["customers"]
    member = next(iter(set(segment_members(first["segment_id"]))))
    assert first["segment_id"] in [s["segment_id"] for s in seg.segments_of(member)]
    outsider = next(iter(set(raw.index) - asia))
    assert first["segment_id"] not in [s["segment_id"] for s in seg.segments_of(outsider)]
    with pytest.raises(SegmentError) as info:
        save_segment("Nobody", {"rules": [{"field": "country", "cmp": "in", "value": ["Atlantis"]}]}, "u_marketer")
    assert info.value.key == "segment.empty"
    with pytest.raises(SegmentError):
        save_segment("  ", definition, "u_marketer")


def test_scores_join_the_base_when_a_run_exists(demo):
    from mining.runs import save_run

    base = segment_base(demo)
    some = list(summarise({"op": "and", "rules": []}, base)[1][:5])
    save_run(
        "rfm",
        base.as_of,
        {},
        pd.DataFrame(
            {"customer_id": some, "segment": ["champions"] * 5, "tier": ["Gold"] * 5, "clv_12m": 1.0, "p_alive": 0.9}
        ),
        {},
        "u_analyst",
        lineage=demo.lineage(),  # the run belongs to the warehouse the base reads
    )
    fresh = segment_base(demo)
    assert fresh is not base  # a new run makes a new base
    assert ids({"rules": [{"field": "rfm_segment", "cmp": "in", "value": ["champions"]}]}, fresh) == set(some)


def test_score_conditions_without_a_run_say_so_and_where_to_make_one(demo):
    """Issue 17 item 7: a condition on a score no run of this warehouse fills matches nobody; the base
    knows which, independently of the runs stored, and the editor says so with a link to the run's page."""
    from components.segment_editor import SCORE_PAGES, _rule_row
    from mining.rfm import score_rfm
    from mining.runs import latest_run, load_run

    cursor = demo.cursor()
    if latest_run("rfm", demo.lineage()) is None:  # one run of this warehouse, so both cases are exercised
        score_rfm(cursor, cursor.execute("SELECT max(order_ts)::DATE FROM fact_order_line").fetchone()[0], "tester")
    base = seg.segment_base(demo)

    expected = set()
    for kind, column, field in seg.SCORE_SOURCES:
        meta = latest_run(kind, demo.lineage())
        if meta is None or column not in load_run(meta["run_id"])[1].columns:
            expected.add(field)
    assert base.unscored == expected
    for field in expected:  # nobody has a value
        assert not summarise({"rules": [{"field": field, "cmp": "not_empty"}]}, base)[0].customers
    # the editor, whichever runs other tests stored: a field the base calls unfilled explains itself
    from dataclasses import replace

    def row(field, on):
        cmp = "in" if seg.FIELDS[field].kind == "category" else ">="
        return str(_rule_row({"field": field, "cmp": cmp, "value": []}, "0", "en", on))

    scores = sorted({f for _, _, f in seg.SCORE_SOURCES})
    unfilled = replace(base, unscored=frozenset({"cluster", "response_score"}))
    assert "matches nobody" in row("cluster", unfilled) and SCORE_PAGES["cluster"] in row("cluster", unfilled)
    assert SCORE_PAGES["propensity_response"] in row("response_score", unfilled)
    for field in scores:
        assert ("matches nobody" in row(field, base)) == (field in base.unscored)


def test_top_and_bottom_percent_select_what_pandas_selects(base, raw):
    for cmp, share in (("top_pct", 10), ("bottom_pct", 25), ("top_pct", 100)):
        got = ids({"op": "and", "rules": [{"field": "revenue", "cmp": cmp, "value": share}]}, base)
        revenue = raw["revenue"].dropna()
        n = -(-len(revenue) * share // 100)  # ceil
        if cmp == "top_pct":
            threshold = revenue.sort_values(ascending=False).iloc[n - 1]
            expected = set(revenue.index[revenue >= threshold])
        else:
            threshold = revenue.sort_values().iloc[n - 1]
            expected = set(revenue.index[revenue <= threshold])
        assert got == expected, (cmp, share)
        assert len(got) >= n


@pytest.mark.parametrize("value", [0, -5, 100.5, "ten", None])
def test_a_share_outside_0_to_100_is_refused_with_a_message(base, value):
    with pytest.raises(SegmentError) as caught:
        summarise({"op": "and", "rules": [{"field": "revenue", "cmp": "top_pct", "value": value}]}, base)
    assert "revenue" in caught.value.message("en") or "Revenue" in caught.value.message("en")


def test_field_summary_gives_unit_and_spread_equal_to_pandas(base, raw):
    summary = seg.field_summary(base, "revenue")
    revenue = raw["revenue"]
    assert summary["unit"] == "money" and summary["customers"] == len(revenue) == summary["with_value"]
    assert summary["p50"] == pytest.approx(revenue.median())
    assert summary["p90"] == pytest.approx(revenue.quantile(0.9))
    assert (summary["min"], summary["max"]) == pytest.approx((revenue.min(), revenue.max()))
    assert seg.field_summary(base, "recency_days")["unit"] == "days"
    assert seg.field_summary(base, "country") is None


def test_the_builder_shows_unit_and_spread_and_a_percent_input(base):
    from components.segment_editor import _rule_row, _set_cmp, spread_line

    row = str(_rule_row({"field": "revenue", "cmp": "top_pct", "value": 10}, "0", "ko", base))
    assert "seg-spread" in row and "'label': '상위 %'" in row and "고객 비율(%)" in row
    english = str(spread_line(seg.field_summary(base, "recency_days"), "en"))
    assert "In days:" in english and "median" in english
    rule = {"field": "revenue", "cmp": ">=", "value": 5000}
    _set_cmp(rule, "top_pct")
    assert rule == {"field": "revenue", "cmp": "top_pct", "value": None}  # 5,000 is no share of customers
    _set_cmp(rule, "bottom_pct")
    assert rule["cmp"] == "bottom_pct"
