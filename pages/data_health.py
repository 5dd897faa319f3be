"""Data health: what this warehouse holds, what is unknown in it, what each page can show, last imports."""

import dash

from components.access import page_for
from components.coverage import HEALTH_PATH, HEALTH_ROLES
from components.health_view import data_health_body
from i18n import current_language

dash.register_page(
    __name__,
    path=HEALTH_PATH,
    order=89,
    nav_group="admin",
    nav=True,
    roles=HEALTH_ROLES,
    label_key="nav.data_health",
    title="XRM · Data health",
)


@page_for(*HEALTH_ROLES)
def layout(**_query):
    return data_health_body(current_language())
