"""The studio's tables: one AG Grid builder, so every page's grids sort, resize and read alike."""

from __future__ import annotations

import dash_ag_grid as dag

from i18n import current_language
from i18n.grid_locale import locale_text

# Columns sized to their content and headers, the first one pinned, the key measure kept in sight on a
# narrow screen (assets/grids.js): after data arrives, on new columns and when the grid's size changes.
FIT = "xrmFitColumns(params)"
FIT_LISTENERS = {
    "firstDataRendered": [FIT],
    "rowDataUpdated": [FIT],
    "newColumnsLoaded": [FIT],
    "gridSizeChanged": [FIT],
}


KEY = {"context": {"xrmKey": True}}  # a column's options: the key measure kept in sight on a narrow grid


def fitting(**props) -> dict:
    """``props`` for any ``dag.AgGrid`` with the columns fitted as every grid's are (``FIT_LISTENERS``)."""
    return {"eventListeners": FIT_LISTENERS, **props}


def ag_grid(**props) -> dag.AgGrid:
    """Every AG Grid of the portal: the shared column fitting (``fitting``) and AG Grid's own texts —
    pagination, overlays, filters — in the reader's language (``i18n.grid_locale``)."""
    # every column rendered, also those scrolled out of sight: grids here have tens of columns at most, and
    # a column AG Grid leaves undrawn is missing from the page's text (find in page, screen readers, tests)
    options = {"suppressColumnVirtualisation": True, **(props.pop("dashGridOptions", None) or {})}
    words = locale_text(current_language())
    if words:
        options["localeText"] = {**words, **options.get("localeText", {})}
    return dag.AgGrid(dashGridOptions=options, **fitting(**props))


def data_grid(
    grid_id: str,
    rows: list[dict],
    columns: list[dict],
    *,
    min_width: int = 100,
    wrap_headers: bool = True,
    filters: bool = False,
    height: int | None = None,
    page_size: int = 50,
    options: dict | None = None,
    **extra,
) -> dag.AgGrid:
    """A grid of ``rows`` that grows with its rows, or pages them inside ``height`` pixels;
    ``options`` adds grid options (a pinned totals row…), ``extra`` component properties."""
    column = {"sortable": True, "resizable": True, "flex": 1, "minWidth": min_width}
    if wrap_headers:
        column |= {"wrapHeaderText": True, "autoHeaderHeight": True}
    if filters:
        column["filter"] = True
    grid_options = (
        {"domLayout": "autoHeight"} if height is None else {"pagination": True, "paginationPageSize": page_size}
    )
    grid_options |= {"animateRows": False, **(options or {})}
    return ag_grid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        className=extra.pop("className", "ag-theme-alpine"),
        defaultColDef=column,
        dashGridOptions=grid_options,
        style={"width": "100%", **({"height": f"{height}px"} if height else {})},
        **extra,
    )
