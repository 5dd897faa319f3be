"""One meaning per colour, everywhere: channel groups, customer types, up/down by language."""

from __future__ import annotations

# "unknown": a file that named no channel (the importer's default) — neither online nor offline
CHANNEL_GROUP_COLORS = {"online": "#2563eb", "offline": "#f59e0b", "unknown": "#94a3b8"}
CUSTOMER_TYPE_COLORS = {"B2C": "#0d9488", "B2B": "#7c3aed"}
NEUTRAL = "#64748b"
ACCENT = "#2563eb"

# Korean readers see red as up and blue as down; English readers green up and red down.
_UP_DOWN = {"ko": ("#dc2626", "#2563eb"), "en": ("#16a34a", "#dc2626")}


def change_colors(lang: str) -> tuple[str, str]:
    """(colour for an increase, colour for a decrease) in the reader's convention."""
    return _UP_DOWN.get(lang, _UP_DOWN["en"])


def base_layout(**overrides) -> dict:
    """Plotly layout defaults shared by every chart."""
    layout = dict(
        template="plotly_white",
        margin=dict(l=8, r=8, t=8, b=8),
        font=dict(family="system-ui, -apple-system, 'Noto Sans CJK KR', sans-serif", size=12),
        hoverlabel=dict(font_size=12),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
    )
    layout.update(overrides)
    return layout
