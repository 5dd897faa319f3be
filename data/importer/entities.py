"""What can be imported: each entity's fields, their types, synonyms and target table.

Every SQL identifier the importer uses comes from here (field names, table names,
default expressions); a file's own headers are only ever matched against the
synonyms, never pasted into SQL.
"""

from __future__ import annotations

from data.importer.fields import (  # noqa: F401 (the vocabulary, re-exported: importers read it from here)
    CAMPAIGN_SYN,
    CHANNEL_SYN,
    COUNTRY_SYN,
    CUSTOMER_SYN,
    KINDS,
    ORDER_CUSTOMER_SYN,
    PARTNER_SYN,
    PRODUCT_SYN,
    Entity,
    Field,
)

ORDER_LINES = Entity(
    name="order_lines",
    table="fact_order_line",
    key=("order_id", "line_no"),
    id_kind="BIGINT",
    fields=(
        Field(
            "order_id",
            "key",
            synonyms=(
                "order_id",
                "order",
                "order_no",
                "order_number",
                "invoice",
                "invoice_no",
                "invoice_number",
                "increment_id",
                "order_name",
                "sales_document",
                "vbeln",
                "transaction_id",
                "receipt_no",
                "주문id",
                "주문번호",
                "거래번호",
                "영수증번호",
            ),
        ),  # fmt: skip
        Field(
            "line_no",
            "int",
            synonyms=("line_no", "line", "line_number", "item_no", "posnr", "순번", "라인번호"),
            min_value=1,
            max_value=1e6,
        ),  # fmt: skip
        Field("customer_id", "key", required=True, synonyms=ORDER_CUSTOMER_SYN, ref="customers"),
        Field(
            "order_ts",
            "ts",
            required=True,
            synonyms=(
                "order_ts",
                "order_date",
                "date",
                "order_time",
                "timestamp",
                "datetime",
                "invoice_date",
                "transaction_date",
                "purchase_date",
                "created_at",
                "order_created",
                "paid_at",
                "audat",
                "erdat",
                "주문일자",
                "주문일",
                "주문일시",
                "거래일자",
                "거래일",
                "구매일",
                "구매일자",
                "일자",
                "날짜",
            ),
        ),  # fmt: skip
        Field(
            "revenue",
            "money",
            synonyms=(
                "revenue",
                "amount",
                "sales",
                "total",
                "net_amount",
                "line_total",
                "row_total",
                "item_total",
                "net_sales",
                "net_value",
                "netwr",
                "value",
                "금액",
                "매출",
                "매출액",
                "결제금액",
                "판매금액",
                "합계",
            ),
        ),  # fmt: skip
        Field(
            "quantity",
            "int",
            synonyms=(
                "quantity",
                "qty",
                "units",
                "qty_ordered",
                "quantity_ordered",
                "items_sold",
                "item_quantity",
                "kwmeng",
                "수량",
                "판매수량",
            ),
            max_value=1e6,
        ),  # fmt: skip
        Field(
            "unit_price",
            "money",
            synonyms=("unit_price", "price", "item_price", "price_each", "netpr", "단가", "판매단가", "가격"),
            min_value=0,
        ),  # fmt: skip
        # a rate (0-1, 0-100 %) or a money amount: decided from the data (decide.decide_discount), or --discount
        Field(
            "discount",
            "float",
            synonyms=(
                "discount",
                "discount_rate",
                "discount_amount",
                "discount_pct",
                "lineitem_discount",
                "할인율",
                "할인액",
                "할인금액",
            ),
            min_value=0,
        ),  # fmt: skip
        Field("cost", "money", synonyms=("cost", "cogs", "원가")),
        Field(
            "product_id",
            "key",
            synonyms=(*PRODUCT_SYN, "stock_code", "item_code", "product_sku", "variant_sku", "material", "matnr"),
            ref="products",
        ),  # fmt: skip
        Field("channel_id", "key", synonyms=CHANNEL_SYN, ref="channels"),
        Field("partner_id", "key", synonyms=PARTNER_SYN, ref="partners"),
        Field("campaign_id", "key", synonyms=CAMPAIGN_SYN, ref="campaigns"),
        Field("country", "text", synonyms=COUNTRY_SYN),
        Field(
            "customer_name",
            "text",
            synonyms=("customer_name", "name", "billing_name", "고객명", "고객이름", "이름", "성명"),
        ),  # fmt: skip
        Field(
            "product_name",
            "text",
            synonyms=(
                "product_name",
                "item_name",
                "description",
                "item_description",
                "product_description",
                "product_s",
                "arktx",
                "상품명",
                "제품명",
            ),
        ),  # fmt: skip
        Field(
            "category",
            "text",
            synonyms=("category", "product_category", "product_type", "카테고리", "분류", "상품분류"),
        ),  # fmt: skip
        Field("is_return", "bool", synonyms=("is_return", "return", "returned", "return_flag", "반품", "반품여부")),
        # a line whose status says cancelled / returned / refunded is a return (see RETURN_WORDS)
        Field("status", "text", synonyms=("status", "order_status", "line_status", "주문상태", "상태")),
    ),
)
# a status that makes an order line a return (matched in lower case, anywhere in the text)
RETURN_WORDS = "cancel|return|refund|reversal|취소|반품|환불"
# channel names that say which group a channel is in; anything else is 'unknown'
ONLINE_WORDS = (
    r"\b(web|online|apps?\b|mobile|e-?mail|mail\b|internet|e-?shop|e-?commerce|marketplace|amazon|ebay|shopify|etsy)"
    "|온라인|모바일|쇼핑몰|인터넷|쿠팡|스마트스토어"
)
OFFLINE_WORDS = (
    r"\b(stores?\b|shop\b|retail|branch|outlet|offline|phone|telephone|call|fax|catalog|partner|distributor|dealer"
    r"|reseller|showroom)|매장|오프라인|지점|전화|대리점|백화점"
)
CHANNEL_GROUPS = ("online", "offline", "unknown")


