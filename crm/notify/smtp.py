"""The mail server an administrator sets, and sending mail through it (stdlib ``smtplib``).

The password is write-only: ``settings()`` never returns it (only whether one is set), saving an empty
password keeps the stored one, and nothing logs it. ``XRM_SMTP_PASSWORD``, when set, is used instead
of the stored one (deployments that keep secrets out of the database). Every failure to send becomes a
``MailError`` whose message says in words what the server or the network answered.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import sqlalchemy as sa

from data import opstore
from errors import KeyedError

SECURITY = ("none", "starttls", "ssl")
PASSWORD_VARIABLE = "XRM_SMTP_PASSWORD"
TIMEOUT_S = 20
ADMIN = "admin"
# one address: a local part and a domain with a dot; no spaces, no display names, no angle brackets
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class MailError(KeyedError, RuntimeError):
    """Mail could not be configured or sent; ``key``/``values`` make the message."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    username: str | None
    sender: str
    password_set: bool  # a password is stored or XRM_SMTP_PASSWORD is set; the password itself is never here
    password_from_env: bool
    updated_by: str | None = None
    updated_at: dt.datetime | None = None


def valid_address(text) -> str:
    """One e-mail address, trimmed; ``MailError`` (``notify.error.address``) for anything else."""
    address = str(text or "").strip()
    if len(address) > 254 or not _ADDRESS.match(address) or ".." in address:
        raise MailError("notify.error.address", address=address[:80])
    return address


def _row():
    with opstore.engine().connect() as con:
        return con.execute(sa.select(opstore.smtp_settings).where(opstore.smtp_settings.c.settings_id == 1)).first()


def settings() -> SmtpSettings | None:
    """The saved settings (never the password), None when the administrator set none."""
    row = _row()
    if row is None:
        return None
    from_env = bool(os.environ.get(PASSWORD_VARIABLE))
    return SmtpSettings(row.host, row.port, row.security, row.username, row.sender,
                        from_env or bool(row.password), from_env, row.updated_by, row.updated_at)  # fmt: skip


def save_settings(actor: str, role: str, host, port, security, username, sender, password=None) -> SmtpSettings:
    """Save the mail server (administrators only); an empty ``password`` keeps the stored one. Audited
    without the password."""
    if role != ADMIN:
        raise MailError("notify.error.admin_only")
    host = str(host or "").strip()
    if not host or len(host) > 255 or any(c.isspace() for c in host):
        raise MailError("notify.error.host")
    try:
        port = int(port)
    except (TypeError, ValueError):
        raise MailError("notify.error.port") from None
    if not 1 <= port <= 65535:
        raise MailError("notify.error.port")
    if security not in SECURITY:
        raise MailError("notify.error.security")
    sender = valid_address(sender)
    username = str(username or "").strip() or None
    values = {"host": host, "port": port, "security": security, "username": username, "sender": sender,
              "updated_by": actor, "updated_at": dt.datetime.now(dt.UTC).replace(tzinfo=None)}  # fmt: skip
    if password:
        values["password"] = str(password)
    elif username is None:
        values["password"] = None  # no user name, no login: a password left behind would never be used
    t = opstore.smtp_settings
    with opstore.engine().begin() as con:
        if con.execute(sa.select(t.c.settings_id).where(t.c.settings_id == 1)).first() is None:
            con.execute(t.insert().values(settings_id=1, **values))
        else:
            con.execute(t.update().where(t.c.settings_id == 1).values(**values))
    detail = (
        f"{host}:{port} {security} user={username or '-'} sender={sender} password={'changed' if password else 'kept'}"
    )
    opstore.audit(actor, "smtp.settings", host, detail)
    return settings()


def _password() -> str | None:
    from_env = os.environ.get(PASSWORD_VARIABLE)
    if from_env:
        return from_env
    row = _row()
    return row.password if row is not None else None


def _connect(conf: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if conf.security == "ssl":
        client = smtplib.SMTP_SSL(conf.host, conf.port, timeout=TIMEOUT_S, context=context)
    else:
        client = smtplib.SMTP(conf.host, conf.port, timeout=TIMEOUT_S)
        if conf.security == "starttls":
            client.starttls(context=context)
    if conf.username:
        client.login(conf.username, _password() or "")
    return client


def send(message: EmailMessage, recipients: list[str], conf: SmtpSettings | None = None) -> None:
    """Send ``message`` to ``recipients`` through the configured server; ``MailError`` in words on failure.

    A server that refuses some recipients but takes others raises ``notify.error.refused`` naming them
    (the others have the mail).
    """
    conf = conf or settings()
    if conf is None:
        raise MailError("notify.error.no_smtp")
    if not recipients:
        raise MailError("notify.error.no_recipients")
    if "From" not in message:
        message["From"] = formataddr(("XRM", conf.sender))
    message["Message-ID"] = make_msgid(domain=conf.sender.split("@")[-1])
    try:
        with _connect(conf) as client:
            refused = client.send_message(message, from_addr=conf.sender, to_addrs=recipients)
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError("notify.error.auth", code=exc.smtp_code, reply=_reply(exc.smtp_error)) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError("notify.error.refused", addresses=", ".join(exc.recipients)) from None
    except smtplib.SMTPSenderRefused as exc:
        raise MailError("notify.error.sender", code=exc.smtp_code, reply=_reply(exc.smtp_error)) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError("notify.error.no_starttls") from None
    except smtplib.SMTPResponseException as exc:
        raise MailError("notify.error.server", code=exc.smtp_code, reply=_reply(exc.smtp_error)) from None
    except (smtplib.SMTPServerDisconnected, ssl.SSLError) as exc:
        raise MailError("notify.error.tls_or_closed", detail=str(exc)[:200]) from None
    except smtplib.SMTPException as exc:
        raise MailError("notify.error.server", code="", reply=str(exc)[:200]) from None
    except socket.gaierror:
        raise MailError("notify.error.unknown_host", host=conf.host) from None
    except TimeoutError:
        raise MailError("notify.error.timeout", host=conf.host, port=conf.port) from None
    except ConnectionRefusedError:
        raise MailError("notify.error.connection_refused", host=conf.host, port=conf.port) from None
    except OSError as exc:
        raise MailError("notify.error.network", host=conf.host, port=conf.port, detail=str(exc)[:200]) from None
    if refused:
        raise MailError("notify.error.refused", addresses=", ".join(sorted(refused)))


def _reply(raw) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())[:200]


def send_test(actor: str, role: str, to, lang: str = "en") -> str:
    """The admin's "send a test e-mail": sends one to ``to``; returns the address; audited either way."""
    from i18n import t

    if role != ADMIN:
        raise MailError("notify.error.admin_only")
    address = valid_address(to)
    message = EmailMessage()
    message["To"] = address
    message["Subject"] = t("notify.mail.test_subject", lang)
    message.set_content(t("notify.mail.test_body", lang, user=actor))
    try:
        send(message, [address])
    except MailError as exc:
        opstore.audit(actor, "smtp.test", address, f"failed: {exc.message('en')}")
        raise
    opstore.audit(actor, "smtp.test", address, "sent")
    return address
