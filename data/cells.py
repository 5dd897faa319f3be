"""Text that a spreadsheet will never run: the one rule for every CSV and Excel file XRM writes.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(…)`` in a customer's name becomes a
live link, ``=cmd|…`` worse). Such text is written with a leading apostrophe — the spreadsheets'
own "this is text" mark, so the value stays readable — and numbers are never touched (a negative
amount stays a number). ``formula_safe`` is the rule for one value (``csv_text`` for a CSV field), ``FORMULA_START_SQL`` the
same test in DuckDB for files it writes itself, ``safe_text_sql(expr)`` the guarded expression.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_START_SQL = "^[=+@\\t\\r-]"  # a regular expression for DuckDB's regexp_matches


def formula_safe(value):
    """``value`` with an apostrophe in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(value):
    """A value as a CSV file holds it: formula-safe, and a carriage return inside text written as a
    line break (CSV writers quote a field with a line break, not one with a bare CR, which would
    split the row when read back)."""
    value = formula_safe(value)
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def safe_text_sql(expression: str) -> str:
    """A DuckDB expression (``expression`` is code, never data) of the same text made formula-safe."""
    return (
        f"CASE WHEN regexp_matches(CAST({expression} AS VARCHAR), '{FORMULA_START_SQL}') "
        f"THEN '''' || CAST({expression} AS VARCHAR) ELSE CAST({expression} AS VARCHAR) END"
    )