def channel_group_sql(name_sql: str) -> str:
    """The group a channel's name suggests: online words first, then offline words, else NULL."""
    low = f"lower({name_sql})"
    return (
        f"CASE WHEN regexp_matches({low}, '{ONLINE_WORDS}') THEN 'online' "
        f"WHEN regexp_matches({low}, '{OFFLINE_WORDS}') THEN 'offline' END"
    )


CUSTOMERS = Entity(
    name="customers",
    table="dim_customer",
    key=("customer_id",),
    fields=(
        Field("customer_id", "key", required=True, synonyms=CUSTOMER_SYN),
        Field("name", "text", synonyms=("name", "customer_name", "full_name", "고객명", "이름", "성명")),
        Field("customer_type", "text", synonyms=("customer_type", "type", "고객유형", "유형"), choices=("B2C", "B2B")),
        Field("gender", "text", synonyms=("gender", "sex", "성별"), choices=("F", "M")),
        Field(
            "birth_year", "int", synonyms=("birth_year", "year_of_birth", "출생연도"), min_value=1900, max_value=2030
        ),
        Field("occupation", "text", synonyms=("occupation", "job", "직업")),
        Field("industry", "text", synonyms=("industry", "업종", "산업")),
        Field("country", "text", synonyms=COUNTRY_SYN),
        Field("region", "text", synonyms=("region", "지역", "권역")),
        Field("city", "text", synonyms=("city", "도시", "시")),
        Field(
            "signup_date",
            "date",
            synonyms=(
                "signup_date",
                "joined",
                "join_date",
                "registration_date",
                "created",
                "가입일",
                "가입일자",
                "등록일",
            ),
        ),  # fmt: skip
        Field("email", "text", synonyms=("email", "e-mail", "mail", "이메일")),
        Field("email_opt_in", "bool", synonyms=("email_opt_in", "opt_in", "marketing_consent", "수신동의")),
        Field("company", "text", synonyms=("company", "company_name", "회사", "회사명")),
        Field("segment", "text", synonyms=("segment", "세그먼트")),
        Field("partner_id", "key", synonyms=PARTNER_SYN, ref="partners"),
        Field("preferred_channel_id", "key", synonyms=("preferred_channel", "선호채널"), ref="channels"),
        Field("acquisition_channel_id", "key", synonyms=("acquisition_channel", "유입채널"), ref="channels"),
    ),
    defaults={
        "name": "'Customer ' || s.customer_key",
        "customer_type": "'B2C'",
        "country": "'Unknown'",
        "region": "coalesce((SELECT min(d.region) FROM dim_customer d WHERE d.country = s.country "
        "AND d.region <> 'Unknown'), 'Unknown')",
        "city": "'Unknown'",
        "acquisition_channel_id": "{default_channel}",
        "preferred_channel_id": "{default_channel}",
        "email_opt_in": "false",
        "segment": "CASE WHEN coalesce(s.customer_type, 'B2C') = 'B2B' THEN 'Small business' ELSE 'Consumer' END",
        "email": "''",
        "is_guest": "false",
    },
    # a signup date not given stays NULL and is derived from the first order (write.derive_signup_dates)
    computed={
        "signup_derived": "CASE WHEN s.signup_date IS NOT NULL THEN false ELSE coalesce(t.signup_derived, true) END"
    },
)

