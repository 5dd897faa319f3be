"""The importer: the user's own data (CSV, Excel, Parquet, a database) into the warehouse.

Steps, each a function a page or the CLI calls in turn::

    source = open_source("orders.csv")                 # or open_database(url, table=…)
    mapping = detect(source, "order_lines")            # the caller may correct mapping.columns
    validation = validate(source, mapping)             # nothing written yet
    validation.error_rows() / write_error_report()     # the row-level report
    result = load(validation, "admin", policy="quarantine")   # one new warehouse version

``python -m data.importer --help`` is the command line.
"""

from data.importer.core import LoadResult, Validation, detect, discard, history, load, stderr_progress, validate
from data.importer.entities import ENTITIES
from data.importer.errors import ImportProblem
from data.importer.mapping import Mapping, detect_mapping, list_mappings, load_mapping, save_mapping
from data.importer.read import Source, open_database, open_source

__all__ = [
    "ENTITIES",
    "ImportProblem",
    "LoadResult",
    "Mapping",
    "Source",
    "Validation",
    "detect",
    "detect_mapping",
    "discard",
    "history",
    "list_mappings",
    "load",
    "load_mapping",
    "open_database",
    "open_source",
    "save_mapping",
    "stderr_progress",
    "validate",
]
