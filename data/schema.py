"""DDL of every warehouse table (the contract tables of ARCHITECTURE.md plus extras).

Contract columns come first in each table, in the contract's order and with its
exact names; extra columns follow. The generator and the importers create tables
from here, so a column is declared once.
"""

from __future__ import annotations

import re

import duckdb

TABLES: dict[str, str] = {
    "meta": """
        CREATE TABLE meta (
            key VARCHAR NOT NULL,
            value VARCHAR
        )""",
    "dim_date": """
        CREATE TABLE dim_date (
            date_key DATE NOT NULL,
            year INTEGER NOT NULL,
            quarter INTEGER NOT NULL,
            month INTEGER NOT NULL,
            month_start DATE NOT NULL,
            week INTEGER NOT NULL,
            iso_year INTEGER NOT NULL,
            day_of_week INTEGER NOT NULL,   -- ISO: 1 = Monday .. 7 = Sunday
            is_weekend BOOLEAN NOT NULL
        )""",
    "dim_channel": """
        CREATE TABLE dim_channel (
            channel_id INTEGER NOT NULL,
            name VARCHAR NOT NULL,
            channel_group VARCHAR NOT NULL  -- 'online' | 'offline' | 'unknown'
        )""",
    "dim_segment": """
        CREATE TABLE dim_segment (
            segment_id INTEGER NOT NULL,
            name VARCHAR NOT NULL,
            customer_type VARCHAR,          -- 'B2C' | 'B2B' | NULL for both
            description VARCHAR
        )""",
    "dim_partner": """
        CREATE TABLE dim_partner (
            partner_id INTEGER NOT NULL,
            name VARCHAR NOT NULL,
            partner_type VARCHAR NOT NULL,  -- Distributor | Agent | Reseller | Subcontractor
            country VARCHAR NOT NULL,
            region VARCHAR NOT NULL,
            tier VARCHAR NOT NULL,          -- Platinum | Gold | Silver | Bronze
            onboarded_date DATE,  -- NULL: not given (never the load day)
            status VARCHAR NOT NULL,        -- active | churned
            lifecycle_stage VARCHAR NOT NULL,  -- new | growing | mature | declining | churned
            churned_date DATE
        )""",
    "dim_customer": """
        CREATE TABLE dim_customer (
            customer_id INTEGER NOT NULL,
            name VARCHAR NOT NULL,
            customer_type VARCHAR NOT NULL, -- 'B2C' | 'B2B'
            gender VARCHAR,                 -- 'F' | 'M' (B2C)
            birth_year INTEGER,             -- B2C
            occupation VARCHAR,             -- B2C
            industry VARCHAR,               -- B2B
            country VARCHAR NOT NULL,
            region VARCHAR NOT NULL,
            city VARCHAR NOT NULL,
            signup_date DATE,               -- NULL when not given and no order yet (never the load day)
            acquisition_channel_id INTEGER NOT NULL,
            preferred_channel_id INTEGER NOT NULL,
            email_opt_in BOOLEAN NOT NULL,
            partner_id INTEGER,
            segment VARCHAR NOT NULL,       -- Consumer | Professional | Small business | Mid-market | Enterprise
            email VARCHAR NOT NULL,
            company VARCHAR,                -- B2B company name, NULL for B2C
            signup_derived BOOLEAN NOT NULL DEFAULT false,  -- signup_date is the first order's day (not given)
            is_guest BOOLEAN NOT NULL DEFAULT false  -- stands for guest checkouts: no customer analytics
        )""",
    "dim_product": """
        CREATE TABLE dim_product (
            product_id INTEGER NOT NULL,
            name VARCHAR NOT NULL,
            category VARCHAR NOT NULL,
            subcategory VARCHAR NOT NULL,
            unit_price DOUBLE NOT NULL,
            unit_cost DOUBLE NOT NULL,
            launch_date DATE,  -- NULL: not given and never sold
            sku VARCHAR NOT NULL
        )""",
    "dim_campaign": """
        CREATE TABLE dim_campaign (
            campaign_id INTEGER NOT NULL,
            name VARCHAR NOT NULL,
            objective VARCHAR NOT NULL,
            channel_id INTEGER NOT NULL,
            segment_id INTEGER,             -- dim_segment, NULL = all customers reachable by the channel
            start_date DATE NOT NULL,
            end_date DATE NOT NULL,
            budget DOUBLE NOT NULL,
            cost_per_contact DOUBLE NOT NULL,
            holdout_pct DOUBLE NOT NULL,
            status VARCHAR NOT NULL         -- completed | active
        )""",
    "fact_order_line": """
        CREATE TABLE fact_order_line (
            order_id BIGINT NOT NULL,
            line_no INTEGER NOT NULL,
            order_ts TIMESTAMP NOT NULL,
            customer_id INTEGER NOT NULL,
            product_id INTEGER NOT NULL,
            channel_id INTEGER NOT NULL,
            partner_id INTEGER,
            campaign_id INTEGER,
            quantity INTEGER NOT NULL,      -- negative for returns
            unit_price DOUBLE NOT NULL,
            discount DOUBLE NOT NULL,       -- share of the list price, 0..1
            revenue DOUBLE NOT NULL,        -- quantity * unit_price * (1 - discount)
            cost DOUBLE NOT NULL            -- quantity * dim_product.unit_cost
        )""",
    "fact_web_session": """
        CREATE TABLE fact_web_session (
            session_id BIGINT NOT NULL,
            customer_id INTEGER,            -- NULL for anonymous visitors
            start_ts TIMESTAMP NOT NULL,
            channel_id INTEGER NOT NULL,
            source VARCHAR NOT NULL,        -- organic | paid | email | social | direct | marketplace
            device VARCHAR NOT NULL,        -- desktop | mobile | tablet
            country VARCHAR NOT NULL,
            pages_viewed INTEGER NOT NULL,
            product_views INTEGER NOT NULL,
            cart_adds INTEGER NOT NULL,
            order_id BIGINT                 -- set on converting sessions
        )""",
    "fact_campaign_contact": """
        CREATE TABLE fact_campaign_contact (
            campaign_id INTEGER NOT NULL,
            customer_id INTEGER NOT NULL,
            group_name VARCHAR NOT NULL,    -- target | control
            channel_id INTEGER NOT NULL,
            sent_ts TIMESTAMP,              -- NULL for the control group (never sent)
            delivered BOOLEAN,              -- NULL: not reported yet (a launched plan before its responses)
            opened_ts TIMESTAMP,
            clicked_ts TIMESTAMP,
            converted_ts TIMESTAMP,         -- first order in the campaign window
            converted_order_id BIGINT,
            unsubscribed_ts TIMESTAMP,      -- the contact unsubscribed (response files; NULL: did not, or not reported)
            survey_answer VARCHAR,          -- a survey's free-text answer (response files)
            survey_score INTEGER            -- a survey's score, 1..5 (response files)
        )""",
    "fact_service_ticket": """
        CREATE TABLE fact_service_ticket (
            ticket_id BIGINT NOT NULL,
            customer_id INTEGER NOT NULL,
            opened_ts TIMESTAMP NOT NULL,
            closed_ts TIMESTAMP,
            channel_id INTEGER NOT NULL,
            category VARCHAR NOT NULL,
            product_id INTEGER NOT NULL,
            status VARCHAR NOT NULL,        -- open | closed
            satisfaction INTEGER,           -- 1..5, NULL when not rated
            order_id BIGINT                 -- the order the ticket is about
        )""",
    "fact_opportunity": """
        CREATE TABLE fact_opportunity (
            opportunity_id BIGINT NOT NULL,
            customer_id INTEGER NOT NULL,
            partner_id INTEGER,
            owner VARCHAR NOT NULL,
            created_date DATE NOT NULL,
            stage VARCHAR NOT NULL,         -- Prospecting .. Negotiation | Closed Won | Closed Lost
            amount DOUBLE NOT NULL,
            expected_close DATE NOT NULL,
            closed_date DATE,
            won BOOLEAN,                    -- NULL while open
            order_id BIGINT                 -- the order a won opportunity turned into
        )""",
    "fact_opportunity_stage": """
        CREATE TABLE fact_opportunity_stage (
            opportunity_id BIGINT NOT NULL,  -- fact_opportunity
            stage VARCHAR NOT NULL,         -- Prospecting .. Negotiation | Closed Won | Closed Lost
            entered_ts TIMESTAMP NOT NULL   -- when the opportunity entered the stage
        )""",
}


