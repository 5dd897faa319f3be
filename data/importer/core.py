"""The importer's steps: detect -> map -> validate -> report -> load, each a function.

``validate`` stages the source in a scratch DuckDB file under ``instance/imports/`` and
finds every bad row without touching the warehouse. ``load`` writes ONE new warehouse
version (a copy of the current one, or an empty one) with the valid rows and the derived
dimensions, then runs the post-load steps it is given (``derive``: erasures, aggregates,
rollups, fresh RFM scores; ``jobs.derive.derive`` for every caller) and switches the pointer;
a failure or a kill before the switch leaves the current version exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import sqlalchemy as sa

import settings
from data import opstore
from data.cells import safe_text_sql
from data.importer import countries, decide, responses
from data.importer import validate as rules
from data.importer import write as writer
from data.importer.entities import NOT_DERIVED, get_entity
from data.importer.errors import ImportProblem
from data.importer.mapping import Mapping, detect_mapping
from data.importer.read import Source, work_dir
from data.importer.recovery import recover_locked
from data.warehouse import current_path, write_version, writer_lock
from i18n import t
from i18n.parts.importer import EN as MESSAGES  # the English text of every importer key (the CLI's report)

POLICIES = ("reject", "quarantine")
# order lines without a customer id: "keep" them under a guest customer per country (they count in
# revenue, product and country figures, not in customer analytics), or "reject" them as errors
GUESTS = ("keep", "reject")
FILE_CHANNEL_GROUPS = ("online", "offline")  # the group a whole file's unnamed channel may be given
SCRATCH_MEMORY = os.environ.get("XRM_IMPORT_MEMORY", "1GB")  # DuckDB's limit while staging and checking
WRITE_MEMORY = os.environ.get("XRM_IMPORT_WRITE_MEMORY", "1.4GB")  # … and while writing the new version


def _progress(progress, fraction: float, text: str) -> None:
    if progress is not None:
        progress(fraction, text)


_T0 = time.perf_counter()


def stderr_progress(fraction: float, text: str) -> None:
    """A progress reporter for the CLI: one line per step on stderr, with the seconds so far."""
    print(f"[{fraction:4.0%}] {time.perf_counter() - _T0:7.1f}s  {text}", file=sys.stderr, flush=True)


@dataclass
class Validation:
    """What ``validate`` found; the scratch database keeps the staged rows until ``load``."""

    import_id: str
    source: Source
    mapping: Mapping
    positions: dict[str, int]
    scratch: Path
    rows_in: int
    rows_valid: int
    rows_bad: int
    errors: dict[str, int] = field(default_factory=dict)
    derive: bool = True
    started: float = field(default_factory=time.time)
    report: Path | None = None  # the CSV error report, once written
    # defaults applied and choices taken from the data (decide.py): counts by name, and
    # decisions (dayfirst: "day"/"month", discount: "rate"/"percent"/"amount")
    applied: dict[str, int] = field(default_factory=dict)
    decisions: dict[str, str] = field(default_factory=dict)
    currency: str | None = None  # ISO 4217 code asked for (None: the warehouse's, or XRM_CURRENCY / USD)
    notes: list = field(default_factory=list)  # what the whole file suggests: (message key, values)
    guests: str = "keep"  # order lines without a customer id: GUESTS
    channel: str | None = None  # the channel of rows that name none (order lines)
    channel_group: str | None = None  # … or only its group: online | offline

    @property
    def ok(self) -> bool:
        return self.rows_bad == 0

    @property
    def loadable(self) -> bool:
        """Some rows would be loaded: valid rows, and none bad in a whole-file entity (campaign responses)."""
        return self.rows_valid > 0 and not (self.rows_bad and get_entity(self.mapping.entity).whole_file)

    @property
    def mostly_bad(self) -> bool:
        """More rows with problems than without: a load would set most of the file aside (the import page
        then keeps loading disabled until the file or the mapping is fixed)."""
        return self.rows_bad > self.rows_valid

    def error_rows(self, limit: int | None = 1000):
        """Row-level report as a DataFrame: row, column, field, value, rule, message_key, message."""
        import pandas as pd

        if not self.scratch.exists():  # loaded: the staged rows are gone, the report stays
            if self.report is None:
                return pd.DataFrame(columns=["row", "column", "field", "value", "rule", "message_key", "message"])
            return pd.read_csv(self.report, dtype={"value": str}, nrows=limit, keep_default_na=False)
        con = duckdb.connect(str(self.scratch), read_only=True)
        try:
            sql = "SELECT _row AS row, field, value, rule FROM errors ORDER BY _row, field, rule"
            df = con.execute(sql + (" LIMIT ?" if limit else ""), [limit] if limit else []).df()
        finally:
            con.close()
        column = {f: c for c, f in self.mapping.columns.items() if f}
        df.insert(1, "column", df["field"].map(column))
        df["message_key"] = "rule." + df["rule"]
        df["message"] = df["message_key"].map(lambda key: t(key, "en", default=key))
        return pd.DataFrame(df)

    def write_error_report(self, path: Path | None = None) -> Path:
        """Every problem as a CSV (row, column, field, value, rule, message_key, message), written by DuckDB."""
        path = Path(path or work_dir() / f"{self.import_id}-errors.csv")
        column = {f: c for c, f in self.mapping.columns.items() if f}
        con = duckdb.connect(str(self.scratch), read_only=True)
        try:
            con.execute("CREATE TEMP TABLE _col (field VARCHAR, column_name VARCHAR)")
            con.executemany("INSERT INTO _col VALUES (?, ?)", list(column.items()))
            con.execute("CREATE TEMP TABLE _msg (rule VARCHAR, message VARCHAR)")
            con.executemany(
                "INSERT INTO _msg VALUES (?, ?)",
                [(k.removeprefix("rule."), v) for k, v in MESSAGES.items() if k.startswith("rule.")],
            )
            partial = path.with_suffix(".writing")
            con.execute(
                f"COPY (SELECT e._row AS row, {safe_text_sql('c.column_name')} AS column, e.field, "
                f"{safe_text_sql('e.value')} AS value, e.rule, 'rule.' || e.rule AS "
                "message_key, m.message FROM errors e LEFT JOIN _col c USING (field) LEFT JOIN _msg m USING (rule) "
                "ORDER BY e._row, e.field, e.rule) TO '" + str(partial).replace("'", "''") + "' (HEADER, DELIMITER ',')"
            )
            os.replace(partial, path)
        finally:
            con.close()
        self.report = path
        return path

    def summary(self) -> str:
        parts = ", ".join(f"{rule}: {n}" for rule, n in self.errors.items()) or "no problems"
        return f"{self.rows_in:,} rows read, {self.rows_valid:,} valid, {self.rows_bad:,} with problems ({parts})"


@dataclass
class LoadResult:
    import_id: str
    status: str  # loaded | rejected
    version: str | None
    rows_in: int
    rows_loaded: int
    rows_rejected: int
    rows_quarantined: int
    derived: dict[str, int]
    error_report: Path | None
    quarantine_file: Path | None
    scores: str
    duration_s: float
    created_tables: list[str] = field(default_factory=list)
    applied: dict[str, int] = field(default_factory=dict)  # every default the load applied, counted
    currency: str | None = None  # the warehouse's currency after the load
    return_lines: int = 0  # loaded lines that are returns (negative quantity and revenue)
    guest_lines: int = 0  # loaded lines without a customer id, kept under a guest customer
    signups_derived: int = 0  # customers whose signup date was set from their first order

    def summary(self) -> str:
        derived = ", ".join(f"{n:,} {k}" for k, n in self.derived.items()) or "nothing"
        if self.status == "failed":
            return t("import.failed", "en", detail="")
        if self.status != "loaded":
            return t("import.rejected", "en", errors=self.rows_rejected, rows=self.rows_in, report=self.error_report)
        text = (
            f"loaded {self.rows_loaded:,} of {self.rows_in:,} rows into version {self.version} in {self.duration_s:.1f}s; "
            f"derived: {derived}; scores: {self.scores}"
        )
        if self.applied:
            text += "; defaults applied: " + applied_text(self.applied, self.currency)
        if self.currency:
            text += f"; currency {self.currency}"
        if self.return_lines:
            text += f"; {self.return_lines:,} return lines (negative quantities)"
        if self.guest_lines:
            text += f"; {self.guest_lines:,} guest lines (no customer id: in revenue, not counted as customers)"
        if self.signups_derived:
            text += f"; {self.signups_derived:,} signup dates set from the first order"
        if self.rows_quarantined:
            text += (
                f"; {self.rows_quarantined:,} rows quarantined in {self.quarantine_file} (reasons: {self.error_report})"
            )
        return text


def detect(source: Source, entity: str) -> Mapping:
    """Propose a mapping of ``source``'s columns onto ``entity``'s fields."""
    return detect_mapping(source.columns, entity, source.sample)


def _existing_warehouse(pointer: Path | None) -> Path | None:
    pointer = pointer or settings.warehouse_pointer()
    return current_path(pointer) if pointer.exists() else None


def validate(source: Source, mapping: Mapping, pointer: Path | None = None, derive: bool | None = None,
             new_warehouse: bool = False, progress=None, currency: str | None = None, guests: str = "keep",
             channel: str | None = None, channel_group: str | None = None) -> Validation:  # fmt: skip
    """Stage and check every row; nothing is written to the warehouse.

    ``derive`` (default: True for order lines, else False): ids of customers, products,
    channels… the warehouse lacks are created from the rows; when False they are
    ``unknown_reference`` errors. ``currency`` (ISO 4217) is the new warehouse's; a different one
    than an existing warehouse's is refused. ``guests`` (order lines): ``keep`` rows without a customer id
    under a guest customer of their country, or ``reject`` them. ``channel`` / ``channel_group``:
    the channel (or only its group) of the rows that name none.
    """
    entity = get_entity(mapping.entity)
    if guests not in GUESTS:
        raise ImportProblem("import.unknown_guests", guests=guests)
    if channel_group is not None and channel_group not in FILE_CHANNEL_GROUPS:
        raise ImportProblem("import.unknown_channel_group", group=channel_group)
    channel = (channel or "").strip() or None
    optional = frozenset({"customer_id"} if entity.name == "order_lines" and guests == "keep" else ())
    positions = mapping.check(source.columns)
    warehouse = None if new_warehouse else _existing_warehouse(pointer)
    currency = check_currency(currency, warehouse)
    derive = (entity.name == "order_lines") if derive is None else derive
    derive = derive and not entity.whole_file  # a response file updates rows: it never makes any up
    began = time.time()
    import_id = f"{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    scratch = work_dir() / f"{import_id}.duckdb"
    con = duckdb.connect(str(scratch), config={"memory_limit": SCRATCH_MEMORY, "preserve_insertion_order": True})
    con.execute("SET enable_progress_bar = false")
    try:
        _progress(progress, 0.05, f"reading {source.label}")
        try:
            source.relation(con).create("raw")
        except duckdb.Error as exc:
            detail = str(exc).splitlines()[0][:300]
            if "unicode" in detail.lower() or "encoding" in detail.lower():
                raise ImportProblem("import.bad_encoding", encoding=source.encoding or "utf-8", offset="?") from None
            raise ImportProblem("import.not_a_table", path=source.label, detail=detail) from None
        rows_in = con.execute("SELECT count(*) FROM raw").fetchone()[0]
        if rows_in == 0:
            raise ImportProblem("import.no_rows")
        _progress(progress, 0.25, f"typing {rows_in:,} rows")
        dayfirst = decide.decide_dayfirst(con, entity, positions, mapping.dayfirst, mapping.fields())
        rules.build_typed(con, entity, positions, bool(dayfirst))
        applied, decisions, extra = _decide(con, entity, positions, mapping)
        if dayfirst is not None:
            decisions["dayfirst"] = "day" if dayfirst else "month"
        refs = {f.ref for f in entity.fields if f.ref and f.name in positions and (not derive or f.ref in NOT_DERIVED)}
        rules.copy_known_keys(con, str(warehouse) if warehouse else None, refs)
        if entity.name == responses.NAME:
            extra += responses.stage(con, str(warehouse) if warehouse else None, positions)
        _progress(progress, 0.45, "checking rules")
        rules.find_errors(con, entity, positions, refs, optional, extra=extra)
        notes = responses.notes(con) if entity.name == responses.NAME else []
        applied.update(decide.count_defaults(con, entity, positions))
        counts = rules.error_counts(con)
        bad = con.execute("SELECT count(DISTINCT _row) FROM errors").fetchone()[0]
        con.execute("DROP TABLE typed")
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        scratch.unlink(missing_ok=True)
        raise
    con.close()
    return Validation(import_id, source, mapping, positions, scratch, rows_in, rows_in - bad, bad, counts, derive,
                      began, applied=applied, decisions=decisions, currency=currency, guests=guests, channel=channel,
                      channel_group=channel_group, notes=notes)  # fmt: skip


def _decide(con, entity, positions: dict[str, int], mapping: Mapping) -> tuple[dict, dict, list]:
    """Order lines: the discount's unit and the reconciled order timestamps (``decide``)."""
    applied: dict[str, int] = {}
    decisions: dict[str, str] = {}
    extra = []
    if entity.name != "order_lines":
        return applied, decisions, extra
    if "discount" in positions:
        mode, scale = decide.decide_discount(con, positions, mapping.discount)
        decide.apply_discount(con, positions, mode, scale)
        decisions["discount"] = "percent" if scale != 1 else mode
        extra.append(decide.discount_rule(mode))
    if mapping.reconcile_times:
        orders, lines = decide.reconcile_order_times(con, positions)
        if orders:
            applied["order_times_reconciled"] = orders
            applied["order_lines_retimed"] = lines
    return applied, decisions, extra


