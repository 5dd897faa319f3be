"""Partners in the cube (tier and stage levels, partner measures) and the dashboard's partner card."""

ENTRIES = {
    # the stage dimension and level (the tier level's name is in i18n/parts/cube.py)
    "dim.partner_stage": {"en": "Partner stage", "ko": "파트너 단계"},
    "level.partner_stage.stage": {"en": "Partner lifecycle stage", "ko": "파트너 생애주기 단계"},
    # members of the partner tier and stage levels
    "partners.cube.member.Direct": {"en": "Direct (no partner)", "ko": "직접 거래 (파트너 없음)"},
    "partners.cube.member.unrated": {"en": "Not rated yet", "ko": "아직 평가 없음"},
    "partners.cube.member.platinum": {"en": "Platinum", "ko": "플래티넘"},
    "partners.cube.member.gold": {"en": "Gold", "ko": "골드"},
    "partners.cube.member.silver": {"en": "Silver", "ko": "실버"},
    "partners.cube.member.bronze": {"en": "Bronze", "ko": "브론즈"},
    "partners.cube.member.prospect": {"en": "Prospect", "ko": "잠재"},
    "partners.cube.member.new": {"en": "New", "ko": "신규"},
    "partners.cube.member.growing": {"en": "Growing", "ko": "성장"},
    "partners.cube.member.mature": {"en": "Mature", "ko": "성숙"},
    "partners.cube.member.declining": {"en": "Declining", "ko": "쇠퇴"},
    "partners.cube.member.dormant": {"en": "Dormant", "ko": "휴면"},
    "partners.cube.member.churned": {"en": "Churned", "ko": "이탈"},
    # partner measures and their definitions
    "measure.partner_revenue": {"en": "Partner revenue", "ko": "파트너 매출"},
    "measure.partner_revenue.help": {
        "en": "Revenue of the order lines sold through a partner (lines without a partner are direct sales).",
        "ko": "파트너를 통해 판매된 주문 내역의 매출 (파트너가 없는 내역은 직접 판매).",
    },
    "measure.partner_share": {"en": "Partner share of revenue", "ko": "파트너 매출 비중"},
    "measure.partner_share.help": {
        "en": "Partner revenue divided by all revenue, in the same cell and period.",
        "ko": "같은 셀과 기간의 전체 매출 대비 파트너 매출 비율.",
    },
    "measure.active_partners": {"en": "Active partners", "ko": "활동 파트너"},
    "measure.active_partners.help": {
        "en": "Distinct partners with at least one order line in the period.",
        "ko": "기간 중 주문 내역이 하나 이상 있는 고유 파트너 수.",
    },
    "measure.partner_customers": {"en": "Partner-served customers", "ko": "파트너 경유 고객"},
    "measure.partner_customers.help": {
        "en": "Distinct customers (guest checkouts excluded) who bought at least once through a partner in the period.",
        "ko": "기간 중 파트너를 통해 한 번 이상 구매한 고유 고객 수 (비회원 주문 제외).",
    },
    # the executive dashboard's partner card
    "exec.partners.title": {"en": "Partner contribution · {period}", "ko": "파트너 기여 · {period}"},
    "exec.partners.share": {"en": "of revenue through partners", "ko": "파트너 경유 매출 비중"},
    "exec.partners.share.help": {
        "en": "Open Explore on partner tier → partner for this period",
        "ko": "이 기간의 파트너 등급 → 파트너 분석을 탐색에서 엽니다",
    },
    "exec.partners.change": {
        "en": "{change} vs the previous period ({compare})",
        "ko": "직전 기간({compare}) 대비 {change}",
    },
    "exec.partners.no_change": {"en": "no comparison period", "ko": "비교 기간 없음"},
    "exec.partners.revenue": {"en": "Partner revenue {value}", "ko": "파트너 매출 {value}"},
    "exec.partners.active": {"en": "{count} active partners", "ko": "활동 파트너 {count}곳"},
    "exec.partners.attention": {
        "en": "{count} partners need attention",
        "ko": "주의가 필요한 파트너 {count}곳",
    },
    "exec.partners.attention_unknown": {
        "en": "Partner attention list not available",
        "ko": "주의 파트너 목록을 표시할 수 없음",
    },
    "exec.partners.none": {
        "en": "No sales went through partners in {period}: this warehouse has no partner sales to show.",
        "ko": "{period}에 파트너를 통한 판매가 없습니다: 이 데이터에는 표시할 파트너 매출이 없습니다.",
    },
}
