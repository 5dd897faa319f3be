"""The SQL the cube compiler writes, as reviewed files (ibis style; no database).

Each case is a query spec, compiled the way ``olap.engine`` compiles it (the rollup
router picks a rollup per fact from a fixed catalog, or the fact table), and compared
with ``tests/sql/<id>.sql``: the SQL laid out one clause per line (``tests/sql/pretty.py``),
under a header with the spec, the table each fact reads and every bound parameter.
A change to the compiler shows up here as a diff; ``pytest tests/sql --snapshot-update``
rewrites the files, and the diff is then reviewed like code.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

import pytest

from olap import rollups
from olap.cube import FACTS
from olap.query import QuerySpec, compile_spec, detail_count, detail_query, make_spec, previous_period
from tests.sql.pretty import pretty, same_tokens

HERE = Path(__file__).parent

# Row counts of the rollups of the scale-1 demo warehouse: the router takes the smallest able one.
CATALOG = {
    "contacts_m": 2947,
    "contacts_d": 3093,
    "sales_m_top": 5036,
    "tickets_m": 5923,
    "tickets_d": 6713,
    "sales_m_city": 14860,
    "sessions_m": 14925,
    "sales_m_core": 34790,
    "sessions_d": 38360,
    "sales_d_top": 99031,
    "sales_m_category": 266845,
    "sales_m_customer": 268174,
    "sales_m_product": 459784,
    "sales_m_customer_category": 537019,
}
Q2 = {"start": "2025-04-01", "end": "2025-06-30"}  # whole months: the month rollups answer it


@dataclass(frozen=True)
class Case:
    id: str
    spec: QuerySpec
    rollups: bool = False  # route through the rollup catalog (else the fact tables)
    detail: str | None = None  # "rows" or "count": the drill-through SQL instead of the cube's
    cell: tuple = ()  # drill-through cell: (level id, member) pairs
    scope: frozenset | None = None  # a partner manager's partners (row-level security); None: all

    def compile(self) -> tuple[str, list, str]:
        """SQL, parameters and the table each fact reads (as ``olap.engine.compiled_for``)."""
        if self.detail == "rows":
            return (*detail_query(self.spec, dict(self.cell), page=2, page_size=50, scope=self.scope), "fact")
        if self.detail == "count":
            return (*detail_count(self.spec, dict(self.cell), scope=self.scope), "fact")
        plan = rollups.plan(self.spec, CATALOG if self.rollups else {}, scoped=self.scope is not None)
        compiled = compile_spec(self.spec, facts={**FACTS, **plan.facts}, part_sql=plan.part_sql, scope=self.scope)
        return compiled.sql, compiled.params, "+".join(plan.sources.values())


def case(case_id: str, measures, *, rollups=False, detail=None, cell=(), scope=None, **spec) -> Case:
    """A case of a spec made by ``make_spec(measures, **spec)``."""
    return Case(case_id, make_spec(measures, **spec), rollups, detail, tuple(cell), scope)


AB = frozenset({5, 3})  # a partner manager's two partners


CASES = (
    # ---- measure kinds, on the fact tables
    case("sum_total", ["revenue"]),
    case("sum_by_region", ["revenue", "gross_margin", "units"], rows=["geo.region"]),
    case("distinct_orders_by_channel", ["orders"], rows=["channel.channel"]),
    case("distinct_customers_not_guests", ["customers", "new_customers"], rows=["customer.type"]),
    case("ratio_margin_and_aov", ["margin_pct", "aov"], rows=["product.category"]),
    case("per_customer_repeat_rate_total", ["repeat_rate"]),
    case("per_customer_repeat_rate_by_region", ["repeat_rate", "revenue"], rows=["geo.region"], **Q2),
    case("sessions_conversion_rate", ["sessions", "conversion_rate"], rows=["geo.country"]),
    case("contacts_response_uplift", ["response_rate", "response_uplift"], rows=["channel.group"]),
    case("tickets_satisfaction_hours", ["tickets", "satisfaction", "resolution_hours"], rows=["product.category"]),
    case("opportunities_win_rate", ["opportunities", "pipeline_value", "win_rate"], rows=["partner.tier"]),
    # ---- several facts in one spec
    case("two_facts_total", ["revenue", "sessions"]),
    case("two_facts_by_region", ["revenue", "sessions", "tickets"], rows=["geo.region"]),
    # ---- time grains
    case("grain_year", ["revenue"], rows=["time.year"], sort="time.year", descending=False),
    case("grain_quarter", ["revenue"], rows=["time.quarter"], sort="time.quarter", descending=False),
    case("grain_month", ["revenue"], rows=["time.month"], sort="time.month", descending=False, **Q2),
    case("grain_week", ["orders"], rows=["time.week"], start="2025-03-03", end="2025-03-30"),
    case("grain_day", ["sessions"], rows=["time.day"], start="2025-03-01", end="2025-03-07"),
    # ---- filters
    case("filter_members", ["revenue"], rows=["geo.country"], filters={"geo.region": ["Asia", "Europe"]}),
    case(
        "filter_ids_compare_integers", ["revenue"], rows=["product.product"], filters={"customer.customer": ["3", "17"]}
    ),
    case("filter_time_members", ["revenue"], rows=["geo.region"], filters={"time.quarter": ["2025-Q1", "2025-Q3"]}),
    case("filter_date_range", ["revenue", "orders"], rows=["channel.group"], start="2025-01-15", end="2025-02-14"),
    case("filter_scores_unscored", ["revenue"], rows=["score.tier"], filters={"cluster.cluster": ["unscored", "2"]}),
    case(
        "filter_several_levels",
        ["revenue"],
        rows=["customer.segment"],
        filters={"channel.group": ["online"], "customer.type": ["B2B"], "partner.tier": ["Gold", "Direct"]},
        **Q2,
    ),
    # ---- multi-level groupings, pivots, top-N and sorting
    case("rows_two_levels", ["revenue"], rows=["geo.region", "geo.country"]),
    case("pivot_month_by_channel", ["revenue", "orders"], rows=["time.month"], columns=["channel.group"], **Q2),
    case("pivot_two_facts", ["revenue", "sessions"], rows=["geo.region"], columns=["time.quarter"]),
    case("top_10_customers", ["revenue"], rows=["customer.customer"], limit=10),
    case(
        "bottom_5_by_level", ["win_rate"], rows=["partner.partner"], sort="partner.partner", descending=False, limit=5
    ),
    # ---- comparisons: the span before, in whole months or like for like
    Case("compare_previous_quarter", previous_period(make_spec(["revenue", "orders"], rows=["geo.region"], **Q2))),
    Case(
        "compare_cut_by_data_end",
        previous_period(make_spec(["revenue"], start="2025-10-01", end="2025-12-31"), dt.date(2025, 11, 20)),
    ),
    # ---- the rollup router's choice
    case("router_month_top", ["revenue", "orders"], rows=["geo.region"], rollups=True, **Q2),
    case(
        "router_day_for_unaligned_dates",
        ["revenue"],
        rows=["geo.region"],
        rollups=True,
        start="2025-04-10",
        end="2025-05-09",
    ),
    case("router_day_for_weeks", ["revenue"], rows=["time.week"], rollups=True, **Q2),
    case("router_customers_recounted_by_id", ["customers"], rows=["geo.region"], rollups=True, **Q2),
    case("router_orders_by_category", ["orders"], rows=["product.category"], rollups=True, **Q2),
    case(
        "router_orders_by_category_read_facts",
        ["orders"],
        rows=["product.category"],
        filters={"channel.group": ["online"]},
        rollups=True,
        **Q2,
    ),
    case("router_sum_by_product", ["revenue", "units"], rows=["product.category"], rollups=True, **Q2),
    case("router_repeat_rate_reads_facts", ["repeat_rate"], rows=["geo.region"], rollups=True, **Q2),
    case("router_scores_read_facts", ["revenue"], rows=["score.tier"], rollups=True, **Q2),
    case("router_one_customer", ["revenue"], rows=["time.month"], filters={"customer.customer": ["42"]}, rollups=True),
    case("router_two_facts", ["revenue", "tickets", "response_rate"], rows=["geo.region"], rollups=True, **Q2),
    case(
        "router_time_member_filter",
        ["sessions"],
        rows=["channel.channel"],
        filters={"time.month": ["2025-05"]},
        rollups=True,
    ),
    # ---- partners: published tier and stage joined at query time, never stored in a rollup
    case(
        "partner_measures_by_stage",
        ["partner_revenue", "partner_share", "active_partners", "partner_customers"],
        rows=["partner_stage.stage"],
        **Q2,
    ),
    case(
        "router_partner_tier_joins_status",
        ["partner_revenue", "partner_share", "active_partners"],
        rows=["partner.tier"],
        rollups=True,
        **Q2,
    ),
    case(
        "router_partner_customers_recounted",
        ["partner_customers"],
        rows=["partner_stage.stage"],
        filters={"partner.tier": ["gold"]},
        rollups=True,
        **Q2,
    ),
    # ---- drill-through
    case("detail_rows_of_a_cell", ["revenue"], rows=["geo.region"], detail="rows", cell=[("geo.region", "Asia")], **Q2),
    case(
        "detail_count_of_a_cell", ["tickets"], rows=["product.product"], detail="count", cell=[("product.product", "7")]
    ),
    # ---- row-level security: a partner manager's scope, added to every fact's rows
    case("scoped_sales_by_partner", ["revenue", "orders"], rows=["partner.partner"], scope=AB, **Q2),
    case(
        "scoped_three_facts_own_and_customers_partner",
        ["revenue", "sessions", "pipeline_value", "tickets", "contacts"],
        rows=["geo.region"],
        scope=AB,
    ),
    case("scoped_with_filters_and_repeat_rate", ["repeat_rate"], filters={"geo.region": ["Asia"]}, scope=AB, **Q2),
    case("scoped_empty_assignment_is_false", ["revenue", "sessions"], rows=["geo.region"], scope=frozenset()),
    case("scoped_router_keeps_partner", ["revenue", "orders"], rows=["geo.region"], rollups=True, scope=AB, **Q2),
    case("scoped_router_sessions_read_facts", ["sessions"], rows=["geo.region"], rollups=True, scope=AB, **Q2),
    case(
        "scoped_detail_rows",
        ["response_rate"],
        rows=["geo.region"],
        detail="rows",
        cell=[("geo.region", "Asia")],
        scope=AB,
        **Q2,
    ),
    case("scoped_detail_count", ["opportunities"], rows=["geo.region"], detail="count", scope=AB),
)


def snapshot_text(c: Case) -> str:
    sql, params, source = c.compile()
    text = pretty(sql)
    assert same_tokens(text, sql), "the layout changed more than whitespace"
    header = [f"-- {c.id}", f"-- spec: {c.spec.key()}", f"-- reads: {source}"]
    header += [f"-- param {i}: {p!r}" for i, p in enumerate(params, 1)] or ["-- params: none"]
    return "\n".join(header) + "\n" + text


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_compiled_sql_matches_the_reviewed_file(c: Case, snapshot_update: bool):
    path = HERE / f"{c.id}.sql"
    actual = snapshot_text(c)
    if snapshot_update:
        if not path.exists() or path.read_text() != actual:
            path.write_text(actual)
        return
    assert path.exists(), f"{path.name} is missing: run `pytest tests/sql --snapshot-update`, then review it"
    expected = path.read_text()
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), path.name, "compiled"))
        pytest.fail(f"compiled SQL differs from {path.name} (`pytest tests/sql --snapshot-update` to accept):\n{diff}")


def test_every_snapshot_file_belongs_to_a_case():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), "two cases share an id"
    orphans = sorted(p.name for p in HERE.glob("*.sql") if p.stem not in ids)
    assert not orphans, f"snapshot files with no case (delete them): {orphans}"


def test_the_layout_only_changes_whitespace():
    sql = "WITH a AS (SELECT x, count(*) FILTER (WHERE y IN (SELECT 1)) AS n FROM t WHERE p AND 'a, b' <> \"c(\" GROUP BY x) SELECT * FROM a"
    laid = pretty(sql)
    assert same_tokens(laid, sql)
    assert "FILTER (WHERE y IN (SELECT 1))" in laid and "'a, b'" in laid
    assert laid.splitlines()[:3] == ["WITH", "  a AS (", "    SELECT"]
