"""XRM: creates the Flask server and the Dash app, wires auth, registers pages.

``python app.py`` serves on HOST:PORT (127.0.0.1:8050 by default).
"""

from __future__ import annotations

import logging
import os

import flask
from dash import Dash

import background
import serving
import settings
from auth import users
from auth.web import init_auth
from components import shell
from components.access import register_background_roles
from data.importer.recovery import recover
from data.warehouse import WarehouseUnavailable, get_warehouse
from olap import lake

log = logging.getLogger("xrm")


def ensure_demo_accounts(announce: bool = False) -> None:
    """On the demo warehouse, make sure the five demo accounts exist; on any other, say how the
    first admin gets in (or create ``admin`` from ``XRM_ADMIN_PASSWORD``, once)."""
    try:
        is_demo = get_warehouse().meta().get("source") == "demo"
    except WarehouseUnavailable as exc:
        log.warning("%s", exc)
        return
    if not is_demo:
        note = users.first_start(os.environ.get("XRM_ADMIN_PASSWORD"))
        if note and announce:
            print(note, flush=True)
        return
    password = settings.demo_password()
    created = users.ensure_demo_accounts(password)
    if "partners" in created:  # the demo's partner manager manages every demo partner (row-level security)
        from crm.partners.access import assign_every_partner

        assign_every_partner("partners", actor="demo")
    if announce:
        print(f"Demo accounts exec, marketer, partners, analyst, admin; password: {password}", flush=True)
        if created:
            print(f"(created: {', '.join(created)})", flush=True)


def create_app() -> Dash:
    """Build the server and the app; importing callbacks registers them."""
    server = flask.Flask(__name__)
    server.secret_key = settings.secret_key()
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    serving.install(server)  # /healthz, request ids and access log lines, before the login guard
    init_auth(server)
    recovered = recover()  # a load killed before this start: recorded as interrupted, its files removed
    if recovered.runs or recovered.files:
        log.warning("interrupted loads %s; removed %d leftover files", recovered.runs, len(recovered.files))
    lake.ensure_current_in_background()  # XRM_LAKE: a lake version a failed publish step left unwritten
    jobs = background.manager()
    app = Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(settings.ROOT / "pages"),
        assets_folder=str(settings.ROOT / "assets"),
        suppress_callback_exceptions=True,
        title="XRM",
        update_title=None,
        serve_locally=True,
        # long jobs (model training, clustering) run in worker processes, with progress and cancel:
        # Celery workers when XRM_REDIS_URL is set, else processes forked here (background.py)
        background_callback_manager=jobs,
    )
    server.config["XRM_BACKGROUND_JOBS"] = background.describe(jobs)
    app.layout = shell.layout
    serving.preload(app)  # the chart library fetched while the page's layout is on its way
    serving.quick_revalidation(app)  # an unchanged on-demand chunk answered without reading it again

    @server.route("/status")
    def status():
        """Which warehouse version this process answers from (behind login like every route)."""
        try:
            warehouse = get_warehouse()
            orders = warehouse.cursor().execute("SELECT count(DISTINCT order_id) FROM fact_order_line").fetchone()[0]
            fallback = warehouse.fallback
            return flask.jsonify(
                warehouse_version=warehouse.version(),
                source=warehouse.meta().get("source"),
                orders=orders,
                unreadable_version=fallback.bad.stem if fallback else None,
            )
        except WarehouseUnavailable as exc:
            return flask.jsonify(error=str(exc)), 503

    from callbacks import export_routes  # downloads of views and detail rows; the PNG button

    export_routes.register(server)
    from callbacks import campaign_exports  # the campaigns page's downloads

    campaign_exports.register(server)

    import importlib
    import pkgutil

    from dash import _callback

    import callbacks

    for module in pkgutil.iter_modules(callbacks.__path__):  # importing a module registers its callbacks
        importlib.import_module(f"callbacks.{module.name}")
    from callbacks import campaign_files  # the campaign planner's contact files

    campaign_files.register(server)
    from callbacks import segment_exports  # a saved segment's member list

    segment_exports.register(server)

    register_background_roles(_callback.GLOBAL_CALLBACK_MAP)  # their roles are checked per request
    serving.finish_setup(app)  # before any request: threads racing through Dash's first-request setup
    return app


app = create_app()
server = app.server

if __name__ == "__main__":
    serving.configure_logging()
    ensure_demo_accounts(announce=True)
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8050"))
    print(f"XRM serving on http://{host}:{port}", flush=True)
    print(f"Background jobs: {server.config['XRM_BACKGROUND_JOBS']}", flush=True)
    app.run(host=host, port=port, debug=False)
