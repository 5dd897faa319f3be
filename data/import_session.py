"""The upload page's side of an import: the uploaded file on disk, and the state between steps.

The browser holds only a random token. The upload itself, the opened source and, after
validation, the staged rows live under ``instance/imports/`` (the importer's work dir)
and belong to the user who uploaded them; every step checks that. Nothing here writes to
the warehouse: that is ``data.importer.load``.
"""

from __future__ import annotations

import base64
import binascii
import os
import pickle
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from data.importer import (
    ImportProblem,
    Mapping,
    Validation,
    detect,
    discard,
    list_mappings,
    load_mapping,
    open_database,
    open_source,
    save_mapping,
    validate,
)
from data.importer.entities import get_entity
from data.importer.read import max_bytes, work_dir

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet")
ENCODINGS = ("auto", "utf-8", "cp949", "latin-1")  # the page's choices (CP949 reads EUC-KR too)
SKIP = "-"  # the selects' value for a column that is not imported
DATE_ORDERS = ("auto", "day", "month")  # the page's choice of date order (auto: the whole column decides)
DISCOUNTS = ("auto", "rate", "amount")  # … and of the discount column's unit
TOKEN = re.compile(r"^[0-9a-f]{24}$")
STALE_SECONDS = 24 * 3600


def upload_limit() -> int:
    """XRM_UPLOAD_MAX_BYTES: the largest file the page accepts (default 100 MB, at most the importer's
    own limit); larger files go through the command line, which streams them."""
    return min(int(os.environ.get("XRM_UPLOAD_MAX_BYTES", 100 * 1024**2)), max_bytes())


def human_size(n: int) -> str:
    """Bytes for people: 100 MB, 1.5 KB."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:,.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n} B"


@dataclass
class PageImport:
    """One user's import in progress: where its rows come from and, once checked, the validation."""

    owner: str
    label: str
    source: object  # data.importer.Source
    upload: Path | None = None  # the uploaded file (None for a database source)
    validation: Validation | None = None
    created: float = field(default_factory=time.time)


def _state_path(token: str) -> Path:
    if not TOKEN.match(token or ""):
        raise KeyError("not a page import token")
    return work_dir() / f"page-{token}.pkl"


def decode_upload(contents: str) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL (``data:<type>;base64,<data>``)."""
    _, _, data = (contents or "").partition(",")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ImportProblem("import.not_a_table", path="upload", detail="the upload could not be read") from None


def save_upload(filename: str, contents: str) -> Path:
    """Write an upload to a fresh file under the work dir; an empty or too large one is refused."""
    name = Path(filename or "upload.csv").name
    data = decode_upload(contents)
    if not data:
        raise ImportProblem("import.empty_file", path=name)
    limit = upload_limit()
    if len(data) > limit:
        raise ImportProblem("import.too_large", size=len(data), limit=limit)
    suffix = Path(name).suffix.lower()
    suffix = suffix if suffix in SUFFIXES else ".csv"
    prune_stale()
    path = work_dir() / f"upload-{secrets.token_hex(8)}{suffix}"
    path.write_bytes(data)
    return path


def open_upload(path: Path, label: str, encoding: str | None):
    """Open an uploaded file (``encoding`` auto/None = detected); the source is labelled with the user's file name."""
    enc = None if encoding in (None, "", "auto") else encoding
    source = open_source(path, encoding=enc, limit=upload_limit())
    source.label = label
    return source


def start(owner: str, label: str, source, upload: Path | None) -> str:
    """Keep a new page import on disk; returns the token the browser holds."""
    token = secrets.token_hex(12)
    save(token, PageImport(owner, label, source, upload))
    return token


def start_upload(owner: str, filename: str, contents: str, encoding: str | None) -> tuple[str, PageImport]:
    """Upload -> file on disk -> opened source -> token (the file is removed again when it cannot be read)."""
    path = save_upload(filename, contents)
    label = Path(filename or "upload.csv").name
    try:
        source = open_upload(path, label, encoding)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    token = start(owner, label, source, path)
    return token, get(token, owner)


