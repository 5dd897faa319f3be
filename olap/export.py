"""Exports of Explore views: the view's answer, or the detail rows behind a cell, as CSV or Excel.

No Flask or Dash here: functions take a spec, a language and a warehouse and return
tables, byte chunks or a written workbook; ``callbacks/export_routes.py`` turns them
into HTTP responses. Views are answered by ``olap.engine.execute`` without the page's
display row limit; detail rows stream from DuckDB in Arrow record batches, so memory
stays flat however many rows there are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from data.cells import FORMULA_START, FORMULA_START_SQL, csv_text
from data.warehouse import reporting_currency
from i18n import t
from i18n.translations import TRANSLATIONS
from olap import reads
from olap.cube import FACTS, CubeError, level, measure
from olap.engine import execute, execute_compared
from olap.labels import level_label, measure_label, member_label
from olap.query import QuerySpec, detail_count, detail_query, from_dict, make_spec, replace_spec, to_dict

EXCEL_MAX_ROWS = 1_048_575  # data rows below the header row of one sheet
EXCEL_MAX_COLUMNS = 16_384
DETAIL_BATCH_ROWS = 65_536
BOM = "\ufeff"

# Excel number formats by measure kind (raw values are kept; only the display changes)
NUMBER_FORMATS = {
    "money": "#,##0.00",
    "percent": "0.0%",
    "percent_points": "+0.0%;-0.0%;0.0%",
    "count": "#,##0",
    "score": "0.00",
    "hours": "#,##0.0",
    "number": "#,##0.##",
}
# Kinds of detail columns that are not plain text or dates
DETAIL_KINDS = {
    "revenue": "money",
    "cost": "money",
    "unit_price": "money",
    "amount": "money",
    "discount": "percent",
    "quantity": "count",
    "pages_viewed": "count",
    "product_views": "count",
    "cart_adds": "count",
    "satisfaction": "score",
}


class ExportTooLarge(CubeError):
    """More rows or columns than one Excel sheet holds (the CSV export has no such limit)."""


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # "text", "date", or a measure kind (money, percent, count…)

    @property
    def number_format(self) -> str | None:
        return NUMBER_FORMATS.get(self.kind)


@dataclass
class Table:
    """An export ready to write: human headers and raw values, row by row."""

    columns: list[Column]
    rows: list[list] = field(default_factory=list)


# --------------------------------------------------------------------------- reading requests


def parse_spec(text: str | None) -> QuerySpec:
    """The spec of an export link (JSON of ``olap.query.to_dict``); ``CubeError`` when unusable."""
    if not text:
        raise CubeError("export.no_spec")
    try:
        data = json.loads(text)
    except (TypeError, ValueError, RecursionError):  # RecursionError: nested too deeply to be a spec
        raise CubeError("export.bad_spec") from None
    try:
        return from_dict(data)
    except CubeError as exc:
        if exc.key == "cube.bad_spec":
            raise CubeError("export.bad_spec") from None
        raise


def parse_cell(text: str | None, spec: QuerySpec) -> dict[str, str]:
    """The cell of a detail export (JSON object level id -> member); checked against the cube."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise CubeError("export.bad_cell") from None
    if not isinstance(data, dict) or not all(isinstance(v, (str, int)) for v in data.values()):
        raise CubeError("export.bad_cell")
    cell = {str(k): str(v) for k, v in data.items()}
    for level_id, member in cell.items():
        level(level_id)  # unknown level -> refusal naming it
        make_spec(spec.measures[:1], filters={level_id: (member,)})  # member format and applicability
    return cell


def unlimited(spec: QuerySpec) -> QuerySpec:
    """The spec without the page's display row limit: exports carry every row."""
    return replace_spec(spec, limit=None) if spec.limit is not None else spec


# --------------------------------------------------------------------------- view tables


def view_table(spec: QuerySpec, lang: str, warehouse=None, compare: bool = False) -> Table:
    """The view's answer as a table: member columns, then one column per measure (raw numbers, money
    rounded to cents);
    with ``compare``, each measure's previous-period value and change beside it, as on the page.

    A spec with column levels becomes the pivoted layout with exact row and column totals.
    """
    spec = unlimited(spec)
    if spec.columns:
        return pivot_table(spec, lang, warehouse)
    compare = compare and spec.start is not None and spec.end is not None
    df = execute_compared(spec, warehouse, export=True) if compare else execute(spec, warehouse, export=True)
    columns = _member_columns(spec.rows, lang)
    for m in spec.measures:
        columns.append(Column(measure_label(m, lang), measure(m).kind))
        if compare:
            columns.append(Column(t("explore.previous_of", lang, measure=measure_label(m, lang)), measure(m).kind))
            columns.append(Column(t("export.change_of", lang, measure=measure_label(m, lang)), "percent"))
    rows = []
    for record in _records(df):
        row = _member_values(spec.rows, record, lang)
        for m in spec.measures:
            kind = measure(m).kind
            row.append(_shown(record.get(m), kind))
            if compare:
                now, before = _number(record.get(m)), _number(record.get(f"{m}__prev"))  # the change: exact values
                row += [_shown(before, kind), (now - before) / before if now is not None and before else None]
        rows.append(row)
    return Table(columns, rows)


