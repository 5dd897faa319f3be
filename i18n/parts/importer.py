"""The importer's messages in English and Korean (data/importer/errors.py raises them by key)."""

# English text of every importer message key: the CLI's words (data/importer/errors.py) and the page's
EN = {
    "import.unknown_entity": "Unknown entity {entity}: choose one of {choices}.",
    "import.file_missing": "The file {path} does not exist.",
    "import.empty_file": "The file {path} is empty (0 bytes): choose the file that holds the data.",
    "import.too_large": "The file is {size} bytes, more than the limit of {limit} bytes (XRM_IMPORT_MAX_BYTES).",
    "import.not_a_table": "{path} does not look like a table (CSV, Excel or Parquet with a header row): {detail}",
    "import.bad_encoding": "The file is not valid {encoding} near byte {offset}: choose its encoding (utf-8, cp949, latin-1) with --encoding.",
    "import.unknown_encoding": "Unknown encoding {encoding}: use utf-8, utf-8-sig, cp949, euc-kr or latin-1.",
    "import.no_rows": "The file has a header but no data rows.",
    "import.mapping_duplicate": "Columns {columns} are all mapped to the field {field}: map each field from one column.",
    "import.mapping_unknown_field": "{field} is not a field of {entity}: choose one of {choices}.",
    "import.mapping_unknown_column": "The file has no column {column}: its columns are {columns}.",
    "import.mapping_missing": "Required field(s) {fields} have no column: map them (detected columns: {columns}).",
    "import.mapping_no_amount": "Map an amount column (revenue), or both quantity and unit price.",
    "import.mapping_not_found": "No saved mapping named {name}.",
    "import.source_error": "The database source could not be read: {detail}",
    "import.db_bad_url": "That is not a database URL (for example postgresql://reader@db.example.com/shop).",
    "import.db_driver_refused": "Reading from {kind} databases is not allowed here. Allowed: {allowed} (XRM_IMPORT_DB_DRIVERS, set by the administrator).",
    "import.db_host_refused": "The database host {host} is not one XRM may read from. Allowed hosts: {allowed} (XRM_IMPORT_DB_HOSTS, set by the administrator).",
    "import.db_file_refused": "A database file is only read from the import folder {folder}: copy the file there and name it (XRM_IMPORT_DIR).",
    "import.db_query_refused": "Only one read-only SELECT query is run ({reason}): write a single SELECT.",
    "import.db_table_refused": "{table} is not a table name: use letters, digits and underscores (schema.table at most).",
    "import.db_driver_missing": "This server cannot talk to {kind} databases (its driver is not installed): export the table to a CSV or Parquet file instead. ({detail})",
    "import.rejected": "{errors} problem(s) in {rows} row(s): nothing was written. See the error report {report}.",
    "import.nothing_valid": "No valid row to load: nothing was written. See the error report {report}.",
    "rule.required": "A value is required.",
    "rule.type_int": "Not a whole number.",
    "rule.type_number": "Not a number.",
    "rule.type_date": "Not a date in a known format (2025-03-01, 2025/03/01, 01.03.2025, 03/01/2025, Excel serial).",
    "rule.type_bool": "Not yes/no (true/false, 1/0, Y/N).",
    "rule.bad_choice": "Not one of the allowed values (B2C/B2B, F/M, online/offline, target/control, open/closed).",
    "rule.key_format": "Not a usable id (empty or longer than 100 characters).",
    "rule.duplicate_key": "The same key appears in an earlier row of the file.",
    "rule.unknown_reference": "Refers to an id the warehouse does not have.",
    "rule.quantity_not_positive": "Quantity is 0, or negative on a row marked as not a return (a return is a negative quantity, a return flag, a cancelled status or a C-prefixed invoice).",
    "rule.negative_amount": "Negative amount with a positive quantity, or on a row marked as not a return: give a return a negative quantity too.",
    "rule.too_large": "The value is beyond the sane bound.",
    "rule.too_small": "The value is below the allowed minimum.",
    "rule.date_out_of_range": "The date is before 1900 or more than a year in the future.",
    "rule.order_inconsistent": "Lines of one order disagree on customer, date, channel or partner.",
    "import.unknown_policy": "Unknown policy {policy}: use reject or quarantine.",
    "import.failed": "The load failed and nothing was published: the warehouse is as it was. {detail}",
    "import.dates_ambiguous": "Every date in {column} reads both ways (for example {value}: day first or month first), so the file cannot tell: choose --dayfirst or --monthfirst (on the import page: the date order on the mapping step).",
    "import.dates_conflict": "The dates in {column} disagree: row {day_row} ({day_value}) can only be day first, row {month_row} ({month_value}) only month first. Correct those rows, then load again.",
    "import.dates_contradict": "The date order chosen does not fit the file: row {row} of {column} ({value}) can only be read {order}. Choose that order, or let the file decide.",
    "import.discount_ambiguous": "The discount column holds values such as {value} that could be a percentage or a money amount: choose --discount rate (0-1 or 0-100 %) or --discount amount (money off the line) (on the import page: the discount unit on the mapping step).",
    "import.discount_unknown_mode": "Unknown discount unit {mode}: use rate (0-1 or 0-100 %) or amount (money off the line).",
    "import.currency_unknown": "{currency} is not an ISO 4217 currency code: use three letters such as USD, EUR, GBP, KRW.",
    "import.currency_mismatch": "This warehouse keeps its amounts in {stored}; a load in {currency} would mix currencies. Load in {stored}, or start a new warehouse (--new-warehouse) for {currency}.",
    "rule.discount_rate_range": "A discount rate must be between 0 and 1 (0% to 100%); for money off the line, choose the discount unit amount (--discount amount).",
    "rule.discount_amount_range": "A discount amount (money off the line) must be between 0 and quantity × unit price.",
    "import.unknown_guests": "Unknown guest choice {guests}: use keep or reject.",
    "import.unknown_channel_group": "Unknown channel group {group}: use online or offline.",
}

