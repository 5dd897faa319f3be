"""First start on one's own data: how the first user gets in (login page)."""

ENTRIES = {
    "login.first_user": {
        "en": "No user exists yet on this installation. On the server, create the first admin with "
        "“{command}” (or start XRM with XRM_ADMIN_PASSWORD set to create the user “admin”), then sign in.",
        "ko": "아직 이 설치본에는 사용자가 없습니다. 서버에서 “{command}” 명령으로 첫 관리자를 만들거나 "
        "XRM_ADMIN_PASSWORD를 설정한 채 XRM을 시작해 사용자 “admin”을 만든 뒤 로그인하세요.",
    },
}