def pivot_table(spec: QuerySpec, lang: str, warehouse=None) -> Table:
    """Rows × columns of every measure, with row totals and a total row queried at their own grain
    (distinct counts do not add up, so totals are never sums of cells)."""
    spec = unlimited(spec)
    cells = execute(spec, warehouse, export=True)
    by_row = execute(_regrouped(spec, spec.rows), warehouse, export=True)
    by_col = execute(_regrouped(spec, spec.columns), warehouse, export=True)
    grand = execute(_regrouped(spec, ()), warehouse, export=True)

    row_keys = [_key(rec, spec.rows) for rec in _records(by_row)]
    row_records = {_key(rec, spec.rows): rec for rec in _records(by_row)}
    col_records = {_key(rec, spec.columns): rec for rec in _records(by_col)}
    col_keys = list(col_records)
    if level(spec.columns[0]).time_grain:  # periods read left to right
        col_keys.sort(key=lambda k: tuple("" if v is None else v for v in k))
    if len(col_keys) * len(spec.measures) + len(spec.rows) * 2 + len(spec.measures) > EXCEL_MAX_COLUMNS:
        raise ExportTooLarge("export.too_many_columns", columns=len(col_keys), limit=EXCEL_MAX_COLUMNS)
    values = {(_key(rec, spec.rows), _key(rec, spec.columns)): rec for rec in _records(cells)}

    many = len(spec.measures) > 1
    lead = _member_columns(spec.rows, lang) or [Column("")]  # the total row needs a label cell
    columns = list(lead)
    for m in spec.measures:
        kind = measure(m).kind
        for ck in col_keys:
            name = " / ".join(
                member_label(lv, k, col_records[ck].get(f"{lv}:label"), lang)
                for lv, k in zip(spec.columns, ck, strict=True)
            )
            columns.append(Column(f"{measure_label(m, lang)} · {name}" if many else name, kind))
        total = t("explore.total", lang)
        columns.append(Column(f"{measure_label(m, lang)} · {total}" if many else total, kind))

    rows = []
    for rk in row_keys if spec.rows else ():
        row = _member_values(spec.rows, row_records[rk], lang)
        for m in spec.measures:
            kind = measure(m).kind
            row += [_shown(values.get((rk, ck), {}).get(m), kind) for ck in col_keys]
            row.append(_shown(row_records[rk].get(m), kind))
        rows.append(row)
    grand_record = next(iter(_records(grand)), {})
    total_row = [t("explore.total", lang)] + [None] * (len(lead) - 1)
    for m in spec.measures:
        kind = measure(m).kind
        total_row += [_shown(col_records[ck].get(m), kind) for ck in col_keys]
        total_row.append(_shown(grand_record.get(m), kind))
    rows.append(total_row)
    return Table(columns, rows)


def _regrouped(spec: QuerySpec, rows: tuple[str, ...]) -> QuerySpec:
    sort = spec.sort if spec.sort in spec.measures or spec.sort in rows else None
    return replace_spec(spec, rows=rows, columns=(), limit=None, sort=sort)


def _member_columns(levels: Iterable[str], lang: str) -> list[Column]:
    """One column per level; levels whose members are ids get the id and then the name."""
    columns = []
    for level_id in levels:
        if level(level_id).label_attr:
            columns.append(Column(t("export.id_of", lang, level=level_label(level_id, lang))))
        columns.append(Column(level_label(level_id, lang)))
    return columns


# Levels whose members are codes people read translated (periods stay sortable: 2025-07).
TRANSLATED_MEMBERS = ("geo.region", "channel.group")


def _member_values(levels: Iterable[str], record: dict, lang: str) -> list:
    values = []
    for level_id in levels:
        member = _missing_to_none(record.get(level_id))
        if level(level_id).label_attr:
            values.append(member)
            values.append(_missing_to_none(record.get(f"{level_id}:label")))
        elif member is not None and level_id in TRANSLATED_MEMBERS:
            values.append(member_label(level_id, member, None, lang))
        else:
            values.append(member)
    return values


