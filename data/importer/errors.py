"""Import problems a person can act on: a message key, its values, and the English text."""

from __future__ import annotations

# English text of every message key (the page translates the same keys via i18n/parts/importer.py)
MESSAGES = {
    "import.unknown_entity": "Unknown entity {entity}: choose one of {choices}.",
    "import.file_missing": "The file {path} does not exist.",
    "import.empty_file": "The file {path} is empty (0 bytes): choose the file that holds the data.",
    "import.too_large": "The file is {size} bytes, more than the limit of {limit} bytes (XRM_IMPORT_MAX_BYTES).",
    "import.not_a_table": "{path} does not look like a table (CSV, Excel or Parquet with a header row): {detail}",
    "import.bad_encoding": "The file is not valid {encoding} near byte {offset}: choose its encoding "
    "(utf-8, cp949, latin-1) with --encoding.",
    "import.unknown_encoding": "Unknown encoding {encoding}: use utf-8, utf-8-sig, cp949, euc-kr or latin-1.",
    "import.no_rows": "The file has a header but no data rows.",
    "import.mapping_duplicate": "Columns {columns} are all mapped to the field {field}: map each field from one column.",
    "import.mapping_unknown_field": "{field} is not a field of {entity}: choose one of {choices}.",
    "import.mapping_unknown_column": "The file has no column {column}: its columns are {columns}.",
    "import.mapping_missing": "Required field(s) {fields} have no column: map them (detected columns: {columns}).",
    "import.mapping_no_amount": "Map an amount column (revenue), or both quantity and unit price.",
    "import.mapping_not_found": "No saved mapping named {name}.",
    "import.source_error": "The database source could not be read: {detail}",
    "import.rejected": "{errors} problem(s) in {rows} row(s): nothing was written. See the error report {report}.",
    "import.nothing_valid": "No valid row to load: nothing was written. See the error report {report}.",
    # row rules
    "rule.required": "A value is required.",
    "rule.type_int": "Not a whole number.",
    "rule.type_number": "Not a number.",
    "rule.type_date": "Not a date in a known format (2025-03-01, 2025/03/01, 01.03.2025, 03/01/2025, Excel serial).",
    "rule.type_bool": "Not yes/no (true/false, 1/0, Y/N).",
    "rule.bad_choice": "Not one of the allowed values (B2C/B2B, F/M, online/offline, target/control, open/closed).",
    "rule.key_format": "Not a usable id (empty or longer than 100 characters).",
    "rule.duplicate_key": "The same key appears in an earlier row of the file.",
    "rule.unknown_reference": "Refers to an id the warehouse does not have.",
    "rule.quantity_not_positive": "Quantity is 0, or negative on a row marked as not a return "
    "(a return is a negative quantity, a return flag, a cancelled status or a C-prefixed invoice).",
    "rule.negative_amount": "Negative amount with a positive quantity, or on a row marked as not a return: "
    "give a return a negative quantity too.",
    "rule.too_large": "The value is beyond the sane bound.",
    "rule.too_small": "The value is below the allowed minimum.",
    "rule.date_out_of_range": "The date is before 1900 or more than a year in the future.",
    "rule.order_inconsistent": "Lines of one order disagree on customer, date, channel or partner.",
}


def message(key: str, **values) -> str:
    text = MESSAGES.get(key, key)
    try:
        return text.format(**values)
    except (KeyError, IndexError):
        return text


class ImportProblem(Exception):
    """Bad input to the importer: ``key`` and ``values`` for the page, ``str()`` for the CLI."""

    def __init__(self, key: str, **values):
        self.key = key
        self.values = values
        super().__init__(message(key, **values))


MESSAGES["import.unknown_policy"] = "Unknown policy {policy}: use reject or quarantine."
MESSAGES["import.failed"] = "The load failed and nothing was published: the warehouse is as it was. {detail}"
# decisions taken from the whole file (decide.py), and the currency of a warehouse
MESSAGES.update({
    "import.dates_ambiguous": "Every date in {column} reads both ways (for example {value}: day first or month first), "
    "so the file cannot tell: choose --dayfirst or --monthfirst (on the import page: the date order on the mapping step).",
    "import.dates_conflict": "The dates in {column} disagree: row {day_row} ({day_value}) can only be day first, row "
    "{month_row} ({month_value}) only month first. Correct those rows, then load again.",
    "import.dates_contradict": "The date order chosen does not fit the file: row {row} of {column} ({value}) can only "
    "be read {order}. Choose that order, or let the file decide.",
    "import.discount_ambiguous": "The discount column holds values such as {value} that could be a percentage or a money "
    "amount: choose --discount rate (0-1 or 0-100 %) or --discount amount (money off the line) (on the import page: "
    "the discount unit on the mapping step).",
    "import.discount_unknown_mode": "Unknown discount unit {mode}: use rate (0-1 or 0-100 %) or amount (money off the line).",
    "import.currency_unknown": "{currency} is not an ISO 4217 currency code: use three letters such as USD, EUR, GBP, KRW.",
    "import.currency_mismatch": "This warehouse keeps its amounts in {stored}; a load in {currency} would mix currencies. "
    "Load in {stored}, or start a new warehouse (--new-warehouse) for {currency}.",
    "rule.discount_rate_range": "A discount rate must be between 0 and 1 (0% to 100%); for money off the line, "
    "choose the discount unit amount (--discount amount).",
    "rule.discount_amount_range": "A discount amount (money off the line) must be between 0 and quantity × unit price.",
})  # fmt: skip
MESSAGES["import.unknown_guests"] = "Unknown guest choice {guests}: use keep or reject."
MESSAGES["import.unknown_channel_group"] = "Unknown channel group {group}: use online or offline."
