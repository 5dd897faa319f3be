"""AG Grid formatting of cube measures (the grid keeps raw numbers for sorting)."""

from __future__ import annotations

import json

from i18n import format as fmt
from olap.cube import measure


def grid_formatter(name: str, lang: str) -> dict:
    """An AG Grid valueFormatter for a measure column (the grid keeps raw numbers for sorting)."""
    kind = measure(name).kind
    locale = "ko-KR" if lang == "ko" else "en-US"
    if kind == "money":
        body = f"{json.dumps(fmt.currency_symbol())} + Math.round(params.value).toLocaleString('{locale}')"
    elif kind in ("percent", "percent_points"):
        body = "(params.value * 100).toFixed(1) + '%'"
    elif kind in ("score", "hours"):
        body = f"Number(params.value).toLocaleString('{locale}', {{maximumFractionDigits: 2}})"
    else:
        body = f"Math.round(params.value).toLocaleString('{locale}')"
    return {"function": f"params.value == null ? '–' : {body}"}
