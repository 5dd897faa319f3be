"""The data health page and the notices pages show when the data cannot support them."""

ENTRIES = {
    "nav.data_health": {"en": "Data health", "ko": "데이터 상태"},
    "health.title": {"en": "Data health", "ko": "데이터 상태"},
    "health.intro": {
        "en": "What this warehouse holds, what is unknown in it, and what each page can show with it.",
        "ko": "이 웨어하우스에 무엇이 있고 무엇이 미상인지, 각 화면이 무엇을 보여 줄 수 있는지 알려 줍니다.",
    },
    "health.source": {
        "en": "Warehouse version {version} · source: {source} · currency: {currency}",
        "ko": "웨어하우스 버전 {version} · 출처: {source} · 통화: {currency}",
    },
    # tables
    "health.tables.title": {"en": "Tables", "ko": "테이블"},
    "health.col.table": {"en": "Table", "ko": "테이블"},
    "health.col.name": {"en": "Holds", "ko": "내용"},
    "health.col.rows": {"en": "Rows", "ko": "행 수"},
    "health.col.first": {"en": "First date", "ko": "첫 날짜"},
    "health.col.last": {"en": "Last date", "ko": "마지막 날짜"},
    "health.col.state": {"en": "State", "ko": "상태"},
    "health.state.loaded": {"en": "loaded", "ko": "적재됨"},
    "health.state.empty": {"en": "empty", "ko": "비어 있음"},
    "health.state.absent": {"en": "not in this warehouse", "ko": "이 웨어하우스에 없음"},
    "health.table.fact_order_line": {"en": "Order lines", "ko": "주문 품목"},
    "health.table.dim_customer": {"en": "Customers", "ko": "고객"},
    "health.table.dim_product": {"en": "Products", "ko": "제품"},
    "health.table.dim_channel": {"en": "Channels", "ko": "채널"},
    "health.table.dim_partner": {"en": "Partners", "ko": "파트너"},
    "health.table.dim_campaign": {"en": "Campaigns", "ko": "캠페인"},
    "health.table.fact_campaign_contact": {"en": "Campaign contacts", "ko": "캠페인 접촉"},
    "health.table.fact_web_session": {"en": "Web sessions", "ko": "웹 세션"},
    "health.table.fact_service_ticket": {"en": "Service tickets", "ko": "서비스 티켓"},
    "health.table.fact_opportunity": {"en": "Opportunities", "ko": "영업 기회"},
    "health.table.fact_opportunity_stage": {"en": "Opportunity stages", "ko": "영업 기회 단계"},
    # unknown shares
    "health.unknown.title": {"en": "Unknown values", "ko": "미상 값"},
    "health.col.field": {"en": "Attribute", "ko": "속성"},
    "health.col.customers_share": {"en": "Share of customers", "ko": "고객 비중"},
    "health.col.revenue_share": {"en": "Share of revenue", "ko": "매출 비중"},
    "health.field.country": {"en": "Country", "ko": "국가"},
    "health.field.region": {"en": "World region", "ko": "권역"},
    "health.field.channel": {"en": "Channel group (online / offline)", "ko": "채널 그룹(온라인/오프라인)"},
    "health.field.category": {"en": "Product category", "ko": "제품 분류"},
    "health.field.product": {"en": "Product", "ko": "제품"},
    "health.no_costs": {
        "en": "No product costs were loaded: gross margin equals revenue and is not a fact. "
        "Import products with unit_cost ({command}).",
        "ko": "제품 원가가 없습니다. 매출총이익이 매출과 같게 나오며 사실이 아닙니다. "
        "unit_cost가 있는 제품 파일을 불러오세요({command}).",
    },
    "health.guests": {
        "en": "{count} guest customers (orders without a customer id) hold {share} of revenue: they count in "
        "revenue, product and country figures and are left out of customer analytics.",
        "ko": "게스트 고객(고객 ID 없는 주문) {count}명이 매출의 {share}을(를) 차지합니다. 매출·제품·국가 수치에는 "
        "포함되고 고객 분석에서는 제외됩니다.",
    },
    "health.no_guests_column": {
        "en": "Guest customers: this warehouse does not mark guests.",
        "ko": "게스트 고객: 이 웨어하우스에는 게스트 표시가 없습니다.",
    },
    # pages
    "health.pages.title": {"en": "What each page can show", "ko": "화면별로 보여 줄 수 있는 것"},
    "health.col.page": {"en": "Page", "ko": "화면"},
    "health.col.status": {"en": "Status", "ko": "상태"},
    "health.col.reason": {"en": "Why", "ko": "이유"},
    "health.col.import": {"en": "Import to fix", "ko": "보완하려면 불러올 파일"},
    "health.status.ok": {"en": "ok", "ko": "정상"},
    "health.status.limited": {"en": "limited", "ko": "일부 제한"},
    "health.status.unavailable": {"en": "not available", "ko": "사용 불가"},
    "health.page.admin_import": {"en": "Admin · Import data", "ko": "관리 · 데이터 불러오기"},
    "health.page.admin_users": {"en": "Admin · Users", "ko": "관리 · 사용자"},
    "health.page.admin_mail": {"en": "Admin · Mail server", "ko": "관리 · 메일 서버"},
    "health.page.analyses": {"en": "Analyses · {name}", "ko": "분석 · {name}"},
    # what a page lacks: the fact, then how to get it
    "health.need.orders": {"en": "No orders loaded.", "ko": "주문 데이터가 없습니다."},
    "health.need.campaigns": {"en": "No campaigns loaded.", "ko": "캠페인 데이터가 없습니다."},
    "health.need.web_sessions": {"en": "No web sessions loaded.", "ko": "웹 세션 데이터가 없습니다."},
    "health.need.tickets": {"en": "No service tickets loaded.", "ko": "서비스 티켓 데이터가 없습니다."},
    "health.need.partners": {"en": "No partners loaded.", "ko": "파트너 데이터가 없습니다."},
    "health.need.opportunities": {"en": "No opportunities loaded.", "ko": "영업 기회 데이터가 없습니다."},
    "health.need.stage_history": {
        "en": "No opportunity stage history loaded: win chances per stage are inferred from the current stage.",
        "ko": "영업 기회 단계 이력이 없습니다. 단계별 수주 확률을 현재 단계로부터 추정합니다.",
    },
    "health.need.products": {
        "en": "No product names: every order line is an unknown product.",
        "ko": "제품 정보가 없습니다. 모든 주문 품목이 미상 제품입니다.",
    },
    "health.need.categories": {"en": "No product categories loaded.", "ko": "제품 분류가 없습니다."},
    "health.need.channels": {
        "en": "Some revenue has no known channel (online or offline): load the order lines again with "
        "--channel NAME or a mapped channel column.",
        "ko": "일부 매출의 채널(온라인/오프라인)을 알 수 없습니다. --channel 이름 옵션이나 채널 열 지정으로 "
        "주문 품목을 다시 불러오세요.",
    },
    "health.need.regions": {
        "en": "No customer countries: every region is Unknown.",
        "ko": "고객 국가 정보가 없어 모든 권역이 미상입니다.",
    },
    "health.need.costs": {
        "en": "No product costs: gross margin equals revenue.",
        "ko": "제품 원가가 없어 매출총이익이 매출과 같습니다.",
    },
    "health.import_hint": {
        "en": "Import {entities} ({commands}, or Admin → Import data).",
        "ko": "{entities} 파일을 불러오세요({commands} 또는 관리 → 데이터 불러오기).",
    },
    "health.and": {"en": " and ", "ko": ", "},
    "health.notice.unavailable": {
        "en": "This page needs data this warehouse does not have.",
        "ko": "이 화면에 필요한 데이터가 이 웨어하우스에 없습니다.",
    },
    "health.notice.limited": {
        "en": "Part of this page is limited by the data:",
        "ko": "데이터 때문에 이 화면의 일부가 제한됩니다.",
    },
    "health.notice.more": {"en": "Data health", "ko": "데이터 상태 보기"},
    "health.not_loaded": {"en": "not loaded", "ko": "데이터 없음"},
    # import history
    "health.history.title": {"en": "Last imports", "ko": "최근 불러오기"},
    "health.history.none": {
        "en": "No import has been made on this installation.",
        "ko": "이 설치본에서 불러오기를 한 적이 없습니다.",
    },
    "health.col.when": {"en": "When", "ko": "시각"},
    "health.col.entity": {"en": "Entity", "ko": "대상"},
    "health.col.source": {"en": "File", "ko": "파일"},
    "health.col.rows_loaded": {"en": "Rows loaded", "ko": "적재 행"},
    "health.col.rows_rejected": {"en": "Rows rejected", "ko": "거부 행"},
    "health.col.message": {"en": "Message", "ko": "메시지"},
    "health.col.actor": {"en": "By", "ko": "실행자"},
    "health.col.derived": {"en": "Made up by the load (not in the file)", "ko": "파일에 없어 생성된 항목"},
    "health.col.applied": {"en": "Defaults the load applied", "ko": "적재 시 적용한 기본값"},
}
