"""Operations: what the portal says about the state of the server and its data."""

ENTRIES = {
    "ops.fallback.title": {
        "en": "The newest data could not be read: you are seeing the previous version",
        "ko": "최신 데이터를 읽을 수 없어 이전 버전을 표시하고 있습니다",
    },
    "ops.fallback.body": {
        "en": "Version {bad} is damaged ({reason}). Every page answers from version {used} until an administrator "
        "rolls back (python -m data.warehouse rollback), restores a backup (make restore) or loads the data again.",
        "ko": "버전 {bad}이(가) 손상되었습니다({reason}). 관리자가 롤백(python -m data.warehouse rollback), 백업 복원"
        "(make restore) 또는 데이터 재적재를 할 때까지 모든 페이지는 버전 {used} 기준으로 답합니다.",
    },
    "login.expired": {
        "en": "The sign-in form expired or did not come from this site. Enter your user name and password again.",
        "ko": "로그인 양식이 만료되었거나 이 사이트에서 온 것이 아닙니다. 사용자 이름과 비밀번호를 다시 입력하세요.",
    },
    "logout.confirm": {"en": "Sign out of XRM?", "ko": "XRM에서 로그아웃하시겠습니까?"},
}
