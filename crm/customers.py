"""Customer 360 (Bi-PM): find a customer, see every contact on one timeline with the models'
scores and the segments they belong to, correct their data and erase them on request.

Corrections and erasures are written to the operational store first (who, when, before,
after) and shown at once: the profile and the search overlay them on the warehouse's row.
``jobs.changes.apply_changes`` then writes them into a new warehouse version (the web app never opens
the warehouse read-write), so Explore, exports and every later load see them too.

An erasure removes what identifies the person — name, e-mail, company — and keeps what
the aggregates need (country, region, city, type, segment, birth year, gender, every
order, session, contact and ticket under the same customer id), so every total of the
portal stays as it was. Because older warehouse versions still hold the identifying
data, applying an erasure prunes every older version.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from data import opstore
from data.warehouse import lineage_of
from errors import KeyedError
from i18n import t
from olap.scope import partner_scope, sql_clause

SEARCH_LIMIT = 50
TIMELINE_KINDS = ("order", "session", "contact", "ticket", "opportunity")
# fields a person may correct, with how a new value is checked
EDITABLE = ("name", "email", "company", "city", "preferred_channel_id", "email_opt_in")
ANONYMOUS_NAME = "Anonymised customer {id}"
IDENTIFYING = ("name", "email", "company")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CustomerError(KeyedError, ValueError):
    """A request the customer module refuses; ``key`` and ``values`` make the message."""

    def message(self, lang: str) -> str:
        """The refusal in the reader's language, the field it names given by its label."""
        values = dict(self.values)
        if "field" in values:
            values["field"] = t(f"customers.field.{values['field']}", lang)
        return t(self.key, lang, **values)


# --------------------------------------------------------------------------- the store


# Corrections and erasure requests, one row per field changed (before and after as text);
# ``applied_version`` is the warehouse version that holds the change (None until applied);
# ``lineage`` the warehouse they were made on: ids restart per warehouse, so a change applies
# only to its own (rows recorded before lineages existed belong to the pre-lineage warehouse).
customer_changes = sa.Table(
    "customer_changes",
    opstore.metadata,
    sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.Integer, nullable=False, index=True),
    sa.Column("field", sa.String(64), nullable=False),  # an EDITABLE field, or "erase"
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),  # the new value; for "erase" the reason given
    sa.Column("changed_by", sa.String(64), nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("applied_version", sa.String(128)),
    sa.Column("lineage", sa.String(64), index=True),
)


def _changes() -> sa.Table:
    """The table (the store's migrations create it with the others)."""
    opstore.engine()
    return customer_changes


def _of_lineage(t: sa.Table, lineage: str):
    """The changes made on the warehouse of ``lineage``."""
    if lineage.startswith("legacy-"):  # a warehouse from before lineages: its changes have none
        return sa.or_(t.c.lineage == lineage, t.c.lineage.is_(None))
    return t.c.lineage == lineage


def pending_overlay(customer_ids, lineage: str) -> dict[int, dict]:
    """The latest corrected value of every field, and erasures, per customer (all when ``customer_ids``
    is None), as recorded on the warehouse of ``lineage``."""
    t = _changes()
    query = sa.select(t).where(_of_lineage(t, lineage)).order_by(t.c.change_id)
    if customer_ids is not None:
        query = query.where(t.c.customer_id.in_([int(c) for c in customer_ids]))
    out: dict[int, dict] = {}
    with opstore.engine().connect() as con:
        for row in con.execute(query):
            values = out.setdefault(row.customer_id, {})
            if row.field == "erase":
                values["erased"] = True
                for name in IDENTIFYING:
                    values[name] = ANONYMOUS_NAME.format(id=row.customer_id) if name == "name" else None
            elif not values.get("erased") or row.field not in IDENTIFYING:
                values[row.field] = _typed(row.field, row.after)
    return out


def _typed(name: str, text):
    if text is None:
        return None
    if name == "email_opt_in":
        return text == "true"
    if name == "preferred_channel_id":
        return int(text)
    return text


