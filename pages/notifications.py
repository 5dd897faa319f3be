"""Notifications: the bell's list (alert firings, recoveries, failed deliveries), the user's KPI alerts and
subscriptions to saved views, and their e-mail address. ``/notifications?subscribe=<view id>`` opens the
subscription form on a saved view (the Saved menu's "Subscribe")."""

from __future__ import annotations

import dash

from components.access import ALL_ROLES, page_for
from components.notify_view import notifications_layout

dash.register_page(
    __name__, path="/notifications", nav=False, roles=ALL_ROLES, label_key="notify.title", title="XRM · Notifications"
)


@page_for(*ALL_ROLES)
def layout(subscribe=None, **_query):
    return notifications_layout(subscribe)
