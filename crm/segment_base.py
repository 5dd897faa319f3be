"""The segment builder's customer table in DuckDB: built once per warehouse version, shared by every process.

One row per customer (``features``) with the profile and behaviour of ``mining.features`` as of the
warehouse's last day, shaped in SQL; ``bought`` says which categories and channel groups a customer has a
positive share of net revenue in (one row per customer and value, keyed by ``mining.features.column_name``
so values differing only in case or spacing are one, as in the model features); ``outcome`` holds who had
which campaign outcome (``crm.campaigns.outcomes``).

The tables are written to a DuckDB file per warehouse version under ``instance/cache/segments/`` by the first
process that needs it (a lock file keeps it to one writer; the file appears whole by a rename), and every
process then opens it read-only: the web app never writes the warehouse, and no process holds a pandas copy
of the customers. The latest scoring runs' columns (RFM, clusters, propensities) are read from their Parquet
files into a small in-memory table per process and joined in the view ``base``; a segment is then one SQL
query over ``base`` (``crm.segments``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

import settings
from data.warehouse import lineage_of
from mining.features import AGE_BANDS, column_name, pair_features_sql

# bump when the tables below change: a cache file of older code is then rebuilt, never read
SCHEMA = "segbase-4"
KEEP_FILES = 4  # cache files kept (the newest versions'); older ones are deleted after a build
MEMORY_LIMIT = "512MB"  # per DuckDB instance; the build spills to disk beyond it
CHILD_ABOVE = 256 * 2**20  # a warehouse file bigger than this (bytes) has its table built in a child process

# (run kind, column of the run's scores, segment field) — ``crm.segments.SCORE_SOURCES`` in one place
SCORE_SOURCES = (
    ("rfm", "segment", "rfm_segment"),
    ("rfm", "tier", "value_tier"),
    ("rfm", "clv_12m", "clv_12m"),
    ("rfm", "p_alive", "p_alive"),
    ("cluster", "cluster_name", "cluster"),
    ("propensity_repurchase", "score", "repurchase_score"),
    ("propensity_response", "score", "response_score"),
)
KINDS = {"categories_bought": "cat", "channels_used": "chan"}

_AGE = " ".join(f"WHEN age >= {low} AND age < {high} THEN '{name}'" for low, high, name in AGE_BANDS)
_FEATURES_SQL = f"""
CREATE TEMP TABLE profile AS
SELECT customer_id, country, region, city, customer_type, segment, gender, industry, signup_date,
       home_partner_id, email_opt_in, age_band, tenure_days, orders, revenue, last_order_date, recency_days,
       CASE WHEN orders > 0 THEN revenue / orders END AS aov,
       CASE WHEN revenue > 0 THEN online_revenue / revenue ELSE 0.0 END AS online_share,
       CASE WHEN revenue > 0 THEN partner_revenue / revenue ELSE 0.0 END AS partner_share,
       tickets, avg_satisfaction, contacts, responses, sessions