def check_currency(currency: str | None, warehouse: Path | None) -> str | None:
    """``currency`` upper-cased when it is an ISO 4217 code and agrees with the warehouse's own."""
    if currency is None or not str(currency).strip():
        return None
    code = str(currency).strip().upper()
    if not currency_known(code):
        raise ImportProblem("import.currency_unknown", currency=currency)
    if warehouse is not None:
        stored = _meta_value(warehouse, "currency")
        if stored and stored != code:
            raise ImportProblem("import.currency_mismatch", currency=code, stored=stored)
    return code


def currency_known(code: str) -> bool:
    import pycountry

    return len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


def _meta_value(warehouse: Path, key: str) -> str | None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    except duckdb.CatalogException:
        return None
    finally:
        con.close()
    return row[0] if row else None


APPLIED_WORDS = {
    "quantity_assumed": "{n:,} blank quantities stored as 1 (+{n:,} units assumed)",
    "duplicate_lines": "{n:,} exact duplicate lines loaded as they are",
    "order_times_reconciled": "{n:,} orders whose lines differed only in time given the order's earliest time",
    "order_lines_retimed": "{n:,} lines re-timed",
    "regions_derived": "{n:,} regions derived from the country",
    "regions_unknown": "{n:,} customers or partners in the warehouse have a country of no known region (Unknown)",
    "currency_assumed": "currency {currency} assumed (no --currency, no XRM_CURRENCY)",
}