KO = {
    "import.unknown_entity": "알 수 없는 데이터 종류 {entity}: {choices} 중에서 고르세요.",
    "import.file_missing": "파일 {path}이(가) 없습니다.",
    "import.empty_file": "파일 {path}이(가) 비어 있습니다(0바이트). 데이터가 든 파일을 고르세요.",
    "import.too_large": "파일 크기가 {size}바이트로 한도 {limit}바이트(XRM_IMPORT_MAX_BYTES)를 넘습니다.",
    "import.not_a_table": "{path}은(는) 표(머리글 행이 있는 CSV, Excel, Parquet)로 보이지 않습니다: {detail}",
    "import.bad_encoding": "파일이 {offset}바이트 부근에서 올바른 {encoding}이(가) 아닙니다. "
    "--encoding으로 인코딩(utf-8, cp949, latin-1)을 지정하세요.",
    "import.unknown_encoding": "알 수 없는 인코딩 {encoding}: utf-8, utf-8-sig, cp949, euc-kr, latin-1 중 하나를 쓰세요.",
    "import.no_rows": "머리글만 있고 데이터 행이 없습니다.",
    "import.mapping_duplicate": "{columns} 열이 모두 {field} 항목에 연결되어 있습니다. 항목마다 한 열만 연결하세요.",
    "import.mapping_unknown_field": "{field}은(는) {entity}의 항목이 아닙니다. {choices} 중에서 고르세요.",
    "import.mapping_unknown_column": "파일에 {column} 열이 없습니다. 파일의 열: {columns}.",
    "import.mapping_missing": "필수 항목 {fields}에 연결된 열이 없습니다. 연결하세요(감지된 열: {columns}).",
    "import.mapping_no_amount": "금액(매출) 열, 또는 수량과 단가 열을 모두 연결하세요.",
    "import.mapping_not_found": "{name}(이)라는 저장된 매핑이 없습니다.",
    "import.source_error": "데이터베이스 원본을 읽을 수 없습니다: {detail}",
    "import.db_bad_url": "데이터베이스 URL이 아닙니다(예: postgresql://reader@db.example.com/shop).",
    "import.db_driver_refused": "이곳에서는 {kind} 데이터베이스를 읽을 수 없습니다. 허용: {allowed} (관리자가 정하는 XRM_IMPORT_DB_DRIVERS).",
    "import.db_host_refused": "데이터베이스 호스트 {host}은(는) XRM이 읽을 수 있는 호스트가 아닙니다. 허용 호스트: {allowed} (관리자가 정하는 XRM_IMPORT_DB_HOSTS).",
    "import.db_file_refused": "데이터베이스 파일은 가져오기 폴더 {folder}에서만 읽습니다. 파일을 그곳에 복사한 뒤 지정하세요(XRM_IMPORT_DIR).",
    "import.db_query_refused": "읽기 전용 SELECT 쿼리 하나만 실행합니다({reason}). SELECT 문 하나를 쓰세요.",
    "import.db_table_refused": "{table}은(는) 테이블 이름이 아닙니다. 영문자, 숫자, 밑줄만 쓰세요(최대 schema.table).",
    "import.db_driver_missing": "이 서버는 {kind} 데이터베이스에 연결할 수 없습니다(드라이버가 설치되지 않음). 표를 CSV나 Parquet 파일로 내보내 가져오세요. ({detail})",
    "import.rejected": "{rows}행 중 문제 {errors}건: 아무것도 기록하지 않았습니다. 오류 보고서 {report}을(를) 확인하세요.",
    "import.nothing_valid": "올릴 수 있는 올바른 행이 없어 아무것도 기록하지 않았습니다. 오류 보고서 {report}을(를) 확인하세요.",
    "import.unknown_policy": "알 수 없는 처리 방식 {policy}: reject 또는 quarantine을 쓰세요.",
    "import.failed": "적재에 실패해 아무것도 게시하지 않았습니다. 웨어하우스는 그대로입니다. {detail}",
    "rule.required": "값이 필요합니다.",
    "rule.type_int": "정수가 아닙니다.",
    "rule.type_number": "숫자가 아닙니다.",
    "rule.type_date": "알려진 날짜 형식이 아닙니다(2025-03-01, 2025/03/01, 01.03.2025, 03/01/2025, Excel 일련번호).",
    "rule.type_bool": "예/아니오 값이 아닙니다(true/false, 1/0, Y/N).",
    "rule.bad_choice": "허용된 값이 아닙니다(B2C/B2B, F/M, online/offline, target/control, open/closed).",
    "rule.key_format": "쓸 수 없는 ID입니다(비어 있거나 100자 초과).",
    "rule.duplicate_key": "같은 키가 파일의 앞 행에 이미 있습니다.",
    "rule.unknown_reference": "웨어하우스에 없는 ID를 가리킵니다.",
    "rule.quantity_not_positive": "수량이 0이거나, 반품이 아니라고 표시된 행의 수량이 음수입니다"
    "(반품은 음수 수량, 반품 표시, 취소 상태 또는 C로 시작하는 송장 번호로 나타냅니다).",
    "rule.negative_amount": "수량이 양수인데 금액이 음수이거나, 반품이 아니라고 표시된 행의 금액이 음수입니다. "
    "반품은 수량도 음수로 주세요.",
    "rule.too_large": "값이 허용 범위를 넘습니다.",
    "rule.too_small": "값이 허용 최솟값보다 작습니다.",
    "rule.date_out_of_range": "날짜가 1900년 이전이거나 1년 넘게 미래입니다.",
    "rule.order_inconsistent": "한 주문의 행들이 고객, 일시, 채널 또는 파트너에서 서로 다릅니다.",
    "import.unknown_guests": "알 수 없는 비회원 처리 방식 {guests}: keep 또는 reject를 쓰세요.",
    "import.unknown_channel_group": "알 수 없는 채널 그룹 {group}: online 또는 offline을 쓰세요.",
}

