"""Subscriptions to saved views, threshold alerts on KPIs, in-app notifications and the mail they send.

- ``schedule``: when a delivery is next due (daily / weekly / monthly, in the subscriber's time zone);
- ``smtp``: the mail server the administrator sets, and sending through it;
- ``subscriptions``: who receives which saved view, how and when (role checks inside);
- ``content``: a saved view's data as CSV and its chart as PNG, as its owner may see them;
- ``alerts``: threshold rules on the dashboard's KPIs and their crossings;
- ``notifications``: the in-app list behind the navbar's bell;
- ``engine``: claiming due work atomically in the store and doing it (``jobs.deliver`` runs it).
"""
