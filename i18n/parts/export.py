"""Exports: refusals, the workbook's About sheet, detail column headers and the PNG button."""

ENTRIES = {
    "export.change_of": {"en": "{measure} change vs previous", "ko": "{measure} 직전 대비 증감"},
    "explore.export.png": {"en": "Download PNG", "ko": "PNG 다운로드"},
    "explore.export.detail_xlsx": {
        "en": "Download all detail rows (Excel)",
        "ko": "전체 상세 행 다운로드 (Excel)",
    },
    # refusals (plain-text HTTP answers)
    "export.forbidden": {
        "en": "Exports are for analysts and administrators. Ask an administrator if you need one.",
        "ko": "내보내기는 분석가와 관리자만 사용할 수 있습니다. 필요하면 관리자에게 요청하세요.",
    },
    "export.no_spec": {
        "en": "The export link names no view. Open the view on the Explore page and use its download buttons.",
        "ko": "내보내기 링크에 보기 정보가 없습니다. 탐색 페이지에서 보기를 연 뒤 다운로드 버튼을 사용하세요.",
    },
    "export.bad_spec": {
        "en": "The view in the export link could not be read (the link may be cut or edited). "
        "Open the view again on the Explore page and download from there.",
        "ko": "내보내기 링크의 보기 정보를 읽을 수 없습니다(링크가 잘렸거나 수정되었을 수 있음). "
        "탐색 페이지에서 보기를 다시 열고 다운로드하세요.",
    },
    "export.bad_cell": {
        "en": "The cell in the export link could not be read: it must map levels to members, "
        'e.g. {"geo.country": "Germany"}. Open the detail rows again on the Explore page.',
        "ko": "내보내기 링크의 셀 정보를 읽을 수 없습니다. 수준과 값의 쌍이어야 합니다 "
        '(예: {"geo.country": "Germany"}). 탐색 페이지에서 상세 행을 다시 여세요.',
    },
    "export.too_many_rows": {
        "en": "This export has {rows} rows, more than one Excel sheet holds ({limit}). "
        "Download it as CSV (no row limit) or narrow the filters.",
        "ko": "내보낼 행이 {rows}개로 Excel 시트 한 장의 한도({limit})를 넘습니다. "
        "CSV(행 수 제한 없음)로 다운로드하거나 필터를 좁히세요.",
    },
    "export.too_many_columns": {
        "en": "This pivot has {columns} columns, more than one Excel sheet holds ({limit}). "
        "Choose a coarser column level or filter the columns.",
        "ko": "피벗의 열이 {columns}개로 Excel 시트 한도({limit})를 넘습니다. "
        "더 상위 수준을 열 기준으로 고르거나 열을 필터링하세요.",
    },
    "export.unknown": {
        "en": "This export does not exist. Use the download buttons on the Explore page.",
        "ko": "존재하지 않는 내보내기입니다. 탐색 페이지의 다운로드 버튼을 사용하세요.",
    },
    "export.failed": {
        "en": "The export failed; the error was logged. Try again, or narrow the filters; "
        "if it persists, tell an administrator.",
        "ko": "내보내기에 실패했습니다. 오류가 기록되었습니다. 다시 시도하거나 필터를 좁혀 보세요. "
        "계속되면 관리자에게 알려 주세요.",
    },
    "export.id_of": {"en": "{level} ID", "ko": "{level} ID"},
    # workbook
    "export.sheet.data": {"en": "Data", "ko": "데이터"},
    "export.sheet.about": {"en": "About", "ko": "내보내기 정보"},
    "export.about.what": {"en": "Exported", "ko": "내보낸 내용"},
    "export.about.view": {"en": "Explore view (every row, as filtered)", "ko": "탐색 보기 (필터 적용, 전체 행)"},
    "export.about.detail": {"en": "Detail rows behind the view", "ko": "보기의 상세 행"},
    "export.about.measures": {"en": "Measures", "ko": "측정값"},
    "export.about.currency": {"en": "Currency of the amounts", "ko": "금액 통화"},
    "export.about.rows": {"en": "Broken down by", "ko": "분석 기준"},
    "export.about.columns": {"en": "Columns", "ko": "열 기준"},
    "export.about.filters": {"en": "Filters", "ko": "필터"},
    "export.about.cell": {"en": "Cell", "ko": "선택한 셀"},
    "export.about.none": {"en": "none", "ko": "없음"},
    "export.about.period": {"en": "Period", "ko": "기간"},
    "export.about.all_dates": {"en": "all dates", "ko": "전체 기간"},
    "export.about.sorted": {"en": "Sorted by", "ko": "정렬 기준"},
    "export.about.descending": {"en": "descending", "ko": "내림차순"},
    "export.about.ascending": {"en": "ascending", "ko": "오름차순"},
    "export.about.row_count": {"en": "Rows", "ko": "행 수"},
    "export.about.version": {"en": "Data version", "ko": "데이터 버전"},
    "export.about.at": {"en": "Exported at", "ko": "내보낸 시각"},
    "export.about.by": {"en": "Exported by", "ko": "내보낸 사용자"},
    "export.about.spec": {"en": "View definition", "ko": "보기 정의"},
    # detail column headers (olap.cube Fact.detail_columns names)
    "detail.col.order_id": {"en": "Order ID", "ko": "주문 ID"},
    "detail.col.line_no": {"en": "Line", "ko": "행 번호"},
    "detail.col.order_ts": {"en": "Ordered at", "ko": "주문 일시"},
    "detail.col.customer_id": {"en": "Customer ID", "ko": "고객 ID"},
    "detail.col.customer": {"en": "Customer", "ko": "고객"},
    "detail.col.country": {"en": "Country", "ko": "국가"},
    "detail.col.product": {"en": "Product", "ko": "제품"},
    "detail.col.category": {"en": "Category", "ko": "카테고리"},
    "detail.col.channel": {"en": "Channel", "ko": "채널"},
    "detail.col.partner": {"en": "Partner", "ko": "파트너"},
    "detail.col.campaign_id": {"en": "Campaign ID", "ko": "캠페인 ID"},
    "detail.col.campaign": {"en": "Campaign", "ko": "캠페인"},
    "detail.col.quantity": {"en": "Quantity", "ko": "수량"},
    "detail.col.unit_price": {"en": "Unit price", "ko": "단가"},
    "detail.col.discount": {"en": "Discount", "ko": "할인율"},
    "detail.col.revenue": {"en": "Revenue", "ko": "매출"},
    "detail.col.cost": {"en": "Cost", "ko": "원가"},
    "detail.col.session_id": {"en": "Session ID", "ko": "세션 ID"},
    "detail.col.start_ts": {"en": "Started at", "ko": "시작 일시"},
    "detail.col.source": {"en": "Traffic source", "ko": "유입 경로"},
    "detail.col.device": {"en": "Device", "ko": "기기"},
    "detail.col.pages_viewed": {"en": "Pages viewed", "ko": "조회 페이지 수"},
    "detail.col.product_views": {"en": "Product views", "ko": "제품 조회 수"},
    "detail.col.cart_adds": {"en": "Cart adds", "ko": "장바구니 담기 수"},
    "detail.col.group": {"en": "Group", "ko": "그룹"},
    "detail.col.sent_ts": {"en": "Sent at", "ko": "발송 일시"},
    "detail.col.opened_ts": {"en": "Opened at", "ko": "열람·접수 일시"},
    "detail.col.clicked_ts": {"en": "Clicked at", "ko": "클릭 일시"},
    "detail.col.converted_ts": {"en": "Converted at", "ko": "전환 일시"},
    "detail.col.ticket_id": {"en": "Ticket ID", "ko": "티켓 ID"},
    "detail.col.closed_ts": {"en": "Closed at", "ko": "종료 일시"},
    "detail.col.status": {"en": "Status", "ko": "상태"},
    "detail.col.satisfaction": {"en": "Satisfaction", "ko": "만족도"},
    "detail.col.opportunity_id": {"en": "Opportunity ID", "ko": "영업 기회 ID"},
    "detail.col.created_date": {"en": "Created", "ko": "생성일"},
    "detail.col.owner": {"en": "Owner", "ko": "담당자"},
    "detail.col.stage": {"en": "Stage", "ko": "단계"},
    "detail.col.amount": {"en": "Amount", "ko": "금액"},
    "detail.col.expected_close": {"en": "Expected close", "ko": "예상 마감일"},
    "detail.col.closed_date": {"en": "Closed", "ko": "마감일"},
    "detail.col.won": {"en": "Won", "ko": "수주 여부"},
}
