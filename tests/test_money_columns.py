"""Currency on every money figure (issue 17 item 10): every grid column that holds money is formatted as
money (the reporting currency's symbol; 만/억 in Korean as on the cards), and the browser's formatter
(assets/money.js) writes what ``i18n.format.money`` writes."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from components.formatters import KINDS, column, grid_value_formatter, measure_column
from i18n import format as fmt

ROOT = Path(__file__).resolve().parents[1]
# a column named like this holds money (gross_margin is money, margin_pct is not)
MONEY_NAME = re.compile(
    r"(revenue|cost|profit|amount|monetary|clv|budget|spend|price|order_value|gross_margin|^value$|_value$|^value_)"
)
NOT_MONEY = re.compile(r"(pct|rate|share|roi|_n$|count|customers|orders|^p_value$)")


def money_named(field: str) -> bool:
    return bool(MONEY_NAME.search(field)) and not NOT_MONEY.search(field)


def _kind_of(node: ast.AST) -> str | None:
    """The kind a formatter call asks for (``grid_value_formatter("money", …)``), if literal."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "grid_value_formatter" and node.args:
        first = node.args[0]
        return first.value if isinstance(first, ast.Constant) else None
    return None


def column_kinds():
    """Every numeric column the view modules define, as ``(module:line, field, kind)``: ``column(field, header,
    kind, …)`` calls, dict columns with a ``valueFormatter``, and (field, …, kind) spec tuples."""
    found = []
    for path in sorted((ROOT / "components").glob("*.py")):
        tree = ast.parse(path.read_text())
        names = {}  # name = grid_value_formatter("kind", …)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                kind = _kind_of(node.value)
                if kind:
                    names[node.targets[0].id] = kind
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "column" and len(node.args) >= 3:
                field, kind = node.args[0], node.args[2]
                if isinstance(field, ast.Constant) and isinstance(kind, ast.Constant):
                    found.append((where, field.value, kind.value))
            elif isinstance(node, ast.Dict):
                keys = {k.value: v for k, v in zip(node.keys, node.values, strict=False) if isinstance(k, ast.Constant)}
                field = keys.get("field")
                if not isinstance(field, ast.Constant) or not isinstance(field.value, str):
                    continue
                formatter = keys.get("valueFormatter")
                kind = names.get(formatter.id) if isinstance(formatter, ast.Name) else _kind_of(formatter)
                numeric = isinstance(keys.get("type"), ast.Constant) and keys["type"].value == "rightAligned"
                if kind or numeric:
                    found.append((where, field.value, kind or "unformatted"))
            elif isinstance(node, ast.Assign) and re.search(r"COLUMNS|COMPARISON", ast.unparse(node.targets[0])):
                for spec in ast.walk(node.value):  # (field, header key, kind) or (field, kind) tuples
                    items = [e.value if isinstance(e, ast.Constant) else None for e in getattr(spec, "elts", [])]
                    if (
                        isinstance(spec, ast.Tuple)
                        and len(items) >= 2
                        and isinstance(items[0], str)
                        and items[-1] in KINDS
                    ):
                        found.append((f"{path.name}:{spec.lineno}", items[0], items[-1]))
    return found


def test_the_walk_finds_the_grids_columns():
    fields = {(where.split(":")[0], field) for where, field, _ in column_kinds()}
    # a few known money columns, so that a walk finding nothing cannot pass
    for known in [
        ("executive_view.py", "revenue"),
        ("pipeline_view.py", "value"),
        ("whatif_view.py", "revenue_mean"),
        ("customers_view.py", "revenue"),
        ("rfm_view.py", "clv"),
        ("campaign_view.py", "incremental_revenue"),
    ]:
        assert known in fields, known


def test_every_money_column_shows_the_currency():
    wrong = [(where, field, kind) for where, field, kind in column_kinds() if money_named(field) and kind != "money"]
    assert not wrong, f"money columns without the currency: {wrong}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_money_columns_carry_the_exact_amount_in_a_tooltip(lang):
    money = column("revenue", "Revenue", "money", lang)
    assert "xrmMoney(" in money["valueFormatter"]["function"]
    assert "true)" in money["tooltipValueGetter"]["function"]  # exact
    assert "tooltipValueGetter" not in column("orders", "Orders", "count", lang)
    assert "xrmMoney(" in measure_column("r", "R", "revenue", lang)["valueFormatter"]["function"]
    assert "toFixed" in measure_column("m", "M", "margin_pct", lang)["valueFormatter"]["function"]


VALUES = [0, 7, 12.4, 999, 9_999, 10_000, 12_345, 99_999, 123_456, 1_234_567, 98_765_432, 123_456_789,
          2_345_678_901, 1.5e12, -4_321, -87_654_321]  # fmt: skip


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node to run the browser's formatter")
@pytest.mark.parametrize("currency", ["USD", "KRW", "CHF"])
def test_browser_money_is_the_cards_money(currency):
    """assets/money.js (run in Node) equals i18n.format.money: compact in Korean, exact in English."""
    symbol = fmt.currency_symbol(currency)
    calls = []
    for lang in ("en", "ko"):
        formatter = grid_value_formatter("money", lang)["function"].replace(
            json.dumps(fmt.currency_symbol()), json.dumps(symbol)
        )
        calls += [f"(function(params){{return {formatter};}})({{value: {json.dumps(v)}}})" for v in VALUES]
        calls.append(f"(function(params){{return {formatter};}})({{value: null}})")
    script = (ROOT / "assets" / "money.js").read_text() + (
        "\nconst xrmMoney = globalThis.dashAgGridFunctions.xrmMoney;\n"
        f"console.log(JSON.stringify([{', '.join(calls)}]));"
    )
    out = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
    expected = []
    for lang in ("en", "ko"):
        expected += [fmt.money(v, lang, currency=currency, exact=lang == "en") for v in VALUES]
        expected.append("–")
    assert out == expected
    assert "$1.2억" in [fmt.money(123_456_789, "ko")] and all(s.startswith(("-", symbol)) for s in out if s != "–")