FROM (
    SELECT customer_id, country, region, city, customer_type, segment, gender, industry, signup_date,
           home_partner_id, email_opt_in,
           CASE {_AGE} END AS age_band,
           date_diff('day', signup_date::DATE, as_of) AS tenure_days,
           coalesce(orders, 0)::BIGINT AS orders, coalesce(revenue::DOUBLE, 0.0) AS revenue,
           last_order_date, date_diff('day', last_order_date, as_of) AS recency_days,
           coalesce(online_revenue::DOUBLE, 0.0) AS online_revenue,
           coalesce(partner_revenue::DOUBLE, 0.0) AS partner_revenue,
           coalesce(tickets, 0)::BIGINT AS tickets, avg_satisfaction::DOUBLE AS avg_satisfaction,
           coalesce(contacts, 0)::BIGINT AS contacts, coalesce(responses, 0)::BIGINT AS responses,
           coalesce(sessions, 0)::BIGINT AS sessions
    FROM (SELECT *, year(as_of) - birth_year AS age FROM ({{raw}}))
)
"""
# a customer's net revenue per value (kept exact), then per key; "bought" when its share of their revenue
# over all values is positive (as the model features' share columns are); a key is stored by its code
# (its place in the sorted keys), each customer's codes as one list column and, for the first 64 codes, one
# bit each in a mask column (a test of a few bits is several times faster than a list's; a kind with more
# than 64 codes is tested on its lists)
_FINAL_SQL = """
CREATE {target} AS
WITH lists AS (
    SELECT customer_id, list(code ORDER BY code) FILTER (WHERE kind = 'cat') AS cat_codes,
           list(code ORDER BY code) FILTER (WHERE kind = 'chan') AS chan_codes,
           list(code ORDER BY code) FILTER (WHERE kind = 'outcome') AS outcome_codes,
           bit_or(1::UBIGINT << code) FILTER (WHERE kind = 'cat' AND code < 64) AS cat_mask,
           bit_or(1::UBIGINT << code) FILTER (WHERE kind = 'chan' AND code < 64) AS chan_mask,
           bit_or(1::UBIGINT << code) FILTER (WHERE kind = 'outcome' AND code < 64) AS outcome_mask
    FROM (SELECT customer_id, kind, code FROM bought UNION ALL {outcome_rows})
    GROUP BY customer_id
)
SELECT p.*, c.name, coalesce(l.cat_codes, []::INTEGER[]) AS cat_codes, coalesce(l.chan_codes, []::INTEGER[]) AS chan_codes,
       coalesce(l.outcome_codes, []::INTEGER[]) AS outcome_codes, coalesce(l.cat_mask, 0::UBIGINT) AS cat_mask,
       coalesce(l.chan_mask, 0::UBIGINT) AS chan_mask, coalesce(l.outcome_mask, 0::UBIGINT) AS outcome_mask
FROM profile p LEFT JOIN lists l USING (customer_id) LEFT JOIN dim_customer c ON c.customer_id = p.customer_id
ORDER BY p.customer_id
"""
_BOUGHT_SQL = """
INSERT INTO bought
WITH q AS (
    SELECT c.customer_id FROM dim_customer c
    WHERE c.is_guest IS NOT TRUE AND (c.signup_date IS NULL OR c.signup_date <= $as_of){only}
),
per_value AS (
    SELECT f.customer_id, {key} AS value, sum(f.revenue::DECIMAL(38, 6))::DOUBLE AS revenue
    FROM fact_order_line f SEMI JOIN q ON q.customer_id = f.customer_id {join}
    WHERE f.order_ts < $cut AND {key} IS NOT NULL
    GROUP BY ALL
),
per_key AS (
    SELECT v.customer_id, k.code, sum(v.revenue) AS revenue,
           sum(sum(v.revenue)) OVER (PARTITION BY v.customer_id) AS total
    FROM per_value v JOIN value_keys k ON k.value = v.value AND k.kind = $kind
    GROUP BY v.customer_id, k.code
)
SELECT customer_id, $kind AS kind, code FROM per_key WHERE total <> 0 AND revenue / total > 0
"""
_OUTCOME_ROWS = "SELECT o.customer_id, 'outcome', t.code FROM outcome o JOIN tokens t USING (token)"
_SOURCES = {
    "cat": ("p.category", "JOIN dim_product p ON p.product_id = f.product_id", "dim_product", "category"),
    "chan": ("ch.channel_group", "JOIN dim_channel ch ON ch.channel_id = f.channel_id", "dim_channel",
             "channel_group"),
}  # fmt: skip


def cache_folder() -> Path:
    path = settings.cache_dir() / "segments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_key(version_key: str) -> str:
    """The cache file's name for a warehouse version (file and version, as ``Warehouse.cursor_with_version``)."""
    return hashlib.sha1(f"{SCHEMA}|{version_key}".encode()).hexdigest()[:20]


def ensure_cache(cursor, version_key: str, as_of) -> Path:
    """The cache file of this warehouse version, built first when no process has built it yet (as of
    ``as_of()``, the data's last day: asked only then)."""
    folder = cache_folder()
    key = cache_key(version_key)
    target = folder / f"{key}.duckdb"
    if target.exists():
        return target
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder; the others wait for its file
        try:
            if not target.exists():
                source = _warehouse_file(cursor)
                build = _build_in_child if os.path.getsize(source) > CHILD_ABOVE else _build
                build(source, folder / f"{key}.building", as_of())
                os.replace(folder / f"{key}.building", target)
                _prune(folder, keep=target)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    (folder / f"{key}.lock").unlink(missing_ok=True)
    return target