def history(customer_id: int, lineage: str) -> pd.DataFrame:
    """Every correction and erasure of a customer (of this warehouse): who, when, field, before, after, applied."""
    t = _changes()
    query = sa.select(t).where(t.c.customer_id == int(customer_id), _of_lineage(t, lineage))
    with opstore.engine().connect() as con:
        rows = con.execute(query.order_by(t.c.change_id.desc())).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in t.columns])


# --------------------------------------------------------------------------- search


def exact_customer(cursor, text: str) -> int | None:
    """The customer whose id is exactly ``text`` (digits only), when they exist, are no guest and are
    within the reader's partner scope; else None (a search then lists what matches)."""
    text = (text or "").strip()
    if not text.isdigit() or len(text) > 18:
        return None
    scoped, scope_ids = sql_clause("partner_id", partner_scope())
    found = cursor.execute(
        f"SELECT customer_id FROM dim_customer WHERE customer_id = ? AND is_guest IS NOT TRUE AND {scoped}",
        [int(text), *scope_ids],
    ).fetchone()
    return None if found is None else int(found[0])


def search(cursor, text: str, limit: int = SEARCH_LIMIT) -> pd.DataFrame:
    """Customers whose id equals ``text`` or whose name, e-mail or company contains it.

    Corrected names, e-mails and companies are searched as corrected; erased customers are
    found by id only. Columns: customer_id, name, company, email, country, customer_type,
    revenue (lifetime), orders, last_order.
    """
    text = (text or "").strip()
    if len(text) < 2 and not text.isdigit():
        raise CustomerError("customer.search.too_short")
    overlay = pending_overlay(None, lineage_of(cursor))
    like = f"%{text.lower()}%"
    exact = int(text) if text.isdigit() else -1
    changed = [cid for cid, v in overlay.items() if any(k in v for k in IDENTIFYING)]
    changed = [cid for cid in changed if in_scope(cursor, cid)]
    scoped, scope_ids = sql_clause("c.partner_id", partner_scope())
    found = cursor.execute(
        f"""
        SELECT c.customer_id FROM dim_customer c
        WHERE c.is_guest IS NOT TRUE  -- guest checkouts are no customer to look up
          AND (c.customer_id = ?
           OR lower(c.name) LIKE ? OR lower(c.email) LIKE ? OR lower(coalesce(c.company, '')) LIKE ?)
          AND {scoped}
        ORDER BY (c.customer_id = ?) DESC, c.name
        LIMIT ?
        """,
        [exact, like, like, like, *scope_ids, exact, limit * 2 + len(changed)],
    ).fetchall()
    ids = [r[0] for r in found]
    # customers whose corrected data matches (their warehouse row may not yet)
    for cid in changed:
        values = overlay[cid]
        if values.get("erased"):
            continue
        if any(text.lower() in str(values.get(k) or "").lower() for k in IDENTIFYING) and cid not in ids:
            ids.append(cid)
    if not ids:
        return pd.DataFrame(
            columns=[
                "customer_id",
                "name",
                "company",
                "email",
                "country",
                "customer_type",
                "revenue",
                "orders",
                "last_order",
            ]
        )
    frame = _summaries(cursor, ids)
    frame = _apply_overlay(frame, overlay)
    keep = []
    for row in frame.itertuples():
        values = overlay.get(row.customer_id, {})
        if values.get("erased"):
            keep.append(row.customer_id == exact)
            continue
        keep.append(
            row.customer_id == exact
            or any(text.lower() in str(getattr(row, k) or "").lower() for k in ("name", "email", "company"))
        )
    frame = frame[keep]
    frame = frame.assign(_exact=frame["customer_id"] == exact).sort_values(["_exact", "name"], ascending=[False, True])
    return frame.drop(columns="_exact").head(limit).reset_index(drop=True)


def in_scope(cursor, customer_id: int) -> bool:
    """Whether the request's partner scope (row-level security, ``olap.scope``) lets it see the
    customer: a partner manager sees the customers their partners serve (``dim_customer.partner_id``
    among their partners, the same rule the cube applies to a customer's sessions and tickets)."""
    scope = partner_scope()
    if scope is None:
        return True
    clause, ids = sql_clause("partner_id", scope)
    sql = f"SELECT 1 FROM dim_customer WHERE customer_id = ? AND {clause}"
    return cursor.execute(sql, [int(customer_id), *ids]).fetchone() is not None


