"""Answers worked out ahead, in the background, while a person looks at the one they asked for.

``ahead(jobs)`` runs a short batch of zero-argument callables (each puts an answer into the shared
result cache, ``olap.engine.cached``) one after another in this process's single background thread,
so that the next click is a cache hit. It never blocks the request that asked: the batch is queued
and the call returns at once. Bounded in work: one thread per process, at most ``MAX_JOBS`` jobs a
batch, at most one batch waiting; a newer batch supersedes an older one (the older stops after the
job it is on, its remaining jobs are dropped). Each batch runs in a copy of the caller's context,
so the request's partner scope (``olap.scope``, a contextvar) is the scope its answers are computed
and filed under. ``XRM_ANTICIPATE=0`` turns it off.
"""

from __future__ import annotations

import contextvars
import logging
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)

MAX_JOBS = 12

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_generation = 0
_next: tuple[int, contextvars.Context, list[Callable[[], object]]] | None = None
_running = False
_idle = threading.Event()
_idle.set()


def _after_fork_in_child() -> None:
    """A forked job process starts with no background thread and nothing queued."""
    global _lock, _pool, _next, _running, _idle
    _lock, _pool, _next, _running = threading.Lock(), None, None, False
    _idle = threading.Event()
    _idle.set()


os.register_at_fork(after_in_child=_after_fork_in_child)


def enabled() -> bool:
    return os.environ.get("XRM_ANTICIPATE", "1") not in ("0", "false", "no", "off")


def ahead(jobs: Iterable[Callable[[], object]]) -> bool:
    """Queue ``jobs`` (at most ``MAX_JOBS`` of them) to run in the background, in the caller's context;
    returns whether anything was queued. A failing job is logged and skipped, never raised."""
    global _generation, _next, _running, _pool
    if not enabled():
        return False
    batch = list(jobs)[:MAX_JOBS]
    if not batch:
        return False
    with _lock:
        _generation += 1
        _next = (_generation, contextvars.copy_context(), batch)
        _idle.clear()
        if _running:  # the running loop picks the newest batch up when its current job ends
            return True
        _running = True
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xrm-ahead")
        pool = _pool
    pool.submit(_run)
    return True


def _run() -> None:
    global _next, _running
    while True:
        with _lock:
            batch, _next = _next, None
            if batch is None:
                _running = False
                _idle.set()
                return
        generation, context, jobs = batch
        for job in jobs:
            with _lock:
                if _generation != generation:  # a newer batch came: what this one had left is stale
                    break
            try:
                context.run(job)
            except Exception:  # an answer worked out ahead is a guess: its failure is the click's to say
                log.debug("an anticipated answer failed", exc_info=True)


def wait_idle(timeout: float | None = None) -> bool:
    """Block until nothing is queued or running (tests, benchmarks); whether it became idle."""
    return _idle.wait(timeout)
