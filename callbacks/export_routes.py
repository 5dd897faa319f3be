"""Download routes of the Explore page: the view and its detail rows as CSV or Excel, for analysts.

``/export/view.csv|xlsx?spec=…&lang=…`` and ``/export/detail.csv|xlsx?spec=…&cell=…&lang=…``.
Login is enforced by the global guard (auth/web.py); the role is checked here, on the
server. Bad links get a plain-text 400 that says what to do, never a traceback.
Also the clientside callback behind the page's "Download PNG" button.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile

from dash import Input, Output, State, clientside_callback
from flask import Flask, Response, request, send_file
from flask_login import current_user

from components.access import EXPORT_ROLES, has_role
from data import opstore
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import LANGUAGES, current_language, t
from olap import export
from olap.cube import CubeError
from olap.labels import refusal_text
from olap.query import to_dict

log = logging.getLogger(__name__)

KINDS = ("view", "detail")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _text(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain", headers={"Cache-Control": "no-store"})


def _download_headers(filename: str) -> dict:
    return {
        "Content-Disposition": export.content_disposition(filename),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }


def _logged(chunks, what: str):
    """Stream chunks; a failure mid-stream can no longer change the status, so it is logged."""
    try:
        yield from chunks
    except Exception:
        log.exception("export %s failed while streaming", what)
        raise


def _xlsx_response(write, filename: str) -> Response:
    """Write the workbook to a temporary file (openpyxl needs a seekable file), then send it."""
    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="xrm-export-")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        handle = open(path, "rb")
    finally:
        os.unlink(path)  # the open handle keeps the data until the response is sent
    response = send_file(handle, mimetype=FORMATS["xlsx"], as_attachment=False, max_age=0)
    response.headers.update(_download_headers(filename))
    return response


def export_response(kind: str, fmt: str, args, user: str, lang: str) -> Response:
    """Answer one export request (role already checked)."""
    try:
        spec = export.parse_spec(args.get("spec"))
        cell = export.parse_cell(args.get("cell"), spec) if kind == "detail" else None
        warehouse = get_warehouse()
        version = warehouse.version()
        spec = export.unlimited(spec)
        filename = f"{export.file_stem(spec, cell)}.{fmt}"
        audit = {"spec": to_dict(spec), "version": version}
        if kind == "view":
            table = export.view_table(spec, lang, warehouse, compare=args.get("cmp") == "1")
            audit["rows"] = len(table.rows)
            if fmt == "csv":
                body = export.table_csv(table)
            else:
                export.check_excel_rows(len(table.rows))
                about = export.about_rows(spec, lang, rows=len(table.rows), version=version, user=user)
                freeze = "B2" if spec.rows else "A2"
                response = _xlsx_response(
                    lambda out: export.write_xlsx(out, table.columns, table.rows, about, lang, freeze), filename
                )
        else:
            audit["cell"] = cell
            columns = export.detail_columns(spec, lang)
            if fmt == "csv":
                rows = export.DetailRows(spec, cell, warehouse)
                body = export.batches_csv(columns, rows)
            else:
                count = export.detail_row_count(spec, cell, warehouse)
                export.check_excel_rows(count)
                audit["rows"] = count
                about = export.about_rows(spec, lang, cell=cell, rows=count, version=version, user=user)
                rows = export.DetailRows(spec, cell, warehouse)
                response = _xlsx_response(
                    lambda out: export.write_xlsx(out, columns, export.batch_rows(rows), about, lang), filename
                )
    except export.ExportTooLarge as exc:
        return _text(refusal_text(exc, lang), 413)
    except CubeError as exc:
        return _text(refusal_text(exc, lang), 400)
    except WarehouseUnavailable as exc:
        return _text(str(exc), 503)
    except Exception:
        log.exception("export %s.%s failed", kind, fmt)
        return _text(t("export.failed", lang), 500)
    opstore.audit(user, "export", f"{kind}.{fmt}", json.dumps(audit, ensure_ascii=False, default=str))
    if fmt == "csv":
        return Response(_logged(body, f"{kind}.csv"), mimetype=FORMATS["csv"], headers=_download_headers(filename))
    return response


def register(server: Flask) -> None:
    """Add the export routes to the Flask server."""

    @server.route("/export/<kind>.<fmt>")
    def export_download(kind: str, fmt: str):
        lang = request.args.get("lang")
        lang = lang if lang in LANGUAGES else current_language()
        if not has_role(EXPORT_ROLES):
            return _text(t("export.forbidden", lang), 403)
        if kind not in KINDS or fmt not in FORMATS:
            return _text(t("export.unknown", lang), 404)
        return export_response(kind, fmt, request.args, current_user.username, lang)


# The "Download PNG" button: plotly's own image export of the drawn chart, in the browser
# (works offline; the same as the modebar's camera, with the view's file name).
clientside_callback(
    """
    function (n, config) {
        if (!n) { return window.dash_clientside.no_update; }
        const plot = document.querySelector('#explore-graph .js-plotly-plot');
        if (!plot || !window.Plotly) { return 'no-chart'; }
        // the drawn plot's own options: an update in place names the file after the new view
        const options = Object.assign({format: 'png', scale: 2, filename: 'xrm-explore'},
                                      (config || {}).toImageButtonOptions || {},
                                      (plot._context || {}).toImageButtonOptions || {});
        window.Plotly.downloadImage(plot, options);
        return 'downloaded-' + n;
    }
    """,
    Output("explore-png-done", "data"),
    Input("explore-export-png", "n_clicks"),
    State("explore-graph", "config"),
    prevent_initial_call=True,
)
