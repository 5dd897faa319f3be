"""Admin › Mail server: where subscriptions and alert mails are sent from; a test e-mail."""

import dash

from components.access import page_for
from components.mail_settings import mail_page
from i18n import current_language

ROLES = ("admin",)

dash.register_page(
    __name__,
    path="/admin/mail",
    order=93,
    nav_group="admin",
    nav=True,
    roles=ROLES,
    label_key="nav.admin_mail",
    title="XRM · Mail server",
)


@page_for(*ROLES)
def layout(**_query):
    return mail_page(current_language())
