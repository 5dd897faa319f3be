"""Write validated rows into a warehouse version (a read-write connection on the copy).

Keys: an id that is a plain integer is used as it is; any other id (``C-001``, ``고객7``)
gets an integer from ``import_key_map(entity, source_key, id)``, allocated above a base
no integer id reaches, so re-loading the same file finds the same ids. Upserts are
DELETE-then-INSERT by business key (order lines: by whole order), so a second load of
one file leaves every table as it was.
"""

from __future__ import annotations

from data import schema
from data.importer.entities import ENTITIES, NOT_DERIVED, REF_TABLES, RETURN_WORDS, Entity, channel_group_sql

INT_PATTERN = {"INTEGER": "0|[1-9][0-9]{0,8}", "BIGINT": "0|[1-9][0-9]{0,14}"}
TEXT_BASE = {"INTEGER": 1_000_000_000, "BIGINT": 10**15}
# Launched campaign plans become warehouse campaigns with the id PLAN_CAMPAIGN_BASE + plan id
# (crm.campaigns.bridge): above every integer a file can give (INT_PATTERN: nine digits at most) and
# above the ids text keys get (allocated upward from TEXT_BASE, never counting ids of this range), so
# an imported campaign never takes a plan's id. The key map carries each of them under its own digits,
# so a response or contacts file naming the id the campaigns page shows finds it.
PLAN_CAMPAIGN_BASE = 2_000_000_000
RESERVED_FROM = {"campaigns": PLAN_CAMPAIGN_BASE}  # entity -> first id text keys never take
DEFAULT_CHANNEL = "__default__"  # the channel of rows that name none: group 'unknown'
GUEST = "__guest__"  # key prefix of the guest customers (one per country) that stand for rows without a customer
UNKNOWN_PRODUCT = "__unknown__"
NAMED_PRODUCT = "~product|"  # the key of a product a file names without an id: this, then its name
SQL_TYPES = {"key": "VARCHAR", "text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "money": "DOUBLE",
             "date": "DATE", "ts": "TIMESTAMP", "bool": "BOOLEAN"}  # fmt: skip


def ensure_tables(con) -> list[str]:
    """Create every contract table the version lacks (empty), and the key map."""
    have = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    created = [name for name in schema.TABLES if name not in have]
    for name in created:
        con.execute(schema.TABLES[name])
    schema.upgrade(con)
    con.execute(
        "CREATE TABLE IF NOT EXISTS import_key_map (entity VARCHAR NOT NULL, source_key VARCHAR NOT NULL, id BIGINT NOT NULL)"
    )
    return created


def _id_kind(entity_name: str) -> str:
    return ENTITIES[entity_name].id_kind


def resolve_keys(con, entity_name: str, keys_sql: str) -> None:
    """Give every non-integer key that ``keys_sql`` (a query with column ``k``) yields an id in the key map."""
    kind = _id_kind(entity_name)
    base = TEXT_BASE[kind]
    below = f" AND id < {int(RESERVED_FROM[entity_name])}" if entity_name in RESERVED_FROM else ""
    con.execute(
        f"""INSERT INTO import_key_map
        SELECT ?, k, greatest(?, coalesce((SELECT max(id) FROM import_key_map WHERE entity = ?{below}), 0))
                     + row_number() OVER (ORDER BY k)
        FROM (SELECT DISTINCT k FROM ({keys_sql}) WHERE k IS NOT NULL
              AND NOT regexp_full_match(k, '{INT_PATTERN[kind]}')
              AND k NOT IN (SELECT source_key FROM import_key_map WHERE entity = ?))""",
        [entity_name, base, entity_name, entity_name],
    )


def id_sql(entity_name: str, k: str) -> str:
    """SQL of the integer id of key text ``k`` (after :func:`resolve_keys`)."""
    kind = _id_kind(entity_name)
    return (
        f"(CASE WHEN regexp_full_match({k}, '{INT_PATTERN[kind]}') THEN CAST({k} AS {kind}) ELSE "
        f"(SELECT CAST(m.id AS {kind}) FROM import_key_map m WHERE m.entity = '{entity_name}' AND m.source_key = {k}) END)"
    )


def special_id(con, entity_name: str, key: str) -> int:
    resolve_keys(con, entity_name, f"SELECT '{key}' AS k")
    return con.execute(
        "SELECT id FROM import_key_map WHERE entity = ? AND source_key = ?", [entity_name, key]
    ).fetchone()[0]


