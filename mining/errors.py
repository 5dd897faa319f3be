"""Errors the mining functions raise: a translation key and the values that fill it.

The page shows ``t(error.key, lang).format(**error.values)``; the key names what was
wrong (too few customers, k larger than the data, a constant feature…) so the person
can act on it. ``Cancelled`` is raised when a long job is stopped from the page.
"""

from __future__ import annotations

from errors import KeyedError


class MiningError(KeyedError, ValueError):
    """Input a model cannot work with; ``key`` and ``values`` make the translated message."""


class Cancelled(Exception):
    """A long mining job was cancelled by its user between two steps."""