PRODUCTS = Entity(
    name="products",
    table="dim_product",
    key=("product_id",),
    fields=(
        Field("product_id", "key", required=True, synonyms=PRODUCT_SYN),
        Field("name", "text", synonyms=("name", "product_name", "title", "상품명", "제품명")),
        Field("category", "text", synonyms=("category", "카테고리", "분류")),
        Field("subcategory", "text", synonyms=("subcategory", "sub_category", "세부분류")),
        Field("unit_price", "money", synonyms=("unit_price", "price", "list_price", "단가", "가격"), min_value=0),
        Field("unit_cost", "money", synonyms=("unit_cost", "cost", "원가"), min_value=0),
        Field("launch_date", "date", synonyms=("launch_date", "release_date", "출시일")),
        Field("sku", "text", synonyms=("sku_code",)),
    ),
    defaults={
        "name": "'Product ' || s.product_key",
        "category": "'Unknown'",
        "subcategory": "coalesce(s.category, 'Unknown')",
        "unit_price": "0",
        "unit_cost": "0",
        "launch_date": "NULL",  # not given: unknown (products derived from order lines: their first sale)
        "sku": "s.product_key",
    },
)

PARTNERS = Entity(
    name="partners",
    table="dim_partner",
    key=("partner_id",),
    fields=(
        Field("partner_id", "key", required=True, synonyms=PARTNER_SYN),
        Field("name", "text", synonyms=("name", "partner_name", "파트너명", "업체명")),
        Field("partner_type", "text", synonyms=("partner_type", "type", "유형")),
        Field("country", "text", synonyms=COUNTRY_SYN),
        Field("region", "text", synonyms=("region", "지역")),
        Field("tier", "text", synonyms=("tier", "grade", "등급")),
        Field("onboarded_date", "date", synonyms=("onboarded_date", "start_date", "contract_date", "계약일")),
        Field("status", "text", synonyms=("status", "상태")),
    ),
    defaults={
        "name": "'Partner ' || s.partner_key",
        "partner_type": "'Reseller'",
        "country": "'Unknown'",
        "region": "'Unknown'",
        "tier": "'Bronze'",
        "onboarded_date": "NULL",  # not given: unknown, never the load day
        "status": "'active'",
        "lifecycle_stage": "CASE WHEN s.status = 'churned' THEN 'churned' ELSE 'new' END",
    },
)