def applied_text(applied: dict[str, int], currency: str | None = None) -> str:
    """The defaults a load applied, in English words (the page has its own translations)."""
    return "; ".join(APPLIED_WORDS.get(k, k + ": {n:,}").format(n=n, currency=currency) for k, n in applied.items())


def _quarantine(validation: Validation) -> Path:
    """The rejected rows with their original headers and reasons, as Parquet under instance/imports/."""
    import pyarrow.parquet as pq

    target = work_dir() / f"{validation.import_id}-quarantine.parquet"
    partial = target.with_suffix(".writing")
    con = duckdb.connect(str(validation.scratch), read_only=True)
    try:
        cols = ", ".join(f"r.c{i}" for i in range(len(validation.source.columns)))
        reader = con.sql(
            f"""SELECT e._row, e.reasons, {cols} FROM raw r JOIN (
                    SELECT _row, string_agg(field || ': ' || rule, '; ' ORDER BY field, rule) AS reasons
                    FROM errors GROUP BY _row) e ON e._row = r.rowid + 1 ORDER BY e._row"""
        ).to_arrow_reader(100_000)
        names = ["_row", "_reasons", *validation.source.columns]
        out = None
        for batch in reader:
            batch = batch.rename_columns(names)
            out = out or pq.ParquetWriter(partial, batch.schema)
            out.write_batch(batch)
        if out is not None:
            out.close()
    finally:
        con.close()
    os.replace(partial, target)
    return target


