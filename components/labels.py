"""The portal's vocabulary as text, for page layouts: pages do not import the core, so they reach
``olap.labels`` (where exports and insights find the same words) through this module."""

from olap.labels import (
    filter_value_label,
    level_label,
    level_option_label,
    measure_label,
    member_label,
    period_label,
    period_options,
    refusal_text,
    region_label,
    token_label,
)

__all__ = [
    "filter_value_label",
    "level_label",
    "level_option_label",
    "measure_label",
    "member_label",
    "period_label",
    "period_options",
    "refusal_text",
    "region_label",
    "token_label",
]