def _check_in_scope(cursor, customer_id: int) -> None:
    """Another partner's customer is "not found", exactly like an id that does not exist."""
    if not in_scope(cursor, customer_id):
        raise CustomerError("customer.not_found", id=customer_id)


def _summaries(cursor, ids: list[int]) -> pd.DataFrame:
    placeholders = ", ".join("?" for _ in ids)
    return cursor.execute(
        f"""
        SELECT c.customer_id, c.name, c.company, c.email, c.country, c.customer_type,
               coalesce(sum(f.revenue), 0) AS revenue, count(DISTINCT f.order_id) AS orders,
               max(f.order_ts)::DATE AS last_order
        FROM dim_customer c LEFT JOIN fact_order_line f ON f.customer_id = c.customer_id
        WHERE c.customer_id IN ({placeholders})
        GROUP BY ALL
        """,
        ids,
    ).df()


def _apply_overlay(frame: pd.DataFrame, overlay: dict[int, dict]) -> pd.DataFrame:
    frame = frame.copy()
    for i, cid in enumerate(frame["customer_id"]):
        for name, value in overlay.get(int(cid), {}).items():
            if name in frame.columns:
                frame.iloc[i, frame.columns.get_loc(name)] = value
    return frame


# --------------------------------------------------------------------------- the profile


@dataclass
class Profile:
    customer: dict  # dim_customer row with corrections, channel and partner names
    kpis: dict  # orders, revenue, first/last order, aov, returns
    scores: dict  # rfm segment/tier/clv, cluster, propensities, next best products
    segments: list[dict]
    erased: bool
    pending: list[str] = field(default_factory=list)  # fields corrected but not yet in the warehouse


def profile(cursor, customer_id: int) -> Profile:
    """Everything the portal knows about one customer (``CustomerError`` if there is none)."""
    from crm.segments import segments_of

    _check_in_scope(cursor, customer_id)
    row = cursor.execute(
        """
        SELECT c.*, pc.name AS preferred_channel, ac.name AS acquisition_channel, p.name AS partner
        FROM dim_customer c
        LEFT JOIN dim_channel pc ON pc.channel_id = c.preferred_channel_id
        LEFT JOIN dim_channel ac ON ac.channel_id = c.acquisition_channel_id
        LEFT JOIN dim_partner p ON p.partner_id = c.partner_id
        WHERE c.customer_id = ?
        """,
        [int(customer_id)],
    ).df()
    if row.empty:
        raise CustomerError("customer.not_found", id=customer_id)
    customer = {k: (None if pd.isna(v) else v) for k, v in row.iloc[0].to_dict().items()}
    overlay = pending_overlay([customer_id], lineage_of(cursor)).get(int(customer_id), {})
    pending = [k for k, v in overlay.items() if k in customer and customer[k] != v]
    customer.update({k: v for k, v in overlay.items() if k in EDITABLE})
    if "preferred_channel_id" in overlay:
        names = dict(cursor.execute("SELECT channel_id, name FROM dim_channel").fetchall())
        customer["preferred_channel"] = names.get(customer["preferred_channel_id"])
    kpis = dict(
        zip(
            ("orders", "revenue", "first_order", "last_order", "returned"),
            cursor.execute(
                """
                SELECT count(DISTINCT order_id), coalesce(sum(revenue), 0), min(order_ts)::DATE,
                       max(order_ts)::DATE, coalesce(-sum(revenue) FILTER (WHERE quantity < 0), 0)
                FROM fact_order_line WHERE customer_id = ?
                """,
                [int(customer_id)],
            ).fetchone(),
            strict=True,
        )
    )
    kpis["aov"] = kpis["revenue"] / kpis["orders"] if kpis["orders"] else None
    return Profile(
        customer=customer,
        kpis=kpis,
        scores=scores_of(int(customer_id), lineage_of(cursor)),
        segments=segments_of(int(customer_id)),
        erased=bool(overlay.get("erased")),
        pending=pending,
    )