CHANNELS = Entity(
    name="channels",
    table="dim_channel",
    key=("channel_id",),
    fields=(
        Field("channel_id", "key", required=True, synonyms=CHANNEL_SYN),
        Field("name", "text", synonyms=("name", "channel_name", "채널명")),
        Field(
            "channel_group",
            "text",
            synonyms=("channel_group", "group", "online_offline", "구분"),
            choices=CHANNEL_GROUPS,
        ),
    ),
    defaults={
        "name": "s.channel_key",
        "channel_group": f"coalesce({channel_group_sql('coalesce(s.name, s.channel_key)')}, 'unknown')",
    },
)

CAMPAIGNS = Entity(
    name="campaigns",
    table="dim_campaign",
    key=("campaign_id",),
    fields=(
        Field("campaign_id", "key", required=True, synonyms=CAMPAIGN_SYN),
        Field("name", "text", synonyms=("name", "campaign_name", "캠페인명")),
        Field("objective", "text", synonyms=("objective", "goal", "목적")),
        Field("channel_id", "key", synonyms=CHANNEL_SYN, ref="channels"),
        Field("start_date", "date", required=True, synonyms=("start_date", "start", "시작일")),
        Field("end_date", "date", synonyms=("end_date", "end", "종료일")),
        Field("budget", "money", synonyms=("budget", "예산"), min_value=0),
        Field("cost_per_contact", "money", synonyms=("cost_per_contact", "접촉당비용"), min_value=0),
        Field("holdout_pct", "float", synonyms=("holdout_pct", "control_share"), min_value=0, max_value=1),
        Field("status", "text", synonyms=("status", "상태")),
    ),
    defaults={
        "name": "'Campaign ' || s.campaign_key",
        "objective": "'Unknown'",
        "channel_id": "{default_channel}",
        # a campaign derived from its contacts is dated by them (write.REF_SPANS); the load's day
        # only when no contact carries a date (the column cannot be empty: campaigns are dated)
        "start_date": "{now}",
        "end_date": "coalesce(s.start_date, {now})",
        "budget": "0",
        "cost_per_contact": "0",
        "holdout_pct": "0",
        "status": "'completed'",
    },
)

CAMPAIGN_CONTACTS = Entity(
    name="campaign_contacts",
    table="fact_campaign_contact",
    key=("campaign_id", "customer_id"),
    fields=(
        Field("campaign_id", "key", required=True, synonyms=CAMPAIGN_SYN, ref="campaigns"),
        Field("customer_id", "key", required=True, synonyms=CUSTOMER_SYN, ref="customers"),
        Field("group_name", "text", synonyms=("group_name", "group", "그룹"), choices=("target", "control")),
        Field("channel_id", "key", synonyms=CHANNEL_SYN, ref="channels"),
        Field("sent_ts", "ts", synonyms=("sent_ts", "sent", "sent_date", "발송일시", "발송일")),
        Field("delivered", "bool", synonyms=("delivered", "도달")),
        Field("opened_ts", "ts", synonyms=("opened_ts", "opened", "오픈일시")),
        Field("clicked_ts", "ts", synonyms=("clicked_ts", "clicked", "클릭일시")),
        Field("converted_ts", "ts", synonyms=("converted_ts", "converted", "response_date", "반응일시")),
    ),
    defaults={
        "group_name": "'target'",
        "channel_id": "{default_channel}",
        "delivered": "s.sent_ts IS NOT NULL",
    },
)

