"""The import page's load: a validated page import written as one new warehouse version, derivations included."""

from __future__ import annotations

from collections.abc import Callable

from data import import_session as session
from data.importer import LoadResult, load
from jobs.defaults import start as start_default_runs
from jobs.derive import derive


def load_import(
    token: str, owner: str, policy: str | None, progress: Callable[[float, str], None]
) -> LoadResult | None:
    """Load the page import behind ``token`` (None when it was not validated yet); a loaded import is
    forgotten, a refused one stays for another try. KeyError when the import is gone."""
    state = session.get(token, owner)
    if state.validation is None:
        return None
    result = load(state.validation, owner, policy=policy or "reject", progress=progress, derive=derive)
    if result.status == "loaded":
        session.finish(token, owner)
        start_default_runs()  # the default analyses of the new data, in the background
    return result