def scores_of(customer_id: int, lineage: str | None = None) -> dict:
    """The customer's row in the latest run of every model computed on ``lineage`` (default: the
    current warehouse's; ids restart per warehouse, so another one's runs describe someone else)."""
    from mining.runs import latest_run, run_path

    out: dict = {}
    for kind in ("rfm", "cluster", "propensity_repurchase", "propensity_response", "nbp"):
        meta = latest_run(kind, lineage)
        if meta is None:
            continue
        rows = pd.read_parquet(run_path(meta), filters=[("customer_id", "==", int(customer_id))])
        out[kind] = {
            "run_id": meta["run_id"],
            "as_of": meta["as_of"],
            "rows": rows.drop(columns=["customer_id"]).to_dict(orient="records"),
        }
    return out


# --------------------------------------------------------------------------- the timeline

_TIMELINE = {
    "order": """
        SELECT 'order' AS kind, min(f.order_ts) AS ts, f.order_id AS ref,
               any_value(ch.name) AS channel, any_value(ch.channel_group) AS channel_group,
               any_value(p.name) AS partner, any_value(cam.name) AS campaign,
               count(*) AS lines, sum(f.quantity) AS quantity, sum(f.revenue) AS amount,
               string_agg(DISTINCT pr.name, ', ') AS detail
        FROM fact_order_line f
        LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id
        LEFT JOIN dim_partner p ON p.partner_id = f.partner_id
        LEFT JOIN dim_campaign cam ON cam.campaign_id = f.campaign_id
        LEFT JOIN dim_product pr ON pr.product_id = f.product_id
        WHERE f.customer_id = ?
        GROUP BY f.order_id
    """,
    "session": """
        SELECT 'session' AS kind, s.start_ts AS ts, s.session_id AS ref, ch.name AS channel,
               ch.channel_group, NULL AS partner, NULL AS campaign, s.pages_viewed AS lines,
               s.cart_adds AS quantity, NULL::DOUBLE AS amount,
               s.source || ' · ' || s.device || CASE WHEN s.order_id IS NOT NULL
                   THEN ' · order:' || s.order_id ELSE '' END AS detail
        FROM fact_web_session s LEFT JOIN dim_channel ch ON ch.channel_id = s.channel_id
        WHERE s.customer_id = ?
    """,
    "contact": """
        SELECT 'contact' AS kind, coalesce(k.sent_ts, cam.start_date::TIMESTAMP) AS ts, k.campaign_id AS ref,
               ch.name AS channel, ch.channel_group, NULL AS partner, cam.name AS campaign,
               NULL AS lines, NULL AS quantity, NULL::DOUBLE AS amount,
               k.group_name
               || CASE WHEN k.opened_ts IS NOT NULL THEN ' · opened' ELSE '' END
               || CASE WHEN k.clicked_ts IS NOT NULL THEN ' · clicked' ELSE '' END
               || CASE WHEN k.converted_ts IS NOT NULL THEN ' · converted:' || coalesce(k.converted_order_id::VARCHAR, '')
                       ELSE '' END AS detail
        FROM fact_campaign_contact k
        LEFT JOIN dim_campaign cam ON cam.campaign_id = k.campaign_id
        LEFT JOIN dim_channel ch ON ch.channel_id = k.channel_id
        WHERE k.customer_id = ?
    """,
    "ticket": """
        SELECT 'ticket' AS kind, t.opened_ts AS ts, t.ticket_id AS ref, ch.name AS channel,
               ch.channel_group, NULL AS partner, NULL AS campaign, NULL AS lines, t.satisfaction AS quantity,
               NULL::DOUBLE AS amount, t.category || ' · ' || t.status AS detail
        FROM fact_service_ticket t LEFT JOIN dim_channel ch ON ch.channel_id = t.channel_id
        WHERE t.customer_id = ?
    """,
    "opportunity": """
        SELECT 'opportunity' AS kind, o.created_date::TIMESTAMP AS ts, o.opportunity_id AS ref, NULL AS channel,
               NULL AS channel_group, p.name AS partner, NULL AS campaign, NULL AS lines, NULL AS quantity,
               o.amount, o.stage || ' · ' || o.owner AS detail
        FROM fact_opportunity o LEFT JOIN dim_partner p ON p.partner_id = o.partner_id
        WHERE o.customer_id = ?
    """,
}
TIMELINE_COLUMNS = (
    "kind",
    "ts",
    "ref",
    "channel",
    "channel_group",
    "partner",
    "campaign",
    "lines",
    "quantity",
    "amount",
    "detail",
)


