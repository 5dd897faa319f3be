"""Saved views (the top bar's Saved menu) and the top bar's search."""

ENTRIES = {
    # the Saved menu
    "saved.menu": {"en": "Saved", "ko": "저장됨"},
    "saved.title": {"en": "Saved views", "ko": "저장된 보기"},
    "saved.save_here": {"en": "Save this view", "ko": "이 보기 저장"},
    "saved.name": {"en": "Name", "ko": "이름"},
    "saved.name_placeholder": {"en": "e.g. Q4 online sales by region", "ko": "예: 4분기 지역별 온라인 매출"},
    "saved.share_with": {
        "en": "Share with (none: only you)",
        "ko": "공유 대상 (선택하지 않으면 나만 보기)",
    },
    "saved.save": {"en": "Save", "ko": "저장"},
    "saved.cannot_here": {
        "en": "Views of the Dashboard, Explore and Analyses can be saved. Open one of them, set it up, "
        "then save it here.",
        "ko": "대시보드, 탐색, 분석 화면의 보기를 저장할 수 있습니다. 해당 화면을 열어 설정한 뒤 여기에서 저장하세요.",
    },
    "saved.of_page": {"en": "On: {page}", "ko": "화면: {page}"},
    "saved.mine": {"en": "My views", "ko": "내 보기"},
    "saved.shared": {"en": "Shared with me", "ko": "나와 공유된 보기"},
    "saved.none_mine": {"en": "You have saved no view yet.", "ko": "아직 저장한 보기가 없습니다."},
    "saved.none_shared": {"en": "No view is shared with your role.", "ko": "내 역할과 공유된 보기가 없습니다."},
    "saved.private": {"en": "Private", "ko": "비공개"},
    "saved.shared_with": {"en": "Shared with {roles}", "ko": "공유: {roles}"},
    "saved.by": {"en": "by {owner}", "ko": "작성: {owner}"},
    "saved.copy": {"en": "Copy link", "ko": "링크 복사"},
    "saved.edit": {"en": "Rename or delete", "ko": "이름 바꾸기 또는 삭제"},
    "saved.rename": {"en": "Rename", "ko": "이름 바꾸기"},
    "saved.delete": {"en": "Delete", "ko": "삭제"},
    "saved.delete_confirm": {
        "en": "Delete the saved view \u201c{name}\u201d? Links to it will stop working.",
        "ko": "저장된 보기 \u201c{name}\u201d을(를) 삭제할까요? 이 보기의 링크는 더 이상 열리지 않습니다.",
    },
    "saved.done.save": {"en": "Saved \u201c{name}\u201d.", "ko": "\u201c{name}\u201d을(를) 저장했습니다."},
    "saved.done.rename": {"en": "Renamed to \u201c{name}\u201d.", "ko": "\u201c{name}\u201d(으)로 이름을 바꿨습니다."},
    "saved.done.delete": {"en": "Deleted \u201c{name}\u201d.", "ko": "\u201c{name}\u201d을(를) 삭제했습니다."},
    # refusals (crm.saved_views.SavedViewError)
    "saved.error.page": {
        "en": "Only views of the Dashboard, Explore and Analyses can be saved (this is {path}).",
        "ko": "대시보드, 탐색, 분석 화면의 보기만 저장할 수 있습니다(현재 화면: {path}).",
    },
    "saved.error.too_long": {
        "en": "This view's address is longer than {limit} characters: remove some filters, then save it.",
        "ko": "이 보기의 주소가 {limit}자보다 깁니다. 필터를 일부 지운 뒤 저장하세요.",
    },
    "saved.error.name_missing": {"en": "Give the view a name.", "ko": "보기 이름을 입력하세요."},
    "saved.error.name_too_long": {
        "en": "A view's name has at most {limit} characters.",
        "ko": "보기 이름은 최대 {limit}자입니다.",
    },
    "saved.error.role": {"en": "Unknown role: {roles}.", "ko": "알 수 없는 역할: {roles}."},
    "saved.error.duplicate": {
        "en": "You already have a view named \u201c{name}\u201d: choose another name.",
        "ko": "\u201c{name}\u201d이라는 보기가 이미 있습니다. 다른 이름을 고르세요.",
    },
    "saved.error.not_found": {
        "en": "There is no saved view {id} that you may open (it may have been deleted).",
        "ko": "열 수 있는 저장된 보기 {id}이(가) 없습니다(삭제되었을 수 있습니다).",
    },
    "saved.error.not_yours": {
        "en": "\u201c{name}\u201d belongs to {owner}: only its owner or an administrator may rename or delete it.",
        "ko": "\u201c{name}\u201d은(는) {owner}의 보기입니다. 소유자나 관리자만 이름을 바꾸거나 삭제할 수 있습니다.",
    },
    # the top bar's search
    "search.placeholder": {
        "en": "Search customers, products, partners, views, pages…",
        "ko": "고객, 제품, 파트너, 보기, 화면 검색…",
    },
    "search.label": {"en": "Search", "ko": "검색"},
    "search.too_short": {
        "en": "Type at least two characters, or an id.",
        "ko": "두 글자 이상 또는 ID를 입력하세요.",
    },
    "search.nothing": {
        "en": "Nothing found for \u201c{text}\u201d.",
        "ko": "\u201c{text}\u201d에 대한 결과가 없습니다.",
    },
    "search.unavailable": {
        "en": "Search is unavailable while the warehouse cannot be read.",
        "ko": "웨어하우스를 읽을 수 없는 동안에는 검색할 수 없습니다.",
    },
    "search.keys": {
        "en": "\u2191\u2193 to move, Enter to open, Esc to close",
        "ko": "\u2191\u2193 이동, Enter 열기, Esc 닫기",
    },
    "search.kind.customers": {"en": "Customers", "ko": "고객"},
    "search.kind.products": {"en": "Products", "ko": "제품"},
    "search.kind.partners": {"en": "Partners", "ko": "파트너"},
    "search.kind.views": {"en": "Saved views", "ko": "저장된 보기"},
    "search.kind.segments": {"en": "Segments", "ko": "세그먼트"},
    "search.kind.pages": {"en": "Pages", "ko": "화면"},
    "search.members": {"en": "{count} members", "ko": "고객 {count}명"},
}