def cached(version_key: str) -> Path | None:
    """The cache file of this warehouse version when it is built (None while it is not)."""
    path = cache_folder() / f"{cache_key(version_key)}.duckdb"
    return path if path.exists() else None


def stand_in(lineage: str, version_key: str) -> Path | None:
    """The newest cache file of another version of the warehouse of ``lineage`` (the same customers, as they
    were), to count from while the table of ``version_key`` is being built; None when there is none."""
    own = cache_folder() / f"{cache_key(version_key)}.duckdb"
    for path in _newest_first():
        if path != own and _lineage_of_table(path) == lineage:
            return path
    return None


def forget_others(version_key: str, lineage: str) -> int:
    """Delete the cache files of the other versions of the warehouse of ``lineage`` (and those of older code,
    whose warehouse is not said): after an erasure they still hold the erased person's name, and no count
    may stand in from them. Returns how many went."""
    keep = cache_folder() / f"{cache_key(version_key)}.duckdb"
    gone = 0
    for path in _newest_first():
        if path != keep and _lineage_of_table(path) in (lineage, None):
            path.unlink(missing_ok=True)
            gone += 1
    return gone


def _newest_first() -> list[Path]:
    files = []
    for path in cache_folder().glob("*.duckdb"):
        try:
            files.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # pruned meanwhile
            continue
    return [path for _, path in sorted(files, reverse=True)]


_lineages: dict[tuple, str | None] = {}  # (file, inode, mtime) -> its table's lineage: a table never changes


