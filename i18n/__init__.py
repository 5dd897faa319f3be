"""One translation table for every label, in English and Korean.

``t(key, lang, **values)`` looks a label up and fills ``{placeholders}``; a key
missing from the table raises, and a test checks every key has both languages.
"""

from __future__ import annotations

from i18n.translations import TRANSLATIONS

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The label for ``key`` in ``lang`` (English when the language is unknown)."""
    entry = TRANSLATIONS[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


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
