"""The Celery worker that runs XRM's background jobs when ``XRM_REDIS_URL`` is set.

``make worker`` (or ``celery -A worker:celery_app worker``) runs it; ``make serve`` starts one beside
gunicorn. Importing this module makes the Celery app (broker and result backend: ``XRM_REDIS_URL``)
and Dash's ``CeleryManager`` over it, then imports the app: every background callback registers
itself as a task of that Celery app, exactly as in the web processes that queue them. Job processes
open the warehouse read-only like a web worker; a job that writes a version goes through
``data.warehouse.write_version`` and its writer lock.
"""

from __future__ import annotations

import sys

import background
import serving

url = background.redis_url()
if url is None:
    sys.exit(f"{background.URL_VARIABLE} is not set: background jobs run on diskcache inside the web processes.")

celery_app = background.celery_app(url)
background.celery_manager(url)  # before the app: the app's callbacks register with this manager

from celery.signals import setup_logging  # noqa: E402


@setup_logging.connect
def _json_logging(**_kwargs) -> None:
    """Worker log lines are JSON objects like the app's (``XRM_LOG_FORMAT=text`` for plain ones)."""
    serving.configure_logging()


import app as _xrm  # noqa: E402,F401  registers every background callback as a task of celery_app