def start_database(owner: str, url: str, table: str | None, query: str | None) -> tuple[str, PageImport]:
    """A database table or query as the source."""
    if not (url or "").strip():
        raise ImportProblem("import.source_error", detail="give a SQLAlchemy URL")
    source = open_database(url.strip(), table=(table or "").strip() or None, query=(query or "").strip() or None)
    token = start(owner, source.label, source, None)
    return token, get(token, owner)


def save(token: str, state: PageImport) -> None:
    path = _state_path(token)
    partial = path.with_suffix(".writing")
    partial.write_bytes(pickle.dumps(state))
    os.replace(partial, path)


def get(token: str | None, owner: str) -> PageImport:
    """The page import behind ``token``; KeyError when it is gone or belongs to someone else."""
    path = _state_path(token or "")
    if not path.exists():
        raise KeyError("no such page import")
    state = pickle.loads(path.read_bytes())  # our own file, named by a checked token
    if state.owner != owner:
        raise KeyError("not this user's import")
    return state


def reopen(token: str, owner: str, encoding: str | None) -> PageImport:
    """Read the same upload again with another encoding (a previous validation is dropped)."""
    state = get(token, owner)
    if state.upload is None:
        return state
    state.source = open_upload(state.upload, state.label, encoding)
    drop_validation(state)
    save(token, state)
    return state


def drop_validation(state: PageImport) -> None:
    if state.validation is not None:
        discard(state.validation)
        state.validation = None


def mapping_from_choices(entity: str, columns: list[str], choices: list[str | None]) -> Mapping:
    """The mapping the page's selects describe: one field (or nothing) per file column, in file order."""
    get_entity(entity)  # an unknown entity says so in words
    fields = [None if c in (None, "", SKIP) else c for c in choices] + [None] * (len(columns) - len(choices))
    return Mapping(entity, dict(zip(columns, fields[: len(columns)], strict=True)))


def with_options(mapping: Mapping, order: str | None, discount: str | None, reconcile: bool | None = True) -> Mapping:
    """The page's choices on the mapping: date order (auto/day/month), discount unit (auto/rate/amount),
    whether lines of one order that differ only in time are reconciled."""
    mapping.dayfirst = {"day": True, "month": False}.get(order or "auto")
    mapping.discount = discount if discount in ("rate", "amount") else None
    mapping.reconcile_times = reconcile is not False
    return mapping


def order_choice(dayfirst: bool | None) -> str:
    """A mapping's date order as the page's choice."""
    return "auto" if dayfirst is None else "day" if dayfirst else "month"


@dataclass(frozen=True)
class Choices:
    """What the page's mapping step says: the kind of data, one field (or ``SKIP``) per file column, the options."""

    entity: str | None = "order_lines"
    fields: tuple = ()
    dayfirst: str | None = "auto"
    discount: str | None = None
    reconcile: bool | None = True

    def mapping(self, columns: list[str]) -> Mapping:
        mapping = mapping_from_choices(self.entity or "order_lines", columns, list(self.fields))
        return with_options(mapping, self.dayfirst, self.discount, self.reconcile)


NEW_SOURCE = ("upload", "db-read")


def receive(owner: str, token: str | None, action: str, entity: str | None, encoding: str | None,
            upload: tuple = (None, None), database: tuple = (None, None, None)) -> tuple[str, PageImport, Mapping]:  # fmt: skip
    """A new source (``upload``: file name and data URL; ``db-read``: url, table, query) replaces the current
    one; ``entity`` / ``encoding`` read the current one again. Returns the token, the import and the mapping
    detected for ``entity``."""
    if action in NEW_SOURCE:
        finish(token, owner)
        token, state = (
            start_upload(owner, *upload, encoding) if action == "upload" else start_database(owner, *database)
        )
    else:
        state = reopen(token, owner, encoding) if action == "encoding" else get(token, owner)
        if action == "entity":
            drop_validation(state)
            save(token, state)
    return token, state, detect(state.source, entity or "order_lines")


def check(token: str, owner: str, choices: Choices) -> Mapping:
    """The page's mapping, checked (two columns on one field, a required field without a column);
    any change makes an earlier validation void."""
    state = get(token, owner)
    mapping = choices.mapping(state.source.columns)
    if state.validation is not None:
        drop_validation(state)
        save(token, state)
    mapping.check(state.source.columns)
    return mapping