def _lineage_of_table(path: Path) -> str | None:
    """The lineage a cache file's table was built for (None: unreadable, or built by older code)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    key = (str(path), stat.st_ino, stat.st_mtime_ns)
    if key not in _lineages:
        _lineages[key] = _read_lineage(path)
    return _lineages[key]


def _read_lineage(path: Path) -> str | None:
    try:
        con = duckdb.connect(":memory:")
        try:
            con.execute("ATTACH ? AS feat (READ_ONLY)", [str(path)])
            meta = json.loads(con.execute("SELECT value FROM feat.meta").fetchone()[0])
        finally:
            con.close()
    except (duckdb.Error, TypeError, ValueError):  # pruned, or not a table of ours
        return None
    return meta.get("lineage")


def version_key(path: Path) -> str:
    """The version key of a warehouse file, as ``Warehouse.cursor_with_version`` gives it."""
    from data.warehouse import version_of

    return f"{path}|{version_of(path)}"


def carry_over(before: Path, after: Path) -> bool:
    """Give the version file ``after`` the table of ``before`` when they differ only in what the table
    does not hold (a score publish writes ``customer_score`` and ``meta``; the scores are joined from the
    runs): a link to the same file, no build. False when ``before`` has none (the first count builds it)."""
    folder = cache_folder()
    old = folder / f"{cache_key(version_key(before))}.duckdb"
    new = folder / f"{cache_key(version_key(after))}.duckdb"
    if new.exists():
        return True
    if not old.exists():
        return False
    partial = new.with_suffix(f".{os.getpid()}.linking")
    try:
        os.link(old, partial)
    except FileNotFoundError:  # pruned meanwhile
        return False
    os.replace(partial, new)
    return True


def update_customers(before: Path, after: Path, ids) -> bool:
    """Give the version file ``after`` a table of its own made from ``before``'s in a copy, with the rows of
    the customers ``ids`` worked out again, when the versions differ only in those customers' rows of
    ``dim_customer`` (a Customer 360 correction or erasure: ``crm.customers.EDITABLE`` fields, none that
    decides who is counted): seconds where a build takes minutes at scale 30. False when ``before`` has no
    table, or the change turned out to be one a copy cannot follow (the first count then builds it)."""
    folder = cache_folder()
    old = folder / f"{cache_key(version_key(before))}.duckdb"
    key = cache_key(version_key(after))
    new = folder / f"{key}.duckdb"
    if new.exists():
        return True
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as ``ensure_cache``: a count arriving meanwhile waits for this file
        try:
            if new.exists():
                return True
            partial = folder / f"{key}.{os.getpid()}.updating"
            try:
                shutil.copyfile(old, partial)
            except FileNotFoundError:  # none, or pruned meanwhile
                return False
            try:
                _update(str(after), partial, sorted({int(i) for i in ids}))
            except _CannotFollow:
                partial.unlink(missing_ok=True)
                return False
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            os.replace(partial, new)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    (folder / f"{key}.lock").unlink(missing_ok=True)
    return True


class _CannotFollow(Exception):
    """The change is not one ``_update`` can apply to a copy: the table is built afresh instead."""


def _attached(source: str, partial: Path) -> duckdb.DuckDBPyConnection:
    """A bounded in-memory DuckDB with the warehouse file ``source`` attached read-only (and in use)
    and the table file ``partial`` attached as ``out``, spilling beside it."""
    con = duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT, "threads": os.cpu_count() or 1})
    try:
        con.execute("SET temp_directory = ?", [str(partial.parent / "spill")])
        con.execute("ATTACH ? AS wh (READ_ONLY)", [source])
        con.execute("ATTACH ? AS out", [str(partial)])
        con.execute("USE wh")
    except BaseException:
        con.close()
        raise
    return con


def _update(source: str, partial: Path, ids: list[int]) -> None:
    """Work out again the rows of the customers ``ids`` in the copy ``partial`` of a table, from the
    warehouse file ``source``: their profile and behaviour, and the categories and channel groups they
    bought (codes as the copy's, the sold values being the same); their campaign outcomes are the copy's
    (contacts and orders unchanged). The table is rewritten in customer order, as a build writes it."""
    con = _attached(source, partial)
    try:
        meta = json.loads(con.execute("SELECT value FROM out.meta").fetchone()[0])
        as_of = dt.date.fromisoformat(meta["as_of"])
        con.execute("CREATE TEMP TABLE changed AS SELECT DISTINCT unnest(?::BIGINT[]) AS customer_id", [ids])
        raw = pair_features_sql(
            "SELECT customer_id, $as_of::DATE AS as_of FROM dim_customer "
            "WHERE customer_id IN (SELECT customer_id FROM changed)"
        )
        con.execute(_FEATURES_SQL.replace("{raw}", raw), {"as_of": as_of})
        now = {r[0] for r in con.execute("SELECT customer_id FROM profile").fetchall()}
        before = {r[0] for r in con.execute(
            "SELECT customer_id FROM out.features WHERE customer_id IN (SELECT customer_id FROM changed)").fetchall()}  # fmt: skip
        if now != before:  # who is counted changed (a sign-up date, a guest): not a copy's business
            raise _CannotFollow
        con.execute("CREATE TEMP TABLE bought (customer_id BIGINT, kind VARCHAR, code INTEGER)")
        con.execute("CREATE TEMP TABLE value_keys (kind VARCHAR, value VARCHAR, key VARCHAR, code INTEGER)")
        cut = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
        only = " AND c.customer_id IN (SELECT customer_id FROM changed)"
        for kind, (key_sql, join, table, column) in _SOURCES.items():
            code = {key: i for i, key in enumerate(meta["codes"][kind])}
            listed = [v for (v,) in con.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1").fetchall()]
            rows = [(kind, v, column_name(kind, v), code[column_name(kind, v)])
                    for v in listed if v is not None and column_name(kind, v) in code]  # fmt: skip
            if rows:  # a value sold by the cut has its key among the codes; an unsold one has no lines
                con.executemany("INSERT INTO value_keys VALUES (?, ?, ?, ?)", rows)
                con.execute(_BOUGHT_SQL.format(key=key_sql, join=join, only=only),
                            {"as_of": as_of, "cut": cut, "kind": kind})  # fmt: skip
        con.execute("CREATE TEMP TABLE outcome_codes AS SELECT customer_id, unnest(outcome_codes) AS code "
                    "FROM out.features WHERE customer_id IN (SELECT customer_id FROM changed)")  # fmt: skip
        rows_sql = "SELECT customer_id, 'outcome', code FROM outcome_codes"
        con.execute(_FINAL_SQL.replace("{target}", "TEMP TABLE changed_rows").replace("{outcome_rows}", rows_sql))
        names = ", ".join(f'"{c}"' for (c, *_) in con.execute("DESCRIBE out.features").fetchall())  # its own
        con.execute(
            f"CREATE TABLE out.features_next AS SELECT {names} FROM ("
            f"SELECT {names} FROM out.features WHERE customer_id NOT IN (SELECT customer_id FROM changed) "
            f"UNION ALL SELECT {names} FROM temp.changed_rows) ORDER BY customer_id"
        )
        con.execute("DROP TABLE out.features")
        con.execute("ALTER TABLE out.features_next RENAME TO features")
        con.execute("USE memory")
        con.execute("DETACH out")
    finally:
        con.close()


def _prune(folder: Path, keep: Path) -> None:
    """Delete all but the newest ``KEEP_FILES`` cache files (a process still reading one keeps its handle)."""
    files = sorted(folder.glob("*.duckdb"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_FILES:]:
        if old != keep:
            old.unlink(missing_ok=True)


def _warehouse_file(cursor) -> str:
    row = cursor.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return row[0]


def _build_in_child(source: str, partial: Path, as_of: dt.date) -> None:
    """``_build`` in a process of its own (``python -m crm.segment_base``): a web worker's memory stays
    flat however big the warehouse (the build's peak is over a GiB at scale 30), the child's ends with it."""
    done = subprocess.run(
        [sys.executable, "-m", "crm.segment_base", source, str(partial), as_of.isoformat()],
        cwd=settings.ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"building the segment table failed: {done.stderr.strip()[-2000:]}")


def _build(source: str, partial: Path, as_of: dt.date) -> None:
    """Write the tables into ``partial`` from the warehouse file ``source`` (attached read-only)."""
    partial.unlink(missing_ok=True)
    con = _attached(source, partial)
    try:
        raw = pair_features_sql("SELECT customer_id, $as_of::DATE AS as_of FROM dim_customer")
        con.execute(_FEATURES_SQL.replace("{raw}", raw), {"as_of": as_of})
        con.execute("CREATE TEMP TABLE bought (customer_id BIGINT, kind VARCHAR, code INTEGER)")
        con.execute("CREATE TEMP TABLE value_keys (kind VARCHAR, value VARCHAR, key VARCHAR, code INTEGER)")
        members: dict[str, list[str]] = {}
        codes: dict[str, list[str]] = {}
        cut = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
        for kind, (key_sql, join, table, column) in _SOURCES.items():
            sold = [
                v for (v,) in con.execute(
                    f"SELECT DISTINCT {key_sql} FROM fact_order_line f {join} WHERE f.order_ts < ? "
                    f"AND f.customer_id IS NOT NULL AND {key_sql} IS NOT NULL ORDER BY 1",
                    [cut],
                ).fetchall()
            ]  # fmt: skip
            codes[kind] = sorted({column_name(kind, v) for v in sold})
            listed = [v for (v,) in con.execute(f"SELECT DISTINCT {column} FROM {table} ORDER BY 1").fetchall()]
            members[kind] = [v for v in listed if column_name(kind, v) in set(codes[kind])]
            if sold:
                code = {key: i for i, key in enumerate(codes[kind])}
                rows = [(kind, v, column_name(kind, v), code[column_name(kind, v)]) for v in sold]
                con.executemany("INSERT INTO value_keys VALUES (?, ?, ?, ?)", rows)
                con.execute(_BOUGHT_SQL.format(key=key_sql, join=join, only=""),
                            {"as_of": as_of, "cut": cut, "kind": kind})  # fmt: skip
        names, tokens, present = _outcomes(con)
        con.execute("CREATE TEMP TABLE tokens (token VARCHAR, code INTEGER)")
        if present:
            con.executemany("INSERT INTO tokens VALUES (?, ?)", [(t, i) for i, t in enumerate(present)])
        con.execute(_FINAL_SQL.replace("{target}", "TABLE out.features").replace("{outcome_rows}", _OUTCOME_ROWS))
        meta = {
            "as_of": as_of.isoformat(),
            "lineage": lineage_of(con),  # whose customers: a previous version's table stands in only for its own
            "members": members,
            "codes": {**codes, "outcome": present},
            "outcome_tokens": tokens,
            "outcome_names": [[c, n] for c, n in names.items()],
        }
        con.execute("CREATE TABLE out.meta AS SELECT ?::VARCHAR AS value", [json.dumps(meta)])
        con.execute("USE memory")
        con.execute("DETACH out")
    finally:
        con.close()


def _outcomes(con) -> tuple[dict[int, str], list[str], list[str]]:
    """``outcome``: every campaign outcome token and its customers, by the results page's attribution
    (``crm.campaigns.outcomes``, in SQL); returns the campaigns' names, the tokens with customers in the
    builder's order, and the same sorted (their codes)."""
    from crm.campaigns import results
    from crm.campaigns.outcomes import Outcomes

    con.execute("CREATE TEMP TABLE outcome (token VARCHAR, customer_id BIGINT)")
    if not results.has_campaigns(con):
        return {}, [], []
    names = {
        int(c): n
        for c, n in con.execute(
            "SELECT campaign_id, name FROM dim_campaign ORDER BY start_date DESC, campaign_id DESC"
        ).fetchall()
    }
    campaigns = con.execute(results._CAMPAIGNS_SQL, {"campaign": None}).fetchall()
    if campaigns:
        outcome = "CASE WHEN NOT is_target THEN 'control' WHEN converted THEN 'responded' ELSE 'not_responded' END"
        sql = (f"INSERT INTO outcome SELECT DISTINCT campaign_id::VARCHAR || ':' || {outcome}, customer_id "
               f"FROM ({results.contacts_sql(con, ', k.customer_id')})")  # fmt: skip
        results._contacts(con, None, campaigns, sql=sql)
    present = [t for (t,) in con.execute("SELECT DISTINCT token FROM outcome ORDER BY 1").fetchall()]
    return names, Outcomes(dict.fromkeys(present), names).tokens(), present


@dataclass
class Base:
    """The customers a segment is counted over: a DuckDB instance whose view ``base`` has one row per
    customer and a column per field; ``cat_codes``, ``chan_codes`` and ``outcome_codes`` list the codes of
    the categories and channel groups a customer bought and the campaign outcomes they had."""

    con: duckdb.DuckDBPyConnection
    as_of: dt.date
    key: str
    category_members: dict[str, list[str]]  # categories_bought / channels_used / campaign_outcome -> values
    outcome_names: dict[int, str]  # campaign id -> name (campaign_outcome values name them)
    unscored: frozenset[str] = frozenset()  # score fields no run of this warehouse fills (they match nobody)
    customers: int = 0
    total_revenue: float = 0.0
    codes: dict[str, dict[str, int]] = field(default_factory=dict)  # cat / chan key, outcome token -> its code
    thresholds: dict = field(default_factory=dict, repr=False, compare=False)  # a top/bottom share's threshold
    stand_in: bool = False  # the table of an earlier version of the warehouse, while this one's is built
    _local: threading.local = field(default_factory=threading.local, repr=False, compare=False)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of this thread on the base's instance."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self.con.cursor()
        return cur

    def execute(self, sql: str, params=None):
        return self.cursor().execute(sql, params or [])


def _finish(con, as_of, key, members, names, unscored, codes) -> Base:
    customers, total = con.execute("SELECT count(*), coalesce(sum(revenue), 0.0) FROM base").fetchone()
    codes = {kind: {k: i for i, k in enumerate(keys)} for kind, keys in codes.items()}
    return Base(con, as_of, key, members, names, frozenset(unscored), int(customers), float(total), codes)


def _instance() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT, "threads": os.cpu_count() or 1})