def _records(df: pd.DataFrame) -> list[dict]:
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _key(record: dict, levels: Iterable[str]) -> tuple:
    return tuple(None if record.get(lv) is None else str(record.get(lv)) for lv in levels)


def _missing_to_none(value):
    return None if value is None or (isinstance(value, float) and value != value) else value


def _number(value):
    value = _missing_to_none(value)
    return None if value is None else float(value)


def _shown(value, kind: str):
    """A summary export's value: money rounded to cents (a sum of many lines carries float noise such
    as 1234.5600000001); other kinds exact. Detail exports keep every value exactly as stored."""
    number = _number(value)
    return round(number, 2) if number is not None and kind == "money" else number


# --------------------------------------------------------------------------- detail rows


def detail_columns(spec: QuerySpec, lang: str) -> list[Column]:
    """Headers of the detail rows of the spec's first measure's fact (translated where a key exists)."""
    fact = FACTS[measure(spec.measures[0]).fact]
    columns = []
    for name, _sql in fact.detail_columns:
        key = f"detail.col.{name}"
        header = t(key, lang) if key in TRANSLATIONS else name
        kind = DETAIL_KINDS.get(name, "date" if name.endswith(("_ts", "_date", "_close")) else "text")
        columns.append(Column(header, kind))
    return columns


def detail_row_count(spec: QuerySpec, cell: dict[str, str], warehouse) -> int:
    sql, params = detail_count(spec, cell)
    return int(reads.cube_cursor(warehouse).execute(sql, params).fetchone()[0])


class DetailRows:
    """The detail rows behind a cell, read lazily in Arrow record batches on a cursor of their own.

    Rows come in the fact's detail order. When that order starts with the fact's timestamp
    and the spec has a date range, the range is read one month at a time: each month is
    sorted on its own and the months follow each other, so the output is the same as one
    big ORDER BY while DuckDB never sorts more than a month of rows (memory stays flat).
    Opening runs the first query (so refusals and SQL errors surface before a response
    starts); the cursor closes when the rows are read or the reader is closed.
    """

    def __init__(self, spec: QuerySpec, cell: dict[str, str], warehouse, batch_rows: int = DETAIL_BATCH_ROWS):
        self._queries = [detail_query(part, cell, page_size=None) for part in month_windows(spec)]
        self._batch_rows = batch_rows
        # Its own cursor on the engine answering cube reads: a stream outlives the request thread's
        # shared cursor (``olap.reads.stream_cursor``; Spark streams its record batches too).
        self._cursor = reads.stream_cursor(warehouse)
        try:
            self._first = self._read(*self._queries[0])
        except Exception:
            self.close()
            raise

    def _read(self, sql: str, params: list):
        return reads.record_batches(self._cursor, sql, params, self._batch_rows)

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        try:
            yield from self._first
            for sql, params in self._queries[1:]:
                yield from self._read(sql, params)
        finally:
            self.close()

    def close(self) -> None:
        if self._cursor is not None:
            reads.close(self._cursor)
            self._cursor = None


def month_windows(spec: QuerySpec) -> list[QuerySpec]:
    """The spec split into consecutive calendar months of its date range, when the detail order
    of its fact starts with the timestamp (else the spec itself)."""
    fact = FACTS[measure(spec.measures[0]).fact]
    first_key = fact.detail_order.split(",")[0].strip()
    ts = fact.attrs["ts"][0]
    if spec.start is None or spec.end is None or ts not in (first_key, f"{first_key}::TIMESTAMP"):
        return [spec]
    windows = []
    start = spec.start
    while start <= spec.end:
        next_month = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        end = min(spec.end, next_month - dt.timedelta(days=1))
        windows.append(replace(spec, start=start, end=end))
        start = next_month
    return windows


# --------------------------------------------------------------------------- CSV


def shown_headers(columns: list[Column], currency: str | None = None) -> list[str]:
    """Headers as written to a file: money columns name their currency (Revenue (GBP)), the
    warehouse's unless ``currency`` is given."""
    code = currency or reporting_currency()
    return [f"{c.header} ({code})" if c.kind == "money" else c.header for c in columns]


