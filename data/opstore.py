"""The operational store: what users write (users, login attempts, audit…), safe for many processes.

SQLite in WAL mode under ``instance/`` by default, or PostgreSQL (``XRM_STORE_URL=postgresql+psycopg://…``;
docs/scale-out.md). The schema is versioned: the tables below are the newest one, the revisions under
``data/migrations/versions`` (Alembic) get a store there, run on start by ``engine``. A change to a table
here needs a new revision (``tests/test_store_backends.py`` compares the two).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

import settings

metadata = sa.MetaData()

users = sa.Table(
    "users",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.String(256), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("display_name", sa.String(128)),
    sa.Column("language", sa.String(8), nullable=False, server_default="en"),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("is_demo", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    # raised by logout, a new password, a new role or disabling: every session signed with an older
    # number ends (auth.users.User.get_id carries it in the session cookie)
    sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"),
    # where the user's subscriptions and alert mails go (crm.notify; set by the user, validated)
    sa.Column("email", sa.String(254)),
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("remote_addr", sa.String(64)),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("success", sa.Boolean, nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("subject", sa.String(256)),
    sa.Column("detail", sa.Text),
)

# Scoring runs of mining/ (RFM, CLV, clusters, propensities…): the scores themselves are a
# Parquet file under instance/scores/ (written whole, then renamed into place); this row
# says what they are, when and how they were made.
score_runs = sa.Table(
    "score_runs",
    metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(64), nullable=False, index=True),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("params", sa.Text, nullable=False),
    sa.Column("metrics", sa.Text, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("file", sa.String(256), nullable=False),
    sa.Column("warehouse_version", sa.String(128)),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    # the warehouse lineage (data.warehouse.lineage_of) the run was computed on; NULL = before lineages
    sa.Column("lineage", sa.String(64), index=True),
    # an automatic run (jobs.defaults): the load stamp (meta ``loaded_at``) it was computed after; NULL = a person's
    sa.Column("auto_for", sa.String(64)),
)

# Saved customer segments (crm/segments.py): a name, versions of its rule definition, and
# for each version the dated snapshot of its members.
segments = sa.Table(
    "segments",
    metadata,
    sa.Column("segment_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    # where the segment came from (JSON, NULL = built by hand): {"kind": "campaign", "campaign_id": …,
    # "pick": "responders" | "non_responders" | "subgroup", "dimension": …, "member": …, "lineage": …}
    sa.Column("origin", sa.Text),
)

segment_versions = sa.Table(
    "segment_versions",
    metadata,
    sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.segment_id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("definition", sa.Text, nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("data_key", sa.String(256)),
    sa.Column("members", sa.Integer, nullable=False),
    sa.Column("revenue", sa.Float, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

segment_members = sa.Table(
    "segment_members",
    metadata,
    sa.Column("segment_id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("customer_id", sa.Integer, primary_key=True),
    sa.Index("ix_segment_members_customer", "customer_id"),
)

# Campaign plans (crm/campaigns): the plan as JSON and its status; at launch, the frozen target and
# control lists (one row per customer: group and channel), dated by the plan's launched_at.
campaign_plans = sa.Table(
    "campaign_plans",
    metadata,
    sa.Column("plan_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("plan", sa.Text, nullable=False),  # JSON: crm.campaigns.plan.Plan.to_dict()
    sa.Column("status", sa.String(16), nullable=False, server_default="planned"),  # planned | launched
    sa.Column("lineage", sa.String(64)),  # the warehouse lineage the plan's customer ids belong to
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("launched_by", sa.String(64)),
    sa.Column("launched_at", sa.DateTime),
    sa.Column("warehouse_version", sa.String(128)),  # the version the lists were drawn from
    sa.Column("summary", sa.Text),  # JSON: sizes per group and channel, files written
    sa.Column("campaign_id", sa.Integer),  # its warehouse campaign id once launched (crm.campaigns.bridge)
)

campaign_lists = sa.Table(
    "campaign_lists",
    metadata,
    sa.Column("plan_id", sa.Integer, primary_key=True),
    sa.Column("customer_id", sa.Integer, primary_key=True),
    sa.Column("group_name", sa.String(16), nullable=False),  # target | control
    sa.Column("channel", sa.String(64), nullable=False),
)

# What was decided after reading a campaign's result (crm.campaigns.decisions): one row per decision,
# tied to the warehouse lineage its campaign id belongs to; optionally the segment or plan it led to.
campaign_decisions = sa.Table(
    "campaign_decisions",
    metadata,
    sa.Column("decision_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("campaign_id", sa.Integer, nullable=False, index=True),
    sa.Column("lineage", sa.String(64), index=True),
    sa.Column("choice", sa.String(32), nullable=False),  # crm.campaigns.decisions.CHOICES
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("segment_id", sa.Integer),
    sa.Column("plan_id", sa.Integer),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

# Partners (crm/partners). Scorecard weights and tier thresholds: one row per saved version, the
# highest is current (crm.partners.scorecard).
partner_weight_versions = sa.Table(
    "partner_weight_versions",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("weights", sa.Text, nullable=False),  # JSON: metric -> weight
    sa.Column("thresholds", sa.Text, nullable=False),  # JSON: tier -> lowest score of the tier
    sa.Column("note", sa.Text),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

# Which partners a partner manager manages (row-level security, crm.partners.access).
partner_assignments = sa.Table(
    "partner_assignments",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("partner_id", sa.Integer, primary_key=True),
    sa.Column("assigned_by", sa.String(64), nullable=False),
    sa.Column("assigned_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Index("ix_partner_assignments_partner", "partner_id"),
)

# The notices and suggestions board (crm.partners.board): partner_id NULL = to all partners.
partner_notices = sa.Table(
    "partner_notices",
    metadata,
    sa.Column("notice_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("partner_id", sa.Integer, index=True),
    sa.Column("kind", sa.String(16), nullable=False),  # notice | suggestion
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("done_by", sa.String(64)),
    sa.Column("done_at", sa.DateTime),
)

partner_notice_reads = sa.Table(
    "partner_notice_reads",
    metadata,
    sa.Column("notice_id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("read_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

# Market development funds (crm.partners.funds): a budget for a period, allocated to partners,
# claimed against an allocation (submitted -> approved | rejected, with a reason).
partner_fund_budgets = sa.Table(
    "partner_fund_budgets",
    metadata,
    sa.Column("budget_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
    sa.Column("amount", sa.Float, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

partner_fund_allocations = sa.Table(
    "partner_fund_allocations",
    metadata,
    sa.Column("allocation_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("budget_id", sa.Integer, nullable=False, index=True),
    sa.Column("partner_id", sa.Integer, nullable=False, index=True),
    sa.Column("amount", sa.Float, nullable=False),
    sa.Column("purpose", sa.Text),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

partner_fund_claims = sa.Table(
    "partner_fund_claims",
    metadata,
    sa.Column("claim_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("allocation_id", sa.Integer, nullable=False, index=True),
    sa.Column("amount", sa.Float, nullable=False),
    sa.Column("activity", sa.Text, nullable=False),
    sa.Column("activity_date", sa.Date, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="submitted"),  # submitted | approved | rejected
    sa.Column("reason", sa.Text),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("decided_by", sa.String(64)),
    sa.Column("decided_at", sa.DateTime),
)

# Deal registration (crm.partners.deals): a partner registers an opportunity; possible duplicates of
# existing opportunities are flagged; a manager approves or rejects it with a reason.
partner_deals = sa.Table(
    "partner_deals",
    metadata,
    sa.Column("deal_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("partner_id", sa.Integer, nullable=False, index=True),
    sa.Column("customer_id", sa.Integer),  # NULL: a prospect not in the warehouse yet
    sa.Column("customer_name", sa.String(200), nullable=False),
    sa.Column("amount", sa.Float, nullable=False),
    sa.Column("expected_close", sa.Date, nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("status", sa.String(16), nullable=False, server_default="registered"),  # registered | approved | rejected
    sa.Column("duplicates", sa.Text),  # JSON: opportunity ids (and deal ids) it may duplicate
    sa.Column("reason", sa.Text),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("decided_by", sa.String(64)),
    sa.Column("decided_at", sa.DateTime),
)

# A partner's contacts and contract dates (crm.partners.contacts): the warehouse holds neither.
partner_contacts = sa.Table(
    "partner_contacts",
    metadata,
    sa.Column("contact_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("partner_id", sa.Integer, nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(128)),
    sa.Column("email", sa.String(254)),
    sa.Column("phone", sa.String(64)),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

partner_contracts = sa.Table(
    "partner_contracts",
    metadata,
    sa.Column("contract_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("partner_id", sa.Integer, nullable=False, index=True),
    sa.Column("kind", sa.String(64), nullable=False),  # crm.partners.contacts.CONTRACT_KINDS
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date),  # NULL: open-ended
    sa.Column("note", sa.Text),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

# Saved views (crm.saved_views): a page's address (path and query string: its URL state, never its
# numbers, so a view keeps working after a new load) saved by name; private to its owner unless
# shared with roles (one row per role in saved_view_roles).
saved_views = sa.Table(
    "saved_views",
    metadata,
    sa.Column("view_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("path", sa.String(64), nullable=False),  # crm.saved_views.PAGES
    sa.Column("query", sa.Text, nullable=False),  # the query string without "?", as the page wrote it
    sa.Column("created_by", sa.String(64), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    sa.Column("updated_at", sa.DateTime),
    sa.Column("warehouse_version", sa.String(128)),  # the version it was saved on (shown, never required)
    sqlite_autoincrement=True,  # a deleted view's id is never given to another (links, audit entries)
)

saved_view_roles = sa.Table(
    "saved_view_roles",
    metadata,
    sa.Column("view_id", sa.Integer, primary_key=True),
    sa.Column("role", sa.String(32), primary_key=True),
    sa.Index("ix_saved_view_roles_role", "role"),
)

# Subscriptions, alerts and notifications (crm.notify, revision 0002). The mail server: one row (id 1),
# set by an administrator; the password is write-only (never read back to a page; XRM_SMTP_PASSWORD wins).
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

# The importer (data/importer): saved column mappings, and one row per load with what it did.
import_mappings = sa.Table(
    "import_mappings",
    metadata,
    sa.Column("name", sa.String(128), primary_key=True),
    sa.Column("entity", sa.String(64), nullable=False),
    sa.Column("definition", sa.Text, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
)

import_runs = sa.Table(
    "import_runs",
    metadata,
    sa.Column("import_id", sa.String(64), primary_key=True),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("source", sa.String(512), nullable=False),
    sa.Column("entity", sa.String(64), nullable=False),
    sa.Column("policy", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # loaded | rejected | failed
    sa.Column("rows_in", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("rows_loaded", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("rows_rejected", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("rows_quarantined", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("derived", sa.Text),  # JSON: entity -> rows derived
    sa.Column("warehouse_version", sa.String(128)),
    sa.Column("duration_s", sa.Float),
    sa.Column("error_report", sa.String(512)),
    sa.Column("quarantine_file", sa.String(512)),
    sa.Column("message", sa.Text),
)

_engines: dict[str, sa.Engine] = {}


def _after_fork_in_child() -> None:
    """A forked child (a background job) must not use the parent's pooled connections."""
    for eng in _engines.values():
        eng.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork_in_child)


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def engine(url: str | None = None) -> sa.Engine:
    """The process-wide engine for the store, migrated to the newest schema (``migrate``)."""
    url = url or settings.store_url()
    if url not in _engines:
        eng = sa.create_engine(url, pool_pre_ping=True, **_dialect_options(url))
        if eng.dialect.name == "sqlite":
            event.listen(eng, "connect", _sqlite_pragmas)
        migrate(eng)
        _engines[url] = eng
    return _engines[url]


