"""Campaign response files (entity ``campaign_responses``): what a mail, SMS or survey tool reports back.

A response file updates the contact rows a campaign already has in ``fact_campaign_contact`` (its
frozen lists: a launched plan's, bridged by ``crm.campaigns.bridge``, or an imported campaign's
contacts) and never adds one. It is loaded whole or not at all, whatever the policy: besides the
importer's usual rules (types, a required id, an id the warehouse lacks, the same campaign and customer
twice: ``duplicate_key``), every row must

- name a customer on that campaign's lists (``not_on_list``); when most rows miss, the validation
  says the file looks like another campaign's and names the campaign whose lists hold most of its
  customers (``notes``);
- carry dates inside the campaign: from its ``start_date`` to its ``end_date`` (the attribution end
  for a launched plan), both days included (``outside_campaign``);
- not report a control-group customer as delivered, opened or clicked (``control_contacted``): the
  control group is never contacted.

Loading sets, for each row, what the file gives (a given value wins over the stored one, so loading
the same file twice changes nothing): ``delivered`` (given, or true when a delivered, opened or clicked
time is), ``opened_ts``, ``clicked_ts``, ``unsubscribed_ts``, ``survey_answer``, ``survey_score``.
``delivered_ts`` only says the message was delivered: the warehouse keeps no delivery time. Conversions
are never read from a file: ``crm.campaigns.results`` attributes them from the orders.
"""

from __future__ import annotations

from data.importer.entities import Entity
from data.importer.write import INT_PATTERN, id_sql

NAME = "campaign_responses"
CONTACTED = ("delivered_ts", "opened_ts", "clicked_ts")  # times that say a message reached the customer
STAMPS = ("delivered_ts", "opened_ts", "clicked_ts", "unsubscribed_ts")
UPDATED = ("opened_ts", "clicked_ts", "unsubscribed_ts", "survey_answer", "survey_score")
MOST = 0.5  # share of the rows off the lists above which the file looks like another campaign's


def _resolved(entity_name: str, column: str) -> str:
    """SQL of the id a key text of the scratch's ``typed`` names (the key map copied as ``known_keys``)."""
    return (
        f"(CASE WHEN regexp_full_match({column}, '{INT_PATTERN['INTEGER']}') THEN CAST({column} AS BIGINT) ELSE "
        f"(SELECT min(k.id) FROM known_keys k WHERE k.entity = '{entity_name}' AND k.source_key = {column}) END)"
    )