def csv_header(columns: list[Column], currency: str | None = None) -> bytes:
    """The BOM (so Excel reads UTF-8, Korean included) and the header line."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([csv_text(h) for h in shown_headers(columns, currency)])
    return (BOM + buf.getvalue()).encode("utf-8")


def table_csv(table: Table, chunk_rows: int = 10_000) -> Iterator[bytes]:
    """A table as UTF-8 CSV with BOM, in chunks; text a spreadsheet would run is made formula-safe."""
    yield csv_header(table.columns)
    for start in range(0, len(table.rows), chunk_rows):
        buf = io.StringIO()
        rows = ([csv_text(v) for v in row] for row in table.rows[start : start + chunk_rows])
        csv.writer(buf, lineterminator="\n").writerows(rows)
        yield buf.getvalue().encode("utf-8")


_CSV_OPTIONS = pacsv.WriteOptions(include_header=False, quoting_style="needed")


def batches_csv(columns: list[Column], batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    """Record batches as UTF-8 CSV with BOM, one chunk per batch (Arrow's C++ writer: fast)."""
    yield csv_header(columns)
    for batch in batches:
        buf = io.BytesIO()
        pacsv.write_csv(_formula_safe(_whole_seconds(batch)), buf, _CSV_OPTIONS)
        yield buf.getvalue()


def _formula_safe(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Text columns as ``data.cells.csv_text`` writes them: an apostrophe before any value a
    spreadsheet would run, and a carriage return inside text written as a line break (a CSV
    writer quotes a field with a line break but not one with a bare CR, which would split the row)."""
    arrays = list(batch.columns)
    changed = False
    for i, array in enumerate(arrays):
        if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
            risky = pc.match_substring_regex(array, FORMULA_START_SQL)
            if pc.any(risky).as_py():
                array = pc.if_else(risky, pc.binary_join_element_wise("'", array, ""), array)
                arrays[i], changed = array, True
            if pc.any(pc.match_substring(array, "\r")).as_py():
                arrays[i], changed = pc.replace_substring_regex(array, "\r\n?", "\n"), True
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names) if changed else batch


def _whole_seconds(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Timestamps without a ``.000000`` tail when they have no fractions of a second."""
    arrays = list(batch.columns)
    changed = False
    for i, array in enumerate(arrays):
        if pa.types.is_timestamp(array.type) and array.type.unit != "s":
            try:
                arrays[i] = array.cast(pa.timestamp("s", array.type.tz))
                changed = True
            except pa.ArrowInvalid:  # sub-second values: keep them exact
                pass
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names) if changed else batch


# --------------------------------------------------------------------------- Excel


def batch_rows(batches: Iterable[pa.RecordBatch]) -> Iterator[list]:
    """Rows of Python values from record batches (for the Excel writer)."""
    for batch in batches:
        yield from (list(row) for row in zip(*(col.to_pylist() for col in batch.columns), strict=True))


def write_xlsx(
    target, columns: list[Column], rows: Iterable[list], about: list[tuple[str, str]], lang: str, freeze: str = "A2"
) -> int:
    """Write a workbook (data sheet + "About" sheet) to ``target`` (a path or a binary file).

    Write-only mode keeps memory flat; returns the number of data rows written and refuses
    (``ExportTooLarge``) a sheet over Excel's row limit.
    """
    if len(columns) > EXCEL_MAX_COLUMNS:
        raise ExportTooLarge("export.too_many_columns", columns=len(columns), limit=EXCEL_MAX_COLUMNS)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(t("export.sheet.data", lang))
    ws.freeze_panes = freeze
    bold = Font(bold=True)
    headers = shown_headers(columns)
    for i, text in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(12, len(text) + 4))
    header = []
    for text in headers:
        cell = WriteOnlyCell(ws, text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    # One styled cell per formatted column, reused: write-only rows are serialised on append.
    styled = {}
    for i, col in enumerate(columns):
        if col.number_format:
            cell = WriteOnlyCell(ws)
            cell.number_format = col.number_format
            styled[i] = cell
    count = 0
    for row in rows:
        count += 1
        if count > EXCEL_MAX_ROWS:
            raise ExportTooLarge("export.too_many_rows", rows=f"{count:,}+", limit=f"{EXCEL_MAX_ROWS:,}")
        out = [_text_cell(ws, v) if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row]
        for i, cell in styled.items():
            if out[i] is not None:
                cell.value = out[i]
                out[i] = cell
        ws.append(out)
    info = wb.create_sheet(t("export.sheet.about", lang))
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 80
    for label, value in about:
        first = WriteOnlyCell(info, label)
        first.font = bold
        info.append([first, value])
    wb.save(target)
    return count


def _text_cell(ws, text: str) -> WriteOnlyCell:
    """A cell that holds ``text`` as text, even when it looks like a formula (Excel's quote prefix:
    shown as written, never run)."""
    cell = WriteOnlyCell(ws, text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def check_excel_rows(count: int) -> None:
    if count > EXCEL_MAX_ROWS:
        raise ExportTooLarge("export.too_many_rows", rows=f"{count:,}", limit=f"{EXCEL_MAX_ROWS:,}")


# --------------------------------------------------------------------------- describing an export


def about_rows(
    spec: QuerySpec,
    lang: str,
    *,
    cell: dict[str, str] | None = None,
    rows: int | None = None,
    version: str = "",
    user: str = "",
    now: dt.datetime | None = None,
) -> list[tuple[str, str]]:
    """What was exported, for the workbook's About sheet: (label, text) pairs."""
    now = now or dt.datetime.now(dt.UTC)
    detail = cell is not None
    what = t("export.about.detail", lang) if detail else t("export.about.view", lang)
    out = [(t("export.about.what", lang), what)]
    out.append((t("export.about.measures", lang), ", ".join(measure_label(m, lang) for m in spec.measures)))
    out.append((t("export.about.currency", lang), reporting_currency()))
    if spec.rows:
        out.append((t("export.about.rows", lang), ", ".join(level_label(x, lang) for x in spec.rows)))
    if spec.columns:
        out.append((t("export.about.columns", lang), ", ".join(level_label(x, lang) for x in spec.columns)))
    out.append((t("export.about.filters", lang), _describe_filters(spec.filters, lang)))
    if detail:
        out.append((t("export.about.cell", lang), _describe_filters(tuple((k, (v,)) for k, v in cell.items()), lang)))
    period = (
        f"{spec.start.isoformat() if spec.start else '…'} – {spec.end.isoformat() if spec.end else '…'}"
        if spec.start or spec.end
        else t("export.about.all_dates", lang)
    )
    out.append((t("export.about.period", lang), period))
    if not detail:
        sort = spec.sort or spec.measures[0]
        name = measure_label(sort, lang) if sort in spec.measures else level_label(sort, lang)
        order = t("export.about.descending" if spec.descending else "export.about.ascending", lang)
        out.append((t("export.about.sorted", lang), f"{name} ({order})"))
    if rows is not None:
        out.append((t("export.about.row_count", lang), f"{rows:,}"))
    out.append((t("export.about.version", lang), version))
    out.append((t("export.about.at", lang), now.strftime("%Y-%m-%d %H:%M:%S UTC")))
    out.append((t("export.about.by", lang), user))
    out.append((t("export.about.spec", lang), json.dumps(to_dict(spec), ensure_ascii=False, separators=(",", ":"))))
    return out


def _describe_filters(filters, lang: str) -> str:
    if not filters:
        return t("export.about.none", lang)
    parts = []
    for level_id, members in filters:
        names = ", ".join(member_label(level_id, m, None, lang) for m in members)
        parts.append(f"{level_label(level_id, lang)}: {names}")
    return "; ".join(parts)


# --------------------------------------------------------------------------- file names


def file_stem(spec: QuerySpec, cell: dict[str, str] | None = None) -> str:
    """A readable file name without extension, e.g. ``xrm-revenue-by-country-2025-01-01_2025-12-31``.

    May contain unicode (from members); ``ascii_name`` makes the ASCII fallback.
    """
    parts = ["xrm"]
    if cell is not None:
        parts += ["detail", measure(spec.measures[0]).fact]
        for level_id, member in cell.items():
            parts += [level(level_id).name, member]
    else:
        parts.append("-".join(spec.measures))
        if spec.rows:
            parts += ["by", "-".join(level(x).name for x in spec.rows)]
        if spec.columns:
            parts += ["by", "-".join(level(x).name for x in spec.columns)]
    if spec.start and spec.end:
        parts.append(f"{spec.start.isoformat()}_{spec.end.isoformat()}")
    stem = "-".join(parts)
    stem = re.sub(r"[\\/:*?\"<>|\s]+", "-", stem)  # characters file systems refuse
    return re.sub(r"-{2,}", "-", stem).strip("-")[:150]


def ascii_name(name: str) -> str:
    """An ASCII-only file name (accents dropped, anything else replaced by '-')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"[^A-Za-z0-9._-]+", "-", plain)
    return re.sub(r"-{2,}", "-", plain).strip("-") or "xrm-export"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` and, for unicode names, an RFC 5987 ``filename*``."""
    fallback = ascii_name(filename)
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header
