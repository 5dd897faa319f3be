"""Where a saved segment came from, in words and with a link back (segments page, strategy cycle)."""

from __future__ import annotations

from dash import html

from components.campaign_view import group_name
from i18n import t


def campaign_link(campaign_id) -> str:
    """The campaigns page with that campaign's result open (``crm.campaigns.state``: ``?c=``)."""
    return f"/campaigns?c={int(campaign_id)}"


def pick_text(origin: dict, lang: str) -> str:
    """ "responders", or "best sub-group (Country: Japan)"."""
    pick = origin.get("pick")
    text = t(f"cycle.pick.{pick}", lang, default=str(pick))
    dimension = origin.get("dimension")
    if pick == "subgroup" and dimension:
        member = group_name(origin.get("member"), dimension, lang)
        text += f" ({t(f'campaigns.by.{dimension}', lang, default=dimension)}: {member})"
    return text


def origin_text(origin: dict | None, lang: str) -> str:
    """The origin as one line: "From campaign “Spring”: responders", "Built by hand"…"""
    if not origin:
        return t("cycle.origin.hand", lang)
    kind = origin.get("kind")
    if kind == "campaign":
        name = origin.get("campaign_name") or f"#{origin.get('campaign_id')}"
        return t("cycle.origin.campaign", lang, campaign=name, pick=pick_text(origin, lang))
    return t(f"cycle.origin.{kind}", lang, default=t("cycle.origin.other", lang, kind=str(kind)))


def origin_markdown(origin: dict | None, lang: str) -> str:
    """The origin for a grid cell (markdown): a link back to the campaign's result when there is one."""
    text = origin_text(origin, lang).replace("[", "\\[").replace("]", "\\]")
    if origin and origin.get("kind") == "campaign" and origin.get("campaign_id") is not None:
        return f"[{text}]({campaign_link(origin['campaign_id'])})"
    return text


def origin_line(origin: dict | None, lang: str, id=None) -> html.Span:
    """The origin as a line with its link (the segment builder's "editing" line)."""
    text = origin_text(origin, lang)
    if origin and origin.get("kind") == "campaign" and origin.get("campaign_id") is not None:
        body = html.A(text, href=campaign_link(origin["campaign_id"]))
    else:
        body = text
    return html.Span(body, className="ms-2", **({"id": id} if id else {}))