def stage(con, warehouse: str | None, positions: dict[str, int]) -> list[tuple[str, str, str]]:
    """Give ``typed`` each row's campaign and list facts from the warehouse; returns the extra rules.

    ``typed`` gains ``_campaign``, ``_customer`` (ids), ``_campaign_known``, ``_customer_known``,
    ``_group`` (the customer's group on the campaign's lists, NULL when not on them) and ``_start`` /
    ``_end`` (the campaign's days). ``resp_contacts`` keeps the lists' rows of the file's customers,
    every campaign (for ``notes``), ``resp_campaigns`` the campaigns' names.
    """
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _resp_keys AS SELECT _row, {_resolved("campaigns", "campaign_id")} AS _campaign,
               {_resolved("customers", "customer_id")} AS _customer FROM typed"""
    )
    con.execute(
        "CREATE OR REPLACE TABLE resp_campaigns (campaign_id BIGINT, name VARCHAR, start_date DATE, end_date DATE)"
    )
    con.execute("CREATE OR REPLACE TABLE resp_contacts (campaign_id BIGINT, customer_id BIGINT, group_name VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE _resp_customers (customer_id BIGINT)")
    if warehouse is not None:
        con.execute("ATTACH '" + warehouse.replace("'", "''") + "' AS wh (READ_ONLY)")
        try:
            tables = {r[0] for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'wh'").fetchall()}  # fmt: skip
            if "dim_campaign" in tables:
                con.execute(
                    "INSERT INTO resp_campaigns SELECT campaign_id, name, start_date, end_date FROM wh.dim_campaign"
                )
            if "dim_customer" in tables:
                con.execute(
                    "INSERT INTO _resp_customers SELECT customer_id FROM wh.dim_customer "
                    "WHERE customer_id IN (SELECT _customer FROM _resp_keys)"
                )
            if "fact_campaign_contact" in tables:
                con.execute(
                    """INSERT INTO resp_contacts SELECT campaign_id, customer_id, group_name FROM wh.fact_campaign_contact
                       WHERE customer_id IN (SELECT _customer FROM _resp_keys)"""
                )
        finally:
            con.execute("DETACH wh")
    con.execute(
        """CREATE OR REPLACE TABLE _typed_responses AS SELECT t.*, k._campaign, k._customer,
               m.campaign_id IS NOT NULL AS _campaign_known, u.customer_id IS NOT NULL AS _customer_known,
               l.group_name AS _group, m.start_date AS _start, m.end_date AS _end
           FROM typed t JOIN _resp_keys k USING (_row)
           LEFT JOIN resp_campaigns m ON m.campaign_id = k._campaign
           LEFT JOIN _resp_customers u ON u.customer_id = k._customer
           LEFT JOIN resp_contacts l ON l.campaign_id = k._campaign AND l.customer_id = k._customer
           ORDER BY t._row"""
    )
    con.execute("DROP TABLE typed")
    con.execute("ALTER TABLE _typed_responses RENAME TO typed")
    con.execute("DROP TABLE _resp_keys")
    con.execute("DROP TABLE _resp_customers")
    rules = [("customer_id", "not_on_list",
              "t._campaign_known AND t._customer_known AND t._group IS NULL")]  # fmt: skip
    for name in STAMPS:
        if name in positions:
            rules.append((name, "outside_campaign",
                          f"t._campaign_known AND (t.{name} < t._start OR t.{name} >= t._end + INTERVAL 1 DAY)"))  # fmt: skip
    contacted = [f"t.{n} IS NOT NULL" for n in CONTACTED if n in positions]
    if "delivered" in positions:
        contacted.append("coalesce(t.delivered, false)")
    if contacted:
        rules.append((next(n for n in ("delivered", *CONTACTED) if n in positions), "control_contacted",
                      f"t._group = 'control' AND ({' OR '.join(contacted)})"))  # fmt: skip
    return rules


def notes(con) -> list[tuple[str, dict]]:
    """What the whole file suggests (message keys and values): when most of its rows name customers who
    are not on their campaign's lists, the campaign whose lists hold most of the file's customers."""
    rows, missing = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE _campaign_known AND _customer_known AND _group IS NULL) FROM typed"
    ).fetchone()
    if not rows or missing <= MOST * rows:
        return []
    named = con.execute(
        "SELECT string_agg(DISTINCT CAST(_campaign AS VARCHAR), ', ') FROM typed WHERE _campaign_known"
    ).fetchone()[0]
    best = con.execute(
        """SELECT c.campaign_id, coalesce(m.name, ''), count(DISTINCT c.customer_id) AS hits FROM resp_contacts c
           LEFT JOIN resp_campaigns m USING (campaign_id)
           WHERE c.customer_id IN (SELECT _customer FROM typed WHERE _customer_known)
             AND c.campaign_id NOT IN (SELECT _campaign FROM typed WHERE _campaign_known)
           GROUP BY ALL ORDER BY hits DESC, c.campaign_id LIMIT 1"""
    ).fetchone()
    customers = con.execute("SELECT count(DISTINCT _customer) FROM typed WHERE _customer_known").fetchone()[0]
    if best is None:
        return [("import.responses.not_this_campaign", {"missing": missing, "rows": rows, "campaign": named or "–"})]
    return [("import.responses.other_campaign", {"missing": missing, "rows": rows, "campaign": named or "–",
                                                  "best": best[0], "name": best[1], "hits": best[2],
                                                  "customers": customers})]  # fmt: skip


def load_responses(con, entity: Entity, fields: set[str]) -> int:
    """Update the contact rows ``stg.valid`` names (validated: every one exists); returns the rows updated."""

    def given(name: str, sql_type: str) -> str:
        return f"v.{name}" if name in fields else f"CAST(NULL AS {sql_type})"

    reached = " OR ".join(f"{given(n, 'TIMESTAMP')} IS NOT NULL" for n in CONTACTED)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _responses AS SELECT
               {id_sql("campaigns", "v.campaign_id")} AS campaign_id, {id_sql("customers", "v.customer_id")} AS customer_id,
               coalesce({given("delivered", "BOOLEAN")}, CASE WHEN {reached} THEN true END) AS delivered,
               {given("opened_ts", "TIMESTAMP")} AS opened_ts, {given("clicked_ts", "TIMESTAMP")} AS clicked_ts,
               {given("unsubscribed_ts", "TIMESTAMP")} AS unsubscribed_ts,
               {given("survey_answer", "VARCHAR")} AS survey_answer,
               CAST({given("survey_score", "BIGINT")} AS INTEGER) AS survey_score
           FROM stg.valid v"""
    )
    sets = ", ".join(f"{n} = coalesce(r.{n}, f.{n})" for n in ("delivered", *UPDATED))
    n = con.execute(
        f"""UPDATE {entity.table} f SET {sets} FROM _responses r
            WHERE f.campaign_id = r.campaign_id AND f.customer_id = r.customer_id"""
    ).fetchone()[0]
    con.execute("DROP TABLE _responses")
    return n
