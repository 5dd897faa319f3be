"""A small SMTP server for the tests (stdlib sockets, one thread per connection): it receives real mail.

``SmtpServer()`` listens on 127.0.0.1 on a free port; ``.messages`` holds what arrived as
``Received(sender, recipients, message)``. Addresses at ``refused.test`` are refused (550); with
``user``/``password`` set it asks for AUTH PLAIN or LOGIN and refuses anything else (535).
"""

from __future__ import annotations

import base64
import socket
import socketserver
import threading
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        server = self.server.owner
        self.reply("220 xrm-test ESMTP ready")
        sender, recipients, authed = None, [], server.user is None
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            arg = line[len(verb) :].strip()
            if verb in ("EHLO", "HELO"):
                if verb == "EHLO":
                    self.reply("250-xrm-test")
                    if server.user is not None:
                        self.reply("250-AUTH PLAIN LOGIN")
                    self.reply("250 8BITMIME")
                else:
                    self.reply("250 xrm-test")
            elif verb == "AUTH":
                authed = self._auth(arg, server)
            elif verb == "MAIL":
                if not authed:
                    self.reply("530 5.7.0 Authentication required")
                    continue
                sender, recipients = arg.split(":", 1)[1].strip().split(" ")[0].strip("<>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = arg.split(":", 1)[1].strip().strip("<>")
                if address.endswith("@refused.test"):
                    self.reply(f"550 5.1.1 <{address}>: Recipient address rejected: User unknown")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                if not recipients:
                    self.reply("554 no valid recipients")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    data = self.rfile.readline()
                    if data in (b".\r\n", b".\n", b""):
                        break
                    lines.append(data[1:] if data.startswith(b"..") else data)
                message = message_from_bytes(b"".join(lines), policy=default)
                with server.lock:
                    server.messages.append(Received(sender, list(recipients), message))
                self.reply("250 OK queued")
            elif verb == "RSET":
                sender, recipients = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 command not implemented")

    def _auth(self, arg: str, server) -> bool:
        parts = arg.split()
        mechanism = parts[0].upper() if parts else ""
        if mechanism == "PLAIN":
            token = parts[1] if len(parts) > 1 else None
            if token is None:
                self.reply("334 ")
                token = self.rfile.readline().decode().strip()
            _, user, password = base64.b64decode(token).decode().split("\0")
        elif mechanism == "LOGIN":
            self.reply("334 VXNlcm5hbWU6")
            user = base64.b64decode(self.rfile.readline().strip()).decode()
            self.reply("334 UGFzc3dvcmQ6")
            password = base64.b64decode(self.rfile.readline().strip()).decode()
        else:
            self.reply("504 unrecognised authentication type")
            return False
        if (user, password) == (server.user, server.password):
            self.reply("235 2.7.0 Authentication successful")
            return True
        self.reply("535 5.7.8 Authentication credentials invalid")
        return False


class _Threaded(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpServer:
    def __init__(self, user: str | None = None, password: str | None = None):
        self.user, self.password = user, password
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self._server = _Threaded(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def free_port() -> int:
    """A port nothing listens on (for the "connection refused" tests)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
