"""Subscriptions and alerts (issue 17 item 13): the mail server's settings, subscriptions to saved views,
threshold alerts on KPIs, in-app notifications, and the users' e-mail addresses.

Revision ID: 0002_subscriptions_alerts
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_subscriptions_alerts"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

metadata = sa.MetaData()

smtp_settings = sa.Table(
    "smtp_settings",
    metadata,
    sa.Column("settings_id", sa.Integer, primary_key=True),
    sa.Column("host", sa.String(255), nullable=False),
    sa.Column("port", sa.Integer, nullable=False),
    sa.Column("security", sa.String(16), nullable=False),  # none | starttls | ssl
    sa.Column("username", sa.String(255)),
    sa.Column("password", sa.Text),
    sa.Column("sender", sa.String(254), nullable=False),
    sa.Column("updated_by", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

# A saved view delivered by e-mail on a schedule (crm.notify.subscriptions). Times are naive UTC; the
# schedule's wall time is in ``zone``. ``claimed_by``/``claimed_until``: the process sending it now.
subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("subscription_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("view_id", sa.Integer, nullable=False, index=True),
    sa.Column("owner", sa.String(64), nullable=False, index=True),
    sa.Column("recipients", sa.Text, nullable=False),  # JSON list of addresses
    sa.Column("formats", sa.String(32), nullable=False),  # "csv", "png" or "csv,png"
    sa.Column("kind", sa.String(16), nullable=False),  # daily | weekly | monthly
    sa.Column("hour", sa.Integer, nullable=False),
    sa.Column("minute", sa.Integer, nullable=False),
    sa.Column("weekday", sa.Integer),
    sa.Column("day", sa.Integer),
    sa.Column("zone", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="active"),  # active | paused
    sa.Column("next_run_at", sa.DateTime, nullable=False, index=True),
    sa.Column("claimed_by", sa.String(128)),
    sa.Column("claimed_until", sa.DateTime),
    sa.Column("last_run_at", sa.DateTime),
    sa.Column("last_status", sa.String(16)),  # sent | failed | partial
    sa.Column("last_error", sa.Text),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sqlite_autoincrement=True,
)

# Threshold alerts on the dashboard's KPIs (crm.notify.alerts): state is the last evaluation's side of
# the threshold (unknown | normal | crossed): a firing is a change to crossed, a recovery back to normal.
kpi_alerts = sa.Table(
    "kpi_alerts",
    metadata,
    sa.Column("alert_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(64), nullable=False, index=True),
    sa.Column("kpi", sa.String(32), nullable=False),  # olap.kpi.KPI_KEYS
    sa.Column("op", sa.String(8), nullable=False),  # below | above
    sa.Column("threshold", sa.Float, nullable=False),
    sa.Column("period", sa.String(16), nullable=False),  # crm.notify.alerts.PERIODS
    sa.Column("region", sa.String(128)),
    sa.Column("channel", sa.String(16)),
    sa.Column("email", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("state", sa.String(16), nullable=False, server_default="unknown"),
    sa.Column("last_value", sa.Float),
    sa.Column("last_period", sa.String(32)),
    sa.Column("last_evaluated_at", sa.DateTime),
    sa.Column("evaluated_version", sa.String(128)),
    sa.Column("next_check_at", sa.DateTime, nullable=False, index=True),
    sa.Column("claimed_by", sa.String(128)),
    sa.Column("claimed_until", sa.DateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sqlite_autoincrement=True,
)

# The in-app notification list (the navbar's bell): what it says is rebuilt from ``payload`` (JSON) in
# the reader's language; ``link`` is where it opens.
notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("notification_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),  # alert.fired | alert.recovered | delivery.failed
    sa.Column("alert_id", sa.Integer),
    sa.Column("subscription_id", sa.Integer),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("link", sa.Text),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("read_at", sa.DateTime),
    sa.Index("ix_notifications_user_read", "username", "read_at"),
    sqlite_autoincrement=True,
)


def upgrade() -> None:
    bind = op.get_bind()
    present = {c["name"] for c in sa.inspect(bind).get_columns("users")}
    if "email" not in present:
        op.add_column("users", sa.Column("email", sa.String(254)))
    tables = set(sa.inspect(bind).get_table_names())
    for table in metadata.sorted_tables:
        if table.name not in tables:
            table.create(bind)


def downgrade() -> None:
    for table in reversed(metadata.sorted_tables):
        table.drop(op.get_bind(), checkfirst=True)
    op.drop_column("users", "email")