def timeline(cursor, customer_id: int, kinds=TIMELINE_KINDS) -> pd.DataFrame:
    """Every contact of the customer, newest first: orders (one row per order, with its channel
    and partner), web sessions, campaign contacts, service tickets and opportunities.

    ``detail`` is data joined by " · " (products; source · device; category · status; stage ·
    owner), except the program's own words, kept as tokens for the page to translate:
    ``order:<id>`` on a converting session; ``target``/``control``, ``opened``, ``clicked``
    and ``converted:<order id>`` on a campaign contact."""
    unknown = set(kinds) - set(TIMELINE_KINDS)
    if unknown:
        raise CustomerError("customer.timeline.bad_kind", kinds=", ".join(sorted(unknown)))
    _check_in_scope(cursor, customer_id)
    parts = [f"SELECT * FROM ({_TIMELINE[k]})" for k in TIMELINE_KINDS if k in kinds]
    if not parts:
        return pd.DataFrame(columns=list(TIMELINE_COLUMNS))
    sql = " UNION ALL BY NAME ".join(parts) + " ORDER BY ts DESC, kind, ref DESC"
    frame = cursor.execute(sql, [int(customer_id)] * len(parts)).df()
    return frame[list(TIMELINE_COLUMNS)]


# --------------------------------------------------------------------------- corrections, erasure


def _check(cursor, name: str, value) -> str | None:
    if name not in EDITABLE:
        raise CustomerError("customer.correct.bad_field", field=name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if name in ("name", "email", "city", "preferred_channel_id", "email_opt_in"):
            raise CustomerError("customer.correct.required", field=name)
        return None
    if name == "email":
        value = str(value).strip()
        if not _EMAIL.match(value) or len(value) > 254:
            raise CustomerError("customer.correct.bad_email", value=value)
        return value
    if name == "email_opt_in":
        if not isinstance(value, bool):
            raise CustomerError("customer.correct.bad_flag", value=value)
        return "true" if value else "false"
    if name == "preferred_channel_id":
        try:
            channel = int(value)
        except (TypeError, ValueError):
            raise CustomerError("customer.correct.bad_channel", value=value) from None
        if cursor.execute("SELECT 1 FROM dim_channel WHERE channel_id = ?", [channel]).fetchone() is None:
            raise CustomerError("customer.correct.bad_channel", value=value)
        return str(channel)
    value = str(value).strip()
    if len(value) > 200:
        raise CustomerError("customer.correct.too_long", field=name, most=200)
    return value


def correct(cursor, customer_id: int, changes: dict, user: str) -> list[str]:
    """Record corrections (field -> new value) with before and after; returns the fields changed.

    Nothing is recorded unless every value is valid; unchanged values are skipped.
    """
    current = profile(cursor, customer_id)
    if current.erased:
        raise CustomerError("customer.correct.erased", id=customer_id)
    checked = {name: _check(cursor, name, value) for name, value in changes.items()}
    rows = []
    for name, after in checked.items():
        before = current.customer.get(name)
        before_text = (
            None if before is None else ("true" if before is True else "false" if before is False else str(before))
        )
        if before_text == after:
            continue
        rows.append({"customer_id": int(customer_id), "field": name, "before": before_text, "after": after,
                     "lineage": lineage_of(cursor)})  # fmt: skip
    if not rows:
        return []
    now = dt.datetime.now()
    with opstore.engine().begin() as con:
        for row in rows:
            con.execute(_changes().insert().values(**row, changed_by=user, changed_at=now))
    for row in rows:
        opstore.audit(
            user,
            "customer.correct",
            f"customer#{customer_id}",
            f"{row['field']}: {row['before']!r} -> {row['after']!r}",
        )
    return [r["field"] for r in rows]


def erase(cursor, customer_id: int, user: str, reason: str) -> None:
    """Record an erasure request (anonymisation that keeps every aggregate)."""
    reason = (reason or "").strip()
    if not reason:
        raise CustomerError("customer.erase.no_reason")
    current = profile(cursor, customer_id)
    if current.erased:
        raise CustomerError("customer.erase.already", id=customer_id)
    with opstore.engine().begin() as con:
        con.execute(
            _changes()
            .insert()
            .values(
                customer_id=int(customer_id),
                field="erase",
                before=None,  # the identifying data is not copied into the log
                after=reason[:500],
                lineage=lineage_of(cursor),
                changed_by=user,
                changed_at=dt.datetime.now(),
            )
        )
    opstore.audit(user, "customer.erase", f"customer#{customer_id}", reason[:500])


def erased_ids(lineage: str) -> list[int]:
    """Every customer of the warehouse of ``lineage`` erased on request (whether or not applied yet)."""
    t = _changes()
    query = sa.select(t.c.customer_id).where(t.c.field == "erase", _of_lineage(t, lineage)).distinct()
    with opstore.engine().connect() as con:
        return [r[0] for r in con.execute(query)]


def enforce_erasures(con) -> int:
    """Keep erased customers anonymous in a warehouse being written (a load that brings their
    name back from a source file must not re-identify them); returns the rows touched."""
    ids = erased_ids(lineage_of(con))  # the warehouse being written: another's ids are other people
    for cid in ids:
        con.execute(
            "UPDATE dim_customer SET name = ?, email = ?, company = NULL WHERE customer_id = ?",
            [ANONYMOUS_NAME.format(id=cid), "", cid],
        )
    return len(ids)


def unapplied(lineage: str) -> pd.DataFrame:
    """The changes of the warehouse of ``lineage`` not yet written into a version."""
    t = _changes()
    query = sa.select(t).where(t.c.applied_version.is_(None), _of_lineage(t, lineage)).order_by(t.c.change_id)
    with opstore.engine().connect() as con:
        rows = con.execute(query).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in t.columns])


