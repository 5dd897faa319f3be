"""Partners' row-level security: assignments, refusals, the no-assignment notice, the admin picker."""

ENTRIES = {
    "partners.error.not_ids": {
        "en": "Partner ids are whole numbers separated by commas; these are not: {ids}.",
        "ko": "파트너 ID는 쉼표로 구분한 정수여야 합니다. 잘못된 값: {ids}.",
    },
    "partners.error.no_user": {
        "en": "There is no user named '{user}'.",
        "ko": "'{user}' 사용자가 없습니다.",
    },
    "partners.error.not_manager": {
        "en": "'{user}' is a {role}, not a partner manager: only partner managers are assigned partners.",
        "ko": "'{user}'의 역할은 {role}이며 파트너 매니저가 아닙니다. 파트너는 파트너 매니저에게만 배정합니다.",
    },
    "partners.error.unknown_ids": {
        "en": "No partner of this warehouse has the id {ids}. Check the ids in the partner directory.",
        "ko": "이 웨어하우스에 ID가 {ids}인 파트너가 없습니다. 파트너 목록에서 ID를 확인하세요.",
    },
    "partners.scope.none": {
        "en": "No partner is assigned to you yet, so there is no partner business to show. "
        "Ask an administrator to assign your partners (Admin → Users).",
        "ko": "아직 배정된 파트너가 없어 보여 줄 파트너 실적이 없습니다. "
        "관리자에게 파트너 배정을 요청하세요 (관리 → 사용자).",
    },
    "partners.scope.some": {
        "en": "You see the business of your {count} partners only.",
        "ko": "배정된 파트너 {count}곳의 실적만 표시됩니다.",
    },
    "admin.partners.title": {"en": "Partners of {user}", "ko": "{user}의 담당 파트너"},
    "admin.partners.help": {
        "en": "A partner manager sees only these partners' business, everywhere in the portal.",
        "ko": "파트너 매니저는 포털 어디서나 이 파트너들의 실적만 봅니다.",
    },
    "admin.partners.placeholder": {"en": "Choose partners", "ko": "파트너 선택"},
    "admin.partners.save": {"en": "Save partners", "ko": "파트너 저장"},
    "admin.partners.saved": {
        "en": "Saved: {user} now sees {count} partners.",
        "ko": "저장했습니다. {user}님은 이제 파트너 {count}곳을 봅니다.",
    },
    "admin.partners.none_in_warehouse": {
        "en": "This warehouse holds no partners to assign.",
        "ko": "이 웨어하우스에는 배정할 파트너가 없습니다.",
    },
}