def _dialect_options(url: str) -> dict:
    """PostgreSQL sessions in UTC: ``now()`` defaults are then naive UTC times, as SQLite's are."""
    if sa.engine.make_url(url).get_backend_name() == "postgresql":
        return {"connect_args": {"options": "-c timezone=UTC"}}
    return {}


# --------------------------------------------------------------------------- migrations (Alembic)

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK = 0x58524D  # pg_advisory_xact_lock key: one process migrates at a time ("XRM")


@functools.cache
def head_revision() -> str:
    """The newest revision under ``data/migrations/versions``."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(eng: sa.Engine) -> str | None:
    """The revision the store is at; None for an empty store or one made before versioned migrations."""
    from alembic.runtime.migration import MigrationContext

    with eng.connect() as con:
        return MigrationContext.configure(con).get_current_revision()


def migrate(eng: sa.Engine, revision: str = "head") -> None:
    """Bring the store to ``revision`` (Alembic ``upgrade``): run on start, by every process.

    A store already there costs one query. Otherwise one process at a time migrates (an advisory
    lock on PostgreSQL, a lock file beside a SQLite store) and the others, once it is done, find
    nothing left to do. A store made before versioned migrations is adopted by the baseline revision.
    """
    if revision == "head" and current_revision(eng) == head_revision():
        return
    from alembic import command
    from alembic.config import Config

    with _migration_lock(eng), eng.begin() as con:
        if eng.dialect.name == "postgresql":
            con.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK)))
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = con
        command.upgrade(config, revision)


@contextlib.contextmanager
def _migration_lock(eng: sa.Engine):
    """An exclusive lock file beside a SQLite store file while it migrates (no-op for servers and memory)."""
    database = eng.url.database if eng.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def audit(actor: str, action: str, subject: str = "", detail: str = "") -> None:
    """Record who did what, for the audit trail (names cut to their columns' lengths: PostgreSQL refuses longer)."""
    values = {"actor": actor[:64], "action": action[:64], "subject": (subject or "")[:256], "detail": detail}
    with engine().begin() as con:
        con.execute(audit_log.insert().values(**values))