def write_changes(con, todo: pd.DataFrame) -> None:
    """Write recorded corrections and erasures (rows of ``unapplied``) into the version ``con`` writes."""
    for row in todo.itertuples():
        if row.field == "erase":
            con.execute(
                "UPDATE dim_customer SET name = ?, email = ?, company = NULL WHERE customer_id = ?",
                [ANONYMOUS_NAME.format(id=row.customer_id), "", int(row.customer_id)],
            )
        else:
            value = _typed(row.field, row.after)
            # the column name comes from EDITABLE (checked when recorded), never from input
            column = EDITABLE[EDITABLE.index(row.field)]
            con.execute(f"UPDATE dim_customer SET {column} = ? WHERE customer_id = ?", [value, int(row.customer_id)])


def mark_applied(todo: pd.DataFrame, version: str) -> None:
    """Record that the changes of ``todo`` are in warehouse ``version``."""
    t = _changes()
    with opstore.engine().begin() as con:
        con.execute(
            t.update().where(t.c.change_id.in_([int(c) for c in todo["change_id"]])).values(applied_version=version)
        )


# --------------------------------------------------------------------------- wording and choices for the page

DETAIL_WORDS = ("target", "control", "opened", "clicked")


def timeline_detail(kind: str, detail, lang: str) -> str | None:
    """A timeline row's detail with the program's tokens in the reader's language."""
    if detail is None or kind not in ("session", "contact"):
        return detail
    parts = []
    for part in str(detail).split(" · "):
        word, _, ref = part.partition(":")
        if kind == "session" and word == "order" and ref:
            parts.append(t("customers.detail.order", lang, order=ref))
        elif kind == "contact" and word == "converted":
            parts.append(t("customers.detail.converted", lang, order=ref or "–"))
        elif kind == "contact" and part in DETAIL_WORDS:
            parts.append(t(f"customers.detail.{part}", lang))
        else:
            parts.append(part)
    return " · ".join(parts)


def channel_choices(cursor) -> list[tuple[int, str]]:
    """(channel id, name) of every channel, by name: the preferred-channel picker of a correction."""
    return cursor.execute("SELECT channel_id, name FROM dim_channel ORDER BY name").fetchall()
