"""How numbers look in grids and charts: one AG Grid formatter per kind of value, one chart config.

A grid keeps raw numbers (so columns sort as numbers) and formats them in the browser with a
``valueFormatter`` written here once: money with the reporting currency's symbol, amounts,
counts, fixed decimals, percentages; an empty cell shows ``–``; grouping follows the reader's
language. ``measure_formatter`` picks the kind from the cube's measure. ``column`` builds a
right-aligned numeric column; ``graph_config`` is every chart's mode bar.
"""

from __future__ import annotations

import json

from i18n import format as fmt
from olap.cube import measure

KINDS = ("money", "amount", "count", "number", "percent", "score")
# the cube's measure kinds → the formatter's
MEASURE_KINDS = {
    "money": "money",
    "percent": "percent",
    "percent_points": "percent",
    "score": "score",
    "hours": "score",
}


def _locale(lang: str) -> str:
    return "ko-KR" if lang == "ko" else "en-US"


def grid_value_formatter(kind: str, lang: str, *, decimals: int | None = None, suffix_js: str = "") -> dict:
    """An AG Grid ``valueFormatter`` for values of ``kind``:

    - ``money``: the reporting currency's symbol and the amount, as on the cards: exact in English
      (``$1,235``), in 만/억 in Korean (``$1.2억``) with the exact amount in the tooltip (``column``);
      ``decimals`` for small prices (0 by default);
    - ``amount``: a whole amount without a symbol (``1,235``); ``count`` the same for counts;
    - ``number``: ``decimals`` fixed decimals (2 by default);
    - ``percent``: a fraction as a percentage with ``decimals`` decimals (1 by default);
    - ``score``: up to two decimals.

    ``suffix_js`` is a JavaScript expression appended to a formatted value (a footnote mark).
    """
    locale = _locale(lang)
    if kind == "money":
        body = _money_js(lang, decimals)
    elif kind in ("amount", "count"):
        body = f"Math.round(params.value).toLocaleString('{locale}')"
    elif kind == "number":
        places = 2 if decimals is None else decimals
        opts = f"{{minimumFractionDigits: {places}, maximumFractionDigits: {places}}}"
        body = f"Number(params.value).toLocaleString('{locale}', {opts})"
    elif kind == "percent":
        body = f"(params.value * 100).toFixed({1 if decimals is None else decimals}) + '%'"
    elif kind == "score":
        body = f"Number(params.value).toLocaleString('{locale}', {{maximumFractionDigits: 2}})"
    else:
        raise ValueError(f"unknown value kind {kind!r}; one of {KINDS}")
    if suffix_js:
        body = f"{body} + ({suffix_js})"
    return {"function": f"params.value == null ? '–' : {body}"}


def _money_js(lang: str, decimals: int | None, exact: bool = False) -> str:
    """The call of ``xrmMoney`` (assets/money.js, the JavaScript twin of ``i18n.format.money``)."""
    symbol = json.dumps(fmt.currency_symbol())
    return f"xrmMoney(params.value, {symbol}, {json.dumps(lang)}, {decimals or 0}, {'true' if exact else 'false'})"


def money_tooltip(lang: str, decimals: int | None = None) -> dict:
    """A money cell's tooltip: the exact amount with the currency (Korean cells show 만/억)."""
    return {"function": f"params.value == null ? '' : {_money_js(lang, decimals, exact=True)}"}


def measure_formatter(name: str, lang: str) -> dict:
    """The formatter of a cube measure's column."""
    return grid_value_formatter(MEASURE_KINDS.get(measure(name).kind, "count"), lang)


def column(field: str, header: str, kind: str, lang: str, **extra) -> dict:
    """A right-aligned numeric AG Grid column formatted as ``kind`` (``extra``: more column options,
    ``decimals``/``suffix_js`` go to the formatter)."""
    options = {k: extra.pop(k) for k in ("decimals", "suffix_js") if k in extra}
    tip = {"tooltipValueGetter": money_tooltip(lang, options.get("decimals"))} if kind == "money" else {}
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "valueFormatter": grid_value_formatter(kind, lang, **options),
        **tip,
        **extra,
    }


def measure_column(field: str, header: str, measure_name: str, lang: str, **extra) -> dict:
    """A numeric column of a cube measure's values (money with its currency, percentages…)."""
    return column(field, header, MEASURE_KINDS.get(measure(measure_name).kind, "count"), lang, **extra)


def graph_config(name: str, *, select: bool = True) -> dict:
    """A chart's mode bar: no logo, a PNG download named ``xrm-<name>`` at twice the size;
    ``select=False`` removes the box and lasso selection tools."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": f"xrm-{name}"}}
    if not select:
        config["modeBarButtonsToRemove"] = ["select2d", "lasso2d"]
    return config
