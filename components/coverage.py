"""What a page cannot show with this warehouse's data, said once, with the file to import."""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import html

from components.access import has_role
from data import health
from data.warehouse import WarehouseUnavailable
from i18n import t

log = logging.getLogger(__name__)
HEALTH_ROLES = ("analyst", "admin")  # who opens the data health page
HEALTH_PATH = "/admin/data-health"


def import_hint(entities: tuple[str, ...], lang: str) -> str:
    """ "Import campaigns and campaign_contacts (python -m data.importer load FILE --entity …, or Admin → Import)."""
    commands = "; ".join(health.import_command(e) for e in entities)
    return t("health.import_hint", lang, entities=t("health.and", lang).join(entities), commands=commands)


def need_sentence(need: str, lang: str) -> str:
    """What is missing and how to get it, in one sentence pair."""
    return f"{t(f'health.need.{need}', lang)} {import_hint(health.NEEDS[need].entities, lang)}"


def page_notice(page: str, lang: str, cov: health.Coverage | None = None) -> dbc.Alert | None:
    """The notice a page shows above its content when the data limits it (None when it does not)."""
    if cov is None:
        try:
            cov = health.coverage()
        except WarehouseUnavailable:
            return None  # the page shows its own warehouse error
    status = health.page_status(page, cov)
    if status.status == "ok":
        return None
    unavailable = status.status == "unavailable"
    items = [html.Li(need_sentence(need, lang), id=f"need-{need}") for need in status.missing]
    body = [html.Strong(t(f"health.notice.{status.status}", lang)), html.Ul(items, className="mb-1")]
    if has_role(HEALTH_ROLES):
        body.append(
            dbc.Button(t("health.notice.more", lang), href=HEALTH_PATH, color="link", size="sm", className="p-0")
        )
    return dbc.Alert(
        body,
        color="warning" if unavailable else "light",
        className="border" if not unavailable else "",
        id=f"coverage-{status.status}",
    )


def blocks(page: str, cov: health.Coverage | None = None) -> bool:
    """True when ``page`` can show nothing with this data (its notice replaces the content)."""
    try:
        cov = cov or health.coverage()
    except WarehouseUnavailable:
        return False
    return health.page_status(page, cov).status == "unavailable"


def channel_groups() -> tuple[str, ...]:
    """The channel groups a filter offers: online and offline, and unknown when the data has it."""
    try:
        present = health.coverage().channel_groups
    except WarehouseUnavailable:
        present = ()
    return ("online", "offline") + (("unknown",) if "unknown" in present else ())
