"""gunicorn settings for ``make serve`` (sizing in README: "Serving").

Workers are processes (each opens the warehouse read-only: DuckDB allows many readers); threads
serve the requests of one worker side by side (DuckDB releases the GIL while it scans). On this
2-core machine 2 workers x 8 threads keep both cores busy without thrashing; more workers than
cores only add memory. ``XRM_WORKERS`` and ``XRM_THREADS`` change them.

With ``XRM_REDIS_URL`` set, the master starts a Celery worker for the background jobs beside the web
workers (``XRM_JOB_WORKERS`` job processes, 1 by default) and stops it when gunicorn stops.
"""

import multiprocessing
import os

wsgi_app = "app:server"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("XRM_WORKERS", min(max(multiprocessing.cpu_count(), 1), 4)))
threads = int(os.environ.get("XRM_THREADS", 8))
worker_class = "gthread"
# Idle keep-alive connections stay open longer than a person's pause between clicks: with gunicorn's
# 2 s default the server closed connections a browser was about to reuse (41 resets in a 5-minute load
# test). Behind a proxy, keep the proxy's idle timeout below this one.
keepalive = int(os.environ.get("XRM_KEEPALIVE", 75))
timeout = 120  # a worker silent this long is restarted (long jobs run as background callbacks)
graceful_timeout = 30
# No recycling by default: a recycled worker resets its keep-alive connections and starts with cold
# caches (measured: 6 restarts in a 5-minute load test, 25 connection resets). XRM_MAX_REQUESTS=N
# recycles each worker after about N requests, where memory must be given back.
max_requests = int(os.environ.get("XRM_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
accesslog = None  # serving.py logs every request as JSON with its request id
errorlog = "-"
logconfig_dict = {  # gunicorn's own lines as JSON too, like the app's
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "serving.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


_job_worker = None  # the Celery worker started by the master (XRM_REDIS_URL set)


def on_starting(server):
    """Once, in the master, before the workers: logging, where background jobs run (a Celery worker
    started beside gunicorn when Redis answers; decided here once so every worker agrees), and the
    demo accounts on the demo warehouse."""
    global _job_worker
    import background
    import serving

    serving.configure_logging()
    if background.decide_for_server():  # before the app is imported: it reads the same environment
        _job_worker = background.start_worker()
    from app import ensure_demo_accounts

    ensure_demo_accounts(announce=True)


def on_exit(server):
    """When gunicorn stops: the Celery worker too (running jobs get the graceful timeout to finish)."""
    import background

    background.stop_worker(_job_worker, grace=graceful_timeout)


def post_worker_init(worker):
    """Each worker ready before its first request: the warehouse opened and its catalog read."""
    import serving

    serving.configure_logging()
    serving.warm_up()