def ensure_special(con, derived: dict[str, int]) -> dict[str, int]:
    """Ids of the default channel and the unknown product (their rows: :func:`finish_specials`)."""
    return {"default_channel": special_id(con, "channels", DEFAULT_CHANNEL),
            "unknown_product": special_id(con, "products", UNKNOWN_PRODUCT)}  # fmt: skip


CHANNEL_USES = [("fact_order_line", "channel_id"), ("dim_customer", "acquisition_channel_id"),
                ("dim_customer", "preferred_channel_id"), ("dim_campaign", "channel_id"),
                ("fact_campaign_contact", "channel_id"), ("fact_web_session", "channel_id"),
                ("fact_service_ticket", "channel_id")]  # fmt: skip
PRODUCT_USES = [("fact_order_line", "product_id"), ("fact_service_ticket", "product_id")]


def finish_specials(con, derived: dict[str, int]) -> None:
    """Create the default channel / unknown product rows when some row uses them and they are missing."""
    ids = ensure_special(con, derived)
    specials = (
        ("channels", ids["default_channel"], CHANNEL_USES, "INSERT INTO dim_channel VALUES (?, 'Unknown channel', 'unknown')"),
        ("products", ids["unknown_product"], PRODUCT_USES,
         "INSERT INTO dim_product VALUES (?, 'Unknown product', 'Unknown', 'Unknown', 0, 0, DATE '1900-01-01', 'UNKNOWN')"),
    )  # fmt: skip
    for ref, id_, uses, insert in specials:
        table, id_col = REF_TABLES[ref]
        if con.execute(f"SELECT count(*) FROM {table} WHERE {id_col} = ?", [id_]).fetchone()[0]:
            continue
        if any(con.execute(f"SELECT count(*) FROM {t} WHERE {c} = ?", [id_]).fetchone()[0] for t, c in uses):
            con.execute(insert, [id_])
            derived[ref] = derived.get(ref, 0) + 1


def _placeholders(con, derived: dict[str, int]) -> dict[str, str]:
    ids = ensure_special(con, derived)
    return {
        "now": "current_date",
        "default_channel": str(ids["default_channel"]),
        "unknown_product": str(ids["unknown_product"]),
    }


def key_base(field_name: str) -> str:
    return field_name.removesuffix("_id")


def upsert(con, entity: Entity, src: str, derived: dict[str, int]) -> int:
    """Insert or update ``entity`` rows from table ``src`` (every entity field, keys as text in
    ``<name>_key`` and as ids in ``<name>_id``): given values win, then the stored ones, then defaults."""
    marks = _placeholders(con, derived)
    target = entity.table
    key_cols = list(entity.key)
    join = " AND ".join(f"t.{k} = s.{k}" for k in key_cols)
    names = set(entity.field_names)
    exprs = []
    for col in schema.columns(target):
        if col in entity.computed:
            exprs.append(f"{entity.computed[col]} AS {col}")
            continue
        default = entity.defaults.get(col)
        parts = []
        if col in names:
            parts.append(f"s.{col}")
        parts.append(f"t.{col}")
        if default is not None:
            parts.append(default.format(**marks))
        exprs.append(f"coalesce({', '.join(parts)}) AS {col}" if len(parts) > 1 else f"{parts[0]} AS {col}")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _upsert AS SELECT {', '.join(exprs)} FROM {src} s LEFT JOIN {target} t ON {join}"
    )
    con.execute(f"DELETE FROM {target} t WHERE EXISTS (SELECT 1 FROM _upsert s WHERE {join})")
    con.execute(f"INSERT INTO {target} SELECT * FROM _upsert")
    n = con.execute("SELECT count(*) FROM _upsert").fetchone()[0]
    con.execute("DROP TABLE _upsert")
    return n


