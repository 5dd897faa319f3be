"""Pages that stay on this machine's DuckDB say so when another engine answers the cube (issue 14)."""

import importlib

import pytest
from dash import html

from components import engine_note
from components.engine_note import PAGES, note, one_machine
from i18n import t


def _text(component) -> str:
    children = component.children
    return "".join(
        c if isinstance(c, str) else _text(c) for c in (children if isinstance(children, list) else [children])
    )


def test_nothing_is_said_when_duckdb_answers_the_cube(monkeypatch):
    monkeypatch.delenv("XRM_ENGINE", raising=False)
    assert all(note(page, "en") is None for page in PAGES)

    @one_machine("rfm")
    def layout(**_):
        return html.Div([html.H2("RFM")])

    assert [c.children for c in layout().children] == ["RFM"]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", PAGES)
def test_the_note_names_the_engine_and_the_reason(monkeypatch, page, lang):
    monkeypatch.setenv("XRM_ENGINE", "spark")
    text = _text(note(page, lang))
    assert "Spark" in text
    assert t(f"engine.local.why.{page}", lang) in text
    assert text.startswith(t("engine.local.note", lang, engine="Spark"))


def test_the_note_goes_above_the_page(monkeypatch):
    monkeypatch.setenv("XRM_ENGINE", "spark")
    monkeypatch.setattr(engine_note, "current_language", lambda: "ko")

    @one_machine("clusters")
    def layout(**query):
        return html.Div([html.H2(query["title"])])

    shown = layout(title="군집")
    assert shown.children[0].id == "engine-local-note"
    assert t("engine.local.why.clusters", "ko") in _text(shown.children[0])
    assert shown.children[1].children == "군집"


@pytest.mark.parametrize("page", PAGES)
def test_each_page_that_stays_on_duckdb_carries_the_note(dash_app, page):
    layout = importlib.import_module(f"pages.{page}").layout
    found = set()
    while layout is not None:
        found.add(getattr(layout, "one_machine", None))
        layout = getattr(layout, "__wrapped__", None)
    assert page in found


def test_a_page_without_a_reason_is_refused():
    with pytest.raises(ValueError):
        one_machine("explore")
