"""Cluster names and rule sentences in the reader's language, made at display time.

A run stores language-free keys (``revenue:high+chan_online:high``, ``typical#2``: see
``explain.cluster_keys``), rule conditions and ``value_names`` (column -> the category or
channel value of the data it stands for); these functions put them into words. Category and
channel values are the user's data and are shown as the data spells them, never translated.
A name stored by a run made before keys existed is shown as it was stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from i18n import t
from mining.clustering.explain import TRAITS, TYPICAL
from mining.features import DIGEST

_KEY = re.compile(r"^(typical|\w+:(?:high|low)(?:\+\w+:(?:high|low))*)(?:#(\d+))?$")


def value_words(column: str, names: dict[str, str] | None = None) -> str:
    """The data value a ``cat_``/``chan_`` column stands for; without the run's names, its words."""
    if names and column in names:
        return names[column]
    words = column.split("_", 1)[1] if "_" in column else column
    return words.split(DIGEST)[0].replace("_", " ").strip() or words


def feature_words(feature: str, lang: str = "en", names: dict[str, str] | None = None) -> str:
    """A clustering column in words: "Days since the last order", "Revenue share: Cookware"."""
    if feature.startswith("cat_"):
        return t("mining.propensity.feature.category_share", lang, category=value_words(feature, names))
    if feature.startswith("chan_"):
        group = value_words(feature, names)  # the contract's 'online'/'offline' have words; others show as stored
        return t("mining.cluster.feature.channel_share", lang, channel=t(f"channel_group.{group}", lang, default=group))
    return t(f"mining.propensity.feature.{feature}", lang, default=feature)


def trait_label(feature: str, direction: str, lang: str = "en", names: dict[str, str] | None = None) -> str:
    if feature.startswith("cat_"):
        return t("mining.cluster.trait.category", lang, category=value_words(feature, names))
    base = TRAITS.get(feature)
    if base is None:
        return t(f"mining.cluster.trait.other.{direction}", lang, feature=feature_words(feature, lang, names))
    return t(f"mining.cluster.trait.{base}.{direction}", lang)


def cluster_name(traits: Sequence[tuple[str, str]], lang: str = "en", names: dict[str, str] | None = None) -> str:
    """A short name from a cluster's traits, e.g. "High value · Online"; "Typical" without traits."""
    if not traits:
        return t("mining.cluster.trait.typical", lang)
    return " · ".join(trait_label(f, d, lang, names) for f, d in traits)


def name_of_key(key: str | None, lang: str = "en", names: dict[str, str] | None = None) -> str | None:
    """The words for a stored cluster key ("High value · Online", "Typical 2"); any other text as is."""
    match = _KEY.match(key) if isinstance(key, str) else None
    if match is None:
        return key
    body, number = match.groups()
    traits = [] if body == TYPICAL else [tuple(part.split(":")) for part in body.split("+")]
    name = cluster_name(traits, lang, names)
    return name if number is None else f"{name} {number}"


def names_of_run(metrics: dict, lang: str) -> dict[int, str]:
    """Cluster -> name in ``lang`` for a stored run (runs stored with names show those names)."""
    out = {}
    names = metrics.get("value_names")
    for c in metrics["clusters"]:
        stored = c.get("name_ko") if lang == "ko" else None
        out[c["cluster"]] = stored or name_of_key(c.get("key", c.get("name")), lang, names)
    return out


def format_threshold(value: float) -> str:
    """1,250 / 12.5 / 0.3: readable thresholds for people."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.2g}"


def rule_text(conditions: Sequence[Sequence], lang: str = "en", names: dict[str, str] | None = None) -> str:
    """``Revenue > 1,250 and Revenue share through online ≤ 0.3``; "all customers" without conditions."""
    if not conditions:
        return t("mining.cluster.rule.everyone", lang)
    parts = []
    for feature, op, threshold in conditions:
        sign = "≤" if op == "<=" else ">"
        parts.append(f"{feature_words(feature, lang, names)} {sign} {format_threshold(threshold)}")
    return t("mining.cluster.rule.and", lang).join(parts)
