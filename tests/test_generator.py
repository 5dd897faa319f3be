"""Demo data generator: contract, integrity, determinism and the planted business patterns.

Small builds (scale 0.02 and 0.05) check structure; the planted patterns are checked
on scale 0.1 (2,000 customers, ~100k lines), where they are clear of sampling noise.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest

from data.demo import generate
from data.demo.__main__ import main
from data.schema import TABLES, columns

CONTRACT = {
    "dim_customer": "customer_id name customer_type gender birth_year occupation industry country region city "
    "signup_date acquisition_channel_id preferred_channel_id email_opt_in partner_id",
    "dim_product": "product_id name category subcategory unit_price unit_cost launch_date",
    "dim_channel": "channel_id name channel_group",
    "dim_partner": "partner_id name partner_type country region tier onboarded_date status",
    "dim_campaign": "campaign_id name objective channel_id segment_id start_date end_date budget cost_per_contact "
    "holdout_pct status",
    "fact_order_line": "order_id line_no order_ts customer_id product_id channel_id partner_id campaign_id quantity "
    "unit_price discount revenue cost",
    "fact_web_session": "session_id customer_id start_ts channel_id source device country pages_viewed product_views "
    "cart_adds order_id",
    "fact_campaign_contact": "campaign_id customer_id group_name channel_id sent_ts delivered opened_ts clicked_ts "
    "converted_ts",
    "fact_service_ticket": "ticket_id customer_id opened_ts closed_ts channel_id category product_id status satisfaction",
    "fact_opportunity": "opportunity_id customer_id partner_id owner created_date stage amount expected_close "
    "closed_date won",
}
REGIONS = {"Asia", "Europe", "North America", "Latin America", "Middle East & Africa", "Oceania"}
FOREIGN_KEYS = [  # child table, column, parent table, parent key
    ("fact_order_line", "customer_id", "dim_customer", "customer_id"),
    ("fact_order_line", "product_id", "dim_product", "product_id"),
    ("fact_order_line", "channel_id", "dim_channel", "channel_id"),
    ("fact_order_line", "partner_id", "dim_partner", "partner_id"),
    ("fact_order_line", "campaign_id", "dim_campaign", "campaign_id"),
    ("dim_customer", "partner_id", "dim_partner", "partner_id"),
    ("dim_customer", "acquisition_channel_id", "dim_channel", "channel_id"),
    ("dim_customer", "preferred_channel_id", "dim_channel", "channel_id"),
    ("dim_campaign", "channel_id", "dim_channel", "channel_id"),
    ("dim_campaign", "segment_id", "dim_segment", "segment_id"),
    ("fact_web_session", "customer_id", "dim_customer", "customer_id"),
    ("fact_web_session", "channel_id", "dim_channel", "channel_id"),
    ("fact_web_session", "order_id", "fact_order_line", "order_id"),
    ("fact_campaign_contact", "campaign_id", "dim_campaign", "campaign_id"),
    ("fact_campaign_contact", "customer_id", "dim_customer", "customer_id"),
    ("fact_campaign_contact", "channel_id", "dim_channel", "channel_id"),
    ("fact_campaign_contact", "converted_order_id", "fact_order_line", "order_id"),
    ("fact_service_ticket", "customer_id", "dim_customer", "customer_id"),
    ("fact_service_ticket", "product_id", "dim_product", "product_id"),
    ("fact_service_ticket", "channel_id", "dim_channel", "channel_id"),
    ("fact_service_ticket", "order_id", "fact_order_line", "order_id"),
    ("fact_opportunity", "customer_id", "dim_customer", "customer_id"),
    ("fact_opportunity", "partner_id", "dim_partner", "partner_id"),
    ("fact_opportunity", "order_id", "fact_order_line", "order_id"),
]


def build(tmp_path_factory, scale: float, seed: int = 7) -> tuple[duckdb.DuckDBPyConnection, dict[str, int]]:
    path = tmp_path_factory.mktemp("gen") / f"demo-{scale:g}-{seed}.duckdb"
    con = duckdb.connect(str(path))
    counts = generate(con, scale=scale, seed=seed)
    con.close()
    return duckdb.connect(str(path), read_only=True), counts


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    con, counts = build(tmp_path_factory, 0.02)
    yield con
    con.close()


@pytest.fixture(scope="module")
def medium(tmp_path_factory):
    con, counts = build(tmp_path_factory, 0.05)
    yield con
    con.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    con, counts = build(tmp_path_factory, 0.1)
    yield con
    con.close()


def one(con, sql: str, params=None):
    return con.execute(sql, params or []).fetchall()[0][0]


def rows(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def checksums(con) -> dict[str, str]:
    return {
        t: one(con, f"SELECT md5(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY rowid)) FROM {t} t") for t in TABLES
    }


# ---------------------------------------------------------------- structure and contract


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_contract_columns_present_with_exact_names(small, table):
    present = [r[0] for r in rows(small, f"DESCRIBE {table}")]
    assert set(CONTRACT[table].split()) <= set(present)
    assert present == columns(table)


def test_generate_returns_the_row_count_of_every_table(tmp_path_factory):
    con = duckdb.connect()
    counts = generate(con, scale=0.005, seed=3)
    assert set(counts) == set(TABLES)
    assert counts == {t: one(con, f"SELECT count(*) FROM {t}") for t in TABLES}


def test_counts_scale_linearly(small, medium):
    def count(con, sql):
        return one(con, sql)

    assert count(small, "SELECT count(*) FROM dim_customer") == 400
    assert count(medium, "SELECT count(*) FROM dim_customer") == 1000
    for sql in (
        "SELECT count(*) FROM fact_order_line",
        "SELECT count(DISTINCT order_id) FROM fact_order_line",
        "SELECT count(*) FROM fact_web_session",
        "SELECT count(*) FROM fact_campaign_contact",
    ):
        assert 2.5 * 0.8 < count(medium, sql) / count(small, sql) < 2.5 * 1.2, sql
    assert 0.9 * 50_000 < count(medium, "SELECT count(*) FROM fact_order_line") < 1.1 * 50_000
    for table in ("dim_product", "dim_partner", "dim_campaign", "dim_channel", "dim_date"):
        assert count(small, f"SELECT count(*) FROM {table}") == count(medium, f"SELECT count(*) FROM {table}")


@pytest.mark.parametrize(("child", "column", "parent", "key"), FOREIGN_KEYS)
def test_foreign_keys_resolve(small, child, column, parent, key):
    missing = one(
        small,
        f"SELECT count(*) FROM {child} c WHERE c.{column} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{key} = c.{column})",
    )
    assert missing == 0


def test_ids_are_dense_from_one(small):
    for table, key in [("dim_customer", "customer_id"), ("dim_product", "product_id"), ("dim_partner", "partner_id"),
                       ("dim_campaign", "campaign_id"), ("dim_channel", "channel_id")]:  # fmt: skip
        assert rows(small, f"SELECT min({key}), max({key}), count(DISTINCT {key}) FROM {table}")[0] == (
            1,
            one(small, f"SELECT count(*) FROM {table}"),
            one(small, f"SELECT count(*) FROM {table}"),
        )


def test_channels():
    con = duckdb.connect()
    generate(con, scale=0.002)
    assert rows(con, "SELECT channel_id, name, channel_group FROM dim_channel ORDER BY 1") == [
        (1, "Web shop", "online"),
        (2, "Mobile app", "online"),
        (3, "Marketplace", "online"),
        (4, "Email", "online"),
        (5, "Trade fair / sales rep", "offline"),
        (6, "Partner / distributor", "offline"),
        (7, "Phone / fax / EDI", "offline"),
    ]


def test_meta_is_deterministic(small):
    meta = dict(rows(small, "SELECT key, value FROM meta"))
    assert meta["source"] == "demo" and meta["currency"] == "USD"
    assert (meta["seed"], meta["scale"], meta["end_date"]) == ("7", "0.02", "2025-12-31")
    assert meta["generated_at"] == "2026-01-01T00:00:00"


def test_dim_date_covers_three_years(small):
    assert rows(small, "SELECT min(date_key), max(date_key), count(*) FROM dim_date")[0] == (
        dt.date(2023, 1, 1),
        dt.date(2025, 12, 31),
        1096,
    )
    assert rows(small, "SELECT * FROM dim_date WHERE date_key = DATE '2024-12-30'")[0] == (
        dt.date(2024, 12, 30), 2024, 4, 12, dt.date(2024, 12, 1), 1, 2025, 1, False,
    )  # fmt: skip
    assert one(small, "SELECT count(*) FROM dim_date WHERE is_weekend <> (day_of_week >= 6)") == 0


# ---------------------------------------------------------------- orders


def test_order_level_attributes_agree_on_every_line(small):
    assert (
        one(
            small,
            """SELECT count(*) FROM (SELECT order_id FROM fact_order_line GROUP BY order_id
               HAVING count(DISTINCT order_ts) > 1 OR count(DISTINCT customer_id) > 1 OR count(DISTINCT channel_id) > 1
                   OR count(DISTINCT coalesce(partner_id, -1)) > 1 OR count(DISTINCT coalesce(campaign_id, -1)) > 1
                   OR count(DISTINCT line_no) <> count(*))""",
        )
        == 0
    )


def test_revenue_and_cost_arithmetic(small):
    assert (
        one(
            small,
            """SELECT max(abs(f.revenue - f.quantity * f.unit_price * (1 - f.discount)))
                    + max(abs(f.cost - f.quantity * p.unit_cost)) + max(abs(f.unit_price - p.unit_price))
               FROM fact_order_line f JOIN dim_product p USING (product_id)""",
        )
        < 1e-6
    )
    assert one(small, "SELECT count(*) FROM fact_order_line WHERE discount < 0 OR discount >= 0.5 OR quantity = 0") == 0


def test_partner_only_through_the_partner_channel_while_active(small):
    assert one(small, "SELECT count(*) FROM fact_order_line WHERE (partner_id IS NOT NULL) <> (channel_id = 6)") == 0
    assert one(small, "SELECT count(*) FROM fact_order_line WHERE partner_id IS NOT NULL") > 0
    outside = """SELECT count(*) FROM fact_order_line f JOIN dim_partner p USING (partner_id)
                 WHERE f.order_ts < p.onboarded_date OR f.order_ts >= p.churned_date"""
    assert one(small, outside) == 0


def test_returns_are_a_small_negative_share(small):
    share, bad = rows(
        small,
        """SELECT avg((quantity < 0)::INT), count(*) FILTER (WHERE quantity < 0 AND (revenue > 0 OR cost >= 0))
           FROM fact_order_line""",
    )[0]
    assert 0.01 < share < 0.03 and bad == 0


def test_lines_stored_in_time_order_with_ids_following_time(small):
    unordered = """SELECT count(*) FROM (
        SELECT order_ts < lag(order_ts) OVER w OR order_id < lag(order_id) OVER w AS bad
        FROM fact_order_line WINDOW w AS (ORDER BY rowid)) WHERE bad"""
    assert one(small, unordered) == 0


def test_lines_per_order(small):
    per_type = dict(rows(small, """SELECT c.customer_type, count(*) / count(DISTINCT order_id)
                                   FROM fact_order_line f JOIN dim_customer c USING (customer_id)
                                   WHERE f.quantity > 0 GROUP BY 1"""))  # fmt: skip
    overall = one(small, "SELECT count(*) / count(DISTINCT order_id) FROM fact_order_line WHERE quantity > 0")
    assert 2.4 < overall < 3.6 and per_type["B2B"] > per_type["B2C"] + 1


def test_first_order_on_or_after_signup_and_products_after_launch(small):
    assert (
        one(
            small,
            """SELECT count(*) FROM (SELECT customer_id, min(order_ts) AS first FROM fact_order_line GROUP BY 1)
               JOIN dim_customer USING (customer_id) WHERE first < signup_date""",
        )
        == 0
    )
    assert (
        one(
            small,
            "SELECT count(*) FROM fact_order_line JOIN dim_product USING (product_id) WHERE order_ts < launch_date",
        )
        == 0
    )


def test_b2b_buys_much_more_per_order(small):
    per_order = dict(rows(small, """SELECT c.customer_type, sum(revenue) / count(DISTINCT order_id)
                                    FROM fact_order_line JOIN dim_customer c USING (customer_id) GROUP BY 1"""))  # fmt: skip
    assert per_order["B2B"] > 3 * per_order["B2C"]


# ---------------------------------------------------------------- dimensions


def test_geography(small):
    assert one(small, "SELECT count(DISTINCT country) FROM dim_customer") >= 30
    assert {r[0] for r in rows(small, "SELECT DISTINCT region FROM dim_customer")} == REGIONS
    assert one(small, "SELECT count(DISTINCT region) FROM dim_customer GROUP BY country ORDER BY 1 DESC LIMIT 1") == 1
    assert (
        rows(small, "SELECT min(n), max(n) FROM (SELECT count(DISTINCT city) n FROM dim_customer GROUP BY country)")[0][
            1
        ]
        <= 4
    )
    assert one(small, "SELECT count(*) FROM dim_customer WHERE country = 'South Korea'") > 0


def test_customers(small):
    b2c_share = one(small, "SELECT avg((customer_type = 'B2C')::INT) FROM dim_customer")
    assert 0.8 < b2c_share < 0.9
    incomplete = """SELECT count(*) FROM dim_customer WHERE
        (customer_type = 'B2C' AND (gender IS NULL OR birth_year IS NULL OR occupation IS NULL OR company IS NOT NULL
                                    OR segment NOT IN ('Consumer', 'Professional')))
     OR (customer_type = 'B2B' AND (industry IS NULL OR company IS NULL
                                    OR segment NOT IN ('Small business', 'Mid-market', 'Enterprise')))"""
    assert one(small, incomplete) == 0
    assert one(small, "SELECT count(DISTINCT email) = count(*) FROM dim_customer")
    assert one(small, "SELECT count(*) FROM dim_customer WHERE signup_date < DATE '2023-01-01'") > 0
    partner_country = (
        """SELECT count(*) FROM dim_customer c JOIN dim_partner p USING (partner_id) WHERE c.country <> p.country"""
    )
    assert one(small, partner_country) == 0


def test_products(small):
    n, categories, low, high, launched = rows(
        small,
        """SELECT count(*), count(DISTINCT category), min(unit_cost / unit_price), max(unit_cost / unit_price),
                  count(*) FILTER (WHERE launch_date >= DATE '2023-01-01') FROM dim_product""",
    )[0]
    assert 200 <= n <= 400 and 5 <= categories <= 8 and 0.4 <= low and high <= 0.75 and launched > 10
    subcats = rows(
        small, "SELECT min(n), max(n) FROM (SELECT count(DISTINCT subcategory) n FROM dim_product GROUP BY category)"
    )
    assert 2 <= subcats[0][0] and subcats[0][1] <= 5
    margins = rows(small, "SELECT category, avg(unit_cost / unit_price) FROM dim_product GROUP BY 1")
    assert max(m for _, m in margins) - min(m for _, m in margins) > 0.15


def test_campaigns(small):
    n, low, high, active_after_end = rows(
        small,
        """SELECT count(*), min(holdout_pct), max(holdout_pct),
                  bool_and(end_date > DATE '2025-12-31') FILTER (WHERE status = 'active') FROM dim_campaign""",
    )[0]
    assert 20 <= n <= 40 and 0.1 <= low and high <= 0.2 and active_after_end
    assert {r[0] for r in rows(small, "SELECT DISTINCT status FROM dim_campaign")} == {"completed", "active"}
    assert one(small, "SELECT count(*) FROM dim_campaign WHERE segment_id IS NULL") > 0


def test_partners_and_lifecycle_stages(small):
    assert 40 <= one(small, "SELECT count(*) FROM dim_partner") <= 60
    stages = {r[0] for r in rows(small, "SELECT DISTINCT lifecycle_stage FROM dim_partner")}
    assert stages == {"new", "growing", "mature", "declining", "churned"}
    assert one(small, "SELECT count(DISTINCT country) FROM dim_partner") >= 10
    bad = """SELECT count(*) FROM dim_partner WHERE (status = 'churned') <> (lifecycle_stage = 'churned')
             OR (lifecycle_stage = 'new' AND onboarded_date < DATE '2025-01-01')
             OR (lifecycle_stage = 'churned' AND churned_date > DATE '2025-07-01')"""
    assert one(small, bad) == 0


# ---------------------------------------------------------------- planted business patterns (scale 0.1)


def test_pareto_top_decile_brings_most_revenue(big):
    share = one(
        big,
        """WITH r AS (SELECT customer_id, sum(revenue) AS rev FROM fact_order_line GROUP BY 1),
           ranked AS (SELECT rev, row_number() OVER (ORDER BY rev DESC) AS rn FROM r)
           SELECT sum(rev) FILTER (WHERE rn <= (SELECT count(*) FROM dim_customer) / 10) / sum(rev) FROM ranked""",
    )
    assert 0.55 < share < 0.8


def test_growth_online_shift_and_seasonality(big):
    years = rows(
        big,
        """SELECT year(order_ts), sum(revenue), sum(revenue) FILTER (WHERE ch.channel_group = 'online') / sum(revenue)
           FROM fact_order_line JOIN dim_channel ch USING (channel_id) GROUP BY 1 ORDER BY 1""",
    )
    revenue, online = [r[1] for r in years], [r[2] for r in years]
    assert all(1.03 < b / a < 1.35 for a, b in zip(revenue, revenue[1:], strict=False))
    assert online[0] < online[1] < online[2] and 0.25 < online[0] < 0.45 and 0.4 < online[2] < 0.6
    b2c = dict(rows(big, """SELECT month(order_ts), sum(revenue) FROM fact_order_line
                            JOIN dim_customer USING (customer_id) WHERE customer_type = 'B2C' GROUP BY 1"""))  # fmt: skip
    assert (b2c[11] + b2c[12]) > 1.3 * (b2c[7] + b2c[8])
    fair = dict(rows(big, """SELECT month(order_ts) IN (2, 3, 9, 10), count(DISTINCT order_id) / count(DISTINCT month(order_ts))
                             FROM fact_order_line WHERE channel_id = 5 GROUP BY 1"""))  # fmt: skip
    assert fair[True] > 1.3 * fair[False]


def test_customers_lapse_and_new_ones_arrive(big):
    lapsed = one(
        big,
        """WITH y1 AS (SELECT DISTINCT customer_id FROM fact_order_line WHERE order_ts < DATE '2024-01-01'),
           recent AS (SELECT DISTINCT customer_id FROM fact_order_line WHERE order_ts >= DATE '2025-07-01')
           SELECT avg((customer_id NOT IN (SELECT customer_id FROM recent))::INT) FROM y1""",
    )
    assert 0.25 < lapsed < 0.7
    first_orders = rows(
        big,
        """SELECT date_trunc('month', first) m, count(*) FROM
           (SELECT customer_id, min(order_ts) first FROM fact_order_line GROUP BY 1) GROUP BY 1""",
    )
    assert len(first_orders) == 36 and min(n for _, n in first_orders) >= 10


def test_campaign_target_converts_and_spends_more_than_control(big):
    conversion = dict(
        rows(big, "SELECT group_name, avg((converted_ts IS NOT NULL)::INT) FROM fact_campaign_contact GROUP BY 1")
    )
    assert conversion["target"] > conversion["control"] + 0.03
    spend = {
        g: (per_contact, responders)
        for g, per_contact, responders in rows(
            big,
            """WITH s AS (
                 SELECT c.group_name, c.converted_ts IS NOT NULL AS converted, coalesce(sum(f.revenue), 0) AS spend
                 FROM fact_campaign_contact c JOIN dim_campaign k USING (campaign_id)
                 LEFT JOIN fact_order_line f ON f.customer_id = c.customer_id
                      AND f.order_ts >= k.start_date AND f.order_ts < k.start_date + INTERVAL 90 DAY
                 GROUP BY c.campaign_id, c.customer_id, c.group_name, converted)
               SELECT group_name, avg(spend), median(spend) FILTER (WHERE converted) FROM s GROUP BY 1""",
        )
    }
    assert spend["target"][0] > 1.1 * spend["control"][0]
    assert spend["target"][1] > 1.15 * spend["control"][1]


def test_control_group_is_held_out(big):
    sent = one(
        big,
        """SELECT count(*) FROM fact_campaign_contact WHERE group_name = 'control'
           AND (sent_ts IS NOT NULL OR delivered OR opened_ts IS NOT NULL OR clicked_ts IS NOT NULL)""",
    )
    assert sent == 0
    share, expected = rows(
        big,
        """SELECT avg((group_name = 'control')::INT), avg(holdout_pct)
           FROM fact_campaign_contact JOIN dim_campaign USING (campaign_id)""",
    )[0]
    assert abs(share - expected) < 0.02
    funnel = """SELECT count(*) FROM fact_campaign_contact WHERE opened_ts < sent_ts OR clicked_ts < opened_ts
                OR converted_ts < sent_ts OR (opened_ts IS NOT NULL AND NOT delivered) OR (clicked_ts IS NOT NULL AND opened_ts IS NULL)"""
    assert one(big, funnel) == 0


def test_conversions_are_real_orders(big):
    mismatched = """SELECT count(*) FROM fact_campaign_contact c
        WHERE (c.converted_ts IS NULL) <> (c.converted_order_id IS NULL)
           OR (c.converted_order_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fact_order_line f
               WHERE f.order_id = c.converted_order_id AND f.customer_id = c.customer_id AND f.order_ts = c.converted_ts))"""
    assert one(big, mismatched) == 0
    unexplained = """SELECT count(DISTINCT order_id) FROM fact_order_line f WHERE campaign_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM fact_campaign_contact c WHERE c.group_name = 'target'
                        AND c.customer_id = f.customer_id AND c.converted_order_id = f.order_id)"""
    assert one(big, unexplained) == 0
    assert one(big, "SELECT count(DISTINCT campaign_id) FROM fact_order_line") >= 20


def test_low_satisfaction_customers_rarely_buy_again(big):
    rates = dict(
        rows(
            big,
            """SELECT satisfaction <= 2, avg((EXISTS (SELECT 1 FROM fact_order_line f WHERE f.customer_id = t.customer_id
                        AND f.quantity > 0 AND f.order_ts > t.opened_ts
                        AND f.order_ts <= t.opened_ts + INTERVAL 180 DAY))::INT)
               FROM fact_service_ticket t
               WHERE t.opened_ts < DATE '2025-07-01' AND (satisfaction <= 2 OR satisfaction >= 4) GROUP BY 1""",
        )
    )
    assert rates[True] < 0.6 * rates[False]


def test_tickets_are_consistent(small):
    bad = """SELECT count(*) FROM fact_service_ticket t WHERE closed_ts < opened_ts
        OR (status = 'open') <> (closed_ts IS NULL) OR (status = 'open' AND satisfaction IS NOT NULL)
        OR satisfaction NOT BETWEEN 1 AND 5
        OR NOT EXISTS (SELECT 1 FROM fact_order_line f WHERE f.order_id = t.order_id
                       AND f.customer_id = t.customer_id AND f.product_id = t.product_id AND f.order_ts < t.opened_ts)"""
    assert one(small, bad) == 0
    assert one(small, "SELECT count(DISTINCT satisfaction) FROM fact_service_ticket") == 5


def test_web_sessions_convert_realistically(small):
    conversion, anonymous = rows(
        small, "SELECT avg((order_id IS NOT NULL)::INT), avg((customer_id IS NULL)::INT) FROM fact_web_session"
    )[0]
    assert 0.02 < conversion < 0.04 and 0.2 < anonymous < 0.9
    wrong_order = """SELECT count(*) FROM fact_web_session s WHERE s.order_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM fact_order_line f JOIN dim_channel ch USING (channel_id) WHERE f.order_id = s.order_id
        AND f.customer_id = s.customer_id AND ch.channel_group = 'online' AND f.order_ts >= s.start_ts)"""
    assert one(small, wrong_order) == 0
    online_orders = """SELECT count(DISTINCT order_id) FROM fact_order_line JOIN dim_channel USING (channel_id)
                       WHERE channel_group = 'online' AND quantity > 0"""
    assert one(small, "SELECT count(DISTINCT order_id) FROM fact_web_session") == one(small, online_orders)
    funnel = (
        "SELECT count(*) FROM fact_web_session WHERE product_views > pages_viewed OR pages_viewed < 1 OR cart_adds < 0"
    )
    assert one(small, funnel) == 0
    assert {r[0] for r in rows(small, "SELECT DISTINCT device FROM fact_web_session")} == {
        "desktop",
        "mobile",
        "tablet",
    }


def test_opportunities_follow_the_pipeline(big):
    assert (
        one(
            big,
            "SELECT count(*) FROM fact_opportunity JOIN dim_customer USING (customer_id) WHERE customer_type <> 'B2B'",
        )
        == 0
    )
    stages = dict(rows(big, "SELECT stage, count(*) FROM fact_opportunity GROUP BY 1"))
    assert set(stages) == {"Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost"}
    inconsistent = """SELECT count(*) FROM fact_opportunity WHERE
        (stage LIKE 'Closed%') = (won IS NULL) OR (won IS NULL) <> (closed_date IS NULL)
        OR (stage = 'Closed Won') <> coalesce(won, false) OR closed_date < created_date OR expected_close < created_date
        OR closed_date > DATE '2025-12-31' OR amount <= 0"""
    assert one(big, inconsistent) == 0
    ratio = """SELECT min(o.amount / r.revenue), max(o.amount / r.revenue) FROM fact_opportunity o
               JOIN (SELECT order_id, sum(revenue) AS revenue FROM fact_order_line GROUP BY 1) r USING (order_id)"""
    low, high = rows(big, ratio)[0]
    assert 0.7 < low and high < 1.4
    assert one(big, "SELECT count(*) FROM fact_opportunity WHERE won AND order_id IS NULL") == 0
    assert 8 <= one(big, "SELECT count(DISTINCT owner) FROM fact_opportunity") <= 12


def test_partner_sales_follow_their_lifecycle(big):
    trend = dict(
        rows(
            big,
            """SELECT p.lifecycle_stage,
                      sum(revenue) FILTER (WHERE year(order_ts) = 2025) / sum(revenue) FILTER (WHERE year(order_ts) = 2024)
               FROM fact_order_line f JOIN dim_partner p USING (partner_id)
               WHERE p.lifecycle_stage IN ('growing', 'mature', 'declining') GROUP BY 1""",
        )
    )
    assert trend["growing"] > trend["mature"] + 0.15 and trend["mature"] > trend["declining"] + 0.15
    assert 0.75 < trend["mature"] < 1.3 and trend["declining"] < 0.85
    assert one(big, """SELECT count(*) FROM fact_order_line JOIN dim_partner USING (partner_id)
                       WHERE lifecycle_stage = 'churned' AND order_ts >= DATE '2025-07-01'""") == 0  # fmt: skip
    assert one(big, """SELECT count(DISTINCT partner_id) FROM fact_order_line JOIN dim_partner USING (partner_id)
                       WHERE lifecycle_stage = 'new'""") > 0  # fmt: skip


# ---------------------------------------------------------------- determinism, arguments, command line


def test_same_seed_same_tables_other_seed_differs(small, tmp_path_factory):
    again, _ = build(tmp_path_factory, 0.02, seed=7)
    other, _ = build(tmp_path_factory, 0.02, seed=8)
    reference = checksums(small)
    assert checksums(again) == reference
    differs = {t for t, digest in checksums(other).items() if digest != reference[t]}
    assert {"dim_customer", "fact_order_line", "fact_web_session"} <= differs
    again.close()
    other.close()


def test_scale_must_be_positive():
    with pytest.raises(ValueError, match="scale must be positive"):
        generate(duckdb.connect(), scale=0)


def test_end_date_moves_the_history():
    con = duckdb.connect()
    generate(con, scale=0.003, end_date=dt.date(2024, 6, 30))
    first, last = rows(con, "SELECT min(order_ts), max(order_ts) FROM fact_order_line")[0]
    assert dt.datetime(2021, 7, 1) <= first and last < dt.datetime(2024, 7, 1)
    assert one(con, "SELECT max(date_key) FROM dim_date") == dt.date(2024, 6, 30)


def test_cli_builds_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "demo.duckdb"
    assert main([str(out), "--scale", "0.002", "--seed", "3"]) == 0
    assert "fact_order_line" in capsys.readouterr().out
    assert main([str(out), "--scale", "0.002"]) == 1
    assert "--force" in capsys.readouterr().err
    assert main([str(out), "--scale", "0.002", "--seed", "4", "--force"]) == 0
    con = duckdb.connect(str(out), read_only=True)
    assert one(con, "SELECT value FROM meta WHERE key = 'seed'") == "4"
    con.close()


def test_companion_products_are_bought_together(medium):
    """Planted baskets: an air purifier's order holds filters far more often than orders do overall."""
    lift = one(
        medium,
        """WITH b AS (SELECT DISTINCT f.order_id, p.subcategory FROM fact_order_line f
                      JOIN dim_product p USING (product_id) WHERE f.quantity > 0),
           n AS (SELECT count(DISTINCT order_id) AS orders FROM b),
           a AS (SELECT order_id FROM b WHERE subcategory = 'Air Purifiers'),
           c AS (SELECT order_id FROM b WHERE subcategory = 'Filters')
           SELECT (SELECT count(*) FROM a JOIN c USING (order_id)) * n.orders
                  / ((SELECT count(*) FROM a) * (SELECT count(*) FROM c)) FROM n""",
    )
    assert lift > 2.0  # lift of Air Purifiers -> Filters