def derive_missing(con, ref: str, ids_sql: str, derived: dict[str, int], extra: dict[str, str] | None = None) -> int:
    """Create ``ref`` rows for the ids ``ids_sql`` (columns id, k[, extra…]) yields that its table lacks."""
    table, id_col = REF_TABLES[ref]
    entity = ENTITIES[ref]
    own = entity.key[0]
    cols = []
    for f in entity.fields:
        if f.name == own:
            cols += [f"m.k AS {key_base(own)}_key", f"m.id AS {own}"]
        elif extra and f.name in extra:
            cols.append(f"{extra[f.name]} AS {f.name}")
        else:
            cols.append(f"CAST(NULL AS {'BIGINT' if f.kind == 'key' else SQL_TYPES[f.kind]}) AS {f.name}")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _derive AS SELECT {", ".join(cols)}
        FROM ({ids_sql}) m WHERE m.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} d WHERE d.{id_col} = m.id)"""
    )
    n = con.execute("SELECT count(*) FROM _derive").fetchone()[0]
    if n:
        upsert(con, entity, "_derive", derived)
        derived[ref] = derived.get(ref, 0) + n
    con.execute("DROP TABLE _derive")
    return n


def cancellation_prefix(con, fields: set[str]) -> bool:
    """True when the file's order ids are numbers and ``C`` + number marks a cancellation invoice
    (``C536379`` cancels lines of invoice-style exports); ids that all carry letters are left alone."""
    if "order_id" not in fields:
        return False
    sql = "SELECT coalesce(bool_or(regexp_full_match(order_id, '[0-9]+')), false) FROM stg.valid"
    return con.execute(sql).fetchone()[0]


def return_sql(fields: set[str], cancel_prefix: bool) -> str:
    """SQL (over ``stg.valid v``) true for a return line: flagged as one, a negative quantity or amount,
    a status saying cancelled / returned / refunded, or a cancellation invoice's line."""
    signs = [f"v.{name} < 0" for name in ("quantity", "revenue") if name in fields]
    if "status" in fields:
        signs.append(f"regexp_matches(lower(v.status), '{RETURN_WORDS}')")
    if cancel_prefix:
        signs.append("regexp_full_match(v.order_id, '[Cc][0-9]+')")
    implied = f"coalesce({' OR '.join(signs)}, false)" if signs else "false"
    return f"coalesce(v.is_return, {implied})" if "is_return" in fields else implied


def customer_key_sql(fields: set[str]) -> str:
    """SQL (over ``stg.valid v``) of a line's customer key: its customer id, else that of another line of
    its order, else the guest customer of its order's country (``__guest__|<country>``)."""
    if "order_id" not in fields:
        country = "v.country" if "country" in fields else "''"
        return f"coalesce(v.customer_id, '{GUEST}|' || coalesce({country}, ''))"

    def same_order(col: str) -> str:
        return f"(CASE WHEN v.order_id IS NOT NULL THEN max({col}) OVER (PARTITION BY v.order_id) END)"

    country = f"coalesce({same_order('v.country')}, v.country)" if "country" in fields else "''"
    return f"coalesce(v.customer_id, {same_order('v.customer_id')}, '{GUEST}|' || coalesce({country}, ''))"


def _file_options(con, channel: str | None, channel_group: str | None) -> None:
    """``_file_opts``: the channel name and group given for the whole file (bound values, never SQL)."""
    con.execute("CREATE OR REPLACE TEMP TABLE _file_opts (channel_key VARCHAR, channel_group VARCHAR)")
    con.execute("INSERT INTO _file_opts VALUES (?, ?)", [channel, channel_group])


