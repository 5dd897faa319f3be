"""Korean particles that agree with the word before them, whatever that word is.

A Korean text names values it cannot know in advance ("{field}은(는)…"). The particle depends on
whether the word before it ends in a consonant: 도시는, 국가는, 매출은; 주문을, 고객을; 파트너로,
서울로, 부산으로. Texts write the pair — 은(는), 이(가), 을(를), 와(과)/과(와), (으)로 — and
``attach`` keeps the one that fits the character before it:

- a Hangul syllable by its final consonant (ㄹ counts as none for (으)로);
- a digit as it is read (일, 삼, 육, 칠, 팔, 십… end in a consonant; 이, 사, 오, 구 do not);
- a Latin letter as it is commonly read: capitals by their names (엘, 엠, 엔, 알 end in one),
  words by their last sounded letter (a final silent e is skipped);
- closing brackets, quotes and spaces are looked through to the word inside.
Anything else (a % sign, a symbol) keeps the vowel form.
"""

from __future__ import annotations

import re
import unicodedata

PAIRS = {  # written pair -> (after a final consonant, after a vowel)
    "은(는)": ("은", "는"),
    "이(가)": ("이", "가"),
    "을(를)": ("을", "를"),
    "와(과)": ("과", "와"),
    "과(와)": ("과", "와"),
    "(으)로": ("으로", "로"),
}
_PAIR = re.compile("|".join(re.escape(p) for p in PAIRS))
_DIGIT_BATCHIM = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True,
                  "8": True, "9": False}  # fmt: skip
_DIGIT_RIEUL = {"1", "7", "8"}  # 일, 칠, 팔 end in ㄹ
_CAPITAL_BATCHIM = {"L": "rieul", "M": True, "N": True, "R": "rieul"}
_WORD_BATCHIM = set("bcdgklmnpt")
_SKIP = set(" )]}'\"”’»」』")


def _final(text: str, end: int) -> bool | str | None:
    """True / "rieul" / False: how the word ending before ``end`` ends; None when unknown."""
    i = end - 1
    while i >= 0 and text[i] in _SKIP:
        i -= 1
    if i < 0:
        return None
    ch = text[i]
    if "가" <= ch <= "힣":
        jong = (ord(ch) - 0xAC00) % 28
        return False if jong == 0 else "rieul" if jong == 8 else True
    value = unicodedata.digit(ch, None)  # any script's digit (２, ٢) reads as its value
    if value is not None:
        digit = str(value)
        return "rieul" if digit in _DIGIT_RIEUL else _DIGIT_BATCHIM[digit]
    if "A" <= ch <= "Z" and (i == 0 or not text[i - 1].islower()):
        return _CAPITAL_BATCHIM.get(ch, False)
    if ch.isascii() and ch.isalpha():
        word = text[: i + 1].lower()
        if word.endswith("e") and len(word) > 1 and word[-2].isalpha():
            word = word[:-1]  # a silent e: online, purple
        last = word[-1]
        return "rieul" if last in "lr" else last in _WORD_BATCHIM
    return None


def attach(text: str) -> str:
    """``text`` with every written particle pair resolved by the word before it."""
    if "(" not in text:
        return text

    def pick(match: re.Match) -> str:
        after_consonant, after_vowel = PAIRS[match.group(0)]
        final = _final(text, match.start())
        if final is None:
            return after_vowel
        if match.group(0) == "(으)로":
            return after_vowel if final in (False, "rieul") else after_consonant
        return after_consonant if final else after_vowel

    return _PAIR.sub(pick, text)
