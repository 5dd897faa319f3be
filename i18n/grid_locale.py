"""AG Grid's own texts (pagination, overlays, filters, column menu) in the reader's language.

AG Grid draws these itself, in English, unless a grid is given ``localeText``; ``locale_text(lang)``
is that dictionary ({} in English, AG Grid's own words). Keys are AG Grid Community's.
"""

from __future__ import annotations

KOREAN = {
    # pagination and overlays
    "page": "페이지",
    "of": "/",
    "to": "~",
    "more": "이상",
    "next": "다음",
    "last": "마지막",
    "first": "처음",
    "previous": "이전",
    "firstPage": "첫 페이지",
    "lastPage": "마지막 페이지",
    "nextPage": "다음 페이지",
    "previousPage": "이전 페이지",
    "pageLastRowUnknown": "?",
    "pageSizeSelectorLabel": "페이지당 행:",
    "ariaPageSizeSelectorLabel": "페이지당 행 수",
    "loadingOoo": "불러오는 중…",
    "loadingError": "오류",
    "noRowsToShow": "표시할 행이 없습니다",
    "noMatchingRows": "일치하는 행이 없습니다",
    "exportingOoo": "내보내는 중…",
    "invalidDate": "잘못된 날짜",
    "invalidNumber": "잘못된 숫자",
    # filters
    "filterOoo": "필터…",
    "equals": "같음",
    "notEqual": "같지 않음",
    "contains": "포함",
    "notContains": "포함하지 않음",
    "startsWith": "다음으로 시작",
    "endsWith": "다음으로 끝남",
    "blank": "비어 있음",
    "notBlank": "비어 있지 않음",
    "lessThan": "미만",
    "greaterThan": "초과",
    "lessThanOrEqual": "이하",
    "greaterThanOrEqual": "이상",
    "inRange": "범위",
    "inRangeStart": "부터",
    "inRangeEnd": "까지",
    "before": "이전",
    "after": "이후",
    "dateFormatOoo": "연-월-일",  # the date input's placeholder (English letters read as untranslated)
    "andCondition": "그리고",
    "orCondition": "또는",
    "applyFilter": "적용",
    "resetFilter": "초기화",
    "clearFilter": "지우기",
    "cancelFilter": "취소",
    "selectAll": "(모두 선택)",
    "searchOoo": "검색…",
    "blanks": "(빈 값)",
    "noMatches": "일치 항목 없음",
    # column menu and sorting
    "sortAscending": "오름차순 정렬",
    "sortDescending": "내림차순 정렬",
    "sortUnSort": "정렬 해제",
    "pinColumn": "열 고정",
    "pinLeft": "왼쪽 고정",
    "pinRight": "오른쪽 고정",
    "noPin": "고정 해제",
    "autosizeThisColumn": "이 열 너비 맞춤",
    "autosizeAllColumns": "모든 열 너비 맞춤",
    "resetColumns": "열 초기화",
    "columns": "열",
    "filters": "필터",
}


def locale_text(lang: str) -> dict[str, str]:
    """AG Grid's ``localeText`` for ``lang``: Korean words, or {} for AG Grid's own English."""
    return dict(KOREAN) if lang == "ko" else {}
