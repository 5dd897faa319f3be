"""Where background callbacks run: Celery workers over Redis when ``XRM_REDIS_URL`` is set, else
Dash's ``DiskcacheManager`` (a process forked by the web process per job, state in
``instance/cache/background``).

``manager()`` gives the app its manager. With ``XRM_REDIS_URL`` set, Redis is both Celery's broker
and its result backend (progress and results of jobs); the jobs run in a Celery worker
(``make worker``, or the one ``make serve`` starts beside gunicorn: ``start_worker``) that imports the
app, so it knows every background callback (``worker.py``). A Redis that does not answer when a
process starts is not fatal: the process logs one clear warning and keeps jobs on diskcache (pages
do not need Redis). Under ``make serve`` the gunicorn master decides once for all its workers
(``decide_for_server``), so they never disagree about where a job's result is.

Roles are unchanged: a job is started (and polled, and cancelled) by a web request, which
``components.access.guard_background`` checks before Dash sees it; a worker only runs what a
checked request queued. Whoever can write to that Redis can queue jobs: keep it on loopback or a
private network, with a password (``redis://:password@host:6379/0``).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys

import settings

log = logging.getLogger("xrm.background")
URL_VARIABLE = "XRM_REDIS_URL"
WORKERS_VARIABLE = "XRM_JOB_WORKERS"

_celery_apps: dict = {}
_celery_managers: dict = {}


def redis_url() -> str | None:
    """``XRM_REDIS_URL`` (``redis://host:6379/0``), or None when unset or empty."""
    return os.environ.get(URL_VARIABLE, "").strip() or None


def shown(url: str) -> str:
    """The URL as a log line may show it: without its password."""
    from kombu.utils.url import maybe_sanitize_url

    return maybe_sanitize_url(url)


def redis_problem(url: str, timeout: float = 2.0) -> str | None:
    """None when Redis at ``url`` answers PING within ``timeout`` seconds, else what went wrong."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, OSError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def job_workers() -> int:
    """Job processes of the Celery worker: ``XRM_JOB_WORKERS``, 1 by default (README "Serving")."""
    try:
        return max(int(os.environ.get(WORKERS_VARIABLE, "1")), 1)
    except ValueError:
        return 1


def celery_app(url: str):
    """The Celery app of this process for ``url`` (broker and result backend), made once."""
    if url not in _celery_apps:
        from celery import Celery

        app = Celery("xrm", broker=url, backend=url)
        app.conf.update(
            worker_prefetch_multiplier=1,  # jobs are long: a busy process does not hold queued ones back
            broker_connection_retry_on_startup=True,  # a worker started before Redis waits for it
            result_expires=24 * 3600,  # job results, progress and Dash's keys leave Redis after a day
            task_track_started=True,
            worker_hijack_root_logger=False,  # the worker logs JSON lines like the app (worker.py)
        )
        _celery_apps[url] = app
    return _celery_apps[url]


def celery_manager(url: str):
    """Dash's ``CeleryManager`` over ``celery_app(url)``, made once per process: every background
    callback registered after (or before) it becomes a task of that Celery app."""
    if url not in _celery_managers:
        from dash import CeleryManager

        _celery_managers[url] = CeleryManager(celery_app(url))
    return _celery_managers[url]


def diskcache_manager():
    """Dash's ``DiskcacheManager`` under ``instance/cache/background`` (the default)."""
    import diskcache
    from dash import DiskcacheManager

    return DiskcacheManager(diskcache.Cache(str(settings.cache_dir() / "background")))


def describe(chosen) -> str:
    """Where a manager runs jobs, for the start-up line of ``python app.py``."""
    for url, made in _celery_managers.items():
        if made is chosen:
            return f"Celery over Redis at {shown(url)} (run `make worker` beside this process)"
    return f"worker processes of this process (diskcache in {settings.cache_dir() / 'background'})"


def manager():
    """The background callback manager of this process: Celery when ``XRM_REDIS_URL`` is set and
    Redis answers (or a worker already chose it), diskcache otherwise."""
    url = redis_url()
    if url is None:
        return diskcache_manager()
    if url in _celery_managers:  # the Celery worker (worker.py) made it before importing the app
        return _celery_managers[url]
    problem = redis_problem(url)
    if problem is not None:
        log.warning(
            "%s is set but Redis at %s does not answer (%s): background jobs run on diskcache in this "
            "process instead of Celery. Start Redis (or unset %s) and restart XRM.",
            URL_VARIABLE,
            shown(url),
            problem,
            URL_VARIABLE,
        )
        return diskcache_manager()
    log.info("background jobs: Celery over Redis at %s", shown(url))
    return celery_manager(url)


def decide_for_server() -> str | None:
    """In the gunicorn master, before its workers exist: the Redis URL every worker will use, or
    None. A Redis that does not answer is logged once and ``XRM_REDIS_URL`` removed from the
    environment the workers inherit, so all of them run jobs on diskcache alike."""
    url = redis_url()
    if url is None:
        return None
    problem = redis_problem(url)
    if problem is None:
        return url
    log.warning(
        "%s is set but Redis at %s does not answer (%s): no Celery worker is started and background "
        "jobs run on diskcache. Start Redis (or unset %s) and restart XRM.",
        URL_VARIABLE,
        shown(url),
        problem,
        URL_VARIABLE,
    )
    os.environ.pop(URL_VARIABLE, None)
    return None


def worker_command(concurrency: int | None = None) -> list[str]:
    """The Celery worker ``make worker`` runs: the prefork pool (a cancelled job's process is
    killed, as with diskcache), ``XRM_JOB_WORKERS`` job processes."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "worker:celery_app",
        "worker",
        "--pool=prefork",
        f"--concurrency={concurrency or job_workers()}",
        "--loglevel=INFO",
        "--hostname=xrm@%h",
        "--without-gossip",  # one worker per server: nothing to learn from its peers
        "--without-mingle",
    ]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """The worker ends when the process that started it dies, even by ``kill -9``."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_worker(log_file=None) -> subprocess.Popen:
    """Start the Celery worker beside this process (``make serve``); ``stop_worker`` ends it."""
    command = worker_command()
    process = subprocess.Popen(
        command,
        cwd=settings.ROOT,
        stdout=log_file,
        stderr=subprocess.STDOUT if log_file is not None else None,
        start_new_session=True,  # its job processes are stopped with it (stop_worker)
        preexec_fn=_die_with_parent,
    )
    log.info("started the Celery worker (pid %d): %s", process.pid, " ".join(command[1:]))
    return process


def stop_worker(process: subprocess.Popen | None, grace: float = 30.0) -> None:
    """Ask the worker to stop (running jobs get ``grace`` seconds to finish), then kill its group."""
    if process is None or process.poll() is not None:
        return
    process.terminate()  # Celery's warm shutdown: no new jobs, running ones finish
    try:
        process.wait(grace)  # Celery waits for its job processes before it exits
        return
    except subprocess.TimeoutExpired:
        log.warning("the Celery worker did not stop in %.0f s: killing it and its jobs", grace)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # not yet reaped: the group is still the worker's own
    except (ProcessLookupError, PermissionError):
        pass
    process.wait(10)


def main(argv: list[str] | None = None) -> int:
    """``python -m background worker`` (``make worker``): run the Celery worker in this process."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["worker"]:
        print("usage: python -m background worker", file=sys.stderr)
        return 2
    if redis_url() is None:
        print(f"{URL_VARIABLE} is not set: background jobs run on diskcache inside the web processes.", file=sys.stderr)
        return 2
    command = worker_command()
    os.chdir(settings.ROOT)
    os.execv(command[0], command)
    return 0  # pragma: no cover - execv does not return


if __name__ == "__main__":
    sys.exit(main())