def _product_names(con, fields: set[str], derive: bool) -> bool:
    """``_product_names``: the product key of each product name in the file, for lines without a product id.

    A name the warehouse already gives one product is that product (the key it was loaded by: its id
    in the file, or its text key); any other name is a product of
    its own (key ``~product|<name>``, derived with the lines), or, without derivation, the unknown
    product. Names are compared trimmed and exactly. Returns whether the file has product names.
    """
    if "product_name" not in fields:
        return False
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _product_names AS
        SELECT n.name, coalesce(d.k, CASE WHEN ? THEN '{NAMED_PRODUCT}' || n.name END) AS k
        FROM (SELECT DISTINCT trim(product_name) AS name FROM stg.valid WHERE trim(product_name) <> '') n
        LEFT JOIN (SELECT p.name, coalesce(any_value(m.source_key), CAST(any_value(p.product_id) AS VARCHAR)) AS k
                   FROM dim_product p LEFT JOIN import_key_map m ON m.entity = 'products' AND m.id = p.product_id
                   GROUP BY p.name HAVING count(DISTINCT p.product_id) = 1) d
               ON d.name = n.name""",
        [derive],
    )
    return True


def load_order_lines(con, fields: set[str], derive: bool, channel: str | None = None, channel_group: str | None = None,
                     counts: dict[str, int] | None = None) -> tuple[int, dict[str, int]]:  # fmt: skip
    """Order lines from ``stg.valid`` into ``fact_order_line``, whole orders replaced; returns rows, derived.

    Returns are stored as the warehouse's convention has them: negative quantity and revenue.
    Rows without a customer id go to the guest customer of their country (``dim_customer.is_guest``).
    Rows without a channel go to ``channel`` when given, else to the unknown channel (of
    ``channel_group`` when given). ``counts`` receives the return lines and the guest lines loaded.
    """
    derived: dict[str, int] = {}
    marks = _placeholders(con, derived)
    _file_options(con, channel, channel_group)

    def opt(name: str, sql_type: str) -> str:
        return f"v.{name}" if name in fields else f"CAST(NULL AS {sql_type})"

    sign = f"CASE WHEN {return_sql(fields, cancellation_prefix(con, fields))} THEN -1 ELSE 1 END"
    qty = f"abs(coalesce({opt('quantity', 'BIGINT')}, 1)) * {sign}"
    price, disc = opt("unit_price", "DOUBLE"), f"coalesce({opt('discount', 'DOUBLE')}, 0)"
    revenue = f"coalesce(abs({opt('revenue', 'DOUBLE')}), abs({qty}) * {price} * (1 - {disc})) * {sign}"
    unnamed = f"(SELECT coalesce(o.channel_key, '{DEFAULT_CHANNEL}' || coalesce('|' || o.channel_group, '')) FROM _file_opts o)"
    channel_key = f"coalesce({opt('channel_id', 'VARCHAR')}, {unnamed})"
    customer_key = customer_key_sql(fields)
    partner_key = opt("partner_id", "VARCHAR")
    order_key = (
        f"coalesce({opt('order_id', 'VARCHAR')}, '~' || {customer_key} || '|' || strftime(v.order_ts, '%Y-%m-%dT%H:%M:%S')"
        f" || '|' || {channel_key} || '|' || coalesce({partner_key}, ''))"
    )
    named = _product_names(con, fields, derive)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _src AS SELECT v._row, {order_key} AS order_key,
            {opt("line_no", "BIGINT")} AS line_no, v.order_ts, {customer_key} AS customer_key,
            coalesce({opt("product_id", "VARCHAR")}, {"n.k" if named else "NULL"}, '{UNKNOWN_PRODUCT}') AS product_key,
            {channel_key} AS channel_key,
            {partner_key} AS partner_key, {opt("campaign_id", "VARCHAR")} AS campaign_key,
            CAST({qty} AS INTEGER) AS quantity, {revenue} AS revenue, {disc} AS discount,
            coalesce({price}, CASE WHEN {qty} <> 0 AND {disc} < 1 THEN ({revenue}) / ({qty}) / (1 - {disc}) ELSE 0 END)
                AS unit_price,
            {opt("cost", "DOUBLE")} AS cost, {opt("country", "VARCHAR")} AS country,
            {opt("customer_name", "VARCHAR")} AS customer_name, {opt("product_name", "VARCHAR")} AS product_name,
            {opt("category", "VARCHAR")} AS category
        FROM stg.valid v{" LEFT JOIN _product_names n ON n.name = trim(v.product_name)" if named else ""}"""
    )
    if named:
        con.execute("DROP TABLE _product_names")
    for ref, col in (("order_lines", "order_key"), ("customers", "customer_key"), ("products", "product_key"),
                     ("channels", "channel_key"), ("partners", "partner_key"), ("campaigns", "campaign_key")):  # fmt: skip
        resolve_keys(con, ref, f"SELECT {col} AS k FROM _src")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _lines AS SELECT s.*,
            {id_sql("order_lines", "s.order_key")} AS order_id, {id_sql("customers", "s.customer_key")} AS customer_id,
            {id_sql("products", "s.product_key")} AS product_id, {id_sql("channels", "s.channel_key")} AS channel_id,
            {id_sql("partners", "s.partner_key")} AS partner_id, {id_sql("campaigns", "s.campaign_key")} AS campaign_id
        FROM _src s"""
    )
    con.execute("DROP TABLE _src")
    if derive:
        _derive_for_lines(con, derived, marks)
    else:  # the guest customers and the file's channel are the importer's own: made even when nothing
        # else is derived (a line naming an unknown channel was refused by validation)
        _derive_customers(con, derived, f"WHERE starts_with(customer_key, '{GUEST}|')")
        _derive_channels(con, derived)
    mark_guests(con)
    if counts is not None:
        returns, guests = con.execute(
            f"""SELECT count(*) FILTER (WHERE quantity < 0), count(*) FILTER (WHERE starts_with(customer_key, '{GUEST}|'))
                FROM _lines"""
        ).fetchone()
        counts.update(return_lines=returns, guest_lines=guests)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _facts AS
        SELECT l.order_id,
               CAST(coalesce(l.line_no, row_number() OVER (PARTITION BY l.order_id ORDER BY l._row)) AS INTEGER) AS line_no,
               l.order_ts, l.customer_id, l.product_id, l.channel_id, l.partner_id, l.campaign_id, l.quantity,
               l.unit_price,
               l.discount, l.revenue, coalesce(l.cost, l.quantity * coalesce(p.unit_cost, 0)) AS cost
        FROM _lines l LEFT JOIN dim_product p ON p.product_id = l.product_id"""
    )
    con.execute("DELETE FROM fact_order_line WHERE order_id IN (SELECT DISTINCT order_id FROM _facts)")
    con.execute("INSERT INTO fact_order_line SELECT * FROM _facts")
    n = con.execute("SELECT count(*) FROM _facts").fetchone()[0]
    con.execute("DROP TABLE _facts")
    con.execute("DROP TABLE _lines")
    return n, derived


