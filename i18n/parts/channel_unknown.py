"""The channel group of revenue whose file named no channel: neither online nor offline."""

ENTRIES = {
    "channel_group.unknown": {"en": "Unknown channel", "ko": "채널 미상"},
    "channel.unknown_share": {
        "en": "{share} of revenue has no known channel: import with --channel or map a channel column.",
        "ko": "매출의 {share}은(는) 채널을 알 수 없습니다. --channel 옵션으로 불러오거나 채널 열을 지정하세요.",
    },
    "channel.unknown_card": {
        "en": "{share} of revenue: unknown channel",
        "ko": "매출의 {share}: 채널 미상",
    },
}
