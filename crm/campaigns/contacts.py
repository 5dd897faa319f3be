"""Contact files: what a mail, SMS or call tool needs about each target customer of one channel.

One CSV per channel (UTF-8, header ``CONTACT_COLUMNS``): customer id, name, language, e-mail,
phone, recommended product, offer code. XRM sends nothing itself.

- **language**: the main language of the customer's country (``COUNTRY_LANGUAGE``, ISO 639-1);
  empty for a country not in that table — the warehouse holds no language per customer;
- **email**: ``dim_customer.email`` when it is an address; **phone**: ``dim_customer.phone`` when
  a warehouse has that column — the contract's ``dim_customer`` has none, so it is empty and
  ``PHONE_UNKNOWN`` is noted at launch;
- **recommended_product**: the first recommendation of the latest next-best-product run
  (``nbp``: ``mining.recommend.run.score_recommendations``, or an older ``mining.rules.score_nbp``
  run) on this warehouse's lineage; empty without one. A recommendation run holds the method
  that won its backtest; when that is not the model (popularity or the rules beat it), the
  launch notes ``NBP_FALLBACK`` with the method, so the file says which method filled it.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pandas as pd

from crm.campaigns.audience import lineage
from data.cells import csv_text

CONTACT_COLUMNS = ("customer_id", "name", "language", "email", "phone", "recommended_product", "offer_code")
PHONE_UNKNOWN = "campaign.launch.no_phone"
NO_NBP = "campaign.launch.no_nbp"
NBP_KIND = "nbp"
NBP_FALLBACK = "campaign.launch.nbp_fallback.{method}"

COUNTRY_LANGUAGE = {
    **dict.fromkeys(
        ("United States", "United Kingdom", "Canada", "Australia", "New Zealand", "South Africa", "Nigeria",
         "Kenya", "India", "Philippines", "Ireland", "Singapore"),
        "en",
    ),
    **dict.fromkeys(("Mexico", "Spain", "Chile", "Colombia", "Peru", "Argentina"), "es"),
    **dict.fromkeys(("United Arab Emirates", "Saudi Arabia", "Egypt"), "ar"),
    **dict.fromkeys(("China", "Taiwan"), "zh"),
    **dict.fromkeys(("Germany", "Austria"), "de"),
    "South Korea": "ko", "Japan": "ja", "Vietnam": "vi", "Thailand": "th", "Malaysia": "ms",
    "Indonesia": "id", "France": "fr", "Italy": "it", "Netherlands": "nl", "Poland": "pl", "Czechia": "cs",
    "Sweden": "sv", "Turkey": "tr", "Brazil": "pt", "Portugal": "pt",
}  # fmt: skip


def file_name(channel: str) -> str:
    """The contact file's name for a channel: ``email.csv``, ``mobile-app.csv``…"""
    slug = re.sub(r"[^a-z0-9]+", "-", channel.lower()).strip("-")
    return f"{slug or 'channel'}.csv"


def contact_rows(cursor, target: pd.DataFrame, offer_code: str) -> tuple[pd.DataFrame, list[tuple[str, dict]]]:
    """``CONTACT_COLUMNS`` plus ``channel`` for the target customers (customer_id, channel), and notes."""
    view = f"plan_contacts_{uuid.uuid4().hex}"
    cursor.register(view, target[["customer_id"]])
    has_phone = bool(
        cursor.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
            "AND table_name = 'dim_customer' AND column_name = 'phone'"
        ).fetchone()[0]
    )
    phone = "CAST(c.phone AS VARCHAR)" if has_phone else "NULL::VARCHAR"
    try:
        people = cursor.execute(
            f"""SELECT c.customer_id, c.name, c.country,
                       CASE WHEN c.email LIKE '%@%' THEN c.email END AS email, {phone} AS phone
                FROM dim_customer c SEMI JOIN {view} t ON t.customer_id = c.customer_id"""
        ).df()
    finally:
        cursor.unregister(view)
    out = target[["customer_id", "channel"]].merge(people, on="customer_id", how="left")
    out["language"] = out["country"].map(COUNTRY_LANGUAGE).fillna("")
    products, notes = recommended_products(cursor)
    out["recommended_product"] = out["customer_id"].map(products).fillna("") if products is not None else ""
    out["offer_code"] = offer_code
    for column in ("email", "phone", "name"):
        out[column] = out[column].fillna("")
    if not has_phone:
        notes.append((PHONE_UNKNOWN, {}))
    return out[[*CONTACT_COLUMNS, "channel"]].sort_values("customer_id", kind="stable"), notes


def recommended_products(cursor) -> tuple[pd.Series | None, list[tuple[str, dict]]]:
    """Each customer's first next-best-product recommendation (None and a note without a run)."""
    from mining.runs import latest_run, load_run  # lazy: the runs' store only when a file is written

    meta = latest_run(NBP_KIND, lineage(cursor))
    if meta is None:
        return None, [(NO_NBP, {})]
    _, recs = load_run(meta["run_id"])
    first = recs[recs["rank"] == 1]
    notes = []
    method = (
        (meta.get("metrics") or {}).get("method") if (meta.get("metrics") or {}).get("engine") == "recommend" else None
    )
    if method not in (None, "model"):
        notes.append((NBP_FALLBACK.format(method=method), {}))
    return pd.Series(first["item_name"].astype(str).to_numpy(), index=first["customer_id"].to_numpy()), notes


def write_files(rows: pd.DataFrame, folder: Path) -> dict[str, dict]:
    """One CSV per channel under ``folder`` (formula-safe text, ``data.cells``); returns channel → {file, rows}."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for channel, part in rows.groupby("channel", sort=True):
        name = file_name(str(channel))
        safe = part[list(CONTACT_COLUMNS)].map(csv_text)  # a name like =HYPERLINK(…) stays text in a mail tool
        safe.to_csv(folder / name, index=False, encoding="utf-8")
        written[str(channel)] = {"file": name, "rows": int(len(part))}
    return written