# the name of the channel of rows naming none: after the group given for the file, if any
UNNAMED_CHANNEL_NAME = (
    "CASE (SELECT channel_group FROM _file_opts) WHEN 'online' THEN 'Online (unnamed channel)' "
    "WHEN 'offline' THEN 'Offline (unnamed channel)' ELSE 'Unknown channel' END"
)


def _derive_customers(con, derived: dict[str, int], where: str = "") -> None:
    """Customers the lines name but the warehouse lacks (signup date: NULL, then derive_signup_dates)."""
    derive_missing(
        con, "customers",
        f"""SELECT customer_id AS id, any_value(customer_key) AS k, arg_min(channel_id, order_ts) AS first_channel,
                  max(country) AS country,
                  CASE WHEN starts_with(any_value(customer_key), '{GUEST}|')
                       THEN 'Guest checkouts' || coalesce(' (' || max(country) || ')', '') ELSE max(customer_name) END
                      AS name
           FROM _lines {where} GROUP BY customer_id""",
        derived,
        {"name": "m.name", "country": "m.country",
         "acquisition_channel_id": "m.first_channel", "preferred_channel_id": "m.first_channel"},
    )  # fmt: skip


def mark_guests(con) -> None:
    """Flag the guest customers (keys ``__guest__|<country>``) in ``dim_customer``."""
    con.execute(
        f"""UPDATE dim_customer SET is_guest = true WHERE NOT coalesce(is_guest, false) AND customer_id IN (
            SELECT id FROM import_key_map WHERE entity = 'customers' AND starts_with(source_key, '{GUEST}|'))"""
    )


def derive_signup_dates(con) -> int:
    """Signup dates not given: the day of the customer's first order, re-derived when earlier orders arrive.

    A customer with no signup date and no order keeps NULL (never the load day); a given date is never
    replaced. Returns the customers whose date was set or changed.
    """
    return con.execute(
        """UPDATE dim_customer c SET signup_date = f.first_day, signup_derived = true
        FROM (SELECT customer_id, min(order_ts)::DATE AS first_day FROM fact_order_line GROUP BY customer_id) f
        WHERE c.customer_id = f.customer_id AND (c.signup_date IS NULL OR coalesce(c.signup_derived, false))
          AND c.signup_date IS DISTINCT FROM f.first_day"""
    ).fetchone()[0]


def _derive_channels(con, derived: dict[str, int]) -> None:
    """Channels the lines name but the warehouse lacks, and the file's own channel (``--channel`` /
    ``--channel-group``, or the unknown channel) for lines that name none."""
    derive_missing(
        con, "channels",
        f"""SELECT channel_id AS id, any_value(channel_key) AS k,
                  CASE WHEN starts_with(any_value(channel_key), '{DEFAULT_CHANNEL}')
                       THEN {UNNAMED_CHANNEL_NAME} END AS name,
                  coalesce((SELECT channel_group FROM _file_opts),
                           CASE WHEN NOT starts_with(any_value(channel_key), '{DEFAULT_CHANNEL}')
                                THEN {channel_group_sql("any_value(channel_key)")} END, 'unknown') AS grp
           FROM _lines GROUP BY channel_id""",
        derived,
        {"name": "m.name", "channel_group": "m.grp"},
    )  # fmt: skip


