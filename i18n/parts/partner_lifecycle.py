"""Partner lifecycle stages: stage names, rule reasons, the attention list and the lifecycle page."""

ENTRIES = {
    "nav.partner_lifecycle": {"en": "Partner lifecycle", "ko": "파트너 생애주기"},
    "partners.lifecycle.title": {"en": "Partner lifecycle", "ko": "파트너 생애주기"},
    "partners.lifecycle.intro": {
        "en": "Each partner's stage is inferred every month from its sales: trend, tenure, recency and the share "
        "of its customers' purchases that go through it. Stages as of {month}.",
        "ko": "파트너의 단계는 매달 판매 실적(추세, 거래 기간, 최근 판매, 고객 구매 중 파트너 경유 비중)으로 추정합니다. "
        "{month} 기준 단계입니다.",
    },
    "partners.lifecycle.partial": {
        "en": "The data ends inside {month}: that month is not complete and is left out.",
        "ko": "데이터가 {month} 중간에 끝납니다. 완결되지 않은 그 달은 제외했습니다.",
    },
    "partners.lifecycle.none": {
        "en": "This warehouse holds no partners or no complete month of sales: there are no stages to show.",
        "ko": "이 웨어하우스에는 파트너나 완결된 판매 월이 없어 보여줄 단계가 없습니다.",
    },
    "partners.lifecycle.distribution": {"en": "Partners by stage", "ko": "단계별 파트너"},
    "partners.lifecycle.transitions": {"en": "Stage moves", "ko": "단계 이동"},
    "partners.lifecycle.transitions_between": {
        "en": "From {start} to {end}: {moved} of {total} partners changed stage.",
        "ko": "{start}부터 {end}까지 파트너 {total}곳 중 {moved}곳의 단계가 바뀌었습니다.",
    },
    "partners.lifecycle.from": {"en": "From", "ko": "시작"},
    "partners.lifecycle.to": {"en": "To", "ko": "끝"},
    "partners.lifecycle.cohorts": {"en": "Current stage by onboarding year", "ko": "온보딩 연도별 현재 단계"},
    "partners.lifecycle.cohort_unknown": {"en": "Unknown", "ko": "알 수 없음"},
    "partners.lifecycle.partners": {"en": "Partners", "ko": "파트너 수"},
    "partners.lifecycle.attention": {"en": "Needs attention", "ko": "주의가 필요한 파트너"},
    "partners.lifecycle.attention_none": {
        "en": "No partner's stage worsened and no trend turned down in the three months to {month}.",
        "ko": "{month}까지 3개월 동안 단계가 나빠지거나 추세가 꺾인 파트너가 없습니다.",
    },
    "partners.lifecycle.col.partner": {"en": "Partner", "ko": "파트너"},
    "partners.lifecycle.col.change": {"en": "Stage", "ko": "단계"},
    "partners.lifecycle.col.sentence": {"en": "Why", "ko": "이유"},
    "partners.lifecycle.col.revenue": {"en": "Revenue (month)", "ko": "매출(월)"},
    "partners.lifecycle.col.trend": {"en": "Trend", "ko": "추세"},
    "partners.lifecycle.col.share": {"en": "Share of customers' purchases", "ko": "고객 구매 중 비중"},
    "partners.lifecycle.col.since": {"en": "Months since a sale", "ko": "마지막 판매 후 개월"},
    "partners.stage.prospect": {"en": "Prospect", "ko": "잠재"},
    "partners.stage.new": {"en": "New", "ko": "신규"},
    "partners.stage.growing": {"en": "Growing", "ko": "성장"},
    "partners.stage.mature": {"en": "Mature", "ko": "성숙"},
    "partners.stage.declining": {"en": "Declining", "ko": "쇠퇴"},
    "partners.stage.dormant": {"en": "Dormant", "ko": "휴면"},
    "partners.stage.churned": {"en": "Churned", "ko": "이탈"},
    "partners.stage.reason.no_sale": {"en": "No sale yet", "ko": "아직 판매 없음"},
    "partners.stage.reason.stopped": {"en": "No sale for 6 months or more", "ko": "6개월 이상 판매 없음"},
    "partners.stage.reason.quiet": {"en": "No sale for 3 months or more", "ko": "3개월 이상 판매 없음"},
    "partners.stage.reason.young": {"en": "Onboarded less than a year ago", "ko": "온보딩 1년 미만"},
    "partners.stage.reason.rising": {"en": "Share rising by 15% or more", "ko": "비중 15% 이상 상승"},
    "partners.stage.reason.falling": {"en": "Share falling by 30% or more", "ko": "비중 30% 이상 하락"},
    "partners.stage.reason.steady": {"en": "Steady share", "ko": "비중 안정"},
    "partners.stage.reason.no_trend": {
        "en": "Too early in the data to measure a trend",
        "ko": "추세를 잴 만큼 데이터가 쌓이지 않음",
    },
    "partners.attention.declining": {
        "en": "{name} went from {from_stage} to Declining: its share of its customers' purchases moved {trend} "
        "against the year before.",
        "ko": "{name}은(는) {from_stage}에서 쇠퇴로 바뀌었습니다. 고객 구매 중 비중이 전년 대비 {trend} 변했습니다.",
    },
    "partners.attention.dormant": {
        "en": "{name} went from {from_stage} to Dormant: no sale for {months} months.",
        "ko": "{name}은(는) {from_stage}에서 휴면으로 바뀌었습니다. {months}개월 동안 판매가 없습니다.",
    },
    "partners.attention.churned": {
        "en": "{name} went from {from_stage} to Churned: no sale for {months} months.",
        "ko": "{name}은(는) {from_stage}에서 이탈로 바뀌었습니다. {months}개월 동안 판매가 없습니다.",
    },
    "partners.attention.turned_down": {
        "en": "{name}'s trend turned down: {trend} now, against {previous_trend} three months before.",
        "ko": "{name}의 추세가 꺾였습니다. 지금 {trend}, 3개월 전에는 {previous_trend}였습니다.",
    },
    "partners.error.dates_reversed": {
        "en": "The end date ({end}) is before the start date ({start}): pick an end after the start.",
        "ko": "끝 날짜({end})가 시작 날짜({start})보다 앞섭니다. 시작 이후의 끝 날짜를 고르세요.",
    },
    "partners.error.dates_before_data": {
        "en": "No complete month of data ends by {start}: pick dates inside the data.",
        "ko": "{start}까지 끝나는 완결된 데이터 월이 없습니다. 데이터 기간 안의 날짜를 고르세요.",
    },
    "partners.error.bad_date": {
        "en": "'{value}' is not a date: use YYYY-MM-DD.",
        "ko": "'{value}'은(는) 날짜가 아닙니다. YYYY-MM-DD 형식을 쓰세요.",
    },
}
