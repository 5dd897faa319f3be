"""Translation entries by module: each ``i18n/parts/<name>.py`` defines ``ENTRIES`` (key -> {en, ko}).

They are merged into ``i18n.translations.TRANSLATIONS``; a key defined twice is an error.
"""