def columns(table: str) -> list[str]:
    """Column names of a table, in DDL order."""
    body = TABLES[table].split("(", 1)[1].rsplit(")", 1)[0]
    body = re.sub(r"--[^\n]*", "", body)
    return [part.split()[0] for part in body.split(",") if part.strip()]


def create_schema(con: duckdb.DuckDBPyConnection, replace: bool = False) -> None:
    """Create every warehouse table on ``con`` (dropping existing ones when ``replace``)."""
    for name, ddl in TABLES.items():
        if replace:
            con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(ddl)


# columns added after warehouses were built without them: (table, column, type and default)
ADDED_COLUMNS = (
    ("dim_customer", "signup_derived", "BOOLEAN DEFAULT false"),
    ("dim_customer", "is_guest", "BOOLEAN DEFAULT false"),
    ("fact_campaign_contact", "unsubscribed_ts", "TIMESTAMP"),
    ("fact_campaign_contact", "survey_answer", "VARCHAR"),
    ("fact_campaign_contact", "survey_score", "INTEGER"),
)
# NOT NULL constraints dropped since: (table, column)
# (a date a file does not give stays NULL: the load day is never stored as a fact)
RELAXED = (
    ("dim_customer", "signup_date"),
    ("dim_product", "launch_date"),
    ("dim_partner", "onboarded_date"),
    ("fact_campaign_contact", "delivered"),
)  # a launched plan's contacts before any response file


def upgrade(con: duckdb.DuckDBPyConnection) -> None:
    """Bring an older warehouse's tables to this DDL (a read-write connection): added columns, relaxed NOT NULLs."""
    have = {
        (t, c)
        for t, c in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database()"
        ).fetchall()
    }
    for table, column, spec in ADDED_COLUMNS:
        if any(t == table for t, _ in have) and (table, column) not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {spec}")
    for table, column in RELAXED:
        if (table, column) in have:
            con.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP NOT NULL")
