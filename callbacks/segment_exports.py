"""Download route of the segment builder: a saved segment's member list, for the segment roles.

``/export/segments/<id>.csv|xlsx?lang=…`` — the latest version's snapshot of members with their name,
country, type, lifetime net revenue, orders and last order day (``crm.segment_members``); served
formula-safe, role-checked and audited like the other exports (``callbacks.export_routes``).
"""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, request
from flask_login import current_user

from callbacks.campaign_exports import _about
from callbacks.export_routes import FORMATS, _download_headers, _logged, _text, _xlsx_response
from components.access import SEGMENT_ROLES, has_role
from crm.segment_members import COLUMNS, member_frame
from crm.segments import SegmentError, segment_members, segment_version
from data import opstore
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import LANGUAGES, current_language, t
from olap import export

log = logging.getLogger(__name__)
KINDS = {"revenue": "money", "orders": "count", "last_order": "date"}


def member_table(frame, lang: str) -> export.Table:
    columns = [export.Column(t(f"segments.export.col.{c}", lang), KINDS.get(c, "text")) for c in COLUMNS]
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    return export.Table(columns, rows)


def segment_export(segment_id: int, fmt: str, user: str, lang: str) -> Response:
    """Answer one export request (role already checked)."""
    try:
        version = segment_version(segment_id)
        warehouse = get_warehouse()
        frame = member_frame(warehouse.cursor(), segment_members(segment_id, version["version"]))
        table = member_table(frame, lang)
        filename = f"segment-{segment_id}-v{version['version']}.{fmt}"
        what = t("segments.export.what", lang, name=version["name"], version=version["version"])
        if fmt == "xlsx":
            about = _about(what, len(table.rows), warehouse.version(), user, lang)
            response = _xlsx_response(
                lambda out: export.write_xlsx(out, table.columns, table.rows, about, lang, "B2"), filename
            )
    except SegmentError:
        return _text(t("segments.export.unknown", lang), 404)
    except WarehouseUnavailable as exc:
        return _text(str(exc), 503)
    except Exception:
        log.exception("segment export %s.%s failed", segment_id, fmt)
        return _text(t("export.failed", lang), 500)
    audit = {"segment": segment_id, "version": version["version"], "rows": len(table.rows)}
    opstore.audit(user, "export", f"segment.{fmt}", json.dumps(audit, ensure_ascii=False))
    if fmt == "csv":
        body = _logged(export.table_csv(table), filename)
        return Response(body, mimetype=FORMATS["csv"], headers=_download_headers(filename))
    return response


def register(server: Flask) -> None:
    """Add the segment member-list route to the Flask server."""

    @server.route("/export/segments/<int:segment_id>.<fmt>")
    def segment_download(segment_id: int, fmt: str):
        lang = request.args.get("lang")
        lang = lang if lang in LANGUAGES else current_language()
        if not has_role(SEGMENT_ROLES):
            return _text(t("export.forbidden", lang), 403)
        if fmt not in FORMATS:
            return _text(t("export.unknown", lang), 404)
        return segment_export(segment_id, fmt, current_user.username, lang)