def _derive_for_lines(con, derived: dict[str, int], marks: dict[str, str]) -> None:
    """Customers, products, channels, partners and campaigns the lines name but the warehouse lacks."""
    _derive_customers(con, derived)
    derive_missing(
        con, "products",
        f"""SELECT product_id AS id, any_value(product_key) AS k, min(order_ts) AS first_ts,
                  CASE WHEN any_value(product_key) = '{UNKNOWN_PRODUCT}' THEN 'Unknown product' ELSE max(trim(product_name)) END AS name,
                  max(category) AS category, avg(unit_price) AS price
           FROM _lines GROUP BY product_id""",
        derived,
        {"name": "m.name", "category": "m.category", "unit_price": "m.price", "launch_date": "CAST(m.first_ts AS DATE)"},
    )  # fmt: skip
    _derive_channels(con, derived)
    derive_missing(
        con, "partners", "SELECT partner_id AS id, any_value(partner_key) AS k FROM _lines GROUP BY partner_id", derived
    )
    derive_missing(
        con, "campaigns",
        """SELECT campaign_id AS id, any_value(campaign_key) AS k, min(order_ts) AS s, max(order_ts) AS e,
                  arg_min(channel_id, order_ts) AS ch FROM _lines GROUP BY campaign_id""",
        derived,
        {"start_date": "CAST(m.s AS DATE)", "end_date": "CAST(m.e AS DATE)", "channel_id": "m.ch"},
    )  # fmt: skip


# Dates of a derived reference, from the rows that name it: (ref, date fields it gets from the
# rows' first and last timestamp). A campaign first seen in a contacts file runs from its first
# contact to its last, not from the day of the load.
REF_SPANS = {"campaigns": {"start_date": "CAST(m.s AS DATE)", "end_date": "CAST(m.e AS DATE)"}}


def _ref_span(entity: Entity, ref: str, fields: set[str]) -> tuple[str, dict[str, str] | None]:
    """(extra SELECT columns, derive_missing's extra) dating a derived ``ref`` by the entity's own timestamps."""
    stamps = [f.name for f in entity.fields if f.kind in ("ts", "date") and f.name in fields]
    if ref not in REF_SPANS or not stamps:
        return "", None
    return f", min({stamps[0]}) AS s, max({stamps[0]}) AS e", REF_SPANS[ref]


def load_entity(con, entity: Entity, fields: set[str], derive: bool) -> tuple[int, dict[str, int]]:
    """Any other entity from ``stg.valid`` into its table (upsert by key); references derived when asked."""
    derived: dict[str, int] = {}
    cols = []
    keys = [f for f in entity.fields if f.kind == "key"]
    for f in entity.fields:
        value = f"v.{f.name}" if f.name in fields else f"CAST(NULL AS {SQL_TYPES[f.kind]})"
        if f.kind == "key":
            cols.append(f"{value} AS {key_base(f.name)}_key")
        else:
            cols.append(f"{value} AS {f.name}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _src AS SELECT {', '.join(cols)} FROM stg.valid v")
    for f in keys:
        ref = f.ref or entity.name
        resolve_keys(con, ref, f"SELECT {key_base(f.name)}_key AS k FROM _src")
    ids = ", ".join(f"{id_sql(f.ref or entity.name, 's.' + key_base(f.name) + '_key')} AS {f.name}" for f in keys)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _staged AS SELECT s.*, {ids} FROM _src s")
    con.execute("DROP TABLE _src")
    if derive:
        for f in keys:
            if f.ref and f.ref not in NOT_DERIVED:
                span, extra = _ref_span(entity, f.ref, fields)
                derive_missing(
                    con, f.ref,
                    f"SELECT {f.name} AS id, any_value({key_base(f.name)}_key) AS k{span} FROM _staged GROUP BY {f.name}",
                    derived, extra,
                )  # fmt: skip
    n = upsert(con, entity, "_staged", derived)
    con.execute("DROP TABLE _staged")
    return n, derived
