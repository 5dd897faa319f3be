"""A note beside customer figures: guest orders count in revenue, not as customers."""

from __future__ import annotations

from dash import html

from data.guests import guest_activity_of
from i18n import format as fmt
from i18n import t


def guest_note(warehouse, lang: str) -> html.P | None:
    """The note (guest orders and their revenue), or None when the warehouse has no guest orders."""
    guests = guest_activity_of(warehouse)
    if not guests["orders"]:
        return None
    currency = (warehouse.meta().get("currency") or "USD").upper()  # this warehouse's, not only the current one's
    text = t(
        "guests.note",
        lang,
        orders=fmt.number(guests["orders"], lang),
        revenue=fmt.money(guests["revenue"], lang, currency=currency),
    )
    return html.P(text, className="small text-muted", id="guest-note")
