"""One kind of error a person can act on: a message key and its values, words chosen where shown.

Every layer raises its own subclass (``CubeError``, ``MiningError``, ``SegmentError``,
``CustomerError``, ``AnalysisUnavailable``, ``ImportProblem``) so callers can tell them apart;
all of them carry ``key`` and ``values``, and ``message(lang)`` says it in the reader's language.
"""

from __future__ import annotations


class KeyedError(Exception):
    """An error with an i18n message key and the values its text needs."""

    def __init__(self, key: str, **values):
        self.key = key
        self.values = values
        super().__init__(self.text())

    def text(self) -> str:
        """What ``str()`` and logs show (the key and its values; a subclass may say it in words)."""
        return f"{self.key}: {self.values}"

    def message(self, lang: str) -> str:
        """The error in the reader's language."""
        from i18n import t  # lazy: i18n's table is large and most errors are never shown

        return t(self.key, lang, **self.values)
