"""The importer's vocabulary: the kinds of value a field holds, what a field and an entity are, and the
header synonyms several entities share (``data.importer.entities`` defines the entities with them)."""

from __future__ import annotations

from dataclasses import dataclass, field

# kinds: key (an id: integer or text, mapped to an integer id), int, float, money, date, ts, text, bool
KINDS = ("key", "int", "float", "money", "date", "ts", "text", "bool")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    ref: str | None = None  # the entity a key field refers to (customer_id -> "customers")
    min_value: float | None = None
    max_value: float | None = None
    choices: tuple[str, ...] = ()  # allowed values (matched ignoring case, stored as written here)


@dataclass(frozen=True)
class Entity:
    name: str
    table: str
    key: tuple[str, ...]  # business key (warehouse columns)
    fields: tuple[Field, ...]
    # SQL defaults (code constants) for NOT NULL warehouse columns a file may not carry;
    # they may use ``s.<field>``, ``s.<name>_key`` (a key's text) and the placeholders {now},
    # {default_channel}, {unknown_product}.
    defaults: dict[str, str] = field(default_factory=dict)
    # SQL of warehouse columns computed on every upsert (not coalesced with the stored value)
    computed: dict[str, str] = field(default_factory=dict)
    id_kind: str = "INTEGER"  # the type of the entity's own id column (for key mapping)
    # updates rows the warehouse already has, and only as a whole file: one bad row refuses every row
    # whatever the policy (campaign responses, data.importer.responses)
    whole_file: bool = False

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


CUSTOMER_SYN = ("customer_id", "customer", "customer_no", "customer_number", "cust_id", "client_id", "member_id",
                "고객id", "고객번호", "고객코드", "고객", "회원id", "회원번호")  # fmt: skip
PRODUCT_SYN = ("product_id", "product", "product_code", "sku", "item_id", "item", "article",
               "상품id", "상품코드", "상품번호", "제품코드", "상품", "제품")  # fmt: skip
CHANNEL_SYN = ("channel_id", "channel", "sales_channel", "채널", "판매채널", "채널id")
PARTNER_SYN = ("partner_id", "partner", "reseller", "distributor", "파트너", "대리점", "파트너id")
CAMPAIGN_SYN = ("campaign_id", "campaign", "캠페인", "캠페인id")
COUNTRY_SYN = ("country", "country_code", "nation", "국가", "나라", "country_name", "billing_country",
               "shipping_country", "ship_country", "land1")  # fmt: skip
# order files name the buyer by e-mail too (shop exports), or by an ERP's sold-to party
ORDER_CUSTOMER_SYN = (*CUSTOMER_SYN, "customer_email", "billing_email", "email", "e_mail", "kunnr", "sold_to")