def open_base(path: Path, key: str, runs: list[tuple[str, str]]) -> Base:
    """The base over the cache file ``path`` with the scores of ``runs`` ((kind, Parquet path) each)."""
    con = _instance()
    con.execute("ATTACH ? AS feat (READ_ONLY)", [str(path)])
    meta = json.loads(con.execute("SELECT value FROM feat.meta").fetchone()[0])
    unscored = _scores(con, "feat.features", runs)
    members = {
        "categories_bought": meta["members"]["cat"],
        "channels_used": meta["members"]["chan"],
        "campaign_outcome": meta["outcome_tokens"],
    }
    names = {int(c): n for c, n in meta["outcome_names"]}
    return _finish(con, dt.date.fromisoformat(meta["as_of"]), key, members, names, unscored, meta["codes"])


def _scores(con, features: str, runs: list[tuple[str, str]], present: set = frozenset()) -> set[str]:
    """The ``scores`` table (the runs' columns for the customers of ``features``) and the view ``base``;
    returns the score fields no run fills."""
    selects, joins, filled = [], [], set(present) & {name for _, _, name in SCORE_SOURCES}
    for i, (kind, path) in enumerate(runs):
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
        types = {r[0]: r[1] for r in described}
        if "customer_id" not in types:
            continue
        used = False
        for k, column, name in SCORE_SOURCES:
            if k == kind and column in types and name not in filled:
                value = f'r{i}."{column}"'
                if types[column] in ("DOUBLE", "FLOAT"):
                    value = f"nullif({value}, 'NaN'::DOUBLE)"  # pandas has no NaN apart from missing
                selects.append(f"{value} AS {name}")
                filled.add(name)
                used = True
        if used:
            escaped = path.replace("'", "''")  # our own file under the instance folder
            joins.append(f"LEFT JOIN read_parquet('{escaped}') r{i} ON r{i}.customer_id = f.customer_id")
    selects += [f"NULL::DOUBLE AS {name}" for _, _, name in SCORE_SOURCES if name not in filled]
    if joins:
        con.execute(f"CREATE TABLE scores AS SELECT f.customer_id, {', '.join(selects)} FROM {features} f "
                    f"{' '.join(joins)}")  # fmt: skip
        con.execute(f"CREATE VIEW base AS SELECT * FROM {features} f LEFT JOIN scores s USING (customer_id)")
    else:
        con.execute(f"CREATE VIEW base AS SELECT *{''.join(', ' + s for s in selects)} FROM {features}")
    return {name for _, _, name in SCORE_SOURCES if name not in filled}


