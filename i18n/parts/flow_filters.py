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
}
