"""What a real server needs around the app: a health check, a request id on every request and
structured (JSON) log lines that carry it.

``install(server)`` adds ``/healthz`` (no login; answers only ``up`` or ``down``: the warehouse
opens and the operational store answers), the request-id hooks and ``compress`` (gzip for every
text answer, cache headers that let a returning browser skip versioned files); ``configure_logging()`` makes
every log line one JSON object (``XRM_LOG_FORMAT=text`` for the old plain lines). ``make serve``
runs the app under gunicorn (``gunicorn.conf.py``), ``make run`` under Flask's own server.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import sys
import threading
import time
import traceback
import uuid
import zlib

import flask
import sqlalchemy as sa

REQUEST_ID_HEADER = "X-Request-ID"
_GOOD_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")  # an id a proxy sends is kept only when it looks like one
access_log = logging.getLogger("xrm.request")


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    return flask.g.get("request_id") if flask.has_request_context() else None


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request id, and extra fields."""

    FIELDS = ("method", "path", "status", "duration_ms", "user", "bytes")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id(),
            "pid": record.process,
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """Log lines to stderr: JSON (default) or plain text (``XRM_LOG_FORMAT=text``)."""
    handler = logging.StreamHandler(sys.stderr)
    if os.environ.get("XRM_LOG_FORMAT", "json").lower() == "text":
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    else:
        handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the access line below replaces its own


def healthy() -> bool:
    """The warehouse's current version opens and the operational store answers."""
    from data import opstore
    from data.warehouse import get_warehouse

    try:
        get_warehouse().cursor().execute("SELECT 1").fetchone()
        with opstore.engine().connect() as con:
            con.execute(sa.text("SELECT 1"))
    except Exception:  # down, whatever the reason: the reason goes to the log, never to the caller
        logging.getLogger("xrm").exception("health check failed")
        return False
    return True


# What is worth compressing (fonts, images and the DuckDB files people download are not text).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
SMALLEST = 1024  # below this gzip's own header and a CPU's time cost more than they save
STATIC = ("/_dash-component-suites/", "/assets/")  # files: each compressed once, kept by their content
YEAR = 365 * 24 * 3600
_gzipped: dict[tuple, bytes] = {}
_gzip_lock = threading.Lock()


def gzipped(data: bytes, static: bool, path: str) -> bytes:
    """``data`` gzipped: a static file once per content (best compression, kept), an answer each time
    (fast level: a 100 kB callback answer in about a millisecond)."""
    if not static:
        return gzip.compress(data, compresslevel=5, mtime=0)
    key = (path, len(data), zlib.crc32(data))
    with _gzip_lock:
        kept = _gzipped.get(key)
    if kept is None:
        kept = gzip.compress(data, compresslevel=9, mtime=0)
        with _gzip_lock:
            _gzipped[key] = kept
    return kept


def compress(response: flask.Response) -> flask.Response:
    """Gzip a text answer for a browser that accepts it (the page's JavaScript is 8 MB as files, under
    2 MB gzipped), and let a versioned asset (``/assets/x.css?m=<mtime>``, its address changes with
    the file) be kept a year instead of asked about on every page."""
    request = flask.request
    path = request.path
    if path.startswith("/assets/") and request.args.get("m") and response.status_code in (200, 304):
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    if (
        response.status_code != 200
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(COMPRESSIBLE)
        or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
    ):
        return response
    response.headers.add("Vary", "Accept-Encoding")
    response.direct_passthrough = False  # a file Flask would stream: read it here (static files are small)
    data = response.get_data()
    if len(data) < SMALLEST:
        return response
    response.set_data(gzipped(data, path.startswith(STATIC), path))
    response.headers["Content-Encoding"] = "gzip"  # the ETag stays: Dash and Flask compare it as sent
    return response


# The chunks the dashboard and Explore (and most pages) load only once their layout has arrived (Dash
# loads them on demand): fetched (or revalidated) while the page's layout and first callbacks are on
# their way instead. Only chunks those pages use (Explore's date picker is not on the dashboard).
PRELOAD = (
    "_dash-component-suites/dash/dcc/async-graph.js",
    "_dash-component-suites/plotly/package_data/plotly.min.js",
    "_dash-component-suites/dash/dcc/async-dropdown.js",
    "_dash-component-suites/dash_ag_grid/async-community.js",
)


def preload(dash_app) -> None:
    """Ask the browser, in the page's head, for the chart library and the other on-demand chunks every
    page uses, in parallel with the rest of the page (``PRELOAD``)."""
    prefix = dash_app.config.requests_pathname_prefix
    links = "".join(f'<link rel="preload" as="script" href="{prefix}{path}">' for path in PRELOAD)
    dash_app.index_string = dash_app.index_string.replace("{%css%}", "{%css%}" + links, 1)


SUITES = "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"


