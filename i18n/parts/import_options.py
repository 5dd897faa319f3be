"""The importer's per-file options (guest rows, a file's channel) and what a load counted, on the pages."""

ENTRIES = {
    "import_page.options": {"en": "Order lines: guests and channel", "ko": "주문 행: 비회원과 채널"},
    "import_page.guests": {"en": "Rows without a customer id", "ko": "고객 ID가 없는 행"},
    "import_page.guests.keep": {
        "en": "Keep them as guest checkouts (default): they count in revenue, product and country figures, "
        "not as customers",
        "ko": "비회원 구매로 적재(기본값): 매출·상품·국가 집계에는 들어가고 고객 수에는 들어가지 않습니다",
    },
    "import_page.guests.reject": {"en": "Reject them as errors", "ko": "오류로 거부"},
    "import_page.channel": {"en": "Channel of rows that name none", "ko": "채널이 없는 행의 채널"},
    "import_page.channel.placeholder": {
        "en": "e.g. Web shop (empty: an unknown channel)",
        "ko": "예: 온라인 쇼핑몰 (비우면 알 수 없는 채널)",
    },
    "import_page.channel_group": {"en": "… or only its group", "ko": "… 또는 채널 그룹만"},
    "import_page.channel_group.unknown": {
        "en": "Unknown (neither online nor offline)",
        "ko": "알 수 없음(온·오프라인 아님)",
    },
    "import_page.derive.file_channel": {
        "en": "the channel (or channel group) named in the order-line options, for every line",
        "ko": "주문 행 옵션에서 지정한 채널(또는 채널 그룹)을 모든 행에 사용",
    },
    "import_page.result.returns": {
        "en": "{n} return lines (returns and cancellations, stored with negative quantities).",
        "ko": "반품 행 {n}개(반품과 취소, 음수 수량으로 저장).",
    },
    "import_page.result.guests": {
        "en": "{n} guest lines kept: in revenue, not counted as customers.",
        "ko": "비회원 행 {n}개 적재: 매출에는 들어가고 고객 수에는 들어가지 않습니다.",
    },
    "import_page.result.signups": {
        "en": "{n} signup dates set from the customers' first orders.",
        "ko": "가입일 {n}건을 고객의 첫 주문일로 정했습니다.",
    },
    "guests.note": {
        "en": "{orders} guest orders ({revenue}) are in revenue but not counted as customers.",
        "ko": "비회원 주문 {orders}건({revenue})은 매출에는 들어가지만 고객 수에는 들어가지 않습니다.",
    },
}
