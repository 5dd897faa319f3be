"""What the studio's background jobs share: progress messages in the reader's language."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc

from i18n import t


def progress_reporter(set_progress, lang: str):
    """A ``progress(fraction, key)`` for mining functions that updates a Dash progress bar."""

    def progress(fraction: float, key: str) -> None:
        set_progress((int(round(fraction * 100)), t(key, lang, default=key)))

    return progress


def publish_note(published: bool, lang: str, level_id: str):
    """Where to find a scoring job's scores once published (``jobs.publish.publish_after_run``),
    or, when publishing failed, that the run is kept and what to do."""
    if not published:
        return dbc.Alert(t("mining.publish.failed", lang), color="warning", className="mb-0 small")
    link = dcc.Link(t("mining.publish.explore", lang), href=f"/explore?r={level_id}", className="alert-link")
    return dbc.Alert([t("mining.publish.done", lang), " ", link], color="success", className="mb-0 small py-2")
