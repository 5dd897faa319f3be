"""Column mapping: which file column feeds which field of an entity; detect, check, save, load."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from data import opstore
from data.importer.entities import get_entity
from data.importer.errors import ImportProblem

DATE_LIKE = re.compile(r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{8})([ T].*)?$")


@dataclass
class Mapping:
    """``columns``: file column -> entity field (None = not imported). ``dayfirst`` reads 03/01/2025 as
    3 January (True), as March 1 (False), or is decided from the whole column at validation (None).
    ``discount``: "rate" (0-1, or 0-100 %), "amount" (money off the line) or None (decided from the data).
    ``reconcile_times``: lines of one order that differ only in timestamp take the order's earliest."""

    entity: str
    columns: dict[str, str | None]
    dayfirst: bool | None = None
    notes: list[str] = field(default_factory=list)
    discount: str | None = None
    reconcile_times: bool = True

    def fields(self) -> dict[str, str]:
        """field -> file column (after :meth:`check`, each field has one column)."""
        return {f: c for c, f in self.columns.items() if f}

    def check(self, file_columns: list[str]) -> dict[str, int]:
        """Refuse a bad mapping (two columns on one field, unknown names, missing required fields);
        returns field -> position of its column in the file."""
        entity = get_entity(self.entity)
        names = entity.field_names
        seen: dict[str, list[str]] = {}
        for column, name in self.columns.items():
            if column not in file_columns:
                raise ImportProblem("import.mapping_unknown_column", column=column, columns=", ".join(file_columns))
            if not name:
                continue
            if name not in names:
                raise ImportProblem(
                    "import.mapping_unknown_field", field=name, entity=entity.name, choices=", ".join(names)
                )
            seen.setdefault(name, []).append(column)
        for name, cols in seen.items():
            if len(cols) > 1:
                raise ImportProblem("import.mapping_duplicate", columns=", ".join(cols), field=name)
        missing = [f.name for f in entity.fields if f.required and f.name not in seen]
        if missing:
            raise ImportProblem("import.mapping_missing", fields=", ".join(missing), columns=", ".join(file_columns))
        if entity.name == "order_lines" and "revenue" not in seen and not {"quantity", "unit_price"} <= set(seen):
            raise ImportProblem("import.mapping_no_amount")
        return {name: file_columns.index(cols[0]) for name, cols in seen.items()}

    def to_json(self) -> str:
        return json.dumps(
            {"entity": self.entity, "columns": self.columns, "dayfirst": self.dayfirst, "discount": self.discount},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        data = json.loads(text)
        dayfirst = data.get("dayfirst")
        return cls(data["entity"], dict(data["columns"]), None if dayfirst is None else bool(dayfirst),
                   discount=data.get("discount"))  # fmt: skip


def normalise(name: str) -> str:
    """Header text reduced for matching: CamelCase split (InvoiceNo -> invoice_no, CustomerID ->
    customer_id), lower case, no BOM, spaces/dashes/dots/# as underscores."""
    name = name.replace("\ufeff", "").strip()
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name).lower()
    return re.sub(r"[\s\-./()#_]+", "_", name).strip("_")


def compact(name: str) -> str:
    """Run-together form for matching (invoiceno, customer_id and CustomerID all give the same)."""
    return normalise(name).replace("_", "")


# Exports whose headers mean something else than the same word elsewhere (Shopify's "Name" is the
# order number, its "Total" the order's total repeated on every line): recognised by headers only
# they have, mapped as a whole. Headers are in their normalised form.
PROFILES = {
    "order_lines": (
        ("Shopify orders export", {"lineitem_quantity", "lineitem_price"}, {
            "name": "order_id", "email": "customer_id", "created_at": "order_ts",
            "lineitem_quantity": "quantity", "lineitem_price": "unit_price", "lineitem_sku": "product_id",
            "lineitem_name": "product_name", "billing_country": "country", "billing_name": "customer_name",
            "total": None, "subtotal": None, "discount_amount": None,
        }),
        ("Magento order items export", {"increment_id", "qty_ordered"}, {"name": "product_name"}),
    ),
}  # fmt: skip