def save_choices(name: str | None, token: str, owner: str, choices: Choices) -> str:
    """Save the page's mapping under ``name`` (checked first; a blank name saves nothing); returns the name."""
    name = (name or "").strip()
    if name:
        mapping = choices.mapping(get(token, owner).source.columns)
        mapping.check(list(mapping.columns))
        save_mapping(name, mapping, owner)
    return name


def saved_names(entity: str | None) -> list[str]:
    """The saved mappings of this kind of data."""
    return [m["name"] for m in list_mappings() if m["entity"] == (entity or "order_lines")]


def apply_saved(token: str, owner: str, name: str) -> tuple[Mapping, list[str], int]:
    """A saved mapping on the current source: the mapping, each file column's field (``SKIP`` where it
    names none) and how many of its columns the file lacks."""
    columns = get(token, owner).source.columns
    saved = load_mapping(name)
    missing = len([c for c in saved.columns if c not in columns])
    return saved, [saved.columns.get(c) or SKIP for c in columns], missing


def check_rows(token: str, owner: str, choices: Choices, currency: str | None, guests: str | None = None,
               channel: str | None = None, channel_group: str | None = None) -> Validation:  # fmt: skip
    """Stage and check every row (nothing is written); the staged rows wait on the server for the load.
    ``guests``, ``channel`` and ``channel_group`` are for order lines only (the page's blanks: keep, none)."""
    state = get(token, owner)
    mapping = choices.mapping(state.source.columns)
    drop_validation(state)
    lines = {"guests": guests or "keep", "channel": channel, "channel_group": channel_group or None}
    extra = lines if choices.entity == "order_lines" else {}
    state.validation = validate(state.source, mapping, currency=currency, **extra)
    save(token, state)
    return state.validation


def error_report(token: str | None, owner: str) -> tuple[Path, str] | None:
    """Every problem of the validation as a CSV file and its download name; None before a validation."""
    try:
        validation = get(token, owner).validation
    except KeyError:
        return None
    if validation is None:
        return None
    return validation.write_error_report(), f"import-errors-{validation.import_id}.csv"


def derivations(mapping: Mapping, derive: bool, file_channel: bool = False) -> list[str]:
    """What the load will make up because the file does not carry it (message keys of the page);
    ``file_channel``: the import names the channel (or group) of lines that name none."""
    if not derive or mapping.entity != "order_lines":
        return []
    mapped = set(mapping.fields())
    notes = ["import_page.derive.customers"]
    if "product_id" in mapped:
        notes.append("import_page.derive.products")
    else:
        named = "product_name" in mapped
        notes.append("import_page.derive.products_by_name" if named else "import_page.derive.unknown_product")
    unnamed = "import_page.derive.file_channel" if file_channel else "import_page.derive.default_channel"
    notes.append("import_page.derive.channels" if "channel_id" in mapped else unnamed)
    if "order_id" not in mapped:
        notes.append("import_page.derive.order_ids")
    if "revenue" not in mapped:
        notes.append("import_page.derive.revenue")
    return notes


def finish(token: str, owner: str) -> None:
    """Forget a page import: its state, its upload and any staged rows."""
    try:
        state = get(token, owner)
    except KeyError:
        return
    drop_validation(state)
    if state.upload is not None:
        state.upload.unlink(missing_ok=True)
    read_path = getattr(state.source, "read_path", None)
    if read_path is not None and Path(read_path).parent == work_dir() and Path(read_path).name.startswith("src-"):
        Path(read_path).unlink(missing_ok=True)  # a transcoded / converted copy the importer made
    _state_path(token).unlink(missing_ok=True)


def prune_stale(now: float | None = None) -> int:
    """Remove page uploads and states nobody finished within a day."""
    now = now or time.time()
    removed = 0
    for path in list(work_dir().glob("upload-*")) + list(work_dir().glob("page-*.pkl")):
        try:
            if now - path.stat().st_mtime > STALE_SECONDS:
                path.unlink(missing_ok=True)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
