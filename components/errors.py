"""Designed error states: what happened and what to do, never a traceback."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from errors import KeyedError
from i18n import t


def warehouse_error(exc: Exception, lang: str) -> dbc.Alert:
    """Shown when the warehouse is missing or unreadable."""
    return dbc.Alert(
        [
            html.H4(t("error.warehouse.title", lang)),
            html.P(str(exc), className="mb-1"),
            html.P(t("error.warehouse.action", lang), className="mb-0 small"),
        ],
        color="danger",
        id="warehouse-error",
    )


def error_alert(lang: str) -> dbc.Alert:
    """A generic failure: the details went to the server log."""
    return dbc.Alert(
        [html.H4(t("error.generic.title", lang)), html.P(t("error.generic.body", lang), className="mb-0")],
        color="danger",
        id="generic-error",
    )


def refusal(exc: KeyedError, lang: str, *, id: str | None = None, hint: str | None = None, color: str = "warning",
            className: str = "mb-2") -> dbc.Alert:  # fmt: skip
    """Any refusal a person can act on — a ``KeyedError`` of any layer (cube, mining, segments,
    customers, analyses, importer) — in the reader's language, with an optional hint below it
    (``color`` and ``className`` for a page whose refusals look otherwise, such as the import page)."""
    children = [html.Div(exc.message(lang))]
    if hint:
        children.append(html.Div(hint, className="small mt-1"))
    return dbc.Alert(children, color=color, className=className, **({"id": id} if id else {}))
