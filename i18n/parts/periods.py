"""Partial periods and their like-for-like comparisons (dashboard, Explore, Analyses, insights)."""

ENTRIES = {
    "period.partial_option": {"en": "{period} (partial)", "ko": "{period} (부분 기간)"},
    "exec.compare_partial": {
        "en": (
            "{period} (partial: {days} of {total} days, to {last_day}) vs the same part of the previous "
            "period ({previous}) and of last year ({last_year})"
        ),
        "ko": (
            "{period} (부분 기간: {total}일 중 {days}일, {last_day}까지) · 직전 기간({previous}) 및 "
            "전년 동기({last_year})의 같은 부분 대비"
        ),
    },
    "compare.previous_days": {"en": "vs previous (its first {days} days)", "ko": "직전 대비 (처음 {days}일)"},
    "compare.last_year_days": {"en": "vs last year (first {days} days)", "ko": "전년 대비 (처음 {days}일)"},
    "insight.uncovered": {
        "en": "No comparison with {period}: the data starts on {data_start}, inside that period, so its figures "
        "would cover only part of it.",
        "ko": "{period}과(와) 비교하지 않습니다: 데이터가 그 기간 중인 {data_start}에 시작해 일부만 담고 있습니다.",
    },
    "insight.partial": {
        "en": (
            "{period} is partial: the data ends on {last_day} ({days} of {total} days), so it is compared "
            "with the same part of the period before."
        ),
        "ko": (
            "부분 기간: {period} 데이터가 {last_day}에 끝납니다({total}일 중 {days}일). "
            "직전 기간의 같은 부분과 비교합니다."
        ),
    },
    "explore.previous_of_partial": {
        "en": "{measure} (previous, same part)",
        "ko": "{measure} (직전 기간의 같은 부분)",
    },
    "insight.partial_period": {"en": "the same days of {period} ({span})", "ko": "{period}의 같은 기간({span})"},
}
