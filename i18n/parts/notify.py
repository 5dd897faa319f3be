"""Subscriptions, alerts, notifications and the mail server (crm/notify, jobs/deliver)."""

ENTRIES = {
    # what a delivery's CSV and chart say
    "notify.content.explore": {"en": "View", "ko": "보기"},
    "notify.content.dashboard": {"en": "Key figures, {period}", "ko": "핵심 지표, {period}"},
    "notify.content.kpi": {"en": "KPI", "ko": "지표"},
    "notify.content.current": {"en": "Period", "ko": "해당 기간"},
    "notify.content.previous": {"en": "Previous period", "ko": "직전 기간"},
    "notify.content.last_year": {"en": "Same period last year", "ko": "전년 동기"},
    "notify.content.change": {"en": "Change vs previous period", "ko": "직전 기간 대비 증감"},
    "notify.content.change_pct": {"en": "Change vs previous period (%)", "ko": "직전 기간 대비 증감(%)"},
    # mail
    "notify.mail.subject": {"en": "XRM: {view}", "ko": "XRM: {view}"},
    "notify.mail.intro": {
        "en": "Your subscription to the saved view \u201c{view}\u201d (set up by {owner}). Open it in XRM:",
        "ko": "저장된 보기 \u201c{view}\u201d 구독 메일입니다 (설정: {owner}). XRM에서 열기:",
    },
    "notify.mail.csv": {
        "en": "Attached: the view's data as CSV ({rows} rows).",
        "ko": "첨부: 보기의 데이터 CSV ({rows}행).",
    },
    "notify.mail.png": {"en": "Attached: the view's chart as PNG.", "ko": "첨부: 보기의 차트 PNG."},
    "notify.mail.png_unavailable": {
        "en": "The chart could not be drawn as PNG on the server this time ({reason}); open the view in XRM to see it.",
        "ko": "이번에는 서버에서 차트를 PNG로 그리지 못했습니다({reason}). XRM에서 보기를 열어 확인하세요.",
    },
    "notify.mail.footer": {
        "en": "You receive this because of a subscription or alert in XRM; manage it under Notifications.",
        "ko": "XRM의 구독 또는 알림 설정에 따라 발송된 메일입니다. 알림 화면에서 관리할 수 있습니다.",
    },
    "notify.mail.test_subject": {"en": "XRM test e-mail", "ko": "XRM 테스트 메일"},
    "notify.mail.test_body": {
        "en": "This test e-mail was sent by {user} from XRM's mail server settings. The settings work.",
        "ko": "{user} 님이 XRM 메일 서버 설정에서 보낸 테스트 메일입니다. 설정이 정상입니다.",
    },
    "notify.mail.alert.fired": {"en": "XRM alert: {kpi}", "ko": "XRM 알림: {kpi}"},
    "notify.mail.alert.recovered": {"en": "XRM: {kpi} back to normal", "ko": "XRM: {kpi} 정상 복귀"},
    # notification texts
    "notify.text.alert.fired": {
        "en": "{kpi} is {value}, {op} {threshold} ({scope}).",
        "ko": "{kpi}이(가) {value}로 기준 {threshold} {op}입니다 ({scope}).",
    },
    "notify.text.alert.recovered": {
        "en": "Back to normal: {kpi} is {value}, no longer {op} {threshold} ({scope}).",
        "ko": "정상 복귀: {kpi}이(가) {value}로 더 이상 기준 {threshold} {op}이 아닙니다 ({scope}).",
    },
    "notify.text.delivery.failed": {
        "en": "The delivery of \u201c{view}\u201d failed: {error}",
        "ko": "\u201c{view}\u201d 발송에 실패했습니다: {error}",
    },
    "notify.op.below": {"en": "below", "ko": "미만"},
    "notify.op.above": {"en": "above", "ko": "초과"},
    "notify.period.last_month": {"en": "last complete month", "ko": "최근 완료 월"},
    "notify.period.last_quarter": {"en": "last complete quarter", "ko": "최근 완료 분기"},
    "notify.period.month_to_date": {"en": "month to date", "ko": "이번 달 누계"},
    "notify.period.L12M": {"en": "last 12 months", "ko": "최근 12개월"},
    "notify.period.YTD": {"en": "year to date", "ko": "올해 누계"},
    # why a chart could not be drawn as PNG
    "notify.png.no_chromium": {"en": "no Chromium at {path}", "ko": "{path}에 Chromium이 없습니다"},
    "notify.png.no_playwright": {
        "en": "the Playwright package is missing ({detail})",
        "ko": "Playwright 패키지가 없습니다 ({detail})",
    },
    "notify.png.failed": {
        "en": "the chart renderer failed ({detail})",
        "ko": "차트를 그리는 중 오류가 났습니다 ({detail})",
    },
    "notify.png.no_chart": {"en": "the view has no chart to draw", "ko": "이 보기에는 그릴 차트가 없습니다"},
    # refusals and failures
    "notify.error.address": {
        "en": "\u201c{address}\u201d is not an e-mail address (name@example.com).",
        "ko": "\u201c{address}\u201d은(는) 이메일 주소가 아닙니다 (name@example.com 형식).",
    },
    "notify.error.admin_only": {"en": "Only administrators can do this.", "ko": "관리자만 할 수 있습니다."},
    "notify.error.alert_not_found": {"en": "There is no such alert of yours.", "ko": "해당 알림이 없습니다."},
    "notify.error.auth": {
        "en": "The mail server refused the user name or password ({code}: {reply}). Check them in the mail server settings.",
        "ko": "메일 서버가 사용자 이름 또는 비밀번호를 거부했습니다 ({code}: {reply}). 메일 서버 설정을 확인하세요.",
    },
    "notify.error.busy": {
        "en": "This subscription is being sent right now; try again in a minute.",
        "ko": "이 구독은 지금 발송 중입니다. 잠시 후 다시 시도하세요.",
    },
    "notify.error.channel": {
        "en": "Choose online or offline as the channel.",
        "ko": "채널은 온라인 또는 오프라인 중에서 고르세요.",
    },
    "notify.error.connection_refused": {
        "en": "No mail server answers at {host}:{port} (connection refused). Check the host and port.",
        "ko": "{host}:{port}에서 응답하는 메일 서버가 없습니다(연결 거부). 호스트와 포트를 확인하세요.",
    },
    "notify.error.content": {
        "en": "The view's data could not be computed: {detail}",
        "ko": "보기의 데이터를 계산하지 못했습니다: {detail}",
    },
    "notify.error.day": {"en": "Choose a day of the month from 1 to 31.", "ko": "1일부터 31일 중에서 날짜를 고르세요."},
    "notify.error.host": {
        "en": "Enter the mail server's host name (no spaces).",
        "ko": "메일 서버의 호스트 이름을 입력하세요 (공백 없이).",
    },
    "notify.error.kind": {"en": "Choose daily, weekly or monthly.", "ko": "매일, 매주, 매월 중에서 고르세요."},
    "notify.error.kpi": {
        "en": "\u201c{kpi}\u201d is not a KPI of the dashboard.",
        "ko": "\u201c{kpi}\u201d은(는) 대시보드 지표가 아닙니다.",
    },
    "notify.error.network": {
        "en": "The mail server {host}:{port} could not be reached: {detail}",
        "ko": "메일 서버 {host}:{port}에 연결하지 못했습니다: {detail}",
    },
    "notify.error.no_format": {"en": "Choose CSV, PNG or both.", "ko": "CSV, PNG 중 하나 이상을 고르세요."},
    "notify.error.no_own_address": {
        "en": "Set your e-mail address first (above).",
        "ko": "먼저 이메일 주소를 설정하세요 (위 입력란).",
    },
    "notify.error.no_recipients": {
        "en": "Nobody would receive it: subscribe yourself or add addresses.",
        "ko": "받는 사람이 없습니다. 본인을 구독하거나 주소를 추가하세요.",
    },
    "notify.error.no_smtp": {
        "en": "No mail server is set up yet: an administrator sets it under Admin › Mail server.",
        "ko": "아직 메일 서버가 설정되지 않았습니다. 관리자가 관리 › 메일 서버에서 설정합니다.",
    },
    "notify.error.no_starttls": {
        "en": "The mail server does not offer STARTTLS: choose another security setting.",
        "ko": "메일 서버가 STARTTLS를 지원하지 않습니다. 다른 보안 설정을 고르세요.",
    },
    "notify.error.no_warehouse": {
        "en": "No warehouse is available: {detail}",
        "ko": "사용할 수 있는 웨어하우스가 없습니다: {detail}",
    },
    "notify.error.not_found": {"en": "There is no such subscription of yours.", "ko": "해당 구독이 없습니다."},
    "notify.error.notification_not_found": {
        "en": "There is no such notification of yours.",
        "ko": "해당 알림 메시지가 없습니다.",
    },
    "notify.error.op": {"en": "Choose below or above.", "ko": "미만 또는 초과를 고르세요."},
    "notify.error.others_forbidden": {
        "en": "Only administrators and partner managers can subscribe other addresses; subscribe yourself.",
        "ko": "다른 주소는 관리자와 파트너 관리자만 구독시킬 수 있습니다. 본인을 구독하세요.",
    },
    "notify.error.others_revoked": {
        "en": "The owner's role may no longer send to other addresses.",
        "ko": "소유자의 역할로는 더 이상 다른 주소로 보낼 수 없습니다.",
    },
    "notify.error.owner_disabled": {
        "en": "The owner {owner} is disabled or no longer exists.",
        "ko": "소유자 {owner}의 계정이 비활성화되었거나 없습니다.",
    },
    "notify.error.period": {"en": "Choose a period from the list.", "ko": "목록에서 기간을 고르세요."},
    "notify.error.png": {"en": "Sent without the PNG: {reason}", "ko": "PNG 없이 발송했습니다: {reason}"},
    "notify.error.port": {"en": "The port is a number from 1 to 65535.", "ko": "포트는 1부터 65535 사이의 숫자입니다."},
    "notify.error.refused": {
        "en": "The mail server refused these addresses: {addresses}.",
        "ko": "메일 서버가 다음 주소를 거부했습니다: {addresses}.",
    },
    "notify.error.region": {
        "en": "\u201c{region}\u201d is not a region of the data.",
        "ko": "\u201c{region}\u201d은(는) 데이터에 없는 권역입니다.",
    },
    "notify.error.security": {"en": "Choose none, STARTTLS or SSL.", "ko": "없음, STARTTLS, SSL 중에서 고르세요."},
    "notify.error.sender": {
        "en": "The mail server refused the sender address ({code}: {reply}).",
        "ko": "메일 서버가 보내는 사람 주소를 거부했습니다 ({code}: {reply}).",
    },
    "notify.error.server": {
        "en": "The mail server answered with an error ({code}: {reply}).",
        "ko": "메일 서버가 오류로 응답했습니다 ({code}: {reply}).",
    },
    "notify.error.share_range": {"en": "A share is between 0 and 100%.", "ko": "비중은 0%에서 100% 사이입니다."},
    "notify.error.status": {"en": "Unknown status.", "ko": "알 수 없는 상태입니다."},
    "notify.error.threshold": {
        "en": "\u201c{value}\u201d is not a threshold: type a number such as 45 (%), 250,000, 1.5M or 1억.",
        "ko": "\u201c{value}\u201d은(는) 기준값이 아닙니다. 45(%), 250,000, 1.5M, 1억처럼 숫자를 입력하세요.",
    },
    "notify.error.time": {
        "en": "Enter the time as HH:MM (e.g. 08:00).",
        "ko": "시간은 HH:MM 형식으로 입력하세요 (예: 08:00).",
    },
    "notify.error.timeout": {
        "en": "The mail server {host}:{port} did not answer in time.",
        "ko": "메일 서버 {host}:{port}이(가) 제시간에 응답하지 않았습니다.",
    },
    "notify.error.tls_or_closed": {
        "en": "The connection to the mail server failed or was closed ({detail}). Check the security setting and port.",
        "ko": "메일 서버 연결이 실패했거나 끊겼습니다 ({detail}). 보안 설정과 포트를 확인하세요.",
    },
    "notify.error.too_many": {"en": "At most {limit} addresses.", "ko": "주소는 최대 {limit}개까지입니다."},
    "notify.error.unexpected": {"en": "An unexpected error: {detail}", "ko": "예상하지 못한 오류: {detail}"},
    "notify.error.unknown_host": {
        "en": "The mail server \u201c{host}\u201d is not known (DNS).",
        "ko": "메일 서버 \u201c{host}\u201d을(를) 찾을 수 없습니다 (DNS).",
    },
    "notify.error.view_gone": {
        "en": "The saved view is gone or its owner may no longer open it.",
        "ko": "저장된 보기가 삭제되었거나 소유자가 더 이상 열 수 없습니다.",
    },
    "notify.error.weekday": {"en": "Choose a weekday.", "ko": "요일을 고르세요."},
    "notify.error.zone": {
        "en": "\u201c{zone}\u201d is not a time zone.",
        "ko": "\u201c{zone}\u201d은(는) 시간대가 아닙니다.",
    },
}
