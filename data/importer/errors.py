"""Import problems a person can act on: a message key, its values, and the English text."""

from __future__ import annotations

from errors import KeyedError
from i18n import t
from i18n.parts.importer import EN as MESSAGES  # English text of every message key


def message(key: str, **values) -> str:
    text = MESSAGES.get(key, key)
    try:
        return text.format(**values)
    except (KeyError, IndexError):
        return text


class ImportProblem(KeyedError):
    """Bad input to the importer: ``key`` and ``values`` for the page, ``str()`` in English for the CLI."""

    def text(self) -> str:
        return message(self.key, **self.values)

    def message(self, lang: str) -> str:
        """In the reader's language; a text whose values are incomplete still reads (placeholders stay)."""
        return t(self.key, lang, default=self.text(), **self.values)
