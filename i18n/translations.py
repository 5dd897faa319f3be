"""The translation table: every label the portal shows, in English and Korean."""

TRANSLATIONS: dict[str, dict[str, str]] = {
    # Shell and navigation
    "app.tagline": {"en": "export CRM & partner analytics", "ko": "수출 CRM · 파트너 분석"},
    "nav.home": {"en": "Dashboard", "ko": "대시보드"},
    "nav.admin_users": {"en": "Users", "ko": "사용자"},
    "menu.language": {"en": "Language", "ko": "언어"},
    "menu.logout": {"en": "Log out", "ko": "로그아웃"},
    "role.executive": {"en": "Executive", "ko": "경영진"},
    "role.marketer": {"en": "Marketer", "ko": "마케터"},
    "role.partner_manager": {"en": "Partner manager", "ko": "파트너 관리자"},
    "role.analyst": {"en": "Analyst", "ko": "분석가"},
    "role.admin": {"en": "Administrator", "ko": "관리자"},
    "access.denied.title": {"en": "This page is not for your role", "ko": "이 페이지에 대한 권한이 없습니다"},
    "access.denied.body": {
        "en": "Ask an administrator for a role that includes it, or go back to the dashboard.",
        "ko": "접근 권한이 있는 역할을 관리자에게 요청하거나 대시보드로 돌아가세요.",
    },
    "notfound.title": {"en": "Page not found", "ko": "페이지를 찾을 수 없습니다"},
    "notfound.body": {
        "en": "The address may be mistyped or the page has moved. Use the menu above or go to the dashboard.",
        "ko": "주소가 잘못되었거나 페이지가 이동했습니다. 위의 메뉴를 사용하거나 대시보드로 이동하세요.",
    },
    # Login
    "login.title": {"en": "Sign in", "ko": "로그인"},
    "login.subtitle": {"en": "Analytical CRM and partner portal", "ko": "분석 CRM · 파트너 포털"},
    "login.username": {"en": "User name", "ko": "사용자 이름"},
    "login.password": {"en": "Password", "ko": "비밀번호"},
    "login.submit": {"en": "Sign in", "ko": "로그인"},
    "login.logged_out": {"en": "You are signed out.", "ko": "로그아웃되었습니다."},
    "login.missing": {
        "en": "Enter both your user name and your password.",
        "ko": "사용자 이름과 비밀번호를 모두 입력하세요.",
    },
    "login.failed": {
        "en": "The user name or password is not right. Check them and try again.",
        "ko": "사용자 이름 또는 비밀번호가 올바르지 않습니다. 확인 후 다시 시도하세요.",
    },
    "login.slowed": {
        "en": "Too many failed attempts for this user. Wait {seconds} seconds, then try again.",
        "ko": "로그인 실패가 너무 많습니다. {seconds}초 후에 다시 시도하세요.",
    },
    # Executive dashboard
    "exec.title": {"en": "Executive dashboard", "ko": "경영 대시보드"},
    "exec.compare": {
        "en": "{period} vs previous period ({previous}) and last year ({last_year})",
        "ko": "{period} · 직전 기간({previous}) 및 전년 동기({last_year}) 대비",
    },
    "exec.trend": {"en": "Revenue by month, online and offline", "ko": "월별 매출 (온라인 · 오프라인)"},
    "exec.by_region": {"en": "Revenue by world region", "ko": "권역별 매출"},
    "exec.by_country": {"en": "Revenue by country (top 15)", "ko": "국가별 매출 (상위 15)"},
    "exec.top_customers": {"en": "Top customers", "ko": "상위 고객"},
    "exec.top_products": {"en": "Top products", "ko": "상위 제품"},
    "exec.customer_click": {
        "en": "Click a customer to open their profile.",
        "ko": "고객을 클릭하면 고객 프로필이 열립니다.",
    },
    "exec.product_click": {
        "en": "Click a product to see its months in Explore (same period and filters).",
        "ko": "제품을 클릭하면 탐색에서 월별 실적을 봅니다(같은 기간과 필터).",
    },
    "compare.previous": {"en": "vs previous", "ko": "직전 대비"},
    "compare.last_year": {"en": "vs last year", "ko": "전년 대비"},
    "unit.pp": {"en": " pp", "ko": "%p"},
    "kpi.revenue": {"en": "Revenue", "ko": "매출"},
    "kpi.definition": {"en": "Definition", "ko": "정의"},
    "kpi.break_down": {"en": "Break down ›", "ko": "세부 분석 ›"},
    "kpi.revenue.help": {
        "en": "Net revenue of order lines after discounts; returns subtract.",
        "ko": "할인 후 순매출 (반품 차감).",
    },
    "kpi.gross_margin": {"en": "Gross margin", "ko": "매출총이익"},
    "kpi.gross_margin.help": {"en": "Revenue minus cost of goods sold.", "ko": "매출에서 매출원가를 뺀 금액."},
    "kpi.margin_pct": {"en": "Margin %", "ko": "이익률"},
    "kpi.margin_pct.help": {"en": "Gross margin as a share of revenue.", "ko": "매출 대비 매출총이익 비율."},
    "kpi.orders": {"en": "Orders", "ko": "주문 수"},
    "kpi.orders.help": {"en": "Number of distinct orders.", "ko": "고유 주문 건수."},
    "kpi.active_customers": {"en": "Active customers", "ko": "활성 고객"},
    "kpi.active_customers.help": {
        "en": "Customers with at least one order in the period.",
        "ko": "기간 중 1회 이상 주문한 고객 수.",
    },
    "kpi.new_customers": {"en": "New customers", "ko": "신규 고객"},
    "kpi.new_customers.help": {
        "en": "Active customers whose first order ever falls in the period (customers who signed up "
        "before the data begins are not counted: their earlier purchases are not in the warehouse).",
        "ko": "첫 주문이 해당 기간에 있는 활성 고객 수 (데이터 시작 이전에 가입한 고객은 이전 구매가 "
        "웨어하우스에 없으므로 제외).",
    },
    "kpi.repeat_rate": {"en": "Repeat-purchase rate", "ko": "재구매율"},
    "kpi.repeat_rate.help": {
        "en": "Share of active customers with two or more orders in the period.",
        "ko": "기간 중 2회 이상 주문한 활성 고객의 비율.",
    },
    "kpi.aov": {"en": "Average order value", "ko": "평균 주문 금액"},
    "kpi.aov.help": {"en": "Revenue divided by orders.", "ko": "매출 ÷ 주문 수."},
    "kpi.online_share": {"en": "Online share", "ko": "온라인 매출 비중"},
    "kpi.online_share.help": {
        "en": "Revenue through online channels (web shop, mobile, marketplace, email) as a share of revenue "
        "whose channel is known; revenue with an unknown channel is counted apart.",
        "ko": "채널이 알려진 매출 중 온라인 채널(웹숍, 모바일, 마켓플레이스, 이메일) 매출의 비중. "
        "채널 미상 매출은 따로 표시합니다.",
    },
    # Filters and periods
    "filter.period": {"en": "Period", "ko": "기간"},
    "filter.region": {"en": "Region", "ko": "권역"},
    "filter.country": {"en": "Country", "ko": "국가"},
    "filter.channel": {"en": "Channel", "ko": "채널"},
    "filter.customer_type": {"en": "Customer type", "ko": "고객 유형"},
    "filter.all": {"en": "All", "ko": "전체"},
    "filter.remove": {"en": "Remove this filter", "ko": "이 필터 제거"},
    "filter.clear": {"en": "Clear all filters", "ko": "필터 모두 지우기"},
    "filter.none": {"en": "No filters: all regions, channels and customers.", "ko": "필터 없음: 전체 권역·채널·고객."},
    "period.l12m": {"en": "Last 12 months", "ko": "최근 12개월"},
    "period.ytd": {"en": "Year to date", "ko": "연초 대비 누계"},
    "channel_group.online": {"en": "Online", "ko": "온라인"},
    "channel_group.offline": {"en": "Offline", "ko": "오프라인"},
    "customer_type.B2C": {"en": "Consumers (B2C)", "ko": "소비자 (B2C)"},
    "customer_type.B2B": {"en": "Businesses (B2B)", "ko": "기업 (B2B)"},
    "region.Asia": {"en": "Asia", "ko": "아시아"},
    "region.Europe": {"en": "Europe", "ko": "유럽"},
    "region.North America": {"en": "North America", "ko": "북미"},
    "region.Latin America": {"en": "Latin America", "ko": "중남미"},
    "region.Middle East & Africa": {"en": "Middle East & Africa", "ko": "중동 · 아프리카"},
    "region.Oceania": {"en": "Oceania", "ko": "오세아니아"},
    "rejected.title": {
        "en": "Some values in the address were not understood and were ignored:",
        "ko": "주소의 일부 값을 인식할 수 없어 무시했습니다:",
    },
    "rejected.period": {
        "en": "Period '{value}' is not a period of the data; showing the latest quarter. Use 2025, 2025-Q3 or 2025-07.",
        "ko": "기간 '{value}'은(는) 데이터 범위의 기간이 아닙니다. 최근 분기를 표시합니다. 2025, 2025-Q3, 2025-07 형식을 사용하세요.",
    },
    "rejected.region": {"en": "Unknown region '{value}'.", "ko": "알 수 없는 권역 '{value}'."},
    "rejected.country": {"en": "Unknown country '{value}'.", "ko": "알 수 없는 국가 '{value}'."},
    "rejected.channel": {
        "en": "Unknown channel group '{value}' (use online or offline).",
        "ko": "알 수 없는 채널 그룹 '{value}' (online 또는 offline).",
    },
    "rejected.ctype": {
        "en": "Unknown customer type '{value}' (use B2C or B2B).",
        "ko": "알 수 없는 고객 유형 '{value}' (B2C 또는 B2B).",
    },
    # Empty and error states
    "empty.title": {"en": "Nothing matches these filters", "ko": "조건에 맞는 데이터가 없습니다"},
    "empty.body": {
        "en": "No orders in {period} match the filters above. Remove a filter to see data again:",
        "ko": "{period}에 위 필터와 일치하는 주문이 없습니다. 필터를 제거하면 다시 볼 수 있습니다:",
    },
    "empty.short": {"en": "No data for these filters", "ko": "조건에 맞는 데이터 없음"},
    "empty.remove": {"en": "Remove {filter}", "ko": "{filter} 제거"},
    "error.warehouse.title": {
        "en": "The data warehouse is not available",
        "ko": "데이터 웨어하우스를 사용할 수 없습니다",
    },
    "error.warehouse.action": {
        "en": "Ask an administrator to restore or reload the data. Nothing you entered was lost.",
        "ko": "관리자에게 데이터 복구 또는 재적재를 요청하세요. 입력한 내용은 손실되지 않았습니다.",
    },
    "error.generic.title": {"en": "Something went wrong on the server", "ko": "서버에서 문제가 발생했습니다"},
    "error.generic.body": {
        "en": "The error was logged. Try again, or change the filters; if it persists, tell an administrator.",
        "ko": "오류가 기록되었습니다. 다시 시도하거나 필터를 바꿔 보세요. 계속되면 관리자에게 알려 주세요.",
    },
    # Table columns
    "col.customer": {"en": "Customer", "ko": "고객"},
    "col.country": {"en": "Country", "ko": "국가"},
    "col.type": {"en": "Type", "ko": "유형"},
    "col.product": {"en": "Product", "ko": "제품"},
    "col.category": {"en": "Category", "ko": "카테고리"},
    "col.units": {"en": "Units", "ko": "수량"},
    "col.share": {"en": "Share", "ko": "비중"},
    # Admin: users
    "admin.add_title": {"en": "Add a user", "ko": "사용자 추가"},
    "admin.change_title": {"en": "Change a user's role or password", "ko": "사용자 역할 · 비밀번호 변경"},
    "admin.display_name": {"en": "Display name", "ko": "표시 이름"},
    "admin.role": {"en": "Role", "ko": "역할"},
    "admin.new_password": {"en": "New password (optional)", "ko": "새 비밀번호 (선택)"},
    "admin.add": {"en": "Add user", "ko": "사용자 추가"},
    "admin.save": {"en": "Save changes", "ko": "변경 저장"},
    "admin.active": {"en": "Active", "ko": "활성"},
    "admin.yes": {"en": "Active", "ko": "활성"},
    "admin.disabled": {"en": "Disabled", "ko": "비활성"},
    "admin.pick_hint": {"en": "Click a user in the list to change them.", "ko": "목록에서 사용자를 클릭해 변경하세요."},
    "admin.editing": {"en": "Editing {user} ({state})", "ko": "{user} 편집 중 ({state})"},
    "admin.disable": {"en": "Disable", "ko": "비활성화"},
    "admin.enable": {"en": "Re-enable", "ko": "다시 활성화"},
    "admin.not_yourself": {
        "en": "You cannot disable your own account: ask another administrator.",
        "ko": "자신의 계정은 비활성화할 수 없습니다. 다른 관리자에게 요청하세요.",
    },
    "admin.disabled_now": {
        "en": "{user} is disabled: they cannot sign in, and their open sessions have ended.",
        "ko": "{user}을(를) 비활성화했습니다. 로그인할 수 없으며 열린 세션은 종료되었습니다.",
    },
    "admin.enabled": {"en": "{user} can sign in again.", "ko": "{user}은(는) 다시 로그인할 수 있습니다."},
    "admin.created": {"en": "Created", "ko": "생성일"},
    "admin.added": {"en": "User {user} was added.", "ko": "사용자 {user}을(를) 추가했습니다."},
    "admin.saved": {"en": "Changes to {user} were saved.", "ko": "{user}의 변경 내용을 저장했습니다."},
    "admin.nothing": {
        "en": "Enter a user name and a new role or password.",
        "ko": "사용자 이름과 새 역할 또는 비밀번호를 입력하세요.",
    },
}


def _merge_parts() -> None:
    import importlib
    import pkgutil

    from i18n import parts

    for info in sorted(pkgutil.iter_modules(parts.__path__), key=lambda i: i.name):
        entries = importlib.import_module(f"i18n.parts.{info.name}").ENTRIES
        clash = set(entries) & set(TRANSLATIONS)
        if clash:
            raise RuntimeError(f"translation keys defined twice: {sorted(clash)}")
        TRANSLATIONS.update(entries)


_merge_parts()
