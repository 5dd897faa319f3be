"""The query builder, without Dash: every operation on a spec, its SQL, and hostile values."""

import datetime as dt
import json

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from olap.cube import LEVELS, MEASURES, CubeError
from olap.query import (
    compile_spec,
    detail_count,
    detail_query,
    dice,
    drill_down,
    from_dict,
    make_spec,
    pivot,
    previous_period,
    roll_up,
    run,
    slice_,
    to_dict,
)
from tests.fixtures import build_tiny_warehouse


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = build_tiny_warehouse(tmp_path_factory.mktemp("q") / "tiny.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def refused(key, **kwargs):
    with pytest.raises(CubeError) as info:
        make_spec(**kwargs)
    assert info.value.key == key, info.value


# --------------------------------------------------------------------------- validation


def test_what_the_cube_cannot_answer_is_refused_with_a_reason():
    refused("cube.no_measure", measures=[])
    refused("cube.unknown_measure", measures=["profit; DROP TABLE x"])
    refused("cube.unknown_level", measures=["revenue"], rows=["geo.planet"])
    refused("cube.repeated_level", measures=["revenue"], rows=["geo.region"], columns=["geo.region"])
    # margin on web sessions: the sessions fact has no product
    refused("cube.not_applicable", measures=["sessions"], rows=["product.category"])
    refused("cube.not_applicable", measures=["tickets"], filters={"partner.tier": ["Gold"]})
    refused("cube.bad_range", measures=["revenue"], start="2025-12-01", end="2025-01-01")
    refused("cube.bad_date", measures=["revenue"], start="2025-02-30")
    refused("cube.bad_sort", measures=["revenue"], rows=["geo.region"], sort="orders")
    refused("cube.bad_limit", measures=["revenue"], limit=0)
    refused("cube.bad_limit", measures=["revenue"], limit="ten")
    refused("cube.bad_time_member", measures=["revenue"], filters={"time.quarter": ["2025-Q5"]})
    refused("cube.bad_member", measures=["revenue"], filters={"customer.customer": ["1 OR 1=1"]})
    refused("cube.too_many_members", measures=["revenue"], filters={"geo.country": [str(i) for i in range(1001)]})


def test_filters_are_normalised_so_equal_specs_have_equal_keys():
    a = make_spec(["revenue"], filters={"geo.region": ["Asia", "Asia"], "channel.group": "online"})
    b = make_spec(["revenue"], filters=[("channel.group", ["online"]), ("geo.region", ("Asia",))])
    assert a == b and a.key() == b.key()
    assert a.filters == (("channel.group", ("online",)), ("geo.region", ("Asia",)))


# --------------------------------------------------------------------------- operations


def test_drill_down_keeps_the_member_and_groups_by_the_next_level():
    spec = make_spec(["revenue"], rows=["geo.region"], sort="geo.region")
    down = drill_down(spec, "geo.region", "Asia")
    assert down.rows == ("geo.country",) and down.filter_members("geo.region") == ("Asia",)
    assert down.sort == "geo.country"  # a sort on the drilled level follows it down
    city = drill_down(down, "geo.country", "Japan")
    assert city.rows == ("geo.city",) and dict(city.filters) == {"geo.country": ("Japan",), "geo.region": ("Asia",)}
    with pytest.raises(CubeError) as info:
        drill_down(city, "geo.city", "Tokyo")
    assert info.value.key == "cube.lowest_level"
    with pytest.raises(CubeError):
        drill_down(spec, "geo.country", "Japan")  # not a level of the view


def test_roll_up_releases_the_member_that_was_drilled_into():
    spec = drill_down(
        drill_down(make_spec(["revenue"], rows=["geo.region"]), "geo.region", "Asia"), "geo.country", "Japan"
    )
    up = roll_up(spec, "geo")
    assert up.rows == ("geo.country",) and dict(up.filters) == {"geo.region": ("Asia",)}
    top = roll_up(up, "geo")
    assert top.rows == ("geo.region",) and top.filters == ()
    with pytest.raises(CubeError) as info:
        roll_up(top, "geo")
    assert info.value.key == "cube.top_level"


def test_slice_dice_and_pivot():
    spec = make_spec(["revenue", "orders"], rows=["geo.region"], columns=["time.year"])
    sliced = slice_(spec, "channel.group", "online")
    assert sliced.filter_members("channel.group") == ("online",)
    diced = dice(sliced, {"channel.group": ("offline",), "customer.type": ("B2B", "B2C")})
    assert dict(diced.filters) == {"channel.group": ("offline",), "customer.type": ("B2B", "B2C")}
    turned = pivot(diced)
    assert turned.rows == ("time.year",) and turned.columns == ("geo.region",)
    assert pivot(turned) == diced


def test_previous_period_uses_whole_months_or_the_same_number_of_days():
    q2 = make_spec(["revenue"], start="2025-04-01", end="2025-06-30")
    prev = previous_period(q2)
    assert (prev.start, prev.end) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    feb = previous_period(make_spec(["revenue"], start="2025-03-01", end="2025-03-31"))
    assert (feb.start, feb.end) == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    days = previous_period(make_spec(["revenue"], start="2025-03-10", end="2025-03-19"))
    assert (days.start, days.end) == (dt.date(2025, 2, 28), dt.date(2025, 3, 9))
    with pytest.raises(CubeError):
        previous_period(make_spec(["revenue"]))


def test_spec_survives_the_url_form():
    spec = make_spec(
        ["revenue", "aov"],
        rows=["geo.country"],
        columns=["time.quarter"],
        filters={"geo.region": ["Asia", "Europe"], "customer.type": ["B2B"]},
        start="2025-01-01",
        end="2025-12-31",
        sort="aov",
        descending=False,
        limit=20,
    )
    assert from_dict(json.loads(json.dumps(to_dict(spec)))) == spec
    for bad in ([], "x", {"m": ["revenue"], "f": {"geo.region": 3}}, {"m": ["nope"]}):
        with pytest.raises(CubeError):
            from_dict(bad)


# --------------------------------------------------------------------------- SQL and numbers


def test_compiled_sql_binds_every_value(tiny):
    spec = make_spec(
        ["revenue", "orders"],
        rows=["geo.country"],
        filters={"geo.region": ["Asia"], "customer.customer": ["1"], "time.quarter": ["2025-Q4"]},
        start="2024-01-01",
        end="2025-12-31",
        limit=5,
    )
    compiled = compile_spec(spec)
    assert "Asia" not in compiled.sql and "2025" not in compiled.sql
    assert "Asia" in compiled.params and 1 in compiled.params and 5 in compiled.params
    assert compiled.sql.count("?") == len(compiled.params)
    df = run(tiny, spec)
    assert df["geo.country"].tolist() == ["South Korea"]
    # customer 1 in 2025-Q4: order 2 (10.0) and order 3 (2 x 50.0)
    assert df["revenue"].tolist() == [pytest.approx(110.0)] and df["orders"].tolist() == [2.0]


def test_numbers_equal_hand_computed_sums(tiny):
    df = run(tiny, make_spec(["revenue", "orders", "aov", "customers"], rows=["channel.group"], sort="channel.group"))
    expected = tiny.execute(
        """SELECT ch.channel_group, sum(f.revenue), count(DISTINCT f.order_id), count(DISTINCT f.customer_id)
           FROM fact_order_line f JOIN dim_channel ch USING (channel_id) GROUP BY 1 ORDER BY 1 DESC"""
    ).fetchall()
    got = list(df[["channel.group", "revenue", "orders", "customers"]].itertuples(index=False, name=None))
    assert [(g, pytest.approx(r), o, c) for g, r, o, c in expected] == got
    assert df["aov"].tolist() == pytest.approx((df["revenue"] / df["orders"]).tolist())


def test_pivot_grand_total_and_time_members(tiny):
    df = run(tiny, make_spec(["revenue"], rows=["geo.region"], columns=["time.year"]))
    assert set(df["time.year"]) == {"2024", "2025"}
    total = tiny.execute("SELECT sum(revenue) FROM fact_order_line").fetchone()[0]
    assert df["revenue"].sum() == pytest.approx(total)
    months = run(tiny, make_spec(["orders"], rows=["time.month"], filters={"time.year": ["2025"]}, sort="time.month"))
    assert months["time.month"].tolist() == sorted(months["time.month"].tolist(), reverse=True)
    assert all(m.startswith("2025-") for m in months["time.month"])


def test_drill_through_returns_the_rows_behind_a_cell_paged(demo_pointer):
    tiny = duckdb.connect(str(demo_pointer), read_only=True)  # (the demo data: every dimension table)
    spec = make_spec(["revenue"], rows=["geo.country"], start="2025-01-01", end="2025-01-31")
    cell = {"geo.country": "Japan"}
    count, total = tiny.execute(
        """SELECT count(*), sum(f.revenue) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
           WHERE c.country = 'Japan' AND f.order_ts >= '2025-01-01' AND f.order_ts < '2025-02-01'"""
    ).fetchone()
    assert count >= 3
    assert tiny.execute(*detail_count(spec, cell)).fetchone()[0] == count
    first = tiny.execute(*detail_query(spec, cell, page=0, page_size=2)).df()
    second = tiny.execute(*detail_query(spec, cell, page=1, page_size=2)).df()
    assert len(first) == 2 and len(second) == min(2, count - 2)
    keys = lambda df: set(zip(df["order_id"], df["line_no"], strict=True))  # noqa: E731
    assert keys(first).isdisjoint(keys(second))
    everything = tiny.execute(*detail_query(spec, cell, page_size=None)).df()
    assert len(everything) == count and everything["revenue"].sum() == pytest.approx(total)
    assert keys(first) | keys(second) <= keys(everything)
    with pytest.raises(CubeError):
        detail_query(spec, cell, page=-1)
    with pytest.raises(CubeError):
        detail_query(make_spec(["sessions"]), {"product.category": "Kitchen"})


# --------------------------------------------------------------------------- hostile values

NAME_LEVELS = sorted(lid for lid, lvl in LEVELS.items() if not lvl.label_attr and not lvl.time_grain)
hostile = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(
        ["'", "''", "O'Neil", "x' OR '1'='1", "'); DROP TABLE fact_order_line; --", "\\", "%", "_", "서울", "Küche"]
    ),
)