# What a mail / SMS / survey tool reports back about a campaign's contacts: updates the contact rows
# the campaign's lists already have (data.importer.responses), never adds any. Conversions are not
# in it: they are attributed from the warehouse's orders (crm.campaigns.results).
CAMPAIGN_RESPONSES = Entity(
    name="campaign_responses",
    table="fact_campaign_contact",
    key=("campaign_id", "customer_id"),
    whole_file=True,
    fields=(
        Field("campaign_id", "key", required=True, synonyms=CAMPAIGN_SYN, ref="campaigns"),
        Field(
            "customer_id", "key", required=True, synonyms=(*CUSTOMER_SYN, "recipient_id", "수신자id"), ref="customers"
        ),  # fmt: skip
        Field(
            "delivered",
            "bool",
            synonyms=("delivered", "is_delivered", "delivery_status", "도달", "도달여부", "발송성공"),
        ),  # fmt: skip
        Field(
            "delivered_ts",
            "ts",
            synonyms=("delivered_ts", "delivered_at", "delivery_date", "delivered_date", "도달일시", "수신일시"),
        ),  # fmt: skip
        Field("opened_ts", "ts", synonyms=("opened_ts", "opened", "opened_at", "open_date", "오픈일시", "열람일시")),
        Field("clicked_ts", "ts", synonyms=("clicked_ts", "clicked", "clicked_at", "click_date", "클릭일시")),
        Field(
            "unsubscribed_ts",
            "ts",
            synonyms=(
                "unsubscribed_ts",
                "unsubscribed",
                "unsubscribed_at",
                "unsubscribe_date",
                "opt_out_date",
                "optout_date",
                "수신거부일시",
                "수신거부일",
            ),
        ),  # fmt: skip
        Field(
            "survey_answer",
            "text",
            synonyms=("survey_answer", "answer", "response_text", "comment", "설문응답", "응답", "의견"),
        ),  # fmt: skip
        Field(
            "survey_score",
            "int",
            synonyms=("survey_score", "score", "rating", "설문점수", "점수", "만족도"),
            min_value=1,
            max_value=5,
        ),  # fmt: skip
    ),
)

WEB_SESSIONS = Entity(
    name="web_sessions",
    table="fact_web_session",
    key=("session_id",),
    id_kind="BIGINT",
    fields=(
        Field("session_id", "key", required=True, synonyms=("session_id", "session", "visit_id", "세션id")),
        Field("customer_id", "key", synonyms=CUSTOMER_SYN, ref="customers"),
        Field(
            "start_ts",
            "ts",
            required=True,
            synonyms=("start_ts", "start", "session_start", "visit_date", "date", "접속일시", "방문일시"),
        ),  # fmt: skip
        Field("channel_id", "key", synonyms=CHANNEL_SYN, ref="channels"),
        Field("source", "text", synonyms=("source", "utm_source", "유입경로")),
        Field("device", "text", synonyms=("device", "기기")),
        Field("country", "text", synonyms=COUNTRY_SYN),
        Field("pages_viewed", "int", synonyms=("pages_viewed", "pageviews", "pages", "페이지뷰"), min_value=0),
        Field("product_views", "int", synonyms=("product_views", "상품조회"), min_value=0),
        Field("cart_adds", "int", synonyms=("cart_adds", "장바구니"), min_value=0),
    ),
    defaults={
        "channel_id": "{default_channel}",
        "source": "'direct'",
        "device": "'desktop'",
        "country": "'Unknown'",
        "pages_viewed": "0",
        "product_views": "0",
        "cart_adds": "0",
    },
)

SERVICE_TICKETS = Entity(
    name="service_tickets",
    table="fact_service_ticket",
    key=("ticket_id",),
    id_kind="BIGINT",
    fields=(
        Field("ticket_id", "key", required=True, synonyms=("ticket_id", "ticket", "case_id", "문의번호", "티켓번호")),
        Field("customer_id", "key", required=True, synonyms=CUSTOMER_SYN, ref="customers"),
        Field(
            "opened_ts", "ts", required=True, synonyms=("opened_ts", "opened", "created", "date", "접수일시", "접수일")
        ),
        Field("closed_ts", "ts", synonyms=("closed_ts", "closed", "resolved", "종료일시", "처리일시")),
        Field("channel_id", "key", synonyms=CHANNEL_SYN, ref="channels"),
        Field("category", "text", synonyms=("category", "type", "유형", "분류")),
        Field("product_id", "key", synonyms=PRODUCT_SYN, ref="products"),
        Field("status", "text", synonyms=("status", "상태"), choices=("open", "closed")),
        Field("satisfaction", "int", synonyms=("satisfaction", "csat", "rating", "만족도"), min_value=1, max_value=5),
    ),
    defaults={
        "channel_id": "{default_channel}",
        "category": "'Other'",
        "product_id": "{unknown_product}",
        "status": "CASE WHEN s.closed_ts IS NULL THEN 'open' ELSE 'closed' END",
    },
)

