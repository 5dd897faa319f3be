"""Progress and cancellation for long mining jobs: one helper every job uses.

A job takes ``progress(fraction, key)`` (a translation key naming the step) and
``cancelled()``; both may be ``None`` (a script, a test). ``step`` reports and stops the job
between two steps when its user cancelled it; ``within`` maps a sub-step's 0..1 onto a slice
of the whole job.
"""

from __future__ import annotations

from collections.abc import Callable

from mining.errors import Cancelled

Progress = Callable[[float, str], None] | None
IsCancelled = Callable[[], bool] | None

__all__ = ["Cancelled", "IsCancelled", "Progress", "step", "stepper", "within"]


def step(progress: Progress, cancelled: IsCancelled, fraction: float, key: str) -> None:
    """Report ``key`` at ``fraction`` of the job; raise ``Cancelled`` if the user stopped it."""
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(round(float(fraction), 4), key)


def stepper(progress: Progress, cancelled: IsCancelled) -> Callable[[float, str], None]:
    """``step`` bound to one job's callbacks: ``report(fraction, key)``."""
    return lambda fraction, key: step(progress, cancelled, fraction, key)


def within(progress: Progress, start: float, end: float) -> Progress:
    """A progress callback that maps a sub-step's 0..1 onto ``start..end`` of the whole job."""
    if progress is None:
        return None
    return lambda fraction, key: progress(round(start + (end - start) * fraction, 4), key)
