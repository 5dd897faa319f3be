"""The shared period and filter bar (issue 17 item 8): filters a page carries but cannot apply."""

ENTRIES = {
    "flow.not_here": {"en": "not applied here", "ko": "이 화면에는 적용 안 됨"},
    "flow.not_here_mark": {"en": "(not applied here)", "ko": "(이 화면에는 적용 안 됨)"},
    "flow.not_here.help": {
        "en": "This page's data cannot be filtered this way; the filter stays for the other pages. Click to remove it.",
        "ko": "이 화면의 데이터는 이 필터로 나눌 수 없습니다. 다른 화면을 위해 필터는 유지됩니다. 누르면 지워집니다.",
    },
    "flow.not_applied": {
        "en": "Not applied on this page (its data has no such field): {filters}. They still apply on the other pages.",
        "ko": "이 화면에는 적용되지 않음(해당 항목이 없는 데이터): {filters}. 다른 화면에서는 계속 적용됩니다.",
    },
    "flow.range_placeholder": {"en": "Custom range", "ko": "사용자 지정 기간"},  # its label says "not applied here"
    "flow.range_applied": {
        "en": "Custom range {range}, as chosen on Explore. Choose a period to replace it.",
        "ko": "탐색 화면에서 고른 사용자 지정 기간 {range}. 기간을 고르면 그 기간으로 바뀝니다.",
    },
    "flow.range_not_applied": {
        "en": "The custom range {range} chosen on another page is not applied here: this page shows whole months, "
        "quarters and years, so it shows {period}. Choose a period to replace the range; Explore and Analyses "
        "still open on the range.",
        "ko": "다른 화면에서 고른 사용자 지정 기간 {range}은(는) 이 화면에 적용되지 않습니다. 이 화면은 월·분기·연 단위로만 "
        "보여 주므로 {period}을(를) 표시합니다. 기간을 고르면 그 기간으로 바뀝니다. 탐색과 분석 화면은 계속 그 기간으로 열립니다.",
    },
}