def detect_mapping(columns: list[str], entity: str, sample: list[tuple] | None = None) -> Mapping:
    """Propose a mapping: names first (English and Korean synonyms), then a date-looking column
    for a required date field nobody claimed. Each field gets at most one column."""
    spec = get_entity(entity)
    normal = [normalise(c) for c in columns]
    chosen: dict[str, str | None] = dict.fromkeys(columns)
    taken: set[str] = set()
    notes = []
    claimed: set[str] = set()  # columns a known export's profile decided (also those it leaves out)
    for label, signature, fields in PROFILES.get(entity, ()):
        if signature <= set(normal):
            for c, n in zip(columns, normal, strict=True):
                if n in fields and fields[n] not in taken:
                    chosen[c] = fields[n]
                    claimed.add(c)
                    taken.update([fields[n]] if fields[n] else [])
            notes.append(f"recognised a {label}")
            break
    # synonym matches, in the order of each field's synonyms (the most specific first); a header
    # matches as written (normalised) or run together (InvoiceNo, customerid)
    squeezed = [n.replace("_", "") for n in normal]
    for f in spec.fields:
        for syn in (f.name, *f.synonyms):
            want = compact(syn)
            hit = next((c for c, n in zip(columns, squeezed, strict=True)
                        if n == want and not chosen[c] and c not in claimed), None)  # fmt: skip
            if hit is not None and f.name not in taken:
                chosen[hit] = f.name
                taken.add(f.name)
                break
    if sample:
        for f in spec.fields:
            if f.name in taken or f.kind not in ("date", "ts") or not f.required:
                continue
            for i, c in enumerate(columns):
                values = [row[i] for row in sample if row[i] not in (None, "")]
                if not chosen[c] and values and all(DATE_LIKE.match(str(v)) for v in values):
                    chosen[c] = f.name
                    taken.add(f.name)
                    notes.append(f"{c} -> {f.name} (looks like dates)")
                    break
    mapping = Mapping(entity, chosen, notes=notes)
    if sample and _looks_dayfirst(mapping, spec, columns, sample):
        notes.append("dates like 25/03/2025 in the first rows: day first (the whole column decides at validation)")
    return mapping


SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/\d{4}")


def _looks_dayfirst(mapping: Mapping, spec, columns: list[str], sample: list[tuple]) -> bool:
    """True when a date column of the sample has d/m/yyyy values whose first number exceeds 12
    (a note only: ``validate`` decides from the whole column)."""
    for column, name in mapping.columns.items():
        if not name or spec.field(name).kind not in ("date", "ts"):
            continue
        i = columns.index(column)
        for row in sample:
            match = SLASH_DATE.match(str(row[i] or ""))
            if match and int(match.group(1)) > 12:
                return True
    return False


def save_mapping(name: str, mapping: Mapping, user: str) -> None:
    """Store (or replace) a named mapping in the operational store."""
    table = opstore.import_mappings
    with opstore.engine().begin() as con:
        con.execute(table.delete().where(table.c.name == name))
        con.execute(
            table.insert().values(name=name, entity=mapping.entity, definition=mapping.to_json(), created_by=user)
        )
    opstore.audit(user, "import.mapping.save", name, mapping.entity)


def load_mapping(name: str) -> Mapping:
    table = opstore.import_mappings
    with opstore.engine().connect() as con:
        row = con.execute(sa.select(table.c.definition).where(table.c.name == name)).first()
    if row is None:
        raise ImportProblem("import.mapping_not_found", name=name)
    return Mapping.from_json(row[0])


def list_mappings() -> list[dict]:
    table = opstore.import_mappings
    with opstore.engine().connect() as con:
        rows = con.execute(sa.select(table.c.name, table.c.entity, table.c.created_by).order_by(table.c.name)).all()
    return [dict(r._mapping) for r in rows]
