"""Open a source (CSV, Excel, Parquet file or a database table/query) and stage it as text.

Every source becomes a DuckDB table ``raw(c0, c1, …)`` of VARCHAR columns, named by
position so that no header of the file ever reaches SQL; ``Source.columns`` keeps the
headers for the mapping. DuckDB reads CSV and Parquet itself (streaming, spilling to
disk), so a 10M-row file is never held in memory; encodings DuckDB cannot read (CP949 /
EUC-KR) are transcoded to UTF-8 in chunks first.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

import settings
from data.importer.errors import ImportProblem

SAMPLE_BYTES = 256 * 1024
CHUNK = 4 * 1024 * 1024
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "utf-8-sig": "utf-8-sig", "cp949": "cp949", "euc-kr": "cp949",
             "euckr": "cp949", "ms949": "cp949", "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1"}  # fmt: skip


def max_bytes() -> int:
    """XRM_IMPORT_MAX_BYTES: the largest file the importer accepts (default 20 GB)."""
    return int(os.environ.get("XRM_IMPORT_MAX_BYTES", 20 * 1024**3))


def work_dir() -> Path:
    """instance/imports: staging databases, transcoded files, error reports, quarantine."""
    path = settings.instance_dir() / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Source:
    """Where the rows come from; ``columns`` are the headers, ``sample`` the first rows (text)."""

    label: str
    kind: str  # csv | excel | parquet | database
    columns: list[str]
    sample: list[tuple] = field(default_factory=list)
    read_path: Path | None = None  # the file DuckDB reads (a UTF-8 CSV, or a Parquet file)
    encoding: str | None = None
    size: int = 0

    def close(self) -> None:
        """Delete the file made for reading (a transcoded CSV, an Excel or database copy), if any."""
        if (
            self.read_path is not None
            and self.read_path.parent == work_dir()
            and self.read_path.name.startswith("src-")
        ):
            self.read_path.unlink(missing_ok=True)

    def relation(self, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyRelation:
        """The source as a relation of text columns c0..cN on ``con``."""
        if self.kind == "parquet" or self.kind == "database":
            rel = con.read_parquet(str(self.read_path))
        else:
            rel = con.read_csv(str(self.read_path), all_varchar=True, header=True, encoding=_duck_encoding(self))
        return rel.select(
            *[
                duckdb.ColumnExpression(c).cast(duckdb.sqltype("VARCHAR")).alias(f"c{i}")
                for i, c in enumerate(rel.columns)
            ]
        )


def _duck_encoding(source: Source) -> str:
    return "utf-8"  # other encodings were transcoded by open_source


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM), else CP949 when the text is mostly Hangul, else Latin-1."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = codecs.getincrementaldecoder("cp949")().decode(head, final=False)
    except UnicodeDecodeError:
        return "latin-1"
    wide = [ch for ch in text if ord(ch) > 127]
    hangul = sum(1 for ch in wide if "\uac00" <= ch <= "\ud7a3" or "\u3130" <= ch <= "\u318f")
    return "cp949" if wide and hangul / len(wide) > 0.5 else "latin-1"


def _check_file(path: Path, limit: int | None) -> int:
    if not path.is_file():
        raise ImportProblem("import.file_missing", path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise ImportProblem("import.empty_file", path=path.name)
    limit = max_bytes() if limit is None else limit
    if size > limit:
        raise ImportProblem("import.too_large", size=size, limit=limit)
    return size


def open_source(path, encoding: str | None = None, sheet: str | None = None, limit: int | None = None) -> Source:
    """Open a CSV / Excel / Parquet file: check size, detect format and encoding, read headers and a sample."""
    path = Path(path)
    size = _check_file(path, limit)
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    suffix = path.suffix.lower()
    if head.startswith(b"PAR1") or suffix == ".parquet":
        source = Source(path.name, "parquet", [], read_path=path, size=size)
    elif head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        source = _excel_to_csv(path, sheet, size)
    else:
        if b"\x00" in head:
            raise ImportProblem("import.not_a_table", path=path.name, detail="it holds binary data")
        if encoding:
            if encoding.lower() not in ENCODINGS:
                raise ImportProblem("import.unknown_encoding", encoding=encoding)
            enc = ENCODINGS[encoding.lower()]
        else:
            enc = detect_encoding(head)
        read_path = path
        if enc in ("cp949", "latin-1"):  # DuckDB's CSV reader takes UTF-8 only
            read_path = _transcode(path, enc)
        elif enc.startswith("utf-8"):
            _check_utf8(path)
        source = Source(path.name, "csv", [], read_path=read_path, encoding=enc, size=size)
    return _with_columns(source)


def _with_columns(source: Source) -> Source:
    con = duckdb.connect()
    try:
        if source.kind in ("parquet", "database"):
            rel = con.read_parquet(str(source.read_path))
        else:
            rel = con.read_csv(str(source.read_path), all_varchar=True, header=True, encoding=_duck_encoding(source))
        source.columns = list(rel.columns)
        source.sample = source.relation(con).limit(20).fetchall()
    except duckdb.Error as exc:
        raise ImportProblem("import.not_a_table", path=source.label, detail=str(exc).splitlines()[0][:200]) from None
    finally:
        con.close()
    if len(source.columns) < 2:
        raise ImportProblem("import.not_a_table", path=source.label, detail="it has fewer than two columns")
    return source


def _check_utf8(path: Path) -> None:
    """Fail with the byte offset of the first invalid UTF-8 sequence (read in chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise ImportProblem("import.bad_encoding", encoding="UTF-8", offset=offset + exc.start) from None
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ImportProblem("import.bad_encoding", encoding="UTF-8", offset=offset) from None


def _temp_path(suffix: str) -> Path:
    return work_dir() / f"src-{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}{suffix}"


def _transcode(path: Path, encoding: str) -> Path:
    """Copy a CP949 or Latin-1 file to UTF-8 in chunks (DuckDB's CSV reader takes UTF-8 only)."""
    target = _temp_path(".csv")
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    try:
        with open(path, "rb") as src, open(target, "w", encoding="utf-8", newline="") as out:
            while chunk := src.read(CHUNK):
                try:
                    out.write(decoder.decode(chunk))
                except UnicodeDecodeError as exc:
                    raise ImportProblem(
                        "import.bad_encoding", encoding=encoding.upper(), offset=offset + exc.start
                    ) from None
                offset += len(chunk)
            out.write(decoder.decode(b"", final=True))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _excel_to_csv(path: Path, sheet: str | None, size: int) -> Source:
    """Stream an .xlsx sheet (openpyxl read-only) into a UTF-8 CSV; dates become ISO text."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or mislabelled file: say so, not a traceback
        raise ImportProblem("import.not_a_table", path=path.name, detail=f"not a readable Excel file ({exc})") from None
    target = _temp_path(".csv")
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        with open(target, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for row in ws.iter_rows(values_only=True):
                if all(v is None for v in row):
                    continue
                writer.writerow([_cell_text(v) for v in row])
    except KeyError:
        target.unlink(missing_ok=True)
        raise ImportProblem("import.not_a_table", path=path.name, detail=f"no sheet {sheet}") from None
    finally:
        book.close()
    if target.stat().st_size == 0:
        target.unlink(missing_ok=True)
        raise ImportProblem("import.empty_file", path=path.name)
    return Source(path.name, "excel", [], read_path=target, encoding="utf-8", size=size)


def open_database(url: str, table: str | None = None, query: str | None = None, batch: int = 50_000) -> Source:
    """A table or one read-only SELECT of an allowed database (``data.importer.dbsource``), streamed into a
    Parquet file of text columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    import sqlalchemy as sa

    from data.importer.dbsource import checked_query, checked_table, checked_url, read_only_engine

    if not (table or query):
        raise ImportProblem("import.source_error", detail="give a table or a query")
    engine = read_only_engine(checked_url(url))  # the administrator's allow-list, before any connection
    statement = checked_query(query) if not table else None
    target = _temp_path(".parquet")
    try:
        with engine.connect() as con:
            if table:
                schema, _, name = checked_table(table).rpartition(".")
                stmt = sa.select(sa.Table(name, sa.MetaData(), schema=schema or None, autoload_with=con))
            else:
                stmt = sa.text(statement)
            result = con.execution_options(stream_results=True).execute(stmt)
            names = list(result.keys())
            schema = pa.schema([(f"c{i}", pa.string()) for i in range(len(names))])
            writer = pq.ParquetWriter(target, schema)
            try:
                while rows := result.fetchmany(batch):
                    cols = [[None if r[i] is None else _cell_text(r[i]) for r in rows] for i in range(len(names))]
                    writer.write_table(pa.table(cols, schema=schema))
            finally:
                writer.close()
        engine.dispose()
    except sa.exc.SQLAlchemyError as exc:
        target.unlink(missing_ok=True)
        raise ImportProblem("import.source_error", detail=str(exc).splitlines()[0][:300]) from None
    # the Parquet columns are c0..cN; keep the database's own names for the mapping
    source = Source(table or "query", "database", names, read_path=target, size=target.stat().st_size)
    con = duckdb.connect()
    try:
        source.sample = con.read_parquet(str(target)).limit(20).fetchall()
    finally:
        con.close()
    return source