# levels the tiny warehouse has columns for, and an independent way to list their rows
TINY_COLUMNS = {
    "geo.region": "c.region",
    "geo.country": "c.country",
    "customer.type": "c.customer_type",
    "product.category": "p.category",
    "channel.group": "ch.channel_group",
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(level_id=st.sampled_from(NAME_LEVELS), values=st.lists(hostile, min_size=1, max_size=4, unique=True))
def test_filter_values_are_only_ever_values(tiny, level_id, values):
    try:
        spec = make_spec(["revenue"], rows=["geo.region"], filters={level_id: values})
    except CubeError as exc:  # a level the sales fact lacks; never anything else
        assert exc.key == "cube.not_applicable"
        return
    compiled = compile_spec(spec)
    assert [v for v in compiled.params if isinstance(v, str)] == values
    # the SQL text is the same whatever the values: they are never spliced into it
    stand_ins = compile_spec(
        make_spec(["revenue"], rows=["geo.region"], filters={level_id: [f"v{i}" for i in range(len(values))]})
    )
    assert stand_ins.sql == compiled.sql
    if level_id not in TINY_COLUMNS:
        return
    df = tiny.execute(compiled.sql, compiled.params).df()
    expected = tiny.execute(
        f"""SELECT coalesce(sum(f.revenue), 0) FROM fact_order_line f JOIN dim_customer c USING (customer_id)
            JOIN dim_product p USING (product_id) JOIN dim_channel ch USING (channel_id)
            WHERE list_contains(?, {TINY_COLUMNS[level_id]})""",
        [values],
    ).fetchone()[0]
    assert df["revenue"].sum() == pytest.approx(expected)
    assert tiny.execute("SELECT count(*) FROM fact_order_line").fetchone()[0] > 0  # nothing was dropped


@settings(max_examples=100, deadline=None)
@given(level_id=st.sampled_from(sorted(lid for lid, lvl in LEVELS.items() if lvl.label_attr)), value=hostile)
def test_id_levels_accept_only_integers(level_id, value):
    measure = "revenue" if level_id != "channel.channel" else "sessions"
    try:
        spec = make_spec([measure], filters={level_id: [value]})
    except CubeError as exc:
        assert exc.key in ("cube.bad_member", "cube.not_applicable")
        return
    assert value.strip().lstrip("-").isdigit()
    assert int(value) in compile_spec(spec).params


def test_every_measure_compiles_on_its_own_fact():
    for name, m in MEASURES.items():
        compiled = compile_spec(make_spec([name], rows=["time.month"], start="2025-01-01", end="2025-12-31"))
        assert compiled.measures == [name] and compiled.sql.count("?") == len(compiled.params), m
