"""Every label exists in English and Korean; numbers, money and dates follow the language."""

import datetime as dt
import re
from pathlib import Path

import pytest

from i18n import LANGUAGES, t
from i18n import format as fmt
from i18n.translations import TRANSLATIONS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for d in ("pages", "callbacks", "components", "auth", "olap", "i18n") for p in (ROOT / d).rglob("*.py")]
SOURCES.append(ROOT / "app.py")


@pytest.mark.parametrize("key", sorted(TRANSLATIONS))
def test_every_key_has_every_language(key):
    for lang in LANGUAGES:
        assert TRANSLATIONS[key].get(lang, "").strip(), f"{key} lacks {lang}"


@pytest.mark.parametrize("key", sorted(TRANSLATIONS))
def test_placeholders_agree_between_languages(key):
    fields = {lang: set(re.findall(r"{(\w+)}", TRANSLATIONS[key][lang])) for lang in LANGUAGES}
    assert fields["en"] == fields["ko"], key


def used_keys():
    literal = re.compile(r"""\bt\(\s*["']([a-z_]+\.[\w.]+)["']""")
    for path in SOURCES:
        for key in literal.findall(path.read_text()):
            yield path.name, key


def test_every_literal_key_in_the_code_is_in_the_table():
    missing = sorted({(f, k) for f, k in used_keys() if k not in TRANSLATIONS})
    assert not missing


def test_dynamic_key_families_are_complete():
    from auth import ROLES

    for role in ROLES:
        assert f"role.{role}" in TRANSLATIONS
    for key in (
        "revenue",
        "gross_margin",
        "orders",
        "active_customers",
        "new_customers",
        "repeat_rate",
        "aov",
        "online_share",
    ):
        assert f"kpi.{key}" in TRANSLATIONS and f"kpi.{key}.help" in TRANSLATIONS
    for name in ("period", "region", "country", "channel", "ctype"):
        assert f"rejected.{name}" in TRANSLATIONS


def test_missing_key_fails_loudly():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_unknown_language_falls_back_to_english():
    assert t("nav.home", "fr") == "Dashboard"
    assert t("nav.home", "ko") == "대시보드"


@pytest.mark.parametrize(
    "value,lang,expected",
    [
        (1_234_567, "en", "1.2M"),
        (1_234_567, "ko", "123.5만"),
        (123_456_789, "ko", "1.2억"),
        (999, "en", "999"),
        (12_345, "en", "12.3K"),
        (250_000_000, "en", "250M"),
        (-45_000, "ko", "-4.5만"),
    ],
)
def test_compact(value, lang, expected):
    assert fmt.compact(value, lang) == expected


def test_money_percent_and_missing_values():
    assert fmt.money(1_234_567, "en") == "$1.2M"
    assert fmt.money(1_234_567, "ko") == "$123.5만"
    assert fmt.money(1234.4, "en", exact=True) == "$1,234"
    assert fmt.money(-5_000, "en") == "-$5K"
    assert fmt.percent(0.1234) == "12.3%"
    assert fmt.percent(0.05, signed=True) == "+5.0%"
    assert fmt.number(None) == fmt.percent(float("nan")) == "–"


def test_dates_follow_the_locale_order():
    day = dt.date(2025, 10, 3)
    assert fmt.date(day, "en") == "Oct 3, 2025"
    assert fmt.date(day, "ko") == "2025. 10. 3."
    assert fmt.month(day, "ko") == "2025년 10월"
    assert fmt.quarter(2025, 4, "en") == "Q4 2025" and fmt.quarter(2025, 4, "ko") == "2025년 4분기"
    assert fmt.month_range(dt.date(2025, 7, 1), dt.date(2025, 9, 1), "en") == "Jul–Sep 2025"
    assert fmt.month_range(dt.date(2024, 11, 1), dt.date(2025, 1, 1), "ko") == "2024년 11월–2025년 1월"


def test_cube_names_and_refusals_are_translated():
    from olap.cube import DIMENSIONS, FACTS, LEVELS, MEASURES

    names = [f"dim.{d}" for d in DIMENSIONS] + [f"level.{lvl}" for lvl in LEVELS]
    names += [f"measure.{m}" for m in MEASURES] + [f"fact.{f}" for f in FACTS]
    assert [n for n in names if n not in TRANSLATIONS] == []
    raised = set()
    for path in (ROOT / "olap").rglob("*.py"):
        raised |= set(re.findall(r"""CubeError\(\s*["'](cube\.[\w.]+)["']""", path.read_text()))
    assert raised and sorted(raised - set(TRANSLATIONS)) == []


# English words a Korean text may hold, each for a reason: names of file formats, products and methods
# (Excel, Parquet, SQLAlchemy, Newcombe, Welch, Gamma, Spark Connect), key names (Enter, Esc), the RFM letters spelled out,
# and values the reader types or finds in the data as they are (encodings, import options, channel groups,
# the 'Unknown' region, the admin account's name)
KOREAN_MAY_SAY = {
    "Excel", "Parquet", "SQLAlchemy", "Newcombe", "Welch", "Gamma", "Enter", "Esc", "Recency", "Frequency",
    "utf", "cp", "latin", "Latin", "sig", "euc", "kr", "amount", "rate", "reject", "quarantine", "keep",
    "online", "offline", "Unknown", "admin", "make", "restore", "Chromium", "Playwright", "Spark", "Connect",
}  # fmt: skip


def english_words(text: str) -> set[str]:
    """English words of a Korean text, leaving out placeholders, command lines, code names and acronyms."""
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"python -m[^가-힣),]*", " ", text)
    words = set()
    for token in text.split():
        if re.search(r"[_./]|--|[a-z][A-Z]", token):  # a table, file, option or module name
            continue
        words.update(w for w in re.findall(r"[A-Za-z]{2,}", token) if not w.isupper())
    return words


def test_korean_texts_hold_no_english_ui_words():
    leaks = {
        key: sorted(english_words(entry["ko"]) - KOREAN_MAY_SAY)
        for key, entry in TRANSLATIONS.items()
        if isinstance(entry, dict) and entry.get("ko")
    }
    assert {k: v for k, v in leaks.items() if v} == {}
    assert english_words("이 파트너 분석을 Explore에서 엽니다 (python -m data.importer load FILE)") == {"Explore"}