def quick_revalidation(dash_app) -> None:
    """Answer a browser asking whether an unversioned chunk changed (``async-graph.js``, the 4.6 MB
    ``plotly.min.js``: names Dash's bundles load on demand, so they carry no version) from the tag the
    file had when it was first served, instead of reading and hashing the whole file on every page.

    The installed packages do not change while the process runs, so neither does a chunk's tag. The
    login guard still runs first (this wraps the view, not the request)."""
    from dash.fingerprint import check_fingerprint

    view = dash_app.server.view_functions[SUITES]
    tags: dict[str, str] = {}

    def serve(package_name: str, fingerprinted_path: str):
        if check_fingerprint(fingerprinted_path)[1]:  # versioned: kept a year by the browser
            return view(package_name, fingerprinted_path)
        key = f"{package_name}/{fingerprinted_path}"
        tag = tags.get(key)
        if tag is not None and flask.request.headers.get("If-None-Match") == f'"{tag}"':
            return flask.Response(None, status=304)
        response = view(package_name, fingerprinted_path)
        if response.status_code == 200:
            tags[key] = response.get_etag()[0]
        return response

    dash_app.server.view_functions[SUITES] = serve


def install(server: flask.Flask) -> None:
    """Add ``/healthz``, the request id / access log hooks and ``compress`` to ``server``."""
    server.after_request(compress)  # registered first: runs after every other hook

    @server.route("/healthz")
    def healthz():
        up = healthy()
        response = flask.jsonify(status="up" if up else "down")
        response.status_code = 200 if up else 503
        response.headers["Cache-Control"] = "no-store"
        return response

    @server.errorhandler(RecursionError)
    def nested_too_deeply(_exc):  # a JSON body of 100,000 brackets: the client's fault, not a 500
        return flask.jsonify(error="the request is nested too deeply to be read"), 400

    @server.errorhandler(KeyError)
    def unknown_callback(exc):
        if flask.request.path == "/_dash-update-component" and "Callback function not found" in str(exc):
            return flask.jsonify(error="no such callback"), 400  # a replayed or made-up payload
        logging.getLogger("xrm").error("unhandled error on %s", flask.request.path, exc_info=exc)
        return flask.jsonify(error="server error", request_id=request_id()), 500

    @server.errorhandler(IndexError)
    def malformed_callback(exc):
        """A callback request whose inputs do not match the callback (a stale page after an upgrade, or a
        made-up body) fails while Dash reads it, before any callback runs: the client's fault, not a 500."""
        frames = [frame.name for frame in traceback.extract_tb(exc.__traceback__)]
        if flask.request.path == "/_dash-update-component" and "_prepare_callback" in frames:
            return flask.jsonify(error="the request does not match the callback; reload the page"), 400
        logging.getLogger("xrm").error("unhandled error on %s", flask.request.path, exc_info=exc)
        return flask.jsonify(error="server error", request_id=request_id()), 500

    @server.before_request
    def start_request():
        given = flask.request.headers.get(REQUEST_ID_HEADER, "")
        flask.g.request_id = given if _GOOD_ID.match(given) else uuid.uuid4().hex
        flask.g.started = time.perf_counter()

    @server.after_request
    def log_request(response):
        rid = flask.g.get("request_id")
        if rid:
            response.headers[REQUEST_ID_HEADER] = rid
        started = flask.g.get("started")
        if started is not None and flask.request.path != "/healthz":
            from flask_login import current_user

            user = getattr(current_user, "username", None)
            access_log.info(
                "%s %s %s",
                flask.request.method,
                flask.request.path,
                response.status_code,
                extra={
                    "method": flask.request.method,
                    "path": flask.request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": user,
                    "bytes": response.calculate_content_length(),
                },
            )
        return response


def finish_setup(dash_app) -> None:
    """Dash's own first-request setup, done now: it marks itself done *before* it moves the registered
    callbacks into the app's map, so two threads answering the first requests at once could see
    "no such callback" (measured under load). Called once the app has every page and callback."""
    with dash_app.server.test_request_context("/"):
        dash_app._setup_server()


def warm_up() -> threading.Thread | None:
    """Before a gunicorn worker takes requests: the warehouse opened and its catalog read; then, on a
    thread while the worker already serves, what the first people would otherwise wait for — the
    segment builder's customer table (opened from its per-version file, built first if no process has) and the dashboard's
    default view (its numbers in the shared cache, its figures in this process, in every language)."""
    try:
        from data.warehouse import get_warehouse
        from olap.catalog import catalog

        catalog(get_warehouse())
    except Exception:  # no warehouse yet: the pages say so; the worker still serves
        logging.getLogger("xrm").warning("warm-up: the warehouse could not be read", exc_info=True)
        return None
    thread = threading.Thread(target=_warm_caches, name="xrm-warm-up", daemon=True)
    thread.start()
    return thread


def _warm_caches() -> None:
    from callbacks.executive import dashboard_outputs
    from crm.segments import segment_base
    from data.warehouse import get_warehouse
    from i18n import LANGUAGES
    from olap.catalog import catalog
    from olap.dashboard import DashboardState

    try:
        segment_base()
        warehouse = get_warehouse()
        state = DashboardState.from_query({}, catalog(warehouse))
        for lang in LANGUAGES:  # the first view also loads Plotly's validators (a second and more)
            dashboard_outputs(state, lang, warehouse)
    except Exception:
        logging.getLogger("xrm").warning("warm-up of the caches failed", exc_info=True)
