"""The mining studio's frame: its menu and what its pages share."""

ENTRIES = {
    "nav.group.mining": {"en": "Mining", "ko": "마이닝"},
}
