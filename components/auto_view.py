"""The automatic default runs on a mining page: which run is shown, and what is being computed.

After every load ``jobs.defaults`` computes each page's analysis with default settings. A page
shows the latest run at once; ``run_note`` says whether it is such an automatic run, or one from
before the latest load; ``auto_strip`` + ``watch_auto`` poll the job while it works on the page's
kinds (progress in words), say why a kind could not be computed, and redraw the run when the job
has finished (``<prefix>-auto-done``, an input of the page's ``show_run``).
"""

from __future__ import annotations

import datetime as dt
import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from components.access import callback_for
from i18n import current_language, t
from i18n import format as fmt

log = logging.getLogger(__name__)
POLL_MS = 2000


def when(stamp: str, lang: str) -> str:
    """A load stamp (UTC, ``2025-12-01T08:30:00``) as the reader's date and time."""
    moment = dt.datetime.fromisoformat(stamp)
    return f"{fmt.date(moment.date(), lang)} {moment:%H:%M} UTC"


def run_note(meta: dict, loaded_at: str, lang: str) -> html.Div | None:
    """Above a shown run: 'default settings, computed after the load of …', or that it predates the
    latest load (its numbers describe the earlier data); None for a person's run of this load."""
    created = meta.get("created_at")
    stale = (
        bool(loaded_at) and created is not None and created.replace(tzinfo=None) < dt.datetime.fromisoformat(loaded_at)
    )
    if stale:
        return dbc.Alert(t("auto.stale", lang, time=when(loaded_at, lang)), color="warning", className="py-2 small",
                         id="auto-stale")  # fmt: skip
    if meta.get("auto_for") is None:
        return None
    stamp = meta["auto_for"]
    text = t("auto.badge", lang, time=when(stamp, lang)) if stamp else t("auto.badge.undated", lang)
    return html.Div(text, className="text-muted small mb-2", id="auto-badge")


def with_note(view, meta: dict, loaded_at: str, lang: str):
    """``view`` with its ``run_note`` above it."""
    note = run_note(meta, loaded_at, lang)
    return view if note is None else html.Div([note, view])


def auto_strip(prefix: str) -> list:
    """The poll, its stores and the note's place (``<prefix>-auto-…``)."""
    return [
        dcc.Interval(id=f"{prefix}-auto-poll", interval=POLL_MS, disabled=False),
        dcc.Store(id=f"{prefix}-auto-busy"),
        dcc.Store(id=f"{prefix}-auto-done"),
        html.Div(id=f"{prefix}-auto-note"),
    ]


def _reason(reason: dict | None, lang: str) -> str:
    reason = reason or {"key": "auto.failed", "values": {"error": "?"}}
    return t(reason["key"], lang, default=reason["key"], **reason.get("values", {}))


def auto_note(progress, lang: str) -> list:
    """What the job is doing or could not do for the page's kinds (``jobs.defaults.Progress``)."""
    if progress is None:
        return []
    said = []
    for kind, step in progress.steps.items():
        what = t(f"auto.what.{kind}", lang, default=kind)
        time = when(progress.loaded_at, lang) if progress.loaded_at else "–"
        state = step.get("state")
        if state == "running":
            text = t("auto.running", lang, time=time, what=what, percent=fmt.percent(step.get("fraction") or 0, lang, 0),
                     step=t(step.get("key") or "", lang, default=step.get("key") or "…"))  # fmt: skip
            said.append(dbc.Alert([text, " ", t("auto.until", lang)], color="info", className="py-2 small",
                                  id=f"auto-running-{kind}"))  # fmt: skip
        elif state == "waiting":
            said.append(dbc.Alert([t("auto.waiting", lang, time=time, what=what), " ", t("auto.until", lang)],
                                  color="info", className="py-2 small", id=f"auto-waiting-{kind}"))  # fmt: skip
        elif state in ("failed", "skipped"):
            text = t("auto.not_computed", lang, what=what, time=time, reason=_reason(step.get("reason"), lang))
            said.append(dbc.Alert(text, color="light", className="border py-2 small", id=f"auto-failed-{kind}"))
    return said


def watch_auto(prefix: str, kinds: tuple[str, ...], roles):
    """Register the poll of ``<prefix>``'s strip: the note, the poll's pause once nothing is being
    computed, and ``<prefix>-auto-done`` set when the job finishes (the run is then redrawn)."""
    from jobs.defaults import progress_for

    @callback(
        Output(f"{prefix}-auto-note", "children"),
        Output(f"{prefix}-auto-poll", "disabled"),
        Output(f"{prefix}-auto-busy", "data"),
        Output(f"{prefix}-auto-done", "data"),
        Input(f"{prefix}-auto-poll", "n_intervals"),
        State(f"{prefix}-auto-busy", "data"),
    )
    @callback_for(*roles)
    def watch(_ticks, was_busy):
        lang = current_language()
        try:
            progress = progress_for(kinds)
        except Exception:  # noqa: BLE001 - the note must never break the page
            log.exception("reading the automatic runs' progress failed")
            return [], True, False, no_update
        busy = progress is not None and progress.busy
        finished = bool(was_busy) and not busy
        return auto_note(progress, lang), not busy, busy, (progress.loaded_at if finished else no_update)

    return watch