# decisions taken from the whole file, and the warehouse's currency
KO.update({
    "import.dates_ambiguous": "{column}의 모든 날짜가 두 가지로 읽힙니다(예: {value}, 일/월 또는 월/일). 파일만으로는 정할 수 "
    "없으니 --dayfirst 또는 --monthfirst를 고르세요(가져오기 화면: 매핑 단계의 날짜 순서).",
    "import.dates_conflict": "{column}의 날짜가 서로 맞지 않습니다. {day_row}행({day_value})은 일/월로만, {month_row}행"
    "({month_value})은 월/일로만 읽힙니다. 해당 행을 고친 뒤 다시 적재하세요.",
    "import.dates_contradict": "고른 날짜 순서가 파일과 맞지 않습니다. {column}의 {row}행({value})은 {order}로만 읽힙니다. "
    "그 순서를 고르거나 파일로 정하게 두세요.",
    "import.discount_ambiguous": "할인 열에 {value} 같은 값이 있어 비율인지 금액인지 알 수 없습니다. --discount rate(0-1 또는 "
    "0-100 %) 또는 --discount amount(행에서 뺀 금액)를 고르세요(가져오기 화면: 매핑 단계의 할인 단위).",
    "import.discount_unknown_mode": "알 수 없는 할인 단위 {mode}: rate(0-1 또는 0-100 %) 또는 amount(행에서 뺀 금액)를 쓰세요.",
    "import.currency_unknown": "{currency}은(는) ISO 4217 통화 코드가 아닙니다. USD, EUR, GBP, KRW처럼 세 글자로 쓰세요.",
    "import.currency_mismatch": "이 웨어하우스의 금액은 {stored}입니다. {currency}(으)로 적재하면 통화가 섞입니다. {stored}(으)로 "
    "적재하거나 {currency}용 새 웨어하우스(--new-warehouse)를 시작하세요.",
    "rule.discount_rate_range": "할인율은 0에서 1(0%~100%) 사이여야 합니다. 행에서 뺀 금액이면 할인 단위를 금액"
    "(--discount amount)으로 고르세요.",
    "rule.discount_amount_range": "할인 금액(행에서 뺀 금액)은 0에서 수량 × 단가 사이여야 합니다.",
})  # fmt: skip

