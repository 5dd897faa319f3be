"""The admin upload page of the importer (the importer's own messages are in importer.py)."""

ENTRIES = {
    "nav.admin_import": {"en": "Import data", "ko": "데이터 가져오기"},
    "import_page.title": {"en": "Import your data", "ko": "데이터 가져오기"},
    "import_page.intro": {
        "en": "Upload a file or read a database table, check the column mapping, validate, then load: "
        "every load writes a new warehouse version, so a failed load changes nothing.",
        "ko": "파일을 올리거나 데이터베이스 테이블을 읽어 열 매핑을 확인하고 검증한 뒤 적재하세요. "
        "적재할 때마다 새 웨어하우스 버전이 만들어지므로 실패해도 기존 데이터는 그대로입니다.",
    },
    "import_page.step.source": {"en": "1. What and from where", "ko": "1. 대상과 원본"},
    "import_page.step.mapping": {"en": "2. Column mapping", "ko": "2. 열 매핑"},
    "import_page.step.validate": {"en": "3. Validation", "ko": "3. 검증"},
    "import_page.step.load": {"en": "4. Load", "ko": "4. 적재"},
    "import_page.step.history": {"en": "Import history", "ko": "가져오기 이력"},
    "import_page.entity": {"en": "Data to import", "ko": "가져올 데이터"},
    "import_page.entity.order_lines": {"en": "Order lines (transactions)", "ko": "주문 상세(거래)"},
    "import_page.entity.customers": {"en": "Customers", "ko": "고객"},
    "import_page.entity.products": {"en": "Products", "ko": "상품"},
    "import_page.entity.partners": {"en": "Partners", "ko": "파트너"},
    "import_page.entity.channels": {"en": "Channels", "ko": "채널"},
    "import_page.entity.campaigns": {"en": "Campaigns", "ko": "캠페인"},
    "import_page.entity.campaign_contacts": {
        "en": "Campaign contacts and responses",
        "ko": "캠페인 접촉·반응",
    },
    "import_page.entity.web_sessions": {"en": "Web sessions", "ko": "웹 세션"},
    "import_page.entity.service_tickets": {"en": "Service tickets", "ko": "서비스 문의"},
    "import_page.entity.opportunities": {"en": "Opportunities", "ko": "영업 기회"},
    "import_page.entity.opportunity_stages": {"en": "Opportunity stage history", "ko": "영업 기회 단계 이력"},
    "import_page.encoding": {"en": "Text encoding", "ko": "문자 인코딩"},
    "import_page.encoding.auto": {"en": "Detect automatically", "ko": "자동 감지"},
    "import_page.encoding.utf-8": {"en": "UTF-8", "ko": "UTF-8"},
    "import_page.encoding.cp949": {"en": "CP949 / EUC-KR (Korean)", "ko": "CP949 / EUC-KR (한국어)"},
    "import_page.encoding.latin-1": {"en": "Latin-1 (Western European)", "ko": "Latin-1 (서유럽)"},
    "import_page.tab.file": {"en": "File", "ko": "파일"},
    "import_page.tab.database": {"en": "Database", "ko": "데이터베이스"},
    "import_page.upload": {
        "en": "Drop a CSV, Excel (.xlsx) or Parquet file here, or click to choose one",
        "ko": "CSV, Excel(.xlsx), Parquet 파일을 여기에 끌어 놓거나 클릭해 선택하세요",
    },
    "import_page.upload.limit": {
        "en": "Up to {limit} per file. Larger files: the command line python -m data.importer, which streams them.",
        "ko": "파일당 최대 {limit}. 더 큰 파일은 스트리밍으로 읽는 명령줄 python -m data.importer를 사용하세요.",
    },
    "import_page.too_large": {
        "en": "The file is {size}, more than the page accepts ({limit}): load it with the command line "
        "python -m data.importer load FILE, which streams it.",
        "ko": "파일 크기가 {size}(으)로 이 페이지 한도({limit})를 넘습니다. 스트리밍으로 읽는 명령줄 "
        "python -m data.importer load FILE로 적재하세요.",
    },
    "import_page.db.url": {"en": "SQLAlchemy URL", "ko": "SQLAlchemy URL"},
    "import_page.db.url.placeholder": {
        "en": "postgresql://user:password@host/db or sqlite:///path/file.db",
        "ko": "postgresql://user:password@host/db 또는 sqlite:///path/file.db",
    },
    "import_page.db.table": {"en": "Table", "ko": "테이블"},
    "import_page.db.query": {"en": "or a SELECT query", "ko": "또는 SELECT 쿼리"},
    "import_page.db.read": {"en": "Read from the database", "ko": "데이터베이스에서 읽기"},
    "import_page.source": {
        "en": "{label}: {kind}, encoding {encoding}, {columns} columns. Check the mapping below.",
        "ko": "{label}: {kind}, 인코딩 {encoding}, 열 {columns}개. 아래 매핑을 확인하세요.",
    },
    "import_page.encoding_hint": {
        "en": "If the text looks garbled, choose the file's encoding above: the same upload is read again.",
        "ko": "글자가 깨져 보이면 위에서 파일 인코딩을 선택하세요. 올린 파일을 다시 읽습니다.",
    },
    "import_page.none_yet": {
        "en": "Upload a file or read a database table to start.",
        "ko": "시작하려면 파일을 올리거나 데이터베이스 테이블을 읽으세요.",
    },
    "import_page.expired": {
        "en": "This import is no longer on the server (finished, or more than a day old): upload the file again.",
        "ko": "이 가져오기 작업이 서버에 없습니다(완료되었거나 하루가 지남). 파일을 다시 올리세요.",
    },
    "import_page.col.column": {"en": "File column", "ko": "파일 열"},
    "import_page.col.sample": {"en": "First values", "ko": "앞부분 값"},
    "import_page.col.field": {"en": "Imported as", "ko": "가져올 항목"},
    "import_page.not_imported": {"en": "— not imported —", "ko": "— 가져오지 않음 —"},
    "import_page.required": {"en": "{field} (required)", "ko": "{field} (필수)"},
    "import_page.mostly_bad": {
        "en": "{bad} of {rows} rows ({share}) have problems: loading is off, since most of the file would be "
        "set aside. Check the mapping (a column on the wrong field breaks every row) or fix the file, then "
        "validate again.",
        "ko": "{rows}행 중 {bad}행({share})에 문제가 있어 불러오기를 막았습니다. 그대로 불러오면 파일 대부분이 "
        "제외됩니다. 매핑을 확인하거나(열을 잘못된 필드에 연결하면 모든 행이 깨집니다) 파일을 고친 뒤 다시 검증하세요.",
    },
    "import_page.detected_note": {"en": "Detected: {note}", "ko": "감지됨: {note}"},
    "import_page.mapping.ok": {
        "en": "The mapping is complete: {n} columns imported, {skipped} left out.",
        "ko": "매핑이 완료되었습니다. 열 {n}개를 가져오고 {skipped}개는 제외합니다.",
    },
    "import_page.dayfirst": {
        "en": "Order of dates like 03/01/2025",
        "ko": "03/01/2025 같은 날짜의 순서",
    },
    "import_page.dayfirst.auto": {
        "en": "Decide from the whole file (a day above 12 settles it)",
        "ko": "파일 전체로 판단(12보다 큰 일이 있으면 확정)",
    },
    "import_page.dayfirst.day": {"en": "Day first (3 January)", "ko": "일이 먼저(1월 3일)"},
    "import_page.dayfirst.month": {"en": "Month first (March 1)", "ko": "월이 먼저(3월 1일)"},
    "import_page.discount": {"en": "Discount column holds", "ko": "할인 열의 단위"},
    "import_page.discount.auto": {
        "en": "Decide from the data (compared with quantity × unit price)",
        "ko": "데이터로 판단(수량 × 단가와 비교)",
    },
    "import_page.discount.rate": {"en": "A rate (0–1 or 0–100 %)", "ko": "비율(0–1 또는 0–100 %)"},
    "import_page.discount.amount": {"en": "A money amount off the line", "ko": "행에서 뺀 금액"},
    "import_page.reconcile": {
        "en": "Lines of one order that differ only in time take the order's earliest time",
        "ko": "시각만 다른 한 주문의 행은 그 주문의 가장 이른 시각으로 맞춤",
    },
    "import_page.currency": {"en": "Currency of the amounts (ISO code)", "ko": "금액의 통화(ISO 코드)"},
    "import_page.currency.help": {
        "en": "Empty: the warehouse's own currency (a new warehouse: XRM_CURRENCY, else USD). "
        "A new warehouse takes the code given here; another warehouse's code is refused.",
        "ko": "비워 두면 웨어하우스의 통화를 씁니다(새 웨어하우스는 XRM_CURRENCY, 없으면 USD). "
        "새 웨어하우스는 여기 적은 코드를 쓰며, 기존 웨어하우스와 다른 코드는 거부합니다.",
    },
    "import_page.decided": {"en": "Decided from the whole file", "ko": "파일 전체로 판단한 내용"},
    "import_page.decided.dayfirst.day": {"en": "Dates read day first", "ko": "날짜를 일이 먼저로 읽음"},
    "import_page.decided.dayfirst.month": {"en": "Dates read month first", "ko": "날짜를 월이 먼저로 읽음"},
    "import_page.decided.discount.rate": {"en": "Discount read as a rate (0–1)", "ko": "할인을 비율(0–1)로 읽음"},
    "import_page.decided.discount.percent": {
        "en": "Discount read as a percentage (0–100)",
        "ko": "할인을 백분율(0–100)로 읽음",
    },
    "import_page.decided.discount.amount": {
        "en": "Discount read as a money amount off the line",
        "ko": "할인을 행에서 뺀 금액으로 읽음",
    },
    "import_page.applied": {"en": "Defaults applied, counted", "ko": "적용한 기본값(건수)"},
    "import_page.applied.quantity_assumed": {
        "en": "{n} blank quantities stored as 1 (+{n} units assumed)",
        "ko": "빈 수량 {n}건을 1로 저장(+{n}개 가정)",
    },
    "import_page.applied.duplicate_lines": {
        "en": "{n} exact duplicate lines loaded as they are",
        "ko": "완전히 같은 행 {n}건을 그대로 적재",
    },
    "import_page.applied.order_times_reconciled": {
        "en": "{n} orders whose lines differed only in time given the order's earliest time",
        "ko": "시각만 다른 주문 {n}건을 가장 이른 시각으로 맞춤",
    },
    "import_page.applied.order_lines_retimed": {"en": "{n} lines re-timed", "ko": "시각을 바꾼 행 {n}건"},
    "import_page.applied.regions_derived": {
        "en": "{n} regions derived from the country",
        "ko": "국가로 권역 {n}건을 채움",
    },
    "import_page.applied.regions_unknown": {
        "en": "{n} customers or partners in the warehouse have a country of no known region (Unknown)",
        "ko": "웨어하우스 전체에서 권역을 알 수 없는 국가(Unknown)의 고객·파트너 {n}건",
    },
    "import_page.applied.currency_assumed": {
        "en": "Currency {currency} assumed (none was chosen)",
        "ko": "통화를 고르지 않아 {currency}(으)로 가정",
    },
    "import_page.result.currency": {"en": "Amounts are in {currency}.", "ko": "금액 통화: {currency}."},
    "import_page.saved": {"en": "Saved mappings", "ko": "저장된 매핑"},
    "import_page.saved.placeholder": {"en": "Apply a saved mapping…", "ko": "저장된 매핑 적용…"},
    "import_page.save_as": {"en": "Save this mapping as", "ko": "이 매핑을 다음 이름으로 저장"},
    "import_page.save": {"en": "Save mapping", "ko": "매핑 저장"},
    "import_page.saved.ok": {"en": "Mapping “{name}” saved.", "ko": "매핑 “{name}”을(를) 저장했습니다."},
    "import_page.saved.applied": {
        "en": "Mapping “{name}” applied; {missing} of its columns are not in this file.",
        "ko": "매핑 “{name}”을(를) 적용했습니다. 그중 {missing}개 열은 이 파일에 없습니다.",
    },
    "import_page.saved.other_entity": {
        "en": "Mapping “{name}” is for {entity}: choose that data type first.",
        "ko": "매핑 “{name}”은(는) {entity}용입니다. 먼저 그 데이터 유형을 선택하세요.",
    },
    "import_page.save.no_name": {
        "en": "Give the mapping a name to save it.",
        "ko": "저장할 매핑 이름을 입력하세요.",
    },
    "import_page.validate": {"en": "Validate", "ko": "검증"},
    "import_page.validate.help": {
        "en": "Checks every row (types, dates, required fields, duplicate keys, values out of range); nothing is written.",
        "ko": "모든 행을 검사합니다(형식, 날짜, 필수 항목, 중복 키, 범위를 벗어난 값). 아무것도 기록하지 않습니다.",
    },
    "import_page.summary": {
        "en": "{rows_in} rows read: {valid} valid, {bad} with problems.",
        "ko": "{rows_in}행을 읽었습니다. 정상 {valid}행, 문제 있는 행 {bad}행.",
    },
    "import_page.summary.clean": {
        "en": "Every row passed the checks: ready to load.",
        "ko": "모든 행이 검사를 통과했습니다. 적재할 수 있습니다.",
    },
    "import_page.summary.rules": {"en": "Problems by rule", "ko": "규칙별 문제"},
    "import_page.summary.derived": {"en": "The load will derive", "ko": "적재 시 자동 생성"},
    "import_page.summary.first": {
        "en": "The first {n} problems (the full report is in the CSV):",
        "ko": "처음 {n}개 문제(전체 보고서는 CSV에 있습니다):",
    },
    "import_page.download": {"en": "Download the error report (CSV)", "ko": "오류 보고서 다운로드(CSV)"},
    "import_page.col.row": {"en": "Row", "ko": "행"},
    "import_page.col.value": {"en": "Value", "ko": "값"},
    "import_page.col.rule": {"en": "Rule", "ko": "규칙"},
    "import_page.col.message": {"en": "What is wrong", "ko": "문제"},
    "import_page.col.field_name": {"en": "Field", "ko": "항목"},
    "import_page.derive.customers": {
        "en": "customers the warehouse does not know yet, from their transactions (first order = sign-up)",
        "ko": "웨어하우스에 없는 고객을 거래에서 생성(첫 주문일 = 가입일)",
    },
    "import_page.derive.products": {
        "en": "products the warehouse does not know yet, with the average price paid",
        "ko": "웨어하우스에 없는 상품을 평균 판매가로 생성",
    },
    "import_page.derive.products_by_name": {
        "en": "a product for every product name the warehouse does not know yet (no product id column is mapped: "
        "a name the warehouse already has is that product; lines without a name go to one “Unknown product”)",
        "ko": "상품 ID 열이 없어 상품명으로 상품을 구분: 웨어하우스에 있는 이름은 그 상품, 없는 이름은 새 상품으로 생성"
        "(상품명이 없는 행은 “알 수 없는 상품”)",
    },
    "import_page.derive.unknown_product": {
        "en": "one “Unknown product” for every line (no product column is mapped)",
        "ko": "상품 열이 매핑되지 않아 모든 행에 “알 수 없는 상품” 사용",
    },
    "import_page.derive.channels": {
        "en": "channels the warehouse does not know yet",
        "ko": "웨어하우스에 없는 채널을 생성",
    },
    "import_page.derive.default_channel": {
        "en": "an “Unknown channel”, neither online nor offline, for every line (no channel column is mapped; "
        "name the file's channel or its group in the order-line options)",
        "ko": "채널 열이 매핑되지 않아 모든 행에 온라인도 오프라인도 아닌 “알 수 없는 채널” 사용"
        "(주문 행 옵션에서 파일의 채널이나 채널 그룹을 지정할 수 있습니다)",
    },
    "import_page.derive.order_ids": {
        "en": "order ids: lines of one customer at the same time form one order",
        "ko": "주문 ID: 같은 고객의 같은 시각 행을 하나의 주문으로 묶음",
    },
    "import_page.derive.revenue": {
        "en": "revenue as quantity × unit price × (1 − discount)",
        "ko": "매출 = 수량 × 단가 × (1 − 할인율)",
    },
    "import_page.policy": {"en": "Rows with problems", "ko": "문제 있는 행 처리"},
    "import_page.policy.reject": {
        "en": "Reject the whole file (nothing is written)",
        "ko": "파일 전체 거부(아무것도 기록하지 않음)",
    },
    "import_page.policy.quarantine": {
        "en": "Load the valid rows and quarantine the rest with their reasons",
        "ko": "정상 행만 적재하고 나머지는 사유와 함께 격리",
    },
    "import_page.load": {"en": "Load into the warehouse", "ko": "웨어하우스에 적재"},
    "import_page.cancel": {"en": "Cancel", "ko": "취소"},
    "import_page.validate_first": {
        "en": "Validate the file first; the load uses what the validation staged.",
        "ko": "먼저 검증하세요. 적재는 검증에서 준비한 데이터를 사용합니다.",
    },
    "import_page.progress.reading": {"en": "Preparing the load", "ko": "적재 준비 중"},
    "import_page.progress.writing": {"en": "Writing the rows", "ko": "행 기록 중"},
    "import_page.progress.aggregates": {"en": "Building aggregates and rollups", "ko": "집계·롤업 생성 중"},
    "import_page.progress.scores": {"en": "Refreshing RFM scores", "ko": "RFM 점수 갱신 중"},
    "import_page.progress.publishing": {"en": "Publishing the new version", "ko": "새 버전 게시 중"},
    "import_page.progress.done": {"en": "Done", "ko": "완료"},
    "import_page.result.loaded": {
        "en": "Loaded {loaded} of {rows_in} rows into warehouse version {version}.",
        "ko": "{rows_in}행 중 {loaded}행을 웨어하우스 버전 {version}에 적재했습니다.",
    },
    "import_page.result.rejected": {
        "en": "Nothing was written: {rejected} of {rows_in} rows have problems and the policy rejects the file. "
        "Fix them (see the error report) or choose to quarantine them.",
        "ko": "아무것도 기록하지 않았습니다. {rows_in}행 중 {rejected}행에 문제가 있어 파일을 거부했습니다. "
        "오류 보고서를 보고 수정하거나 격리를 선택하세요.",
    },
    "import_page.result.quarantined": {
        "en": "{n} rows with problems were quarantined with their reasons in {file}.",
        "ko": "문제 있는 {n}행을 사유와 함께 {file}에 격리했습니다.",
    },
    "import_page.result.derived": {"en": "Derived: {items}.", "ko": "자동 생성: {items}."},
    "import_page.result.nothing_derived": {"en": "Nothing had to be derived.", "ko": "자동 생성한 항목이 없습니다."},
    "import_page.result.scores": {"en": "Scores: {scores}.", "ko": "점수: {scores}."},
    "import_page.result.failed": {
        "en": "The load failed and the warehouse is unchanged. The details are in the server log; try again, "
        "or load the file with the command line to see the error.",
        "ko": "적재에 실패했으며 웨어하우스는 변경되지 않았습니다. 자세한 내용은 서버 로그에 있습니다. 다시 시도하거나 "
        "명령줄로 적재해 오류를 확인하세요.",
    },
    "import_page.kpi.version": {"en": "Version", "ko": "버전"},
    "import_page.kpi.loaded": {"en": "Rows loaded", "ko": "적재 행"},
    "import_page.kpi.rejected": {"en": "Rows rejected", "ko": "거부 행"},
    "import_page.kpi.quarantined": {"en": "Rows quarantined", "ko": "격리 행"},
    "import_page.hist.when": {"en": "When", "ko": "일시"},
    "import_page.hist.who": {"en": "Who", "ko": "사용자"},
    "import_page.hist.file": {"en": "File / source", "ko": "파일 / 원본"},
    "import_page.hist.entity": {"en": "Data", "ko": "데이터"},
    "import_page.hist.status": {"en": "Status", "ko": "상태"},
    "import_page.hist.rows_in": {"en": "Rows in", "ko": "입력 행"},
    "import_page.hist.rows_loaded": {"en": "Loaded", "ko": "적재"},
    "import_page.hist.rows_rejected": {"en": "Rejected", "ko": "거부"},
    "import_page.hist.rows_quarantined": {"en": "Quarantined", "ko": "격리"},
    "import_page.hist.version": {"en": "Version", "ko": "버전"},
    "import_page.hist.empty": {"en": "No import yet.", "ko": "아직 가져오기 이력이 없습니다."},
    "import_page.grid.noRowsToShow": {"en": "No rows", "ko": "행이 없습니다"},
    "import_page.grid.page": {"en": "Page", "ko": "페이지"},
    "import_page.grid.of": {"en": "of", "ko": "/"},
    "import_page.grid.to": {"en": "to", "ko": "~"},
    "import_page.grid.pageSizeSelectorLabel": {"en": "Page size:", "ko": "페이지 크기:"},
    "import_page.status.loaded": {"en": "loaded", "ko": "적재됨"},
    "import_page.status.rejected": {"en": "rejected", "ko": "거부됨"},
    "import_page.status.failed": {"en": "failed (nothing published)", "ko": "실패 (게시되지 않음)"},
    "import_page.status.running": {"en": "running", "ko": "진행 중"},
    "import_page.status.interrupted": {
        "en": "interrupted (stopped before publishing; nothing changed)",
        "ko": "중단됨 (게시 전에 멈춤, 변경 없음)",
    },
    "import_page.db_hint": {
        "en": "The database is read once into a file on the server; the URL is not stored.",
        "ko": "데이터베이스는 서버의 파일로 한 번 읽어 들이며 URL은 저장하지 않습니다.",
    },
}