def load(validation: Validation, actor: str, policy: str = "reject", new_warehouse: bool = False,
         pointer: Path | None = None, refresh_scores: bool = True, progress=None, *,
         derive: Callable[..., object]) -> LoadResult:  # fmt: skip
    """Write the valid rows as one new warehouse version (or nothing, under ``reject`` with errors).

    ``derive(con, erasures=, before_tables=, scores_by=, progress=)`` runs the post-load steps on the
    version being written and returns what it did (``.scores``): ``jobs.derive.derive``.
    """
    if policy not in POLICIES:
        raise ImportProblem("import.unknown_policy", policy=policy)
    entity = get_entity(validation.mapping.entity)
    started = dt.datetime.now()
    report = validation.write_error_report() if validation.rows_bad else None
    base = dict(import_id=validation.import_id, rows_in=validation.rows_in, rows_rejected=validation.rows_bad,
                derived={}, error_report=report, scores="not refreshed")  # fmt: skip
    # a whole-file entity (campaign responses) is refused whole whatever the policy: nothing half-applied
    if validation.rows_bad and (policy == "reject" or entity.whole_file) or validation.rows_valid == 0:
        result = LoadResult(status="rejected", version=None, rows_loaded=0, rows_quarantined=0, quarantine_file=None,
                            duration_s=time.time() - validation.started, **base)  # fmt: skip
        _record(result, validation, actor, policy, started)
        discard(validation)  # the CSV report keeps the problems
        return result
    quarantine = _quarantine(validation) if validation.rows_bad else None
    state: dict = {"derived": {}, "scores": "not refreshed", "created": [], "applied": dict(validation.applied),
                   "currency": None}  # fmt: skip

    def write(con) -> None:
        con.execute("SET enable_progress_bar = false")
        con.execute("SET memory_limit = ?", [WRITE_MEMORY])  # the rest spills to disk beside the version
        state["created"] = writer.ensure_tables(con)
        con.execute("ATTACH '" + str(validation.scratch).replace("'", "''") + "' AS stg (READ_ONLY)")
        fields = set(validation.positions)
        _progress(progress, 0.6, f"writing {validation.rows_valid:,} rows into {entity.table}")
        if entity.name == responses.NAME:
            n, derived = responses.load_responses(con, entity, fields), {}
        elif entity.name == "order_lines":
            state["lines"] = {}
            n, derived = writer.load_order_lines(con, fields, validation.derive, validation.channel,
                                                 validation.channel_group, state["lines"])  # fmt: skip
        else:
            n, derived = writer.load_entity(con, entity, fields, validation.derive)
        writer.finish_specials(con, derived)
        if entity.name in ("order_lines", "customers", "partners"):  # the loads that bring countries or orders
            state["applied"].update(countries.fill_regions(con))
        state["signups"] = writer.derive_signup_dates(con) if entity.name in ("order_lines", "customers") else 0
        con.execute("DETACH stg")
        state["rows"], state["derived"] = n, derived

        def bookkeeping(con) -> None:  # after the erasures, as loads always did: a new lineage starts here
            fresh = new_warehouse or state["created"] == list(writer.schema.TABLES)
            _update_meta(con, fresh, validation)
            state["currency"] = _set_currency(con, fresh, validation.currency, state["applied"])

        scores = refresh_scores and entity.name == "order_lines"
        # loads that bring customers must not re-identify an erased one
        done = derive(con, erasures=entity.name in ("order_lines", "customers"), before_tables=bookkeeping,
                      scores_by=actor if scores else None, progress=progress)  # fmt: skip
        if scores:
            state["scores"] = done.scores
        pause = float(os.environ.get("XRM_IMPORT_TEST_PAUSE", "0") or 0)  # tests: kill the load here
        if pause:
            _progress(progress, 0.95, "pausing before publishing (XRM_IMPORT_TEST_PAUSE)")
            time.sleep(pause)

    try:
        with writer_lock(pointer):
            recover_locked(pointer or settings.warehouse_pointer())  # what a killed load left behind
            _record_running(validation, actor, policy, started)
            start_from = None if new_warehouse else _existing_warehouse(pointer)
            version = write_version(write, pointer, start_from=start_from)
    except Exception as exc:  # nothing was published: say so in the history, then let the caller report it
        failed = LoadResult(status="failed", version=None, rows_loaded=0, rows_quarantined=0, quarantine_file=quarantine,
                            duration_s=time.time() - validation.started, **base)  # fmt: skip
        _record(failed, validation, actor, policy, started, detail=f"{type(exc).__name__}: {exc}")
        raise
    _progress(progress, 1.0, f"published version {version}")
    result = LoadResult(status="loaded", version=version, rows_loaded=state["rows"], rows_quarantined=validation.rows_bad,
                        quarantine_file=quarantine, duration_s=time.time() - validation.started,
                        created_tables=state["created"], applied=state["applied"], currency=state["currency"],
                        signups_derived=state["signups"], **state.get("lines", {}),
                        **{**base, "derived": state["derived"], "scores": state["scores"]})  # fmt: skip
    _record(result, validation, actor, policy, started)
    discard(validation)
    return result


