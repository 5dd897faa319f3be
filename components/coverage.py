"""What a page cannot show with this warehouse's data, said once, with the file to import."""

from __future__ import annotations

import functools
import logging

import dash_bootstrap_components as dbc
from dash import html

from components.access import has_role
from data import health
from data.warehouse import WarehouseUnavailable
from i18n import current_language, t

log = logging.getLogger(__name__)
HEALTH_ROLES = ("analyst", "admin")  # who opens the data health page
HEALTH_PATH = "/admin/data-health"


def current(warehouse=None) -> health.Coverage | None:
    """The coverage of ``warehouse``'s (default: the current) version; None when it cannot be read (the
    page then shows its own warehouse error, or simply no notice: a notice must never break a page)."""
    try:
        return health.coverage(warehouse)
    except WarehouseUnavailable:
        return None
    except Exception:  # noqa: BLE001 - an unreadable table must not take the page down with it
        log.exception("data coverage could not be measured")
        return None


def import_hint(entities: tuple[str, ...], lang: str, one_command: bool = False) -> str:
    """'Import campaigns and campaign_contacts (python -m data.importer load FILE --entity …, or Admin → Import).'"""
    if one_command and len(entities) > 1:
        commands = health.import_command("NAME")
    else:
        commands = "; ".join(health.import_command(e) for e in entities)
    return t("health.import_hint", lang, entities=t("health.and", lang).join(entities), commands=commands)


def need_sentence(need: str, lang: str) -> str:
    """What is missing and how to get it, in one sentence pair."""
    return f"{t(f'health.need.{need}', lang)} {import_hint(health.NEEDS[need].entities, lang)}"


def page_notice(page: str, lang: str, cov: health.Coverage | None = None) -> dbc.Alert | None:
    """The notice a page shows above its content when the data limits it (None when it does not)."""
    cov = cov or current()
    if cov is None:
        return None
    status = health.page_status(page, cov)
    if status.status == "ok":
        return None
    unavailable = status.status == "unavailable"
    if unavailable:  # each missing piece with its own import line
        items = [html.Li(need_sentence(need, lang), id=f"need-{need}") for need in status.missing]
        body = [html.Strong(t("health.notice.unavailable", lang)), html.Ul(items, className="mb-1")]
    else:  # one compact line: the page works, some of it is thinner
        said = " ".join(t(f"health.need.{need}", lang) for need in status.missing)
        body = [
            html.Strong(t("health.notice.limited", lang)),
            html.Span(f" {said} {import_hint(status.entities, lang, one_command=True)} ", id="coverage-needs"),
        ]
    if has_role(HEALTH_ROLES):
        body.append(html.A(t("health.notice.more", lang), href=HEALTH_PATH, className="small"))
    return dbc.Alert(
        body,
        color="warning" if unavailable else "light",
        className="" if unavailable else "border py-2 small",
        id=f"coverage-{status.status}",
    )


def blocks(page: str, cov: health.Coverage | None = None) -> bool:
    """True when ``page`` can show nothing with this data (its notice replaces the content)."""
    cov = cov or current()
    return cov is not None and health.page_status(page, cov).status == "unavailable"


def channel_groups() -> tuple[str, ...]:
    """The channel groups a filter offers: online and offline, and unknown when the data has it."""
    cov = current()
    present = cov.channel_groups if cov else ()
    return ("online", "offline") + (("unknown",) if "unknown" in present else ())


def coverage_for(page: str):
    """Decorate a page's ``layout(**query)``: the data's limits are said above it, and when the data
    supports nothing of the page, the notice replaces it. ``page`` is a key of ``data.health.PAGES``."""

    def decorate(layout):
        @functools.wraps(layout)
        def with_notice(**query):
            lang = current_language()
            cov = current()
            notice = page_notice(page, lang, cov) if cov else None
            if notice is None:
                return layout(**query)
            if blocks(page, cov):
                title = html.H2(t(f"nav.{page}", lang), className="h4 mb-3")
                return html.Div([title, notice], className="p-1", id="coverage-page")
            content = layout(**query)
            if isinstance(content, html.Div) and isinstance(content.children, list):
                content.children = [notice, *content.children]
                return content
            return html.Div([notice, content])

        return with_notice

    return decorate


def empty_fact_reason(table: str, lang: str, separator: str = " ") -> str | None:
    """Why a view of ``table`` is empty when the reason is that nothing of it was loaded."""
    cov = current()
    need = health.missing_need(table, cov) if cov else None
    if need is None:
        return None
    return f"{t(f'health.need.{need}', lang)}{separator}{import_hint(health.NEEDS[need].entities, lang)}"


def measure_options(names, lang: str) -> list[dict]:
    """Dropdown options for cube measures; those of a fact that was never loaded are marked and
    cannot be picked (they would only draw an empty chart)."""
    from olap.cube import FACTS, MEASURES
    from olap.labels import measure_help, measure_label

    cov = current()
    no_costs = cov is not None and cov.revenue and not cov.has("costs")  # margin would equal revenue
    options = []
    for name in names:
        measure = MEASURES[name]
        missing = cov is not None and health.missing_need(FACTS[measure.fact].table, cov) is not None
        missing = missing or bool(no_costs and any(".cost" in sql for sql in measure.parts.values()))
        label = measure_label(name, lang) + (f" · {t('health.not_loaded', lang)}" if missing else "")
        option = {"label": label, "value": name, "disabled": missing}
        definition = measure_help(name, lang)
        options.append({**option, "title": definition} if definition else option)
    return options


def data_has(need: str) -> bool:
    """Whether the current warehouse supports ``need`` (a key of ``data.health.NEEDS``); True when unknown."""
    cov = current()
    return cov is None or cov.has(need)


def unsupported_fields() -> frozenset[str]:
    """Segment builder fields the current data cannot fill (no tickets, campaigns, sessions…)."""
    cov = current()
    if cov is None:
        return frozenset()
    return frozenset(f for f, need in health.SEGMENT_FIELD_NEEDS.items() if not cov.has(need))
