"""Customer segments: rules in AND/OR groups over profile, behaviour and model scores.

A segment *definition* is plain JSON (so it can be saved, versioned and put in a URL)::

    {"op": "and", "rules": [
        {"field": "region", "cmp": "in", "value": ["Asia", "Europe"]},
        {"op": "or", "rules": [
            {"field": "revenue", "cmp": ">=", "value": 5000},
            {"field": "rfm_segment", "cmp": "in", "value": ["champions", "loyal"]}]}]}

Rules are evaluated on the *segment base* (``crm.segment_base``): one row per customer with the
features of ``mining.features`` as of the warehouse's last day and the latest scoring runs (RFM
segment and tier, cluster, propensities), a DuckDB table built once per warehouse version and shared
by every process. A definition compiles to one SQL condition (``where``), so a live count, the
preview, the member list and a field's spread are each one query over it, fast enough to update live
as the user edits rules. Field names only ever come from ``FIELDS``; values are always bound.

Saving a segment stores a new version of its definition with a dated snapshot of its
members in the operational store, where campaigns and the customer profile read them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import sqlalchemy as sa

from crm.campaigns.outcomes import parse as parse_outcome
from crm.segment_base import KINDS, Base, cached, ensure_cache, open_base, stand_in
from crm.segment_base import SCORE_SOURCES as _SCORE_SOURCES
from data import opstore
from data.guests import not_guest_sql
from data.warehouse import Warehouse, get_warehouse
from errors import KeyedError
from mining.features import column_name
from olap.catalog import catalog

EMPTY = {"op": "and", "rules": []}  # every customer: where the editor starts
MAX_DEPTH = 4
MAX_RULES = 50


class SegmentError(KeyedError, ValueError):
    """A definition that cannot be evaluated; ``key`` and ``values`` make the translated message."""


@dataclass(frozen=True)
class Field:
    id: str
    group: str  # profile | behaviour | scores
    kind: str  # category | number | flag
    column: str


def _f(id_, group, kind, column=None) -> Field:
    return Field(id_, group, kind, column or id_)


STATIC_FIELDS = [
    _f("country", "profile", "category"),
    _f("region", "profile", "category"),
    _f("city", "profile", "category"),
    _f("customer_type", "profile", "category"),
    _f("segment", "profile", "category"),
    _f("gender", "profile", "category"),
    _f("age_band", "profile", "category"),
    _f("industry", "profile", "category"),
    _f("email_opt_in", "profile", "flag"),
    _f("home_partner", "profile", "category", "home_partner_id"),
    _f("tenure_days", "profile", "number"),
    _f("revenue", "behaviour", "number"),
    _f("orders", "behaviour", "number"),
    _f("aov", "behaviour", "number"),
    _f("recency_days", "behaviour", "number"),
    _f("online_share", "behaviour", "number"),
    _f("partner_share", "behaviour", "number"),
    _f("tickets", "behaviour", "number"),
    _f("avg_satisfaction", "behaviour", "number"),
    _f("contacts", "behaviour", "number"),
    _f("responses", "behaviour", "number"),
    _f("sessions", "behaviour", "number"),
    # any of the chosen categories with positive net revenue (a returned purchase does not count)
    _f("categories_bought", "behaviour", "category"),
    _f("channels_used", "behaviour", "category"),  # any-of over the chan_* shares
    # any of the chosen campaign outcomes ("12:responded", "12:not_responded", "12:control"): who converted
    # in a campaign's window by the results page's attribution (crm.campaigns.outcomes)
    _f("campaign_outcome", "behaviour", "category"),
    _f("rfm_segment", "scores", "category"),
    _f("value_tier", "scores", "category"),
    _f("clv_12m", "scores", "number"),
    _f("p_alive", "scores", "number"),
    _f("cluster", "scores", "category"),
    _f("repurchase_score", "scores", "number"),
    _f("response_score", "scores", "number"),
]
FIELDS = {f.id: f for f in STATIC_FIELDS}
OPERATORS = {
    "category": ("in", "not_in", "is_empty", "not_empty"),
    # top_pct / bottom_pct: the customers with the X % highest / lowest values (of those with a value),
    # worked out on the data of each evaluation, so a saved segment follows new loads
    "number": (">=", "<=", ">", "<", "=", "between", "top_pct", "bottom_pct", "is_empty", "not_empty"),
    "flag": ("is_true", "is_false"),
}
# what a number field counts, so the builder can say it beside the input (money in the reporting currency)
UNITS = {
    "tenure_days": "days",
    "recency_days": "days",
    "revenue": "money",
    "aov": "money",
    "clv_12m": "money",
    "orders": "count",
    "tickets": "count",
    "contacts": "count",
    "responses": "count",
    "sessions": "count",
    "online_share": "share",
    "partner_share": "share",
    "avg_satisfaction": "rating",
    "p_alive": "probability",
    "repurchase_score": "probability",
    "response_score": "probability",
}
SCORE_SOURCES = _SCORE_SOURCES  # scoring runs whose columns become score fields: (run kind, run column, field)
VALUE_LIMIT = 500
MASK_BITS = 64  # codes a kind may have for its mask column to be used (``crm.segment_base``)


# --------------------------------------------------------------------------- the base


_lock = threading.Lock()


def _after_fork_in_child() -> None:
    """A forked child (a background job) never uses the parent's DuckDB instances (their threads are not
    there, and a lock may have been held at the fork): it opens its own base from the cache file."""
    global _lock
    _lock = threading.Lock()
    _inherited.extend(_bases.values())  # never closed here: closing could wait on the parent's threads
    _bases.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)
log = logging.getLogger(__name__)
_bases: dict[str, Base] = {}
_inherited: list[Base] = []


def _score_runs(lineage: str) -> list[tuple[str, int]]:
    from mining.runs import latest_run

    out = []
    for kind in dict.fromkeys(kind for kind, _, _ in SCORE_SOURCES):
        meta = latest_run(kind, lineage)
        if meta:
            out.append((kind, meta["run_id"]))
    return out


def segment_base(warehouse: Warehouse | None = None, stand_in_ok: bool = False) -> Base:
    """The customers and their fields, as of the warehouse's last day, with the latest scores.

    The customer table is built once per warehouse version into a DuckDB cache file (by whichever
    process asks first; ``crm.segment_base``); each process opens it read-only with the latest runs'
    scores beside it, once per version and set of runs.

    ``stand_in_ok`` (the live count and the editor's lists): while this version's table is not built yet
    and an earlier version of the same warehouse has one, answer from that one at once (``Base.stand_in``;
    the page says so) and build this version's in the background, never a wait of minutes. Whatever is
    saved or exported waits for the table of the version it reads."""
    from mining.runs import run_meta, run_path

    warehouse = warehouse or get_warehouse()
    cursor, version = warehouse.cursor_with_version()
    lineage = warehouse.lineage()
    runs = _score_runs(lineage)  # only this warehouse's runs: ids restart per warehouse
    key = f"{version}|{runs}"
    base = _bases.get(key)
    if base is not None and _still_good(base, version, stand_in_ok):
        return base
    with _lock:  # one thread opens it; the others wait and take the same
        base = _bases.get(key)
        if base is not None and _still_good(base, version, stand_in_ok):
            return base
        files = [(kind, str(run_path(run_meta(run_id)))) for kind, run_id in runs]
        if stand_in_ok and cached(version) is None:
            other = stand_in(lineage, version)
            if other is not None:
                _build_soon(warehouse, version)
                try:
                    base = open_base(other, key, files)
                except duckdb.IOException:  # pruned between the look and the open: wait for this version's
                    base = None
                if base is not None:
                    base.stand_in = True
                    _bases.clear()
                    _bases[key] = base
                    return base
        path = ensure_cache(cursor, version, lambda: catalog(warehouse).data_end)
        try:
            base = open_base(path, key, files)
        except duckdb.IOException:  # pruned by another process between the look and the open: built again
            path.unlink(missing_ok=True)
            base = open_base(ensure_cache(cursor, version, lambda: catalog(warehouse).data_end), key, files)
        _bases.clear()  # one base per process: the newest data and scores
        _bases[key] = base
    return base


def _still_good(base: Base, version: str, stand_in_ok: bool) -> bool:
    """Whether an opened base still answers: a stand-in only until this version's table is built (or its
    build stopped: it is started again), and only for a caller who takes one."""
    if not base.stand_in:
        return True
    building = _building.get(version)
    return stand_in_ok and cached(version) is None and building is not None and building.is_alive()


_building: dict[str, threading.Thread] = {}


def _build_soon(warehouse: Warehouse, version: str) -> threading.Thread:
    """Build the table of ``version`` in a thread of this process (``ensure_cache``: a big warehouse's in a
    child process; one builder over all processes), unless this process is building it already."""
    running = _building.get(version)
    if running is not None and running.is_alive():
        return running

    def build() -> None:
        try:
            cursor, current = warehouse.cursor_with_version()
            if current == version:  # a newer version published meanwhile builds when it is asked for
                ensure_cache(cursor, current, lambda: catalog(warehouse).data_end)
        except Exception:
            log.exception("building the segment table of %s failed", version)

    thread = threading.Thread(target=build, name="segment-table", daemon=True)
    _building[version] = thread
    thread.start()
    return thread


def field_values(base: Base, field_id: str, limit: int = VALUE_LIMIT) -> list[str]:
    """The values a category field takes (for the rule editor's dropdown): its most common ``limit``, sorted."""
    field = _field(field_id)
    if field_id in base.category_members:
        return list(base.category_members[field_id])
    if field.kind != "category":
        return []
    rows = base.execute(
        f"SELECT CAST({field.column} AS VARCHAR) AS v, count(*) AS n FROM base WHERE {field.column} IS NOT NULL "
        "GROUP BY v ORDER BY n DESC, v LIMIT ?",
        [int(limit)],
    ).fetchall()  # the column's name from FIELDS only
    return sorted(v for v, _ in rows)


def field_summary(base: Base, field_id: str) -> dict | None:
    """How a number field is spread over the customers: unit, how many have a value, and its
    minimum, 10th, 50th and 90th percentiles and maximum (None for other kinds or no values)."""
    field = FIELDS.get(field_id)
    if field is None or field.kind != "number":
        return None
    column = field.column  # from FIELDS only
    n, low, q, high = base.execute(
        f"SELECT count({column}), min({column})::DOUBLE, quantile_cont({column}::DOUBLE, [0.1, 0.5, 0.9]), "
        f"max({column})::DOUBLE FROM base"
    ).fetchone()
    summary = {"unit": UNITS.get(field_id, "number"), "customers": base.customers, "with_value": int(n)}
    if not n:
        return summary
    return {**summary, "min": float(low), "p10": float(q[0]), "p50": float(q[1]), "p90": float(q[2]),
            "max": float(high)}  # fmt: skip


# --------------------------------------------------------------------------- evaluating: one SQL condition


def _field(field_id) -> Field:
    try:
        return FIELDS[field_id]
    except (KeyError, TypeError):
        raise SegmentError("segment.unknown_field", field=str(field_id)) from None


def _number(value, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SegmentError("segment.not_a_number", field=field, value=str(value)) from None
    if not np.isfinite(number):
        raise SegmentError("segment.not_a_number", field=field, value=str(value))
    return number


def _values(value, field: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not value:
        raise SegmentError("segment.no_values", field=field)
    return [str(v) for v in value]


_COMPARE = {">=": ">=", "<=": "<=", ">": ">", "<": "<", "=": "="}


def _rule_sql(base: Base, rule: dict, params: list) -> str:
    """One rule as a SQL condition that is true or false, never NULL (a customer without a value is
    not in ``>= 5``, and is in ``not in``); its values appended to ``params``, its names from ``FIELDS``."""
    field = _field(rule.get("field"))
    cmp = rule.get("cmp")
    if cmp not in OPERATORS[field.kind]:
        raise SegmentError("segment.bad_operator", field=field.id, cmp=str(cmp))
    value = rule.get("value")
    if field.id == "campaign_outcome":
        return _outcome_sql(base, cmp, value, params)
    if field.id in KINDS:  # any of the chosen categories / channels bought
        kind = KINDS[field.id]
        if cmp in ("is_empty", "not_empty"):
            chosen = base.category_members[field.id]
        else:
            chosen = _values(value, field.id)
            unknown = [v for v in chosen if v not in base.category_members[field.id]]
            if unknown:
                raise SegmentError("segment.unknown_value", field=field.id, value=", ".join(unknown))
        if cmp in ("is_empty", "not_empty"):  # every code is one of the values listed
            used = f"len({kind}_codes) > 0"  # the column's name from KINDS only
        else:
            codes = base.codes.get(kind, {})
            used = _any_code(base, kind, {codes[k] for k in (column_name(kind, v) for v in chosen) if k in codes},
                             params)  # fmt: skip
        return used if cmp in ("in", "not_empty") else f"NOT {used}"
    column = field.column
    if cmp == "is_empty":
        return f"({column} IS NULL)"
    if cmp == "not_empty":
        return f"({column} IS NOT NULL)"
    if field.kind == "flag":
        truth = f"coalesce({column}::BOOLEAN, false)"
        return truth if cmp == "is_true" else f"NOT {truth}"
    if field.kind == "category":
        params.append(_values(value, field.id))
        hit = f"coalesce(list_contains(?::VARCHAR[], CAST({column} AS VARCHAR)), false)"
        return hit if cmp == "in" else f"NOT {hit}"
    if cmp in ("top_pct", "bottom_pct"):
        share = _number(value, field.id)
        if not 0 < share <= 100:
            raise SegmentError("segment.bad_share", field=field.id, value=f"{share:g}")
        threshold = ranked_threshold(base, column, share / 100, top=cmp == "top_pct")
        if threshold is None:
            return "false"
        params.append(threshold)
        return f"coalesce({column} {'>=' if cmp == 'top_pct' else '<='} ?, false)"
    if cmp == "between":
        if not isinstance(value, list | tuple) or len(value) != 2:
            raise SegmentError("segment.between_needs_two", field=field.id)
        params += sorted((_number(value[0], field.id), _number(value[1], field.id)))
        return f"coalesce({column} BETWEEN ? AND ?, false)"
    params.append(_number(value, field.id))
    return f"coalesce({column} {_COMPARE[cmp]} ?, false)"


def ranked_threshold(base: Base, column: str, share: float, *, top: bool):
    """The value that takes a ``share`` (0–1] of the customers with the highest (``top``) or lowest values.

    Of the customers with a value, the first ``ceil(share × n)`` by value set the threshold; every
    customer with the threshold value is in (ties are never split, so a tie can take a few more).
    Customers without a value are never in (None: nobody has one). Worked out on the base's data —
    each warehouse version and set of runs has a base of its own, so a saved segment follows new loads.
    """
    key = (column, share, top)
    if key in base.thresholds:
        return base.thresholds[key]
    (known,) = base.execute(f"SELECT count({column}) FROM base").fetchone()  # the column's name from FIELDS
    n = int(np.ceil(share * known - 1e-9))
    found = None
    if n > 0:
        order = "DESC" if top else "ASC"
        found = base.execute(
            f"SELECT {column} FROM base WHERE {column} IS NOT NULL ORDER BY {column} {order} LIMIT 1 OFFSET ?", [n - 1]
        ).fetchone()[0]
    if len(base.thresholds) > 256:
        base.thresholds.clear()
    base.thresholds[key] = found
    return found


def _any_code(base: Base, kind: str, codes: set[int], params: list) -> str:
    """A customer's codes of ``kind`` (cat, chan, outcome) hold any of ``codes`` (none: false): a test of
    their bits in the ``{kind}_mask`` column when the kind has at most 64 codes, else of the list."""
    if not codes:
        return "false"
    if len(base.codes.get(kind, {})) <= MASK_BITS:
        params.append(sum(1 << c for c in codes))
        return f"({kind}_mask & ?::UBIGINT <> 0)"  # the column's name from KINDS / code only
    params += sorted(codes)
    return "(" + " OR ".join(f"list_contains({kind}_codes, ?)" for _ in codes) + ")"


def _outcome_sql(base: Base, cmp: str, value, params: list) -> str:
    """Customers with any of the chosen campaign outcomes (``not_in``: with none of them)."""
    if cmp in ("is_empty", "not_empty"):
        hit = "len(outcome_codes) > 0"  # contacted by any campaign, in any group
    else:
        chosen = _values(value, "campaign_outcome")
        unknown = [v for v in chosen if (parse_outcome(v) or (None,))[0] not in base.outcome_names]
        if unknown:
            raise SegmentError("segment.unknown_value", field="campaign_outcome", value=", ".join(unknown))
        codes = base.codes.get("outcome", {})
        hit = _any_code(base, "outcome", {codes[v] for v in chosen if v in codes}, params)  # none had it: nobody
    return hit if cmp in ("in", "not_empty") else f"NOT {hit}"


def _group_sql(base: Base, group: dict, depth: int, counter: list[int], params: list) -> str:
    if depth > MAX_DEPTH:
        raise SegmentError("segment.too_deep", limit=MAX_DEPTH)
    op = group.get("op", "and")
    if op not in ("and", "or"):
        raise SegmentError("segment.bad_group", op=str(op))
    rules = group.get("rules") or []
    if not isinstance(rules, list):
        raise SegmentError("segment.bad_group", op=str(op))
    parts = []
    for rule in rules:
        if not isinstance(rule, dict):
            raise SegmentError("segment.bad_rule")
        counter[0] += 1
        if counter[0] > MAX_RULES:
            raise SegmentError("segment.too_many_rules", limit=MAX_RULES)
        parts.append(
            _group_sql(base, rule, depth + 1, counter, params) if "rules" in rule else _rule_sql(base, rule, params)
        )
    if not parts:  # an empty group selects everyone (AND) — the starting point of the editor
        return "true"
    return "(" + f" {op.upper()} ".join(parts) + ")"


def where(definition: dict, base: Base) -> tuple[str, list]:
    """A definition as one SQL condition over ``base`` and its bound values (``SegmentError`` when it
    cannot be evaluated: an unknown field, a bad value, too deep or too many rules)."""
    if not isinstance(definition, dict):
        raise SegmentError("segment.bad_rule")
    params: list = []
    return _group_sql(base, definition, 1, [0], params), params


@dataclass(frozen=True)
class Summary:
    customers: int
    share: float  # of all customers
    revenue: float
    revenue_share: float
    avg_revenue: float | None
    avg_orders: float | None
    as_of: dt.date


def summary_of(definition: dict, base: Base) -> Summary:
    """Size and value of a segment: one query, no member list."""
    condition, params = where(definition, base)
    n, revenue, orders = base.execute(
        f"SELECT count(*), coalesce(sum(revenue), 0.0), avg(orders)::DOUBLE FROM base WHERE {condition}", params
    ).fetchone()
    return _summary(base, n, revenue, orders)


def _summary(base: Base, n, revenue, orders) -> Summary:
    n, revenue = int(n or 0), float(revenue or 0.0)
    return Summary(
        customers=n,
        share=n / base.customers if base.customers else 0.0,
        revenue=revenue,
        revenue_share=revenue / base.total_revenue if base.total_revenue else 0.0,
        avg_revenue=revenue / n if n else None,
        avg_orders=float(orders) if orders is not None else None,
        as_of=base.as_of,
    )


_LIVE_SQL = """
WITH m AS MATERIALIZED (SELECT customer_id, revenue, orders FROM base WHERE {condition}),
total AS (SELECT count(*) AS n, coalesce(sum(revenue), 0.0) AS revenue, avg(orders)::DOUBLE AS orders FROM m),
top AS (SELECT customer_id FROM m ORDER BY revenue DESC, customer_id LIMIT ?),
rows AS (SELECT b.customer_id, b.name, b.country, b.customer_type, b.revenue, b.orders, b.last_order_date
         FROM base b SEMI JOIN top ON top.customer_id = b.customer_id)
SELECT total.n, total.revenue, total.orders, rows.* FROM total LEFT JOIN rows ON true
ORDER BY rows.revenue DESC, rows.customer_id
"""


def live_count(definition: dict, base: Base, rows: int) -> tuple[Summary, pd.DataFrame]:
    """What the builder shows as the rules change: ``summary_of`` and ``crm.segment_members.preview``'s
    ``rows`` biggest members, from one pass over the customers (the condition evaluated once)."""
    from crm.segment_members import COLUMNS

    condition, params = where(definition, base)
    found = base.execute(_LIVE_SQL.format(condition=condition), [*params, int(rows)]).fetchall()
    n, revenue, orders = found[0][:3]
    top = pd.DataFrame([r[3:] for r in found if r[3] is not None], columns=list(COLUMNS))
    return _summary(base, n, revenue, orders), top.astype({"customer_id": "int64", "revenue": "float64",
                                                           "orders": "int64"})  # fmt: skip


def member_index(definition: dict, base: Base) -> pd.Index:
    """The ids of a segment's members, ascending."""
    condition, params = where(definition, base)
    ids = base.execute(f"SELECT customer_id FROM base WHERE {condition} ORDER BY customer_id", params).fetchnumpy()
    return pd.Index(np.asarray(ids["customer_id"], dtype=np.int64), name="customer_id")


def summarise(definition: dict, base: Base) -> tuple[Summary, pd.Index]:
    """Size and value of a segment, and its members' ids."""
    return summary_of(definition, base), member_index(definition, base)


# --------------------------------------------------------------------------- saving


def save_segment(
    name: str,
    definition: dict,
    user: str,
    description: str = "",
    segment_id: int | None = None,
    origin: dict | None = None,
) -> dict:
    """Save a new segment, or a new version of ``segment_id``, with a snapshot of its members.

    ``origin`` (a new segment only): where it came from, e.g. ``{"kind": "campaign", "campaign_id": 12,
    "pick": "responders"}``; stored as JSON in ``segments.origin`` (NULL: built by hand)."""
    name = (name or "").strip()
    if not name:
        raise SegmentError("segment.no_name")
    base = segment_base()
    summary, members = summarise(definition, base)
    if summary.customers == 0:
        raise SegmentError("segment.empty")
    s, v, m = opstore.segments, opstore.segment_versions, opstore.segment_members
    with opstore.engine().begin() as con:
        if segment_id is None:
            clash = con.execute(sa.select(s.c.segment_id).where(s.c.name == name, s.c.archived.is_(False))).first()
            if clash:
                raise SegmentError("segment.name_taken", name=name)
            stored_origin = json.dumps(origin, sort_keys=True) if origin else None
            segment_id = con.execute(
                s.insert().values(name=name, description=description, created_by=user, origin=stored_origin)
            ).inserted_primary_key[0]
            version = 1
        else:
            if con.execute(sa.select(s.c.segment_id).where(s.c.segment_id == segment_id)).first() is None:
                raise SegmentError("segment.unknown", segment=str(segment_id))
            con.execute(s.update().where(s.c.segment_id == segment_id).values(name=name, description=description))
            last = con.execute(sa.select(sa.func.max(v.c.version)).where(v.c.segment_id == segment_id)).scalar()
            version = (last or 0) + 1
        con.execute(
            v.insert().values(
                segment_id=segment_id,
                version=version,
                definition=json.dumps(definition, sort_keys=True),
                as_of=base.as_of,
                data_key=base.key[:250],
                members=summary.customers,
                revenue=summary.revenue,
                created_by=user,
            )
        )
        con.execute(
            m.insert(),
            [{"segment_id": segment_id, "version": version, "customer_id": int(c)} for c in members],
        )
    detail = f"members={summary.customers}" + (f" origin={json.dumps(origin, sort_keys=True)}" if origin else "")
    opstore.audit(user, "segment.save", f"{name}#{segment_id}v{version}", detail)
    return {"segment_id": int(segment_id), "version": version, "customers": summary.customers}


def archive_segment(segment_id: int, user: str) -> str:
    """Take a saved segment off the lists (its versions and snapshots stay, for the plans and
    campaigns made on them); returns its name. ``SegmentError`` for an unknown or archived one."""
    s = opstore.segments
    with opstore.engine().begin() as con:
        row = con.execute(sa.select(s.c.name, s.c.archived).where(s.c.segment_id == int(segment_id))).first()
        if row is None or row.archived:
            raise SegmentError("segment.unknown", segment=str(segment_id))
        con.execute(s.update().where(s.c.segment_id == int(segment_id)).values(archived=True))
    opstore.audit(user, "segment.archive", f"{row.name}#{segment_id}")
    return row.name


def list_segments() -> list[dict]:
    """Saved segments with their latest version's size and value, newest first."""
    s, v = opstore.segments, opstore.segment_versions
    latest = sa.select(v.c.segment_id, sa.func.max(v.c.version).label("version")).group_by(v.c.segment_id).subquery()
    query = (
        sa.select(s, v.c.version, v.c.members, v.c.revenue, v.c.as_of, v.c.created_at.label("saved_at"))
        .join(latest, latest.c.segment_id == s.c.segment_id)
        .join(v, (v.c.segment_id == latest.c.segment_id) & (v.c.version == latest.c.version))
        .where(s.c.archived.is_(False))
        .order_by(s.c.segment_id.desc())
    )
    with opstore.engine().connect() as con:
        return [{**r._mapping, "origin": origin_of(r.origin)} for r in con.execute(query)]


def origin_of(stored: str | None) -> dict | None:
    """A stored ``segments.origin`` parsed (None: built by hand, or unreadable)."""
    if not stored:
        return None
    try:
        origin = json.loads(stored)
    except ValueError:
        return None
    return origin if isinstance(origin, dict) else None


def segment_version(segment_id: int, version: int | None = None) -> dict:
    """One version (the latest by default) of a saved segment, its definition parsed, with the
    segment's ``name``."""
    v, s = opstore.segment_versions, opstore.segments
    query = sa.select(v, s.c.name).join(s, s.c.segment_id == v.c.segment_id).where(v.c.segment_id == segment_id)
    query = query.where(v.c.version == version) if version else query.order_by(v.c.version.desc())
    with opstore.engine().connect() as con:
        row = con.execute(query.limit(1)).first()
    if row is None:
        raise SegmentError("segment.unknown", segment=str(segment_id))
    out = dict(row._mapping)
    out["definition"] = json.loads(out["definition"])
    return out


def segment_members(segment_id: int, version: int | None = None) -> list[int]:
    """The customer ids of a version's snapshot."""
    version = version or segment_version(segment_id)["version"]
    m = opstore.segment_members
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(m.c.customer_id).where(m.c.segment_id == segment_id, m.c.version == version)).all()
    return sorted(r[0] for r in rows)


ALL_CUSTOMERS = "all"  # the segment choice "every customer"


def member_ids(cursor, segment: int | str | None) -> tuple[list[int], str]:
    """The customer ids of a saved segment's latest snapshot and the segment's name; for
    ``ALL_CUSTOMERS`` (or nothing) every customer of the warehouse (guests are no customer) and "".

    ``SegmentError`` for an unknown segment, ``ValueError`` for a segment that is not a number.
    """
    if segment in (None, "", ALL_CUSTOMERS):
        sql = f"SELECT customer_id FROM dim_customer WHERE {not_guest_sql(cursor)} ORDER BY 1"  # an older warehouse has no flag
        return [r[0] for r in cursor.execute(sql).fetchall()], ""
    segment_id = int(segment)
    version = segment_version(segment_id)
    return segment_members(segment_id, version["version"]), version.get("name") or ""


def segments_of(customer_id: int) -> list[dict]:
    """The saved segments whose latest snapshot holds the customer (for the customer profile)."""
    s, v, m = opstore.segments, opstore.segment_versions, opstore.segment_members
    latest = sa.select(v.c.segment_id, sa.func.max(v.c.version).label("version")).group_by(v.c.segment_id).subquery()
    query = (
        sa.select(s.c.segment_id, s.c.name, latest.c.version)
        .join(latest, latest.c.segment_id == s.c.segment_id)
        .join(m, (m.c.segment_id == latest.c.segment_id) & (m.c.version == latest.c.version))
        .where(m.c.customer_id == int(customer_id), s.c.archived.is_(False))
        .order_by(s.c.name)
    )
    with opstore.engine().connect() as con:
        return [dict(r._mapping) for r in con.execute(query)]