def _set_currency(con, fresh: bool, chosen: str | None, applied: dict[str, int]) -> str:
    """The warehouse's currency: the one asked for on a new warehouse (else XRM_CURRENCY, else USD,
    counted as assumed); an existing warehouse keeps its own (``check_currency`` refused another)."""
    stored = con.execute("SELECT max(value) FROM meta WHERE key = 'currency'").fetchone()[0]
    if fresh or not stored:
        env = os.environ.get("XRM_CURRENCY", "").strip().upper()
        code = chosen or (env if env and currency_known(env) else "USD")
        if not chosen and not env:
            applied["currency_assumed"] = 1
        con.execute("DELETE FROM meta WHERE key = 'currency'")
        con.execute("INSERT INTO meta VALUES ('currency', ?)", [code])
        return code
    return stored


def _update_meta(con, fresh: bool, validation: Validation) -> None:
    """Source and lineage of a new warehouse (its currency: ``_set_currency``); the loaded date range of every load."""
    from data.warehouse import start_lineage

    if fresh:
        con.execute("DELETE FROM meta WHERE key = 'source'")
        con.execute("INSERT INTO meta VALUES ('source', 'import')")
        start_lineage(con)  # new data: runs of any earlier warehouse (whose ids may collide) never apply
    first, last = con.execute("SELECT min(order_ts)::DATE, max(order_ts)::DATE FROM fact_order_line").fetchone()
    con.execute("DELETE FROM meta WHERE key IN ('last_import', 'end_date', 'history_start')")
    con.execute("INSERT INTO meta VALUES ('last_import', ?)", [validation.import_id])
    if last is not None:
        con.execute(
            "INSERT INTO meta VALUES ('end_date', ?), ('history_start', ?)", [last.isoformat(), first.isoformat()]
        )
        con.execute("DELETE FROM dim_date")
        con.execute(
            """INSERT INTO dim_date SELECT d::DATE, year(d), quarter(d), month(d), date_trunc('month', d)::DATE,
                   weekofyear(d), isoyear(d), isodow(d), isodow(d) >= 6
               FROM range(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)""",
            [first, last],
        )