def base_from_frame(frame, as_of: dt.date, key: str, outcomes=None, runs: list[tuple[str, str]] = ()) -> Base:
    """A base over a small pandas frame (index ``customer_id``, a column per field it has; none bought any
    category): for tests of the rules, never the app's customers."""

    from crm.campaigns.outcomes import EMPTY

    outcomes = outcomes or EMPTY
    con = _instance()
    tokens = sorted(outcomes.members)
    had: dict[int, list[int]] = {}
    for code, token in enumerate(tokens):
        for c in outcomes.members[token]:
            had.setdefault(int(c), []).append(code)
    features = frame.reset_index().assign(  # noqa: F841 — read by the query below
        cat_codes=[[] for _ in range(len(frame))],
        chan_codes=[[] for _ in range(len(frame))],
        outcome_codes=[had.get(int(c), []) for c in frame.index],
    )
    con.execute("CREATE TABLE features AS SELECT * EXCLUDE (cat_codes, chan_codes, outcome_codes), "
                "cat_codes::INTEGER[] AS cat_codes, chan_codes::INTEGER[] AS chan_codes, "
                "outcome_codes::INTEGER[] AS outcome_codes, 0::UBIGINT AS cat_mask, 0::UBIGINT AS chan_mask, "
                "list_reduce(list_transform(outcome_codes::INTEGER[], lambda x: CASE WHEN x < 64 THEN 1::UBIGINT << x "
                "ELSE 0::UBIGINT END), lambda a, b: a | b, 0::UBIGINT) AS outcome_mask FROM features")  # fmt: skip
    from crm.segments import FIELDS

    present = set(frame.columns)
    scores = {name for _, _, name in SCORE_SOURCES}
    for f in FIELDS.values():  # fields the frame lacks: empty (a rule on them matches nobody)
        if f.column not in present and f.id not in KINDS and f.id != "campaign_outcome" and f.id not in scores:
            con.execute(f"ALTER TABLE features ADD COLUMN {f.column} DOUBLE")
    unscored = _scores(con, "features", list(runs), present=present)
    members = {"categories_bought": [], "channels_used": [], "campaign_outcome": outcomes.tokens()}
    codes = {"cat": [], "chan": [], "outcome": tokens}
    return _finish(con, as_of, key, members, dict(outcomes.names), unscored, codes)


if __name__ == "__main__":  # the child of ``_build_in_child``: warehouse file, partial file, as-of day
    _build(sys.argv[1], Path(sys.argv[2]), dt.date.fromisoformat(sys.argv[3]))