OPPORTUNITIES = Entity(
    name="opportunities",
    table="fact_opportunity",
    key=("opportunity_id",),
    id_kind="BIGINT",
    fields=(
        Field(
            "opportunity_id", "key", required=True, synonyms=("opportunity_id", "opportunity", "deal_id", "영업기회id")
        ),
        Field("customer_id", "key", required=True, synonyms=CUSTOMER_SYN, ref="customers"),
        Field("partner_id", "key", synonyms=PARTNER_SYN, ref="partners"),
        Field("owner", "text", synonyms=("owner", "sales_rep", "담당자", "영업담당")),
        Field("created_date", "date", required=True, synonyms=("created_date", "created", "date", "생성일", "등록일")),
        Field("stage", "text", required=True, synonyms=("stage", "단계")),
        Field("amount", "money", required=True, synonyms=("amount", "value", "deal_size", "금액"), min_value=0),
        Field("expected_close", "date", synonyms=("expected_close", "close_date", "예상마감일")),
        Field("closed_date", "date", synonyms=("closed_date", "마감일")),
        Field("won", "bool", synonyms=("won", "is_won", "수주여부")),
    ),
    defaults={
        "owner": "'Unknown'",
        "expected_close": "s.created_date + INTERVAL 90 DAY",
        "won": "CASE WHEN s.stage = 'Closed Won' THEN true WHEN s.stage = 'Closed Lost' THEN false END",
    },
)

# one row per stage an opportunity entered (its history); the opportunity must be loaded first
OPPORTUNITY_STAGES = Entity(
    name="opportunity_stages",
    table="fact_opportunity_stage",
    key=("opportunity_id", "stage"),
    id_kind="BIGINT",
    fields=(
        Field("opportunity_id", "key", required=True, ref="opportunities",
              synonyms=("opportunity_id", "opportunity", "deal_id", "영업기회id")),
        Field("stage", "text", required=True, synonyms=("stage", "stage_name", "to_stage", "new_stage", "단계"),
              choices=("Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost")),
        Field("entered_ts", "ts", required=True,
              synonyms=("entered_ts", "entered", "entered_date", "changed_at", "stage_date", "date", "진입일시", "변경일시")),
    ),
)  # fmt: skip
# references that are never derived from the rows naming them (a derived row would lack required fields)
NOT_DERIVED = frozenset({"opportunities"})

ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (ORDER_LINES, CUSTOMERS, PRODUCTS, PARTNERS, CHANNELS, CAMPAIGNS, CAMPAIGN_CONTACTS, CAMPAIGN_RESPONSES,
              WEB_SESSIONS, SERVICE_TICKETS, OPPORTUNITIES, OPPORTUNITY_STAGES)
}  # fmt: skip

# the entity a key refers to -> (its table, its id column)
REF_TABLES = {
    "customers": ("dim_customer", "customer_id"),
    "products": ("dim_product", "product_id"),
    "channels": ("dim_channel", "channel_id"),
    "partners": ("dim_partner", "partner_id"),
    "campaigns": ("dim_campaign", "campaign_id"),
    "opportunities": ("fact_opportunity", "opportunity_id"),
}


def get_entity(name: str) -> Entity:
    from data.importer.errors import ImportProblem

    try:
        return ENTITIES[name]
    except KeyError:
        raise ImportProblem("import.unknown_entity", entity=name, choices=", ".join(ENTITIES)) from None