def _top_share(lines, column: str) -> float:
    """Mean over customers with 5+ lines of the share of their lines in their most-bought ``column`` value."""
    counts = lines.groupby(["customer_id", column]).size()
    top, total = counts.groupby(level=0).max(), counts.groupby(level=0).sum()
    keep = total >= 5
    return float((top[keep] / total[keep]).mean())


def test_customers_keep_to_their_own_products(big):
    """Planted habits: a customer's lines repeat its usual product and favourite subcategory far more often than
    the same lines with products shuffled among customers of its type (popularity alone) would."""
    lines = big.execute(
        """SELECT f.customer_id, c.customer_type, f.product_id, p.subcategory
           FROM fact_order_line f JOIN dim_customer c USING (customer_id) JOIN dim_product p USING (product_id)
           WHERE f.quantity > 0"""
    ).df()
    shuffled = lines.copy()
    rng = np.random.default_rng(0)
    for _, index in lines.groupby("customer_type").groups.items():
        order = rng.permutation(len(index))
        for column in ("product_id", "subcategory"):
            shuffled.loc[index, column] = lines.loc[index, column].to_numpy()[order]
    for column, factor in (("product_id", 1.8), ("subcategory", 1.3)):
        planted, chance = _top_share(lines, column), _top_share(shuffled, column)
        assert planted > factor * chance, (column, planted, chance)
