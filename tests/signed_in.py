"""A request signed in as one user, with a given warehouse as the process-wide one: for calling
callbacks and layouts as plain functions (vizro style)."""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def signed_in(dash_app, pointer, monkeypatch, username: str, path: str = "/"):
    from flask_login import login_user

    import data.warehouse
    from auth.users import get_user

    monkeypatch.setattr(data.warehouse, "_default", data.warehouse.Warehouse(pointer))
    with dash_app.server.test_request_context(path):
        login_user(get_user(username))
        yield