# campaign response files (data/importer/responses.py): refused whole, row by row
EN.update({
    "rule.not_on_list": "This customer is not on the campaign's target or control list.",
    "rule.outside_campaign": "The date is outside the campaign (before its start or after its attribution end).",
    "rule.control_contacted": "A control-group customer is never contacted: it cannot be delivered, opened or clicked.",
    "import.responses.other_campaign": "{missing} of {rows} rows name customers who are not on the lists of campaign "
    "{campaign}: this looks like another campaign's file. Campaign {best} ({name}) has {hits} of its {customers} "
    "customers on its lists.",
    "import.responses.not_this_campaign": "{missing} of {rows} rows name customers who are not on the lists of campaign "
    "{campaign}, and no other campaign's lists hold them: check the campaign id and the customer id column.",
    "import.responses.whole_file": "A response file is loaded whole or not at all: correct the rows in the report and "
    "load it again.",
})  # fmt: skip
KO.update({
    "rule.not_on_list": "이 고객은 캠페인의 대상군·대조군 명단에 없습니다.",
    "rule.outside_campaign": "날짜가 캠페인 기간(시작일~귀속 종료일) 밖에 있습니다.",
    "rule.control_contacted": "대조군 고객에게는 발송하지 않으므로 도달·오픈·클릭이 있을 수 없습니다.",
    "import.responses.other_campaign": "{rows}행 중 {missing}행의 고객이 캠페인 {campaign}의 명단에 없습니다. 다른 캠페인의 "
    "파일로 보입니다. 캠페인 {best}({name})의 명단에 이 파일 고객 {customers}명 중 {hits}명이 있습니다.",
    "import.responses.not_this_campaign": "{rows}행 중 {missing}행의 고객이 캠페인 {campaign}의 명단에 없고, 다른 캠페인 명단에도 "
    "없습니다. 캠페인 ID와 고객 ID 열을 확인하세요.",
    "import.responses.whole_file": "반응 파일은 전부 적재하거나 전혀 적재하지 않습니다. 보고서의 행을 고친 뒤 다시 적재하세요.",
})  # fmt: skip

ENTRIES = {key: {"en": text, "ko": KO[key]} for key, text in EN.items()}