def _record_running(validation: Validation, actor: str, policy: str, started: dt.datetime) -> None:
    """The load's history row while it writes (``running``): a kill leaves it for ``recovery`` to find."""
    with opstore.engine().begin() as con:
        con.execute(
            opstore.import_runs.insert().values(
                import_id=validation.import_id,
                actor=actor,
                started_at=started,
                source=validation.source.label[:512],
                entity=validation.mapping.entity,
                policy=policy,
                status="running",
                rows_in=validation.rows_in,
            )
        )


def _record(
    result: LoadResult, validation: Validation, actor: str, policy: str, started: dt.datetime, detail: str = ""
) -> None:
    """The load's import_runs row (replacing its ``running`` row) and an audit entry."""
    with opstore.engine().begin() as con:
        con.execute(opstore.import_runs.delete().where(opstore.import_runs.c.import_id == result.import_id))
        con.execute(
            opstore.import_runs.insert().values(
                import_id=result.import_id, actor=actor, started_at=started, finished_at=dt.datetime.now(),
                source=validation.source.label[:512], entity=validation.mapping.entity, policy=policy,
                status=result.status, rows_in=result.rows_in, rows_loaded=result.rows_loaded,
                rows_rejected=result.rows_rejected, rows_quarantined=result.rows_quarantined,
                derived=json.dumps({**result.derived, **({"applied": result.applied} if result.applied else {})}),
                warehouse_version=result.version, duration_s=result.duration_s,
                error_report=str(result.error_report) if result.error_report else None,
                quarantine_file=str(result.quarantine_file) if result.quarantine_file else None,
                message=(detail or result.summary())[:2000],
            )
        )  # fmt: skip
    opstore.audit(actor, f"import.{result.status}", validation.source.label[:256],
                  f"id={result.import_id} entity={validation.mapping.entity} rows={result.rows_loaded}/{result.rows_in} "
                  f"version={result.version}")  # fmt: skip


def history(limit: int = 50) -> list[dict]:
    """The latest imports, newest first."""
    table = opstore.import_runs
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(table).order_by(table.c.started_at.desc()).limit(limit)).all()
    return [_with_applied(dict(r._mapping)) for r in rows]


def _with_applied(row: dict) -> dict:
    """A history row with ``applied`` (the defaults the load applied, stored in the derived JSON)."""
    try:
        derived = json.loads(row.get("derived") or "{}")
    except ValueError:
        derived = {}
    row["applied"] = derived.get("applied", {}) if isinstance(derived, dict) else {}
    return row


def discard(validation: Validation) -> None:
    """Drop a validation's scratch database and temporary source copy (done by ``load``)."""
    validation.source.close()
    validation.scratch.unlink(missing_ok=True)
    Path(str(validation.scratch) + ".wal").unlink(missing_ok=True)
