"""Import problems a person can act on: a message key, its values, and the English text."""

from __future__ import annotations

from errors import KeyedError
from i18n import t


class ImportProblem(KeyedError):
    """Bad input to the importer: ``key`` and ``values`` for the page, ``str()`` in English for the CLI."""

    def text(self) -> str:
        return t(self.key, "en", default=self.key, **self.values)

    def message(self, lang: str) -> str:
        """In the reader's language; a text whose values are incomplete still reads (placeholders stay)."""
        return t(self.key, lang, default=self.text(), **self.values)
