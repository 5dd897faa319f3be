"""What every layout starts from: the reader's language and the warehouse's catalog.

A layout never opens the warehouse itself: ``page_context()`` gives the language and the
current version's ``Catalog`` (bounds, regions, channels…, read once per version), or the
reason there is none, which ``error_view()`` shows as the designed warehouse error.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.errors import warehouse_error
from data.warehouse import WarehouseUnavailable, get_warehouse
from i18n import current_language
from olap.catalog import Catalog, catalog


@dataclass(frozen=True)
class PageContext:
    lang: str
    catalog: Catalog | None
    error: WarehouseUnavailable | None = None

    def error_view(self):
        """The warehouse error in the reader's language (only when ``catalog`` is None)."""
        return warehouse_error(self.error, self.lang)


def page_context() -> PageContext:
    """The reader's language and the current warehouse version's catalog."""
    lang = current_language()
    try:
        return PageContext(lang, catalog(get_warehouse()))
    except WarehouseUnavailable as exc:
        return PageContext(lang, None, exc)
