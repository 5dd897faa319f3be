"""Download routes of the campaigns page, for analysts: every campaign's result, or one campaign's
sub-groups, as CSV or Excel.

``/export/campaigns/all.csv|xlsx?lang=…`` and ``/export/campaigns/<id>/<by>.csv|xlsx?lang=…``.
The same figures as the page and the CLI (``crm.campaigns.results``), raw numbers with the
interval as two columns; served, role-checked and audited like Explore's exports
(``callbacks.export_routes``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from flask import Flask, Response, request
from flask_login import current_user

from callbacks.export_routes import FORMATS, _download_headers, _logged, _text, _xlsx_response
from components.access import EXPORT_ROLES, has_role
from components.campaign_view import CAMPAIGN_COLUMNS, GROUP_COLUMNS, group_name
from crm.campaigns.results import BREAKDOWNS, cached_breakdown, cached_results
from data import opstore
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import LANGUAGES, current_language, t
from i18n.format import reporting_currency
from olap import export

log = logging.getLogger(__name__)
KINDS = {"count": "count", "percent": "percent", "number": "number", "money": "money", "date": "date"}
INTERVAL = {"campaign": ("uplift_ci_low", "uplift_ci_high"), "group": ("ci_low", "ci_high")}


def columns(spec, lang: str) -> list[export.Column]:
    """The page's columns as export columns (the interval as its two ends)."""
    out = []
    for _, key, kind in spec:
        if kind == "interval":
            out += [export.Column(t("campaigns.col.ci_low", lang), "percent"),
                    export.Column(t("campaigns.col.ci_high", lang), "percent")]  # fmt: skip
        else:
            out.append(export.Column(t(key, lang), KINDS.get(kind, "text")))
    return out


def _values(item, spec, interval: tuple[str, str], words: dict) -> list:
    row = []
    for name, _, kind in spec:
        if kind == "interval":
            row += [getattr(item, end) for end in interval]
        else:
            row.append(words[name] if name in words else getattr(item, name))
    return row


def campaign_table(lang: str, warehouse=None) -> export.Table:
    """Every campaign's result."""
    rows = [
        _values(r, CAMPAIGN_COLUMNS, INTERVAL["campaign"], {"verdict": t(f"campaigns.verdict.{r.verdict}", lang)})
        for r in cached_results(warehouse=warehouse)
    ]
    return export.Table(columns(CAMPAIGN_COLUMNS, lang), rows)


def group_table(campaign_id: int, by: str, lang: str, warehouse=None) -> export.Table:
    """One campaign's sub-groups by ``by``."""
    rows = [
        _values(g, GROUP_COLUMNS, INTERVAL["group"], {
            "key": group_name(g.key, by, lang),
            "readable": t("campaigns.sub.small" if g.too_small else "campaigns.sub.ok", lang),
        })
        for g in cached_breakdown(campaign_id, by, warehouse)
    ]  # fmt: skip
    return export.Table(columns(GROUP_COLUMNS, lang), rows)


def _about(what: str, rows: int, version: str, user: str, lang: str) -> list[tuple[str, str]]:
    return [
        (t("export.about.what", lang), what),
        (t("export.about.currency", lang), reporting_currency()),
        (t("export.about.row_count", lang), f"{rows:,}"),
        (t("export.about.version", lang), version),
        (t("export.about.at", lang), dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")),
        (t("export.about.by", lang), user),
    ]


def campaign_export(campaign_id: int | None, by: str | None, fmt: str, user: str, lang: str) -> Response:
    """Answer one export request (role already checked): all campaigns, or one's sub-groups."""
    try:
        warehouse = get_warehouse()
        version = warehouse.version()
        if campaign_id is None:
            table, stem = campaign_table(lang, warehouse), "campaigns"
            what = t("campaigns.title", lang)
        else:
            known = {r.campaign_id: r for r in cached_results(warehouse=warehouse)}
            if campaign_id not in known or by not in BREAKDOWNS:
                return _text(t("campaigns.export.unknown", lang), 404)
            table, stem = group_table(campaign_id, by, lang, warehouse), f"campaign-{campaign_id}-{by}"
            what = f"{known[campaign_id].name} · {t(f'campaigns.by.{by}', lang)}"
        filename = f"{stem}.{fmt}"
        audit = {"campaign": campaign_id, "by": by, "version": version, "rows": len(table.rows)}
        if fmt == "xlsx":
            about = _about(what, len(table.rows), version, user, lang)
            response = _xlsx_response(
                lambda out: export.write_xlsx(out, table.columns, table.rows, about, lang, "B2"), filename
            )
    except WarehouseUnavailable as exc:
        return _text(str(exc), 503)
    except Exception:
        log.exception("campaign export %s/%s.%s failed", campaign_id, by, fmt)
        return _text(t("export.failed", lang), 500)
    opstore.audit(user, "export", f"campaigns.{fmt}", json.dumps(audit, ensure_ascii=False))
    if fmt == "csv":
        body = _logged(export.table_csv(table), filename)
        return Response(body, mimetype=FORMATS["csv"], headers=_download_headers(filename))
    return response


def register(server: Flask) -> None:
    """Add the campaign export routes to the Flask server."""

    def checked(campaign_id, by, fmt):
        lang = request.args.get("lang")
        lang = lang if lang in LANGUAGES else current_language()
        if not has_role(EXPORT_ROLES):
            return _text(t("export.forbidden", lang), 403)
        if fmt not in FORMATS:
            return _text(t("export.unknown", lang), 404)
        return campaign_export(campaign_id, by, fmt, current_user.username, lang)

    @server.route("/export/campaigns/all.<fmt>")
    def campaigns_download(fmt: str):
        return checked(None, None, fmt)

    @server.route("/export/campaigns/<int:campaign_id>/<by>.<fmt>")
    def campaign_groups_download(campaign_id: int, by: str, fmt: str):
        return checked(campaign_id, by, fmt)
