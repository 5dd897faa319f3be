"""The one-of-each primitives: translation lookup, URL helpers, grid formatters, refusals, the result cache."""

from __future__ import annotations

import datetime as dt

import pytest

from components.errors import refusal
from components.formatters import column, graph_config, grid_value_formatter, measure_formatter
from crm.customers import CustomerError
from i18n import t
from olap import engine
from olap.cube import CubeError
from olap.urlstate import date, first, search, values, with_aliases


def test_t_raises_on_an_unknown_key_unless_given_a_default():
    with pytest.raises(KeyError):
        t("no.such.key", "en")
    assert t("no.such.key", "ko", default="no.such.key") == "no.such.key"
    assert t("no.such.key", "en", default="{n} rows of {m}", n=3) == "{n} rows of {m}"  # never fails
    assert t("analyses.unknown", "en", value="x", shown="y").startswith("There is no analysis “x”")


@pytest.mark.parametrize(
    ("query", "key", "all_values", "first_value"),
    [
        ({}, "m", [], None),
        ({"m": ""}, "m", [], None),
        ({"m": "revenue"}, "m", ["revenue"], "revenue"),
        ({"m": ["revenue", "orders"]}, "m", ["revenue", "orders"], "revenue"),
        ({"m": [" ", "orders"]}, "m", [" ", "orders"], "orders"),
        ({"h": 12}, "h", ["12"], "12"),
    ],
)
def test_url_values(query, key, all_values, first_value):
    assert values(query, key) == all_values
    assert first(query, key) == first_value


def test_url_dates_aliases_and_search():
    assert date("2025-03-01T10:00") == dt.date(2025, 3, 1) and date("") is None
    with pytest.raises(ValueError):
        date("March")
    assert with_aliases({"period": "2025", "x": 1}, {"period": "p"}) == {"p": "2025", "x": 1}
    assert with_aliases({"period": "2024", "p": "2025"}, {"period": "p"}) == {"p": "2025"}  # the new key wins
    assert search({"m": ["a", "b"], "f.geo.region": "Asia"}) == "?m=a&m=b&f.geo.region=Asia"


@pytest.mark.parametrize(
    ("kind", "lang", "expected"),
    [
        ("amount", "en", "Math.round(params.value).toLocaleString('en-US')"),
        ("count", "ko", "Math.round(params.value).toLocaleString('ko-KR')"),
        ("percent", "en", "(params.value * 100).toFixed(1) + '%'"),
        ("score", "en", "{maximumFractionDigits: 2}"),
        ("number", "en", "{minimumFractionDigits: 2, maximumFractionDigits: 2}"),
    ],
)
def test_grid_formatters(kind, lang, expected):
    function = grid_value_formatter(kind, lang)["function"]
    assert function.startswith("params.value == null ? '–' : ") and expected in function


def test_formatter_options_columns_and_graph_config():
    assert "toFixed(2)" in grid_value_formatter("percent", "en", decimals=2)["function"]
    assert grid_value_formatter("percent", "en", suffix_js="'*'")["function"].endswith(" + ('*')")
    assert "xrmMoney(" in measure_formatter("revenue", "en")["function"]
    assert "toFixed" in measure_formatter("margin_pct", "en")["function"]
    col = column("x", "X", "number", "en", decimals=3, minWidth=90)
    assert col["minWidth"] == 90 and col["type"] == "rightAligned" and "3" in col["valueFormatter"]["function"]
    with pytest.raises(ValueError):
        grid_value_formatter("money-ish", "en")
    assert graph_config("rules")["toImageButtonOptions"]["filename"] == "xrm-rules"
    assert graph_config("a", select=False)["modeBarButtonsToRemove"] == ["select2d", "lasso2d"]


def test_one_refusal_renders_every_layer_s_error():
    cube = refusal(CubeError("cube.unknown_level", level="geo.region"), "ko", id="p")
    assert cube.id == "p" and "권역" in str(cube.children[0].children)  # the level by its name
    customer = refusal(CustomerError("customer.correct.required", field="email"), "ko", hint="Try again")
    assert "이메일" in str(customer.children[0].children) and customer.children[1].children == "Try again"


def test_cached_answers_are_filed_under_the_warehouse_version(tmp_path):
    previous = engine.use_cache_directory(tmp_path / "cache")
    try:
        _check_cached()
    finally:
        engine.use_cache_directory(previous)


def _check_cached():

    class Reader:
        version = "v1"

        def cursor_with_version(self):
            return None, self.version

    reader, calls = Reader(), []

    def compute(cursor):
        calls.append(reader.version)
        return len(calls)

    assert engine.cached(("k",), compute, reader) == engine.cached(("k",), compute, reader) == 1
    assert engine.cached(("other",), compute, reader, keep=lambda answer: False) == 2
    assert engine.cached(("other",), compute, reader) == 3  # the refused answer was not kept
    reader.version = "v2"
    assert engine.cached(("k",), compute, reader) == 4
