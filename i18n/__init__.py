"""One translation table for every label, in English and Korean.

``t(key, lang, **values)`` looks a label up and fills ``{placeholders}``; a key
missing from the table raises (or gives ``default=``), and a test checks every key has both
languages. It is the one lookup: no layer keeps its own.
"""

from __future__ import annotations

from i18n.josa import attach
from i18n.translations import TRANSLATIONS

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"


def t(key: str, lang: str = DEFAULT_LANGUAGE, *, default: str | None = None, **values) -> str:
    """The label for ``key`` in ``lang`` (English when the language has none), ``{placeholders}`` filled.

    A key missing from the table raises ``KeyError``, unless ``default`` is given: then that text is
    used instead, and a placeholder the values do not fill stays as written. Text that must never
    fail (a job's progress line, a message named by data) passes ``default=key``.
    """
    entry = TRANSLATIONS.get(key)
    if entry is None:
        if default is None:
            raise KeyError(key)
        text = default
    else:
        text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    if values:
        try:
            text = text.format(**values)
        except (KeyError, IndexError, ValueError):
            if default is None:
                raise
    return attach(text) if lang == "ko" else text


def current_language() -> str:
    """The signed-in user's language (session first, then their saved choice)."""
    from flask import has_request_context, session
    from flask_login import current_user

    if not has_request_context():
        return DEFAULT_LANGUAGE
    lang = session.get("lang")
    if lang in LANGUAGES:
        return lang
    lang = getattr(current_user, "language", None)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE
