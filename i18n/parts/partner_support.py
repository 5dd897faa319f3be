"""Partner communication and support (crm.partners.board, funds, deals) and the page /partners/support."""

ENTRIES = {
    # ------------------------------------------------------------ refusals shared by board, funds, deals
    "partners.error.support_missing": {"en": "Fill in {field}.", "ko": "{field}을(를) 입력하세요."},
    "partners.error.support_too_long": {
        "en": "{field} is too long: {length} characters, at most {limit}.",
        "ko": "{field}이(가) 너무 깁니다: {length}자 (최대 {limit}자).",
    },
    "partners.error.support_not_a_number": {
        "en": "{field}: “{value}” is not a number.",
        "ko": "{field}: “{value}”은(는) 숫자가 아닙니다.",
    },
    "partners.error.support_not_positive": {
        "en": "{field} must be above zero (it is {value}).",
        "ko": "{field}은(는) 0보다 커야 합니다 (현재 {value}).",
    },
    "partners.error.support_bad_date": {
        "en": "{field}: “{value}” is not a date (YYYY-MM-DD).",
        "ko": "{field}: “{value}”은(는) 날짜가 아닙니다 (YYYY-MM-DD).",
    },
    "partners.error.support_unknown_partner": {
        "en": "There is no partner {partner} in the warehouse.",
        "ko": "데이터 웨어하우스에 파트너 {partner}이(가) 없습니다.",
    },
    "partners.error.support_out_of_scope": {
        "en": "Partner {partner} is not one of your partners.",
        "ko": "파트너 {partner}은(는) 담당 파트너가 아닙니다.",
    },
    # ------------------------------------------------------------ board
    "partners.error.board_bad_kind": {
        "en": "“{value}” is not a kind of post; choose one of {allowed}.",
        "ko": "“{value}”은(는) 게시 유형이 아닙니다. {allowed} 중에서 고르세요.",
    },
    "partners.error.board_all_needs_all": {
        "en": "Only a user who sees every partner can post to all partners; choose one of your partners.",
        "ko": "모든 파트너를 볼 수 있는 사용자만 전체 파트너에게 게시할 수 있습니다. 담당 파트너를 고르세요.",
    },
    "partners.error.board_unknown": {"en": "There is no notice {notice}.", "ko": "공지 {notice}이(가) 없습니다."},
    "partners.error.board_already_done": {
        "en": "Notice {notice} is already marked done.",
        "ko": "공지 {notice}은(는) 이미 완료 처리되었습니다.",
    },
    # ------------------------------------------------------------ funds
    "partners.error.fund_end_before_start": {
        "en": "The end ({end}) is before the start ({start}).",
        "ko": "종료일({end})이 시작일({start})보다 앞섭니다.",
    },
    "partners.error.fund_unknown_budget": {"en": "There is no budget {budget}.", "ko": "예산 {budget}이(가) 없습니다."},
    "partners.error.fund_unknown_allocation": {
        "en": "There is no allocation {allocation}.",
        "ko": "배정 {allocation}이(가) 없습니다.",
    },
    "partners.error.fund_unknown_claim": {"en": "There is no claim {claim}.", "ko": "청구 {claim}이(가) 없습니다."},
    "partners.error.fund_over_budget": {
        "en": "Allocating {amount} would exceed the budget “{budget}”: {left} is left to allocate.",
        "ko": "{amount}을(를) 배정하면 예산 “{budget}”을(를) 초과합니다: 배정 가능 금액은 {left}입니다.",
    },
    "partners.error.fund_over_allocation": {
        "en": "A claim of {amount} would exceed the allocation: {left} is left after the approved claims.",
        "ko": "{amount} 청구는 배정액을 초과합니다: 승인된 청구를 제외한 잔액은 {left}입니다.",
    },
    "partners.error.fund_date_outside": {
        "en": "The activity date {date} is outside the budget's period {start} – {end}.",
        "ko": "활동일 {date}이(가) 예산 기간 {start} – {end} 밖에 있습니다.",
    },
    "partners.error.fund_decided": {
        "en": "Claim {claim} was already decided ({status}).",
        "ko": "청구 {claim}은(는) 이미 처리되었습니다 ({status}).",
    },
    # ------------------------------------------------------------ deals
    "partners.error.deal_unknown_customer": {
        "en": "There is no customer {customer} in the warehouse; give a prospect name instead.",
        "ko": "데이터 웨어하우스에 고객 {customer}이(가) 없습니다. 대신 잠재 고객 이름을 입력하세요.",
    },
    "partners.error.deal_close_past": {
        "en": "The expected close {date} is in the past (today is {today}).",
        "ko": "예상 종료일 {date}이(가) 과거입니다 (오늘은 {today}).",
    },
    "partners.error.deal_unknown": {"en": "There is no deal {deal}.", "ko": "딜 {deal}이(가) 없습니다."},
    "partners.error.deal_decided": {
        "en": "Deal {deal} was already decided ({status}).",
        "ko": "딜 {deal}은(는) 이미 처리되었습니다 ({status}).",
    },
    "partners.error.deal_bad_status": {
        "en": "“{value}” is not a deal status; choose one of {allowed}.",
        "ko": "“{value}”은(는) 딜 상태가 아닙니다. {allowed} 중에서 고르세요.",
    },
}
