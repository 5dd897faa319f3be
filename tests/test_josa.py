"""Korean particles agree with the word before them (i18n.josa), in every Korean text t() gives."""

import pytest

from i18n import t
from i18n.josa import attach


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("도시은(는) 비어 있습니다", "도시는 비어 있습니다"),  # the complaint: 도시은(는)
        ("매출은(는)", "매출은"),
        ("국가이(가)", "국가가"),
        ("고객을(를)", "고객을"),
        ("파트너을(를)", "파트너를"),
        ("서울(으)로", "서울로"),  # ㄹ takes 로
        ("부산(으)로", "부산으로"),
        ("파트너(으)로", "파트너로"),
        ("제품와(과) 고객", "제품과 고객"),
        ("매출과(와) 주문", "매출과 주문"),
        ("주문과(와) 매출", "주문과 매출"),
        ("3이(가)", "3이"),  # 삼
        ("2이(가)", "2가"),  # 이
        ("7(으)로", "7로"),  # 칠: ㄹ
        ("6(으)로", "6으로"),  # 육
        ("10%이(가)", "10%가"),  # 퍼센트
        ("RFM은(는)", "RFM은"),  # 엠
        ("AUC은(는)", "AUC는"),  # 씨
        ("URL을(를)", "URL을"),  # 엘
        ("Excel을(를)", "Excel을"),
        ("online은(는)", "online은"),  # silent e: 온라인
        ("Asia와(과)", "Asia와"),
        ("“주방가전”을(를)", "“주방가전”을"),  # looks through quotes
        ("(주방가전)이(가)", "(주방가전)이"),
        ("２이(가)", "２가"),  # a full-width digit (a fuzzed URL had one): read as 2
        ("³을(를)", "³을"),  # a superscript three: 삼
        ("⅔은(는)", "⅔는"),  # not a digit: the vowel form
    ],
)
def test_particles_follow_the_final_sound(written, read):
    assert attach(written) == read


def test_t_resolves_particles_in_korean_only():
    assert "“하나”는 숫자가 아닙니다" in t("segment.not_a_number", "ko", field="도시", value="하나")
    assert "“열다섯”은 숫자가 아닙니다" in t("segment.not_a_number", "ko", field="도시", value="열다섯")
    english = t("segment.not_a_number", "en", field="city", value="abc")
    assert english == "city needs a number; “abc” is not one."
